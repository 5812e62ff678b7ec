#include "picture.h"

#include "pageadvice.h"
#include "valuetext.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Picture", text);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/** The largest sheet tileFrames() makes (pixels): 512 MiB of ARGB32. */
constexpr qint64 kMaxSheetPixels = qint64(1) << 27;

/** The slice of channel \a channel of the frame at \a index. */
SliceSpec channelSpec(const PictureLayout &layout, const QList<qint64> &index, int channel)
{
    SliceSpec spec;
    spec.rowAxis = layout.rowAxis;
    spec.colAxis = layout.colAxis;
    spec.index = index;
    if (layout.channelAxis >= 0)
        spec.index[layout.channelAxis] = channel;
    return spec;
}

/** The float precision NumPy computes `clip(x, 0, 1) * 255` in for \a type: 2 (half), 4 (single) or 8 bytes. */
int unitPrecision(const DType &type)
{
    if (type.kind == Kind::Float && (type.itemSize == 2 || type.itemSize == 4))
        return int(type.itemSize);
    return 8;
}

quint8 toByte(double v, const PictureRange &range, int precision, PictureStats *stats)
{
    if (std::isnan(v)) {
        if (stats)
            ++stats->nan;
        return 0;
    }
    if (v < range.low) {
        if (stats)
            ++stats->below;
        return 0;
    }
    if (v > range.high) {
        if (stats)
            ++stats->above;
        return 255;
    }
    double p = 0.0;
    if (range.low == 0.0 && range.high == 1.0) {
        // NumPy's np.round(np.clip(x, 0, 1) * 255) in the array's own float type.
        if (precision == 4)
            p = double(float(v) * 255.0f);
        else if (precision == 2)
            p = roundToHalf(v * 255.0);
        else
            p = v * 255.0;
    } else {
        p = (v - range.low) * 255.0 / (range.high - range.low);
    }
    p = std::nearbyint(p);
    return quint8(std::clamp(p, 0.0, 255.0));
}

/** Where each output pixel's centre falls along one axis: the element index, -1 outside the slice. */
std::vector<qint64> nearestIndexes(int pixels, double origin, double length, qint64 count)
{
    std::vector<qint64> at(size_t(pixels), -1);
    const double step = length / pixels;
    for (int i = 0; i < pixels; ++i) {
        const double e = std::floor(origin + (i + 0.5) * step);
        if (e >= 0.0 && e < double(count))
            at[size_t(i)] = qint64(e);
    }
    return at;
}

/** The first and last index that is not -1 (first > last when none). */
std::pair<int, int> validSpan(const std::vector<qint64> &at)
{
    int first = int(at.size()), last = -1;
    for (int i = 0; i < int(at.size()); ++i) {
        if (at[size_t(i)] >= 0) {
            first = std::min(first, i);
            last = i;
        }
    }
    return {first, last};
}

/**
 * The nearest-element picture: each output pixel shows the element under its centre, each channel read once and
 * mapped to 8 bits (through a table for one-byte types). \a planes[k] is the access of output channel k (red,
 * green, blue, alpha; null for none).
 */
template <class Read>
void drawNearest(const Read &read, const SliceAccess *const planes[4], const std::vector<qint64> &rowOf,
                 const std::vector<qint64> &colOf, const QRect &valid, const PictureRange &range, int precision,
                 bool oneByte, ArgbImage *out, PictureStats *stats)
{
    // One-byte types: every value's byte and whether it was clipped, once.
    quint8 table[256];
    quint8 clip[256];
    if (oneByte) {
        for (int v = 0; v < 256; ++v) {
            // Room for any element: the reader of a one-byte type reads the first byte only.
            uchar raw[16] = {uchar(v)};
            PictureStats one;
            table[v] = toByte(read(raw), range, precision, &one);
            clip[v] = one.below ? 1 : one.above ? 2 : 0;
        }
    }
    bool clips = false;
    for (int v = 0; oneByte && v < 256; ++v)
        clips = clips || clip[v] != 0;
    // Every plane of a slice has the same strides: one column offset per output pixel.
    qint64 colStride = 0;
    for (int k = 0; k < 4; ++k) {
        if (planes[k])
            colStride = planes[k]->colStride();
    }
    std::vector<qint64> colOffset(colOf.size(), 0);
    for (int x = valid.left(); x <= valid.right(); ++x)
        colOffset[size_t(x)] = colOf[size_t(x)] * colStride;
    qint64 counts[3] = {0, 0, 0};
    for (int y = valid.top(); y <= valid.bottom(); ++y) {
        const qint64 r = rowOf[size_t(y)];
        const uchar *rowStart[4] = {nullptr, nullptr, nullptr, nullptr};
        for (int k = 0; k < 4; ++k)
            rowStart[k] = planes[k] ? planes[k]->element(r, 0) : nullptr;
        Argb *line = out->pixels.data() + qint64(y) * out->width;
        if (oneByte && !clips && rowStart[1] && rowStart[2]) {
            // The common case (uint8 pictures): three or four table lookups per pixel.
            for (int x = valid.left(); x <= valid.right(); ++x) {
                const qint64 at = colOffset[size_t(x)];
                const Argb a = rowStart[3] ? table[rowStart[3][at]] : 255u;
                line[x] = (a << 24) | (Argb(table[rowStart[0][at]]) << 16) | (Argb(table[rowStart[1][at]]) << 8)
                          | Argb(table[rowStart[2][at]]);
            }
            continue;
        }
        for (int x = valid.left(); x <= valid.right(); ++x) {
            const qint64 at = colOffset[size_t(x)];
            quint8 bytes[4] = {0, 0, 0, 255};
            for (int k = 0; k < 4; ++k) {
                if (!rowStart[k])
                    continue;
                const uchar *p = rowStart[k] + at;
                if (oneByte) {
                    bytes[k] = table[*p];
                    ++counts[clip[*p]];
                } else {
                    bytes[k] = toByte(read(p), range, precision, stats);
                }
            }
            if (!planes[1])
                bytes[1] = bytes[2] = bytes[0];
            line[x] = (Argb(bytes[3]) << 24) | (Argb(bytes[0]) << 16) | (Argb(bytes[1]) << 8) | Argb(bytes[2]);
        }
    }
    stats->below += counts[1];
    stats->above += counts[2];
}

} // namespace

PictureRange defaultPictureRange(const DType &type, double min, double max)
{
    const bool known = std::isfinite(min) && std::isfinite(max);
    auto within = [&](double lo, double hi) { return known && min >= lo && max <= hi; };
    auto spanned = [&]() { return PictureRange{min, max > min ? max : min + 1.0}; };
    switch (type.kind) {
    case Kind::Bool:
        return {0.0, 1.0};
    case Kind::UInt:
        if (type.itemSize == 1)
            return {0.0, 255.0};
        if (type.itemSize == 2)
            return {0.0, 65535.0};
        return within(0.0, 255.0) || !known ? PictureRange{0.0, 255.0} : spanned();
    case Kind::Int:
        return within(0.0, 255.0) || !known ? PictureRange{0.0, 255.0} : spanned();
    default:
        if (!known || within(0.0, 1.0))
            return {0.0, 1.0};
        if (within(0.0, 255.0))
            return {0.0, 255.0};
        return spanned();
    }
}

bool pictureRangeNeedsValues(const DType &type)
{
    return !(type.kind == Kind::Bool || (type.kind == Kind::UInt && type.itemSize <= 2));
}

quint8 pictureByte(double value, const PictureRange &range, const DType &type)
{
    return toByte(value, range, unitPrecision(type), nullptr);
}

bool pictureMinMax(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index, bool allFrames,
                   double *min, double *max, const std::atomic_bool *cancel)
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    const QList<qint64> &shape = array.shape();
    const qint64 first = allFrames ? 0 : frameOfIndex(layout, shape, index);
    const qint64 last = allFrames ? layout.frames : first + 1;
    RangeOptions options;
    options.maxSamples = std::numeric_limits<qint64>::max();
    for (qint64 frame = first; frame < last; ++frame) {
        const QList<qint64> at = indexOfFrame(layout, shape, frame, index);
        for (int c = 0; c < layout.channels; ++c) {
            auto access = SliceAccess::create(array, channelSpec(layout, at, c), ComplexPart::Real);
            if (!access)
                return false;
            const RangeStats s = computeRange(access.value(), options, cancel);
            if (cancel && cancel->load(std::memory_order_relaxed))
                return false;
            if (std::isfinite(s.min)) {
                lo = std::min(lo, s.min);
                hi = std::max(hi, s.max);
            }
        }
    }
    *min = lo <= hi ? lo : kNaN;
    *max = lo <= hi ? hi : kNaN;
    return true;
}

bool automaticPictureRange(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index,
                           PictureRange *range, const std::atomic_bool *cancel)
{
    double min = kNaN, max = kNaN;
    if (pictureRangeNeedsValues(array.dtype()) && !pictureMinMax(array, layout, index, false, &min, &max, cancel))
        return false;
    *range = defaultPictureRange(array.dtype(), min, max);
    return true;
}

bool renderPicture(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index,
                   const PictureOptions &options, QRectF source, QSize output, ArgbImage *out, PictureStats *stats,
                   const std::atomic_bool *cancel)
{
    if (layout.rowAxis < 0 || layout.colAxis < 0 || index.size() != array.shape().size())
        return false;
    const qint64 rows = array.shape()[layout.rowAxis];
    const qint64 cols = array.shape()[layout.colAxis];
    if (source.isEmpty())
        source = QRectF(0, 0, double(cols), double(rows));
    if (output.isEmpty()) {
        if (rows > std::numeric_limits<int>::max() || cols > std::numeric_limits<int>::max())
            return false;
        output = QSize(int(source.width()), int(source.height()));
    }
    if (output.isEmpty())
        return false;
    const int channels = layout.isColor() ? layout.channels : 1;
    // The channel read into each of red, green, blue and alpha (-1: none).
    int pick[4] = {0, 0, 0, -1};
    if (layout.isColor()) {
        const bool bgr = options.order == ChannelOrder::Bgr;
        pick[0] = bgr ? 2 : 0;
        pick[1] = 1;
        pick[2] = bgr ? 0 : 2;
        pick[3] = channels == 4 && options.alpha ? 3 : -1;
    }
    SampleRequest request;
    request.source = source;
    request.output = output;
    request.reduction = options.exact ? Reduction::Mean : Reduction::Stride;
    std::vector<SampledImage> planes(static_cast<size_t>(channels));
    std::vector<SliceAccess> accesses(static_cast<size_t>(channels));
    // At one element per pixel or fewer (or for a preview), the element under each pixel's centre is the picture.
    const bool nearest = !options.exact
                         || (source.width() <= output.width() && source.height() <= output.height());
    const DType *type = nullptr;
    // The bytes of the frame read from a read-only map, given back afterwards: stepping through a stack larger
    // than memory keeps only the frame being drawn resident.
    const uchar *lowest = nullptr;
    const uchar *highest = nullptr;
    bool readOnlyMap = true;
    for (int c = 0; c < channels; ++c) {
        const bool used = c == pick[0] || c == pick[1] || c == pick[2] || c == pick[3];
        if (!used)
            continue;
        auto access = SliceAccess::create(array, channelSpec(layout, index, c), ComplexPart::Real);
        if (!access)
            return false;
        accesses[size_t(c)] = access.value();
        const SliceAccess &a = accesses[size_t(c)];
        type = &a.type();
        readOnlyMap = readOnlyMap && a.isReadOnlyMap();
        if (a.rows() > 0 && a.cols() > 0) {
            for (const uchar *corner : {a.element(0, 0), a.element(a.rows() - 1, 0), a.element(0, a.cols() - 1),
                                        a.element(a.rows() - 1, a.cols() - 1)}) {
                lowest = !lowest || corner < lowest ? corner : lowest;
                highest = !highest || corner + type->itemSize > highest ? corner + type->itemSize : highest;
            }
        }
        if (nearest)
            continue;
        if (!reduceSlice(a, request, &planes[size_t(c)], cancel))
            return false;
    }
    if (nearest) {
        const std::vector<qint64> rowOf = nearestIndexes(output.height(), source.y(), source.height(), rows);
        const std::vector<qint64> colOf = nearestIndexes(output.width(), source.x(), source.width(), cols);
        const auto [x0, x1] = validSpan(colOf);
        const auto [y0, y1] = validSpan(rowOf);
        const QRect valid = x0 <= x1 && y0 <= y1 ? QRect(QPoint(x0, y0), QPoint(x1, y1)) : QRect();
        out->width = output.width();
        out->height = output.height();
        out->pixels.assign(size_t(qint64(out->width) * out->height), 0u);
        PictureStats local;
        local.elementsPerPixelX = source.width() / output.width();
        local.elementsPerPixelY = source.height() / output.height();
        local.valid = valid;
        const SliceAccess *outPlanes[4] = {nullptr, nullptr, nullptr, nullptr};
        for (int k = 0; k < 4; ++k) {
            if (pick[k] >= 0 && (k == 0 || layout.isColor()))
                outPlanes[k] = &accesses[size_t(pick[k])];
        }
        if (valid.isValid() && type) {
            const bool oneByte = type->itemSize == 1;
            const int precision = unitPrecision(*type);
            withElementReader(*type, ComplexPart::Real, [&](auto read) {
                drawNearest(read, outPlanes, rowOf, colOf, valid, options.range, precision, oneByte, out, &local);
            });
        }
        if (readOnlyMap && lowest)
            releasePages(lowest, highest);
        if (stats)
            *stats = local;
        return !(cancel && cancel->load(std::memory_order_relaxed));
    }
    if (readOnlyMap && lowest)
        releasePages(lowest, highest);
    const int precision = type ? unitPrecision(*type) : 8;
    const QRect valid = planes[size_t(pick[0])].valid;
    out->width = output.width();
    out->height = output.height();
    out->pixels.assign(size_t(qint64(out->width) * out->height), 0u);
    PictureStats local;
    local.elementsPerPixelX = source.width() / output.width();
    local.elementsPerPixelY = source.height() / output.height();
    local.valid = valid;
    for (int y = valid.top(); y <= valid.bottom(); ++y) {
        const qint64 row = qint64(y) * out->width;
        Argb *line = out->pixels.data() + row;
        for (int x = valid.left(); x <= valid.right(); ++x) {
            const size_t at = size_t(row + x);
            const quint8 r = toByte(planes[size_t(pick[0])].values[at], options.range, precision, &local);
            const quint8 g = layout.isColor() ? toByte(planes[size_t(pick[1])].values[at], options.range, precision, &local) : r;
            const quint8 b = layout.isColor() ? toByte(planes[size_t(pick[2])].values[at], options.range, precision, &local) : r;
            const quint8 a = pick[3] >= 0 ? toByte(planes[size_t(pick[3])].values[at], options.range, precision, &local)
                                          : quint8(255);
            line[x] = (Argb(a) << 24) | (Argb(r) << 16) | (Argb(g) << 8) | Argb(b);
        }
    }
    if (stats)
        *stats = local;
    return true;
}

Result<ArgbImage> tileFrames(qint64 first, qint64 frames, int columns, int rows, QSize tile,
                             const std::function<bool(qint64 frame, ArgbImage *tileImage)> &draw)
{
    if (columns <= 0 || rows <= 0)
        return Result<ArgbImage>::failure(tr("a sheet needs at least one column and one row"));
    ArgbImage sheet;
    for (qint64 k = 0; k < qint64(columns) * rows; ++k) {
        const qint64 frame = first + k;
        if (frame < 0 || frame >= frames)
            break;
        ArgbImage one;
        if (!draw(frame, &one))
            return Result<ArgbImage>::failure(tr("frame %1 could not be drawn").arg(frame));
        if (sheet.pixels.empty()) {
            if (tile.isEmpty())
                tile = QSize(one.width, one.height);
            const qint64 pixels = qint64(tile.width()) * columns * qint64(tile.height()) * rows;
            if (tile.isEmpty() || pixels > kMaxSheetPixels)
                return Result<ArgbImage>::failure(
                    tr("a sheet of %1 x %2 tiles of %3 x %4 pixels is too large to draw")
                        .arg(columns)
                        .arg(rows)
                        .arg(tile.width())
                        .arg(tile.height()));
            sheet.width = tile.width() * columns;
            sheet.height = tile.height() * rows;
            sheet.pixels.assign(size_t(pixels), 0u);
        }
        if (one.width != tile.width() || one.height != tile.height())
            return Result<ArgbImage>::failure(tr("frame %1 does not fill its tile").arg(frame));
        const int x0 = int(k % columns) * tile.width();
        const int y0 = int(k / columns) * tile.height();
        for (int y = 0; y < one.height; ++y)
            std::copy(one.row(y), one.row(y) + one.width,
                      sheet.pixels.begin() + (qint64(y0 + y) * sheet.width + x0));
    }
    if (sheet.pixels.empty())
        return Result<ArgbImage>::failure(tr("no frame from %1 on: the stack has %2").arg(first).arg(frames));
    return sheet;
}

} // namespace npy
