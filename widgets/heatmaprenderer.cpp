#include "heatmaprenderer.h"

#include "valuetext.h"

#include <QCoreApplication>
#include <QThread>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

namespace npyw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npyw::Heatmap", text);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/** The largest image renderHeatmap() makes (pixels): 512 MiB of ARGB32. */
constexpr qint64 kMaxRenderPixels = qint64(1) << 27;
/** Rows renderHeatmap() samples at a time, so memory stays bounded for full-size renders. */
constexpr int kStripRows = 256;

/**
 * While alive, tells the kernel that a large memory-mapped slice is read sparsely (MADV_RANDOM),
 * so page faults do not read ahead. Measured on a 10 GB sparse .npy: 800 strided rows took 8-18 s
 * with read-ahead and 0.5 s without. The advice is reset to normal afterwards, so sequential
 * readers of the same mapping (save, export) get read-ahead back.
 */
class SparseReadAdvice
{
public:
    SparseReadAdvice(const SliceAccess &slice, bool mapped)
    {
#ifdef Q_OS_UNIX
        constexpr qint64 kMinBytes = qint64(64) << 20;
        if (!mapped || slice.rows() == 0 || slice.cols() == 0)
            return;
        const uchar *first = slice.element(0, 0);
        const uchar *end = slice.element(slice.rows() - 1, slice.cols() - 1) + slice.type().itemSize;
        if (end - first < kMinBytes)
            return;
        const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
        const quintptr a = quintptr(first) & ~(page - 1);
        mAddress = reinterpret_cast<void *>(a);
        mLength = size_t(quintptr(end) - a);
        if (madvise(mAddress, mLength, MADV_RANDOM) != 0)
            mAddress = nullptr;
#else
        Q_UNUSED(slice);
        Q_UNUSED(mapped);
#endif
    }
    ~SparseReadAdvice()
    {
#ifdef Q_OS_UNIX
        if (mAddress)
            madvise(mAddress, mLength, MADV_NORMAL);
#endif
    }
    SparseReadAdvice(const SparseReadAdvice &) = delete;
    SparseReadAdvice &operator=(const SparseReadAdvice &) = delete;

private:
    void *mAddress = nullptr;
    size_t mLength = 0;
};

// ------------------------------------------------------------------------------------ readers
// Small functors turning element bytes into a double. The sampling loops are templates on them,
// so the common types cost one unaligned load (and a byte swap) per element.

template <int Size> struct UIntOf;
template <> struct UIntOf<1> { using type = quint8; };
template <> struct UIntOf<2> { using type = quint16; };
template <> struct UIntOf<4> { using type = quint32; };
template <> struct UIntOf<8> { using type = quint64; };

inline quint8 byteSwap(quint8 v) { return v; }
inline quint16 byteSwap(quint16 v) { return __builtin_bswap16(v); }
inline quint32 byteSwap(quint32 v) { return __builtin_bswap32(v); }
inline quint64 byteSwap(quint64 v) { return __builtin_bswap64(v); }

template <typename T, bool Swap>
inline T load(const uchar *p)
{
    T v;
    if constexpr (Swap) {
        typename UIntOf<sizeof(T)>::type u;
        std::memcpy(&u, p, sizeof u);
        u = byteSwap(u);
        std::memcpy(&v, &u, sizeof v);
    } else {
        std::memcpy(&v, p, sizeof v);
    }
    return v;
}

template <typename T, bool Swap>
struct ReadReal
{
    double operator()(const uchar *p) const { return double(load<T, Swap>(p)); }
};

struct ReadBool
{
    double operator()(const uchar *p) const { return *p ? 1.0 : 0.0; }
};

/** Any numeric type valuetext knows (half, long double, datetimes with NaT). */
struct ReadGeneric
{
    npy::DType type;
    double operator()(const uchar *p) const { return npy::valueToDouble(type, p); }
};

inline double complexPart(double re, double im, ComplexPart part)
{
    switch (part) {
    case ComplexPart::Magnitude: return std::hypot(re, im);
    case ComplexPart::Phase: return std::atan2(im, re);
    case ComplexPart::Real: return re;
    case ComplexPart::Imag: return im;
    }
    return re;
}

template <typename T, bool Swap>
struct ReadComplex
{
    ComplexPart part;
    double operator()(const uchar *p) const
    {
        return complexPart(double(load<T, Swap>(p)), double(load<T, Swap>(p + sizeof(T))), part);
    }
};

struct ReadGenericComplex
{
    npy::DType half;
    ComplexPart part;
    double operator()(const uchar *p) const
    {
        return complexPart(npy::valueToDouble(half, p), npy::valueToDouble(half, p + half.itemSize), part);
    }
};

bool isDrawable(const npy::DType &t)
{
    switch (t.kind) {
    case npy::Kind::Bool:
    case npy::Kind::Int:
    case npy::Kind::UInt:
    case npy::Kind::Float:
    case npy::Kind::Complex:
    case npy::Kind::DateTime:
    case npy::Kind::TimeDelta:
        return t.itemSize > 0;
    default:
        return false;
    }
}

/** Calls \a f with the fastest reader for \a t (which must be drawable). */
template <class F>
void withReader(const npy::DType &t, ComplexPart part, F &&f)
{
    const bool swap = t.needsSwap();
#define NPYW_READ(Reader, T) (swap ? f(Reader<T, true>{}) : f(Reader<T, false>{}))
#define NPYW_READC(T) (swap ? f(ReadComplex<T, true>{part}) : f(ReadComplex<T, false>{part}))
    switch (t.kind) {
    case npy::Kind::Bool:
        f(ReadBool{});
        return;
    case npy::Kind::Int:
        switch (t.itemSize) {
        case 1: f(ReadReal<qint8, false>{}); return;
        case 2: NPYW_READ(ReadReal, qint16); return;
        case 4: NPYW_READ(ReadReal, qint32); return;
        case 8: NPYW_READ(ReadReal, qint64); return;
        }
        break;
    case npy::Kind::UInt:
        switch (t.itemSize) {
        case 1: f(ReadReal<quint8, false>{}); return;
        case 2: NPYW_READ(ReadReal, quint16); return;
        case 4: NPYW_READ(ReadReal, quint32); return;
        case 8: NPYW_READ(ReadReal, quint64); return;
        }
        break;
    case npy::Kind::Float:
        switch (t.itemSize) {
        case 4: NPYW_READ(ReadReal, float); return;
        case 8: NPYW_READ(ReadReal, double); return;
        }
        break;
    case npy::Kind::Complex: {
        switch (t.itemSize) {
        case 8: NPYW_READC(float); return;
        case 16: NPYW_READC(double); return;
        }
        npy::DType half = t;
        half.kind = npy::Kind::Float;
        half.itemSize = t.itemSize / 2;
        f(ReadGenericComplex{half, part});
        return;
    }
    default:
        break;
    }
#undef NPYW_READ
#undef NPYW_READC
    f(ReadGeneric{t});
}

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
template <class Read>
bool sampleLoop(const Read &read, const uchar *base, const AxisPlan &rows, const AxisPlan &cols, bool maxPool,
                int width, double *out, const std::atomic_bool *cancel, int y0, int y1)
{
    const bool single = rows.offsets.size() == size_t(std::max(0, rows.last - rows.first + 1))
                        && cols.offsets.size() == size_t(std::max(0, cols.last - cols.first + 1));
    for (int y = y0; y <= y1; ++y) {
        if (cancel && (y & 7) == 0 && cancel->load(std::memory_order_relaxed))
            return false;
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
            double best = kNaN;
            for (int r = r0; r < r1; ++r) {
                const uchar *row = base + rows.offsets[size_t(r)];
                for (int c = c0; c < c1; ++c) {
                    const double v = read(row + cols.offsets[size_t(c)]);
                    if (std::isnan(v))
                        continue;
                    if (std::isnan(best) || (maxPool ? v > best : v < best))
                        best = v;
                }
            }
            o[x] = best;
        }
    }
    return true;
}

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

} // namespace

// -------------------------------------------------------------------------------- SliceAccess

npy::Result<SliceAccess> SliceAccess::create(const npy::NpyArray &array, const SliceSpec &spec, ComplexPart part)
{
    using R = npy::Result<SliceAccess>;
    const npy::NpyHeader &h = array.header();
    if (array.isNull())
        return R::failure(tr("no array to draw"));
    if (!spec.isValidFor(h))
        return R::failure(tr("the slice does not fit an array of shape %1").arg(h.shapeText()));
    SliceAccess s;
    s.mArray = array;
    s.mPart = part;
    s.mType = h.dtype;
    qint64 offset = 0;
    if (h.dtype.kind == npy::Kind::Struct) {
        if (spec.field < 0)
            return R::failure(tr("cannot draw dtype %1 without choosing a field").arg(h.dtype.displayName()));
        const QList<npy::LeafColumn> leaves = npy::leafColumns(h.dtype);
        const npy::LeafColumn &leaf = leaves.at(spec.field);
        s.mType = leaf.type;
        offset = leaf.offset;
    }
    if (!isDrawable(s.mType)) {
        const QString name = s.mType.kind == npy::Kind::Struct ? s.mType.displayName() : s.mType.typeString();
        return R::failure(tr("cannot draw dtype %1").arg(name));
    }
    if (array.size() == 0 || !array.data())
        return s; // empty: 0 x 0
    const QList<qint64> strides = array.strides();
    for (int i = 0; i < h.shape.size(); ++i)
        if (i != spec.rowAxis && i != spec.colAxis)
            offset += spec.index.at(i) * strides.at(i);
    s.mRows = spec.rowAxis >= 0 ? h.shape.at(spec.rowAxis) : 1;
    s.mCols = spec.colAxis >= 0 ? h.shape.at(spec.colAxis) : 1;
    s.mRowStride = spec.rowAxis >= 0 ? strides.at(spec.rowAxis) : 0;
    s.mColStride = spec.colAxis >= 0 ? strides.at(spec.colAxis) : 0;
    s.mBase = array.data() + offset;
    s.mMapped = array.isMapped();
    return s;
}

double SliceAccess::value(qint64 row, qint64 col) const
{
    double v = kNaN;
    if (row < 0 || col < 0 || row >= mRows || col >= mCols)
        return v;
    withReader(mType, mPart, [&](const auto &read) { v = read(element(row, col)); });
    return v;
}

QString SliceAccess::text(qint64 row, qint64 col) const
{
    if (row < 0 || col < 0 || row >= mRows || col >= mCols)
        return QString();
    return npy::formatValue(mType, element(row, col));
}

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
    const SparseReadAdvice advice(slice, slice.isMapped());
    const bool maxPool = request.reduction != Reduction::MinPool;
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
        withReader(slice.type(), slice.complexPart(), [&](const auto &read) {
            ok[size_t(t)] = sampleLoop(read, slice.element(0, 0), rows, cols, maxPool, w, out->values.data(), cancel,
                                       y0, y1);
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
    const SparseReadAdvice advice(slice, slice.isMapped() && st.sampled);
    withReader(slice.type(), slice.complexPart(), [&](const auto &read) {
        qint64 nan = 0, pinf = 0, ninf = 0, nonpos = 0, seen = 0;
        for (size_t i = 0; i < rowPos.size(); ++i) {
            if (cancel && (i & 63) == 0 && cancel->load(std::memory_order_relaxed)) {
                cancelled = true;
                return;
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
    const bool any = lo <= hi;
    if (any) {
        st.min = lo;
        st.max = hi;
    }

    double low = 0.0, high = 1.0;
    if (slice.isBool()) {
        low = 0.0;
        high = 1.0;
    } else if (options.mode == RangeMode::Manual) {
        low = std::min(options.manualLow, options.manualHigh);
        high = std::max(options.manualLow, options.manualHigh);
        if (logScale && low <= 0.0)
            low = any ? std::min(st.min, high) : high * 1e-6;
    } else if (!any) {
        low = logScale ? 1.0 : 0.0;
        high = logScale ? 10.0 : 1.0;
    } else if (options.mode == RangeMode::Percentile1 || options.mode == RangeMode::Percentile01) {
        const double p = options.mode == RangeMode::Percentile1 ? 1.0 : 0.1;
        low = percentile(values, p);
        high = percentile(values, 100.0 - p);
    } else if (options.mode == RangeMode::Symmetric && !logScale) {
        const double m = std::max(std::abs(st.min), std::abs(st.max));
        low = -m;
        high = m;
    } else {
        low = st.min;
        high = st.max;
    }
    st.low = low;
    st.high = high;
    return st;
}

// ------------------------------------------------------------------------------------ mapping

quint16 colorIndex(double v, const ColorMapping &m)
{
    if (std::isnan(v))
        return kIndexNaN;
    if (std::isinf(v))
        return v > 0 ? kIndexPosInf : kIndexNegInf;
    double t = 0.0;
    switch (m.scale) {
    case ColorScale::Linear:
        t = m.high > m.low ? (v - m.low) / (m.high - m.low) : 0.0;
        break;
    case ColorScale::Log: {
        if (v <= 0.0 || m.low <= 0.0)
            return 0;
        const double a = std::log10(m.low), b = std::log10(m.high);
        t = b > a ? (std::log10(v) - a) / (b - a) : 0.0;
        break;
    }
    case ColorScale::Sqrt:
        t = m.high > m.low ? (v - m.low) / (m.high - m.low) : 0.0;
        t = t > 0.0 ? std::sqrt(t) : 0.0;
        break;
    }
    const double x = t * kColormapSize;
    if (!(x >= 0.0))
        return 0;
    if (x >= kColormapSize - 1)
        return kColormapSize - 1;
    return quint16(x);
}

void mapToIndices(const SampledImage &image, const ColorMapping &mapping, std::vector<quint16> *indices)
{
    const int w = image.size.width(), h = image.size.height();
    indices->assign(size_t(w) * size_t(h), kIndexOutside);
    if (image.valid.isEmpty())
        return;
    // Hoist the scale's constants; keep the arithmetic of colorIndex() (matplotlib's order).
    const double lo = mapping.low, span = mapping.high - mapping.low;
    const bool linear = mapping.scale == ColorScale::Linear;
    for (int y = image.valid.top(); y <= image.valid.bottom(); ++y) {
        const double *v = image.values.data() + qint64(y) * w;
        quint16 *o = indices->data() + qint64(y) * w;
        for (int x = image.valid.left(); x <= image.valid.right(); ++x) {
            const double d = v[x];
            if (linear && span > 0.0 && std::isfinite(d)) {
                const double t = (d - lo) / span * kColormapSize;
                o[x] = !(t >= 0.0) ? 0 : t >= kColormapSize - 1 ? kColormapSize - 1 : quint16(t);
            } else {
                o[x] = colorIndex(d, mapping);
            }
        }
    }
}

void colorize(const std::vector<quint16> &indices, QSize size, const ColorTable &table, const SpecialColors &special,
              QImage *image)
{
    QRgb lut[kIndexCount];
    for (int i = 0; i < kColormapSize; ++i)
        lut[i] = table[size_t(i)];
    lut[kIndexNaN] = qPremultiply(special.nan);
    lut[kIndexPosInf] = qPremultiply(special.posInf);
    lut[kIndexNegInf] = qPremultiply(special.negInf);
    lut[kIndexOutside] = qPremultiply(special.outside);
    if (image->size() != size || image->format() != QImage::Format_ARGB32_Premultiplied)
        *image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    if (image->isNull())
        return;
    const int w = size.width();
    for (int y = 0; y < size.height(); ++y) {
        QRgb *o = reinterpret_cast<QRgb *>(image->scanLine(y));
        const quint16 *in = indices.data() + qint64(y) * w;
        for (int x = 0; x < w; ++x)
            o[x] = lut[std::min<quint16>(in[x], kIndexCount - 1)];
    }
}

// ------------------------------------------------------------------------------- one-call path

npy::Result<QImage> renderHeatmap(const npy::NpyArray &array, const SliceSpec &spec, const HeatmapOptions &options,
                                  QRectF source, QSize output, RangeStats *stats)
{
    using R = npy::Result<QImage>;
    auto access = SliceAccess::create(array, spec, options.complexPart);
    if (!access)
        return R::failure(access.error());
    const SliceAccess &slice = access.value();
    if (slice.rows() == 0 || slice.cols() == 0)
        return R::failure(tr("the array has no elements to draw"));
    if (source.isEmpty())
        source = QRectF(0, 0, double(slice.cols()), double(slice.rows()));
    if (output.isEmpty()) {
        if (slice.rows() > kMaxRenderPixels || slice.cols() > kMaxRenderPixels
            || slice.rows() * slice.cols() > kMaxRenderPixels)
            return R::failure(tr("%1 x %2 is too large to draw at one pixel per element (at most %3 pixels)")
                                  .arg(slice.rows())
                                  .arg(slice.cols())
                                  .arg(kMaxRenderPixels));
        output = QSize(int(slice.cols()), int(slice.rows()));
    }
    if (qint64(output.width()) * output.height() > kMaxRenderPixels)
        return R::failure(tr("an output of %1 x %2 pixels is too large").arg(output.width()).arg(output.height()));

    const RangeStats range = computeRange(slice, options.range);
    if (stats)
        *stats = range;
    const ColorMapping mapping{range.low, range.high, options.range.scale};
    const ColorTable table = colormapTable(options.colormap, options.reversed);

    QImage image(output, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return R::failure(tr("not enough memory for an image of %1 x %2").arg(output.width()).arg(output.height()));
    // Strips of rows keep the intermediate buffers small for one-pixel-per-element renders.
    SampledImage sampled;
    std::vector<quint16> indices;
    QImage strip;
    const double rowsPerPixel = source.height() / output.height();
    for (int y0 = 0; y0 < output.height(); y0 += kStripRows) {
        const int n = std::min(kStripRows, output.height() - y0);
        SampleRequest req;
        req.source = QRectF(source.x(), source.y() + y0 * rowsPerPixel, source.width(), n * rowsPerPixel);
        req.output = QSize(output.width(), n);
        req.reduction = options.reduction;
        sampleSlice(slice, req, &sampled);
        mapToIndices(sampled, mapping, &indices);
        colorize(indices, req.output, table, options.colors, &strip);
        for (int y = 0; y < n; ++y)
            std::memcpy(image.scanLine(y0 + y), strip.constScanLine(y), size_t(output.width()) * sizeof(QRgb));
    }
    return image;
}

QString rangeModeName(RangeMode mode)
{
    switch (mode) {
    case RangeMode::MinMax: return tr("Min – max");
    case RangeMode::Percentile1: return tr("Percentiles 1–99");
    case RangeMode::Percentile01: return tr("Percentiles 0.1–99.9");
    case RangeMode::Symmetric: return tr("Symmetric about 0");
    case RangeMode::Manual: return tr("Manual");
    }
    return QString();
}

QString colorScaleName(ColorScale scale)
{
    switch (scale) {
    case ColorScale::Linear: return tr("Linear");
    case ColorScale::Log: return tr("Log");
    case ColorScale::Sqrt: return tr("Square root");
    }
    return QString();
}

QString complexPartName(ComplexPart part)
{
    switch (part) {
    case ComplexPart::Magnitude: return tr("Magnitude");
    case ComplexPart::Phase: return tr("Phase");
    case ComplexPart::Real: return tr("Real part");
    case ComplexPart::Imag: return tr("Imaginary part");
    }
    return QString();
}

QString reductionName(Reduction reduction)
{
    switch (reduction) {
    case Reduction::Stride: return tr("Strided (nearest)");
    case Reduction::MaxPool: return tr("Max pooling");
    case Reduction::MinPool: return tr("Min pooling");
    }
    return QString();
}

} // namespace npyw
