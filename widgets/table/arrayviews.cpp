#include "arrayviews.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "contactsheet.h"
#include "document.h"
#include "documentcoordinates.h"
#include "export.h"
#include "findbar.h"
#include "framebar.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "pictureview.h"
#include "plotview.h"
#include "slicebar.h"
#include "stacknavigator.h"

#include <QFileInfo>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

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
    : QTabWidget(parent), mDocument(document), mPane(pane), mHeatmap(new HeatmapView), mHeatmapPage(new QWidget(this)),
      mHeatmapFrames(new FrameBar), mPicture(new PictureView(this)), mPlot(new PlotView(this)),
      mNavigator(new StackNavigator(document, pane, this)), mSheet(new ContactSheet(this)),
      mCoords(new DocumentCoordinates(document, this))
{
    setObjectName(QStringLiteral("arrayViews"));
    setDocumentMode(true);
    auto *heatmapLayout = new QVBoxLayout(mHeatmapPage);
    heatmapLayout->setContentsMargins(0, 0, 0, 0);
    heatmapLayout->setSpacing(2);
    heatmapLayout->addWidget(mHeatmap, 1);
    heatmapLayout->addWidget(mHeatmapFrames);
    addTab(mHeatmapPage, tr("Heatmap"));
    addTab(mPlot, tr("Plot"));
    addTab(mPicture, tr("Picture"));
    setTabVisible(indexOf(mPicture), false);
    addTab(mSheet, tr("Frames"));
    setTabVisible(indexOf(mSheet), false);
    connect(mSheet, &ContactSheet::frameActivated, this, [this](qint64 frame) {
        mNavigator->goTo(frame);
        if (!showPicture())
            showHeatmap();
    });
    connect(mNavigator, &StackNavigator::labelsChanged, mSheet, &ContactSheet::refreshLabels);
    mNavigator->addBar(mHeatmapFrames);
    mNavigator->addBar(mPicture->frameBar());
    mNavigator->watchKeys(pane->table()->view(), false);
    mNavigator->watchKeys(mHeatmap->canvas(), true);
    mNavigator->watchKeys(mPicture->canvas(), true);
    connect(mHeatmap, &HeatmapView::renderFinished, this,
            [this](quint64) { mHeatmapFrames->frameShown(mNavigator->frame()); });
    connect(mPicture, &PictureView::frameDrawn, this, [this](qint64 frame) { mPicture->frameBar()->frameShown(frame); });
    connect(mPicture, &PictureView::channelHeatmapRequested, this, &ArrayViews::showChannelHeatmap);
    connect(mPicture, &PictureView::channelAxisRequested, this, &ArrayViews::setChannelAxis);
    connect(mPicture, &PictureView::cellClicked, this, &ArrayViews::cellClicked);
    connect(mPicture, &PictureView::hovered, this, &ArrayViews::hovered);
    mHeatmap->clear(tr("Select an array in the browser."));
    mPlot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(mPlot, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (QMenu *menu = plotMenu())
            menu->popup(mPlot->mapToGlobal(pos));
    });
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
        mPlotY = -1;
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
    // The text is empty when the mouse is over nothing (a density's pixel has no index, but a text).
    connect(mPlot, &PlotView::pointHovered, this, [this](qint64, const QString &text) { emit hovered(text); });
    connect(mPane, &ArrayPane::plotLineRequested, this, &ArrayViews::plotLine);
    connect(mHeatmap, &HeatmapView::plotRowRequested, this, [this](qint64 row) { plotLine(true, row); });
    connect(mHeatmap, &HeatmapView::plotColumnRequested, this, [this](qint64 col) { plotLine(false, col); });
    connect(pane->findBar(), &FindBar::matchShown, this, &ArrayViews::markMatch);
    connect(mCoords, &DocumentCoordinates::changed, this, [this]() { applyCoordinates(); });
    connect(document, &Document::memberLoaded, this, [this](int id) {
        if (mPendingCoords.remove(id))
            applyCoordinates();
    });
    connect(document, &Document::valuesChanged, this, [this](int id) {
        if (id >= 0 && (id == mRowCoord || id == mColCoord || id == mPlotXCoord))
            applyCoordinates(true);
    });
    connect(mHeatmap, &HeatmapView::coordinateChosen, this, &ArrayViews::chooseCoordinate);
    connect(mHeatmap, &HeatmapView::originAtBottomChanged, this, [this](bool bottom) {
        if (mMemberId >= 0)
            mOriginBottom.insert(mMemberId, bottom);
    });
    setUpPlotX();
}

void ArrayViews::markMatch(const QList<qint64> &index)
{
    if (mMemberId < 0 || mPane->memberId() != mMemberId)
        return;
    if (mPlotOnly) {
        // A 1-D member: the match is a point of the plot.
        mPlot->setMarker(index.size() == 1 ? index[0] : -1);
        return;
    }
    if (mLineKind < 0 || mSpec.colAxis < 0 || index.size() != mSpec.index.size())
        return;
    // A row or column of the slice: marked when the match lies on it.
    const int along = mLineKind == 0 ? mSpec.colAxis : mSpec.rowAxis;
    const int across = mLineKind == 0 ? mSpec.rowAxis : mSpec.colAxis;
    bool onLine = index[across] == mLineIndex;
    for (int axis = 0; axis < index.size() && onLine; ++axis) {
        if (axis != mSpec.rowAxis && axis != mSpec.colAxis)
            onLine = index[axis] == mSpec.index.value(axis);
    }
    mPlot->setMarker(onLine ? index[along] : -1);
}

void ArrayViews::refresh(bool dataOnly)
{
    ArrayTableModel *model = mPane->model();
    const Member *m = mDocument ? mDocument->memberById(model->memberId()) : nullptr;
    const bool memberChanged = !m || m->id != mMemberId;
    if (memberChanged) {
        mPlotY = -1;
        mPlotX = kAutoX;
    }
    mMemberId = m ? m->id : -1;
    if (m)
        switchRangeOptions(m->id);
    if (memberChanged || dataOnly)
        ++mVersion;
    if (!m || !m->loaded || !m->isArray() || m->array.isNull()) {
        mMemberId = -1;
        mLineKind = -1;
        mPlotOnly = false;
        const QString why = unavailableText(QString());
        mHeatmap->clear(why);
        mPlot->clear(why);
        mNavigator->clear();
        mPicture->clear(why);
        setTabVisible(indexOf(mPicture), false);
        setTabVisible(indexOf(mSheet), false);
        return;
    }
    const npy::SliceSpec spec = model->slice();
    mSpec = spec;
    if (spec.colAxis < 0) {
        mNavigator->clear();
        mPicture->clear(tr("A colour image (H × W × 3 or 4, 3 × H × W, and stacks of them) is shown here."));
        setTabVisible(indexOf(mPicture), false);
        setTabVisible(indexOf(mSheet), false);
        mSheetKey.clear();
    }
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
        const npy::SliceSpec ps = plotSpec();
        mPlotted = ps;
        const npy::Kind kind = array.dtype().kind;
        if (kind == npy::Kind::Struct && ps.field < 0)
            mPlot->clear(tr("No field of these records is a number: there is nothing to plot."));
        else if (kind == npy::Kind::Unicode || kind == npy::Kind::Bytes)
            mPlot->clear(tr("These values are text: there is nothing to plot."));
        else if (kind == npy::Kind::Void || kind == npy::Kind::Object)
            mPlot->clear(tr("These values are not numbers: there is nothing to plot."));
        else if (mPlot->setSeries(array, ps, PlotView::Line::Column, 0) && kind == npy::Kind::Struct) {
            // Records with a date field: the series against the dates.
            npy::SliceSpec xs = ps;
            xs.field = xField();
            if (xs.field >= 0)
                mPlot->setXField(array, xs);
        }
        mPlotXCoord = -1;
        applyCoordinates();
        applyPlotX();
        mHeatmap->clear(tr("A 1-D array is drawn as a line plot (Plot tab)."));
        if (!dataOnly)
            setCurrentWidget(mPlot);
        return;
    }
    const bool wasPlotOnly = mPlotOnly;
    mPlotOnly = false;
    mHeatmap->setExportName(exportStem(m->key));
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
        mPlot->clear(tr("Right-click a cell of the table or the heatmap to plot its row or column."));
    mPlotXCoord = -1;
    applyCoordinates();
    applyPlotX();
    refreshPicture(m, array, memberChanged);
    if (memberChanged && hasPicture())
        setCurrentWidget(mPicture);
    else if (memberChanged || wasPlotOnly)
        setCurrentWidget(mHeatmapPage);
}

bool ArrayViews::hasPicture() const
{
    return isTabVisible(indexOf(mPicture));
}

bool ArrayViews::showSheet()
{
    if (!isTabVisible(indexOf(mSheet)))
        return false;
    setCurrentWidget(mSheet);
    return true;
}

void ArrayViews::refreshSheet(const npy::NpyArray &array, const npy::PictureLayout &layout, int memberId)
{
    const bool stack = layout.frames > 1;
    setTabVisible(indexOf(mSheet), stack);
    if (!stack) {
        mSheetKey.clear();
        mSheet->clear(tr("A stack of frames is shown here as a contact sheet."));
        return;
    }
    SheetStyle style;
    style.picture.order = mPicture->channelOrder();
    style.picture.alpha = mPicture->isAlphaShown();
    style.manualPictureRange = mPicture->rangeChoice() == PictureView::RangeChoice::Manual;
    style.picture.range = mPicture->range();
    style.heatmap.colormap = mHeatmap->colormap();
    style.heatmap.reversed = mHeatmap->isReversed();
    style.heatmap.range = mHeatmap->rangeOptions();
    QString key = QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
                      .arg(mVersion)
                      .arg(memberId)
                      .arg(layout.rowAxis)
                      .arg(layout.colAxis)
                      .arg(layout.channelAxis)
                      .arg(int(style.picture.order))
                      .arg(style.picture.alpha)
                      .arg(int(style.heatmap.colormap))
                      .arg(style.heatmap.reversed);
    key += QStringLiteral("|%1|%2|%3").arg(int(style.heatmap.range.mode)).arg(style.manualPictureRange).arg(style.picture.range.low);
    if (key != mSheetKey) {
        mSheetKey = key;
        StackNavigator *nav = mNavigator;
        mSheet->setStack(array, layout, mSpec.index, mVersion, style, [nav](qint64 f) { return nav->labelValue(f); });
    }
    mSheet->setCurrentFrame(mNavigator->frame());
}

bool ArrayViews::isHeatmapShown() const
{
    return currentWidget() == mHeatmapPage;
}

void ArrayViews::showHeatmap()
{
    setCurrentWidget(mHeatmapPage);
}

bool ArrayViews::showPicture()
{
    if (!hasPicture())
        return false;
    setCurrentWidget(mPicture);
    return true;
}

void ArrayViews::refreshPicture(const Member *m, const npy::NpyArray &array, bool memberChanged)
{
    const npy::NpyHeader &h = m->header();
    const npy::PictureLayout color = npy::pictureLayout(h, mChannelAxes.value(m->id, -1));
    const bool pictureSlice = color.isColor() && mSpec.rowAxis == color.rowAxis && mSpec.colAxis == color.colAxis;
    const npy::PictureLayout layout =
        npy::sliceLayout(h, mSpec.rowAxis, mSpec.colAxis, pictureSlice ? color.channelAxis : -1);
    mNavigator->setState(m->id, h, layout, mSpec);
    refreshSheet(array, layout, m->id);
    const bool wasShown = hasPicture();
    setTabVisible(indexOf(mPicture), color.isColor());
    if (!color.isColor()) {
        mPicture->clear(tr("A colour image (H × W × 3 or 4, 3 × H × W, and stacks of them) is shown here."));
        return;
    }
    if (!pictureSlice) {
        mPicture->clear(tr("The slice bar shows other axes than the picture's rows and columns: choose axis %1 as "
                           "rows and axis %2 as columns to see the picture.")
                            .arg(color.rowAxis)
                            .arg(color.colAxis));
        return;
    }
    mPicture->setExportName(exportStem(m->key));
    mPicture->setPicture(array, layout, mSpec.index, mVersion);
    if (!memberChanged && !wasShown && currentWidget() == mHeatmapPage)
        setCurrentWidget(mPicture);
}

void ArrayViews::showChannelHeatmap(int channel)
{
    const npy::PictureLayout &layout = mPicture->layout();
    npy::SliceSpec spec = mPane->sliceBar()->spec();
    if (layout.channelAxis < 0 || layout.channelAxis >= spec.index.size())
        return;
    spec.index[layout.channelAxis] = channel;
    mPane->sliceBar()->setSpec(spec);
    setCurrentWidget(mHeatmapPage);
}

void ArrayViews::setChannelAxis(int axis)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m)
        return;
    const npy::PictureLayout layout = npy::pictureLayout(m->header(), axis);
    if (!layout.isColor())
        return;
    mChannelAxes.insert(m->id, axis);
    npy::SliceSpec spec = mPane->sliceBar()->spec();
    spec.rowAxis = layout.rowAxis;
    spec.colAxis = layout.colAxis;
    if (spec == mPane->sliceBar()->spec())
        refresh(false);
    else
        mPane->sliceBar()->setSpec(spec);
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

QString ArrayViews::exportStem(const QString &key) const
{
    const QString path = mDocument ? mDocument->filePath() : QString();
    const QString member = npy::safeMemberPath(key).replace(QLatin1Char('/'), QLatin1Char('_'));
    if (path.isEmpty())
        return member;
    const QFileInfo file(path);
    return file.absolutePath() + QLatin1Char('/') + file.completeBaseName() + QLatin1Char('_') + member;
}

void ArrayViews::switchRangeOptions(int memberId)
{
    if (memberId == mRangeMember)
        return;
    if (mRangeMember >= 0)
        mRanges.insert(mRangeMember, mHeatmap->rangeOptions());
    mRangeMember = memberId;
    mHeatmap->setRangeOptions(mRanges.value(memberId, npy::RangeOptions()));
}

void ArrayViews::presetRangeOptions(int memberId, const npy::RangeOptions &options)
{
    if (memberId == mRangeMember)
        mHeatmap->setRangeOptions(options);
    else
        mRanges.insert(memberId, options);
}

void ArrayViews::plotLine(bool row, qint64 index)
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || mPlotOnly || mSpec.colAxis < 0)
        return;
    mLineKind = row ? 0 : 1;
    mLineIndex = index;
    mPlot->setSeries(drawable(m->array), mSpec, row ? PlotView::Line::Row : PlotView::Line::Column, index);
    mPlotXCoord = -1;
    applyCoordinates();
    applyPlotX();
    setCurrentWidget(mPlot);
}

void ArrayViews::syncSelection()
{
    if (mPlotOnly || mMemberId < 0)
        return;
    ArrayTableModel *model = mPane->model();
    const QItemSelection sel = mPane->table()->view()->selectionModel()->selection();
    QList<npy::CellRange> ranges;
    ranges.reserve(sel.size());
    for (const QItemSelectionRange &r : sel) {
        if (!r.isValid())
            continue;
        ranges.append(npy::CellRange{model->absoluteRow(r.top()), model->absoluteColumn(r.left()), r.height(), r.width()});
    }
    mHeatmap->setSelection(ranges);
}

void ArrayViews::cellClicked(qint64 row, qint64 col)
{
    mPane->table()->goTo(row, col);
}

} // namespace npyw
