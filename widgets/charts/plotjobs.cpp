#include "jobpool.h"
#include "plotjobs.h"

#include <QPointer>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace npyw {

namespace {

/** Samples below which a pass is one group (no progress reports). */
constexpr qint64 kGroupedFrom = qint64(1) << 22;
constexpr int kGroups = 32;
constexpr qint64 kReportEveryMs = 100;

} // namespace

EnvelopeScheduler::EnvelopeScheduler(JobFactory factory, ResultHandler handler, QObject *parent)
    : QObject(parent), mFactory(std::move(factory)), mHandler(std::move(handler))
{
    mWatcher = new DeliveryWatcher<std::shared_ptr<EnvelopeResult>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &EnvelopeScheduler::finished);
}

EnvelopeScheduler::~EnvelopeScheduler()
{
    cancelAndWait();
}

void EnvelopeScheduler::request()
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

void EnvelopeScheduler::invalidate()
{
    ++mGeneration;
    mScheduled = false;
    if (mCancel)
        mCancel->store(true);
}

void EnvelopeScheduler::cancelAndWait()
{
    mScheduled = false;
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

bool EnvelopeScheduler::isRunning() const
{
    return mWatcher->isBusy();
}

bool EnvelopeScheduler::isBusy() const
{
    return mScheduled || mPending || (mWatcher->isBusy() && mRunning == mGeneration);
}

void EnvelopeScheduler::start()
{
    mScheduled = false;
    if (mWatcher->isBusy()) {
        // Ask the running (now stale) pass to stop; finished() starts the next one.
        mPending = true;
        if (mCancel)
            mCancel->store(true);
        return;
    }
    mPending = false;
    EnvelopeJob job;
    if (!mFactory(&job))
        return;
    mRunning = mGeneration;
    mCancel = std::make_shared<std::atomic_bool>(false);
    mWatcher->watch(QtConcurrent::run(jobPool(), [this, job = std::move(job), generation = mRunning, cancel = mCancel] {
        return run(job, generation, cancel);
    }));
}

std::shared_ptr<EnvelopeResult> EnvelopeScheduler::run(const EnvelopeJob &job, quint64 generation,
                                                       const std::shared_ptr<std::atomic_bool> &cancel)
{
    QElapsedTimer clock;
    clock.start();
    auto r = std::make_shared<EnvelopeResult>();
    r->generation = generation;
    // The few single reads first: tick labels and the marked value show with the first report.
    const qint64 xRows = job.xAccess.rows();
    for (qint64 i : job.labelIndexes)
        r->labels.insert(i, i >= 0 && i < xRows ? job.xAccess.text(i, 0) : QString::number(i));
    for (qint64 i : job.valueIndexes) {
        if (i >= 0 && i < job.series.count) {
            double v = 0;
            npy::withElementReader(job.series.type, job.series.part,
                                   [&](const auto &read) { v = read(job.series.first + i * job.series.stride); });
            r->values.insert(i, v);
        }
    }
    if (job.readsOnly) {
        r->readsOnly = r->complete = true;
        return r;
    }
    r->envelope = npy::envelopeLayout(job.begin, job.end, job.bins);
    const qint64 bins = qint64(r->envelope.bins.size());
    const int groups = job.end - job.begin >= kGroupedFrom ? int(std::min<qint64>(kGroups, bins)) : 1;
    qint64 reported = 0;
    QPointer<EnvelopeScheduler> self(this);
    for (int g = 0; g < groups; ++g) {
        const qint64 b0 = bins * g / groups, b1 = bins * (g + 1) / groups;
        if (!npy::fillEnvelope(job.series, b0, b1, &r->envelope, cancel.get()) || cancel->load())
            return nullptr;
        r->done = b1;
        if (g + 1 < groups && clock.elapsed() - reported >= kReportEveryMs) {
            reported = clock.elapsed();
            EnvelopeResult partial = *r;
            partial.elapsed = reported;
            QMetaObject::invokeMethod(this, [self, partial = std::move(partial)]() mutable {
                if (self && partial.generation == self->mGeneration)
                    self->mHandler(std::move(partial));
            }, Qt::QueuedConnection);
        }
    }
    r->complete = true;
    r->elapsed = clock.elapsed();
    return r;
}

void EnvelopeScheduler::finished()
{
    const std::shared_ptr<EnvelopeResult> r = mWatcher->future().result();
    if (r && r->generation == mGeneration)
        mHandler(std::move(*r));
    if (mPending || (mRunning != mGeneration && !mScheduled))
        start();
}

} // namespace npyw
