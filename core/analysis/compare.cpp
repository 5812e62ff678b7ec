#include "compare.h"
#include "compare_p.h"

#include "blockreader.h"
#include "elements.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <queue>

namespace npy {

using comparedetail::dtypeText;
using comparedetail::elementText;
using comparedetail::sameTypeIgnoringOrder;

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Compare)
};

/** An array in memory as a BlockReader: its bytes in blocks, no copy. */
class ArrayReader final : public BlockReader
{
public:
    ArrayReader(NpyArray array, qint64 block) : mArray(std::move(array)), mBlock(std::max<qint64>(block, 1))
    {
        mSize = mArray.nbytes();
    }
    Status next(const uchar **data, qint64 *size) override
    {
        *size = std::min(mBlock, mSize - mPosition);
        *data = mArray.data() + mPosition;
        mPosition += *size;
        return Status();
    }
    bool isMapped() const override { return mArray.isMapped(); }

private:
    NpyArray mArray;
    qint64 mBlock;
};

/** Whole elements of one side, in file order, out of the blocks of a reader (staging the ones split by a block end). */
class Side
{
public:
    Side(BlockReader *reader, qint64 itemSize) : mReader(reader), mItem(itemSize) {}

    /** Points \a p at \a n >= 1 contiguous elements (0 at the end). */
    Status peek(const uchar **p, qint64 *n)
    {
        if (mStaged) {
            *p = reinterpret_cast<const uchar *>(mStage.constData());
            *n = 1;
            return Status();
        }
        while (mLeft == 0) {
            Status st = mReader->next(&mData, &mLeft);
            if (!st)
                return st;
            if (mLeft == 0) {
                *n = 0;
                return Status();
            }
        }
        if (mLeft >= mItem) {
            *p = mData;
            *n = mLeft / mItem;
            return Status();
        }
        // An element split across blocks: gather its bytes.
        mStage.resize(qsizetype(mItem));
        qint64 have = 0;
        while (have < mItem) {
            if (mLeft == 0) {
                Status st = mReader->next(&mData, &mLeft);
                if (!st)
                    return st;
                if (mLeft == 0) {
                    *n = 0;
                    return Status();
                }
            }
            const qint64 take = std::min(mLeft, mItem - have);
            std::memcpy(mStage.data() + have, mData, size_t(take));
            have += take;
            mData += take;
            mLeft -= take;
        }
        mStaged = true;
        return peek(p, n);
    }

    void advance(qint64 k)
    {
        if (mStaged) {
            mStaged = false;
            return;
        }
        mData += k * mItem;
        mLeft -= k * mItem;
    }

private:
    BlockReader *mReader;
    qint64 mItem;
    const uchar *mData = nullptr;
    qint64 mLeft = 0;
    QByteArray mStage;
    bool mStaged = false;
};

/** B read through index mapping when its memory order differs from A's: runs along A's fastest axis. */
class Odometer
{
public:
    Odometer(const NpyArray &b, bool aFortran) : mBase(b.data()), mShape(b.shape()), mStrides(b.strides())
    {
        const int n = int(mShape.size());
        for (int i = 0; i < n; ++i)
            mOrder.append(aFortran ? i : n - 1 - i);
        mIndex = QList<qint64>(n, 0);
    }
    const uchar *pointer() const
    {
        const uchar *p = mBase;
        for (int i = 0; i < mShape.size(); ++i)
            p += mIndex[i] * mStrides[i];
        return p;
    }
    qint64 runLeft() const { return mShape.isEmpty() ? 1 : mShape[mOrder[0]] - mIndex[mOrder[0]]; }
    qint64 stride() const { return mShape.isEmpty() ? 0 : mStrides[mOrder[0]]; }
    void advance(qint64 k)
    {
        if (mShape.isEmpty())
            return;
        mIndex[mOrder[0]] += k;
        for (int level = 0; level < mOrder.size() && mIndex[mOrder[level]] >= mShape[mOrder[level]]; ++level) {
            mIndex[mOrder[level]] = 0;
            if (level + 1 < mOrder.size())
                ++mIndex[mOrder[level + 1]];
        }
    }

private:
    const uchar *mBase;
    QList<qint64> mShape;
    QList<qint64> mStrides;
    QList<int> mOrder;
    QList<qint64> mIndex;
};

/** The figures of one member, in A's file order; indexes become C-order ones at the end. */
class Tracker
{
public:
    Tracker(const NpyHeader &a, const DType &typeB, int firstCount)
        : mShape(a.shape), mFortran(a.fortranOrder && a.shape.size() > 1), mTypeA(a.dtype), mTypeB(typeB),
          mFirstCount(std::max(firstCount, 0))
    {
    }

    /** True when a pair of equal finite elements can change nothing but... nothing (the fast path skips it). */
    [[nodiscard]] bool settled() const { return mSettled; }

    void take(qint64 fi, const ElementComparator::Outcome &o, const uchar *pa, const uchar *pb)
    {
        if (o.differs)
            noteDiff(fi, pa, pb);
        if (o.nanMismatch)
            ++nanMismatch;
        if (!std::isnan(o.absDiff) && (!hasAbs || o.absDiff >= maxAbs) && better(hasAbs, o.absDiff, maxAbs, fi, absAt)) {
            hasAbs = true;
            maxAbs = o.absDiff;
            absAt = fi;
        }
        if (!std::isnan(o.relDiff) && (!hasRel || o.relDiff >= maxRel) && better(hasRel, o.relDiff, maxRel, fi, relAt)) {
            hasRel = true;
            maxRel = o.relDiff;
            relAt = fi;
        }
        mSettled = hasAbs && hasRel && (!mFortran || (maxAbs > 0 && maxRel > 0));
    }

    qint64 cFlat(qint64 fi) const
    {
        if (!mFortran)
            return fi;
        qint64 c = 0;
        qint64 rest = fi;
        QList<qint64> index(mShape.size());
        for (qsizetype i = 0; i < mShape.size(); ++i) {
            index[i] = mShape[i] ? rest % mShape[i] : 0;
            rest = mShape[i] ? rest / mShape[i] : 0;
        }
        for (qsizetype i = 0; i < mShape.size(); ++i)
            c = c * mShape[i] + index[i];
        return c;
    }

    void finish(MemberDiff *d)
    {
        d->count = count;
        d->nanMismatch = nanMismatch;
        d->hasMaxAbs = hasAbs;
        d->maxAbs = maxAbs;
        d->maxAbsIndex = hasAbs ? unravelIndex(cFlat(absAt), mShape) : QList<qint64>();
        d->hasMaxRel = hasRel;
        d->maxRel = maxRel;
        d->maxRelIndex = hasRel ? unravelIndex(cFlat(relAt), mShape) : QList<qint64>();
        std::vector<Kept> kept;
        while (!mFirst.empty()) {
            kept.push_back(mFirst.top());
            mFirst.pop();
        }
        for (auto it = kept.rbegin(); it != kept.rend(); ++it)
            d->first.append({unravelIndex(it->cflat, mShape), it->a, it->b});
    }

    qint64 count = 0;
    qint64 nanMismatch = 0;

private:
    bool better(bool has, double value, double best, qint64 fi, qint64 bestAt) const
    {
        return !has || value > best || (mFortran && cFlat(fi) < cFlat(bestAt));
    }

    void noteDiff(qint64 fi, const uchar *pa, const uchar *pb)
    {
        ++count;
        if (mFirstCount == 0)
            return;
        if (!mFortran && qint64(mFirst.size()) == mFirstCount)
            return; // file order is C order: the first ones are kept already
        const qint64 c = cFlat(fi);
        if (qint64(mFirst.size()) == mFirstCount) {
            if (c >= mFirst.top().cflat)
                return;
            mFirst.pop();
        }
        mFirst.push({c, elementText(mTypeA, pa), elementText(mTypeB, pb)});
    }

    struct Kept
    {
        qint64 cflat;
        QString a;
        QString b;
        bool operator<(const Kept &o) const { return cflat < o.cflat; }
    };

    QList<qint64> mShape;
    bool mFortran;
    DType mTypeA;
    DType mTypeB;
    qint64 mFirstCount;
    std::priority_queue<Kept> mFirst;
    bool hasAbs = false;
    double maxAbs = 0;
    qint64 absAt = 0;
    bool hasRel = false;
    double maxRel = 0;
    qint64 relAt = 0;
    bool mSettled = false;
};

/** One run of k element pairs: A at pa (stride sa), B at pb (stride sb), the first at file index fi. */
struct Run
{
    const uchar *pa;
    qint64 sa;
    const uchar *pb;
    qint64 sb;
    qint64 k;
    qint64 fi;
};

/** The fast path: one real dtype on both sides (same byte order), computed in T. */
/** The element size of a reader whose elements are plain C numbers (0 for the others). */
template <class Read> struct PlainSize
{
    static constexpr qint64 value = 0;
};
template <typename E, bool Swap> struct PlainSize<elements::ReadReal<E, Swap>>
{
    static constexpr qint64 value = sizeof(E);
};

/** The fast path: one real dtype on both sides (same byte order), computed in T. */
template <typename T, class Read>
void fastRun(const Read &read, const Run &r, const CompareOptions &opt, Tracker &t)
{
    const T atol = T(opt.atol);
    const T rtol = T(opt.rtol);
    auto detailed = [&](qint64 from, qint64 to) {
        for (qint64 i = from; i < to; ++i) {
            const uchar *pa = r.pa + i * r.sa;
            const uchar *pb = r.pb + i * r.sb;
            const T x = T(read(pa));
            const T y = T(read(pb));
            if (x == y && t.settled())
                continue;
            t.take(r.fi + i, comparedetail::realOutcome<T>(x, y, atol, rtol, opt.equalNan), pa, pb);
        }
    };
    qint64 i = 0;
    constexpr qint64 kSize = PlainSize<Read>::value;
    if constexpr (kSize > 0) {
        // Contiguous runs: chunks whose pairs are all equal (a vectorisable test) are skipped
        // once nothing an equal pair could change is left to find.
        constexpr qint64 kChunk = 16;
        if (r.sa == kSize && r.sb == kSize) {
            for (; i + kChunk <= r.k; i += kChunk) {
                const uchar *pa = r.pa + i * kSize;
                const uchar *pb = r.pb + i * kSize;
                int unequal = 0;
                for (qint64 j = 0; j < kChunk; ++j)
                    unequal |= int(T(read(pa + j * kSize)) != T(read(pb + j * kSize)));
                if (unequal || !t.settled())
                    detailed(i, i + kChunk);
            }
        }
    }
    detailed(i, r.k);
}

struct Stream
{
    NpyHeader header;
    std::unique_ptr<BlockReader> reader;
    /** Loads the whole array (for index mapping). */
    std::function<Result<NpyArray>()> load;
};

Status compareStreams(Stream &a, Stream &b, const ElementComparator &cmp, const CompareOptions &opt,
                      const Progress &progress, MemberDiff *out)
{
    const NpyHeader &ha = a.header;
    const NpyHeader &hb = b.header;
    Tracker tracker(ha, hb.dtype, opt.firstCount);
    const qint64 total = ha.elementCount;
    out->total = total;
    out->compared = true;
    if (ha.dtype.itemSize == 0 || hb.dtype.itemSize == 0 || total == 0) {
        tracker.finish(out);
        return Status();
    }
    qint64 longAxes = 0;
    for (qint64 d : ha.shape)
        longAxes += d > 1 ? 1 : 0;
    const bool mapped = ha.fortranOrder != hb.fortranOrder && longAxes > 1;
    NpyArray loadedB;
    std::unique_ptr<Odometer> odometer;
    if (mapped) {
        Result<NpyArray> array = b.load();
        if (!array)
            return Status::failure(array.error());
        loadedB = array.value();
        odometer = std::make_unique<Odometer>(loadedB, ha.fortranOrder);
    }
    const bool fast = sameTypeIgnoringOrder(ha.dtype, hb.dtype) && ha.dtype.byteOrder == hb.dtype.byteOrder
                      && (ha.dtype.kind == Kind::Bool || ha.dtype.kind == Kind::Int || ha.dtype.kind == Kind::UInt
                          || ha.dtype.kind == Kind::Float);
    const bool single = cmp.isSinglePrecision();
    // float16 is rounded at every step: the comparator's own path.
    const bool half = cmp.isHalfPrecision() || (ha.dtype.kind == Kind::Float && ha.dtype.itemSize == 2);
    Side sideA(a.reader.get(), ha.dtype.itemSize);
    Side sideB(b.reader.get(), hb.dtype.itemSize);
    qint64 fi = 0;
    while (fi < total) {
        if (progress.cancelled())
            return Status::failure(Tr::tr("cancelled"));
        const uchar *pa = nullptr;
        const uchar *pb = nullptr;
        qint64 na = 0;
        qint64 nb = 0;
        qint64 sb = hb.dtype.itemSize;
        Status st = sideA.peek(&pa, &na);
        if (!st)
            return st;
        if (mapped) {
            pb = odometer->pointer();
            nb = odometer->runLeft();
            sb = odometer->stride();
        } else {
            st = sideB.peek(&pb, &nb);
            if (!st)
                return st;
        }
        if (na == 0 || nb == 0)
            return Status::failure(Tr::tr("the data ended after %1 of %2 elements").arg(fi).arg(total));
        const Run run{pa, ha.dtype.itemSize, pb, sb, std::min({na, nb, total - fi}), fi};
        if (fast && !half) {
            withElementReader(ha.dtype, ComplexPart::Real, [&](const auto &read) {
                if (single)
                    fastRun<float>(read, run, opt, tracker);
                else
                    fastRun<double>(read, run, opt, tracker);
            });
        } else {
            for (qint64 i = 0; i < run.k; ++i) {
                const uchar *x = run.pa + i * run.sa;
                const uchar *y = run.pb + i * run.sb;
                tracker.take(run.fi + i, cmp.compare(x, y), x, y);
            }
        }
        sideA.advance(run.k);
        if (mapped)
            odometer->advance(run.k);
        else
            sideB.advance(run.k);
        fi += run.k;
        if (progress.report)
            progress.report(fi, total);
    }
    tracker.finish(out);
    return Status();
}

/** Fills the dtype and shape of one side. */
void describe(const MemberInfo &m, bool isA, MemberDiff *d)
{
    const bool array = m.isArray && m.error.isEmpty();
    (isA ? d->hasA : d->hasB) = true;
    (isA ? d->arrayA : d->arrayB) = array;
    if (m.isArray && (array || m.header.isPickled())) {
        (isA ? d->dtypeA : d->dtypeB) = dtypeText(m.header.dtype);
        (isA ? d->shapeA : d->shapeB) = m.header.shape;
    }
}

/** Compares the header-level facts; true when the elements are to be compared with \a cmp. */
bool compareHeaders(const NpyHeader &a, const NpyHeader &b, const CompareOptions &options, MemberDiff *d,
                    Result<ElementComparator> *cmp)
{
    d->dtypeDiffers = !sameTypeIgnoringOrder(a.dtype, b.dtype);
    if (a.shape != b.shape) {
        d->status = MemberStatus::Incomparable;
        d->reason = Tr::tr("shapes differ: %1 against %2").arg(a.shapeText(), b.shapeText());
        return false;
    }
    *cmp = ElementComparator::create(a.dtype, b.dtype, options);
    if (!*cmp) {
        d->status = MemberStatus::Incomparable;
        d->reason = cmp->error();
        return false;
    }
    return true;
}

void settleStatus(MemberDiff *d)
{
    d->status = d->count > 0 || d->dtypeDiffers ? MemberStatus::Differs : MemberStatus::Same;
    if (d->dtypeDiffers && d->reason.isEmpty())
        d->reason = Tr::tr("dtypes differ: %1 against %2").arg(d->dtypeA, d->dtypeB);
}

QString located(const Source &s, const MemberInfo &m)
{
    if (m.error.startsWith(s.path()))
        return m.error;
    if (s.format() == FileFormat::Npy)
        return Tr::tr("%1: %2").arg(s.path(), m.error);
    return Tr::tr("%1: member '%2': %3").arg(s.path(), m.archiveName, m.error);
}

} // namespace

QString memberStatusName(MemberStatus status)
{
    switch (status) {
    case MemberStatus::Same:
        return QStringLiteral("same");
    case MemberStatus::Differs:
        return QStringLiteral("differs");
    case MemberStatus::OnlyA:
        return QStringLiteral("only_a");
    case MemberStatus::OnlyB:
        return QStringLiteral("only_b");
    case MemberStatus::Incomparable:
        return QStringLiteral("incomparable");
    }
    return QString();
}

Result<MemberDiff> compareMembers(const Source &a, int ia, const Source &b, int ib, const CompareOptions &options,
                                  const Progress &progress)
{
    using R = Result<MemberDiff>;
    MemberDiff d;
    if (ia >= 0)
        describe(a.members()[ia], true, &d);
    if (ib >= 0)
        describe(b.members()[ib], false, &d);
    d.name = ia >= 0 ? a.members()[ia].name : ib >= 0 ? b.members()[ib].name : QString();
    if (ia < 0 || ib < 0) {
        d.status = ia < 0 ? MemberStatus::OnlyB : MemberStatus::OnlyA;
        return d;
    }
    const MemberInfo &ma = a.members()[ia];
    const MemberInfo &mb = b.members()[ib];
    // Pickled arrays and other files are compared by their raw bytes; unreadable members are errors.
    const bool rawA = !ma.isArray || ma.header.isPickled();
    const bool rawB = !mb.isArray || mb.header.isPickled();
    if (!ma.error.isEmpty() && !(ma.isArray && ma.header.isPickled()))
        return R::failure(located(a, ma));
    if (!mb.error.isEmpty() && !(mb.isArray && mb.header.isPickled()))
        return R::failure(located(b, mb));
    if (rawA || rawB) {
        if (rawA != rawB) {
            d.status = MemberStatus::Incomparable;
            d.reason = Tr::tr("an array against a member that is not one");
            return d;
        }
        Result<QByteArray> x = a.readRaw(ia, progress);
        if (!x)
            return R::failure(x.error());
        Result<QByteArray> y = b.readRaw(ib, progress);
        if (!y)
            return R::failure(y.error());
        d.status = x.value() == y.value() ? MemberStatus::Same : MemberStatus::Differs;
        if (d.status == MemberStatus::Differs)
            d.reason = Tr::tr("the raw bytes differ");
        return d;
    }
    Result<ElementComparator> cmp = Result<ElementComparator>::failure(QString());
    if (!compareHeaders(ma.header, mb.header, options, &d, &cmp))
        return d;
    Stream sa{ma.header, nullptr, {}};
    Stream sb{mb.header, nullptr, [&]() { return b.load(ib, progress); }};
    auto readerA = BlockReader::open(a, ia, options.blockSize);
    if (!readerA)
        return R::failure(readerA.error());
    sa.reader = std::move(readerA.value());
    auto readerB = BlockReader::open(b, ib, options.blockSize);
    if (!readerB)
        return R::failure(readerB.error());
    sb.reader = std::move(readerB.value());
    Status st = compareStreams(sa, sb, cmp.value(), options, progress, &d);
    if (!st)
        return R::failure(st.error());
    // Read both to their ends: a deflated member's CRC is checked only there.
    for (Stream *s : {&sa, &sb}) {
        const uchar *p = nullptr;
        qint64 n = 1;
        while (n > 0) {
            Status end = s->reader->next(&p, &n);
            if (!end)
                return R::failure(end.error());
        }
    }
    settleStatus(&d);
    return d;
}

Result<MemberDiff> compareArrays(const NpyArray &a, const NpyArray &b, const CompareOptions &options,
                                 const Progress &progress)
{
    using R = Result<MemberDiff>;
    MemberDiff d;
    d.hasA = d.hasB = d.arrayA = d.arrayB = true;
    d.dtypeA = dtypeText(a.dtype());
    d.dtypeB = dtypeText(b.dtype());
    d.shapeA = a.shape();
    d.shapeB = b.shape();
    Result<ElementComparator> cmp = Result<ElementComparator>::failure(QString());
    if (!compareHeaders(a.header(), b.header(), options, &d, &cmp))
        return d;
    NpyHeader ha = a.header();
    NpyHeader hb = b.header();
    Stream sa{ha, std::make_unique<ArrayReader>(a, options.blockSize), {}};
    Stream sb{hb, std::make_unique<ArrayReader>(b, options.blockSize), [b]() { return Result<NpyArray>(b); }};
    Status st = compareStreams(sa, sb, cmp.value(), options, progress, &d);
    if (!st)
        return R::failure(st.error());
    settleStatus(&d);
    return d;
}

} // namespace npy
