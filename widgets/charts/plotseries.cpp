#include "plotseries.h"

#include <QCoreApplication>

namespace npyw {

npy::Result<PlotSeries> PlotSeries::line(const npy::NpyArray &array, const npy::SliceSpec &spec, bool row,
                                         qint64 index, npy::ComplexPart part, const QString &name)
{
    using R = npy::Result<PlotSeries>;
    auto access = npy::SliceAccess::create(array, spec, part);
    if (!access)
        return R::failure(access.error());
    const npy::SliceAccess &a = access.value();
    const qint64 lines = row ? a.rows() : a.cols();
    if (index < 0 || index >= lines)
        return R::failure(QCoreApplication::translate("npyw::PlotSeries", "no %1 %2 in this slice")
                              .arg(row ? QCoreApplication::translate("npyw::PlotSeries", "row")
                                       : QCoreApplication::translate("npyw::PlotSeries", "column"))
                              .arg(index));
    npy::SeriesMemory m;
    m.count = row ? a.cols() : a.rows();
    m.first = m.count > 0 ? (row ? a.element(index, 0) : a.element(0, index)) : nullptr;
    m.stride = row ? a.colStride() : a.rowStride();
    m.type = a.type();
    m.part = part;
    m.releasable = a.isReadOnlyMap();
    return of(a, m, name);
}

PlotSeries PlotSeries::of(const npy::SliceAccess &access, const npy::SeriesMemory &memory, const QString &name)
{
    PlotSeries s;
    s.access = access;
    s.memory = memory;
    s.name = name;
    return s;
}

bool PlotSeries::sameSamples(const PlotSeries &o) const
{
    return memory.first == o.memory.first && memory.stride == o.memory.stride && memory.count == o.memory.count
           && memory.part == o.memory.part && memory.type == o.memory.type;
}

} // namespace npyw
