#include "statscommand.h"

#include "member.h"
#include "source.h"
#include "stats.h"

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool stats FILE [--member NAME]...\n";

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const Args a = parseArgs(args, false);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    QString bad;
    if (a.positional.size() != 1 || !allowOnly(a, {}, true, false, &bad))
        return toolUsageError(err, bad.isEmpty() ? Tr::tr("stats takes one FILE") : bad);
    QList<int> indexes;
    auto source = openMembers(a.positional.first(), a.members, &indexes, true, err);
    if (!source)
        return kToolInvalid;
    for (int i : indexes) {
        const MemberInfo &m = source->members()[i];
        if (!m.error.isEmpty())
            return toolInvalid(err, memberError(*source, m));
        if (!m.isArray)
            return toolInvalid(err, Tr::tr("%1: member '%2' is not an array").arg(source->path(), m.archiveName));
        Result<ArrayStats> s = computeStats(*source, i);
        if (!s)
            return toolInvalid(err, s.error());
        out << m.name << ':';
        for (const StatsField &f : statsFields(s.value(), m.header.dtype))
            out << ' ' << f.key << '=' << f.value;
        if (!s->numeric && !s->temporal)
            out << " (" << Tr::tr("no statistics for %1").arg(m.header.dtype.displayName()) << ')';
        out << '\n';
    }
    return kToolOk;
}

} // namespace

const ToolCommand kStatsCommand = {"stats", kSynopsis, nullptr, run};

} // namespace npy
