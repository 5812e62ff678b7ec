#include "membermodel.h"

#include "document.h"
#include "membertransfer.h"
#include "valuetext.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>

namespace npyw {

struct MemberModel::Node
{
    QString name;     ///< the last path component
    QString prefix;   ///< the folder path with a trailing '/', or empty
    int memberId = -1;
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this)
                return int(i);
        }
        return 0;
    }
};

MemberModel::MemberModel(Document *document, QObject *parent)
    : QAbstractItemModel(parent), mDocument(document), mRoot(std::make_unique<Node>())
{
    mRoot = build();
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
    if (a->memberId != b->memberId || a->children.size() != b->children.size())
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
                stack.push_back(c.get());
        }
        return;
    }
    beginResetModel();
    mRoot = std::move(fresh);
    endResetModel();
}

MemberModel::~MemberModel() = default;

std::unique_ptr<MemberModel::Node> MemberModel::build() const
{
    auto root = std::make_unique<Node>();
    if (!mDocument)
        return root;
    for (int i = 0; i < mDocument->memberCount(); ++i) {
        const Member &m = mDocument->memberAt(i);
        const QStringList parts = m.key.split(QLatin1Char('/'));
        Node *at = root.get();
        QString prefix;
        for (qsizetype p = 0; p + 1 < parts.size(); ++p) {
            if (parts[p].isEmpty()) {
                prefix += QLatin1Char('/');
                continue;
            }
            Node *found = nullptr;
            for (auto &child : at->children) {
                if (child->memberId < 0 && child->name == parts[p]) {
                    found = child.get();
                    break;
                }
            }
            if (!found) {
                auto folder = std::make_unique<Node>();
                folder->name = parts[p];
                folder->prefix = prefix;
                folder->parent = at;
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
        at->children.push_back(std::move(leaf));
    }
    return root;
}

MemberModel::Node *MemberModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : mRoot.get();
}

QModelIndex MemberModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == mRoot.get())
        return QModelIndex();
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

int MemberModel::memberId(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->memberId : -1;
}

QModelIndex MemberModel::indexOfMember(int id) const
{
    std::vector<const Node *> stack{mRoot.get()};
    while (!stack.empty()) {
        const Node *n = stack.back();
        stack.pop_back();
        if (n->memberId == id && n != mRoot.get())
            return indexOfNode(n, 0);
        for (const auto &c : n->children)
            stack.push_back(c.get());
    }
    return QModelIndex();
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
    if (n->memberId < 0) {
        if (index.column() == NameColumn && role == Qt::DisplayRole)
            return n->name + QLatin1Char('/');
        return QVariant();
    }
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
            if (m->header().dtype.kind == npy::Kind::Struct)
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
        if (!m->info.error.isEmpty())
            tip += QLatin1Char('\n') + m->info.error;
        if (!m->info.warning.isEmpty())
            tip += QLatin1Char('\n') + m->info.warning;
        if (m->isModified())
            tip += QLatin1Char('\n') + tr("Modified since the last save");
        return tip;
    }
    case Qt::ForegroundRole:
        if (!m->isArray())
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
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const Node *n = nodeOf(index);
    if (n->memberId >= 0) {
        f |= Qt::ItemNeverHasChildren | Qt::ItemIsDragEnabled;
        if (index.column() == NameColumn && mDocument && !mDocument->isSaving())
            f |= Qt::ItemIsEditable;
    }
    return f;
}

QList<int> MemberModel::memberIds(const QModelIndexList &indexes) const
{
    QList<int> ids;
    for (const QModelIndex &idx : indexes) {
        const int id = memberId(idx);
        if (id >= 0 && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

QStringList MemberModel::mimeTypes() const
{
    return {QLatin1String(kMembersMimeType), QStringLiteral("text/uri-list")};
}

QMimeData *MemberModel::mimeData(const QModelIndexList &indexes) const
{
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
    return Qt::CopyAction;
}

} // namespace npyw
