// ArrayPane on its own (no MainWindow): go to index (and Ctrl+G's dialog), paste of a tab-separated block (all
// or nothing), and the selection summary of the status bar.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "opensource.h"
#include "slicebar.h"
#include "document.h"
#include "hugetableview.h"
#include "npyfile.h"
#include "source.h"
#include "testdata.h"

#include <QApplication>
#include <QComboBox>
#include <QClipboard>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QRect>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <cstring>
#include <memory>

using namespace npy;
using namespace npyw;

class tst_ArrayPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void goToIndex_data();
    void goToIndex();
    void promptGoTo_data();
    void promptGoTo();
    void pasteText_data();
    void pasteText();
    void selectionSummary_data();
    void selectionSummary();
    void spreadsheetKeys();
    void copyOnlySelectedCells();
    void largeCopyAsksFirst();
    void fieldChoiceIsTheCurrentLeaf();

private:
    /** A pane showing member \a key (the first when empty) of \a path, loaded; null on failure. */
    ArrayPane *show(const QString &path, const QString &key = QString());
    /** Selects the cells of \a rects (left, top, width, height) and makes (\a row, \a column) current. */
    void select(const QList<QRect> &rects, int row, int column);
    QList<double> values() const;

    QTemporaryDir mDir;
    std::unique_ptr<Document> mDocument;
    std::unique_ptr<ArrayPane> mPane;
};

void tst_ArrayPane::initTestCase()
{
    QVERIFY(mDir.isValid());
    // 500 x 500 cells: more than the summary sums on each selection change.
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("<f8"), &h.dtype, &error));
    h.shape = {500, 500};
    h.elementCount = 250000;
    h.dataBytes = 250000 * 8;
    QByteArray bytes(h.dataBytes, '\0');
    const npy::Status st = npy::saveNpyFile(mDir.filePath(QStringLiteral("big.npy")), npy::NpyArray(h, bytes));
    QVERIFY2(st.ok(), qPrintable(st.error()));
}

void tst_ArrayPane::cleanup()
{
    mPane.reset();
    mDocument.reset();
}

ArrayPane *tst_ArrayPane::show(const QString &path, const QString &key)
{
    mPane.reset();
    auto src = npy::openSource(path);
    if (!src.ok()) {
        qWarning("%s", qPrintable(src.error()));
        return nullptr;
    }
    mDocument = std::make_unique<Document>(src.value());
    int id = -1;
    for (int i = 0; i < mDocument->memberCount() && id < 0; ++i) {
        if (key.isEmpty() || mDocument->memberAt(i).key == key)
            id = mDocument->memberAt(i).id;
    }
    if (const npy::Status loaded = mDocument->loadMemberNow(id); !loaded) {
        qWarning("cannot load %s: %s", qPrintable(key), qPrintable(loaded.error()));
        return nullptr;
    }
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    mPane->resize(800, 600);
    mPane->show();
    mPane->showMember(id);
    return mPane->isShowingTable() ? mPane.get() : nullptr;
}

void tst_ArrayPane::select(const QList<QRect> &rects, int row, int column)
{
    ArrayTableModel *model = mPane->model();
    QItemSelection sel;
    for (const QRect &r : rects)
        sel.select(model->index(r.top(), r.left()), model->index(r.bottom(), r.right()));
    QItemSelectionModel *sm = mPane->table()->view()->selectionModel();
    sm->setCurrentIndex(model->index(row, column), QItemSelectionModel::NoUpdate);
    sm->select(sel, QItemSelectionModel::ClearAndSelect);
}

QList<double> tst_ArrayPane::values() const
{
    QList<double> out;
    const ArrayTableModel *model = mPane->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c)
            out.append(model->data(model->index(r, c), ArrayTableModel::DoubleRole).toDouble());
    }
    return out;
}

void tst_ArrayPane::goToIndex_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<qint64>>("index");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("row");      // the current cell afterwards (slice coordinates)
    QTest::addColumn<qint64>("column");
    QTest::addColumn<QList<qint64>>("sliceIndex"); // the slice shown afterwards
    QTest::addColumn<double>("value");    // the value of the current cell
    QTest::addColumn<QString>("why");     // part of the refusal

    const QString i4 = QStringLiteral("npy/i4_2d_c.npy");       // (3, 4): 0..11
    const QString f8 = QStringLiteral("npy/f8_fortran_3d.npy"); // (2, 3, 4): a[i, j, k] = 12 i + 4 j + k
    const QString f4 = QStringLiteral("npy/f4_some_nan.npy");   // (6,): 1.5 nan -2 4.25 nan 0
    QTest::newRow("2-D, one per axis") << i4 << QList<qint64>{2, 3} << true << qint64(2) << qint64(3)
                                       << QList<qint64>{0, 0} << 11.0 << QString();
    QTest::newRow("2-D, negative") << i4 << QList<qint64>{-1, -2} << true << qint64(2) << qint64(2)
                                   << QList<qint64>{0, 0} << 10.0 << QString();
    QTest::newRow("2-D, flat") << i4 << QList<qint64>{7} << true << qint64(1) << qint64(3) << QList<qint64>{0, 0}
                               << 7.0 << QString();
    QTest::newRow("2-D, flat negative") << i4 << QList<qint64>{-12} << true << qint64(0) << qint64(0)
                                        << QList<qint64>{0, 0} << 0.0 << QString();
    QTest::newRow("2-D, flat past the end") << i4 << QList<qint64>{12} << false << qint64(0) << qint64(0)
                                            << QList<qint64>{0, 0} << 0.0 << QStringLiteral("out of range for 12 elements");
    QTest::newRow("2-D, axis 0 past the end") << i4 << QList<qint64>{3, 0} << false << qint64(0) << qint64(0)
                                              << QList<qint64>{0, 0} << 0.0 << QStringLiteral("axis 0 of length 3");
    QTest::newRow("2-D, axis 1 below the start") << i4 << QList<qint64>{0, -5} << false << qint64(0) << qint64(0)
                                                 << QList<qint64>{0, 0} << 0.0 << QStringLiteral("axis 1 of length 4");
    QTest::newRow("2-D, three indexes") << i4 << QList<qint64>{1, 1, 1} << false << qint64(0) << qint64(0)
                                        << QList<qint64>{0, 0} << 0.0 << QStringLiteral("Give 2 indexes");
    QTest::newRow("3-D, moves the slice") << f8 << QList<qint64>{1, 2, 3} << true << qint64(2) << qint64(3)
                                          << QList<qint64>{1, 0, 0} << 23.0 << QString();
    QTest::newRow("3-D, flat") << f8 << QList<qint64>{13} << true << qint64(0) << qint64(1)
                               << QList<qint64>{1, 0, 0} << 13.0 << QString();
    QTest::newRow("3-D, negative first axis") << f8 << QList<qint64>{-2, 1, 0} << true << qint64(1) << qint64(0)
                                              << QList<qint64>{0, 0, 0} << 4.0 << QString();
    QTest::newRow("1-D") << f4 << QList<qint64>{3} << true << qint64(3) << qint64(0) << QList<qint64>{0} << 4.25
                         << QString();
    QTest::newRow("1-D, negative") << f4 << QList<qint64>{-4} << true << qint64(2) << qint64(0) << QList<qint64>{0}
                                   << -2.0 << QString();
    QTest::newRow("1-D, past the end") << f4 << QList<qint64>{6} << false << qint64(0) << qint64(0)
                                       << QList<qint64>{0} << 1.5 << QStringLiteral("axis 0 of length 6");
}

void tst_ArrayPane::goToIndex()
{
    QFETCH(QString, file);
    QFETCH(QList<qint64>, index);
    QFETCH(bool, ok);
    QFETCH(qint64, row);
    QFETCH(qint64, column);
    QFETCH(QList<qint64>, sliceIndex);
    QFETCH(double, value);
    QFETCH(QString, why);
    ArrayPane *pane = show(npytest::dataPath(file));
    QVERIFY(pane);
    QCOMPARE(pane->table()->currentCell(), qMakePair(qint64(0), qint64(0)));
    QSignalSpy messages(pane, &ArrayPane::statusMessage);
    QString reason;
    QCOMPARE(pane->goToIndex(index, &reason), ok);
    if (ok) {
        QVERIFY(reason.isEmpty());
        QCOMPARE(messages.count(), 0);
    } else {
        QVERIFY2(reason.contains(why), qPrintable(reason));
        QCOMPARE(messages.count(), 1);
        QCOMPARE(messages.first().first().toString(), reason);
    }
    QCOMPARE(pane->table()->currentCell(), qMakePair(row, column));
    QList<qint64> shown = pane->model()->slice().index;
    const SliceSpec spec = pane->model()->slice();
    for (qsizetype a = 0; a < shown.size(); ++a) {
        if (a == spec.rowAxis || a == spec.colAxis)
            shown[a] = 0;
    }
    QCOMPARE(shown, sliceIndex);
    const QModelIndex current = pane->table()->view()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(current.data(ArrayTableModel::DoubleRole).toDouble(), value);
}

void tst_ArrayPane::promptGoTo_data()
{
    // What Ctrl+G's dialog accepts, on f8_fortran_3d (2, 3, 4): a[i, j, k] = 12 i + 4 j + k.
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value"); // of the current cell afterwards
    QTest::addColumn<QString>("message");
    QTest::newRow("commas") << QStringLiteral("1, 2, 3") << 23.0 << QString();
    QTest::newRow("a tuple") << QStringLiteral("(1, 0, 2)") << 14.0 << QString();
    QTest::newRow("a list, no spaces") << QStringLiteral("[0,2,1]") << 9.0 << QString();
    QTest::newRow("spaces only") << QStringLiteral("1 1 1") << 17.0 << QString();
    QTest::newRow("negative") << QStringLiteral("-1, -1, -1") << 23.0 << QString();
    QTest::newRow("flat") << QStringLiteral("5") << 5.0 << QString();
    QTest::newRow("not a number") << QStringLiteral("1, x, 2") << 0.0 << QStringLiteral("“x” is not an index.");
    QTest::newRow("out of range") << QStringLiteral("0, 3, 0") << 0.0
                                  << QStringLiteral("Index 3 is out of range for axis 1 of length 3.");
    QTest::newRow("empty: nothing happens") << QString() << 0.0 << QString();
}

void tst_ArrayPane::promptGoTo()
{
    QFETCH(QString, text);
    QFETCH(double, value);
    QFETCH(QString, message);
    ArrayPane *pane = show(npytest::dataPath(QStringLiteral("npy/f8_fortran_3d.npy")));
    QVERIFY(pane);
    QSignalSpy messages(pane, &ArrayPane::statusMessage);
    // Answers the dialog once it is up: the current index is offered, the row's text typed in.
    QString offered;
    bool answered = false;
    QTimer answer;
    answer.setInterval(10);
    connect(&answer, &QTimer::timeout, this, [&]() {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog || answered)
            return;
        answered = true;
        offered = dialog->textValue();
        dialog->setTextValue(text);
        dialog->accept();
    });
    answer.start();
    pane->promptGoTo();
    answer.stop();
    QVERIFY(answered);
    QCOMPARE(offered, QStringLiteral("0, 0, 0"));
    QCOMPARE(pane->table()->view()->currentIndex().data(ArrayTableModel::DoubleRole).toDouble(), value);
    if (message.isEmpty()) {
        QCOMPARE(messages.count(), 0);
    } else {
        QCOMPARE(messages.count(), 1);
        QCOMPARE(messages.first().first().toString(), message);
    }
}

void tst_ArrayPane::pasteText_data()
{
    // On i4_2d_c (3 x 4, 0..11).
    QTest::addColumn<QList<QRect>>("selection");
    QTest::addColumn<QPoint>("current"); // (column, row)
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<double>>("after");
    QTest::addColumn<QString>("why");
    const QList<double> before{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    QTest::newRow("block at the current cell")
        << QList<QRect>{QRect(1, 1, 1, 1)} << QPoint(1, 1) << QStringLiteral("10\t11\n12\t13\n") << true
        << QList<double>{0, 1, 2, 3, 4, 10, 11, 7, 8, 12, 13, 11} << QString();
    QTest::newRow("CRLF and trailing empty lines")
        << QList<QRect>{QRect(0, 0, 1, 1)} << QPoint(0, 0) << QStringLiteral("-1\t-2\r\n-3\t-4\r\n\r\n") << true
        << QList<double>{-1, -2, 2, 3, -3, -4, 6, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("old Mac line ends")
        << QList<QRect>{QRect(2, 0, 1, 1)} << QPoint(2, 0) << QStringLiteral("20\r21") << true
        << QList<double>{0, 1, 20, 3, 4, 5, 21, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("at the selection's top-left, not the current cell")
        << QList<QRect>{QRect(1, 1, 3, 2)} << QPoint(3, 2) << QStringLiteral("7\t8") << true
        << QList<double>{0, 1, 2, 3, 4, 7, 8, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("top-left of two ranges")
        << QList<QRect>{QRect(2, 2, 2, 1), QRect(0, 1, 1, 1)} << QPoint(3, 2) << QStringLiteral("-5\t-6") << true
        << QList<double>{0, 1, 2, 3, -5, -6, 6, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("one value fills the selection")
        << QList<QRect>{QRect(0, 0, 2, 2)} << QPoint(0, 0) << QStringLiteral("5\n") << true
        << QList<double>{5, 5, 2, 3, 5, 5, 6, 7, 8, 9, 10, 11} << QString();
    QTest::newRow("one value into the current cell")
        << QList<QRect>{QRect(3, 2, 1, 1)} << QPoint(3, 2) << QStringLiteral("-4") << true
        << QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -4} << QString();
    QTest::newRow("a bad value refuses the whole block")
        << QList<QRect>{QRect(0, 0, 1, 1)} << QPoint(0, 0) << QStringLiteral("1\t2\n3\tfoo\n") << false << before
        << QStringLiteral("foo");
    QTest::newRow("out of int32 range refuses the whole block")
        << QList<QRect>{QRect(0, 0, 1, 1)} << QPoint(0, 0) << QStringLiteral("1\t4294967296") << false << before
        << QStringLiteral("4294967296");
    QTest::newRow("a fraction into an integer array")
        << QList<QRect>{QRect(0, 0, 1, 1)} << QPoint(0, 0) << QStringLiteral("1\t2.5") << false << before
        << QStringLiteral("2.5");
    QTest::newRow("a block past the last column")
        << QList<QRect>{QRect(3, 0, 1, 1)} << QPoint(3, 0) << QStringLiteral("1\t2") << false << before
        << QStringLiteral("does not fit");
    QTest::newRow("a block past the last row")
        << QList<QRect>{QRect(0, 2, 1, 1)} << QPoint(0, 2) << QStringLiteral("1\n2") << false << before
        << QStringLiteral("does not fit");
    QTest::newRow("a bad value filling a selection")
        << QList<QRect>{QRect(0, 0, 2, 2)} << QPoint(0, 0) << QStringLiteral("x") << false << before
        << QStringLiteral("x");
}

void tst_ArrayPane::pasteText()
{
    QFETCH(QList<QRect>, selection);
    QFETCH(QPoint, current);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QList<double>, after);
    QFETCH(QString, why);
    ArrayPane *pane = show(npytest::dataPath(QStringLiteral("npy/i4_2d_c.npy")));
    QVERIFY(pane);
    select(selection, current.y(), current.x());
    QSignalSpy messages(pane, &ArrayPane::statusMessage);
    QString reason;
    QCOMPARE(pane->pasteText(text, &reason), ok);
    QCOMPARE(values(), after);
    QCOMPARE(mDocument->undoStack()->count(), ok ? 1 : 0);
    QCOMPARE(mDocument->isModified(), ok);
    if (ok) {
        QVERIFY(reason.isEmpty());
        // One undo step takes the whole paste back.
        mDocument->undoStack()->undo();
        QCOMPARE(values(), (QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    } else {
        QVERIFY2(reason.contains(why), qPrintable(reason));
        // The status bar says why.
        QVERIFY(!messages.isEmpty());
        QCOMPARE(messages.last().first().toString(), QStringLiteral("Paste refused: %1").arg(reason));
    }
}

void tst_ArrayPane::selectionSummary_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QList<QRect>>("selection");
    QTest::addColumn<QString>("summary");
    const QString i4 = npytest::dataPath(QStringLiteral("npy/i4_2d_c.npy"));
    QTest::newRow("one cell: nothing") << i4 << QList<QRect>{QRect(1, 1, 1, 1)} << QString();
    QTest::newRow("2 x 2") << i4 << QList<QRect>{QRect(0, 0, 2, 2)}
                           << QStringLiteral("Count: 4  Sum: 10  Mean: 2.5  Min: 0  Max: 5");
    QTest::newRow("a row and a cell") << i4 << QList<QRect>{QRect(0, 0, 4, 1), QRect(0, 2, 1, 1)}
                                      << QStringLiteral("Count: 5  Sum: 14  Mean: 2.8  Min: 0  Max: 8");
    QTest::newRow("all") << i4 << QList<QRect>{QRect(0, 0, 4, 3)}
                         << QStringLiteral("Count: 12  Sum: 66  Mean: 5.5  Min: 0  Max: 11");
    QTest::newRow("NaNs counted apart") << npytest::dataPath(QStringLiteral("npy/f4_some_nan.npy"))
                                        << QList<QRect>{QRect(0, 0, 1, 6)}
                                        << QStringLiteral("Count: 6  Sum: 3.75  Mean: 0.9375  Min: -2  Max: 4.25  NaN: 2");
    QTest::newRow("fractions") << npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy"))
                               << QList<QRect>{QRect(1, 0, 2, 1)} // 0.5, 1.0
                               << QStringLiteral("Count: 2  Sum: 1.5  Mean: 0.75  Min: 0.5  Max: 1");
    QTest::newRow("text: count only") << npytest::dataPath(QStringLiteral("npy/str_U6_le.npy"))
                                      << QList<QRect>{QRect(0, 0, 1, 3)} << QStringLiteral("Count: 3");
    QTest::newRow("too many cells to sum") << mDir.filePath(QStringLiteral("big.npy"))
                                           << QList<QRect>{QRect(0, 0, 500, 401)}
                                           << QStringLiteral("Count: 200500 (select at most 200000 cells for sum and mean)");
    QTest::newRow("just few enough") << mDir.filePath(QStringLiteral("big.npy")) << QList<QRect>{QRect(0, 0, 500, 400)}
                                     << QStringLiteral("Count: 200000  Sum: 0  Mean: 0  Min: 0  Max: 0");
}

void tst_ArrayPane::selectionSummary()
{
    QFETCH(QString, file);
    QFETCH(QList<QRect>, selection);
    QFETCH(QString, summary);
    ArrayPane *pane = show(file);
    QVERIFY(pane);
    QSignalSpy changed(pane, &ArrayPane::selectionSummaryChanged);
    select(selection, selection.first().top(), selection.first().left());
    QCOMPARE(pane->selectionSummary(), summary);
    // The status bar hears of it.
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().first().toString(), summary);
}

void tst_ArrayPane::spreadsheetKeys()
{
    // Ctrl+End / Ctrl+Home move the cursor (the selection is that one cell); with Shift they extend
    // the selection from its anchor.
    QVERIFY(show(mDir.filePath(QStringLiteral("big.npy"))));
    HugeTableView *table = mPane->table();
    QTableView *view = table->view();
    QItemSelectionModel *sm = view->selectionModel();
    table->goTo(5, 5);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(table->currentCell(), qMakePair(qint64(499), qint64(499)));
    QCOMPARE(sm->selectedIndexes().size(), 1);
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(table->currentCell(), qMakePair(qint64(0), qint64(0)));
    QCOMPARE(sm->selectedIndexes().size(), 1);
    table->goTo(2, 3);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(table->currentCell(), qMakePair(qint64(499), qint64(499)));
    QCOMPARE(sm->selectedIndexes().size(), 498 * 497);
    QVERIFY(sm->isSelected(mPane->model()->index(2, 3)));
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(table->currentCell(), qMakePair(qint64(0), qint64(0)));
    QCOMPARE(sm->selectedIndexes().size(), 3 * 4);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(sm->selectedIndexes().size(), 1);
}

void tst_ArrayPane::copyOnlySelectedCells()
{
    QVERIFY(show(mDir.filePath(QStringLiteral("big.npy"))));
    QApplication::clipboard()->clear();
    // Two far-apart cells: two values, not the 500 x 500 rectangle between them.
    select({QRect(0, 0, 1, 1), QRect(499, 499, 1, 1)}, 499, 499);
    mPane->copy(false);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("0.0\n0.0\n"));
    select({QRect(0, 7, 1, 1), QRect(9, 7, 2, 1)}, 7, 0);
    mPane->copy(false);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("0.0\t0.0\t0.0\n"));
    // A rectangle stays a rectangle.
    select({QRect(1, 1, 2, 2)}, 1, 1);
    mPane->copy(false);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("0.0\t0.0\n0.0\t0.0\n"));
}

void tst_ArrayPane::largeCopyAsksFirst()
{
    const qint64 side = 1500; // 2.25 million cells: more than ArrayPane::kCopyAskCells
    QVERIFY(side * side > ArrayPane::kCopyAskCells);
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("|u1"), &h.dtype, &error));
    h.shape = {side, side};
    h.elementCount = side * side;
    h.dataBytes = side * side;
    const QString path = mDir.filePath(QStringLiteral("large_copy.npy"));
    QVERIFY(npy::saveNpyFile(path, npy::NpyArray(h, QByteArray(h.dataBytes, '\0'))).ok());
    QVERIFY(show(path));
    qint64 asked = 0;
    bool answer = false;
    ArrayPane::setCopyPrompt([&](QWidget *, qint64 cells) {
        asked = cells;
        return answer;
    });
    QApplication::clipboard()->setText(QStringLiteral("before"));
    select({QRect(0, 0, int(side), int(side))}, 0, 0);
    mPane->copy(false);
    QCOMPARE(asked, side * side);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("before"));
    answer = true;
    mPane->copy(false);
    QCOMPARE(QApplication::clipboard()->text().count(QLatin1Char('\n')), side);
    asked = 0;
    select({QRect(0, 0, 10, 10)}, 0, 0);
    mPane->copy(false);
    QCOMPARE(asked, qint64(0));
    ArrayPane::setCopyPrompt([](QWidget *, qint64) { return false; });
}

void tst_ArrayPane::fieldChoiceIsTheCurrentLeaf()
{
    // Picking a field of a record array in the slice bar makes it the current leaf (the one the
    // inspector's statistics are of), also when the table has no current cell after the change.
    QVERIFY(show(npytest::dataPath(QStringLiteral("npz/stats_mixed.npz")), QStringLiteral("records")));
    QSignalSpy leaf(mPane.get(), &ArrayPane::currentLeafChanged);
    QComboBox *fields = mPane->sliceBar()->fieldBox();
    const int n = fields->findText(QStringLiteral("n"));
    QVERIFY(n >= 0);
    fields->setCurrentIndex(n);
    QCOMPARE(mPane->currentLeaf(), 1);
    QVERIFY(!leaf.isEmpty());
    QCOMPARE(leaf.last().at(0).toInt(), 1);
    const int x = fields->findText(QStringLiteral("x"));
    QVERIFY(x >= 0);
    fields->setCurrentIndex(x);
    QCOMPARE(leaf.last().at(0).toInt(), 0);
}

QTEST_MAIN(tst_ArrayPane)
#include "tst_arraypane.moc"
