#pragma once

// The order that sorts a 1-D series, as a permutation of its indexes: what a table sorted by a column shows
// (the data never moves).

#include "npyarray.h"
#include "result.h"

#include <QString>

#include <atomic>
#include <vector>

namespace npy {

/** The most elements sortPermutation() sorts (16 bytes of working memory each). */
constexpr qint64 kMaxSortElements = qint64(1) << 27;

/**
 * The indexes of the 1-D \a array's elements in sorted order: ascending as `np.argsort(a, kind='stable')`
 * orders them, or descending with \a descending; equal elements keep their index order either way, and
 * NaN (NaT for datetimes and timedeltas; a complex with a NaN part) comes last either way, in index order.
 * Booleans, integers (compared exactly, any width and byte order), floats (float16 to long double, the last
 * as a double), complex (by real part, then imaginary, as NumPy), datetimes and timedeltas, bytes (`S`, as
 * NumPy compares them) and strings (`U`, by code point) sort; other kinds (records, objects, void) fail with a
 * message naming \a where. Fails when the array has more than kMaxSortElements elements, or returns an empty
 * vector when \a cancel was raised (checked between passes). Safe to call from any thread.
 */
[[nodiscard]] Result<std::vector<qint64>> sortPermutation(const NpyArray &array, bool descending,
                                                          const QString &where,
                                                          const std::atomic_bool *cancel = nullptr);

} // namespace npy
