#pragma once

#include "npyarray.h"
#include "result.h"
#include "source.h"

#include <QList>
#include <QString>

namespace npy {

/** One axis of a NumPy basic index: an integer (the axis is dropped) or start:stop:step. */
struct AxisSelection
{
    bool isIndex = false;
    qint64 index = 0;
    /** Already resolved against the axis length (as Python's slice.indices()): start, stop, step != 0. */
    qint64 start = 0;
    qint64 stop = 0;
    qint64 step = 1;
    /** Elements selected along the axis. */
    [[nodiscard]] qint64 count() const;
};

/**
 * Parses a NumPy basic index for an array of \a shape: comma-separated entries, one per axis (fewer
 * mean `:` for the rest), each an integer (negative counts from the end) or `[start]:[stop][:step]`
 * with Python's rules (negative values from the end, clamped; a negative step walks backwards; step
 * 0 refused). Returns false with \a why on error.
 */
bool parseBasicIndex(const QString &text, const QList<qint64> &shape, QList<AxisSelection> *axes, QString *why);

/**
 * The elements \a axes select from member \a index of \a source, as a new C-order array of the
 * result's shape (NumPy's a[...] with basic indexing): the member is streamed once through a
 * bounded buffer (mapped or inflating), rows that hold no selected element are skipped, and only
 * the selected elements are kept. Fails when the selection itself exceeds \a maxBytes.
 */
[[nodiscard]] Result<NpyArray> selectElements(const Source &source, int index, const QList<AxisSelection> &axes,
                                              qint64 maxBytes = qint64(1) << 30, const Progress &progress = {});

} // namespace npy
