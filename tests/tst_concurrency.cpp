// The window while its worker jobs run: edits during statistics and heatmap renders, closing a window
// while a member loads or while it saves, and one file open in two windows. Nothing may crash, no edit
// may be lost. Run once under ThreadSanitizer (scripts/test.sh --tsan) as well as in the normal suites.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "heatmapview.h"
#include "inspectorpanel.h"
#include "jobpool.h"
#include "mainwindow.h"
#include "npyfile.h"
#include "npyheader.h"
#include "opensource.h"
#include "saver.h"
#include "source.h"
#include "stats.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QApplication>
#include <QDateTime>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUndoStack>

#include <cmath>
#include <cstring>

using namespace npyw;

namespace {

/** Writes a C-order float64 .npy of \a rows x \a cols holding 0, 1, 2, ... */
bool writeRamp(const QString &path, qint64 rows, qint64 cols)
{
    npy::DType f8;
    QString error;
    if (!npy::DType::fromTypeString(QStringLiteral("<f8"), &f8, &error))
        return false;
    npy::Result<QByteArray> header = npy::buildNpyHeader(f8, {rows, cols}, false);
    QFile f(path);
    if (!header.ok() || !f.open(QIODevice::WriteOnly) || f.write(header.value()) != header.value().size())
        return false;
    QList<double> row(cols);
    for (qint64 r = 0; r < rows; ++r) {
        for (qint64 c = 0; c < cols; ++c)
            row[c] = double(r * cols + c);
        const qint64 bytes = cols * qint64(sizeof(double));
        if (f.write(reinterpret_cast<const char *>(row.constData()), bytes) != bytes)
            return false;
    }
    return true;
}

/** The float64 at C-order index \a flat of member \a key (empty: the only one) of \a path, read by core. */
double valueOnDisk(const QString &path, const QString &key, qint64 flat)
{
    npy::Result<std::shared_ptr<const npy::Source>> source = npy::openSource(path);
    if (!source.ok())
        return std::nan("");
    const int index = key.isEmpty() ? 0 : source.value()->indexOf(key);
    npy::Result<npy::NpyArray> array = source.value()->load(index);
    if (!array.ok())
        return std::nan("");
    double v = 0;
    std::memcpy(&v, array.value().element(flat), sizeof v);
    return v;
}

} // namespace

class tst_Concurrency : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void editsWhileStatisticsAndRendersRun();
    void closeWhileLoading_data();
    void closeWhileLoading();
    void closeWhileSaving();
    void sameFileInTwoWindows();

private:
    MainWindow *openWindow(const QString &path);
    /** An archive with one compressed 2048 x 2048 float64 member "big" (32 MiB to inflate). */
    QString bigArchive();

    QTemporaryDir mDir;
    QList<QPointer<MainWindow>> mWindows;
    QMessageBox::StandardButton mAnswer = QMessageBox::Discard;
    QMessageBox::StandardButton mChangedAnswer = QMessageBox::Cancel;
    int mChangedPrompts = 0;
};

void tst_Concurrency::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
    MainWindow::setSavePrompt([this](MainWindow *, const QString &) { return mAnswer; });
    MainWindow::setChangedOnDiskPrompt([this](MainWindow *, const QString &) {
        ++mChangedPrompts;
        return mChangedAnswer;
    });
    QVERIFY(writeRamp(mDir.filePath(QStringLiteral("ramp.npy")), 2048, 2048));
}

void tst_Concurrency::cleanup()
{
    mAnswer = QMessageBox::Discard;
    npytest::closeWindows(&mWindows);
    // Whatever a closed window left running must finish without touching it.
    npyw::jobPool()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

MainWindow *tst_Concurrency::openWindow(const QString &path)
{
    return npytest::openWindow(path, &mWindows);
}

QString tst_Concurrency::bigArchive()
{
    const QString path = mDir.filePath(QStringLiteral("big.npz"));
    if (QFile::exists(path))
        return path;
    npy::Result<npy::NpyArray> ramp = npy::readNpyFile(mDir.filePath(QStringLiteral("ramp.npy")));
    if (!ramp.ok())
        return QString();
    npy::SaveMember m;
    m.key = QStringLiteral("big");
    m.array = ramp.value();
    return npy::saveFile(path, {m}, npy::SaveFormat::NpzCompressed).ok() ? path : QString();
}

void tst_Concurrency::editsWhileStatisticsAndRendersRun()
{
    // Statistics and heatmap renders read the member on workers while the table writes into it:
    // the workers keep the bytes they started with (copy-on-write), the edits all land, and the
    // last statistics see them.
    MainWindow *w = openWindow(mDir.filePath(QStringLiteral("ramp.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayTableModel *model = w->pane()->model();
    const int id = w->currentMemberId();
    QSignalSpy ready(w->inspector(), &InspectorPanel::statisticsReady);
    QSignalSpy rendered(w->arrayViews()->heatmap(), &HeatmapView::renderFinished);
    for (int i = 0; i < 40; ++i) {
        if (i % 4 == 0)
            w->inspector()->startStatistics();
        QVERIFY(model->setData(model->index(i, (i * 7) % 50), QString::number(-1 - i)));
        if (i % 10 == 9)
            w->document()->undoStack()->undo(); // the edit of cell i is undone
        QCoreApplication::processEvents();
    }
    w->inspector()->startStatistics();
    QTRY_VERIFY_WITH_TIMEOUT(!w->inspector()->isComputing(), 30000);
    QVERIFY(!ready.isEmpty());
    QCOMPARE(ready.last().at(0).toInt(), id);
    const npy::ArrayStats s = ready.last().at(1).value<npy::ArrayStats>();
    QCOMPARE(s.count, qint64(2048) * 2048);
    QCOMPARE(s.min, -39.0); // the edits of cells 9, 19, 29 and 39 were undone: cell 38's is the smallest
    QTRY_VERIFY_WITH_TIMEOUT(!rendered.isEmpty(), 30000);
    for (int i = 0; i < 40; ++i) {
        const qint64 expected = i % 10 == 9 ? qint64(i) * 2048 + (i * 7) % 50 : -1 - i;
        QCOMPARE(model->data(model->index(i, (i * 7) % 50)).toString(), QStringLiteral("%1.0").arg(expected));
    }
}

void tst_Concurrency::closeWhileLoading_data()
{
    QTest::addColumn<int>("afterMs");
    QTest::newRow("at once") << 0;
    QTest::newRow("5 ms") << 5;
    QTest::newRow("30 ms") << 30;
}

void tst_Concurrency::closeWhileLoading()
{
    // The member inflates on a worker; the window goes away in the middle. The worker's result
    // must not reach the deleted window or document.
    QFETCH(int, afterMs);
    const QString path = bigArchive();
    QVERIFY(!path.isEmpty());
    QPointer<MainWindow> w = new MainWindow;
    w->show();
    w->openFile(path);
    QTest::qWait(afterMs); // a short deliberate delay: where in the load the close falls
    // The point is a close while the member still inflates; a machine that has inflated all of it by
    // now cannot test that.
    const bool loaded = w->pane() && w->pane()->isShowingTable();
    QVERIFY(w->close());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(!w);
    npyw::jobPool()->waitForDone();
    // What the workers posted is delivered now: nothing may reach the deleted window.
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (loaded)
        QSKIP(qPrintable(QStringLiteral("the member was inflated within %1 ms, before the close").arg(afterMs)));
}

void tst_Concurrency::closeWhileSaving()
{
    // Closing while a save runs waits for it (the close is put off, then done); the edit is in
    // the saved file.
    QFile::remove(mDir.filePath(QStringLiteral("closing.npz")));
    QVERIFY(QFile::copy(bigArchive(), mDir.filePath(QStringLiteral("closing.npz"))));
    const QString path = mDir.filePath(QStringLiteral("closing.npz"));
    QPointer<MainWindow> w = openWindow(path);
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayTableModel *model = w->pane()->model();
    QVERIFY(model->setData(model->index(3, 4), QStringLiteral("-123.5")));
    QSignalSpy saved(w.data(), &MainWindow::saved);
    QVERIFY(w->save());
    QVERIFY(w->isSaving());
    QVERIFY(!w->close()); // put off until the save has finished
    QVERIFY(saved.wait(30000));
    QVERIFY2(saved.last().first().toBool(), qPrintable(saved.last().at(1).toString()));
    QTRY_VERIFY(!w || !w->isVisible());
    QCOMPARE(valueOnDisk(path, QStringLiteral("big"), 3 * 2048 + 4), -123.5);
}

void tst_Concurrency::sameFileInTwoWindows()
{
    // Opening a file that a window already shows brings that window forward: one set of edits per
    // file. Two windows on one file still happen when another program (a second NPY Inspector, say)
    // has it open, as `b` here: when `a` saves an edit, `b`, which has the old file mapped, keeps
    // its own values and edit and is offered a reload; saving asks before replacing a's changes.
    const QString path = mDir.filePath(QStringLiteral("twice.npy"));
    QVERIFY(writeRamp(path, 512, 512));
    // The file as another program left it a while ago: a's save below gives it a new modification
    // time however fast this runs.
    QVERIFY(npytest::setModifiedTime(path, QDateTime::currentDateTime().addSecs(-10)));
    MainWindow *a = openWindow(path);
    QVERIFY(a);
    QTRY_VERIFY(a->pane()->isShowingTable());
    const qsizetype windows = QApplication::topLevelWidgets().size();
    QCOMPARE(MainWindow::openWindow(path), a);
    QCOMPARE(MainWindow::openWindow(QStringLiteral("%1/./twice.npy").arg(mDir.path())), a);
    QCOMPARE(QApplication::topLevelWidgets().size(), windows);

    auto *b = new MainWindow; // as another program would
    mWindows.append(b);
    b->show();
    QSignalSpy opened(b, &MainWindow::documentOpened);
    b->openFile(path);
    QVERIFY(opened.wait(10000));
    QTRY_VERIFY(b->pane()->isShowingTable());
    QVERIFY(b->document()->memberAt(0).array.isMapped());
    QVERIFY(b->pane()->model()->setData(b->pane()->model()->index(1, 1), QStringLiteral("-2")));
    QVERIFY(a->pane()->model()->setData(a->pane()->model()->index(0, 0), QStringLiteral("-1")));
    QSignalSpy savedA(a, &MainWindow::saved);
    QVERIFY(a->save());
    QVERIFY(savedA.wait(10000));
    QVERIFY(savedA.last().first().toBool());
    QCOMPARE(mChangedPrompts, 0); // a's own save is not a change by another program
    QTRY_VERIFY_WITH_TIMEOUT(b->reloadBar(), 10000);
    // b still reads its map of the replaced file: its values and its edit are intact.
    ArrayTableModel *mb = b->pane()->model();
    QCOMPARE(mb->data(mb->index(0, 0)).toString(), QStringLiteral("0.0"));
    QCOMPARE(mb->data(mb->index(1, 1)).toString(), QStringLiteral("-2.0"));
    QCOMPARE(mb->data(mb->index(511, 511)).toString(), QStringLiteral("262143.0"));
    QVERIFY(b->isWindowModified());
    // Saving b would replace a's change: asked first; Cancel keeps the file as a saved it.
    mChangedAnswer = QMessageBox::Cancel;
    QVERIFY(!b->save());
    QCOMPARE(mChangedPrompts, 1);
    QVERIFY(!b->isSaving());
    QCOMPARE(valueOnDisk(path, QString(), 0), -1.0);
    QVERIFY(b->isWindowModified());
    mChangedAnswer = QMessageBox::Save;
    QSignalSpy savedB(b, &MainWindow::saved);
    QVERIFY(b->save());
    QCOMPARE(mChangedPrompts, 2);
    QVERIFY(savedB.wait(10000));
    QVERIFY(savedB.last().first().toBool());
    QCOMPARE(valueOnDisk(path, QString(), 1 * 512 + 1), -2.0);
    QCOMPARE(valueOnDisk(path, QString(), 511 * 512 + 511), 262143.0);
}

QTEST_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
