#include "density.h"
#include "envelope_p.h"

#include "blockreader.h"
#include "pageadvice.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <thread>

namespace npy {

namespace {

constexpr qint64 kBatch = 4096;
constexpr qint64 kChunkBytes = qint64(8) << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Density", text);
}

/** Decodes \a n samples of \a type, the first at \a p, \a stride bytes apart, into \a out (complex ones as \a part). */
void decode(const DType &type, const uchar *p, qint64 stride, qint64 n, double *out,
            ComplexPart part = ComplexPart::Real)
{
    samples::withSampleReader(type, part, [&](const auto &read) {
        for (qint64 i = 0; i < n; ++i)
            out[i] = read(p + i * stride);
    });
}

/** One axis's bins: NumPy's edges and a first guess of a value's bin to correct against them. */
struct Axis
{
    std::vector<double> edges;
    double lo = 0;
    double hi = 0;
    double scale = 0;
    qint64 bins = 0;

    explicit Axis(std::vector<double> e) : edges(std::move(e))
    {
        bins = qint64(edges.size()) - 1;
        lo = edges.front();
        hi = edges.back();
        scale = hi > lo ? double(bins) / (hi - lo) : 0.0;
    }

    /** histogramBin(), with the guess made from the scale. */
    qint64 bin(double v) const
    {
        if (!(v >= lo && v <= hi))
            return -1;
        double g = (v - lo) * scale;
        qint64 i = g < double(bins) ? qint64(g) : bins - 1;
        i = std::clamp<qint64>(i, 0, bins - 1);
        const double *e = edges.data();
        while (i > 0 && v < e[i])
            --i;
        while (i < bins - 1 && v >= e[i + 1])
            ++i;
        return i;
    }
};

/** Counts of one thread (or the result's own). */
struct Tally
{
    std::vector<qint64> counts;
    qint64 nan = 0;
    qint64 outside = 0;
};

void countBatch(const Axis &ax, const Axis &ay, const double *xs, const double *ys, qint64 n, Tally &t)
{
    const qint64 h = ay.bins;
    qint64 *counts = t.counts.data();
    for (qint64 i = 0; i < n; ++i) {
        const qint64 ix = ax.bin(xs[i]);
        const qint64 iy = ay.bin(ys[i]);
        if (ix >= 0 && iy >= 0) {
            ++counts[ix * h + iy];
        } else if (std::isnan(xs[i]) || std::isnan(ys[i])) {
            ++t.nan;
        } else {
            ++t.outside;
        }
    }
}

/** Pulls the samples of a series of a member, decoded, in file order (for members that are not mapped). */
class SeriesPuller
{
public:
    SeriesPuller(std::unique_ptr<BlockReader> reader, const SeriesLayout &s) : mReader(std::move(reader)), mS(s) {}

    /** The next samples, at most \a max of them, into \a out; \a got 0 at the end. */
    Status pull(double *out, qint64 max, qint64 *got)
    {
        *got = 0;
        const qint64 item = mS.type.itemSize;
        while (*got < max && mNext < mS.count) {
            const qint64 at = mS.offset + mNext * mS.stride;
            const qint64 blockEnd = mPos + mSize;
            if (at >= mPos && at + item <= blockEnd) {
                // As many whole samples of this block as wanted.
                const qint64 whole = std::min({max - *got, mS.count - mNext, (blockEnd - item - at) / mS.stride + 1});
                decode(mS.type, mData + (at - mPos), mS.stride, whole, out + *got);
                *got += whole;
                mNext += whole;
                continue;
            }
            if (at < blockEnd) // cut by the block's end: keep its start
                mCarry = QByteArray(reinterpret_cast<const char *>(mData + (at - mPos)), qsizetype(blockEnd - at));
            mPos = blockEnd;
            const Status st = mReader->next(&mData, &mSize);
            if (!st)
                return st;
            if (mSize == 0)
                return Status::failure(tr("the member ended before its data did"));
            if (!mCarry.isEmpty()) {
                const qint64 need = item - mCarry.size();
                if (need > mSize)
                    return Status::failure(tr("a sample spans more than two blocks"));
                mCarry.append(reinterpret_cast<const char *>(mData), qsizetype(need));
                decode(mS.type, reinterpret_cast<const uchar *>(mCarry.constData()), item, 1, out + *got);
                ++*got;
                ++mNext;
                mCarry.clear();
            }
        }
        return Status();
    }

private:
    std::unique_ptr<BlockReader> mReader;
    SeriesLayout mS;
    const uchar *mData = nullptr;
    qint64 mSize = 0;
    qint64 mPos = 0;
    qint64 mNext = 0;
    QByteArray mCarry;
};

/** Extremes of the values that are not NaN, as np.nanmin / np.nanmax; false when there is none. */
struct Extremes
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(const double *v, qint64 n)
    {
        for (qint64 i = 0; i < n; ++i) {
            lo = v[i] < lo ? v[i] : lo;
            hi = v[i] > hi ? v[i] : hi;
        }
    }
};

/** NumPy's _get_outer_edges: an equal low and high widened by 0.5. */
void widen(double *lo, double *hi)
{
    if (*lo == *hi) {
        *lo -= 0.5;
        *hi += 0.5;
    }
}

} // namespace

std::vector<double> histogramEdges(double lo, double hi, qint64 bins)
{
    std::vector<double> e(size_t(std::max<qint64>(bins, 1) + 1));
    const qint64 div = qint64(e.size()) - 1;
    const double delta = hi - lo;
    const double step = delta / double(div);
    for (qint64 i = 0; i <= div; ++i) {
        // As np.linspace: arange * step + start (or arange / div * delta when the step underflows to 0).
        volatile double scaled = step == 0 ? double(i) / double(div) * delta : double(i) * step;
        e[size_t(i)] = scaled + lo;
    }
    e.back() = hi;
    return e;
}

qint64 histogramBin(const std::vector<double> &edges, double v)
{
    if (edges.size() < 2)
        return -1;
    return Axis(edges).bin(v);
}

Result<Density> computeDensity(const Source &source, int xIndex, const SeriesLayout &x, int yIndex,
                               const SeriesLayout &y, qint64 width, qint64 height, const DensityRange *range,
                               const Progress &progress)
{
    using R = Result<Density>;
    if (x.count != y.count)
        return R::failure(tr("x has %1 values and y %2: they must be as many").arg(x.count).arg(y.count));
    if (width < 1 || height < 1 || width > kMaxDensityCells / height)
        return R::failure(tr("a grid of %1 x %2 bins: at most %3 cells").arg(width).arg(height).arg(kMaxDensityCells));
    for (const int index : {xIndex, yIndex})
        if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
            return R::failure(tr("%1: member %2 is not an array").arg(source.path()).arg(index));
    const qint64 n = x.count;
    const auto mappable = [&](int index) {
        const Compression c = source.members()[index].compression;
        return c == Compression::None || c == Compression::Stored;
    };
    // Mapped members are read through their maps; any other through block readers.
    NpyArray xa, ya;
    bool mapped = mappable(xIndex) && mappable(yIndex);
    if (mapped) {
        Result<NpyArray> a = source.load(xIndex, progress);
        if (!a)
            return R::failure(a.error());
        xa = a.value();
        if (yIndex == xIndex) {
            ya = xa;
        } else {
            Result<NpyArray> b = source.load(yIndex, progress);
            if (!b)
                return R::failure(b.error());
            ya = b.value();
        }
        mapped = xa.isMapped() && ya.isMapped();
    }
    for (const auto &[s, member] : {std::pair<const SeriesLayout &, int>(x, xIndex), {y, yIndex}}) {
        const qint64 bytes = source.members()[member].header.dataBytes;
        if (n > 0 && (s.offset < 0 || s.stride < s.type.itemSize || s.offset + (n - 1) * s.stride + s.type.itemSize > bytes))
            return R::failure(tr("%1: a series does not fit its member's data").arg(source.path()));
    }
    auto pullers = [&](std::unique_ptr<SeriesPuller> *px, std::unique_ptr<SeriesPuller> *py) -> Status {
        auto rx = BlockReader::open(source, xIndex);
        if (!rx)
            return Status::failure(rx.error());
        auto ry = BlockReader::open(source, yIndex);
        if (!ry)
            return Status::failure(ry.error());
        *px = std::make_unique<SeriesPuller>(std::move(rx.value()), x);
        *py = std::make_unique<SeriesPuller>(std::move(ry.value()), y);
        return Status();
    };
    auto located = [&](const QString &why) { return why.startsWith(source.path()) ? why : tr("%1: %2").arg(source.path(), why); };

    DensityRange r;
    if (range) {
        r = *range;
        for (const auto &[lo, hi, name] : {std::tuple(r.x0, r.x1, "x"), std::tuple(r.y0, r.y1, "y")}) {
            if (!(std::isfinite(lo) && std::isfinite(hi)))
                return R::failure(tr("the range of %1, [%2, %3], is not finite").arg(QLatin1String(name)).arg(lo).arg(hi));
            if (lo > hi)
                return R::failure(tr("the range of %1 ends before it starts: [%2, %3]").arg(QLatin1String(name)).arg(lo).arg(hi));
        }
    } else if (n == 0) {
        r = {0, 1, 0, 1}; // NumPy's range of no data
    } else {
        // The extremes first: one pass more.
        Extremes ex, ey;
        if (mapped) {
            const Envelope ex1 = computeEnvelope(xa, x, 0, n, 1, progress.cancel);
            const Envelope ey1 = computeEnvelope(ya, y, 0, n, 1, progress.cancel);
            if (ex1.cancelled || ey1.cancelled)
                return R::failure(tr("%1: cancelled").arg(source.path()));
            ex.lo = ex1.min, ex.hi = ex1.max;
            ey.lo = ey1.min, ey.hi = ey1.max;
        } else {
            std::unique_ptr<SeriesPuller> px, py;
            Status st = pullers(&px, &py);
            if (!st)
                return R::failure(located(st.error()));
            std::vector<double> buf(static_cast<size_t>(kBatch));
            for (auto &[puller, e] : {std::pair<SeriesPuller *, Extremes *>(px.get(), &ex), {py.get(), &ey}}) {
                for (qint64 got = 1; got > 0;) {
                    if (progress.cancelled())
                        return R::failure(tr("%1: cancelled").arg(source.path()));
                    st = puller->pull(buf.data(), kBatch, &got);
                    if (!st)
                        return R::failure(located(st.error()));
                    e->add(buf.data(), got);
                }
            }
        }
        for (const auto &[e, name] : {std::pair<const Extremes &, const char *>(ex, "x"), {ey, "y"}})
            if (!(std::isfinite(e.lo) && std::isfinite(e.hi)))
                return R::failure(tr("the values of %1 have no finite range ([%2, %3]): give --range")
                                      .arg(QLatin1String(name)).arg(e.lo).arg(e.hi));
        r = {ex.lo, ex.hi, ey.lo, ey.hi};
    }
    widen(&r.x0, &r.x1);
    widen(&r.y0, &r.y1);

    Density d;
    d.width = width;
    d.height = height;
    d.xEdges = histogramEdges(r.x0, r.x1, width);
    d.yEdges = histogramEdges(r.y0, r.y1, height);
    d.points = n;
    const Axis ax(d.xEdges), ay(d.yEdges);
    const size_t cells = size_t(width * height);
    if (!mapped) {
        std::unique_ptr<SeriesPuller> px, py;
        Status st = pullers(&px, &py);
        if (!st)
            return R::failure(located(st.error()));
        Tally t;
        t.counts.assign(cells, 0);
        std::vector<double> bx(static_cast<size_t>(kBatch)), by(static_cast<size_t>(kBatch));
        for (qint64 done = 0; done < n;) {
            if (progress.cancelled())
                return R::failure(tr("%1: cancelled").arg(source.path()));
            qint64 gx = 0, gy = 0;
            const qint64 want = std::min(kBatch, n - done);
            st = px->pull(bx.data(), want, &gx);
            if (st)
                st = py->pull(by.data(), want, &gy);
            if (!st)
                return R::failure(located(st.error()));
            if (gx != want || gy != want)
                return R::failure(tr("%1: a member ended before its data did").arg(source.path()));
            countBatch(ax, ay, bx.data(), by.data(), want, t);
            done += want;
            if (progress.report)
                progress.report(done, n);
        }
        d.counts = std::move(t.counts);
        d.nanPoints = t.nan;
        d.outsidePoints = t.outside;
        return d;
    }
    // Mapped: a few threads, each with its own counts when the grid is small enough to copy.
    const qint64 span = std::max(x.stride, y.stride);
    const int threads = n * span < (qint64(8) << 20) || cells > (size_t(1) << 21)
                            ? 1
                            : std::clamp(QThread::idealThreadCount(), 1, 4);
    std::vector<Tally> tallies(static_cast<size_t>(threads));
    std::vector<char> stopped(static_cast<size_t>(threads), 0);
    const bool releasable = xa.pagesReleasable() && ya.pagesReleasable();
    const qint64 chunk = std::max<qint64>(kBatch, kChunkBytes / span / kBatch * kBatch);
    auto part = [&](int t) {
        Tally &tally = tallies[size_t(t)];
        tally.counts.assign(cells, 0);
        std::vector<double> bx(static_cast<size_t>(kBatch)), by(static_cast<size_t>(kBatch));
        const qint64 s0 = n * t / threads, s1 = n * (t + 1) / threads;
        for (qint64 c = s0; c < s1; c += chunk) {
            if (progress.cancelled()) {
                stopped[size_t(t)] = 1;
                return;
            }
            const qint64 m = std::min(chunk, s1 - c);
            const uchar *px = xa.data() + x.offset + c * x.stride;
            const uchar *py = ya.data() + y.offset + c * y.stride;
            const uchar *pxEnd = px + (m - 1) * x.stride + x.type.itemSize;
            const uchar *pyEnd = py + (m - 1) * y.stride + y.type.itemSize;
            if (releasable) {
                populatePages(px, pxEnd);
                if (ya.data() != xa.data() || y.offset != x.offset)
                    populatePages(py, pyEnd);
            }
            for (qint64 b = 0; b < m; b += kBatch) {
                const qint64 k = std::min(kBatch, m - b);
                decode(x.type, px + b * x.stride, x.stride, k, bx.data());
                decode(y.type, py + b * y.stride, y.stride, k, by.data());
                countBatch(ax, ay, bx.data(), by.data(), k, tally);
            }
            if (releasable) {
                releasePages(px, pxEnd);
                releasePages(py, pyEnd);
            }
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(part, t);
    part(0);
    for (std::thread &th : helpers)
        th.join();
    if (std::any_of(stopped.begin(), stopped.end(), [](char c) { return c != 0; }))
        return R::failure(tr("%1: cancelled").arg(source.path()));
    if (xa.mappingLost() || ya.mappingLost())
        return R::failure(tr("%1: the file changed while it was read").arg(source.path()));
    d.counts = std::move(tallies[0].counts);
    d.nanPoints = tallies[0].nan;
    d.outsidePoints = tallies[0].outside;
    for (size_t t = 1; t < tallies.size(); ++t) {
        const std::vector<qint64> &c = tallies[t].counts;
        for (size_t i = 0; i < cells; ++i)
            d.counts[i] += c[i];
        d.nanPoints += tallies[t].nan;
        d.outsidePoints += tallies[t].outside;
    }
    return d;
}

Result<Density> computeDensity(const SeriesMemory &x, const SeriesMemory &y, qint64 width, qint64 height,
                               const DensityRange &range, const std::atomic_bool *cancel)
{
    using R = Result<Density>;
    if (x.count != y.count)
        return R::failure(tr("x has %1 values and y %2: they must be as many").arg(x.count).arg(y.count));
    for (const SeriesMemory *s : {&x, &y})
        if (!(samples::hasSampleValue(s->type) || s->type.kind == Kind::Complex) || (s->count > 0 && !s->first))
            return R::failure(tr("%1 has no numbers to count").arg(s == &x ? QLatin1String("x") : QLatin1String("y")));
    if (width < 1 || height < 1 || width > kMaxDensityCells / height)
        return R::failure(tr("a grid of %1 x %2 bins: at most %3 cells").arg(width).arg(height).arg(kMaxDensityCells));
    DensityRange r = range;
    for (const auto &[lo, hi, name] : {std::tuple(r.x0, r.x1, "x"), std::tuple(r.y0, r.y1, "y")}) {
        if (!(std::isfinite(lo) && std::isfinite(hi)))
            return R::failure(tr("the range of %1, [%2, %3], is not finite").arg(QLatin1String(name)).arg(lo).arg(hi));
        if (lo > hi)
            return R::failure(tr("the range of %1 ends before it starts: [%2, %3]").arg(QLatin1String(name)).arg(lo).arg(hi));
    }
    widen(&r.x0, &r.x1);
    widen(&r.y0, &r.y1);
    Density d;
    d.width = width;
    d.height = height;
    d.xEdges = histogramEdges(r.x0, r.x1, width);
    d.yEdges = histogramEdges(r.y0, r.y1, height);
    const qint64 n = x.count;
    d.points = n;
    const Axis ax(d.xEdges), ay(d.yEdges);
    const size_t cells = size_t(width * height);
    const qint64 span = std::max({std::abs(x.stride), std::abs(y.stride), qint64(1)});
    // One core is left to the caller's other work (a plot's UI thread).
    const int threads = n * span < (qint64(8) << 20) || cells > (size_t(1) << 21)
                            ? 1
                            : std::clamp(QThread::idealThreadCount() - 1, 1, 4);
    const bool releasable = x.releasable && y.releasable && x.stride > 0 && y.stride > 0;
    const qint64 chunk = std::max<qint64>(kBatch, kChunkBytes / span / kBatch * kBatch);
    std::vector<Tally> tallies(static_cast<size_t>(threads));
    std::vector<char> stopped(static_cast<size_t>(threads), 0);
    auto part = [&](int t) {
        Tally &tally = tallies[size_t(t)];
        tally.counts.assign(cells, 0);
        std::vector<double> bx(static_cast<size_t>(kBatch)), by(static_cast<size_t>(kBatch));
        const qint64 s0 = n * t / threads, s1 = n * (t + 1) / threads;
        for (qint64 c = s0; c < s1; c += chunk) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                stopped[size_t(t)] = 1;
                return;
            }
            const qint64 m = std::min(chunk, s1 - c);
            const uchar *px = x.first + c * x.stride;
            const uchar *py = y.first + c * y.stride;
            for (qint64 b = 0; b < m; b += kBatch) {
                const qint64 k = std::min(kBatch, m - b);
                decode(x.type, px + b * x.stride, x.stride, k, bx.data(), x.part);
                decode(y.type, py + b * y.stride, y.stride, k, by.data(), y.part);
                countBatch(ax, ay, bx.data(), by.data(), k, tally);
            }
            if (releasable) {
                releasePages(px, px + (m - 1) * x.stride + x.type.itemSize);
                releasePages(py, py + (m - 1) * y.stride + y.type.itemSize);
            }
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(part, t);
    part(0);
    for (std::thread &th : helpers)
        th.join();
    if (std::any_of(stopped.begin(), stopped.end(), [](char c) { return c != 0; }))
        return R::failure(tr("cancelled"));
    d.counts = std::move(tallies[0].counts);
    d.nanPoints = tallies[0].nan;
    d.outsidePoints = tallies[0].outside;
    for (size_t t = 1; t < tallies.size(); ++t) {
        const std::vector<qint64> &c = tallies[t].counts;
        for (size_t i = 0; i < cells; ++i)
            d.counts[i] += c[i];
        d.nanPoints += tallies[t].nan;
        d.outsidePoints += tallies[t].outside;
    }
    return d;
}

} // namespace npy
