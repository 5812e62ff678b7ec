#include "histogram.h"

#include "pageadvice.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

namespace npy {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/** numpy's _lerp: a + (b - a) * t, computed from the far end when t >= 0.5. */
double lerp(double a, double b, double t)
{
    const double d = b - a;
    return t >= 0.5 ? b - d * (1.0 - t) : a + d * t;
}

} // namespace

// ---------------------------------------------------------------------------------- Histogram

qint64 Histogram::binned() const
{
    qint64 n = 0;
    for (const qint64 c : counts)
        n += c;
    return n;
}

double Histogram::edge(int i) const
{
    const int n = bins();
    if (i <= 0 || n == 0)
        return low;
    if (i >= n)
        return high;
    if (logBins) {
        const double a = std::log10(low), b = std::log10(high);
        return std::pow(10.0, a + double(i) * ((b - a) / n));
    }
    // numpy.linspace: i * step + start, step = (stop - start) / div.
    return double(i) * ((high - low) / n) + low;
}

int Histogram::binOf(double v) const
{
    const int n = bins();
    if (n == 0 || !(v >= low && v <= high))
        return -1;
    if (logBins) {
        const double a = std::log10(low), b = std::log10(high);
        const int i = int((std::log10(v) - a) * (n / (b - a)));
        return std::clamp(i, 0, n - 1);
    }
    // numpy.histogram's uniform-bin rule, correction of the last ulp included.
    int i = int((v - low) / (high - low) * n);
    i = std::clamp(i, 0, n);
    if (i == n)
        --i;
    if (v < edge(i))
        --i;
    else if (i != n - 1 && v >= edge(i + 1))
        ++i;
    return i;
}

double Histogram::percentile(double p) const
{
    const qint64 n = binned();
    if (n == 0)
        return kNaN;
    const double lowest = logBins ? minPositive : min;
    const double highest = max;
    // The k-th smallest binned value (0-based), read from its bin.
    auto orderStatistic = [&](qint64 k) {
        if (k <= 0)
            return lowest;
        if (k >= n - 1)
            return highest;
        qint64 before = 0;
        for (int b = 0; b < bins(); ++b) {
            const qint64 c = counts[size_t(b)];
            if (k < before + c) {
                if (unitBins)
                    return low + 0.5 + double(b);
                // The c values of the bin taken as evenly spread across it.
                const double t = (double(k - before) + 0.5) / double(c);
                double v = 0.0;
                if (logBins) {
                    const double a = std::log10(edge(b)), e = std::log10(edge(b + 1));
                    v = std::pow(10.0, a + (e - a) * t);
                } else {
                    v = edge(b) + (edge(b + 1) - edge(b)) * t;
                }
                return std::clamp(v, lowest, highest);
            }
            before += c;
        }
        return highest;
    };
    const double pos = std::clamp(p, 0.0, 100.0) / 100.0 * double(n - 1);
    const qint64 k = qint64(std::floor(pos));
    const double frac = pos - double(k);
    const double a = orderStatistic(k);
    if (frac == 0.0 || k + 1 >= n)
        return a;
    return lerp(a, orderStatistic(k + 1), frac);
}

double Histogram::resolution() const
{
    if (unitBins || bins() == 0)
        return 0.0;
    return 1.0 / bins();
}

// ------------------------------------------------------------------------------- accumulator

HistogramAccumulator::HistogramAccumulator(const HistogramOptions &options)
    : mOptions(options), mMin(kInf), mMax(-kInf), mMinPositive(kInf)
{
    mOptions.bins = std::max(1, options.bins);
}

void HistogramAccumulator::mergeScan(const HistogramAccumulator &o)
{
    mHist.count += o.mHist.count;
    mHist.nanCount += o.mHist.nanCount;
    mHist.posInfCount += o.mHist.posInfCount;
    mHist.negInfCount += o.mHist.negInfCount;
    mHist.finiteCount += o.mHist.finiteCount;
    mHist.nonPositiveCount += o.mHist.nonPositiveCount;
    mMin = std::min(mMin, o.mMin);
    mMax = std::max(mMax, o.mMax);
    mMinPositive = std::min(mMinPositive, o.mMinPositive);
}

void HistogramAccumulator::mergeBins(const HistogramAccumulator &o)
{
    for (size_t i = 0; i < mHist.counts.size() && i < o.mHist.counts.size(); ++i)
        mHist.counts[i] += o.mHist.counts[i];
}

void HistogramAccumulator::startBinning()
{
    Histogram &h = mHist;
    const bool any = h.finiteCount > 0;
    h.min = any ? mMin : kNaN;
    h.max = any ? mMax : kNaN;
    h.minPositive = mMinPositive < kInf ? mMinPositive : kNaN;
    h.logBins = mOptions.logBins;
    h.unitBins = false;
    h.counts.clear();
    int n = mOptions.bins;
    if (mOptions.logBins) {
        if (!(mMinPositive < kInf))
            return;
        h.low = mMinPositive;
        h.high = mMax;
        if (h.low == h.high) {
            h.low /= std::sqrt(10.0);
            h.high *= std::sqrt(10.0);
        }
    } else {
        if (!any)
            return;
        const double span = mMax - mMin;
        if (mOptions.integerData && span < double(n) && span < 9007199254740992.0) {
            // One bin per integer, centred on it.
            h.unitBins = true;
            n = int(span) + 1;
            h.low = mMin - 0.5;
            h.high = mMax + 0.5;
        } else if (span == 0.0) {
            h.low = mMin - 0.5;
            h.high = mMax + 0.5;
        } else {
            h.low = mMin;
            h.high = mMax;
        }
    }
    h.counts.assign(size_t(n), 0);
    cacheBinning();
}

void HistogramAccumulator::cacheBinning()
{
    const Histogram &h = mHist;
    mBins = h.bins();
    mDenom = h.high - h.low;
    mStep = mBins > 0 ? (h.high - h.low) / mBins : 0.0;
    mLogLow = h.logBins && h.low > 0.0 ? std::log10(h.low) : 0.0;
    mLogNorm = h.logBins && h.low > 0.0 ? mBins / (std::log10(h.high) - mLogLow) : 0.0;
}

void HistogramAccumulator::prepareBinsLike(const HistogramAccumulator &o)
{
    const std::vector<qint64> none(o.mHist.counts.size(), 0);
    mHist = o.mHist;
    mHist.counts = none;
    cacheBinning();
}

// ------------------------------------------------------------------------------------ passes

namespace {

/**
 * The elements of a slice as lines: the outer loop along the axis whose stride is larger, so the
 * inner loop reads the closer elements (a transposed slice is read in memory order too).
 */
struct Lines
{
    qint64 count = 0;
    qint64 length = 0;
    qint64 stride = 0;
    qint64 step = 0;
    const uchar *base = nullptr;
};

Lines linesOf(const SliceAccess &slice)
{
    Lines l;
    if (slice.rows() == 0 || slice.cols() == 0)
        return l;
    const bool byRow = std::abs(slice.colStride()) <= std::abs(slice.rowStride());
    l.base = slice.element(0, 0);
    l.count = byRow ? slice.rows() : slice.cols();
    l.length = byRow ? slice.cols() : slice.rows();
    l.stride = byRow ? slice.rowStride() : slice.colStride();
    l.step = byRow ? slice.colStride() : slice.rowStride();
    return l;
}

/**
 * Calls \a f(read, element) for every element of lines [\a first, \a last) on this thread,
 * checking \a cancel every 64 lines; gives back the pages of lines read when \a release.
 */
template <class Read, class F>
bool scanLines(const Read &read, const Lines &l, qint64 first, qint64 last, bool release,
               const std::atomic_bool *cancel, F &&f)
{
    for (qint64 i = first; i < last; ++i) {
        if (((i - first) & 63) == 0) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return false;
            if (release && i - first >= 64)
                releasePages(l.base + (i - 64) * l.stride, l.base + i * l.stride);
        }
        const uchar *p = l.base + i * l.stride;
        for (qint64 j = 0; j < l.length; ++j)
            f(read(p + j * l.step));
    }
    if (release && last > first)
        releasePages(l.base + std::max(first, last - 64) * l.stride, l.base + last * l.stride);
    return true;
}

/** Runs \a band(t, first, last) over the lines split into bands, on up to 4 threads. */
template <class Band>
void inBands(const Lines &l, Band &&band)
{
    const qint64 work = l.count * l.length;
    const int threads = work < (qint64(1) << 20) ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    const qint64 per = (l.count + threads - 1) / threads;
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back([&band, t, per, &l] {
            band(t, std::min(l.count, t * per), std::min(l.count, (t + 1) * per));
        });
    band(0, qint64(0), std::min(l.count, per));
    for (std::thread &th : helpers)
        th.join();
}

} // namespace

Histogram computeHistogram(const SliceAccess &slice, const HistogramOptions &options, const std::atomic_bool *cancel)
{
    HistogramAccumulator total(options);
    const Lines lines = linesOf(slice);
    const bool release = slice.isReadOnlyMap() && lines.stride > 0 && lines.stride * lines.count >= (qint64(64) << 20);
    const int maxThreads = 4;
    std::vector<HistogramAccumulator> parts(size_t(maxThreads), HistogramAccumulator{options});
    std::vector<char> ok(size_t(maxThreads), 1);
    withElementReader(slice.type(), slice.complexPart(), [&](const auto &read) {
        inBands(lines, [&](int t, qint64 first, qint64 last) {
            HistogramAccumulator &acc = parts[size_t(t)];
            ok[size_t(t)] = scanLines(read, lines, first, last, release, cancel, [&acc](double v) { acc.scan(v); });
        });
    });
    for (const HistogramAccumulator &p : parts)
        total.mergeScan(p);
    total.startBinning();
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) {
        total.setCancelled();
        return total.result();
    }
    for (HistogramAccumulator &p : parts)
        p.prepareBinsLike(total);
    withElementReader(slice.type(), slice.complexPart(), [&](const auto &read) {
        inBands(lines, [&](int t, qint64 first, qint64 last) {
            HistogramAccumulator &acc = parts[size_t(t)];
            ok[size_t(t)] = scanLines(read, lines, first, last, release, cancel, [&acc](double v) { acc.bin(v); });
        });
    });
    for (const HistogramAccumulator &p : parts)
        total.mergeBins(p);
    if (std::find(ok.begin(), ok.end(), 0) != ok.end())
        total.setCancelled();
    return total.result();
}

Result<Histogram> computeHistogram(const NpyArray &array, int leaf, ComplexPart part, const HistogramOptions &options,
                                   const Progress &progress)
{
    using R = Result<Histogram>;
    const DType &type = array.dtype();
    DType leafType = type;
    qint64 leafOffset = 0;
    if (type.kind == Kind::Struct) {
        const QList<LeafColumn> leaves = leafColumns(type);
        if (leaf < 0 || leaf >= leaves.size())
            return R::failure(QStringLiteral("no field %1 in %2").arg(leaf).arg(type.descr()));
        leafType = leaves[leaf].type;
        leafOffset = leaves[leaf].offset;
    }
    if (!hasNumericValue(leafType))
        return R::failure(QStringLiteral("dtype %1 has no numeric values").arg(leafType.descr()));
    HistogramAccumulator acc(options);
    const qint64 count = array.isNull() ? 0 : array.size();
    const qint64 record = type.itemSize;
    constexpr qint64 kPiece = qint64(1) << 20;
    bool cancelled = false;
    withElementReader(leafType, part, [&](const auto &read) {
        for (int pass = 0; pass < 2 && !cancelled; ++pass) {
            for (qint64 done = 0; done < count; done += kPiece) {
                if (progress.cancelled()) {
                    cancelled = true;
                    return;
                }
                const qint64 n = std::min(kPiece, count - done);
                const uchar *p = array.data() + done * record + leafOffset;
                if (pass == 0) {
                    for (qint64 i = 0; i < n; ++i)
                        acc.scan(read(p + i * record));
                } else {
                    for (qint64 i = 0; i < n; ++i)
                        acc.bin(read(p + i * record));
                }
                if (progress.report)
                    progress.report(pass * count + done + n, 2 * count);
            }
            if (pass == 0)
                acc.startBinning();
        }
    });
    if (cancelled)
        acc.setCancelled();
    return acc.result();
}

HistogramOptions histogramOptionsFor(const DType &type, bool logBins)
{
    HistogramOptions o;
    o.logBins = logBins;
    switch (type.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::DateTime:
    case Kind::TimeDelta:
        o.integerData = true;
        break;
    default:
        break;
    }
    return o;
}

} // namespace npy
