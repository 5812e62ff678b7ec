#include "axisedit.h"

#include "bytestore.h"
#include "checkedmath.h"
#include "spillstore.h"

#include <QCoreApplication>

#include <algorithm>
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

/**
 * The result's bytes, written in order into a SpillStore in pieces of at most 16 MiB, with progress
 * after each and a stop when cancelled.
 */
class Writer
{
public:
    Writer(const NpyHeader &header, const Progress &progress, const TransformOptions &options)
        : mStore(header.dataBytes, options.memoryBudget, options.tempDir), mProgress(progress)
    {
    }
    Status open() { return mStore.open(); }
    bool put(const uchar *data, qint64 n)
    {
        // Pieces may be a few bytes each (columns of a tall array): progress is told once per 16 MiB written.
        while (n > 0) {
            if (mProgress.cancelled()) {
                mCancelled = true;
                return false;
            }
            const qint64 m = std::min(n, kPiece);
            if (!mStore.write(data, m))
                return false;
            data += m;
            n -= m;
            if (mProgress.report && (mStore.written() >= mNextReport || mStore.written() == mStore.size())) {
                mProgress.report(mStore.written(), mStore.size());
                mNextReport = mStore.written() + kPiece;
            }
        }
        return true;
    }
    Result<NpyArray> finish(const NpyHeader &header)
    {
        using R = Result<NpyArray>;
        if (mCancelled)
            return R::failure(Tr::tr("cancelled"));
        Result<std::shared_ptr<const ByteStore>> bytes = mStore.finish();
        if (!bytes)
            return R::failure(bytes.error());
        return NpyArray(header, bytes.value(), 0);
    }

private:
    static constexpr qint64 kPiece = qint64(16) << 20;
    SpillStore mStore;
    const Progress &mProgress;
    qint64 mNextReport = kPiece;
    bool mCancelled = false;
};

} // namespace

Result<NpyArray> insertAlongAxis(const NpyArray &array, qint64 axis, qint64 at, qint64 count, const QByteArray &fill,
                                 const Progress &progress, const TransformOptions &options)
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
    Writer out(header.value(), progress, options);
    if (const Status st = out.open(); !st)
        return R::failure(st.error());
    const Blocks b = blocksOf(array, a.value());
    // One inserted slice, built once from the fill element.
    QByteArray slice;
    try {
        slice = QByteArray(qsizetype(b.slice), '\0');
    } catch (const std::bad_alloc &) {
        return R::failure(Tr::tr("not enough memory for %1 bytes").arg(b.slice));
    }
    if (!fill.isEmpty())
        for (qint64 off = 0; off < b.slice; off += fill.size())
            std::memcpy(slice.data() + off, fill.constData(), size_t(fill.size()));
    const uchar *src = array.data();
    const uchar *inserted = reinterpret_cast<const uchar *>(slice.constData());
    bool ok = true;
    for (qint64 o = 0; ok && o < b.outer; ++o) {
        ok = out.put(src, at * b.slice);
        for (qint64 i = 0; ok && i < count; ++i)
            ok = out.put(inserted, b.slice);
        ok = ok && out.put(src + at * b.slice, (length - at) * b.slice);
        src += length * b.slice;
    }
    return out.finish(header.value());
}

Result<NpyArray> deleteAlongAxis(const NpyArray &array, qint64 axis, qint64 from, qint64 count,
                                 const Progress &progress, const TransformOptions &options)
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
    Writer out(header.value(), progress, options);
    if (const Status st = out.open(); !st)
        return R::failure(st.error());
    const Blocks b = blocksOf(array, a.value());
    const uchar *src = array.data();
    const qint64 tail = length - from - count;
    bool ok = true;
    for (qint64 o = 0; ok && o < b.outer; ++o) {
        ok = out.put(src, from * b.slice) && out.put(src + (from + count) * b.slice, tail * b.slice);
        src += length * b.slice;
    }
    return out.finish(header.value());
}

} // namespace npy
