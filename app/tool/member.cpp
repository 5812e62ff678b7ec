#include "member.h"

#include "opensource.h"
#include "toolcommon.h"

namespace npy {

namespace {

bool selectMembers(const Source &source, const QStringList &names, QList<int> *indexes, bool arraysOnly,
                   QTextStream &err)
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
            toolInvalid(err, Tr::tr("%1: no member named '%2'").arg(source.path(), name));
            return false;
        }
        indexes->append(i);
    }
    return true;
}

} // namespace

MemberChoice chooseArrayMember(const Source &src, const QString &member)
{
    MemberChoice c;
    if (!member.isEmpty()) {
        c.index = src.indexOf(member);
        if (c.index < 0) {
            c.error = Tr::tr("%1: no member named '%2'").arg(src.path(), member);
            return c;
        }
    } else {
        QStringList arrays;
        for (int i = 0; i < src.members().size(); ++i) {
            if (src.members()[i].isArray) {
                arrays << src.members()[i].name;
                c.index = i;
            }
        }
        if (arrays.size() > 1) {
            // A few names, not all of SciPy's 111: the message stays one readable line.
            constexpr int kNamesShown = 5;
            QString names = arrays.mid(0, kNamesShown).join(QStringLiteral(", "));
            if (arrays.size() > kNamesShown)
                names = Tr::tr("%1, … %2 more; npy-tool info lists them").arg(names).arg(arrays.size() - kNamesShown);
            c.usage = true;
            c.error = Tr::tr("%1 holds %2 arrays (%3): choose one with --member")
                          .arg(src.path())
                          .arg(arrays.size())
                          .arg(names);
            c.index = -1;
            return c;
        }
        if (c.index < 0) {
            c.error = Tr::tr("%1: no array").arg(src.path());
            return c;
        }
    }
    const MemberInfo &info = src.members()[c.index];
    c.where = src.format() == FileFormat::Npz ? Tr::tr("%1: member '%2'").arg(src.path(), info.name) : src.path();
    if (!info.isArray || !info.error.isEmpty()) {
        c.error = !info.error.isEmpty() ? info.error : Tr::tr("%1: not an array").arg(c.where);
        c.index = -1;
    } else if (info.header.isPickled()) {
        c.error = Tr::tr("%1: an object array (pickled, not loaded for safety)").arg(c.where);
        c.pickled = true;
        c.index = -1;
    }
    return c;
}

std::shared_ptr<const Source> openInput(const QString &path, QTextStream &err)
{
    auto source = openSource(path);
    if (!source) {
        toolInvalid(err, source.error());
        return nullptr;
    }
    return source.value();
}

std::shared_ptr<const Source> openMembers(const QString &path, const QStringList &names, QList<int> *indexes,
                                          bool arraysOnly, QTextStream &err)
{
    auto source = openInput(path, err);
    if (source && !selectMembers(*source, names, indexes, arraysOnly, err))
        return nullptr;
    return source;
}

QString memberError(const Source &source, const MemberInfo &m)
{
    if (m.error.startsWith(source.path()))
        return m.error;
    if (source.format() == FileFormat::Npy)
        return QStringLiteral("%1: %2").arg(source.path(), m.error);
    return Tr::tr("%1: member '%2': %3").arg(source.path(), m.archiveName, m.error);
}

} // namespace npy
