#pragma once

#include "heatmapview.h"
#include "npyarray.h"
#include "result.h"
#include "slicespec.h"

namespace npyw {

/**
 * Copies a block of cells of a 2-D slice into a new, owned array (C order) that core's CSV
 * writer (npy::writeCsv) can write: rows x columns for a 2-D slice, one column for a 1-D slice,
 * one value for a 0-d array. For a record array shown with every field as a column (field -1),
 * the block holds the whole records of its rows (the column range is ignored) and the CSV gets
 * a header line of field names. \a block is clamped to the slice; an empty block fails.
 */
[[nodiscard]] npy::Result<npy::NpyArray> sliceBlock(const npy::NpyArray &array, const SliceSpec &spec,
                                                    const CellRange &block);

/** The whole slice \a spec of \a array as a block (see sliceBlock()). */
[[nodiscard]] CellRange wholeSlice(const npy::NpyArray &array, const SliceSpec &spec);

/** Writes sliceBlock() of \a array to \a path as CSV (npy::exportCsv: atomic, exact values). */
[[nodiscard]] npy::Status exportSliceCsv(const npy::NpyArray &array, const SliceSpec &spec, const CellRange &block,
                                         const QString &path);

} // namespace npyw
