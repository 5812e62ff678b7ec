#include "npyarray.h"

#include <atomic>
#include <cstring>

namespace npy {

NpyArray::NpyArray(NpyHeader header, std::shared_ptr<const ByteStore> store, qint64 offset)
    : mHeader(std::move(header)), mStore(std::move(store)), mOffset(offset)
{
    Q_ASSERT(mStore && mOffset >= 0 && mStore->size() - mOffset >= mHeader.dataBytes);
}

NpyArray::NpyArray(NpyHeader header, QByteArray bytes) : mHeader(std::move(header))
{
    Q_ASSERT(bytes.size() == mHeader.dataBytes);
    mWritable = ByteStore::fromBytes(std::move(bytes))->writableCopy(0, mHeader.dataBytes);
}

NpyArray NpyArray::reinterpreted(const NpyHeader &header) const
{
    Q_ASSERT(header.dataBytes == mHeader.dataBytes);
    NpyArray out = *this;
    out.mHeader = header;
    return out;
}

bool NpyArray::isMapped() const
{
    if (mWritable)
        return mWritable->isMapped();
    return mStore && mStore->isMapped();
}

bool NpyArray::mappingLost() const
{
    if (mWritable)
        return mWritable->isLost();
    return mStore && mStore->isLost();
}

const uchar *NpyArray::data() const
{
    if (mWritable)
        return mWritable->data();
    return mStore ? mStore->data() + mOffset : nullptr;
}

QList<qint64> NpyArray::strides() const
{
    const qsizetype n = mHeader.shape.size();
    QList<qint64> s(n, 0);
    qint64 step = mHeader.dtype.itemSize;
    if (mHeader.fortranOrder) {
        for (qsizetype i = 0; i < n; ++i) {
            s[i] = step;
            step *= mHeader.shape[i];
        }
    } else {
        for (qsizetype i = n - 1; i >= 0; --i) {
            s[i] = step;
            step *= mHeader.shape[i];
        }
    }
    return s;
}

qint64 NpyArray::offsetOfFlat(qint64 flat) const
{
    if (!mHeader.fortranOrder || mHeader.shape.size() < 2)
        return flat * mHeader.dtype.itemSize;
    // Decompose the C-order flat index, then lay it out in Fortran order.
    qint64 offset = 0;
    qint64 stride = mHeader.dtype.itemSize;
    QList<qint64> index(mHeader.shape.size());
    for (qsizetype i = mHeader.shape.size() - 1; i >= 0; --i) {
        index[i] = flat % mHeader.shape[i];
        flat /= mHeader.shape[i];
    }
    for (qsizetype i = 0; i < mHeader.shape.size(); ++i) {
        offset += index[i] * stride;
        stride *= mHeader.shape[i];
    }
    return offset;
}

qint64 NpyArray::offsetOf(const QList<qint64> &index) const
{
    const QList<qint64> s = strides();
    qint64 offset = 0;
    for (qsizetype i = 0; i < index.size() && i < s.size(); ++i)
        offset += index[i] * s[i];
    return offset;
}

void NpyArray::detach()
{
    if (mWritable && mWritable.use_count() == 1) {
        // The last other owner (a statistics or render job) dropped its copy on another thread after
        // reading the bytes; use_count() is a relaxed load, so order our writes after those reads.
        std::atomic_thread_fence(std::memory_order_acquire);
        return;
    }
    // Shared with a copy of this array: that copy keeps the bytes, this one takes a copy of its own.
    std::shared_ptr<ByteStore> own = mWritable ? mWritable->writableCopy(0, mHeader.dataBytes)
                                               : mStore->writableCopy(mOffset, mHeader.dataBytes);
    if (!own)
        throw std::bad_alloc();
    mWritable = std::move(own);
    mStore.reset();
    mOffset = 0;
}

QByteArray NpyArray::replaceBytes(qint64 byteOffset, const QByteArray &bytes)
{
    Q_ASSERT(byteOffset >= 0 && byteOffset + bytes.size() <= mHeader.dataBytes);
    detach();
    char *p = reinterpret_cast<char *>(mWritable->writableData()) + byteOffset;
    QByteArray old(p, bytes.size());
    std::memcpy(p, bytes.constData(), size_t(bytes.size()));
    mWritable->noteWritten(byteOffset, bytes.size());
    return old;
}

NpyArray NpyArray::snapshot() const
{
    if (!mWritable)
        return *this;
    std::shared_ptr<const ByteStore> copy = mWritable->writableCopy(0, mHeader.dataBytes);
    if (!copy)
        return NpyArray();
    return NpyArray(mHeader, std::move(copy));
}

} // namespace npy
