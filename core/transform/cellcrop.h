#pragma once

// The cells selected in a table of a 2-D slice as a new array: a rectangle as its crop, any other selection as
// its cells in row-major order.

#include "npyarray.h"
#include "result.h"
#include "slicespec.h"
#include "source.h"

#include <QList>

namespace npy {

/**
 * The cells \a ranges select (rectangles of slice cells, which may overlap) of slice \a spec of \a array, as a new
 * C-order array of the cells' dtype (the array's, or the field's the slice shows), in memory:
 *
 * - when they make one rectangle: its crop, `a[r0:r1, c0:c1]` of the slice, shaped (rows, columns) (a slice of one
 *   column of a 1-D array gives (rows,), a 0-d array ());
 * - otherwise every selected cell once, in row-major order, as 1-D.
 *
 * A record array shown with a column per field gives whole records for a rectangle over all its columns, and
 * refuses other selections. Fails when nothing is selected, a range lies outside the slice, the result would take
 * more than \a maxBytes, memory runs out or \a progress cancels.
 */
[[nodiscard]] Result<NpyArray> cropCells(const NpyArray &array, const SliceSpec &spec, const QList<CellRange> &ranges,
                                         qint64 maxBytes, const Progress &progress = {});

} // namespace npy
