#include "xyseries.h"
#include "envelope_p.h"

#include <algorithm>
#include <cmath>

namespace npy {

namespace {

constexpr qint64 kBatch = 4096;
/** Samples between two looks at the cancel flag. */
constexpr qint64 kCheckEvery = qint64(1) << 16;

bool readable(const SeriesMemory &s)
{
    return (samples::hasSampleValue(s.type) || s.type.kind == Kind::Complex) && (s.count == 0 || s.first);
}

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

/** Decodes samples [from, from + n) of \a s into \a out. */
void decode(const SeriesMemory &s, qint64 from, qint64 n, double *out)
{
    samples::withSampleReader(s.type, s.part, [&](const auto &read) {
        const uchar *p = s.first + from * s.stride;
        for (qint64 i = 0; i < n; ++i)
            out[i] = read(p + i * s.stride);
    });
}

double sampleAt(const SeriesMemory &s, qint64 i)
{
    double v = 0;
    decode(s, i, 1, &v);
    return v;
}

/** The first index in [0, n) for which \a pred (monotone: false, then true) holds; n when none. */
template <class Pred>
qint64 firstWhere(qint64 n, Pred pred)
{
    qint64 lo = 0, hi = n;
    while (lo < hi) {
        const qint64 mid = lo + (hi - lo) / 2;
        if (pred(mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

} // namespace

SeriesScan scanSeries(const SeriesMemory &series, const std::atomic_bool *cancel)
{
    SeriesScan out;
    if (!readable(series))
        return out;
    const qint64 n = series.count;
    bool up = true, down = true;
    double prev = std::numeric_limits<double>::quiet_NaN();
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    std::vector<double> buf(static_cast<size_t>(kBatch));
    for (qint64 b = 0; b < n; b += kBatch) {
        if (b % kCheckEvery == 0 && cancelled(cancel)) {
            out.cancelled = true;
            return out;
        }
        const qint64 k = std::min(kBatch, n - b);
        decode(series, b, k, buf.data());
        for (qint64 i = 0; i < k; ++i) {
            const double v = buf[size_t(i)];
            if (std::isnan(v)) {
                ++out.nan;
                up = down = false;
                continue;
            }
            if (std::isfinite(v)) {
                ++out.finite;
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            if (b + i > 0 && !std::isnan(prev)) {
                up = up && v >= prev;
                down = down && v <= prev;
            }
            prev = v;
        }
    }
    out.order = up ? SeriesOrder::Ascending : down ? SeriesOrder::Descending : SeriesOrder::Unordered;
    if (out.finite > 0) {
        out.min = lo;
        out.max = hi;
    }
    return out;
}

SortedEnvelope sortedEnvelope(const SeriesMemory &x, SeriesOrder order, const SeriesMemory &y, double x0, double x1,
                              qint64 bins, const std::atomic_bool *cancel)
{
    SortedEnvelope out;
    if (order == SeriesOrder::Unordered || x.count != y.count || !readable(x) || !readable(y) || bins < 1
        || bins > kMaxEnvelopeBins || !std::isfinite(x0) || !std::isfinite(x1) || !(x1 > x0))
        return out;
    const qint64 n = x.count;
    const std::vector<double> edges = histogramEdges(x0, x1, bins);
    const bool asc = order == SeriesOrder::Ascending;
    // In index order, the samples left of an edge e (x < e) are a prefix of an ascending x and a suffix of a
    // descending one: `below(e)` is where that run starts or ends; `atMost(e)` the same for x <= e.
    const auto below = [&](double e) {
        return asc ? firstWhere(n, [&](qint64 i) { return sampleAt(x, i) >= e; })
                   : firstWhere(n, [&](qint64 i) { return sampleAt(x, i) < e; });
    };
    const auto atMost = [&](double e) {
        return asc ? firstWhere(n, [&](qint64 i) { return sampleAt(x, i) > e; })
                   : firstWhere(n, [&](qint64 i) { return sampleAt(x, i) <= e; });
    };
    // Cuts in increasing x: cut[k] splits interval k - 1 from interval k; the last closes the range at x1.
    std::vector<qint64> cut(static_cast<size_t>(bins + 1));
    for (qint64 k = 0; k < bins; ++k)
        cut[size_t(k)] = below(edges[size_t(k)]);
    cut[size_t(bins)] = atMost(x1);
    if (!asc) {
        // A descending x runs right to left: interval k is [cut[k + 1], cut[k]) in indexes.
        for (qint64 k = 1; k <= bins; ++k)
            cut[size_t(k)] = std::min(cut[size_t(k)], cut[size_t(k - 1)]);
    } else {
        for (qint64 k = 1; k <= bins; ++k)
            cut[size_t(k)] = std::max(cut[size_t(k)], cut[size_t(k - 1)]);
    }
    const auto add = [&](qint64 a, qint64 b) {
        if (b <= a)
            return true;
        const Envelope e = computeEnvelope(y, a, b, 1, cancel);
        if (e.cancelled || e.bins.empty())
            return false;
        EnvelopeBin bin = e.bins.front();
        double left = sampleAt(x, a), right = sampleAt(x, b - 1);
        if (!asc) {
            std::swap(bin.first, bin.last);
            std::swap(left, right);
        }
        out.bins.push_back(bin);
        out.xLeft.push_back(left);
        out.xRight.push_back(right);
        return true;
    };
    // The sample just left of the range, the intervals left to right, the sample just right of it.
    const qint64 leftOut = asc ? cut[0] - 1 : cut[0];
    const qint64 rightOut = asc ? cut[size_t(bins)] : cut[size_t(bins)] - 1;
    bool ok = leftOut < 0 || leftOut >= n || add(leftOut, leftOut + 1);
    for (qint64 k = 0; ok && k < bins; ++k) {
        ok = asc ? add(cut[size_t(k)], cut[size_t(k + 1)]) : add(cut[size_t(k + 1)], cut[size_t(k)]);
        if (ok && k % 64 == 0 && cancelled(cancel))
            ok = false;
    }
    if (ok && rightOut >= 0 && rightOut < n)
        ok = add(rightOut, rightOut + 1);
    out.cancelled = !ok;
    return out;
}

PointSet pointsInRange(const SeriesMemory &x, const SeriesMemory &y, const DensityRange *range, qint64 limit,
                       const std::atomic_bool *cancel)
{
    PointSet out;
    if (x.count != y.count || !readable(x) || !readable(y))
        return out;
    const qint64 n = x.count;
    std::vector<double> bx(static_cast<size_t>(kBatch)), by(static_cast<size_t>(kBatch));
    for (qint64 b = 0; b < n; b += kBatch) {
        if (b % kCheckEvery == 0 && cancelled(cancel)) {
            out = PointSet();
            out.cancelled = true;
            return out;
        }
        const qint64 k = std::min(kBatch, n - b);
        decode(x, b, k, bx.data());
        decode(y, b, k, by.data());
        for (qint64 i = 0; i < k; ++i) {
            const double u = bx[size_t(i)], v = by[size_t(i)];
            const bool in = range ? u >= range->x0 && u <= range->x1 && v >= range->y0 && v <= range->y1
                                  : std::isfinite(u) && std::isfinite(v);
            if (!in)
                continue;
            if (qint64(out.index.size()) >= limit) {
                out = PointSet();
                out.complete = false;
                return out;
            }
            out.index.push_back(b + i);
            out.x.push_back(u);
            out.y.push_back(v);
        }
    }
    return out;
}

} // namespace npy
