#pragma once

#include "npyarray.h"
#include "npyheader.h"
#include "result.h"

#include <QList>
#include <QString>

namespace npy {

/**
 * Which 2-D view of an N-d array is looked at: the axis along the rows, the axis along the
 * columns, the index on every other axis, and for structured dtypes which leaf field.
 *
 * rowAxis -1 means one row (0-d arrays). colAxis -1 means one column (1-D), or, for a structured
 * dtype shown with field -1, one column per leaf field. index has one entry per axis; the
 * entries of rowAxis and colAxis are ignored. Every view (table, heatmap, plot, CSV export,
 * `npy-tool render --slice`) describes its slice with this one type.
 */
struct SliceSpec
{
    int rowAxis = -1;
    int colAxis = -1;
    QList<qint64> index;
    int field = -1;

    /**
     * The default view of an array: 1-D as a column, N-d as its last two axes (a colour picture's rows and
     * columns, see pictureLayout()), structs by field.
     */
    static SliceSpec defaultFor(const NpyHeader &header);
    /** True when the spec fits \a header (axes in range and distinct, indexes in range). */
    [[nodiscard]] bool isValidFor(const NpyHeader &header) const;

    bool operator==(const SliceSpec &o) const
    {
        return rowAxis == o.rowAxis && colAxis == o.colAxis && index == o.index && field == o.field;
    }
    bool operator!=(const SliceSpec &o) const { return !(*this == o); }
};

/** A rectangle of cells of a slice (64-bit; rows/cols are counts). */
struct CellRange
{
    qint64 row = 0;
    qint64 col = 0;
    qint64 rows = 1;
    qint64 cols = 1;
    bool operator==(const CellRange &o) const { return row == o.row && col == o.col && rows == o.rows && cols == o.cols; }
};

/**
 * Where the cells of a slice are in the array's bytes: the geometry every view (table, heatmap,
 * plot, export) uses instead of computing its own. Cell (row, col) is at byte
 * offset(row, col) of the array's data: base + row * rowStride + col * colStride + the column's
 * leaf offset. When fieldColumns is true the columns are the leaf fields of one record (colStride
 * is 0 and each column has its own leaf); otherwise every column shows columns.first().
 */
struct SliceLayout
{
    /** The leaf fields shown: every field (fieldColumns), the chosen one, or the dtype itself. */
    QList<LeafColumn> columns;
    bool fieldColumns = false;
    qint64 rows = 0;
    qint64 cols = 0;
    qint64 base = 0;
    qint64 rowStride = 0;
    qint64 colStride = 0;

    /** The layout of \a spec on \a array; \a spec must be valid for it (isValidFor). Empty arrays have 0 rows. */
    [[nodiscard]] static SliceLayout create(const NpyArray &array, const SliceSpec &spec);
    /** The leaf shown in column \a col. */
    [[nodiscard]] const LeafColumn &leaf(qint64 col) const { return columns.at(fieldColumns ? col : 0); }
    /** Byte offset of cell (\a row, \a col) in the array's data (its leaf applied). In range only. */
    [[nodiscard]] qint64 offset(qint64 row, qint64 col) const
    {
        return base + row * rowStride + (fieldColumns ? 0 : col * colStride) + leaf(col).offset;
    }
};

/** The N-d index of flat C-order index \a flat in \a shape. */
[[nodiscard]] QList<qint64> unravelIndex(qint64 flat, const QList<qint64> &shape);
/** The flat C-order index of N-d \a index in \a shape. */
[[nodiscard]] qint64 ravelIndex(const QList<qint64> &index, const QList<qint64> &shape);

/** Result of parseSliceText(): what was wrong, and whether it was the text itself (a usage error). */
struct SliceTextError
{
    QString why;
    bool syntax = false;
};

/**
 * Parses a NumPy-style slice text for an array of \a shape into \a spec's axes and indexes
 * (field untouched): one comma-separated entry per axis, each an integer index (negative counts
 * from the end) or `:`. The first `:` axis runs down the rows, the second across the columns;
 * a single `:` gives one column. Returns false with \a error filled when the text is malformed
 * (syntax true) or does not fit the shape (syntax false).
 */
bool parseSliceText(const QString &text, const QList<qint64> &shape, SliceSpec *spec, SliceTextError *error);

/** The whole slice \a spec of \a array as a block: rows x columns (one column per record when fields are shown). */
[[nodiscard]] CellRange wholeSlice(const NpyArray &array, const SliceSpec &spec);

/**
 * Copies a block of cells of a 2-D slice into a new, owned array (C order) that writeCsv can
 * write: rows x columns for a 2-D slice, one column for a 1-D slice, one value for a 0-d array.
 * For a record array shown with every field as a column (field -1), the block holds the whole
 * records of its rows (the column range is ignored) and the CSV gets a header line of field
 * names. \a block is clamped to the slice; an empty block fails, as does one over 2 GiB.
 */
[[nodiscard]] Result<NpyArray> sliceBlock(const NpyArray &array, const SliceSpec &spec, const CellRange &block);

} // namespace npy
