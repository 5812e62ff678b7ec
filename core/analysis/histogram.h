#pragma once

// Exact histograms of an array's values: the engine's one home for "how are the values spread",
// used for the heatmap's histogram panel and for percentile colour ranges read from it.

#include "elements.h"
#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <atomic>
#include <cmath>
#include <vector>

namespace npy {

/** How a histogram's bins are laid out. */
struct HistogramOptions
{
    /** Bins at most (integer data with a smaller span gets one bin per integer instead). */
    int bins = 4096;
    /**
     * Bins evenly spaced in log10(x) over the positive values (what a log colour scale shows);
     * values <= 0 are then counted in nonPositiveCount and not binned.
     */
    bool logBins = false;
    /**
     * Integer data (ints, bool, datetimes) whose span max - min + 1 is at most `bins` gets one
     * bin per integer, centred on it (edges at min - 0.5, min + 0.5, ...): its percentiles are exact.
     */
    bool integerData = false;
};

/**
 * The histogram of every value of an array or slice: exact counts (no sample). NaN, +Inf and -Inf
 * are counted apart and never binned. Linear bins span the finite [min, max] and put a value in
 * a bin as numpy.histogram(values, bins, range=(min, max)) does (edges as numpy.linspace gives
 * them, the last bin closed); a flat range (min == max) is widened to [min - 0.5, min + 0.5], as
 * NumPy does.
 */
struct Histogram
{
    /** Left edge of the first bin and right edge of the last (values, also for log bins). */
    double low = 0.0;
    double high = 0.0;
    bool logBins = false;
    /** One bin per integer (integer data of a small span): percentiles are exact. */
    bool unitBins = false;
    std::vector<qint64> counts;

    /** Every element looked at, and those kinds apart. */
    qint64 count = 0;
    qint64 nanCount = 0;
    qint64 posInfCount = 0;
    qint64 negInfCount = 0;
    qint64 finiteCount = 0;
    /** Finite values <= 0 (not binned with log bins). */
    qint64 nonPositiveCount = 0;
    /** Finite minimum and maximum (NaN when no value is finite), and the smallest positive value (NaN: none). */
    double min = 0.0;
    double max = 0.0;
    double minPositive = 0.0;
    /** True when the computation was cancelled (the figures are then incomplete). */
    bool cancelled = false;

    [[nodiscard]] int bins() const { return int(counts.size()); }
    /** The values binned (finite ones; the positive ones with log bins). */
    [[nodiscard]] qint64 binned() const;
    /** The left edge of bin \a i (\a i == bins(): the right end), as numpy.linspace places it. */
    [[nodiscard]] double edge(int i) const;
    /** The bin \a value falls in (numpy.histogram's rule), -1 outside [low, high] or not finite. */
    [[nodiscard]] int binOf(double value) const;
    /**
     * The \a p-th percentile (0..100) of the binned values as numpy.percentile computes it (linear
     * interpolation between order statistics), each order statistic read from its bin: exact with
     * unitBins and at the ends (min and max are exact), else within one bin of the true value
     * (resolution()). NaN when nothing is binned.
     */
    [[nodiscard]] double percentile(double p) const;
    /**
     * How close percentile() is: the width of one bin as a fraction of the histogram's span
     * (of its log10 span for log bins); 0 when exact (unitBins).
     */
    [[nodiscard]] double resolution() const;
};

/**
 * Builds a Histogram from values fed in two passes over the same data: scan() every value
 * (finds the range and counts NaN/Inf), then startBinning(), then bin() every value again.
 * Memory: the bins only.
 */
class HistogramAccumulator
{
public:
    explicit HistogramAccumulator(const HistogramOptions &options);

    void scan(double v)
    {
        ++mHist.count;
        if (v != v) {
            ++mHist.nanCount;
        } else if (v - v != 0.0) {
            ++(v > 0 ? mHist.posInfCount : mHist.negInfCount);
        } else {
            ++mHist.finiteCount;
            mMin = v < mMin ? v : mMin;
            mMax = v > mMax ? v : mMax;
            if (v <= 0.0)
                ++mHist.nonPositiveCount;
            else if (v < mMinPositive)
                mMinPositive = v;
        }
    }
    /** Ends the first pass: lays out the bins. */
    void startBinning();
    /** Adds the first-pass figures of \a other (an accumulator fed another part of the data). */
    void mergeScan(const HistogramAccumulator &other);
    /** Makes this an empty second pass with the bins of \a other (after its startBinning()). */
    void prepareBinsLike(const HistogramAccumulator &other);
    /** Adds the bin counts of \a other (prepared with prepareBinsLike()). */
    void mergeBins(const HistogramAccumulator &other);
    void bin(double v)
    {
        if (!(v >= mHist.low && v <= mHist.high) || mBins == 0)
            return;
        int i = 0;
        if (mHist.logBins) {
            i = int((std::log10(v) - mLogLow) * mLogNorm);
            i = i < 0 ? 0 : i >= mBins ? mBins - 1 : i;
        } else {
            // Histogram::binOf()'s rule (numpy.histogram's) with its constants hoisted.
            i = int((v - mHist.low) / mDenom * mBins);
            i = i < 0 ? 0 : i > mBins ? mBins : i;
            if (i == mBins)
                --i;
            if (v < (i == 0 ? mHist.low : double(i) * mStep + mHist.low))
                --i;
            else if (i != mBins - 1 && v >= double(i + 1) * mStep + mHist.low)
                ++i;
        }
        ++mHist.counts[size_t(i)];
    }
    /** The histogram (after the second pass). */
    [[nodiscard]] Histogram result() const { return mHist; }
    void setCancelled() { mHist.cancelled = true; }

private:
    void cacheBinning();

    HistogramOptions mOptions;
    Histogram mHist;
    double mMin;
    double mMax;
    double mMinPositive;
    // Binning constants (startBinning()).
    int mBins = 0;
    double mDenom = 1.0;
    double mStep = 0.0;
    double mLogLow = 0.0;
    double mLogNorm = 0.0;
};

/**
 * The histogram of every element of \a slice (read as its complex part; NaT as NaN), in two
 * streaming passes with constant memory besides the bins: passes over a large read-only file map
 * give back the pages they read. Returns a histogram with `cancelled` set when \a cancel was raised.
 */
[[nodiscard]] Histogram computeHistogram(const SliceAccess &slice, const HistogramOptions &options,
                                         const std::atomic_bool *cancel = nullptr);

/**
 * The histogram of every element of \a array (all axes), of leaf \a leaf of a record array
 * (-1: plain arrays), complex elements as \a part. Fails for dtypes without a number.
 */
[[nodiscard]] Result<Histogram> computeHistogram(const NpyArray &array, int leaf, ComplexPart part,
                                                 const HistogramOptions &options, const Progress &progress = {});

/** The options that suit values of \a type (integerData for ints, bool, datetimes and timedeltas). */
[[nodiscard]] HistogramOptions histogramOptionsFor(const DType &type, bool logBins = false);

} // namespace npy
