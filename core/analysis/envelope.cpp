#include "envelope.h"
#include "envelope_p.h"

#include "pageadvice.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <type_traits>

namespace npy {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
/** Samples looked at together: their extremes first, the index of an improving one only then (from L1). */
constexpr qint64 kSub = 4096;
/** Bytes one thread reads between page advice calls. */
constexpr qint64 kChunkBytes = qint64(8) << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Envelope", text);
}

/** The running figures of one block. */
struct BinState
{
    double first = kNaN;
    double last = kNaN;
    double min = kInf;
    double max = -kInf;
    qint64 minIndex = -1;
    qint64 maxIndex = -1;
    bool haveFirst = false;
    bool haveLast = false;
};

/** \a later's figures merged into \a earlier's (the samples of \a later come after). */
void mergeInto(BinState &earlier, const BinState &later)
{
    if (!earlier.haveFirst && later.haveFirst) {
        earlier.first = later.first;
        earlier.haveFirst = true;
    }
    if (later.haveLast) {
        earlier.last = later.last;
        earlier.haveLast = true;
    }
    if (later.minIndex >= 0 && (earlier.minIndex < 0 || later.min < earlier.min)) {
        earlier.min = later.min;
        earlier.minIndex = later.minIndex;
    }
    if (later.maxIndex >= 0 && (earlier.maxIndex < 0 || later.max > earlier.max)) {
        earlier.max = later.max;
        earlier.maxIndex = later.maxIndex;
    }
}

/** Blocks [first, last] of `bins` blocks over [begin, end) and their running figures. */
class Accumulator
{
public:
    Accumulator(qint64 begin, qint64 end, qint64 bins, qint64 first, qint64 last)
        : mBegin(begin), mEnd(end), mBins(bins), mFirst(first), mBin(first),
          mStates(size_t(std::max<qint64>(0, last - first + 1)))
    {
        mStop = envelopeBinStart(mBegin, mEnd, mBins, mBin + 1);
    }

    /** Samples \a j0 .. \a j0 + \a n - 1 (ascending, following the ones added before), sample j0 at \a p. */
    template <class Read, class Stride>
    void add(const Read &read, const uchar *p, Stride stride, qint64 j0, qint64 n)
    {
        qint64 j = j0;
        const qint64 end = j0 + n;
        while (j < end) {
            while (j >= mStop) {
                ++mBin;
                mStop = envelopeBinStart(mBegin, mEnd, mBins, mBin + 1);
            }
            BinState &s = mStates[size_t(mBin - mFirst)];
            const qint64 segEnd = std::min(end, mStop);
            const uchar *q = p + (j - j0) * qint64(stride);
            if (j == envelopeBinStart(mBegin, mEnd, mBins, mBin)) {
                s.first = read(q);
                s.haveFirst = true;
            }
            for (qint64 a = j; a < segEnd; a += kSub)
                scan(read, q + (a - j) * qint64(stride), stride, a, std::min(kSub, segEnd - a), s);
            if (segEnd == mStop) {
                s.last = read(q + (segEnd - 1 - j) * qint64(stride));
                s.haveLast = true;
            }
            j = segEnd;
        }
    }

    [[nodiscard]] qint64 firstBin() const { return mFirst; }
    [[nodiscard]] std::vector<BinState> &states() { return mStates; }

private:
    template <class Read, class Stride>
    static void scan(const Read &read, const uchar *p, Stride stride, qint64 j, qint64 n, BinState &s)
    {
        // Two lanes each, so that the compare chains overlap; NaN never passes a comparison.
        double mn0 = kInf, mn1 = kInf, mx0 = -kInf, mx1 = -kInf;
        qint64 i = 0;
        for (; i + 1 < n; i += 2) {
            const double a = read(p + i * qint64(stride));
            const double b = read(p + (i + 1) * qint64(stride));
            mn0 = a < mn0 ? a : mn0;
            mx0 = a > mx0 ? a : mx0;
            mn1 = b < mn1 ? b : mn1;
            mx1 = b > mx1 ? b : mx1;
        }
        if (i < n) {
            const double a = read(p + i * qint64(stride));
            mn0 = a < mn0 ? a : mn0;
            mx0 = a > mx0 ? a : mx0;
        }
        const double mn = mn1 < mn0 ? mn1 : mn0;
        const double mx = mx1 > mx0 ? mx1 : mx0;
        if (!(mn <= mx))
            return; // every sample NaN
        if (s.minIndex < 0 || mn < s.min) {
            for (qint64 k = 0; k < n; ++k) {
                const double v = read(p + k * qint64(stride));
                if (v == mn) {
                    s.min = v;
                    s.minIndex = j + k;
                    break;
                }
            }
        }
        if (s.maxIndex < 0 || mx > s.max) {
            for (qint64 k = 0; k < n; ++k) {
                const double v = read(p + k * qint64(stride));
                if (v == mx) {
                    s.max = v;
                    s.maxIndex = j + k;
                    break;
                }
            }
        }
    }

    qint64 mBegin;
    qint64 mEnd;
    qint64 mBins;
    qint64 mFirst;
    qint64 mBin;
    qint64 mStop = 0;
    std::vector<BinState> mStates;
};

/** The block holding sample \a j of `bins` blocks over [begin, end). */
qint64 binOf(qint64 begin, qint64 end, qint64 bins, qint64 j)
{
    const __int128 r = j - begin;
    const __int128 n = end - begin;
    return qint64(((r + 1) * bins - 1) / n);
}

/** Calls add() with the stride as a constant for packed samples of the common sizes. */
template <class Read>
void addSamples(Accumulator &acc, const Read &read, const uchar *p, qint64 stride, qint64 itemSize, qint64 j0, qint64 n)
{
    if (stride == itemSize) {
        switch (stride) {
        case 1: acc.add(read, p, std::integral_constant<qint64, 1>(), j0, n); return;
        case 2: acc.add(read, p, std::integral_constant<qint64, 2>(), j0, n); return;
        case 4: acc.add(read, p, std::integral_constant<qint64, 4>(), j0, n); return;
        case 8: acc.add(read, p, std::integral_constant<qint64, 8>(), j0, n); return;
        default: break;
        }
    }
    acc.add(read, p, stride, j0, n);
}

/** The final figures of \a states (blocks from \a firstBin on) into \a out. */
void finish(Envelope &out, const std::vector<BinState> &states, qint64 firstBin)
{
    for (size_t k = 0; k < states.size(); ++k) {
        EnvelopeBin &b = out.bins[size_t(firstBin) + k];
        const BinState &s = states[k];
        b.first = s.haveFirst ? s.first : kNaN;
        b.last = s.haveLast ? s.last : kNaN;
        b.minIndex = s.minIndex;
        b.maxIndex = s.maxIndex;
        b.min = s.minIndex >= 0 ? s.min : kNaN;
        b.max = s.maxIndex >= 0 ? s.max : kNaN;
    }
}

/** An envelope with its blocks laid out and no figures yet. */
Envelope emptyEnvelope(qint64 begin, qint64 end, qint64 bins)
{
    Envelope e;
    e.begin = begin;
    e.end = end;
    e.min = e.max = kNaN;
    e.bins.resize(size_t(bins));
    for (qint64 i = 0; i < bins; ++i) {
        EnvelopeBin &b = e.bins[size_t(i)];
        b.start = envelopeBinStart(begin, end, bins, i);
        b.stop = envelopeBinStart(begin, end, bins, i + 1);
        b.first = b.last = b.min = b.max = kNaN;
    }
    return e;
}

void overallExtremes(Envelope &e)
{
    e.min = e.max = kNaN;
    e.minIndex = e.maxIndex = -1;
    for (const EnvelopeBin &b : e.bins) {
        if (b.minIndex >= 0 && (e.minIndex < 0 || b.min < e.min)) {
            e.min = b.min;
            e.minIndex = b.minIndex;
        }
        if (b.maxIndex >= 0 && (e.maxIndex < 0 || b.max > e.max)) {
            e.max = b.max;
            e.maxIndex = b.maxIndex;
        }
    }
}

} // namespace

qint64 envelopeBinStart(qint64 begin, qint64 end, qint64 bins, qint64 i)
{
    if (bins <= 0 || i <= 0)
        return begin;
    if (i >= bins)
        return end;
    const __int128 n = end - begin;
    return begin + qint64(__int128(i) * n / bins);
}

Result<SeriesLayout> seriesLayout(const NpyHeader &header, int field, qint64 column)
{
    using R = Result<SeriesLayout>;
    const DType &type = header.dtype;
    SeriesLayout s;
    s.type = type;
    s.stride = type.itemSize;
    qint64 leafOffset = 0;
    if (type.kind == Kind::Struct) {
        const QList<LeafColumn> leaves = leafColumns(type);
        if (field < 0 || field >= leaves.size()) {
            QStringList names;
            for (const LeafColumn &l : leaves)
                names << l.name;
            return R::failure(tr("a record array: choose a field (%1)").arg(names.join(QStringLiteral(", "))));
        }
        s.type = leaves[field].type;
        leafOffset = leaves[field].offset;
        s.label = tr("field '%1'").arg(leaves[field].name);
    } else if (field >= 0) {
        return R::failure(tr("not a record array: it has no fields"));
    }
    if (s.type.kind == Kind::Complex)
        return R::failure(tr("cannot take the envelope of complex dtype %1: choose a real dtype (np.real, np.abs)")
                              .arg(s.type.displayName()));
    if (!samples::hasSampleValue(s.type))
        return R::failure(tr("cannot take the envelope of dtype %1 (numbers, bools, datetimes and timedeltas only)")
                              .arg(s.type.displayName()));
    const QList<qint64> &shape = header.shape;
    if (column >= 0) {
        if (shape.size() != 2)
            return R::failure(tr("a column is taken of a 2-D array, not of shape %1").arg(header.shapeText()));
        if (column >= shape[1])
            return R::failure(tr("no column %1: the array has %2").arg(column).arg(shape[1]));
        s.count = shape[0];
        if (header.fortranOrder) {
            s.offset = column * shape[0] * type.itemSize;
        } else {
            s.offset = column * type.itemSize;
            s.stride = shape[1] * type.itemSize;
        }
        const QString col = tr("column %1").arg(column);
        s.label = s.label.isEmpty() ? col : tr("%1, %2").arg(s.label, col);
    } else {
        if (header.fortranOrder && shape.size() > 1)
            return R::failure(tr("a Fortran-ordered %1-D array: choose a column").arg(shape.size()));
        s.count = header.elementCount;
    }
    s.offset += leafOffset;
    return s;
}

Envelope envelopeLayout(qint64 begin, qint64 end, qint64 bins)
{
    end = std::max(begin, end);
    return emptyEnvelope(begin, end, std::clamp<qint64>(bins, 1, kMaxEnvelopeBins));
}

bool fillEnvelope(const SeriesMemory &series, qint64 firstBin, qint64 lastBin, Envelope *out,
                  const std::atomic_bool *cancel)
{
    const qint64 bins = qint64(out->bins.size());
    firstBin = std::clamp<qint64>(firstBin, 0, bins);
    lastBin = std::clamp<qint64>(lastBin, firstBin, bins);
    const qint64 begin = envelopeBinStart(out->begin, out->end, bins, firstBin);
    const qint64 end = envelopeBinStart(out->begin, out->end, bins, lastBin);
    const qint64 n = end - begin;
    if (n <= 0 || !series.first || out->end > series.count || out->begin < 0
        || !(samples::hasSampleValue(series.type) || series.type.kind == Kind::Complex))
        return true;
    const uchar *first = series.first;
    const qint64 stride = series.stride;
    const qint64 itemSize = series.type.itemSize;
    const qint64 span = std::max<qint64>(std::abs(stride), itemSize);
    const int threads = n * span < (qint64(16) << 20) ? 1 : std::clamp(QThread::idealThreadCount(), 1, 4);
    const qint64 chunk = std::max<qint64>(1, kChunkBytes / span);
    std::vector<std::unique_ptr<Accumulator>> parts(static_cast<size_t>(threads));
    std::vector<char> stopped(static_cast<size_t>(threads), 0);
    auto part = [&](int t) {
        const qint64 s0 = begin + n * t / threads;
        const qint64 s1 = begin + n * (t + 1) / threads;
        if (s1 <= s0)
            return;
        auto acc = std::make_unique<Accumulator>(out->begin, out->end, bins, binOf(out->begin, out->end, bins, s0),
                                                 binOf(out->begin, out->end, bins, s1 - 1));
        samples::withSampleReader(series.type, series.part, [&](const auto &read) {
            for (qint64 j = s0; j < s1; j += chunk) {
                if (cancel && cancel->load(std::memory_order_relaxed)) {
                    stopped[size_t(t)] = 1;
                    return;
                }
                const qint64 m = std::min(chunk, s1 - j);
                const uchar *p = first + j * stride;
                const uchar *lo = stride >= 0 ? p : p + (m - 1) * stride;
                const uchar *hi = (stride >= 0 ? p + (m - 1) * stride : p) + itemSize;
                if (series.releasable)
                    populatePages(lo, hi);
                addSamples(*acc, read, p, stride, itemSize, j, m);
                if (series.releasable)
                    releasePages(lo, hi);
            }
        });
        parts[size_t(t)] = std::move(acc);
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < threads; ++t)
        helpers.emplace_back(part, t);
    part(0);
    for (std::thread &th : helpers)
        th.join();
    if (std::any_of(stopped.begin(), stopped.end(), [](char c) { return c != 0; })) {
        out->cancelled = true;
        return false;
    }
    // The parts in order; a block two parts share is merged, the earlier one's samples first.
    std::vector<BinState> merged;
    qint64 mergedFirst = 0;
    for (auto &acc : parts) {
        if (!acc)
            continue;
        std::vector<BinState> &states = acc->states();
        if (merged.empty()) {
            merged = std::move(states);
            mergedFirst = acc->firstBin();
            continue;
        }
        qint64 k = 0;
        const qint64 mergedLast = mergedFirst + qint64(merged.size()) - 1;
        if (acc->firstBin() == mergedLast) {
            mergeInto(merged.back(), states.front());
            k = 1;
        }
        merged.insert(merged.end(), states.begin() + k, states.end());
    }
    finish(*out, merged, mergedFirst);
    overallExtremes(*out);
    return true;
}

Envelope computeEnvelope(const SeriesMemory &series, qint64 begin, qint64 end, qint64 bins,
                         const std::atomic_bool *cancel)
{
    begin = std::clamp<qint64>(begin, 0, std::max<qint64>(series.count, 0));
    end = std::clamp<qint64>(end, begin, std::max<qint64>(series.count, 0));
    Envelope out = envelopeLayout(begin, end, bins);
    fillEnvelope(series, 0, qint64(out.bins.size()), &out, cancel);
    return out;
}

Envelope computeEnvelope(const NpyArray &array, const SeriesLayout &series, qint64 begin, qint64 end, qint64 bins,
                         const std::atomic_bool *cancel)
{
    const bool fits = !array.isNull() && series.count > 0 && series.offset >= 0 && series.stride > 0
                      && series.offset + (series.count - 1) * series.stride + series.type.itemSize <= array.nbytes();
    SeriesMemory m;
    m.first = fits ? array.data() + series.offset : nullptr;
    m.stride = series.stride;
    m.type = series.type;
    m.count = fits ? series.count : 0;
    m.releasable = array.pagesReleasable();
    return computeEnvelope(m, begin, end, bins, cancel);
}

Result<Envelope> computeEnvelope(const Source &source, int index, const SeriesLayout &series, qint64 bins,
                                 const Progress &progress)
{
    using R = Result<Envelope>;
    if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
        return R::failure(tr("%1: member %2 is not an array").arg(source.path()).arg(index));
    const MemberInfo &m = source.members()[index];
    const qint64 item = series.type.itemSize;
    if (series.count > 0
        && (series.offset < 0 || series.stride < item || series.offset + (series.count - 1) * series.stride + item
                                                               > m.header.dataBytes))
        return R::failure(tr("%1: the series does not fit the member's data").arg(source.path()));
    bins = std::clamp<qint64>(bins, 1, kMaxEnvelopeBins);
    if (m.compression == Compression::None || m.compression == Compression::Stored) {
        // A map: read on a few threads, each page given back once read.
        Result<NpyArray> array = source.load(index, progress);
        if (!array)
            return R::failure(array.error());
        if (array->isMapped()) {
            Envelope e = computeEnvelope(array.value(), series, 0, series.count, bins, progress.cancel);
            if (e.cancelled)
                return R::failure(tr("%1: cancelled").arg(source.path()));
            if (array->mappingLost())
                return R::failure(tr("%1: the file changed while it was read").arg(source.path()));
            return e;
        }
    }
    // A compressed member: decoded once, piece by piece; a sample cut by a piece's end is carried over.
    Envelope out = emptyEnvelope(0, series.count, bins);
    if (series.count == 0)
        return out;
    Accumulator acc(0, series.count, bins, 0, bins - 1);
    qint64 position = series.offset; // byte offset of the next piece in the data
    qint64 next = 0;                 // the next sample
    QByteArray carry;
    const qint64 to = series.offset + (series.count - 1) * series.stride + item;
    Status st;
    samples::withSampleReader(series.type, ComplexPart::Real, [&](const auto &read) {
        st = source.readDataRange(index, series.offset, to, [&](const uchar *p, qint64 size) {
            const qint64 pieceEnd = position + size;
            if (!carry.isEmpty()) {
                const qint64 need = std::min<qint64>(item - carry.size(), size);
                carry.append(reinterpret_cast<const char *>(p), qsizetype(need));
                if (carry.size() == item) {
                    addSamples(acc, read, reinterpret_cast<const uchar *>(carry.constData()), series.stride, item,
                               next, 1);
                    ++next;
                    carry.clear();
                }
            }
            if (next < series.count) {
                const qint64 at = series.offset + next * series.stride;
                if (at + item <= pieceEnd) {
                    const qint64 whole = std::min(series.count - next, (pieceEnd - item - at) / series.stride + 1);
                    addSamples(acc, read, p + (at - position), series.stride, item, next, whole);
                    next += whole;
                }
                const qint64 after = series.offset + next * series.stride;
                if (next < series.count && after < pieceEnd && carry.isEmpty())
                    carry.append(reinterpret_cast<const char *>(p + (after - position)), qsizetype(pieceEnd - after));
            }
            position = pieceEnd;
            return true;
        }, progress);
    });
    if (!st)
        return R::failure(st.error());
    if (next < series.count)
        return R::failure(tr("%1: the member ended before its data did").arg(source.path()));
    finish(out, acc.states(), 0);
    overallExtremes(out);
    return out;
}

} // namespace npy
