// The inspector window end to end: opening fixtures, switching members, slicing, editing with
// undo and the modified mark, copy/paste/fill, statistics, save as every format, the quit prompt,
// the reload offer when the file changes on disk, and the recent-files menu.
#include "arraypane.h"
#include "arrayviews.h"
#include "arraytablemodel.h"
#include "document.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "inspectorpanel.h"
#include "journalfile.h"
#include "mainwindow.h"
#include "membermodel.h"
#include "npyheader.h"
#include "opensource.h"
#include "plotview.h"
#include "recentfiles.h"
#include "saver.h"
#include "slicebar.h"
#include "testdata.h"
#include "windowtesting.h"
#include "zipformat.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <sys/resource.h>

using namespace npyw;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void openAndSwitchMembers();
    void emptyWindowHasNothingToCompute();
    void sliceAnNdMember();
    void editUndoAndModifiedMark();
    void copyPasteFillAndSelectionStats();
    void statisticsOnWorker();
    void nonArrayMemberIsExplained();
    void saveAsEveryFormat();
    void failedSaveKeepsEdits();
    void quitPromptCancelDiscardSave();
    void reloadWhenChangedOnDisk();
    void mappedFileShrinks();
    void recentFilesMenu();
    void memberActions();
    void standardShortcutsWithoutTheme_data();
    void standardShortcutsWithoutTheme();
    void saveAsByKeyboard();
    void saveAsDialogCompressionLevels_data();
    void saveAsDialogCompressionLevels();
    void mappedEditIsDrawnAndSaved();
    void truncatedNpyExplainedEverywhere();
    void truncatedNpzSavesItsCompleteMembers();
    void inspectorScrollsInAShortWindow();
    void recoveryPromptTakesEnter();

private:
    MainWindow *openWindow(const QString &path);
    QString copyFixture(const QString &relative, const QString &name = QString());
    void select(MainWindow *w, const QString &key);

    QTemporaryDir mDir;
    QList<QPointer<MainWindow>> mWindows;
    int mPrompts = 0;
    QMessageBox::StandardButton mAnswer = QMessageBox::Cancel;
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
    MainWindow::setSavePrompt([this](MainWindow *, const QString &) {
        ++mPrompts;
        return mAnswer;
    });
}

void tst_MainWindow::cleanup()
{
    mAnswer = QMessageBox::Discard;
    npytest::closeWindows(&mWindows);
}

QString tst_MainWindow::copyFixture(const QString &relative, const QString &name)
{
    const QString target = mDir.filePath(name.isEmpty() ? QFileInfo(relative).fileName() : name);
    QFile::remove(target);
    if (!QFile::copy(npytest::dataPath(relative), target))
        qFatal("cannot copy %s", qPrintable(relative));
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return target;
}

MainWindow *tst_MainWindow::openWindow(const QString &path)
{
    return npytest::openWindow(path, &mWindows);
}

void tst_MainWindow::select(MainWindow *w, const QString &key)
{
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).key == key) {
            w->selectMember(w->document()->memberAt(i).id);
            return;
        }
    }
    QFAIL("no such member");
}

void tst_MainWindow::emptyWindowHasNothingToCompute()
{
    // A window without a file greys Compute Statistics; opening a file makes it available.
    auto *w = new MainWindow;
    w->setAttribute(Qt::WA_DeleteOnClose);
    w->show();
    auto *stats = w->findChild<QAction *>(QStringLiteral("stats"));
    QVERIFY(stats);
    QVERIFY(!stats->isEnabled());
    QSignalSpy opened(w, &MainWindow::documentOpened);
    w->openFile(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(opened.wait(10000));
    QVERIFY(stats->isEnabled());
    w->close();
}

void tst_MainWindow::openAndSwitchMembers()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(w);
    QCOMPARE(w->document()->memberCount(), 4);
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("savez_basic.npz")));
    QAbstractItemModelTester tester(w->memberModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(w->memberModel()->rowCount(), 4);
    // The first array is shown at once (loaded on a worker).
    QTRY_VERIFY(w->pane()->isShowingTable());
    QCOMPARE(w->pane()->model()->rowCount(), 10);
    QCOMPARE(w->pane()->model()->columnCount(), 1);
    select(w, QStringLiteral("counts"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    QCOMPARE(w->pane()->model()->rowCount(), 4);
    QCOMPARE(w->pane()->model()->columnCount(), 6);
    QVERIFY(w->pane()->sliceBar()->isVisibleTo(w));
    select(w, QStringLiteral("mask"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    QCOMPARE(w->pane()->model()->data(w->pane()->model()->index(0, 0)).toString().isEmpty(), false);
    QVERIFY(!w->pane()->sliceBar()->isVisibleTo(w));
    QVERIFY(w->inspector()->metadataText().contains(QStringLiteral("|b1")));
}

void tst_MainWindow::sliceAnNdMember()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npy/f8_fortran_3d.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayTableModel *model = w->pane()->model();
    SliceBar *bar = w->pane()->sliceBar();
    const Member *m = w->document()->memberById(w->pane()->memberId());
    const QList<qint64> shape = m->array.shape();
    QVERIFY(bar->spinBox(0));
    QVERIFY(!bar->spinBox(1));
    bar->spinBox(0)->setValue(int(shape[0] - 1));
    QCOMPARE(model->slice().index[0], shape[0] - 1);
    QCOMPARE(model->data(model->index(0, 0), ArrayTableModel::IndexTextRole).toString(),
             QStringLiteral("(%1, 0, 0)").arg(shape[0] - 1));
    // Swap rows and columns.
    bar->rowAxisBox()->setCurrentIndex(bar->rowAxisBox()->findData(2));
    QTRY_COMPARE(model->slice().rowAxis, 2);
    QCOMPARE(model->slice().colAxis, 1);
    QCOMPARE(qint64(model->rowCount()), shape[2]);
    // Go to an index on any axis.
    QVERIFY(w->pane()->goToIndex({0, shape[1] - 1, shape[2] - 1}));
    QCOMPARE(model->slice().index[0], qint64(0));
    QCOMPARE(w->pane()->table()->currentCell(), qMakePair(shape[2] - 1, shape[1] - 1));
    QString why;
    QVERIFY(!w->pane()->goToIndex({shape[0], 0, 0}, &why));
    QVERIFY(!why.isEmpty());
    QVERIFY(w->pane()->goToIndex({-1}));
    QCOMPARE(model->slice().index[0], shape[0] - 1);
}

void tst_MainWindow::editUndoAndModifiedMark()
{
    MainWindow *w = openWindow(copyFixture(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(w);
    select(w, QStringLiteral("counts"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayTableModel *model = w->pane()->model();
    QVERIFY(!w->isWindowModified());
    QSignalSpy modified(w->document(), &Document::modifiedChanged);
    QVERIFY(model->setData(model->index(1, 2), QStringLiteral("77")));
    QVERIFY(w->isWindowModified());
    QCOMPARE(modified.count(), 1);
    const QModelIndex item = w->memberModel()->indexOfMember(w->pane()->memberId());
    QVERIFY(item.data().toString().endsWith(QStringLiteral(" *")));
    // Undo through the Edit menu's action.
    QAction *undo = nullptr;
    for (QAction *a : w->findChildren<QAction *>()) {
        if (a->shortcut() == QKeySequence(QKeySequence::Undo))
            undo = a;
    }
    QVERIFY(undo);
    QVERIFY(undo->isEnabled());
    QVERIFY(undo->text().contains(QStringLiteral("Edit")));
    undo->trigger();
    QVERIFY(!w->isWindowModified());
    QCOMPARE(modified.count(), 2);
    QVERIFY(!w->memberModel()->indexOfMember(w->pane()->memberId()).data().toString().endsWith(QStringLiteral(" *")));
    w->document()->undoStack()->redo();
    QCOMPARE(model->data(model->index(1, 2)).toString(), QStringLiteral("77"));
}

void tst_MainWindow::copyPasteFillAndSelectionStats()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npy/i4_2d_c.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayPane *pane = w->pane();
    ArrayTableModel *model = pane->model();
    QTableView *table = pane->table()->view();
    QSignalSpy summary(pane, &ArrayPane::selectionSummaryChanged);
    table->selectionModel()->select(QItemSelection(model->index(0, 0), model->index(1, 1)),
                                    QItemSelectionModel::ClearAndSelect);
    table->selectionModel()->setCurrentIndex(model->index(0, 0), QItemSelectionModel::NoUpdate);
    QVERIFY(pane->selectionSummary().startsWith(QStringLiteral("Count: 4")));
    QVERIFY(summary.count() >= 1);
    QVERIFY(pane->fillSelection(QStringLiteral("3")));
    QCOMPARE(pane->selectionSummary(), QStringLiteral("Count: 4  Sum: 12  Mean: 3  Min: 3  Max: 3"));
    QString why;
    QVERIFY(!pane->fillSelection(QStringLiteral("3.5"), &why));
    QVERIFY(!why.isEmpty());
    pane->copy(false);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("3\t3\n3\t3\n"));
    // Paste a block from a spreadsheet at the selection's top-left.
    QVERIFY(pane->pasteText(QStringLiteral("10\t11\r\n12\t13\r\n")));
    QCOMPARE(model->data(model->index(1, 1)).toString(), QStringLiteral("13"));
    QVERIFY(!pane->pasteText(QStringLiteral("1\tfoo\n"), &why));
    QVERIFY(why.contains(QStringLiteral("foo")));
    QCOMPARE(model->data(model->index(0, 1)).toString(), QStringLiteral("11"));
    // Paste from the clipboard.
    QApplication::clipboard()->setText(QStringLiteral("-1\t-2\n"));
    QVERIFY(pane->paste());
    QCOMPARE(model->data(model->index(0, 1)).toString(), QStringLiteral("-2"));
    QCOMPARE(w->document()->undoStack()->count(), 3);
}

void tst_MainWindow::statisticsOnWorker()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npy/f4_some_nan.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QSignalSpy ready(w->inspector(), &InspectorPanel::statisticsReady);
    w->inspector()->startStatistics();
    QVERIFY(ready.wait(10000));
    const npy::ArrayStats s = ready.first().at(1).value<npy::ArrayStats>();
    QVERIFY(s.nanCount > 0);
    QVERIFY(w->inspector()->statisticsText().contains(QStringLiteral("NaN")));
    // Cancel is immediate and leaves no result.
    w->inspector()->startStatistics();
    w->inspector()->cancelStatistics();
    QVERIFY(!w->inspector()->isComputing());
}

void tst_MainWindow::nonArrayMemberIsExplained()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npz/non_array_member.npz")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable()); // "data" first
    select(w, QStringLiteral("readme.txt"));
    QVERIFY(!w->pane()->isShowingTable());
    QVERIFY(w->pane()->messageText().contains(QStringLiteral("not an array")));
    const QModelIndex idx = w->memberModel()->indexOfMember(w->currentMemberId());
    QVERIFY(idx.data(Qt::ForegroundRole).isValid());
    QCOMPARE(w->memberModel()->flags(idx) & Qt::ItemIsEditable, Qt::ItemIsEditable);
}

void tst_MainWindow::saveAsEveryFormat()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(w);
    select(w, QStringLiteral("counts"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("4242")));
    QSignalSpy saved(w, &MainWindow::saved);

    const QString compressed = mDir.filePath(QStringLiteral("saved_c.npz"));
    QVERIFY(w->saveAs(compressed, npy::SaveFormat::NpzCompressed));
    QVERIFY(saved.wait(10000));
    QVERIFY2(saved.last().first().toBool(), qPrintable(saved.last().at(1).toString()));
    QVERIFY(!w->isWindowModified());
    QCOMPARE(w->document()->filePath(), compressed);
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("saved_c.npz")));
    auto src = npy::openSource(compressed);
    QVERIFY(src);
    QCOMPARE(src.value()->members().size(), 4);
    for (const npy::MemberInfo &m : src.value()->members())
        QCOMPARE(m.compression, npy::Compression::Deflated);
    auto counts = src.value()->load(src.value()->indexOf(QStringLiteral("counts")));
    QVERIFY(counts);
    qint32 v;
    std::memcpy(&v, counts.value().data(), 4);
    QCOMPARE(v, 4242);

    const QString stored = mDir.filePath(QStringLiteral("saved_s.npz"));
    QVERIFY(w->saveAs(stored, npy::SaveFormat::NpzStored));
    QVERIFY(saved.wait(10000));
    QVERIFY(saved.last().first().toBool());
    src = npy::openSource(stored);
    QVERIFY(src);
    for (const npy::MemberInfo &m : src.value()->members())
        QCOMPARE(m.compression, npy::Compression::Stored);

    // .npy holds one array: the shown member is written, the document keeps its file.
    const QString one = mDir.filePath(QStringLiteral("counts.npy"));
    QVERIFY(w->saveAs(one, npy::SaveFormat::Npy));
    QVERIFY(saved.wait(10000));
    QVERIFY(saved.last().first().toBool());
    QCOMPARE(w->document()->filePath(), stored);
    src = npy::openSource(one);
    QVERIFY(src);
    QCOMPARE(src.value()->members().first().header.shape, (QList<qint64>{4, 6}));
}

void tst_MainWindow::failedSaveKeepsEdits()
{
    // The kernel stops the save part-way (the file size limit of `ulimit -f`, with SIGXFSZ ignored as
    // main() does): the old file stays byte-identical, no temporary file is left, the window keeps the
    // edit and says what failed; once the limit is lifted the same save goes through.
    npy::ignoreFileSizeSignal();
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"), QStringLiteral("limited.npz"));
    const QByteArray before = npytest::fileDigest(path);
    MainWindow *w = openWindow(path);
    QVERIFY(w);
    select(w, QStringLiteral("counts"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    ArrayTableModel *model = w->pane()->model();
    QVERIFY(model->setData(model->index(1, 2), QStringLiteral("77")));
    QSignalSpy saved(w, &MainWindow::saved);

    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit limited = old;
    limited.rlim_cur = 512; // bytes; the archive is 1220
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    const bool started = w->save();
    const bool finished = saved.wait(10000);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(started);
    QVERIFY(finished);
    QVERIFY(!saved.last().first().toBool());
    const QString error = saved.last().at(1).toString();
    QVERIFY2(error.contains(QStringLiteral("limited.npz")), qPrintable(error));
    auto *box = w->findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY2(box->text() == error, qPrintable(box->text()));
    QVERIFY(box->informativeText().contains(QStringLiteral("edits are kept")));
    QCOMPARE(w->statusBar()->currentMessage(), QStringLiteral("Not saved: ") + error);
    box->close();
    QCOMPARE(npytest::fileDigest(path), before);
    QCOMPARE(QDir(mDir.path()).entryList({QStringLiteral("limited.npz*")}, QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("limited.npz")});
    QVERIFY(w->isWindowModified());
    QCOMPARE(model->data(model->index(1, 2)).toString(), QStringLiteral("77"));
    QVERIFY(w->document()->undoStack()->canUndo());

    QVERIFY(w->save());
    QVERIFY(saved.wait(10000));
    QVERIFY2(saved.last().first().toBool(), qPrintable(saved.last().at(1).toString()));
    QVERIFY(!w->isWindowModified());
    QVERIFY(npytest::fileDigest(path) != before);
}

void tst_MainWindow::quitPromptCancelDiscardSave()
{
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"), QStringLiteral("prompt.npz"));
    QPointer<MainWindow> w = openWindow(path);
    QVERIFY(w);
    select(w, QStringLiteral("x"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("0.25")));
    // Cancel keeps the window and the edit.
    mPrompts = 0;
    mAnswer = QMessageBox::Cancel;
    QVERIFY(!w->close());
    QCOMPARE(mPrompts, 1);
    QVERIFY(w->isVisible());
    QVERIFY(w->isWindowModified());
    QVERIFY(!MainWindow::closeAll());
    QCOMPARE(mPrompts, 2);
    // Save writes the file, then closes.
    mAnswer = QMessageBox::Save;
    w->close();
    QCOMPARE(mPrompts, 3);
    QTRY_VERIFY_WITH_TIMEOUT(!w || !w->isVisible(), 10000);
    auto src = npy::openSource(path);
    QVERIFY(src);
    auto x = src.value()->load(src.value()->indexOf(QStringLiteral("x")));
    QVERIFY(x);
    double v;
    std::memcpy(&v, x.value().data(), 8);
    QCOMPARE(v, 0.25);
    // Discard closes at once; an unmodified window never asks.
    QPointer<MainWindow> w2 = openWindow(path);
    QVERIFY(w2);
    QTRY_VERIFY(w2->pane()->isShowingTable());
    mPrompts = 0;
    QVERIFY(w2->close() || !w2);
    QCOMPARE(mPrompts, 0);
    QPointer<MainWindow> w3 = openWindow(path);
    QVERIFY(w3);
    QTRY_VERIFY(w3->pane()->isShowingTable());
    QVERIFY(w3->pane()->model()->setData(w3->pane()->model()->index(0, 0), QStringLiteral("9")));
    mAnswer = QMessageBox::Discard;
    QVERIFY(MainWindow::closeAll());
    QCOMPARE(mPrompts, 1);
}

void tst_MainWindow::reloadWhenChangedOnDisk()
{
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"), QStringLiteral("watched.npz"));
    MainWindow *w = openWindow(path);
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QVERIFY(!w->reloadBar());
    // Another program replaces the file; its modification time is set apart from the old one, so
    // that the change shows however fast this runs.
    const QDateTime before = QFileInfo(path).lastModified();
    QFile::remove(path);
    QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/positional.npz")), path));
    QVERIFY(npytest::setModifiedTime(path, before.addSecs(2)));
    QTRY_VERIFY_WITH_TIMEOUT(w->reloadBar(), 10000);
    QSignalSpy opened(w, &MainWindow::documentOpened);
    auto *reload = w->findChild<QPushButton *>(QStringLiteral("reloadButton"));
    QVERIFY(reload);
    reload->click();
    QVERIFY(opened.wait(10000));
    QCOMPARE(w->document()->memberCount(), 3);
    QCOMPARE(w->document()->memberAt(0).key, QStringLiteral("arr_0"));
    // Our own save does not offer a reload.
    QTRY_VERIFY(w->pane()->isShowingTable());
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("5")));
    auto *watcher = w->findChild<QFileSystemWatcher *>();
    QVERIFY(watcher);
    QSignalSpy changed(watcher, &QFileSystemWatcher::fileChanged);
    QSignalSpy saved(w, &MainWindow::saved);
    QVERIFY(w->save());
    QVERIFY(saved.wait(10000));
    QVERIFY(saved.last().first().toBool());
    // The watcher may report the replaced file (unless the window re-watched it first); the window looks at
    // it on a 300 ms timer started then. A longer timer started after that one fires after it: then the
    // look has been taken.
    changed.wait(2000);
    for (qsizetype seen = -1; seen != changed.size();) {
        seen = changed.size();
        QTimer after;
        after.setSingleShot(true);
        after.setTimerType(Qt::PreciseTimer);
        QSignalSpy fired(&after, &QTimer::timeout);
        after.start(400);
        QVERIFY(fired.wait(10000));
    }
    QVERIFY(!w->reloadBar());
    // After our save, another program writes the file in place (as np.save does): the bar shows. The
    // watch follows the file the save put there, not the old one a memory map keeps alive.
    const QDateTime ours = QFileInfo(path).lastModified();
    {
        QFile in(npytest::dataPath(QStringLiteral("npz/positional.npz")));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(out.write(in.readAll()) > 0);
    }
    QVERIFY(npytest::setModifiedTime(path, ours.addSecs(2)));
    QTRY_VERIFY_WITH_TIMEOUT(w->reloadBar(), 10000);
}

void tst_MainWindow::mappedFileShrinks()
{
    // Another program truncates a memory-mapped .npy that the window shows: no crash (SIGBUS is
    // caught by core's MapGuard), and the reload bar says the values in the lost part are zeros.
    const QString path = mDir.filePath(QStringLiteral("shrinks.npy"));
    {
        npy::DType f8;
        QString error;
        QVERIFY(npy::DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
        npy::Result<QByteArray> header = npy::buildNpyHeader(f8, {256, 64}, false);
        QVERIFY(header.ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        for (int i = 0; i < 256 * 64; ++i) {
            const double v = 1.0 + i;
            f.write(reinterpret_cast<const char *>(&v), 8);
        }
    }
    MainWindow *w = openWindow(path);
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QVERIFY(w->document()->memberAt(0).array.isMapped());
    const QDateTime before = QFileInfo(path).lastModified();
    QVERIFY(QFile::resize(path, 128)); // the header only
    QVERIFY(npytest::setModifiedTime(path, before.addSecs(2)));
    // What the next repaint reads: rows past the first page of data.
    for (int r = 0; r < 30; ++r)
        w->pane()->model()->index(r, 1).data();
    w->repaint();
    QTRY_VERIFY_WITH_TIMEOUT(w->reloadBar(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(w->reloadBar()->findChild<QLabel *>()->text().contains(QLatin1String("shrank")), 10000);
    QVERIFY(w->document()->memberAt(0).array.mappingLost());
}

void tst_MainWindow::recentFilesMenu()
{
    RecentFiles::clear();
    QVERIFY(RecentFiles::paths().isEmpty());
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"), QStringLiteral("recent.npz"));
    MainWindow *w = openWindow(path);
    QVERIFY(w);
    QCOMPARE(RecentFiles::paths(), QStringList{QFileInfo(path).absoluteFilePath()});

    // Newest first, each path once, at most kMaxRecent.
    QStringList added;
    for (int i = 0; i < RecentFiles::kMaxRecent + 2; ++i) {
        added.prepend(mDir.filePath(QStringLiteral("r%1.npy").arg(i)));
        RecentFiles::add(added.first());
    }
    RecentFiles::add(added.at(3));
    added.move(3, 0);
    QCOMPARE(RecentFiles::paths(), added.mid(0, RecentFiles::kMaxRecent));

    // The menu is filled from the list when it is about to show; Clear List empties it.
    QMenu *menu = nullptr;
    for (QMenu *m : w->findChildren<QMenu *>()) {
        if (m->title() == QLatin1String("Open &Recent"))
            menu = m;
    }
    QVERIFY(menu);
    emit menu->aboutToShow();
    QList<QAction *> actions = menu->actions();
    QCOMPARE(actions.size(), RecentFiles::kMaxRecent + 2); // the paths, a separator, Clear List
    QCOMPARE(actions.first()->text(), QDir::toNativeSeparators(added.first()));
    actions.last()->trigger();
    QVERIFY(RecentFiles::paths().isEmpty());
    emit menu->aboutToShow();
    actions = menu->actions();
    QCOMPARE(actions.size(), 1);
    QVERIFY(!actions.first()->isEnabled());
}

void tst_MainWindow::memberActions()
{
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npz/names.npz")));
    QVERIFY(w);
    MemberModel *model = w->memberModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // 'a/b' and 'dir/sub/deep' are folders.
    bool sawFolder = false;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex idx = model->index(r, 0);
        if (idx.data().toString() == QStringLiteral("dir/")) {
            sawFolder = true;
            QCOMPARE(model->rowCount(idx), 1);
            QCOMPARE(model->index(0, 0, idx).data().toString(), QStringLiteral("sub/"));
        }
    }
    QVERIFY(sawFolder);
    const int before = w->document()->memberCount();
    select(w, QStringLiteral("a/b"));
    const int id = w->currentMemberId();
    // Rename through the tree's editor (F2), as a user would.
    w->memberTree()->setFocus();
    QTest::keyClick(w->memberTree(), Qt::Key_F2);
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(editor && editor != w->memberTree());
    QTest::keyClicks(editor, QStringLiteral("c"), Qt::NoModifier);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(w->document()->memberById(id)->key, QStringLiteral("a/c"));
    // Delete and undo.
    w->document()->removeMember(id);
    QCOMPARE(w->document()->memberCount(), before - 1);
    w->document()->undoStack()->undo();
    QCOMPARE(w->document()->memberCount(), before);
    w->document()->undoStack()->undo();
    QCOMPARE(w->document()->memberById(id)->key, QStringLiteral("a/b"));
    QVERIFY(!w->isWindowModified());
}

void tst_MainWindow::inspectorScrollsInAShortWindow()
{
    // With statistics shown the inspector is taller than its dock in a short window: it scrolls,
    // its rows keep their height (they were squeezed and cut: goog.npz's nbytes, data offset).
    MainWindow *w = openWindow(npytest::dataPath(QStringLiteral("npy/f4_some_nan.npy")));
    QVERIFY(w);
    w->resize(1000, 520);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QSignalSpy ready(w->inspector(), &InspectorPanel::statisticsReady);
    w->inspector()->startStatistics();
    QVERIFY(ready.wait(10000));
    InspectorPanel *panel = w->inspector();
    auto *scroll = qobject_cast<QScrollArea *>(panel->parentWidget() ? panel->parentWidget()->parentWidget() : nullptr);
    QVERIFY(scroll);
    QTRY_VERIFY(panel->height() > scroll->viewport()->height());
    QTRY_VERIFY2(panel->height() >= panel->heightForWidth(panel->width()),
                 qPrintable(QStringLiteral("%1 < %2").arg(panel->height()).arg(panel->heightForWidth(panel->width()))));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

void tst_MainWindow::standardShortcutsWithoutTheme_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QKeySequence>("usual");
    QTest::newRow("open") << QStringLiteral("&Open…") << QKeySequence(Qt::CTRL | Qt::Key_O);
    QTest::newRow("save") << QStringLiteral("&Save") << QKeySequence(Qt::CTRL | Qt::Key_S);
    QTest::newRow("saveAs") << QStringLiteral("Save &As…") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    QTest::newRow("close") << QStringLiteral("&Close") << QKeySequence(Qt::CTRL | Qt::Key_W);
    QTest::newRow("quit") << QStringLiteral("&Quit") << QKeySequence(Qt::CTRL | Qt::Key_Q);
    QTest::newRow("copy") << QStringLiteral("&Copy") << QKeySequence(Qt::CTRL | Qt::Key_C);
    QTest::newRow("paste") << QStringLiteral("&Paste") << QKeySequence(Qt::CTRL | Qt::Key_V);
    QTest::newRow("delete") << QStringLiteral("&Delete") << QKeySequence(Qt::Key_Delete);
}

void tst_MainWindow::standardShortcutsWithoutTheme()
{
    // The offscreen platform has no desktop theme, as a plain X server: QKeySequence::SaveAs is empty.
    QFETCH(QString, text);
    QFETCH(QKeySequence, usual);
    MainWindow *w = openWindow(copyFixture(QStringLiteral("npz/dtypes.npz")));
    QVERIFY(w);
    QAction *found = nullptr;
    for (QAction *a : w->findChildren<QAction *>()) {
        if (a->text() == text && !a->menu())
            found = a;
    }
    QVERIFY(found);
    QVERIFY(!found->shortcut().isEmpty());
    if (text == QStringLiteral("Save &As…"))
        QCOMPARE(found->shortcut(), usual);
}

void tst_MainWindow::saveAsByKeyboard()
{
    MainWindow *w = openWindow(copyFixture(QStringLiteral("npz/dtypes.npz")));
    QVERIFY(w);
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
    bool sawSaveDialog = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&sawSaveDialog]() {
        if (auto *d = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            sawSaveDialog = d->acceptMode() == QFileDialog::AcceptSave;
            d->reject();
        }
    });
    poll.start();
    QTest::keyClick(w, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(sawSaveDialog);
}

void tst_MainWindow::mappedEditIsDrawnAndSaved()
{
    // Issue 16, item 2: the heatmap of a memory-mapped member follows an edit, and is drawn after a save.
    MainWindow *w = openWindow(copyFixture(QStringLiteral("npy/f8_2d_c.npy"), QStringLiteral("mapped_edit.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->isShowingTable());
    const Member *m = w->document()->memberById(w->pane()->memberId());
    QVERIFY(m && m->array.isMapped());
    npyw::HeatmapView *heat = w->arrayViews()->heatmap();
    QTRY_VERIFY(!heat->renderedImage().isNull());
    QVERIFY(heat->rangeStats().max < 12345.0);
    ArrayTableModel *model = w->pane()->model();
    QVERIFY(model->setData(model->index(0, 0), QStringLiteral("12345")));
    QTRY_COMPARE(heat->rangeStats().max, 12345.0);
    QVERIFY(heat->errorText().isEmpty());
    QTRY_VERIFY(!heat->isRendering());
    QVERIFY(!heat->renderedImage().isNull());
    QVERIFY(w->save());
    QTRY_VERIFY(!w->isWindowModified());
    w->arrayViews()->setCurrentWidget(w->arrayViews()->plot());
    w->arrayViews()->setCurrentWidget(heat);
    QTRY_VERIFY(!heat->isRendering());
    QCOMPARE(heat->rangeStats().max, 12345.0);
    QVERIFY(heat->errorText().isEmpty());
    QVERIFY(!heat->renderedImage().isNull());
}

void tst_MainWindow::truncatedNpyExplainedEverywhere()
{
    // Issue 16, item 5: one clear message in every view, nothing left saying "loading" or "select".
    MainWindow *w = openWindow(copyFixture(QStringLiteral("truncated/image_cut75.npy")));
    QVERIFY(w);
    QTRY_VERIFY(w->pane()->messageText().contains(QStringLiteral("truncated")));
    QVERIFY(!w->pane()->isShowingTable());
    npyw::HeatmapView *heat = w->arrayViews()->heatmap();
    QTRY_VERIFY2(heat->errorText().contains(QStringLiteral("truncated")), qPrintable(heat->errorText()));
    const QString meta = w->findChild<InspectorPanel *>()->metadataText();
    QVERIFY2(meta.contains(QStringLiteral("truncated")), qPrintable(meta));
    QVERIFY2(!meta.contains(QStringLiteral("loading")), qPrintable(meta));
}

void tst_MainWindow::truncatedNpzSavesItsCompleteMembers()
{
    // Issue 16, item 6 in the app: a cut archive opens with its complete members and the lost ones
    // listed; Save As writes the complete ones after saying which are left out.
    MainWindow *w = openWindow(copyFixture(QStringLiteral("truncated/stored_cut75.npz")));
    QVERIFY(w);
    QStringList keys;
    for (int i = 0; i < w->document()->memberCount(); ++i)
        keys << w->document()->memberAt(i).key;
    QCOMPARE(keys, (QStringList{QStringLiteral("ramp"), QStringLiteral("counts"), QStringLiteral("tiny"),
                                QStringLiteral("image")}));
    QCOMPARE(w->document()->membersLostIn(npy::SaveFormat::NpzStored), QStringList{QStringLiteral("image")});
    int warned = 0;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&warned]() {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            ++warned;
            box->button(QMessageBox::Save)->click();
        }
    });
    poll.start();
    const QString out = mDir.filePath(QStringLiteral("recovered_in_app.npz"));
    QVERIFY(w->saveAs(out, npy::SaveFormat::NpzStored));
    QTRY_VERIFY(QFileInfo::exists(out) && !w->isSaving());
    QCOMPARE(warned, 1);
    auto saved = npy::openSource(out);
    QVERIFY2(saved.ok(), qPrintable(saved.error()));
    QStringList names;
    for (const npy::MemberInfo &m : saved.value()->members()) {
        QVERIFY2(m.error.isEmpty() && m.warning.isEmpty(), qPrintable(m.error + m.warning));
        names << m.name;
    }
    QCOMPARE(names, (QStringList{QStringLiteral("ramp"), QStringLiteral("counts"), QStringLiteral("tiny")}));
}

void tst_MainWindow::saveAsDialogCompressionLevels_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<bool>("recompressed");
    QTest::newRow("default") << QStringLiteral("Compressed NumPy archive (*.npz)") << false;
    QTest::newRow("fastest") << QStringLiteral("Compressed NumPy archive, fastest compression (*.npz)") << true;
    QTest::newRow("smallest") << QStringLiteral("Compressed NumPy archive, smallest file (*.npz)") << true;
}

void tst_MainWindow::saveAsDialogCompressionLevels()
{
    // Save As offers each compression level as a file type of its own: unedited DEFLATED members are
    // copied raw at the default level and compressed again (our chunk index with them) at the others.
    QFETCH(QString, filter);
    QFETCH(bool, recompressed);
    MainWindow *w = openWindow(copyFixture(QStringLiteral("npz/savez_compressed_basic.npz"),
                                           QStringLiteral("levels_%1.npz").arg(QString::fromLatin1(QTest::currentDataTag()))));
    QVERIFY(w);
    const QString target = mDir.filePath(QStringLiteral("levels_out_%1.npz").arg(QString::fromLatin1(QTest::currentDataTag())));
    bool sawFilter = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&]() {
        if (auto *d = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            sawFilter = d->nameFilters().contains(filter);
            d->selectNameFilter(filter);
            d->selectFile(target);
            static_cast<QDialog *>(d)->accept(); // QFileDialog::accept(), through its public base
        }
    });
    poll.start();
    QSignalSpy saved(w, &MainWindow::saved);
    QAction *saveAs = nullptr;
    for (QAction *a : w->findChildren<QAction *>()) {
        if (a->text() == QStringLiteral("Save &As…"))
            saveAs = a;
    }
    QVERIFY(saveAs);
    QTimer::singleShot(0, saveAs, &QAction::trigger); // the dialog runs modal: the poll answers it
    QVERIFY(saved.wait(20000));
    poll.stop();
    QVERIFY(sawFilter);
    QVERIFY2(saved.last().first().toBool(), qPrintable(saved.last().at(1).toString()));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const npy::Result<npy::zip::Directory> dir = npy::zip::readDirectory(&f, f.size());
    QVERIFY(dir);
    QVERIFY(!dir.value().entries.isEmpty());
    for (const npy::zip::Entry &e : dir.value().entries) {
        QCOMPARE(e.method, quint16(npy::zip::Deflated));
        QCOMPARE(!e.chunks.isEmpty(), recompressed);
    }
}

void tst_MainWindow::recoveryPromptTakesEnter()
{
    // A journal left as a killed session leaves it: edit, keep the journal's bytes, close (Don't Save),
    // put them back.
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"), QStringLiteral("recover.npz"));
    const QByteArray original = npytest::fileDigest(path);
    QString journal;
    QByteArray bytes;
    {
        QPointer<MainWindow> w = openWindow(path);
        QVERIFY(w);
        select(w, QStringLiteral("x"));
        QTRY_VERIFY(w->pane()->isShowingTable());
        QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(3, 0), QStringLiteral("-8.5")));
        w->document()->flushJournal();
        journal = w->document()->journalPath();
        QVERIFY2(journal.startsWith(QDir::homePath() + QStringLiteral("/.qttest/")), qPrintable(journal));
        QFile f(journal);
        QVERIFY(f.open(QIODevice::ReadOnly));
        bytes = f.readAll();
        mAnswer = QMessageBox::Discard;
        w->close();
        QTRY_VERIFY(!w);
        QVERIFY2(!QFileInfo::exists(journal), "Don't Save discards the journal");
    }
    QFile f(journal);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    QCOMPARE(npy::journalsFor(path), QStringList{journal});

    // The real prompt: Recover is the default button, so Enter takes it.
    QString text;
    QStringList buttons;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&]() {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        poll.stop();
        text = box->text();
        for (QAbstractButton *b : box->buttons())
            buttons << b->text();
        buttons.sort(); // the style decides their order
        if (box->defaultButton())
            buttons << QStringLiteral("default: ") + box->defaultButton()->text();
        QTest::keyClick(box, Qt::Key_Return);
    });
    poll.start(50);
    QPointer<MainWindow> w = openWindow(path);
    QVERIFY(w);
    QVERIFY2(text.contains(QStringLiteral("closed with 1 unsaved edit to recover.npz")), qPrintable(text));
    QCOMPARE(buttons, (QStringList{QStringLiteral("&Discard"), QStringLiteral("&Later"), QStringLiteral("&Recover"),
                                   QStringLiteral("default: &Recover")}));
    QTRY_VERIFY(w->isWindowModified());
    QCOMPARE(w->document()->undoStack()->count(), 1);
    const Member *x = nullptr;
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).key == QLatin1String("x"))
            x = &w->document()->memberAt(i);
    }
    QVERIFY(x && x->loaded);
    double v = 0;
    std::memcpy(&v, x->array.element(3), 8);
    QCOMPARE(v, -8.5);
    QCOMPARE(npytest::fileDigest(path), original); // untouched until saved
    QTRY_VERIFY(!QFileInfo::exists(journal));      // the recovered edit is in this window's journal now
    mAnswer = QMessageBox::Discard;
}
