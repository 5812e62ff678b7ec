#pragma once

// Private to the heatmap kernels (heatmapsampling.cpp, heatmaprange.cpp).

#include "elements.h"
#include "heatmap.h"
#include "pageadvice.h"

#include <cmath>
#include <limits>

namespace npy {

/**
 * The sparse-read advice (pageadvice.h) for the elements of \a slice: none unless \a mapped and the slice
 * spans at least 64 MiB; pages are released afterwards only on a read-only map.
 */
inline SparseReadAdvice sparseReadAdvice(const SliceAccess &slice, bool mapped)
{
    constexpr qint64 kMinBytes = qint64(64) << 20;
    if (!mapped || slice.rows() == 0 || slice.cols() == 0)
        return SparseReadAdvice(nullptr, nullptr, false);
    const uchar *first = slice.element(0, 0);
    const uchar *end = slice.element(slice.rows() - 1, slice.cols() - 1) + slice.type().itemSize;
    if (end - first < kMinBytes)
        return SparseReadAdvice(nullptr, nullptr, false);
    return SparseReadAdvice(first, end, slice.isReadOnlyMap());
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
        if (std::isnan(v)) {
            // Left out of every reduction but the count, where NaN is not zero (np.count_nonzero counts it).
            if (mReduction == Reduction::NonZero) {
                ++mCount;
                ++mNonZero;
            }
            return;
        }
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
        case Reduction::NonZero:
            ++mCount;
            mNonZero += v != 0.0;
            return;
        }
    }
    [[nodiscard]] double result() const
    {
        if (mCount == 0)
            return std::numeric_limits<double>::quiet_NaN();
        if (mReduction == Reduction::NonZero)
            return double(mNonZero);
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
    qint64 mNonZero = 0;
};

} // namespace npy
