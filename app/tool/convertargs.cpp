#include "convertargs.h"

#include "toolcommon.h"

namespace npy {

namespace {

/** Integers separated by commas, in optional parentheses: "3,4", "(2, -1)", "()" or "" (none). */
bool parseInts(const QString &text, QList<qint64> *out)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1Char('(')) && t.endsWith(QLatin1Char(')')))
        t = t.mid(1, t.size() - 2).trimmed();
    out->clear();
    if (t.isEmpty())
        return true;
    const QStringList parts = t.split(QLatin1Char(','));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString p = parts[i].trimmed();
        // A trailing comma is Python's one-tuple: "(3,)".
        if (p.isEmpty() && i == parts.size() - 1 && i > 0)
            break;
        bool ok = false;
        const qint64 v = p.toLongLong(&ok);
        if (!ok)
            return false;
        out->append(v);
    }
    return true;
}

/** NAME=VALUE split at the last '=' (member names may hold one, dtypes, shapes and axes never do). */
bool splitLast(const QString &text, QString *name, QString *value)
{
    const qsizetype eq = text.lastIndexOf(QLatin1Char('='));
    if (eq <= 0)
        return false;
    *name = text.left(eq);
    *value = text.mid(eq + 1);
    return true;
}

} // namespace

ConvertArgs parseConvertArgs(const QStringList &args)
{
    ConvertArgs a;
    for (qsizetype i = 0; i < args.size() && a.bad.isEmpty(); ++i) {
        const QString &s = args[i];
        const bool takesValue = s == QLatin1String("--level") || s == QLatin1String("--member")
                                || s == QLatin1String("--only") || s == QLatin1String("--drop")
                                || s == QLatin1String("--rename") || s == QLatin1String("--astype")
                                || s == QLatin1String("--casting") || s == QLatin1String("--reshape")
                                || s == QLatin1String("--transpose") || s == QLatin1String("--order");
        QString v;
        if (takesValue) {
            if (i + 1 >= args.size()) {
                a.bad = Tr::tr("%1 needs a value").arg(s);
                break;
            }
            v = args[++i];
        }
        if (s == QLatin1String("--compress")) {
            a.compress = true;
        } else if (s == QLatin1String("--store")) {
            a.store = true;
        } else if (s == QLatin1String("--level")) {
            a.level = v;
        } else if (s == QLatin1String("--member") || s == QLatin1String("--only")) {
            a.only << v;
        } else if (s == QLatin1String("--drop")) {
            a.drop << v;
        } else if (s == QLatin1String("--rename")) {
            const qsizetype eq = v.indexOf(QLatin1Char('='));
            if (eq <= 0 || eq == v.size() - 1)
                a.bad = Tr::tr("--rename takes OLD=NEW, not '%1'").arg(v);
            else
                a.renames.append({v.left(eq), v.mid(eq + 1)});
        } else if (s == QLatin1String("--astype")) {
            ConvertStep step;
            step.kind = ConvertStep::Astype;
            QString dtype;
            if (!splitLast(v, &step.member, &dtype)) {
                a.bad = Tr::tr("--astype takes NAME=DTYPE, not '%1'").arg(v);
                break;
            }
            Result<DType> type = parseCastTarget(dtype);
            if (!type) {
                a.bad = Tr::tr("--astype %1: %2").arg(v, type.error());
                break;
            }
            step.type = type.value();
            a.steps.append(step);
        } else if (s == QLatin1String("--casting")) {
            if (a.steps.isEmpty() || a.steps.last().kind != ConvertStep::Astype || a.steps.last().castingGiven) {
                a.bad = Tr::tr("--casting goes after the --astype it applies to");
                break;
            }
            if (!parseCasting(v, &a.steps.last().casting))
                a.bad = Tr::tr("--casting takes no, equiv, safe, same_kind or unsafe, not '%1'").arg(v);
            a.steps.last().castingGiven = true;
        } else if (s == QLatin1String("--reshape")) {
            ConvertStep step;
            step.kind = ConvertStep::Reshape;
            QString shape;
            if (!splitLast(v, &step.member, &shape) || !parseInts(shape, &step.values)) {
                a.bad = Tr::tr("--reshape takes NAME=SHAPE (SHAPE as 3,4 or (2, -1)), not '%1'").arg(v);
                break;
            }
            a.steps.append(step);
        } else if (s == QLatin1String("--transpose")) {
            ConvertStep step;
            step.kind = ConvertStep::Transpose;
            QString axes;
            if (v.contains(QLatin1Char('=')) && (!splitLast(v, &step.member, &axes) || !parseInts(axes, &step.values))) {
                a.bad = Tr::tr("--transpose takes NAME or NAME=AXES (AXES as 1,0,2), not '%1'").arg(v);
                break;
            }
            if (!v.contains(QLatin1Char('=')))
                step.member = v;
            a.steps.append(step);
        } else if (s == QLatin1String("--order")) {
            if (a.steps.isEmpty() || a.steps.last().kind == ConvertStep::Astype || a.steps.last().orderGiven) {
                a.bad = Tr::tr("--order goes after the --reshape or --transpose it applies to");
                break;
            }
            if (v == QLatin1String("C"))
                a.steps.last().order = MemoryOrder::C;
            else if (v == QLatin1String("F"))
                a.steps.last().order = MemoryOrder::F;
            else
                a.bad = Tr::tr("--order takes C or F, not '%1'").arg(v);
            a.steps.last().orderGiven = true;
        } else if (s.startsWith(QLatin1String("--"))) {
            a.bad = Tr::tr("unknown option %1").arg(s);
        } else {
            a.positional << s;
        }
    }
    return a;
}

} // namespace npy
