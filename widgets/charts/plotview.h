#pragma once

#include "elements.h"
#include "slicespec.h"

#include <QList>
#include <QStringList>
#include <QWidget>

namespace npyw {

/**
 * A line plot of a 1-D array, or of one row or column of a 2-D slice.
 *
 * Long series are drawn with min/max decimation: each pixel column shows the range of the
 * values it covers (reading at most kMaxPerColumn of them), so the cost follows the plot width.
 * Mouse: wheel zooms the index axis about the cursor (shift+wheel: the value axis); left-drag
 * pans; double-click fits; hovering marks the nearest index and emits pointHovered().
 */
class PlotView : public QWidget
{
    Q_OBJECT

public:
    /** Which line of the slice to plot. */
    enum class Line { Row, Column };
    static constexpr qint64 kMaxPerColumn = 4096;

    explicit PlotView(QWidget *parent = nullptr);

    /**
     * Plots row (or column) \a index of \a spec's slice of \a array. For a 1-D array (spec with
     * colAxis -1) use Line::Column, index 0: the whole array. Fails (shows the reason, returns
     * false) for dtypes that cannot be drawn.
     */
    bool setSeries(const npy::NpyArray &array, const npy::SliceSpec &spec, Line line, qint64 index);
    /**
     * Labels the index axis with the values of \a spec's column of \a array (a record array's date
     * field): the series is plotted against them, one point per record, and the hover text says them.
     * Cleared by setSeries().
     */
    void setXField(const npy::NpyArray &array, const npy::SliceSpec &spec);
    /** The name of the x field set ("" for the index). */
    [[nodiscard]] QString xFieldName() const { return mXName; }
    /** The name of the field plotted ("" for a plain array). */
    [[nodiscard]] QString fieldName() const { return mYName; }
    /** The label of a tick at \a value (step \a step; \a largest: the axis's largest tick, see tickLabel()) on the
     *  value axis: dates for datetime data. */
    [[nodiscard]] QString valueLabel(double value, double step, double largest = 0.0) const;
    /** The label of index \a i on the index axis: the x field's value when set, else the index. */
    [[nodiscard]] QString indexLabel(qint64 i) const;
    void setComplexPart(npy::ComplexPart part);
    void clear(const QString &message = QString());
    /** What the view says instead of a plot (the message given to clear(), or why it cannot draw). */
    [[nodiscard]] QString message() const { return mError; }

    [[nodiscard]] qint64 count() const { return mCount; }
    /** Value \a i of the series (as drawn). */
    [[nodiscard]] double valueAt(qint64 i) const;
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
    [[nodiscard]] const uchar *pointer(qint64 i) const;
    [[nodiscard]] double xToPixel(double x) const;
    [[nodiscard]] double yToPixel(double y) const;

    npy::NpyArray mArray;
    npy::SliceSpec mSpec;
    Line mLine = Line::Column;
    qint64 mIndex = 0;
    npy::ComplexPart mPart = npy::ComplexPart::Magnitude;
    npy::SliceAccess mAccess;
    npy::SliceAccess mXAccess;
    bool mHaveX = false;
    QString mXName;
    QString mYName;
    qint64 mCount = 0;
    QString mError;
    QString mTitle;
    double mMin = 0.0;
    double mMax = 1.0;
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
