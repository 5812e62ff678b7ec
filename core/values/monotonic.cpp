#include "monotonic.h"

#include "elements.h"

#include <cmath>
#include <limits>

namespace npy {

namespace {

/** The run of \a count values read by \a at (each compared with the one before through \a less). */
template <typename At, typename Less, typename Bad>
Monotonicity run(qint64 count, At at, Less less, Bad bad)
{
    if (count <= 0)
        return Monotonicity::None;
    auto prev = at(0);
    if (bad(prev))
        return Monotonicity::None;
    if (count == 1)
        return Monotonicity::Increasing;
    auto next = at(1);
    if (bad(next))
        return Monotonicity::None;
    const bool up = less(prev, next);
    if (!up && !less(next, prev))
        return Monotonicity::None;
    prev = next;
    for (qint64 i = 2; i < count; ++i) {
        next = at(i);
        if (bad(next) || !(up ? less(prev, next) : less(next, prev)))
            return Monotonicity::None;
        prev = next;
    }
    return up ? Monotonicity::Increasing : Monotonicity::Decreasing;
}

template <typename T>
Monotonicity runOf(const NpyArray &a, bool nat)
{
    const bool swap = a.dtype().needsSwap();
    constexpr T natValue = std::numeric_limits<T>::min();
    return run(
        a.size(), [&](qint64 i) { return elements::load<T>(a.element(i), swap); },
        [](T x, T y) { return x < y; }, [nat](T v) { return nat && v == natValue; });
}

} // namespace

bool isOrderedNumberType(const DType &type)
{
    switch (type.kind) {
    case Kind::Int:
    case Kind::UInt:
        return type.itemSize == 1 || type.itemSize == 2 || type.itemSize == 4 || type.itemSize == 8;
    case Kind::DateTime:
    case Kind::TimeDelta:
        return type.itemSize == 8;
    case Kind::Float:
        return type.itemSize == 2 || type.itemSize == 4 || type.itemSize == 8 || type.itemSize == 12
               || type.itemSize == 16;
    default:
        return false;
    }
}

Monotonicity strictMonotonicity(const NpyArray &a)
{
    const DType &t = a.dtype();
    if (a.isNull() || !isOrderedNumberType(t))
        return Monotonicity::None;
    switch (t.kind) {
    case Kind::Int:
        switch (t.itemSize) {
        case 1: return runOf<qint8>(a, false);
        case 2: return runOf<qint16>(a, false);
        case 4: return runOf<qint32>(a, false);
        default: return runOf<qint64>(a, false);
        }
    case Kind::UInt:
        switch (t.itemSize) {
        case 1: return runOf<quint8>(a, false);
        case 2: return runOf<quint16>(a, false);
        case 4: return runOf<quint32>(a, false);
        default: return runOf<quint64>(a, false);
        }
    case Kind::DateTime:
    case Kind::TimeDelta:
        // NaT is the smallest int64.
        return runOf<qint64>(a, true);
    default:
        break;
    }
    // Floats: as doubles (exact for half, float and double); NaN is never in order.
    return run(
        a.size(), [&](qint64 i) { return elementValue(t, a.element(i)); }, [](double x, double y) { return x < y; },
        [](double v) { return std::isnan(v); });
}

} // namespace npy
