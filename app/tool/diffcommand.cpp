#include "diffcommand.h"

#include "compare.h"
#include "dtype.h"
#include "opensource.h"
#include "source.h"
#include "valuetext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>

namespace npy {

namespace {

const char kSynopsis[] =
    "  npy-tool diff A B [--member NAME | --member NAME_A:NAME_B]... [--rtol R] [--atol A] [--equal-nan]\n"
    "                    [--count N] [--json] [-q]      (exit 0 same, 1 different, 2 error)\n";

const char kDiffUsage[] =
    "usage: npy-tool diff A B [--member NAME | --member NAME_A:NAME_B]... [--rtol R] [--atol A] [--equal-nan]\n"
    "                         [--count N] [--json] [-q]\n"
    "  elements differ unless |a - b| <= atol + rtol * |b| (NumPy's isclose; exact by default)\n"
    "  exit status: 0 same, 1 different, 2 error\n";

int usage(QTextStream &err, const QString &why)
{
    return toolMessage(err, why, kToolError, kDiffUsage);
}

int error(QTextStream &err, const QString &message)
{
    return toolMessage(err, message, kToolError);
}

/** A difference as NumPy prints a float64 (or a float32 when computed in single precision). */
QString numberText(double v, bool single)
{
    DType t;
    QString why;
    DType::fromTypeString(single ? QStringLiteral("<f4") : QStringLiteral("<f8"), &t, &why);
    uchar bytes[8];
    if (single) {
        const float f = float(v);
        std::memcpy(bytes, &f, sizeof f);
    } else {
        std::memcpy(bytes, &v, sizeof v);
    }
    return formatValue(t, bytes);
}

QString indexText(const QList<qint64> &index)
{
    return pyTupleRepr(index);
}

QJsonValue jsonNumber(double v)
{
    if (std::isnan(v))
        return QJsonValue();
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return v;
}

QJsonValue jsonIndex(const QList<qint64> &index)
{
    QJsonArray a;
    for (qint64 i : index)
        a.append(double(i));
    return a;
}

QJsonValue jsonOrNull(bool has, const QJsonValue &v)
{
    return has ? v : QJsonValue();
}

QJsonObject memberJson(const MemberDiff &d)
{
    QJsonObject o;
    o[QStringLiteral("name")] = d.name;
    o[QStringLiteral("status")] = memberStatusName(d.status);
    const bool headerA = d.hasA && !d.dtypeA.isEmpty();
    const bool headerB = d.hasB && !d.dtypeB.isEmpty();
    o[QStringLiteral("dtype")] = QJsonArray{jsonOrNull(headerA, d.dtypeA), jsonOrNull(headerB, d.dtypeB)};
    o[QStringLiteral("shape")] = QJsonArray{jsonOrNull(headerA, jsonIndex(d.shapeA)), jsonOrNull(headerB, jsonIndex(d.shapeB))};
    o[QStringLiteral("count")] = jsonOrNull(d.compared, double(d.count));
    o[QStringLiteral("total")] = jsonOrNull(d.compared, double(d.total));
    o[QStringLiteral("nan_mismatch")] = jsonOrNull(d.compared, double(d.nanMismatch));
    auto extreme = [&](bool has, double value, const QList<qint64> &index) -> QJsonValue {
        if (!d.compared || !has)
            return QJsonValue();
        return QJsonObject{{QStringLiteral("value"), jsonNumber(value)}, {QStringLiteral("index"), jsonIndex(index)}};
    };
    o[QStringLiteral("max_abs")] = extreme(d.hasMaxAbs, d.maxAbs, d.maxAbsIndex);
    o[QStringLiteral("max_rel")] = extreme(d.hasMaxRel, d.maxRel, d.maxRelIndex);
    QJsonArray first;
    for (const DiffElement &e : d.first)
        first.append(QJsonObject{{QStringLiteral("index"), jsonIndex(e.index)},
                                 {QStringLiteral("a"), e.a},
                                 {QStringLiteral("b"), e.b}});
    o[QStringLiteral("first")] = first;
    o[QStringLiteral("reason")] = d.reason.isEmpty() ? QJsonValue() : QJsonValue(d.reason);
    return o;
}

void printText(QTextStream &out, const MemberDiff &d, bool single)
{
    if (d.status == MemberStatus::Same)
        return;
    out << memberStatusName(d.status) << ' ' << d.name;
    if (d.compared) {
        out << ": " << Tr::tr("%1 of %2 elements differ").arg(d.count).arg(d.total);
        if (d.hasMaxAbs)
            out << ", " << Tr::tr("max |a-b| %1 at %2").arg(numberText(d.maxAbs, single), indexText(d.maxAbsIndex));
        if (d.hasMaxRel && d.count > 0)
            out << ", " << Tr::tr("max rel %1 at %2").arg(numberText(d.maxRel, false), indexText(d.maxRelIndex));
        if (d.nanMismatch > 0)
            out << ", " << Tr::tr("%1 NaN mismatches").arg(d.nanMismatch);
        if (d.dtypeDiffers)
            out << " (" << d.reason << ')';
    } else if (!d.reason.isEmpty()) {
        out << ": " << d.reason;
    }
    out << '\n';
    for (const DiffElement &e : d.first)
        out << "  " << indexText(e.index) << ": " << e.a << " != " << e.b << '\n';
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList files;
    QStringList specs;
    CompareOptions options;
    bool json = false;
    bool quiet = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        auto value = [&](QString *into) {
            if (i + 1 >= args.size())
                return false;
            *into = args[++i];
            return true;
        };
        QString v;
        if (s == QLatin1String("--member") || s == QLatin1String("--rtol") || s == QLatin1String("--atol")
            || s == QLatin1String("--count")) {
            if (!value(&v))
                return usage(err, Tr::tr("%1 needs a value").arg(s));
            bool ok = false;
            if (s == QLatin1String("--member")) {
                specs << v;
            } else if (s == QLatin1String("--count")) {
                const int n = v.toInt(&ok);
                if (!ok || n < 0)
                    return usage(err, Tr::tr("--count takes a number >= 0, not '%1'").arg(v));
                options.firstCount = n;
            } else {
                const double x = v.toDouble(&ok);
                if (!ok || !std::isfinite(x) || x < 0)
                    return usage(err, Tr::tr("%1 takes a finite number >= 0, not '%2'").arg(s, v));
                (s == QLatin1String("--rtol") ? options.rtol : options.atol) = x;
            }
        } else if (s == QLatin1String("--equal-nan")) {
            options.equalNan = true;
        } else if (s == QLatin1String("--json")) {
            json = true;
        } else if (s == QLatin1String("-q") || s == QLatin1String("--quiet")) {
            quiet = true;
        } else if (s.startsWith(QLatin1Char('-')) && s.size() > 1) {
            return usage(err, Tr::tr("unknown option %1").arg(s));
        } else {
            files << s;
        }
    }
    if (files.size() != 2)
        return usage(err, Tr::tr("diff takes two files, A and B"));
    auto a = openSource(files[0]);
    if (!a)
        return error(err, a.error());
    auto b = openSource(files[1]);
    if (!b)
        return error(err, b.error());
    auto pairs = pairMembers(*a.value(), *b.value(), specs);
    if (!pairs)
        return error(err, pairs.error());
    bool equal = true;
    QJsonArray members;
    for (const MemberPair &p : pairs.value()) {
        auto d = compareMembers(*a.value(), p.a, *b.value(), p.b, options);
        if (!d)
            return error(err, d.error());
        MemberDiff &diff = d.value();
        diff.name = p.name;
        equal = equal && diff.status == MemberStatus::Same;
        if (quiet)
            continue;
        if (json) {
            members.append(memberJson(diff));
        } else {
            bool single = false;
            if (p.a >= 0 && p.b >= 0 && diff.compared) {
                const auto &ha = a.value()->members()[p.a].header;
                const auto &hb = b.value()->members()[p.b].header;
                auto cmp = ElementComparator::create(ha.dtype, hb.dtype, options);
                single = cmp && cmp->isSinglePrecision();
            }
            printText(out, diff, single);
        }
    }
    if (json && !quiet) {
        QJsonObject root{{QStringLiteral("equal"), equal}, {QStringLiteral("members"), members}};
        out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact)) << '\n';
    }
    out.flush();
    return equal ? kToolOk : kToolDiffers;
}

} // namespace

const ToolCommand kDiffCommand = {"diff", kSynopsis, kDiffUsage, run};

} // namespace npy
