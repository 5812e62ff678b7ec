#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>

#include <memory>
#include <vector>

namespace npy {
class PickleTree;
}

namespace npyw {

class Document;
struct Member;

/**
 * The archive browser's tree over a Document's members: names with '/' as folders; columns
 * name, shape, dtype, size and stored size. A folder shows how many members it holds and their
 * total size and stored size. Modified members are marked, non-array members greyed. A 0-d member
 * shows its value beside its shape ("() = 3.25"). Renaming (setData on the name) pushes an undo
 * command. Members can be dragged out (mimeData()) and, within their folder, to another place in the list
 * (dropMimeData(): the order a save writes them in); other drops are handled by the window that shows the tree.
 *
 * The tree is built in one pass over the document (linear in its members, whatever its folders),
 * and every lookup of a row by member id is constant time: an archive of 10^5 members and more
 * stays interactive. sort() orders the rows of each folder (folders first) in place, keeping
 * persistent indexes, so a view sorts by clicking a header with no proxy between.
 *
 * A pickled (object array) member expands into the values its pickle holds, read as data and
 * never executed (pickleitems.h): dict keys, list and array indices. Those rows are fetched when
 * expanded and have no member id; pickleItem() tells what they show.
 */
class MemberModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ShapeColumn, DTypeColumn, SizeColumn, StoredColumn, ColumnCount };
    enum Role {
        MemberIdRole = Qt::UserRole + 1,
        /** Bytes of a member's data, or of all the members under a folder (qint64). */
        BytesRole,
        /** Members under a folder, 1 for a member (int). */
        MemberCountRole,
    };

    explicit MemberModel(Document *document, QObject *parent = nullptr);
    ~MemberModel() override;

    [[nodiscard]] Document *document() const { return mDocument; }
    /** The member id of \a index, -1 for a folder. */
    [[nodiscard]] int memberId(const QModelIndex &index) const;
    /** The index (column 0) of member \a id, in constant time. */
    [[nodiscard]] QModelIndex indexOfMember(int id) const;

    /** A value inside a pickled member: the member, the tree read from it, the value's node. */
    struct PickleItem
    {
        int memberId = -1;
        std::shared_ptr<const npy::PickleTree> tree;
        qint32 node = -1;
        /** The steps from the member to the value ("config", "weights", "[2]"). */
        QStringList path;
        /** Why a pickled member's pickle was refused (no tree then). */
        QString error;
        /** A pickled member not read yet (no tree, no error): readMemberPickleAsync() reads it. */
        bool pending = false;
    };
    /** What row \a index shows inside a pickled member; no tree for other rows. */
    [[nodiscard]] PickleItem pickleItem(const QModelIndex &index) const;
    /** True while a pickled member is being read (on a worker) to show its values. */
    [[nodiscard]] bool isReadingPickle() const { return mReading > 0; }

    /**
     * Folds every member under one row that stands for the matrix they make (a SciPy sparse matrix): its
     * name \a name ("CSR matrix"), shape text and type text, \a toolTip its one-line description. An empty
     * \a name unfolds them again.
     */
    void setMatrixRow(const QString &name, const QString &shape, const QString &type, const QString &toolTip);
    /** True for the row setMatrixRow() made. */
    [[nodiscard]] bool isMatrixRow(const QModelIndex &index) const;
    /** The index (column 0) of the matrix row, invalid when there is none. */
    [[nodiscard]] QModelIndex matrixIndex() const;

    /** The member ids of \a indexes (folders and duplicates left out), in order. */
    [[nodiscard]] QList<int> memberIds(const QModelIndexList &indexes) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /** Drag data of members (membersMimeData(): `.npy` files for file managers, ids for other windows). */
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    /**
     * True when \a data holds members of this document that may move before row \a row of \a parent (its end for
     * -1): the rows are in the document's order (not sorted, no matrix row), and every member is in \a parent's
     * folder (the browser shows a member in its folder whatever its place). Other data (members of other
     * documents, files) is the window's to take (memberdrop.cpp).
     */
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    /** Moves the members canDropMimeData() accepts there, in the document's order: one undo step ("Move Member"). */
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    /**
     * Sorts the rows of every folder by \a column: the name in natural order (`layer2` before
     * `layer10`, case-insensitively), the shape by element count, the dtype by its name, the size
     * and stored size by bytes (a folder by its total); folders come before members, ties go by
     * name. \a column -1 restores the document's order. The order holds through later changes.
     * The values inside a pickled member keep their order.
     */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /** The column the rows are sorted by, -1 for the document's order. */
    [[nodiscard]] int sortColumn() const { return mSortColumn; }
    [[nodiscard]] Qt::SortOrder sortOrder() const { return mSortOrder; }

    /** Bytes as "1.5 MiB". */
    static QString sizeText(qint64 bytes);
    /** A key under which plain string comparison is the natural order of \a text. */
    static QString naturalSortKey(const QString &text);

private:
    struct Node;
    [[nodiscard]] std::unique_ptr<Node> build() const;
    /** Sorts \a node's children and the folders under it by mSortColumn (membertree.cpp). */
    void sortChildren(Node *node) const;
    /** Fills mNodeOfId from mRoot. */
    void indexNodes();
    void refresh();
    Node *nodeOf(const QModelIndex &index) const;
    /** The value of a 0-d member of a plain dtype (read once, cached until it changes); empty otherwise. */
    [[nodiscard]] QString scalarPreview(const Member &m) const;
    [[nodiscard]] QVariant folderData(const Node *node, int column, int role) const;
    [[nodiscard]] QVariant pickleData(const Node *node, int column, int role) const;
    QModelIndex indexOfNode(const Node *node, int column) const;
    /** The document row dropped members go before, -1 when \a data cannot be dropped there (memberdrop.cpp). */
    int dropTarget(const QMimeData *data, int row, const QModelIndex &parent, QList<int> *ids) const;

    void insertPickleRows(const QModelIndex &parent, const std::shared_ptr<const npy::PickleTree> &tree, qint32 at);

    struct MatrixRow
    {
        QString name;
        QString shape;
        QString type;
        QString toolTip;
    };
    MatrixRow mMatrix;
    QPointer<Document> mDocument;
    std::unique_ptr<Node> mRoot;
    QHash<int, Node *> mNodeOfId;
    int mSortColumn = -1;
    Qt::SortOrder mSortOrder = Qt::AscendingOrder;
    mutable QHash<int, QString> mPreviews;
    int mReading = 0;
};

} // namespace npyw
