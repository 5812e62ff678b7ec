#include "render.h"

#include "heatmaprenderer.h"
#include "slicespec.h"
#include "source.h"
#include "toolstatus.h"

#include <QCoreApplication>
#include <QImageWriter>

#include <cmath>

using npy::kToolInvalid;
using npy::kToolOk;
using npy::kToolUsage;

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Tool)
};


const char kRenderUsage[] =
    "usage: npy-tool render IN [--member NAME] --png OUT [--colormap NAME]\n"
    "                      [--range minmax|p1-99|p0.1-99.9|sym|LO:HI] [--scale linear|log|sqrt] [--slice SPEC]\n"
    "  colormaps: viridis magma inferno plasma cividis turbo gray coolwarm (NAME_r reversed)\n"
    "  SPEC: one entry per axis, an index or ':'; the first ':' axis is the rows, the second the columns\n";

int usage(QTextStream &err, const QString &why)
{
    err << "npy-tool: " << why << '\n' << kRenderUsage;
    err.flush();
    return kToolUsage;
}

int invalid(QTextStream &err, const QString &message)
{
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err << "npy-tool: " << line << '\n';
    err.flush();
    return kToolInvalid;
}

bool parseRange(const QString &text, npyw::RangeOptions *range)
{
    if (text == QLatin1String("minmax")) {
        range->mode = npyw::RangeMode::MinMax;
    } else if (text == QLatin1String("p1-99")) {
        range->mode = npyw::RangeMode::Percentile1;
    } else if (text == QLatin1String("p0.1-99.9")) {
        range->mode = npyw::RangeMode::Percentile01;
    } else if (text == QLatin1String("sym")) {
        range->mode = npyw::RangeMode::Symmetric;
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
        range->mode = npyw::RangeMode::Manual;
        range->manualLow = lo;
        range->manualHigh = hi;
    }
    return true;
}

} // namespace

bool parseSliceSpec(const QString &text, const QList<qint64> &shape, RenderSlice *slice, QString *why,
                    bool *syntaxError)
{
    *syntaxError = false;
    const QStringList parts = text.split(QLatin1Char(','));
    QList<qint64> index;
    QList<int> free;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString p = parts[i].trimmed();
        if (p == QLatin1String(":")) {
            free << int(i);
            index << 0;
            continue;
        }
        bool ok = false;
        const qint64 v = p.toLongLong(&ok);
        if (!ok) {
            *syntaxError = true;
            *why = Tr::tr("--slice: '%1' is neither an index nor ':'").arg(p);
            return false;
        }
        index << v;
    }
    if (free.isEmpty() || free.size() > 2) {
        *syntaxError = true;
        *why = Tr::tr("--slice needs one or two ':' entries, got %1").arg(free.size());
        return false;
    }
    if (parts.size() != shape.size()) {
        *why = Tr::tr("--slice has %1 entries but the array has %2 axes, shape %3")
                   .arg(parts.size())
                   .arg(shape.size())
                   .arg(npy::pyTupleRepr(shape));
        return false;
    }
    for (int i = 0; i < shape.size(); ++i) {
        if (free.contains(i))
            continue;
        qint64 v = index[i];
        if (v < 0)
            v += shape[i];
        if (v < 0 || v >= shape[i]) {
            *why = Tr::tr("--slice index %1 is out of range for axis %2 with size %3").arg(index[i]).arg(i).arg(shape[i]);
            return false;
        }
        index[i] = v;
    }
    slice->rowAxis = free[0];
    slice->colAxis = free.size() > 1 ? free[1] : -1;
    slice->index = index;
    return true;
}

int renderCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Q_UNUSED(out);
    QString input, member, png, sliceText;
    bool haveSlice = false;
    npyw::HeatmapOptions options;
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
            || s == QLatin1String("--range") || s == QLatin1String("--scale") || s == QLatin1String("--slice")) {
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
            if (!npyw::colormapFromName(v, &options.colormap, &options.reversed))
                return usage(err, Tr::tr("unknown colormap '%1'").arg(v));
        } else if (s == QLatin1String("--range")) {
            if (!parseRange(v, &options.range))
                return usage(err, Tr::tr("--range takes minmax, p1-99, p0.1-99.9, sym or LO:HI with LO < HI, not '%1'")
                                      .arg(v));
        } else if (s == QLatin1String("--scale")) {
            if (v == QLatin1String("linear"))
                options.range.scale = npyw::ColorScale::Linear;
            else if (v == QLatin1String("log"))
                options.range.scale = npyw::ColorScale::Log;
            else if (v == QLatin1String("sqrt"))
                options.range.scale = npyw::ColorScale::Sqrt;
            else
                return usage(err, Tr::tr("--scale takes linear, log or sqrt, not '%1'").arg(v));
        } else if (s == QLatin1String("--slice")) {
            sliceText = v;
            haveSlice = true;
        }
    }
    if (input.isEmpty())
        return usage(err, Tr::tr("render needs an input file"));
    if (png.isEmpty())
        return usage(err, Tr::tr("render needs --png OUT"));

    auto source = npy::Source::open(input);
    if (!source)
        return invalid(err, source.error());
    const npy::Source &src = *source.value();
    int index = -1;
    if (!member.isEmpty()) {
        index = src.indexOf(member);
        if (index < 0)
            return invalid(err, Tr::tr("%1: no member named '%2'").arg(src.path(), member));
    } else {
        QStringList arrays;
        for (int i = 0; i < src.members().size(); ++i) {
            if (src.members()[i].isArray) {
                arrays << src.members()[i].name;
                index = i;
            }
        }
        if (arrays.size() > 1)
            return usage(err, Tr::tr("%1 holds %2 arrays (%3): choose one with --member")
                                  .arg(src.path())
                                  .arg(arrays.size())
                                  .arg(arrays.join(QStringLiteral(", "))));
        if (index < 0)
            return invalid(err, Tr::tr("%1: no array to draw").arg(src.path()));
    }
    const npy::MemberInfo &info = src.members()[index];
    const QString where = src.format() == npy::FileFormat::Npz
                              ? Tr::tr("%1: member '%2'").arg(src.path(), info.name)
                              : src.path();
    if (!info.isArray || !info.error.isEmpty())
        return invalid(err, !info.error.isEmpty() ? info.error : Tr::tr("%1: not an array").arg(where));
    if (info.header.isPickled())
        return invalid(err, Tr::tr("%1: cannot draw dtype object (pickled, not loaded for safety)").arg(where));

    npyw::SliceSpec spec = npyw::SliceSpec::defaultFor(info.header);
    if (info.header.dtype.kind == npy::Kind::Struct)
        return invalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, info.header.dtype.descr()));
    if (haveSlice) {
        RenderSlice rs;
        QString why;
        bool syntax = false;
        if (!parseSliceSpec(sliceText, info.header.shape, &rs, &why, &syntax))
            return syntax ? usage(err, why) : invalid(err, Tr::tr("%1: %2").arg(where, why));
        spec.rowAxis = rs.rowAxis;
        spec.colAxis = rs.colAxis;
        spec.index = rs.index;
    }
    // Check that the dtype can be drawn before reading (inflating) any data.
    if (!info.header.dtype.isNumeric())
        return invalid(err, Tr::tr("%1: cannot draw dtype %2").arg(where, info.header.dtype.typeString()));

    auto array = src.load(index);
    if (!array)
        return invalid(err, array.error());
    auto image = npyw::renderHeatmap(array.value(), spec, options);
    if (!image)
        return invalid(err, Tr::tr("%1: %2").arg(where, image.error()));
    QImageWriter writer(png, "png");
    if (!writer.write(image.value().convertToFormat(QImage::Format_RGB32)))
        return invalid(err, Tr::tr("%1: cannot write: %2").arg(png, writer.errorString()));
    return kToolOk;
}
