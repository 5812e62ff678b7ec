#include "heatmapview.h"

#include "colorbar.h"
#include "dtype.h"
#include "heatmapaxis.h"
#include "heatmapcanvas.h"
#include "heatmapjobs.h"
#include "heatmaprenderer.h"
#include "heatmapprofile.h"
#include "heatmaptoolbar.h"
#include "histogramview.h"

#include <QGridLayout>
#include <QLabel>
#include <QMenu>
#include <QVBoxLayout>

#include <cmath>

namespace npyw {

HeatmapView::HeatmapView(QWidget *parent) : QWidget(parent)
{
    mJobs = new RenderScheduler([this](RenderJob *job) { return makeJob(job); },
                                [this](RenderResult &&result) { showResult(std::move(result)); }, this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    mToolBar = new HeatmapToolBar(this);
    layout->addWidget(mToolBar);
    // The rows' axis left of the canvas and the columns' under it, each as long as the canvas.
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(0);
    mCanvas = new HeatmapCanvas(&mTransform, this);
    mColorBar = new ColorBar(this);
    mRowAxis = new HeatmapAxis(Qt::Vertical, this);
    mColAxis = new HeatmapAxis(Qt::Horizontal, this);
    grid->addWidget(mRowAxis, 0, 0);
    grid->addWidget(mCanvas, 0, 1);
    grid->addWidget(mColorBar, 0, 2);
    grid->addWidget(mColAxis, 1, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setColumnMinimumWidth(2, 0);
    layout->addLayout(grid, 1);
    mProfile = new HeatmapProfile(this, mCanvas, &mTransform, [this]() { return mExportName; });
    layout->addWidget(mProfile->panel());
    mHistograms = new HistogramScheduler(
        [this](const QString &key, std::shared_ptr<const npy::Histogram> h) { histogramReady(key, std::move(h)); }, this);
    mHistogramView = new HistogramView(this);
    mHistogramView->setFixedHeight(120);
    layout->addWidget(mHistogramView);
    mStatus = new QLabel(this);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->setMinimumWidth(50);
    mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(mStatus);

    connect(mToolBar, &HeatmapToolBar::colormapChosen, this, &HeatmapView::setColormap);
    connect(mToolBar, &HeatmapToolBar::reversedToggled, this, &HeatmapView::setReversed);
    connect(mToolBar, &HeatmapToolBar::rangeModeChosen, this, [this](npy::RangeMode mode) {
        if (mode == npy::RangeMode::Manual)
            setManualRange(mStats.low, mStats.high); // start from the range shown
        else
            setRangeMode(mode);
    });
    connect(mToolBar, &HeatmapToolBar::manualRangeEdited, this, &HeatmapView::setManualRange);
    connect(mToolBar, &HeatmapToolBar::scaleChosen, this, &HeatmapView::setScale);
    connect(mToolBar, &HeatmapToolBar::complexPartChosen, this, &HeatmapView::setComplexPart);
    connect(mToolBar, &HeatmapToolBar::reductionChosen, this, &HeatmapView::setReduction);
    connect(mToolBar, &HeatmapToolBar::fitRequested, this, &HeatmapView::fitToView);
    connect(mToolBar, &HeatmapToolBar::oneToOneRequested, this, &HeatmapView::zoomOneToOne);
    connect(mToolBar, &HeatmapToolBar::aspectLockToggled, this, &HeatmapView::setAspectLocked);
    connect(mToolBar, &HeatmapToolBar::copyRequested, this, &HeatmapView::copyImageToClipboard);
    connect(mToolBar, &HeatmapToolBar::exportRequested, this, &HeatmapView::exportPng);
    connect(mToolBar, &HeatmapToolBar::histogramToggled, this, &HeatmapView::setHistogramShown);
    connect(mHistogramView, &HistogramView::rangeEdited, this, &HeatmapView::setManualRange);
    connect(mToolBar, &HeatmapToolBar::profileToolChosen, mProfile, &HeatmapProfile::setTool);
    connect(mProfile, &HeatmapProfile::toolChanged, this, &HeatmapView::syncControls);

    connect(mCanvas, &HeatmapCanvas::resized, this, &HeatmapView::canvasResized);
    connect(mCanvas, &HeatmapCanvas::panned, this, [this](QPointF delta) {
        transform().pan(delta);
        viewChanged();
    });
    connect(mCanvas, &HeatmapCanvas::zoomRequested, this, &HeatmapView::zoomAt);
    connect(mCanvas, &HeatmapCanvas::areaRequested, this, &HeatmapView::setVisibleArea);
    connect(mCanvas, &HeatmapCanvas::fitRequested, this, &HeatmapView::fitToView);
    connect(mCanvas, &HeatmapCanvas::oneToOneRequested, this, &HeatmapView::zoomOneToOne);
    connect(mCanvas, &HeatmapCanvas::cellClicked, this, &HeatmapView::cellClicked);
    connect(mCanvas, &HeatmapCanvas::contextMenuRequested, this, &HeatmapView::contextMenu);
    connect(mCanvas, &HeatmapCanvas::mouseMoved, this, &HeatmapView::hoverAt);
    connect(mCanvas, &HeatmapCanvas::mouseLeft, this, &HeatmapView::hoverEnded);
    connect(mToolBar->axesMenu(), &QMenu::aboutToShow, this, &HeatmapView::fillAxesMenu);
    syncControls();
}

HeatmapView::~HeatmapView()
{
    // The parts outlive this object's members; nothing they still emit may reach them.
    mCanvas->disconnect(this);
    mToolBar->disconnect(this);
    mHistogramView->disconnect(this);
    mHistograms->cancel();
    mJobs->cancelAndWait();
}

void HeatmapView::syncControls()
{
    HeatmapToolBar::State s;
    s.colormap = mColormap;
    s.reversed = mReversed;
    s.range = mRange;
    s.part = mPart;
    s.complex = mAccess.isComplex();
    s.reduction = mReduction;
    s.aspectLocked = mTransform.isAspectLocked();
    s.histogramShown = mHistogramShown;
    s.profileTool = mProfile->tool();
    mToolBar->sync(s);
}

// ------------------------------------------------------------------------------------- data

namespace {

/** True when square elements would draw a rows x cols slice as a line on a canvas of \a canvas. */
bool isLongAndThin(qint64 rows, qint64 cols, QSize canvas)
{
    if (rows <= 0 || cols <= 0)
        return false;
    const double viewRatio = canvas.isEmpty() ? 1.0 : double(canvas.height()) / double(canvas.width());
    const double ratio = (double(rows) / double(cols)) / viewRatio;
    return ratio > 16.0 || ratio < 1.0 / 16.0;
}

} // namespace

void HeatmapView::setArray(const npy::NpyArray &array, const npy::SliceSpec &spec)
{
    mArray = array;
    mSpec = spec;
    ++mDataVersion;
    rebuildAccess(true);
}

void HeatmapView::setSlice(const npy::SliceSpec &spec)
{
    if (spec == mSpec)
        return;
    mSpec = spec;
    rebuildAccess(true);
}

void HeatmapView::clear(const QString &message)
{
    mArray = npy::NpyArray();
    mAccess = npy::SliceAccess();
    mTransform.setSliceSize(0, 0);
    mError = message;
    mCanvas->setErrorText(mError);
    mCanvas->picture() = QImage();
    mIndices.clear();
    mHaveStats = false;
    mHistograms->cancel();
    mHistogram.reset();
    mHistogramKey.clear();
    mHistogramView->setHistogram(nullptr);
    mHistogramView->setUpdating(false);
    ColorBarModel bar = mColorBar->model();
    bar.valid = false;
    mColorBar->setModel(bar);
    mJobs->invalidate();
    mProfile->setSource(npy::SliceAccess(), npy::NpyHeader(), mSpec, QString());
    syncControls();
    updateStatus();
    updateAxes();
    mCanvas->update();
}

void HeatmapView::rebuildAccess(bool keepView)
{
    const qint64 oldRows = mAccess.rows(), oldCols = mAccess.cols();
    auto access = npy::SliceAccess::create(mArray, mSpec, mPart);
    if (!access) {
        const QString why = access.error();
        clear(why);
        return;
    }
    mAccess = access.value();
    mTransform.setSliceSize(mAccess.rows(), mAccess.cols());
    mError = mAccess.rows() == 0 || mAccess.cols() == 0 ? tr("The array has no elements") : QString();
    mCanvas->setErrorText(mError);
    mHaveStats = mHaveStats && keepView;
    // The histogram shown belongs to other data or another slice until the new one is counted;
    // one being counted for them is stopped (the next exact frame asks for the new one).
    mHistogramView->setUpdating(mHistogram && histogramKey() != mHistogramKey);
    if (!mHistograms->runningKey().isEmpty() && mHistograms->runningKey() != histogramKey())
        mHistograms->cancel();
    if (!keepView || oldRows != mAccess.rows() || oldCols != mAccess.cols() || !mTransform.hasView()) {
        mCanvas->picture() = QImage();
        if (mAspectAuto)
            mTransform.setAspectLocked(!isLongAndThin(mAccess.rows(), mAccess.cols(), mCanvas->size()));
        fitToView();
    }
    // The profile follows: the same line on the new slice, data or part (all of which the histogram's key names).
    mProfile->setSource(mAccess, mArray.header(), mSpec, histogramKey());
    syncControls();
    updateAxes();
    scheduleRender();
}

// ---------------------------------------------------------------------------------- options

void HeatmapView::setColormap(npy::Colormap map)
{
    mColormap = map;
    syncControls();
    recolor();
}

void HeatmapView::setReversed(bool reversed)
{
    mReversed = reversed;
    syncControls();
    recolor();
}

void HeatmapView::setSpecialColors(const npy::SpecialColors &colors)
{
    mColors = colors;
    recolor();
}

void HeatmapView::setRangeMode(npy::RangeMode mode)
{
    mRange.mode = mode;
    syncControls();
    scheduleRender();
}

void HeatmapView::setManualRange(double low, double high)
{
    mRange.mode = npy::RangeMode::Manual;
    mRange.manualLow = std::min(low, high);
    mRange.manualHigh = std::max(low, high);
    syncControls();
    scheduleRender();
}

void HeatmapView::setScale(npy::ColorScale scale)
{
    mRange.scale = scale;
    syncControls();
    scheduleRender();
}

void HeatmapView::setRangeOptions(const npy::RangeOptions &options)
{
    const qint64 samples = mRange.maxSamples;
    mRange = options;
    mRange.maxSamples = samples;
    syncControls();
    scheduleRender();
}

void HeatmapView::setComplexPart(npy::ComplexPart part)
{
    if (part == mPart)
        return;
    // The phase is an angle: a cyclic map shows -pi and pi alike. Leaving the phase gives the
    // map chosen before back, unless another was chosen meanwhile.
    if (part == npy::ComplexPart::Phase && mColormap != npy::Colormap::Twilight) {
        mColormapBeforePhase = int(mColormap);
        mColormap = npy::Colormap::Twilight;
        recolor();
    } else if (mPart == npy::ComplexPart::Phase && mColormap == npy::Colormap::Twilight && mColormapBeforePhase >= 0) {
        mColormap = npy::Colormap(mColormapBeforePhase);
        recolor();
    }
    if (part != npy::ComplexPart::Phase)
        mColormapBeforePhase = -1;
    mPart = part;
    if (!mArray.isNull())
        rebuildAccess(true);
    syncControls();
}

void HeatmapView::setReduction(npy::Reduction reduction)
{
    mReduction = reduction;
    mHistogramView->setVisible(mHistogramShown && reduction != npy::Reduction::NonZero);
    syncControls();
    scheduleRender();
}

void HeatmapView::setSelection(const QList<npy::CellRange> &ranges)
{
    if (ranges == mSelection)
        return;
    mSelection = ranges;
    QList<QRectF> areas;
    areas.reserve(ranges.size());
    for (const npy::CellRange &r : ranges)
        areas << QRectF(double(r.col), double(r.row), double(r.cols), double(r.rows));
    mCanvas->setOutlines(areas);
}

// -------------------------------------------------------------------------------- rendering

void HeatmapView::flushRender()
{
    mJobs->flush();
}

bool HeatmapView::isRendering() const
{
    return mJobs->isRunning();
}

quint64 HeatmapView::generation() const
{
    return mJobs->generation();
}

quint64 HeatmapView::droppedRenders() const
{
    return mJobs->dropped();
}

QImage HeatmapView::renderedImage() const
{
    return mCanvas->picture();
}

QRectF HeatmapView::renderedArea() const
{
    return mCanvas->pictureArea();
}

bool HeatmapView::makeJob(RenderJob *job) const
{
    if (!mError.isEmpty() || mAccess.rows() == 0 || mAccess.cols() == 0)
        return false;
    const qreal dpr = mCanvas->devicePixelRatioF();
    const QSize out(int(std::ceil(mCanvas->width() * dpr)), int(std::ceil(mCanvas->height() * dpr)));
    if (out.isEmpty())
        return false;
    job->access = mAccess;
    job->request.source = visibleArea();
    job->request.output = out;
    job->request.reduction = mReduction;
    job->range = mRange;
    job->rangeKey = QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
                        .arg(mDataVersion)
                        .arg(mSpec.rowAxis)
                        .arg(mSpec.colAxis)
                        .arg(mSpec.field)
                        .arg(int(mPart))
                        .arg(int(mRange.mode))
                        .arg(int(mRange.scale))
                        .arg(mRange.manualLow, 0, 'g', 17)
                        .arg(mRange.manualHigh, 0, 'g', 17);
    if (mReduction == npy::Reduction::NonZero)
        job->rangeKey += QStringLiteral("|counts");
    for (qint64 i : mSpec.index)
        job->rangeKey += QLatin1Char(',') + QString::number(i);
    job->exact = mExactDue;
    if (mHistogram && mHistogramKey == histogramKey())
        job->histogram = mHistogram;
    const bool percentiles = mRange.mode == npy::RangeMode::Percentile1 || mRange.mode == npy::RangeMode::Percentile01;
    // A sampled range is redone once it can be exact: from the histogram, or (min–max, symmetric) by a full pass.
    job->needRange = !mHaveStats || job->rangeKey != mRangeKey
                     || (mStats.sampled && (job->histogram || (job->exact && !percentiles)));
    job->stats = mStats;
    job->dpr = dpr;
    return true;
}

void HeatmapView::scheduleRender()
{
    // Anything that changes the picture starts again with an instant preview.
    mExactDue = false;
    mJobs->request();
}

bool HeatmapView::previewIsExact(const RenderResult &r) const
{
    if (r.stats.sampled && mRange.mode != npy::RangeMode::Manual)
        return false;
    if (mReduction == npy::Reduction::Stride || r.size.isEmpty())
        return true;
    // Pooling reads every element of blocks of up to poolLimit x poolLimit.
    const double perPixelX = r.area.width() / r.size.width(), perPixelY = r.area.height() / r.size.height();
    const int limit = npy::SampleRequest().poolLimit;
    return perPixelX <= limit && perPixelY <= limit;
}

void HeatmapView::showResult(RenderResult &&r)
{
    mFrameExact = r.exact || previewIsExact(r);
    if (!mFrameExact) {
        // The preview is shown; the exact frame follows from a worker and replaces it.
        mExactDue = true;
        mJobs->request();
    }
    mIndices = std::move(r.indices);
    mIndexSize = r.size;
    mCounts = std::move(r.counts);
    mCountArea = r.area;
    mCanvas->setPictureArea(r.area);
    mImageDpr = r.dpr;
    mStats = r.stats;
    mHaveStats = true;
    mRangeKey = r.rangeKey;
    recolor();
    if (mFrameExact)
        requestHistogram();
    emit renderFinished(r.generation);
}

void HeatmapView::recolor()
{
    if (!mIndices.empty()) {
        QImage &image = mCanvas->picture();
        colorize(mIndices, mIndexSize, npy::colormapTable(mColormap, mReversed), mColors, &image);
        image.setDevicePixelRatio(mImageDpr);
    }
    ColorBarModel bar;
    bar.table = npy::colormapTable(mColormap, mReversed);
    bar.colors = mColors;
    bar.stats = mStats;
    bar.scale = mRange.scale;
    const bool counting = mReduction == npy::Reduction::NonZero;
    bar.isBool = mAccess.isBool() && !counting;
    const npy::Kind kind = mArray.isNull() ? npy::Kind::Void : mAccess.type().kind;
    bar.isInteger = counting || kind == npy::Kind::Int || kind == npy::Kind::UInt || kind == npy::Kind::DateTime;
    if (!counting && !mArray.isNull() && mAccess.type().kind == npy::Kind::DateTime)
        bar.dateType = mAccess.type();
    bar.valid = mHaveStats && mError.isEmpty();
    mColorBar->setModel(bar);
    syncHistogramView();
    mCanvas->update();
    updateStatus();
}

// ---------------------------------------------------------------------------------- status

void HeatmapView::hoverAt(QPointF pos)
{
    qint64 row = 0, col = 0;
    mHoverPos = pos;
    if (cellAt(pos, &row, &col)) {
        mHover = hoverText(row, col) + countText(pos);
        updateStatus();
        emit cellHovered(row, col, mHover);
    } else if (!mHover.isEmpty()) {
        mHover.clear();
        updateStatus();
        emit hoverLeft();
    }
}

void HeatmapView::hoverEnded()
{
    mHover.clear();
    updateStatus();
    emit hoverLeft();
}

QString HeatmapView::hoverText(qint64 row, qint64 col) const
{
    QStringList idx;
    const npy::NpyHeader &h = mArray.header();
    for (int i = 0; i < h.shape.size(); ++i)
        idx << QString::number(i == mSpec.rowAxis ? row : i == mSpec.colAxis ? col : mSpec.index.value(i));
    QString text = QStringLiteral("[%1]").arg(idx.join(QStringLiteral(", "))) + coordinateText(row, col);
    if (mSpec.field >= 0 && h.dtype.kind == npy::Kind::Struct) {
        const QList<npy::LeafColumn> leaves = npy::leafColumns(h.dtype);
        if (mSpec.field < leaves.size())
            text += QStringLiteral(" '%1'").arg(leaves[mSpec.field].name);
    }
    text += QStringLiteral(" = ") + mAccess.text(row, col);
    if (mAccess.isComplex() && mPart != npy::ComplexPart::Real)
        text += QStringLiteral("  (%1 %2)").arg(npy::complexPartName(mPart).toLower()).arg(mAccess.value(row, col), 0, 'g', 6);
    return text;
}

QString HeatmapView::rangeText() const
{
    if (!mHaveStats)
        return QString();
    QString s = tr("range %1 … %2").arg(mStats.low, 0, 'g', 6).arg(mStats.high, 0, 'g', 6);
    const QString percentiles = percentileRangeText(mRange.mode, mStats, mRange.scale);
    if (!percentiles.isEmpty())
        s += QStringLiteral(" (%1)").arg(percentiles);
    const QString approx = mStats.sampled ? QStringLiteral("≈") : QString();
    if (mStats.sampled)
        s = tr("estimated ") + s;
    if (mStats.nanCount)
        s += tr(", NaN %1%2").arg(approx).arg(mStats.nanCount);
    if (mStats.posInfCount)
        s += tr(", +Inf %1%2").arg(approx).arg(mStats.posInfCount);
    if (mStats.negInfCount)
        s += tr(", −Inf %1%2").arg(approx).arg(mStats.negInfCount);
    if (mRange.scale == npy::ColorScale::Log && mStats.nonPositiveCount)
        s += tr(", %1%2 ≤ 0 not on the log scale").arg(approx).arg(mStats.nonPositiveCount);
    if (mStats.sampled)
        s += tr(" (from a sample of %1 of %2 elements)").arg(mStats.examined).arg(mStats.elements);
    // Rows × columns of elements per pixel (they differ when the aspect is unlocked).
    const double dpr = mCanvas->devicePixelRatioF();
    const double rowsPerPixel = 1.0 / (mTransform.scaleY() * dpr), colsPerPixel = 1.0 / (mTransform.scaleX() * dpr);
    if (mReduction == npy::Reduction::NonZero && std::max(rowsPerPixel, colsPerPixel) <= 1.5)
        s += tr("; colours count non-zeros");
    if (std::max(rowsPerPixel, colsPerPixel) > 1.5) {
        const qint64 r = std::max<qint64>(1, qRound64(rowsPerPixel)), c = std::max<qint64>(1, qRound64(colsPerPixel));
        s += tr("; 1 px = %1×%2 elements, %3").arg(r).arg(c).arg(npy::reductionName(mReduction).toLower());
        if (!mFrameExact)
            s += tr(" (preview; computing every element…)");
    }
    if (isAspectAutoUnlocked())
        s += tr("; stretched to fill");
    return s;
}

QString HeatmapView::statusText() const
{
    return mStatus->text();
}

void HeatmapView::updateStatus()
{
    QStringList parts;
    if (!mHover.isEmpty())
        parts << mHover;
    const QString range = rangeText();
    if (!range.isEmpty())
        parts << range;
    mStatus->setText(parts.join(QStringLiteral("   ·   ")));
}

} // namespace npyw
