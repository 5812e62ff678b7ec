#pragma once

// The samples of a series as numbers, shared by the envelope and the density kernels.

#include "dtype.h"
#include "elements.h"

#include <limits>
#include <utility>

namespace npy::samples {

/** A datetime64 / timedelta64 as its count, NaT as NaN. */
template <bool Swap>
struct ReadTime
{
    double operator()(const uchar *p) const
    {
        const qint64 v = elements::load<qint64, Swap>(p);
        return v == std::numeric_limits<qint64>::min() ? std::numeric_limits<double>::quiet_NaN() : double(v);
    }
};

/** True for the sample types a series may have: bool, integers, real floats, datetime64, timedelta64. */
inline bool hasSampleValue(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return t.itemSize > 0;
    case Kind::DateTime:
    case Kind::TimeDelta:
        return t.itemSize == 8;
    default:
        return false;
    }
}

/**
 * Calls \a f with the fastest reader of samples of \a type (see withElementReader; times as ReadTime, complex
 * samples as \a part).
 */
template <class F>
void withSampleReader(const DType &type, ComplexPart part, F &&f)
{
    if ((type.kind == Kind::DateTime || type.kind == Kind::TimeDelta) && type.itemSize == 8) {
        if (type.needsSwap())
            f(ReadTime<true>{});
        else
            f(ReadTime<false>{});
        return;
    }
    withElementReader(type, part, std::forward<F>(f));
}

} // namespace npy::samples
