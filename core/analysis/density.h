#pragma once

#include "envelope.h"
#include "result.h"
#include "source.h"

#include <vector>

namespace npy {

/** The bounds of a density's axes, as np.histogram2d's `range` ((x0, x1), (y0, y1)). */
struct DensityRange
{
    double x0 = 0;
    double x1 = 0;
    double y0 = 0;
    double y1 = 0;
};

/**
 * Points counted into a grid: np.histogram2d(x, y, bins=(width, height), range=...)[0] as integers.
 * counts[ix * height + iy] is the count of bin (ix, iy): x along the first axis, as NumPy's.
 */
struct Density
{
    qint64 width = 0;
    qint64 height = 0;
    std::vector<qint64> counts;
    /** The bin edges, np.linspace(lo, hi, bins + 1) bit for bit. */
    std::vector<double> xEdges;
    std::vector<double> yEdges;
    /** Points read, points left out because x or y is NaN (or NaT), and the other points left out (outside). */
    qint64 points = 0;
    qint64 nanPoints = 0;
    qint64 outsidePoints = 0;
};

/** The most cells a density may have (its counts take 8 bytes each). */
inline constexpr qint64 kMaxDensityCells = qint64(1) << 26;

/** np.linspace(\a lo, \a hi, \a bins + 1) computed as NumPy 1.24 computes it (the last edge is \a hi). */
[[nodiscard]] std::vector<double> histogramEdges(double lo, double hi, qint64 bins);

/**
 * The bin of \a v among \a edges by NumPy's rule (np.searchsorted(edges, v, 'right') - 1, a value on
 * the last edge in the last bin); -1 for NaN and values outside [edges.front(), edges.back()].
 */
[[nodiscard]] qint64 histogramBin(const std::vector<double> &edges, double v);

/**
 * Counts the points (x[i], y[i]) of two series of member \a xIndex and \a yIndex of \a source (one
 * member twice for two columns or fields of it) into \a width x \a height bins over \a range, or,
 * without one (null), over the extremes of the values that are not NaN (NumPy then refuses NaN
 * data; an equal low and high are widened by 0.5 each side, as NumPy does). Points with a NaN and
 * points outside the range are left out and counted apart. Bounded memory: a `.npy` file or STORED
 * member is read through a map on a few threads, a compressed one decoded piece by piece.
 *
 * Fails with a message when the series differ in length, a range is not finite or reversed, the
 * data has no finite extremes to take a range from, or the grid is over kMaxDensityCells.
 */
[[nodiscard]] Result<Density> computeDensity(const Source &source, int xIndex, const SeriesLayout &x, int yIndex,
                                             const SeriesLayout &y, qint64 width, qint64 height,
                                             const DensityRange *range, const Progress &progress = {});

/**
 * The same counts of two series in memory (a plot's x and y: members, record fields or columns of arrays at
 * hand; complex samples read as their part) over \a range (an equal low and high widened by 0.5, as NumPy
 * does): np.histogram2d(x, y, bins=(width, height), range=...)[0]. One pass on the calling thread, and for many
 * points up to three more, one core always left to the caller's other work (a plot's UI thread); the pages of a read-only map are given back as it moves on (SeriesMemory's
 * `releasable`). Thread-safe: it only reads.
 *
 * Fails with a message when the series differ in length or have no numbers, the range is not finite or
 * reversed, the grid is over kMaxDensityCells, or \a cancel turned true ("cancelled").
 */
[[nodiscard]] Result<Density> computeDensity(const SeriesMemory &x, const SeriesMemory &y, qint64 width,
                                             qint64 height, const DensityRange &range,
                                             const std::atomic_bool *cancel = nullptr);

} // namespace npy
