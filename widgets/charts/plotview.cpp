#include "plotview.h"

#include "axisticks.h"
#include "plotjobs.h"
#include "xyplotview.h"
#include "stats.h"
#include "valuetext.h"

#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace npyw {

PlotView::PlotView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 120);
    mJobs = new EnvelopeScheduler([this](EnvelopeJob *job) { return makeJob(job); },
                                  [this](EnvelopeResult &&r) { takeResult(std::move(r)); }, this);
    mXY = new XYPlotView(this);
    mXY->hide();
    connect(mXY, &XYPlotView::hovered, this, &PlotView::pointHovered);
}

PlotView::~PlotView()
{
    mJobs->cancelAndWait();
}

bool PlotView::setSeries(const npy::NpyArray &array, const npy::SliceSpec &spec, Line line, qint64 index)
{
    mXY->hide(); // kept: the same x again (setXSeries()) keeps its view
    mArray = array;
    mSpec = spec;
    mLine = line;
    mIndex = index;
    mMarker = -1;
    mHaveX = false;
    mXAccess = npy::SliceAccess();
    mXName.clear();
    mYName.clear();
    if (array.dtype().kind == npy::Kind::Struct && spec.field >= 0)
        mYName = npy::leafColumns(array.dtype()).value(spec.field).name;
    rebuild();
    fit();
    return mError.isEmpty();
}

void PlotView::setXField(const npy::NpyArray &array, const npy::SliceSpec &spec)
{
    auto access = npy::SliceAccess::create(array, spec);
    mHaveX = access && access.value().rows() == mCount && mLine == Line::Column;
    if (!mHaveX)
        return;
    mXAccess = access.value();
    mXName = npy::leafColumns(array.dtype()).value(spec.field).name;
    mTitle = mYName.isEmpty() ? QString() : tr("%1 vs %2").arg(mYName, mXName);
    mLabels.clear();
    viewChanged();
}

bool PlotView::setXSeries(const PlotSeries &x, const QString &yName)
{
    if (mCount <= 0 || !mError.isEmpty() || !mSeries.first)
        return false;
    mXName = x.name;
    mXY->setGeometry(rect());
    mXY->setSeries(x, PlotSeries::of(mAccess, mSeries, yName));
    mXY->show();
    mXY->raise();
    return x.count() == mCount;
}

bool PlotView::isXY() const
{
    return !mXY->isHidden();
}

void PlotView::setXValues(const npy::NpyArray &values, const QString &name)
{
    npy::SliceSpec spec;
    spec.rowAxis = 0;
    spec.index = {0};
    auto access = values.ndim() == 1 ? npy::SliceAccess::create(values, spec, npy::ComplexPart::Real)
                                     : npy::Result<npy::SliceAccess>::failure(QString());
    mHaveX = access && access.value().rows() == mCount && mCount > 0;
    if (!mHaveX)
        return;
    mXAccess = access.value();
    mXName = name;
    const QString line = mTitle;
    mTitle = line.isEmpty() ? tr("against %1").arg(name) : tr("%1 against %2").arg(line, name);
    mLabels.clear();
    viewChanged();
}

QString PlotView::valueLabel(double value, double step, double largest) const
{
    if (mAccess.type().kind == npy::Kind::DateTime && std::isfinite(value))
        return dateTickLabel(mAccess.type(), value);
    return tickLabel(value, step, largest);
}

QString PlotView::indexLabel(qint64 i) const
{
    if (mHaveX && i >= 0 && i < mXAccess.rows())
        return mXAccess.text(i, 0);
    return QString::number(i);
}

QString PlotView::drawnIndexLabel(qint64 i) const
{
    if (mHaveX) {
        const auto it = mLabels.constFind(i);
        if (it != mLabels.constEnd())
            return it.value();
    }
    return QString::number(i);
}

void PlotView::setComplexPart(npy::ComplexPart part)
{
    mPart = part;
    rebuild();
    fit();
}

void PlotView::clear(const QString &message)
{
    mXY->hide();
    mXY->clear();
    mJobs->invalidate();
    mTicks = ValueTicks();
    mArray = npy::NpyArray();
    mAccess = npy::SliceAccess();
    mSeries = npy::SeriesMemory();
    mEnv = npy::Envelope();
    mShown = mRunning = PlotRange();
    mCount = 0;
    mMarker = -1;
    mError = message;
    update();
}

void PlotView::setMarker(qint64 index)
{
    mMarker = index >= 0 && index < mCount ? index : -1;
    mMarkerKnown = false;
    mMarkerPan = mMarker >= 0;
    if (mMarker >= 0) {
        QRectF v = mView;
        const double x = double(mMarker);
        if (x < v.left() || x > v.right())
            v.moveCenter(QPointF(x, v.center().y()));
        mView = v;
    }
    viewChanged();
}

void PlotView::rebuild()
{
    mJobs->invalidate();
    mTicks = ValueTicks();
    mCount = 0;
    mHover = -1;
    mEnv = npy::Envelope();
    mEnvComplete = false;
    mEnvDone = 0;
    mLabels.clear();
    mRangeKnown = mRangeExact = false;
    mShown = mRunning = PlotRange();
    mMarkerKnown = false;
    mMin = 0, mMax = 1;
    mSeries = npy::SeriesMemory();
    auto access = npy::SliceAccess::create(mArray, mSpec, mPart);
    if (!access) {
        mError = access.error();
        update();
        return;
    }
    mAccess = access.value();
    mError.clear();
    const qint64 lines = mLine == Line::Row ? mAccess.rows() : mAccess.cols();
    if (mIndex < 0 || mIndex >= lines) {
        mError = tr("no %1 %2 in this slice").arg(mLine == Line::Row ? tr("row") : tr("column")).arg(mIndex);
        update();
        return;
    }
    mCount = mLine == Line::Row ? mAccess.cols() : mAccess.rows();
    mTitle = mAccess.cols() == 1 && mLine == Line::Column ? mYName
             : mLine == Line::Row ? tr("row %1").arg(mIndex)
                                  : tr("column %1").arg(mIndex);
    // The line's samples: where they lie, not what they are (the worker reads them).
    mSeries.first = mCount > 0 ? (mLine == Line::Row ? mAccess.element(mIndex, 0) : mAccess.element(0, mIndex)) : nullptr;
    mSeries.stride = mLine == Line::Row ? mAccess.colStride() : mAccess.rowStride();
    mSeries.type = mAccess.type();
    mSeries.part = mPart;
    mSeries.count = mCount;
    mSeries.releasable = mAccess.isReadOnlyMap();
    update();
}

double PlotView::valueAt(qint64 i) const
{
    if (i < 0 || i >= mCount)
        return std::nan("");
    return mLine == Line::Row ? mAccess.value(mIndex, i) : mAccess.value(i, mIndex);
}

bool PlotView::isComputing() const
{
    return mCount > 0 && (mJobs->isBusy() || !mEnvComplete);
}

void PlotView::fit()
{
    mUserMoved = false;
    double lo = mRangeKnown ? mMin : 0.0, hi = mRangeKnown ? mMax : 1.0;
    if (hi == lo)
        lo -= 0.5, hi += 0.5;
    const double pad = (hi - lo) * 0.05;
    mView = QRectF(QPointF(-0.5, lo - pad), QPointF(std::max<double>(double(mCount) - 0.5, 0.5), hi + pad)).normalized();
    viewChanged();
}

void PlotView::setViewRange(const QRectF &range)
{
    mView = range.normalized();
    mUserMoved = true;
    viewChanged();
}

PlotView::PlotRange PlotView::wantedRange() const
{
    PlotRange r;
    const int width = std::max(1, plotArea().width());
    if (!mRangeExact) {
        // The first pass covers every sample: its extremes are the series' (the y range of fit()).
        r.begin = 0;
        r.end = mCount;
    } else {
        r.begin = std::clamp<qint64>(qint64(std::ceil(mView.left())), 0, mCount);
        r.end = std::clamp<qint64>(qint64(std::floor(mView.right())) + 1, r.begin, mCount);
        if (r.end <= r.begin) {
            // Nothing in view: the nearest sample, so that the view still says where the data is.
            r.begin = std::clamp<qint64>(qint64(std::llround(mView.center().x())), 0, std::max<qint64>(mCount - 1, 0));
            r.end = std::min(r.begin + 1, mCount);
        }
    }
    r.bins = std::clamp<qint64>(r.end - r.begin, 1, width);
    return r;
}

QList<qint64> PlotView::missingLabels() const
{
    QList<qint64> out;
    if (!mHaveX)
        return out;
    for (double t : indexTicks(plotArea().width()))
        if (!mLabels.contains(qint64(t)))
            out.append(qint64(t));
    if (mHover >= 0 && !mLabels.contains(mHover))
        out.append(mHover);
    return out;
}

void PlotView::viewChanged()
{
    if (mCount > 0 && mError.isEmpty() && mSeries.first) {
        const PlotRange want = wantedRange();
        const bool busy = mJobs->isBusy();
        bool need = !(want == mShown && mEnvComplete) && !(busy && want == mRunning);
        // Labels and the marked value wait for a running pass (its result asks again): a long first pass is
        // never restarted for them.
        if (!busy)
            need = need || !missingLabels().isEmpty() || (mMarker >= 0 && !mMarkerKnown);
        if (need)
            mJobs->request();
    }
    update();
}

void PlotView::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    mXY->setGeometry(rect());
    viewChanged();
}

bool PlotView::makeJob(EnvelopeJob *job)
{
    // Covered by the x-against-y plot: no pass (setSeries() asks again when it hides it).
    if (mCount <= 0 || !mError.isEmpty() || !mSeries.first || isXY())
        return false;
    const PlotRange want = wantedRange();
    job->readsOnly = want == mShown && mEnvComplete;
    if (!job->readsOnly)
        mRunning = want;
    job->access = mAccess;
    job->series = mSeries;
    job->begin = want.begin;
    job->end = want.end;
    job->bins = want.bins;
    if (mHaveX) {
        job->xAccess = mXAccess;
        job->labelIndexes = missingLabels();
    }
    if (mMarker >= 0 && !mMarkerKnown)
        job->valueIndexes.append(mMarker);
    return true;
}

void PlotView::takeResult(EnvelopeResult &&r)
{
    for (auto it = r.labels.cbegin(); it != r.labels.cend(); ++it)
        mLabels.insert(it.key(), it.value());
    if (mMarker >= 0 && r.values.contains(mMarker)) {
        mMarkerValue = r.values.value(mMarker);
        mMarkerKnown = true;
    }
    const bool whole = !r.readsOnly && r.envelope.begin == 0 && r.envelope.end == mCount;
    // A report of a pass still running replaces a finished picture only when the pass is slow.
    const bool show = !r.readsOnly && (r.complete || !mEnvComplete || mEnv.bins.empty() || r.elapsed >= 300 || whole);
    if (show) {
        mEnv = std::move(r.envelope);
        mEnvComplete = r.complete;
        mEnvDone = r.done;
        if (r.complete)
            mShown = PlotRange{mEnv.begin, mEnv.end, qint64(mEnv.bins.size())};
    }
    if (show && whole) {
        if (mEnv.minIndex >= 0) {
            mMin = mEnv.min;
            mMax = mEnv.max;
            mRangeKnown = true;
        }
        mRangeExact = r.complete;
        if (!mUserMoved && mRangeKnown)
            fit();
    }
    if (mMarkerPan && mMarkerKnown) {
        mMarkerPan = false;
        if (std::isfinite(mMarkerValue) && (mMarkerValue < mView.top() || mMarkerValue > mView.bottom()))
            mView.moveCenter(QPointF(mView.center().x(), mMarkerValue));
    }
    mTicks = ValueTicks();
    viewChanged();
    if (mHover >= 0)
        emit pointHovered(mHover, hoverText(mHover));
}

QString PlotView::sampleText(double v, bool compact) const
{
    return XYPlotView::valueText(mSeries.type, v, compact);
}

QString PlotView::hoverText(qint64 i, bool compact) const
{
    const std::vector<npy::EnvelopeBin> &bins = mEnv.bins;
    const auto it = std::upper_bound(bins.begin(), bins.end(), i,
                                     [](qint64 v, const npy::EnvelopeBin &b) { return v < b.start; });
    if (it == bins.begin() || i >= mEnv.end)
        return QStringLiteral("[%1]").arg(drawnIndexLabel(i));
    const npy::EnvelopeBin &b = *(it - 1);
    if (b.stop - b.start == 1 && b.start == i)
        return QStringLiteral("[%1] = %2").arg(drawnIndexLabel(i), sampleText(b.first, compact));
    if (b.minIndex < 0)
        return tr("[%1 … %2] no value").arg(drawnIndexLabel(b.start), drawnIndexLabel(b.stop - 1));
    return tr("[%1 … %2] = %3 … %4")
        .arg(drawnIndexLabel(b.start), drawnIndexLabel(b.stop - 1), sampleText(b.min, compact),
             sampleText(b.max, compact));
}

QString PlotView::statusText() const
{
    if (mCount == 0 || mEnv.bins.empty())
        return mCount > 0 ? tr("computing…") : QString();
    const qint64 n = mEnv.end - mEnv.begin;
    const qint64 bins = qint64(mEnv.bins.size());
    const int width = std::max(1, plotArea().width());
    QString text;
    if (n <= width) {
        text = tr("every sample drawn");
    } else {
        const double perPixel = double(n) / double(bins);
        text = tr("1 px = %1 samples, min–max")
                   .arg(perPixel >= 100 || perPixel == std::floor(perPixel) ? QString::number(std::llround(perPixel))
                                                                            : QString::number(perPixel, 'f', 1));
    }
    if (!mEnvComplete && bins > 0)
        text += tr(" · computing %1 %").arg(mEnvDone * 100 / bins);
    return text;
}

qint64 PlotView::indexAt(double x) const
{
    const QRect a = plotArea();
    if (mCount == 0 || x < a.left() || x > a.right())
        return -1;
    const qint64 i = qint64(std::llround(mView.left() + (x - a.left()) / a.width() * mView.width()));
    return i >= 0 && i < mCount ? i : -1;
}

void PlotView::zoomAt(double factor, QPointF pos, bool valueAxis)
{
    const QRect a = plotArea();
    QRectF v = mView;
    if (valueAxis) {
        const double y = mView.top() + (a.bottom() - pos.y()) / a.height() * mView.height();
        v.setTop(y - (y - mView.top()) / factor);
        v.setBottom(y + (mView.bottom() - y) / factor);
    } else {
        const double x = mView.left() + (pos.x() - a.left()) / a.width() * mView.width();
        const double w = std::max(mView.width() / factor, 2.0);
        const double left = x - (x - mView.left()) * (w / mView.width());
        v.setLeft(left);
        v.setRight(left + w);
    }
    setViewRange(v);
}

void PlotView::mousePressEvent(QMouseEvent *e)
{
    mPressed = e->button() == Qt::LeftButton;
    mDragging = false;
    mPressPos = mLastPos = e->position();
}

void PlotView::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (mPressed && (pos - mPressPos).manhattanLength() > 4)
        mDragging = true;
    if (mDragging) {
        const QRect a = plotArea();
        const QPointF d = pos - mLastPos;
        QRectF v = mView;
        v.translate(-d.x() / a.width() * mView.width(), d.y() / a.height() * mView.height());
        setViewRange(v);
    }
    mLastPos = pos;
    const qint64 i = indexAt(pos.x());
    if (i != mHover) {
        mHover = i;
        update();
        if (i >= 0)
            emit pointHovered(i, hoverText(i));
        if (i >= 0 && mHaveX && !mLabels.contains(i))
            viewChanged();
    }
}

void PlotView::mouseReleaseEvent(QMouseEvent *e)
{
    if (mPressed && !mDragging) {
        const qint64 i = indexAt(e->position().x());
        if (i >= 0)
            emit pointClicked(i);
    }
    mPressed = mDragging = false;
}

void PlotView::mouseDoubleClickEvent(QMouseEvent *)
{
    fit();
}

void PlotView::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0.0)
        zoomAt(std::pow(1.25, steps), e->position(), e->modifiers() & Qt::ShiftModifier);
    e->accept();
}

void PlotView::leaveEvent(QEvent *)
{
    mHover = -1;
    update();
}

} // namespace npyw
