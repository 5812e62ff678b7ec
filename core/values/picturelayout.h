#pragma once

// Which axes of an array make a colour picture, and how its frames are numbered: the one rule every view
// (the picture tab, the frame bar, the contact sheet, `npy-tool render` and thumbnails) follows.

#include "dtype.h"
#include "npyheader.h"

#include <QList>

namespace npy {

/**
 * The axes of an array read as pictures: the rows and columns of one picture, its channel axis (-1 for a
 * one-channel picture, drawn as a heatmap) and the frame axes (every other axis, in order; a stack's frames are
 * numbered in C order over them).
 */
struct PictureLayout
{
    int rowAxis = -1;
    int colAxis = -1;
    /** The axis of the colour channels (length 3 or 4), -1 for none. */
    int channelAxis = -1;
    /** 3 or 4 for a colour picture, 1 for a heatmap of one channel. */
    int channels = 1;
    /** Every axis that is none of the three above, in order. */
    QList<int> frameAxes;
    /** The number of frames: the product of the frame axes' lengths (1 when there is none). */
    qint64 frames = 1;

    [[nodiscard]] bool isColor() const { return channelAxis >= 0; }
    [[nodiscard]] bool isStack() const { return frames > 1; }
    bool operator==(const PictureLayout &o) const
    {
        return rowAxis == o.rowAxis && colAxis == o.colAxis && channelAxis == o.channelAxis && frameAxes == o.frameAxes;
    }
};

/** The smallest length of a picture's rows and columns: a 4 x 3 x 3 array is numbers, not a picture. */
constexpr qint64 kMinPictureSide = 5;

/** True for the dtypes a colour picture is drawn from: bool, integers and real floats (not records or complex). */
[[nodiscard]] bool isPictureType(const DType &type);

/**
 * The picture rule for an array of \a header. With \a channelAxis -1 the axis is guessed: the last axis when it
 * has length 3 or 4 (HWC, also N x H x W x C), else the third from last when it has length 3 or 4 and the last
 * two are longer (CHW, also N x C x H x W); the picture's rows and columns are then the two axes left nearest the
 * end. A given \a channelAxis (0 <= axis < ndim) is taken when its length is 3 or 4. In both cases the rows and
 * columns must be at least kMinPictureSide long and the dtype a picture type; otherwise the layout has no channel
 * axis and the picture is the last two axes (one channel: a heatmap). Arrays of fewer than 2 axes give rowAxis -1.
 */
[[nodiscard]] PictureLayout pictureLayout(const NpyHeader &header, int channelAxis = -1);

/** The layout with no channel axis: the last two axes are the picture, every other axis a frame axis. */
[[nodiscard]] PictureLayout grayLayout(const NpyHeader &header);

/**
 * The layout of a slice with rows \a rowAxis and columns \a colAxis (distinct, in range): \a channelAxis is kept
 * when it is another axis of length 3 or 4 and the dtype is a picture type, and every other axis is a frame axis.
 */
[[nodiscard]] PictureLayout sliceLayout(const NpyHeader &header, int rowAxis, int colAxis, int channelAxis = -1);

/** The frame of \a index (one entry per axis; only the frame axes are read), in C order over the frame axes. */
[[nodiscard]] qint64 frameOfIndex(const PictureLayout &layout, const QList<qint64> &shape, const QList<qint64> &index);

/**
 * \a index (one entry per axis) with its frame axes set to frame \a frame (0 <= frame < layout.frames) and every
 * other entry kept.
 */
[[nodiscard]] QList<qint64> indexOfFrame(const PictureLayout &layout, const QList<qint64> &shape, qint64 frame,
                                         QList<qint64> index);

} // namespace npy
