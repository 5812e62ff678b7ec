#include "exportworkflow.h"

#include "document.h"
#include "export.h"
#include "jobpool.h"
#include "membertransfer.h"
#include "savepolicy.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

struct ExportWorkflow::Outcome
{
    npy::Status status;
    QStringList written;
    QStringList existing; ///< a folder export refused because of these
};

ExportWorkflow::ExportWorkflow(Document *document, QObject *parent)
    : QObject(parent), mDocument(document), mPrompt([](const QStringList &) { return false; })
{
}

bool ExportWorkflow::confirmTarget(const QString &path)
{
    return !QFileInfo::exists(path) || mPrompt({QFileInfo(path).fileName()});
}

bool ExportWorkflow::exportMembers(Kind kind, const QString &path, const QList<int> &ids, npy::CompressionLevel level)
{
    if (!mDocument || path.isEmpty() || ids.isEmpty() || kind == Kind::SliceCsv || kind == Kind::SelectionCsv)
        return false;
    // A single file is asked about here; a folder export asks once it knows what clashes.
    if (kind != Kind::Folder && !confirmTarget(path))
        return false;
    return startMembers(kind, path, ids, kind != Kind::Folder, level);
}

bool ExportWorkflow::startMembers(Kind kind, const QString &path, const QList<int> &ids, bool overwrite,
                                  npy::CompressionLevel level)
{
    if (!mDocument)
        return false;
    std::function<Outcome()> job;
    if (kind == Kind::Folder) {
        const std::shared_ptr<const npy::Source> snapshot = snapshotSource(*mDocument, ids);
        job = [snapshot, path, overwrite]() {
            Outcome out;
            out.status = exportMembersToFolder(snapshot, path, overwrite, &out.written);
            if (!out.status && !overwrite) {
                out.existing = existingExportTargets(*snapshot, path);
                for (const QString &w : std::as_const(out.written))
                    out.existing.removeAll(QDir(path).relativeFilePath(w));
            }
            return out;
        };
    } else {
        const npy::SaveFormat format = kind == Kind::Npz ? npy::SaveFormat::NpzStored : npy::SaveFormat::NpzCompressed;
        const QList<npy::SaveMember> members = saveMembersFor(*mDocument, ids, format);
        job = [members, path, format, level]() {
            Outcome out;
            out.status = saveMembers(path, members, format, level);
            if (out.status)
                out.written.append(path);
            return out;
        };
    }
    run(kind, path, ids, std::move(job));
    return true;
}

bool ExportWorkflow::exportCsv(const QString &path, int memberId, const npy::SliceSpec &spec,
                               const npy::CellRange &block)
{
    const Member *m = mDocument ? mDocument->memberById(memberId) : nullptr;
    if (path.isEmpty() || !m || !m->loaded || !m->isArray() || !confirmTarget(path))
        return false;
    const npy::NpyArray array = m->array;
    run(Kind::SliceCsv, path, {}, [array, spec, block, path]() {
        Outcome out;
        out.status = exportSliceCsv(array, spec, block, path);
        if (out.status)
            out.written.append(path);
        return out;
    });
    return true;
}

void ExportWorkflow::run(Kind kind, const QString &path, const QList<int> &ids, std::function<Outcome()> job)
{
    emit exportStarted(path);
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, kind, path, ids]() {
        watcher->deleteLater();
        const Outcome out = watcher->future().result();
        if (!out.status && !out.existing.isEmpty()) {
            // Nothing is overwritten without asking.
            if (mPrompt(out.existing) && startMembers(kind, path, ids, true))
                return;
            emit exportFinished(false,
                                tr("Export cancelled: %n file(s) already exist.", nullptr, int(out.existing.size())),
                                false);
            return;
        }
        if (!out.status) {
            emit exportFinished(false, out.status.error(), true);
            return;
        }
        const QString message = kind == Kind::Folder ? tr("Exported %n file(s) to %1", nullptr, int(out.written.size()))
                                                           .arg(QDir::toNativeSeparators(path))
                                                     : tr("Exported %1").arg(QDir::toNativeSeparators(path));
        emit exportFinished(true, message, false);
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), std::move(job)));
}

bool ExportWorkflow::saveMemberAsNpy(int memberId, const QString &path)
{
    const Member *m = mDocument ? mDocument->memberById(memberId) : nullptr;
    if (!m || path.isEmpty())
        return false;
    const npy::MemberSavePlan plan = npy::planMemberSave(m->saveState(), npy::SaveFormat::Npy);
    if (plan.action != npy::SaveAction::WriteArray)
        return false;
    // The member as it is now; loaded on the worker when it is not yet (the UI never waits for it).
    npy::SaveMember s = m->saveMember(plan);
    auto *watcher = new QFutureWatcher<npy::Status>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path]() {
        watcher->deleteLater();
        const npy::Status st = watcher->future().result();
        emit memberSaved(st.ok(), st.error(), path);
    });
    watcher->setFuture(QtConcurrent::run(jobPool(), [path, s]() mutable {
        if (s.array.isNull()) {
            if (!s.source)
                return npy::Status::failure(
                    QCoreApplication::translate("npyw::ExportWorkflow", "%1: member '%2' has no data").arg(path, s.key));
            npy::Result<npy::NpyArray> r = s.source->load(s.sourceIndex);
            if (!r)
                return npy::Status::failure(r.error());
            s.array = r.value();
        }
        return npy::saveFile(path, {s}, npy::SaveFormat::Npy);
    }));
    return true;
}

} // namespace npyw
