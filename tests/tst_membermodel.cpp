// The archive browser's model: QAbstractItemModelTester through opening, folders, rename, delete,
// duplicate, add and their undo; modified marks; drag data; members dragged to another place; sorting (natural names, sizes, dtypes)
// with a proxy over it too; folder totals; lookups by id and name; 10^5 members in a tree view.
#include "document.h"
#include "memberfilter.h"
#include "membermodel.h"
#include "membertransfer.h"
#include "opensource.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace npyw;

class tst_MemberModel : public QObject
{
    Q_OBJECT

private slots:
    void flatArchive();
    void foldersFromSlashes();
    void editsThroughTheUndoStack();
    void nonArrayMembersGreyed();
    void dragData();
    void dragToReorder();
    void sortRows_data();
    void sortRows();
    void sortHoldsThroughEdits();
    void proxyOverTheModel();
    void folderTotals();
    void lookupsStayInStep();
    void hundredThousandMembers();
    void expandsSmallFoldersOnly();

private:
    static QStringList names(const QAbstractItemModel &model, const QModelIndex &parent = QModelIndex());
    static std::shared_ptr<const npy::Source> open(const QString &relative);
    static QModelIndex find(const MemberModel &model, const QString &name, const QModelIndex &parent = QModelIndex());
};

std::shared_ptr<const npy::Source> tst_MemberModel::open(const QString &relative)
{
    auto r = npy::openSource(npytest::dataPath(relative));
    if (!r)
        qFatal("cannot open %s", qPrintable(relative));
    return r.value();
}

QModelIndex tst_MemberModel::find(const MemberModel &model, const QString &name, const QModelIndex &parent)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex idx = model.index(r, MemberModel::NameColumn, parent);
        const QString text = idx.data().toString();
        if (text == name || text == name + QLatin1Char('/') || text == name + QStringLiteral(" *"))
            return idx;
    }
    return QModelIndex();
}

QStringList tst_MemberModel::names(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(parent); ++r)
        out.append(model.index(r, MemberModel::NameColumn, parent).data().toString());
    return out;
}

void tst_MemberModel::flatArchive()
{
    Document doc(open(QStringLiteral("npz/savez_basic.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(MemberModel::ColumnCount));
    const QModelIndex counts = find(model, QStringLiteral("counts"));
    QVERIFY(counts.isValid());
    QCOMPARE(model.index(counts.row(), MemberModel::ShapeColumn).data().toString(), QStringLiteral("(4, 6)"));
    QVERIFY(model.index(counts.row(), MemberModel::DTypeColumn).data().toString().contains(QStringLiteral("int32")));
    QCOMPARE(model.indexOfMember(model.memberId(counts)), counts);
    QVERIFY(!model.headerData(MemberModel::NameColumn, Qt::Horizontal).toString().isEmpty());
}

void tst_MemberModel::foldersFromSlashes()
{
    Document doc(open(QStringLiteral("npz/names.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex dir = find(model, QStringLiteral("dir"));
    QVERIFY(dir.isValid());
    QCOMPARE(model.memberId(dir), -1);
    const QModelIndex sub = find(model, QStringLiteral("sub"), dir);
    QVERIFY(sub.isValid());
    const QModelIndex deep = find(model, QStringLiteral("deep"), sub);
    QVERIFY(deep.isValid());
    QVERIFY(model.memberId(deep) >= 0);
    QCOMPARE(model.parent(deep), sub);
    QCOMPARE(doc.memberById(model.memberId(deep))->key, QStringLiteral("dir/sub/deep"));
    QVERIFY(!(model.flags(dir) & Qt::ItemIsDragEnabled));
}

void tst_MemberModel::editsThroughTheUndoStack()
{
    Document doc(open(QStringLiteral("npz/savez_basic.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int id = model.memberId(find(model, QStringLiteral("x")));
    QVERIFY(id >= 0);

    // Rename through setData: one command, undoable; the row keeps its node.
    QVERIFY(model.setData(model.indexOfMember(id), QStringLiteral("renamed")));
    QCOMPARE(doc.memberById(id)->key, QStringLiteral("renamed"));
    QCOMPARE(doc.undoStack()->count(), 1);
    // Into a folder: the tree changes shape (a reset the tester checks).
    QVERIFY(model.setData(model.indexOfMember(id), QStringLiteral("folder/x")));
    QVERIFY(model.indexOfMember(id).parent().isValid());
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(doc.memberById(id)->key, QStringLiteral("x"));
    QVERIFY(!model.indexOfMember(id).parent().isValid());

    // Modified mark after a duplicate; delete and undo.
    const int copy = doc.duplicateMember(id);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.indexOfMember(copy).isValid());
    QVERIFY(doc.memberById(copy)->isModified());
    QVERIFY(model.indexOfMember(copy).data().toString().endsWith(QStringLiteral(" *"))); // the modified mark
    doc.removeMember(id);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!model.indexOfMember(id).isValid());
    doc.undoStack()->undo();
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(model.indexOfMember(id).isValid());
    QSignalSpy added(&doc, &Document::membersAdded);
    QVERIFY(doc.addMembersFromFile(npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy"))));
    QVERIFY(added.wait(10000));
    QCOMPARE(model.rowCount(), 6);
    doc.undoStack()->setIndex(0);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!doc.isModified());
}

void tst_MemberModel::nonArrayMembersGreyed()
{
    Document doc(open(QStringLiteral("npz/non_array_member.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int greyed = 0;
    std::vector<QModelIndex> stack{QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex idx = model.index(r, 0, parent);
            stack.push_back(idx);
            const int id = model.memberId(idx);
            if (id >= 0 && !doc.memberById(id)->info.isArray) {
                ++greyed;
                QVERIFY(model.data(idx, Qt::ForegroundRole).isValid());
            }
        }
    }
    QVERIFY(greyed >= 3);
}

void tst_MemberModel::dragData()
{
    Document doc(open(QStringLiteral("npz/savez_basic.npz")));
    MemberModel model(&doc);
    const QModelIndex x = find(model, QStringLiteral("x"));
    const QModelIndex counts = find(model, QStringLiteral("counts"));
    QVERIFY(model.flags(x) & Qt::ItemIsDragEnabled);
    QCOMPARE(model.supportedDragActions(), Qt::CopyAction);
    // Several columns of one row count once.
    const QModelIndexList indexes{x, model.index(x.row(), MemberModel::ShapeColumn), counts};
    QCOMPARE(model.memberIds(indexes), (QList<int>{model.memberId(x), model.memberId(counts)}));
    std::unique_ptr<QMimeData> mime(model.mimeData(indexes));
    QVERIFY(mime);
    QCOMPARE(mime->urls().size(), 2);
    QCOMPARE(QFileInfo(mime->urls().first().toLocalFile()).fileName(), QStringLiteral("x.npy"));
    DraggedMembers dragged;
    QVERIFY(decodeMembers(mime.get(), &dragged));
    QCOMPARE(dragged.document, quintptr(&doc));
    QCOMPARE(dragged.ids.size(), 2);
    // Another process's drag is not ours.
    QMimeData foreign;
    foreign.setData(QLatin1String(kMembersMimeType), R"({"pid":1,"document":"1","ids":[1]})");
    QVERIFY(!decodeMembers(&foreign, &dragged));
}

void tst_MemberModel::dragToReorder()
{
    // layers.npz: layer10/{w,b}, layer2/{w,b}, layer1/{w,b}, emb, Step, x10, x9.
    Document doc(open(QStringLiteral("npz/layers.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto keys = [&doc]() {
        QStringList out;
        for (int i = 0; i < doc.memberCount(); ++i)
            out.append(doc.memberAt(i).key);
        return out;
    };
    const QStringList original = keys();
    auto drag = [&](const QStringList &names, const QModelIndex &parent = QModelIndex()) {
        QModelIndexList indexes;
        for (const QString &n : names)
            indexes.append(find(model, n, parent));
        return std::unique_ptr<QMimeData>(model.mimeData(indexes));
    };
    QVERIFY(model.flags(QModelIndex()) & Qt::ItemIsDropEnabled);
    QVERIFY(model.supportedDropActions() & Qt::MoveAction);

    // x9 to the top: one undo step, the browser and the document in the new order.
    std::unique_ptr<QMimeData> x9 = drag({QStringLiteral("x9")});
    QVERIFY(model.canDropMimeData(x9.get(), Qt::CopyAction, 0, 0, QModelIndex()));
    QVERIFY(model.dropMimeData(x9.get(), Qt::CopyAction, 0, 0, QModelIndex()));
    QCOMPARE(keys().first(), QStringLiteral("x9"));
    QCOMPARE(names(model).first(), QStringLiteral("x9 *"));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Move Member “x9”"));
    doc.undoStack()->undo();
    QCOMPARE(keys(), original);
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    QCOMPARE(keys().first(), QStringLiteral("x9"));

    // Not into another folder (the browser shows a member in its own), nor where it is already.
    const QModelIndex layer2 = find(model, QStringLiteral("layer2"));
    x9 = drag({QStringLiteral("x9")});
    QVERIFY(!model.canDropMimeData(x9.get(), Qt::CopyAction, 0, 0, layer2));
    QVERIFY(!model.dropMimeData(x9.get(), Qt::CopyAction, 1, 0, QModelIndex()));
    QCOMPARE(doc.undoStack()->count(), 1);

    // Inside a folder: layer2/b before layer2/w.
    std::unique_ptr<QMimeData> b = drag({QStringLiteral("b")}, layer2);
    QVERIFY(model.canDropMimeData(b.get(), Qt::CopyAction, 0, 0, layer2));
    QVERIFY(model.dropMimeData(b.get(), Qt::CopyAction, 0, 0, find(model, QStringLiteral("layer2"))));
    QCOMPARE(keys().indexOf(QStringLiteral("layer2/b")) + 1, keys().indexOf(QStringLiteral("layer2/w")));
    QCOMPARE(names(model, find(model, QStringLiteral("layer2"))),
             (QStringList{QStringLiteral("b *"), QStringLiteral("w")}));

    // Several members, picked in any order, to the end (row -1): one step, in the document's order.
    std::unique_ptr<QMimeData> two = drag({QStringLiteral("x9"), QStringLiteral("emb")});
    QVERIFY(model.dropMimeData(two.get(), Qt::CopyAction, -1, 0, QModelIndex()));
    QCOMPARE(keys().mid(keys().size() - 2), (QStringList{QStringLiteral("x9"), QStringLiteral("emb")}));
    QCOMPARE(doc.undoStack()->count(), 3);
    QCOMPARE(doc.undoStack()->text(2), QStringLiteral("Move 2 Members"));
    // Before a folder: it is the place of the folder's first member.
    std::unique_ptr<QMimeData> step = drag({QStringLiteral("Step")});
    QVERIFY(model.dropMimeData(step.get(), Qt::CopyAction, find(model, QStringLiteral("layer2")).row(), 0,
                               QModelIndex()));
    QCOMPARE(keys().indexOf(QStringLiteral("Step")) + 1, keys().indexOf(QStringLiteral("layer2/b")));
    doc.undoStack()->setIndex(0);
    QCOMPARE(keys(), original);

    // Not while the rows are sorted, and never members of another document.
    model.sort(MemberModel::NameColumn);
    x9 = drag({QStringLiteral("x9")});
    QVERIFY(!model.canDropMimeData(x9.get(), Qt::CopyAction, 0, 0, QModelIndex()));
    model.sort(-1);
    Document other(open(QStringLiteral("npz/layers.npz")));
    MemberModel otherModel(&other);
    QVERIFY(!otherModel.canDropMimeData(x9.get(), Qt::CopyAction, 0, 0, QModelIndex()));
}

void tst_MemberModel::sortRows_data()
{
    // layers.npz holds, in this order: layer10/{w,b}, layer2/{w,b}, layer1/{w,b}, emb (100, 8) float64,
    // Step () int64, x10 (3,) int16, x9 (5,) uint8. Folders come first in every order.
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");
    const QString l1 = QStringLiteral("layer1/"), l2 = QStringLiteral("layer2/"), l10 = QStringLiteral("layer10/");
    const QString emb = QStringLiteral("emb"), step = QStringLiteral("Step"), x9 = QStringLiteral("x9"),
                  x10 = QStringLiteral("x10");
    QTest::newRow("archive order") << -1 << Qt::AscendingOrder << QStringList{l10, l2, l1, emb, step, x10, x9};
    QTest::newRow("name, natural") << int(MemberModel::NameColumn) << Qt::AscendingOrder
                                   << QStringList{l1, l2, l10, emb, step, x9, x10};
    QTest::newRow("name, descending") << int(MemberModel::NameColumn) << Qt::DescendingOrder
                                      << QStringList{l10, l2, l1, x10, x9, step, emb};
    QTest::newRow("shape: elements, folders by count") << int(MemberModel::ShapeColumn) << Qt::AscendingOrder
                                                       << QStringList{l1, l2, l10, step, x10, x9, emb};
    QTest::newRow("dtype") << int(MemberModel::DTypeColumn) << Qt::AscendingOrder
                           << QStringList{l1, l2, l10, emb, x10, step, x9};
    QTest::newRow("size, folders by total") << int(MemberModel::SizeColumn) << Qt::AscendingOrder
                                            << QStringList{l1, l2, l10, x9, x10, step, emb};
    QTest::newRow("stored, descending") << int(MemberModel::StoredColumn) << Qt::DescendingOrder
                                        << QStringList{l10, l2, l1, emb, step, x10, x9};
}

void tst_MemberModel::sortRows()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);
    Document doc(open(QStringLiteral("npz/layers.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int x10 = model.memberId(find(model, QStringLiteral("x10")));
    const QPersistentModelIndex kept(model.indexOfMember(x10).siblingAtColumn(MemberModel::SizeColumn));
    model.sort(column, order);
    QCOMPARE(model.sortColumn(), column);
    QCOMPARE(names(model), expected);
    // Persistent indexes follow their rows; lookups by id find the new rows.
    QCOMPARE(kept.row(), int(expected.indexOf(QStringLiteral("x10"))));
    QCOMPARE(kept.column(), int(MemberModel::SizeColumn));
    QCOMPARE(model.memberId(kept), x10);
    QCOMPARE(model.indexOfMember(x10).row(), kept.row());
    // Inside a folder too (b is smaller and sorts before w by name).
    const QModelIndex layer10 = find(model, QStringLiteral("layer10"));
    const QStringList inside = names(model, layer10);
    if (column == MemberModel::NameColumn || column == MemberModel::SizeColumn)
        QCOMPARE(inside, order == Qt::AscendingOrder ? QStringList({QStringLiteral("b"), QStringLiteral("w")})
                                                     : QStringList({QStringLiteral("w"), QStringLiteral("b")}));
    for (int r = 0; r < model.rowCount(layer10); ++r)
        QCOMPARE(model.parent(model.index(r, 0, layer10)), layer10);
}

void tst_MemberModel::sortHoldsThroughEdits()
{
    Document doc(open(QStringLiteral("npz/layers.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(MemberModel::NameColumn, Qt::AscendingOrder);
    const int emb = model.memberId(find(model, QStringLiteral("emb")));
    // A rename that moves the member: the tree is rebuilt in the same order.
    doc.renameMember(emb, QStringLiteral("x100"));
    QCOMPARE(names(model).mid(3), (QStringList{QStringLiteral("Step"), QStringLiteral("x9"), QStringLiteral("x10"),
                                               QStringLiteral("x100 *")}));
    const int copy = doc.duplicateMember(model.memberId(find(model, QStringLiteral("x9"))));
    QCOMPARE(model.indexOfMember(copy).data().toString(), QStringLiteral("x9_copy *"));
    QCOMPARE(model.indexOfMember(copy).row(), 5);
    doc.undoStack()->setIndex(0);
    QCOMPARE(names(model).mid(3), (QStringList{QStringLiteral("emb"), QStringLiteral("Step"), QStringLiteral("x9"),
                                               QStringLiteral("x10")}));
    model.sort(-1);
    QCOMPARE(names(model).first(), QStringLiteral("layer10/"));
}

void tst_MemberModel::proxyOverTheModel()
{
    Document doc(open(QStringLiteral("npz/layers.npz")));
    MemberModel model(&doc);
    QSortFilterProxyModel proxy;
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(MemberModel::SizeColumn, Qt::DescendingOrder);
    proxy.setFilterFixedString(QStringLiteral("x"));
    QCOMPARE(names(proxy), (QStringList{QStringLiteral("x10"), QStringLiteral("x9")}));
    const int x9 = model.memberId(find(model, QStringLiteral("x9")));
    doc.renameMember(x9, QStringLiteral("layer2/x9"));
    QCOMPARE(names(proxy), (QStringList{QStringLiteral("layer2/"), QStringLiteral("x10")}));
    doc.removeMember(model.memberId(find(model, QStringLiteral("x10"))));
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    proxy.setFilterFixedString(QString());
    QCOMPARE(proxy.rowCount(), model.rowCount());
}

void tst_MemberModel::folderTotals()
{
    Document doc(open(QStringLiteral("npz/layers.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // What the document says each folder holds.
    auto held = [&doc](const QString &prefix, qint64 *stored) {
        qint64 bytes = 0;
        *stored = 0;
        int count = 0;
        for (int i = 0; i < doc.memberCount(); ++i) {
            const Member &m = doc.memberAt(i);
            if (m.key.startsWith(prefix)) {
                bytes += m.header().dataBytes;
                *stored += m.info.storedSize;
                ++count;
            }
        }
        return std::make_pair(count, bytes);
    };
    for (const QString &folder : {QStringLiteral("layer1"), QStringLiteral("layer2"), QStringLiteral("layer10")}) {
        const QModelIndex at = find(model, folder);
        qint64 stored = 0;
        const auto [count, bytes] = held(folder + QLatin1Char('/'), &stored);
        QVERIFY(count > 0 && bytes > 0);
        QCOMPARE(at.data(MemberModel::MemberCountRole).toInt(), count);
        QCOMPARE(at.data(MemberModel::BytesRole).toLongLong(), bytes);
        QCOMPARE(at.siblingAtColumn(MemberModel::SizeColumn).data().toString(), MemberModel::sizeText(bytes));
        QCOMPARE(at.siblingAtColumn(MemberModel::StoredColumn).data().toString(), MemberModel::sizeText(stored));
        QCOMPARE(at.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("%1 members").arg(count));
    }
    // A deletion inside a folder changes its totals; undo brings them back.
    const QModelIndex layer10 = find(model, QStringLiteral("layer10"));
    const qint64 before = layer10.data(MemberModel::BytesRole).toLongLong();
    const int w = model.memberId(find(model, QStringLiteral("w"), layer10));
    const qint64 wBytes = doc.memberById(w)->header().dataBytes;
    doc.removeMember(w);
    const QModelIndex after = find(model, QStringLiteral("layer10"));
    QCOMPARE(after.data(MemberModel::BytesRole).toLongLong(), before - wBytes);
    QCOMPARE(after.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("1 member"));
    doc.undoStack()->undo();
    QCOMPARE(find(model, QStringLiteral("layer10")).data(MemberModel::BytesRole).toLongLong(), before);
}

void tst_MemberModel::lookupsStayInStep()
{
    Document doc(open(QStringLiteral("npz/layers.npz")));
    auto check = [&doc]() {
        for (int row = 0; row < doc.memberCount(); ++row) {
            const Member &m = doc.memberAt(row);
            if (doc.memberById(m.id) != &m || doc.rowOfId(m.id) != row || doc.memberByKey(m.key) != &m)
                return false;
        }
        return true;
    };
    QVERIFY(check());
    QCOMPARE(doc.memberById(-5), nullptr);
    QCOMPARE(doc.memberByKey(QStringLiteral("nothing")), nullptr);
    const int first = doc.memberAt(0).id;
    const int last = doc.memberAt(doc.memberCount() - 1).id;
    // Rename: the old name is free, the new one taken.
    doc.renameMember(first, QStringLiteral("renamed"));
    QVERIFY(check());
    QCOMPARE(doc.memberByKey(QStringLiteral("layer10/w")), nullptr);
    QCOMPARE(doc.uniqueKey(QStringLiteral("renamed")), QStringLiteral("renamed_1"));
    QCOMPARE(doc.uniqueKey(QStringLiteral("layer10/w")), QStringLiteral("layer10/w"));
    // Removals at the start (rows move) and at the end; a duplicate in the middle.
    doc.removeMember(first);
    QVERIFY(check());
    QCOMPARE(doc.memberById(first), nullptr);
    doc.removeMember(last);
    QVERIFY(check());
    QCOMPARE(doc.rowOfId(last), -1);
    const int copy = doc.duplicateMember(doc.memberAt(1).id);
    QCOMPARE(doc.rowOfId(copy), 2);
    QVERIFY(check());
    doc.undoStack()->setIndex(0);
    QVERIFY(check());
    QCOMPARE(doc.rowOfId(first), 0);
    QCOMPARE(doc.memberByKey(QStringLiteral("layer10/w"))->id, first);
}

void tst_MemberModel::hundredThousandMembers()
{
    // A per-sample archive of 10^5 members: built, shown, sorted and filtered at once. (Each used to
    // cost a linear search per row: about 50 s for the view to expand the list.)
    constexpr int kMembers = 100000;
    auto source = open(QStringLiteral("npz/savez_basic.npz"));
    auto loaded = source->load(0);
    QVERIFY(loaded);
    Document doc(nullptr);
    for (int i = 0; i < kMembers; ++i)
        doc.addArrayWithoutUndo(QStringLiteral("s%1").arg(i), loaded.value());
    QElapsedTimer timer;
    timer.start();
    MemberModel model(&doc);
    auto *tree = new QTreeView;
    std::unique_ptr<QWidget> box(MemberFilter::withFilter(tree)); // owns the tree
    tree->setModel(&model);
    MemberFilter *filter = MemberFilter::of(tree);
    QVERIFY(filter);
    filter->attach(&model);
    filter->expandDefault();
    box->resize(400, 600);
    box->show();
    QVERIFY(QTest::qWaitForWindowExposed(box.get()));
    QCOMPARE(model.rowCount(), kMembers);
    QCOMPARE(filter->visibleMembers(), kMembers);
    const int lastId = doc.memberAt(kMembers - 1).id;
    QCOMPARE(model.indexOfMember(lastId).data().toString(), QStringLiteral("s99999"));
    QCOMPARE(model.indexOfMember(lastId).row(), kMembers - 1);
    QVERIFY(tree->visualRect(model.index(0, 0)).isValid());
    // A click on the name header: natural order (s2 before s10).
    tree->sortByColumn(MemberModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(model.sortColumn(), int(MemberModel::NameColumn));
    QCOMPARE(names(model).mid(0, 3), (QStringList{QStringLiteral("s0"), QStringLiteral("s1"), QStringLiteral("s2")}));
    QCOMPARE(model.indexOfMember(lastId).row(), kMembers - 1);
    filter->setText(QStringLiteral("s9999"));
    QCOMPARE(filter->visibleMembers(), 11); // s9999, s99990 ... s99999
    filter->clear();
    QCOMPARE(filter->visibleMembers(), kMembers);
    doc.renameMember(doc.memberAt(0).id, QStringLiteral("first"));
    QCOMPARE(model.rowCount(), kMembers);
    QCOMPARE(doc.memberByKey(QStringLiteral("first")), &doc.memberAt(0));
    qInfo("10^5 members built, shown, sorted, filtered and renamed in %lld ms", qint64(timer.elapsed()));
}

void tst_MemberModel::expandsSmallFoldersOnly()
{
    auto loaded = open(QStringLiteral("npz/savez_basic.npz"))->load(0);
    QVERIFY(loaded);
    // Two levels: a folder of 3 folders of 10 members, and 30 folders of 100 members beside it.
    Document doc(nullptr);
    for (int f = 0; f < 3; ++f) {
        for (int i = 0; i < 10; ++i)
            doc.addArrayWithoutUndo(QStringLiteral("small/f%1/s%2").arg(f).arg(i), loaded.value());
    }
    for (int f = 0; f < 30; ++f) {
        for (int i = 0; i < 100; ++i)
            doc.addArrayWithoutUndo(QStringLiteral("g%1/s%2").arg(f).arg(i), loaded.value());
    }
    MemberModel model(&doc);
    auto *tree = new QTreeView;
    std::unique_ptr<QWidget> box(MemberFilter::withFilter(tree));
    tree->setModel(&model);
    MemberFilter *filter = MemberFilter::of(tree);
    filter->attach(&model);
    filter->expandDefault();
    // The first level (31 folders, 3003 rows) does not fit the budget whole: nothing opens.
    const QModelIndex small = find(model, QStringLiteral("small"));
    QVERIFY(small.isValid());
    QVERIFY(!tree->isExpanded(small));
    QVERIFY(!tree->isExpanded(find(model, QStringLiteral("g0"))));
    // Without the large folders, every level opens.
    for (int f = 29; f >= 0; --f) {
        for (int i = 99; i >= 0; --i)
            doc.removeMember(doc.memberAt(doc.memberCount() - 1).id);
    }
    filter->expandDefault();
    const QModelIndex smallAgain = find(model, QStringLiteral("small"));
    QVERIFY(tree->isExpanded(smallAgain));
    QVERIFY(tree->isExpanded(find(model, QStringLiteral("f2"), smallAgain)));
    // Filtering opens everything that matches.
    tree->collapseAll();
    filter->setText(QStringLiteral("s9"));
    QCOMPARE(filter->visibleMembers(), 3);
    QVERIFY(tree->isExpanded(find(model, QStringLiteral("f1"), find(model, QStringLiteral("small")))));
}

QTEST_MAIN(tst_MemberModel)
#include "tst_membermodel.moc"
