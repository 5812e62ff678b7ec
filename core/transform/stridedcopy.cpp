#include "stridedcopy.h"

#include "pageadvice.h"
#include "source.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::StridedCopy)
};

struct Dim
{
    qint64 size;
    qint64 stride;
};

/** The start of the page holding \a p. */
const uchar *pageStart(const uchar *p)
{
    static const quintptr page = quintptr(
#ifdef Q_OS_UNIX
        sysconf(_SC_PAGESIZE)
#else
        4096
#endif
    );
    return reinterpret_cast<const uchar *>(quintptr(p) & ~(page - 1));
}

/** A multi-index over some dims, stepped in C order, with the buffer offset it points at. */
class Odometer
{
public:
    Odometer(const std::vector<Dim> &dims, size_t first, size_t end) : mDims(dims), mFirst(first), mEnd(end)
    {
        mIndex.assign(end > first ? end - first : 0, 0);
    }
    [[nodiscard]] qint64 offset() const { return mOffset; }
    /** Steps to the next index; false after the last. */
    bool next()
    {
        for (size_t i = mEnd; i-- > mFirst;) {
            qint64 &idx = mIndex[i - mFirst];
            if (++idx < mDims[i].size) {
                mOffset += mDims[i].stride;
                return true;
            }
            mOffset -= (idx - 1) * mDims[i].stride;
            idx = 0;
        }
        return false;
    }

private:
    const std::vector<Dim> &mDims;
    size_t mFirst;
    size_t mEnd;
    std::vector<qint64> mIndex;
    qint64 mOffset = 0;
};

/** The output side: converts with the post chain, hands pieces to the sink, counts and cancels. */
class Output
{
public:
    Output(const CastChain *post, qint64 inSize, qint64 outSize, const ChunkSink &sink, const Progress &progress,
           qint64 total, qint64 bufferBytes)
        : mPost(post && !post->isEmpty() ? post : nullptr), mInSize(inSize), mOutSize(outSize), mSink(sink),
          mProgress(progress), mTotal(total)
    {
        if (mPost)
            mPiece = std::max<qint64>(1, bufferBytes / 4 / std::max<qint64>(outSize, 1));
    }

    Status put(const uchar *p, qint64 count)
    {
        if (mProgress.cancelled())
            return Status::failure(Tr::tr("cancelled"));
        if (!mPost) {
            if (count > 0 && !mSink(p, count * mInSize))
                return Status::failure(Tr::tr("write failed"));
        } else {
            for (qint64 done = 0; done < count;) {
                const qint64 n = std::min(mPiece, count - done);
                mConverted.resize(size_t(n * mOutSize));
                QString error;
                if (!mPost->convert(p + done * mInSize, mConverted.data(), n, mPosition + done, &mScratch, &error))
                    return Status::failure(error);
                if (!mSink(mConverted.data(), n * mOutSize))
                    return Status::failure(Tr::tr("write failed"));
                done += n;
            }
        }
        mPosition += count;
        if (mProgress.report)
            mProgress.report(mPosition * mOutSize, mTotal * mOutSize);
        return Status();
    }

private:
    const CastChain *mPost;
    qint64 mInSize;
    qint64 mOutSize;
    const ChunkSink &mSink;
    const Progress &mProgress;
    qint64 mTotal;
    qint64 mPiece = 0;
    qint64 mPosition = 0;
    std::vector<uchar> mConverted;
    std::vector<uchar> mScratch;
};

/** Reads elements and converts them with the pre chain. */
class Reader
{
public:
    Reader(const StridedInput &in, const CastChain *pre)
        : mIn(in), mPre(pre && !pre->isEmpty() ? pre : nullptr), mOutSize(pre ? pre->outSize(in.itemSize) : in.itemSize)
    {
    }
    [[nodiscard]] qint64 outSize() const { return mOutSize; }
    [[nodiscard]] bool converts() const { return mPre != nullptr; }
    /** \a count consecutive buffer elements from \a offset, converted into \a into when there is a pre chain. */
    Result<const uchar *> read(qint64 offset, qint64 count, uchar *into)
    {
        const uchar *src = mIn.base + offset * mIn.itemSize;
        if (!mPre)
            return src;
        QString error;
        if (!mPre->convert(src, into, count, offset, &mScratch, &error))
            return Result<const uchar *>::failure(error);
        return static_cast<const uchar *>(into);
    }

private:
    const StridedInput &mIn;
    const CastChain *mPre;
    qint64 mOutSize;
    std::vector<uchar> mScratch;
};

/** Copies \a w runs of \a count elements (\a E bytes each, run j at ptrs[j]) into a band, run j to column k + j. */
template <int E>
void scatterTile(uchar *band, qint64 rowElements, qint64 k, const uchar *const *ptrs, int w, qint64 count)
{
    for (qint64 t = 0; t < count; ++t) {
        uchar *row = band + (t * rowElements + k) * E;
        for (int j = 0; j < w; ++j)
            std::memcpy(row + j * E, ptrs[j] + t * E, E);
    }
}

void scatterTileAny(uchar *band, qint64 rowElements, qint64 k, const uchar *const *ptrs, int w, qint64 count,
                    qint64 e)
{
    switch (e) {
    case 1: scatterTile<1>(band, rowElements, k, ptrs, w, count); return;
    case 2: scatterTile<2>(band, rowElements, k, ptrs, w, count); return;
    case 4: scatterTile<4>(band, rowElements, k, ptrs, w, count); return;
    case 8: scatterTile<8>(band, rowElements, k, ptrs, w, count); return;
    case 16: scatterTile<16>(band, rowElements, k, ptrs, w, count); return;
    }
    for (qint64 t = 0; t < count; ++t) {
        uchar *row = band + (t * rowElements + k) * e;
        for (int j = 0; j < w; ++j)
            std::memcpy(row + j * e, ptrs[j] + t * e, size_t(e));
    }
}

/** The view's axes of length > 1, neighbours that read the buffer in step merged. */
std::vector<Dim> coalesced(const Layout &view)
{
    std::vector<Dim> dims;
    for (qsizetype i = 0; i < view.shape.size(); ++i) {
        if (view.shape[i] == 1)
            continue;
        const Dim d{view.shape[i], view.strides[i]};
        if (!dims.empty() && dims.back().stride == d.size * d.stride)
            dims.back() = Dim{dims.back().size * d.size, d.stride};
        else
            dims.push_back(d);
    }
    return dims;
}

/** Runs of the buffer read in order (the view's last axis is contiguous in the buffer). */
Status copyRuns(const StridedInput &in, const std::vector<Dim> &dims, Reader &reader, Output &out, qint64 bufferBytes)
{
    const qint64 runLength = dims.empty() ? 1 : dims.back().size;
    const qint64 piece = std::max<qint64>(1, bufferBytes / std::max(in.itemSize, reader.outSize()));
    // Pages are given back behind a run only when runs are long enough not to share pages much.
    const bool release = in.releasePages && runLength * in.itemSize >= (qint64(64) << 10);
    std::vector<uchar> strip(reader.converts() ? size_t(std::min(piece, runLength) * reader.outSize()) : 0);
    Odometer outer(dims, 0, dims.empty() ? 0 : dims.size() - 1);
    do {
        for (qint64 q = 0; q < runLength; q += piece) {
            const qint64 n = std::min(piece, runLength - q);
            const qint64 offset = outer.offset() + q;
            const uchar *first = in.base + offset * in.itemSize;
            if (release)
                populatePages(first, first + n * in.itemSize);
            Result<const uchar *> p = reader.read(offset, n, strip.data());
            if (!p)
                return Status::failure(p.error());
            Status st = out.put(p.value(), n);
            if (!st)
                return st;
            if (release)
                releasePages(first, first + n * in.itemSize);
        }
    } while (outer.next());
    return Status();
}

/** Any view, element by element (no axis reads the buffer in order, or a band would not fit the buffer). */
Status copyElements(const StridedInput &in, const std::vector<Dim> &dims, Reader &reader, Output &out,
                    qint64 bufferBytes)
{
    const qint64 e = reader.outSize();
    const qint64 capacity = std::max<qint64>(1, bufferBytes / std::max<qint64>(e, 1));
    std::vector<uchar> buffer(size_t(capacity * e));
    std::vector<uchar> one(static_cast<size_t>(e), 0);
    qint64 filled = 0;
    Odometer all(dims, 0, dims.size());
    do {
        Result<const uchar *> p = reader.read(all.offset(), 1, one.data());
        if (!p)
            return Status::failure(p.error());
        std::memcpy(buffer.data() + filled * e, p.value(), size_t(e));
        if (++filled == capacity) {
            Status st = out.put(buffer.data(), filled);
            if (!st)
                return st;
            filled = 0;
        }
    } while (all.next());
    Status st = out.put(buffer.data(), filled);
    if (st && in.releasePages && !dims.empty()) {
        qint64 last = 0;
        for (const Dim &d : dims)
            last += (d.size - 1) * d.stride;
        releasePages(in.base, in.base + (last + 1) * in.itemSize);
    }
    return st;
}

/**
 * Bands along axis \a b (contiguous in the buffer): each band holds `band` indices of that axis times
 * every index of the axes after it, a contiguous stretch of the output.
 */
Status copyBands(const StridedInput &in, const std::vector<Dim> &dims, size_t b, qint64 band, Reader &reader,
                 Output &out)
{
    const qint64 e0 = in.itemSize;
    const qint64 e1 = reader.outSize();
    const size_t last = dims.size() - 1;
    qint64 inner = 1;
    for (size_t i = b + 1; i < dims.size(); ++i)
        inner *= dims[i].size;
    const qint64 lineLength = dims[b].size;
    const qint64 tailLength = dims[last].size;
    const qint64 tailStride = dims[last].stride;
    constexpr int kTile = 8;
    std::vector<uchar> bandBuffer(size_t(band * inner * e1));
    std::vector<uchar> tile(reader.converts() ? size_t(kTile * band * e1) : 0);
    // Lines of the buffer long enough to give their pages back a page at a time as the bands pass.
    const bool perLine = in.releasePages && lineLength * e0 >= (qint64(64) << 10);
    const qint64 releaseStep = std::max<qint64>(1, 4096 / e0);
    Odometer outer(dims, 0, b);
    do {
        const qint64 base = outer.offset();
        qint64 released = 0;
        for (qint64 b0 = 0; b0 < lineLength; b0 += band) {
            const qint64 count = std::min(band, lineLength - b0);
            qint64 k = 0;
            Odometer middle(dims, b + 1, last);
            do {
                const qint64 row = base + b0 + middle.offset();
                for (qint64 j0 = 0; j0 < tailLength; j0 += kTile) {
                    const int w = int(std::min<qint64>(kTile, tailLength - j0));
                    const uchar *ptrs[kTile];
                    for (int j = 0; j < w; ++j) {
                        Result<const uchar *> p =
                            reader.read(row + (j0 + j) * tailStride, count, tile.data() + j * band * e1);
                        if (!p)
                            return Status::failure(p.error());
                        ptrs[j] = p.value();
                    }
                    scatterTileAny(bandBuffer.data(), inner, k, ptrs, w, count, e1);
                    k += w;
                }
            } while (middle.next());
            Status st = out.put(bandBuffer.data(), count * inner);
            if (!st)
                return st;
            const qint64 done = b0 + count;
            if (perLine && (done - released >= releaseStep || done == lineLength)) {
                Odometer lines(dims, b + 1, dims.size());
                do {
                    const uchar *start = in.base + (base + lines.offset()) * e0;
                    releasePages(pageStart(start), start + done * e0);
                } while (lines.next());
                released = done;
            }
        }
        if (in.releasePages && !perLine) {
            // Short lines: the block's whole extent once it is done.
            Odometer lines(dims, b + 1, dims.size());
            qint64 highest = base;
            do {
                highest = std::max(highest, base + lines.offset());
            } while (lines.next());
            releasePages(in.base + base * e0, in.base + (highest + lineLength) * e0);
        }
    } while (outer.next());
    return Status();
}

} // namespace

void CastChain::append(const ElementCast &cast, CastReport *report)
{
    mCasts.append(cast);
    mReports.append(report);
}

qint64 CastChain::outSize(qint64 inSize) const
{
    return mCasts.isEmpty() ? inSize : mCasts.last().to().itemSize;
}

bool CastChain::convert(const uchar *src, uchar *dst, qint64 count, qint64 position, std::vector<uchar> *scratch,
                        QString *error) const
{
    Q_ASSERT(!mCasts.isEmpty());
    qint64 widest = 0;
    for (qsizetype i = 0; i + 1 < mCasts.size(); ++i)
        widest = std::max(widest, mCasts[i].to().itemSize);
    if (widest > 0 && qint64(scratch->size()) < 2 * widest * count)
        scratch->resize(size_t(2 * widest * count));
    const uchar *in = src;
    for (qsizetype i = 0; i < mCasts.size(); ++i) {
        uchar *out = i + 1 == mCasts.size() ? dst : scratch->data() + (i % 2) * widest * count;
        qint64 failedAt = -1;
        if (!mCasts[i].convert(in, out, count, position, mReports[i], &failedAt)) {
            if (mReports[i])
                mReports[i]->failedPosition = failedAt;
            const QString why = mReports[i] && !mReports[i]->failedText.isEmpty() ? mReports[i]->failedText
                                                                                   : mCasts[i].failure();
            *error = Tr::tr("element %1 cannot become %2: %3").arg(failedAt).arg(mCasts[i].to().displayName(), why);
            return false;
        }
        in = out;
    }
    return true;
}

Status copyStrided(const StridedInput &in, const CastChain *pre, const CastChain *post, const ChunkSink &sink,
                   const Progress &progress, qint64 bufferBytes)
{
    for (qint64 d : in.view.shape)
        if (d == 0)
            return Status();
    const std::vector<Dim> dims = coalesced(in.view);
    Reader reader(in, pre);
    const qint64 e1 = reader.outSize();
    const qint64 e2 = post ? post->outSize(e1) : e1;
    Output out(post, e1, e2, sink, progress, in.view.size(), bufferBytes);
    if (dims.empty() || dims.back().stride == 1)
        return copyRuns(in, dims, reader, out, bufferBytes);
    size_t b = dims.size();
    for (size_t i = 0; i < dims.size(); ++i)
        if (dims[i].stride == 1)
            b = i;
    if (b == dims.size())
        return copyElements(in, dims, reader, out, bufferBytes);
    qint64 inner = 1;
    for (size_t i = b + 1; i < dims.size(); ++i)
        inner *= dims[i].size;
    qint64 band = bufferBytes / (inner * std::max(e1, e2));
    if (band < 1)
        return copyElements(in, dims, reader, out, bufferBytes);
    if (band >= dims[b].size)
        band = dims[b].size;
    else if (band > 16)
        band = band / 16 * 16;
    return copyBands(in, dims, b, band, reader, out);
}

} // namespace npy
