#include "arrayviews.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "document.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "plotview.h"
#include "slicebar.h"

#include <QItemSelectionModel>
#include <QTableView>

namespace npyw {

namespace {

/**
 * The array to hand to the views, which read it on workers while the document goes on being
 * edited on this thread. Unedited bytes are shared as they are. For edited bytes the views get an
 * immutable snapshot (NpyArray::snapshot()): a fresh private map of the same base with only the
 * pages edited so far copied, so that the document keeps its writable bytes to itself (its next
 * edit copies nothing) and no edit is ever written into bytes a worker reads.
 */
npy::NpyArray drawable(const npy::NpyArray &array)
{
    return array.snapshot();
}

} // namespace

ArrayViews::ArrayViews(Document *document, ArrayPane *pane, QWidget *parent)
    : QTabWidget(parent), mDocument(document), mPane(pane), mHeatmap(new HeatmapView(this)), mPlot(new PlotView(this))
{
    setObjectName(QStringLiteral("arrayViews"));
    setDocumentMode(true);
    addTab(mHeatmap, tr("Heatmap"));
    addTab(mPlot, tr("Plot"));
    mHeatmap->clear(tr("Select an array in the browser."));
    mPlot->clear(tr("A 1-D array, or a row or column chosen on the heatmap (right-click), is plotted here."));

    ArrayTableModel *model = pane->model();
    connect(model, &ArrayTableModel::layoutReset, this, [this]() { refresh(false); });
    // Moving an index of the slice bar keeps the table's geometry (no reset) but changes the picture.
    connect(pane->sliceBar(), &SliceBar::sliceChanged, this, [this]() { refresh(false); });
    connect(document, &Document::valuesChanged, this, [this](int id) {
        // One redraw per command (a fill or paste writes many cells), after it has finished.
        if (id == mMemberId && !mRedrawQueued) {
            mRedrawQueued = true;
            QMetaObject::invokeMethod(this, [this]() {
                mRedrawQueued = false;
                refresh(true);
            }, Qt::QueuedConnection);
        }
    });
    connect(pane, &ArrayPane::currentLeafChanged, this, [this]() {
        // A record array is plotted by the field of the current column.
        if (mPlotOnly && plotSpec() != mPlotted)
            refresh(true);
    });
    QTableView *view = pane->table()->view();
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ArrayViews::syncSelection);
    connect(model, &QAbstractItemModel::modelReset, this, [this, view]() {
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ArrayViews::syncSelection,
                Qt::UniqueConnection);
        syncSelection();
    });
    connect(document, &Document::memberLoadFailed, this, [this](int id, const QString &error) {
        if (id == mPane->memberId()) {
            const QString why = unavailableText(error);
            mHeatmap->clear(why);
            mPlot->clear(why);
        }
    });
    connect(mHeatmap, &HeatmapView::cellClicked, this, &ArrayViews::cellClicked);
    connect(mHeatmap, &HeatmapView::cellHovered, this,
            [this](qint64, qint64, const QString &text) { emit hovered(text); });
    connect(mHeatmap, &HeatmapView::hoverLeft, this, [this]() { emit hovered(QString()); });
    connect(mPlot, &PlotView::pointHovered, this, [this](qint64 index, const QString &text) {
        emit hovered(index >= 0 ? text : QString());
    });
    connect(mHeatmap, &HeatmapView::plotRowRequested, this, [this](qint64 row) { plotLine(true, row); });
    connect(mHeatmap, &HeatmapView::plotColumnRequested, this, [this](qint64 col) { plotLine(false, col); });
}

SliceSpec ArrayViews::plotSpec() const
{
    SliceSpec spec = mSpec;
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (m && m->header().dtype.kind == npy::Kind::Struct && spec.field < 0)
        spec.field = mPane->currentLeaf();
    return spec;
}

void ArrayViews::refresh(bool dataOnly)
{
    ArrayTableModel *model = mPane->model();
    const Member *m = mDocument ? mDocument->memberById(model->memberId()) : nullptr;
    const bool memberChanged = !m || m->id != mMemberId;
    mMemberId = m ? m->id : -1;
    if (!m || !m->loaded || !m->isArray() || m->array.isNull()) {
        mMemberId = -1;
        mLineKind = -1;
        mPlotOnly = false;
        const QString why = unavailableText(QString());
        mHeatmap->clear(why);
        mPlot->clear(why);
        return;
    }
    const SliceSpec spec = model->slice();
    mSpec = spec;
    const npy::NpyArray array = drawable(m->array);
    if (array.isNull()) {
        mHeatmap->clear(tr("There is not enough memory to draw this edited array."));
        mPlot->clear(tr("There is not enough memory to draw this edited array."));
        return;
    }
    if (spec.rowAxis < 0) {
        mPlotOnly = false;
        mLineKind = -1;
        mHeatmap->clear(tr("A single value: see the table."));
        mPlot->clear(tr("A single value: see the table."));
        return;
    }
    if (spec.colAxis < 0) {
        // 1-D (or a 1-D record array by the current field): a plot, not a one-column heatmap.
        mPlotOnly = true;
        mLineKind = -1;
        const SliceSpec ps = plotSpec();
        mPlotted = ps;
        mPlot->setSeries(array, ps, PlotView::Line::Column, 0);
        mHeatmap->clear(tr("A 1-D array is drawn as a line plot (Plot tab)."));
        if (!dataOnly)
            setCurrentWidget(mPlot);
        return;
    }
    const bool wasPlotOnly = mPlotOnly;
    mPlotOnly = false;
    mHeatmap->setArray(array, spec); // keeps the zoom while the slice keeps its size
    syncSelection();
    if (memberChanged)
        mLineKind = -1;
    if (mLineKind >= 0) {
        const qint64 extent = mLineKind == 0 ? mHeatmap->sliceRows() : mHeatmap->sliceCols();
        if (mLineIndex < extent)
            mPlot->setSeries(array, spec, mLineKind == 0 ? PlotView::Line::Row : PlotView::Line::Column,
                             mLineIndex);
        else
            mLineKind = -1;
    }
    if (mLineKind < 0)
        mPlot->clear(tr("Right-click the heatmap to plot a row or a column."));
    if (memberChanged || wasPlotOnly)
        setCurrentWidget(mHeatmap);
}

QString ArrayViews::unavailableText(const QString &loadError) const
{
    const Member *m = mDocument ? mDocument->memberById(mPane->memberId()) : nullptr;
    if (!m)
        return tr("Select an array in the browser.");
    if (!m->info.error.isEmpty())
        return tr("“%1” cannot be drawn: %2").arg(m->key, m->info.error);
    if (!m->info.isArray)
        return tr("“%1” is not an array: nothing to draw.").arg(m->key);
    if (!loadError.isEmpty())
        return tr("“%1” could not be read: %2").arg(m->key, loadError);
    if (!m->loaded)
        return tr("Loading “%1”…").arg(m->key);
    return tr("Select an array in the browser.");
}

void ArrayViews::plotLine(bool row, qint64 index)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || mPlotOnly || mSpec.colAxis < 0)
        return;
    mLineKind = row ? 0 : 1;
    mLineIndex = index;
    mPlot->setSeries(drawable(m->array), mSpec, row ? PlotView::Line::Row : PlotView::Line::Column, index);
    setCurrentWidget(mPlot);
}

void ArrayViews::syncSelection()
{
    if (mPlotOnly || mMemberId < 0)
        return;
    ArrayTableModel *model = mPane->model();
    const QItemSelection sel = mPane->table()->view()->selectionModel()->selection();
    QList<CellRange> ranges;
    ranges.reserve(sel.size());
    for (const QItemSelectionRange &r : sel) {
        if (!r.isValid())
            continue;
        ranges.append(CellRange{model->absoluteRow(r.top()), model->absoluteColumn(r.left()), r.height(), r.width()});
    }
    mHeatmap->setSelection(ranges);
}

void ArrayViews::cellClicked(qint64 row, qint64 col)
{
    mPane->table()->goTo(row, col);
}

} // namespace npyw
