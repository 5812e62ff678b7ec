#pragma once

#include "elements.h"
#include "envelope.h"
#include "slicespec.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QWidget>

namespace npyw {

class EnvelopeScheduler;
struct EnvelopeJob;
struct EnvelopeResult;
struct PlotSeries;
class XYPlotView;

/**
 * A line plot of a 1-D array, or of one row or column of a 2-D slice, drawn from every sample.
 *
 * Each pixel column shows the M4 envelope of the samples it covers (their first, last, minimum and
 * maximum: a line through them is the picture every point would draw), computed by the engine
 * (npy::fillEnvelope) on a worker thread for the samples in view, again after each zoom, pan or
 * resize; the UI thread never reads the data. A long first pass shows its blocks as they come (left to
 * right) and its y range so far; once done, the y range is the series' exact extremes. NaN breaks the
 * line. The top right says what a pixel is ("1 px = 6250 samples, min–max").
 * Mouse: wheel zooms the index axis about the cursor (shift+wheel: the value axis); left-drag
 * pans; double-click fits; hovering marks the nearest index and emits pointHovered().
 */
class PlotView : public QWidget
{
    Q_OBJECT

public:
    /** Which line of the slice to plot. */
    enum class Line { Row, Column };

    explicit PlotView(QWidget *parent = nullptr);
    ~PlotView() override;

    /**
     * Plots row (or column) \a index of \a spec's slice of \a array. For a 1-D array (spec with
     * colAxis -1) use Line::Column, index 0: the whole array. Fails (shows the reason, returns
     * false) for dtypes that cannot be drawn. Reads no element: the envelope comes from a worker.
     */
    bool setSeries(const npy::NpyArray &array, const npy::SliceSpec &spec, Line line, qint64 index);
    /**
     * Labels the index axis with the values of \a spec's column of \a array (a record array's date
     * field): the series is plotted against them, one point per record, and the hover text says them.
     * Cleared by setSeries().
     */
    void setXField(const npy::NpyArray &array, const npy::SliceSpec &spec);
    /**
     * Plots the series against \a values, a 1-D array as long as the series (a coordinate: `time` for a series,
     * `lon` for a row of a map), named \a name: the index axis is labelled with them and the hover text says
     * them. Ignored when the lengths differ. Cleared by setSeries().
     */
    void setXValues(const npy::NpyArray &values, const QString &name);
    /**
     * Plots the series against \a x (another member, a record field, a column of the slice) at x's own values:
     * an XYPlotView shown over this view (a line when x is sorted, else points or a density), the series named
     * \a yName. Returns false (that view says why) when x has not as many samples. Cleared by setSeries() and
     * clear(); xFieldName() is x's name meanwhile.
     */
    bool setXSeries(const PlotSeries &x, const QString &yName);
    /** The x-against-y plot (shown while setXSeries() is in force). */
    [[nodiscard]] XYPlotView *xyPlot() const { return mXY; }
    /** True while setXSeries() is in force. */
    [[nodiscard]] bool isXY() const;
    /** The name of the x field set ("" for the index). */
    [[nodiscard]] QString xFieldName() const { return mXName; }
    /** The name of the field plotted ("" for a plain array). */
    [[nodiscard]] QString fieldName() const { return mYName; }
    /** The label of a tick at \a value (step \a step; \a largest: the axis's largest tick, see tickLabel()) on the
     *  value axis: dates for datetime data. */
    [[nodiscard]] QString valueLabel(double value, double step, double largest = 0.0) const;
    /**
     * The label of index \a i on the index axis: the x field's value when set, else the index. Reads the
     * x field's element (the axis itself draws labels the worker read).
     */
    [[nodiscard]] QString indexLabel(qint64 i) const;
    void setComplexPart(npy::ComplexPart part);
    void clear(const QString &message = QString());
    /** What the view says instead of a plot (the message given to clear(), or why it cannot draw). */
    [[nodiscard]] QString message() const { return mError; }

    [[nodiscard]] qint64 count() const { return mCount; }
    /**
     * Value \a i of the series (as drawn), read from the array on the calling thread: for callers that know
     * the series is at hand. The view itself never calls it.
     */
    [[nodiscard]] double valueAt(qint64 i) const;
    /** The envelope drawn (of the samples in view; its blocks may be partly computed, see isComputing()). */
    [[nodiscard]] const npy::Envelope &envelope() const { return mEnv; }
    /** True while a pass for the current view runs or is due. */
    [[nodiscard]] bool isComputing() const;
    /** True once the series' extremes are exact (the whole series was looked at): fit() uses them. */
    [[nodiscard]] bool hasExactRange() const { return mRangeExact; }
    /** The series' extremes, NaN left out (exact when hasExactRange(), else so far). */
    [[nodiscard]] double seriesMin() const { return mMin; }
    [[nodiscard]] double seriesMax() const { return mMax; }
    /** What a pixel is, as the top right says it: "1 px = 6250 samples, min–max". */
    [[nodiscard]] QString statusText() const;
    /** Visible index range (x) and value range (y). */
    [[nodiscard]] QRectF viewRange() const { return mView; }
    void setViewRange(const QRectF &range);
    void fit();
    /** Zooms the index axis by \a factor about the plot point under \a pos. */
    void zoomAt(double factor, QPointF pos, bool valueAxis = false);
    /**
     * Marks point \a index (a find match, the maximum): a ring and a line across the plot, the
     * view panned (zoom kept) so it shows. -1 removes the mark; setSeries() and clear() do too.
     */
    void setMarker(qint64 index);
    [[nodiscard]] qint64 marker() const { return mMarker; }
    /** The index under a widget x coordinate (nearest), -1 outside. */
    [[nodiscard]] qint64 indexAt(double x) const;
    /** Where the series is drawn: the widget less the margins; the left one fits the widest value label. */
    [[nodiscard]] QRect plotArea() const;
    /** The value axis's tick labels as drawn, bottom to top (whole numbers for integer data, dates for dates). */
    [[nodiscard]] QStringList valueAxisLabels() const { return valueTicks().labels; }

signals:
    void pointHovered(qint64 index, const QString &text);
    void pointClicked(qint64 index);

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
    /** The value axis's ticks for the current view and height, their labels and the widest label's width. */
    struct ValueTicks
    {
        double top = 0.0;
        double bottom = 0.0;
        int height = -1;
        QList<double> values;
        QStringList labels;
        int widest = 0;
    };
    /** The value axis's ticks (cached until the view or the height changes). */
    [[nodiscard]] const ValueTicks &valueTicks() const;
    void rebuild();
    /** Samples [begin, end) in bins blocks: what a pass covers. */
    struct PlotRange
    {
        qint64 begin = -1;
        qint64 end = -1;
        qint64 bins = 0;
        bool operator==(const PlotRange &o) const { return begin == o.begin && end == o.end && bins == o.bins; }
    };
    /** The pass the view wants: the samples in view, one block per pixel column (every sample at first). */
    [[nodiscard]] PlotRange wantedRange() const;
    /** The x labels (ticks, the hovered index) the axis needs and has not read. */
    [[nodiscard]] QList<qint64> missingLabels() const;
    /** The view changed: a pass for it, or reads of labels or of the marked value, are asked for when due. */
    void viewChanged();
    bool makeJob(EnvelopeJob *job);
    void takeResult(EnvelopeResult &&result);
    /**
     * The hover text of index \a i from the envelope drawn ("[i] = v", or the block's range); \a compact:
     * floats with 6 significant digits (where the full text does not fit).
     */
    [[nodiscard]] QString hoverText(qint64 i, bool compact = false) const;
    /** A sample value as text (dates for datetimes; \a compact: floats with 6 significant digits). */
    [[nodiscard]] QString sampleText(double v, bool compact = false) const;
    /** The x label of index \a i from the labels the worker read (the index when not read). */
    [[nodiscard]] QString drawnIndexLabel(qint64 i) const;
    /** Integer ticks of the index axis for the current view. */
    [[nodiscard]] QList<double> indexTicks(int width) const;
    void paintSeries(QPainter &p, const QRect &a) const;
    [[nodiscard]] double xToPixel(double x) const;
    [[nodiscard]] double yToPixel(double y) const;

    npy::NpyArray mArray;
    npy::SliceSpec mSpec;
    Line mLine = Line::Column;
    qint64 mIndex = 0;
    npy::ComplexPart mPart = npy::ComplexPart::Magnitude;
    npy::SliceAccess mAccess;
    npy::SeriesMemory mSeries;
    npy::SliceAccess mXAccess;
    bool mHaveX = false;
    QString mXName;
    QString mYName;
    qint64 mCount = 0;
    QString mError;
    QString mTitle;
    double mMin = 0.0;
    double mMax = 1.0;
    bool mRangeKnown = false;
    bool mRangeExact = false;
    /** True once the user moved the view since setSeries() or fit(): results no longer fit it. */
    bool mUserMoved = false;
    npy::Envelope mEnv;
    /** The range of the complete envelope shown, and of the pass running (or last started). */
    PlotRange mShown;
    PlotRange mRunning;
    bool mEnvComplete = false;
    qint64 mEnvDone = 0;
    QHash<qint64, QString> mLabels;
    double mMarkerValue = 0.0;
    bool mMarkerKnown = false;
    bool mMarkerPan = false;
    EnvelopeScheduler *mJobs = nullptr;
    XYPlotView *mXY = nullptr;
    QRectF mView;
    mutable ValueTicks mTicks;
    qint64 mHover = -1;
    qint64 mMarker = -1;
    QPointF mPressPos;
    QPointF mLastPos;
    bool mDragging = false;
    bool mPressed = false;
};

} // namespace npyw
