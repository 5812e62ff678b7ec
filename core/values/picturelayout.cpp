#include "picturelayout.h"

namespace npy {

namespace {

bool isChannelLength(qint64 n)
{
    return n == 3 || n == 4;
}

/** Fills the frame axes and the frame count; the product cannot overflow (the header's element count did not). */
void finish(PictureLayout *layout, const QList<qint64> &shape)
{
    layout->frameAxes.clear();
    layout->frames = 1;
    for (int axis = 0; axis < shape.size(); ++axis) {
        if (axis == layout->rowAxis || axis == layout->colAxis || axis == layout->channelAxis)
            continue;
        layout->frameAxes.append(axis);
        layout->frames *= shape[axis];
    }
}

} // namespace

bool isPictureType(const DType &type)
{
    switch (type.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return type.fields.empty();
    default:
        return false;
    }
}

PictureLayout grayLayout(const NpyHeader &header)
{
    PictureLayout layout;
    const int n = int(header.shape.size());
    if (n < 2)
        return layout;
    layout.rowAxis = n - 2;
    layout.colAxis = n - 1;
    finish(&layout, header.shape);
    return layout;
}

PictureLayout pictureLayout(const NpyHeader &header, int channelAxis)
{
    const QList<qint64> &shape = header.shape;
    const int n = int(shape.size());
    if (n < 3 || !isPictureType(header.dtype))
        return grayLayout(header);
    int channel = -1;
    if (channelAxis >= 0) {
        if (channelAxis < n && isChannelLength(shape[channelAxis]))
            channel = channelAxis;
    } else if (isChannelLength(shape[n - 1])) {
        channel = n - 1;
    } else if (isChannelLength(shape[n - 3]) && shape[n - 2] > shape[n - 3] && shape[n - 1] > shape[n - 3]) {
        channel = n - 3;
    }
    if (channel < 0)
        return grayLayout(header);
    PictureLayout layout;
    layout.channelAxis = channel;
    layout.channels = int(shape[channel]);
    // The two axes nearest the end that are not the channels.
    for (int axis = n - 1; axis >= 0 && layout.rowAxis < 0; --axis) {
        if (axis == channel)
            continue;
        if (layout.colAxis < 0)
            layout.colAxis = axis;
        else
            layout.rowAxis = axis;
    }
    if (layout.rowAxis < 0 || shape[layout.rowAxis] < kMinPictureSide || shape[layout.colAxis] < kMinPictureSide)
        return grayLayout(header);
    finish(&layout, shape);
    return layout;
}

PictureLayout sliceLayout(const NpyHeader &header, int rowAxis, int colAxis, int channelAxis)
{
    PictureLayout layout;
    const int n = int(header.shape.size());
    if (rowAxis < 0 || rowAxis >= n || colAxis < 0 || colAxis >= n || rowAxis == colAxis)
        return layout;
    layout.rowAxis = rowAxis;
    layout.colAxis = colAxis;
    if (channelAxis >= 0 && channelAxis < n && channelAxis != rowAxis && channelAxis != colAxis
        && isChannelLength(header.shape[channelAxis]) && isPictureType(header.dtype)) {
        layout.channelAxis = channelAxis;
        layout.channels = int(header.shape[channelAxis]);
    }
    finish(&layout, header.shape);
    return layout;
}

qint64 frameOfIndex(const PictureLayout &layout, const QList<qint64> &shape, const QList<qint64> &index)
{
    qint64 frame = 0;
    for (int axis : layout.frameAxes)
        frame = frame * shape.value(axis, 1) + index.value(axis, 0);
    return frame;
}

QList<qint64> indexOfFrame(const PictureLayout &layout, const QList<qint64> &shape, qint64 frame, QList<qint64> index)
{
    if (index.size() < shape.size())
        index.resize(shape.size(), 0);
    for (qsizetype k = layout.frameAxes.size() - 1; k >= 0; --k) {
        const int axis = layout.frameAxes[k];
        const qint64 length = shape[axis];
        if (length <= 0) {
            index[axis] = 0;
            continue;
        }
        index[axis] = frame % length;
        frame /= length;
    }
    return index;
}

} // namespace npy
