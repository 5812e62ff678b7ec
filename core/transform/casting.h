#pragma once

// NumPy's casting levels (np.can_cast, the casting= argument of astype) for every dtype the engine reads
// except structs, void and object: bool, integers, floats (half to long double), complex, bytes (S),
// str (U), datetime64 and timedelta64 in every unit, in either byte order.

#include "dtype.h"
#include "result.h"

#include <QString>

namespace npy {

/** How much a cast may change, from strictest to loosest, as NumPy names them. */
enum class Casting {
    No,       ///< the same dtype, byte order included
    Equiv,    ///< the same dtype in either byte order
    Safe,     ///< every value is kept (int8 to int16, float32 to float64, S3 to S5)
    SameKind, ///< within a kind or to a wider kind (float64 to float32, int64 to int8, S5 to S3)
    Unsafe,   ///< anything (float to int, complex to real, U to S)
};

/** The NumPy name of \a casting: "no", "equiv", "safe", "same_kind", "unsafe". */
[[nodiscard]] QString castingName(Casting casting);

/** Parses a NumPy casting name (see castingName()); false when \a text is none of them. */
[[nodiscard]] bool parseCasting(const QString &text, Casting *out);

/**
 * True when NumPy 1.24's `np.can_cast(from, to, casting)` is true. Defined for bool, the integers,
 * the floats, complex, S, U, datetime64 and timedelta64 (every unit, generic included, and unit
 * multipliers such as `m8[10ms]`); pairs with a struct, void or object type give false. An S or U
 * of itemsize 0 is NumPy's unsized type, to which everything can be cast.
 */
[[nodiscard]] bool canCast(const DType &from, const DType &to, Casting casting);

/** The strictest level at which canCast() holds; false (and \a out untouched) when none does. */
[[nodiscard]] bool strictestCasting(const DType &from, const DType &to, Casting *out);

/**
 * The dtype `a.astype(to)` gives for an array of \a from: \a to itself, but \a from when \a to is
 * an unsized S or U or a generic datetime64/timedelta64 of from's kind; an unsized S or U of another
 * kind gets the size NumPy chooses (the longest text of a number: S21 for int64, S32 for float64) in
 * native order, and a generic datetime64/timedelta64 from's unit.
 */
[[nodiscard]] DType astypeResult(const DType &from, const DType &to);

/**
 * Parses a dtype as a user types it for astype: a type string NumPy accepts (`f4`, `<f8`, `>i2`,
 * `S10`, `U`, `M8[ms]`) or a name (`float32`, `int8`, `uint16`, `bool`, `complex128`, `float16`,
 * `longdouble`, `datetime64[s]`, `timedelta64`, `bytes`, `str`). Structs, void and object are refused.
 */
[[nodiscard]] Result<DType> parseCastTarget(const QString &text);

} // namespace npy
