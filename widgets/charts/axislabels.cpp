#include "axislabels.h"

#include "axisticks.h"

#include <algorithm>
#include <cmath>

namespace npyw {

AxisLabels::AxisLabels(const npy::NpyArray &values, const QString &name)
{
    const npy::Kind kind = values.dtype().kind;
    const bool ordered = kind == npy::Kind::Int || kind == npy::Kind::UInt || kind == npy::Kind::Float
                         || kind == npy::Kind::DateTime || kind == npy::Kind::TimeDelta;
    if (values.isNull() || values.ndim() != 1 || values.size() < 1 || !ordered)
        return;
    npy::SliceSpec spec;
    spec.rowAxis = 0;
    spec.index = {0};
    auto access = npy::SliceAccess::create(values, spec, npy::ComplexPart::Real);
    if (!access)
        return;
    mValues = values;
    mAccess = access.value();
    mName = name;
    mValid = true;
    mIncreasing = mAccess.rows() < 2 || mAccess.value(0, 0) <= mAccess.value(mAccess.rows() - 1, 0);
}

QString AxisLabels::text(qint64 i) const
{
    return mValid && i >= 0 && i < mAccess.rows() ? mAccess.text(i, 0) : QString();
}

double AxisLabels::value(qint64 i) const
{
    return mValid && i >= 0 && i < mAccess.rows() ? mAccess.value(i, 0) : std::nan("");
}

double AxisLabels::positionOf(double v, qint64 first, qint64 last) const
{
    if (!mValid || first > last || !std::isfinite(v))
        return std::nan("");
    const double vf = value(first), vl = value(last);
    if (mIncreasing ? (v < vf || v > vl) : (v > vf || v < vl))
        return std::nan("");
    // The last k with value k at or before v along the run (values run one way).
    auto atOrBefore = [this, v](qint64 k) { return mIncreasing ? value(k) <= v : value(k) >= v; };
    qint64 lo = first, hi = last;
    if (atOrBefore(hi))
        return double(hi) + 0.5;
    while (hi - lo > 1) {
        const qint64 mid = lo + (hi - lo) / 2;
        (atOrBefore(mid) ? lo : hi) = mid;
    }
    const double a = value(lo), b = value(hi);
    return double(lo) + 0.5 + (v - a) / (b - a);
}

QList<SliceTick> AxisLabels::ticks(double from, double to, qint64 length, int count) const
{
    QList<SliceTick> out;
    if (mValid)
        length = std::min(length, mAccess.rows());
    if (length <= 0 || !(to > from))
        return out;
    const qint64 first = std::clamp<qint64>(qint64(std::ceil(from - 0.5)), 0, length - 1);
    const qint64 last = std::clamp<qint64>(qint64(std::floor(to - 0.5)), 0, length - 1);
    if (double(first) + 0.5 < from || double(last) + 0.5 > to || first > last)
        return out;
    count = std::max(count, 1);
    if (!mValid) {
        for (const Tick &t : axisTicks(double(first), double(last), npy::ColorScale::Linear, count, false, true))
            out << SliceTick{t.value + 0.5, t.label};
        return out;
    }
    const double a = value(first), b = value(last);
    if (a == b || first == last) {
        out << SliceTick{double(first) + 0.5, text(first)};
        return out;
    }
    const double lo = std::min(a, b), hi = std::max(a, b);
    const npy::DType &type = mAccess.type();
    const bool whole = type.kind == npy::Kind::Int || type.kind == npy::Kind::UInt || type.kind == npy::Kind::TimeDelta;
    const QList<Tick> ticks = type.kind == npy::Kind::DateTime
                                  ? dateAxisTicks(type, lo, hi, count)
                                  : axisTicks(lo, hi, npy::ColorScale::Linear, count, false, whole);
    for (const Tick &t : ticks) {
        const double p = positionOf(t.value, first, last);
        if (std::isfinite(p))
            out << SliceTick{p, t.label};
    }
    // Listed along the axis, from its start.
    std::sort(out.begin(), out.end(), [](const SliceTick &x, const SliceTick &y) { return x.position < y.position; });
    return out;
}

} // namespace npyw
