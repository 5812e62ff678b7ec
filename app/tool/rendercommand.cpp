#include "rendercommand.h"

#include "heatmap.h"
#include "member.h"
#include "opensource.h"
#include "slicespec.h"
#include "source.h"

#include <QImage>
#include <QImageWriter>
#include <QSaveFile>

#include <cmath>
#include <limits>

namespace npy {

namespace {

/** libpng's default limit on a PNG's width and height (png_set_user_limits): a larger picture fails to write. */
constexpr int kMaxPngSide = 1000000;

const char kSynopsis[] =
    "  npy-tool render IN [--member NAME] --png OUT [--colormap NAME] [--range minmax|p1-99|p0.1-99.9|sym|LO:HI]\n"
    "                     [--scale linear|log|sqrt] [--slice SPEC] [--size WxH --reduce mean|max|min|absmax|stride]\n";

const char kRenderUsage[] =
    "usage: npy-tool render IN [--member NAME] --png OUT [--colormap NAME]\n"
    "                      [--range minmax|p1-99|p0.1-99.9|sym|LO:HI] [--scale linear|log|sqrt] [--slice SPEC]\n"
    "                      [--size WxH --reduce mean|max|min|absmax|stride]\n"
    "  colormaps: viridis magma inferno plasma cividis turbo gray coolwarm (NAME_r reversed)\n"
    "  SPEC: one entry per axis, an index or ':'; the first ':' axis is the rows, the second the columns\n";

int usage(QTextStream &err, const QString &why)
{
    return toolMessage(err, why, kToolUsage, kRenderUsage);
}

bool parseRange(const QString &text, RangeOptions *range)
{
    if (text == QLatin1String("minmax")) {
        range->mode = RangeMode::MinMax;
    } else if (text == QLatin1String("p1-99")) {
        range->mode = RangeMode::Percentile1;
    } else if (text == QLatin1String("p0.1-99.9")) {
        range->mode = RangeMode::Percentile01;
    } else if (text == QLatin1String("sym")) {
        range->mode = RangeMode::Symmetric;
    } else {
        // LO:HI, both finite numbers with LO < HI ("-1:1", "1e-3:0.5").
        const qsizetype colon = text.indexOf(QLatin1Char(':'), 1);
        if (colon < 0)
            return false;
        bool ok1 = false, ok2 = false;
        const double lo = text.left(colon).toDouble(&ok1);
        const double hi = text.mid(colon + 1).toDouble(&ok2);
        if (!ok1 || !ok2 || !std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
            return false;
        range->mode = RangeMode::Manual;
        range->manualLow = lo;
        range->manualHigh = hi;
    }
    return true;
}

int run(const QStringList &args, QTextStream &, QTextStream &err)
{
    QString input, member, png, sliceText;
    bool haveSlice = false;
    bool haveReduce = false;
    QSize size;
    HeatmapOptions options;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        auto value = [&](QString *into) {
            if (i + 1 >= args.size())
                return false;
            *into = args[++i];
            return true;
        };
        QString v;
        if (s == QLatin1String("--member") || s == QLatin1String("--png") || s == QLatin1String("--colormap")
            || s == QLatin1String("--range") || s == QLatin1String("--scale") || s == QLatin1String("--slice")
            || s == QLatin1String("--size") || s == QLatin1String("--reduce")) {
            if (!value(&v))
                return usage(err, Tr::tr("%1 needs a value").arg(s));
        } else if (s.startsWith(QLatin1String("--"))) {
            return usage(err, Tr::tr("unknown option %1").arg(s));
        } else {
            if (!input.isEmpty())
                return usage(err, Tr::tr("render takes one input file"));
            input = s;
            continue;
        }
        if (s == QLatin1String("--member")) {
            member = v;
        } else if (s == QLatin1String("--png")) {
            png = v;
        } else if (s == QLatin1String("--colormap")) {
            if (!colormapFromName(v, &options.colormap, &options.reversed))
                return usage(err, Tr::tr("unknown colormap '%1'").arg(v));
        } else if (s == QLatin1String("--range")) {
            if (!parseRange(v, &options.range))
                return usage(err, Tr::tr("--range takes minmax, p1-99, p0.1-99.9, sym or LO:HI with LO < HI, not '%1'")
                                      .arg(v));
        } else if (s == QLatin1String("--scale")) {
            if (v == QLatin1String("linear"))
                options.range.scale = ColorScale::Linear;
            else if (v == QLatin1String("log"))
                options.range.scale = ColorScale::Log;
            else if (v == QLatin1String("sqrt"))
                options.range.scale = ColorScale::Sqrt;
            else
                return usage(err, Tr::tr("--scale takes linear, log or sqrt, not '%1'").arg(v));
        } else if (s == QLatin1String("--slice")) {
            sliceText = v;
            haveSlice = true;
        } else if (s == QLatin1String("--size")) {
            const QStringList wh = v.toLower().split(QLatin1Char('x'));
            bool okW = false, okH = false;
            if (wh.size() == 2)
                size = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
            if (!okW || !okH || size.width() <= 0 || size.height() <= 0)
                return usage(err, Tr::tr("--size takes WxH in pixels, not '%1'").arg(v));
        } else if (s == QLatin1String("--reduce")) {
            haveReduce = true;
            if (v == QLatin1String("mean"))
                options.reduction = Reduction::Mean;
            else if (v == QLatin1String("max"))
                options.reduction = Reduction::MaxPool;
            else if (v == QLatin1String("min"))
                options.reduction = Reduction::MinPool;
            else if (v == QLatin1String("absmax"))
                options.reduction = Reduction::AbsMax;
            else if (v == QLatin1String("stride"))
                options.reduction = Reduction::Stride;
            else
                return usage(err, Tr::tr("--reduce takes mean, max, min, absmax or stride, not '%1'").arg(v));
        }
    }
    if (input.isEmpty())
        return usage(err, Tr::tr("render needs an input file"));
    if (png.isEmpty())
        return usage(err, Tr::tr("render needs --png OUT"));
    if (haveReduce && size.isEmpty())
        return usage(err, Tr::tr("--reduce goes with --size"));
    // Every element is looked at: the automatic range is exact (percentiles from up to 2^24 values).
    options.range.maxSamples = options.range.mode == RangeMode::Percentile1
                                       || options.range.mode == RangeMode::Percentile01
                                   ? qint64(1) << 24
                                   : std::numeric_limits<qint64>::max();
    options.exact = !size.isEmpty() && options.reduction != Reduction::Stride;

    auto source = openSource(input);
    if (!source)
        return toolInvalid(err, source.error());
    const Source &src = *source.value();
    const MemberChoice choice = chooseArrayMember(src, member);
    if (choice.index < 0) {
        if (choice.usage)
            return usage(err, choice.error);
        const QString why = choice.pickled
                                ? Tr::tr("%1: cannot draw dtype object (pickled, not loaded for safety)").arg(choice.where)
                                : choice.error;
        return toolInvalid(err, why);
    }
    const int index = choice.index;
    const MemberInfo &info = src.members()[index];
    const QString &where = choice.where;

    SliceSpec spec = SliceSpec::defaultFor(info.header);
    if (info.header.dtype.kind == Kind::Struct)
        return toolInvalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, info.header.dtype.descr()));
    if (haveSlice) {
        SliceTextError why;
        if (!parseSliceText(sliceText, info.header.shape, &spec, &why))
            return why.syntax ? usage(err, why.why) : toolInvalid(err, Tr::tr("%1: %2").arg(where, why.why));
    }
    // Check that the dtype can be drawn before reading (inflating) any data.
    if (!info.header.dtype.isNumeric())
        return toolInvalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, info.header.dtype.typeString()));

    auto array = src.load(index);
    if (!array)
        return toolInvalid(err, array.error());
    auto image = renderHeatmap(array.value(), spec, options, QRectF(), size);
    if (!image)
        return toolInvalid(err, Tr::tr("%1: %2").arg(where, image.error()));
    const ArgbImage &picture = image.value();
    if (picture.width > kMaxPngSide || picture.height > kMaxPngSide)
        return toolInvalid(err, Tr::tr("%1: the picture would be %2 x %3 pixels, more than a PNG writer takes (%4 a "
                                       "side); give --size WxH to reduce it")
                                    .arg(where)
                                    .arg(picture.width)
                                    .arg(picture.height)
                                    .arg(kMaxPngSide));
    QImage rgb(picture.width, picture.height, QImage::Format_RGB32);
    if (rgb.isNull())
        return toolInvalid(err, Tr::tr("%1: not enough memory for an image of %2 x %3")
                                    .arg(where)
                                    .arg(picture.width)
                                    .arg(picture.height));
    for (int y = 0; y < picture.height; ++y) {
        // The colours are opaque except where no element is drawn, and a whole-slice render draws every pixel.
        QRgb *line = reinterpret_cast<QRgb *>(rgb.scanLine(y));
        const Argb *in = picture.row(y);
        for (int x = 0; x < picture.width; ++x)
            line[x] = in[x] | 0xff000000u;
    }
    // Through a QSaveFile: a failed write leaves a file already at OUT as it was.
    QSaveFile file(png);
    if (!file.open(QIODevice::WriteOnly))
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, file.errorString()));
    QImageWriter writer(&file, "png");
    if (!writer.write(rgb)) {
        file.cancelWriting();
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, writer.errorString()));
    }
    if (!file.commit())
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, file.errorString()));
    return kToolOk;
}

} // namespace

const ToolCommand kRenderCommand = {"render", kSynopsis, kRenderUsage, run};

} // namespace npy
