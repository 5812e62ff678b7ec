#include "xyplotview.h"

#include <QActionGroup>
#include <QMenu>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace npyw {

XYPlotView::XYPlotView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 120);
    mJobs = new XYScheduler([this](XYJob *job) { return makeJob(job); },
                            [this](XYResult &&r) { takeResult(std::move(r)); }, this);
}

XYPlotView::~XYPlotView()
{
    mJobs->cancelAndWait();
}

void XYPlotView::setSeries(const PlotSeries &x, const PlotSeries &y)
{
    if (mX.count() > 0 && x.sameSamples(mX) && y.sameSamples(mY) && mError.isEmpty()) {
        mX.name = x.name;
        mY.name = y.name;
        update();
        return;
    }
    clear();
    mX = x;
    mY = y;
    if (x.count() != y.count())
        mError = tr("x (%1) has %2 values and y (%3) %4: a plot of one against the other needs as many")
                     .arg(x.name)
                     .arg(x.count())
                     .arg(y.name)
                     .arg(y.count());
    else if (x.count() == 0)
        mError = tr("Nothing to plot: the series are empty.");
    viewChanged();
}

void XYPlotView::clear(const QString &message)
{
    mJobs->invalidate();
    mX = mY = PlotSeries();
    mError = message;
    mMode = XYMode::Unknown;
    mScanned = mHaveShown = false;
    mXScan = mYScan = npy::SeriesScan();
    mLine = npy::SortedEnvelope();
    mPoints.reset();
    mAllPoints.reset();
    mDensity.reset();
    mMaxCount = 0;
    mImage = QImage();
    mArea = AreaCache();
    mView = QRectF(0, 0, 1, 1);
    update();
}

bool XYPlotView::isComputing() const
{
    return mError.isEmpty() && mX.count() > 0 && (mJobs->isBusy() || !mScanned || !mHaveShown);
}

void XYPlotView::setPointLimit(qint64 limit)
{
    mPointLimit = std::max<qint64>(0, limit);
    mAllPoints.reset();
    mArea = AreaCache();
    mHaveShown = false;
    viewChanged();
}

void XYPlotView::setDensityStyle(const DensityStyle &style)
{
    mStyle = style;
    viewChanged();
}

void XYPlotView::addViewActions(QMenu *menu)
{
    if (mMode != XYMode::Points && mMode != XYMode::Density)
        return;
    QMenu *maps = menu->addMenu(tr("Density &Colormap"));
    auto *group = new QActionGroup(maps);
    const QStringList names = npy::colormapNames();
    for (int i = 0; i < names.size(); ++i) {
        QAction *a = maps->addAction(names[i], this, [this, i]() {
            DensityStyle s = mStyle;
            s.colormap = npy::Colormap(i);
            setDensityStyle(s);
        });
        a->setCheckable(true);
        a->setChecked(int(mStyle.colormap) == i);
        group->addAction(a);
    }
    QAction *reversed = maps->addAction(tr("Reversed"), this, [this](bool on) {
        DensityStyle s = mStyle;
        s.reversed = on;
        setDensityStyle(s);
    });
    reversed->setCheckable(true);
    reversed->setChecked(mStyle.reversed);
    QAction *log = menu->addAction(tr("&Log Counts"), this, [this](bool on) {
        DensityStyle s = mStyle;
        s.log = on;
        setDensityStyle(s);
    });
    log->setCheckable(true);
    log->setChecked(mStyle.log);
}

void XYPlotView::fit()
{
    auto span = [](double lo, double hi) {
        if (!(std::isfinite(lo) && std::isfinite(hi)))
            return std::pair(0.0, 1.0);
        if (hi == lo)
            return std::pair(lo - 0.5, hi + 0.5);
        const double pad = (hi - lo) * 0.05;
        return std::pair(lo - pad, hi + pad);
    };
    const auto [x0, x1] = span(mXScan.min, mXScan.max);
    const auto [y0, y1] = span(mYScan.min, mYScan.max);
    mView = QRectF(QPointF(x0, y0), QPointF(x1, y1));
    viewChanged();
}

void XYPlotView::setViewRange(const QRectF &range)
{
    const QRectF v = range.normalized();
    if (!(v.width() > 0 && v.height() > 0 && std::isfinite(v.left()) && std::isfinite(v.right())
          && std::isfinite(v.top()) && std::isfinite(v.bottom())))
        return;
    mView = v;
    viewChanged();
}

void XYPlotView::zoomAt(QPointF pos, double fx, double fy)
{
    const QPointF c = toData(pos);
    QRectF v = mView;
    // Never narrower than the doubles can tell apart.
    const auto keep = [](double w, double at) { return w > std::abs(at) * 1e-12 && w > 1e-300; };
    if (fx != 1.0 && keep(mView.width() / fx, c.x())) {
        v.setLeft(c.x() - (c.x() - mView.left()) / fx);
        v.setRight(c.x() + (mView.right() - c.x()) / fx);
    }
    if (fy != 1.0 && keep(mView.height() / fy, c.y())) {
        v.setTop(c.y() - (c.y() - mView.top()) / fy);
        v.setBottom(c.y() + (mView.bottom() - c.y()) / fy);
    }
    setViewRange(v);
}

XYPlotView::Want XYPlotView::wanted() const
{
    Want w;
    w.view = mView;
    const qreal dpr = devicePixelRatioF();
    const QRect a = plotArea();
    w.pixels = QSize(std::max(1, int(std::lround(a.width() * dpr))), std::max(1, int(std::lround(a.height() * dpr))));
    if (mMode != XYMode::Line)
        w.style = mStyle;
    return w;
}

void XYPlotView::viewChanged()
{
    if (mError.isEmpty() && mX.count() > 0) {
        const bool busy = mJobs->isBusy();
        if (!mScanned) {
            if (!busy)
                mJobs->request();
        } else {
            const Want want = wanted();
            if (!(mHaveShown && want == mShown) && !(busy && want == mRunning))
                mJobs->request();
        }
    }
    update();
}

void XYPlotView::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    viewChanged();
}

bool XYPlotView::makeJob(XYJob *job)
{
    if (!mError.isEmpty() || mX.count() <= 0)
        return false;
    job->x = mX;
    job->y = mY;
    if (!mScanned) {
        job->scan = true;
        return true;
    }
    const Want want = wanted();
    mRunning = want;
    job->order = mXScan.order;
    job->view = want.view;
    job->pixels = want.pixels;
    job->dpr = devicePixelRatioF();
    job->pointLimit = mPointLimit;
    job->allPoints = mAllPoints;
    job->style = want.style;
    return true;
}

void XYPlotView::takeResult(XYResult &&r)
{
    if (r.scan) {
        mXScan = r.xScan;
        mYScan = r.yScan;
        mScanned = true;
        mMode = r.mode;
        fit();
        return;
    }
    mMode = r.mode;
    mShown = Want{r.view, r.pixels, r.style};
    mShownView = r.view;
    mHaveShown = true;
    mLine = std::move(r.line);
    mPoints = r.points;
    if (r.allPoints)
        mAllPoints = r.points;
    mDensity = r.density;
    mMaxCount = r.maxCount;
    mImage = r.image;
    if (!r.error.isEmpty())
        mError = r.error;
    viewChanged();
    if (mHoverPos.x() >= 0)
        emit hovered(hoveredIndex(mHoverPos), hoverTextAt(mHoverPos));
}

QPointF XYPlotView::toData(QPointF pos) const
{
    const QRect a = plotArea();
    return QPointF(mView.left() + (pos.x() - a.left()) / std::max(1, a.width()) * mView.width(),
                   mView.top() + (a.bottom() - pos.y()) / std::max(1, a.height()) * mView.height());
}

double XYPlotView::xToPixel(double x) const
{
    const QRect a = plotArea();
    return a.left() + (x - mView.left()) / mView.width() * a.width();
}

double XYPlotView::yToPixel(double y) const
{
    const QRect a = plotArea();
    return a.bottom() - (y - mView.top()) / mView.height() * a.height();
}

void XYPlotView::mousePressEvent(QMouseEvent *e)
{
    mPressed = e->button() == Qt::LeftButton;
    mDragging = false;
    mPressPos = mLastPos = e->position();
}

void XYPlotView::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (mPressed && (pos - mPressPos).manhattanLength() > 4)
        mDragging = true;
    if (mDragging) {
        const QRect a = plotArea();
        const QPointF d = pos - mLastPos;
        QRectF v = mView;
        v.translate(-d.x() / std::max(1, a.width()) * mView.width(), d.y() / std::max(1, a.height()) * mView.height());
        setViewRange(v);
    }
    mLastPos = pos;
    mHoverPos = plotArea().contains(pos.toPoint()) ? pos : QPointF(-1, -1);
    update();
    emit hovered(hoveredIndex(pos), mHoverPos.x() >= 0 ? hoverTextAt(pos) : QString());
}

void XYPlotView::mouseReleaseEvent(QMouseEvent *)
{
    mPressed = mDragging = false;
}

void XYPlotView::mouseDoubleClickEvent(QMouseEvent *)
{
    fit();
}

void XYPlotView::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0.0) {
        const double f = std::pow(1.25, steps);
        const bool onlyY = e->modifiers() & Qt::ShiftModifier;
        const bool onlyX = (e->modifiers() & Qt::ControlModifier) || (mMode == XYMode::Line && !onlyY);
        zoomAt(e->position(), onlyY ? 1.0 : f, onlyX ? 1.0 : f);
    }
    e->accept();
}

void XYPlotView::leaveEvent(QEvent *)
{
    mHoverPos = QPointF(-1, -1);
    update();
    emit hovered(-1, QString());
}

} // namespace npyw
