#include "heatmap.h"
#include "heatmap_p.h"


#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace npy {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// -------------------------------------------------------------------------------------- range

/** Numpy's percentile (linear interpolation) of \a values, which it reorders. */
double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return kNaN;
    const double pos = p / 100.0 * double(values.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const double frac = pos - double(lo);
    std::nth_element(values.begin(), values.begin() + qint64(lo), values.end());
    const double a = values[lo];
    if (frac == 0.0 || lo + 1 >= values.size())
        return a;
    const double b = *std::min_element(values.begin() + qint64(lo) + 1, values.end());
    // numpy's _lerp: a + (b - a) * frac, computed from the far end when frac >= 0.5
    const double d = b - a;
    return frac >= 0.5 ? b - d * (1.0 - frac) : a + d * frac;
}

/** Evenly spread sample positions along an axis of \a count elements, jittered to avoid aliasing. */
std::vector<qint64> samplePositions(qint64 count, qint64 n, quint32 seed)
{
    std::vector<qint64> pos;
    if (n >= count) {
        pos.resize(size_t(count));
        for (qint64 i = 0; i < count; ++i)
            pos[size_t(i)] = i;
        return pos;
    }
    pos.resize(size_t(n));
    quint32 state = seed;
    for (qint64 i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;
        const double u = double(state >> 8) / double(1u << 24);
        pos[size_t(i)] = std::min(count - 1, qint64((double(i) + u) * double(count) / double(n)));
    }
    return pos;
}

/**
 * The display range from what was seen: the finite [lo, hi] and, for percentiles, \a percentileOf
 * (p in 0..100) of the values looked at.
 */
template <class PercentileOf>
void finishRange(RangeStats *st, PercentileOf &&percentileOf, double lo, double hi, const RangeOptions &options,
                 bool isBool)
{
    const bool logScale = options.scale == ColorScale::Log;
    const bool any = lo <= hi;
    if (any) {
        st->min = lo;
        st->max = hi;
    }
    double low = 0.0, high = 1.0;
    if (isBool) {
        low = 0.0;
        high = 1.0;
    } else if (options.mode == RangeMode::Manual) {
        low = std::min(options.manualLow, options.manualHigh);
        high = std::max(options.manualLow, options.manualHigh);
        if (logScale && low <= 0.0)
            low = any ? std::min(st->min, high) : high * 1e-6;
    } else if (!any) {
        low = logScale ? 1.0 : 0.0;
        high = logScale ? 10.0 : 1.0;
    } else if (options.mode == RangeMode::Percentile1 || options.mode == RangeMode::Percentile01) {
        const double p = options.mode == RangeMode::Percentile1 ? 1.0 : 0.1;
        low = percentileOf(p);
        high = percentileOf(100.0 - p);
    } else if (options.mode == RangeMode::Symmetric && !logScale) {
        const double m = std::max(std::abs(st->min), std::abs(st->max));
        low = -m;
        high = m;
    } else {
        low = st->min;
        high = st->max;
    }
    st->low = low;
    st->high = high;
}

} // namespace

// -------------------------------------------------------------------------------------- range

RangeStats computeRange(const SliceAccess &slice, const RangeOptions &options, const std::atomic_bool *cancel)
{
    RangeStats st;
    st.elements = slice.rows() * slice.cols();
    st.min = st.max = kNaN;
    const qint64 maxSamples = std::max<qint64>(1, options.maxSamples);
    const bool logScale = options.scale == ColorScale::Log;

    // Sample grid: every element when small, else about maxSamples spread over both axes.
    // The grid takes 16 times more samples along the axis whose elements are closer in memory, so
    // a sample of a huge mapped array touches few pages (a 50000^2 float32: 256 rows of 4096).
    qint64 nr = slice.rows(), nc = slice.cols();
    if (st.elements > maxSamples) {
        const bool rowsContiguous = std::abs(slice.colStride()) <= std::abs(slice.rowStride());
        const double ratio = double(slice.rows()) / double(std::max<qint64>(1, slice.cols()))
                             * (rowsContiguous ? 1.0 / 16 : 16.0);
        nr = std::clamp<qint64>(qint64(std::ceil(std::sqrt(double(maxSamples) * ratio))), 1, slice.rows());
        nc = std::clamp<qint64>(maxSamples / nr, 1, slice.cols());
        nr = std::clamp<qint64>(maxSamples / nc, 1, slice.rows());
        st.sampled = true;
    }
    const std::vector<qint64> rowPos = samplePositions(slice.rows(), nr, 0x9e3779b9u);
    std::vector<qint64> colOff = samplePositions(slice.cols(), nc, 0x85ebca6bu);
    for (qint64 &c : colOff)
        c *= slice.colStride();

    const bool wantValues = options.mode == RangeMode::Percentile1 || options.mode == RangeMode::Percentile01;
    std::vector<double> values;
    if (wantValues)
        values.reserve(size_t(std::min<qint64>(st.elements, maxSamples)));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool cancelled = false;
    const SparseReadAdvice advice = sparseReadAdvice(slice, slice.isMapped() && st.sampled);
    // A full pass over a large read-only map gives back the pages it has read.
    // A full pass, and a sample too (whose every touch may map a 2 MiB folio), over a large read-only
    // map gives back the pages behind it: all of them, from the first row to the one it is at.
    const bool release = slice.isReadOnlyMap() && slice.rowStride() > 0
                         && slice.rowStride() * slice.rows() >= (qint64(64) << 20);
    withElementReader(slice.type(), slice.complexPart(), [&](const auto &read) {
        qint64 nan = 0, pinf = 0, ninf = 0, nonpos = 0, seen = 0;
        for (size_t i = 0; i < rowPos.size(); ++i) {
            if ((i & 7) == 0) {
                if (cancel && cancel->load(std::memory_order_relaxed)) {
                    cancelled = true;
                    return;
                }
                if (release && i > 0)
                    releasePages(slice.element(st.sampled ? 0 : rowPos[i - 8], 0), slice.element(rowPos[i], 0));
            }
            const uchar *row = slice.element(rowPos[i], 0);
            for (const qint64 c : colOff) {
                const double v = read(row + c);
                ++seen;
                if (std::isnan(v)) {
                    ++nan;
                } else if (std::isinf(v)) {
                    ++(v > 0 ? pinf : ninf);
                } else {
                    if (v <= 0.0) {
                        ++nonpos;
                        if (logScale)
                            continue;
                    }
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                    if (wantValues)
                        values.push_back(v);
                }
            }
        }
        st.examined = seen;
        st.nanCount = nan;
        st.posInfCount = pinf;
        st.negInfCount = ninf;
        st.nonPositiveCount = nonpos;
    });
    if (cancelled) {
        st.examined = 0;
        return st;
    }
    finishRange(&st, [&values](double p) { return percentile(values, p); }, lo, hi, options, slice.isBool());
    return st;
}

RangeStats rangeOfImage(const SampledImage &image, const RangeOptions &options, bool isBool)
{
    RangeStats st;
    st.min = st.max = kNaN;
    const bool logScale = options.scale == ColorScale::Log;
    const bool wantValues = options.mode == RangeMode::Percentile1 || options.mode == RangeMode::Percentile01;
    std::vector<double> values;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    const int w = image.size.width();
    for (int y = image.valid.top(); y <= image.valid.bottom(); ++y) {
        const double *row = image.values.data() + qint64(y) * w;
        for (int x = image.valid.left(); x <= image.valid.right(); ++x) {
            const double v = row[x];
            ++st.examined;
            if (std::isnan(v)) {
                ++st.nanCount;
            } else if (std::isinf(v)) {
                ++(v > 0 ? st.posInfCount : st.negInfCount);
            } else {
                if (v <= 0.0) {
                    ++st.nonPositiveCount;
                    if (logScale)
                        continue;
                }
                lo = std::min(lo, v);
                hi = std::max(hi, v);
                if (wantValues)
                    values.push_back(v);
            }
        }
    }
    st.elements = st.examined;
    finishRange(&st, [&values](double p) { return percentile(values, p); }, lo, hi, options, isBool);
    return st;
}

RangeStats rangeOfHistogram(const Histogram &h, const RangeOptions &options, bool isBool)
{
    RangeStats st;
    st.min = st.max = kNaN;
    st.examined = st.elements = h.count;
    st.nanCount = h.nanCount;
    st.posInfCount = h.posInfCount;
    st.negInfCount = h.negInfCount;
    st.nonPositiveCount = h.nonPositiveCount;
    st.fromHistogram = true;
    st.resolution = h.resolution();
    // As computeRange(): a log scale looks at the positive values only.
    const bool logScale = options.scale == ColorScale::Log;
    const double lo = logScale ? h.minPositive : h.min;
    const bool any = h.finiteCount > 0 && lo == lo && (!logScale || h.max > 0.0);
    const double inf = std::numeric_limits<double>::infinity();
    finishRange(&st, [&h](double p) { return h.percentile(p); }, any ? lo : inf, any ? h.max : -inf, options, isBool);
    return st;
}

} // namespace npy
