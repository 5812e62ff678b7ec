#pragma once

/**
 * @file
 * The undo commands of a Document: every change to its members goes through one of them.
 *
 * The commands are the Document's friends and change it through its private mutators; this header
 * needs only the declarations of Document and Member (document.h does not include it, so the two
 * units depend on each other through their .cpp files only). A command does not own its document,
 * which owns the QUndoStack that owns the command.
 */

#include <QByteArray>
#include <QList>
#include <QUndoCommand>

#include <memory>

namespace npyw {

class Document;
struct Member;

/** Merge ids of the commands that merge (QUndoCommand::id()). */
enum UndoCommandId {
    Cmd_SetValue = 1,
};

/**
 * Writes bytes at byte offsets of one member's data; undo writes the old bytes back.
 * A single-cell edit merges with the next edit of the same cell (Cmd_SetValue); when the
 * merged value equals the original the command becomes obsolete and disappears.
 */
class SetValues : public QUndoCommand
{
public:
    SetValues(Document *document, int memberId, QList<qint64> offsets, QList<QByteArray> bytes,
              const QString &text, bool mergeable);

    void redo() override;
    void undo() override;
    int id() const override { return mMergeable ? Cmd_SetValue : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document *mDocument;
    int mMemberId;
    QList<qint64> mOffsets;
    QList<QByteArray> mNew;
    QList<QByteArray> mOld;
    bool mMergeable;
};

/** Renames a member (its np.load key). */
class RenameMember : public QUndoCommand
{
public:
    RenameMember(Document *document, int memberId, QString newKey);
    void redo() override;
    void undo() override;

private:
    void swap();
    Document *mDocument;
    int mMemberId;
    QString mKey;
};

/** Removes a member; undo puts it back where it was, edits included. */
class RemoveMember : public QUndoCommand
{
public:
    RemoveMember(Document *document, int memberId);
    void redo() override;
    void undo() override;

private:
    Document *mDocument;
    int mMemberId;
    int mRow = -1;
    std::shared_ptr<Member> mMember;
};

/** Inserts a member (a duplicate, or an array added from a file) at a row. */
class InsertMember : public QUndoCommand
{
public:
    InsertMember(Document *document, int row, std::shared_ptr<Member> member, const QString &text);
    void redo() override;
    void undo() override;

private:
    Document *mDocument;
    int mRow;
    int mMemberId;
    std::shared_ptr<Member> mMember;
};

} // namespace npyw
