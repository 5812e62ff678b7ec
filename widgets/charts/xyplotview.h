#pragma once

#include "axisticks.h"
#include "xyplotjobs.h"

#include <QImage>
#include <QWidget>

#include <memory>

class QMenu;

namespace npyw {

/**
 * y against x: one series plotted at the values of another as long (a member against its timestamps, two fields of a
 * record array, two columns of a point cloud). Every question asked of the samples runs on a worker (XYScheduler):
 * the UI thread never reads them.
 *
 * A first pass finds whether x is sorted and the extremes of both. A sorted x (ascending or descending, ties
 * allowed, no NaN) draws a line by the plot's envelope rule in x: each pixel column shows the M4 envelope (first,
 * last, minimum, maximum) of the samples whose x falls in it (npy::sortedEnvelope()). Otherwise a scatter: up to
 * pointLimit() points in view are drawn as dots; more become a density picture, every point counted into its pixel
 * (np.histogram2d over the view, npy::computeDensity()) and coloured by its count with the heatmap's colormaps,
 * on a linear or log scale, with a colour bar of counts. Zoom and pan recompute for the new view; until then the
 * last picture is shown where it falls (a preview).
 *
 * Hover names the nearest point (index, x, y), the block under the mouse on a line, or a density pixel's count and
 * its x and y range (hovered()). A datetime axis is ticked on calendar steps, every label with its date.
 * Mouse: wheel zooms about the cursor (a line: x only; a scatter: both; shift: y only, ctrl: x only); left-drag
 * pans; double-click fits. The context menu is the owner's (the event is passed on); addViewActions() adds the
 * density's choices to it.
 */
class XYPlotView : public QWidget
{
    Q_OBJECT

public:
    explicit XYPlotView(QWidget *parent = nullptr);
    ~XYPlotView() override;

    /**
     * Plots \a y against \a x (as many samples: else the view says so). Keeps the view when the same samples come
     * again (a redraw after an unrelated change); anything else starts over with a fit.
     */
    void setSeries(const PlotSeries &x, const PlotSeries &y);
    /** Stops and forgets the series (shows \a message). */
    void clear(const QString &message = QString());
    [[nodiscard]] QString message() const { return mError; }
    [[nodiscard]] const PlotSeries &xSeries() const { return mX; }
    [[nodiscard]] const PlotSeries &ySeries() const { return mY; }

    /** What is drawn (Unknown until the first pass ends). */
    [[nodiscard]] XYMode mode() const { return mMode; }
    /** True while a pass for the current view runs or is due. */
    [[nodiscard]] bool isComputing() const;
    [[nodiscard]] const npy::SeriesScan &xScan() const { return mXScan; }
    [[nodiscard]] const npy::SeriesScan &yScan() const { return mYScan; }
    /** Up to this many points in view are drawn as points (more: a density); 200 000 unless set. */
    [[nodiscard]] qint64 pointLimit() const { return mPointLimit; }
    void setPointLimit(qint64 limit);

    /** The view: x from left() to right(), y from top() (low) to bottom() (high). */
    [[nodiscard]] QRectF viewRange() const { return mView; }
    void setViewRange(const QRectF &range);
    void fit();
    /** Zooms about the plot point under \a pos: x by \a fx, y by \a fy (1: unchanged). */
    void zoomAt(QPointF pos, double fx, double fy);
    /** Where the data is drawn (the widget less the margins, the tick labels and the colour bar). */
    [[nodiscard]] QRect plotArea() const;

    /** The line's blocks (Line), the points shown (Points) and the counts (Density) of the last complete pass. */
    [[nodiscard]] const npy::SortedEnvelope &line() const { return mLine; }
    [[nodiscard]] std::shared_ptr<const npy::PointSet> points() const { return mPoints; }
    [[nodiscard]] std::shared_ptr<const npy::Density> density() const { return mDensity; }
    /** The view the last complete picture or line was made for. */
    [[nodiscard]] QRectF shownView() const { return mShownView; }

    [[nodiscard]] DensityStyle densityStyle() const { return mStyle; }
    void setDensityStyle(const DensityStyle &style);
    /** Adds the scatter's choices (colormap, log counts) to \a menu: nothing for a line. */
    void addViewActions(QMenu *menu);

    /** The hover text at widget point \a pos (empty outside the plot or with nothing near). */
    [[nodiscard]] QString hoverTextAt(QPointF pos) const;
    /** The ticks of the x and the y axis as drawn. */
    [[nodiscard]] QList<Tick> xTicks() const;
    [[nodiscard]] QList<Tick> yTicks() const;
    /** What the top right says: what is drawn and how ("40 000 points", "density: 1 px = 1 bin, up to 38 a px"). */
    [[nodiscard]] QString statusText() const;
    /** A sample of \a type as text: dates for datetimes, NumPy's float text, or 6 digits when \a compact. */
    [[nodiscard]] static QString valueText(const npy::DType &type, double v, bool compact = false);

signals:
    /** The mouse is over \a index (-1: a density's pixel, or nothing), described by \a text (empty: nothing). */
    void hovered(qint64 index, const QString &text);

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void mouseDoubleClickEvent(QMouseEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;
    void leaveEvent(QEvent *) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    /** What a pass covers: the view, the pixels and (for a density) the style. */
    struct Want
    {
        QRectF view;
        QSize pixels;
        DensityStyle style;
        bool operator==(const Want &o) const { return view == o.view && pixels == o.pixels && style == o.style; }
    };
    [[nodiscard]] Want wanted() const;
    void viewChanged();
    bool makeJob(XYJob *job);
    void takeResult(XYResult &&r);
    [[nodiscard]] double xToPixel(double x) const;
    [[nodiscard]] double yToPixel(double y) const;
    /** The data point under a widget point. */
    [[nodiscard]] QPointF toData(QPointF pos) const;
    [[nodiscard]] QList<Tick> ticksOf(const npy::DType &type, double lo, double hi, int room, bool horizontal) const;
    void paintLine(QPainter &p) const;
    void paintPicture(QPainter &p, const QRect &a) const;
    void paintMarks(QPainter &p) const;
    /** The index of the shown point nearest \a pos (within reach), or -1; its position in \a at. */
    [[nodiscard]] qint64 nearestPoint(QPointF pos, QPointF *at) const;
    /** The index hovering at \a pos names: the nearest point's, the first of the line's block; -1 for a density. */
    [[nodiscard]] qint64 hoveredIndex(QPointF pos) const;
    /** The line's block under \a pos, or -1. */
    [[nodiscard]] int blockAt(QPointF pos) const;
    [[nodiscard]] QString countText(QPointF pos) const;

    PlotSeries mX;
    PlotSeries mY;
    QString mError;
    XYMode mMode = XYMode::Unknown;
    bool mScanned = false;
    npy::SeriesScan mXScan;
    npy::SeriesScan mYScan;
    qint64 mPointLimit = 200000;
    QRectF mView;
    DensityStyle mStyle;
    /** The last complete result: its view, line, points, counts and picture. */
    QRectF mShownView;
    Want mShown;
    Want mRunning;
    bool mHaveShown = false;
    npy::SortedEnvelope mLine;
    std::shared_ptr<const npy::PointSet> mPoints;
    std::shared_ptr<const npy::PointSet> mAllPoints;
    std::shared_ptr<const npy::Density> mDensity;
    qint64 mMaxCount = 0;
    QImage mImage;
    /** plotArea() as last computed, for the size, view and mode it was computed for. */
    struct AreaCache
    {
        QSize size;
        QRectF view;
        XYMode mode = XYMode::Unknown;
        QRect area;
    };
    mutable AreaCache mArea;
    XYScheduler *mJobs = nullptr;
    QPointF mHoverPos{-1, -1};
    QPointF mPressPos;
    QPointF mLastPos;
    bool mPressed = false;
    bool mDragging = false;
};

} // namespace npyw
