#include "stats.h"

#include "elements.h"
#include "valuetext.h"

#include <QCoreApplication>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

namespace npy {

namespace {

constexpr qint64 kBlock = 16384;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Stats", text);
}

bool isNumericKind(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return t.itemSize > 0;
    default:
        return false;
    }
}

bool isTemporalKind(const DType &t)
{
    return (t.kind == Kind::DateTime || t.kind == Kind::TimeDelta) && t.itemSize == 8;
}

} // namespace

StatsAccumulator::StatsAccumulator(const DType &type) : StatsAccumulator(type, 0, type.itemSize) {}

StatsAccumulator::StatsAccumulator(const DType &leafType, qint64 leafOffset, qint64 recordSize)
    : mType(leafType), mLeafOffset(leafOffset), mRecordSize(recordSize), mFeed(recordSize)
{
    mStats.numeric = isNumericKind(leafType);
    mStats.temporal = isTemporalKind(leafType);
    mStats.finiteMin = kInf;
    mStats.finiteMax = -kInf;
    mStats.timeMin = std::numeric_limits<qint64>::max();
    mStats.timeMax = std::numeric_limits<qint64>::min();
    mIntegral = leafType.kind == Kind::Int || leafType.kind == Kind::UInt || leafType.kind == Kind::Bool;
    mStats.intMin = std::numeric_limits<qint64>::max();
    mStats.intMax = std::numeric_limits<qint64>::min();
    mStats.uintMin = std::numeric_limits<quint64>::max();
    mStats.uintMax = 0;
}

void StatsAccumulator::add(const uchar *data, qint64 size)
{
    const qint64 item = mRecordSize;
    if (item <= 0 || mLeafOffset < 0 || mLeafOffset + mType.itemSize > item)
        return;
    mFeed.add(data, size, [this](const uchar *records, qint64 count) { addRecords(records, count); });
}

void StatsAccumulator::addRecords(const uchar *data, qint64 count)
{
    mStats.count += count;
    const qint64 step = mRecordSize;
    const uchar *base = data + mLeafOffset;
    if (mStats.temporal) {
        const bool swap = mType.needsSwap();
        qint64 lo = mStats.timeMin, hi = mStats.timeMax, nat = 0;
        for (qint64 i = 0; i < count; ++i) {
            const qint64 v = elements::load<qint64>(base + i * step, swap);
            if (v == std::numeric_limits<qint64>::min()) {
                ++nat;
                continue;
            }
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        mStats.nanCount += nat;
        mStats.timeMin = lo;
        mStats.timeMax = hi;
        return;
    }
    if (!mStats.numeric)
        return;
    if (mType.itemSize == 8 && (mType.kind == Kind::Int || mType.kind == Kind::UInt)) {
        // 64-bit integers: exact extremes beside the doubles (smaller ones are exact as doubles).
        const bool swap = mType.needsSwap();
        auto extremes = [&](auto *lo, auto *hi) {
            using T = std::remove_pointer_t<decltype(lo)>;
            T a = *lo, b = *hi;
            for (qint64 i = 0; i < count; ++i) {
                const T v = elements::load<T>(base + i * step, swap);
                a = v < a ? v : a;
                b = v > b ? v : b;
            }
            *lo = a;
            *hi = b;
        };
        if (mType.kind == Kind::Int)
            extremes(&mStats.intMin, &mStats.intMax);
        else
            extremes(&mStats.uintMin, &mStats.uintMax);
    }
    std::vector<double> buffer(size_t(std::min(count, kBlock)));
    withElementReader(mType, ComplexPart::Real, [&](const auto &read) {
        for (qint64 start = 0; start < count; start += kBlock) {
            const qint64 n = std::min(kBlock, count - start);
            const uchar *p = base + start * step;
            double *out = buffer.data();
            for (qint64 i = 0; i < n; ++i)
                out[i] = read(p + i * step);
            mergeBlock(out, n);
        }
    });
}

void StatsAccumulator::addValues(const double *values, qint64 n)
{
    mIntegral = false;
    mStats.numeric = true;
    mStats.temporal = false;
    for (qint64 start = 0; start < n; start += kBlock) {
        const qint64 m = std::min(kBlock, n - start);
        mStats.count += m;
        mergeBlock(values + start, m);
    }
}

void StatsAccumulator::mergeBlock(const double *values, qint64 n)
{
    qint64 finite = 0, nan = 0, pinf = 0, ninf = 0;
    double sum = 0;
    double lo = mStats.finiteMin;
    double hi = mStats.finiteMax;
    for (qint64 i = 0; i < n; ++i) {
        const double x = values[i];
        if (std::isnan(x)) {
            ++nan;
        } else if (std::isinf(x)) {
            ++(x > 0 ? pinf : ninf);
        } else {
            ++finite;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
            sum += x;
        }
    }
    mStats.nanCount += nan;
    mStats.posInfCount += pinf;
    mStats.negInfCount += ninf;
    mStats.infCount += pinf + ninf;
    mStats.finiteMin = lo;
    mStats.finiteMax = hi;
    if (finite == 0)
        return;
    mStats.finiteSum += sum;
    const double blockMean = sum / double(finite);
    double m2 = 0;
    for (qint64 i = 0; i < n; ++i) {
        const double x = values[i];
        if (std::isfinite(x))
            m2 += (x - blockMean) * (x - blockMean);
    }
    const qint64 before = mStats.finiteCount;
    if (before == 0) {
        mStats.finiteMean = blockMean;
        mM2 = m2;
    } else {
        const double total = double(before + finite);
        const double delta = blockMean - mStats.finiteMean;
        mStats.finiteMean += delta * double(finite) / total;
        mM2 += m2 + delta * delta * double(before) * double(finite) / total;
    }
    mStats.finiteCount = before + finite;
}

ArrayStats StatsAccumulator::result() const
{
    ArrayStats s = mStats;
    if (s.temporal) {
        s.min = s.max = s.mean = s.std = kNaN;
        s.finiteMin = s.finiteMax = s.finiteMean = s.finiteStd = kNaN;
        if (s.valid() == 0)
            s.timeMin = s.timeMax = 0;
        return s;
    }
    if (!s.numeric) {
        s.min = s.max = s.mean = s.std = kNaN;
        s.finiteMin = s.finiteMax = s.finiteMean = s.finiteStd = kNaN;
        return s;
    }
    if (s.finiteCount > 0) {
        s.finiteStd = std::sqrt(mM2 / double(s.finiteCount));
    } else {
        s.finiteMin = s.finiteMax = s.finiteMean = s.finiteStd = kNaN;
    }
    // NumPy's nan* figures: the infinities take part.
    if (s.valid() == 0) {
        s.min = s.max = s.mean = s.std = kNaN;
        return s;
    }
    s.min = s.negInfCount > 0 ? -kInf : s.finiteCount > 0 ? s.finiteMin : kInf;
    s.max = s.posInfCount > 0 ? kInf : s.finiteCount > 0 ? s.finiteMax : -kInf;
    if (s.posInfCount > 0 && s.negInfCount > 0)
        s.mean = kNaN; // inf + -inf
    else if (s.posInfCount > 0)
        s.mean = kInf;
    else if (s.negInfCount > 0)
        s.mean = -kInf;
    else
        s.mean = s.finiteMean;
    s.std = s.infCount > 0 ? kNaN : s.finiteStd;
    if (mIntegral && s.finiteCount > 0) {
        s.exactIntegers = true;
        if (mType.itemSize < 8 || mType.kind == Kind::Bool) {
            // Exact as doubles.
            if (mType.kind == Kind::UInt) {
                s.uintMin = quint64(s.finiteMin);
                s.uintMax = quint64(s.finiteMax);
            } else {
                s.intMin = qint64(s.finiteMin);
                s.intMax = qint64(s.finiteMax);
            }
        }
    }
    return s;
}

ArrayStats computeStats(const NpyArray &array, const Progress &progress)
{
    return computeStats(array, -1, progress);
}

ArrayStats computeStats(const NpyArray &array, int leaf, const Progress &progress)
{
    const DType &type = array.dtype();
    DType leafType = type;
    qint64 leafOffset = 0;
    if (type.kind == Kind::Struct && leaf >= 0) {
        const QList<LeafColumn> leaves = leafColumns(type);
        if (leaf < 0 || leaf >= leaves.size()) {
            ArrayStats none;
            none.count = array.size();
            return none;
        }
        leafType = leaves[leaf].type;
        leafOffset = leaves[leaf].offset;
    }
    StatsAccumulator acc(leafType, leafOffset, type.itemSize);
    const qint64 bytes = array.isNull() ? 0 : array.nbytes();
    const qint64 record = std::max<qint64>(1, type.itemSize);
    // Pieces of whole records of about 4 MiB.
    const qint64 piece = std::max<qint64>(1, (qint64(4) << 20) / record) * record;
    bool cancelled = false;
    for (qint64 done = 0; done < bytes; done += piece) {
        if (progress.cancelled()) {
            cancelled = true;
            break;
        }
        acc.add(array.data() + done, std::min(piece, bytes - done));
        if (progress.report)
            progress.report(std::min(done + piece, bytes), bytes);
    }
    ArrayStats s = acc.result();
    s.cancelled = cancelled;
    return s;
}

ArrayStats computeStats(const double *values, qint64 n)
{
    StatsAccumulator acc{DType()};
    acc.addValues(values, n);
    return acc.result();
}

Result<ArrayStats> computeStats(const Source &source, int index, const Progress &progress)
{
    if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
        return Result<ArrayStats>::failure(QStringLiteral("%1: member %2 is not an array").arg(source.path()).arg(index));
    StatsAccumulator acc(source.members()[index].header.dtype);
    Status st = source.readData(index, [&](const uchar *p, qint64 n) {
        acc.add(p, n);
        return true;
    }, progress);
    if (!st)
        return Result<ArrayStats>::failure(st.error());
    return acc.result();
}

Result<QList<ArrayStats>> computeLeafStats(const Source &source, int index, const Progress &progress)
{
    using R = Result<QList<ArrayStats>>;
    if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
        return R::failure(QStringLiteral("%1: member %2 is not an array").arg(source.path()).arg(index));
    const DType &type = source.members()[index].header.dtype;
    std::vector<std::unique_ptr<StatsAccumulator>> accumulators;
    if (type.kind == Kind::Struct) {
        for (const LeafColumn &leaf : leafColumns(type))
            accumulators.push_back(std::make_unique<StatsAccumulator>(leaf.type, leaf.offset, type.itemSize));
    } else {
        accumulators.push_back(std::make_unique<StatsAccumulator>(type));
    }
    const Status st = source.readData(index, [&](const uchar *p, qint64 n) {
        for (const auto &acc : accumulators)
            acc->add(p, n);
        return true;
    }, progress);
    if (!st)
        return R::failure(st.error());
    QList<ArrayStats> out;
    out.reserve(qsizetype(accumulators.size()));
    for (const auto &acc : accumulators)
        out.append(acc->result());
    return out;
}

QString statsNumber(double v)
{
    DType f8;
    f8.kind = Kind::Float;
    f8.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    f8.itemSize = 8;
    return formatValue(f8, reinterpret_cast<const uchar *>(&v));
}

QList<StatsField> statsFields(const ArrayStats &s, const DType &type)
{
    QList<StatsField> out;
    out.append({QStringLiteral("count"), tr("Count"), QString::number(s.count)});
    if (s.temporal) {
        const bool any = s.valid() > 0;
        auto text = [&](qint64 v) {
            return any ? formatValue(type, reinterpret_cast<const uchar *>(&v)) : QStringLiteral("NaT");
        };
        // formatValue reads the dtype's byte order: give it the value in that order.
        qint64 lo = s.timeMin, hi = s.timeMax;
        if (type.needsSwap()) {
            lo = qint64(elements::byteSwap(quint64(lo)));
            hi = qint64(elements::byteSwap(quint64(hi)));
        }
        out.append({QStringLiteral("min"), tr("Min"), text(lo)});
        out.append({QStringLiteral("max"), tr("Max"), text(hi)});
        out.append({QStringLiteral("nat"), tr("NaT"), QString::number(s.nanCount)});
        return out;
    }
    if (!s.numeric)
        return out;
    const bool unsignedInts = type.kind == Kind::UInt;
    const QString low = !s.exactIntegers ? statsNumber(s.min)
                        : unsignedInts   ? QString::number(s.uintMin)
                                         : QString::number(s.intMin);
    const QString high = !s.exactIntegers ? statsNumber(s.max)
                         : unsignedInts   ? QString::number(s.uintMax)
                                          : QString::number(s.intMax);
    out.append({QStringLiteral("min"), tr("Min"), low});
    out.append({QStringLiteral("max"), tr("Max"), high});
    out.append({QStringLiteral("mean"), tr("Mean"), statsNumber(s.mean)});
    out.append({QStringLiteral("std"), tr("Std"), statsNumber(s.std)});
    out.append({QStringLiteral("nan"), tr("NaN"), QString::number(s.nanCount)});
    out.append({QStringLiteral("inf"), tr("±Inf"), QString::number(s.infCount)});
    out.append({QStringLiteral("+inf"), tr("+Inf"), QString::number(s.posInfCount)});
    out.append({QStringLiteral("-inf"), tr("−Inf"), QString::number(s.negInfCount)});
    out.append({QStringLiteral("finite_min"), tr("Finite min"), s.exactIntegers ? low : statsNumber(s.finiteMin)});
    out.append({QStringLiteral("finite_max"), tr("Finite max"), s.exactIntegers ? high : statsNumber(s.finiteMax)});
    out.append({QStringLiteral("finite_mean"), tr("Finite mean"), statsNumber(s.finiteMean)});
    out.append({QStringLiteral("finite_std"), tr("Finite std"), statsNumber(s.finiteStd)});
    return out;
}

} // namespace npy
