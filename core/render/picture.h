#pragma once

// Colour pictures of arrays (H x W x 3/4, 3/4 x H x W and stacks of them): pure functions, safe to call from any
// thread, free of QtGui. The picture's axes and frames follow pictureLayout() (values/picturelayout.h); the
// elements under each output pixel are read per channel by the heatmap's sampling (sampleSlice()) or exact
// reduction (reduceSlice(), the mean of every element of the pixel's block), then mapped to 8 bits per channel.

#include "heatmap.h"
#include "npyarray.h"
#include "picturelayout.h"
#include "result.h"

#include <QList>
#include <QRect>
#include <QRectF>
#include <QSize>

#include <atomic>
#include <functional>

namespace npy {

/** How the channels are read: red, green, blue (alpha), or blue, green, red (alpha) as OpenCV writes them. */
enum class ChannelOrder { Rgb, Bgr };

/** The values mapped to 0 and 255. */
struct PictureRange
{
    double low = 0.0;
    double high = 255.0;
    bool operator==(const PictureRange &o) const { return low == o.low && high == o.high; }
};

/** How a picture is drawn. */
struct PictureOptions
{
    ChannelOrder order = ChannelOrder::Rgb;
    /** With four channels, the fourth is the alpha (else every pixel is opaque). */
    bool alpha = true;
    PictureRange range;
    /**
     * Every element of each pixel's block is reduced to its mean, per channel (reduceSlice()); else the element
     * under the pixel's centre (sampleSlice(), a preview that costs one read per pixel and channel).
     */
    bool exact = true;
};

/** What was seen drawing a picture. */
struct PictureStats
{
    /** Channel values below the range's low end, above its high end, and NaN (drawn as 0). */
    qint64 below = 0;
    qint64 above = 0;
    qint64 nan = 0;
    /** Elements of the slice per output pixel along columns and rows (> 1: pixels are block means). */
    double elementsPerPixelX = 1.0;
    double elementsPerPixelY = 1.0;
    /** The output pixels that show an element (the others are transparent). */
    QRect valid;
    [[nodiscard]] qint64 clipped() const { return below + above; }
};

/**
 * The range a picture of \a type starts with, given the finite minimum and maximum of its channels (NaN when
 * unknown): bool 0..1; uint8 0..255; uint16 0..65535; other integers 0..255 when the values lie there, else
 * min..max; floats 0..1 when the values lie there, else 0..255 when they lie there, else min..max. A flat range
 * min == max gives min..min + 1.
 */
[[nodiscard]] PictureRange defaultPictureRange(const DType &type, double min, double max);

/** False for the dtypes whose automatic range needs no look at the values (bool, uint8, uint16). */
[[nodiscard]] bool pictureRangeNeedsValues(const DType &type);

/**
 * One channel value mapped to 8 bits through \a range: for the range 0..1, NumPy's
 * `np.round(np.clip(x, 0, 1) * 255)` computed in the precision of \a type (float16, float32 or float64; round half
 * to even); otherwise round((x - low) * 255 / (high - low)) clipped to 0..255. NaN gives 0.
 */
[[nodiscard]] quint8 pictureByte(double value, const PictureRange &range, const DType &type);

/**
 * The finite minimum and maximum over every channel of frame \a index (one entry per axis; the frame axes'
 * entries choose the frame) of \a array, reading every element. With \a allFrames, over every frame of the
 * stack. Returns false when cancelled; min and max are NaN when no value is finite.
 */
bool pictureMinMax(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index, bool allFrames,
                   double *min, double *max, const std::atomic_bool *cancel = nullptr);

/**
 * The automatic range of the frame at \a index: defaultPictureRange() of its type, with its finite min and max
 * (pictureMinMax()) read only when the type needs them. False when cancelled.
 */
bool automaticPictureRange(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index,
                           PictureRange *range, const std::atomic_bool *cancel = nullptr);

/**
 * Draws the \a source rectangle (element units, x along columns; empty: the whole picture) of the frame at
 * \a index of \a array into \a output pixels (empty with an empty source: one pixel per element), as straight
 * (not premultiplied) ARGB32 words in \a out, row 0 at the top. Pixels outside the picture are transparent. A
 * layout without a channel axis draws its one channel as grey. Returns false when cancelled or when the layout
 * does not fit the array; \a stats (optional) receives the clipping counts.
 */
bool renderPicture(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index,
                   const PictureOptions &options, QRectF source, QSize output, ArgbImage *out,
                   PictureStats *stats = nullptr, const std::atomic_bool *cancel = nullptr);

/**
 * Tiles frames first, first + 1, ... of a stack into a \a columns x \a rows sheet, left to right then top to
 * bottom, each tile \a tile pixels (the whole frame reduced or enlarged into it, or at one pixel per element when
 * \a tile is empty), with no gap: tile k is at column (k % columns) * width, row (k / columns) * height. \a draw
 * draws one frame into its tile (renderPicture() or a heatmap), returning false to stop; tiles beyond the last
 * frame stay transparent. Fails over 2^27 pixels.
 */
[[nodiscard]] Result<ArgbImage> tileFrames(qint64 first, qint64 frames, int columns, int rows, QSize tile,
                                           const std::function<bool(qint64 frame, ArgbImage *tileImage)> &draw);

} // namespace npy
