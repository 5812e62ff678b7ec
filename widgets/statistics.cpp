#include "statistics.h"

#include "valuetext.h"

#include <cmath>

namespace npyw {

void StatsAccumulator::add(double v)
{
    Stats &s = mStats;
    ++s.count;
    if (std::isnan(v)) {
        ++s.nanCount;
        return;
    }
    if (std::isinf(v)) {
        ++(v > 0 ? s.posInf : s.negInf);
        return;
    }
    if (s.finite == 0) {
        s.min = s.max = v;
    } else {
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
    }
    ++s.finite;
    s.sum += v;
    // Welford's update: stable for large counts.
    const double delta = v - s.mean;
    s.mean += delta / double(s.finite);
    mM2 += delta * (v - s.mean);
}

Stats StatsAccumulator::result() const
{
    Stats s = mStats;
    s.numeric = true;
    s.std = s.finite > 0 ? std::sqrt(mM2 / double(s.finite)) : 0;
    if (s.finite == 0)
        s.mean = std::nan("");
    return s;
}

Stats computeStats(const npy::NpyArray &array, const npy::DType &type, qint64 leafOffset, const npy::Progress &progress)
{
    Stats none;
    if (!type.isNumeric() || array.isNull())
        return none;
    StatsAccumulator acc;
    const qint64 n = array.size();
    const qint64 step = array.itemSize();
    const uchar *base = array.data() + leafOffset;
    constexpr qint64 kChunk = 1 << 20;
    for (qint64 start = 0; start < n; start += kChunk) {
        if (progress.cancelled()) {
            Stats s = acc.result();
            s.cancelled = true;
            return s;
        }
        const qint64 end = std::min(n, start + kChunk);
        for (qint64 i = start; i < end; ++i)
            acc.add(npy::valueToDouble(type, base + i * step));
        if (progress.report)
            progress.report(end, n);
    }
    return acc.result();
}

} // namespace npyw
