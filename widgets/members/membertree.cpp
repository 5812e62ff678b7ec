// MemberModel's tree: built from the document in one pass, folder totals, the matrix row, and sorting.
#include "membermodel.h"
#include "membermodel_p.h"

#include "document.h"

#include <QHash>
#include <QPair>

#include <algorithm>

namespace npyw {

QString MemberModel::naturalSortKey(const QString &text)
{
    // Case folded text in which each run of digits becomes a marker below any character, its length
    // (leading zeros dropped) and its digits: runs of digits then compare as numbers.
    QString key;
    key.reserve(text.size() + 8);
    const QString folded = text.toCaseFolded();
    for (qsizetype i = 0; i < folded.size();) {
        if (!folded[i].isDigit()) {
            key += folded[i++];
            continue;
        }
        qsizetype end = i;
        while (end < folded.size() && folded[end].isDigit())
            ++end;
        qsizetype first = i;
        while (first + 1 < end && folded[first].digitValue() == 0)
            ++first;
        key += QChar(0x1);
        key += QChar(char16_t(0x20 + std::min<qsizetype>(end - first, 0xD000)));
        for (qsizetype d = first; d < end; ++d)
            key += QChar(char16_t(u'0' + folded[d].digitValue()));
        i = end;
    }
    return key;
}

std::unique_ptr<MemberModel::Node> MemberModel::build() const
{
    auto root = std::make_unique<Node>();
    if (!mDocument)
        return root;
    // Folders by (parent, name): a member finds its folder without scanning its siblings.
    QHash<QPair<const Node *, QString>, Node *> folders;
    const int count = mDocument->memberCount();
    folders.reserve(count / 4);
    Node *base = root.get();
    if (!mMatrix.name.isEmpty()) {
        auto matrix = std::make_unique<Node>();
        matrix->name = mMatrix.name;
        matrix->matrix = true;
        matrix->parent = root.get();
        base = matrix.get();
        root->children.push_back(std::move(matrix));
    }
    for (int i = 0; i < count; ++i) {
        const Member &m = mDocument->memberAt(i);
        const QStringList parts = m.key.split(QLatin1Char('/'));
        Node *at = base;
        QString prefix;
        for (qsizetype p = 0; p + 1 < parts.size(); ++p) {
            if (parts[p].isEmpty()) {
                prefix += QLatin1Char('/');
                continue;
            }
            Node *&found = folders[qMakePair(static_cast<const Node *>(at), parts[p])];
            if (!found) {
                auto folder = std::make_unique<Node>();
                folder->name = parts[p];
                folder->prefix = prefix;
                folder->parent = at;
                folder->order = i;
                folder->row = int(at->children.size());
                found = folder.get();
                at->children.push_back(std::move(folder));
            }
            prefix += parts[p] + QLatin1Char('/');
            at = found;
        }
        auto leaf = std::make_unique<Node>();
        leaf->name = parts.last();
        leaf->prefix = prefix;
        leaf->memberId = m.id;
        leaf->parent = at;
        leaf->order = i;
        leaf->row = int(at->children.size());
        leaf->members = 1;
        leaf->bytes = m.info.isArray ? m.header().dataBytes : m.info.size;
        leaf->stored = m.source && m.source->format() == npy::FileFormat::Npz ? m.info.storedSize : 0;
        leaf->elements = m.isArray() ? m.header().elementCount : -1;
        for (Node *up = at; up; up = up->parent) {
            up->members += 1;
            up->bytes += leaf->bytes;
            up->stored += leaf->stored;
        }
        at->children.push_back(std::move(leaf));
    }
    if (mSortColumn >= 0)
        sortChildren(root.get());
    return root;
}

void MemberModel::setMatrixRow(const QString &name, const QString &shape, const QString &type, const QString &toolTip)
{
    const MatrixRow row{name, shape, type, toolTip};
    if (row.name == mMatrix.name && row.shape == mMatrix.shape && row.type == mMatrix.type
        && row.toolTip == mMatrix.toolTip)
        return;
    mMatrix = row;
    beginResetModel();
    mRoot = build();
    indexNodes();
    endResetModel();
}

bool MemberModel::isMatrixRow(const QModelIndex &index) const
{
    const Node *n = index.isValid() ? nodeOf(index) : nullptr;
    return n && n->matrix;
}

QModelIndex MemberModel::matrixIndex() const
{
    for (const auto &c : mRoot->children)
        if (c->matrix)
            return indexOfNode(c.get(), 0);
    return QModelIndex();
}

void MemberModel::indexNodes()
{
    mNodeOfId.clear();
    std::vector<Node *> stack{mRoot.get()};
    while (!stack.empty()) {
        Node *n = stack.back();
        stack.pop_back();
        if (n->memberId >= 0 && n->pickleNode < 0)
            mNodeOfId.insert(n->memberId, n);
        for (const auto &c : n->children) {
            if (c->pickleNode < 0)
                stack.push_back(c.get());
        }
    }
}

void MemberModel::sortChildren(Node *n) const
{
    std::vector<std::unique_ptr<Node>> &kids = n->children;
    if (kids.empty() || kids.front()->pickleNode >= 0)
        return; // the values inside a pickle keep the pickle's order
    const int column = mSortColumn;
    if (column >= 0) {
        for (const auto &k : kids) {
            if (k->nameKey.isEmpty())
                k->nameKey = naturalSortKey(k->name);
            if (column == DTypeColumn && k->dtypeKey.isEmpty() && k->memberId >= 0) {
                const Member *m = mDocument ? mDocument->memberById(k->memberId) : nullptr;
                if (m && m->info.isArray)
                    k->dtypeKey = naturalSortKey(m->header().dtype.displayName());
            }
        }
    }
    auto compare = [column](const Node *a, const Node *b) {
        switch (column) {
        case ShapeColumn:
            return a->elements == b->elements ? 0 : a->elements < b->elements ? -1 : 1;
        case DTypeColumn:
            return a->dtypeKey.compare(b->dtypeKey);
        case SizeColumn:
            return a->bytes == b->bytes ? 0 : a->bytes < b->bytes ? -1 : 1;
        case StoredColumn:
            return a->stored == b->stored ? 0 : a->stored < b->stored ? -1 : 1;
        }
        return 0;
    };
    const bool ascending = mSortOrder == Qt::AscendingOrder;
    std::stable_sort(kids.begin(), kids.end(), [&](const std::unique_ptr<Node> &a, const std::unique_ptr<Node> &b) {
        if (column < 0)
            return a->order < b->order;
        if (a->isFolder() != b->isFolder())
            return a->isFolder(); // folders first, in either order
        int c = compare(a.get(), b.get());
        if (c == 0)
            c = a->nameKey.compare(b->nameKey);
        if (c == 0)
            c = a->name.compare(b->name);
        if (c == 0)
            c = a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
        return ascending ? c < 0 : c > 0;
    });
    for (size_t i = 0; i < kids.size(); ++i) {
        kids[i]->row = int(i);
        if (kids[i]->isFolder())
            sortChildren(kids[i].get());
    }
}

void MemberModel::sort(int column, Qt::SortOrder order)
{
    if (column >= ColumnCount)
        return;
    column = std::max(column, -1);
    if (column == mSortColumn && order == mSortOrder)
        return;
    mSortColumn = column;
    mSortOrder = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    sortChildren(mRoot.get());
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        auto *n = static_cast<Node *>(index.internalPointer());
        to.append(createIndex(n->row, index.column(), n));
    }
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace npyw
