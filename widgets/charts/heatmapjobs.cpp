#include "heatmapjobs.h"
#include "jobpool.h"

#include <limits>

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace npyw {

RenderScheduler::RenderScheduler(JobFactory factory, ResultHandler handler, QObject *parent)
    : QObject(parent), mFactory(std::move(factory)), mHandler(std::move(handler))
{
    mWatcher = new DeliveryWatcher<std::shared_ptr<RenderResult>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &RenderScheduler::finished);
}

RenderScheduler::~RenderScheduler()
{
    cancelAndWait();
}

void RenderScheduler::request()
{
    ++mGeneration;
    if (mScheduled)
        return;
    mScheduled = true;
    QTimer::singleShot(0, this, [this] {
        if (mScheduled)
            start();
    });
}

void RenderScheduler::flush()
{
    if (mScheduled)
        start();
}

void RenderScheduler::invalidate()
{
    ++mGeneration;
    if (mCancel)
        mCancel->store(true);
}

void RenderScheduler::cancelAndWait()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

bool RenderScheduler::isRunning() const
{
    return mWatcher->isBusy();
}

void RenderScheduler::start()
{
    mScheduled = false;
    if (mWatcher->isBusy()) {
        // Ask the running (now stale) render to stop; finished() starts the next one.
        mPending = true;
        if (mCancel)
            mCancel->store(true);
        return;
    }
    mPending = false;
    RenderJob job;
    if (!mFactory(&job))
        return;
    mRunning = mGeneration;
    mCancel = std::make_shared<std::atomic_bool>(false);
    mWatcher->watch(QtConcurrent::run(jobPool(), &RenderScheduler::run, std::move(job), mRunning, mCancel));
}

std::shared_ptr<RenderResult> RenderScheduler::run(const RenderJob &job, quint64 generation,
                                                   const std::shared_ptr<std::atomic_bool> &cancel)
{
    auto r = std::make_shared<RenderResult>();
    r->generation = generation;
    r->area = job.request.source;
    r->dpr = job.dpr;
    r->rangeKey = job.rangeKey;
    r->stats = job.stats;
    r->exact = job.exact;
    const bool counting = job.request.reduction == npy::Reduction::NonZero;
    if (counting) {
        // A picture of counts is coloured by the counts' range, taken from the picture below.
    } else if (job.needRange && job.histogram) {
        r->stats = rangeOfHistogram(*job.histogram, job.range, job.access.isBool());
    } else if (job.needRange) {
        npy::RangeOptions range = job.range;
        // Percentiles stay estimated from a sample until the exact histogram is known.
        if (job.exact && range.mode != npy::RangeMode::Percentile1 && range.mode != npy::RangeMode::Percentile01)
            range.maxSamples = std::numeric_limits<qint64>::max();
        r->stats = npy::computeRange(job.access, range, cancel.get());
    }
    npy::SampledImage sampled;
    const bool done = job.exact ? npy::reduceSlice(job.access, job.request, &sampled, cancel.get())
                                : npy::sampleSlice(job.access, job.request, &sampled, cancel.get());
    if (cancel->load() || !done)
        return nullptr;
    if (counting) {
        npy::RangeOptions range = job.range;
        range.maxSamples = std::numeric_limits<qint64>::max();
        r->stats = npy::rangeOfImage(sampled, range, false);
    }
    npy::mapToIndices(sampled, npy::ColorMapping{r->stats.low, r->stats.high, job.range.scale}, &r->indices);
    r->size = sampled.size;
    if (counting)
        r->counts = std::move(sampled.values);
    return r;
}

void RenderScheduler::finished()
{
    const std::shared_ptr<RenderResult> r = mWatcher->future().result();
    if (!r || r->generation != mGeneration)
        ++mDropped;
    else
        mHandler(std::move(*r));
    if (mPending || (mRunning != mGeneration && !mScheduled))
        start();
}

// -------------------------------------------------------------------------- HistogramScheduler

HistogramScheduler::HistogramScheduler(ResultHandler handler, QObject *parent)
    : QObject(parent), mHandler(std::move(handler))
{
    mWatcher = new DeliveryWatcher<std::shared_ptr<const npy::Histogram>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &HistogramScheduler::finished);
}

HistogramScheduler::~HistogramScheduler()
{
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

bool HistogramScheduler::isRunning() const
{
    return mWatcher->isBusy();
}

void HistogramScheduler::cancel()
{
    if (mCancel)
        mCancel->store(true);
    mKey.clear();
    mNextKey.clear();
    mNextAccess = npy::SliceAccess();
}

void HistogramScheduler::start(const QString &key, const npy::SliceAccess &access, const npy::HistogramOptions &options)
{
    if (key == mKey && (mWatcher->isBusy() || !mNextKey.isEmpty()))
        return;
    if (mWatcher->isBusy()) {
        // Stop the stale one; finished() starts this one.
        if (mCancel)
            mCancel->store(true);
        mKey = key;
        mNextKey = key;
        mNextAccess = access;
        mNextOptions = options;
        return;
    }
    mKey = key;
    mNextKey.clear();
    mNextAccess = npy::SliceAccess();
    mCancel = std::make_shared<std::atomic_bool>(false);
    const std::shared_ptr<std::atomic_bool> cancel = mCancel;
    mWatcher->watch(QtConcurrent::run(jobPool(), [access, options, cancel]() -> std::shared_ptr<const npy::Histogram> {
        auto h = std::make_shared<npy::Histogram>(npy::computeHistogram(access, options, cancel.get()));
        if (h->cancelled)
            return nullptr;
        return h;
    }));
}

void HistogramScheduler::finished()
{
    const std::shared_ptr<const npy::Histogram> h = mWatcher->future().result();
    if (!mNextKey.isEmpty()) {
        const QString key = mNextKey;
        const npy::SliceAccess access = mNextAccess;
        mKey.clear();
        start(key, access, mNextOptions);
        return;
    }
    const QString key = mKey;
    mKey.clear();
    if (h && !key.isEmpty())
        mHandler(key, h);
}

} // namespace npyw
