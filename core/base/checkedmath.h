#pragma once

#include <QtGlobal>

namespace npy {

/** Multiplies two non-negative sizes; returns false (and leaves \a out alone) on overflow of qint64. */
[[nodiscard]] inline bool checkedMul(qint64 a, qint64 b, qint64 *out)
{
    qint64 r;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

/** Adds two non-negative sizes; returns false (and leaves \a out alone) on overflow of qint64. */
[[nodiscard]] inline bool checkedAdd(qint64 a, qint64 b, qint64 *out)
{
    qint64 r;
    if (a < 0 || b < 0 || __builtin_add_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

} // namespace npy
