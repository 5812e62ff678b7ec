#include "exportcommand.h"

#include "export.h"
#include "member.h"
#include "source.h"
#include "toolpickle.h"

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool export IN (--all | --member NAME...) --outdir DIR\n"
                         "  npy-tool export IN --member NAME --csv OUT.csv\n";

int exportToCsv(const Args &a, QTextStream &err)
{
    QList<int> indexes;
    auto source = openMembers(a.positional.first(), a.members, &indexes, true, err);
    if (!source)
        return kToolInvalid;
    if (indexes.size() != 1)
        return toolUsageError(err, Tr::tr("--csv needs --member NAME for an archive"));
    Result<NpyArray> array = source->load(indexes.first());
    if (!array)
        return toolInvalid(err, array.error());
    Status st = exportCsv(array.value(), a.csv);
    return st ? kToolOk : toolInvalid(err, st.error());
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const Args a = parseArgs(args, false);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    QString bad;
    if (a.positional.size() != 1 || !allowOnly(a, {"--all"}, true, true, &bad))
        return toolUsageError(err, bad.isEmpty() ? Tr::tr("export takes one IN") : bad);
    const bool all = a.flags.contains(QStringLiteral("--all"));
    if (!a.csv.isEmpty()) {
        if (all || a.members.size() > 1 || !a.outdir.isEmpty())
            return toolUsageError(err, Tr::tr("--csv takes exactly one --member (or none for a .npy) and no --outdir"));
        return exportToCsv(a, err);
    }
    if (a.outdir.isEmpty() || all == !a.members.isEmpty())
        return toolUsageError(err, Tr::tr("export needs --outdir DIR and either --all or --member NAME"));
    QList<int> indexes;
    auto source = openMembers(a.positional.first(), a.members, &indexes, true, err);
    if (!source)
        return kToolInvalid;
    Status st = exportWithPickles(*source, indexes, a.outdir, out);
    return st ? kToolOk : toolInvalid(err, st.error());
}

} // namespace

const ToolCommand kExportCommand = {"export", kSynopsis, nullptr, run};

} // namespace npy
