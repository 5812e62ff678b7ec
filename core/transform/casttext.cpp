// The kernels of ElementCast between datetime units and between S and U (native byte order).

#include "elementcast_p.h"

#include "datetimeunits_p.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace npy::cast {

namespace {

constexpr qint64 kNaT = std::numeric_limits<qint64>::min();

/** True when a byte of [p, end) is not zero: text there was cut off. */
bool anyNonZero(const uchar *p, const uchar *end)
{
    for (; p < end; ++p)
        if (*p)
            return true;
    return false;
}

quint32 unitAt(const uchar *p, qint64 i)
{
    quint32 u;
    std::memcpy(&u, p + 4 * i, 4);
    return u;
}

} // namespace

bool timeKernel(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                CastReport *report, qint64 *)
{
    const quint64 num = quint64(ctx.num);
    const qint64 denom = ctx.denom;
    for (qint64 i = 0; i < count; ++i) {
        qint64 v;
        std::memcpy(&v, src + 8 * i, 8);
        qint64 out = v;
        CastChange change = CastChange::None;
        if (v != kNaT && ctx.calendar) {
            out = dtunits::calendarConvert(v, ctx.fromUnit, ctx.fromCount, ctx.toUnit, ctx.toCount);
            const qint64 back = dtunits::calendarConvert(out, ctx.toUnit, ctx.toCount, ctx.fromUnit, ctx.fromCount);
            if (back != v)
                change = CastChange::Precision;
        } else if (v != kNaT) {
            // NumPy's scaling, rounding down, with C's wrapping multiplication.
            qint64 product;
            if (__builtin_mul_overflow(v, qint64(num), &product))
                change = CastChange::Overflow;
            product = qint64(quint64(v) * num);
            if (product % denom != 0)
                change = change == CastChange::None ? CastChange::Precision : change;
            out = v < 0 ? qint64(quint64(product) - quint64(denom - 1)) / denom : product / denom;
        }
        std::memcpy(dst + 8 * i, &out, 8);
        if (report && change != CastChange::None)
            report->note(change, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

bool bytesToBytes(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *)
{
    const qint64 n = ctx.fromSize;
    const qint64 m = ctx.toSize;
    const qint64 keep = std::min(n, m);
    for (qint64 i = 0; i < count; ++i) {
        const uchar *in = src + i * n;
        uchar *out = dst + i * m;
        std::memcpy(out, in, size_t(keep));
        std::memset(out + keep, 0, size_t(m - keep));
        if (report && n > m && anyNonZero(in + m, in + n))
            report->note(CastChange::Cut, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

bool unicodeToUnicode(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                      CastReport *report, qint64 *failedAt)
{
    // Code units in native order: cutting and padding are the same byte for byte.
    return bytesToBytes(src, dst, count, position, ctx, report, failedAt);
}

bool unicodeToBytes(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                    CastReport *report, qint64 *failedAt)
{
    const qint64 chars = ctx.fromSize / 4;
    const qint64 m = ctx.toSize;
    for (qint64 i = 0; i < count; ++i) {
        const uchar *in = src + i * ctx.fromSize;
        uchar *out = dst + i * m;
        // NumPy encodes the whole string as ASCII before it cuts it: any other character anywhere fails.
        bool cut = false;
        for (qint64 c = 0; c < chars; ++c) {
            const quint32 u = unitAt(in, c);
            if (u >= 0x80) {
                *failedAt = position + i;
                if (report)
                    report->count += i;
                return false;
            }
            if (c < m)
                out[c] = uchar(u);
            else if (u != 0)
                cut = true;
        }
        if (chars < m)
            std::memset(out + chars, 0, size_t(m - chars));
        if (report && cut)
            report->note(CastChange::Cut, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

bool bytesToUnicode(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                    CastReport *report, qint64 *failedAt)
{
    const qint64 n = ctx.fromSize;
    const qint64 chars = ctx.toSize / 4;
    for (qint64 i = 0; i < count; ++i) {
        const uchar *in = src + i * n;
        uchar *out = dst + i * ctx.toSize;
        bool cut = false;
        for (qint64 c = 0; c < n; ++c) {
            if (in[c] >= 0x80) {
                *failedAt = position + i;
                if (report)
                    report->count += i;
                return false;
            }
            if (c < chars) {
                const quint32 u = in[c];
                std::memcpy(out + 4 * c, &u, 4);
            } else if (in[c]) {
                cut = true;
            }
        }
        if (n < chars)
            std::memset(out + 4 * n, 0, size_t(4 * (chars - n)));
        if (report && cut)
            report->note(CastChange::Cut, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

} // namespace npy::cast
