#pragma once

// Inserting and deleting index ranges along an axis, as np.insert and np.delete do them.

#include "npyarray.h"
#include "result.h"

#include <QByteArray>

namespace npy {

/**
 * `np.insert(a, [at] * count, fill, axis=axis)`: \a count new slices along \a axis (negative counts
 * from the end) before index \a at (0 to the axis length), each element \a fill: one element's bytes
 * in the array's dtype and byte order, or empty for zeros. The result is a new array in memory in
 * the source's memory order (NumPy keeps a Fortran-ordered array Fortran-ordered); the source is
 * read, never changed. Fails for 0-d arrays, axes or indexes out of range, a fill of the wrong size,
 * and when memory runs out.
 */
[[nodiscard]] Result<NpyArray> insertAlongAxis(const NpyArray &array, qint64 axis, qint64 at, qint64 count,
                                               const QByteArray &fill = QByteArray());

/**
 * `np.delete(a, slice(from, from + count), axis=axis)`: the result without those \a count slices,
 * in the source's memory order. Fails for 0-d arrays and ranges outside the axis.
 */
[[nodiscard]] Result<NpyArray> deleteAlongAxis(const NpyArray &array, qint64 axis, qint64 from, qint64 count);

} // namespace npy
