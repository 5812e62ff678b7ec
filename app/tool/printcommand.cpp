#include "printcommand.h"

#include "member.h"
#include "opensource.h"
#include "selection.h"
#include "valuetext.h"

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool print FILE [--member NAME] [--slice SPEC]\n";

const char kPrintUsage[] = "usage: npy-tool print FILE [--member NAME] [--slice SPEC]\n"
                           "  SPEC: NumPy basic indexing, one entry per axis: an index, ':' or start:stop[:step]\n";

int fail(QTextStream &err, const QString &message, int status)
{
    return toolMessage(err, message, status, status == kToolUsage ? kPrintUsage : nullptr);
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString input, member, spec;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        if (s == QLatin1String("--member") || s == QLatin1String("--slice")) {
            if (i + 1 >= args.size())
                return fail(err, Tr::tr("%1 needs a value").arg(s), kToolUsage);
            (s == QLatin1String("--member") ? member : spec) = args[++i];
        } else if (s.startsWith(QLatin1String("--"))) {
            return fail(err, Tr::tr("unknown option %1").arg(s), kToolUsage);
        } else if (input.isEmpty()) {
            input = s;
        } else {
            return fail(err, Tr::tr("print takes one input file"), kToolUsage);
        }
    }
    if (input.isEmpty())
        return fail(err, Tr::tr("print needs an input file"), kToolUsage);
    auto source = openSource(input);
    if (!source)
        return fail(err, source.error(), kToolInvalid);
    const Source &src = *source.value();
    const MemberChoice choice = chooseArrayMember(src, member);
    if (choice.index < 0)
        return fail(err, choice.error, choice.usage ? kToolUsage : kToolInvalid);
    const NpyHeader &h = src.members()[choice.index].header;
    QList<AxisSelection> axes;
    QString why;
    if (!parseBasicIndex(spec, h.shape, &axes, &why))
        return fail(err, Tr::tr("%1: --slice: %2").arg(choice.where, why), kToolInvalid);
    const Result<NpyArray> picked = selectElements(src, choice.index, axes);
    if (!picked)
        return fail(err, picked.error().startsWith(src.path()) ? picked.error()
                                                               : Tr::tr("%1: %2").arg(choice.where, picked.error()),
                    kToolInvalid);
    const NpyArray &a = picked.value();
    // Each element as NumPy's str() prints it (records with their fields quoted and formatted as NumPy does).
    auto text = [&](qint64 flat) { return numpyStr(a.dtype(), a.data() + flat * a.itemSize()); };
    const qint64 rowLength = a.ndim() >= 2 ? a.shape().last() : 1;
    for (qint64 flat = 0; flat < a.size(); flat += rowLength) {
        for (qint64 k = 0; k < rowLength; ++k) {
            if (k)
                out << '\t';
            out << text(flat + k);
        }
        out << '\n';
    }
    return kToolOk;
}

} // namespace

const ToolCommand kPrintCommand = {"print", kSynopsis, kPrintUsage, run};

} // namespace npy
