#include "compare.h"

#include <QCoreApplication>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Compare)
};

} // namespace

Result<QList<MemberPair>> pairMembers(const Source &a, const Source &b, const QStringList &specs)
{
    using R = Result<QList<MemberPair>>;
    QList<MemberPair> pairs;
    const bool npyA = a.format() == FileFormat::Npy;
    const bool npyB = b.format() == FileFormat::Npy;
    auto visible = [](const Source &s, int i) { return s.indexOf(s.members()[i].name) == i; };
    if (specs.isEmpty()) {
        if (npyA || npyB) {
            const Source &npy = npyA ? a : b;
            const Source &other = npyA ? b : a;
            int j = npyA && npyB ? 0 : other.indexOf(npy.members().first().name);
            if (j < 0 && other.members().size() == 1)
                j = 0;
            if (j < 0)
                return R::failure(Tr::tr("%1 holds %2 members and none is named '%3': choose one with --member")
                                      .arg(other.path())
                                      .arg(other.members().size())
                                      .arg(npy.members().first().name));
            pairs.append({a.members()[npyA ? 0 : j].name, npyA ? 0 : j, npyA ? j : 0});
            return pairs;
        }
        for (int i = 0; i < a.members().size(); ++i)
            if (visible(a, i))
                pairs.append({a.members()[i].name, i, b.indexOf(a.members()[i].name)});
        for (int j = 0; j < b.members().size(); ++j)
            if (visible(b, j) && a.indexOf(b.members()[j].name) < 0)
                pairs.append({b.members()[j].name, -1, j});
        return pairs;
    }
    for (const QString &spec : specs) {
        QString nameA = spec;
        QString nameB = spec;
        const qsizetype colon = spec.indexOf(QLatin1Char(':'));
        if (colon >= 0 && a.indexOf(spec) < 0 && b.indexOf(spec) < 0) {
            nameA = spec.left(colon);
            nameB = spec.mid(colon + 1);
        }
        const int i = npyA ? 0 : a.indexOf(nameA);
        const int j = npyB ? 0 : b.indexOf(nameB);
        if (i < 0 && j < 0)
            return R::failure(Tr::tr("no member named '%1' in %2 or %3").arg(spec, a.path(), b.path()));
        pairs.append({nameA == nameB ? nameA : spec, i, j});
    }
    return pairs;
}

} // namespace npy
