#pragma once

// The engine's one element loader: the bytes of one element as a C value, in either byte order and at
// any alignment. Everything that reads elements (elements.h, valuetext.h) loads them through here.

#include <QtGlobal>

#include <cstring>
#include <utility>

namespace npy::elements {

template <int Size> struct UIntOf;
template <> struct UIntOf<1> { using type = quint8; };
template <> struct UIntOf<2> { using type = quint16; };
template <> struct UIntOf<4> { using type = quint32; };
template <> struct UIntOf<8> { using type = quint64; };

inline quint8 byteSwap(quint8 v) { return v; }
inline quint16 byteSwap(quint16 v) { return __builtin_bswap16(v); }
inline quint32 byteSwap(quint32 v) { return __builtin_bswap32(v); }
inline quint64 byteSwap(quint64 v) { return __builtin_bswap64(v); }

/** The value of type \a T at \a p (any alignment), byte-swapped when \a Swap. T is 1, 2, 4 or 8 bytes. */
template <typename T, bool Swap>
inline T load(const uchar *p)
{
    T v;
    if constexpr (Swap && sizeof(T) > 1) {
        typename UIntOf<sizeof(T)>::type u;
        std::memcpy(&u, p, sizeof u);
        u = byteSwap(u);
        std::memcpy(&v, &u, sizeof v);
    } else {
        std::memcpy(&v, p, sizeof v);
    }
    return v;
}

/** load() with the byte order chosen at run time (any size: wider types reverse their bytes). */
template <typename T>
inline T load(const uchar *p, bool swap)
{
    if constexpr (sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8) {
        return swap ? load<T, true>(p) : load<T, false>(p);
    } else {
        uchar b[sizeof(T)];
        std::memcpy(b, p, sizeof(T));
        if (swap)
            for (size_t i = 0; i < sizeof(T) / 2; ++i)
                std::swap(b[i], b[sizeof(T) - 1 - i]);
        T v;
        std::memcpy(&v, b, sizeof(T));
        return v;
    }
}

} // namespace npy::elements
