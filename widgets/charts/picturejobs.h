#pragma once

#include "picture.h"
#include "picturelayout.h"

#include <QImage>
#include <QRectF>

#include <atomic>
#include <memory>

namespace npyw {

/** How a picture's range is chosen: npy::defaultPictureRange(), the frame's or the stack's min–max, or typed in. */
enum class PictureRangeChoice { Auto, FrameMinMax, StackMinMax, Manual };

/** One picture to draw: its inputs, copied so that the worker shares nothing with the view. */
struct PictureJob
{
    npy::NpyArray array;
    npy::PictureLayout layout;
    QList<qint64> index;
    qint64 frame = 0;
    npy::PictureOptions options;
    PictureRangeChoice choice = PictureRangeChoice::Auto;
    npy::PictureRange manual;
    /** The frame's min–max when known (else computed when the range needs it), and the stack's. */
    bool haveFrameMinMax = false;
    std::pair<double, double> frameMinMax;
    bool haveStackMinMax = false;
    std::pair<double, double> stackMinMax;
    QRectF source;
    QSize output;
    qreal dpr = 1.0;
    quint64 generation = 0;
};

/** What a worker drew (or, for the stack's range, found). */
struct PictureFrame
{
    QImage image;
    QRectF area;
    npy::PictureStats stats;
    npy::PictureRange range;
    bool computedMinMax = false;
    std::pair<double, double> minMax;
    qint64 frame = 0;
    bool exact = false;
    quint64 generation = 0;
};

/**
 * Draws \a job on the calling thread (a worker): the frame's min–max first when the range needs it and it is not
 * known, then the picture (renderPicture()), as an opaque image (alpha over a checkerboard). Null when cancelled.
 */
[[nodiscard]] std::shared_ptr<PictureFrame> drawPicture(const PictureJob &job,
                                                        const std::shared_ptr<std::atomic_bool> &cancel);

/** Straight-alpha ARGB words as a QImage: ARGB32 with \a alpha, else opaque RGB32. */
[[nodiscard]] QImage pictureImage(const npy::ArgbImage &picture, bool alpha);

} // namespace npyw
