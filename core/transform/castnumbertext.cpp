// The kernels of ElementCast between numbers and text (native byte order), as NumPy 1.24's legacy
// casts do it: a number becomes str() of its scalar, cut to the target's length; a text becomes the
// number Python's int(), float() or complex() (or NumPy's long double reader) makes of it.

#include "elementcast_p.h"

#include "castparse_p.h"
#include "valuetext.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace npy::cast {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ElementCast)
};

/** The characters of element \a in (\a size bytes of S, or of U in native order), trailing NULs dropped. */
CodePoints elementText(const uchar *in, qint64 size, bool bytes)
{
    CodePoints out;
    if (bytes) {
        qint64 n = size;
        while (n > 0 && in[n - 1] == 0)
            --n;
        out.reserve(n);
        for (qint64 c = 0; c < n; ++c)
            out.append(in[c]);
        return out;
    }
    qint64 n = size / 4;
    auto unit = [&](qint64 c) {
        quint32 u;
        std::memcpy(&u, in + 4 * c, 4);
        return char32_t(u);
    };
    while (n > 0 && unit(n - 1) == 0)
        --n;
    out.reserve(n);
    for (qint64 c = 0; c < n; ++c)
        out.append(unit(c));
    return out;
}

/** NumPy's bytes scalar given to complex(): decoded as UTF-8 first (invalid bytes raise). */
bool decodeUtf8(const CodePoints &bytes, CodePoints *out)
{
    QByteArray raw;
    raw.reserve(bytes.size());
    for (char32_t b : bytes)
        raw.append(char(b));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(raw);
    if (decoder.hasError())
        return false;
    out->clear();
    for (char32_t c : text.toUcs4())
        out->append(c);
    return true;
}

/** The text for a message: at most 40 characters, quoted. */
QString quoted(const CodePoints &text)
{
    QString s = QString::fromUcs4(text.constData(), text.size());
    if (s.size() > 40)
        s = s.left(39) + QChar(0x2026);
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

/** True when the text names inf or nan (a decimal has no 'n'): an infinite value then is no overflow. */
bool namesSpecial(const AsciiText &text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return c == 'n' || c == 'N'; });
}

bool isIntegerTarget(Num n)
{
    return n == Num::Bool || n == Num::I8 || n == Num::I16 || n == Num::I32 || n == Num::I64 || n == Num::U8
           || n == Num::U16 || n == Num::U32 || n == Num::U64;
}

/**
 * A Python int stored as NumPy 1.24's setitem stores it: bool is "not zero"; int64 and the narrower
 * types take a C long (beyond it: OverflowError) and keep its low bits; uint32 and uint64 take an
 * unsigned long, or else a C long. False on OverflowError.
 */
bool storeInteger(Num to, __int128 v, bool huge, uchar *out, CastChange *change)
{
    constexpr __int128 kLongMin = std::numeric_limits<qint64>::min();
    constexpr __int128 kLongMax = std::numeric_limits<qint64>::max();
    constexpr __int128 kULongMax = std::numeric_limits<quint64>::max();
    if (to == Num::Bool) {
        out[0] = (huge || v != 0) ? 1 : 0;
        return true;
    }
    const bool unsignedLong = to == Num::U32 || to == Num::U64;
    if (huge || v < kLongMin || v > (unsignedLong ? kULongMax : kLongMax))
        return false;
    const quint64 bits = quint64(v);
    const qint64 size = sizeOf(to);
    const bool isSigned = to == Num::I8 || to == Num::I16 || to == Num::I32 || to == Num::I64;
    const int width = int(size * 8);
    const __int128 lo = isSigned ? -(__int128(1) << (width - 1)) : 0;
    const __int128 hi = isSigned ? (__int128(1) << (width - 1)) - 1 : (__int128(1) << width) - 1;
    if (v < lo || v > hi)
        *change = CastChange::Overflow;
    // Little or big endian alike: the value's low bytes in native order.
    switch (size) {
    case 1: { const quint8 b = quint8(bits); std::memcpy(out, &b, 1); break; }
    case 2: { const quint16 b = quint16(bits); std::memcpy(out, &b, 2); break; }
    case 4: { const quint32 b = quint32(bits); std::memcpy(out, &b, 4); break; }
    default: std::memcpy(out, &bits, 8); break;
    }
    return true;
}

/** Converts one native element of \a from at \a in with the numeric kernel; sets \a overflow when it overflowed. */
void throughKernel(Num from, Num to, const uchar *in, uchar *out, bool *overflow)
{
    CastContext plain;
    plain.total = 1;
    CastReport r;
    qint64 unused = -1;
    const CastKernel k = numericKernel(from, to);
    if (!k(in, out, 1, 0, plain, &r, &unused))
        return;
    *overflow = *overflow || r.overflow > 0;
}

/** Converts one text into \a out; the reason in \a why when it cannot be. */
bool parseOne(const CodePoints &text, const CastContext &ctx, uchar *out, CastChange *change, QString *why)
{
    const Num to = ctx.textTarget;
    AsciiText ascii;
    if (isIntegerTarget(to)) {
        __int128 v = 0;
        bool huge = false;
        if (!pythonAscii(text, !ctx.bytesText, &ascii) || !parsePythonInt(ascii, &v, &huge)) {
            *why = Tr::tr("%1 is not an integer (NumPy's int() raises ValueError)").arg(quoted(text));
            return false;
        }
        if (!storeInteger(to, v, huge, out, change)) {
            *why = Tr::tr("%1 is out of the range NumPy converts (it raises OverflowError)").arg(quoted(text));
            return false;
        }
        return true;
    }
    if (to == Num::F80) {
        // NumPy's own reader, on the text as a C string (UTF-8: anything not ASCII fails to parse).
        for (char32_t c : text) {
            if (c == 0)
                break;
            if (c >= 128) {
                ascii.clear();
                ascii.append('?');
                break;
            }
            ascii.append(char(c));
        }
        long double v = 0;
        bool outOfRange = false;
        if (!parseNumpyLongDouble(ascii, &v, &outOfRange)) {
            *why = Tr::tr("%1 is not a number (NumPy raises ValueError: invalid literal for long double)")
                       .arg(quoted(text));
            return false;
        }
        if (outOfRange && std::isinf(v))
            *change = CastChange::Overflow;
        std::memcpy(out, &v, 10);
        std::memset(out + 10, 0, 6);
        return true;
    }
    if (to == Num::C64 || to == Num::C128 || to == Num::C160) {
        CodePoints decoded;
        const CodePoints *chars = &text;
        if (ctx.bytesText) {
            if (!decodeUtf8(text, &decoded)) {
                *why = Tr::tr("%1 is not UTF-8 (NumPy raises UnicodeDecodeError)").arg(quoted(text));
                return false;
            }
            chars = &decoded;
        }
        double parts[2] = {0, 0};
        if (!pythonAscii(*chars, true, &ascii) || !parsePythonComplex(ascii, &parts[0], &parts[1])) {
            *why = Tr::tr("%1 is not a complex number (NumPy's complex() raises ValueError)").arg(quoted(text));
            return false;
        }
        bool overflow = !namesSpecial(ascii) && (std::isinf(parts[0]) || std::isinf(parts[1]));
        uchar buffer[16];
        std::memcpy(buffer, parts, 16);
        throughKernel(Num::C128, to, buffer, out, &overflow);
        if (overflow)
            *change = CastChange::Overflow;
        return true;
    }
    double d = 0;
    if (!pythonAscii(text, !ctx.bytesText, &ascii) || !parsePythonFloat(ascii, &d)) {
        *why = Tr::tr("%1 is not a number (NumPy's float() raises ValueError)").arg(quoted(text));
        return false;
    }
    bool overflow = std::isinf(d) && !namesSpecial(ascii);
    uchar buffer[8];
    std::memcpy(buffer, &d, 8);
    throughKernel(Num::F64, to, buffer, out, &overflow);
    if (overflow)
        *change = CastChange::Overflow;
    return true;
}

} // namespace

bool numberToText(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *)
{
    const qint64 chars = ctx.bytesText ? ctx.toSize : ctx.toSize / 4;
    for (qint64 i = 0; i < count; ++i) {
        // str() of a number is ASCII: one code unit per character.
        const QString text = formatValue(ctx.number, src + i * ctx.fromSize);
        const qint64 n = std::min<qint64>(text.size(), chars);
        uchar *out = dst + i * ctx.toSize;
        if (ctx.bytesText) {
            for (qint64 c = 0; c < n; ++c)
                out[c] = uchar(text[c].unicode());
            std::memset(out + n, 0, size_t(chars - n));
        } else {
            for (qint64 c = 0; c < n; ++c) {
                const quint32 u = text[c].unicode();
                std::memcpy(out + 4 * c, &u, 4);
            }
            std::memset(out + 4 * n, 0, size_t(4 * (chars - n)));
        }
        if (report && text.size() > chars)
            report->note(CastChange::Cut, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

bool textToNumber(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx,
                  CastReport *report, qint64 *failedAt)
{
    const qint64 outSize = sizeOf(ctx.textTarget);
    for (qint64 i = 0; i < count; ++i) {
        const CodePoints text = elementText(src + i * ctx.fromSize, ctx.fromSize, ctx.bytesText);
        CastChange change = CastChange::None;
        QString why;
        if (!parseOne(text, ctx, dst + i * outSize, &change, &why)) {
            *failedAt = position + i;
            if (report) {
                report->count += i;
                report->failedText = why;
            }
            return false;
        }
        if (report && change != CastChange::None)
            report->note(change, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

} // namespace npy::cast
