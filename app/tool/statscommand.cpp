#include "statscommand.h"

#include "member.h"
#include "source.h"
#include "stats.h"
#include "toolsparse.h"

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool stats FILE [--member NAME]...\n";

/**
 * The first line of `stats FILE` for a SciPy sparse matrix: `matrix: format=csr shape=(R, C) nnz=N count=R*C ...`,
 * the figures of its dense view (the implicit zeros counted, as SciPy's .mean() and .max() count them).
 * False after an error on \a err.
 */
bool printSparseStats(const SparseMatrix &m, QTextStream &out, QTextStream &err)
{
    const Result<NpyArray> dense = sparseDenseView(m);
    if (!dense) {
        toolInvalid(err, dense.error());
        return false;
    }
    out << "matrix: format=" << m.scipyName() << " shape=" << pyTupleRepr({m.rows, m.cols}) << " nnz=" << m.nnz;
    const DType &type = dense->dtype();
    const ArrayStats stats = computeStats(dense.value());
    for (const StatsField &f : statsFields(stats, type))
        out << ' ' << f.key << '=' << f.value;
    if (!stats.numeric && !stats.temporal)
        out << " (" << Tr::tr("no statistics for %1").arg(type.displayName()) << ')';
    out << '\n';
    return true;
}

/** `NAME: key=value ...` for one array or record field; a type without figures says so after the count. */
void printStats(const QString &name, const ArrayStats &stats, const DType &type, QTextStream &out)
{
    out << name << ':';
    for (const StatsField &f : statsFields(stats, type))
        out << ' ' << f.key << '=' << f.value;
    if (!stats.numeric && !stats.temporal)
        out << " (" << Tr::tr("no statistics for %1").arg(type.displayName()) << ')';
    out << '\n';
}

/**
 * A record array: its count, then one line per leaf field (`NAME.FIELD: ...`, the figures the inspector
 * shows for that field), all from one streamed pass. False after an error on \a err.
 */
bool printRecordStats(const Source &source, int index, QTextStream &out, QTextStream &err)
{
    const MemberInfo &m = source.members()[index];
    const Result<QList<ArrayStats>> fields = computeLeafStats(source, index);
    if (!fields) {
        toolInvalid(err, fields.error());
        return false;
    }
    out << m.name << ": count=" << m.header.elementCount << '\n';
    const QList<LeafColumn> leaves = leafColumns(m.header.dtype);
    for (qsizetype leaf = 0; leaf < leaves.size() && leaf < fields->size(); ++leaf)
        printStats(m.name + QLatin1Char('.') + leaves[leaf].name, fields->at(leaf), leaves[leaf].type, out);
    return true;
}

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
    if (a.members.isEmpty()) {
        const SparseRead sparse = readSparse(*source);
        if (sparse.matrix && !printSparseStats(*sparse.matrix, out, err))
            return kToolInvalid;
        if (sparse.laidOut && !sparse.matrix)
            err << Tr::tr("note: not read as a SciPy sparse matrix: %1").arg(sparse.error) << '\n';
    }
    for (int i : indexes) {
        const MemberInfo &m = source->members()[i];
        if (!m.error.isEmpty())
            return toolInvalid(err, memberError(*source, m));
        if (!m.isArray)
            return toolInvalid(err, Tr::tr("%1: member '%2' is not an array").arg(source->path(), m.archiveName));
        if (m.header.dtype.kind == Kind::Struct) {
            if (!printRecordStats(*source, i, out, err))
                return kToolInvalid;
            continue;
        }
        Result<ArrayStats> s = computeStats(*source, i);
        if (!s)
            return toolInvalid(err, s.error());
        printStats(m.name, s.value(), m.header.dtype, out);
    }
    return kToolOk;
}

} // namespace

const ToolCommand kStatsCommand = {"stats", kSynopsis, nullptr, run};

} // namespace npy
