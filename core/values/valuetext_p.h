#pragma once

// Internals of the value text code, shared by valuetext.cpp (the public dispatch, integers,
// bools, bytes, str and void), valuefloat.cpp (floats and complex) and valuedatetime.cpp
// (datetimes and timedeltas). Not part of the API: include it from those files only.

#include "elementload.h"
#include "valuetext.h"

#include <QCoreApplication>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace npy::detail {

using i128 = __int128;
using u128 = unsigned __int128;
using Chars = QVarLengthArray<char, 128>;

inline constexpr qint64 kNaT = std::numeric_limits<qint64>::min();

inline QString tr(const char *text)
{
    return QCoreApplication::translate("npy::ValueText", text);
}

inline bool fail(QString *why, const QString &message)
{
    if (why)
        *why = message;
    return false;
}

inline void append(Chars &out, const char *text)
{
    out.append(text, qsizetype(std::strlen(text)));
}

inline QString toQString(const Chars &out)
{
    return QString::fromLatin1(out.constData(), out.size());
}

// ---------------------------------------------------------------------------------------- bytes

/** Element bytes through the engine's one loader (elementload.h). */
template <typename T>
T loadRaw(const uchar *data, bool swap)
{
    return elements::load<T>(data, swap);
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
inline constexpr bool kExtendedIsX87 = std::numeric_limits<long double>::digits == 64 && sizeof(long double) == 16;

inline long double loadExtended(const uchar *data, bool swap, bool *invalid)
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

inline void storeExtended(uchar *data, long double v, bool swap)
{
    uchar b[16] = {};
    std::memcpy(b, &v, 10);
    if (swap)
        std::reverse(b, b + 16);
    std::memcpy(data, b, 16);
}

// ----------------------------------------------------------------------------------------- half

inline float halfToFloat(quint16 h)
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
inline quint16 halfFromDouble(double d, int tie)
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

// ------------------------------------------------------------------------------------ real values

enum class FloatType { Half, Single, Double, Extended };

/** One real value of a float type; \a value is exact in every case. */
struct Real
{
    FloatType type;
    long double value;
    quint16 halfBits = 0;
};

inline Real loadReal(qint64 size, const uchar *data, bool swap)
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

// ------------------------------------------------------------------------------------- integers

inline char *writeDecimal(char *end, u128 v)
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

/** The exact decimal text of \a v (defined in valuetext.cpp). */
[[nodiscard]] QString signedText(i128 v);

// ---------------------------------------------------------------------------- parsing helpers

/** The text as ASCII bytes, trimmed; false when it holds anything else. */
[[nodiscard]] bool asciiTrimmed(const QString &text, QByteArray *out);

/** Reads an optionally signed decimal or 0x-hex integer; false on syntax errors or > 2^100. */
[[nodiscard]] bool parseWideInteger(const QByteArray &text, i128 *out);

// ------------------------------------------------------------------ per-kind formatters, parsers

// valuefloat.cpp: \a type is a float of 2, 4, 8 or (x87) 16 bytes, or a complex of twice that.
[[nodiscard]] QString formatFloat(const DType &type, const uchar *data, const FormatOptions &options);
[[nodiscard]] QString formatComplex(const DType &type, const uchar *data, const FormatOptions &options);
[[nodiscard]] bool parseFloat(const DType &type, const QString &text, QByteArray *out, QString *why);
[[nodiscard]] bool parseComplex(const DType &type, const QString &text, QByteArray *out, QString *why);

// valuedatetime.cpp: \a type is a datetime64 or timedelta64 (8 bytes).
[[nodiscard]] QString formatDateTime(const DType &type, const uchar *data);
[[nodiscard]] QString formatTimeDelta(const DType &type, const uchar *data);
[[nodiscard]] bool parseDateTime(const DType &type, const QString &text, QByteArray *out, QString *why);
[[nodiscard]] bool parseTimeDelta(const DType &type, const QString &text, QByteArray *out, QString *why);

} // namespace npy::detail
