#pragma once

#include "elements.h"
#include "heatmap.h"
#include "histogram.h"

#include "deliverywatcher.h"
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace npyw {

/** One heatmap render: its inputs, copied so that the worker shares nothing with the view. */
struct RenderJob
{
    npy::SliceAccess access;
    npy::SampleRequest request;
    npy::RangeOptions range;
    /** Computes the range first; else maps with \a stats. */
    bool needRange = true;
    npy::RangeStats stats;
    /** Identifies what the range was computed for (passed through to the result). */
    QString rangeKey;
    qreal dpr = 1.0;
    /**
     * Exact frame: every element of each pixel's block is reduced (reduceSlice) and a range still
     * to compute covers every element of the slice (min–max, symmetric). Otherwise a preview:
     * a few elements per pixel and a sampled range.
     */
    bool exact = false;
    /**
     * The exact histogram of this slice when one is known (for this data, part and scale): a range
     * still to compute is then read from it (rangeOfHistogram(): exact, no element read).
     */
    std::shared_ptr<const npy::Histogram> histogram;
};

/** What a render produced: colormap indices of the sampled area, ready for colorize(). */
struct RenderResult
{
    quint64 generation = 0;
    std::vector<quint16> indices;
    QSize size;
    /** The slice area sampled. */
    QRectF area;
    qreal dpr = 1.0;
    npy::RangeStats stats;
    QString rangeKey;
    bool exact = false;
    /** The picture's values when they are counts (npy::Reduction::NonZero), row by row: what hovering reads. */
    std::vector<double> counts;
};

/**
 * Runs heatmap renders on a worker thread, one at a time, showing only the latest.
 *
 * Each request() starts a new generation and asks for a render at the next event-loop turn
 * (requests in between coalesce). A render is built from the owner's state when it starts (the job
 * factory), so it always reflects the latest settings. A request while a render runs asks that
 * render to stop and starts the next one when it returns. A render that finishes for an older
 * generation, or was cancelled, is dropped (counted by dropped()); a current one is handed to the
 * result handler on this thread.
 */
class RenderScheduler : public QObject
{
    Q_OBJECT

public:
    /** Fills \a job from the owner's current state; false when there is nothing to render. */
    using JobFactory = std::function<bool(RenderJob *job)>;
    /** Receives the result of a current render. */
    using ResultHandler = std::function<void(RenderResult &&result)>;

    RenderScheduler(JobFactory factory, ResultHandler handler, QObject *parent = nullptr);
    /** Cancels a running render and waits for it. */
    ~RenderScheduler() override;

    /** Starts a new generation and schedules a render at the next event-loop turn. */
    void request();
    /** Starts a scheduled render now. */
    void flush();
    /** Starts a new generation without scheduling one: whatever runs now is dropped. */
    void invalidate();
    /** Asks a running render to stop and waits until it has returned. */
    void cancelAndWait();

    [[nodiscard]] bool isRunning() const;
    /** The generation of the latest request. */
    [[nodiscard]] quint64 generation() const { return mGeneration; }
    /** Renders that finished too late or were cancelled, and were dropped. */
    [[nodiscard]] quint64 dropped() const { return mDropped; }

private:
    /** Null when cancelled. */
    static std::shared_ptr<RenderResult> run(const RenderJob &job, quint64 generation,
                                             const std::shared_ptr<std::atomic_bool> &cancel);
    void start();
    void finished();

    JobFactory mFactory;
    ResultHandler mHandler;
    quint64 mGeneration = 0;
    quint64 mDropped = 0;
    /** The generation of the render running (or last run). */
    quint64 mRunning = 0;
    bool mScheduled = false;
    bool mPending = false;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<std::shared_ptr<RenderResult>> *mWatcher = nullptr;
};

/**
 * Computes the exact histogram of a slice on a worker thread (computeHistogram(): two passes over
 * every element), one at a time: start() with another key cancels the one running; a histogram
 * for an older key, or a cancelled one, is dropped. The handler receives the histogram on this thread.
 */
class HistogramScheduler : public QObject
{
    Q_OBJECT

public:
    using ResultHandler = std::function<void(const QString &key, std::shared_ptr<const npy::Histogram> histogram)>;

    explicit HistogramScheduler(ResultHandler handler, QObject *parent = nullptr);
    /** Cancels a running computation and waits for it. */
    ~HistogramScheduler() override;

    /** Computes the histogram of \a access for \a key, unless that key is running already. */
    void start(const QString &key, const npy::SliceAccess &access, const npy::HistogramOptions &options);
    /** Stops whatever runs (its result is dropped) and forgets the key. */
    void cancel();
    /** The key being computed (empty: none). */
    [[nodiscard]] QString runningKey() const { return mKey; }
    [[nodiscard]] bool isRunning() const;

private:
    void finished();

    ResultHandler mHandler;
    QString mKey;
    /** The key of the next computation, started when the running one has stopped. */
    QString mNextKey;
    npy::SliceAccess mNextAccess;
    npy::HistogramOptions mNextOptions;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<std::shared_ptr<const npy::Histogram>> *mWatcher = nullptr;
};

} // namespace npyw
