// Moving data in and out of the inspector window: File > Export…, and drops on the window and on the
// archive browser (files, and members dragged from other windows).
#include "mainwindow.h"
#include "mainwindow_p.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "document.h"
#include "exportdialog.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "membermodel.h"
#include "membertransfer.h"
#include "slicespec.h"

#include <QDir>
#include <QDropEvent>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QMimeData>
#include <QStatusBar>
#include <QTableView>
#include <QTreeView>

using namespace npyw;
using namespace mainwindow_p;

namespace {

bool isNumpyFile(const QUrl &url)
{
    const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
    return url.isLocalFile() && (suffix == QLatin1String("npy") || suffix == QLatin1String("npz"));
}

} // namespace

QList<int> MainWindow::selectedMemberIds() const
{
    QList<int> ids = mMemberModel->memberIds(mTree->selectionModel()->selectedRows(MemberModel::NameColumn));
    if (ids.isEmpty() && currentMemberId() >= 0)
        ids.append(currentMemberId());
    return ids;
}

void MainWindow::exportDialog()
{
    QStringList keys;
    for (int id : selectedMemberIds()) {
        if (const Member *m = mDocument->memberById(id); m && m->isArray())
            keys.append(m->key);
    }
    QString sliceText;
    qint64 cells = 0;
    if (mPane->isShowingTable() && mPane->model()->slice().rowAxis >= 0) {
        sliceText = tr("“%1”, %2 × %3")
                        .arg(mDocument->memberById(mPane->memberId())->key)
                        .arg(mPane->model()->totalRows())
                        .arg(mPane->model()->totalColumns());
        const QItemSelection sel = mPane->table()->view()->selectionModel()->selection();
        for (const QItemSelectionRange &r : sel)
            cells += qint64(r.width()) * r.height();
    }
    QString base;
    if (!mDocument->filePath().isEmpty()) {
        const QFileInfo info(mDocument->filePath());
        base = info.absolutePath() + QLatin1Char('/') + info.completeBaseName();
    }
    const npyw::Member *shown = mPane->isShowingTable() ? mDocument->memberById(mPane->memberId()) : nullptr;
    auto *dialog = new ExportDialog(keys, sliceText, cells, base, shown ? shown->key : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        exportTo(dialog->kind(), QDir::fromNativeSeparators(dialog->path()), selectedMemberIds(), dialog->level());
    });
    dialog->open();
}

void MainWindow::createExportWorkflow()
{
    mExport = new ExportWorkflow(nullptr, this);
    mExport->setOverwritePrompt(
        [this](const QStringList &existing) { return WindowRegistry::askOverwrite(this, existing); });
    connect(mExport, &ExportWorkflow::exportStarted, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Exporting to %1…").arg(QDir::toNativeSeparators(path)));
    });
    connect(mExport, &ExportWorkflow::exportFinished, this, [this](bool ok, const QString &message, bool failed) {
        if (failed) {
            statusBar()->clearMessage();
            showError(this, tr("Export Failed"), message);
        } else {
            statusBar()->showMessage(message, ok ? 6000 : 8000);
        }
        emit exportFinished(ok, message);
    });
    connect(mExport, &ExportWorkflow::memberSaved, this, [this](bool ok, const QString &error, const QString &path) {
        if (!ok) {
            statusBar()->showMessage(tr("Not saved: %1").arg(error));
            showError(this, tr("Save Failed"), error, saveFailureNote());
        } else {
            statusBar()->showMessage(tr("Saved the member as %1").arg(QDir::toNativeSeparators(path)), 5000);
        }
        emit saved(ok, error);
    });
}

bool MainWindow::exportTo(ExportKind kind, const QString &path, const QList<int> &ids, npy::CompressionLevel level)
{
    if (path.isEmpty())
        return false;
    const bool csv = kind == ExportKind::SliceCsv || kind == ExportKind::SelectionCsv;
    if (csv && (!mPane->isShowingTable() || mPane->model()->slice().rowAxis < 0)) {
        showError(this, tr("Cannot Export"), tr("Show a 1-D or 2-D slice in the table to export it as CSV."));
        return false;
    }
    if (!csv) {
        if (ids.isEmpty()) {
            showError(this, tr("Cannot Export"), tr("Select the members to export in the browser."));
            return false;
        }
        return mExport->exportMembers(kind, path, ids, level);
    }
    const Member *m = mDocument->memberById(mPane->memberId());
    const ArrayTableModel *model = mPane->model();
    npy::CellRange block = wholeSlice(m->array, model->slice());
    if (kind == ExportKind::SelectionCsv) {
        // The bounding rectangle of the selection, in slice coordinates.
        const QItemSelection sel = mPane->table()->view()->selectionModel()->selection();
        qint64 top = -1, left = -1, bottom = -1, right = -1;
        for (const QItemSelectionRange &r : sel) {
            top = top < 0 ? model->absoluteRow(r.top()) : qMin(top, model->absoluteRow(r.top()));
            left = left < 0 ? model->absoluteColumn(r.left()) : qMin(left, model->absoluteColumn(r.left()));
            bottom = qMax(bottom, model->absoluteRow(r.bottom()));
            right = qMax(right, model->absoluteColumn(r.right()));
        }
        if (top < 0) {
            showError(this, tr("Cannot Export"), tr("Select cells in the table first."));
            return false;
        }
        block = npy::CellRange{top, left, bottom - top + 1, right - left + 1};
    }
    return mExport->exportCsv(path, m->id, model->slice(), block);
}

bool MainWindow::dropMime(const QMimeData *mime, bool addFiles)
{
    DraggedMembers dragged;
    if (decodeMembers(mime, &dragged)) {
        // Members from another window: copied in, one undo step. A drop on its own window does nothing.
        if (mDocument && quintptr(mDocument.data()) == dragged.document)
            return false;
        for (const QPointer<MainWindow> &w : WindowRegistry::windows()) {
            if (w && w->document() && quintptr(w->document()) == dragged.document) {
                const QList<int> added = copyMembersInto(mDocument, *w->document(), dragged.ids);
                if (added.isEmpty())
                    return false;
                selectMember(added.first());
                statusBar()->showMessage(tr("Copied %n member(s) from “%1”.", nullptr, int(added.size()))
                                             .arg(w->windowTitle().remove(QStringLiteral("[*]"))),
                                         5000);
                updateFileStatus();
                return true;
            }
        }
        // The source window is gone: fall back to the files it wrote.
    }
    bool taken = false;
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            continue;
        if (addFiles) {
            // Opened on a worker; the document says how it went (membersAdded).
            if (!isNumpyFile(url)) {
                showError(this, tr("Cannot Add Array"), tr("%1 is not a .npy or .npz file.").arg(url.toLocalFile()));
                continue;
            }
            if (!mDocument->addMembersFromFile(url.toLocalFile()))
                continue;
            statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(url.toLocalFile())));
        } else if (isEmpty()) {
            openFile(url.toLocalFile());
        } else {
            openWindow(url.toLocalFile());
        }
        taken = true;
    }
    return taken;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    DraggedMembers dragged;
    if (decodeMembers(event->mimeData(), &dragged) && mDocument && quintptr(mDocument.data()) == dragged.document)
        return; // its own members
    if (event->mimeData()->hasUrls() || event->mimeData()->hasFormat(QLatin1String(kMembersMimeType))) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    // Members from another window go into this document; files open (in this window when empty).
    if (dropMime(event->mimeData(), false)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    }
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The browser: files dropped on it are added as members; members from other windows are copied; its own
    // members are the tree's to move (MemberModel::dropMimeData()).
    if (watched == mTree->viewport()) {
        const bool dragEvent = event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove
                               || event->type() == QEvent::Drop;
        DraggedMembers dragged;
        if (dragEvent && decodeMembers(static_cast<QDropEvent *>(event)->mimeData(), &dragged)
            && quintptr(mDocument.data()) == dragged.document)
            return QMainWindow::eventFilter(watched, event);
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto *e = static_cast<QDropEvent *>(event);
            if (e->mimeData()->hasUrls()) {
                e->setDropAction(Qt::CopyAction);
                e->accept();
            } else {
                e->ignore();
            }
            return true;
        }
        if (event->type() == QEvent::Drop) {
            auto *e = static_cast<QDropEvent *>(event);
            if (dropMime(e->mimeData(), true)) {
                e->setDropAction(Qt::CopyAction);
                e->accept();
            } else {
                e->ignore();
            }
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}
