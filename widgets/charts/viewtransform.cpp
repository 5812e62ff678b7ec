#include "viewtransform.h"

#include <algorithm>

namespace npyw {

void ViewTransform::setSliceSize(qint64 rows, qint64 cols)
{
    mRows = rows;
    mCols = cols;
}

void ViewTransform::setOriginAtBottom(bool bottom)
{
    if (bottom == mFlipped)
        return;
    // The same rows stay in view, mirrored: the display origin moves to the mirrored top.
    const double viewRows = mViewport.height() / mScaleY;
    mOrigin.setY(double(mRows) - mOrigin.y() - viewRows);
    mFlipped = bottom;
}

QPointF ViewTransform::canvasToDisplay(QPointF p) const
{
    return QPointF(mOrigin.x() + p.x() / mScaleX, mOrigin.y() + p.y() / mScaleY);
}

QPointF ViewTransform::displayToCanvas(QPointF d) const
{
    return QPointF((d.x() - mOrigin.x()) * mScaleX, (d.y() - mOrigin.y()) * mScaleY);
}

QPointF ViewTransform::canvasToSlice(QPointF p) const
{
    return mirrored(canvasToDisplay(p));
}

QPointF ViewTransform::sliceToCanvas(QPointF s) const
{
    return displayToCanvas(mirrored(s));
}

QRectF ViewTransform::sliceToCanvas(const QRectF &area) const
{
    return QRectF(sliceToCanvas(area.topLeft()), sliceToCanvas(area.bottomRight())).normalized();
}

bool ViewTransform::cellAt(QPointF canvasPos, qint64 *row, qint64 *col) const
{
    // Cells are found in display rows: display row r covers [r, r + 1) whichever way the rows run.
    const QPointF d = canvasToDisplay(canvasPos);
    if (!(d.x() >= 0) || !(d.y() >= 0) || d.x() >= double(mCols) || d.y() >= double(mRows))
        return false;
    const qint64 r = qint64(d.y());
    *row = mFlipped ? mRows - 1 - r : r;
    *col = qint64(d.x());
    return true;
}

QRectF ViewTransform::visibleArea() const
{
    const QRectF display(mOrigin, QSizeF(mViewport.width() / mScaleX, mViewport.height() / mScaleY));
    if (!mFlipped)
        return display;
    return QRectF(display.left(), double(mRows) - display.bottom(), display.width(), display.height());
}

void ViewTransform::setView(QPointF origin, double scaleX, double scaleY)
{
    mOrigin = origin;
    mScaleX = scaleX;
    mScaleY = scaleY;
    mHaveView = true;
    clamp();
}

void ViewTransform::clamp()
{
    const double rows = double(std::max<qint64>(1, mRows));
    const double cols = double(std::max<qint64>(1, mCols));
    const double w = std::max(1, mViewport.width()), h = std::max(1, mViewport.height());
    // Zoom out to a quarter of "fit" at most, in to kMaxScale pixels per element.
    const double minX = std::min(w / cols, h / rows) / 4, minY = minX;
    const QPointF centre = canvasToDisplay(QPointF(w / 2, h / 2));
    const double sx = std::clamp(mScaleX, std::min(minX, w / cols / 4), kMaxScale);
    const double sy = std::clamp(mScaleY, std::min(minY, h / rows / 4), kMaxScale);
    if (sx != mScaleX || sy != mScaleY) {
        mScaleX = sx;
        mScaleY = sy;
        mOrigin = centre - QPointF(w / 2 / sx, h / 2 / sy);
    }
    // Keep part of the slice on screen.
    const double vw = w / mScaleX, vh = h / mScaleY;
    mOrigin.setX(std::clamp(mOrigin.x(), -vw * 0.9, cols - vw * 0.1));
    mOrigin.setY(std::clamp(mOrigin.y(), -vh * 0.9, rows - vh * 0.1));
}

void ViewTransform::fit()
{
    const double rows = double(std::max<qint64>(1, mRows));
    const double cols = double(std::max<qint64>(1, mCols));
    const double w = std::max(1, mViewport.width()), h = std::max(1, mViewport.height());
    double sx = w / cols, sy = h / rows;
    if (mAspectLocked)
        sx = sy = std::min(sx, sy);
    mFitted = true;
    setView(QPointF(cols / 2 - w / 2 / sx, rows / 2 - h / 2 / sy), sx, sy);
}

void ViewTransform::zoomOneToOne(double devicePixelRatio)
{
    const double halfW = mViewport.width() / 2.0, halfH = mViewport.height() / 2.0;
    const QPointF centre = canvasToDisplay(QPointF(halfW, halfH));
    const double s = 1.0 / devicePixelRatio;
    mFitted = false;
    setView(centre - QPointF(halfW / s, halfH / s), s, s);
}

void ViewTransform::zoomAt(double factor, QPointF canvasPos)
{
    const QPointF s = canvasToDisplay(canvasPos);
    const double sx = std::min(mScaleX * factor, kMaxScale), sy = std::min(mScaleY * factor, kMaxScale);
    mFitted = false;
    setView(QPointF(s.x() - canvasPos.x() / sx, s.y() - canvasPos.y() / sy), sx, sy);
}

void ViewTransform::pan(QPointF d)
{
    mFitted = false;
    setView(mOrigin - QPointF(d.x() / mScaleX, d.y() / mScaleY), mScaleX, mScaleY);
}

bool ViewTransform::setVisibleArea(const QRectF &area)
{
    if (area.isEmpty())
        return false;
    const double w = std::max(1, mViewport.width()), h = std::max(1, mViewport.height());
    double sx = w / area.width(), sy = h / area.height();
    if (mAspectLocked)
        sx = sy = std::min(sx, sy);
    mFitted = false;
    const QPointF c = mirrored(area.center());
    setView(QPointF(c.x() - w / 2 / sx, c.y() - h / 2 / sy), sx, sy);
    return true;
}

bool ViewTransform::ensureVisible(qint64 row, qint64 col)
{
    const QRectF area = visibleArea();
    const QPointF cell(double(col) + 0.5, double(row) + 0.5);
    if (area.contains(cell))
        return false;
    mFitted = false;
    setView(mirrored(cell) - QPointF(area.width() / 2, area.height() / 2), mScaleX, mScaleY);
    return true;
}

bool ViewTransform::setAspectLocked(bool locked)
{
    mAspectLocked = locked;
    if (locked && mScaleX != mScaleY) {
        const double halfW = mViewport.width() / 2.0, halfH = mViewport.height() / 2.0;
        const QPointF c = canvasToDisplay(QPointF(halfW, halfH));
        const double s = std::min(mScaleX, mScaleY);
        setView(c - QPointF(halfW / s, halfH / s), s, s);
        return true;
    }
    if (mFitted) {
        fit();
        return true;
    }
    return false;
}

} // namespace npyw
