#include "heatmap.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Heatmap", text);
}

/** The largest image renderHeatmap() makes (pixels): 512 MiB of ARGB32. */
constexpr qint64 kMaxRenderPixels = qint64(1) << 27;
/** The largest exactly reduced picture renderHeatmap() makes (its values are held whole: 128 MiB). */
constexpr qint64 kMaxExactPixels = qint64(1) << 24;
/** Rows renderHeatmap() samples at a time, so memory stays bounded for full-size renders. */
constexpr int kStripRows = 256;

} // namespace

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
              Argb *out, qint64 stride)
{
    Argb lut[kIndexCount];
    for (int i = 0; i < kColormapSize; ++i)
        lut[i] = table[size_t(i)];
    lut[kIndexNaN] = premultiplied(special.nan);
    lut[kIndexPosInf] = premultiplied(special.posInf);
    lut[kIndexNegInf] = premultiplied(special.negInf);
    lut[kIndexOutside] = premultiplied(special.outside);
    const int w = size.width();
    for (int y = 0; y < size.height(); ++y) {
        Argb *o = out + qint64(y) * stride;
        const quint16 *in = indices.data() + qint64(y) * w;
        for (int x = 0; x < w; ++x)
            o[x] = lut[std::min<quint16>(in[x], kIndexCount - 1)];
    }
}

// ------------------------------------------------------------------------------- one-call path

Result<ArgbImage> renderHeatmap(const NpyArray &array, const SliceSpec &spec, const HeatmapOptions &options,
                                QRectF source, QSize output, RangeStats *stats)
{
    using R = Result<ArgbImage>;
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

    if ((options.exact && options.reduction != Reduction::Stride) || options.reduction == Reduction::NonZero) {
        // Every element of every block: the reduced picture is made whole, then coloured (counts always are:
        // a count over a few elements of a block would be no count at all).
        if (qint64(output.width()) * output.height() > kMaxExactPixels)
            return R::failure(tr("an exact reduction to %1 x %2 pixels is too large (at most %3 pixels)")
                                  .arg(output.width())
                                  .arg(output.height())
                                  .arg(kMaxExactPixels));
        SampleRequest req;
        req.source = source;
        req.output = output;
        req.reduction = options.reduction;
        SampledImage reduced;
        reduceSlice(slice, req, &reduced);
        const RangeStats range =
            rangeOfImage(reduced, options.range, slice.isBool() && options.reduction != Reduction::NonZero);
        if (stats)
            *stats = range;
        std::vector<quint16> indices;
        mapToIndices(reduced, ColorMapping{range.low, range.high, options.range.scale}, &indices);
        ArgbImage image;
        image.width = output.width();
        image.height = output.height();
        image.pixels.resize(size_t(image.width) * size_t(image.height));
        colorize(indices, output, colormapTable(options.colormap, options.reversed), options.colors,
                 image.pixels.data(), image.width);
        return image;
    }
    const RangeStats range = computeRange(slice, options.range);
    if (stats)
        *stats = range;
    const ColorMapping mapping{range.low, range.high, options.range.scale};
    const ColorTable table = colormapTable(options.colormap, options.reversed);

    ArgbImage image;
    image.width = output.width();
    image.height = output.height();
    image.pixels.resize(size_t(image.width) * size_t(image.height));
    // Strips of rows keep the intermediate buffers small for one-pixel-per-element renders.
    SampledImage sampled;
    std::vector<quint16> indices;
    const double rowsPerPixel = source.height() / output.height();
    for (int y0 = 0; y0 < output.height(); y0 += kStripRows) {
        const int n = std::min(kStripRows, output.height() - y0);
        SampleRequest req;
        req.source = QRectF(source.x(), source.y() + y0 * rowsPerPixel, source.width(), n * rowsPerPixel);
        req.output = QSize(output.width(), n);
        req.reduction = options.reduction;
        sampleSlice(slice, req, &sampled);
        mapToIndices(sampled, mapping, &indices);
        colorize(indices, req.output, table, options.colors, image.pixels.data() + qint64(y0) * image.width,
                 image.width);
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
    case Reduction::Mean: return tr("Mean");
    case Reduction::AbsMax: return tr("Max |x|");
    case Reduction::NonZero: return tr("Count of non-zeros");
    }
    return QString();
}

} // namespace npy
