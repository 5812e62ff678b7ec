#include "heatmapcanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace npyw {

HeatmapCanvas::HeatmapCanvas(const ViewTransform *transform, QWidget *parent) : QWidget(parent), mTransform(transform)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(120, 120);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void HeatmapCanvas::setErrorText(const QString &text)
{
    if (text == mError)
        return;
    mError = text;
    update();
}

void HeatmapCanvas::setOutlines(const QList<QRectF> &sliceAreas)
{
    mOutlines = sliceAreas;
    update();
}

void HeatmapCanvas::setOverlay(const ProfileOverlay &overlay)
{
    mOverlay = overlay;
    update();
}

void HeatmapCanvas::setToolActive(bool active)
{
    mToolActive = active;
    if (active)
        setCursor(Qt::CrossCursor);
    else
        unsetCursor();
    if (mDrag == Drag::Tool)
        mDrag = Drag::None;
}

void HeatmapCanvas::paintOverlay(QPainter &p) const
{
    const ViewTransform &t = *mTransform;
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    if (!mOverlay.band.isEmpty()) {
        QPolygonF band;
        for (const QPointF &q : mOverlay.band)
            band << t.sliceToCanvas(q);
        p.setPen(QPen(QColor(255, 255, 255, 200), 1, Qt::DashLine));
        p.setBrush(QColor(255, 255, 255, 45));
        p.drawPolygon(band);
    }
    if (!mOverlay.line.isNull() || mOverlay.handles) {
        const QLineF line(t.sliceToCanvas(mOverlay.line.p1()), t.sliceToCanvas(mOverlay.line.p2()));
        // Black under white: seen on any colormap.
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::black, 3.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(line);
        p.setPen(QPen(Qt::white, 1.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(line);
        if (mOverlay.handles) {
            p.setPen(QPen(Qt::black, 1));
            p.setBrush(Qt::white);
            for (const QPointF &end : {line.p1(), line.p2()})
                p.drawRect(QRectF(end - QPointF(3.5, 3.5), QSizeF(7, 7)));
        }
    }
    if (mOverlay.hasMarker) {
        p.setPen(QPen(Qt::black, 1.5));
        p.setBrush(QColor(255, 80, 40));
        p.drawEllipse(t.sliceToCanvas(mOverlay.marker), 4.5, 4.5);
    }
    p.restore();
}

void HeatmapCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QColor background = palette().color(QPalette::Window).darker(115);
    p.fillRect(rect(), background);
    const ViewTransform &t = *mTransform;
    if (!mError.isEmpty() || t.rows() == 0) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   mError.isEmpty() ? tr("Nothing to draw") : mError);
        return;
    }
    // The slice's outline, on the first pixels outside it: a pixel that holds any of the slice
    // (however little, as at the edges of a zoomed-out view) keeps its colour.
    const QRectF whole = t.sliceToCanvas(QRectF(0, 0, double(t.cols()), double(t.rows())));
    const int left = int(std::floor(whole.left())) - 1, top = int(std::floor(whole.top())) - 1;
    const int right = int(std::ceil(whole.right())), bottom = int(std::ceil(whole.bottom()));
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawRect(QRect(left, top, right - left, bottom - top));
    // The picture after the outline (it is transparent outside the slice): where the two meet
    // through rounding, the data wins.
    if (!mPicture.isNull()) {
        const QRectF target = t.sliceToCanvas(mPictureArea);
        if (t.isOriginAtBottom()) {
            // The picture's rows run down from its first row: mirrored about the target's middle.
            p.save();
            p.translate(0, target.top() + target.bottom());
            p.scale(1, -1);
            p.drawImage(target, mPicture);
            p.restore();
        } else {
            p.drawImage(target, mPicture);
        }
    }
    // The outlined cells (the table's selection).
    for (const QRectF &r : mOutlines) {
        const QRectF cells = t.sliceToCanvas(r);
        const QRectF outline = cells.adjusted(-1, -1, 1, 1).intersected(QRectF(rect()).adjusted(-4, -4, 4, 4));
        if (outline.isEmpty() && !cells.intersects(rect()))
            continue;
        p.setPen(QPen(Qt::white, 3));
        p.drawRect(outline);
        p.setPen(QPen(Qt::black, 1));
        p.drawRect(outline);
    }
    paintOverlay(p);
    if (mDrag == Drag::Box) {
        p.setPen(QPen(Qt::white, 1, Qt::DashLine));
        p.setBrush(QColor(255, 255, 255, 40));
        p.drawRect(mBox.normalized());
    }
}

void HeatmapCanvas::resizeEvent(QResizeEvent *)
{
    emit resized();
}

void HeatmapCanvas::mousePressEvent(QMouseEvent *e)
{
    mButton = e->button();
    mPressPos = mLastPos = e->position();
    mBoxMode =
        e->button() == Qt::RightButton || (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
    mDrag = Drag::Press;
    mBox = QRectF();
    e->accept();
    if (mToolActive && e->button() == Qt::LeftButton) {
        mDrag = Drag::Tool;
        emit toolPressed(e->position(), e->modifiers());
    }
}

void HeatmapCanvas::mouseMoveEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (mDrag == Drag::Press && (pos - mPressPos).manhattanLength() > kDragThreshold)
        mDrag = mBoxMode ? Drag::Box
                : mButton == Qt::LeftButton || mButton == Qt::MiddleButton ? Drag::Pan
                                                                            : Drag::None;
    if (mDrag == Drag::Tool) {
        emit toolDragged(pos, e->modifiers());
    } else if (mDrag == Drag::Pan) {
        emit panned(pos - mLastPos);
    } else if (mDrag == Drag::Box) {
        mBox = QRectF(mPressPos, pos);
        update();
    }
    mLastPos = pos;
    emit mouseMoved(pos);
}

void HeatmapCanvas::mouseReleaseEvent(QMouseEvent *e)
{
    const QPointF pos = e->position();
    if (mDrag == Drag::Tool) {
        mDrag = Drag::None;
        emit toolReleased(pos);
        return;
    }
    if (mDrag == Drag::Press) {
        qint64 row = 0, col = 0;
        if (mButton == Qt::LeftButton && !mBoxMode && mTransform->cellAt(pos, &row, &col))
            emit cellClicked(row, col);
        else if (mButton == Qt::RightButton)
            emit contextMenuRequested(pos);
    } else if (mDrag == Drag::Box) {
        const QRectF r = QRectF(mPressPos, pos).normalized();
        if (r.width() > kDragThreshold && r.height() > kDragThreshold)
            emit areaRequested(
                QRectF(mTransform->canvasToSlice(r.topLeft()), mTransform->canvasToSlice(r.bottomRight())).normalized());
    }
    mDrag = Drag::None;
    update();
}

void HeatmapCanvas::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton)
        emit fitRequested();
}

void HeatmapCanvas::wheelEvent(QWheelEvent *e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0.0)
        emit zoomRequested(std::pow(1.25, steps), e->position());
    e->accept();
}

void HeatmapCanvas::leaveEvent(QEvent *)
{
    emit mouseLeft();
}

void HeatmapCanvas::keyPressEvent(QKeyEvent *e)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (e->key()) {
    case Qt::Key_F: emit fitRequested(); break;
    case Qt::Key_1: emit oneToOneRequested(); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: emit zoomRequested(1.25, centre); break;
    case Qt::Key_Minus: emit zoomRequested(0.8, centre); break;
    case Qt::Key_Escape:
        if (!mToolActive && mOverlay.band.isEmpty() && mOverlay.line.isNull()) {
            QWidget::keyPressEvent(e); // not ours: a dialog or the window may want it
            return;
        }
        emit escapePressed();
        break;
    default: QWidget::keyPressEvent(e); return;
    }
}

} // namespace npyw
