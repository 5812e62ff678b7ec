// Issues 5 and 6 in the inspector window: the heatmap and plot linked to the table, File > Export
// (folder, .npz, compressed .npz, CSV of a slice or a selection) loaded back by NumPy, hostile
// member names, refusal to overwrite, drag and drop of members both ways, the command line and
// QFileOpenEvent.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "mainwindow.h"
#include "membermodel.h"
#include "membertransfer.h"
#include "npyheader.h"
#include "npzreader.h"
#include "opensource.h"
#include "plotview.h"
#include "slicebar.h"
#include "testdata.h"

#include <QApplication>
#include <QDirIterator>
#include <QFileOpenEvent>
#include <QMimeData>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace npy;
using namespace npyw;

namespace {

QString demoPath()
{
    return QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo.npz");
}

/**
 * Drags \a mime over \a target and drops it there, as QDrag would: Qt delivers a drop to the
 * widget that accepted the drag-enter. True when the drop was accepted.
 */
bool dragAndDrop(QWidget *target, const QMimeData *mime, QPointF pos = QPointF(-1, -1))
{
    if (pos.x() < 0)
        pos = QRectF(target->rect()).center();
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

} // namespace

class tst_Transfer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void heatmapLinkedToTable();
    void oneDimensionalShowsPlot();
    void heatmapFollowsSliceBarAndEdits();
    void heatmapFollowsEditsOfAHugeMember();
    void exportFolderLoadedByNumpy();
    void exportNpzLoadedByNumpy();
    void exportCsvSliceAndSelection();
    void hostileNamesStayInsideFolder();
    void refusesToOverwrite();
    void dragMembersOut();
    void dragWritesNoFileUntilAsked();
    void dropMembersIntoAnotherWindow();
    void dropFilesOnBrowserAddsMembers();
    void commandLineMemberAndFileOpenEvent();
    void commandLineHelpAndVersion();
    // membertransfer on its own, without a window
    void saveMembersForPolicy_data();
    void saveMembersForPolicy();
    void copyMembersIntoDocument_data();
    void copyMembersIntoDocument();
    void copyMembersIntoItself();

private:
    MainWindow *open(const QString &path, const QString &member = QString());
    void select(MainWindow *w, const QString &key);
    bool exportAndWait(MainWindow *w, MainWindow::ExportKind kind, const QString &path, const QList<int> &ids,
                       QString *message = nullptr);
    int idOf(MainWindow *w, const QString &key);

    QTemporaryDir mDir;
    QList<QPointer<MainWindow>> mWindows;
    int mOverwriteAsked = 0;
    bool mOverwriteAnswer = false;
};

void tst_Transfer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
    MainWindow::setSavePrompt([](MainWindow *, const QString &) { return QMessageBox::Discard; });
    MainWindow::setOverwritePrompt([this](MainWindow *, const QStringList &) {
        ++mOverwriteAsked;
        return mOverwriteAnswer;
    });
}

void tst_Transfer::cleanup()
{
    const QWidgetList tops = QApplication::topLevelWidgets();
    for (QWidget *w : tops) {
        if (auto *mw = qobject_cast<MainWindow *>(w))
            mw->close();
    }
    mWindows.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

MainWindow *tst_Transfer::open(const QString &path, const QString &member)
{
    auto *w = new MainWindow;
    mWindows.append(w);
    w->resize(1280, 800);
    w->show();
    QSignalSpy opened(w, &MainWindow::documentOpened);
    QSignalSpy failed(w, &MainWindow::openFailed);
    w->openFile(path, member);
    const bool answered = QTest::qWaitFor([&]() { return !opened.isEmpty() || !failed.isEmpty(); }, 10000);
    if (!answered || opened.isEmpty()) {
        qWarning("cannot open %s: %s", qPrintable(path),
                 failed.isEmpty() ? "not opened within 10 s" : qPrintable(failed.first().first().toString()));
        return nullptr;
    }
    return w;
}

int tst_Transfer::idOf(MainWindow *w, const QString &key)
{
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).key == key)
            return w->document()->memberAt(i).id;
    }
    return -1;
}

void tst_Transfer::select(MainWindow *w, const QString &key)
{
    const int id = idOf(w, key);
    QVERIFY2(id >= 0, qPrintable(key));
    w->selectMember(id);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QTRY_COMPARE(w->pane()->model()->memberId(), id);
}

bool tst_Transfer::exportAndWait(MainWindow *w, MainWindow::ExportKind kind, const QString &path,
                                 const QList<int> &ids, QString *message)
{
    QSignalSpy done(w, &MainWindow::exportFinished);
    if (!w->exportTo(kind, path, ids))
        return false;
    if (!done.wait(20000))
        return false;
    if (message)
        *message = done.last().at(1).toString();
    return done.last().at(0).toBool();
}

void tst_Transfer::heatmapLinkedToTable()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("image"));
    ArrayViews *views = w->arrayViews();
    HeatmapView *heatmap = views->heatmap();
    QVERIFY(!views->isPlotOnly());
    QVERIFY(views->isHeatmapShown());
    QCOMPARE(heatmap->sliceRows(), 256);
    QCOMPARE(heatmap->sliceCols(), 256);

    // A table selection is outlined on the heatmap, in slice coordinates.
    QTableView *table = w->pane()->table()->view();
    table->selectionModel()->select(QItemSelection(table->model()->index(10, 20), table->model()->index(14, 29)),
                                    QItemSelectionModel::ClearAndSelect);
    QCOMPARE(heatmap->selection().size(), 1);
    QCOMPARE(heatmap->selection().first(), (CellRange{10, 20, 5, 10}));
    table->clearSelection();
    QVERIFY(heatmap->selection().isEmpty());

    // Clicking a pixel selects that cell and scrolls the table to it.
    emit heatmap->cellClicked(200, 150);
    QCOMPARE(w->pane()->table()->currentCell(), qMakePair(qint64(200), qint64(150)));
    QVERIFY(table->selectionModel()->isSelected(table->currentIndex()));
    QCOMPARE(heatmap->selection().size(), 1);
    QCOMPARE(heatmap->selection().first(), (CellRange{200, 150, 1, 1}));

    // A real click on the canvas goes the same way.
    heatmap->flushRender();
    QTRY_VERIFY(!heatmap->renderedImage().isNull());
    const QPointF centre = heatmap->sliceToCanvas(QPointF(40.5, 30.5));
    QTest::mouseClick(heatmap->canvas(), Qt::LeftButton, {}, centre.toPoint());
    QCOMPARE(w->pane()->table()->currentCell(), qMakePair(qint64(30), qint64(40)));

    // Hovering shows index and value in the status line; a row plot comes from the context menu's signal.
    emit heatmap->plotRowRequested(5);
    QCOMPARE(views->currentWidget(), views->plot());
    QCOMPARE(views->plot()->count(), 256);
    // Another 2-D member brings the heatmap back.
    select(w, QStringLiteral("mask"));
    QVERIFY(views->isHeatmapShown());
    QCOMPARE(heatmap->sliceRows(), 128);
}

void tst_Transfer::oneDimensionalShowsPlot()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("series"));
    ArrayViews *views = w->arrayViews();
    QVERIFY(views->isPlotOnly());
    QCOMPARE(views->currentWidget(), views->plot());
    QCOMPARE(views->plot()->count(), 10000);
    const Member *m = w->document()->memberById(idOf(w, QStringLiteral("series")));
    double first = 0;
    std::memcpy(&first, m->array.element(0), sizeof first);
    QCOMPARE(views->plot()->valueAt(0), first);
    QCOMPARE(views->heatmap()->sliceRows(), 0);

    // A record array is plotted by the field of the current column.
    select(w, QStringLiteral("records"));
    QVERIFY(views->isPlotOnly());
    w->pane()->table()->goTo(0, w->pane()->model()->columnCount() - 2); // mass
    QTRY_COMPARE(views->plot()->count(), 12);
}

void tst_Transfer::heatmapFollowsSliceBarAndEdits()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("stack"));
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    QCOMPARE(heatmap->sliceRows(), 64);
    QSpinBox *spin = w->pane()->sliceBar()->spinBox(0);
    QVERIFY(spin);
    spin->setValue(7);
    QCOMPARE(heatmap->slice().index.value(0), 7);
    QCOMPARE(w->pane()->model()->slice().index.value(0), 7);

    // An edit redraws (the heatmap holds the edited bytes).
    QSignalSpy rendered(heatmap, &HeatmapView::renderFinished);
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("12345")));
    QTRY_VERIFY(!rendered.isEmpty());
    QCOMPARE(heatmap->rangeStats().max, 12345.0);
    w->document()->undoStack()->undo();
    QTRY_VERIFY(heatmap->rangeStats().max < 12345.0);

    // Repeated edits of a memory-mapped member, with the views redrawing in between, all stay.
    QTemporaryDir d;
    const QString path = d.filePath(QStringLiteral("mapped.npy"));
    QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy")), path));
    MainWindow *mapped = open(path);
    QVERIFY(mapped);
    QTRY_VERIFY(mapped->pane()->isShowingTable());
    ArrayTableModel *model = mapped->pane()->model();
    QVERIFY(model->setData(model->index(0, 0), QStringLiteral("1000000")));
    QTRY_COMPARE(mapped->arrayViews()->heatmap()->rangeStats().max, 1000000.0);
    QVERIFY(model->setData(model->index(0, 1), QStringLiteral("2000000")));
    QTRY_COMPARE(mapped->arrayViews()->heatmap()->rangeStats().max, 2000000.0);
    QCOMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("1000000.0"));
    QCOMPARE(model->data(model->index(0, 1)).toString(), QStringLiteral("2000000.0"));
}

void tst_Transfer::heatmapFollowsEditsOfAHugeMember()
{
    // More than the 512 MiB that edited members used to be copied up to for drawing: the views
    // draw a snapshot that shares the unedited pages, and the document keeps its bytes to itself.
    QTemporaryDir d;
    const QString path = d.filePath(QStringLiteral("huge.npy"));
    npy::DType f8;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    // A stack of 2-D slices: only the slice shown is drawn (its range is exact), the member is big.
    const qint64 depth = 2100, rows = 256, cols = 128;
    npy::Result<QByteArray> header = npy::buildNpyHeader(f8, {depth, rows, cols}, false);
    QVERIFY(header);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        QVERIFY(f.resize(header->size() + depth * rows * cols * 8));
    }
    QVERIFY(depth * rows * cols * 8 > (qint64(512) << 20));
    MainWindow *w = open(path);
    QTRY_VERIFY(w->pane()->isShowingTable());
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    ArrayTableModel *model = w->pane()->model();
    QVERIFY(model->setData(model->index(0, 0), QStringLiteral("7")));
    QTRY_COMPARE_WITH_TIMEOUT(heatmap->rangeStats().max, 7.0, 20000);
    QCOMPARE(heatmap->sliceRows(), rows); // drawn, not cleared with a message
    const Member &m = w->document()->memberAt(0);
    const uchar *own = m.array.data();
    QVERIFY(model->setData(model->index(1, 1), QStringLiteral("9")));
    QTRY_COMPARE_WITH_TIMEOUT(heatmap->rangeStats().max, 9.0, 20000);
    // The second edit wrote into the same bytes: the views held no share of them to detach from.
    QCOMPARE(w->document()->memberAt(0).array.data(), own);
    QCOMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("7.0"));
}

void tst_Transfer::exportFolderLoadedByNumpy()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    const QList<int> ids{idOf(w, QStringLiteral("image")), idOf(w, QStringLiteral("records")),
                         idOf(w, QStringLiteral("dates"))};
    // An edit is exported as edited.
    select(w, QStringLiteral("image"));
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("-7.5")));
    const QString dir = mDir.filePath(QStringLiteral("folder"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::Folder, dir, ids));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/image.npy")));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/records.npy")));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/dates.npy")));
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy here (CI installs python3-numpy)");
    QString out;
    const QString script = QStringLiteral(R"(
import sys, numpy as np
src, d = sys.argv[1], sys.argv[2]
z = np.load(src)
for k in ('image', 'records', 'dates'):
    a = np.load(d + '/' + k + '.npy')
    b = z[k].copy()
    if k == 'image':
        b[0, 0] = -7.5
    assert a.dtype == b.dtype and a.shape == b.shape, k
    assert a.tobytes() == b.tobytes(), k
print('ok')
)");
    QVERIFY2(npytest::runPython(script, {demoPath(), dir}, &out), qPrintable(out));
}

void tst_Transfer::exportNpzLoadedByNumpy()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    const QList<int> ids{idOf(w, QStringLiteral("field")), idOf(w, QStringLiteral("names")),
                         idOf(w, QStringLiteral("stack"))};
    const QString stored = mDir.filePath(QStringLiteral("sub.npz"));
    const QString compressed = mDir.filePath(QStringLiteral("sub_compressed.npz"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::Npz, stored, ids));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::NpzCompressed, compressed, ids));
    QVERIFY(QFileInfo(compressed).size() < QFileInfo(stored).size());
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy here (CI installs python3-numpy)");
    QString out;
    const QString script = QStringLiteral(R"(
import sys, zipfile, numpy as np
src = np.load(sys.argv[1])
for path, method in ((sys.argv[2], zipfile.ZIP_STORED), (sys.argv[3], zipfile.ZIP_DEFLATED)):
    z = np.load(path)
    assert sorted(z.files) == ['field', 'names', 'stack'], z.files
    for k in z.files:
        assert z[k].dtype == src[k].dtype and np.array_equal(z[k], src[k]), k
    assert all(i.compress_type == method for i in zipfile.ZipFile(path).infolist()), path
print('ok')
)");
    QVERIFY2(npytest::runPython(script, {demoPath(), stored, compressed}, &out), qPrintable(out));
}

void tst_Transfer::exportCsvSliceAndSelection()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("stack"));
    w->pane()->sliceBar()->spinBox(0)->setValue(3);
    const QString slice = mDir.filePath(QStringLiteral("slice.csv"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::SliceCsv, slice, {}));
    QTableView *table = w->pane()->table()->view();
    table->selectionModel()->select(QItemSelection(table->model()->index(2, 5), table->model()->index(4, 8)),
                                    QItemSelectionModel::ClearAndSelect);
    const QString selection = mDir.filePath(QStringLiteral("selection.csv"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::SelectionCsv, selection, {}));
    QFile f(selection);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().count('\n'), 3);
    // A 1-D member: one value a line.
    select(w, QStringLiteral("series"));
    const QString series = mDir.filePath(QStringLiteral("series.csv"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::SliceCsv, series, {}));
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy here (CI installs python3-numpy)");
    QString out;
    const QString script = QStringLiteral(R"(
import sys, numpy as np
z = np.load(sys.argv[1])
a = np.loadtxt(sys.argv[2], delimiter=',')
assert np.array_equal(a, z['stack'][3]), 'slice'
b = np.loadtxt(sys.argv[3], delimiter=',')
assert np.array_equal(b, z['stack'][3, 2:5, 5:9]), 'selection'
c = np.loadtxt(sys.argv[4], delimiter=',')
assert np.array_equal(c, z['series']), 'series'
print('ok')
)");
    QVERIFY2(npytest::runPython(script, {demoPath(), slice, selection, series}, &out), qPrintable(out));
}

void tst_Transfer::hostileNamesStayInsideFolder()
{
    MainWindow *w = open(npytest::dataPath(QStringLiteral("hostile_npz/traversal_names.npz")));
    QVERIFY(w);
    QList<int> ids;
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).isArray())
            ids.append(w->document()->memberAt(i).id);
    }
    QVERIFY(ids.size() >= 4);
    QTemporaryDir outer;
    const QString dir = outer.filePath(QStringLiteral("a/b/out"));
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::Folder, dir, ids));
    // Everything written is below the folder, and nothing appeared beside it.
    QStringList inside;
    QDirIterator it(outer.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QVERIFY2(path.startsWith(QDir(dir).absolutePath() + QLatin1Char('/')), qPrintable(path));
        inside.append(path);
    }
    QCOMPARE(inside.size(), ids.size());
    // The same through the drag path.
    std::unique_ptr<QMimeData> mime(membersMimeData(w->document(), ids));
    QCOMPARE(mime->urls().size(), ids.size());
    for (const QUrl &url : mime->urls())
        QVERIFY(QFileInfo::exists(url.toLocalFile()));
}

void tst_Transfer::refusesToOverwrite()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    const QList<int> ids{idOf(w, QStringLiteral("mask")), idOf(w, QStringLiteral("series"))};
    const QString dir = mDir.filePath(QStringLiteral("overwrite"));
    QDir().mkpath(dir);
    QFile existing(dir + QStringLiteral("/series.npy"));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("keep me");
    existing.close();

    mOverwriteAsked = 0;
    mOverwriteAnswer = false;
    QString message;
    QVERIFY(!exportAndWait(w, MainWindow::ExportKind::Folder, dir, ids, &message));
    QCOMPARE(mOverwriteAsked, 1);
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("keep me"));
    existing.close();

    mOverwriteAnswer = true;
    QVERIFY(exportAndWait(w, MainWindow::ExportKind::Folder, dir, ids));
    QCOMPARE(mOverwriteAsked, 2);
    QVERIFY(QFileInfo(existing).size() > 1000);

    // A single target file: asked before anything runs.
    const QString npz = mDir.filePath(QStringLiteral("exists.npz"));
    QFile npzFile(npz);
    QVERIFY(npzFile.open(QIODevice::WriteOnly));
    npzFile.write("keep");
    npzFile.close();
    mOverwriteAnswer = false;
    QVERIFY(!w->exportTo(MainWindow::ExportKind::Npz, npz, ids));
    QCOMPARE(mOverwriteAsked, 3);
    QCOMPARE(QFileInfo(npz).size(), 4);
}

void tst_Transfer::dragMembersOut()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    MemberModel *model = w->memberModel();
    const QModelIndexList indexes{model->indexOfMember(idOf(w, QStringLiteral("image"))),
                                  model->indexOfMember(idOf(w, QStringLiteral("series")))};
    QVERIFY(model->flags(indexes.first()) & Qt::ItemIsDragEnabled);
    QVERIFY(model->mimeTypes().contains(QLatin1String(kMembersMimeType)));
    std::unique_ptr<QMimeData> mime(model->mimeData(indexes));
    QVERIFY(mime);
    QVERIFY(mime->hasFormat(QLatin1String(kMembersMimeType)));
    QCOMPARE(mime->urls().size(), 2);
    QStringList names;
    for (const QUrl &url : mime->urls()) {
        QVERIFY(url.isLocalFile());
        QVERIFY(QFileInfo::exists(url.toLocalFile()));
        names << QFileInfo(url.toLocalFile()).fileName();
    }
    QCOMPARE(names, (QStringList{QStringLiteral("image.npy"), QStringLiteral("series.npy")}));
    DraggedMembers dragged;
    QVERIFY(decodeMembers(mime.get(), &dragged));
    QCOMPARE(dragged.document, quintptr(w->document()));
    QCOMPARE(dragged.ids, (QList<int>{idOf(w, QStringLiteral("image")), idOf(w, QStringLiteral("series"))}));
    // The written files are what NumPy would load: open one as a document of its own.
    MainWindow *other = open(mime->urls().last().toLocalFile());
    QVERIFY(other);
    QCOMPARE(other->document()->memberCount(), 1);
    QCOMPARE(other->document()->memberAt(0).header().shapeText(), QStringLiteral("(10000,)"));
}

void tst_Transfer::dragWritesNoFileUntilAsked()
{
    MainWindow *w = open(demoPath());
    const int image = idOf(w, QStringLiteral("image"));
    const int series = idOf(w, QStringLiteral("series"));
    const QModelIndexList indexes{w->memberModel()->indexOfMember(image), w->memberModel()->indexOfMember(series)};
    std::unique_ptr<QMimeData> mime(w->memberModel()->mimeData(indexes));
    auto *members = qobject_cast<MembersMimeData *>(mime.get());
    QVERIFY(members);
    // The drag has started: it offers files, but none is written yet.
    QVERIFY(mime->hasUrls());
    QVERIFY(mime->formats().contains(QStringLiteral("text/uri-list")));
    QVERIFY(!members->filesWritten());
    QVERIFY(!members->folder().isEmpty());
    QVERIFY(!QFileInfo::exists(members->folder()));
    // An edit made after the drag started does not reach the files: they hold the dragged state.
    select(w, QStringLiteral("series"));
    const QString before = w->pane()->model()->index(0, 0).data().toString();
    QVERIFY(w->pane()->model()->setData(w->pane()->model()->index(0, 0), QStringLiteral("12345")));
    // Decoding the private type (a drop on another inspector window) writes nothing either.
    DraggedMembers dragged;
    QVERIFY(decodeMembers(mime.get(), &dragged));
    QVERIFY(!members->filesWritten());
    QVERIFY(!QFileInfo::exists(members->folder()));
    // A file manager asks for the urls as text: now they are written.
    const QByteArray uriList = mime->data(QStringLiteral("text/uri-list"));
    QVERIFY(members->filesWritten());
    QVERIFY2(members->error().isEmpty(), qPrintable(members->error()));
    QVERIFY(uriList.contains("image.npy"));
    QCOMPARE(mime->urls().size(), 2);
    for (const QUrl &url : mime->urls()) {
        QVERIFY(url.toLocalFile().startsWith(members->folder() + QLatin1Char('/')));
        QVERIFY(QFileInfo::exists(url.toLocalFile()));
    }
    MainWindow *other = open(mime->urls().last().toLocalFile());
    QCOMPARE(other->document()->memberCount(), 1);
    select(other, QStringLiteral("series"));
    QCOMPARE(other->pane()->model()->index(0, 0).data().toString(), before);
}

void tst_Transfer::dropMembersIntoAnotherWindow()
{
    MainWindow *from = open(demoPath());
    QVERIFY(from);
    MainWindow *to = open(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(to);
    const int before = to->document()->memberCount();
    // An edited member comes along with its edit.
    select(from, QStringLiteral("mask"));
    QVERIFY(from->pane()->model()->setData(from->pane()->model()->index(0, 0), QStringLiteral("99")));
    const QModelIndexList indexes{from->memberModel()->indexOfMember(idOf(from, QStringLiteral("mask"))),
                                  from->memberModel()->indexOfMember(idOf(from, QStringLiteral("image")))};
    std::unique_ptr<QMimeData> mime(from->memberModel()->mimeData(indexes));

    // Dropped on its own window: not copied. On its own browser (below the rows) they move to the end, one step.
    QVERIFY(!from->dropMime(mime.get(), true));
    QTreeView *tree = from->memberTree();
    const QRect last = tree->visualRect(from->memberModel()->index(from->memberModel()->rowCount() - 1, 0));
    QVERIFY(last.bottom() + 8 < tree->viewport()->height());
    QVERIFY(dragAndDrop(tree->viewport(), mime.get(), QPointF(20, last.bottom() + 6)));
    QCOMPARE(from->document()->memberCount(), 8);
    QCOMPARE(from->document()->memberAt(6).key, QStringLiteral("image"));
    QCOMPARE(from->document()->memberAt(7).key, QStringLiteral("mask"));
    QCOMPARE(from->document()->undoStack()->text(from->document()->undoStack()->index() - 1),
             QStringLiteral("Move 2 Members"));
    from->document()->undoStack()->undo();

    // Dropped on the other window's browser, through real drag events.
    QVERIFY(dragAndDrop(to->memberTree()->viewport(), mime.get()));
    QCOMPARE(to->document()->memberCount(), before + 2);
    QCOMPARE(to->document()->undoStack()->count(), 1); // one undoable command
    QVERIFY(to->document()->isModified());
    // "mask" existed already: the copy got a unique key; its edit came along.
    const Member &copied = to->document()->memberAt(before);
    QVERIFY(copied.key.startsWith(QStringLiteral("mask")) && copied.key != QStringLiteral("mask"));
    QVERIFY(to->document()->loadMemberNow(copied.id));
    qint32 v = 0;
    std::memcpy(&v, copied.array.element(0), sizeof v);
    QCOMPARE(v, 99);
    QCOMPARE(to->document()->memberAt(before + 1).key, QStringLiteral("image"));
    to->document()->undoStack()->undo();
    QCOMPARE(to->document()->memberCount(), before);
    to->document()->undoStack()->redo();
    QCOMPARE(to->document()->memberCount(), before + 2);

    // Saved, the copies are real members of the new file.
    const QString saved = mDir.filePath(QStringLiteral("with_copies.npz"));
    QVERIFY(to->document()->saveNow(saved, npy::SaveFormat::NpzStored));
    auto reopened = npy::openSource(saved);
    QVERIFY(reopened);
    QCOMPARE(reopened.value()->members().size(), before + 2);

    // Dropped on the other window itself (not the browser): copied as well.
    MainWindow *third = open(npytest::dataPath(QStringLiteral("npz/positional.npz")));
    QVERIFY(third);
    const int thirdBefore = third->document()->memberCount();
    QVERIFY(dragAndDrop(third, mime.get()));
    QCOMPARE(third->document()->memberCount(), thirdBefore + 2);
}

void tst_Transfer::dropFilesOnBrowserAddsMembers()
{
    MainWindow *w = open(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(w);
    const int before = w->document()->memberCount();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy")))});
    QSignalSpy added(w->document(), &Document::membersAdded);
    QVERIFY(dragAndDrop(w->memberTree()->viewport(), &mime));
    QVERIFY(added.wait(10000));
    QVERIFY(added.last().at(1).toBool());
    QCOMPARE(w->document()->memberCount(), before + 1);
    QCOMPARE(w->document()->memberAt(before).key, QStringLiteral("f8_2d_c"));
    w->document()->undoStack()->undo();
    QCOMPARE(w->document()->memberCount(), before);
}

void tst_Transfer::commandLineMemberAndFileOpenEvent()
{
    MainWindow *w = MainWindow::openWindow(demoPath(), QStringLiteral("stack"));
    mWindows.append(w);
    QTRY_VERIFY(w->currentMemberId() >= 0 && w->document()->memberById(w->currentMemberId())->key
                                                 == QStringLiteral("stack"));
    QTRY_VERIFY(w->pane()->isShowingTable());
    QCOMPARE(w->pane()->model()->totalRows(), 64);
    QVERIFY(!w->windowIcon().isNull());

    // macOS hands files over as QFileOpenEvent.
    MainWindow::handleFileOpenEvents(QCoreApplication::instance());
    const int windows = int(QApplication::topLevelWidgets().size());
    const QString path = npytest::dataPath(QStringLiteral("npz/savez_basic.npz"));
    QFileOpenEvent event(path);
    QCoreApplication::sendEvent(QCoreApplication::instance(), &event);
    MainWindow *opened = nullptr;
    QTRY_VERIFY([&]() {
        const QWidgetList tops = QApplication::topLevelWidgets();
        for (QWidget *t : tops) {
            auto *mw = qobject_cast<MainWindow *>(t);
            if (mw && mw->document() && mw->document()->filePath() == path)
                opened = mw;
        }
        return opened != nullptr;
    }());
    QVERIFY(QApplication::topLevelWidgets().size() > windows);
}

void tst_Transfer::commandLineHelpAndVersion()
{
    QProcess p;
    p.start(QStringLiteral(NPY_INSPECTOR_PATH), {QStringLiteral("--help")});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    const QString help = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(help.contains(QStringLiteral("--member")) && help.contains(QStringLiteral("FILE...")), qPrintable(help));
    p.start(QStringLiteral(NPY_INSPECTOR_PATH), {QStringLiteral("--version")});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).startsWith(QStringLiteral("NPY Inspector ")));
}

namespace {

/** A document over \a relative (below tests/data), or null. */
std::unique_ptr<Document> documentOf(const QString &relative)
{
    auto src = npy::openSource(npytest::dataPath(relative));
    if (!src.ok()) {
        qWarning("%s", qPrintable(src.error()));
        return nullptr;
    }
    return std::make_unique<Document>(src.value());
}

int idIn(const Document &d, const QString &key)
{
    for (int i = 0; i < d.memberCount(); ++i) {
        if (d.memberAt(i).key == key)
            return d.memberAt(i).id;
    }
    return -1;
}

/** Writes \a bytes at byte offset 0 of member \a key of \a d (loading it first), as an undoable edit. */
bool editFirstBytes(Document *d, const QString &key, const QByteArray &bytes)
{
    const int id = idIn(*d, key);
    return id >= 0 && d->loadMemberNow(id) && d->setValues(id, {0}, {bytes}, QStringLiteral("edit"));
}

QByteArray dataBytes(const npy::NpyArray &a)
{
    return QByteArray(reinterpret_cast<const char *>(a.data()), qsizetype(a.nbytes()));
}

/** The stored (possibly compressed) bytes of member \a index of the archive \a path. */
QByteArray storedBytesOf(const QString &path, int index)
{
    auto src = npy::openNpz(path);
    npy::RawMember raw;
    if (!src.ok() || !npy::rawMember(*src.value(), index, &raw))
        return QByteArray();
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(raw.dataOffset))
        return QByteArray();
    return f.read(raw.compressedSize);
}

} // namespace

void tst_Transfer::saveMembersForPolicy_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("edited");      // the key of a member edited first, if any
    QTest::addColumn<QStringList>("loaded");  // members loaded first (their arrays come along)
    QTest::addColumn<QStringList>("keys");    // what saveMembersFor gives, in order
    QTest::addColumn<QStringList>("raw");     // of those, the ones copied raw (modified false)

    const QStringList basic{QStringLiteral("x"), QStringLiteral("counts"), QStringLiteral("mask"), QStringLiteral("f")};
    const int stored = int(npy::SaveFormat::NpzStored);
    const int deflated = int(npy::SaveFormat::NpzCompressed);
    QTest::newRow("stored, kept stored: all raw") << QStringLiteral("npz/savez_basic.npz") << stored << QString()
                                                  << QStringList() << basic << basic;
    QTest::newRow("stored, now deflated: none raw") << QStringLiteral("npz/savez_basic.npz") << deflated << QString()
                                                    << QStringList() << basic << QStringList();
    QTest::newRow("deflated, kept deflated: all raw") << QStringLiteral("npz/savez_compressed_basic.npz") << deflated
                                                      << QString() << basic << basic << basic;
    QTest::newRow("deflated, now stored: none raw") << QStringLiteral("npz/savez_compressed_basic.npz") << stored
                                                    << QString() << basic << basic << QStringList();
    QTest::newRow("an edited member is re-encoded")
        << QStringLiteral("npz/savez_basic.npz") << stored << QStringLiteral("counts") << QStringList() << basic
        << QStringList{QStringLiteral("x"), QStringLiteral("mask"), QStringLiteral("f")};
    QTest::newRow("an edited deflated member is re-encoded")
        << QStringLiteral("npz/savez_compressed_basic.npz") << deflated << QStringLiteral("x") << QStringList() << basic
        << QStringList{QStringLiteral("counts"), QStringLiteral("mask"), QStringLiteral("f")};
    QTest::newRow("from a .npy: written") << QStringLiteral("npy/i4_2d_c.npy") << stored << QString() << QStringList()
                                          << QStringList{QStringLiteral("i4_2d_c")} << QStringList();
    // readme.txt, folder/ and fake (a bad header) are not arrays; noext is one, deflated.
    QTest::newRow("non-arrays left out") << QStringLiteral("npz/non_array_member.npz") << stored << QString()
                                         << QStringList() << QStringList{QStringLiteral("data"), QStringLiteral("noext")}
                                         << QStringList{QStringLiteral("data")};
}

void tst_Transfer::saveMembersForPolicy()
{
    QFETCH(QString, file);
    QFETCH(int, format);
    QFETCH(QString, edited);
    QFETCH(QStringList, loaded);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, raw);
    std::unique_ptr<Document> doc = documentOf(file);
    QVERIFY(doc);
    if (!edited.isEmpty())
        QVERIFY(editFirstBytes(doc.get(), edited, QByteArray(1, '\x7f')));
    for (const QString &key : loaded)
        QVERIFY(doc->loadMemberNow(idIn(*doc, key)));
    QList<int> ids;
    for (int i = 0; i < doc->memberCount(); ++i)
        ids.append(doc->memberAt(i).id);

    const QList<npy::SaveMember> members = saveMembersFor(*doc, ids, npy::SaveFormat(format));
    QStringList gotKeys, gotRaw;
    for (const npy::SaveMember &m : members) {
        gotKeys.append(m.key);
        const Member *from = doc->memberById(idIn(*doc, m.key));
        QVERIFY(from);
        // Copied raw: read from the source (not modified) in the encoding it has there (npy::planMemberSave).
        if (!m.modified && m.source && m.source->format() == npy::FileFormat::Npz
            && from->info.compression == m.compression)
            gotRaw.append(m.key);
        QCOMPARE(m.compression, npy::SaveFormat(format) == npy::SaveFormat::NpzCompressed ? npy::Compression::Deflated
                                                                                          : npy::Compression::Stored);
        QVERIFY(m.source == from->source);
        QCOMPARE(m.sourceIndex, from->sourceIndex);
        // A loaded (maybe edited) member brings its array; an unloaded one is loaded when written.
        QCOMPARE(m.array.isNull(), !from->loaded);
        if (from->loaded)
            QCOMPARE(dataBytes(m.array), dataBytes(from->array));
    }
    QCOMPARE(gotKeys, keys);
    QCOMPARE(gotRaw, raw);

    // Written: every member reads back as the document has it; raw copies keep their stored bytes.
    const QString tag = QString::fromUtf8(QTest::currentDataTag()).replace(QRegularExpression(QStringLiteral("\\W+")),
                                                                           QStringLiteral("_"));
    const QString path = mDir.filePath(QStringLiteral("policy_%1.npz").arg(tag));
    const npy::Status st = saveMembers(path, members, npy::SaveFormat(format));
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto back = npy::openNpz(path);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value()->members().size(), members.size());
    for (int i = 0; i < members.size(); ++i) {
        const npy::MemberInfo &info = back.value()->members()[i];
        QCOMPARE(info.name, members[i].key);
        QCOMPARE(info.compression, members[i].compression);
        const int id = idIn(*doc, members[i].key);
        QVERIFY(doc->loadMemberNow(id));
        auto a = back.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(dataBytes(a.value()), dataBytes(doc->memberById(id)->array));
        if (raw.contains(members[i].key))
            QCOMPARE(storedBytesOf(path, i), storedBytesOf(npytest::dataPath(file), members[i].sourceIndex));
    }
}

void tst_Transfer::copyMembersIntoDocument_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QStringList>("copy");    // keys in `from`, in the order given
    QTest::addColumn<QString>("edited");      // a key of `from` edited before the copy
    QTest::addColumn<QStringList>("newKeys"); // the keys the copies get in `to`
    QTest::newRow("new keys") << QStringLiteral("npz/savez_basic.npz") << QStringLiteral("npz/positional.npz")
                              << QStringList{QStringLiteral("counts"), QStringLiteral("x")} << QString()
                              << QStringList{QStringLiteral("counts"), QStringLiteral("x")};
    QTest::newRow("clashing keys") << QStringLiteral("npz/positional.npz") << QStringLiteral("npz/positional.npz")
                                   << QStringList{QStringLiteral("arr_0"), QStringLiteral("arr_2")} << QString()
                                   << QStringList{QStringLiteral("arr_0_1"), QStringLiteral("arr_2_1")};
    QTest::newRow("the same member twice") << QStringLiteral("npz/positional.npz") << QStringLiteral("npz/positional.npz")
                                           << QStringList{QStringLiteral("arr_1"), QStringLiteral("arr_1")} << QString()
                                           << QStringList{QStringLiteral("arr_1_1"), QStringLiteral("arr_1_2")};
    QTest::newRow("an edit comes along") << QStringLiteral("npz/savez_basic.npz") << QStringLiteral("npz/savez_basic.npz")
                                         << QStringList{QStringLiteral("counts")} << QStringLiteral("counts")
                                         << QStringList{QStringLiteral("counts_1")};
    QTest::newRow("a non-array member") << QStringLiteral("npz/non_array_member.npz")
                                        << QStringLiteral("npz/savez_basic.npz")
                                        << QStringList{QStringLiteral("readme.txt"), QStringLiteral("data")} << QString()
                                        << QStringList{QStringLiteral("readme.txt"), QStringLiteral("data")};
}

void tst_Transfer::copyMembersIntoDocument()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QStringList, copy);
    QFETCH(QString, edited);
    QFETCH(QStringList, newKeys);
    std::unique_ptr<Document> source = documentOf(from);
    std::unique_ptr<Document> target = documentOf(to);
    QVERIFY(source && target);
    if (!edited.isEmpty())
        QVERIFY(editFirstBytes(source.get(), edited, QByteArray(1, '\x63')));
    QList<int> ids;
    for (const QString &key : copy)
        ids.append(idIn(*source, key));
    const int before = target->memberCount();
    QStringList keysBefore;
    for (int i = 0; i < before; ++i)
        keysBefore.append(target->memberAt(i).key);

    const QList<int> added = copyMembersInto(target.get(), *source, ids);
    QCOMPARE(added.size(), copy.size());
    QCOMPARE(target->memberCount(), before + copy.size());
    QCOMPARE(target->undoStack()->count(), 1); // one undo step for them all
    QVERIFY(target->isModified());
    for (int i = 0; i < copy.size(); ++i) {
        const Member &m = target->memberAt(before + i); // appended, in the order given
        QCOMPARE(m.id, added[i]);
        QCOMPARE(m.key, newKeys[i]);
        const Member *original = source->memberById(ids[i]);
        QCOMPARE(m.info.isArray, original->info.isArray);
        if (!m.isArray()) {
            auto a = m.source->readRaw(m.sourceIndex);
            auto b = original->source->readRaw(original->sourceIndex);
            QVERIFY(a.ok() && b.ok());
            QCOMPARE(a.value(), b.value());
            continue;
        }
        QVERIFY(target->loadMemberNow(m.id));
        QVERIFY(source->loadMemberNow(ids[i]));
        QCOMPARE(dataBytes(target->memberById(m.id)->array), dataBytes(original->array));
        if (copy[i] == edited)
            QCOMPARE(target->memberById(m.id)->array.data()[0], uchar(0x63));
    }
    // The copies are the target's own: editing one leaves the source as it was.
    const Member &first = target->memberAt(before);
    if (first.isArray()) {
        const QByteArray sourceData = dataBytes(source->memberById(ids[0])->array);
        QVERIFY(target->setValues(first.id, {0}, {QByteArray(1, '\x11')}, QStringLiteral("edit copy")));
        QCOMPARE(dataBytes(source->memberById(ids[0])->array), sourceData);
        target->undoStack()->undo();
    }
    // Undo takes them all out, redo puts them back.
    target->undoStack()->undo();
    QCOMPARE(target->memberCount(), before);
    QStringList keysAfter;
    for (int i = 0; i < before; ++i)
        keysAfter.append(target->memberAt(i).key);
    QCOMPARE(keysAfter, keysBefore);
    target->undoStack()->redo();
    QCOMPARE(target->memberCount(), before + copy.size());
    QCOMPARE(target->memberAt(before).key, newKeys.first());
    QCOMPARE(source->memberCount(), documentOf(from)->memberCount());
}

void tst_Transfer::copyMembersIntoItself()
{
    std::unique_ptr<Document> doc = documentOf(QStringLiteral("npz/savez_basic.npz"));
    QVERIFY(doc);
    const int before = doc->memberCount();
    QVERIFY(copyMembersInto(doc.get(), *doc, {idIn(*doc, QStringLiteral("x"))}).isEmpty());
    QCOMPARE(doc->memberCount(), before);
    QCOMPARE(doc->undoStack()->count(), 0);
    // Unknown ids copy nothing either.
    std::unique_ptr<Document> other = documentOf(QStringLiteral("npz/positional.npz"));
    QVERIFY(other);
    QVERIFY(copyMembersInto(other.get(), *doc, {-5, 12345}).isEmpty());
    QCOMPARE(other->undoStack()->count(), 0);
}

QTEST_MAIN(tst_Transfer)
#include "tst_transfer.moc"
