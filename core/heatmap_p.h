#pragma once

// Private to the heatmap kernels (heatmapsampling.cpp, heatmaprange.cpp).

#include "elements.h"
#include "heatmap.h"

#include <cmath>
#include <limits>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace npy {

/**
 * While alive, tells the kernel that a large memory-mapped slice is read sparsely (MADV_RANDOM),
 * so page faults do not read ahead. Measured on a 10 GB sparse .npy: 800 strided rows took 8-18 s
 * with read-ahead and 0.5 s without. The advice is reset to normal afterwards, so sequential
 * readers of the same mapping (save, export) get read-ahead back. On a read-only map the pages the
 * sparse reads brought in are then dropped from the resident set (MADV_DONTNEED): kernels that keep
 * the page cache in large folios map up to 2 MiB per touched page, so a few hundred sampled rows of
 * a 1.6 GB file would otherwise leave about 500 MiB resident until a full pass gave them back.
 */
class SparseReadAdvice
{
public:
    explicit SparseReadAdvice(const SliceAccess &slice, bool mapped)
    {
#ifdef Q_OS_UNIX
        constexpr qint64 kMinBytes = qint64(64) << 20;
        if (!mapped || slice.rows() == 0 || slice.cols() == 0)
            return;
        const uchar *first = slice.element(0, 0);
        const uchar *end = slice.element(slice.rows() - 1, slice.cols() - 1) + slice.type().itemSize;
        if (end - first < kMinBytes)
            return;
        const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
        const quintptr a = quintptr(first) & ~(page - 1);
        mAddress = reinterpret_cast<void *>(a);
        mLength = size_t(quintptr(end) - a);
        mRelease = slice.isReadOnlyMap();
        if (madvise(mAddress, mLength, MADV_RANDOM) != 0)
            mAddress = nullptr;
#else
        Q_UNUSED(slice);
        Q_UNUSED(mapped);
#endif
    }
    ~SparseReadAdvice()
    {
#ifdef Q_OS_UNIX
        if (mAddress && mRelease)
            madvise(mAddress, mLength, MADV_DONTNEED);
        if (mAddress)
            madvise(mAddress, mLength, MADV_NORMAL);
#endif
    }
    SparseReadAdvice(const SparseReadAdvice &) = delete;
    SparseReadAdvice &operator=(const SparseReadAdvice &) = delete;

private:
    void *mAddress = nullptr;
    size_t mLength = 0;
    bool mRelease = false;
};

/**
 * Drops the pages of [\a from, \a to) that lie wholly inside it from this process's resident set
 * (MADV_DONTNEED): a pass over a read-only file map then costs no memory. Only for read-only
 * maps (SliceAccess::isReadOnlyMap()): on a private copy-on-write map it would discard edits.
 */
inline void releasePages(const uchar *from, const uchar *to)
{
#ifdef Q_OS_UNIX
    static const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
    const quintptr a = (quintptr(from) + page - 1) & ~(page - 1);
    const quintptr b = quintptr(to) & ~(page - 1);
    if (b > a)
        madvise(reinterpret_cast<void *>(a), size_t(b - a), MADV_DONTNEED);
#else
    Q_UNUSED(from);
    Q_UNUSED(to);
#endif
}

/**
 * Reduces the values of one pixel's block as a Reduction says: NaN is left out, the mean is a
 * compensated (Neumaier) sum, so it matches NumPy's pairwise nanmean to the last bit or so.
 */
class PixelPool
{
public:
    explicit PixelPool(Reduction reduction) : mReduction(reduction) {}
    void add(double v)
    {
        if (std::isnan(v))
            return;
        switch (mReduction) {
        case Reduction::Mean: {
            const double t = mSum + v;
            mCompensation += std::fabs(mSum) >= std::fabs(v) ? (mSum - t) + v : (v - t) + mSum;
            mSum = t;
            ++mCount;
            return;
        }
        case Reduction::AbsMax:
            v = std::fabs(v);
            [[fallthrough]];
        case Reduction::Stride:
        case Reduction::MaxPool:
            if (mCount++ == 0 || v > mBest)
                mBest = v;
            return;
        case Reduction::MinPool:
            if (mCount++ == 0 || v < mBest)
                mBest = v;
            return;
        }
    }
    [[nodiscard]] double result() const
    {
        if (mCount == 0)
            return std::numeric_limits<double>::quiet_NaN();
        if (mReduction == Reduction::Mean) {
            // inf - inf in the compensation is NaN: an infinite sum stands as it is.
            return (std::isinf(mSum) ? mSum : mSum + mCompensation) / double(mCount);
        }
        return mBest;
    }

private:
    Reduction mReduction;
    double mBest = 0;
    double mSum = 0;
    double mCompensation = 0;
    qint64 mCount = 0;
};

} // namespace npy
