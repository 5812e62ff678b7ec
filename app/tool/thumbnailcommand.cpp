#include "thumbnailcommand.h"

#include "envelope.h"
#include "heatmap.h"
#include "leadingread.h"
#include "npzreader.h"
#include "opensource.h"
#include "picture.h"
#include "picturelayout.h"
#include "source.h"

#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <limits>

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool thumbnail IN OUT SIZE\n";

const char kUsage[] =
    "usage: npy-tool thumbnail IN OUT SIZE\n"
    "  writes OUT, an RGBA PNG of at most SIZE x SIZE pixels (1 to 4096) previewing IN for a file manager:\n"
    "  the colour picture (a stack's first frame), else the heatmap of the first 2-D slice of the largest\n"
    "  numeric member, else a line plot of a 1-D member; exit 1 and no OUT when there is nothing to show,\n"
    "  and for damaged files and files NumPy reads but never writes (other header layouts, odd member names).\n"
    "  Reads a bounded part of the data only (at most 48 MiB), whatever the file's size.\n";

constexpr int kMaxSize = 4096;
/** Rows read per output row when rows are sampled from a picture too large to read whole. */
constexpr int kRowsPerPixel = 4;
/** An archive of at most this many members and bytes has all of them checked before it is shown. */
constexpr qint64 kVerifyAllMembers = 1000;
constexpr qint64 kVerifyAllBytes = qint64(32) << 20;
/** The longest side may be at most this many times the shortest: a 1 x 100000 row still shows as a band. */
constexpr int kMaxAspect = 8;
/** The most axes NumPy before 2.0 reads (NPY_MAXDIMS): a file with more is no output of most NumPys. */
constexpr int kMaxThumbnailDims = 32;

/** Data bytes read for a preview: what a plain read, an inflate and a bzip2/LZMA decode do well within 1 s. */
qint64 budgetFor(Compression compression)
{
    switch (compression) {
    case Compression::None:
    case Compression::Stored:
        return qint64(48) << 20;
    case Compression::Deflated:
        return qint64(24) << 20;
    default:
        return qint64(3) << 20;
    }
}

int usage(QTextStream &err, const QString &why)
{
    return toolMessage(err, why, kToolUsage, kUsage);
}

/** The member a thumbnail shows and how: a colour picture, a heatmap, or a line plot. */
struct Choice
{
    enum Kind { None, Picture, Heatmap, Line };
    Kind kind = None;
    int index = -1;
    PictureLayout layout;
};

/**
 * True when the archive member name \a name, joined to a folder, would reach outside it or name a device: a
 * control character (NUL included), a path from the root or a drive (`/x`, `\\x`, `C:x`), or a `..` part.
 */
bool leavesFolder(const QString &name)
{
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    if (name.startsWith(QLatin1Char('/')) || name.startsWith(QLatin1Char('\\'))
        || (name.size() >= 2 && name[1] == QLatin1Char(':') && name[0].isLetter()))
        return true;
    const QStringList parts = QString(name).replace(QLatin1Char('\\'), QLatin1Char('/')).split(QLatin1Char('/'));
    return parts.contains(QStringLiteral(".."));
}

/**
 * Why member \a m of \a source is no output of np.save or np.savez as they write a file, or an empty string. A
 * thumbnailer runs on whatever lands in a folder: what NumPy itself never writes (a header in another layout, a
 * member that is not an array, a name that climbs out of its folder) shows no preview, like a damaged file.
 */
QString unusual(const Source &source, const MemberInfo &m)
{
    const QString where = source.format() == FileFormat::Npy ? source.path()
                                                              : Tr::tr("%1: member '%2'").arg(source.path(), m.name);
    if (source.format() == FileFormat::Npz && leavesFolder(m.archiveName))
        return Tr::tr("%1: the member name leaves the folder it would be extracted to").arg(where);
    if (!m.isArray)
        return Tr::tr("%1: not a NumPy array (np.savez writes arrays only)").arg(where);
    if (!m.header.numpyLayout)
        return Tr::tr("%1: the header is not laid out as np.save writes it").arg(where);
    if (m.header.shape.size() > kMaxThumbnailDims)
        return Tr::tr("%1: %2 axes (NumPy before 2.0 reads at most %3)")
            .arg(where)
            .arg(m.header.shape.size())
            .arg(kMaxThumbnailDims);
    return QString();
}

/**
 * The member to show: the largest colour picture, else the largest numeric array of 2 or more axes, else the
 * largest 1-D numeric array. False with \a why when a member is damaged or unusual (a hostile file shows nothing).
 */
bool choose(const Source &source, Choice *choice, QString *why)
{
    Choice best[4];
    qint64 bestBytes[4] = {-1, -1, -1, -1};
    for (int i = 0; i < source.members().size(); ++i) {
        const MemberInfo &m = source.members()[i];
        if (!m.error.isEmpty() || m.truncated || m.recovered) {
            *why = !m.error.isEmpty() ? m.error
                   : m.truncated      ? Tr::tr("%1: member '%2' is cut short").arg(source.path(), m.name)
                                      : Tr::tr("%1: %2").arg(source.path(), m.warning);
            return false;
        }
        *why = unusual(source, m);
        if (!why->isEmpty())
            return false;
        const NpyHeader &h = m.header;
        if (!m.isArray || m.compression == Compression::Unsupported || h.isPickled() || h.dtype.kind == Kind::Struct
            || !h.dtype.isNumeric() || h.elementCount == 0 || h.shape.isEmpty())
            continue;
        const PictureLayout layout = pictureLayout(h);
        const Choice::Kind kind = layout.isColor() ? Choice::Picture
                                  : h.shape.size() >= 2 ? Choice::Heatmap
                                                        : Choice::Line;
        if (h.dataBytes > bestBytes[kind]) {
            bestBytes[kind] = h.dataBytes;
            best[kind] = Choice{kind, i, layout};
        }
    }
    for (const Choice::Kind kind : {Choice::Picture, Choice::Heatmap, Choice::Line}) {
        if (best[kind].kind != Choice::None) {
            *choice = best[kind];
            break;
        }
    }
    return true;
}

/**
 * Checks the CRC-32 of what a preview of \a choice would show of an archive: every member when they are few and
 * small together (a damaged member anywhere then shows no preview), else the chosen member when it is read whole.
 */
bool verified(const Source &source, const Choice &choice, qint64 budget, QString *why)
{
    if (source.format() != FileFormat::Npz)
        return true;
    qint64 total = 0;
    for (const MemberInfo &m : source.members()) {
        // bzip2 and LZMA decode about eight times slower than DEFLATE: their bytes count eight times.
        const bool slow = m.compression == Compression::Bzip2 || m.compression == Compression::Lzma;
        const qint64 cost = std::clamp<qint64>(m.size, 0, kVerifyAllBytes + 1) * (slow ? 8 : 1);
        total = std::min(total + cost, kVerifyAllBytes + 1);
    }
    const bool all = source.members().size() <= kVerifyAllMembers && total <= kVerifyAllBytes;
    for (int i = 0; i < source.members().size(); ++i) {
        const MemberInfo &m = source.members()[i];
        const bool shown = all || (i == choice.index && m.size <= budget);
        if (!shown || !m.isArray || m.compression == Compression::Unsupported)
            continue;
        const Status status = verifyMember(source, i);
        if (!status) {
            *why = status.error();
            return false;
        }
    }
    return true;
}

/** \a cols x \a rows fitted into size x size, keeping the aspect up to kMaxAspect. */
QSize fitted(qint64 cols, qint64 rows, int size)
{
    const double longest = double(std::max(cols, rows));
    const int minSide = std::max(1, size / kMaxAspect);
    int w = std::clamp(int(std::lround(double(cols) / longest * size)), minSide, size);
    int h = std::clamp(int(std::lround(double(rows) / longest * size)), minSide, size);
    return QSize(w, h);
}

/** \a argb as a QImage (straight or premultiplied words). */
QImage toImage(const ArgbImage &argb, bool premultiplied)
{
    QImage image(argb.width, argb.height,
                 premultiplied ? QImage::Format_ARGB32_Premultiplied : QImage::Format_ARGB32);
    if (image.isNull())
        return image;
    for (int y = 0; y < argb.height; ++y)
        std::copy_n(argb.row(y), argb.width, reinterpret_cast<QRgb *>(image.scanLine(y)));
    return image.convertToFormat(QImage::Format_ARGB32);
}

/**
 * The first frame of \a array (a leading box, or rows of the frame) drawn in colour by \a layout, or as a heatmap
 * without a channel axis, into \a output pixels.
 */
Result<QImage> drawFrame(const NpyArray &array, const PictureLayout &layout, QSize output)
{
    const QList<qint64> index(array.shape().size(), 0);
    if (layout.isColor()) {
        PictureOptions options;
        double min = std::numeric_limits<double>::quiet_NaN(), max = min;
        if (pictureRangeNeedsValues(array.dtype()) && !pictureMinMax(array, layout, index, false, &min, &max))
            return Result<QImage>::failure(Tr::tr("cannot read the picture's channels"));
        options.range = defaultPictureRange(array.dtype(), min, max);
        ArgbImage picture;
        if (!renderPicture(array, layout, index, options, QRectF(), output, &picture))
            return Result<QImage>::failure(Tr::tr("cannot draw the picture"));
        return toImage(picture, false);
    }
    SliceSpec spec;
    spec.rowAxis = layout.rowAxis;
    spec.colAxis = layout.colAxis;
    spec.index = index;
    HeatmapOptions options;
    options.exact = true;
    options.reduction = Reduction::Mean;
    auto heatmap = renderHeatmap(array, spec, options, QRectF(), output);
    if (!heatmap)
        return Result<QImage>::failure(heatmap.error());
    return toImage(heatmap.value(), true);
}

/** A line plot of the 1-D \a array: per column the min..max of its block, joined from block to block. */
Result<QImage> drawLine(const NpyArray &array, int size)
{
    SeriesMemory series;
    series.first = array.data();
    series.stride = array.itemSize();
    series.type = array.dtype();
    series.part = ComplexPart::Magnitude;
    series.count = array.size();
    const int width = size;
    const int height = std::max(1, size * 3 / 4);
    const qint64 bins = std::min<qint64>(width, series.count);
    Envelope envelope = envelopeLayout(0, series.count, bins);
    if (!fillEnvelope(series, 0, bins, &envelope))
        return Result<QImage>::failure(Tr::tr("cannot read the series"));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const EnvelopeBin &b : envelope.bins) {
        for (double v : {b.min, b.max})
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    }
    QImage image(width, height, QImage::Format_ARGB32);
    if (image.isNull())
        return Result<QImage>::failure(Tr::tr("not enough memory for an image of %1 x %2").arg(width).arg(height));
    image.fill(QColor(255, 255, 255));
    if (!(lo <= hi))
        return image; // nothing finite: an empty plot
    const double margin = std::max(1.0, height * 0.05);
    const double span = hi > lo ? hi - lo : 1.0;
    const double mid = hi > lo ? 0.0 : 0.5 * (height - 1);
    auto yOf = [&](double v) {
        if (!(hi > lo))
            return mid;
        const double clipped = std::clamp(v, lo, hi);
        return margin + (hi - clipped) / span * (height - 1 - 2 * margin);
    };
    auto xOf = [&](qint64 bin) { return (double(bin) + 0.5) * width / double(bins); };
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(31, 119, 180), std::max(1.0, size / 128.0)));
    QPainterPath path;
    bool open = false;
    for (qint64 i = 0; i < bins; ++i) {
        const EnvelopeBin &b = envelope.bins[size_t(i)];
        const double x = xOf(i);
        if (!std::isfinite(b.min) || !std::isfinite(b.max)) {
            open = false;
            continue;
        }
        const double first = std::isfinite(b.first) ? b.first : b.min;
        const double last = std::isfinite(b.last) ? b.last : b.max;
        if (open)
            path.lineTo(x, yOf(first));
        else
            path.moveTo(x, yOf(first));
        if (b.stop - b.start > 1) {
            path.moveTo(x, yOf(b.max));
            path.lineTo(x, yOf(b.min));
            path.moveTo(x, yOf(last));
        }
        // A bin of one sample is a point: a lone one is drawn as a dot.
        if (!open && b.stop - b.start == 1)
            path.lineTo(x + 0.01, yOf(first));
        open = true;
    }
    painter.drawPath(path);
    painter.end();
    return image;
}

/** Writes \a image as an 8-bit RGBA PNG at \a path through a QSaveFile; false with \a error on failure. */
bool writePng(const QImage &image, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = Tr::tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image.convertToFormat(QImage::Format_ARGB32))) {
        file.cancelWriting();
        *error = Tr::tr("%1: cannot write: %2").arg(path, writer.errorString());
        return false;
    }
    if (!file.commit()) {
        *error = Tr::tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

int run(const QStringList &args, QTextStream &, QTextStream &err)
{
    for (const QString &a : args)
        if (a.startsWith(QLatin1String("--")))
            return usage(err, Tr::tr("unknown option %1").arg(a));
    if (args.size() != 3)
        return usage(err, Tr::tr("thumbnail takes IN, OUT and SIZE"));
    const QString &input = args[0];
    const QString &output = args[1];
    bool ok = false;
    const int size = args[2].toInt(&ok);
    if (!ok || size < 1 || size > kMaxSize)
        return usage(err, Tr::tr("SIZE must be a number of pixels from 1 to %1, not '%2'").arg(kMaxSize).arg(args[2]));

    auto opened = openSource(input);
    if (!opened)
        return toolInvalid(err, opened.error());
    const Source &source = *opened.value();
    Choice choice;
    QString why;
    if (!choose(source, &choice, &why))
        return toolInvalid(err, why);
    if (choice.kind == Choice::None)
        return toolInvalid(err, Tr::tr("%1: no preview: no numeric array to draw").arg(input));
    const MemberInfo &m = source.members()[choice.index];
    const qint64 budget = budgetFor(m.compression);
    if (!verified(source, choice, budget, &why))
        return toolInvalid(err, why);
    const QString where = source.format() == FileFormat::Npy ? input
                                                             : Tr::tr("%1: member '%2'").arg(input, m.name);
    // The first frame: its frame axes (which lead in C order) at length 1; a Fortran-ordered array keeps them all.
    int fixed = 0;
    if (!m.header.fortranOrder)
        while (fixed < choice.layout.frameAxes.size() && choice.layout.frameAxes[fixed] == fixed)
            ++fixed;
    const QList<qint64> box = leadingBox(m.header, choice.kind == Choice::Line ? 0 : fixed, budget);
    if (box.isEmpty())
        return toolInvalid(err, Tr::tr("%1: no preview: one element is larger than %2 bytes")
                                    .arg(where)
                                    .arg(budget));
    const PictureLayout &l = choice.layout;
    const bool seekable = m.compression == Compression::None || m.compression == Compression::Stored;
    Result<NpyArray> loaded = Result<NpyArray>::failure(QString());
    const bool sampled = choice.kind != Choice::Line && seekable && !m.header.fortranOrder && l.rowAxis == fixed
                         && box[l.rowAxis] < m.header.shape[l.rowAxis] && box[l.rowAxis] > 1;
    if (sampled) {
        // Too many rows to read them all, each a seek away: rows spread evenly over the whole picture instead of
        // the first ones, a few per output row (each pixel the mean of the rows read in its block).
        const qint64 rows = m.header.shape[l.rowAxis];
        const qint64 count = std::min<qint64>(box[l.rowAxis], qint64(kRowsPerPixel) * size);
        QList<qint64> picked;
        for (qint64 i = 0; i < count; ++i) // floor(i * rows / count) without overflow
            picked.append(i * (rows / count) + i * (rows % count) / count);
        loaded = loadRows(source, choice.index, l.rowAxis, picked, budget);
    } else {
        loaded = loadLeadingBox(source, choice.index, box);
    }
    if (!loaded)
        return toolInvalid(err, loaded.error());
    const NpyArray &array = loaded.value();
    if (array.dtype().kind == Kind::Bool) {
        // NumPy writes a bool as the byte 0 or 1: any other byte was put there by hand.
        const uchar *bytes = array.data();
        const qint64 count = array.size() * array.itemSize();
        if (std::any_of(bytes, bytes + count, [](uchar b) { return b > 1; }))
            return toolInvalid(err, Tr::tr("%1: a bool holds a byte other than 0 and 1").arg(where));
    }
    Result<QImage> image = Result<QImage>::failure(QString());
    if (choice.kind == Choice::Line) {
        image = drawLine(array, size);
    } else {
        // The picture keeps the whole frame's aspect, whichever of its rows were read.
        const qint64 rows = sampled ? m.header.shape[l.rowAxis] : box[l.rowAxis];
        image = drawFrame(array, sliceLayout(array.header(), l.rowAxis, l.colAxis, l.channelAxis),
                          fitted(array.shape()[l.colAxis], rows, size));
    }
    if (!image)
        return toolInvalid(err, Tr::tr("%1: %2").arg(where, image.error()));
    if (!writePng(image.value(), output, &why))
        return toolInvalid(err, why);
    return kToolOk;
}

} // namespace

const ToolCommand kThumbnailCommand = {"thumbnail", kSynopsis, kUsage, run};

} // namespace npy
