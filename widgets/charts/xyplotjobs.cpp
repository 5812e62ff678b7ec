#include "jobpool.h"
#include "xyplotjobs.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace npyw {

namespace {

/** The colour of a point (the line's). */
constexpr npy::Argb kPointColor = npy::argb(31, 119, 180);

/** Points drawn as discs of \a radius device pixels into \a image, whose area shows \a view. */
void drawPoints(const npy::PointSet &points, const QRectF &view, qreal radius, QImage *image)
{
    const int w = image->width(), h = image->height();
    const int r = int(std::ceil(radius));
    // The disc's pixels, once.
    QList<QPoint> disc;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx)
            if (dx * dx + dy * dy <= radius * radius + 0.25)
                disc << QPoint(dx, dy);
    const double sx = w / view.width(), sy = h / view.height();
    auto *bits = reinterpret_cast<npy::Argb *>(image->bits());
    const qint64 stride = image->bytesPerLine() / 4;
    const npy::Argb color = npy::premultiplied(kPointColor);
    for (size_t i = 0; i < points.x.size(); ++i) {
        const double fx = (points.x[i] - view.left()) * sx;
        const double fy = h - (points.y[i] - view.top()) * sy;
        if (!(fx > -r - 1 && fx < w + r + 1 && fy > -r - 1 && fy < h + r + 1))
            continue;
        const int cx = int(std::floor(fx)), cy = int(std::floor(fy));
        for (const QPoint &d : std::as_const(disc)) {
            const int px = cx + d.x(), py = cy + d.y();
            if (px >= 0 && px < w && py >= 0 && py < h)
                bits[qint64(py) * stride + px] = color;
        }
    }
}

/** The counts of \a d as a picture (x to the right, y up; empty bins transparent) in \a style's colours. */
QImage densityImage(const npy::Density &d, qint64 maxCount, const DensityStyle &style)
{
    QImage image(int(d.width), int(d.height), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    if (maxCount <= 0)
        return image;
    const npy::ColorTable table = npy::colormapTable(style.colormap, style.reversed);
    npy::ColorMapping mapping;
    mapping.scale = style.log ? npy::ColorScale::Log : npy::ColorScale::Linear;
    mapping.low = style.log ? 1.0 : 0.0;
    mapping.high = double(maxCount);
    auto *bits = reinterpret_cast<npy::Argb *>(image.bits());
    const qint64 stride = image.bytesPerLine() / 4;
    for (qint64 ix = 0; ix < d.width; ++ix) {
        for (qint64 iy = 0; iy < d.height; ++iy) {
            const qint64 c = d.counts[size_t(ix * d.height + iy)];
            if (c > 0)
                bits[(d.height - 1 - iy) * stride + ix] = npy::premultiplied(table[npy::colorIndex(double(c), mapping)]);
        }
    }
    return image;
}

} // namespace

XYResult runXYJob(const XYJob &job, const std::atomic_bool *cancel)
{
    XYResult r;
    r.view = job.view;
    r.pixels = job.pixels;
    r.style = job.style;
    const npy::SeriesMemory &x = job.x.memory, &y = job.y.memory;
    if (job.scan) {
        r.scan = true;
        r.xScan = npy::scanSeries(x, cancel);
        r.yScan = npy::scanSeries(y, cancel);
        r.mode = r.xScan.order == npy::SeriesOrder::Unordered ? XYMode::Points : XYMode::Line;
        return r;
    }
    const int w = std::max(1, job.pixels.width()), h = std::max(1, job.pixels.height());
    if (job.order != npy::SeriesOrder::Unordered) {
        r.mode = XYMode::Line;
        r.line = npy::sortedEnvelope(x, job.order, y, job.view.left(), job.view.right(), w, cancel);
        return r;
    }
    const npy::DensityRange range{job.view.left(), job.view.right(), job.view.top(), job.view.bottom()};
    std::shared_ptr<const npy::PointSet> points = job.allPoints;
    if (!points && x.count <= job.pointLimit) {
        points = std::make_shared<const npy::PointSet>(npy::pointsInRange(x, y, nullptr, job.pointLimit, cancel));
        r.allPoints = true;
    } else if (!points) {
        auto inView = std::make_shared<const npy::PointSet>(npy::pointsInRange(x, y, &range, job.pointLimit, cancel));
        if (inView->complete)
            points = inView;
    } else {
        r.allPoints = true;
    }
    if (cancel && cancel->load())
        return r;
    r.image = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
    r.image.setDevicePixelRatio(job.dpr);
    if (points) {
        r.mode = XYMode::Points;
        r.points = points;
        r.image.fill(Qt::transparent);
        const qreal radius = (points->x.size() <= 20000 ? 2.5 : 1.5) * job.dpr;
        drawPoints(*points, job.view, radius, &r.image);
        return r;
    }
    r.mode = XYMode::Density;
    npy::Result<npy::Density> d = npy::computeDensity(x, y, w, h, range, cancel);
    if (!d) {
        r.error = d.error();
        r.image = QImage();
        return r;
    }
    auto density = std::make_shared<npy::Density>(std::move(d.value()));
    r.maxCount = density->counts.empty() ? 0 : *std::max_element(density->counts.begin(), density->counts.end());
    r.image = densityImage(*density, r.maxCount, job.style);
    r.image.setDevicePixelRatio(job.dpr);
    r.density = std::move(density);
    return r;
}

XYScheduler::XYScheduler(JobFactory factory, ResultHandler handler, QObject *parent)
    : QObject(parent), mFactory(std::move(factory)), mHandler(std::move(handler))
{
    mWatcher = new DeliveryWatcher<std::shared_ptr<XYResult>>(this);
    connect(mWatcher, &QFutureWatcherBase::finished, this, &XYScheduler::finished);
}

XYScheduler::~XYScheduler()
{
    cancelAndWait();
}

void XYScheduler::request()
{
    ++mGeneration;
    if (mScheduled)
        return;
    mScheduled = true;
    QTimer::singleShot(0, this, [this] {
        if (mScheduled)
            start();
    });
}

void XYScheduler::invalidate()
{
    ++mGeneration;
    mScheduled = false;
    if (mCancel)
        mCancel->store(true);
}

void XYScheduler::cancelAndWait()
{
    mScheduled = false;
    if (mCancel)
        mCancel->store(true);
    mWatcher->waitForFinished();
}

bool XYScheduler::isBusy() const
{
    return mScheduled || mPending || (mWatcher->isBusy() && mRunning == mGeneration);
}

void XYScheduler::start()
{
    mScheduled = false;
    if (mWatcher->isBusy()) {
        mPending = true;
        if (mCancel)
            mCancel->store(true);
        return;
    }
    mPending = false;
    XYJob job;
    if (!mFactory(&job))
        return;
    mRunning = mGeneration;
    mCancel = std::make_shared<std::atomic_bool>(false);
    mWatcher->watch(QtConcurrent::run(jobPool(), [job = std::move(job), generation = mRunning, cancel = mCancel] {
        auto r = std::make_shared<XYResult>(runXYJob(job, cancel.get()));
        if (cancel->load())
            return std::shared_ptr<XYResult>();
        r->generation = generation;
        return r;
    }));
}

void XYScheduler::finished()
{
    const std::shared_ptr<XYResult> r = mWatcher->future().result();
    if (r && r->generation == mGeneration)
        mHandler(std::move(*r));
    if (mPending || (mRunning != mGeneration && !mScheduled))
        start();
}

} // namespace npyw
