#pragma once

/**
 * @file
 * The work a Document hands to worker threads: opening a file, loading one member, an array edit,
 * saving.
 *
 * Each job is a plain function over values (no Document, no widget), so that it runs the same on a
 * worker and on the calling thread (Document::loadMemberNow(), Document::saveNow()). Failures come
 * back as npy::Result / npy::Status with core's message; nothing here throws. The start*()
 * functions run the same jobs on jobPool() (jobpool.h) and report progress in steps of
 * kJobProgressScale through the returned future (QFutureWatcher::progressValueChanged).
 */

#include "npyarray.h"
#include "result.h"
#include "saver.h"
#include "source.h"

#include <QFuture>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace npyw {

/** The progress range of the futures start*() return: 0 … kJobProgressScale. */
inline constexpr int kJobProgressScale = 1000;

/**
 * What a save writes, as Document planned it on its own thread: the members in file order (each
 * shares its array's bytes, copy-on-write, so the job can be copied to a worker) and which of them
 * the job must load from their source first.
 */
struct SaveJob
{
    QString path;
    npy::SaveFormat format = npy::SaveFormat::Npz;
    npy::CompressionLevel level = npy::CompressionLevel::Default;
    QList<npy::SaveMember> members;
    /** Indexes into members whose array must be loaded by the job first. */
    QList<qsizetype> toLoad;
    /** The Document member id of each of members, in the same order. */
    QList<int> memberIds;
};

/** A save that succeeded: what the Document adopts (Document::adoptSaved()). */
struct SavedFile
{
    QString path;
    /** The written file opened again; null when it wrote but cannot be reopened. */
    std::shared_ptr<const npy::Source> reopened;
    /** SaveJob::memberIds, in the order the members were written. */
    QList<int> memberIds;
    /** The array of each written member (null for those copied raw and never loaded). */
    QList<npy::NpyArray> loadedArrays;
};

/** Opens \a path: reads the file's directory and headers, never the members' data. */
[[nodiscard]] npy::Result<std::shared_ptr<const npy::Source>> openSourceJob(const QString &path);

/** Loads member \a index of \a source (maps it, or inflates it), as npy::Source::load() does. */
[[nodiscard]] npy::Result<npy::NpyArray> loadMemberJob(const npy::Source &source, int index,
                                                       const npy::Progress &progress = {});

/**
 * Runs \a job: loads the members it must, writes the file (npy::saveFile(), which leaves the file at
 * the path as it was on failure), then opens it again. Fails with the first error, or when
 * \a progress is cancelled.
 */
[[nodiscard]] npy::Result<SavedFile> runSaveJob(const SaveJob &job, const npy::Progress &progress = {});

/** openSourceJob(\a path) on a worker thread. */
[[nodiscard]] QFuture<npy::Result<std::shared_ptr<const npy::Source>>> startOpenJob(const QString &path);

/**
 * loadMemberJob() on a worker thread; it stops (failing) once \a cancel is set. \a source is kept
 * alive by the job until it ends.
 */
[[nodiscard]] QFuture<npy::Result<npy::NpyArray>> startLoadJob(std::shared_ptr<const npy::Source> source, int index,
                                                               std::shared_ptr<std::atomic_bool> cancel);

/**
 * What an array edit computes from a member's array (a transpose, an insert...), reporting to and
 * stopped by the Progress it is given.
 */
using ArrayJob = std::function<npy::Result<npy::NpyArray>(const npy::NpyArray &, const npy::Progress &)>;

/**
 * \a job over \a array on a worker thread; it stops (failing) once \a cancel is set. \a array is shared
 * with the job (copy-on-write) until it ends.
 */
[[nodiscard]] QFuture<npy::Result<npy::NpyArray>> startArrayJob(npy::NpyArray array, ArrayJob job,
                                                                std::shared_ptr<std::atomic_bool> cancel);

/** runSaveJob(\a job) on a worker thread; it stops (failing) once \a cancel is set. */
[[nodiscard]] QFuture<npy::Result<SavedFile>> startSaveJob(SaveJob job, std::shared_ptr<std::atomic_bool> cancel);

} // namespace npyw
