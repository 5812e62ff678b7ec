#include "convertcommand.h"

#include "arraytransform.h"
#include "convertargs.h"
#include "elementcast.h"
#include "member.h"
#include "saver.h"
#include "source.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace npy {

namespace {

const char kSynopsis[] =
    "  npy-tool convert IN OUT [--compress [--level fast|default|best] | --store] [--member NAME]...\n"
    "                   [--only NAME]... [--drop NAME]... [--rename OLD=NEW]...\n"
    "                   [--astype NAME=DTYPE [--casting no|equiv|safe|same_kind|unsafe]]...\n"
    "                   [--reshape NAME=SHAPE [--order C|F]]... [--transpose NAME[=AXES] [--order C|F]]...\n";

/** A refusal of a step: the member, what was asked and why; printed as one line, exit 2. */
int refuse(QTextStream &err, const QString &message)
{
    return toolMessage(err, message, kToolUsage);
}

/**
 * Applies \a step to \a t; on a refusal writes the message and returns the exit status (0 when it
 * applied). A cast the casting level refuses is checked value by value for the first that changes.
 */
int applyStep(ArrayTransform *t, const ConvertStep &step, const QString &where, QTextStream &err)
{
    Status st;
    switch (step.kind) {
    case ConvertStep::Transpose:
        st = t->transpose(step.values);
        if (st && step.orderGiven)
            st = t->contiguous(step.order);
        break;
    case ConvertStep::Reshape:
        st = t->reshape(step.values, step.order);
        break;
    case ConvertStep::Astype: {
        const DType from = t->header().dtype;
        const DType to = astypeResult(from, step.type);
        Result<ElementCast> supported = ElementCast::create(from, to, 1);
        if (!supported)
            return toolInvalid(err, Tr::tr("%1: %2").arg(where, supported.error()));
        if (!canCast(from, to, step.casting) || ElementCast::canFail(from, to)) {
            Result<CastReport> report = t->checkAstype(to);
            if (!report)
                return refuse(err, report.error());
            if (!canCast(from, to, step.casting)) {
                const CastReport &r = report.value();
                const QString first =
                    r.firstPosition < 0
                        ? Tr::tr("no value would change, but the casting level refuses the dtypes")
                        : Tr::tr("first at index %1 (%2); %3")
                              .arg(indexText(t->indexOfPosition(r.firstPosition)),
                                   CastReport::changeName(r.firstChange), r.summary());
                return refuse(err, Tr::tr("%1: cannot cast %2 to %3 with --casting %4: %5")
                                       .arg(where, from.typeString(), to.typeString(), castingName(step.casting),
                                            first));
            }
        }
        st = t->astype(step.type, step.casting);
        break;
    }
    }
    return st ? kToolOk : refuse(err, st.error());
}

/** Tells on stderr what the unsafe casts of a member changed (nothing when nothing did). */
void reportChanges(QTextStream &err, const QString &where, const QList<CastReport> &reports)
{
    for (const CastReport &r : reports)
        if (r.changed() > 0)
            toolMessage(err, Tr::tr("%1: warning: the cast changed %2 of %3 values: %4")
                                 .arg(where).arg(r.changed()).arg(r.count).arg(r.summary()),
                        kToolOk);
}

int run(const QStringList &args, QTextStream &, QTextStream &err)
{
    const ConvertArgs a = parseConvertArgs(args);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    if (a.positional.size() != 2)
        return toolUsageError(err, Tr::tr("convert takes IN and OUT"));
    if (a.compress && a.store)
        return toolUsageError(err, Tr::tr("--compress and --store exclude each other"));
    const QString outPath = a.positional[1];
    const SaveFormat format = formatForPath(outPath) == SaveFormat::Npy ? SaveFormat::Npy
                              : a.compress                              ? SaveFormat::NpzCompressed
                              : a.store                                 ? SaveFormat::NpzStored
                                                                        : SaveFormat::Npz;
    if (format == SaveFormat::Npy && (a.compress || a.store))
        return toolUsageError(err, Tr::tr("--compress and --store apply to .npz output only"));
    CompressionLevel level = CompressionLevel::Default;
    if (!a.level.isEmpty()) {
        if (!a.compress)
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
    auto source = openMembers(a.positional[0], a.only, &indexes, format == SaveFormat::Npy, err);
    if (!source)
        return kToolInvalid;
    // Every name given must be a member of IN.
    auto find = [&](const QString &name) {
        const int i = source->indexOf(name);
        if (i < 0)
            toolInvalid(err, Tr::tr("%1: no member named '%2'").arg(source->path(), name));
        return i;
    };
    QSet<int> dropped;
    for (const QString &name : a.drop) {
        const int i = find(name);
        if (i < 0)
            return kToolInvalid;
        dropped.insert(i);
    }
    QHash<int, QString> renamed;
    for (const auto &r : a.renames) {
        const int i = find(r.first);
        if (i < 0)
            return kToolInvalid;
        renamed.insert(i, r.second);
    }
    QHash<int, QList<ConvertStep>> steps;
    for (const ConvertStep &s : a.steps) {
        const int i = find(s.member);
        if (i < 0)
            return kToolInvalid;
        steps[i].append(s);
    }
    indexes.erase(std::remove_if(indexes.begin(), indexes.end(), [&](int i) { return dropped.contains(i); }),
                  indexes.end());
    if (format == SaveFormat::Npy && indexes.size() != 1)
        return toolInvalid(err, Tr::tr("%1: %2 arrays cannot go into one .npy file; choose one with --member or --only")
                                    .arg(source->path())
                                    .arg(indexes.size()));

    QList<SaveMember> members;
    QSet<QString> names;
    QList<QPair<QString, std::shared_ptr<QList<CastReport>>>> reports;
    for (int i : indexes) {
        const MemberInfo &m = source->members()[i];
        const QString where =
            source->format() == FileFormat::Npz ? Tr::tr("%1: member '%2'").arg(source->path(), m.name) : source->path();
        SaveMember s;
        s.key = renamed.value(i, m.name);
        if (names.contains(s.key))
            return toolUsageError(err, Tr::tr("two members of OUT would be named '%1'").arg(s.key));
        names.insert(s.key);
        s.source = source;
        s.sourceIndex = i;
        s.modified = false;
        s.compression = m.compression == Compression::Deflated ? Compression::Deflated : Compression::Stored;
        if (steps.contains(i)) {
            Result<ArrayTransform> t = ArrayTransform::ofMember(source, i);
            if (!t)
                return toolInvalid(err, m.error.isEmpty() ? t.error() : memberError(*source, m));
            for (const ConvertStep &step : steps.value(i))
                if (const int status = applyStep(&t.value(), step, where, err))
                    return status;
            TransformOptions options;
            options.tempDir = QFileInfo(outPath).absolutePath();
            auto changes = std::make_shared<QList<CastReport>>();
            s.producer = t->producer(options, changes);
            s.modified = true;
            reports.append({where, changes});
        } else if (format == SaveFormat::Npy) {
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
    if (!st)
        return toolInvalid(err, st.error());
    for (const auto &r : reports)
        reportChanges(err, r.first, *r.second);
    return kToolOk;
}

} // namespace

const ToolCommand kConvertCommand = {"convert", kSynopsis, nullptr, run};

} // namespace npy
