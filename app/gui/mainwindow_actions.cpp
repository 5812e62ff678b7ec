// The window's menus and their actions (the Help menu is in mainwindow_help.cpp).
#include "mainwindow.h"

#include "arrayeditor.h"
#include "membermaker.h"

#include "arraypane.h"
#include "arrayviews.h"
#include "compareview.h"
#include "contactsheet.h"
#include "document.h"
#include "findbar.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "inspectorpanel.h"
#include "membermenu.h"
#include "membermodel.h"
#include "pictureview.h"
#include "plotview.h"
#include "recentfiles.h"
#include "seriesframe.h"

#include <QAction>
#include <QClipboard>
#include <QDockWidget>
#include <QGuiApplication>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTreeView>
#include <QUndoGroup>

#include <algorithm>

void MainWindow::createActions()
{
    auto add = [this](QMenu *menu, const QString &key, const QString &text, const QKeySequence &shortcut,
                      auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(key); // tests and scripts find actions by their key
        a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        mActions.insert(key, a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, QStringLiteral("open"), tr("&Open…"), QKeySequence::Open, &MainWindow::openDialog);
    // The window owns the menu's filler; the list itself is shared by all windows.
    new RecentFiles(file->addMenu(tr("Open &Recent")), [this](const QString &path) {
        if (isEmpty())
            openFile(path);
        else
            openWindow(path);
    }, this);
    // Walking through a folder of outputs in this window (mainwindow_folder.cpp).
    QAction *next = add(file, QStringLiteral("nextFile"), tr("&Next File in Folder"),
                        QKeySequence(Qt::CTRL | Qt::Key_PageDown), [this]() { stepInFolder(1); });
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::ALT | Qt::Key_Right)});
    QAction *previous = add(file, QStringLiteral("previousFile"), tr("Pre&vious File in Folder"),
                            QKeySequence(Qt::CTRL | Qt::Key_PageUp), [this]() { stepInFolder(-1); });
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageUp), QKeySequence(Qt::ALT | Qt::Key_Left)});
    file->addSeparator();
    add(file, QStringLiteral("save"), tr("&Save"), QKeySequence::Save, [this]() { save(); });
    add(file, QStringLiteral("saveAs"), tr("Save &As…"), QKeySequence::SaveAs, &MainWindow::saveAsDialog);
    add(file, QStringLiteral("export"), tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), &MainWindow::exportDialog);
    add(file, QStringLiteral("compare"), tr("Compare &With…"), QKeySequence(), [this]() {
        npyw::CompareView::chooseAndShow(this, mDocument ? mDocument->filePath() : QString());
    });
    file->addSeparator();
    add(file, QStringLiteral("close"), tr("&Close"), QKeySequence::Close, [this]() { close(); });
    add(file, QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit, []() { closeAll(); });

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = mUndoGroup->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = mUndoGroup->createRedoAction(this, tr("Redo"));
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addAction(undo);
    edit->addAction(redo);
    mActions.insert(QStringLiteral("undo"), undo);
    mActions.insert(QStringLiteral("redo"), redo);
    edit->addSeparator();
    add(edit, QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy, [this]() { activePane()->copy(false); });
    add(edit, QStringLiteral("copyFull"), tr("Copy with &Full Precision"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        [this]() { activePane()->copy(true); });
    add(edit, QStringLiteral("paste"), tr("&Paste"), QKeySequence::Paste, [this]() { activePane()->paste(); });
    add(edit, QStringLiteral("fill"), tr("&Fill Selection…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
        [this]() { activePane()->promptFill(); });
    edit->addSeparator();
    // Structural edits of the member shown: one undo step each.
    mArrayEditor = new ArrayEditor(this, [this]() { return mDocument; }, [this]() { return mPane; });
    edit->addMenu(mArrayEditor->menu());
    connect(mArrayEditor, &ArrayEditor::statusMessage, statusBar(), &QStatusBar::showMessage);
    // A check or a copy on a worker: its progress and a Cancel button in the status bar, as a save's.
    connect(mArrayEditor, &ArrayEditor::working, this, [this](const QString &text) {
        mBusyProgress->setValue(0);
        mBusyProgress->show();
        mBusyCancel->show();
        statusBar()->showMessage(tr("%1…").arg(text));
        updateActions();
    });
    connect(mArrayEditor, &ArrayEditor::progress, mBusyProgress, [this](qint64 done, qint64 total) {
        const qint64 scale = mBusyProgress->maximum();
        mBusyProgress->setValue(total > 0 ? int(qBound<qint64>(0, done * scale / total, scale)) : 0);
    });
    connect(mArrayEditor, &ArrayEditor::finished, this, [this](bool ok, const QString &) {
        mBusyProgress->hide();
        mBusyCancel->hide();
        if (ok)
            statusBar()->clearMessage();
        updateActions();
    });
    // New members: one undo step each; the new member is shown once made.
    mMemberMaker = new MemberMaker(this, [this]() { return mDocument; }, [this]() { return mPane; });
    for (const char *key : {"newMember", "newMemberFromSelection", "newMemberFromClipboard"}) {
        edit->addAction(mMemberMaker->action(QLatin1String(key)));
        mActions.insert(QLatin1String(key), mMemberMaker->action(QLatin1String(key)));
    }
    connect(mMemberMaker, &MemberMaker::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(mMemberMaker, &MemberMaker::finished, this, [this](bool ok, const QString &, int id) {
        updateActions();
        if (ok)
            selectMember(id);
    });
    edit->addSeparator();
    add(edit, QStringLiteral("goto"), tr("&Go to Index…"), QKeySequence(Qt::CTRL | Qt::Key_G),
        [this]() { activePane()->promptGoTo(); });
    edit->addSeparator();
    add(edit, QStringLiteral("find"), tr("&Find Values…"), QKeySequence(Qt::CTRL | Qt::Key_F),
        [this]() { activePane()->findBar()->activate(); });
    add(edit, QStringLiteral("findNext"), tr("Find &Next"), QKeySequence(Qt::Key_F3), [this]() {
        activePane()->findBar()->show();
        activePane()->findBar()->next();
    });
    add(edit, QStringLiteral("findPrevious"), tr("Find Pre&vious"), QKeySequence(Qt::SHIFT | Qt::Key_F3), [this]() {
        activePane()->findBar()->show();
        activePane()->findBar()->previous();
    });
    add(edit, QStringLiteral("gotoMax"), tr("Go to Ma&ximum"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Up), [this]() {
        activePane()->findBar()->show();
        activePane()->findBar()->goToExtreme(true);
    });
    add(edit, QStringLiteral("gotoMin"), tr("Go to Mi&nimum"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Down), [this]() {
        activePane()->findBar()->show();
        activePane()->findBar()->goToExtreme(false);
    });

    QMenu *member = menuBar()->addMenu(tr("&Member"));
    QAction *show = add(member, QStringLiteral("showMember"), tr("&Open"), QKeySequence(), [this]() {
        if (currentMemberId() < 0)
            return;
        memberSelected();
        activePane()->table()->view()->setFocus();
    });
    QAction *copyName = add(member, QStringLiteral("copyName"), tr("Copy &Name"), QKeySequence(), [this]() {
        QStringList keys;
        for (int id : selectedMemberIds()) {
            if (const npyw::Member *m = mDocument->memberById(id))
                keys.append(m->key);
        }
        if (!keys.isEmpty())
            QGuiApplication::clipboard()->setText(keys.join(QLatin1Char('\n')));
    });
    // Compares the file with another and shows this member there.
    QAction *compareMember = add(member, QStringLiteral("compareMember"), tr("&Compare With…"), QKeySequence(), [this]() {
        const npyw::Member *m = mDocument ? mDocument->memberById(currentMemberId()) : nullptr;
        if (!m)
            return;
        npyw::CompareView *view = npyw::CompareView::chooseAndShow(this, mDocument->filePath());
        if (!view)
            return;
        auto select = [view, key = m->key]() {
            for (int i = 0; i < view->memberCount(); ++i) {
                if (view->memberDiff(i).name == key) {
                    view->selectMember(i);
                    return;
                }
            }
        };
        select();
        connect(view, &npyw::CompareView::compared, view, select, Qt::SingleShotConnection);
    });
    member->addSeparator();
    QAction *rename = add(member, QStringLiteral("rename"), tr("&Rename"), QKeySequence(Qt::Key_F2), [this]() {
        const QModelIndex idx = mMemberModel->indexOfMember(currentMemberId());
        if (idx.isValid())
            mTree->edit(idx);
    });
    rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    mTree->addAction(rename);
    QAction *del = add(member, QStringLiteral("delete"), tr("&Delete"), QKeySequence::Delete, [this]() {
        if (currentMemberId() >= 0)
            mDocument->removeMember(currentMemberId());
    });
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    mTree->addAction(del);
    add(member, QStringLiteral("duplicate"), tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), [this]() {
        const int id = mDocument->duplicateMember(currentMemberId());
        if (id >= 0)
            selectMember(id);
    });
    add(member, QStringLiteral("addFromFile"), tr("&Add Array from File…"), QKeySequence(),
        &MainWindow::addFromFileDialog);
    QAction *sideBySide = add(member, QStringLiteral("sideBySide"), tr("Show Side &by Side"),
                              QKeySequence(Qt::CTRL | Qt::Key_T), &MainWindow::showSideBySide);
    // The browser's menu on a member: the same actions.
    npyw::installMemberMenu(mTree, {show, sideBySide, mActions.value(QStringLiteral("export")), compareMember, copyName,
                                    nullptr, rename, mActions.value(QStringLiteral("duplicate")), del});
    member->addSeparator();
    add(member, QStringLiteral("stats"), tr("Compute &Statistics"), QKeySequence(Qt::CTRL | Qt::Key_I),
        [this]() { mInspector->startStatistics(); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(mMembersDock->toggleViewAction());
    view->addAction(mInspectorDock->toggleViewAction());
    view->addSeparator();
    add(view, QStringLiteral("showHeatmap"), tr("&Heatmap"), QKeySequence(Qt::CTRL | Qt::Key_1),
        [this]() { activeViews()->showHeatmap(); });
    add(view, QStringLiteral("showPlot"), tr("&Plot"), QKeySequence(Qt::CTRL | Qt::Key_2), [this]() {
        activeViews()->setCurrentWidget(activeViews()->plot());
    });
    add(view, QStringLiteral("showPicture"), tr("P&icture"), QKeySequence(Qt::CTRL | Qt::Key_3), [this]() {
        if (!activeViews()->showPicture())
            statusBar()->showMessage(tr("This member is not a colour image (H × W × 3 or 4, 3 × H × W)."), 5000);
    });
    add(view, QStringLiteral("exportPng"), tr("&Export Heatmap as PNG…"), QKeySequence(), [this]() {
        activeViews()->heatmap()->exportPng();
    });
    add(view, QStringLiteral("showFrames"), tr("&Frames (Contact Sheet)"), QKeySequence(Qt::CTRL | Qt::Key_4), [this]() {
        if (!activeViews()->showSheet())
            statusBar()->showMessage(tr("This member is not a stack of frames."), 5000);
    });
    add(view, QStringLiteral("exportSheetPng"), tr("Export Contact &Sheet as PNG…"), QKeySequence(), [this]() {
        if (activeViews()->showSheet())
            activeViews()->sheet()->exportPng();
        else
            statusBar()->showMessage(tr("This member is not a stack of frames."), 5000);
    });
    add(view, QStringLiteral("exportPicturePng"), tr("Export Picture &Frame as PNG…"), QKeySequence(), [this]() {
        if (activeViews()->hasPicture())
            activeViews()->picture()->exportPng();
        else
            statusBar()->showMessage(tr("This member is not a colour image: export its heatmap instead."), 5000);
    });
    add(view, QStringLiteral("copyImage"), tr("&Copy Heatmap Image"), QKeySequence(), [this]() {
        activeViews()->heatmap()->copyImageToClipboard();
        statusBar()->showMessage(tr("Copied the heatmap image."), 3000);
    });
    applyStandardKeys();
}

void MainWindow::showSideBySide()
{
    if (!mDocument)
        return;
    // Columns in the browser's order, whatever the order they were picked in.
    QList<int> ids = selectedMemberIds();
    std::sort(ids.begin(), ids.end(), [this](int a, int b) { return mDocument->rowOfId(a) < mDocument->rowOfId(b); });
    auto *view = new npyw::SeriesFrameView(mDocument, this);
    QString why;
    if (!view->setMembers(ids, &why)) {
        delete view;
        statusBar()->showMessage(why, 8000);
        return;
    }
    view->show();
    view->raise();
}

void MainWindow::applyStandardKeys()
{
    // A standard key comes from the platform theme, and a plain X server defines none for some
    // (Save As): each then falls back to the key users expect.
    struct Standard
    {
        const char *action;
        QKeySequence::StandardKey key;
        QKeySequence usual;
    };
    const Standard standard[] = {
        {"open", QKeySequence::Open, QKeySequence(Qt::CTRL | Qt::Key_O)},
        {"save", QKeySequence::Save, QKeySequence(Qt::CTRL | Qt::Key_S)},
        {"saveAs", QKeySequence::SaveAs, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
        {"close", QKeySequence::Close, QKeySequence(Qt::CTRL | Qt::Key_W)},
        {"quit", QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)},
        {"undo", QKeySequence::Undo, QKeySequence(Qt::CTRL | Qt::Key_Z)},
        {"copy", QKeySequence::Copy, QKeySequence(Qt::CTRL | Qt::Key_C)},
        {"paste", QKeySequence::Paste, QKeySequence(Qt::CTRL | Qt::Key_V)},
        {"delete", QKeySequence::Delete, QKeySequence(Qt::Key_Delete)},
    };
    for (const Standard &s : standard) {
        QAction *a = mActions.value(QLatin1String(s.action));
        if (!a)
            continue;
        const QList<QKeySequence> keys = QKeySequence::keyBindings(s.key);
        a->setShortcuts(keys.isEmpty() ? QList<QKeySequence>{s.usual} : keys);
    }
}

void MainWindow::updateActions()
{
    const bool saving = isSaving();
    const bool hasFile = mDocument && mDocument->memberCount() > 0;
    for (const QString &key : {QStringLiteral("save"), QStringLiteral("saveAs"), QStringLiteral("export")})
        mActions.value(key)->setEnabled(hasFile && !saving);
    // An empty window has nothing to compute statistics of.
    mActions.value(QStringLiteral("stats"))->setEnabled(hasFile);
    updateFolderActions();
    if (mArrayEditor)
        mArrayEditor->updateActions();
    if (mMemberMaker)
        mMemberMaker->updateActions();
    for (const QString &key : {QStringLiteral("paste"), QStringLiteral("fill"), QStringLiteral("rename"),
                               QStringLiteral("delete"), QStringLiteral("duplicate"), QStringLiteral("addFromFile"),
                               QStringLiteral("undo"), QStringLiteral("redo")}) {
        QAction *a = mActions.value(key);
        if (key == QStringLiteral("undo") || key == QStringLiteral("redo"))
            a->setEnabled(!saving && (key == QStringLiteral("undo") ? mUndoGroup->canUndo() : mUndoGroup->canRedo()));
        else
            a->setEnabled(!saving);
    }
}
