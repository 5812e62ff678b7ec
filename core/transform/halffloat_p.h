#pragma once

// float16 bit patterns to and from float and double the way NumPy's own conversions (npymath) do
// them: rounding to nearest even, NaN payloads shifted (never made quiet), signs kept. Private to
// transform/.

#include <QtGlobal>

#include <cstring>

namespace npy::cast::half {

/** Rounds the significand \a m (with its leading bit), to be shifted right by \a shift, to nearest even. */
inline quint64 roundShift(quint64 m, int shift)
{
    if (shift >= 64)
        return 0;
    const quint64 q = m >> shift;
    const quint64 rest = m & ((quint64(1) << shift) - 1);
    const quint64 halfway = quint64(1) << (shift - 1);
    return rest > halfway || (rest == halfway && (q & 1)) ? q + 1 : q;
}

/**
 * The half nearest a finite nonzero value 2^exponent x m / 2^fractionBits (m with its leading bit,
 * fractionBits bits after it), sign apart: inf when it is too large.
 */
inline quint16 roundToHalf(int exponent, quint64 m, int fractionBits)
{
    if (exponent > 15)
        return 0x7c00;
    if (exponent < -25)
        return 0;
    // Normal halves keep 10 fraction bits; below 2^-14 the quantum stays 2^-24.
    const int shift = fractionBits - 10 + (exponent < -14 ? -14 - exponent : 0);
    const quint64 q = roundShift(m, shift);
    // The encoding is monotonic: a carry into the next binade (or to infinity) is just an addition.
    const quint64 bits = exponent >= -14 ? (quint64(exponent + 15) << 10) + q - 1024 : q;
    return quint16(bits >= 0x7c00 ? 0x7c00 : bits);
}

inline quint16 fromFloat(float f)
{
    quint32 u;
    std::memcpy(&u, &f, 4);
    const quint16 sign = quint16((u >> 16) & 0x8000);
    const quint32 exponent = (u >> 23) & 0xff;
    const quint32 fraction = u & 0x7fffff;
    if (exponent == 0xff) {
        if (fraction == 0)
            return sign | 0x7c00;
        const quint16 payload = quint16(fraction >> 13);
        return sign | 0x7c00 | (payload ? payload : 1);
    }
    if (exponent == 0)
        return sign; // float subnormals are far below the smallest half
    return sign | roundToHalf(int(exponent) - 127, quint64(fraction) | (quint64(1) << 23), 23);
}

inline quint16 fromDouble(double d)
{
    quint64 u;
    std::memcpy(&u, &d, 8);
    const quint16 sign = quint16((u >> 48) & 0x8000);
    const quint64 exponent = (u >> 52) & 0x7ff;
    const quint64 fraction = u & 0xfffffffffffffULL;
    if (exponent == 0x7ff) {
        if (fraction == 0)
            return sign | 0x7c00;
        const quint16 payload = quint16(fraction >> 42);
        return sign | 0x7c00 | (payload ? payload : 1);
    }
    if (exponent == 0)
        return sign;
    return sign | roundToHalf(int(exponent) - 1023, fraction | (quint64(1) << 52), 52);
}

/** The exponent and 10-bit fraction of a half, subnormals normalised: value 2^e x (1 + f / 1024). */
inline void normalised(quint16 h, int *e, quint32 *f)
{
    int exponent = (h >> 10) & 0x1f;
    quint32 fraction = h & 0x3ff;
    if (exponent == 0) {
        exponent = 1;
        while (!(fraction & 0x400)) {
            fraction <<= 1;
            --exponent;
        }
        fraction &= 0x3ff;
    }
    *e = exponent - 15;
    *f = fraction;
}

inline float toFloat(quint16 h)
{
    const quint32 sign = quint32(h & 0x8000) << 16;
    const quint32 exponent = (h >> 10) & 0x1f;
    const quint32 fraction = h & 0x3ff;
    quint32 u;
    if (exponent == 0x1f) {
        u = sign | 0x7f800000u | (fraction << 13);
    } else if (exponent == 0 && fraction == 0) {
        u = sign;
    } else {
        int e;
        quint32 f;
        normalised(h, &e, &f);
        u = sign | (quint32(e + 127) << 23) | (f << 13);
    }
    float out;
    std::memcpy(&out, &u, 4);
    return out;
}

inline double toDouble(quint16 h)
{
    const quint64 sign = quint64(h & 0x8000) << 48;
    const quint64 exponent = (h >> 10) & 0x1f;
    const quint64 fraction = h & 0x3ff;
    quint64 u;
    if (exponent == 0x1f) {
        u = sign | 0x7ff0000000000000ULL | (fraction << 42);
    } else if (exponent == 0 && fraction == 0) {
        u = sign;
    } else {
        int e;
        quint32 f;
        normalised(h, &e, &f);
        u = sign | (quint64(e + 1023) << 52) | (quint64(f) << 42);
    }
    double out;
    std::memcpy(&out, &u, 8);
    return out;
}

} // namespace npy::cast::half
