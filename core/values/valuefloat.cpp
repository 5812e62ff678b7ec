#include "valuetext_p.h"

#include <cctype>
#include <cerrno>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <locale.h>

// The float and complex part of formatValue() and parseValue() (valuetext.cpp): NumPy 1.24 str()
// of float16/32/64, x87 long double and complex scalars, and its inverse.

namespace npy::detail {

// ------------------------------------------------------------------------- float digit strings

namespace {

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

} // namespace

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

// ------------------------------------------------------------------------------ float parsing

namespace {

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

} // namespace

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

} // namespace npy::detail

namespace npy {

double roundToHalf(double v)
{
    return double(detail::halfToFloat(detail::halfFromDouble(v, 0)));
}

} // namespace npy
