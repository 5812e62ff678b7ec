// The numeric kernels of ElementCast: every pair of bool, integers, floats (half to long double) and
// complex, with the results NumPy 1.24's C loops give on x86-64 (see elementcast.h).

#include "elementcast_p.h"

#include "elementload.h"
#include "halffloat_p.h"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace npy::cast {

namespace {

template <typename P>
struct Cplx
{
    P re;
    P im;
};

template <Num N> struct Traits;
template <> struct Traits<Num::Bool> { using V = quint8; };
template <> struct Traits<Num::I8> { using V = qint8; };
template <> struct Traits<Num::I16> { using V = qint16; };
template <> struct Traits<Num::I32> { using V = qint32; };
template <> struct Traits<Num::I64> { using V = qint64; };
template <> struct Traits<Num::U8> { using V = quint8; };
template <> struct Traits<Num::U16> { using V = quint16; };
template <> struct Traits<Num::U32> { using V = quint32; };
template <> struct Traits<Num::U64> { using V = quint64; };
template <> struct Traits<Num::F16> { using V = quint16; };
template <> struct Traits<Num::F32> { using V = float; };
template <> struct Traits<Num::F64> { using V = double; };
template <> struct Traits<Num::F80> { using V = long double; };
template <> struct Traits<Num::C64> { using V = Cplx<float>; };
template <> struct Traits<Num::C128> { using V = Cplx<double>; };
template <> struct Traits<Num::C160> { using V = Cplx<long double>; };

template <Num N> using V = typename Traits<N>::V;

constexpr bool isSigned(Num n) { return n == Num::I8 || n == Num::I16 || n == Num::I32 || n == Num::I64; }
constexpr bool isUnsigned(Num n) { return n == Num::U8 || n == Num::U16 || n == Num::U32 || n == Num::U64; }
constexpr bool isInt(Num n) { return isSigned(n) || isUnsigned(n); }
constexpr bool isFloat(Num n) { return n == Num::F16 || n == Num::F32 || n == Num::F64 || n == Num::F80; }
constexpr bool isComplex(Num n) { return n == Num::C64 || n == Num::C128 || n == Num::C160; }
constexpr Num partOf(Num n) { return n == Num::C64 ? Num::F32 : n == Num::C128 ? Num::F64 : Num::F80; }
/** The most telling of two changes (NaN, infinity, overflow, imaginary, precision, cut). */
CastChange worst(CastChange a, CastChange b)
{
    auto rank = [](CastChange c) {
        switch (c) {
        case CastChange::NaN: return 6;
        case CastChange::Infinity: return 5;
        case CastChange::Overflow: return 4;
        case CastChange::Imaginary: return 3;
        case CastChange::Precision: return 2;
        case CastChange::Cut: return 1;
        case CastChange::None: return 0;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

/** One native element, through the engine's element loader (the kernels see native byte order only). */
template <Num N>
V<N> load(const uchar *p)
{
    return elements::load<V<N>, false>(p);
}

void storeExtended(uchar *p, long double v)
{
    std::memcpy(p, &v, 10);
    std::memset(p + 10, 0, 6);
}

template <Num N>
void store(uchar *p, const V<N> &v)
{
    if constexpr (N == Num::F80) {
        storeExtended(p, v);
    } else if constexpr (N == Num::C160) {
        storeExtended(p, v.re);
        storeExtended(p + 16, v.im);
    } else {
        std::memcpy(p, &v, sizeof(V<N>));
    }
}

/** The integer limits of \a N as 128-bit values. */
template <Num N>
constexpr __int128 lowest()
{
    return __int128(std::numeric_limits<V<N>>::min());
}
template <Num N>
constexpr __int128 highest()
{
    return __int128(std::numeric_limits<V<N>>::max());
}

/**
 * Truncation to a signed integer of \a Bits bits as the conversion instructions do it (cvttss2si,
 * cvttsd2si, fisttp): the truncated value when it fits, else the lowest value (NaN included).
 */
template <int Bits>
qint64 truncOrIndefinite(long double x)
{
    constexpr long double limit = static_cast<long double>(__int128(1) << (Bits - 1));
    if (x > -limit - 1.0L && x < limit)
        return qint64(x);
    return qint64(-(__int128(1) << (Bits - 1)));
}

/** A float of type \a F (float, double: SSE; long double: x87) to the integer \a To, as NumPy's loops do it. */
template <Num F, Num To>
V<To> floatToInt(V<F> x, bool vectorised)
{
    using T = V<To>;
    using S = V<F>;
    if constexpr (F == Num::F80) {
        if constexpr (To == Num::I8 || To == Num::U8 || To == Num::I16)
            return T(truncOrIndefinite<16>(x));
        else if constexpr (To == Num::U16 || To == Num::I32)
            return T(truncOrIndefinite<32>(x));
        else if constexpr (To == Num::U32 || To == Num::I64)
            return T(truncOrIndefinite<64>(x));
        else if (x >= 9223372036854775808.0L)
            return T(quint64(truncOrIndefinite<64>(x - 9223372036854775808.0L)) ^ (quint64(1) << 63));
        else
            return T(truncOrIndefinite<64>(x));
    } else {
        if constexpr (To == Num::I8 || To == Num::U8 || To == Num::I16 || To == Num::U16 || To == Num::I32) {
            return T(truncOrIndefinite<32>(x));
        } else if constexpr (To == Num::U32) {
            if (!vectorised)
                return T(truncOrIndefinite<64>(x));
            if (x >= S(2147483648.0))
                return T(quint32(truncOrIndefinite<32>(S(x - S(2147483648.0)))) ^ 0x80000000u);
            return T(truncOrIndefinite<32>(x));
        } else if constexpr (To == Num::I64) {
            return T(truncOrIndefinite<64>(x));
        } else {
            if (x >= S(9223372036854775808.0))
                return T(quint64(truncOrIndefinite<64>(S(x - S(9223372036854775808.0)))) ^ (quint64(1) << 63));
            return T(truncOrIndefinite<64>(x));
        }
    }
}

/** What a float \a x becoming an integer of range [lo, hi] (or a bool) changes. */
CastChange floatToIntChange(long double x, __int128 lo, __int128 hi, bool toBool)
{
    if (std::isnan(x))
        return CastChange::NaN;
    if (std::isinf(x))
        return CastChange::Infinity;
    const long double t = std::trunc(x);
    if (toBool) {
        if (x == 0 || x == 1)
            return CastChange::None;
        return t == x ? CastChange::Overflow : CastChange::Precision;
    }
    if (t < static_cast<long double>(lo) || t > static_cast<long double>(hi))
        return CastChange::Overflow;
    return t != x ? CastChange::Precision : CastChange::None;
}

/** The value of a real (non-complex) element of \a F as a long double (exact for every type). */
template <Num F>
long double realValue(V<F> v)
{
    if constexpr (F == Num::F16)
        return static_cast<long double>(half::toFloat(v));
    else
        return static_cast<long double>(v);
}

/** A real element to a real type (bool included), and what that changed. */
template <Num F, Num To>
V<To> realCast(V<F> v, bool vectorised, CastChange *change)
{
    using T = V<To>;
    if constexpr (F == To) {
        return v;
    } else if constexpr (F == Num::F16 && To != Num::F16 && To != Num::F32 && To != Num::F64 && To != Num::F80
                  && To != Num::Bool) {
        // NumPy converts half to anything but float and double through float32, in its scalar loop.
        return realCast<Num::F32, To>(half::toFloat(v), false, change);
    } else if constexpr (To == Num::Bool) {
        if constexpr (isFloat(F)) {
            const long double x = realValue<F>(v);
            *change = floatToIntChange(x, 0, 1, true);
            return T(x != 0);
        } else {
            if (v != 0 && v != 1)
                *change = CastChange::Overflow;
            return T(v != 0);
        }
    } else if constexpr (!isFloat(F)) {
        // Bool (0 or 1 by now) and integers.
        if constexpr (isInt(To)) {
            const __int128 x = __int128(v);
            if (x < lowest<To>() || x > highest<To>())
                *change = CastChange::Overflow;
            return T(x);
        } else if constexpr (To == Num::F16) {
            const quint16 h = half::fromFloat(static_cast<float>(v));
            const long double back = static_cast<long double>(half::toFloat(h));
            if (std::isinf(back))
                *change = CastChange::Overflow;
            else if (back != static_cast<long double>(v))
                *change = CastChange::Precision;
            return h;
        } else {
            const T out = static_cast<T>(v);
            if (static_cast<long double>(out) != static_cast<long double>(v))
                *change = CastChange::Precision;
            return out;
        }
    } else if constexpr (isInt(To)) {
        *change = floatToIntChange(realValue<F>(v), lowest<To>(), highest<To>(), false);
        return floatToInt<F, To>(v, vectorised);
    } else {
        // Float to float.
        T out;
        long double back;
        if constexpr (To == Num::F16) {
            if constexpr (F == Num::F32)
                out = half::fromFloat(v);
            else if constexpr (F == Num::F64)
                out = half::fromDouble(v);
            else
                out = half::fromFloat(static_cast<float>(v));
            back = static_cast<long double>(half::toFloat(out));
        } else if constexpr (F == Num::F16) {
            if constexpr (To == Num::F32)
                out = half::toFloat(v);
            else if constexpr (To == Num::F64)
                out = half::toDouble(v);
            else
                out = static_cast<long double>(half::toFloat(v));
            back = static_cast<long double>(out);
        } else {
            out = static_cast<T>(v);
            back = static_cast<long double>(out);
        }
        const long double x = realValue<F>(v);
        if (!std::isnan(x)) {
            if (std::isinf(back) && !std::isinf(x))
                *change = CastChange::Overflow;
            else if (back != x)
                *change = CastChange::Precision;
        }
        return out;
    }
}

/** One element of \a F to \a To, complex parts handled, and what that changed. */
template <Num F, Num To>
V<To> convertValue(const V<F> &v, bool vectorised, CastChange *change)
{
    if constexpr (isComplex(F) && isComplex(To)) {
        CastChange re = CastChange::None;
        CastChange im = CastChange::None;
        V<To> out;
        out.re = realCast<partOf(F), partOf(To)>(v.re, vectorised, &re);
        out.im = realCast<partOf(F), partOf(To)>(v.im, vectorised, &im);
        *change = worst(re, im);
        return out;
    } else if constexpr (isComplex(F)) {
        const bool imaginary = v.im != 0; // NaN counts: it is not zero
        if constexpr (To == Num::Bool) {
            if (imaginary) {
                *change = CastChange::Imaginary;
                return V<To>(1);
            }
        }
        CastChange re = CastChange::None;
        const V<To> out = realCast<partOf(F), To>(v.re, vectorised, &re);
        *change = worst(re, imaginary ? CastChange::Imaginary : CastChange::None);
        return out;
    } else if constexpr (isComplex(To)) {
        V<To> out;
        out.re = realCast<F, partOf(To)>(v, vectorised, change);
        out.im = 0;
        return out;
    } else {
        return realCast<F, To>(v, vectorised, change);
    }
}

template <Num F, Num To>
bool kernel(const uchar *src, uchar *dst, qint64 count, qint64 position, const CastContext &ctx, CastReport *report,
            qint64 *)
{
    constexpr qint64 fromSize = sizeOf(F);
    constexpr qint64 toSize = sizeOf(To);
    constexpr bool positional =
        To == Num::U32 && (F == Num::F32 || F == Num::F64 || F == Num::C64 || F == Num::C128);
    for (qint64 i = 0; i < count; ++i) {
        V<F> v = load<F>(src + i * fromSize);
        if constexpr (F == Num::Bool)
            v = v != 0; // NumPy reads a bool byte as true or false
        bool vectorised = false;
        if constexpr (positional)
            vectorised = ctx.vectorised(position + i, isComplex(F));
        CastChange change = CastChange::None;
        store<To>(dst + i * toSize, convertValue<F, To>(v, vectorised, &change));
        if constexpr (F == Num::I64) {
            if (ctx.fromTime && v == std::numeric_limits<qint64>::min())
                change = CastChange::NaN;
        }
        if (report && change != CastChange::None)
            report->note(change, position + i);
    }
    if (report)
        report->count += count;
    return true;
}

constexpr size_t kTypes = size_t(Num::Count);

template <size_t... I>
constexpr std::array<CastKernel, kTypes * kTypes> makeTable(std::index_sequence<I...>)
{
    return {{&kernel<Num(I / kTypes), Num(I % kTypes)>...}};
}

constexpr std::array<CastKernel, kTypes * kTypes> kKernels = makeTable(std::make_index_sequence<kTypes * kTypes>{});

} // namespace

CastKernel numericKernel(Num from, Num to)
{
    if (from == Num::Count || to == Num::Count)
        return nullptr;
    return kKernels[size_t(from) * kTypes + size_t(to)];
}

} // namespace npy::cast
