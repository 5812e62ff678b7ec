#include "member.h"

#include <QCoreApplication>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Tool)
};

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

} // namespace npy
