#include "rendercommand.h"

#include "heatmap.h"
#include "picture.h"
#include "picturelayout.h"
#include "selection.h"
#include "member.h"
#include "toolsparse.h"
#include "opensource.h"
#include "slicespec.h"
#include "source.h"

#include <QImage>
#include <QImageWriter>
#include <QRegularExpression>
#include <QSaveFile>

#include <cmath>
#include <limits>

namespace npy {

namespace {

/** libpng's default limit on a PNG's width and height (png_set_user_limits): a larger picture fails to write. */
constexpr int kMaxPngSide = 1000000;

const char kSynopsis[] =
    "  npy-tool render IN [--member NAME] --png OUT [--slice SPEC] [--frame I | --sheet COLSxROWS [--start I]]\n"
    "                     [--rgb auto|on|off] [--channels-axis N] [--bgr] [--colormap NAME]\n"
    "                     [--range minmax|p1-99|p0.1-99.9|sym|LO:HI] [--scale linear|log|sqrt]\n"
    "                     [--size WxH [--reduce mean|max|min|absmax|count|stride]]\n";

const char kRenderUsage[] =
    "usage: npy-tool render IN [--member NAME] --png OUT [--slice SPEC] [--frame I | --sheet COLSxROWS [--start I]]\n"
    "                      [--rgb auto|on|off] [--channels-axis N] [--bgr] [--colormap NAME]\n"
    "                      [--range minmax|p1-99|p0.1-99.9|sym|LO:HI] [--scale linear|log|sqrt]\n"
    "                      [--size WxH [--reduce mean|max|min|absmax|count|stride]]\n"
    "  SPEC: NumPy basic indexing, one entry per axis: an index, ':' or start:stop[:step] (a crop)\n"
    "  pictures: an array whose last axis has length 3 or 4 (H x W x C), or whose third axis from the end does\n"
    "    (C x H x W), is drawn in colour (--rgb auto); --rgb off draws the heatmap of one channel, --rgb on\n"
    "    refuses anything else; --channels-axis N names the channel axis, --bgr reads B, G, R (A) as OpenCV writes.\n"
    "    uint8 is 0..255, uint16 0..65535, floats 0..1 when they lie there (else 0..255, else min..max);\n"
    "    --range LO:HI or minmax sets it. Every other axis numbers the frames: --frame I (C order over them)\n"
    "    draws one, --sheet COLSxROWS tiles frames --start I onwards, left to right, without gaps\n"
    "  heatmaps: the last two axes (of what --slice leaves), the other axes are frames as above;\n"
    "    colormaps: viridis magma inferno plasma cividis turbo gray coolwarm (NAME_r reversed)\n"
    "  --size WxH reduces or enlarges the picture (pictures: the mean of each pixel's block, exactly)\n"
    "  an archive written by scipy.sparse.save_npz is drawn as its matrix (the implicit zeros counted) unless\n"
    "    --member names one of its parts\n";

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

/** What --slice leaves of a member: the array read, its axes left (in order) and the index on the others. */
struct View
{
    NpyArray array;
    /** View axis k is axis axes[k] of array. */
    QList<int> axes;
    /** One entry per axis of array: the index on the axes --slice took an integer for, 0 elsewhere. */
    QList<qint64> index;
};

/** True for the text of a NumPy basic index (integers, ':' ranges and commas): anything else is a usage error. */
bool isIndexSyntax(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^\s*-?\d*\s*(:\s*-?\d*\s*){0,2}(,\s*-?\d*\s*(:\s*-?\d*\s*){0,2})*$)"));
    return re.match(text).hasMatch();
}

/** Everything a frame is drawn with, besides the data. */
struct Drawing
{
    HeatmapOptions heatmap;
    bool haveRange = false;
    QSize size;
    bool nearest = false;
    bool bgr = false;
};

/** The layout of \a view's axes, in \a view.array's axes. */
PictureLayout arrayLayout(const View &view, const PictureLayout &viewLayout)
{
    auto map = [&](int axis) { return axis >= 0 ? view.axes[axis] : -1; };
    PictureLayout l = viewLayout;
    l.rowAxis = map(viewLayout.rowAxis);
    l.colAxis = map(viewLayout.colAxis);
    l.channelAxis = map(viewLayout.channelAxis);
    for (int &axis : l.frameAxes)
        axis = map(axis);
    return l;
}

/** Draws the frame at \a index: a colour picture by the picture rule, else a heatmap. */
Result<ArgbImage> drawFrame(const NpyArray &array, const PictureLayout &layout, const QList<qint64> &index,
                            const Drawing &d)
{
    if (!layout.isColor()) {
        SliceSpec spec;
        spec.rowAxis = layout.rowAxis;
        spec.colAxis = layout.colAxis;
        spec.index = index;
        return renderHeatmap(array, spec, d.heatmap, QRectF(), d.size);
    }
    PictureOptions options;
    options.order = d.bgr ? ChannelOrder::Bgr : ChannelOrder::Rgb;
    options.exact = !d.nearest;
    const RangeOptions &r = d.heatmap.range;
    if (d.haveRange && r.mode == RangeMode::Manual) {
        options.range = PictureRange{r.manualLow, r.manualHigh};
    } else if (d.haveRange) {
        // --range minmax: the frame's own extremes.
        double min = std::numeric_limits<double>::quiet_NaN(), max = min;
        if (!pictureMinMax(array, layout, index, false, &min, &max))
            return Result<ArgbImage>::failure(Tr::tr("cannot read the picture's channels"));
        options.range = PictureRange{std::isfinite(min) ? min : 0.0,
                                     std::isfinite(max) ? (max > min ? max : min + 1.0) : 1.0};
    } else if (!automaticPictureRange(array, layout, index, &options.range)) {
        return Result<ArgbImage>::failure(Tr::tr("cannot read the picture's channels"));
    }
    ArgbImage image;
    if (!renderPicture(array, layout, index, options, QRectF(), d.size, &image))
        return Result<ArgbImage>::failure(Tr::tr("cannot draw the picture"));
    return image;
}

/** Writes \a picture as a PNG at \a png through a QSaveFile (an existing file is replaced only by a whole one). */
int writePng(const ArgbImage &picture, bool alpha, const QString &png, const QString &where, QTextStream &err)
{
    if (picture.width > kMaxPngSide || picture.height > kMaxPngSide)
        return toolInvalid(err, Tr::tr("%1: the picture would be %2 x %3 pixels, more than a PNG writer takes (%4 a "
                                       "side); give --size WxH to reduce it")
                                    .arg(where)
                                    .arg(picture.width)
                                    .arg(picture.height)
                                    .arg(kMaxPngSide));
    QImage image(picture.width, picture.height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    if (image.isNull())
        return toolInvalid(err, Tr::tr("%1: not enough memory for an image of %2 x %3")
                                    .arg(where)
                                    .arg(picture.width)
                                    .arg(picture.height));
    for (int y = 0; y < picture.height; ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const Argb *in = picture.row(y);
        for (int x = 0; x < picture.width; ++x)
            line[x] = alpha ? in[x] : (in[x] | 0xff000000u);
    }
    QSaveFile file(png);
    if (!file.open(QIODevice::WriteOnly))
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, file.errorString()));
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        file.cancelWriting();
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, writer.errorString()));
    }
    if (!file.commit())
        return toolInvalid(err, Tr::tr("%1: cannot write: %2").arg(png, file.errorString()));
    return kToolOk;
}

/** Parses "AxB" into two positive numbers. */
bool parsePair(const QString &text, int *a, int *b)
{
    const QStringList parts = text.toLower().split(QLatin1Char('x'));
    bool okA = false, okB = false;
    if (parts.size() == 2) {
        *a = parts[0].toInt(&okA);
        *b = parts[1].toInt(&okB);
    }
    return okA && okB && *a > 0 && *b > 0;
}

int run(const QStringList &args, QTextStream &, QTextStream &err)
{
    QString input, member, png, sliceText;
    bool haveSlice = false, haveReduce = false, haveFrame = false, haveSheet = false, haveStart = false;
    QString rgb = QStringLiteral("auto");
    int channelsAxis = -1, sheetCols = 0, sheetRows = 0;
    qint64 frame = 0, start = 0;
    Drawing d;
    HeatmapOptions &options = d.heatmap;
    const QStringList valued = {QStringLiteral("--member"), QStringLiteral("--png"),    QStringLiteral("--colormap"),
                                QStringLiteral("--range"),  QStringLiteral("--scale"),  QStringLiteral("--slice"),
                                QStringLiteral("--size"),   QStringLiteral("--reduce"), QStringLiteral("--rgb"),
                                QStringLiteral("--frame"),  QStringLiteral("--sheet"),  QStringLiteral("--start"),
                                QStringLiteral("--channels-axis")};
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        QString v;
        if (valued.contains(s)) {
            if (i + 1 >= args.size())
                return usage(err, Tr::tr("%1 needs a value").arg(s));
            v = args[++i];
        } else if (s == QLatin1String("--bgr")) {
            d.bgr = true;
            continue;
        } else if (s.startsWith(QLatin1String("--"))) {
            return usage(err, Tr::tr("unknown option %1").arg(s));
        } else {
            if (!input.isEmpty())
                return usage(err, Tr::tr("render takes one input file"));
            input = s;
            continue;
        }
        bool ok = true;
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
            d.haveRange = true;
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
            int w = 0, h = 0;
            if (!parsePair(v, &w, &h))
                return usage(err, Tr::tr("--size takes WxH in pixels, not '%1'").arg(v));
            d.size = QSize(w, h);
        } else if (s == QLatin1String("--sheet")) {
            if (!parsePair(v, &sheetCols, &sheetRows) || qint64(sheetCols) * sheetRows > 100000)
                return usage(err, Tr::tr("--sheet takes COLSxROWS (at most 100000 tiles), not '%1'").arg(v));
            haveSheet = true;
        } else if (s == QLatin1String("--frame")) {
            frame = v.toLongLong(&ok);
            haveFrame = true;
        } else if (s == QLatin1String("--start")) {
            start = v.toLongLong(&ok);
            ok = ok && start >= 0;
            haveStart = true;
        } else if (s == QLatin1String("--channels-axis")) {
            channelsAxis = v.toInt(&ok);
            ok = ok && channelsAxis >= 0;
        } else if (s == QLatin1String("--rgb")) {
            ok = v == QLatin1String("auto") || v == QLatin1String("on") || v == QLatin1String("off");
            rgb = v;
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
            else if (v == QLatin1String("count"))
                options.reduction = Reduction::NonZero;
            else if (v == QLatin1String("stride"))
                options.reduction = Reduction::Stride;
            else
                return usage(err, Tr::tr("--reduce takes mean, max, min, absmax, count or stride, not '%1'").arg(v));
        }
        if (!ok)
            return usage(err, Tr::tr("%1 does not take '%2'").arg(s, v));
    }
    if (input.isEmpty())
        return usage(err, Tr::tr("render needs an input file"));
    if (png.isEmpty())
        return usage(err, Tr::tr("render needs --png OUT"));
    if (haveReduce && d.size.isEmpty())
        return usage(err, Tr::tr("--reduce goes with --size"));
    if (haveSheet && haveFrame)
        return usage(err, Tr::tr("--frame and --sheet exclude each other"));
    if (haveStart && !haveSheet)
        return usage(err, Tr::tr("--start goes with --sheet"));
    if (haveSlice && !isIndexSyntax(sliceText))
        return usage(err, Tr::tr("--slice takes integers and start:stop:step ranges separated by commas, not '%1'")
                              .arg(sliceText));
    // Every element is looked at: the automatic range is exact (percentiles from up to 2^24 values).
    options.range.maxSamples = options.range.mode == RangeMode::Percentile1
                                       || options.range.mode == RangeMode::Percentile01
                                   ? qint64(1) << 24
                                   : std::numeric_limits<qint64>::max();
    options.exact = !d.size.isEmpty() && options.reduction != Reduction::Stride;
    d.nearest = haveReduce && options.reduction == Reduction::Stride;

    auto source = openSource(input);
    if (!source)
        return toolInvalid(err, source.error());
    const Source &src = *source.value();
    // Without --member, an archive laid out by scipy.sparse.save_npz is its matrix: the dense view is drawn.
    SparseRead sparse;
    if (member.isEmpty())
        sparse = readSparse(src);
    NpyArray denseView;
    MemberChoice choice;
    if (sparse.matrix) {
        Result<NpyArray> dense = sparseDenseView(*sparse.matrix);
        if (!dense)
            return toolInvalid(err, Tr::tr("%1: %2").arg(src.path(), dense.error()));
        denseView = dense.value();
        choice.where = Tr::tr("%1: the %2 matrix").arg(src.path(), sparse.matrix->formatName());
    } else {
        choice = chooseArrayMember(src, member);
        if (choice.index < 0) {
            if (choice.usage)
                return usage(err, sparse.laidOut ? Tr::tr("%1 (not read as a SciPy sparse matrix: %2)").arg(choice.error, sparse.error)
                                                 : choice.error);
            const QString why = choice.pickled
                                    ? Tr::tr("%1: cannot draw dtype object (pickled, not loaded for safety)").arg(choice.where)
                                    : choice.error;
            return toolInvalid(err, why);
        }
    }
    const int index = choice.index;
    const NpyHeader &header = sparse.matrix ? denseView.header() : src.members()[index].header;
    const QString &where = choice.where;
    // Check that the dtype can be drawn before reading (inflating) any data.
    if (header.dtype.kind == Kind::Struct)
        return toolInvalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, header.dtype.descr()));
    if (!header.dtype.isNumeric())
        return toolInvalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, header.dtype.typeString()));

    // --slice: integers and whole axes are a view of the member as it is read; ranges copy the elements picked.
    const QList<qint64> &shape = header.shape;
    QList<AxisSelection> picks;
    QString why;
    if (haveSlice && !parseBasicIndex(sliceText, shape, &picks, &why))
        return toolInvalid(err, Tr::tr("%1: --slice: %2").arg(where, why));
    bool copy = false;
    for (qsizetype axis = 0; axis < picks.size(); ++axis) {
        const AxisSelection &a = picks[axis];
        copy = copy || (!a.isIndex && (a.step != 1 || a.start != 0 || a.stop != shape[axis]));
    }
    View view;
    if (copy && sparse.matrix)
        return toolInvalid(err, Tr::tr("%1: --slice takes integers and whole axes (:) on a sparse matrix; --size "
                                       "draws all of it exactly").arg(where));
    if (copy) {
        auto picked = selectElements(src, index, picks);
        if (!picked)
            return toolInvalid(err, picked.error().startsWith(src.path()) ? picked.error()
                                                                          : Tr::tr("%1: %2").arg(where, picked.error()));
        view.array = picked.value();
        for (int axis = 0; axis < view.array.shape().size(); ++axis)
            view.axes.append(axis);
        view.index = QList<qint64>(view.array.shape().size(), 0);
    } else {
        if (sparse.matrix) {
            view.array = denseView;
        } else {
            auto loaded = src.load(index);
            if (!loaded)
                return toolInvalid(err, loaded.error());
            view.array = loaded.value();
        }
        view.index = QList<qint64>(shape.size(), 0);
        for (int axis = 0; axis < shape.size(); ++axis) {
            if (axis < picks.size() && picks[axis].isIndex)
                view.index[axis] = picks[axis].index;
            else
                view.axes.append(axis);
        }
    }
    const NpyArray &array = view.array;
    NpyHeader viewHeader;
    viewHeader.dtype = array.dtype();
    for (int axis : view.axes)
        viewHeader.shape.append(array.shape()[axis]);
    if (channelsAxis >= viewHeader.shape.size())
        return usage(err, Tr::tr("--channels-axis %1: what is drawn has %2 axes").arg(channelsAxis).arg(viewHeader.shape.size()));
    const PictureLayout viewLayout = rgb == QLatin1String("off") ? grayLayout(viewHeader)
                                                                  : pictureLayout(viewHeader, channelsAxis);
    if (!viewLayout.isColor() && (rgb == QLatin1String("on") || channelsAxis >= 0))
        return toolInvalid(err, Tr::tr("%1: not a colour picture: shape %2 of dtype %3 (a colour picture has an axis "
                                       "of length 3 or 4 and two axes of at least %4)")
                                    .arg(where, pyTupleRepr(viewHeader.shape), viewHeader.dtype.typeString())
                                    .arg(kMinPictureSide));
    if (viewLayout.isColor() && d.haveRange && options.range.mode != RangeMode::Manual
        && options.range.mode != RangeMode::MinMax)
        return usage(err, Tr::tr("a colour picture takes --range minmax or LO:HI"));
    PictureLayout layout = arrayLayout(view, viewLayout);
    if (viewHeader.shape.size() == 1) {
        layout.rowAxis = view.axes[0];
        layout.frames = 1;
        layout.frameAxes.clear();
    }
    if (viewHeader.shape.size() == 0)
        layout.frames = 1;
    const qint64 frames = layout.frames;
    if (frame < 0)
        frame += frames;
    if (haveFrame && (frame < 0 || frame >= frames))
        return toolInvalid(err, Tr::tr("%1: --frame %2 is out of range: there are %3 frames").arg(where).arg(frame).arg(frames));
    if (haveSheet && start >= frames)
        return toolInvalid(err, Tr::tr("%1: --start %2 is out of range: there are %3 frames").arg(where).arg(start).arg(frames));

    auto draw = [&](qint64 f, ArgbImage *image, QString *error) {
        auto drawn = drawFrame(array, layout, indexOfFrame(layout, array.shape(), f, view.index), d);
        if (!drawn) {
            *error = drawn.error();
            return false;
        }
        *image = std::move(drawn.value());
        return true;
    };
    ArgbImage picture;
    QString error;
    bool alpha = layout.isColor() && layout.channels == 4;
    if (haveSheet) {
        auto sheet = tileFrames(start, frames, sheetCols, sheetRows, d.size,
                                [&](qint64 f, ArgbImage *tile) { return draw(f, tile, &error); });
        if (!sheet)
            return toolInvalid(err, Tr::tr("%1: %2").arg(where, error.isEmpty() ? sheet.error() : error));
        picture = std::move(sheet.value());
        alpha = alpha || start + qint64(sheetCols) * sheetRows > frames;
    } else if (!draw(frame, &picture, &error)) {
        return toolInvalid(err, Tr::tr("%1: %2").arg(where, error));
    }
    return writePng(picture, alpha, png, where, err);
}

} // namespace

const ToolCommand kRenderCommand = {"render", kSynopsis, kRenderUsage, run};

} // namespace npy
