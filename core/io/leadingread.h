#pragma once

// The leading box of an array member: the largest block of elements at the start of its data (in memory order)
// that fits a byte budget, read without reading or inflating the rest. Bounded previews (thumbnails) use it.

#include "npyarray.h"
#include "npyheader.h"
#include "result.h"
#include "source.h"

#include <QList>

namespace npy {

/**
 * The shape of the leading box of an array of \a header within \a maxBytes: the elements that come first in its
 * memory order and form a box, so that they are one run of bytes at the start of the data. Axes are taken from
 * the outermost in memory (axis 0 in C order, the last axis in Fortran order): the first \a fixedAxes of them get
 * length 1 (the first frame of a stack), then each axis is kept whole when everything inside it fits, else cut to
 * as many steps as fit (at least 1, the next axis then being cut in turn). Every axis inside the cut one is whole.
 * An empty array gives its own shape; an element larger than \a maxBytes gives an empty list (nothing fits).
 */
[[nodiscard]] QList<qint64> leadingBox(const NpyHeader &header, int fixedAxes, qint64 maxBytes);

/**
 * Reads the leading \a box (from leadingBox() for the member's header) of array member \a index of \a source into
 * an array of its own: the box's bytes only, through Source::readDataRange() (a `.npy` or STORED member reads just
 * those bytes; a compressed member is decoded from its start up to the box's end and no further, so the rest of a
 * huge member is never inflated; its CRC-32 is not checked unless the box is the whole member). The array has the
 * member's dtype and memory order and the box's shape. Fails with a located message when the member cannot be
 * read, the box is not a leading box of it, or the data ends early.
 */
[[nodiscard]] Result<NpyArray> loadLeadingBox(const Source &source, int index, const QList<qint64> &box,
                                              const Progress &progress = {});

/**
 * Reads rows \a rows (ascending, each in range) of the first frame of C-ordered array member \a index of \a source:
 * the axes before \a rowAxis at index 0, axis \a rowAxis at each of \a rows, every axis after it whole. The array has
 * the member's dtype, length 1 on the axes before \a rowAxis and rows.size() on it. Each row's bytes are read alone
 * through Source::readDataRange(): a seek for a `.npy` or STORED member (a sample of rows spread over a huge
 * picture costs only those rows), a decode from the start for a compressed one (use loadLeadingBox() there). Fails
 * with a located message for a Fortran-ordered member, a row out of range, more bytes than \a maxBytes, or a read
 * that fails.
 */
[[nodiscard]] Result<NpyArray> loadRows(const Source &source, int index, int rowAxis, const QList<qint64> &rows,
                                        qint64 maxBytes);

} // namespace npy
