#pragma once

#include "elements.h"
#include "envelope.h"

#include <QElapsedTimer>
#include "deliverywatcher.h"
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace npyw {

/** One envelope pass of a plotted line: its inputs, copied so that the worker shares nothing with the view. */
struct EnvelopeJob
{
    /** The slice the line lies in: holds the array (and its bytes) while the worker reads them. */
    npy::SliceAccess access;
    /** The line's samples, inside access's bytes. */
    npy::SeriesMemory series;
    /** Samples [begin, end) in `bins` blocks (one per pixel column). */
    qint64 begin = 0;
    qint64 end = 0;
    qint64 bins = 1;
    /** The x field's slice (a record array's dates) and the indexes whose labels to read from it. */
    npy::SliceAccess xAccess;
    QList<qint64> labelIndexes;
    /** Samples whose single values to read (the marked point). */
    QList<qint64> valueIndexes;
    /** Only the labels and values: the envelope shown is still the one wanted. */
    bool readsOnly = false;
};

/** What a pass produced so far: the envelope (blocks not yet computed are empty), labels and values read. */
struct EnvelopeResult
{
    quint64 generation = 0;
    npy::Envelope envelope;
    /** True when every block is computed (else a progress report). */
    bool complete = false;
    /** A job of labels and values only: no envelope. */
    bool readsOnly = false;
    /** Blocks computed, of envelope.bins.size(). */
    qint64 done = 0;
    /** Milliseconds since the pass started. */
    qint64 elapsed = 0;
    QHash<qint64, QString> labels;
    QHash<qint64, double> values;
};

/**
 * Runs envelope passes of a plot on a worker thread, one at a time, showing only the latest: the pattern
 * of RenderScheduler (heatmapjobs.h). Each request() starts a new generation and asks for a pass at the
 * next event-loop turn (requests in between coalesce); the job is built from the owner's state when the
 * pass starts. A request while a pass runs asks it to stop; the next starts when it returns. A long pass
 * computes its blocks left to right in groups and reports each group (about every 100 ms) to the handler
 * with `complete` false, then the whole result; reports of an older generation are dropped. The worker
 * is the only one that reads the data.
 */
class EnvelopeScheduler : public QObject
{
    Q_OBJECT

public:
    using JobFactory = std::function<bool(EnvelopeJob *job)>;
    using ResultHandler = std::function<void(EnvelopeResult &&result)>;

    EnvelopeScheduler(JobFactory factory, ResultHandler handler, QObject *parent = nullptr);
    /** Cancels a running pass and waits for it. */
    ~EnvelopeScheduler() override;

    /** Starts a new generation and schedules a pass at the next event-loop turn. */
    void request();
    /** Starts a new generation without scheduling one: whatever runs now is dropped. */
    void invalidate();
    /** Asks a running pass to stop and waits until it has returned. */
    void cancelAndWait();
    [[nodiscard]] bool isRunning() const;
    /** True while a pass is scheduled or running for the latest generation. */
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] quint64 generation() const { return mGeneration; }

private:
    std::shared_ptr<EnvelopeResult> run(const EnvelopeJob &job, quint64 generation,
                                        const std::shared_ptr<std::atomic_bool> &cancel);
    void start();
    void finished();

    JobFactory mFactory;
    ResultHandler mHandler;
    quint64 mGeneration = 0;
    quint64 mRunning = 0;
    bool mScheduled = false;
    bool mPending = false;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<std::shared_ptr<EnvelopeResult>> *mWatcher = nullptr;
};

} // namespace npyw
