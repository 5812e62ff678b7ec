#include "findcommand.h"

#include "find.h"
#include "member.h"
#include "opensource.h"
#include "source.h"
#include "valuetext.h"

#include <cmath>
#include <cstring>

namespace npy {

namespace {

const char kSynopsis[] =
    "  npy-tool find FILE [--member NAME] [--field F] CONDITION [--limit N] [--count]\n"
    "    CONDITION: --eq V [--tol T] | --ne V | --lt V | --le V | --gt V | --ge V | --between LO:HI\n"
    "               | --nan | --inf | --nonfinite | --max | --min | --startswith TEXT | --contains TEXT\n";

const char kFindUsage[] =
    "usage: npy-tool find FILE [--member NAME] [--field F] CONDITION [--limit N] [--count]\n"
    "  CONDITION: --eq V [--tol T] | --ne V | --lt V | --le V | --gt V | --ge V | --between LO:HI\n"
    "             | --nan | --inf | --nonfinite | --max | --min | --startswith TEXT | --contains TEXT\n"
    "  a text column (U, S) takes --eq TEXT, --ne TEXT, --startswith TEXT or --contains TEXT (case-sensitive;\n"
    "  trailing NULs are not part of a string, as in NumPy)\n"
    "  exit status: 0 something matched, 1 nothing did, 2 error\n";

int fail(QTextStream &err, const QString &message, bool usage)
{
    return toolMessage(err, message, kToolError, usage ? kFindUsage : nullptr);
}

/** A number as the user typed it: anything strtod reads, `nan`, `inf`, True/False. */
bool parseNumber(const QString &text, double *value)
{
    const QString t = text.trimmed();
    if (t.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0) {
        *value = 1;
        return true;
    }
    if (t.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0) {
        *value = 0;
        return true;
    }
    DType f8;
    f8.kind = Kind::Float;
    f8.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    f8.itemSize = 8;
    QByteArray bytes;
    QString why;
    if (!parseValue(f8, t, &bytes, &why))
        return false;
    std::memcpy(value, bytes.constData(), sizeof(double));
    return true;
}

/**
 * Where --between's LO:HI splits: at its one colon; with more (datetimes with times, both ends
 * written alike: "2005-01-03T10:30:2005-01-04T08:00"), at the middle one. -1 without a colon.
 */
qsizetype betweenColon(const QString &v)
{
    QList<qsizetype> colons;
    for (qsizetype i = 1; i < v.size(); ++i)
        if (v[i] == QLatin1Char(':'))
            colons << i;
    if (colons.isEmpty())
        return -1;
    return colons[colons.size() / 2];
}

QString indexText(qint64 flat, const QList<qint64> &shape)
{
    QStringList parts;
    for (qint64 i : unravelIndex(flat, shape))
        parts << QString::number(i);
    return parts.join(QLatin1Char(','));
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString input, member, field;
    qint64 limit = 1000;
    bool countOnly = false;
    bool haveCondition = false;
    bool haveTol = false;
    FindCondition cond;
    // Values that are not numbers: dates or durations when the column searched is a datetime64 or
    // timedelta64 one, known once the file is open; else the message given.
    struct Deferred
    {
        double *into;
        QString text;
        QString message;
    };
    QList<Deferred> deferred;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        auto value = [&](QString *into) {
            if (i + 1 >= args.size())
                return false;
            *into = args[++i];
            return true;
        };
        auto setCondition = [&](FindOp op) {
            if (haveCondition)
                return false;
            haveCondition = true;
            cond.op = op;
            return true;
        };
        QString v;
        if (s == QLatin1String("--member") || s == QLatin1String("--field") || s == QLatin1String("--limit")
            || s == QLatin1String("--tol") || s == QLatin1String("--eq") || s == QLatin1String("--ne")
            || s == QLatin1String("--lt") || s == QLatin1String("--le") || s == QLatin1String("--gt")
            || s == QLatin1String("--ge") || s == QLatin1String("--between") || s == QLatin1String("--startswith")
            || s == QLatin1String("--contains")) {
            if (!value(&v))
                return fail(err, Tr::tr("%1 needs a value").arg(s), true);
        }
        static const QList<std::pair<const char *, FindOp>> kValueOps = {
            {"--eq", FindOp::Eq}, {"--ne", FindOp::Ne}, {"--lt", FindOp::Lt},
            {"--le", FindOp::Le}, {"--gt", FindOp::Gt}, {"--ge", FindOp::Ge}};
        static const QList<std::pair<const char *, FindOp>> kFlagOps = {
            {"--nan", FindOp::NaN}, {"--inf", FindOp::Inf}, {"--nonfinite", FindOp::NonFinite},
            {"--max", FindOp::Max}, {"--min", FindOp::Min}};
        bool handled = false;
        for (const auto &[name, op] : kValueOps) {
            if (s == QLatin1String(name)) {
                if (!setCondition(op))
                    return fail(err, Tr::tr("find takes one condition"), true);
                if (!parseNumber(v, &cond.value))
                    deferred.append({&cond.value, v, Tr::tr("%1: '%2' is not a number").arg(s, v)});
                handled = true;
            }
        }
        for (const auto &[name, op] : kFlagOps) {
            if (s == QLatin1String(name)) {
                if (!setCondition(op))
                    return fail(err, Tr::tr("find takes one condition"), true);
                handled = true;
            }
        }
        if (s == QLatin1String("--eq") || s == QLatin1String("--ne"))
            cond.needle = v; // the text a text column is compared with (chosen once the column is known)
        if (s == QLatin1String("--startswith") || s == QLatin1String("--contains")) {
            if (!setCondition(s == QLatin1String("--startswith") ? FindOp::StartsWith : FindOp::Contains))
                return fail(err, Tr::tr("find takes one condition"), true);
            cond.onText = true;
            cond.needle = v;
            handled = true;
        }
        if (handled)
            continue;
        if (s == QLatin1String("--between")) {
            if (!setCondition(FindOp::Between))
                return fail(err, Tr::tr("find takes one condition"), true);
            const QString message = Tr::tr("--between takes LO:HI, not '%1'").arg(v);
            const qsizetype colon = betweenColon(v);
            if (colon < 0)
                return fail(err, message, true);
            if (!parseNumber(v.left(colon), &cond.value))
                deferred.append({&cond.value, v.left(colon), message});
            if (!parseNumber(v.mid(colon + 1), &cond.high))
                deferred.append({&cond.high, v.mid(colon + 1), message});
        } else if (s == QLatin1String("--tol")) {
            if (!parseNumber(v, &cond.tolerance) || !(cond.tolerance >= 0))
                return fail(err, Tr::tr("--tol takes a number >= 0, not '%1'").arg(v), true);
            haveTol = true;
        } else if (s == QLatin1String("--member")) {
            member = v;
        } else if (s == QLatin1String("--field")) {
            field = v;
        } else if (s == QLatin1String("--limit")) {
            bool ok = false;
            limit = v.toLongLong(&ok);
            if (!ok || limit < 0)
                return fail(err, Tr::tr("--limit takes a count, not '%1'").arg(v), true);
        } else if (s == QLatin1String("--count")) {
            countOnly = true;
        } else if (s.startsWith(QLatin1String("--"))) {
            return fail(err, Tr::tr("unknown option %1").arg(s), true);
        } else {
            if (!input.isEmpty())
                return fail(err, Tr::tr("find takes one input file"), true);
            input = s;
        }
    }
    if (input.isEmpty())
        return fail(err, Tr::tr("find needs an input file"), true);
    if (!haveCondition)
        return fail(err, Tr::tr("find needs a condition"), true);
    if (haveTol && cond.op != FindOp::Eq)
        return fail(err, Tr::tr("--tol goes with --eq"), true);

    auto source = openSource(input);
    if (!source)
        return fail(err, source.error(), false);
    const Source &src = *source.value();
    const MemberChoice choice = chooseArrayMember(src, member);
    if (choice.index < 0)
        return fail(err, choice.error, choice.usage);
    const NpyHeader &header = src.members()[choice.index].header;
    FindOptions options;
    options.limit = limit;
    options.countOnly = countOnly && cond.op != FindOp::Max && cond.op != FindOp::Min;
    if (!field.isEmpty()) {
        const QList<LeafColumn> leaves = leafColumns(header.dtype);
        for (int i = 0; i < leaves.size(); ++i)
            if (leaves[i].name == field)
                options.field = i;
        if (header.dtype.kind != Kind::Struct || options.field < 0)
            return fail(err, Tr::tr("%1: no field named '%2'").arg(choice.where, field), false);
    }
    if (const Result<LeafColumn> leaf = findLeaf(header.dtype, options.field)) {
        const Kind kind = leaf.value().type.kind;
        if ((kind == Kind::Unicode || kind == Kind::Bytes) && (cond.op == FindOp::Eq || cond.op == FindOp::Ne)) {
            // A text column: --eq / --ne compare strings.
            cond.onText = true;
            deferred.clear();
            if (haveTol)
                return fail(err, Tr::tr("--tol goes with numbers, not text"), true);
        }
        for (const Deferred &d : std::as_const(deferred))
            if (!parseFindDateTime(leaf.value().type, d.text, d.into))
                return fail(err, d.message, true);
    } // else find() says what is wrong with the column
    const Result<FindResult> r = find(src, choice.index, cond, options);
    if (!r)
        return fail(err, r.error().startsWith(src.path()) ? r.error() : Tr::tr("%1: %2").arg(choice.where, r.error()),
                    false);
    if (cond.op == FindOp::Max || cond.op == FindOp::Min) {
        if (!r->found) {
            err << "npy-tool: " << Tr::tr("%1: no value that is not NaN").arg(choice.where) << '\n';
            return kToolNoMatch;
        }
        if (countOnly)
            out << 1 << '\n';
        else
            out << indexText(r->extremeIndex, header.shape) << '\n';
        return kToolOk;
    }
    if (countOnly) {
        out << r->count << '\n';
        return r->count > 0 ? kToolOk : kToolNoMatch;
    }
    for (qint64 flat : r->matches)
        out << indexText(flat, header.shape) << '\n';
    if (r->truncated)
        err << "npy-tool: " << Tr::tr("%1: more than %2 matches; the first %2 are shown (use --limit or --count)")
                                   .arg(choice.where)
                                   .arg(limit)
            << '\n';
    return r->count > 0 ? kToolOk : kToolNoMatch;
}

} // namespace

const ToolCommand kFindCommand = {"find", kSynopsis, kFindUsage, run};

} // namespace npy
