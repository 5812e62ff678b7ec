#pragma once

#include "npyarray.h"

namespace npy {

/** How the elements of an array run, in logical C order. */
enum class Monotonicity {
    None,       ///< not strictly monotonic, or not orderable (see strictMonotonicity())
    Increasing, ///< each element greater than the one before (one element counts as increasing)
    Decreasing  ///< each element less than the one before
};

/**
 * True for the element types whose values are ordered numbers: signed and unsigned integers, floats (half to long
 * double), datetimes and timedeltas. Bools, complex numbers, strings, records and objects are not.
 */
[[nodiscard]] bool isOrderedNumberType(const DType &type);

/**
 * Whether the elements of \a array, in logical C order, are strictly increasing or strictly decreasing, as
 * `np.all(np.diff(a) > 0)` (or `< 0`) says for a 1-D array: integers and datetimes compared exactly (as 64-bit
 * integers, unsigned ones as unsigned), floats as doubles. A NaN or a NaT anywhere makes it None, as do an empty
 * array, a type that isOrderedNumberType() refuses, and two equal neighbours. Reads each element once, in order,
 * stopping at the first pair out of order.
 */
[[nodiscard]] Monotonicity strictMonotonicity(const NpyArray &array);

} // namespace npy
