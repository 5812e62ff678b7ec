#include "membermodel.h"
#include "membermodel_p.h"

#include "document.h"
#include "membertransfer.h"
#include "valuetext.h"
#include "pickleitems.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QSet>
#include <QTimer>

namespace npyw {

MemberModel::MemberModel(Document *document, QObject *parent)
    : QAbstractItemModel(parent), mDocument(document), mRoot(std::make_unique<Node>())
{
    mRoot = build();
    indexNodes();
    connect(document, &Document::membersChanged, this, &MemberModel::refresh);
    connect(document, &Document::valuesChanged, this, [this](int id) {
        if (!mPreviews.remove(id))
            return;
        const QModelIndex at = indexOfMember(id);
        if (at.isValid())
            emit dataChanged(at.siblingAtColumn(ShapeColumn), at.siblingAtColumn(ShapeColumn));
    });
}

QString MemberModel::scalarPreview(const Member &m) const
{
    constexpr qint64 kMaxItem = 256;   // bytes of a 0-d value read for its preview
    constexpr int kMaxChars = 40;      // characters shown
    const npy::DType &type = m.header().dtype;
    if (!m.isArray() || !m.header().shape.isEmpty() || type.itemSize > kMaxItem || type.kind == npy::Kind::Object
        || type.kind == npy::Kind::Struct)
        return QString();
    const auto cached = mPreviews.constFind(m.id);
    if (cached != mPreviews.cend())
        return cached.value();
    QString text;
    if (m.loaded && !m.array.isNull() && m.array.size() == 1) {
        text = npy::formatValue(type, m.array.element(0));
    } else if (m.source && m.sourceIndex >= 0) {
        // One element of at most kMaxItem bytes: cheap to read here, once.
        const auto loaded = m.source->load(m.sourceIndex);
        if (loaded && loaded.value().size() == 1)
            text = npy::formatValue(type, loaded.value().element(0));
    }
    if (text.size() > kMaxChars)
        text = text.left(kMaxChars - 1) + QChar(0x2026);
    mPreviews.insert(m.id, text);
    return text;
}

namespace {

template <typename Node>
bool sameShape(const Node *a, const Node *b)
{
    if (a->memberId != b->memberId)
        return false;
    if (a->memberId >= 0)
        return true; // a member; what it holds (pickle values) is fetched on demand
    if (a->children.size() != b->children.size())
        return false;
    if (a->memberId < 0 && a->name != b->name)
        return false; // folders are identified by their names
    for (size_t i = 0; i < a->children.size(); ++i) {
        if (!sameShape(a->children[i].get(), b->children[i].get()))
            return false;
    }
    return true;
}

template <typename Node>
void takeNames(Node *into, const Node *from)
{
    into->name = from->name;
    into->prefix = from->prefix;
    into->nameKey = from->nameKey;
    into->dtypeKey = from->dtypeKey;
    into->members = from->members;
    into->bytes = from->bytes;
    into->stored = from->stored;
    into->elements = from->elements;
    into->order = from->order;
    if (into->memberId >= 0)
        return;
    for (size_t i = 0; i < into->children.size(); ++i)
        takeNames(into->children[i].get(), from->children[i].get());
}

} // namespace

void MemberModel::refresh()
{
    mPreviews.clear();
    std::unique_ptr<Node> fresh = build();
    if (sameShape(mRoot.get(), fresh.get())) {
        // Same tree (a rename in place, a modified mark): keep the nodes, so editors and
        // selections survive, and repaint.
        takeNames(mRoot.get(), fresh.get());
        std::vector<const Node *> stack{mRoot.get()};
        while (!stack.empty()) {
            const Node *n = stack.back();
            stack.pop_back();
            if (!n->children.empty()) {
                const QModelIndex parent = indexOfNode(n, 0);
                emit dataChanged(index(0, 0, parent), index(int(n->children.size()) - 1, ColumnCount - 1, parent));
            }
            for (const auto &c : n->children)
                if (c->pickleNode < 0)
                    stack.push_back(c.get());
        }
        return;
    }
    beginResetModel();
    mRoot = std::move(fresh);
    indexNodes();
    endResetModel();
}

MemberModel::~MemberModel() = default;

MemberModel::Node *MemberModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : mRoot.get();
}

QModelIndex MemberModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == mRoot.get())
        return QModelIndex();
    return createIndex(node->row, column, const_cast<Node *>(node));
}

int MemberModel::memberId(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->memberId : -1;
}

QModelIndex MemberModel::indexOfMember(int id) const
{
    return indexOfNode(mNodeOfId.value(id, nullptr), 0);
}

QModelIndex MemberModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(p->children.size()))
        return QModelIndex();
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex MemberModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    return indexOfNode(nodeOf(child)->parent, 0);
}

int MemberModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int MemberModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString MemberModel::sizeText(qint64 bytes)
{
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = double(bytes);
    int u = -1;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(units[u]));
}

QVariant MemberModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !mDocument)
        return QVariant();
    const Node *n = nodeOf(index);
    if (role == MemberIdRole)
        return n->memberId;
    if (n->pickleNode >= 0)
        return pickleData(n, index.column(), role);
    if (role == BytesRole)
        return n->bytes;
    if (role == MemberCountRole)
        return n->members;
    if (n->memberId < 0)
        return folderData(n, index.column(), role);
    const Member *m = mDocument->memberById(n->memberId);
    if (!m)
        return QVariant();
    const bool array = m->info.isArray;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return m->isModified() ? n->name + QStringLiteral(" *") : n->name;
        case ShapeColumn: {
            if (!array)
                return QString();
            const QString value = scalarPreview(*m);
            return value.isEmpty() ? m->header().shapeText() : tr("() = %1").arg(value);
        }
        case DTypeColumn:
            if (!array)
                return m->info.truncated ? tr("(lost: cut short)") : tr("(not an array)");
            // The name alone keeps the column narrow; a byte order other than the machine's is
            // worth the room (the tooltip and the inspector give the full descr).
            if (m->header().dtype.kind == npy::Kind::Struct
                || !m->header().dtype.typeString().startsWith(QLatin1Char('>')))
                return m->header().dtype.displayName();
            return tr("%1 (%2)").arg(m->header().dtype.displayName(), m->header().dtype.typeString());
        case SizeColumn:
            return sizeText(array ? m->header().dataBytes : m->info.size);
        case StoredColumn:
            return m->source && m->source->format() == npy::FileFormat::Npz ? sizeText(m->info.storedSize)
                                                                           : QString();
        }
        break;
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(n->name) : QVariant();
    case Qt::ToolTipRole: {
        QString tip = m->key;
        if (array)
            tip += QLatin1Char('\n') + m->header().dtype.descr();
        if (const QString value = array ? scalarPreview(*m) : QString(); !value.isEmpty())
            tip += QLatin1Char('\n') + tr("() = %1").arg(value);
        if (array && m->header().isPickled()) {
            const std::optional<PickleRead> pickle = cachedMemberPickle(*m);
            tip += QLatin1Char('\n') + (!pickle          ? tr("Pickle, read as data when expanded")
                                        : pickle->tree ? tr("Pickle read as data (not executed)")
                                                       : pickle->error);
        } else if (!m->info.error.isEmpty()) {
            tip += QLatin1Char('\n') + m->info.error;
        }
        if (!m->info.warning.isEmpty())
            tip += QLatin1Char('\n') + m->info.warning;
        if (m->isModified())
            tip += QLatin1Char('\n') + tr("Modified since the last save");
        return tip;
    }
    case Qt::ForegroundRole:
        // A pickled member is not greyed: selecting it shows its values (or why they are refused).
        if (!m->isArray() && !(m->info.isArray && m->header().isPickled()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        break;
    case Qt::FontRole:
        if (m->isModified() && index.column() == NameColumn) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == StoredColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return QVariant();
}

bool MemberModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn || !mDocument)
        return false;
    const Node *n = nodeOf(index);
    const QString name = value.toString().trimmed();
    if (n->memberId < 0 || name.isEmpty())
        return false;
    const QString key = name.contains(QLatin1Char('/')) ? name : n->prefix + name;
    const Member *m = mDocument->memberById(n->memberId);
    if (!m || m->key == key)
        return m != nullptr;
    if (mDocument->uniqueKey(key) != key)
        return false; // another member has that name
    mDocument->renameMember(n->memberId, key);
    return true;
}

QVariant MemberModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ShapeColumn:
        return tr("Shape");
    case DTypeColumn:
        return tr("DType");
    case SizeColumn:
        return tr("Size");
    case StoredColumn:
        return tr("Stored");
    }
    return QVariant();
}

Qt::ItemFlags MemberModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // members move between the top rows
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const Node *n = nodeOf(index);
    if (n->isFolder() && !n->matrix)
        f |= Qt::ItemIsDropEnabled;
    if (n->pickleNode >= 0) {
        const npy::PickleNode &p = n->pickle->node(n->pickleNode);
        if (p.type == npy::PickleType::NdArray && p.dtype.kind != npy::Kind::Object)
            f |= Qt::ItemIsDragEnabled; // dragged out as a .npy file
        return f;
    }
    if (n->memberId >= 0) {
        const Member *m = mDocument ? mDocument->memberById(n->memberId) : nullptr;
        f |= Qt::ItemIsDragEnabled;
        if (!m || !m->info.isArray || !m->header().isPickled())
            f |= Qt::ItemNeverHasChildren;
        if (index.column() == NameColumn && mDocument && !mDocument->isSaving())
            f |= Qt::ItemIsEditable;
    }
    return f;
}

QList<int> MemberModel::memberIds(const QModelIndexList &indexes) const
{
    QList<int> ids;
    QSet<int> seen; // a selection of every row of a large archive stays linear
    for (const QModelIndex &idx : indexes) {
        const int id = memberId(idx);
        if (id >= 0 && !seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    }
    return ids;
}

QStringList MemberModel::mimeTypes() const
{
    return {QLatin1String(kMembersMimeType), QStringLiteral("text/uri-list")};
}

QMimeData *MemberModel::mimeData(const QModelIndexList &indexes) const
{
    QList<PickleDragArray> arrays;
    for (const QModelIndex &idx : indexes) {
        const Node *n = nodeOf(idx);
        if (idx.column() == 0 && n->pickleNode >= 0 && (flags(idx) & Qt::ItemIsDragEnabled))
            arrays.append(PickleDragArray{n->pickle, n->pickleNode, pickleItem(idx).path.join(QLatin1Char('_'))});
    }
    if (!arrays.isEmpty())
        return pickleArraysMimeData(arrays);
    const QList<int> ids = memberIds(indexes);
    if (!mDocument || ids.isEmpty())
        return nullptr;
    return membersMimeData(mDocument, ids);
}

Qt::DropActions MemberModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

Qt::DropActions MemberModel::supportedDropActions() const
{
    return Qt::CopyAction | Qt::MoveAction;
}

bool MemberModel::hasChildren(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    if (n->fetched || n == mRoot.get() || (n->memberId < 0 && n->pickleNode < 0))
        return !n->children.empty();
    if (n->pickleNode >= 0) {
        const npy::PickleNode &p = n->pickle->node(n->pickleNode);
        return !p.items.empty() && p.type != npy::PickleType::Scalar;
    }
    const Member *m = mDocument ? mDocument->memberById(n->memberId) : nullptr;
    return m && m->info.isArray && m->header().isPickled();
}

bool MemberModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *n = nodeOf(parent);
    return parent.isValid() && parent.column() == 0 && !n->fetched && hasChildren(parent);
}

void MemberModel::fetchMore(const QModelIndex &parent)
{
    Node *n = nodeOf(parent);
    if (!canFetchMore(parent))
        return;
    n->fetched = true;
    ++mReading;
    if (n->pickle) {
        // Rows come from the event loop: a view may fetch while it handles another insertion.
        QTimer::singleShot(0, this, [this, p = QPersistentModelIndex(parent), tree = n->pickle, at = n->pickleNode]() {
            --mReading;
            if (p.isValid() && nodeOf(p)->children.empty())
                insertPickleRows(p, tree, at);
        });
        return;
    }
    // A pickled member: read on a worker (it may be large); the rows come when it is read.
    const Member *m = mDocument->memberById(n->memberId);
    if (!m) {
        --mReading;
        return;
    }
    const int id = n->memberId;
    readMemberPickleAsync(*m, this, [this, id](const PickleRead &read) {
        --mReading;
        const QModelIndex idx = indexOfMember(id);
        if (!idx.isValid())
            return;
        Node *node = nodeOf(idx);
        if (read.tree && node->fetched && node->children.empty())
            insertPickleRows(idx, read.tree, read.tree->root());
        emit dataChanged(idx, idx.siblingAtColumn(ColumnCount - 1)); // the tooltip says what became of it
    });
}

void MemberModel::insertPickleRows(const QModelIndex &parent, const std::shared_ptr<const npy::PickleTree> &tree,
                                   qint32 at)
{
    Node *n = nodeOf(parent);
    const int owner = n->pickleNode >= 0 ? n->ownerId : n->memberId;
    QList<PickleChild> children = pickleChildren(*tree, at);
    constexpr qsizetype kMaxRows = 100000; // the table view of the value shows them all
    if (children.size() > kMaxRows)
        children.resize(kMaxRows);
    if (children.isEmpty())
        return;
    beginInsertRows(parent, 0, int(children.size()) - 1);
    for (const PickleChild &c : std::as_const(children)) {
        auto child = std::make_unique<Node>();
        child->name = c.name;
        child->pickleNode = c.node;
        child->ownerId = owner;
        child->pickle = tree;
        child->parent = n;
        child->row = int(n->children.size());
        n->children.push_back(std::move(child));
    }
    endInsertRows();
}

MemberModel::PickleItem MemberModel::pickleItem(const QModelIndex &index) const
{
    PickleItem item;
    const Node *n = nodeOf(index);
    if (!index.isValid())
        return item;
    if (n->pickleNode < 0) {
        const Member *m = n->memberId >= 0 && mDocument ? mDocument->memberById(n->memberId) : nullptr;
        if (m && m->info.isArray && m->header().isPickled()) {
            item.memberId = n->memberId;
            const std::optional<PickleRead> read = cachedMemberPickle(*m);
            item.pending = !read;
            item.tree = read ? read->tree : nullptr;
            item.error = read ? read->error : QString();
            item.node = item.tree ? item.tree->root() : -1;
        }
        return item;
    }
    item.memberId = n->ownerId;
    item.tree = n->pickle;
    item.node = n->pickleNode;
    for (const Node *p = n; p && p->pickleNode >= 0; p = p->parent)
        item.path.prepend(p->name);
    return item;
}

QVariant MemberModel::folderData(const Node *n, int column, int role) const
{
    if (n->matrix) {
        if (role == Qt::DisplayRole) {
            switch (column) {
            case NameColumn: return n->name;
            case ShapeColumn: return mMatrix.shape;
            case DTypeColumn: return mMatrix.type;
            case SizeColumn: return sizeText(n->bytes);
            case StoredColumn: return mDocument && mDocument->fileFormat() == npy::FileFormat::Npz ? sizeText(n->stored) : QString();
            }
        } else if (role == Qt::ToolTipRole) {
            return mMatrix.toolTip;
        } else if (role == Qt::FontRole && column == NameColumn) {
            QFont f;
            f.setBold(true);
            return f;
        } else if (role == Qt::TextAlignmentRole && (column == SizeColumn || column == StoredColumn)) {
            return int(Qt::AlignRight | Qt::AlignVCenter);
        }
        return QVariant();
    }
    const bool npz = mDocument && mDocument->fileFormat() == npy::FileFormat::Npz;
    const QString count = n->members == 1 ? tr("1 member") : tr("%1 members").arg(n->members);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return n->name + QLatin1Char('/');
        case ShapeColumn:
            return count;
        case SizeColumn:
            return sizeText(n->bytes);
        case StoredColumn:
            return npz ? sizeText(n->stored) : QString();
        }
        break;
    case Qt::ToolTipRole:
        return npz ? tr("%1%2/\n%3, %4 (%5 stored)")
                         .arg(n->prefix, n->name, count, sizeText(n->bytes), sizeText(n->stored))
                   : tr("%1%2/\n%3, %4").arg(n->prefix, n->name, count, sizeText(n->bytes));
    case Qt::ForegroundRole:
        if (column != NameColumn)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        break;
    case Qt::TextAlignmentRole:
        if (column == SizeColumn || column == StoredColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return QVariant();
}

QVariant MemberModel::pickleData(const Node *n, int column, int role) const
{
    const npy::PickleTree &tree = *n->pickle;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return n->name;
        case ShapeColumn:
            return pickleValueText(tree, n->pickleNode);
        case DTypeColumn:
            return pickleTypeText(tree, n->pickleNode);
        case SizeColumn: {
            const npy::PickleNode &p = tree.node(n->pickleNode);
            return p.type == npy::PickleType::NdArray && p.dtype.kind != npy::Kind::Object ? sizeText(p.data.size())
                                                                                          : QVariant();
        }
        }
        break;
    case Qt::ToolTipRole:
        return tr("%1\n%2\nPickle read as data (not executed)")
            .arg(n->name, pickleTypeText(tree, n->pickleNode));
    case Qt::TextAlignmentRole:
        if (column == SizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return QVariant();
}

} // namespace npyw
