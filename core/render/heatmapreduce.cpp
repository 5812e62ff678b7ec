#include "heatmap.h"
#include "heatmap_p.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace npy {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** The element range [begin, end) of each output pixel along one axis; begin == end outside the slice. */
struct AxisBlocks
{
    std::vector<qint64> begin;
    std::vector<qint64> end;
    int first = 0;
    int last = -1;
};

AxisBlocks planBlocks(int pixels, double origin, double length, qint64 count)
{
    AxisBlocks b;
    b.begin.resize(size_t(pixels));
    b.end.resize(size_t(pixels));
    b.first = pixels;
    // The whole axis: the exact integer rule, free of rounding.
    const bool whole = origin == 0.0 && length == double(count);
    const double step = pixels > 0 ? length / pixels : 0.0;
    for (int i = 0; i < pixels; ++i) {
        qint64 lo = 0, hi = 0;
        if (whole) {
            lo = qint64(__int128(i) * count / pixels);
            hi = qint64(__int128(i + 1) * count / pixels);
        } else {
            lo = qint64(std::max(0.0, std::floor(origin + i * step)));
            hi = qint64(std::min(double(count), std::floor(origin + (i + 1) * step)));
        }
        if (hi <= lo && whole && lo < count) {
            // Fewer elements than pixels: the block's first element.
            hi = lo + 1;
        } else if (hi <= lo) {
            // Fewer elements than pixels: the element under the pixel centre.
            const double c = whole ? (i + 0.5) * double(count) / pixels : std::floor(origin + (i + 0.5) * step);
            const qint64 e = qint64(std::floor(c));
            if (c < 0.0 || e >= count) {
                b.begin[size_t(i)] = b.end[size_t(i)] = 0;
                continue;
            }
            lo = e;
            hi = e + 1;
        }
        b.begin[size_t(i)] = lo;
        b.end[size_t(i)] = hi;
        b.first = std::min(b.first, i);
        b.last = i;
    }
    return b;
}

template <class Read>
bool reduceRows(const Read &read, const SliceAccess &slice, const AxisBlocks &rows, const AxisBlocks &cols,
                Reduction reduction, int width, double *out, const std::atomic_bool *cancel, int y0, int y1)
{
    // Large passes over a read-only map give back the pages they read.
    const bool release = slice.isReadOnlyMap() && std::abs(slice.rowStride()) * slice.rows() >= (qint64(64) << 20);
    const int nx = cols.last - cols.first + 1;
    std::vector<PixelPool> pools;
    for (int y = y0; y <= y1; ++y) {
        if (rows.end[size_t(y)] <= rows.begin[size_t(y)])
            continue;
        pools.assign(size_t(nx), PixelPool(reduction));
        for (qint64 r = rows.begin[size_t(y)]; r < rows.end[size_t(y)]; ++r) {
            if (cancel && (r & 15) == 0 && cancel->load(std::memory_order_relaxed))
                return false;
            const uchar *row = slice.element(r, 0);
            const qint64 stride = slice.colStride();
            for (int x = cols.first; x <= cols.last; ++x) {
                PixelPool &pool = pools[size_t(x - cols.first)];
                const qint64 c1 = cols.end[size_t(x)];
                for (qint64 c = cols.begin[size_t(x)]; c < c1; ++c)
                    pool.add(read(row + c * stride));
            }
        }
        double *o = out + qint64(y) * width;
        for (int x = cols.first; x <= cols.last; ++x)
            o[x] = pools[size_t(x - cols.first)].result();
        if (release && slice.rowStride() > 0) {
            // The rows just read are not needed again: keep the resident set bounded.
            const uchar *first = slice.element(rows.begin[size_t(y)], cols.begin[size_t(cols.first)]);
            const uchar *last = slice.element(rows.end[size_t(y)] - 1, cols.end[size_t(cols.last)] - 1);
            releasePages(first, last);
        }
    }
    return true;
}

} // namespace

bool reduceSlice(const SliceAccess &slice, const SampleRequest &request, SampledImage *out,
                 const std::atomic_bool *cancel)
{
    if (request.reduction == Reduction::Stride)
        return sampleSlice(slice, request, out, cancel);
    const int w = std::max(0, request.output.width());
    const int h = std::max(0, request.output.height());
    out->size = QSize(w, h);
    out->values.assign(size_t(w) * size_t(h), kNaN);
    out->valid = QRect();
    if (w == 0 || h == 0 || slice.rows() == 0 || slice.cols() == 0)
        return true;
    const QRectF source = request.source.isEmpty() ? QRectF(0, 0, double(slice.cols()), double(slice.rows()))
                                                   : request.source;
    const AxisBlocks rows = planBlocks(h, source.y(), source.height(), slice.rows());
    const AxisBlocks cols = planBlocks(w, source.x(), source.width(), slice.cols());
    if (rows.last < rows.first || cols.last < cols.first)
        return true;
    out->valid = QRect(QPoint(cols.first, rows.first), QPoint(cols.last, rows.last));
    qint64 work = 0;
    for (int y = rows.first; y <= rows.last; ++y)
        work += rows.end[size_t(y)] - rows.begin[size_t(y)];
    work *= cols.end[size_t(cols.last)] - cols.begin[size_t(cols.first)];
    const int threads = work < (qint64(1) << 18) ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    const int bandRows = (rows.last - rows.first + threads) / threads;
    std::vector<char> ok(size_t(threads), 1);
    auto band = [&](int t) {
        const int y0 = rows.first + t * bandRows;
        const int y1 = std::min(rows.last, y0 + bandRows - 1);
        if (y1 < y0)
            return;
        withElementReader(slice.type(), slice.complexPart(), [&](const auto &read) {
            ok[size_t(t)] = reduceRows(read, slice, rows, cols, request.reduction, w, out->values.data(), cancel, y0, y1);
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
