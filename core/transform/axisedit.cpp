#include "axisedit.h"

#include "bytestore.h"
#include "checkedmath.h"

#include <QCoreApplication>

#include <cstring>
#include <new>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::AxisEdit)
};

/**
 * The array's memory as blocks: `outer` blocks, each `length` slices of `slice` bytes along the axis
 * (the axis counted in memory order: a Fortran array's axes run the other way).
 */
struct Blocks
{
    qint64 outer = 1;
    qint64 length = 0;
    qint64 slice = 0;
};

Result<qint64> normalisedAxis(const NpyArray &array, qint64 axis)
{
    const qint64 n = array.ndim();
    if (n == 0)
        return Result<qint64>::failure(Tr::tr("a 0-d array has no axis to insert into or delete from"));
    if (axis < -n || axis >= n)
        return Result<qint64>::failure(Tr::tr("axis %1 is out of bounds for array of dimension %2").arg(axis).arg(n));
    return axis < 0 ? axis + n : axis;
}

Blocks blocksOf(const NpyArray &array, qint64 axis)
{
    Blocks b;
    const QList<qint64> &shape = array.shape();
    b.length = shape[axis];
    b.slice = array.itemSize();
    for (qint64 i = 0; i < shape.size(); ++i) {
        // In memory order the axes after `axis` are inside each slice (C), or those before it (F).
        const bool inside = array.isFortran() ? i < axis : i > axis;
        if (i == axis)
            continue;
        if (inside)
            b.slice *= shape[i];
        else
            b.outer *= shape[i];
    }
    return b;
}

/** A header for \a shape in \a like's dtype and order. */
Result<NpyHeader> resized(const NpyArray &like, const QList<qint64> &shape)
{
    NpyHeader h = like.header();
    h.shape = shape;
    h.dataOffset = 0;
    if (!arraySize(shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes))
        return Result<NpyHeader>::failure(Tr::tr("the array would be too large"));
    return h;
}

/** memcpy that accepts the null pointers of empty arrays when there is nothing to copy. */
void copyBytes(uchar *dst, const uchar *src, qint64 n)
{
    if (n > 0)
        std::memcpy(dst, src, size_t(n));
}

Result<QByteArray> allocate(qint64 bytes)
{
    QByteArray out;
    try {
        out.resize(qsizetype(bytes));
    } catch (const std::bad_alloc &) {
        return Result<QByteArray>::failure(Tr::tr("not enough memory for %1 bytes").arg(bytes));
    }
    return out;
}

} // namespace

Result<NpyArray> insertAlongAxis(const NpyArray &array, qint64 axis, qint64 at, qint64 count, const QByteArray &fill)
{
    using R = Result<NpyArray>;
    Result<qint64> a = normalisedAxis(array, axis);
    if (!a)
        return R::failure(a.error());
    const qint64 length = array.shape()[a.value()];
    if (at < 0 || at > length)
        return R::failure(Tr::tr("index %1 is out of bounds for axis %2 with size %3").arg(at).arg(a.value()).arg(length));
    if (count < 0)
        return R::failure(Tr::tr("cannot insert a negative number of slices"));
    if (!fill.isEmpty() && fill.size() != array.itemSize())
        return R::failure(Tr::tr("the fill value has %1 bytes, not the %2 of one element").arg(fill.size()).arg(array.itemSize()));
    QList<qint64> shape = array.shape();
    if (!checkedAdd(length, count, &shape[a.value()]))
        return R::failure(Tr::tr("the array would be too large"));
    Result<NpyHeader> header = resized(array, shape);
    if (!header)
        return R::failure(header.error());
    Result<QByteArray> bytes = allocate(header->dataBytes);
    if (!bytes)
        return R::failure(bytes.error());
    const Blocks b = blocksOf(array, a.value());
    // One inserted slice, built once from the fill element.
    QByteArray slice(qsizetype(b.slice), '\0');
    if (!fill.isEmpty())
        for (qint64 off = 0; off < b.slice; off += fill.size())
            copyBytes(reinterpret_cast<uchar *>(slice.data()) + off, reinterpret_cast<const uchar *>(fill.constData()),
                      fill.size());
    const uchar *src = array.data();
    uchar *dst = reinterpret_cast<uchar *>(bytes->data());
    for (qint64 o = 0; o < b.outer; ++o) {
        copyBytes(dst, src, at * b.slice);
        dst += at * b.slice;
        for (qint64 i = 0; i < count; ++i, dst += b.slice)
            copyBytes(dst, reinterpret_cast<const uchar *>(slice.constData()), b.slice);
        copyBytes(dst, src + at * b.slice, (length - at) * b.slice);
        dst += (length - at) * b.slice;
        src += length * b.slice;
    }
    return NpyArray(header.value(), ByteStore::fromBytes(std::move(bytes.value())), 0);
}

Result<NpyArray> deleteAlongAxis(const NpyArray &array, qint64 axis, qint64 from, qint64 count)
{
    using R = Result<NpyArray>;
    Result<qint64> a = normalisedAxis(array, axis);
    if (!a)
        return R::failure(a.error());
    const qint64 length = array.shape()[a.value()];
    if (from < 0 || count < 0 || from > length || count > length - from)
        return R::failure(Tr::tr("slices %1 to %2 are out of bounds for axis %3 with size %4")
                              .arg(from).arg(from + count).arg(a.value()).arg(length));
    QList<qint64> shape = array.shape();
    shape[a.value()] = length - count;
    Result<NpyHeader> header = resized(array, shape);
    if (!header)
        return R::failure(header.error());
    Result<QByteArray> bytes = allocate(header->dataBytes);
    if (!bytes)
        return R::failure(bytes.error());
    const Blocks b = blocksOf(array, a.value());
    const uchar *src = array.data();
    uchar *dst = reinterpret_cast<uchar *>(bytes->data());
    const qint64 tail = length - from - count;
    for (qint64 o = 0; o < b.outer; ++o) {
        copyBytes(dst, src, from * b.slice);
        dst += from * b.slice;
        copyBytes(dst, src + (from + count) * b.slice, tail * b.slice);
        dst += tail * b.slice;
        src += length * b.slice;
    }
    return NpyArray(header.value(), ByteStore::fromBytes(std::move(bytes.value())), 0);
}

} // namespace npy
