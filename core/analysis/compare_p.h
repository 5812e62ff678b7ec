#pragma once

// Internals of the comparison engine shared by compare.cpp and compareelement.cpp.

#include "compare.h"

#include <cmath>

namespace npy::comparedetail {

/**
 * isclose for one pair in the computation type \a T (NumPy 1.24's rule): both finite: equal when
 * |x - y| <= atol + rtol·|y|; otherwise equal only when x == y (or both NaN with equalNan).
 */
template <typename T>
inline ElementComparator::Outcome realOutcome(T x, T y, T atol, T rtol, bool equalNan)
{
    ElementComparator::Outcome o;
    if (x == y) {
        if (std::isfinite(x)) {
            o.absDiff = 0;
            if (y != 0)
                o.relDiff = 0;
        }
        return o;
    }
    const T d = std::fabs(x - y);
    const bool xNan = std::isnan(x);
    const bool yNan = std::isnan(y);
    if (std::isfinite(x) && std::isfinite(y))
        o.differs = !(d <= atol + rtol * std::fabs(y));
    else
        o.differs = !(equalNan && xNan && yNan);
    o.nanMismatch = xNan != yNan;
    o.absDiff = double(d);
    o.relDiff = double(d) / std::fabs(double(y));
    return o;
}

/** The `info` spelling of a dtype: the type string, or the descr for a struct. */
QString dtypeText(const DType &type);

/** True when \a a and \a b are the same type but perhaps for byte order. */
bool sameTypeIgnoringOrder(const DType &a, const DType &b);

/** An element as NumPy prints it; a struct as the tuple of its fields. */
QString elementText(const DType &type, const uchar *p);

} // namespace npy::comparedetail
