#include "toolcommon.h"

namespace npy {

int toolMessage(QTextStream &err, const QString &message, int status, const char *usageText)
{
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err << "npy-tool: " << line << '\n';
    if (usageText)
        err << usageText;
    err.flush();
    return status;
}

namespace {

QString &fullUsage()
{
    static QString usage;
    return usage;
}

} // namespace

void setToolUsage(const QString &usage)
{
    fullUsage() = usage;
}

int toolUsageError(QTextStream &err, const QString &why)
{
    err << "npy-tool: " << why << '\n' << fullUsage();
    err.flush();
    return kToolUsage;
}

Args parseArgs(const QStringList &args, bool levelApplies)
{
    Args a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        auto value = [&](QString *into) {
            if (i + 1 >= args.size()) {
                a.bad = Tr::tr("%1 needs a value").arg(s);
                return;
            }
            *into = args[++i];
        };
        if (s == QLatin1String("--member")) {
            QString v;
            value(&v);
            a.members << v;
        } else if (s == QLatin1String("--outdir")) {
            value(&a.outdir);
        } else if (s == QLatin1String("--csv")) {
            value(&a.csv);
        } else if (s == QLatin1String("--level")) {
            value(&a.level);
        } else if (s == QLatin1String("--json") || s == QLatin1String("--compress") || s == QLatin1String("--store")
                   || s == QLatin1String("--all") || s == QLatin1String("--names")) {
            a.flags << s;
        } else if (s.startsWith(QLatin1String("--"))) {
            a.bad = Tr::tr("unknown option %1").arg(s);
        } else {
            a.positional << s;
        }
    }
    if (a.bad.isEmpty() && !levelApplies && !a.level.isEmpty())
        a.bad = Tr::tr("option --level does not apply here");
    return a;
}

bool allowOnly(const Args &a, std::initializer_list<const char *> flags, bool members, bool dirs, QString *bad)
{
    for (const QString &f : a.flags) {
        bool ok = false;
        for (const char *allowed : flags)
            ok = ok || f == QLatin1String(allowed);
        if (!ok) {
            *bad = Tr::tr("option %1 does not apply here").arg(f);
            return false;
        }
    }
    if (!members && !a.members.isEmpty()) {
        *bad = Tr::tr("option --member does not apply here");
        return false;
    }
    if (!dirs && (!a.outdir.isEmpty() || !a.csv.isEmpty())) {
        *bad = Tr::tr("options --outdir and --csv do not apply here");
        return false;
    }
    return true;
}

} // namespace npy
