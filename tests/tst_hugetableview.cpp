// HugeTableView: a 3·10^9-element memory-mapped array (sparse file) scrolled and jumped to its
// last element; a row of 10^5 columns; the window moving under the selection.
#include "arraytablemodel.h"
#include "document.h"
#include "hugetableview.h"
#include "npyheader.h"
#include "opensource.h"

#include <QAbstractItemModelTester>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace npyw;

namespace {

/** Writes a `.npy` header for \a shape of \a type, extends the file sparsely and sets a few bytes. */
QString writeSparse(const QTemporaryDir &dir, const QString &name, const QString &type, const QList<qint64> &shape,
                    const QList<QPair<qint64, char>> &bytes)
{
    npy::DType dtype;
    QString error;
    if (!npy::DType::fromTypeString(type, &dtype, &error))
        qFatal("bad type");
    auto header = npy::buildNpyHeader(dtype, shape, false);
    if (!header)
        qFatal("%s", qPrintable(header.error()));
    qint64 n = dtype.itemSize;
    for (qint64 d : shape)
        n *= d;
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(header.value());
    if (!f.resize(header.value().size() + n))
        qFatal("cannot resize");
    for (const auto &b : bytes) {
        f.seek(header.value().size() + b.first);
        f.write(&b.second, 1);
    }
    return path;
}

} // namespace

class tst_HugeTableView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void threeBillionRows();
    void hundredThousandColumns();
    void selectionFollowsTheWindow();

private:
    QTemporaryDir mDir;
};

void tst_HugeTableView::initTestCase()
{
    QVERIFY(mDir.isValid());
}

void tst_HugeTableView::threeBillionRows()
{
    const qint64 n = 3000000000LL;
    const QString path = writeSparse(mDir, QStringLiteral("huge.npy"), QStringLiteral("|u1"), {n},
                                     {{0, 1}, {n / 2, 5}, {n - 1, 7}});
    auto src = npy::openSource(path);
    QVERIFY2(src, qPrintable(src.error()));
    Document doc(src.value());
    const int id = doc.memberAt(0).id;
    const npy::Status loaded = doc.loadMemberNow(id);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(doc.memberById(id)->array.isMapped());

    ArrayTableModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    HugeTableView view;
    view.setModel(&model);
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    model.setMember(id);
    QCoreApplication::processEvents();
    QCOMPARE(model.totalRows(), n);
    QVERIFY(qint64(model.rowCount()) <= ArrayTableModel::kWindow);
    QScrollBar *bar = view.verticalBar();
    QTRY_VERIFY(bar->isVisible());
    QVERIFY(bar->maximum() > 0);

    // Drag the scroll bar to the end: the last element is on screen.
    bar->setValue(bar->maximum());
    QCoreApplication::processEvents();
    const qint64 first = view.firstVisibleRow();
    QVERIFY2(first > n - 100 && first < n, qPrintable(QString::number(first)));
    const int lastRow = model.rowCount() - 1;
    QCOMPARE(model.absoluteRow(lastRow), n - 1);
    QCOMPARE(model.headerData(lastRow, Qt::Vertical).toString(), QStringLiteral("2999999999"));
    QCOMPARE(model.data(model.index(lastRow, 0)).toString(), QStringLiteral("7"));
    const QRect lastRect = view.view()->visualRect(model.index(lastRow, 0));
    QVERIFY(lastRect.isValid());
    QVERIFY(view.view()->viewport()->rect().contains(lastRect.center()));

    // The middle, then the start.
    bar->setValue(bar->maximum() / 2);
    QCoreApplication::processEvents();
    QVERIFY(qAbs(view.firstVisibleRow() - n / 2) < n / 1000);
    bar->setValue(0);
    QCoreApplication::processEvents();
    QCOMPARE(view.firstVisibleRow(), qint64(0));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("1"));

    // Go to the last element.
    view.goTo(n - 1, 0);
    QCoreApplication::processEvents();
    QCOMPARE(view.currentCell(), qMakePair(n - 1, qint64(0)));
    const QModelIndex current = view.view()->currentIndex();
    QCOMPARE(current.data().toString(), QStringLiteral("7"));
    QCOMPARE(current.data(ArrayTableModel::IndexTextRole).toString(), QStringLiteral("(2999999999,)"));
    QCOMPARE(bar->value(), bar->maximum());

    // Keyboard: Ctrl+Home, arrows, Ctrl+End.
    QTest::keyClick(view.view(), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(view.currentCell(), qMakePair(qint64(0), qint64(0)));
    view.goTo(n / 2, 0);
    QCOMPARE(view.view()->currentIndex().data().toString(), QStringLiteral("5"));
    for (int i = 0; i < 5; ++i)
        QTest::keyClick(view.view(), Qt::Key_Down);
    QCOMPARE(view.currentCell().first, n / 2 + 5);
    QTest::keyClick(view.view(), Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(view.currentCell().first, n - 1);

    // The wheel scrolls.
    bar->setValue(bar->maximum() / 3);
    QCoreApplication::processEvents();
    const qint64 before = view.firstVisibleRow();
    const QPoint at = view.view()->viewport()->rect().center();
    QWheelEvent wheel(at, view.view()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.view()->viewport(), &wheel);
    QVERIFY(view.firstVisibleRow() > before);
    // Nothing was copied: the data is still the map.
    QVERIFY(doc.memberById(id)->array.isMapped());
}

void tst_HugeTableView::hundredThousandColumns()
{
    const qint64 cols = 100000;
    const QString path = writeSparse(mDir, QStringLiteral("wide.npy"), QStringLiteral("|i1"), {2, cols},
                                     {{2 * cols - 1, 9}});
    auto src = npy::openSource(path);
    QVERIFY(src);
    Document doc(src.value());
    const int id = doc.memberAt(0).id;
    QVERIFY(doc.loadMemberNow(id));
    ArrayTableModel model(&doc);
    HugeTableView view;
    view.setModel(&model);
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    model.setMember(id);
    QCoreApplication::processEvents();
    QCOMPARE(model.totalColumns(), cols);
    QTRY_VERIFY(view.horizontalBar()->isVisible());
    view.horizontalBar()->setValue(view.horizontalBar()->maximum());
    QCoreApplication::processEvents();
    QVERIFY(view.firstVisibleColumn() > cols - 20);
    view.goTo(1, cols - 1);
    QCOMPARE(view.currentCell(), qMakePair(qint64(1), cols - 1));
    QCOMPARE(view.view()->currentIndex().data().toString(), QStringLiteral("9"));
    QCOMPARE(model.headerData(view.view()->currentIndex().column(), Qt::Horizontal).toString(),
             QStringLiteral("99999"));
}

void tst_HugeTableView::selectionFollowsTheWindow()
{
    const qint64 n = 5000000;
    const QString path = writeSparse(mDir, QStringLiteral("five.npy"), QStringLiteral("|u1"), {n}, {});
    auto src = npy::openSource(path);
    QVERIFY(src);
    Document doc(src.value());
    const int id = doc.memberAt(0).id;
    QVERIFY(doc.loadMemberNow(id));
    ArrayTableModel model(&doc);
    HugeTableView view;
    view.setModel(&model);
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    model.setMember(id);
    QCoreApplication::processEvents();
    // Select a few rows about the middle of the first window, then scroll far enough to move it.
    view.goTo(400000, 0);
    const QModelIndex c = view.view()->currentIndex();
    view.view()->selectionModel()->select(QItemSelection(c, model.index(c.row() + 2, 0)),
                                          QItemSelectionModel::ClearAndSelect);
    const qint64 offsetBefore = model.rowOffset();
    view.verticalBar()->setValue(int(800000)); // slice row 800000: past the window's margin
    QCoreApplication::processEvents();
    QVERIFY(model.rowOffset() != offsetBefore);
    QCOMPARE(view.currentCell().first, qint64(400000));
    const QModelIndexList selected = view.view()->selectionModel()->selectedIndexes();
    QCOMPARE(selected.size(), 3);
    for (const QModelIndex &i : selected)
        QVERIFY(model.absoluteRow(i.row()) >= 400000 && model.absoluteRow(i.row()) <= 400002);
}

QTEST_MAIN(tst_HugeTableView)
#include "tst_hugetableview.moc"
