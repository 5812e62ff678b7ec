#include "recovercommand.h"

#include "opensource.h"
#include "saver.h"
#include "source.h"

#include <QFileInfo>

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool recover IN.npz OUT.npz   (the complete members of a damaged archive)\n";

const char kRecoverUsage[] = "usage: npy-tool recover IN.npz OUT.npz\n";

/** Reads member \a index whole (its CRC-32 is checked on the way); the reason when it cannot be. */
QString verify(const Source &source, int index)
{
    const MemberInfo &m = source.members()[index];
    if (!m.error.isEmpty())
        return m.error;
    if (!m.isArray) {
        Result<QByteArray> raw = source.readRaw(index);
        return raw ? QString() : raw.error();
    }
    const Status st = source.readData(index, [](const uchar *, qint64) { return true; });
    return st ? QString() : st.error();
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() != 2 || args[0].startsWith(QLatin1String("--")) || args[1].startsWith(QLatin1String("--")))
        return toolMessage(err, Tr::tr("recover takes IN.npz and OUT.npz"), kToolUsage, kRecoverUsage);
    const QString in = args[0];
    const QString outPath = args[1];
    if (QFileInfo(in).absoluteFilePath() == QFileInfo(outPath).absoluteFilePath())
        return toolInvalid(err, Tr::tr("%1: recover writes a new archive; give another OUT name").arg(outPath));
    auto source = openSource(in);
    if (!source)
        return toolInvalid(err, source.error());
    const std::shared_ptr<const Source> src = source.value();
    if (src->format() != FileFormat::Npz)
        return toolInvalid(err, Tr::tr("%1: not an .npz archive").arg(in));

    QList<SaveMember> members;
    QStringList lost;
    for (int i = 0; i < src->members().size(); ++i) {
        const MemberInfo &m = src->members()[i];
        const QString why = verify(*src, i);
        if (!why.isEmpty()) {
            lost << m.archiveName;
            // Reading errors are located already ("FILE: member 'NAME': why"); open errors are not.
            err << "npy-tool: "
                << (why.startsWith(src->path()) ? why : Tr::tr("%1: member '%2': %3").arg(in, m.archiveName, why))
                << '\n';
            continue;
        }
        SaveMember s;
        s.key = m.name;
        s.source = src;
        s.sourceIndex = i;
        s.modified = false;
        s.compression = m.compression;
        members.append(s);
    }
    err.flush();
    if (members.isEmpty())
        return toolInvalid(err, Tr::tr("%1: no member could be recovered").arg(in));
    const Status saved = saveFile(outPath, members, SaveFormat::Npz);
    if (!saved)
        return toolInvalid(err, saved.error());
    for (const SaveMember &s : std::as_const(members))
        out << Tr::tr("recovered %1").arg(src->members()[s.sourceIndex].archiveName) << '\n';
    out << Tr::tr("%1: %2 of %3 members recovered into %4")
               .arg(in)
               .arg(members.size())
               .arg(members.size() + lost.size())
               .arg(outPath)
        << '\n';
    out.flush();
    return kToolOk;
}

} // namespace

const ToolCommand kRecoverCommand = {"recover", kSynopsis, kRecoverUsage, run};

} // namespace npy
