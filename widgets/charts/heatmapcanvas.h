#pragma once

#include "viewtransform.h"

#include <QImage>
#include <QLineF>
#include <QList>
#include <QPolygonF>
#include <QWidget>

namespace npyw {

/** What a profile tool draws over the picture, in slice coordinates (x = column, y = row, in elements). */
struct ProfileOverlay
{
    /** The area the profile averages over (empty: none). */
    QPolygonF band;
    /** The profile's centre line (null: none). */
    QLineF line;
    /** Handles at the line's ends (a free line: its ends can be dragged). */
    bool handles = false;
    /** A point of the profile marked (the one hovered in its plot). */
    bool hasMarker = false;
    QPointF marker;
};

/**
 * The drawing area of a heatmap: paints the rendered picture where the view transform puts it,
 * the slice's outline, outlined cell rectangles (a table's selection) and the zoom box while one
 * is dragged; turns mouse, wheel and keys into requests. It changes no view state itself: the
 * owner applies the requests to the ViewTransform it shares (read-only) with the canvas.
 *
 * Mouse: wheel zooms about the cursor (zoomRequested()); left-drag (or middle-drag) pans (panned()); shift+left-drag
 * or right-drag zooms to a box (areaRequested()); a left click without dragging on a cell emits
 * cellClicked(), a right click contextMenuRequested(); double-click fitRequested(). Keys: F fit,
 * 1 one-to-one, +/= and - zoom about the centre, Esc escapePressed().
 *
 * While a tool is active (setToolActive(), a profile tool), the left button is the tool's: pressing,
 * dragging and releasing it emit toolPressed(), toolDragged() and toolReleased() instead of panning,
 * zooming to a box or clicking; the middle button still pans.
 */
class HeatmapCanvas : public QWidget
{
    Q_OBJECT

public:
    /** A mouse move beyond this many pixels from the press starts a drag. */
    static constexpr int kDragThreshold = 4;

    /** Paints through \a transform, which must outlive the canvas; its slice size 0 draws "Nothing to draw". */
    explicit HeatmapCanvas(const ViewTransform *transform, QWidget *parent = nullptr);

    /** Why nothing can be drawn; shown in the middle instead of the picture (repaints). Empty: draw. */
    void setErrorText(const QString &text);
    /**
     * The rendered picture (device pixel ratio set) and the slice area it shows. The owner may
     * recolour picture() in place and then call update().
     */
    [[nodiscard]] QImage &picture() { return mPicture; }
    [[nodiscard]] const QImage &picture() const { return mPicture; }
    [[nodiscard]] QRectF pictureArea() const { return mPictureArea; }
    void setPictureArea(const QRectF &area) { mPictureArea = area; }
    /** Outlines these slice rectangles (x = column, y = row, in elements). */
    void setOutlines(const QList<QRectF> &sliceAreas);
    /** Draws \a overlay over the picture (repaints). */
    void setOverlay(const ProfileOverlay &overlay);
    [[nodiscard]] const ProfileOverlay &overlay() const { return mOverlay; }
    /** Gives the left button to a tool (see the class comment), with a cross cursor. */
    void setToolActive(bool active);
    [[nodiscard]] bool isToolActive() const { return mToolActive; }

signals:
    /** The canvas changed size (the owner refits or clamps the view). */
    void resized();
    /** A left-drag moved the picture by \a canvasDelta pixels. */
    void panned(QPointF canvasDelta);
    /** Zoom by \a factor about \a canvasPos. */
    void zoomRequested(double factor, QPointF canvasPos);
    /** A dragged box asks to show \a sliceArea. */
    void areaRequested(const QRectF &sliceArea);
    void fitRequested();
    void oneToOneRequested();
    void cellClicked(qint64 row, qint64 col);
    /** A right click (without dragging) at \a canvasPos. */
    void contextMenuRequested(QPointF canvasPos);
    /** The mouse moved to \a canvasPos (after any pan it caused). */
    void mouseMoved(QPointF canvasPos);
    void mouseLeft();
    /** The tool's button went down, moved while down, went up at \a canvasPos (with \a modifiers held). */
    void toolPressed(QPointF canvasPos, Qt::KeyboardModifiers modifiers);
    void toolDragged(QPointF canvasPos, Qt::KeyboardModifiers modifiers);
    void toolReleased(QPointF canvasPos);
    void escapePressed();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    enum class Drag { None, Press, Pan, Box, Tool };

    void paintOverlay(QPainter &p) const;

    const ViewTransform *mTransform;
    QString mError;
    QImage mPicture;
    QRectF mPictureArea;
    QList<QRectF> mOutlines;
    ProfileOverlay mOverlay;
    bool mToolActive = false;

    Drag mDrag = Drag::None;
    Qt::MouseButton mButton = Qt::NoButton;
    bool mBoxMode = false;
    QPointF mPressPos;
    QPointF mLastPos;
    QRectF mBox;
};

} // namespace npyw
