#pragma once

#include "membermodel.h"

#include <QString>

#include <memory>
#include <vector>

namespace npyw {

/**
 * One row of MemberModel's tree: a folder, a member, or a value inside a pickled member. A node
 * knows its row under its parent (kept in step by every insertion and sort), so parent() and
 * indexOfMember() never scan a folder.
 */
struct MemberModel::Node
{
    QString name;     ///< the last path component
    QString prefix;   ///< the folder path with a trailing '/', or empty
    int memberId = -1;
    /** A value inside a pickled member: its node in pickle, and the member it belongs to. */
    qint32 pickleNode = -1;
    int ownerId = -1;
    std::shared_ptr<const npy::PickleTree> pickle;
    bool fetched = false;
    /** The row that stands for the matrix the members make (MemberModel::setMatrixRow()). */
    bool matrix = false;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    /** The row under parent. */
    int row = 0;
    /** The document row of the member (a folder: of its first member): the order when unsorted. */
    int order = 0;
    /** Members held (1 for a member, all those under a folder), their bytes and stored bytes. */
    int members = 0;
    qint64 bytes = 0;
    qint64 stored = 0;
    /** Elements of a member's array (-1 when it is none); sorts the shape column. */
    qint64 elements = -1;
    /** naturalSortKey(name) and the dtype's text, filled when a sort needs them. */
    QString nameKey;
    QString dtypeKey;

    [[nodiscard]] bool isFolder() const { return memberId < 0 && pickleNode < 0; }
};

} // namespace npyw
