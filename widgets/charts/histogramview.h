#pragma once

#include "colormaps.h"
#include "heatmap.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;

namespace npyw {

/**
 * What a percentile range says of itself: "1st–99th percentile, to 1/4096 of the range" when read
 * from an exact histogram (of the log range on a log scale; "exact" with one bin per integer),
 * "1st–99th percentile" when estimated from a sample; empty for other modes.
 */
[[nodiscard]] QString percentileRangeText(npy::RangeMode mode, const npy::RangeStats &stats, npy::ColorScale scale = npy::ColorScale::Linear);

/**
 * The histogram of the slice a heatmap shows, under its picture (as silx's colormap dialog has
 * it): the exact counts of every element (npy::computeHistogram) drawn as bars coloured as the
 * heatmap colours those values, linear or log counts, the NaN / ±Inf counts (never binned) in its
 * header line, and two handles at the ends of the colour range. Dragging a handle and letting go
 * emits rangeEdited() with the new ends; the heatmap takes them as its manual range.
 *
 * The x axis spans the histogram's bins and the colour range, whichever is wider; it is
 * logarithmic for a log-binned histogram (a log colour scale).
 */
class HistogramView : public QWidget
{
    Q_OBJECT

public:
    explicit HistogramView(QWidget *parent = nullptr);

    /** Shows \a histogram (null: nothing computed yet). */
    void setHistogram(std::shared_ptr<const npy::Histogram> histogram);
    [[nodiscard]] const std::shared_ptr<const npy::Histogram> &histogram() const { return mHistogram; }
    /** Marks the histogram shown as out of date (a new one is being computed). */
    void setUpdating(bool updating);
    [[nodiscard]] bool isUpdating() const { return mUpdating; }
    /** The colour range (the handles), scale and colours the heatmap uses. */
    void setColorRange(double low, double high, npy::ColorScale scale);
    void setColors(const npy::ColorTable &table, const npy::SpecialColors &colors);
    /** Datetime data (kind DateTime): the axis is labelled with dates; else kind Void. */
    void setDateType(const npy::DType &type);
    [[nodiscard]] double rangeLow() const { return mLow; }
    [[nodiscard]] double rangeHigh() const { return mHigh; }
    /** Bar heights proportional to log(1 + count) instead of the count. */
    void setLogCounts(bool on);
    [[nodiscard]] bool logCounts() const { return mLogCounts; }

    /** The header line: bins, NaN / ±Inf counts, "updating…". */
    [[nodiscard]] QString headerText() const;
    /** Where the bars are drawn (widget coordinates). */
    [[nodiscard]] QRect plotRect() const;
    /** The x coordinate of \a value on the axis, and back. */
    [[nodiscard]] double xOf(double value) const;
    [[nodiscard]] double valueAt(double x) const;
    /** The x coordinate of the low (\a high false) or high handle. */
    [[nodiscard]] double handleX(bool high) const { return xOf(high ? mHigh : mLow); }

signals:
    /** A handle was dragged and let go: the new colour range (\a low <= \a high). */
    void rangeEdited(double low, double high);
    void logCountsToggled(bool on);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void updateHeader();
    /** The axis ends: the bins and the colour range together. */
    void axis(double *lo, double *hi) const;
    [[nodiscard]] bool logAxis() const;

    std::shared_ptr<const npy::Histogram> mHistogram;
    bool mUpdating = false;
    double mLow = 0.0;
    double mHigh = 1.0;
    npy::ColorScale mScale = npy::ColorScale::Linear;
    npy::ColorTable mTable{};
    npy::SpecialColors mColors;
    npy::DType mDateType;
    bool mLogCounts = false;
    /** The handle being dragged: 0 low, 1 high, -1 none. */
    int mDragging = -1;
    /** The axis ends held while a handle is dragged. */
    double mFrozenLo = 0.0;
    double mFrozenHi = 0.0;
    QLabel *mHeader = nullptr;
    QCheckBox *mLogBox = nullptr;
};

} // namespace npyw
