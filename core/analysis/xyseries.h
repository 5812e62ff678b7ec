#pragma once

// y against x: the questions a plot of one series against another asks of their samples (is x sorted, where are
// the extremes, which samples fall in each pixel column of a sorted x, which points lie in a view).

#include "density.h"
#include "envelope.h"

#include <atomic>
#include <limits>
#include <vector>

namespace npy {

/** How the samples of a series run, as a plot's x axis. */
enum class SeriesOrder {
    Unordered,  ///< neither below; or a NaN (NaT) among the samples
    Ascending,  ///< each sample >= the one before (np.all(x[1:] >= x[:-1])): a constant series, one sample or none too
    Descending  ///< each sample <= the one before, and not Ascending
};

/** What one pass over a series found. */
struct SeriesScan
{
    SeriesOrder order = SeriesOrder::Unordered;
    /** The extremes of the finite samples (np.nanmin / np.nanmax of x[np.isfinite(x)]); NaN when none is finite. */
    double min = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    /** Finite samples, and NaN (NaT) ones. */
    qint64 finite = 0;
    qint64 nan = 0;
    /** True when \a cancel stopped the pass: the figures are then partial. */
    bool cancelled = false;
};

/**
 * One pass over \a series (complex samples as its part): its order and finite extremes. Samples are compared as
 * doubles (64-bit integers beyond 2^53 as `float(x)` rounds them). Thread-safe: it only reads.
 */
[[nodiscard]] SeriesScan scanSeries(const SeriesMemory &series, const std::atomic_bool *cancel = nullptr);

/**
 * y against a sorted x in blocks of x: the M4 envelope of a line plot whose pixel columns are intervals of x
 * rather than runs of indexes.
 */
struct SortedEnvelope
{
    /**
     * The blocks that hold samples, in increasing x. A block's samples are the indexes [start, stop) (one run, x
     * being sorted); `first` and `last` are the y of its leftmost and rightmost sample by x (for a descending x
     * the last and the first index), min and max as Envelope's. Before them, a block of the one sample just left
     * of the range and, after them, one of the sample just right of it, when there are such samples: the line runs
     * on past the view's edges.
     */
    std::vector<EnvelopeBin> bins;
    /** The x of each block's leftmost and rightmost sample. */
    std::vector<double> xLeft;
    std::vector<double> xRight;
    /** True when \a cancel stopped the pass (the blocks are then incomplete). */
    bool cancelled = false;
};

/**
 * The envelope of \a y against \a x, whose order scanSeries() found to be \a order (Ascending or Descending), over
 * x in [\a x0, \a x1] cut into \a bins equal intervals (np.linspace's edges, histogramEdges(); a value on an inner
 * edge opens the next interval, one on \a x1 closes the last, as np.histogram's bins). Finds each interval's first
 * index by bisection (reading about bins * log2(n) samples of x) and reads only the y samples of the range.
 * Empty for an Unordered x, series of different lengths, bins < 1 (at most kMaxEnvelopeBins) or a range that is
 * not finite or empty (x1 <= x0). Thread-safe: it only reads.
 */
[[nodiscard]] SortedEnvelope sortedEnvelope(const SeriesMemory &x, SeriesOrder order, const SeriesMemory &y, double x0,
                                            double x1, qint64 bins, const std::atomic_bool *cancel = nullptr);

/** Points of a scatter plot: their indexes and values, in index order. */
struct PointSet
{
    std::vector<qint64> index;
    std::vector<double> x;
    std::vector<double> y;
    /** False when more points than the limit lie in the range: the vectors are then empty. */
    bool complete = true;
    bool cancelled = false;
};

/**
 * The points (x[i], y[i]) of two series (as many samples each) that lie in \a range, bounds included (the points
 * np.histogram2d counts with that range), or without one (null) every point whose x and y are both finite. Points
 * with a NaN are never in. Stops as soon as more than \a limit are found (complete false, nothing kept), so that a
 * view of many points costs a short pass. Empty for series of different lengths or without numbers.
 */
[[nodiscard]] PointSet pointsInRange(const SeriesMemory &x, const SeriesMemory &y, const DensityRange *range,
                                     qint64 limit, const std::atomic_bool *cancel = nullptr);

} // namespace npy
