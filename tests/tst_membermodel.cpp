// The archive browser's model: QAbstractItemModelTester through opening, folders, rename, delete,
// duplicate, add and their undo; modified marks; drag data.
#include "document.h"
#include "membermodel.h"
#include "membertransfer.h"
#include "opensource.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
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

private:
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

QTEST_MAIN(tst_MemberModel)
#include "tst_membermodel.moc"
