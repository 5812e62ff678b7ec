#include "valuetext.h"

#include <QCoreApplication>
#include <QVarLengthArray>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <locale.h>

// Text of NumPy scalars (NumPy 1.24 str()) and its inverse.
//
// Floats: shortest round-trip digits of the value's own type (std::to_chars for float, double and
// x87 long double; an exact integer search for half), laid out as NumPy's Dragon4 does: positional
// for 1e-4 <= |x| < 1e16, otherwise scientific with at least two exponent digits. Datetimes use
// 128-bit proleptic Gregorian arithmetic, so every int64 count prints (NumPy overflows at the
// extremes; there we print the exact date instead of NumPy's wrapped one). Parsing uses the C
// locale whatever the process locale is.

namespace npy {

namespace {

using i128 = __int128;
using u128 = unsigned __int128;
using Chars = QVarLengthArray<char, 128>;

constexpr qint64 kNaT = std::numeric_limits<qint64>::min();

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::ValueText", text);
}

bool fail(QString *why, const QString &message)
{
    if (why)
        *why = message;
    return false;
}

void append(Chars &out, const char *text)
{
    out.append(text, qsizetype(std::strlen(text)));
}

QString toQString(const Chars &out)
{
    return QString::fromLatin1(out.constData(), out.size());
}

// ---------------------------------------------------------------------------------------- bytes

template <typename T>
T loadRaw(const uchar *data, bool swap)
{
    uchar b[sizeof(T)];
    std::memcpy(b, data, sizeof(T));
    if (swap)
        std::reverse(b, b + sizeof(T));
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

template <typename T>
void storeRaw(uchar *data, T v, bool swap)
{
    uchar b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (swap)
        std::reverse(b, b + sizeof(T));
    std::memcpy(data, b, sizeof(T));
}

// An x86-64 long double: 80 significant bits in the low 10 of 16 bytes (the rest is padding).
constexpr bool kExtendedIsX87 = std::numeric_limits<long double>::digits == 64 && sizeof(long double) == 16;

long double loadExtended(const uchar *data, bool swap, bool *invalid)
{
    uchar b[16];
    std::memcpy(b, data, 16);
    if (swap)
        std::reverse(b, b + 16);
    // Unnormals and pseudo-infinities/NaNs (exponent set, integer bit clear) are invalid operands
    // on x87; show them as NaN rather than handing them to the formatting code.
    const int exponent = (b[9] & 0x7f) << 8 | b[8];
    *invalid = exponent != 0 && !(b[7] & 0x80);
    long double v = 0;
    std::memcpy(&v, b, 10);
    return v;
}

void storeExtended(uchar *data, long double v, bool swap)
{
    uchar b[16] = {};
    std::memcpy(b, &v, 10);
    if (swap)
        std::reverse(b, b + 16);
    std::memcpy(data, b, 16);
}

// ----------------------------------------------------------------------------------------- half

float halfToFloat(quint16 h)
{
    const quint32 sign = quint32(h & 0x8000) << 16;
    const int exponent = (h >> 10) & 0x1f;
    quint32 mantissa = h & 0x3ff;
    quint32 bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | quint32(exponent + 112) << 23 | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {
        int e = 113;
        while (!(mantissa & 0x400)) {
            mantissa <<= 1;
            --e;
        }
        bits = sign | quint32(e) << 23 | ((mantissa & 0x3ff) << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

/**
 * Rounds \a d to the nearest half (ties to even). \a tie says where the exact value lies when
 * \a d itself was rounded: -1 below, +1 above, 0 exactly at \a d.
 */
quint16 halfFromDouble(double d, int tie)
{
    const quint16 sign = std::signbit(d) ? 0x8000 : 0;
    if (std::isnan(d))
        return quint16(sign | 0x7e00);
    const double a = std::fabs(d);
    if (std::isinf(a))
        return quint16(sign | 0x7c00);
    if (a == 0)
        return sign;
    int e = std::ilogb(a);
    if (e > 15)
        return quint16(sign | 0x7c00);
    if (e < -14)
        e = -14; // subnormal: quantum 2^-24
    const double r = std::ldexp(a, 10 - e); // exact: a in units of the half quantum
    double n = std::floor(r);
    const double frac = r - n;
    if (frac > 0.5 || (frac == 0.5 && (tie > 0 || (tie == 0 && std::fmod(n, 2.0) != 0))))
        n += 1;
    // The encoding is monotonic: a carry into the next binade or to infinity just works.
    const qint64 bits = n < 1024 ? qint64(n) : (qint64(e + 15) << 10) + qint64(n) - 1024;
    return quint16(sign | quint16(std::min<qint64>(bits, 0x7c00)));
}

// ------------------------------------------------------------------------- float digit strings

/** Significant decimal digits: value = d[0].d[1]d[2]... x 10^exp10. */
struct Digits
{
    char d[48];
    int n = 0;
    int exp10 = 0;
};

void setZero(Digits *dg)
{
    dg->d[0] = '0';
    dg->n = 1;
    dg->exp10 = 0;
}

/** Reads to_chars' scientific text "d.ddde+XX" of a positive number; drops trailing zeros. */
void digitsFromScientific(const char *begin, const char *end, Digits *dg)
{
    dg->n = 0;
    const char *p = begin;
    for (; p < end && *p != 'e'; ++p) {
        if (*p >= '0' && *p <= '9' && dg->n < int(sizeof(dg->d)))
            dg->d[dg->n++] = *p;
    }
    int exponent = 0;
    bool negative = false;
    if (p < end)
        ++p;
    if (p < end && (*p == '-' || *p == '+'))
        negative = *p++ == '-';
    for (; p < end; ++p)
        exponent = exponent * 10 + (*p - '0');
    dg->exp10 = negative ? -exponent : exponent;
    while (dg->n > 1 && dg->d[dg->n - 1] == '0')
        --dg->n;
    if (dg->n == 0)
        setZero(dg);
}

template <typename T>
void shortestDigits(T value, Digits *dg)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
    digitsFromScientific(buf, r.ptr, dg);
}

template <typename T>
void roundedDigits(T value, int significant, Digits *dg)
{
    char buf[96];
    const auto r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific,
                                 std::clamp(significant, 1, 60) - 1);
    digitsFromScientific(buf, r.ptr, dg);
}

/**
 * The shortest digits that read back as the half \a bits (positive, finite, non-zero), closest to
 * it. The rounding interval includes its ends when the significand is even, as NumPy's Dragon4
 * does (str(np.float16(10016)) is '10020.0'). Exact integer arithmetic, scaled by 2^26.
 */
void halfShortestDigits(quint16 bits, Digits *dg)
{
    const int biased = (bits >> 10) & 0x1f;
    const int fraction = bits & 0x3ff;
    const qint64 m = biased == 0 ? fraction : fraction | 0x400;
    const int e = biased == 0 ? -24 : biased - 25;
    const bool even = (m & 1) == 0;
    const bool unequalMargins = fraction == 0 && biased > 1;
    const u128 value = u128(m) << (e + 26);
    const u128 high = u128(2 * m + 1) << (e + 25);
    const u128 low = unequalMargins ? u128(4 * m - 1) << (e + 24) : u128(2 * m - 1) << (e + 25);

    auto pow10 = [](int k) {
        u128 p = 1;
        while (k-- > 0)
            p *= 10;
        return p;
    };
    // Decimal exponent of the first digit: 6e-08 <= value <= 65504.
    int top = 4;
    for (; top > -8; --top) {
        const bool atLeast = top >= 0 ? value >= pow10(top) << 26 : value * pow10(-top) >= u128(1) << 26;
        if (atLeast)
            break;
    }
    for (int p = 1; p <= 6; ++p) {
        const int k = top - p + 1; // exponent of the last digit
        const u128 scale = k < 0 ? pow10(-k) : 1;
        const u128 unit = (k > 0 ? pow10(k) : 1) << 26;
        const u128 v = value * scale;
        const u128 lo = low * scale;
        const u128 hi = high * scale;
        const u128 down = v / unit;
        const u128 rem = v % unit;
        const u128 cDown = down * unit;
        const u128 cUp = cDown + unit;
        const bool downOk = rem == 0 || cDown > lo || (even && cDown == lo);
        const bool upOk = cUp < hi || (even && cUp == hi);
        if (!downOk && !upOk)
            continue;
        bool useUp = !downOk;
        if (downOk && upOk && rem != 0) {
            const u128 twice = rem * 2;
            useUp = twice > unit || (twice == unit && (down & 1));
        }
        quint64 digits = quint64(useUp ? down + 1 : down);
        char tmp[24];
        int n = 0;
        while (digits) {
            tmp[n++] = char('0' + digits % 10);
            digits /= 10;
        }
        dg->n = 0;
        for (int i = n - 1; i >= 0; --i)
            dg->d[dg->n++] = tmp[i];
        dg->exp10 = k + n - 1;
        while (dg->n > 1 && dg->d[dg->n - 1] == '0')
            --dg->n;
        return;
    }
    setZero(dg); // unreachable: five digits always identify a half
}

// ------------------------------------------------------------------------------ float layout

enum class FloatType { Half, Single, Double, Extended };

/** One real value of a float type; \a value is exact in every case. */
struct Real
{
    FloatType type;
    long double value;
    quint16 halfBits = 0;
};

enum class Trim { LeaveOneZero, DptZeros };

void appendPositional(Chars &out, const Digits &dg, Trim trim)
{
    if (dg.exp10 >= 0) {
        const int whole = dg.exp10 + 1;
        if (dg.n <= whole) {
            out.append(dg.d, dg.n);
            for (int i = dg.n; i < whole; ++i)
                out.append('0');
            if (trim == Trim::LeaveOneZero)
                append(out, ".0");
        } else {
            out.append(dg.d, whole);
            out.append('.');
            out.append(dg.d + whole, dg.n - whole);
        }
    } else {
        append(out, "0.");
        for (int i = 0; i < -dg.exp10 - 1; ++i)
            out.append('0');
        out.append(dg.d, dg.n);
    }
}

void appendScientific(Chars &out, const Digits &dg)
{
    out.append(dg.d[0]);
    if (dg.n > 1) {
        out.append('.');
        out.append(dg.d + 1, dg.n - 1);
    }
    out.append('e');
    out.append(dg.exp10 < 0 ? '-' : '+');
    const int x = std::abs(dg.exp10);
    char buf[8];
    const auto r = std::to_chars(buf, buf + sizeof(buf), x);
    if (r.ptr - buf < 2)
        out.append('0');
    out.append(buf, r.ptr - buf);
}

void shortest(const Real &x, long double a, Digits *dg)
{
    if (a == 0) {
        setZero(dg);
        return;
    }
    switch (x.type) {
    case FloatType::Half:
        halfShortestDigits(quint16(x.halfBits & 0x7fff), dg);
        return;
    case FloatType::Single:
        shortestDigits(float(a), dg);
        return;
    case FloatType::Double:
        shortestDigits(double(a), dg);
        return;
    case FloatType::Extended:
        shortestDigits(a, dg);
        return;
    }
}

template <typename T>
bool printfInto(char *begin, char *end, T value, std::chars_format format, int precision, Chars &out)
{
    const auto r = std::to_chars(begin, end, value, format, precision);
    if (r.ec != std::errc())
        return false;
    out.append(begin, r.ptr - begin);
    return true;
}

/** printf-style %.*f / %.*e of a non-negative finite value, in the C locale. */
void appendPrintf(Chars &out, const Real &x, long double a, std::chars_format format, int precision)
{
    precision = std::min(precision, 1000);
    auto run = [&](char *b, char *e) {
        switch (x.type) {
        case FloatType::Half:
        case FloatType::Single:
            return printfInto(b, e, float(a), format, precision, out);
        case FloatType::Double:
            return printfInto(b, e, double(a), format, precision, out);
        case FloatType::Extended:
            break;
        }
        return printfInto(b, e, a, format, precision, out);
    };
    char small[128];
    if (run(small, small + sizeof(small)))
        return;
    Chars big; // huge fixed-notation values: up to 4933 digits before the point
    big.resize(5000 + precision);
    run(big.data(), big.data() + big.size());
}

/** Appends one real as NumPy prints it (\a forceSign: a '+' for non-negative, as complex imag parts). */
void appendReal(Chars &out, const Real &x, const FormatOptions &options, Trim trim, bool forceSign)
{
    const long double v = x.value;
    if (std::isnan(v)) {
        append(out, forceSign ? "+nan" : "nan"); // NumPy never shows the sign of a NaN
        return;
    }
    const bool negative = std::signbit(v);
    if (negative)
        out.append('-');
    else if (forceSign)
        out.append('+');
    if (std::isinf(v)) {
        append(out, "inf");
        return;
    }
    const long double a = negative ? -v : v;
    Digits dg;
    switch (options.notation) {
    case FormatOptions::Notation::Auto:
        shortest(x, a, &dg);
        if (options.precision >= 0 && dg.n > std::max(1, options.precision) && a != 0)
            roundedDigits(a, std::max(1, options.precision), &dg);
        if (a == 0 || (1e-4L <= a && a < 1e16L))
            appendPositional(out, dg, trim);
        else
            appendScientific(out, dg);
        return;
    case FormatOptions::Notation::Fixed:
        if (options.precision < 0) {
            shortest(x, a, &dg);
            appendPositional(out, dg, trim);
        } else {
            appendPrintf(out, x, a, std::chars_format::fixed, options.precision);
        }
        return;
    case FormatOptions::Notation::Scientific:
        if (options.precision < 0) {
            shortest(x, a, &dg);
            appendScientific(out, dg);
        } else {
            appendPrintf(out, x, a, std::chars_format::scientific, options.precision);
        }
        return;
    }
}

Real loadReal(qint64 size, const uchar *data, bool swap)
{
    switch (size) {
    case 2: {
        const quint16 bits = loadRaw<quint16>(data, swap);
        return Real{FloatType::Half, halfToFloat(bits), bits};
    }
    case 4:
        return Real{FloatType::Single, loadRaw<float>(data, swap)};
    case 8:
        return Real{FloatType::Double, loadRaw<double>(data, swap)};
    default: {
        bool invalid = false;
        const long double v = loadExtended(data, swap, &invalid);
        return Real{FloatType::Extended, invalid ? std::numeric_limits<long double>::quiet_NaN() : v};
    }
    }
}

QString formatFloat(const DType &type, const uchar *data, const FormatOptions &options)
{
    Chars out;
    appendReal(out, loadReal(type.itemSize, data, type.needsSwap()), options, Trim::LeaveOneZero, false);
    return toQString(out);
}

QString formatComplex(const DType &type, const uchar *data, const FormatOptions &options)
{
    const qint64 half = type.itemSize / 2;
    const bool swap = type.needsSwap();
    const Real re = loadReal(half, data, swap);
    const Real im = loadReal(half, data + half, swap);
    Chars out;
    if (re.value == 0 && !std::signbit(re.value)) {
        appendReal(out, im, options, Trim::DptZeros, false);
        out.append('j');
    } else {
        out.append('(');
        appendReal(out, re, options, Trim::DptZeros, false);
        appendReal(out, im, options, Trim::DptZeros, true);
        append(out, "j)");
    }
    return toQString(out);
}

// ------------------------------------------------------------------------------------- integers

char *writeDecimal(char *end, u128 v)
{
    while (v > std::numeric_limits<quint64>::max()) {
        *--end = char('0' + int(v % 10));
        v /= 10;
    }
    quint64 w = quint64(v); // 128-bit division is slow: finish in 64 bits
    do {
        *--end = char('0' + int(w % 10));
        w /= 10;
    } while (w);
    return end;
}

QString signedText(i128 v)
{
    char buf[48];
    char *end = buf + sizeof(buf);
    char *p = writeDecimal(end, v < 0 ? u128(0) - u128(v) : u128(v));
    if (v < 0)
        *--p = '-';
    return QString::fromLatin1(p, end - p);
}

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

// ------------------------------------------------------------------------------------ datetimes

enum class Unit { Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, Generic };

Unit unitOf(const QString &unit)
{
    const char16_t c = unit.isEmpty() ? u'\0' : unit.at(0).unicode();
    if (unit.size() == 1) {
        switch (c) {
        case 'Y': return Unit::Y;
        case 'M': return Unit::M;
        case 'W': return Unit::W;
        case 'D': return Unit::D;
        case 'h': return Unit::h;
        case 'm': return Unit::m;
        case 's': return Unit::s;
        default: return Unit::Generic;
        }
    }
    if (unit.size() == 2 && unit.at(1) == QLatin1Char('s')) {
        switch (c) {
        case 'm': return Unit::ms;
        case 'u': return Unit::us;
        case 'n': return Unit::ns;
        case 'p': return Unit::ps;
        case 'f': return Unit::fs;
        case 'a': return Unit::as;
        default: break;
        }
    }
    return Unit::Generic;
}

const char *unitWord(Unit u)
{
    static const char *const words[] = {"years", "months", "weeks", "days", "hours", "minutes", "seconds",
                                        "milliseconds", "microseconds", "nanoseconds", "picoseconds",
                                        "femtoseconds", "attoseconds", "generic time units"};
    return words[int(u)];
}

/** Attoseconds per unit, for W and finer (0 for Y, M, generic). */
i128 attoseconds(Unit u)
{
    const i128 second = i128(1000000000000000000LL);
    switch (u) {
    case Unit::W: return second * 604800;
    case Unit::D: return second * 86400;
    case Unit::h: return second * 3600;
    case Unit::m: return second * 60;
    case Unit::s: return second;
    case Unit::ms: return second / 1000;
    case Unit::us: return second / 1000000;
    case Unit::ns: return second / 1000000000;
    case Unit::ps: return 1000000;
    case Unit::fs: return 1000;
    case Unit::as: return 1;
    default: return 0;
    }
}

/** Decimal digits of a second the unit shows (s: 0, ms: 3, ..., as: 18). */
int fractionDigits(Unit u)
{
    return u >= Unit::s && u <= Unit::as ? 3 * (int(u) - int(Unit::s)) : 0;
}

template <typename T>
T floorDiv(T a, T b)
{
    T q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

/** Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
template <typename T>
void civilFromDays(T z, T *year, int *month, int *day)
{
    z += 719468;
    const T era = floorDiv<T>(z, 146097);
    const int doe = int(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = T(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

/** Days from 1970-01-01 of a proleptic Gregorian date; false on overflow. */
bool daysFromCivil(i128 y, int m, int d, i128 *days)
{
    if (y > i128(1e30) || y < -i128(1e30))
        return false;
    y -= m <= 2 ? 1 : 0;
    const i128 era = floorDiv<i128>(y, 400);
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return true;
}

bool isLeap(i128 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(i128 y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

void appendNumber(Chars &out, u128 v, int width)
{
    char buf[48];
    char *end = buf + sizeof(buf);
    char *p = writeDecimal(end, v);
    for (int n = int(end - p); n < width; ++n)
        out.append('0');
    out.append(p, end - p);
}

/** The year as NumPy's "%04lld" writes it: 0005, -001, 12345. */
void appendYear(Chars &out, i128 year)
{
    if (year < 0) {
        out.append('-');
        appendNumber(out, u128(0) - u128(year), 3);
    } else {
        appendNumber(out, u128(year), 4);
    }
}

void appendDate(Chars &out, i128 days)
{
    i128 year;
    int month, day;
    if (days > -(qint64(1) << 60) && days < (qint64(1) << 60)) {
        qint64 y64;
        civilFromDays<qint64>(qint64(days), &y64, &month, &day);
        year = y64;
    } else {
        civilFromDays<i128>(days, &year, &month, &day);
    }
    appendYear(out, year);
    out.append('-');
    appendNumber(out, u128(month), 2);
    out.append('-');
    appendNumber(out, u128(day), 2);
}

QString formatDateTime(const DType &type, const uchar *data)
{
    const qint64 v = loadRaw<qint64>(data, type.needsSwap());
    if (v == kNaT)
        return QStringLiteral("NaT");
    const Unit unit = unitOf(type.unit);
    // NumPy cannot print non-NaT generic datetimes at all; we show the bare count.
    if (unit == Unit::Generic)
        return signedText(v);
    const i128 total = i128(v) * i128(std::max<qint64>(type.unitCount, 1));
    Chars out;
    switch (unit) {
    case Unit::Y:
        appendYear(out, total + 1970);
        break;
    case Unit::M:
        appendYear(out, floorDiv<i128>(total, 12) + 1970);
        out.append('-');
        appendNumber(out, u128(total - floorDiv<i128>(total, 12) * 12 + 1), 2);
        break;
    case Unit::W:
    case Unit::D:
        appendDate(out, unit == Unit::W ? total * 7 : total);
        break;
    default: {
        const i128 perDay = attoseconds(Unit::D) / attoseconds(unit);
        i128 days;
        i128 rem; // units since midnight: below 8.64e22 (attoseconds in a day)
        if (perDay <= std::numeric_limits<qint64>::max() && total >= std::numeric_limits<qint64>::min()
            && total <= std::numeric_limits<qint64>::max()) {
            qint64 d64 = qint64(total) / qint64(perDay); // 64-bit fast path
            qint64 r64 = qint64(total) % qint64(perDay);
            if (r64 < 0) {
                r64 += qint64(perDay);
                --d64;
            }
            days = d64;
            rem = r64;
        } else {
            days = floorDiv<i128>(total, perDay);
            rem = total - days * perDay;
        }
        appendDate(out, days);
        out.append('T');
        if (unit == Unit::h) {
            appendNumber(out, u128(rem), 2);
            break;
        }
        if (unit == Unit::m) {
            appendNumber(out, u128(qint64(rem) / 60), 2);
            out.append(':');
            appendNumber(out, u128(qint64(rem) % 60), 2);
            break;
        }
        const int digits = fractionDigits(unit);
        const qint64 perSecond = qint64(attoseconds(Unit::s) / attoseconds(unit));
        qint64 seconds, fraction;
        if (rem <= std::numeric_limits<qint64>::max()) {
            seconds = qint64(rem) / perSecond;
            fraction = qint64(rem) % perSecond;
        } else {
            seconds = qint64(rem / perSecond);
            fraction = qint64(rem % perSecond);
        }
        appendNumber(out, u128(seconds / 3600), 2);
        out.append(':');
        appendNumber(out, u128(seconds / 60 % 60), 2);
        out.append(':');
        appendNumber(out, u128(seconds % 60), 2);
        if (digits > 0) {
            out.append('.');
            appendNumber(out, u128(fraction), digits);
        }
        break;
    }
    }
    return toQString(out);
}

QString formatTimeDelta(const DType &type, const uchar *data)
{
    const qint64 v = loadRaw<qint64>(data, type.needsSwap());
    if (v == kNaT)
        return QStringLiteral("NaT");
    // NumPy multiplies in int64 and may wrap; the exact product is shown here.
    const i128 total = i128(v) * i128(std::max<qint64>(type.unitCount, 1));
    Chars out;
    if (total < 0)
        out.append('-');
    appendNumber(out, total < 0 ? u128(0) - u128(total) : u128(total), 1);
    out.append(' ');
    append(out, unitWord(unitOf(type.unit)));
    return toQString(out);
}

// ---------------------------------------------------------------------------- parsing helpers

/** The text as ASCII bytes, trimmed; false when it holds anything else. */
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

locale_t cLocale()
{
    static const locale_t loc = newlocale(LC_ALL_MASK, "C", locale_t(nullptr));
    return loc;
}

enum class NumberParse { Ok, Bad, Overflow };

/** Reads a whole C-locale floating-point text (strtod syntax, no spaces) as \a T. */
template <typename T>
NumberParse parseFloating(const QByteArray &text, T *out)
{
    if (text.isEmpty() || std::isspace(uchar(text.front())))
        return NumberParse::Bad;
    const char *begin = text.constData();
    char *end = nullptr;
    errno = 0;
    T v;
    if constexpr (std::is_same_v<T, float>)
        v = strtof_l(begin, &end, cLocale());
    else if constexpr (std::is_same_v<T, double>)
        v = strtod_l(begin, &end, cLocale());
    else
        v = strtold_l(begin, &end, cLocale());
    if (end != begin + text.size())
        return NumberParse::Bad;
    if (errno == ERANGE && std::isinf(v))
        return NumberParse::Overflow;
    *out = v; // underflow gives the correctly rounded tiny value or zero, as NumPy does
    return NumberParse::Ok;
}

const char *floatMax(qint64 size)
{
    switch (size) {
    case 2: return "65504";
    case 4: return "3.4028235e+38";
    case 8: return "1.7976931348623157e+308";
    default: return "1.189731495357231765e+4932";
    }
}

/** Parses one real of a float type of \a size bytes and stores it at \a dest. */
NumberParse parseReal(qint64 size, bool swap, const QByteArray &text, uchar *dest)
{
    NumberParse r;
    switch (size) {
    case 2: {
        double d = 0;
        r = parseFloating(text, &d);
        if (r != NumberParse::Ok)
            return r;
        int tie = 0;
        const double a = std::fabs(d);
        const int e = std::max(std::ilogb(a), -14);
        if (std::isfinite(a) && a != 0 && e < 16) {
            const double twice = std::ldexp(a, 11 - e);
            if (twice == std::floor(twice) && std::fmod(twice, 2.0) == 1.0) {
                // The double sits exactly between two halves: ask a wider type which side it is on.
                long double ld = 0;
                if (parseFloating(text, &ld) == NumberParse::Ok) {
                    const long double la = std::fabs(ld);
                    tie = la > (long double)a ? 1 : la < (long double)a ? -1 : 0;
                }
            }
        }
        const quint16 h = halfFromDouble(d, tie);
        if ((h & 0x7fff) == 0x7c00 && std::isfinite(d))
            return NumberParse::Overflow;
        storeRaw<quint16>(dest, h, swap);
        return NumberParse::Ok;
    }
    case 4: {
        float f = 0;
        r = parseFloating(text, &f);
        if (r == NumberParse::Ok)
            storeRaw<float>(dest, f, swap);
        return r;
    }
    case 8: {
        double d = 0;
        r = parseFloating(text, &d);
        if (r == NumberParse::Ok)
            storeRaw<double>(dest, d, swap);
        return r;
    }
    default: {
        long double ld = 0;
        r = parseFloating(text, &ld);
        if (r == NumberParse::Ok)
            storeExtended(dest, ld, swap);
        return r;
    }
    }
}

QString outOfRangeMessage(const QString &shown, qint64 size)
{
    return tr("%1 is out of range for %2 (max %3)")
        .arg(shown, QStringLiteral("float%1").arg(size * 8), QLatin1String(floatMax(size)));
}

/** Reads an optionally signed decimal or 0x-hex integer; false on syntax errors or > 2^100. */
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

bool parseFloat(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray ascii;
    const QString shown = text.trimmed();
    if (!asciiTrimmed(text, &ascii))
        return fail(why, tr("'%1' is not a number").arg(shown));
    out->fill(0, type.itemSize);
    switch (parseReal(type.itemSize, type.needsSwap(), ascii, reinterpret_cast<uchar *>(out->data()))) {
    case NumberParse::Ok:
        return true;
    case NumberParse::Overflow:
        return fail(why, outOfRangeMessage(shown, type.itemSize));
    case NumberParse::Bad:
        break;
    }
    return fail(why, tr("'%1' is not a number").arg(shown));
}

/** Complex text: (a+bj), a+bj, bj, a, with nan/inf parts; j or J. */
bool parseComplex(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray s;
    const QString shown = text.trimmed();
    auto bad = [&] { return fail(why, tr("'%1' is not a complex number").arg(shown)); };
    if (!asciiTrimmed(text, &s))
        return bad();
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')')
        s = s.mid(1, s.size() - 2).trimmed();
    QByteArray realText;
    QByteArray imagText;
    if (!s.isEmpty() && (s.back() == 'j' || s.back() == 'J')) {
        s.chop(1);
        // The imaginary part starts at the last sign that is not an exponent's sign.
        qsizetype split = -1;
        for (qsizetype i = s.size() - 1; i > 0; --i) {
            if ((s.at(i) == '+' || s.at(i) == '-') && s.at(i - 1) != 'e' && s.at(i - 1) != 'E') {
                split = i;
                break;
            }
        }
        if (split > 0) {
            realText = s.left(split).trimmed();
            imagText = s.mid(split).trimmed();
        } else {
            realText = "0";
            imagText = s.trimmed();
        }
        if (imagText == "+" || imagText == "-" || imagText.isEmpty())
            imagText += '1';
        else if (imagText.size() > 1 && (imagText.at(0) == '+' || imagText.at(0) == '-'))
            imagText = imagText.left(1) + imagText.mid(1).trimmed();
    } else {
        realText = s;
        imagText = "0";
    }
    if (realText.isEmpty())
        return bad();
    const qint64 half = type.itemSize / 2;
    out->fill(0, type.itemSize);
    uchar *d = reinterpret_cast<uchar *>(out->data());
    const bool swap = type.needsSwap();
    const QByteArray *parts[2] = {&realText, &imagText};
    for (int i = 0; i < 2; ++i) {
        const NumberParse r = parseReal(half, swap, *parts[i], d + i * half);
        if (r == NumberParse::Overflow)
            return fail(why, outOfRangeMessage(QString::fromLatin1(*parts[i]), half));
        if (r == NumberParse::Bad)
            return bad();
    }
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

// ---------------------------------------------------------------------------- datetime parsing

bool isNaTText(const QByteArray &s)
{
    return s.compare("nat", Qt::CaseInsensitive) == 0;
}

bool storeCount(const DType &type, i128 count, QByteArray *out, QString *why, const QString &shown)
{
    if (count > std::numeric_limits<qint64>::max() || count <= std::numeric_limits<qint64>::min())
        return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
    out->resize(8);
    storeRaw<qint64>(reinterpret_cast<uchar *>(out->data()), qint64(count), type.needsSwap());
    return true;
}

bool storeNaT(const DType &type, QByteArray *out)
{
    out->resize(8);
    storeRaw<qint64>(reinterpret_cast<uchar *>(out->data()), kNaT, type.needsSwap());
    return true;
}

/** Reads \a n decimal digits at \a p; advances it. */
bool readDigits(const char *&p, const char *end, int n, int *value)
{
    if (end - p < n)
        return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    p += n;
    *value = v;
    return true;
}

bool parseDateTime(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray s;
    const QString shown = text.trimmed();
    if (!asciiTrimmed(text, &s))
        return fail(why, tr("'%1' is not a date").arg(shown));
    if (isNaTText(s))
        return storeNaT(type, out);
    const Unit unit = unitOf(type.unit);
    if (unit == Unit::Generic) {
        i128 v = 0;
        if (!parseWideInteger(s, &v))
            return fail(why, tr("'%1' is not NaT or a count (the dtype has no unit)").arg(shown));
        return storeCount(type, v, out, why, shown);
    }
    auto bad = [&] {
        return fail(why, tr("'%1' is not an ISO date such as 2020-01-31T12:30:00").arg(shown));
    };
    const char *p = s.constData();
    const char *end = p + s.size();
    if (end > p && end[-1] == 'Z')
        --end;
    bool negative = false;
    if (p < end && (*p == '-' || *p == '+'))
        negative = *p++ == '-';
    i128 year = 0;
    int yearDigits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (++yearDigits > 30)
            return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
        year = year * 10 + (*p++ - '0');
    }
    if (yearDigits == 0)
        return bad();
    if (negative)
        year = -year;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    i128 attos = 0; // fraction of a second in attoseconds
    if (p < end) {
        if (*p++ != '-' || !readDigits(p, end, 2, &month) || month < 1 || month > 12)
            return bad();
    }
    if (p < end) {
        if (*p++ != '-' || !readDigits(p, end, 2, &day) || day < 1 || day > daysInMonth(year, month))
            return bad();
    }
    if (p < end) {
        if ((*p != 'T' && *p != ' ') || !readDigits(++p, end, 2, &hour) || hour > 23)
            return bad();
    }
    if (p < end) {
        if (*p++ != ':' || !readDigits(p, end, 2, &minute) || minute > 59)
            return bad();
    }
    if (p < end) {
        if (*p++ != ':' || !readDigits(p, end, 2, &second) || second > 59)
            return bad();
    }
    if (p < end) {
        if (*p++ != '.' || p == end)
            return bad();
        i128 scale = attoseconds(Unit::s);
        for (; p < end; ++p) {
            if (*p < '0' || *p > '9')
                return bad();
            scale /= 10;
            if (scale == 0) {
                if (*p != '0')
                    return fail(why, tr("'%1' has more digits than attoseconds").arg(shown));
                continue;
            }
            attos += scale * (*p - '0');
        }
    }
    auto inexact = [&] {
        return fail(why, tr("'%1' is not exactly representable in %2").arg(shown, type.displayName()));
    };
    const bool timeIsZero = hour == 0 && minute == 0 && second == 0 && attos == 0;
    i128 count = 0;
    if (unit == Unit::Y || unit == Unit::M) {
        if (!timeIsZero || day != 1 || (unit == Unit::Y && month != 1))
            return inexact();
        count = unit == Unit::Y ? year - 1970 : (year - 1970) * 12 + (month - 1);
    } else {
        i128 days = 0;
        if (!daysFromCivil(year, month, day, &days))
            return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
        // Attoseconds from the epoch, in at most 2^127: |days| < 4e29 keeps this in range
        // for whole days only, so work in the unit instead.
        const i128 perUnit = attoseconds(unit);
        const i128 dayUnits = attoseconds(Unit::D) / std::min(perUnit, attoseconds(Unit::D));
        const i128 timeAttos = (i128(hour) * 3600 + minute * 60 + second) * attoseconds(Unit::s) + attos;
        if (unit == Unit::W) {
            if (!timeIsZero || floorDiv<i128>(days, 7) * 7 != days)
                return inexact();
            count = days / 7;
        } else {
            if (timeAttos % perUnit != 0)
                return inexact();
            i128 dayPart;
            if (__builtin_mul_overflow(days, dayUnits, &dayPart))
                return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
            count = dayPart + timeAttos / perUnit;
        }
    }
    const qint64 n = std::max<qint64>(type.unitCount, 1);
    if (floorDiv<i128>(count, n) * n != count)
        return inexact();
    return storeCount(type, count / n, out, why, shown);
}

bool parseTimeDelta(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray s;
    const QString shown = text.trimmed();
    auto bad = [&] {
        return fail(why, tr("'%1' is not a time span such as '5 seconds' or NaT").arg(shown));
    };
    if (!asciiTrimmed(text, &s))
        return bad();
    if (isNaTText(s))
        return storeNaT(type, out);
    const qsizetype space = s.indexOf(' ');
    const QByteArray number = space < 0 ? s : s.left(space);
    const QByteArray word = space < 0 ? QByteArray() : s.mid(space + 1).trimmed();
    i128 v = 0;
    if (!parseWideInteger(number, &v))
        return bad();
    const Unit target = unitOf(type.unit);
    Unit source = target;
    if (!word.isEmpty()) {
        static const struct { const char *name; Unit unit; } names[] = {
            {"Y", Unit::Y}, {"M", Unit::M}, {"W", Unit::W}, {"D", Unit::D}, {"h", Unit::h}, {"m", Unit::m},
            {"s", Unit::s}, {"ms", Unit::ms}, {"us", Unit::us}, {"ns", Unit::ns}, {"ps", Unit::ps},
            {"fs", Unit::fs}, {"as", Unit::as}, {"min", Unit::m}, {"sec", Unit::s},
        };
        bool found = false;
        for (const auto &n : names) {
            if (word == n.name) {
                source = n.unit;
                found = true;
            }
        }
        QByteArray lower = word.toLower();
        if (!found && lower == "generic time units") {
            source = target;
            found = true;
        }
        for (int u = 0; !found && u < int(Unit::Generic); ++u) {
            const QByteArray plural(unitWord(Unit(u)));
            if (lower == plural || lower == plural.chopped(1)) {
                source = Unit(u);
                found = true;
            }
        }
        if (!found)
            return bad();
    }
    auto inexact = [&] {
        return fail(why, tr("'%1' is not exactly representable in %2").arg(shown, type.displayName()));
    };
    i128 count = v;
    if (source != target) {
        if (target == Unit::Generic) {
            return inexact();
        } else if (source == Unit::Y && target == Unit::M) {
            count = v * 12;
        } else if (source == Unit::M && target == Unit::Y) {
            if (v % 12 != 0)
                return inexact();
            count = v / 12;
        } else if (source <= Unit::M || target <= Unit::M) {
            return fail(why, tr("years and months do not convert exactly to %1").arg(type.displayName()));
        } else {
            const i128 from = attoseconds(source);
            const i128 to = attoseconds(target);
            if (from >= to) {
                if (__builtin_mul_overflow(v, from / to, &count))
                    return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
            } else {
                if (v % (to / from) != 0)
                    return inexact();
                count = v / (to / from);
            }
        }
    }
    const qint64 n = std::max<qint64>(type.unitCount, 1);
    if (count % n != 0)
        return inexact();
    return storeCount(type, count / n, out, why, shown);
}

} // namespace

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
