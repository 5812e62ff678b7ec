#include "recover.h"

#include "saver.h"
#include "source.h"
#include "toolstatus.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Tool)
};

const char kRecoverUsage[] = "usage: npy-tool recover IN.npz OUT.npz\n";

int fail(QTextStream &err, const QString &message)
{
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    err << "npy-tool: " << line << '\n';
    err.flush();
    return npy::kToolInvalid;
}

/** Reads member \a index whole (its CRC-32 is checked on the way); the reason when it cannot be. */
QString verify(const npy::Source &source, int index)
{
    const npy::MemberInfo &m = source.members()[index];
    if (!m.error.isEmpty())
        return m.error;
    if (!m.isArray) {
        npy::Result<QByteArray> raw = source.readRaw(index);
        return raw ? QString() : raw.error();
    }
    const npy::Status st = source.readData(index, [](const uchar *, qint64) { return true; });
    return st ? QString() : st.error();
}

} // namespace

int recoverCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() != 2 || args[0].startsWith(QLatin1String("--")) || args[1].startsWith(QLatin1String("--"))) {
        err << "npy-tool: " << Tr::tr("recover takes IN.npz and OUT.npz") << '\n' << kRecoverUsage;
        err.flush();
        return npy::kToolUsage;
    }
    const QString in = args[0];
    const QString outPath = args[1];
    if (QFileInfo(in).absoluteFilePath() == QFileInfo(outPath).absoluteFilePath())
        return fail(err, Tr::tr("%1: recover writes a new archive; give another OUT name").arg(outPath));
    auto source = npy::Source::open(in);
    if (!source)
        return fail(err, source.error());
    const std::shared_ptr<const npy::Source> src = source.value();
    if (src->format() != npy::FileFormat::Npz)
        return fail(err, Tr::tr("%1: not an .npz archive").arg(in));

    QList<npy::SaveMember> members;
    QStringList lost;
    for (int i = 0; i < src->members().size(); ++i) {
        const npy::MemberInfo &m = src->members()[i];
        const QString why = verify(*src, i);
        if (!why.isEmpty()) {
            lost << m.archiveName;
            // Reading errors are located already ("FILE: member 'NAME': why"); open errors are not.
            err << "npy-tool: "
                << (why.startsWith(src->path()) ? why : Tr::tr("%1: member '%2': %3").arg(in, m.archiveName, why))
                << '\n';
            continue;
        }
        npy::SaveMember s;
        s.key = m.name;
        s.source = src;
        s.sourceIndex = i;
        s.modified = false;
        s.compression = m.compression;
        members.append(s);
    }
    err.flush();
    if (members.isEmpty())
        return fail(err, Tr::tr("%1: no member could be recovered").arg(in));
    const npy::Status saved = npy::saveFile(outPath, members, npy::SaveFormat::Npz);
    if (!saved)
        return fail(err, saved.error());
    for (const npy::SaveMember &s : std::as_const(members))
        out << Tr::tr("recovered %1").arg(src->members()[s.sourceIndex].archiveName) << '\n';
    out << Tr::tr("%1: %2 of %3 members recovered into %4")
               .arg(in)
               .arg(members.size())
               .arg(members.size() + lost.size())
               .arg(outPath)
        << '\n';
    out.flush();
    return npy::kToolOk;
}
