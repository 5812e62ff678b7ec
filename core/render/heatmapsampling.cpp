#include "heatmap.h"
#include "heatmap_p.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

namespace npy {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ----------------------------------------------------------------------------------- geometry

/** Where each output pixel along one axis reads: sample offsets (bytes) per pixel. */
struct AxisPlan
{
    /** Pixel i reads offsets[start[i] .. start[i + 1]). */
    std::vector<qint64> offsets;
    std::vector<int> start;
    int first = 0; // first pixel that reads anything
    int last = -1; // last pixel that reads anything
};

/**
 * Plans \a pixels output pixels over [origin, origin + length) of an axis with \a count
 * elements \a stride bytes apart. Stride mode (or zoomed in): the element under the pixel
 * centre. Pooling: the pixel's block, at most \a limit elements evenly spread.
 */
AxisPlan planAxis(int pixels, double origin, double length, qint64 count, qint64 stride, bool pool, int limit)
{
    AxisPlan plan;
    plan.start.resize(size_t(pixels) + 1);
    plan.offsets.reserve(size_t(pixels));
    const double step = pixels > 0 ? length / pixels : 0.0;
    const bool blocks = pool && step > 1.0;
    limit = std::max(1, limit);
    plan.first = pixels;
    for (int i = 0; i < pixels; ++i) {
        plan.start[size_t(i)] = int(plan.offsets.size());
        qint64 i0 = 0;
        qint64 n = 0;
        if (blocks) {
            const double a = std::floor(origin + i * step);
            const double b = std::floor(origin + (i + 1) * step);
            const double lo = std::max(a, 0.0);
            const double hi = std::min(b, double(count));
            if (hi > lo) {
                i0 = qint64(lo);
                n = qint64(hi) - i0;
            }
        } else {
            const double c = std::floor(origin + (i + 0.5) * step);
            if (c >= 0.0 && c < double(count)) {
                i0 = qint64(c);
                n = 1;
            }
        }
        if (n <= 0)
            continue;
        if (n <= limit) {
            for (qint64 k = 0; k < n; ++k)
                plan.offsets.push_back((i0 + k) * stride);
        } else {
            for (int k = 0; k < limit; ++k)
                plan.offsets.push_back((i0 + (2 * k + 1) * n / (2 * qint64(limit))) * stride);
        }
        plan.first = std::min(plan.first, i);
        plan.last = i;
    }
    plan.start[size_t(pixels)] = int(plan.offsets.size());
    return plan;
}

/** Samples output rows \a y0 .. \a y1 (within rows.first .. rows.last). */
template <class Read, class Release>
bool sampleLoop(const Read &read, const uchar *base, const AxisPlan &rows, const AxisPlan &cols, Reduction reduction,
                int width, double *out, const std::atomic_bool *cancel, int y0, int y1, const Release &release)
{
    const bool single = reduction != Reduction::AbsMax && reduction != Reduction::NonZero
                        && rows.offsets.size() == size_t(std::max(0, rows.last - rows.first + 1))
                        && cols.offsets.size() == size_t(std::max(0, cols.last - cols.first + 1));
    for (int y = y0; y <= y1; ++y) {
        if ((y & 7) == 0) {
            if (cancel && cancel->load(std::memory_order_relaxed))
                return false;
            if (y > y0)
                release(y0, y - 1);
        }
        double *o = out + qint64(y) * width;
        if (single) {
            const uchar *row = base + rows.offsets[size_t(rows.start[size_t(y)])];
            const qint64 *co = cols.offsets.data() - cols.first;
            for (int x = cols.first; x <= cols.last; ++x)
                o[x] = read(row + co[x]);
            continue;
        }
        const int r0 = rows.start[size_t(y)], r1 = rows.start[size_t(y) + 1];
        for (int x = cols.first; x <= cols.last; ++x) {
            const int c0 = cols.start[size_t(x)], c1 = cols.start[size_t(x) + 1];
            PixelPool pool(reduction);
            for (int r = r0; r < r1; ++r) {
                const uchar *row = base + rows.offsets[size_t(r)];
                for (int c = c0; c < c1; ++c)
                    pool.add(read(row + cols.offsets[size_t(c)]));
            }
            o[x] = pool.result();
        }
    }
    return true;
}

} // namespace

// ----------------------------------------------------------------------------------- sampling

bool sampleSlice(const SliceAccess &slice, const SampleRequest &request, SampledImage *out,
                 const std::atomic_bool *cancel)
{
    const int w = std::max(0, request.output.width());
    const int h = std::max(0, request.output.height());
    out->size = QSize(w, h);
    out->values.assign(size_t(w) * size_t(h), kNaN);
    out->valid = QRect();
    if (w == 0 || h == 0 || slice.rows() == 0 || slice.cols() == 0 || request.source.isEmpty())
        return true;
    const bool pool = request.reduction != Reduction::Stride;
    const AxisPlan rows = planAxis(h, request.source.y(), request.source.height(), slice.rows(), slice.rowStride(),
                                   pool, request.poolLimit);
    const AxisPlan cols = planAxis(w, request.source.x(), request.source.width(), slice.cols(), slice.colStride(),
                                   pool, request.poolLimit);
    if (rows.last < rows.first || cols.last < cols.first)
        return true;
    out->valid = QRect(QPoint(cols.first, rows.first), QPoint(cols.last, rows.last));
    const SparseReadAdvice advice = sparseReadAdvice(slice, slice.isMapped());
    const qint64 span = std::abs(slice.rowStride()) * slice.rows() + std::abs(slice.colStride()) * slice.cols();
    const bool releaseBehind = slice.isReadOnlyMap() && span >= (qint64(64) << 20);
    // Bands of rows on up to 4 threads when there is enough work (page faults of a cold memory
    // map overlap too); the calling thread takes the first band.
    const qint64 work = qint64(rows.offsets.size()) * qint64(cols.offsets.size());
    const int threads = work < (qint64(1) << 17) ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    const int bandRows = (rows.last - rows.first + threads) / threads;
    std::vector<char> ok(size_t(threads), 1);
    auto band = [&](int t) {
        const int y0 = rows.first + t * bandRows;
        const int y1 = std::min(rows.last, y0 + bandRows - 1);
        if (y1 < y0)
            return;
        // Over a large read-only map, the pages this band has read are given back as it goes: each
        // touch may map a whole large folio (2 MiB or more), and a sample of every few rows would
        // otherwise hold most of the file resident until the end of the pass.
        auto release = [&](int from, int to) {
            if (!releaseBehind)
                return;
            const qint64 r0 = rows.offsets[size_t(rows.start[size_t(from)])];
            const qint64 r1 = rows.offsets[size_t(rows.start[size_t(to) + 1] - 1)];
            const qint64 c0 = cols.offsets.front(), c1 = cols.offsets.back();
            const uchar *base = slice.element(0, 0);
            const qint64 lo = std::min({r0 + c0, r0 + c1, r1 + c0, r1 + c1});
            const qint64 hi = std::max({r0 + c0, r0 + c1, r1 + c0, r1 + c1}) + slice.type().itemSize;
            releasePages(base + lo, base + hi);
        };
        withElementReader(slice.type(), slice.complexPart(), [&](const auto &read) {
            ok[size_t(t)] = sampleLoop(read, slice.element(0, 0), rows, cols, request.reduction, w, out->values.data(), cancel,
                                       y0, y1, release);
        });
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(band, t);
    band(0);
    for (std::thread &th : helpers)
        th.join();
    return std::all_of(ok.begin(), ok.end(), [](char c) { return c != 0; });
}

} // namespace npy
