#include "tool.h"

#include "diff.h"
#include "findcommand.h"
#include "printcommand.h"
#include "recover.h"
#include "render.h"
#include "toolpickle.h"
#include "toolstatus.h"

#include "export.h"
#include "npyfile.h"
#include "npzreader.h"
#include "saver.h"
#include "source.h"
#include "stats.h"
#include "valuetext.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QThread>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>
#include <vector>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Tool)
};


const char kUsageText[] =
    "usage:\n"
    "  npy-tool --help | --version\n"
    "  npy-tool info FILE [--json]\n"
    "  npy-tool check FILE\n"
    "  npy-tool convert IN OUT [--compress [--level fast|default|best] | --store] [--member NAME]...\n"
    "  npy-tool export IN (--all | --member NAME...) --outdir DIR\n"
    "  npy-tool export IN --member NAME --csv OUT.csv\n"
    "  npy-tool stats FILE [--member NAME]...\n"
    "  npy-tool render IN [--member NAME] --png OUT [--colormap NAME] [--range minmax|p1-99|p0.1-99.9|sym|LO:HI]\n"
    "                     [--scale linear|log|sqrt] [--slice SPEC] [--size WxH --reduce mean|max|min|absmax|stride]\n"
    "  npy-tool find FILE [--member NAME] [--field F] CONDITION [--limit N] [--count]\n"
    "    CONDITION: --eq V [--tol T] | --ne V | --lt V | --le V | --gt V | --ge V | --between LO:HI\n"
    "               | --nan | --inf | --nonfinite | --max | --min\n"
    "  npy-tool print FILE [--member NAME] [--slice SPEC]\n"
    "  npy-tool diff A B [--member NAME | --member NAME_A:NAME_B]... [--rtol R] [--atol A] [--equal-nan]\n"
    "                    [--count N] [--json] [-q]      (exit 0 same, 1 different, 2 error)\n"
    "  npy-tool recover IN.npz OUT.npz   (the complete members of a damaged archive)\n";

/** Parsed arguments: positionals, repeated --member values and flags. */
struct Args
{
    QStringList positional;
    QStringList members;
    QStringList flags;
    QString outdir;
    QString csv;
    QString level;
    QString bad;
};

Args parseArgs(const QStringList &args)
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
                   || s == QLatin1String("--all")) {
            a.flags << s;
        } else if (s.startsWith(QLatin1String("--"))) {
            a.bad = Tr::tr("unknown option %1").arg(s);
        } else {
            a.positional << s;
        }
    }
    return a;
}

class Tool
{
public:
    Tool(QTextStream &out, QTextStream &err) : mOut(out), mErr(err) {}

    int run(const QStringList &all)
    {
        if (all.isEmpty() || all.first() == QLatin1String("--help") || all.first() == QLatin1String("-h")) {
            (all.isEmpty() ? mErr : mOut) << kUsageText;
            return all.isEmpty() ? kToolUsage : kToolOk;
        }
        if (all.first() == QLatin1String("--version")) {
            mOut << "npy-tool " << NPY_VERSION_STRING << '\n';
            return kToolOk;
        }
        const QString command = all.first();
        if (command == QLatin1String("render"))
            return renderCommand(all.mid(1), mOut, mErr);
        if (command == QLatin1String("find"))
            return findCommand(all.mid(1), mOut, mErr);
        if (command == QLatin1String("print"))
            return printCommand(all.mid(1), mOut, mErr);
        if (command == QLatin1String("diff"))
            return diffCommand(all.mid(1), mOut, mErr);
        if (command == QLatin1String("recover"))
            return recoverCommand(all.mid(1), mOut, mErr);
        const Args a = parseArgs(all.mid(1));
        if (!a.bad.isEmpty())
            return usage(a.bad);
        if (!a.level.isEmpty() && command != QLatin1String("convert"))
            return usage(Tr::tr("option --level does not apply here"));
        if (command == QLatin1String("info"))
            return info(a);
        if (command == QLatin1String("check"))
            return check(a);
        if (command == QLatin1String("convert"))
            return convert(a);
        if (command == QLatin1String("export"))
            return exportCommand(a);
        if (command == QLatin1String("stats"))
            return stats(a);
        return usage(Tr::tr("unknown command '%1'").arg(command));
    }

private:
    int usage(const QString &why)
    {
        mErr << "npy-tool: " << why << '\n' << kUsageText;
        mErr.flush();
        return kToolUsage;
    }

    int invalid(const QString &message)
    {
        QString line = message;
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
        mErr << "npy-tool: " << line << '\n';
        mErr.flush();
        return kToolInvalid;
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

    /** Opens a file or reports it; nullptr means the status was already printed. */
    std::shared_ptr<const Source> open(const QString &path)
    {
        auto source = Source::open(path);
        if (!source) {
            invalid(source.error());
            return nullptr;
        }
        return source.value();
    }

    /**
     * Opens a file and resolves --member names in it (all array members, or all members when not
     * \a arraysOnly, when none are given); nullptr after reporting what went wrong.
     */
    std::shared_ptr<const Source> openMembers(const QString &path, const QStringList &names, QList<int> *indexes,
                                              bool arraysOnly = true)
    {
        auto source = open(path);
        if (source && !selectMembers(*source, names, indexes, arraysOnly))
            return nullptr;
        return source;
    }

    /** Resolves --member names (all array members when none are given); false after reporting. */
    bool selectMembers(const Source &source, const QStringList &names, QList<int> *indexes, bool arraysOnly = true)
    {
        if (names.isEmpty()) {
            for (int i = 0; i < source.members().size(); ++i)
                if (!arraysOnly || source.members()[i].isArray)
                    indexes->append(i);
            return true;
        }
        for (const QString &name : names) {
            const int i = source.indexOf(name);
            if (i < 0) {
                invalid(Tr::tr("%1: no member named '%2'").arg(source.path(), name));
                return false;
            }
            indexes->append(i);
        }
        return true;
    }

    /** A member's error, located: "FILE: member 'NAME': reason" (or "FILE: reason" for a .npy). */
    static QString memberError(const Source &source, const MemberInfo &m)
    {
        if (m.error.startsWith(source.path()))
            return m.error;
        if (source.format() == FileFormat::Npy)
            return QStringLiteral("%1: %2").arg(source.path(), m.error);
        return Tr::tr("%1: member '%2': %3").arg(source.path(), m.archiveName, m.error);
    }

    static QString dtypeText(const MemberInfo &m)
    {
        if (m.header.dtype.kind == Kind::Struct)
            return m.header.dtype.descr();
        return m.header.dtype.typeString();
    }

    static QString compressionText(Compression c)
    {
        switch (c) {
        case Compression::Stored:
            return QStringLiteral("stored");
        case Compression::Deflated:
            return QStringLiteral("deflated");
        case Compression::Bzip2:
            return QStringLiteral("bzip2");
        case Compression::Lzma:
            return QStringLiteral("lzma");
        case Compression::Unsupported:
            return QStringLiteral("unsupported");
        case Compression::None:
            break;
        }
        return QString();
    }

    int info(const Args &a)
    {
        QString bad;
        if (a.positional.size() != 1 || !allowOnly(a, {"--json"}, false, false, &bad))
            return usage(bad.isEmpty() ? Tr::tr("info takes one FILE") : bad);
        auto source = open(a.positional.first());
        if (!source)
            return kToolInvalid;
        const bool npz = source->format() == FileFormat::Npz;
        if (a.flags.contains(QStringLiteral("--json"))) {
            QJsonArray members;
            PickleObjects pickles;
            for (const MemberInfo &m : source->members()) {
                QJsonObject o;
                o[QStringLiteral("name")] = m.name;
                const bool header = m.isArray && (m.error.isEmpty() || m.header.isPickled() || m.truncated);
                if (header) {
                    o[QStringLiteral("dtype")] = dtypeText(m);
                    QJsonArray shape;
                    for (qint64 d : m.header.shape)
                        shape.append(double(d));
                    o[QStringLiteral("shape")] = shape;
                    o[QStringLiteral("fortran_order")] = m.header.fortranOrder;
                    o[QStringLiteral("version")] = QStringLiteral("%1.%2").arg(m.header.major).arg(m.header.minor);
                    o[QStringLiteral("nbytes")] = double(m.header.dataBytes);
                } else {
                    o[QStringLiteral("dtype")] = QJsonValue::Null;
                    o[QStringLiteral("shape")] = QJsonValue::Null;
                    o[QStringLiteral("fortran_order")] = QJsonValue::Null;
                    o[QStringLiteral("version")] = QJsonValue::Null;
                    o[QStringLiteral("nbytes")] = QJsonValue::Null;
                }
                o[QStringLiteral("array")] = m.isArray;
                if (m.header.isPickled())
                    o[QStringLiteral("pickled")] = true;
                if (!m.error.isEmpty())
                    o[QStringLiteral("error")] = m.error;
                if (!m.warning.isEmpty())
                    o[QStringLiteral("warning")] = m.warning;
                o[QStringLiteral("compression")] = npz ? QJsonValue(compressionText(m.compression)) : QJsonValue();
                o[QStringLiteral("compressed_size")] = npz ? QJsonValue(double(m.storedSize)) : QJsonValue();
                if (m.isArray && m.header.isPickled())
                    pickles.annotate(*source, int(&m - source->members().constData()), &o);
                members.append(o);
            }
            QJsonObject root;
            root[QStringLiteral("file")] = source->path();
            root[QStringLiteral("format")] = npz ? QStringLiteral("npz") : QStringLiteral("npy");
            root[QStringLiteral("members")] = members;
            writeLine(mOut, pickles.splice(QJsonDocument(root).toJson(QJsonDocument::Compact)));
            return truncation(*source);
        }
        mOut << source->path() << ": " << (npz ? "npz" : "npy") << ", "
             << Tr::tr("%n member(s)", nullptr, int(source->members().size())) << '\n';
        for (const MemberInfo &m : source->members()) {
            mOut << "  " << m.name;
            if (m.isArray && (m.error.isEmpty() || m.header.isPickled() || m.truncated)) {
                mOut << "  " << dtypeText(m) << "  " << m.header.shapeText() << "  "
                     << (m.header.fortranOrder ? "fortran" : "C") << "  v" << m.header.major << '.' << m.header.minor
                     << "  " << Tr::tr("%1 bytes").arg(m.header.dataBytes);
            } else if (!m.isArray && !m.truncated) {
                mOut << "  " << Tr::tr("(not an array, %1 bytes)").arg(m.size);
            }
            if (npz && !m.truncated)
                mOut << "  " << compressionText(m.compression) << ' ' << m.storedSize;
            if (m.isArray && m.header.isPickled())
                mOut << "  [" << pickleSummary(*source, int(&m - source->members().constData())) << ']';
            else if (!m.error.isEmpty())
                mOut << "  [" << m.error << ']';
            if (!m.warning.isEmpty())
                mOut << "  [" << m.warning << ']';
            mOut << '\n';
        }
        return truncation(*source);
    }

    /** kToolInvalid, after naming each truncated member on stderr, when the file is cut short. */
    int truncation(const Source &source)
    {
        mOut.flush();
        int status = kToolOk;
        for (const MemberInfo &m : source.members()) {
            if (m.truncated)
                status = invalid(memberError(source, m));
        }
        return status;
    }

    int check(const Args &a)
    {
        QString bad;
        if (a.positional.size() != 1 || !allowOnly(a, {}, false, false, &bad))
            return usage(bad.isEmpty() ? Tr::tr("check takes one FILE") : bad);
        auto source = open(a.positional.first());
        if (!source)
            return kToolInvalid;
        // Members are independent: they are read on every core, and the first problem in member
        // order is reported.
        const int count = int(source->members().size());
        QList<QString> problems(count);
        // Largest first, so that the cores finish together (longest-processing-time order).
        QList<int> order(count);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
            return source->members()[x].size > source->members()[y].size;
        });
        std::atomic_int nextMember{0};
        auto work = [&]() {
            for (int k = nextMember++; k < count; k = nextMember++) {
                const int i = order[k];
                const MemberInfo &m = source->members()[i];
                if (m.isArray && m.header.isPickled()) {
                    // Read as data by the restricted pickle reader (never executed).
                    const Status st = checkPickled(*source, i);
                    if (!st)
                        problems[i] = st.error();
                } else if (!m.error.isEmpty()) {
                    problems[i] = memberError(*source, m);
                } else if (!m.isArray) {
                    Result<QByteArray> raw = source->readRaw(i);
                    if (!raw)
                        problems[i] = raw.error();
                } else {
                    Status st = verifyMember(*source, i);
                    if (!st)
                        problems[i] = st.error();
                }
            }
        };
        std::vector<std::thread> workers;
        for (int t = 1; t < std::min(count, QThread::idealThreadCount()); ++t)
            workers.emplace_back(work);
        work();
        for (std::thread &w : workers)
            w.join();
        for (const QString &problem : std::as_const(problems))
            if (!problem.isEmpty())
                return invalid(problem);
        mOut << source->path() << ": OK, " << Tr::tr("%n member(s) checked", nullptr, int(source->members().size()))
             << '\n';
        return kToolOk;
    }

    int convert(const Args &a)
    {
        QString bad;
        if (a.positional.size() != 2 || !allowOnly(a, {"--compress", "--store"}, true, false, &bad))
            return usage(bad.isEmpty() ? Tr::tr("convert takes IN and OUT") : bad);
        const bool compress = a.flags.contains(QStringLiteral("--compress"));
        const bool store = a.flags.contains(QStringLiteral("--store"));
        if (compress && store)
            return usage(Tr::tr("--compress and --store exclude each other"));
        const QString outPath = a.positional[1];
        const SaveFormat format = formatForPath(outPath) == SaveFormat::Npy ? SaveFormat::Npy
                                  : compress                                ? SaveFormat::NpzCompressed
                                  : store                                   ? SaveFormat::NpzStored
                                                                            : SaveFormat::Npz;
        if (format == SaveFormat::Npy && (compress || store))
            return usage(Tr::tr("--compress and --store apply to .npz output only"));
        CompressionLevel level = CompressionLevel::Default;
        if (!a.level.isEmpty()) {
            if (!compress)
                return usage(Tr::tr("--level needs --compress"));
            if (a.level == QLatin1String("fast"))
                level = CompressionLevel::Fast;
            else if (a.level == QLatin1String("best"))
                level = CompressionLevel::Best;
            else if (a.level != QLatin1String("default"))
                return usage(Tr::tr("--level takes fast, default or best, not '%1'").arg(a.level));
        }
        if (QFileInfo(outPath).absoluteFilePath() == QFileInfo(a.positional[0]).absoluteFilePath())
            return usage(Tr::tr("IN and OUT are the same file"));
        // An archive keeps every member, arrays or not (a readme.txt, a pickled array: copied as they are).
        QList<int> indexes;
        auto source = openMembers(a.positional[0], a.members, &indexes, format == SaveFormat::Npy);
        if (!source)
            return kToolInvalid;
        if (format == SaveFormat::Npy && indexes.size() != 1)
            return invalid(Tr::tr("%1: %2 arrays cannot go into one .npy file; choose one with --member")
                               .arg(source->path())
                               .arg(indexes.size()));
        QList<SaveMember> members;
        for (int i : indexes) {
            const MemberInfo &m = source->members()[i];
            SaveMember s;
            s.key = m.name;
            s.source = source;
            s.sourceIndex = i;
            s.modified = false;
            s.compression = m.compression == Compression::Deflated ? Compression::Deflated : Compression::Stored;
            if (format == SaveFormat::Npy) {
                if (!m.error.isEmpty())
                    return invalid(memberError(*source, m));
                Result<NpyArray> array = source->load(i);
                if (!array)
                    return invalid(array.error());
                s.array = array.value();
            }
            members.append(s);
        }
        Status st = saveFile(outPath, members, format, {}, level);
        if (!st)
            return invalid(st.error());
        return kToolOk;
    }

    int exportCommand(const Args &a)
    {
        QString bad;
        if (a.positional.size() != 1 || !allowOnly(a, {"--all"}, true, true, &bad))
            return usage(bad.isEmpty() ? Tr::tr("export takes one IN") : bad);
        const bool all = a.flags.contains(QStringLiteral("--all"));
        if (!a.csv.isEmpty()) {
            if (all || a.members.size() > 1 || !a.outdir.isEmpty())
                return usage(Tr::tr("--csv takes exactly one --member (or none for a .npy) and no --outdir"));
            QList<int> indexes;
            auto source = openMembers(a.positional.first(), a.members, &indexes);
            if (!source)
                return kToolInvalid;
            if (indexes.size() != 1)
                return usage(Tr::tr("--csv needs --member NAME for an archive"));
            Result<NpyArray> array = source->load(indexes.first());
            if (!array)
                return invalid(array.error());
            Status st = exportCsv(array.value(), a.csv);
            return st ? kToolOk : invalid(st.error());
        }
        if (a.outdir.isEmpty() || all == !a.members.isEmpty())
            return usage(Tr::tr("export needs --outdir DIR and either --all or --member NAME"));
        QList<int> indexes;
        auto source = openMembers(a.positional.first(), a.members, &indexes);
        if (!source)
            return kToolInvalid;
        Status st = exportWithPickles(*source, indexes, a.outdir, mOut);
        return st ? kToolOk : invalid(st.error());
    }

    int stats(const Args &a)
    {
        QString bad;
        if (a.positional.size() != 1 || !allowOnly(a, {}, true, false, &bad))
            return usage(bad.isEmpty() ? Tr::tr("stats takes one FILE") : bad);
        QList<int> indexes;
        auto source = openMembers(a.positional.first(), a.members, &indexes);
        if (!source)
            return kToolInvalid;
        for (int i : indexes) {
            const MemberInfo &m = source->members()[i];
            if (!m.error.isEmpty())
                return invalid(memberError(*source, m));
            if (!m.isArray)
                return invalid(Tr::tr("%1: member '%2' is not an array").arg(source->path(), m.archiveName));
            Result<ArrayStats> s = computeStats(*source, i);
            if (!s)
                return invalid(s.error());
            mOut << m.name << ':';
            for (const StatsField &f : statsFields(s.value(), m.header.dtype))
                mOut << ' ' << f.key << '=' << f.value;
            if (!s->numeric && !s->temporal)
                mOut << " (" << Tr::tr("no statistics for %1").arg(m.header.dtype.displayName()) << ')';
            mOut << '\n';
        }
        return kToolOk;
    }

    QTextStream &mOut;
    QTextStream &mErr;
};

} // namespace

int runTool(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Tool tool(out, err);
    const int status = tool.run(args);
    out.flush();
    err.flush();
    return status;
}

} // namespace npy
