// The inspector window itself: its docks, central area and status bar, and the document it shows.
#include "mainwindow.h"
#include "mainwindow_p.h"

#include "arrayeditor.h"
#include "membermaker.h"
#include "arraypane.h"
#include "arrayviews.h"
#include "document.h"
#include "filewatch.h"
#include "folderwalk.h"
#include "heatmapview.h"
#include "inspectorpanel.h"
#include "memberfilter.h"
#include "membermodel.h"
#include "pickleview.h"
#include "recentfiles.h"
#include "stdininput.h"
#include "viewcarry.h"

#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFrame>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTreeView>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace npyw;

namespace mainwindow_p {

void showError(QWidget *parent, const QString &title, const QString &text, const QString &informative)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setInformativeText(informative);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal, never blocks the event loop
}

QString saveFailureNote()
{
    return QCoreApplication::translate("MainWindow",
                                       "Nothing was written over the file at that path, and your edits are kept.");
}

} // namespace mainwindow_p

using namespace mainwindow_p;


MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/" NPY_APP_ID ".svg")));
    WindowRegistry::add(this);
    mUndoGroup = new QUndoGroup(this);

    mTree = new QTreeView(this);
    mTree->setObjectName(QStringLiteral("memberTree"));
    mTree->setUniformRowHeights(true);
    mTree->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    mTree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Members drag out as .npy files (and as members for other windows); drops are handled in eventFilter().
    mTree->setDragEnabled(true);
    mTree->setDragDropMode(QAbstractItemView::DragDrop);
    mTree->setDefaultDropAction(Qt::CopyAction);
    mTree->setAcceptDrops(true);
    mTree->viewport()->installEventFilter(this);
    mMembersDock = new QDockWidget(tr("Members"), this);
    mMembersDock->setObjectName(QStringLiteral("membersDock"));
    mMembersDock->setWidget(npyw::MemberFilter::withFilter(mTree));
    addDockWidget(Qt::LeftDockWidgetArea, mMembersDock);
    mInspectorDock = new QDockWidget(tr("Inspector"), this);
    mInspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    // The inspector goes under the browser, leaving the width to the table and the heatmap.
    addDockWidget(Qt::LeftDockWidgetArea, mInspectorDock);
    splitDockWidget(mMembersDock, mInspectorDock, Qt::Vertical);

    // Central area: the reload offer above the table pane.
    auto *central = new QWidget(this);
    auto *cl = new QVBoxLayout(central);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(0);
    mFileWatch = new FileWatch(central, this);
    connect(mFileWatch, &FileWatch::reloadRequested, this, &MainWindow::reload);
    cl->addWidget(mFileWatch->bar());
    // The table pane and the heatmap/plot tabs side by side (both replaced per document).
    mSplitter = new QSplitter(Qt::Horizontal, central);
    mSplitter->setObjectName(QStringLiteral("viewSplitter"));
    mSplitter->setChildrenCollapsible(true);
    // In its place, a pickled member or a value inside one (read-only, in a private document).
    mCentralStack = new QStackedWidget(central);
    mCentralStack->addWidget(mSplitter);
    mValueView = new npyw::PickleView(mCentralStack);
    mCentralStack->addWidget(mValueView);
    cl->addWidget(mCentralStack, 1);
    setCentralWidget(central);

    mFileStatus = new QLabel(this);
    mCursorStatus = new QLabel(this);
    mSelectionStatus = new QLabel(this);
    mBusyProgress = new QProgressBar(this);
    mBusyProgress->setRange(0, 1000);
    mBusyProgress->setMaximumWidth(160);
    mBusyProgress->hide();
    mBusyCancel = new QPushButton(tr("Cancel"), this);
    mBusyCancel->hide();
    statusBar()->addWidget(mFileStatus, 1);
    statusBar()->addWidget(mCursorStatus, 1);
    statusBar()->addPermanentWidget(mSelectionStatus);
    statusBar()->addPermanentWidget(mBusyProgress);
    statusBar()->addPermanentWidget(mBusyCancel);
    connect(mValueView, &npyw::PickleView::panesReset, this, [this]() {
        if (isShowingValue())
            showInspectorOf(true);
    });
    connect(mValueView, &npyw::PickleView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(mValueView, &npyw::PickleView::cursorChanged, mCursorStatus, &QLabel::setText);
    connect(mValueView, &npyw::PickleView::hovered, mCursorStatus, &QLabel::setText);
    connect(mValueView, &npyw::PickleView::selectionSummaryChanged, mSelectionStatus, &QLabel::setText);
    connect(mBusyCancel, &QPushButton::clicked, this, [this]() {
        if (mArrayEditor && mArrayEditor->isWorking())
            mArrayEditor->cancel();
        else if (mDocument)
            mDocument->cancelSave();
    });

    mFolderWalk = new FolderWalk(this);
    connect(mFolderWalk, &FolderWalk::listed, this, &MainWindow::folderListed);
    createActions();
    createHelpActions();
    createExportWorkflow();
    setDocument(new Document(nullptr, this));

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        resize(1360, 840);
        resizeDocks({mMembersDock}, {390}, Qt::Horizontal); // the member list's five columns fit
        resizeDocks({mMembersDock, mInspectorDock}, {360, 440}, Qt::Vertical);
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray split = settings.value(QStringLiteral("window/split")).toByteArray();
    if (split.isEmpty() || !mSplitter->restoreState(split))
        mSplitter->setSizes({460, 560});
    fitToScreen();
}

void MainWindow::fitToScreen()
{
    // Never larger than the screen it opens on (a saved geometry from a larger screen, or the default size on a
    // small one), so that no part of the window is out of reach.
    const QScreen *screen = QGuiApplication::screenAt(geometry().center());
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    const QSize size = this->size().boundedTo(available.size() - QSize(16, 40));
    if (size != this->size())
        resize(size);
    if (!available.contains(geometry()))
        move(available.topLeft());
}

MainWindow::~MainWindow()
{
    WindowRegistry::remove(this);
}

void MainWindow::selectMemberNamed(const QString &member)
{
    if (member.isEmpty())
        return;
    for (int i = 0; i < mDocument->memberCount(); ++i) {
        const Member &m = mDocument->memberAt(i);
        if (m.key == member || m.info.archiveName == member) {
            selectMember(m.id);
            return;
        }
    }
    statusBar()->showMessage(tr("There is no member “%1” in this file.").arg(member), 10000);
}

bool MainWindow::isEmpty() const
{
    return !mOpening && (!mDocument || (mDocument->filePath().isEmpty() && mDocument->memberCount() == 0));
}

void MainWindow::setDocument(Document *document, const npyw::ViewCarry *carry)
{
    Document *old = mDocument;
    mDocument = document;
    mExport->setDocument(document);
    mFileWatch->setDocument(document);
    mUndoGroup->addStack(document->undoStack());
    mUndoGroup->setActiveStack(document->undoStack());

    const QList<int> sizes = mSplitter->sizes();
    ArrayPane *oldPane = mPane;
    npyw::ArrayViews *oldViews = mViews;
    mPane = new ArrayPane(document, mSplitter);
    mViews = new npyw::ArrayViews(document, mPane, mSplitter);
    mSplitter->insertWidget(0, mPane);
    mSplitter->insertWidget(1, mViews);
    delete oldPane;
    delete oldViews;
    if (sizes.size() == 2 && sizes.first() + sizes.last() > 0)
        mSplitter->setSizes(sizes);

    MemberModel *oldModel = mMemberModel;
    mMemberModel = new MemberModel(document, this);
    mTree->setModel(mMemberModel);
    delete oldModel;
    npyw::MemberFilter::of(mTree)->attach(mMemberModel);
    npyw::MemberFilter::of(mTree)->expandDefault();

    if (auto *scroll = qobject_cast<QScrollArea *>(mInspectorDock->widget()); scroll && scroll->widget() != mInspector) {
        if (QWidget *shown = scroll->takeWidget())
            shown->setParent(nullptr); // the value view's inspector stays the value view's
        delete mInspector;
    }
    delete mInspectorDock->widget(); // the scroll area, with the old panel in it
    mInspector = new InspectorPanel(document);
    // Scrolls rather than squeezing its rows when statistics make it taller than the dock.
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("inspectorScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(mInspector);
    mInspectorDock->setWidget(scroll);

    if (old) {
        mUndoGroup->removeStack(old->undoStack());
        old->deleteLater();
    }

    connect(mTree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::memberSelected);
    connect(mMemberModel, &QAbstractItemModel::modelReset, this, [this]() {
        npyw::MemberFilter::of(mTree)->expandDefault();
        const int shown = mPane->memberId();
        if (shown >= 0 && mDocument->memberById(shown))
            selectMember(shown);
        updateFileStatus();
    });
    connect(document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document, &Document::journalFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("Unsaved edits are no longer kept for recovery after a crash: %1").arg(error));
    });
    connect(document, &Document::filePathChanged, this, [this]() {
        mFolderWalk->setFile(mDocument->filePath()); // Save As may go to another folder
        updateTitle();
    });
    connect(document, &Document::saveProgress, mBusyProgress, [this](qint64 done, qint64) {
        mBusyProgress->setValue(int(done));
    });
    connect(document, &Document::saveFinished, this, [this](bool ok, const QString &error) {
        mBusyProgress->hide();
        mBusyCancel->hide();
        updateActions();
        if (ok) {
            mFileWatch->fileWritten();
            RecentFiles::add(mDocument->filePath());
            statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(mDocument->filePath())), 5000);
            updateFileStatus();
            emit saved(true, QString());
            if (mCloseAfterSave)
                close();
            else if (!mOpenAfterSave.isEmpty())
                openInFolder(std::exchange(mOpenAfterSave, QString()));
        } else {
            mCloseAfterSave = false;
            mOpenAfterSave.clear();
            statusBar()->showMessage(tr("Not saved: %1").arg(error));
            showError(this, tr("Save Failed"), error, saveFailureNote());
            emit saved(false, error);
        }
    });
    connect(mPane, &ArrayPane::statusMessage, statusBar(), &QStatusBar::showMessage);
    mPane->setArrayMenu(mArrayEditor->menu());
    mPane->setExtraActions({mMemberMaker->action(QStringLiteral("newMemberFromSelection"))});
    connect(mPane, &ArrayPane::cursorChanged, this, [this](const QString &text) {
        mPaneCursor = text;
        mCursorStatus->setText(text);
    });
    // Hovering the heatmap or the plot shows that index and value; leaving shows the table's again.
    connect(mViews, &npyw::ArrayViews::hovered, this,
            [this](const QString &text) { mCursorStatus->setText(text.isEmpty() ? mPaneCursor : text); });
    connect(mPane, &ArrayPane::selectionSummaryChanged, mSelectionStatus, &QLabel::setText);
    showValuePanes(false);
    connect(mPane, &ArrayPane::currentLeafChanged, this,
            [this](int leaf) { mInspector->showMember(mPane->memberId(), leaf); });
    connect(mPane, &ArrayPane::colourRangeNeeded, this, [this](int id) {
        if (id == mPane->memberId())
            mInspector->startStatistics();
    });
    connect(mInspector, &InspectorPanel::statisticsReady, this, [this](int id, const npy::ArrayStats &s) {
        if (s.finiteCount > 0)
            mPane->setColourRange(id, s.finiteMin, s.finiteMax);
    });
    connect(document, &Document::membersAdded, this, [this](const QString &path, bool ok, const QString &error) {
        if (!ok) {
            statusBar()->clearMessage();
            showError(this, tr("Cannot Add Array"), error);
            return;
        }
        statusBar()->showMessage(tr("Added the arrays of %1").arg(QDir::toNativeSeparators(path)), 4000);
        updateFileStatus();
    });
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (id == mPane->memberId())
            updateFileStatus();
    });

    mFolderWalk->setFile(document->filePath());
    updateTitle();
    updateActions();
    // Show the member the last file of the folder showed, else the first array, at once.
    const int carried = carry ? carry->restore(document, mPane, mViews) : -1;
    if (carried >= 0)
        selectMember(carried);
    for (int i = 0; i < document->memberCount() && currentMemberId() < 0; ++i) {
        if (document->memberAt(i).isArray())
            selectMember(document->memberAt(i).id);
    }
    if (document->memberCount() > 0 && currentMemberId() < 0)
        selectMember(document->memberAt(0).id);
    updateFileStatus();
    mSparse = npyw::SparseOpened();
    // An archive written by scipy.sparse.save_npz is one matrix: read (and checked) on a worker.
    if (document->source() && npyw::looksSparse(*document->source())) {
        npyw::readSparseAsync(document->source(), document, [this, document](const npyw::SparseOpened &sparse) {
            if (document == mDocument)
                adoptSparse(sparse);
        });
    }
}

void MainWindow::adoptSparse(const npyw::SparseOpened &sparse)
{
    if (sparse.dense.isNull()) {
        statusBar()->showMessage(tr("Shown as plain members, not as a SciPy sparse matrix: %1").arg(sparse.error), 20000);
        return;
    }
    const int shown = currentMemberId();
    mSparse = sparse;
    mMemberModel->setMatrixRow(sparse.name, sparse.shape, sparse.type, sparse.description);
    mTree->collapse(mMemberModel->matrixIndex()); // its parts folded under it
    // The matrix is what the file holds: shown unless the user went to a member of their own meanwhile.
    const bool firstShown = mDocument->memberCount() > 0 && shown == mDocument->memberAt(0).id;
    if (shown < 0 || firstShown || !mDocument->memberById(shown)) {
        mTree->setCurrentIndex(mMemberModel->matrixIndex());
    } else {
        selectMember(shown);
    }
}

void MainWindow::openFile(const QString &path, const QString &member)
{
    startOpen(path, member, nullptr);
}

void MainWindow::startOpen(const QString &path, const QString &member, std::shared_ptr<const npyw::ViewCarry> carry)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    mOpening = true;
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(absolute)));
    // The file is opened on a worker into a document of its own, shown once it is there.
    auto *document = new Document(nullptr, this);
    connect(document, &Document::opened, this, [this, document, absolute, member, carry](bool ok,
                                                                                        const QString &error) {
        mOpening = false;
        if (!ok) {
            document->deleteLater();
            mPendingSteps = 0;
            mFolderWalk->setFile(mDocument->filePath()); // a file of the folder may have gone: read it again
            statusBar()->showMessage(error, 10000);
            showError(this, tr("Cannot Open File"), error);
            emit openFailed(error);
            return;
        }
        mFileWatch->hideBar();
        mCarried = carry;
        setDocument(document, carry.get());
        mFileWatch->watch(absolute);
        mFileWatch->rememberStamp();
        RecentFiles::add(absolute);
        statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(absolute)), 4000);
        selectMemberNamed(member);
        offerRecovery();
        emit documentOpened();
    });
    document->open(absolute);
}

void MainWindow::openStandardInput(int fd, const QString &member)
{
    const QString name = tr("standard input");
    mOpening = true;
    setWindowTitle(tr("%1 — NPY Inspector").arg(name));
    statusBar()->showMessage(tr("Reading standard input…"));
    StdinInput::open(fd, name, this, [this, member](Document *document, const QString &error) {
        mOpening = false;
        if (!document) {
            statusBar()->showMessage(error, 10000);
            showError(this, tr("Cannot Read Standard Input"), error);
            emit openFailed(error);
            return;
        }
        mFileWatch->hideBar();
        mCarried.reset();
        setDocument(document);
        statusBar()->showMessage(tr("Read %1").arg(document->streamName()), 4000);
        selectMemberNamed(member);
        emit documentOpened();
    });
}

int MainWindow::currentMemberId() const
{
    return mMemberModel ? mMemberModel->memberId(mTree->currentIndex()) : -1;
}

void MainWindow::selectMember(int id)
{
    const QModelIndex idx = mMemberModel->indexOfMember(id);
    if (idx.isValid())
        mTree->setCurrentIndex(idx);
}

bool MainWindow::isShowingValue() const
{
    return mCentralStack->currentWidget() == mValueView;
}

npyw::ArrayPane *MainWindow::activePane() const
{
    return isShowingValue() && mValueView->pane() ? mValueView->pane() : mPane;
}

npyw::ArrayViews *MainWindow::activeViews() const
{
    return isShowingValue() && mValueView->views() ? mValueView->views() : mViews;
}

void MainWindow::showInspectorOf(bool value)
{
    // The dock shows the inspector of what the central area shows: a member's, or the value view's (a sparse
    // matrix's statistics count its zeros). The one not shown is kept out of the dock, owned as before.
    auto *scroll = qobject_cast<QScrollArea *>(mInspectorDock->widget());
    QWidget *want = value && mValueView->inspector() ? static_cast<QWidget *>(mValueView->inspector()) : mInspector;
    if (!scroll || !want || scroll->widget() == want)
        return;
    QWidget *old = scroll->takeWidget();
    if (old == mInspector) {
        old->setParent(this); // kept, hidden, for when a member shows again
        old->hide();
    } else if (old) {
        old->setParent(nullptr); // the value view's: it deletes it with the next value
    }
    scroll->setWidget(want);
}

void MainWindow::showValuePanes(bool value)
{
    if (value == isShowingValue())
        return;
    QSplitter *from = value ? mSplitter : mValueView->splitter();
    QSplitter *to = value ? mValueView->splitter() : mSplitter;
    const QList<int> sizes = from->sizes();
    mCentralStack->setCurrentIndex(value ? 1 : 0);
    showInspectorOf(value);
    if (sizes.size() == 2 && to->count() == 2 && sizes.first() + sizes.last() > 0)
        to->setSizes(sizes);
    mCursorStatus->clear();
    mSelectionStatus->clear();
}

void MainWindow::memberSelected()
{
    if (mMemberModel && mMemberModel->isMatrixRow(mTree->currentIndex()) && !mSparse.dense.isNull()) {
        mValueView->showArray(mSparse.title, mSparse.description, mSparse.dense);
        // Where the non-zeros lie first (as plt.spy shows a sparse matrix); the toolbar offers the values' reductions.
        mValueView->heatmap()->setReduction(npy::Reduction::NonZero);
        showValuePanes(true);
        updateActions();
        const QString file = mDocument->filePath().isEmpty() ? mDocument->streamName()
                                                             : QFileInfo(mDocument->filePath()).fileName();
        mFileStatus->setText(tr("%1 — %2 — %3, read-only").arg(file, mSparse.title, mSparse.description));
        return;
    }
    // A pickled member, or a value inside one, shows in the value panes (read as data, read-only).
    showValuePanes(showPickleItem(this, mTree, mTree->currentIndex()) == mValueView);
    const int id = currentMemberId();
    if (id < 0)
        return;
    if (id != mPane->memberId())
        mPane->showMember(id);
    mInspector->showMember(id, mPane->currentLeaf());
    updateActions();
    updateFileStatus();
}

void MainWindow::updateTitle()
{
    QString name = mDocument && !mDocument->filePath().isEmpty() ? QFileInfo(mDocument->filePath()).fileName()
                                                                 : tr("Untitled");
    if (mDocument && mDocument->filePath().isEmpty() && !mDocument->streamName().isEmpty())
        name = mDocument->streamName(); // "standard input"
    name += QStringLiteral("[*]");
    // Where the file is among the NumPy files of its folder: "3 of 120".
    const int position = mDocument && !mDocument->filePath().isEmpty() ? mFolderWalk->position() : -1;
    if (position >= 0 && mFolderWalk->count() > 1)
        name = tr("%1 — %2 of %3").arg(name, QLocale().toString(position + 1), QLocale().toString(mFolderWalk->count()));
    setWindowTitle(tr("%1 — NPY Inspector").arg(name));
    setWindowModified(mDocument && mDocument->isModified());
    setWindowFilePath(mDocument ? mDocument->filePath() : QString());
}

void MainWindow::updateFileStatus()
{
    const bool stream = mDocument && mDocument->filePath().isEmpty() && !mDocument->streamName().isEmpty();
    if (!mDocument || (mDocument->filePath().isEmpty() && !stream)) {
        mFileStatus->setText(tr("No file"));
        return;
    }
    QString text = stream ? mDocument->streamName() : QFileInfo(mDocument->filePath()).fileName();
    if (const Member *m = mDocument->memberById(mPane->memberId())) {
        text += QStringLiteral(" — ") + m->key;
        if (m->info.isArray) {
            const npy::NpyHeader &h = m->header();
            const QString type = h.dtype.kind == npy::Kind::Struct
                                     ? h.dtype.displayName()
                                     : tr("%1 %2").arg(h.dtype.displayName(), h.dtype.typeString());
            text += QStringLiteral(" — %1 %2, %3")
                        .arg(h.shapeText(), type, h.fortranOrder ? tr("Fortran order") : tr("C order"));
            if (m->loaded)
                text += QStringLiteral(" — ") + (m->array.isMapped()     ? tr("mapped")
                                                     : m->array.isReadOnly() ? tr("paged, read-only")
                                                                             : tr("in memory"));
        }
    }
    mFileStatus->setText(text);
}

