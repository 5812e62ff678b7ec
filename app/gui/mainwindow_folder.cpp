// The next file in the folder: File > Next / Previous File in Folder, the prompt before a step, what a step keeps.
#include "mainwindow.h"

#include "arraypane.h"
#include "arrayviews.h"
#include "document.h"
#include "folderwalk.h"
#include "viewcarry.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QStatusBar>

using namespace npyw;

void MainWindow::stepInFolder(int step)
{
    if (!mDocument || mDocument->filePath().isEmpty() || step == 0)
        return;
    // The step is taken once the worker has looked at the folder (files written since are then in the list) and
    // the last step's file is open: steps asked for meanwhile add up.
    mPendingSteps += step;
    if (mOpening)
        return;
    if (!mFolderWalk->isListed())
        statusBar()->showMessage(tr("Reading the folder…"));
    mFolderWalk->refresh();
}

void MainWindow::takeStep(int step)
{
    if (isSaving() || step == 0)
        return;
    const QString next = mFolderWalk->neighbour(step);
    if (next.isEmpty()) {
        statusBar()->showMessage(step > 0 ? tr("This is the last NumPy file in the folder.")
                                          : tr("This is the first NumPy file in the folder."),
                                 5000);
        return;
    }
    if (MainWindow *other = windowShowing(next)) {
        // One window per file: the window that shows it already comes forward.
        if (other != this) {
            other->raise();
            other->activateWindow();
            statusBar()->showMessage(tr("“%1” is open in another window.").arg(QFileInfo(next).fileName()), 5000);
        }
        return;
    }
    mLastStep = step;
    if (maybeSaveBeforeStep(next))
        openInFolder(next);
}

bool MainWindow::maybeSaveBeforeStep(const QString &next)
{
    if (!mDocument->isModified())
        return true;
    const QString question = tr("“%1” has unsaved changes. Save them before opening “%2”?")
                                 .arg(QFileInfo(mDocument->filePath()).fileName(), QFileInfo(next).fileName());
    switch (WindowRegistry::askSave(this, question)) {
    case QMessageBox::Save:
        mOpenAfterSave = next;
        if (!save())
            mOpenAfterSave.clear();
        return false; // opens once the save has finished
    case QMessageBox::Discard:
        mDocument->discardJournal();
        return true;
    default:
        return false;
    }
}

void MainWindow::openInFolder(const QString &path)
{
    auto carry = std::make_shared<const ViewCarry>(ViewCarry::capture(*mDocument, *mPane, *mViews));
    // A file left before its member was drawn (steps in quick succession) passes on what it was given.
    if (carry->memberKey.isEmpty() && mCarried)
        carry = mCarried;
    startOpen(path, QString(), std::move(carry));
}

void MainWindow::folderListed()
{
    updateTitle();
    updateFolderActions();
    // After the window has shown the new file and said so (this may be called while it takes the document).
    QMetaObject::invokeMethod(this, &MainWindow::continueWalk, Qt::QueuedConnection);
}

void MainWindow::continueWalk()
{
    // A look at the folder still under way answers later (and a step waits for it: files written since count).
    if (mOpening || !mFolderWalk->isListed() || mFolderWalk->isListing())
        return;
    if (mPendingSteps != 0) {
        takeStep(std::exchange(mPendingSteps, 0));
        return;
    }
    // Arrived at an end of the folder: said once, as the step is now disabled.
    if (mLastStep != 0 && mFolderWalk->neighbour(mLastStep).isEmpty() && mFolderWalk->position() >= 0) {
        statusBar()->showMessage(mLastStep > 0 ? tr("The last NumPy file in the folder (%1 of %1).")
                                                     .arg(QLocale().toString(mFolderWalk->count()))
                                               : tr("The first NumPy file in the folder (1 of %1).")
                                                     .arg(QLocale().toString(mFolderWalk->count())),
                                 8000);
    }
    mLastStep = 0;
}

void MainWindow::updateFolderActions()
{
    QAction *next = mActions.value(QStringLiteral("nextFile"));
    QAction *previous = mActions.value(QStringLiteral("previousFile"));
    if (!next || !previous)
        return;
    const bool file = mDocument && !mDocument->filePath().isEmpty();
    // Before the folder is read a step waits for it; once it is, a step goes where there is a file.
    const bool listed = mFolderWalk->isListed();
    next->setEnabled(file && (!listed || !mFolderWalk->neighbour(1).isEmpty()));
    previous->setEnabled(file && (!listed || !mFolderWalk->neighbour(-1).isEmpty()));
}
