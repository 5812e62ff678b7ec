// HeatmapView's histogram: the exact histogram of the slice, counted on a worker once the exact
// frame is shown, shown in the HistogramView under the picture, and the source of exact ranges.
#include "heatmapview.h"

#include "colorbar.h"
#include "heatmapjobs.h"
#include "heatmaptoolbar.h"
#include "histogramview.h"

namespace npyw {

std::shared_ptr<const npy::Histogram> HeatmapView::histogram() const
{
    return mHistogramKey == histogramKey() ? mHistogram : nullptr;
}

void HeatmapView::setHistogramShown(bool shown)
{
    mHistogramShown = shown;
    // The histogram is of the values: a picture of counts hides it.
    mHistogramView->setVisible(shown && mReduction != npy::Reduction::NonZero);
    syncControls();
    if (shown && mFrameExact)
        requestHistogram();
}

bool HeatmapView::isHistogramComputing() const
{
    return mHistograms->isRunning();
}

QString HeatmapView::histogramKey() const
{
    if (!mError.isEmpty() || mAccess.rows() == 0 || mAccess.cols() == 0)
        return QString();
    QString key = QStringLiteral("%1|%2|%3|%4|%5|%6")
                      .arg(mDataVersion)
                      .arg(mSpec.rowAxis)
                      .arg(mSpec.colAxis)
                      .arg(mSpec.field)
                      .arg(int(mPart))
                      .arg(mRange.scale == npy::ColorScale::Log ? 1 : 0);
    for (qint64 i : mSpec.index)
        key += QLatin1Char(',') + QString::number(i);
    return key;
}

void HeatmapView::requestHistogram()
{
    const QString key = histogramKey();
    if (key.isEmpty() || key == mHistogramKey)
        return;
    // Wanted for the panel, and for percentiles (read from it exactly).
    const bool percentiles = mRange.mode == npy::RangeMode::Percentile1 || mRange.mode == npy::RangeMode::Percentile01;
    if (!mHistogramShown && !percentiles)
        return;
    mHistogramView->setUpdating(true);
    mHistograms->start(key, mAccess, npy::histogramOptionsFor(mAccess.type(), mRange.scale == npy::ColorScale::Log));
}

void HeatmapView::histogramReady(const QString &key, std::shared_ptr<const npy::Histogram> histogram)
{
    if (key != histogramKey())
        return; // counted for data or a slice no longer shown
    mHistogram = std::move(histogram);
    mHistogramKey = key;
    mHistogramView->setHistogram(mHistogram);
    mHistogramView->setUpdating(false);
    syncHistogramView();
    emit histogramChanged();
    // An estimated range becomes exact now (makeJob reads it from the histogram).
    if (mStats.sampled)
        scheduleRender();
}

void HeatmapView::syncHistogramView()
{
    mHistogramView->setColors(npy::colormapTable(mColormap, mReversed), mColors);
    const bool dates = !mArray.isNull() && mAccess.type().kind == npy::Kind::DateTime;
    mHistogramView->setDateType(dates ? mAccess.type() : npy::DType());
    // A picture of counts has no range among the data's values.
    if (mHaveStats && mReduction != npy::Reduction::NonZero)
        mHistogramView->setColorRange(mStats.low, mStats.high, mRange.scale);
}

} // namespace npyw
