#pragma once

#include <QPointF>
#include <QRectF>
#include <QSize>

namespace npyw {

/**
 * The mapping between a 2-D slice and the canvas that shows it: pure arithmetic, no widget.
 *
 * Slice coordinates are in elements (x = column, y = row, fractional; element (r, c) covers
 * [c, c + 1) x [r, r + 1)), canvas coordinates in device-independent pixels with (0, 0) at the
 * top-left. The transform is the slice point at the canvas' top-left (origin()) and the pixels per
 * element along x and y (scaleX(), scaleY()).
 *
 * With the origin at the bottom (setOriginAtBottom()), row 0 is drawn at the bottom and rows grow upwards: the
 * mapping mirrors the rows, the origin and every view change work on the mirrored ("display") rows, and slice
 * coordinates in and out of the transform stay the slice's own.
 *
 * Every change goes through setView(), which clamps: the scale stays between a quarter of "fit"
 * and kMaxScale pixels per element, and at least a tenth of the viewport keeps showing the slice.
 * A view that follows the viewport size (after fit(), until a zoom or pan) reports isFitted().
 */
class ViewTransform
{
public:
    /** Largest zoom: pixels per element. */
    static constexpr double kMaxScale = 512.0;

    /** The slice shown: \a rows x \a cols elements (0 x 0 when nothing is shown). Keeps the view. */
    void setSliceSize(qint64 rows, qint64 cols);
    [[nodiscard]] qint64 rows() const { return mRows; }
    [[nodiscard]] qint64 cols() const { return mCols; }
    /** The canvas' size in device-independent pixels. Keeps the view (call setView() to clamp again). */
    void setViewportSize(QSize size) { mViewport = size; }
    [[nodiscard]] QSize viewportSize() const { return mViewport; }
    /** With the aspect locked, fit() and setVisibleArea() keep elements square. */
    [[nodiscard]] bool isAspectLocked() const { return mAspectLocked; }

    /** Draws row 0 at the bottom (\a bottom) or the top. Keeps the rows shown (the view is mirrored with them). */
    void setOriginAtBottom(bool bottom);
    [[nodiscard]] bool isOriginAtBottom() const { return mFlipped; }

    /** The top-left of the view, in display coordinates (slice coordinates with rows mirrored at the bottom origin). */
    [[nodiscard]] QPointF origin() const { return mOrigin; }
    [[nodiscard]] double scaleX() const { return mScaleX; }
    [[nodiscard]] double scaleY() const { return mScaleY; }
    /** False until the first setView() (or fit(), zoom, ...). */
    [[nodiscard]] bool hasView() const { return mHaveView; }
    /** True while the view follows the viewport size (after fit(), until a zoom or pan). */
    [[nodiscard]] bool isFitted() const { return mFitted; }
    void setFitted(bool fitted) { mFitted = fitted; }

    /** Slice coordinates of a canvas point, and back. */
    [[nodiscard]] QPointF canvasToSlice(QPointF canvasPos) const;
    [[nodiscard]] QPointF sliceToCanvas(QPointF slicePos) const;
    /** The canvas rectangle covered by \a sliceArea. */
    [[nodiscard]] QRectF sliceToCanvas(const QRectF &sliceArea) const;
    /** The cell under a canvas point; false (outputs untouched) outside the slice. */
    bool cellAt(QPointF canvasPos, qint64 *row, qint64 *col) const;
    /** The part of the slice the viewport shows, in slice coordinates. */
    [[nodiscard]] QRectF visibleArea() const;

    /** Sets origin and scales, then clamps them (see the class comment). isFitted() is unchanged. */
    void setView(QPointF origin, double scaleX, double scaleY);
    /** Shows the whole slice centred, as large as fits (square elements with the aspect locked). */
    void fit();
    /** One element per device pixel (\a devicePixelRatio device pixels per canvas pixel), centre kept. */
    void zoomOneToOne(double devicePixelRatio);
    /** Zooms by \a factor keeping the slice point under \a canvasPos where it is. */
    void zoomAt(double factor, QPointF canvasPos);
    /** Moves the picture by \a canvasDelta pixels (the slice follows the mouse). */
    void pan(QPointF canvasDelta);
    /** Shows (at least) \a area, centred. False (view unchanged) for an empty area. */
    bool setVisibleArea(const QRectF &area);
    /** Centres cell (\a row, \a col) when it is not visible (zoom kept). False when it already was. */
    bool ensureVisible(qint64 row, qint64 col);
    /**
     * Locks or unlocks the aspect. Locking unequal scales zooms out to the smaller one about the
     * centre; otherwise a fitted view fits again. False when the view did not change.
     */
    bool setAspectLocked(bool locked);

private:
    void clamp();
    /** Display and slice coordinates (the same unless the origin is at the bottom); the mapping is its own inverse. */
    [[nodiscard]] QPointF mirrored(QPointF p) const { return mFlipped ? QPointF(p.x(), double(mRows) - p.y()) : p; }
    [[nodiscard]] QPointF canvasToDisplay(QPointF canvasPos) const;
    [[nodiscard]] QPointF displayToCanvas(QPointF displayPos) const;

    qint64 mRows = 0;
    qint64 mCols = 0;
    QSize mViewport;
    bool mAspectLocked = true;
    QPointF mOrigin;
    double mScaleX = 1.0;
    double mScaleY = 1.0;
    bool mHaveView = false;
    bool mFitted = true;
    bool mFlipped = false;
};

} // namespace npyw
