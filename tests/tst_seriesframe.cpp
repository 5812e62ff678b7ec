// seriesframe: several 1-D members of one length side by side (SeriesFrameModel, SeriesFrameView) and the
// window's Member > Show Side by Side. An archive written by NumPy in the test: columns hold element r of
// every member in row r; sorting by a column is a permutation equal to NumPy's stable argsort (descending:
// runs of equal values reversed, each in index order; NaN last either way), never an edit of the document;
// edits re-sort, removed members leave, copies carry the names.
#include "document.h"
#include "hugetableview.h"
#include "mainwindow.h"
#include "membermodel.h"
#include "seriesframe.h"
#include "seriesframemodel.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <cstring>

using namespace npyw;

namespace {

const char kScript[] = R"PY(
import json, sys
import numpy as np
path = sys.argv[1]
rng = np.random.default_rng(5)
n = 1000
x = np.round(rng.normal(size=n), 1); x[::37] = np.nan
t = np.datetime64('2024-03-01T00:00', 's') + rng.integers(0, 5000, n).astype('m8[s]')
label = np.array(['r%d' % (i % 7) for i in range(n)], dtype='<U4')
count = rng.integers(-5, 5, n).astype('>i8')
np.savez_compressed(path, x=x, t=t, label=label, count=count, grid=np.zeros((10, 100)), short=np.arange(5))
def desc(a):
    asc = np.argsort(a, kind='stable')
    miss = np.isnan(a) if a.dtype.kind == 'f' else np.zeros(a.shape, bool)
    present = asc[~miss[asc]]
    vals = a[present]
    groups = np.split(present, np.flatnonzero(vals[1:] != vals[:-1]) + 1)
    return [int(i) for g in reversed(groups) for i in sorted(g)] + [int(i) for i in np.flatnonzero(miss)]
print(json.dumps({
    'x_asc': [int(i) for i in np.argsort(x, kind='stable')], 'x_desc': desc(x),
    'label_asc': [int(i) for i in np.argsort(label, kind='stable')],
    'count_desc': desc(count),
    'x_str': [str(v) for v in x[:3]],
}))
)PY";

int idOf(const Document &d, const char *key)
{
    const Member *m = d.memberByKey(QString::fromLatin1(key));
    return m ? m->id : -1;
}

QList<qint64> orderOf(const SeriesFrameModel &model)
{
    QList<qint64> order;
    for (qint64 r = 0; r < model.length(); ++r)
        order << model.sourceRow(r);
    return order;
}

QList<qint64> listOf(const QJsonValue &v)
{
    QList<qint64> out;
    for (const QJsonValue &i : v.toArray())
        out << i.toInteger();
    return out;
}

} // namespace

class TestSeriesFrame : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { npytest::closeWindows(&mWindows); }
    void refusesWhatIsNotOneLength_data();
    void refusesWhatIsNotOneLength();
    void columnsAndSorting();
    void editsResortAndRemovalsLeave();
    void viewCyclesAndCopies();
    void windowMenuShowsTheSelection();

private:
    [[nodiscard]] bool openDocument(Document *d) const;

    QTemporaryDir mDir;
    QString mPath;
    QJsonObject mExpected;
    QList<QPointer<MainWindow>> mWindows;
};

void TestSeriesFrame::initTestCase()
{
    QVERIFY(mDir.isValid());
    mPath = mDir.filePath(QStringLiteral("frame.npz"));
    QString output;
    QVERIFY2(npytest::runPython(QString::fromUtf8(kScript), {mPath}, &output), qPrintable(output));
    mExpected = QJsonDocument::fromJson(output.toUtf8()).object();
    QVERIFY2(!mExpected.isEmpty(), qPrintable(output.left(300)));
}

bool TestSeriesFrame::openDocument(Document *d) const
{
    QSignalSpy opened(d, &Document::opened);
    if (!d->open(mPath))
        return false;
    return opened.wait(10000) && opened.first().first().toBool();
}

void TestSeriesFrame::refusesWhatIsNotOneLength_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("2-D") << QStringList{QStringLiteral("x"), QStringLiteral("grid")} << QStringLiteral("“grid” is not a 1-D array");
    QTest::newRow("lengths") << QStringList{QStringLiteral("x"), QStringLiteral("short")}
                             << QStringLiteral("“short” has 5 elements and “x” 1000");
    QTest::newRow("none") << QStringList{} << QStringLiteral("one or more 1-D arrays");
}

void TestSeriesFrame::refusesWhatIsNotOneLength()
{
    QFETCH(QStringList, keys);
    QFETCH(QString, fragment);
    Document d(nullptr);
    QVERIFY(openDocument(&d));
    SeriesFrameModel model(&d);
    QVERIFY(model.setMembers({idOf(d, "label")}));
    QList<int> ids;
    for (const QString &k : keys)
        ids << idOf(d, qPrintable(k));
    QString why;
    QVERIFY(!model.setMembers(ids, &why));
    QVERIFY2(why.contains(fragment), qPrintable(why));
    // Nothing changed.
    QCOMPARE(model.memberIds(), QList<int>{idOf(d, "label")});
}

void TestSeriesFrame::columnsAndSorting()
{
    Document d(nullptr);
    QVERIFY(openDocument(&d));
    SeriesFrameModel model(&d);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<int> ids = {idOf(d, "x"), idOf(d, "t"), idOf(d, "label"), idOf(d, "count")};
    QVERIFY(model.setMembers(ids));
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("label"));
    // The compressed members load through the document; then row r is element r of each.
    QTRY_VERIFY_WITH_TIMEOUT(d.memberById(ids[0])->loaded && d.memberById(ids[3])->loaded, 10000);
    const QJsonArray xs = mExpected[QStringLiteral("x_str")].toArray();
    for (int r = 0; r < 3; ++r)
        QCOMPARE(model.index(r, 0).data(SeriesFrameModel::FullTextRole).toString(), xs[r].toString());
    QCOMPARE(model.index(8, 2).data().toString(), QStringLiteral("r1"));
    QCOMPARE(model.headerData(8, Qt::Vertical).toString(), QStringLiteral("8"));

    QSignalSpy sorted(&model, &SeriesFrameModel::sortFinished);
    const QString before = model.index(0, 1).data().toString();
    model.sortBy(0, Qt::AscendingOrder);
    QVERIFY(sorted.wait(10000));
    QVERIFY(sorted.last().at(0).toBool());
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("x_asc")]));
    QVERIFY(model.headerData(0, Qt::Horizontal).toString().endsWith(QStringLiteral(" ▲")));
    // Every column moves with the sorted one: row 0 shows the elements of index sourceRow(0).
    const qint64 first = model.sourceRow(0);
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QString::number(first));
    QCOMPARE(model.index(0, 2).data().toString(), QStringLiteral("r%1").arg(first % 7));
    model.sortBy(0, Qt::DescendingOrder);
    QVERIFY(sorted.wait(10000));
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("x_desc")]));
    model.sortBy(2, Qt::AscendingOrder);
    QVERIFY(sorted.wait(10000));
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("label_asc")]));
    model.sortBy(3, Qt::DescendingOrder); // big-endian int64
    QVERIFY(sorted.wait(10000));
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("count_desc")]));
    // Back to the arrays' own order.
    model.sortBy(-1);
    QCOMPARE(model.sourceRow(0), qint64(0));
    QCOMPARE(model.index(0, 1).data().toString(), before);
    // A view only: nothing in the document changed.
    QVERIFY(!d.isModified());
    QCOMPARE(d.undoStack()->count(), 0);
}

void TestSeriesFrame::editsResortAndRemovalsLeave()
{
    Document d(nullptr);
    QVERIFY(openDocument(&d));
    SeriesFrameModel model(&d);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int x = idOf(d, "x"), label = idOf(d, "label"), count = idOf(d, "count");
    QVERIFY(model.setMembers({x, label, count}));
    QSignalSpy sorted(&model, &SeriesFrameModel::sortFinished);
    model.sortBy(0, Qt::DescendingOrder);
    QVERIFY(sorted.wait(10000));
    QVERIFY(model.sourceRow(0) != 500);
    // An edit of the sorted column: element 500 becomes the largest, and the order follows.
    const double big = 1e9;
    QByteArray bytes(8, '\0');
    std::memcpy(bytes.data(), &big, 8);
    QVERIFY(d.setValues(x, {500 * 8}, {bytes}, QStringLiteral("Edit")));
    QVERIFY(sorted.wait(10000));
    QCOMPARE(model.sourceRow(0), qint64(500));
    QCOMPARE(model.index(0, 0).data(SeriesFrameModel::FullTextRole).toString(), QStringLiteral("1000000000.0"));
    // Undone: the order of the values as they were.
    d.undoStack()->undo();
    QVERIFY(sorted.wait(10000));
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("x_desc")]));
    // Removing another member drops its column and keeps the order; removing the sorted one restores it.
    QSignalSpy changed(&model, &SeriesFrameModel::membersChanged);
    d.removeMember(label);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.memberIds(), (QList<int>{x, count}));
    QCOMPARE(model.sortColumn(), 0);
    QCOMPARE(orderOf(model), listOf(mExpected[QStringLiteral("x_desc")]));
    d.removeMember(x);
    QCOMPARE(model.memberIds(), QList<int>{count});
    QCOMPARE(model.sortColumn(), -1);
    QCOMPARE(model.sourceRow(7), qint64(7));
}

void TestSeriesFrame::viewCyclesAndCopies()
{
    Document d(nullptr);
    QVERIFY(openDocument(&d));
    auto *view = new SeriesFrameView(&d);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view));
    const int x = idOf(d, "x"), label = idOf(d, "label");
    QVERIFY(view->setMembers({x, label}));
    QVERIFY2(view->statusText().startsWith(QStringLiteral("2 arrays × %1 rows").arg(QLocale().toString(1000))),
             qPrintable(view->statusText()));
    QSignalSpy sorted(view->model(), &SeriesFrameModel::sortFinished);
    QHeaderView *header = view->table()->view()->horizontalHeader();
    // Ascending, descending, unsorted.
    emit header->sectionClicked(0);
    QVERIFY(sorted.wait(10000));
    QVERIFY2(view->statusText().contains(QStringLiteral("sorted by “x”, ascending (a view: the file is unchanged)")),
             qPrintable(view->statusText()));
    emit header->sectionClicked(0);
    QVERIFY(sorted.wait(10000));
    QCOMPARE(orderOf(*view->model()), listOf(mExpected[QStringLiteral("x_desc")]));
    QVERIFY(view->statusText().contains(QStringLiteral("descending")));
    emit header->sectionClicked(0);
    QCOMPARE(view->model()->sortColumn(), -1);
    QVERIFY(!view->statusText().contains(QStringLiteral("sorted")));
    // Copy: the names, then the selected cells row by row.
    QTRY_VERIFY_WITH_TIMEOUT(d.memberById(x)->loaded && d.memberById(label)->loaded, 10000);
    QTableView *table = view->table()->view();
    table->selectionModel()->select(QItemSelection(table->model()->index(0, 0), table->model()->index(1, 1)),
                                    QItemSelectionModel::ClearAndSelect);
    const QString text = view->selectionText();
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0], QStringLiteral("x\tlabel"));
    QCOMPARE(lines[1], mExpected[QStringLiteral("x_str")].toArray()[0].toString() + QStringLiteral("\tr0"));
    table->setFocus();
    QTest::keySequence(table, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), text);
    // Its last column removed, the window closes.
    QPointer<SeriesFrameView> guard(view);
    d.removeMember(x);
    d.removeMember(label);
    QTRY_VERIFY(guard.isNull());
}

void TestSeriesFrame::windowMenuShowsTheSelection()
{
    MainWindow *w = npytest::openWindow(mPath, &mWindows);
    QVERIFY(w);
    auto *action = w->findChild<QAction *>(QStringLiteral("sideBySide"));
    QVERIFY(action);
    QTreeView *tree = w->memberTree();
    auto select = [w, tree](const QStringList &keys) {
        tree->selectionModel()->clearSelection();
        for (const QString &k : keys) {
            const QModelIndex i = w->memberModel()->indexOfMember(w->document()->memberByKey(k)->id);
            tree->selectionModel()->select(i, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    };
    // Picked in any order, shown in the browser's.
    select({QStringLiteral("count"), QStringLiteral("x")});
    action->trigger();
    auto *view = w->findChild<SeriesFrameView *>();
    QVERIFY(view);
    QVERIFY(view->isVisible());
    QVERIFY2(view->windowTitle().startsWith(QStringLiteral("frame.npz")), qPrintable(view->windowTitle()));
    const Document *d = w->document();
    QCOMPARE(view->model()->memberIds(), (QList<int>{d->rowOfId(idOf(*d, "x")) < d->rowOfId(idOf(*d, "count"))
                                                         ? idOf(*d, "x")
                                                         : idOf(*d, "count"),
                                                     d->rowOfId(idOf(*d, "x")) < d->rowOfId(idOf(*d, "count"))
                                                         ? idOf(*d, "count")
                                                         : idOf(*d, "x")}));
    view->close();
    QTRY_VERIFY(!w->findChild<SeriesFrameView *>());
    // Lengths that differ: no window, the reason in the status bar.
    select({QStringLiteral("x"), QStringLiteral("short")});
    action->trigger();
    QVERIFY(!w->findChild<SeriesFrameView *>());
    QVERIFY2(w->statusBar()->currentMessage().contains(QStringLiteral("one length")),
             qPrintable(w->statusBar()->currentMessage()));
}

QTEST_MAIN(TestSeriesFrame)
#include "tst_seriesframe.moc"
