// ArrayViews' coordinates: which member labels each axis of the slice shown, given to the heatmap (ticks, hover,
// Axes menu), the table's headers and the plot's x.
#include "arrayviews.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "document.h"
#include "documentcoordinates.h"
#include "heatmapview.h"
#include "plotview.h"


namespace npyw {

AxisLabels ArrayViews::coordinateLabels(int memberId, int axis, int *id)
{
    *id = -1;
    const Member *self = mDocument ? mDocument->memberById(memberId) : nullptr;
    const int c = self && axis >= 0 ? mCoords->coordinate(memberId, axis) : -1;
    const Member *m = c >= 0 ? mDocument->memberById(c) : nullptr;
    if (!m || !m->isArray())
        return AxisLabels();
    if (!m->loaded || m->array.isNull()) {
        // Read on a worker; the views take the values once they are in (memberLoaded).
        mPendingCoords.insert(c);
        mDocument->loadMember(c);
        return AxisLabels();
    }
    // Views read the values (the plot's worker too): an immutable copy, whatever edits come.
    const npy::NpyArray values = m->array.snapshot();
    if (values.ndim() != 1 || values.size() != self->header().shape.value(axis))
        return AxisLabels();
    *id = c;
    return AxisLabels(values, m->key);
}

void ArrayViews::applyCoordinates(bool force)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    ArrayTableModel *model = mPane->model();
    if (!m || !m->loaded || (!mPlotOnly && mSpec.colAxis < 0) || mSpec.rowAxis < 0) {
        mRowCoord = mColCoord = mPlotXCoord = -1;
        mHeatmap->setAxisLabels(AxisLabels(), AxisLabels());
        mHeatmap->setAxisChoices({}, -1, {}, -1);
        return;
    }
    if (mPlotOnly) {
        // A 1-D member: its axis's coordinate is the plot's x (record arrays keep their own x field).
        mRowCoord = mColCoord = -1;
        if (m->header().dtype.kind == npy::Kind::Struct)
            return;
        int id = -1;
        const AxisLabels x = coordinateLabels(m->id, 0, &id);
        if (model->memberId() == m->id)
            model->setAxisLabels(0, x);
        syncPlotX(id, x, force);
        return;
    }
    int rowId = -1, colId = -1;
    const AxisLabels rows = coordinateLabels(m->id, mSpec.rowAxis, &rowId);
    const AxisLabels cols = coordinateLabels(m->id, mSpec.colAxis, &colId);
    mRowCoord = rowId;
    mColCoord = colId;
    mHeatmap->setOriginAtBottom(mOriginBottom.value(m->id, false));
    mHeatmap->setAxisLabels(rows, cols);
    // The menu lists every candidate; the one in force is checked (even before its values are in).
    auto names = [this](const QList<int> &ids) {
        QStringList out;
        for (int id : ids) {
            const Member *c = mDocument->memberById(id);
            out << (c ? c->key : QString());
        }
        return out;
    };
    mRowCandidates = mCoords->candidates(m->id, mSpec.rowAxis);
    mColCandidates = mCoords->candidates(m->id, mSpec.colAxis);
    mHeatmap->setAxisChoices(names(mRowCandidates), int(mRowCandidates.indexOf(mCoords->coordinate(m->id, mSpec.rowAxis))),
                             names(mColCandidates), int(mColCandidates.indexOf(mCoords->coordinate(m->id, mSpec.colAxis))));
    if (model->memberId() == m->id) {
        model->setAxisLabels(mSpec.rowAxis, rows);
        model->setAxisLabels(mSpec.colAxis, cols);
    }
    if (mLineKind >= 0)
        syncPlotX(mLineKind == 0 ? colId : rowId, mLineKind == 0 ? cols : rows, force);
}

void ArrayViews::syncPlotX(int id, const AxisLabels &x, bool force)
{
    if (id == mPlotXCoord && !force)
        return;
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m)
        return;
    if (mPlotXCoord >= 0 || force) {
        // The series again, without the x it had.
        const npy::NpyArray array = m->array.snapshot();
        if (mPlotOnly)
            mPlot->setSeries(array, mPlotted, PlotView::Line::Column, 0);
        else if (mLineKind >= 0)
            mPlot->setSeries(array, mSpec, mLineKind == 0 ? PlotView::Line::Row : PlotView::Line::Column, mLineIndex);
    }
    mPlotXCoord = id;
    if (id >= 0)
        mPlot->setXValues(x.values(), x.name());
    applyPlotX();
}

void ArrayViews::chooseCoordinate(bool rows, int candidate)
{
    const QList<int> &ids = rows ? mRowCandidates : mColCandidates;
    const int axis = rows ? mSpec.rowAxis : mSpec.colAxis;
    if (mMemberId < 0 || axis < 0)
        return;
    mCoords->setCoordinate(mMemberId, axis, candidate >= 0 ? ids.value(candidate, -1) : -1);
}

} // namespace npyw
