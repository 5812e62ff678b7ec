#include "pictureview.h"

#include "elements.h"
#include "framebar.h"
#include "heatmapcanvas.h"
#include "jobpool.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <climits>
#include <cmath>
#include <limits>

namespace npyw {

PictureView::PictureView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("pictureView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    // The controls may be cut at the right on a narrow window rather than widen it past the screen.
    auto *controls = new QWidget(this);
    controls->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    auto *rows = new QVBoxLayout(controls);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    auto *bar = new QHBoxLayout;
    rows->addLayout(bar);
    bar->setContentsMargins(2, 2, 2, 0);
    bar->setSpacing(4);
    mMode = new QComboBox(this);
    mMode->setObjectName(QStringLiteral("pictureMode"));
    mMode->setToolTip(tr("How the channels are read: RGB, RGBA (alpha over a checkerboard), BGR as OpenCV writes, "
                         "or one channel as a heatmap"));
    mAxis = new QComboBox(this);
    mAxis->setObjectName(QStringLiteral("pictureChannelAxis"));
    mAxis->setToolTip(tr("The axis of the colour channels"));
    mRange = new QComboBox(this);
    mRange->setObjectName(QStringLiteral("pictureRange"));
    mRange->addItem(tr("Auto range"));
    mRange->addItem(tr("Frame min–max"));
    mRange->addItem(tr("Stack min–max"));
    mRange->addItem(tr("Manual"));
    mRange->setToolTip(tr("The values drawn as 0 and 255 of each channel: automatic (uint8 0..255, uint16 "
                          "0..65535, floats 0..1 when they lie there), this frame's or the whole stack's min–max "
                          "(exact), or typed in"));
    mLow = new QLineEdit(this);
    mLow->setObjectName(QStringLiteral("pictureLow"));
    mHigh = new QLineEdit(this);
    mHigh->setObjectName(QStringLiteral("pictureHigh"));
    for (QLineEdit *e : {mLow, mHigh}) {
        e->setMaximumWidth(90);
        e->setToolTip(tr("The range's ends; typing one switches to a manual range"));
    }
    auto *fit = new QToolButton(this);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Show the whole picture (F)"));
    auto *one = new QToolButton(this);
    one->setText(tr("1:1"));
    one->setToolTip(tr("One element per screen pixel (1)"));
    auto *save = new QToolButton(this);
    save->setText(tr("PNG…"));
    save->setToolTip(tr("Export this frame as a PNG at data resolution, true colour"));
    // Two rows: how the channels are read, then the range and the zoom.
    auto *second = new QHBoxLayout;
    second->setContentsMargins(2, 0, 2, 0);
    second->setSpacing(4);
    bar->addWidget(new QLabel(tr("Show as:"), this));
    bar->addWidget(mMode);
    bar->addWidget(new QLabel(tr("Channels:"), this));
    bar->addWidget(mAxis);
    bar->addStretch(1);
    second->addWidget(mRange);
    second->addWidget(mLow);
    second->addWidget(new QLabel(QStringLiteral("–"), this));
    second->addWidget(mHigh);
    second->addStretch(1);
    second->addWidget(fit);
    second->addWidget(one);
    second->addWidget(save);
    rows->addLayout(second);
    controls->setMinimumHeight(controls->sizeHint().height());
    layout->addWidget(controls);
    mCanvas = new HeatmapCanvas(&mTransform, this);
    layout->addWidget(mCanvas, 1);
    mFrameBar = new FrameBar(this);
    layout->addWidget(mFrameBar);
    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("pictureStatus"));
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->setMinimumWidth(50);
    mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(mStatus);

    mWatcher = new DeliveryWatcher<std::shared_ptr<PictureFrame>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &PictureView::renderDone);
    mStackWatcher = new DeliveryWatcher<std::shared_ptr<PictureFrame>>(this);
    connect(mStackWatcher, &QFutureWatcherBase::finished, this, [this]() {
        const auto r = mStackWatcher->result();
        if (!r || mStackVersion != mVersion)
            return;
        mHaveStackRange = true;
        mStackRange = r->minMax;
        if (mRangeChoice == RangeChoice::StackMinMax)
            scheduleRender(false);
    });

    connect(mMode, &QComboBox::activated, this, [this](int i) {
        const int mode = mMode->itemData(i).toInt();
        if (mode >= 100) {
            emit channelHeatmapRequested(mode - 100);
            rebuildControls();
            return;
        }
        mOptions.order = (mode & 1) ? npy::ChannelOrder::Bgr : npy::ChannelOrder::Rgb;
        mOptions.alpha = (mode & 2) != 0;
        scheduleRender(false);
    });
    connect(mAxis, &QComboBox::activated, this, [this](int i) { emit channelAxisRequested(mAxis->itemData(i).toInt()); });
    connect(mRange, &QComboBox::activated, this, [this](int i) {
        if (RangeChoice(i) == RangeChoice::Manual)
            setManualRange(mShownRange.low, mShownRange.high);
        else
            setRangeChoice(RangeChoice(i));
    });
    auto edited = [this]() {
        bool okLow = false, okHigh = false;
        const double low = mLow->text().toDouble(&okLow), high = mHigh->text().toDouble(&okHigh);
        if (okLow && okHigh && std::isfinite(low) && std::isfinite(high) && low < high)
            setManualRange(low, high);
        else
            syncRangeControls();
    };
    connect(mLow, &QLineEdit::editingFinished, this, edited);
    connect(mHigh, &QLineEdit::editingFinished, this, edited);
    connect(fit, &QToolButton::clicked, this, &PictureView::fitToView);
    connect(one, &QToolButton::clicked, this, &PictureView::zoomOneToOne);
    connect(save, &QToolButton::clicked, this, &PictureView::exportPng);

    connect(mCanvas, &HeatmapCanvas::resized, this, [this]() {
        ViewTransform &t = transform();
        if (t.isFitted() || !t.hasView())
            t.fit();
        else
            t.setView(t.origin(), t.scaleX(), t.scaleY());
        viewChanged();
    });
    connect(mCanvas, &HeatmapCanvas::panned, this, [this](QPointF delta) {
        transform().pan(delta);
        viewChanged();
    });
    connect(mCanvas, &HeatmapCanvas::zoomRequested, this, [this](double factor, QPointF at) {
        transform().zoomAt(factor, at);
        viewChanged();
    });
    connect(mCanvas, &HeatmapCanvas::areaRequested, this, &PictureView::setVisibleArea);
    connect(mCanvas, &HeatmapCanvas::fitRequested, this, &PictureView::fitToView);
    connect(mCanvas, &HeatmapCanvas::oneToOneRequested, this, &PictureView::zoomOneToOne);
    connect(mCanvas, &HeatmapCanvas::cellClicked, this, &PictureView::cellClicked);
    connect(mCanvas, &HeatmapCanvas::mouseMoved, this, [this](QPointF pos) {
        qint64 row = 0, col = 0;
        mHoverCell = transform().cellAt(pos, &row, &col) ? QPoint(int(qMin<qint64>(col, INT_MAX)), int(qMin<qint64>(row, INT_MAX)))
                                                         : QPoint(-1, -1);
        mHover = mHoverCell.x() >= 0 ? hoverText(row, col) : QString();
        updateStatus();
        emit hovered(mHover);
    });
    connect(mCanvas, &HeatmapCanvas::mouseLeft, this, [this]() {
        mHoverCell = QPoint(-1, -1);
        mHover.clear();
        updateStatus();
        emit hovered(QString());
    });
    clear(tr("A colour image (H × W × 3 or 4, 3 × H × W, and stacks of them) is shown here."));
}

PictureView::~PictureView()
{
    mCanvas->disconnect(this);
    for (auto *cancel : {mCancel.get(), mStackCancel.get()}) {
        if (cancel)
            cancel->store(true);
    }
    mWatcher->waitForFinished();
    mStackWatcher->waitForFinished();
}

ViewTransform &PictureView::transform()
{
    mTransform.setViewportSize(mCanvas->size());
    return mTransform;
}

QWidget *PictureView::canvas() const
{
    return mCanvas;
}

void PictureView::setPicture(const npy::NpyArray &array, const npy::PictureLayout &layout,
                             const QList<qint64> &index, quint64 version)
{
    const bool newShape = mArray.isNull() || layout.rowAxis < 0 || mLayout.rowAxis != layout.rowAxis
                          || mLayout.colAxis != layout.colAxis || mArray.shape() != array.shape();
    const bool newLayout = !(mLayout == layout) || mLayout.channels != layout.channels;
    if (version != mVersion) {
        mFrameRanges.clear();
        mHaveStackRange = false;
        if (mStackCancel)
            mStackCancel->store(true);
    }
    mArray = array;
    mLayout = layout;
    mIndex = index;
    mVersion = version;
    mError.clear();
    mCanvas->setErrorText(QString());
    mFrame = npy::frameOfIndex(layout, array.shape(), index);
    if (newLayout) {
        mOptions.alpha = layout.channels == 4;
        rebuildControls();
    }
    ViewTransform &t = transform();
    t.setSliceSize(array.shape()[layout.rowAxis], array.shape()[layout.colAxis]);
    if (newShape || !t.hasView())
        t.fit();
    if (mRangeChoice == RangeChoice::StackMinMax)
        requestStackRange();
    // The cell under the mouse now shows another frame's values.
    if (mHoverCell.x() >= 0 && mHoverCell.y() < t.rows() && mHoverCell.x() < t.cols())
        mHover = hoverText(mHoverCell.y(), mHoverCell.x());
    viewChanged();
}

void PictureView::clear(const QString &message)
{
    mArray = npy::NpyArray();
    mLayout = npy::PictureLayout();
    mError = message;
    ++mGeneration;
    if (mCancel)
        mCancel->store(true);
    transform().setSliceSize(0, 0);
    mCanvas->picture() = QImage();
    mCanvas->setErrorText(message);
    mFrameBar->setFrames(0);
    mStatus->clear();
}

void PictureView::rebuildControls()
{
    mMode->clear();
    const int channels = mLayout.channels;
    mMode->addItem(tr("RGB"), 0);
    if (channels == 4)
        mMode->addItem(tr("RGBA"), 2);
    mMode->addItem(tr("BGR"), 1);
    if (channels == 4)
        mMode->addItem(tr("BGRA"), 3);
    for (int c = 0; c < channels; ++c)
        mMode->addItem(tr("Channel %1 (heatmap)").arg(c), 100 + c);
    const int current = (mOptions.order == npy::ChannelOrder::Bgr ? 1 : 0) | (mOptions.alpha && channels == 4 ? 2 : 0);
    mMode->setCurrentIndex(qMax(0, mMode->findData(current)));
    mAxis->clear();
    const QList<qint64> &shape = mArray.shape();
    for (int axis = 0; axis < shape.size(); ++axis) {
        if (shape[axis] == 3 || shape[axis] == 4)
            mAxis->addItem(tr("axis %1 (%2)").arg(axis).arg(shape[axis]), axis);
    }
    mAxis->setCurrentIndex(qMax(0, mAxis->findData(mLayout.channelAxis)));
    mAxis->setEnabled(mAxis->count() > 1);
    syncRangeControls();
}

void PictureView::syncRangeControls()
{
    mRange->setCurrentIndex(int(mRangeChoice));
    const npy::PictureRange r = mRangeChoice == RangeChoice::Manual ? mManual : mShownRange;
    mLow->setText(QString::number(r.low, 'g', 8));
    mHigh->setText(QString::number(r.high, 'g', 8));
}

void PictureView::setChannelOrder(npy::ChannelOrder order)
{
    mOptions.order = order;
    rebuildControls();
    scheduleRender(false);
}

void PictureView::setAlphaShown(bool shown)
{
    mOptions.alpha = shown;
    rebuildControls();
    scheduleRender(false);
}

void PictureView::setRangeChoice(RangeChoice choice)
{
    mRangeChoice = choice;
    if (choice == RangeChoice::StackMinMax)
        requestStackRange();
    syncRangeControls();
    scheduleRender(false);
}

void PictureView::setManualRange(double low, double high)
{
    if (!(low < high))
        std::swap(low, high);
    if (!(low < high))
        high = low + 1.0;
    mManual = {low, high};
    setRangeChoice(RangeChoice::Manual);
}

void PictureView::requestStackRange()
{
    if (mArray.isNull() || mHaveStackRange || (mStackWatcher->isBusy() && mStackVersion == mVersion))
        return;
    if (mStackCancel)
        mStackCancel->store(true);
    mStackWatcher->waitForFinished();
    mStackCancel = std::make_shared<std::atomic_bool>(false);
    mStackVersion = mVersion;
    const npy::NpyArray array = mArray;
    const npy::PictureLayout layout = mLayout;
    const QList<qint64> index = mIndex;
    const auto cancel = mStackCancel;
    mStackWatcher->watch(QtConcurrent::run(jobPool(), [array, layout, index, cancel]() -> std::shared_ptr<PictureFrame> {
        auto r = std::make_shared<PictureFrame>();
        if (!npy::pictureMinMax(array, layout, index, true, &r->minMax.first, &r->minMax.second, cancel.get()))
            return nullptr;
        return r;
    }));
    updateStatus();
}

QString PictureView::rangeKey(qint64 frame) const
{
    return QStringLiteral("%1|%2").arg(mVersion).arg(frame);
}

bool PictureView::makeJob(PictureJob *job) const
{
    if (mArray.isNull() || !mError.isEmpty())
        return false;
    const qreal dpr = mCanvas->devicePixelRatioF();
    const QSize out(int(std::ceil(mCanvas->width() * dpr)), int(std::ceil(mCanvas->height() * dpr)));
    if (out.isEmpty())
        return false;
    job->array = mArray;
    job->layout = mLayout;
    job->index = mIndex;
    job->frame = mFrame;
    job->options = mOptions;
    job->choice = mRangeChoice;
    job->manual = mManual;
    const auto known = mFrameRanges.constFind(rangeKey(mFrame));
    job->haveFrameMinMax = known != mFrameRanges.cend();
    if (job->haveFrameMinMax)
        job->frameMinMax = *known;
    job->haveStackMinMax = mHaveStackRange;
    job->stackMinMax = mStackRange;
    job->source = mTransform.visibleArea();
    job->output = out;
    job->dpr = dpr;
    // Zoomed in (an element or less per pixel) the element under each pixel is already the exact picture.
    const double perPixel = qMax(job->source.width() / out.width(), job->source.height() / out.height());
    job->options.exact = mExactDue || perPixel <= 1.0;
    job->generation = mGeneration;
    return true;
}

void PictureView::scheduleRender(bool exact)
{
    ++mGeneration;
    mExactDue = exact;
    if (mWatcher->isBusy()) {
        if (mCancel)
            mCancel->store(true);
        mPending = true;
        return;
    }
    startRender();
}

void PictureView::startRender()
{
    mPending = false;
    PictureJob job;
    if (!makeJob(&job))
        return;
    mCancel = std::make_shared<std::atomic_bool>(false);
    const auto cancel = mCancel;
    mWatcher->watch(QtConcurrent::run(jobPool(), [job, cancel]() { return drawPicture(job, cancel); }));
}

void PictureView::renderDone()
{
    const std::shared_ptr<PictureFrame> r = mWatcher->result();
    if (r && r->computedMinMax)
        mFrameRanges.insert(QStringLiteral("%1|%2").arg(mVersion).arg(r->frame), r->minMax);
    if (mPending || !r || r->generation != mGeneration) {
        if (mPending)
            startRender();
        return;
    }
    mCanvas->picture() = r->image;
    mCanvas->setPictureArea(r->area);
    mCanvas->update();
    mShownRange = r->range;
    mStats = r->stats;
    mShownExact = r->exact;
    if (mRangeChoice != RangeChoice::Manual)
        syncRangeControls();
    updateStatus();
    if (!r->exact) {
        scheduleRender(true);
        return;
    }
    emit frameDrawn(r->frame);
}

bool PictureView::isRendering() const
{
    return mWatcher->isBusy() || mPending;
}

void PictureView::viewChanged()
{
    mCanvas->update();
    scheduleRender(false);
}

void PictureView::fitToView()
{
    transform().fit();
    viewChanged();
}

void PictureView::zoomOneToOne()
{
    transform().zoomOneToOne(mCanvas->devicePixelRatioF());
    viewChanged();
}

QRectF PictureView::visibleArea() const
{
    mTransform.setViewportSize(mCanvas->size());
    return mTransform.visibleArea();
}

void PictureView::setVisibleArea(const QRectF &area)
{
    if (transform().setVisibleArea(area))
        viewChanged();
}

QPointF PictureView::sliceToCanvas(QPointF slicePos) const
{
    mTransform.setViewportSize(mCanvas->size());
    return mTransform.sliceToCanvas(slicePos);
}

QImage PictureView::renderedImage() const
{
    return mCanvas->picture();
}

QString PictureView::hoverText(qint64 row, qint64 col) const
{
    if (mArray.isNull())
        return QString();
    QList<qint64> at = mIndex;
    at[mLayout.rowAxis] = row;
    at[mLayout.colAxis] = col;
    static const char *const kNames[] = {"R", "G", "B", "A"};
    QStringList values;
    for (int c = 0; c < mLayout.channels; ++c) {
        npy::SliceSpec spec;
        spec.rowAxis = mLayout.rowAxis;
        spec.colAxis = mLayout.colAxis;
        spec.index = mIndex;
        spec.index[mLayout.channelAxis] = c;
        auto access = npy::SliceAccess::create(mArray, spec, npy::ComplexPart::Real);
        if (!access)
            return QString();
        int name = c;
        if (mOptions.order == npy::ChannelOrder::Bgr && c < 3)
            name = 2 - c;
        values << QStringLiteral("%1 %2").arg(QLatin1String(kNames[name]), access.value().text(row, col));
    }
    QStringList index;
    for (int axis = 0; axis < at.size(); ++axis)
        index << (axis == mLayout.channelAxis ? QStringLiteral(":") : QString::number(at[axis]));
    return QStringLiteral("[%1]  %2").arg(index.join(QStringLiteral(", ")), values.join(QStringLiteral("  ")));
}

void PictureView::updateStatus()
{
    QStringList parts;
    if (!mHover.isEmpty())
        parts << mHover;
    if (!mArray.isNull()) {
        parts << tr("range %1 … %2").arg(mShownRange.low, 0, 'g', 6).arg(mShownRange.high, 0, 'g', 6);
        const double perPixel = qMax(mStats.elementsPerPixelX, mStats.elementsPerPixelY);
        if (perPixel > 1.0)
            parts << (mShownExact ? tr("1 px = mean of %1 × %2 elements")
                                        .arg(mStats.elementsPerPixelX, 0, 'f', 1)
                                        .arg(mStats.elementsPerPixelY, 0, 'f', 1)
                                  : tr("preview (sampled)…"));
        if (mStats.clipped() > 0)
            parts << tr("%n value(s) clipped", nullptr, int(qMin<qint64>(mStats.clipped(), std::numeric_limits<int>::max())));
        if (mStats.nan > 0)
            parts << tr("%n NaN drawn as 0", nullptr, int(qMin<qint64>(mStats.nan, std::numeric_limits<int>::max())));
        if (mRangeChoice == RangeChoice::StackMinMax && !mHaveStackRange)
            parts << tr("finding the stack's range…");
    }
    mStatus->setText(parts.join(QStringLiteral("   ·   ")));
}

QString PictureView::statusText() const
{
    return mStatus->text();
}

} // namespace npyw
