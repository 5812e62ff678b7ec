// File > Next / Previous File in Folder: the folder's NumPy files in natural order (FolderWalk), a walk through them
// in one window keeping the member, slice, frame, zoom and colours of members of the same shape (and starting afresh
// on others), the "3 of 6" of the title, the unsaved-edits prompt before a step, and the first and last files.
// The files are written by NumPy into a temporary folder.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "folderwalk.h"
#include "heatmapview.h"
#include "mainwindow.h"
#include "opensource.h"
#include "slicebar.h"
#include "stacknavigator.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <cmath>

using namespace npyw;

class TstFolderWalk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void naturalOrder();
    void fileOutsideTheList();
    void walkKeepsWhatFits();
    void titleCounts();
    void firstAndLast();
    void unsavedEditsAsked_data();
    void unsavedEditsAsked();
    void newFilesJoinTheWalk();

private:
    /** Writes the NumPy files of the walk into \a folder (see initTestCase()). */
    static bool writeFolder(const QString &folder);
    /** The window's action \a key. */
    static QAction *action(MainWindow *w, const QString &key);
    /** Triggers \a key (a step) and waits until \a w shows file \a name with its member loaded and drawn. */
    static bool stepTo(MainWindow *w, const QString &key, const QString &name);
    /** The member of \a w's document named \a key (-1: none). */
    static int memberNamed(MainWindow *w, const QString &key);
    /** Waits until the pane shows a loaded table. */
    static bool shown(MainWindow *w);

    QTemporaryDir mDir;
    QString mFolder;
    QList<QPointer<MainWindow>> mWindows;
    int mPrompts = 0;
    QMessageBox::StandardButton mAnswer = QMessageBox::Cancel;
};

void TstFolderWalk::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
    mFolder = mDir.filePath(QStringLiteral("walk"));
    QVERIFY(QDir().mkpath(mFolder));
    QVERIFY(writeFolder(mFolder));
    MainWindow::setSavePrompt([this](MainWindow *, const QString &) {
        ++mPrompts;
        return mAnswer;
    });
}

bool TstFolderWalk::writeFolder(const QString &folder)
{
    // a1, a2, a10: "img" (5, 6, 7) and "other"; b: "img" of another shape; c: no "img"; d.npy: one array; and what
    // the walk leaves out: a text file, a hidden array, a folder.
    QString output;
    const bool ok = npytest::runPython(
        QStringLiteral("import numpy as np, os, sys\n"
                       "d = sys.argv[1]\n"
                       "for i, name in enumerate(['a1', 'a2', 'a10']):\n"
                       "    img = np.arange(210, dtype='<f8').reshape(5, 6, 7) * (i + 1)\n"
                       "    np.savez(os.path.join(d, name + '.npz'), img=img, other=np.arange(3))\n"
                       "np.savez(os.path.join(d, 'b.npz'), other=np.arange(3), img=np.ones((7, 8)))\n"
                       "np.savez(os.path.join(d, 'c.npz'), z=np.zeros((2, 3)))\n"
                       "np.save(os.path.join(d, 'd.npy'), np.ones((5, 6, 7)))\n"
                       "np.save(os.path.join(d, '.hidden.npy'), np.ones(2))\n"
                       "os.mkdir(os.path.join(d, 'sub.npy'))\n"
                       "open(os.path.join(d, 'notes.txt'), 'w').close()\n"),
        {folder}, &output);
    if (!ok)
        qWarning("%s", qPrintable(output));
    return ok;
}

void TstFolderWalk::cleanup()
{
    mAnswer = QMessageBox::Discard;
    npytest::closeWindows(&mWindows);
}

QAction *TstFolderWalk::action(MainWindow *w, const QString &key)
{
    return w->findChild<QAction *>(key);
}

int TstFolderWalk::memberNamed(MainWindow *w, const QString &key)
{
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).key == key)
            return w->document()->memberAt(i).id;
    }
    return -1;
}

bool TstFolderWalk::shown(MainWindow *w)
{
    return QTest::qWaitFor([w]() { return w->pane()->isShowingTable(); }, 10000);
}

bool TstFolderWalk::stepTo(MainWindow *w, const QString &key, const QString &name)
{
    QSignalSpy opened(w, &MainWindow::documentOpened);
    action(w, key)->trigger();
    if (!QTest::qWaitFor([&]() { return !opened.isEmpty(); }, 10000)) {
        qWarning("%s did not open", qPrintable(name));
        return false;
    }
    if (QFileInfo(w->document()->filePath()).fileName() != name) {
        qWarning("stepped to %s, not %s", qPrintable(w->document()->filePath()), qPrintable(name));
        return false;
    }
    if (!shown(w))
        return false;
    // The zoom and the tab follow the member's load in the same turn; the folder's answer comes from the worker.
    QCoreApplication::processEvents();
    return QTest::qWaitFor([w]() { return w->folderWalk()->isListed() && !w->folderWalk()->isListing(); }, 10000);
}

void TstFolderWalk::naturalOrder()
{
    FolderWalk walk;
    QSignalSpy listed(&walk, &FolderWalk::listed);
    walk.setFile(QDir(mFolder).filePath(QStringLiteral("a2.npz")));
    QTRY_VERIFY(walk.isListed());
    QVERIFY(!listed.isEmpty());
    // Numbers as numbers (a2 before a10), then by letter; no text file, hidden file or folder.
    const QStringList expected = {QStringLiteral("a1.npz"), QStringLiteral("a2.npz"), QStringLiteral("a10.npz"),
                                  QStringLiteral("b.npz"), QStringLiteral("c.npz"), QStringLiteral("d.npy")};
    QCOMPARE(walk.names(), expected);
    QCOMPARE(walk.position(), 1);
    QCOMPARE(walk.count(), 6);
    QCOMPARE(walk.neighbour(1), QDir(mFolder).filePath(QStringLiteral("a10.npz")));
    QCOMPARE(walk.neighbour(-1), QDir(mFolder).filePath(QStringLiteral("a1.npz")));
    QCOMPARE(walk.neighbour(4), QDir(mFolder).filePath(QStringLiteral("d.npy")));
    QVERIFY(walk.neighbour(-2).isEmpty());
    QVERIFY(walk.neighbour(5).isEmpty());
    QVERIFY(FolderWalk::lessThan(QStringLiteral("a2.npz"), QStringLiteral("a10.npz")));
    QVERIFY(FolderWalk::lessThan(QStringLiteral("A2.npz"), QStringLiteral("a10.npz")));
    QVERIFY(!FolderWalk::lessThan(QStringLiteral("a10.npz"), QStringLiteral("a2.npz")));
}

void TstFolderWalk::fileOutsideTheList()
{
    // A file that is not a .npy/.npz has no place in the list: a step goes from where it would be.
    FolderWalk walk;
    walk.setFile(QDir(mFolder).filePath(QStringLiteral("b.txt")));
    QTRY_VERIFY(walk.isListed());
    QCOMPARE(walk.position(), -1);
    QCOMPARE(walk.neighbour(1), QDir(mFolder).filePath(QStringLiteral("c.npz")));
    QCOMPARE(walk.neighbour(-1), QDir(mFolder).filePath(QStringLiteral("b.npz")));
}

void TstFolderWalk::walkKeepsWhatFits()
{
    MainWindow *w = npytest::openWindow(QDir(mFolder).filePath(QStringLiteral("a1.npz")), &mWindows);
    QVERIFY(w);
    w->resize(1100, 700);
    w->selectMember(memberNamed(w, QStringLiteral("img")));
    QVERIFY(shown(w));
    // Frame 2 of the stack, zoomed in on part of it, in magma, shown with three digits.
    ArrayPane *pane = w->pane();
    npy::SliceSpec spec = pane->sliceBar()->spec();
    spec.index[0] = 2;
    pane->sliceBar()->setSpec(spec);
    QCOMPARE(pane->model()->slice().index.value(0), 2);
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    QTRY_VERIFY(heatmap->sliceRows() == 6);
    heatmap->setVisibleArea(QRectF(1.0, 1.0, 2.5, 2.0));
    const QRectF zoom = heatmap->visibleArea();
    QVERIFY(zoom.width() < 6.0); // zoomed in, not fitted
    heatmap->setColormap(npy::Colormap::Magma);
    npy::FormatOptions format = pane->format();
    format.precision = 3;
    pane->setFormat(format);
    QTRY_VERIFY(w->folderWalk()->isListed());

    auto sameArea = [](const QRectF &a, const QRectF &b) {
        return std::abs(a.x() - b.x()) < 1e-6 && std::abs(a.y() - b.y()) < 1e-6
               && std::abs(a.width() - b.width()) < 1e-6 && std::abs(a.height() - b.height()) < 1e-6;
    };
    for (const char *name : {"a2.npz", "a10.npz"}) {
        QVERIFY2(stepTo(w, QStringLiteral("nextFile"), QLatin1String(name)), name);
        // The same member, frame, zoom, colours and format.
        pane = w->pane();
        heatmap = w->arrayViews()->heatmap();
        QCOMPARE(pane->memberId(), memberNamed(w, QStringLiteral("img")));
        QCOMPARE(pane->model()->slice(), spec);
        QCOMPARE(pane->sliceBar()->spec(), spec);
        QCOMPARE(w->arrayViews()->navigator()->frame(), qint64(2)); // frame 2 of the stack
        QVERIFY2(sameArea(heatmap->visibleArea(), zoom), name);
        QCOMPARE(heatmap->colormap(), npy::Colormap::Magma);
        QCOMPARE(pane->format().precision, 3);
        QVERIFY(w->arrayViews()->isHeatmapShown());
    }
    // The values shown are the new file's: a10's img is three times a1's ([2, 0, 1] is 85 there).
    QVERIFY(pane->model()->data(pane->model()->index(0, 1)).toString().startsWith(QStringLiteral("255")));

    // b's img has another shape: it is shown, from its default slice, fitted, with the default format.
    QVERIFY(stepTo(w, QStringLiteral("nextFile"), QStringLiteral("b.npz")));
    pane = w->pane();
    heatmap = w->arrayViews()->heatmap();
    const int img = memberNamed(w, QStringLiteral("img"));
    QCOMPARE(pane->memberId(), img);
    QCOMPARE(pane->model()->slice(), npy::SliceSpec::defaultFor(w->document()->memberById(img)->header()));
    QTRY_COMPARE(heatmap->sliceRows(), 7);
    QVERIFY(!sameArea(heatmap->visibleArea(), zoom));
    QVERIFY(heatmap->visibleArea().width() >= 8.0 - 1e-9); // fitted: every column shows
    QCOMPARE(pane->format().precision, npy::FormatOptions().precision);
    QCOMPARE(heatmap->colormap(), npy::Colormap::Magma); // a preference, not the data's

    // c has no img: its first array.
    QVERIFY(stepTo(w, QStringLiteral("nextFile"), QStringLiteral("c.npz")));
    QCOMPARE(w->pane()->memberId(), memberNamed(w, QStringLiteral("z")));
    QVERIFY(w->windowTitle().startsWith(QStringLiteral("c.npz")));
}

void TstFolderWalk::titleCounts()
{
    MainWindow *w = npytest::openWindow(QDir(mFolder).filePath(QStringLiteral("a10.npz")), &mWindows);
    QVERIFY(w);
    QTRY_VERIFY(w->windowTitle().contains(QStringLiteral("3 of 6")));
    QCOMPARE(w->windowTitle(), QStringLiteral("a10.npz[*] — 3 of 6 — NPY Inspector"));
    QVERIFY(stepTo(w, QStringLiteral("previousFile"), QStringLiteral("a2.npz")));
    QCOMPARE(w->windowTitle(), QStringLiteral("a2.npz[*] — 2 of 6 — NPY Inspector"));
}

void TstFolderWalk::firstAndLast()
{
    MainWindow *w = npytest::openWindow(QDir(mFolder).filePath(QStringLiteral("a1.npz")), &mWindows);
    QVERIFY(w);
    QTRY_VERIFY(w->folderWalk()->isListed());
    // No wrapping: at the first file there is no previous one.
    QVERIFY(!action(w, QStringLiteral("previousFile"))->isEnabled());
    QVERIFY(action(w, QStringLiteral("nextFile"))->isEnabled());
    // Arriving at the last file by a step says so, and the step on is disabled.
    MainWindow *last = npytest::openWindow(QDir(mFolder).filePath(QStringLiteral("c.npz")), &mWindows);
    QVERIFY(last);
    QVERIFY(stepTo(last, QStringLiteral("nextFile"), QStringLiteral("d.npy")));
    QTRY_VERIFY(last->statusBar()->currentMessage().contains(QStringLiteral("last NumPy file")));
    QVERIFY(last->statusBar()->currentMessage().contains(QStringLiteral("6 of 6")));
    QVERIFY(!action(last, QStringLiteral("nextFile"))->isEnabled());
    QVERIFY(action(last, QStringLiteral("previousFile"))->isEnabled());
    QCOMPARE(last->windowTitle(), QStringLiteral("d.npy[*] — 6 of 6 — NPY Inspector"));
}

void TstFolderWalk::unsavedEditsAsked_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("moves");
    QTest::addColumn<bool>("saved");
    QTest::newRow("cancel stays") << int(QMessageBox::Cancel) << false << false;
    QTest::newRow("discard moves on") << int(QMessageBox::Discard) << true << false;
    QTest::newRow("save, then moves on") << int(QMessageBox::Save) << true << true;
}

void TstFolderWalk::unsavedEditsAsked()
{
    QFETCH(int, answer);
    QFETCH(bool, moves);
    QFETCH(bool, saved);
    // A folder of its own: saving changes a file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFolder(dir.path()));
    const QString first = QDir(dir.path()).filePath(QStringLiteral("a1.npz"));
    MainWindow *w = npytest::openWindow(first, &mWindows);
    QVERIFY(w);
    w->selectMember(memberNamed(w, QStringLiteral("img")));
    QVERIFY(shown(w));
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("-5")));
    QVERIFY(w->isWindowModified());
    QTRY_VERIFY(w->folderWalk()->isListed());
    mPrompts = 0;
    mAnswer = QMessageBox::StandardButton(answer);
    QSignalSpy opened(w, &MainWindow::documentOpened);
    action(w, QStringLiteral("nextFile"))->trigger();
    QTRY_COMPARE(mPrompts, 1);
    if (moves) {
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(QFileInfo(w->document()->filePath()).fileName(), QStringLiteral("a2.npz"));
        QVERIFY(!w->isWindowModified());
    } else {
        QTest::qWait(200);
        QCOMPARE(opened.count(), 0);
        QCOMPARE(w->document()->filePath(), first);
        QVERIFY(w->isWindowModified());
    }
    // The edit is in the file only when it was saved.
    auto source = npy::openSource(first);
    QVERIFY(source);
    auto img = source.value()->load(source.value()->indexOf(QStringLiteral("img")));
    QVERIFY(img);
    // A stored member's data may sit at any address: read the element with memcpy.
    double first0 = 0;
    std::memcpy(&first0, img.value().data(), sizeof first0);
    QCOMPARE(first0, saved ? -5.0 : 0.0);
}

void TstFolderWalk::newFilesJoinTheWalk()
{
    // Outputs written while one walks through them: a step sees the files written since the folder was read.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(writeFolder(dir.path()));
    MainWindow *w = npytest::openWindow(QDir(dir.path()).filePath(QStringLiteral("a2.npz")), &mWindows);
    QVERIFY(w);
    QTRY_VERIFY(w->folderWalk()->isListed());
    QVERIFY(QFile::copy(QDir(dir.path()).filePath(QStringLiteral("a1.npz")), QDir(dir.path()).filePath(QStringLiteral("a3.npz"))));
    QVERIFY(stepTo(w, QStringLiteral("nextFile"), QStringLiteral("a3.npz")));
    QCOMPARE(w->windowTitle(), QStringLiteral("a3.npz[*] — 3 of 7 — NPY Inspector"));
}

QTEST_MAIN(TstFolderWalk)
#include "tst_folderwalk.moc"
