#pragma once

#include "comparemodel.h"

#include <QImage>
#include <QSize>

namespace npyw {

/** What the difference heatmap shows. */
enum class DifferenceMode {
    Signed,   ///< A - B on a diverging colormap symmetric about 0
    Absolute, ///< |A - B|
    Relative  ///< |A - B| / |B|
};

/** A rendered difference heatmap and its colour range. */
struct DifferenceImage
{
    QImage image;
    /** The values at the two ends of the colormap. */
    double low = 0;
    double high = 0;
    /** Pixels showing a NaN mismatch (their own colour). */
    qint64 nanPixels = 0;
};

/**
 * Renders the differences of \a pair's grid at most \a maxSize pixels (one pixel per element when
 * it fits). Zoomed out, a pixel shows the exact reduction of its block: the difference of largest
 * magnitude (all of the block's elements are read), and the NaN colour when any element of the
 * block is a NaN mismatch. Colours come from core's heatmap kernels (mapToIndices, colorize):
 * coolwarm, symmetric about 0 for Signed, viridis from 0 otherwise; NaN mismatches magenta.
 * Elements that are the same but have no number (NaN against NaN) stay at 0.
 */
[[nodiscard]] DifferenceImage renderDifferences(const ComparePair &pair, DifferenceMode mode, QSize maxSize);

} // namespace npyw
