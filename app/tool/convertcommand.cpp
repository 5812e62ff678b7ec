#include "convertcommand.h"

#include "member.h"
#include "saver.h"
#include "source.h"

#include <QFileInfo>

namespace npy {

namespace {

const char kSynopsis[] =
    "  npy-tool convert IN OUT [--compress [--level fast|default|best] | --store] [--member NAME]...\n";

int run(const QStringList &args, QTextStream &, QTextStream &err)
{
    const Args a = parseArgs(args, true);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    QString bad;
    if (a.positional.size() != 2 || !allowOnly(a, {"--compress", "--store"}, true, false, &bad))
        return toolUsageError(err, bad.isEmpty() ? Tr::tr("convert takes IN and OUT") : bad);
    const bool compress = a.flags.contains(QStringLiteral("--compress"));
    const bool store = a.flags.contains(QStringLiteral("--store"));
    if (compress && store)
        return toolUsageError(err, Tr::tr("--compress and --store exclude each other"));
    const QString outPath = a.positional[1];
    const SaveFormat format = formatForPath(outPath) == SaveFormat::Npy ? SaveFormat::Npy
                              : compress                                ? SaveFormat::NpzCompressed
                              : store                                   ? SaveFormat::NpzStored
                                                                        : SaveFormat::Npz;
    if (format == SaveFormat::Npy && (compress || store))
        return toolUsageError(err, Tr::tr("--compress and --store apply to .npz output only"));
    CompressionLevel level = CompressionLevel::Default;
    if (!a.level.isEmpty()) {
        if (!compress)
            return toolUsageError(err, Tr::tr("--level needs --compress"));
        if (a.level == QLatin1String("fast"))
            level = CompressionLevel::Fast;
        else if (a.level == QLatin1String("best"))
            level = CompressionLevel::Best;
        else if (a.level != QLatin1String("default"))
            return toolUsageError(err, Tr::tr("--level takes fast, default or best, not '%1'").arg(a.level));
    }
    if (QFileInfo(outPath).absoluteFilePath() == QFileInfo(a.positional[0]).absoluteFilePath())
        return toolUsageError(err, Tr::tr("IN and OUT are the same file"));
    // An archive keeps every member, arrays or not (a readme.txt, a pickled array: copied as they are).
    QList<int> indexes;
    auto source = openMembers(a.positional[0], a.members, &indexes, format == SaveFormat::Npy, err);
    if (!source)
        return kToolInvalid;
    if (format == SaveFormat::Npy && indexes.size() != 1)
        return toolInvalid(err, Tr::tr("%1: %2 arrays cannot go into one .npy file; choose one with --member")
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
                return toolInvalid(err, memberError(*source, m));
            Result<NpyArray> array = source->load(i);
            if (!array)
                return toolInvalid(err, array.error());
            s.array = array.value();
        }
        members.append(s);
    }
    Status st = saveFile(outPath, members, format, {}, level);
    return st ? kToolOk : toolInvalid(err, st.error());
}

} // namespace

const ToolCommand kConvertCommand = {"convert", kSynopsis, nullptr, run};

} // namespace npy
