#include "find.h"

#include "elements.h"
#include "recordfeed.h"
#include "valuetext.h"

#include <QCoreApplication>
#include <QVarLengthArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Find", text);
}

constexpr qint64 kBlock = 16384;

bool isText(const DType &t)
{
    return t.kind == Kind::Unicode || t.kind == Kind::Bytes;
}

/** A U or S element as NumPy gives it back: trailing NULs dropped; S as Latin-1. */
QString textOf(const DType &t, const uchar *p)
{
    if (t.kind == Kind::Bytes) {
        qint64 n = t.itemSize;
        while (n > 0 && p[n - 1] == 0)
            --n;
        return QString::fromLatin1(reinterpret_cast<const char *>(p), qsizetype(n));
    }
    const qint64 units = t.itemSize / 4;
    QVarLengthArray<char32_t, 64> code(units);
    const bool swap = t.needsSwap();
    qint64 n = 0;
    for (qint64 i = 0; i < units; ++i) {
        quint32 u = 0;
        std::memcpy(&u, p + 4 * i, 4);
        code[i] = swap ? qbswap(u) : u;
        if (code[i] != 0)
            n = i + 1;
    }
    return QString::fromUcs4(code.constData(), qsizetype(n));
}

/**
 * Receives the data bytes of an array in file order, in pieces of any size, and runs the
 * condition over the chosen leaf of every record, block by block.
 */
class Scanner
{
public:
    Scanner(const NpyHeader &header, const LeafColumn &leaf, const FindCondition &condition, const FindOptions &options)
        : mHeader(header), mLeaf(leaf), mCondition(condition), mOptions(options),
          mRecord(std::max<qint64>(1, header.dtype.itemSize))
    {
        mFortran = header.fortranOrder && header.shape.size() > 1;
        mValues.resize(size_t(kBlock));
    }

    void add(const uchar *data, qint64 size)
    {
        mFeed.add(data, size, [this](const uchar *records, qint64 count) { addRecords(records, count); });
    }

    /** True when nothing further can change the answer (C order, limit reached, not counting). */
    [[nodiscard]] bool done() const { return mDone; }

    FindResult result()
    {
        FindResult r = mResult;
        if (mCondition.op == FindOp::Max || mCondition.op == FindOp::Min) {
            r.count = r.found ? 1 : 0;
            return r;
        }
        if (mFortran && !mOptions.countOnly) {
            std::sort(mFortranMatches.begin(), mFortranMatches.end());
            r.truncated = qint64(mFortranMatches.size()) > mOptions.limit;
            const qint64 keep = std::min<qint64>(qint64(mFortranMatches.size()), mOptions.limit);
            r.matches = QList<qint64>(mFortranMatches.begin(), mFortranMatches.begin() + keep);
        } else {
            r.truncated = r.count > qint64(r.matches.size());
        }
        return r;
    }

private:
    /** C-order flat index of the element at file position \a fileFlat. */
    qint64 cOrder(qint64 fileFlat) const
    {
        if (!mFortran)
            return fileFlat;
        // Fortran: the first axis varies fastest.
        const QList<qint64> &shape = mHeader.shape;
        qint64 rest = fileFlat;
        qint64 flat = 0;
        qint64 cStride = 1;
        QVarLengthArray<qint64, 16> index(shape.size());
        for (qsizetype a = 0; a < shape.size(); ++a) {
            index[a] = rest % shape[a];
            rest /= shape[a];
        }
        for (qsizetype a = shape.size() - 1; a >= 0; --a) {
            flat += index[a] * cStride;
            cStride *= shape[a];
        }
        return flat;
    }

    /** Counts the records of \a data whose leaf passes \a test: decode and compare fused, the stride a constant. */
    template <class Read, class Test>
    static qint64 countLoop(const Read &read, const uchar *base, qint64 n, qint64 record, const Test &test)
    {
        qint64 c = 0;
        auto loop = [&](auto stride) {
            for (qint64 i = 0; i < n; ++i)
                c += test(read(base + i * qint64(stride))) ? 1 : 0;
        };
        switch (record) {
        case 1: loop(std::integral_constant<int, 1>()); break;
        case 2: loop(std::integral_constant<int, 2>()); break;
        case 4: loop(std::integral_constant<int, 4>()); break;
        case 8: loop(std::integral_constant<int, 8>()); break;
        default: loop(record); break;
        }
        return c;
    }

    /** The condition's test as a functor (one instantiation of the loops per operator). */
    template <class F>
    void withTest(F &&f) const
    {
        const double a = mCondition.value, b = mCondition.high, t = mCondition.tolerance;
        switch (mCondition.op) {
        case FindOp::Eq: f([a, t](double x) { return std::fabs(x - a) <= t; }); break;
        case FindOp::Ne: f([a](double x) { return !(x == a); }); break;
        case FindOp::Lt: f([a](double x) { return x < a; }); break;
        case FindOp::Le: f([a](double x) { return x <= a; }); break;
        case FindOp::Gt: f([a](double x) { return x > a; }); break;
        case FindOp::Ge: f([a](double x) { return x >= a; }); break;
        case FindOp::Between: f([a, b](double x) { return a <= x && x <= b; }); break;
        case FindOp::NaN: f([](double x) { return std::isnan(x); }); break;
        case FindOp::Inf: f([](double x) { return std::isinf(x); }); break;
        case FindOp::NonFinite: f([](double x) { return !std::isfinite(x); }); break;
        default: break;
        }
    }

    /**
     * True when matches are only counted from here on: asked for (countOnly), or the kept matches are all
     * found and countAll wants the rest counted (in C order; Fortran keeps every match to sort them).
     */
    [[nodiscard]] bool onlyCounting() const
    {
        if (mCondition.op == FindOp::Max || mCondition.op == FindOp::Min)
            return false;
        return mOptions.countOnly || (mOptions.countAll && !mFortran && mResult.matches.size() >= mOptions.limit);
    }

    /** A text leaf: each string compared with the condition's text, matches kept as for numbers. */
    // Out of line: the numeric passes stay as tight as they were.
    [[gnu::noinline]] void addTextRecords(const uchar *data, qint64 count)
    {
        for (qint64 i = 0; i < count && !mDone; ++i) {
            if (!mCondition.matchesText(textOf(mLeaf.type, data + i * mRecord + mLeaf.offset)))
                continue;
            ++mResult.count;
            const qint64 at = mPosition + i;
            if (onlyCounting())
                continue;
            if (mFortran)
                mFortranMatches.push_back(cOrder(at));
            else if (mResult.matches.size() < mOptions.limit)
                mResult.matches.append(at);
            else if (!mOptions.countAll)
                mDone = true;
        }
        mPosition += count;
    }

    void addRecords(const uchar *data, qint64 count)
    {
        if (mDone || count <= 0)
            return;
        if (mCondition.onText)
            return addTextRecords(data, count);
        if (onlyCounting()) {
            withElementReader(mLeaf.type, ComplexPart::Real, [&](const auto &read) {
                withTest([&](const auto &test) {
                    mResult.count += countLoop(read, data + mLeaf.offset, count, mRecord, test);
                });
            });
            mPosition += count;
            return;
        }
        withElementReader(mLeaf.type, ComplexPart::Real, [&](const auto &read) {
            const uchar *base = data + mLeaf.offset;
            for (qint64 start = 0; start < count && !mDone; start += kBlock) {
                const qint64 n = std::min(kBlock, count - start);
                double *v = mValues.data();
                for (qint64 i = 0; i < n; ++i)
                    v[i] = read(base + (start + i) * mRecord);
                scan(v, n, mPosition + start);
            }
        });
        mPosition += count;
    }

    void scan(const double *v, qint64 n, qint64 first)
    {
        const FindOp op = mCondition.op;
        if (op == FindOp::Max || op == FindOp::Min) {
            const bool max = op == FindOp::Max;
            for (qint64 i = 0; i < n; ++i) {
                const double x = v[i];
                if (std::isnan(x))
                    continue;
                const qint64 at = cOrder(first + i);
                if (!mResult.found || (max ? x > mResult.extremeValue : x < mResult.extremeValue)
                    || (x == mResult.extremeValue && at < mResult.extremeIndex)) {
                    mResult.found = true;
                    mResult.extremeValue = x;
                    mResult.extremeIndex = at;
                }
            }
            return;
        }
        // The condition's test is chosen once per block so that the loop stays tight.
        auto run = [&](auto &&test) {
            auto countFrom = [&](qint64 from) {
                qint64 c = 0;
                for (qint64 i = from; i < n; ++i)
                    c += test(v[i]) ? 1 : 0;
                mResult.count += c;
            };
            if (onlyCounting()) {
                countFrom(0);
                return;
            }
            for (qint64 i = 0; i < n; ++i) {
                if (!test(v[i]))
                    continue;
                ++mResult.count;
                if (mFortran) {
                    mFortranMatches.push_back(cOrder(first + i));
                } else if (mResult.matches.size() < mOptions.limit) {
                    mResult.matches.append(first + i);
                } else if (mOptions.countAll) {
                    countFrom(i + 1); // the rest of the block; later blocks take addRecords()'s counting path
                    return;
                } else {
                    mDone = true; // one more than kept: enough to say there are more
                    return;
                }
            }
        };
        withTest(run);
    }

    const NpyHeader &mHeader;
    LeafColumn mLeaf;
    FindCondition mCondition;
    FindOptions mOptions;
    qint64 mRecord;
    bool mFortran = false;
    bool mDone = false;
    qint64 mPosition = 0;
    RecordFeed mFeed{mRecord};
    std::vector<double> mValues;
    std::vector<qint64> mFortranMatches;
    FindResult mResult;
};

bool searchable(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return t.itemSize > 0;
    case Kind::DateTime:
    case Kind::TimeDelta:
        return t.itemSize == 8;
    case Kind::Unicode:
    case Kind::Bytes:
        return true;
    default:
        return false;
    }
}

/** Refuses a condition that does not fit the leaf: text tests on numbers, number tests on text. */
Status conditionFits(const LeafColumn &leaf, const FindCondition &condition)
{
    const bool textOp = condition.op == FindOp::StartsWith || condition.op == FindOp::Contains;
    if (isText(leaf.type) && !condition.onText)
        return Status::failure(tr("%1 is text: search it with =, ≠, starts with or contains and a text")
                                   .arg(leaf.type.displayName()));
    if (!isText(leaf.type) && (condition.onText || textOp))
        return Status::failure(tr("%1 is not text: starts with and contains search text columns (U, S)")
                                   .arg(leaf.type.displayName()));
    if (condition.onText && condition.op != FindOp::Eq && condition.op != FindOp::Ne && !textOp)
        return Status::failure(tr("a text column takes =, ≠, starts with or contains"));
    return Status();
}

} // namespace

bool FindCondition::matches(double x) const
{
    switch (op) {
    case FindOp::Eq: return std::fabs(x - value) <= tolerance;
    case FindOp::Ne: return !(x == value);
    case FindOp::Lt: return x < value;
    case FindOp::Le: return x <= value;
    case FindOp::Gt: return x > value;
    case FindOp::Ge: return x >= value;
    case FindOp::Between: return value <= x && x <= high;
    case FindOp::NaN: return std::isnan(x);
    case FindOp::Inf: return std::isinf(x);
    case FindOp::NonFinite: return !std::isfinite(x);
    case FindOp::Max:
    case FindOp::Min:
    case FindOp::StartsWith:
    case FindOp::Contains: return false;
    }
    return false;
}

bool FindCondition::matchesText(const QString &s) const
{
    switch (op) {
    case FindOp::Eq: return s == needle;
    case FindOp::Ne: return s != needle;
    case FindOp::StartsWith: return s.startsWith(needle);
    case FindOp::Contains: return s.contains(needle);
    default: return false;
    }
}

QString FindCondition::text() const
{
    if (onText) {
        const QString quoted = QStringLiteral("“%1”").arg(needle);
        switch (op) {
        case FindOp::Eq: return tr("= %1").arg(quoted);
        case FindOp::Ne: return tr("≠ %1").arg(quoted);
        case FindOp::StartsWith: return tr("starts with %1").arg(quoted);
        case FindOp::Contains: return tr("contains %1").arg(quoted);
        default: break;
        }
    }
    const QString v = QString::number(value, 'g', 17);
    switch (op) {
    case FindOp::Eq: return tolerance > 0 ? tr("= %1 ± %2").arg(v).arg(tolerance, 0, 'g', 17) : tr("= %1").arg(v);
    case FindOp::Ne: return tr("≠ %1").arg(v);
    case FindOp::Lt: return tr("< %1").arg(v);
    case FindOp::Le: return tr("≤ %1").arg(v);
    case FindOp::Gt: return tr("> %1").arg(v);
    case FindOp::Ge: return tr("≥ %1").arg(v);
    case FindOp::Between: return tr("between %1 and %2").arg(v).arg(high, 0, 'g', 17);
    case FindOp::NaN: return tr("NaN");
    case FindOp::Inf: return tr("±Inf");
    case FindOp::NonFinite: return tr("not finite");
    case FindOp::Max: return tr("the maximum");
    case FindOp::Min: return tr("the minimum");
    case FindOp::StartsWith: return tr("starts with %1").arg(v);
    case FindOp::Contains: return tr("contains %1").arg(v);
    }
    return QString();
}

Result<LeafColumn> findLeaf(const DType &type, int field)
{
    LeafColumn leaf;
    leaf.type = type;
    if (type.kind == Kind::Struct) {
        const QList<LeafColumn> leaves = leafColumns(type);
        if (field < 0 || field >= leaves.size())
            return Result<LeafColumn>::failure(tr("a record array: choose a field (%1)").arg([&] {
                QStringList names;
                for (const LeafColumn &l : leaves)
                    names << l.name;
                return names.join(QStringLiteral(", "));
            }()));
        leaf = leaves[field];
    }
    if (!searchable(leaf.type))
        return Result<LeafColumn>::failure(tr("cannot search dtype %1 (numbers, bools, datetimes and text only)")
                                               .arg(leaf.type.displayName()));
    return leaf;
}

bool parseFindDateTime(const DType &type, const QString &text, double *count)
{
    if (type.kind != Kind::DateTime && type.kind != Kind::TimeDelta)
        return false;
    DType little = type;
    little.byteOrder = '<';
    QByteArray bytes;
    QString why;
    if (!parseValue(little, text.trimmed(), &bytes, &why) || bytes.size() != 8)
        return false;
    const qint64 n = qFromLittleEndian<qint64>(bytes.constData());
    *count = n == std::numeric_limits<qint64>::min() ? std::numeric_limits<double>::quiet_NaN() : double(n);
    return true;
}

Result<FindResult> find(const Source &source, int index, const FindCondition &condition, const FindOptions &options,
                        const Progress &progress)
{
    using R = Result<FindResult>;
    if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
        return R::failure(tr("%1: member %2 is not an array").arg(source.path()).arg(index));
    const NpyHeader &header = source.members()[index].header;
    const Result<LeafColumn> leaf = findLeaf(header.dtype, options.field);
    if (!leaf)
        return R::failure(leaf.error());
    if (const Status fits = conditionFits(leaf.value(), condition); !fits)
        return R::failure(fits.error());
    Scanner scanner(header, leaf.value(), condition, options);
    const Status st = source.readData(index, [&](const uchar *p, qint64 n) {
        scanner.add(p, n);
        return !scanner.done();
    }, progress);
    if (!st)
        return R::failure(st.error());
    return scanner.result();
}

Result<FindResult> find(const NpyArray &array, const FindCondition &condition, const FindOptions &options,
                        const Progress &progress)
{
    using R = Result<FindResult>;
    if (array.isNull())
        return R::failure(tr("no array"));
    const Result<LeafColumn> leaf = findLeaf(array.dtype(), options.field);
    if (!leaf)
        return R::failure(leaf.error());
    if (const Status fits = conditionFits(leaf.value(), condition); !fits)
        return R::failure(fits.error());
    Scanner scanner(array.header(), leaf.value(), condition, options);
    const qint64 record = std::max<qint64>(1, array.itemSize());
    const qint64 piece = std::max<qint64>(1, (qint64(4) << 20) / record) * record;
    const qint64 bytes = array.nbytes();
    for (qint64 done = 0; done < bytes && !scanner.done(); done += piece) {
        if (progress.cancelled()) {
            FindResult r = scanner.result();
            r.cancelled = true;
            return r;
        }
        scanner.add(array.data() + done, std::min(piece, bytes - done));
        if (progress.report)
            progress.report(std::min(done + piece, bytes), bytes);
    }
    return scanner.result();
}

bool parseShortCondition(const QString &text, FindCondition *condition)
{
    QString t = text.trimmed();
    FindCondition c;
    const qsizetype dots = t.indexOf(QLatin1String(".."));
    if (dots > 0) {
        bool okLow = false, okHigh = false;
        c.op = FindOp::Between;
        c.value = t.left(dots).trimmed().toDouble(&okLow);
        c.high = t.mid(dots + 2).trimmed().toDouble(&okHigh);
        if (!okLow || !okHigh || !(c.value <= c.high))
            return false;
        *condition = c;
        return true;
    }
    static const struct
    {
        const char *prefix;
        FindOp op;
    } kOps[] = {{"<=", FindOp::Le}, {">=", FindOp::Ge}, {"!=", FindOp::Ne}, {"==", FindOp::Eq},
                {"<", FindOp::Lt},  {">", FindOp::Gt},  {"=", FindOp::Eq}};
    c.op = FindOp::Eq;
    if (t.startsWith(QChar(0x2260))) {
        c.op = FindOp::Ne;
        t = t.mid(1);
    } else {
        for (const auto &op : kOps) {
            if (t.startsWith(QLatin1String(op.prefix))) {
                c.op = op.op;
                t = t.mid(qsizetype(qstrlen(op.prefix)));
                break;
            }
        }
    }
    bool ok = false;
    c.value = t.trimmed().toDouble(&ok);
    if (!ok)
        return false;
    *condition = c;
    return true;
}

} // namespace npy
