#pragma once

#include "elements.h"
#include "envelope.h"
#include "result.h"
#include "slicespec.h"

#include <QString>

namespace npyw {

/**
 * One series of a plot, ready for a worker: where its samples lie (npy::SeriesMemory) and the slice that holds
 * its array's bytes alive while they are read, with the name the plot gives it.
 */
struct PlotSeries
{
    npy::SliceAccess access;
    npy::SeriesMemory memory;
    QString name;

    /**
     * Row (\a row) or column \a index of \a spec's slice of \a array as a series (a 1-D array: column 0), complex
     * values read as \a part. Fails with a message for dtypes without numbers and lines outside the slice.
     */
    [[nodiscard]] static npy::Result<PlotSeries> line(const npy::NpyArray &array, const npy::SliceSpec &spec,
                                                      bool row, qint64 index, npy::ComplexPart part,
                                                      const QString &name);
    /** Samples \a memory of \a access (a line the caller found), named \a name. */
    [[nodiscard]] static PlotSeries of(const npy::SliceAccess &access, const npy::SeriesMemory &memory,
                                       const QString &name);
    [[nodiscard]] qint64 count() const { return memory.count; }
    /** True when \a other reads the same bytes as the same type (an unchanged series). */
    [[nodiscard]] bool sameSamples(const PlotSeries &other) const;
};

} // namespace npyw
