// MemberModel: members of its own document dropped on the browser move to the place they were dropped, in the
// document's order (the order a save writes them in).
#include "membermodel.h"
#include "membermodel_p.h"

#include "document.h"
#include "membertransfer.h"

#include <algorithm>

namespace npyw {

namespace {

/** The lowest and highest document rows of the members under \a node. */
template <typename Node>
void rowSpan(const Node *node, const Document &doc, int *low, int *high)
{
    if (node->memberId >= 0) {
        const int row = doc.rowOfId(node->memberId);
        *low = std::min(*low, row);
        *high = std::max(*high, row);
        return;
    }
    for (const auto &c : node->children) {
        if (c->pickleNode < 0)
            rowSpan(c.get(), doc, low, high);
    }
}

} // namespace

int MemberModel::dropTarget(const QMimeData *data, int row, const QModelIndex &parent, QList<int> *ids) const
{
    DraggedMembers dragged;
    if (!mDocument || mSortColumn >= 0 || !mMatrix.name.isEmpty() || !decodeMembers(data, &dragged)
        || dragged.document != quintptr(mDocument.data()) || dragged.ids.isEmpty())
        return -1;
    if (parent.isValid() && parent.column() != 0)
        return -1;
    const Node *p = nodeOf(parent);
    if (!p->isFolder() || p->matrix)
        return -1;
    for (int id : std::as_const(dragged.ids)) {
        const Node *n = mNodeOfId.value(id, nullptr);
        if (!n || n->parent != p)
            return -1; // the browser shows a member in its folder wherever it is: it moves within it only
    }
    const Document &doc = *mDocument;
    int before = doc.memberCount();
    if (row >= 0 && row < int(p->children.size())) {
        int low = doc.memberCount();
        int high = -1;
        rowSpan(p->children[size_t(row)].get(), doc, &low, &high);
        before = low;
    } else if (p != mRoot.get()) {
        int low = doc.memberCount();
        int high = -1;
        rowSpan(p, doc, &low, &high);
        before = high + 1;
    }
    *ids = dragged.ids;
    // The moved members keep their order among themselves, whatever order they were picked in.
    std::sort(ids->begin(), ids->end(), [&doc](int a, int b) { return doc.rowOfId(a) < doc.rowOfId(b); });
    return before;
}

bool MemberModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int row, int, const QModelIndex &parent) const
{
    QList<int> ids;
    return dropTarget(data, row, parent, &ids) >= 0;
}

bool MemberModel::dropMimeData(const QMimeData *data, Qt::DropAction, int row, int, const QModelIndex &parent)
{
    QList<int> ids;
    const int before = dropTarget(data, row, parent, &ids);
    return before >= 0 && mDocument->moveMembers(ids, before);
}

} // namespace npyw
