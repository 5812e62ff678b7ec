#include "documentjobs.h"
#include "jobpool.h"
#include "opensource.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

namespace {

int scaled(qint64 done, qint64 total)
{
    if (total <= 0)
        return 0;
    return int(qBound<qint64>(0, done * kJobProgressScale / total, qint64(kJobProgressScale)));
}

/** A Progress that reports to \a promise in kJobProgressScale steps and stops on \a cancel. */
template <typename T>
npy::Progress promiseProgress(QPromise<T> &promise, const std::atomic_bool *cancel)
{
    promise.setProgressRange(0, kJobProgressScale);
    npy::Progress progress;
    progress.cancel = cancel;
    progress.report = [&promise](qint64 done, qint64 total) { promise.setProgressValue(scaled(done, total)); };
    return progress;
}

} // namespace

npy::Result<std::shared_ptr<const npy::Source>> openSourceJob(const QString &path)
{
    return npy::openSource(path);
}

npy::Result<npy::NpyArray> loadMemberJob(const npy::Source &source, int index, const npy::Progress &progress)
{
    return source.load(index, progress);
}

npy::Result<SavedFile> runSaveJob(const SaveJob &job, const npy::Progress &progress)
{
    QList<npy::SaveMember> members = job.members;
    for (qsizetype i : job.toLoad) {
        npy::Progress loading;
        loading.cancel = progress.cancel;
        npy::Result<npy::NpyArray> r = members[i].source->load(members[i].sourceIndex, loading);
        if (!r)
            return npy::Result<SavedFile>::failure(r.error());
        members[i].array = r.value();
    }
    SavedFile saved;
    saved.path = job.path;
    saved.memberIds = job.memberIds;
    for (const npy::SaveMember &m : members)
        saved.loadedArrays.append(m.array);
    const npy::Status status = npy::saveFile(job.path, members, job.format, progress, job.level);
    if (!status)
        return npy::Result<SavedFile>::failure(status.error());
    npy::Result<std::shared_ptr<const npy::Source>> reopened = npy::openSource(job.path);
    if (reopened)
        saved.reopened = reopened.value();
    return saved;
}

QFuture<npy::Result<std::shared_ptr<const npy::Source>>> startOpenJob(const QString &path)
{
    return QtConcurrent::run(jobPool(), [path]() { return openSourceJob(path); });
}

QFuture<npy::Result<npy::NpyArray>> startLoadJob(std::shared_ptr<const npy::Source> source, int index,
                                                 std::shared_ptr<std::atomic_bool> cancel)
{
    return QtConcurrent::run(jobPool(), [source = std::move(source), index, cancel = std::move(cancel)](
                                 QPromise<npy::Result<npy::NpyArray>> &promise) {
        promise.addResult(loadMemberJob(*source, index, promiseProgress(promise, cancel.get())));
    });
}

QFuture<npy::Result<npy::NpyArray>> startArrayJob(npy::NpyArray array, ArrayJob job,
                                                 std::shared_ptr<std::atomic_bool> cancel)
{
    return QtConcurrent::run(jobPool(), [array = std::move(array), job = std::move(job), cancel = std::move(cancel)](
                                 QPromise<npy::Result<npy::NpyArray>> &promise) {
        promise.addResult(job(array, promiseProgress(promise, cancel.get())));
    });
}

QFuture<npy::Result<SavedFile>> startSaveJob(SaveJob job, std::shared_ptr<std::atomic_bool> cancel)
{
    return QtConcurrent::run(jobPool(), [job = std::move(job), cancel = std::move(cancel)](
                                 QPromise<npy::Result<SavedFile>> &promise) {
        promise.addResult(runSaveJob(job, promiseProgress(promise, cancel.get())));
    });
}

} // namespace npyw
