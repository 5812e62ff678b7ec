#include "elementcast.h"

#include "casting.h"
#include "datetimeunits_p.h"
#include "elementcast_p.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <vector>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ElementCast)
};

using cast::Num;

/** The kernel type of a number dtype (datetimes are int64 counts); Count when it is none. */
Num numOf(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
        return Num::Bool;
    case Kind::Int:
        switch (t.itemSize) {
        case 1: return Num::I8;
        case 2: return Num::I16;
        case 4: return Num::I32;
        case 8: return Num::I64;
        }
        break;
    case Kind::UInt:
        switch (t.itemSize) {
        case 1: return Num::U8;
        case 2: return Num::U16;
        case 4: return Num::U32;
        case 8: return Num::U64;
        }
        break;
    case Kind::Float:
        switch (t.itemSize) {
        case 2: return Num::F16;
        case 4: return Num::F32;
        case 8: return Num::F64;
        case 16: return Num::F80;
        }
        break;
    case Kind::Complex:
        switch (t.itemSize) {
        case 8: return Num::C64;
        case 16: return Num::C128;
        case 32: return Num::C160;
        }
        break;
    case Kind::DateTime:
    case Kind::TimeDelta:
        return Num::I64;
    default:
        break;
    }
    return Num::Count;
}

bool isTime(const DType &t)
{
    return t.kind == Kind::DateTime || t.kind == Kind::TimeDelta;
}

/** Reverses the bytes of each \a unit-byte piece of \a size bytes at \a p. */
void swapUnits(uchar *p, qint64 size, qint64 unit)
{
    if (unit <= 1)
        return;
    for (qint64 at = 0; at + unit <= size; at += unit)
        std::reverse(p + at, p + at + unit);
}

bool isText(const DType &t)
{
    return t.kind == Kind::Bytes || t.kind == Kind::Unicode;
}

bool sameValues(const DType &a, const DType &b)
{
    return a.kind == b.kind && a.itemSize == b.itemSize && a.unit == b.unit && a.unitCount == b.unitCount;
}

} // namespace

ElementCast::ElementCast() = default;

ElementCast::~ElementCast()
{
    delete mContext;
}

ElementCast::ElementCast(const ElementCast &other)
    : mFrom(other.mFrom), mTo(other.mTo), mContext(other.mContext ? new CastContext(*other.mContext) : nullptr)
{
}

ElementCast &ElementCast::operator=(const ElementCast &other)
{
    if (this != &other) {
        mFrom = other.mFrom;
        mTo = other.mTo;
        delete mContext;
        mContext = other.mContext ? new CastContext(*other.mContext) : nullptr;
    }
    return *this;
}

bool ElementCast::isCopy() const
{
    return mContext && !mContext->kernel && mFrom.needsSwap() == mTo.needsSwap();
}

Result<ElementCast> ElementCast::create(const DType &from, const DType &target, qint64 total)
{
    using R = Result<ElementCast>;
    const DType to = astypeResult(from, target);
    auto unsupported = [&] {
        return R::failure(Tr::tr("converting %1 to %2 is not supported").arg(from.displayName(), to.displayName()));
    };
    CastContext ctx;
    ctx.total = total;
    ctx.chunked = from.needsSwap() || to.needsSwap();
    ctx.fromSize = from.itemSize;
    ctx.toSize = to.itemSize;
    if (!canCast(from, to, Casting::Unsafe))
        return unsupported();
    if (sameValues(from, to)) {
        // The same values: bytes copied (and swapped when the byte orders differ).
    } else if (isTime(from) && isTime(to)) {
        using namespace dtunits;
        const int src = unitIndex(from.unit);
        const int dst = unitIndex(to.unit);
        ctx.kernel = &cast::timeKernel;
        if (from.kind != to.kind) {
            // datetime64 <-> timedelta64: NumPy keeps the counts as they are, whatever the units.
            ctx.kernel = cast::numericKernel(Num::I64, Num::I64);
        } else if (from.kind == Kind::DateTime && src != kGeneric && dst != kGeneric
                   && (src <= kMonth) != (dst <= kMonth)) {
            const int fine = src <= kMonth ? dst : src;
            if (fine != kWeek && unitsFactor(kDay, fine) == 0)
                return R::failure(Tr::tr("converting %1 to %2 overflows the conversion factor")
                                      .arg(from.displayName(), to.displayName()));
            ctx.calendar = true;
            ctx.fromUnit = src;
            ctx.toUnit = dst;
            ctx.fromCount = from.unitCount;
            ctx.toCount = to.unitCount;
        } else if (!conversionFactor(src, from.unitCount, dst, to.unitCount, &ctx.num, &ctx.denom)) {
            return R::failure(Tr::tr("converting %1 to %2 overflows the conversion factor")
                                  .arg(from.displayName(), to.displayName()));
        }
    } else if (from.kind == Kind::Bytes || from.kind == Kind::Unicode || to.kind == Kind::Bytes
               || to.kind == Kind::Unicode) {
        if (from.kind == Kind::Bytes && to.kind == Kind::Bytes)
            ctx.kernel = &cast::bytesToBytes;
        else if (from.kind == Kind::Unicode && to.kind == Kind::Unicode)
            ctx.kernel = &cast::unicodeToUnicode;
        else if (from.kind == Kind::Unicode && to.kind == Kind::Bytes)
            ctx.kernel = &cast::unicodeToBytes;
        else if (from.kind == Kind::Bytes && to.kind == Kind::Unicode)
            ctx.kernel = &cast::bytesToUnicode;
        else if (isText(to) && !isTime(from)) {
            // str() of each number, as NumPy's legacy cast writes it.
            ctx.kernel = &cast::numberToText;
            ctx.number = from;
            ctx.number.byteOrder = from.itemSize == 1 ? '|' : (Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>');
            ctx.bytesText = to.kind == Kind::Bytes;
        } else if (isText(from) && !isTime(to)) {
            ctx.kernel = &cast::textToNumber;
            ctx.textTarget = numOf(to);
            ctx.bytesText = from.kind == Kind::Bytes;
        } else {
            return unsupported();
        }
    } else {
        ctx.kernel = cast::numericKernel(numOf(from), numOf(to));
        ctx.fromTime = isTime(from);
        if (!ctx.kernel)
            return unsupported();
    }
    ElementCast c;
    c.mFrom = from;
    c.mTo = to;
    c.mContext = new CastContext(ctx);
    return c;
}

bool ElementCast::convert(const uchar *src, uchar *dst, qint64 count, qint64 position, CastReport *report,
                          qint64 *failedAt) const
{
    Q_ASSERT(mContext);
    const CastContext &ctx = *mContext;
    const qint64 inSize = mFrom.itemSize;
    const qint64 outSize = mTo.itemSize;
    const bool swapIn = mFrom.needsSwap();
    const bool swapOut = mTo.needsSwap();
    if (!ctx.kernel) {
        std::memcpy(dst, src, size_t(count * inSize));
        if (swapIn != swapOut)
            swapUnits(dst, count * outSize, mTo.swapUnit());
        if (report)
            report->count += count;
        return true;
    }
    // The kernels work in native order: a swapped source is swapped into a buffer a block at a time.
    const qint64 block = swapIn ? std::max<qint64>(1, (qint64(256) << 10) / std::max<qint64>(inSize, 1)) : count;
    std::vector<uchar> buffer;
    if (swapIn)
        buffer.resize(size_t(std::min(block, count) * inSize));
    for (qint64 done = 0; done < count;) {
        const qint64 n = std::min(block, count - done);
        const uchar *in = src + done * inSize;
        if (swapIn) {
            std::memcpy(buffer.data(), in, size_t(n * inSize));
            swapUnits(buffer.data(), n * inSize, mFrom.swapUnit());
            in = buffer.data();
        }
        uchar *out = dst + done * outSize;
        qint64 failed = -1;
        const bool ok = ctx.kernel(in, out, n, position + done, ctx, report, &failed);
        if (swapOut)
            swapUnits(out, n * outSize, mTo.swapUnit());
        if (!ok) {
            if (failedAt)
                *failedAt = failed;
            return false;
        }
        done += n;
    }
    return true;
}

bool ElementCast::canFail(const DType &from, const DType &to)
{
    // U to S and S to U need ASCII; S and U to numbers need number text.
    return isText(from) && from.kind != to.kind;
}

QString ElementCast::failure() const
{
    if (isText(mFrom) && !isText(mTo))
        return Tr::tr("its text is not a number NumPy reads as %1 (NumPy raises ValueError)").arg(mTo.displayName());
    if (mFrom.kind == Kind::Unicode && mTo.kind == Kind::Bytes)
        return Tr::tr("it holds a character that is not ASCII (NumPy raises UnicodeEncodeError)");
    if (mFrom.kind == Kind::Bytes && mTo.kind == Kind::Unicode)
        return Tr::tr("it holds a byte that is not ASCII (NumPy raises UnicodeDecodeError)");
    return QString();
}

} // namespace npy
