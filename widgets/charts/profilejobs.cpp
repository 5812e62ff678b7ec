#include "jobpool.h"
#include "profilejobs.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace npyw {

namespace {

/** The box around \a a and \a b. */
npy::CellRange unite(const npy::CellRange &a, const npy::CellRange &b)
{
    const qint64 row = std::min(a.row, b.row), col = std::min(a.col, b.col);
    return npy::CellRange{row, col, std::max(a.row + a.rows, b.row + b.rows) - row,
                          std::max(a.col + a.cols, b.col + b.cols) - col};
}

} // namespace

ProfileScheduler::ProfileScheduler(ResultHandler handler, QObject *parent)
    : QObject(parent), mHandler(std::move(handler))
{
    mWatcher = new DeliveryWatcher<ProfileResult>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &ProfileScheduler::finished);
    mReleaseTimer.setSingleShot(true);
    mReleaseTimer.setInterval(kReleaseMs);
    connect(&mReleaseTimer, &QTimer::timeout, this, [this]() {
        if (mHaveKept && !mWatcher->isBusy() && !mHavePending)
            startRelease();
    });
}

ProfileScheduler::~ProfileScheduler()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
    if (mHaveKept)
        npy::releaseProfilePages(mKeptAccess, mKept);
}

void ProfileScheduler::request(const ProfileJob &job)
{
    mReleaseTimer.stop();
    if (!mWatcher->isBusy()) {
        start(job);
        return;
    }
    mPending = job;
    mHavePending = true;
    if (mRunning.isValid() && mRunning.elapsed() > kStaleMs && mCancel && !mRunningKey.isEmpty())
        mCancel->store(true);
}

void ProfileScheduler::cancel()
{
    if (mCancel && !mRunningKey.isEmpty())
        mCancel->store(true);
    mHavePending = false;
    mPending = ProfileJob();
    // Whatever still arrives is older than this.
    mDelivered = ++mGeneration;
}

void ProfileScheduler::start(ProfileJob job)
{
    const quint64 generation = ++mGeneration;
    mCancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mCancel;
    mRunning.start();
    mRunningAccess = job.access;
    mRunningKey = job.key;
    // Pages kept from another slice are given back first (the box is of that slice).
    npy::SliceAccess releaseAccess;
    npy::CellRange releaseBox{0, 0, 0, 0};
    if (mHaveKept && mKeptKey != job.key) {
        releaseAccess = mKeptAccess;
        releaseBox = mKept;
        mHaveKept = false;
        mKeptAccess = npy::SliceAccess();
    }
    mWatcher->watch(QtConcurrent::run(jobPool(), [job = std::move(job), generation, cancel, releaseAccess, releaseBox]() {
        if (releaseBox.rows > 0)
            npy::releaseProfilePages(releaseAccess, releaseBox);
        ProfileResult r;
        r.generation = generation;
        r.key = job.key;
        npy::Result<npy::Profile> p = npy::computeProfile(job.access, job.geometry, cancel.get(), false);
        if (!p)
            r.error = p.error();
        else if (!p->cancelled)
            r.profile = std::make_shared<const npy::Profile>(std::move(p).value());
        return r;
    }));
}

void ProfileScheduler::startRelease()
{
    const npy::SliceAccess access = mKeptAccess;
    const npy::CellRange box = mKept;
    mHaveKept = false;
    mKeptAccess = npy::SliceAccess();
    mRunningAccess = npy::SliceAccess();
    mRunningKey.clear();
    mRunning.invalidate();
    mWatcher->watch(QtConcurrent::run(jobPool(), [access, box]() {
        npy::releaseProfilePages(access, box);
        return ProfileResult();
    }));
}

void ProfileScheduler::finished()
{
    ProfileResult r = mWatcher->future().result();
    mRunning.invalidate();
    if (!mRunningKey.isEmpty() && (r.profile || r.error.isEmpty())) {
        // The rows and columns the job read (all of the slice when it stopped early) stay mapped until released.
        const npy::CellRange box = r.profile ? r.profile->readBox
                                             : npy::CellRange{0, 0, mRunningAccess.rows(), mRunningAccess.cols()};
        if (mHaveKept && mKeptKey == mRunningKey) {
            mKept = unite(mKept, box);
        } else {
            mKeptAccess = mRunningAccess;
            mKeptKey = mRunningKey;
            mKept = box;
            mHaveKept = true;
        }
    }
    mRunningAccess = npy::SliceAccess();
    mRunningKey.clear();
    if (mHavePending) {
        mHavePending = false;
        start(std::move(mPending));
        mPending = ProfileJob();
    } else if (mHaveKept) {
        mReleaseTimer.start();
    }
    if (r.generation > mDelivered && (r.profile || !r.error.isEmpty())) {
        mDelivered = r.generation;
        mHandler(std::move(r));
    }
}

} // namespace npyw
