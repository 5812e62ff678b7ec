#pragma once

// Inserting and deleting index ranges along an axis, as np.insert and np.delete do them.

#include "npyarray.h"
#include "result.h"
#include "source.h"
#include "transformoptions.h"

#include <QByteArray>

namespace npy {

/**
 * `np.insert(a, [at] * count, fill, axis=axis)`: \a count new slices along \a axis (negative counts
 * from the end) before index \a at (0 to the axis length), each element \a fill: one element's bytes
 * in the array's dtype and byte order, or empty for zeros. The result is a new array in the source's
 * memory order (NumPy keeps a Fortran-ordered array Fortran-ordered); the source is read once, in
 * order, never changed. The result is held in memory up to \a options' memoryBudget, else written
 * into a temporary file in its tempDir and mapped read-only (SpillStore). \a progress hears of every
 * 16 MiB written and stops the work when cancelled. Fails for 0-d arrays, axes or indexes out of
 * range, a fill of the wrong size, when memory runs out, the temporary file cannot be written (a full
 * disk), or the work is cancelled.
 */
[[nodiscard]] Result<NpyArray> insertAlongAxis(const NpyArray &array, qint64 axis, qint64 at, qint64 count,
                                               const QByteArray &fill = QByteArray(), const Progress &progress = {},
                                               const TransformOptions &options = {});

/**
 * `np.delete(a, slice(from, from + count), axis=axis)`: the result without those \a count slices,
 * in the source's memory order, held and reported as insertAlongAxis() holds and reports its result.
 * Fails for 0-d arrays, ranges outside the axis, and as insertAlongAxis() fails.
 */
[[nodiscard]] Result<NpyArray> deleteAlongAxis(const NpyArray &array, qint64 axis, qint64 from, qint64 count,
                                               const Progress &progress = {}, const TransformOptions &options = {});

} // namespace npy
