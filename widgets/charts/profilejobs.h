#pragma once

#include "deliverywatcher.h"
#include "elements.h"
#include "profile.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace npyw {

/** One profile to compute: the slice (which holds its array's bytes while the worker reads them) and the line. */
struct ProfileJob
{
    npy::SliceAccess access;
    npy::ProfileGeometry geometry;
    /** What the access shows (data version, slice, part): results for another key are dropped. */
    QString key;
};

/** A computed profile, or why not. */
struct ProfileResult
{
    quint64 generation = 0;
    QString key;
    std::shared_ptr<const npy::Profile> profile;
    QString error;
};

/**
 * Computes profiles (npy::computeProfile) on a worker thread, one at a time, the UI thread never reading an
 * element. request() while one runs queues the job (a later request replaces it) and starts it when the one
 * running returns, so a profile dragged across the picture is redrawn as fast as they come; one that has run for
 * over kStaleMs by then is asked to stop. Each result newer than the last delivered one is handed to the handler
 * on this thread (with the key it was computed for); cancelled ones are dropped.
 *
 * The pages of a memory map that the profiles read stay mapped while they come one after another (the next
 * profile of a dragged line reads the same rows: about a millisecond for a column of 20000 rows instead of over a
 * hundred); once no profile has been asked for during kReleaseMs, a last job on the worker gives them back
 * (npy::releaseProfilePages()), so the resident memory does not grow with the profiles taken.
 */
class ProfileScheduler : public QObject
{
    Q_OBJECT

public:
    /** A running job older than this is cancelled by the next request (its result would be stale). */
    static constexpr qint64 kStaleMs = 150;
    /** The pages read are given back once no profile was asked for during this long. */
    static constexpr int kReleaseMs = 1000;

    using ResultHandler = std::function<void(ProfileResult &&result)>;

    explicit ProfileScheduler(ResultHandler handler, QObject *parent = nullptr);
    /** Cancels a running job and waits for it. */
    ~ProfileScheduler() override;

    /** Computes \a job (now, or when the one running returns). */
    void request(const ProfileJob &job);
    /** Stops the running job and forgets the queued one: nothing more is delivered until the next request. */
    void cancel();
    /** True while a profile is computed or waits (not while the pages are given back). */
    [[nodiscard]] bool isBusy() const { return (mWatcher->isBusy() && !mRunningKey.isEmpty()) || mHavePending; }

private:
    void start(ProfileJob job);
    /** Gives back the pages kept (on the worker). */
    void startRelease();
    void finished();

    ResultHandler mHandler;
    quint64 mGeneration = 0;
    quint64 mDelivered = 0;
    ProfileJob mPending;
    bool mHavePending = false;
    QElapsedTimer mRunning;
    /** The slice and key of the job running (a release job: empty key). */
    npy::SliceAccess mRunningAccess;
    QString mRunningKey;
    /** The pages the profiles read and kept: of this slice, this box. */
    npy::SliceAccess mKeptAccess;
    QString mKeptKey;
    npy::CellRange mKept;
    bool mHaveKept = false;
    QTimer mReleaseTimer;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<ProfileResult> *mWatcher = nullptr;
};

} // namespace npyw
