#include "valuetext.h"

#include "valuetext_p.h"

#include <QVarLengthArray>

#include <cmath>
#include <limits>

// Text of NumPy scalars (NumPy 1.24 str()) and its inverse.
//
// Floats: shortest round-trip digits of the value's own type (std::to_chars for float, double and
// x87 long double; an exact integer search for half), laid out as NumPy's Dragon4 does: positional
// for 1e-4 <= |x| < 1e16, otherwise scientific with at least two exponent digits. Datetimes use
// 128-bit proleptic Gregorian arithmetic, so every int64 count prints (NumPy overflows at the
// extremes; there we print the exact date instead of NumPy's wrapped one). Parsing uses the C
// locale whatever the process locale is.
//
// This file holds the public entry points, integers, bools, bytes, str and void; floats and complex
// numbers are in valuefloat.cpp, datetimes and timedeltas in valuedatetime.cpp, and the helpers
// they share in valuetext_p.h.

namespace npy::detail {

// ------------------------------------------------------------------------------------- integers

QString signedText(i128 v)
{
    char buf[48];
    char *end = buf + sizeof(buf);
    char *p = writeDecimal(end, v < 0 ? u128(0) - u128(v) : u128(v));
    if (v < 0)
        *--p = '-';
    return QString::fromLatin1(p, end - p);
}

namespace {

QString formatInteger(const DType &type, const uchar *data, const FormatOptions &options)
{
    const bool swap = type.needsSwap();
    quint64 bits = 0;
    switch (type.itemSize) {
    case 1: bits = data[0]; break;
    case 2: bits = loadRaw<quint16>(data, swap); break;
    case 4: bits = loadRaw<quint32>(data, swap); break;
    case 8: bits = loadRaw<quint64>(data, swap); break;
    default: return QStringLiteral("?");
    }
    bool negative = false;
    quint64 magnitude = bits;
    if (type.kind == Kind::Int) {
        const int shift = 64 - int(type.itemSize) * 8;
        const qint64 value = qint64(bits << shift) >> shift; // sign-extend
        negative = value < 0;
        magnitude = negative ? quint64(0) - quint64(value) : quint64(value);
    }
    char buf[32];
    char *end = buf + sizeof(buf);
    char *p = end;
    if (options.hexIntegers) {
        static const char hex[] = "0123456789abcdef";
        do {
            *--p = hex[magnitude & 0xf];
            magnitude >>= 4;
        } while (magnitude);
        *--p = 'x';
        *--p = '0';
    } else {
        p = writeDecimal(end, magnitude);
    }
    if (negative)
        *--p = '-';
    return QString::fromLatin1(p, end - p);
}

// -------------------------------------------------------------------------------- byte strings

void appendHexByte(QString &out, uchar c, bool upper)
{
    static const char lower[] = "0123456789abcdef";
    static const char upperDigits[] = "0123456789ABCDEF";
    const char *digits = upper ? upperDigits : lower;
    out.append(QLatin1Char('\\'));
    out.append(QLatin1Char('x'));
    out.append(QLatin1Char(digits[c >> 4]));
    out.append(QLatin1Char(digits[c & 0xf]));
}

/** Python's repr() of bytes: NumPy strips the trailing NULs first. */
QString formatBytes(const uchar *data, qint64 size)
{
    while (size > 0 && data[size - 1] == 0)
        --size;
    bool single = false;
    bool dbl = false;
    for (qint64 i = 0; i < size; ++i) {
        single = single || data[i] == '\'';
        dbl = dbl || data[i] == '"';
    }
    const char quote = single && !dbl ? '"' : '\'';
    QString out;
    out.reserve(int(size) + 3);
    out.append(QLatin1Char('b'));
    out.append(QLatin1Char(quote));
    for (qint64 i = 0; i < size; ++i) {
        const uchar c = data[i];
        if (c == quote || c == '\\') {
            out.append(QLatin1Char('\\'));
            out.append(QLatin1Char(char(c)));
        } else if (c == '\t') {
            out.append(QLatin1String("\\t"));
        } else if (c == '\n') {
            out.append(QLatin1String("\\n"));
        } else if (c == '\r') {
            out.append(QLatin1String("\\r"));
        } else if (c < 0x20 || c >= 0x7f) {
            appendHexByte(out, c, false);
        } else {
            out.append(QLatin1Char(char(c)));
        }
    }
    out.append(QLatin1Char(quote));
    return out;
}

/** str(np.void): every byte as an upper-case \x escape. */
QString formatVoid(const uchar *data, qint64 size)
{
    QString out;
    out.reserve(int(size) * 4 + 3);
    out.append(QLatin1String("b'"));
    for (qint64 i = 0; i < size; ++i)
        appendHexByte(out, data[i], true);
    out.append(QLatin1Char('\''));
    return out;
}

QString formatUnicode(const DType &type, const uchar *data)
{
    const bool swap = type.needsSwap();
    qint64 count = type.itemSize / 4;
    while (count > 0 && loadRaw<quint32>(data + 4 * (count - 1), swap) == 0)
        --count;
    QString out;
    out.reserve(int(count));
    static const char hex[] = "0123456789abcdef";
    for (qint64 i = 0; i < count; ++i) {
        const quint32 cp = loadRaw<quint32>(data + 4 * i, swap);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            // Not a character: show it escaped the way Python spells such code units.
            const int digits = cp > 0xffff ? 8 : 4;
            out.append(QLatin1Char('\\'));
            out.append(QLatin1Char(digits == 8 ? 'U' : 'u'));
            for (int k = digits - 1; k >= 0; --k)
                out.append(QLatin1Char(hex[(cp >> (4 * k)) & 0xf]));
        } else if (cp > 0xffff) {
            out.append(QChar(QChar::highSurrogate(cp)));
            out.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            out.append(QChar(char16_t(cp)));
        }
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------- parsing helpers

bool asciiTrimmed(const QString &text, QByteArray *out)
{
    const QString t = text.trimmed();
    out->resize(t.size());
    for (qsizetype i = 0; i < t.size(); ++i) {
        const char16_t c = t.at(i).unicode();
        if (c >= 0x80 || c == 0)
            return false;
        (*out)[i] = char(c);
    }
    return true;
}

bool parseWideInteger(const QByteArray &text, i128 *out)
{
    const char *p = text.constData();
    const char *end = p + text.size();
    bool negative = false;
    if (p < end && (*p == '+' || *p == '-'))
        negative = *p++ == '-';
    int base = 10;
    if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (p == end)
        return false;
    u128 v = 0;
    const u128 limit = u128(1) << 100;
    for (; p < end; ++p) {
        int digit;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            digit = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            digit = *p - 'A' + 10;
        else
            return false;
        v = v * base + digit;
        if (v > limit)
            v = limit; // saturate: still out of every range checked later
    }
    *out = negative ? -i128(v) : i128(v);
    return true;
}

namespace {

bool parseInteger(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray ascii;
    const QString shown = text.trimmed();
    i128 v = 0;
    if (!asciiTrimmed(text, &ascii) || !parseWideInteger(ascii, &v))
        return fail(why, tr("'%1' is not an integer").arg(shown));
    const int bits = int(type.itemSize) * 8;
    i128 lo, hi;
    if (type.kind == Kind::Int) {
        hi = (i128(1) << (bits - 1)) - 1;
        lo = -hi - 1;
    } else {
        lo = 0;
        hi = (i128(1) << bits) - 1;
    }
    if (v < lo || v > hi)
        return fail(why, tr("%1 does not fit in %2 (%3..%4)")
                             .arg(shown, type.displayName(), signedText(lo), signedText(hi)));
    out->resize(type.itemSize);
    uchar *d = reinterpret_cast<uchar *>(out->data());
    const bool swap = type.needsSwap();
    switch (type.itemSize) {
    case 1: d[0] = uchar(qint64(v)); break;
    case 2: storeRaw<quint16>(d, quint16(qint64(v)), swap); break;
    case 4: storeRaw<quint32>(d, quint32(qint64(v)), swap); break;
    default: storeRaw<quint64>(d, quint64(u128(v)), swap); break;
    }
    return true;
}

bool parseBool(const QString &text, QByteArray *out, QString *why)
{
    const QString t = text.trimmed();
    int value = -1;
    if (t.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 || t == QLatin1String("1"))
        value = 1;
    else if (t.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 || t == QLatin1String("0"))
        value = 0;
    if (value < 0)
        return fail(why, tr("'%1' is not a bool (use True or False)").arg(t));
    out->fill(char(value), 1);
    return true;
}

/** Decodes a Python bytes literal b'...' (or b"...") body; false with a reason on bad escapes. */
bool decodeBytesLiteral(const QString &body, QByteArray *bytes, QString *why)
{
    bytes->clear();
    auto hexValue = [](QChar c) {
        const char16_t u = c.unicode();
        if (u >= '0' && u <= '9')
            return int(u - '0');
        if (u >= 'a' && u <= 'f')
            return int(u - 'a' + 10);
        if (u >= 'A' && u <= 'F')
            return int(u - 'A' + 10);
        return -1;
    };
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char16_t c = body.at(i).unicode();
        if (c > 0xff)
            return fail(why, tr("'%1' is not a Latin-1 character; write it as \\x escapes").arg(body.at(i)));
        if (c != '\\' || i + 1 == body.size()) {
            bytes->append(char(c));
            continue;
        }
        const char16_t n = body.at(++i).unicode();
        switch (n) {
        case '\n': break;
        case '\\': bytes->append('\\'); break;
        case '\'': bytes->append('\''); break;
        case '"': bytes->append('"'); break;
        case 'a': bytes->append('\a'); break;
        case 'b': bytes->append('\b'); break;
        case 'f': bytes->append('\f'); break;
        case 'n': bytes->append('\n'); break;
        case 'r': bytes->append('\r'); break;
        case 't': bytes->append('\t'); break;
        case 'v': bytes->append('\v'); break;
        case 'x': {
            const int h1 = i + 1 < body.size() ? hexValue(body.at(i + 1)) : -1;
            const int h2 = i + 2 < body.size() ? hexValue(body.at(i + 2)) : -1;
            if (h1 < 0 || h2 < 0)
                return fail(why, tr("invalid \\x escape in bytes text"));
            bytes->append(char(h1 * 16 + h2));
            i += 2;
            break;
        }
        default:
            if (n >= '0' && n <= '7') {
                int value = n - '0';
                for (int k = 0; k < 2 && i + 1 < body.size() && body.at(i + 1) >= QLatin1Char('0')
                                && body.at(i + 1) <= QLatin1Char('7');
                     ++k)
                    value = value * 8 + (body.at(++i).unicode() - '0');
                if (value > 0xff)
                    return fail(why, tr("octal escape above \\377 in bytes text"));
                bytes->append(char(value));
            } else {
                // Python keeps unknown escapes as they are.
                bytes->append('\\');
                if (n > 0xff)
                    return fail(why, tr("'%1' is not a Latin-1 character; write it as \\x escapes")
                                         .arg(QChar(n)));
                bytes->append(char(n));
            }
            break;
        }
    }
    return true;
}

/** The body of b'...' / b"..." when \a text is such a literal. */
bool bytesLiteralBody(const QString &text, QString *body)
{
    if (text.size() < 3 || (text.at(0) != QLatin1Char('b') && text.at(0) != QLatin1Char('B')))
        return false;
    const QChar quote = text.at(1);
    if ((quote != QLatin1Char('\'') && quote != QLatin1Char('"')) || text.back() != quote)
        return false;
    *body = text.mid(2, text.size() - 3);
    return true;
}

bool parseBytes(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray bytes;
    QString body;
    if (bytesLiteralBody(text.trimmed(), &body)) {
        if (!decodeBytesLiteral(body, &bytes, why))
            return false;
    } else {
        for (const QChar c : text) {
            if (c.unicode() > 0xff)
                return fail(why, tr("'%1' has characters outside Latin-1; use b'\\x..' escapes").arg(text));
        }
        bytes = text.toLatin1();
    }
    if (bytes.size() > type.itemSize)
        return fail(why, tr("'%1' is %2 bytes but S%3 holds %3")
                             .arg(text, QString::number(bytes.size()), QString::number(type.itemSize)));
    *out = bytes;
    out->append(QByteArray(type.itemSize - bytes.size(), '\0'));
    return true;
}

bool parseVoid(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray bytes;
    QString body;
    const QString t = text.trimmed();
    if (bytesLiteralBody(t, &body)) {
        if (!decodeBytesLiteral(body, &bytes, why))
            return false;
    } else {
        QString hex = t;
        hex.remove(QLatin1Char(' '));
        if (hex.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            hex = hex.mid(2);
        bytes = QByteArray::fromHex(hex.toLatin1());
        if (hex.size() % 2 != 0 || bytes.size() * 2 != hex.size())
            return fail(why, tr("'%1' is neither b'...' nor hex bytes").arg(t));
    }
    if (bytes.size() > type.itemSize)
        return fail(why, tr("'%1' is %2 bytes but V%3 holds %3")
                             .arg(t, QString::number(bytes.size()), QString::number(type.itemSize)));
    *out = bytes;
    out->append(QByteArray(type.itemSize - bytes.size(), '\0'));
    return true;
}

/** Reads \a digits hex digits at \a pos of \a text; -1 when they are not all there. */
qint64 hexAt(const QString &text, qsizetype pos, int digits)
{
    if (pos + digits > text.size())
        return -1;
    qint64 v = 0;
    for (int i = 0; i < digits; ++i) {
        const char16_t c = text.at(pos + i).unicode();
        int h = -1;
        if (c >= '0' && c <= '9')
            h = c - '0';
        else if (c >= 'a' && c <= 'f')
            h = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            h = c - 'A' + 10;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

bool parseUnicode(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QVarLengthArray<quint32, 64> units;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            // The escapes formatValue() writes for code units that are not characters.
            const QChar n = text.at(i + 1);
            if (n == QLatin1Char('U')) {
                const qint64 cp = hexAt(text, i + 2, 8);
                if (cp > 0x10ffff) {
                    units.append(quint32(cp));
                    i += 9;
                    continue;
                }
            } else if (n == QLatin1Char('u')) {
                const qint64 cp = hexAt(text, i + 2, 4);
                if (cp >= 0xd800 && cp <= 0xdfff) {
                    units.append(quint32(cp));
                    i += 5;
                    continue;
                }
            }
        }
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            units.append(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
            continue;
        }
        units.append(c.unicode());
    }
    const qint64 capacity = type.itemSize / 4;
    if (units.size() > capacity)
        return fail(why, tr("'%1' has %2 characters but U%3 holds %3")
                             .arg(text, QString::number(units.size()), QString::number(capacity)));
    out->fill(0, type.itemSize);
    uchar *d = reinterpret_cast<uchar *>(out->data());
    for (qsizetype i = 0; i < units.size(); ++i)
        storeRaw<quint32>(d + 4 * i, units.at(i), type.needsSwap());
    return true;
}

} // namespace

} // namespace npy::detail

namespace npy {

using namespace detail;

QString formatValue(const DType &type, const uchar *data, const FormatOptions &options)
{
    switch (type.kind) {
    case Kind::Bool:
        return data[0] ? QStringLiteral("True") : QStringLiteral("False");
    case Kind::Int:
    case Kind::UInt:
        return formatInteger(type, data, options);
    case Kind::Float:
        if (type.itemSize == 16 && !kExtendedIsX87)
            return QStringLiteral("<float128>");
        if (type.itemSize != 2 && type.itemSize != 4 && type.itemSize != 8 && type.itemSize != 16)
            return QStringLiteral("?");
        return formatFloat(type, data, options);
    case Kind::Complex:
        if (type.itemSize == 32 && !kExtendedIsX87)
            return QStringLiteral("<complex256>");
        if (type.itemSize != 8 && type.itemSize != 16 && type.itemSize != 32)
            return QStringLiteral("?");
        return formatComplex(type, data, options);
    case Kind::Bytes:
        return formatBytes(data, type.itemSize);
    case Kind::Unicode:
        return formatUnicode(type, data);
    case Kind::Void:
        return formatVoid(data, type.itemSize);
    case Kind::DateTime:
        return formatDateTime(type, data);
    case Kind::TimeDelta:
        return formatTimeDelta(type, data);
    case Kind::Object:
        return QStringLiteral("<object>");
    case Kind::Struct:
        return QStringLiteral("<struct>");
    }
    return QString();
}

bool parseValue(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray bytes;
    bool ok = false;
    switch (type.kind) {
    case Kind::Bool:
        ok = parseBool(text, &bytes, why);
        break;
    case Kind::Int:
    case Kind::UInt:
        if (type.itemSize != 1 && type.itemSize != 2 && type.itemSize != 4 && type.itemSize != 8)
            return fail(why, tr("unsupported integer size"));
        ok = parseInteger(type, text, &bytes, why);
        break;
    case Kind::Float:
        if (type.itemSize != 2 && type.itemSize != 4 && type.itemSize != 8
            && !(type.itemSize == 16 && kExtendedIsX87))
            return fail(why, tr("unsupported float size"));
        ok = parseFloat(type, text, &bytes, why);
        break;
    case Kind::Complex:
        if (type.itemSize != 8 && type.itemSize != 16 && !(type.itemSize == 32 && kExtendedIsX87))
            return fail(why, tr("unsupported complex size"));
        ok = parseComplex(type, text, &bytes, why);
        break;
    case Kind::Bytes:
        ok = parseBytes(type, text, &bytes, why);
        break;
    case Kind::Unicode:
        ok = parseUnicode(type, text, &bytes, why);
        break;
    case Kind::Void:
        ok = parseVoid(type, text, &bytes, why);
        break;
    case Kind::DateTime:
        ok = parseDateTime(type, text, &bytes, why);
        break;
    case Kind::TimeDelta:
        ok = parseTimeDelta(type, text, &bytes, why);
        break;
    case Kind::Object:
    case Kind::Struct:
        return fail(why, tr("%1 values cannot be edited as text").arg(type.displayName()));
    }
    if (ok && out)
        *out = bytes;
    return ok;
}

double valueToDouble(const DType &type, const uchar *data)
{
    const bool swap = type.needsSwap();
    switch (type.kind) {
    case Kind::Bool:
        return data[0] ? 1.0 : 0.0;
    case Kind::Int:
        switch (type.itemSize) {
        case 1: return double(qint8(data[0]));
        case 2: return double(loadRaw<qint16>(data, swap));
        case 4: return double(loadRaw<qint32>(data, swap));
        case 8: return double(loadRaw<qint64>(data, swap));
        }
        break;
    case Kind::UInt:
        switch (type.itemSize) {
        case 1: return double(data[0]);
        case 2: return double(loadRaw<quint16>(data, swap));
        case 4: return double(loadRaw<quint32>(data, swap));
        case 8: return double(loadRaw<quint64>(data, swap));
        }
        break;
    case Kind::Float:
    case Kind::Complex: {
        const qint64 size = type.kind == Kind::Complex ? type.itemSize / 2 : type.itemSize;
        if (size == 2 || size == 4 || size == 8 || (size == 16 && kExtendedIsX87))
            return double(loadReal(size, data, swap).value);
        break;
    }
    case Kind::DateTime:
    case Kind::TimeDelta: {
        const qint64 v = loadRaw<qint64>(data, swap);
        return v == kNaT ? std::nan("") : double(v);
    }
    default:
        break;
    }
    return std::nan("");
}

} // namespace npy
