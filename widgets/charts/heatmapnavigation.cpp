// HeatmapView's navigation: the view transform (fit, 1:1, zoom, pan, visible area, aspect lock), mapping
// between canvas and slice positions, and the canvas's context menu (plots, profiles, fit, copy, export).
#include "heatmapview.h"

#include "heatmapcanvas.h"
#include "heatmapprofile.h"

#include <QMenu>

#include <algorithm>
#include <cmath>

namespace npyw {

ViewTransform &HeatmapView::transform()
{
    mTransform.setViewportSize(mCanvas->size());
    return mTransform;
}

const ViewTransform &HeatmapView::transform() const
{
    mTransform.setViewportSize(mCanvas->size());
    return mTransform;
}

void HeatmapView::viewChanged()
{
    mCanvas->update();
    updateAxes();
    emit visibleAreaChanged(visibleArea());
    scheduleRender();
}

void HeatmapView::canvasResized()
{
    ViewTransform &t = transform();
    if (t.isFitted() || !t.hasView()) {
        fitToView();
    } else {
        t.setView(t.origin(), t.scaleX(), t.scaleY());
        viewChanged();
    }
}

QWidget *HeatmapView::canvas() const
{
    return mCanvas;
}

QPointF HeatmapView::canvasToSlice(QPointF canvasPos) const
{
    return mTransform.canvasToSlice(canvasPos);
}

QPointF HeatmapView::sliceToCanvas(QPointF slicePos) const
{
    return mTransform.sliceToCanvas(slicePos);
}

bool HeatmapView::cellAt(QPointF canvasPos, qint64 *row, qint64 *col) const
{
    return mTransform.cellAt(canvasPos, row, col);
}

QString HeatmapView::countText(QPointF canvasPos) const
{
    if (mReduction != npy::Reduction::NonZero || mCounts.empty() || mCountArea.isEmpty())
        return QString();
    // The pixel of the shown picture under the cursor, wherever the view has moved since it was drawn.
    const QPointF s = mTransform.canvasToSlice(canvasPos);
    const int x = int(std::floor((s.x() - mCountArea.x()) / mCountArea.width() * mIndexSize.width()));
    const int y = int(std::floor((s.y() - mCountArea.y()) / mCountArea.height() * mIndexSize.height()));
    if (x < 0 || y < 0 || x >= mIndexSize.width() || y >= mIndexSize.height())
        return QString();
    const double n = mCounts[size_t(y) * size_t(mIndexSize.width()) + size_t(x)];
    if (std::isnan(n))
        return QString();
    return n == 1.0 ? tr("; 1 non-zero in this pixel") : tr("; %1 non-zeros in this pixel").arg(qint64(n));
}

QRectF HeatmapView::visibleArea() const
{
    return transform().visibleArea();
}

void HeatmapView::ensureVisible(qint64 row, qint64 col)
{
    if (transform().ensureVisible(row, col))
        viewChanged();
}

void HeatmapView::fitToView()
{
    transform().fit();
    viewChanged();
}

void HeatmapView::zoomOneToOne()
{
    transform().zoomOneToOne(mCanvas->devicePixelRatioF());
    viewChanged();
}

void HeatmapView::zoomAt(double factor, QPointF canvasPos)
{
    transform().zoomAt(factor, canvasPos);
    viewChanged();
}

void HeatmapView::setVisibleArea(const QRectF &area)
{
    if (transform().setVisibleArea(area))
        viewChanged();
}

void HeatmapView::setAspectLocked(bool locked)
{
    mAspectAuto = false;
    const bool changed = transform().setAspectLocked(locked);
    syncControls();
    if (changed)
        viewChanged();
}

void HeatmapView::contextMenu(QPointF pos)
{
    QMenu menu(mCanvas);
    qint64 row = 0, col = 0;
    if (cellAt(pos, &row, &col)) {
        menu.addAction(tr("Plot row %1").arg(row), this, [this, row] { emit plotRowRequested(row); });
        menu.addAction(tr("Plot column %1").arg(col), this, [this, col] { emit plotColumnRequested(col); });
        menu.addSeparator();
        // The profile tools, also where the toolbar's overflow hides the Profile button.
        const qint64 width = mProfile->width();
        menu.addAction(tr("Profile of Row %1").arg(row), this, [this, row, width] {
            mProfile->setGeometry(npy::ProfileGeometry{npy::ProfileKind::Row, double(row), 0, 0, 0, width});
        });
        menu.addAction(tr("Profile of Column %1").arg(col), this, [this, col, width] {
            mProfile->setGeometry(npy::ProfileGeometry{npy::ProfileKind::Column, 0, double(col), 0, 0, width});
        });
        menu.addAction(tr("Free Line Profile"), this, [this] { mProfile->setTool(ProfileTool::Line); });
    }
    if (mProfile->tool() != ProfileTool::None) {
        menu.addAction(tr("Profile Off"), this, [this] { mProfile->setTool(ProfileTool::None); });
        menu.addAction(tr("Copy Profile as NumPy Code"), mProfile, &HeatmapProfile::copyNumpyCode)
            ->setEnabled(mProfile->profile() != nullptr);
        menu.addAction(tr("Export Profile as CSV…"), mProfile, &HeatmapProfile::exportCsv)
            ->setEnabled(mProfile->profile() != nullptr);
    }
    if (!menu.isEmpty())
        menu.addSeparator();
    menu.addAction(tr("Fit"), this, &HeatmapView::fitToView);
    menu.addAction(tr("Zoom 1:1"), this, &HeatmapView::zoomOneToOne);
    menu.addSeparator();
    menu.addAction(tr("Copy image"), this, &HeatmapView::copyImageToClipboard);
    menu.addAction(tr("Export PNG…"), this, &HeatmapView::exportPng);
    menu.exec(mCanvas->mapToGlobal(pos.toPoint()));
}

} // namespace npyw
