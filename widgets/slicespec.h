#pragma once

#include "npyheader.h"

#include <QList>

namespace npyw {

/**
 * Which 2-D view of an N-d array a table shows: the axis along the rows, the axis along the
 * columns, the index on every other axis, and for structured dtypes which leaf field.
 *
 * rowAxis -1 means one row (0-d arrays). colAxis -1 means one column (1-D), or, for a structured
 * dtype shown with field -1, one column per leaf field. index has one entry per axis; the
 * entries of rowAxis and colAxis are ignored.
 */
struct SliceSpec
{
    int rowAxis = -1;
    int colAxis = -1;
    QList<qint64> index;
    int field = -1;

    /** The default view of an array: 1-D as a column, N-d as its last two axes, structs by field. */
    static SliceSpec defaultFor(const npy::NpyHeader &header);
    /** True when the spec fits \a header (axes in range and distinct, indexes in range). */
    [[nodiscard]] bool isValidFor(const npy::NpyHeader &header) const;

    bool operator==(const SliceSpec &o) const
    {
        return rowAxis == o.rowAxis && colAxis == o.colAxis && index == o.index && field == o.field;
    }
    bool operator!=(const SliceSpec &o) const { return !(*this == o); }
};

} // namespace npyw
