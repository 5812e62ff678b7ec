#include "envelopecommand.h"

#include "envelope.h"
#include "opensource.h"
#include "seriesarg.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool envelope FILE [--member NAME] [--field F] [--column C] --bins N [--json]\n";

const char kUsage[] =
    "usage: npy-tool envelope FILE [--member NAME] [--field F] [--column C] --bins N [--json]\n"
    "  The series (a 1-D member, a record field, a column of a 2-D member) cut into N blocks,\n"
    "  block i = samples floor(i*n/N) .. floor((i+1)*n/N) - 1; one line per block:\n"
    "    start stop min max      (stop exclusive; NaN left out, nan for a block without a value)\n"
    "  --json: one object with each block's start, stop, first, last, min, max, min_index, max_index\n";

int usage(QTextStream &err, const QString &message)
{
    return toolMessage(err, message, kToolUsage, kUsage);
}

QJsonValue jsonNumber(const DType &type, double v)
{
    if (std::isnan(v))
        return QJsonValue();
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (type.kind != Kind::Float)
        return QJsonValue(qint64(v));
    return v;
}

QJsonValue jsonIndex(qint64 i)
{
    return i < 0 ? QJsonValue() : QJsonValue(i);
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString input, member, field;
    qint64 bins = -1, column = -1;
    bool json = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        const bool takesValue = s == QLatin1String("--member") || s == QLatin1String("--field")
                                || s == QLatin1String("--column") || s == QLatin1String("--bins");
        if (takesValue && i + 1 >= args.size())
            return usage(err, Tr::tr("%1 needs a value").arg(s));
        if (s == QLatin1String("--member")) {
            member = args[++i];
        } else if (s == QLatin1String("--field")) {
            field = args[++i];
        } else if (s == QLatin1String("--column")) {
            bool ok = false;
            column = args[++i].toLongLong(&ok);
            if (!ok || column < 0)
                return usage(err, Tr::tr("--column takes a whole number >= 0, not '%1'").arg(args[i]));
        } else if (s == QLatin1String("--bins")) {
            bool ok = false;
            bins = args[++i].toLongLong(&ok);
            if (!ok || bins < 1 || bins > kMaxEnvelopeBins)
                return usage(err, Tr::tr("--bins takes a count from 1 to %1, not '%2'").arg(kMaxEnvelopeBins).arg(args[i]));
        } else if (s == QLatin1String("--json")) {
            json = true;
        } else if (s.startsWith(QLatin1String("--"))) {
            return usage(err, Tr::tr("unknown option %1").arg(s));
        } else {
            if (!input.isEmpty())
                return usage(err, Tr::tr("envelope takes one input file"));
            input = s;
        }
    }
    if (input.isEmpty())
        return usage(err, Tr::tr("envelope needs an input file"));
    if (bins < 0)
        return usage(err, Tr::tr("envelope needs --bins N"));
    auto source = openSource(input);
    if (!source)
        return toolInvalid(err, source.error());
    const Source &src = *source.value();
    const SeriesChoice choice = chooseSeries(src, member, field, column);
    if (choice.index < 0)
        return choice.usage ? usage(err, choice.error) : toolInvalid(err, choice.error);
    const Result<Envelope> r = computeEnvelope(src, choice.index, choice.layout, bins);
    if (!r)
        return toolInvalid(err, r.error().startsWith(src.path()) ? r.error() : Tr::tr("%1: %2").arg(choice.where, r.error()));
    const DType &type = choice.layout.type;
    if (json) {
        QJsonArray blocks;
        for (const EnvelopeBin &b : r->bins)
            blocks.append(QJsonObject{{QStringLiteral("start"), b.start},
                                      {QStringLiteral("stop"), b.stop},
                                      {QStringLiteral("first"), jsonNumber(type, b.first)},
                                      {QStringLiteral("last"), jsonNumber(type, b.last)},
                                      {QStringLiteral("min"), jsonNumber(type, b.min)},
                                      {QStringLiteral("max"), jsonNumber(type, b.max)},
                                      {QStringLiteral("min_index"), jsonIndex(b.minIndex)},
                                      {QStringLiteral("max_index"), jsonIndex(b.maxIndex)}});
        const QJsonObject doc{{QStringLiteral("file"), src.path()},
                              {QStringLiteral("member"), src.members()[choice.index].name},
                              {QStringLiteral("series"), choice.layout.label},
                              {QStringLiteral("dtype"), type.typeString()},
                              {QStringLiteral("samples"), choice.layout.count},
                              {QStringLiteral("min"), jsonNumber(type, r->min)},
                              {QStringLiteral("max"), jsonNumber(type, r->max)},
                              {QStringLiteral("min_index"), jsonIndex(r->minIndex)},
                              {QStringLiteral("max_index"), jsonIndex(r->maxIndex)},
                              {QStringLiteral("bins"), blocks}};
        out << QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Compact)) << '\n';
        return kToolOk;
    }
    for (const EnvelopeBin &b : r->bins)
        out << b.start << ' ' << b.stop << ' ' << sampleText(type, b.min) << ' ' << sampleText(type, b.max) << '\n';
    return kToolOk;
}

} // namespace

const ToolCommand kEnvelopeCommand = {"envelope", kSynopsis, kUsage, run};

} // namespace npy
