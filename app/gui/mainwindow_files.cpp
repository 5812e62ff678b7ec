// File handling of the inspector window: save, open, reload, close prompt.
#include "mainwindow.h"
#include "mainwindow_p.h"

#include "document.h"
#include "filewatch.h"
#include "journalfile.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QLocale>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

using namespace npyw;
using namespace mainwindow_p;

bool MainWindow::isSaving() const
{
    return mDocument && mDocument->isSaving();
}

bool MainWindow::save()
{
    if (!mDocument || isSaving())
        return false;
    if (mDocument->filePath().isEmpty()) {
        saveAsDialog();
        return true;
    }
    if (mFileWatch->changedOnDisk()) {
        const QString question
            = tr("“%1” was changed on disk by another program since it was opened. Saving replaces "
                 "those changes with this window's contents.")
                  .arg(QFileInfo(mDocument->filePath()).fileName());
        if (WindowRegistry::askChangedOnDisk(this, question) != QMessageBox::Save)
            return false;
    }
    startSave(mDocument->filePath(), mDocument->nativeSaveFormat());
    return true;
}

bool MainWindow::saveAs(const QString &path, npy::SaveFormat format, npy::CompressionLevel level)
{
    if (!mDocument || isSaving())
        return false;
    if (format == npy::SaveFormat::Npy && mDocument->memberCount() != 1) {
        // The member shown, alone; the document keeps its own file.
        if (!mExport->saveMemberAsNpy(currentMemberId(), path))
            showError(this, tr("Cannot Save as .npy"), tr("An .npy file holds one array: select the member to save."));
        return true;
    }
    startSave(path, format, level);
    return true;
}

void MainWindow::startSave(const QString &path, npy::SaveFormat format, npy::CompressionLevel level)
{
    const QStringList lost = mDocument->membersLostIn(format);
    if (!lost.isEmpty()) {
        const auto answer = QMessageBox::warning(
            this, tr("Members Cannot Be Saved"),
            tr("These members cannot be written in this format and would be left out:\n%1\n\nSave anyway?")
                .arg(lost.join(QStringLiteral(", "))),
            QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Save) {
            mCloseAfterSave = false;
            return;
        }
    }
    mBusyProgress->setValue(0);
    mBusyProgress->show();
    mBusyCancel->show();
    statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));
    mDocument->save(path, format, level);
    updateActions();
}

void MainWindow::saveAsDialog()
{
    const QString npyFilter = tr("NumPy array (*.npy)");
    const QString npzFilter = tr("NumPy archive (*.npz)");
    // A compressed archive comes in three compression levels, one file type each (the same .npz):
    // the default is NumPy's ratio, "fastest" many times quicker and a little larger, "smallest"
    // smaller than np.savez_compressed and slower.
    const QString compressedFilter = tr("Compressed NumPy archive (*.npz)");
    const QString fastFilter = tr("Compressed NumPy archive, fastest compression (*.npz)");
    const QString bestFilter = tr("Compressed NumPy archive, smallest file (*.npz)");
    const npy::SaveFormat own = mDocument->saveAsFormat();
    QString selected = own == npy::SaveFormat::Npy             ? npyFilter
                       : own == npy::SaveFormat::NpzCompressed ? compressedFilter
                                                               : npzFilter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save As"), mDocument->filePath(),
        QStringList{npzFilter, compressedFilter, fastFilter, bestFilter, npyFilter}.join(QStringLiteral(";;")),
        &selected);
    if (path.isEmpty())
        return;
    npy::SaveFormat format = npy::SaveFormat::NpzStored;
    npy::CompressionLevel level = npy::CompressionLevel::Default;
    if (selected == npyFilter) {
        format = npy::SaveFormat::Npy;
    } else if (selected == compressedFilter || selected == fastFilter || selected == bestFilter) {
        format = npy::SaveFormat::NpzCompressed;
        level = selected == fastFilter   ? npy::CompressionLevel::Fast
                : selected == bestFilter ? npy::CompressionLevel::Best
                                         : npy::CompressionLevel::Default;
    }
    const QString suffix = format == npy::SaveFormat::Npy ? QStringLiteral(".npy") : QStringLiteral(".npz");
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    saveAs(path, format, level);
}

void MainWindow::openDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open"), QString(), tr("NumPy files (*.npy *.npz);;All files (*)"));
    for (const QString &p : paths) {
        if (isEmpty() && !windowShowing(p))
            openFile(p);
        else
            openWindow(p);
    }
}

void MainWindow::addFromFileDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add Array from File"), QString(),
                                                            tr("NumPy files (*.npy *.npz)"));
    for (const QString &p : paths) {
        if (mDocument->addMembersFromFile(p))
            statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(p)));
    }
}

QWidget *MainWindow::reloadBar() const
{
    return mFileWatch->shownBar();
}

void MainWindow::reload()
{
    mFileWatch->reset();
    if (mDocument && !mDocument->filePath().isEmpty())
        openFile(mDocument->filePath());
}

bool MainWindow::maybeSave()
{
    if (!mDocument || !mDocument->isModified())
        return true;
    const QString question = tr("“%1” has unsaved changes. Save them before closing?")
                                 .arg(mDocument->filePath().isEmpty() ? tr("Untitled")
                                                                      : QFileInfo(mDocument->filePath()).fileName());
    switch (WindowRegistry::askSave(this, question)) {
    case QMessageBox::Save:
        mCloseAfterSave = true;
        if (!save())
            mCloseAfterSave = false;
        return false; // closes once the save has finished
    case QMessageBox::Discard:
        mDocument->discardJournal();
        return true;
    default:
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isSaving()) {
        mCloseAfterSave = true;
        event->ignore();
        return;
    }
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/split"), mSplitter->saveState());
    event->accept();
}

void MainWindow::offerRecovery()
{
    Document *document = mDocument;
    const QString path = document->filePath();
    if (path.isEmpty() || !document->source())
        return;
    // The newest journal left for this file by a session that died, asked about once per open.
    const QStringList journals = npy::journalsFor(path);
    for (const QString &journalPath : journals) {
        const npy::Result<npy::JournalContent> read = npy::readJournalFile(journalPath);
        if (!read) {
            statusBar()->showMessage(read.error(), 10000);
            continue;
        }
        const npy::JournalContent &journal = read.value();
        const int edits = journal.netSteps();
        if (edits == 0) {
            npy::removeJournal(journalPath); // everything in it was undone
            continue;
        }
        const QString name = QFileInfo(path).fileName();
        const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(journal.lastTimeMs()),
                                                QLocale::ShortFormat);
        const QStringList changes
            = npy::journalFileChanges(journal.file, npy::journalFileState(path, *document->source()));
        WindowRegistry::RecoveryQuestion question;
        question.canRecover = changes.isEmpty();
        QStringList notes;
        if (question.canRecover) {
            question.text = edits == 1
                                ? tr("NPY Inspector closed with 1 unsaved edit to %1 (last at %2). Recover it?")
                                      .arg(name, when)
                                : tr("NPY Inspector closed with %1 unsaved edits to %2 (last at %3). Recover them?")
                                      .arg(QLocale().toString(edits), name, when);
            notes.append(tr("Recovered edits can be undone; the file is not changed until you save."));
        } else {
            question.text = edits == 1 ? tr("NPY Inspector closed with 1 unsaved edit to %1 (last at %2), but the "
                                            "file changed since:")
                                             .arg(name, when)
                                       : tr("NPY Inspector closed with %1 unsaved edits to %2 (last at %3), but "
                                            "the file changed since:")
                                             .arg(QLocale().toString(edits), name, when);
            notes.append(changes);
            notes.append(tr("The edits cannot be applied to the changed file. Discard them, or keep them for "
                            "later."));
        }
        if (journal.tornTail)
            notes.append(tr("The last edit was being written when the program stopped and is left out."));
        if (!journal.damage.isEmpty())
            notes.append(journal.damage);
        question.informative = notes.join(QLatin1Char('\n'));
        switch (WindowRegistry::askRecovery(this, question)) {
        case WindowRegistry::RecoveryAnswer::Recover:
            document->startJournal();
            connect(document, &Document::recovered, this, [this, document, journalPath, edits](bool ok,
                                                                                            const QString &error) {
                if (!ok) {
                    statusBar()->clearMessage();
                    showError(this, tr("Cannot Recover the Edits"), error,
                              tr("The file is as it was; the journal of the edits is kept."));
                    return;
                }
                // The recovered steps are in this session's journal (on disk first) before the old one goes.
                document->flushJournal();
                npy::removeJournal(journalPath);
                statusBar()->showMessage(tr("Recovered %1 unsaved edits; save to keep them.").arg(edits), 10000);
            });
            if (document->startRecovery(journal))
                statusBar()->showMessage(tr("Recovering %1 unsaved edits…").arg(edits));
            break;
        case WindowRegistry::RecoveryAnswer::Discard:
            npy::removeJournal(journalPath);
            break;
        case WindowRegistry::RecoveryAnswer::Later:
            break;
        }
        break;
    }
    if (document->journalPath().isEmpty())
        document->startJournal();
}
