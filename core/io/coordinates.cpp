#include "coordinates.h"

#include "monotonic.h"

#include <QHash>
#include <QVarLengthArray>

#include <algorithm>
#include <array>

namespace npy {

namespace {

constexpr int kRoles = 5; // AxisRole's values, None included

/** The members of one length and one name role that may be coordinates, checked lazily in member order. */
struct Pool
{
    QList<int> members;
    qsizetype next = 0;
    QList<int> valid;
};

class Ranker
{
public:
    Ranker(const QList<MemberInfo> &members, const CoordinateCheck &check, const CoordinateOptions &options,
           const Progress &progress)
        : mMembers(members), mCheck(check), mOptions(options), mProgress(progress)
    {
        // The lengths some axis has, and how many axes (of how many members) have each: a 1-D member whose
        // length only its own axis has can be no one's coordinate and is never read.
        QHash<qint64, int> axes;
        for (const MemberInfo &m : members) {
            if (!isArray(m))
                continue;
            QList<qint64> seen;
            for (qint64 n : m.header.shape) {
                if (!seen.contains(n)) {
                    seen.append(n);
                    ++axes[n];
                }
            }
        }
        for (int i = 0; i < members.size(); ++i) {
            const MemberInfo &m = members[i];
            if (!isCoordinateShaped(m, options))
                continue;
            const qint64 n = m.header.shape.first();
            if (axes.value(n) < 2)
                continue;
            mPools[n][int(coordinateRole(m.name))].members.append(i);
        }
    }

    static bool isArray(const MemberInfo &m) { return m.isArray && m.error.isEmpty() && !m.header.isPickled(); }

    /** The candidates of axis \a axis of member \a index, best first, appended to \a out (at most maxCandidates). */
    template <typename Out>
    void rank(int index, int axis, Out *out)
    {
        const MemberInfo &m = mMembers[index];
        const qint64 n = m.header.shape[axis];
        const auto it = mPools.find(n);
        if (it == mPools.end())
            return;
        // The roles the axis plays, as bits of AxisRole; tier 1 those roles, tier 2 the other named roles,
        // tier 3 no role.
        unsigned axisRoleBits = 0;
        for (AxisRole r : axisRoles(int(m.header.shape.size()), axis))
            axisRoleBits |= 1u << int(r);
        const unsigned named = ((1u << kRoles) - 1) & ~1u;
        const unsigned tiers[3] = {axisRoleBits, named & ~axisRoleBits, 1u << int(AxisRole::None)};
        // The pool the member itself is in, if any (a 1-D candidate is never its own coordinate).
        const int selfPool = isCoordinateShaped(m, mOptions) ? int(coordinateRole(m.name)) : -1;
        int have = 0;
        for (unsigned tier : tiers) {
            const int want = mOptions.maxCandidates - have;
            if (want <= 0)
                break;
            QVarLengthArray<int, 32> merged;
            for (int r = 0; r < kRoles; ++r) {
                if (!(tier & (1u << r)))
                    continue;
                // One more than wanted from the member's own pool: it may be among them.
                const QList<int> &found = valid(&(*it)[r], want + (r == selfPool ? 1 : 0));
                merged.append(found.constData(), found.size());
            }
            std::sort(merged.begin(), merged.end());
            for (int c : std::as_const(merged)) {
                if (c != index && have < mOptions.maxCandidates) {
                    out->append(c);
                    ++have;
                }
            }
        }
    }

    [[nodiscard]] bool cancelled() const { return mProgress.cancelled(); }

private:
    /** The first \a count members of \a pool whose values qualify (fewer when it has fewer). */
    const QList<int> &valid(Pool *pool, int count)
    {
        while (pool->valid.size() < count && pool->next < pool->members.size() && !mProgress.cancelled()) {
            const int c = pool->members[pool->next++];
            if (mCheck(c))
                pool->valid.append(c);
        }
        return pool->valid;
    }

    const QList<MemberInfo> &mMembers;
    const CoordinateCheck &mCheck;
    const CoordinateOptions &mOptions;
    const Progress &mProgress;
    QHash<qint64, std::array<Pool, kRoles>> mPools;
};

} // namespace

AxisRole coordinateRole(const QString &name)
{
    const QString base = name.section(QLatin1Char('/'), -1).toLower();
    static const QHash<QString, AxisRole> roles = {
        {QStringLiteral("lon"), AxisRole::X},      {QStringLiteral("longitude"), AxisRole::X},
        {QStringLiteral("lng"), AxisRole::X},      {QStringLiteral("x"), AxisRole::X},
        {QStringLiteral("lat"), AxisRole::Y},      {QStringLiteral("latitude"), AxisRole::Y},
        {QStringLiteral("y"), AxisRole::Y},        {QStringLiteral("depth"), AxisRole::Z},
        {QStringLiteral("z"), AxisRole::Z},        {QStringLiteral("level"), AxisRole::Z},
        {QStringLiteral("lev"), AxisRole::Z},      {QStringLiteral("height"), AxisRole::Z},
        {QStringLiteral("altitude"), AxisRole::Z}, {QStringLiteral("pressure"), AxisRole::Z},
        {QStringLiteral("plev"), AxisRole::Z},     {QStringLiteral("time"), AxisRole::T},
        {QStringLiteral("t"), AxisRole::T},        {QStringLiteral("date"), AxisRole::T},
        {QStringLiteral("datetime"), AxisRole::T},
    };
    return roles.value(base, AxisRole::None);
}

QList<AxisRole> axisRoles(int ndim, int axis)
{
    if (axis < 0 || axis >= ndim)
        return {};
    if (ndim == 1)
        return {AxisRole::T};
    const int fromEnd = ndim - 1 - axis;
    switch (fromEnd) {
    case 0: return {AxisRole::X};
    case 1: return {AxisRole::Y};
    case 2: return ndim == 3 ? QList<AxisRole>{AxisRole::T, AxisRole::Z} : QList<AxisRole>{AxisRole::Z};
    case 3: return {AxisRole::T};
    default: return {};
    }
}

bool isCoordinateShaped(const MemberInfo &m, const CoordinateOptions &options)
{
    return Ranker::isArray(m) && m.header.shape.size() == 1 && m.header.shape.first() >= 1
           && m.header.shape.first() <= options.maxElements && isOrderedNumberType(m.header.dtype);
}

bool isCoordinateValues(const NpyArray &values)
{
    return values.ndim() == 1 && strictMonotonicity(values) != Monotonicity::None;
}

RankedCoordinates rankCoordinates(const QList<MemberInfo> &members, const CoordinateCheck &check,
                                  const CoordinateOptions &options, const Progress &progress)
{
    RankedCoordinates out;
    out.reserve(members.size());
    Ranker ranker(members, check, options, progress);
    for (int i = 0; i < members.size(); ++i) {
        QList<QList<int>> axes;
        const MemberInfo &m = members[i];
        if (Ranker::isArray(m)) {
            axes.resize(m.header.shape.size());
            for (int k = 0; k < m.header.shape.size() && !ranker.cancelled(); ++k)
                ranker.rank(i, k, &axes[k]);
        }
        out.append(axes);
    }
    return out;
}

QList<QList<int>> findCoordinates(const QList<MemberInfo> &members, const CoordinateReader &read,
                                  const CoordinateOptions &options, const Progress &progress)
{
    const CoordinateCheck check = [&read](int index) {
        const Result<NpyArray> values = read(index);
        return values.ok() && isCoordinateValues(values.value());
    };
    CoordinateOptions one = options;
    one.maxCandidates = 1;
    Ranker ranker(members, check, one, progress);
    QList<QList<int>> out;
    out.reserve(members.size());
    for (int i = 0; i < members.size(); ++i) {
        QList<int> chosen;
        const MemberInfo &m = members[i];
        if (Ranker::isArray(m)) {
            for (int k = 0; k < m.header.shape.size(); ++k) {
                QVarLengthArray<int, 1> best;
                if (!ranker.cancelled())
                    ranker.rank(i, k, &best);
                chosen.append(best.isEmpty() ? -1 : best.first());
            }
        }
        out.append(chosen);
    }
    return out;
}

QList<QList<int>> findCoordinates(const Source &source, const Progress &progress)
{
    return findCoordinates(
        source.members(), [&source, &progress](int index) { return source.load(index, progress); }, {}, progress);
}

} // namespace npy
