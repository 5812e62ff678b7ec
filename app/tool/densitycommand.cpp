#include "densitycommand.h"

#include "density.h"
#include "npyfile.h"
#include "opensource.h"
#include "seriesarg.h"

#include <QFileInfo>

#include <cstring>

namespace npy {

namespace {

const char kSynopsis[] =
    "  npy-tool density FILE --x X --y Y --bins WxH [--range X0:X1,Y0:Y1] --out COUNTS.npy\n";

const char kUsage[] =
    "usage: npy-tool density FILE --x X --y Y --bins WxH [--range X0:X1,Y0:Y1] --out COUNTS.npy\n"
    "  X, Y: MEMBER (1-D), MEMBER:COLUMN (a column of a 2-D member) or MEMBER.FIELD (a record field)\n"
    "  Writes int64 counts of shape (W, H): np.histogram2d(x, y, bins=(W, H), range=...)[0].\n"
    "  Without --range, the extremes of the values that are not NaN. Points with a NaN or outside\n"
    "  the range are left out and counted on stderr.\n";

int usage(QTextStream &err, const QString &message)
{
    return toolMessage(err, message, kToolUsage, kUsage);
}

/** "LO:HI" as two numbers. */
bool parsePair(const QString &text, double *lo, double *hi)
{
    // The colon that splits: the first one not at the start (a number never holds a colon).
    const qsizetype colon = text.indexOf(QLatin1Char(':'), 1);
    if (colon < 0)
        return false;
    bool a = false, b = false;
    *lo = text.left(colon).trimmed().toDouble(&a);
    *hi = text.mid(colon + 1).trimmed().toDouble(&b);
    return a && b;
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Q_UNUSED(out);
    QString input, xName, yName, binsText, rangeText, output;
    bool haveX = false, haveY = false, haveRange = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        QString *into = s == QLatin1String("--x")       ? &xName
                        : s == QLatin1String("--y")     ? &yName
                        : s == QLatin1String("--bins")  ? &binsText
                        : s == QLatin1String("--range") ? &rangeText
                        : s == QLatin1String("--out")   ? &output
                                                        : nullptr;
        if (into) {
            if (i + 1 >= args.size())
                return usage(err, Tr::tr("%1 needs a value").arg(s));
            *into = args[++i];
            haveX = haveX || into == &xName;
            haveY = haveY || into == &yName;
            haveRange = haveRange || into == &rangeText;
        } else if (s.startsWith(QLatin1String("--"))) {
            return usage(err, Tr::tr("unknown option %1").arg(s));
        } else {
            if (!input.isEmpty())
                return usage(err, Tr::tr("density takes one input file"));
            input = s;
        }
    }
    if (input.isEmpty())
        return usage(err, Tr::tr("density needs an input file"));
    if (!haveX || !haveY)
        return usage(err, Tr::tr("density needs --x and --y"));
    if (output.isEmpty())
        return usage(err, Tr::tr("density needs --out COUNTS.npy"));
    const QStringList wh = binsText.split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const qint64 width = wh.value(0).toLongLong(&okW);
    const qint64 height = wh.value(1).toLongLong(&okH);
    if (wh.size() != 2 || !okW || !okH || width < 1 || height < 1)
        return usage(err, Tr::tr("--bins takes WxH (two counts >= 1), not '%1'").arg(binsText));
    if (width > kMaxDensityCells / height)
        return usage(err, Tr::tr("--bins %1: at most %2 cells").arg(binsText).arg(kMaxDensityCells));
    DensityRange range;
    if (haveRange) {
        const QStringList parts = rangeText.split(QLatin1Char(','));
        if (parts.size() != 2 || !parsePair(parts[0], &range.x0, &range.x1) || !parsePair(parts[1], &range.y0, &range.y1))
            return usage(err, Tr::tr("--range takes X0:X1,Y0:Y1, not '%1'").arg(rangeText));
    }
    if (QFileInfo(output).absoluteFilePath() == QFileInfo(input).absoluteFilePath())
        return usage(err, Tr::tr("--out %1 would replace the input").arg(output));

    auto source = openSource(input);
    if (!source)
        return toolInvalid(err, source.error());
    const Source &src = *source.value();
    const SeriesChoice x = parseSeries(src, xName);
    if (x.index < 0)
        return x.usage ? usage(err, x.error) : toolInvalid(err, x.error);
    const SeriesChoice y = parseSeries(src, yName);
    if (y.index < 0)
        return y.usage ? usage(err, y.error) : toolInvalid(err, y.error);
    const Result<Density> d =
        computeDensity(src, x.index, x.layout, y.index, y.layout, width, height, haveRange ? &range : nullptr);
    if (!d)
        return toolInvalid(err, d.error().startsWith(src.path()) ? d.error() : Tr::tr("%1: %2").arg(src.path(), d.error()));

    NpyHeader h;
    h.dtype.kind = Kind::Int;
    h.dtype.itemSize = 8;
    h.dtype.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    h.shape = {width, height};
    h.elementCount = width * height;
    h.dataBytes = h.elementCount * 8;
    QByteArray bytes(qsizetype(h.dataBytes), Qt::Uninitialized);
    std::memcpy(bytes.data(), d->counts.data(), size_t(h.dataBytes));
    const Status st = saveNpyFile(output, NpyArray(std::move(h), std::move(bytes)));
    if (!st)
        return toolInvalid(err, st.error());
    const qint64 left = d->nanPoints + d->outsidePoints;
    if (left > 0)
        err << "npy-tool: "
            << Tr::tr("%1: %2 of %3 points left out: %4 with a NaN, %5 outside the range")
                   .arg(src.path())
                   .arg(left)
                   .arg(d->points)
                   .arg(d->nanPoints)
                   .arg(d->outsidePoints)
            << '\n';
    return kToolOk;
}

} // namespace

const ToolCommand kDensityCommand = {"density", kSynopsis, kUsage, run};

} // namespace npy
