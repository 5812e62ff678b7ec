#pragma once

#include "colormaps.h"
#include "density.h"
#include "heatmap.h"
#include "plotseries.h"
#include "xyseries.h"

#include "deliverywatcher.h"
#include <QImage>
#include <QObject>
#include <QRectF>

#include <atomic>
#include <functional>
#include <memory>

namespace npyw {

/** What an x-against-y plot draws. */
enum class XYMode {
    Unknown, ///< x not looked at yet
    Line,    ///< x is sorted: y as a line, the M4 envelope of each pixel column of x
    Points,  ///< x is not sorted and the view holds few enough points: each drawn
    Density  ///< many points in view: each counted into its pixel, coloured by count
};

/** The colours of a density picture. */
struct DensityStyle
{
    npy::Colormap colormap = npy::Colormap::Viridis;
    bool reversed = false;
    /** Counts on a log scale (1 to the largest count) instead of a linear one (0 to it). */
    bool log = false;
    bool operator==(const DensityStyle &o) const
    {
        return colormap == o.colormap && reversed == o.reversed && log == o.log;
    }
};

/** One pass of an x-against-y plot: its inputs, copied so that the worker shares nothing with the view. */
struct XYJob
{
    PlotSeries x;
    PlotSeries y;
    /** The first pass: the order and extremes of x and y (scanSeries()), nothing drawn. */
    bool scan = false;
    /** x's order (from the scan): Ascending or Descending draws a line, Unordered a scatter. */
    npy::SeriesOrder order = npy::SeriesOrder::Unordered;
    /** The view: x from left to right, y from top() (low) to bottom() (high), as PlotView's. */
    QRectF view;
    /** The plot area in device pixels: the line's blocks, the picture's size and the density's bins. */
    QSize pixels;
    qreal dpr = 1.0;
    /** Up to this many points in view are drawn as points; more make a density. */
    qint64 pointLimit = 200000;
    /** Every point (x and y finite) when the series has at most pointLimit: read once, then reused. */
    std::shared_ptr<const npy::PointSet> allPoints;
    DensityStyle style;
};

/** What a pass produced. */
struct XYResult
{
    quint64 generation = 0;
    bool scan = false;
    npy::SeriesScan xScan;
    npy::SeriesScan yScan;
    XYMode mode = XYMode::Unknown;
    QRectF view;
    QSize pixels;
    /** Line: the blocks of y over the view's x. */
    npy::SortedEnvelope line;
    /** Points: those in view (or every point, `all`), and the picture of them. */
    std::shared_ptr<const npy::PointSet> points;
    bool allPoints = false;
    /** Density: the counts (np.histogram2d over the view, one bin per device pixel) and their picture. */
    std::shared_ptr<const npy::Density> density;
    qint64 maxCount = 0;
    DensityStyle style;
    /** The picture of the points or counts over `view` (transparent where nothing is). */
    QImage image;
    QString error;
};

/** Runs \a job (on a worker): a scan, a line's envelope, or the points or counts in view and their picture. */
[[nodiscard]] XYResult runXYJob(const XYJob &job, const std::atomic_bool *cancel);

/**
 * Runs the passes of an x-against-y plot on a worker thread, one at a time, showing only the latest: the pattern
 * of EnvelopeScheduler (plotjobs.h) without progress reports. Each request() starts a new generation and asks for
 * a pass at the next event-loop turn (requests in between coalesce), built from the owner's state when it starts;
 * a request while a pass runs asks it to stop, and the next starts when it returns. Results of older generations
 * are dropped.
 */
class XYScheduler : public QObject
{
    Q_OBJECT

public:
    using JobFactory = std::function<bool(XYJob *job)>;
    using ResultHandler = std::function<void(XYResult &&result)>;

    XYScheduler(JobFactory factory, ResultHandler handler, QObject *parent = nullptr);
    /** Cancels a running pass and waits for it. */
    ~XYScheduler() override;

    void request();
    /** Starts a new generation without scheduling a pass: whatever runs now is dropped. */
    void invalidate();
    void cancelAndWait();
    /** True while a pass is scheduled or running for the latest generation. */
    [[nodiscard]] bool isBusy() const;

private:
    void start();
    void finished();

    JobFactory mFactory;
    ResultHandler mHandler;
    quint64 mGeneration = 0;
    quint64 mRunning = 0;
    bool mScheduled = false;
    bool mPending = false;
    std::shared_ptr<std::atomic_bool> mCancel;
    DeliveryWatcher<std::shared_ptr<XYResult>> *mWatcher = nullptr;
};

} // namespace npyw
