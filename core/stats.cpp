#include "stats.h"

#include "valuetext.h"

#include <QtEndian>

#include <cmath>
#include <cstring>
#include <vector>

namespace npy {

namespace {

constexpr qint64 kBlock = 16384;

/** Reads \a n elements of type \a T (held as the unsigned integer \a Bits, byte-swapped when asked). */
template <typename T, typename Bits = T>
void decode(const uchar *p, qint64 n, bool swap, double *out)
{
    static_assert(sizeof(T) == sizeof(Bits));
    for (qint64 i = 0; i < n; ++i) {
        Bits bits;
        std::memcpy(&bits, p + i * qint64(sizeof(T)), sizeof(T));
        if (swap)
            bits = qbswap(bits);
        T v;
        std::memcpy(&v, &bits, sizeof(T));
        out[i] = double(v);
    }
}

} // namespace

StatsAccumulator::StatsAccumulator(const DType &type) : mType(type)
{
    switch (type.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        mStats.numeric = true;
        break;
    default:
        mStats.numeric = false;
    }
    mStats.min = std::numeric_limits<double>::infinity();
    mStats.max = -std::numeric_limits<double>::infinity();
}

void StatsAccumulator::add(const uchar *data, qint64 size)
{
    const qint64 item = mType.itemSize;
    if (item <= 0)
        return;
    if (!mCarry.isEmpty()) {
        const qint64 need = std::min<qint64>(item - mCarry.size(), size);
        mCarry.append(reinterpret_cast<const char *>(data), qsizetype(need));
        data += need;
        size -= need;
        if (mCarry.size() < item)
            return;
        addElements(reinterpret_cast<const uchar *>(mCarry.constData()), 1);
        mCarry.clear();
    }
    const qint64 whole = size / item;
    addElements(data, whole);
    if (size > whole * item)
        mCarry.append(reinterpret_cast<const char *>(data + whole * item), qsizetype(size - whole * item));
}

void StatsAccumulator::addElements(const uchar *data, qint64 count)
{
    mStats.count += count;
    if (!mStats.numeric)
        return;
    std::vector<double> buffer(size_t(std::min(count, kBlock)));
    const bool swap = mType.needsSwap();
    const qint64 item = mType.itemSize;
    for (qint64 start = 0; start < count; start += kBlock) {
        const qint64 n = std::min(kBlock, count - start);
        const uchar *p = data + start * item;
        double *out = buffer.data();
        switch (mType.kind) {
        case Kind::Bool:
            for (qint64 i = 0; i < n; ++i)
                out[i] = p[i] ? 1.0 : 0.0;
            break;
        case Kind::Int:
            switch (item) {
            case 1: decode<qint8>(p, n, false, out); break;
            case 2: decode<qint16>(p, n, swap, out); break;
            case 4: decode<qint32>(p, n, swap, out); break;
            default: decode<qint64>(p, n, swap, out); break;
            }
            break;
        case Kind::UInt:
            switch (item) {
            case 1: decode<quint8>(p, n, false, out); break;
            case 2: decode<quint16>(p, n, swap, out); break;
            case 4: decode<quint32>(p, n, swap, out); break;
            default: decode<quint64>(p, n, swap, out); break;
            }
            break;
        default:
            if (item == 4)
                decode<float, quint32>(p, n, swap, out);
            else if (item == 8)
                decode<double, quint64>(p, n, swap, out);
            else
                for (qint64 i = 0; i < n; ++i)
                    out[i] = valueToDouble(mType, p + i * item);
        }
        mergeBlock(out, n);
    }
}

void StatsAccumulator::mergeBlock(const double *values, qint64 n)
{
    qint64 valid = 0;
    qint64 infs = 0;
    double sum = 0;
    double lo = mStats.min;
    double hi = mStats.max;
    for (qint64 i = 0; i < n; ++i) {
        const double x = values[i];
        if (std::isnan(x))
            continue;
        ++valid;
        infs += std::isinf(x) ? 1 : 0;
        lo = x < lo ? x : lo;
        hi = x > hi ? x : hi;
        sum += x;
    }
    mStats.nanCount += n - valid;
    mStats.infCount += infs;
    mStats.min = lo;
    mStats.max = hi;
    if (valid == 0)
        return;
    const double blockMean = sum / double(valid);
    double m2 = 0;
    for (qint64 i = 0; i < n; ++i) {
        const double x = values[i];
        if (!std::isnan(x))
            m2 += (x - blockMean) * (x - blockMean);
    }
    if (infs)
        m2 = std::numeric_limits<double>::quiet_NaN();
    if (mN == 0) {
        mStats.mean = blockMean;
        mM2 = m2;
        mN = valid;
        return;
    }
    const double total = double(mN + valid);
    const double delta = blockMean - mStats.mean;
    if (std::isinf(blockMean) || std::isinf(mStats.mean)) {
        mStats.mean = mStats.mean + blockMean; // inf, -inf+inf = nan as in NumPy
        mM2 = std::numeric_limits<double>::quiet_NaN();
    } else {
        mStats.mean += delta * double(valid) / total;
        mM2 += m2 + delta * delta * double(mN) * double(valid) / total;
    }
    mN += valid;
}

ArrayStats StatsAccumulator::result() const
{
    ArrayStats s = mStats;
    if (!s.numeric || mN == 0) {
        s.min = s.max = s.mean = s.std = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    s.std = std::sqrt(mM2 / double(mN));
    return s;
}

ArrayStats computeStats(const NpyArray &array, const Progress &progress)
{
    StatsAccumulator acc(array.dtype());
    constexpr qint64 kPiece = 4 << 20;
    for (qint64 done = 0; done < array.nbytes(); done += kPiece) {
        if (progress.cancelled())
            break;
        acc.add(array.data() + done, std::min(kPiece, array.nbytes() - done));
        if (progress.report)
            progress.report(std::min(done + kPiece, array.nbytes()), array.nbytes());
    }
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

} // namespace npy
