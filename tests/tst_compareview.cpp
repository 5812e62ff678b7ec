// The compare view (widgets/compare/compareview.h) on NumPy-written pairs from tests/data/diff.

#include "testdata.h"

#include "compareview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMimeData>
#include <QPointer>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace npyw;
using namespace npytest;

namespace {

QString diffData(const char *name)
{
    return dataPath(QStringLiteral("diff/") + QLatin1String(name));
}

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void membersAndSummary();
    void walkDifferences();
    void keyboardWalk();
    void tolerancesApplyAtOnce();
    void csv();
    void heatmap();
    void lockStep();
    void refusesMissingFile();
    void windowClosesOnKeys_data();
    void windowClosesOnKeys();
    void dropSecondFile();
    void slicesFollowDifferences();
};

void TestCompareView::membersAndSummary()
{
    CompareView view;
    QVERIFY(view.open(diffData("arch_a.npz"), diffData("arch_b.npz")));
    QTRY_VERIFY(!view.isComparing());
    QCOMPARE(view.memberCount(), 4);
    QCOMPARE(view.memberDiff(0).name, QStringLiteral("x"));
    QCOMPARE(view.memberDiff(0).status, npy::MemberStatus::Differs);
    QCOMPARE(view.memberDiff(1).status, npy::MemberStatus::Same);
    QCOMPARE(view.memberDiff(2).status, npy::MemberStatus::OnlyA);
    QCOMPARE(view.memberDiff(3).status, npy::MemberStatus::OnlyB);
    QCOMPARE(view.currentMember(), 0); // the first member that differs
    QVERIFY2(view.summaryText().contains(QStringLiteral("1 of 1200 elements differ")), qPrintable(view.summaryText()));
    QVERIFY(view.summaryText().contains(QStringLiteral("at (10, 10)")));
    QAbstractItemModelTester testerA(view.tableA()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester testerB(view.tableB()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(view.tableA()->model()->rowCount(), 30);
    // Numbers are elided in narrow columns, never wrapped at their decimal point.
    QVERIFY(!view.tableA()->wordWrap());
    QVERIFY(!view.tableB()->wordWrap());
    QCOMPARE(view.tableA()->model()->columnCount(), 40);
    const QModelIndex cell = view.tableA()->model()->index(10, 10);
    QVERIFY(view.tableA()->model()->data(cell, Qt::BackgroundRole).isValid());
    QVERIFY(!view.tableA()->model()->data(cell.siblingAtColumn(11), Qt::BackgroundRole).isValid());
    QVERIFY(view.tableA()->model()->data(cell).toString() != view.tableB()->model()->data(cell).toString());
    view.selectMember(1);
    QVERIFY(view.summaryText().contains(QStringLiteral("0 of 100 elements differ")));
    view.selectMember(2);
    QVERIFY(view.summaryText().contains(QStringLiteral("only_a")));
    QCOMPARE(view.tableA()->model()->rowCount(), 0);
}

void TestCompareView::walkDifferences()
{
    CompareView view;
    QVERIFY(view.open(diffData("perturbed_a.npy"), diffData("perturbed_b.npy")));
    QTRY_VERIFY(!view.isComparing());
    QCOMPARE(view.currentElement(), -1);
    QVERIFY(view.nextDifference());
    QCOMPARE(view.currentElement(), 2 * 20 + 3);
    QVERIFY(view.nextDifference());
    QCOMPARE(view.currentElement(), 7 * 20 + 11);
    QVERIFY(view.nextDifference());
    QCOMPARE(view.currentElement(), 9 * 20 + 19);
    QVERIFY(!view.nextDifference());
    QCOMPARE(view.currentElement(), 9 * 20 + 19);
    QVERIFY(view.previousDifference());
    QCOMPARE(view.currentElement(), 7 * 20 + 11);
    // B's table follows A's current cell.
    QCOMPARE(view.tableB()->currentIndex().row(), 7);
    QCOMPARE(view.tableB()->currentIndex().column(), 11);
}

void TestCompareView::keyboardWalk()
{
    CompareView view;
    QVERIFY(view.open(diffData("perturbed_a.npy"), diffData("perturbed_b.npy")));
    QTRY_VERIFY(!view.isComparing());
    view.show();
    view.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    view.tableA()->setFocus();
    QTest::keyClick(view.tableA(), Qt::Key_F3);
    QCOMPARE(view.currentElement(), 2 * 20 + 3);
    QTest::keyClick(view.tableA(), Qt::Key_F3);
    QCOMPARE(view.currentElement(), 7 * 20 + 11);
    QTest::keyClick(view.tableA(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(view.currentElement(), 2 * 20 + 3);
}

void TestCompareView::tolerancesApplyAtOnce()
{
    CompareView view;
    QVERIFY(view.open(diffData("perturbed_a.npy"), diffData("perturbed_b.npy")));
    QTRY_VERIFY(!view.isComparing());
    QSignalSpy spy(&view, &CompareView::compared);
    npy::CompareOptions o;
    o.atol = 1e-9;
    view.setOptions(o);
    QVERIFY(spy.wait());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.memberDiff(0).count, 2); // the 1e-12 change is within atol now
    QVERIFY(view.summaryText().contains(QStringLiteral("2 of 200")));
    o.atol = 3;
    view.setOptions(o);
    QVERIFY(spy.wait());
    QCOMPARE(view.memberDiff(0).status, npy::MemberStatus::Same);
    QVERIFY(!view.nextDifference());
    QVERIFY(!view.tableA()->model()->data(view.tableA()->model()->index(7, 11), Qt::BackgroundRole).isValid());
}

void TestCompareView::csv()
{
    CompareView view;
    QVERIFY(view.open(diffData("arch_a.npz"), diffData("arch_b.npz")));
    QTRY_VERIFY(!view.isComparing());
    const QString text = view.differencesCsv();
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], QStringLiteral("index0,index1,a,b"));
    QVERIFY2(lines[1].startsWith(QStringLiteral("10,10,")), qPrintable(lines[1]));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("diff.csv"));
    QString error;
    QVERIFY2(view.exportCsv(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), text);
    CompareView strings;
    QVERIFY(strings.open(diffData("struct_a.npy"), diffData("struct_b.npy")));
    QTRY_VERIFY(!strings.isComparing());
    // Struct values hold commas: quoted.
    QVERIFY(strings.differencesCsv().contains(QStringLiteral("2,\"(2, 0.4, 'c')\",\"(2, 0.9, 'c')\"")));
}

void TestCompareView::heatmap()
{
    CompareView view;
    QVERIFY(view.open(diffData("arch_a.npz"), diffData("arch_b.npz")));
    QTRY_VERIFY(!view.isComparing());
    view.resize(1000, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The canvas has room for one pixel per element (40 x 30).
    const QImage &image = view.heatmap().image;
    QCOMPARE(image.size(), QSize(40, 30));
    QCOMPARE(view.heatmap().nanPixels, 0);
    QVERIFY(view.heatmap().low < 0 && view.heatmap().high > 0);
    // The one differing element stands out; equal elements are all the centre colour.
    QVERIFY(image.pixel(10, 10) != image.pixel(0, 0));
    QCOMPARE(image.pixel(0, 0), image.pixel(39, 29));
    CompareView nans;
    QVERIFY(nans.open(diffData("nan_a.npy"), diffData("nan_b.npy")));
    QTRY_VERIFY(!nans.isComparing());
    QCOMPARE(nans.heatmap().nanPixels, 2); // NaN against a number at 4 and 7; NaN against NaN at 1 is not a mismatch
    QCOMPARE(nans.heatmap().image.pixel(0, 4), qRgb(255, 0, 255));
}

void TestCompareView::windowClosesOnKeys_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::newRow("Esc") << int(Qt::Key_Escape) << int(Qt::NoModifier);
    QTest::newRow("Ctrl+W") << int(Qt::Key_W) << int(Qt::ControlModifier);
}

void TestCompareView::windowClosesOnKeys()
{
    // The compare window (File > Compare With…, npy-inspector A --compare B) closes on Esc and Ctrl+W, and
    // fits the screen it opens on.
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QPointer<CompareView> view = CompareView::showWindow(diffData("arch_a.npz"), diffData("arch_b.npz"));
    QVERIFY(view);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
    QVERIFY(view->width() <= screen.width() && view->height() <= screen.height());
    view->activateWindow();
    QTest::keyClick(view, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QTRY_VERIFY(!view);
}

void TestCompareView::lockStep()
{
    CompareView view;
    QVERIFY(view.open(diffData("arch_a.npz"), diffData("arch_b.npz")));
    QTRY_VERIFY(!view.isComparing());
    view.resize(700, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *a = view.tableA()->verticalScrollBar();
    QVERIFY(a->maximum() > 0);
    a->setValue(a->maximum() / 2);
    QCOMPARE(view.tableB()->verticalScrollBar()->value(), a->value());
    view.tableB()->horizontalScrollBar()->setValue(3);
    QCOMPARE(view.tableA()->horizontalScrollBar()->value(), 3);
}

void TestCompareView::refusesMissingFile()
{
    CompareView view;
    QString error;
    QVERIFY(!view.open(diffData("arch_a.npz"), diffData("no_such_file.npz"), &error));
    QVERIFY(error.contains(QStringLiteral("no_such_file.npz")));
}

void TestCompareView::dropSecondFile()
{
    CompareView view;
    QVERIFY(view.open(diffData("arch_a.npz"), diffData("arch_b.npz")));
    QTRY_VERIFY(!view.isComparing());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(diffData("stored.npz"))});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QSignalSpy spy(&view, &CompareView::compared);
    QApplication::sendEvent(&view, &drop);
    QVERIFY(spy.wait());
    // arch_a against stored.npz: x and y are the same, gone is only in A.
    QCOMPARE(view.memberCount(), 3);
    QCOMPARE(view.memberDiff(0).status, npy::MemberStatus::Same);
    QCOMPARE(view.memberDiff(2).status, npy::MemberStatus::OnlyA);
}

void TestCompareView::slicesFollowDifferences()
{
    // A 3 x 4 x 5 pair: the tables show one 4 x 5 slice; F3 moves to the slice of the next difference.
    CompareView view;
    QVERIFY(view.open(diffData("cube_a.npy"), diffData("cube_b.npy")));
    QTRY_VERIFY(!view.isComparing());
    QCOMPARE(view.tableA()->model()->rowCount(), 4);
    QCOMPARE(view.tableA()->model()->columnCount(), 5);
    QCOMPARE(view.findChildren<QSpinBox *>().size(), 1);
    QVERIFY(view.nextDifference());
    QCOMPARE(view.currentElement(), 1 * 20 + 2 * 5 + 3);
    QCOMPARE(view.tableA()->currentIndex().row(), 2);
    QCOMPARE(view.tableA()->currentIndex().column(), 3);
    QCOMPARE(view.findChildren<QSpinBox *>().first()->value(), 1);
    QVERIFY(view.tableA()->model()->data(view.tableA()->currentIndex(), Qt::BackgroundRole).isValid());
    QCOMPARE(view.tableA()->currentIndex().data().toString(), QStringLiteral("33.0"));
    QCOMPARE(view.tableB()->currentIndex().data().toString(), QStringLiteral("33.5"));
    QVERIFY(view.nextDifference());
    QCOMPARE(view.currentElement(), 40);
    QCOMPARE(view.findChildren<QSpinBox *>().first()->value(), 2);
    QVERIFY(!view.nextDifference());
    QVERIFY(view.previousDifference());
    QCOMPARE(view.currentElement(), 33);
    // Choosing a slice by hand shows it in both tables.
    view.findChildren<QSpinBox *>().first()->setValue(0);
    QCOMPARE(view.tableB()->model()->index(0, 1).data().toString(), QStringLiteral("1.0"));
    QVERIFY(view.differencesCsv().startsWith(QStringLiteral("index0,index1,index2,a,b\n1,2,3,33.0,33.5\n2,0,0,40.0,39.0\n")));
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
