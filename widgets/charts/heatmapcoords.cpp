// HeatmapView's axes: ticks by index or by a coordinate's values, the coordinates in the hover text, the Axes
// menu (which member labels the rows and the columns) and the origin at the bottom.
#include "heatmapview.h"

#include "heatmapaxis.h"
#include "heatmapcanvas.h"
#include "heatmapprofile.h"
#include "heatmaptoolbar.h"

#include <QActionGroup>
#include <QMenu>

#include <algorithm>

namespace npyw {

void HeatmapView::setAxisLabels(const AxisLabels &rows, const AxisLabels &columns)
{
    mRowLabels = rows;
    mColLabels = columns;
    mProfile->setAxisLabels(rows, columns);
    updateAxes();
    if (!mHover.isEmpty())
        hoverAt(mHoverPos); // the hovered cell now has other coordinates
}

void HeatmapView::setAxisChoices(const QStringList &rows, int rowCurrent, const QStringList &columns, int columnCurrent)
{
    mRowChoices = rows;
    mColChoices = columns;
    mRowChoice = rowCurrent;
    mColChoice = columnCurrent;
}

void HeatmapView::setOriginAtBottom(bool bottom)
{
    if (bottom == isOriginAtBottom())
        return;
    transform().setOriginAtBottom(bottom);
    viewChanged();
}

QMenu *HeatmapView::axesMenu()
{
    fillAxesMenu();
    return mToolBar->axesMenu();
}

void HeatmapView::fillAxesMenu()
{
    // Filled afresh when asked for (never while one of its actions runs: it deletes them).
    QMenu *menu = mToolBar->axesMenu();
    qDeleteAll(menu->findChildren<QActionGroup *>(Qt::FindDirectChildrenOnly));
    menu->clear();
    const bool slice = !mArray.isNull() && mSpec.rowAxis >= 0 && mSpec.colAxis >= 0;
    auto section = [this, menu, slice](bool rows) {
        const int axis = rows ? mSpec.rowAxis : mSpec.colAxis;
        const QStringList &names = rows ? mRowChoices : mColChoices;
        const int current = rows ? mRowChoice : mColChoice;
        menu->addSection(slice ? (rows ? tr("Rows (axis %1)") : tr("Columns (axis %1)")).arg(axis)
                               : (rows ? tr("Rows") : tr("Columns")));
        auto *group = new QActionGroup(menu);
        QAction *index = menu->addAction(tr("Index"), this, [this, rows]() { emit coordinateChosen(rows, -1); });
        index->setCheckable(true);
        index->setChecked(current < 0);
        index->setEnabled(slice);
        group->addAction(index);
        for (qsizetype i = 0; i < names.size(); ++i) {
            const int candidate = int(i);
            QAction *a = menu->addAction(names[i], this, [this, rows, candidate]() { emit coordinateChosen(rows, candidate); });
            a->setCheckable(true);
            a->setChecked(candidate == current);
            group->addAction(a);
        }
    };
    section(true);
    section(false);
    menu->addSeparator();
    QAction *bottom = menu->addAction(tr("Origin at &Bottom"), this, [this](bool on) {
        setOriginAtBottom(on);
        emit originAtBottomChanged(on);
    });
    bottom->setCheckable(true);
    bottom->setChecked(isOriginAtBottom());
    bottom->setToolTip(tr("Draw row 0 at the bottom, as a map whose rows run south to north"));
}

void HeatmapView::updateAxes()
{
    const qint64 rows = mAccess.rows(), cols = mAccess.cols();
    const bool drawn = !mArray.isNull() && mError.isEmpty() && rows > 0 && cols > 0 && mSpec.rowAxis >= 0;
    mRowTicks.clear();
    mColTicks.clear();
    QList<HeatmapAxis::Mark> rowMarks, colMarks;
    if (drawn) {
        const ViewTransform &t = transform();
        const QRectF area = t.visibleArea();
        const QFontMetrics fm = fontMetrics();
        // About one tick per three lines down, one per label width (and a gap) across.
        const int rowCount = std::max(2, mCanvas->height() / (fm.height() * 3));
        QString sample = mColLabels.isCoordinate() ? mColLabels.text(0) : QString::number(cols);
        if (mColLabels.isCoordinate() && mColLabels.values().dtype().kind != npy::Kind::DateTime)
            sample = QStringLiteral("−000.00");
        const int colCount = std::max(2, mCanvas->width() / (fm.horizontalAdvance(sample) + 28));
        mRowTicks = mRowLabels.ticks(area.top(), area.bottom(), rows, rowCount);
        mColTicks = mColLabels.ticks(area.left(), area.right(), cols, colCount);
        for (const SliceTick &tick : std::as_const(mRowTicks))
            rowMarks << HeatmapAxis::Mark{t.sliceToCanvas(QPointF(0, tick.position)).y(), tick.label};
        for (const SliceTick &tick : std::as_const(mColTicks))
            colMarks << HeatmapAxis::Mark{t.sliceToCanvas(QPointF(tick.position, 0)).x(), tick.label};
        // Listed down the screen and across: with the origin at the bottom, the rows' ticks run up.
        std::sort(rowMarks.begin(), rowMarks.end(),
                  [](const HeatmapAxis::Mark &a, const HeatmapAxis::Mark &b) { return a.pixel < b.pixel; });
    }
    mRowAxis->setMarks(rowMarks, drawn ? mRowLabels.name() : QString());
    mColAxis->setMarks(colMarks, drawn ? mColLabels.name() : QString());
}

QString HeatmapView::coordinateText(qint64 row, qint64 col) const
{
    QStringList parts;
    if (mRowLabels.isCoordinate())
        parts << QStringLiteral("%1 %2").arg(mRowLabels.name(), mRowLabels.text(row));
    if (mColLabels.isCoordinate())
        parts << QStringLiteral("%1 %2").arg(mColLabels.name(), mColLabels.text(col));
    return parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", ")));
}

} // namespace npyw
