#pragma once

// Heatmap rendering kernels for a 2-D slice of an array: pure functions, safe to call from any thread,
// free of QtGui (colours are ARGB32 words; the widgets and npy-tool wrap them in a QImage).
//
// The pipeline has three stages so that a view can redo only what changed:
//   sampleSlice()   reads the elements under each output pixel (strided or pooled): the only
//                   stage that touches the data; its cost follows the output pixels.
//   mapToIndices()  turns values into colormap indices for a range and a scale.
//   colorize()      looks indices up in a colour table (a colormap change redoes only this).
// Elements are read through elements.h (SliceAccess, withElementReader).
// computeRange() finds automatic ranges over the whole slice (exact up to a bounded number of
// elements, from an evenly spread sample beyond). renderHeatmap() runs everything in one call.

#include "colormaps.h"
#include "elements.h"
#include "histogram.h"
#include "npyarray.h"
#include "result.h"
#include "slicespec.h"

#include <QRect>
#include <QRectF>
#include <QSize>

#include <atomic>
#include <vector>

namespace npy {

/** How the colour range is chosen. */
enum class RangeMode { MinMax, Percentile1, Percentile01, Symmetric, Manual };
/** How values between the range ends are spread over the colormap. */
enum class ColorScale { Linear, Log, Sqrt };
/** How elements are reduced when one output pixel covers several of them. */
enum class Reduction {
    Stride,  ///< the element under the pixel centre
    MaxPool, ///< the largest element of the pixel's block (NaN only when all are NaN)
    MinPool, ///< the smallest element of the pixel's block
    Mean,    ///< the mean of the block's non-NaN elements (NaN only when all are NaN)
    AbsMax,  ///< the largest magnitude |x| of the block's elements
    /**
     * How many of the block's elements are not zero (NaN counts, as in np.count_nonzero; a complex
     * array counts the part shown). The picture is of counts, so its colour range is taken from the
     * counts, never from the data's values.
     */
    NonZero
};

/** Colormap index codes beyond the 256 colours. */
enum : quint16 { kIndexNaN = 256, kIndexPosInf = 257, kIndexNegInf = 258, kIndexOutside = 259, kIndexCount = 260 };

/** What part of the slice to draw, at which size. */
struct SampleRequest
{
    /** Visible part of the slice in element units: x along columns, y along rows; may go beyond it. */
    QRectF source;
    /** Output pixels. */
    QSize output;
    Reduction reduction = Reduction::Stride;
    /** Pooling reads at most this many elements per axis of a pixel's block (evenly spread). */
    int poolLimit = 8;
};

/** Values at output resolution. */
struct SampledImage
{
    QSize size;
    /** size.width() * size.height() values, row 0 at the top; meaningful inside `valid` only. */
    std::vector<double> values;
    /** The output pixels that show an element (the rest lie outside the slice). */
    QRect valid;
};

/**
 * Reads the elements under each output pixel. Reads at most output pixels x (poolLimit^2 when
 * pooling) elements, whatever the array size. Returns false when \a cancel was raised.
 */
bool sampleSlice(const SliceAccess &slice, const SampleRequest &request, SampledImage *out,
                 const std::atomic_bool *cancel = nullptr);

/**
 * Reduces every element of each output pixel's block (exact, unlike sampleSlice()'s pooling,
 * which reads at most poolLimit^2 elements of a block): for the whole slice (\a source empty or
 * covering it) output row r covers input rows floor(r * rows / h) .. floor((r + 1) * rows / h) - 1
 * in exact integer arithmetic, columns likewise; for a part of it the block edges are
 * floor(origin + i * step). NaN is left out of a block unless the block is all NaN. A pixel whose
 * block is empty (more pixels than elements) shows element floor(r * rows / h) (the whole slice)
 * or the element under its centre (a part). Stride reduces
 * as sampleSlice() does. Reads every element of the region once, in bands on up to 4 threads.
 * Returns false when \a cancel was raised.
 */
bool reduceSlice(const SliceAccess &slice, const SampleRequest &request, SampledImage *out,
                 const std::atomic_bool *cancel = nullptr);

/** Options of the automatic (or manual) range. */
struct RangeOptions
{
    RangeMode mode = RangeMode::MinMax;
    ColorScale scale = ColorScale::Linear;
    double manualLow = 0.0;
    double manualHigh = 1.0;
    /** Above this many elements, the range is estimated from an evenly spread sample of this size. */
    qint64 maxSamples = qint64(1) << 20;
};

/** A resolved range and what was seen finding it. */
struct RangeStats
{
    /** The display range (low <= high). */
    double low = 0.0;
    double high = 1.0;
    /** Finite minimum and maximum of the values looked at (NaN when none is finite). */
    double min = 0.0;
    double max = 0.0;
    /** Elements looked at (all of the slice unless sampled) and the slice's element count. */
    qint64 examined = 0;
    qint64 elements = 0;
    bool sampled = false;
    /** Counts among the elements looked at. */
    qint64 nanCount = 0;
    qint64 posInfCount = 0;
    qint64 negInfCount = 0;
    /** Finite values <= 0, which a log scale cannot show (drawn in the lowest colour). */
    qint64 nonPositiveCount = 0;
    /**
     * The range was read from an exact histogram (rangeOfHistogram()): min and max are exact, and
     * percentiles lie within `resolution` of the span (of the log10 span on a log scale) of the
     * true ones (0: exact).
     */
    bool fromHistogram = false;
    double resolution = 0.0;
};

/**
 * The display range of the values inside \a image's valid rectangle (what is drawn: a reduced
 * picture), by the same rules as computeRange(), exactly (no sample).
 */
[[nodiscard]] RangeStats rangeOfImage(const SampledImage &image, const RangeOptions &options, bool isBool);

/**
 * The display range from an exact histogram of the whole slice (computeHistogram(), log bins for
 * a log scale), by the same rules as computeRange() but without a sample: min and max exact,
 * percentiles as Histogram::percentile() reads them. Reads no element.
 */
[[nodiscard]] RangeStats rangeOfHistogram(const Histogram &histogram, const RangeOptions &options, bool isBool);

/**
 * Finds the display range of the whole slice. NaN and +-Inf are left out (and counted); a log
 * scale looks at positive values only; bool is always [0, 1]; percentiles interpolate as
 * numpy.percentile does; Symmetric is [-m, m] with m the largest finite magnitude. Manual uses
 * the options' bounds (swapped when reversed). Returns stats with examined 0 when cancelled.
 */
[[nodiscard]] RangeStats computeRange(const SliceAccess &slice, const RangeOptions &options,
                                      const std::atomic_bool *cancel = nullptr);

/** How values become colormap indices. */
struct ColorMapping
{
    double low = 0.0;
    double high = 1.0;
    ColorScale scale = ColorScale::Linear;
};

/**
 * The colormap index of \a value, as matplotlib's Normalize (LogNorm, PowerNorm(0.5)) + Colormap
 * compute it: floor(t * 256) clamped to [0, 255]; a flat range gives 0. NaN, +Inf and -Inf give
 * their own codes.
 */
[[nodiscard]] quint16 colorIndex(double value, const ColorMapping &mapping);
/** colorIndex() for every pixel; pixels outside `valid` get kIndexOutside. */
void mapToIndices(const SampledImage &image, const ColorMapping &mapping, std::vector<quint16> *indices);
/**
 * Looks up \a indices (\a size.width() x \a size.height(), row-major) in \a table (+ the special
 * colours, premultiplied) into \a out: ARGB32 premultiplied words, rows \a stride words apart.
 * \a out must hold size.height() rows.
 */
void colorize(const std::vector<quint16> &indices, QSize size, const ColorTable &table,
              const SpecialColors &special, Argb *out, qint64 stride);

/** An ARGB32-premultiplied picture (QImage::Format_ARGB32_Premultiplied's pixel layout), row 0 at the top. */
struct ArgbImage
{
    int width = 0;
    int height = 0;
    std::vector<Argb> pixels;
    [[nodiscard]] const Argb *row(int y) const { return pixels.data() + qint64(y) * width; }
};

/** Everything renderHeatmap() needs besides the data. */
struct HeatmapOptions
{
    Colormap colormap = Colormap::Viridis;
    bool reversed = false;
    RangeOptions range;
    ComplexPart complexPart = ComplexPart::Magnitude;
    Reduction reduction = Reduction::Stride;
    /**
     * Reduce every element of each pixel's block (reduceSlice()) and take the range from the
     * reduced picture (exactly), instead of pooling a few elements (sampleSlice()).
     */
    bool exact = false;
    SpecialColors colors;
};

/**
 * Renders the \a source rectangle of a slice into an \a output sized picture (the whole slice at
 * one pixel per element when \a source is empty and \a output is empty). Fails with a message for
 * dtypes that cannot be drawn, for bad specs and for pictures over 2^27 pixels; \a stats receives
 * the range found.
 */
[[nodiscard]] Result<ArgbImage> renderHeatmap(const NpyArray &array, const SliceSpec &spec,
                                              const HeatmapOptions &options, QRectF source = QRectF(),
                                              QSize output = QSize(), RangeStats *stats = nullptr);

/** Display names for the option enums (UI and CLI). */
[[nodiscard]] QString rangeModeName(RangeMode mode);
[[nodiscard]] QString colorScaleName(ColorScale scale);
[[nodiscard]] QString complexPartName(ComplexPart part);
[[nodiscard]] QString reductionName(Reduction reduction);

} // namespace npy
