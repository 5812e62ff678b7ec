#include "plotview.h"

#include "heatmapview.h"
#include "valuetext.h"

#include <QtEndian>

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <cmath>

namespace npyw {

namespace {
constexpr int kMarginLeft = 64;
constexpr int kMarginRight = 12;
constexpr int kMarginTop = 22;
constexpr int kMarginBottom = 26;
} // namespace

PlotView::PlotView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(200, 120);
}

bool PlotView::setSeries(const npy::NpyArray &array, const npy::SliceSpec &spec, Line line, qint64 index)
{
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
    update();
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

void PlotView::setComplexPart(npy::ComplexPart part)
{
    mPart = part;
    rebuild();
    fit();
}

void PlotView::clear(const QString &message)
{
    mTicks = ValueTicks();
    mArray = npy::NpyArray();
    mAccess = npy::SliceAccess();
    mCount = 0;
    mMarker = -1;
    mError = message;
    update();
}

void PlotView::setMarker(qint64 index)
{
    mMarker = index >= 0 && index < mCount ? index : -1;
    if (mMarker >= 0) {
        QRectF v = mView;
        const double x = double(mMarker);
        if (x < v.left() || x > v.right())
            v.moveCenter(QPointF(x, v.center().y()));
        const double y = valueAt(mMarker);
        if (std::isfinite(y) && (y < v.top() || y > v.bottom()))
            v.moveCenter(QPointF(v.center().x(), y));
        mView = v;
    }
    update();
}

void PlotView::rebuild()
{
    mTicks = ValueTicks();
    mCount = 0;
    mHover = -1;
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
    // Value range from at most ~1M evenly spread points.
    mMin = std::numeric_limits<double>::infinity();
    mMax = -mMin;
    const qint64 step = std::max<qint64>(1, mCount / (qint64(1) << 20));
    for (qint64 i = 0; i < mCount; i += step) {
        const double v = valueAt(i);
        if (std::isfinite(v)) {
            mMin = std::min(mMin, v);
            mMax = std::max(mMax, v);
        }
    }
    if (!(mMin <= mMax))
        mMin = 0, mMax = 1;
    update();
}

double PlotView::valueAt(qint64 i) const
{
    if (i < 0 || i >= mCount)
        return std::nan("");
    return mLine == Line::Row ? mAccess.value(mIndex, i) : mAccess.value(i, mIndex);
}

void PlotView::fit()
{
    double lo = mMin, hi = mMax;
    if (hi == lo)
        lo -= 0.5, hi += 0.5;
    const double pad = (hi - lo) * 0.05;
    setViewRange(QRectF(QPointF(-0.5, lo - pad), QPointF(std::max<double>(double(mCount) - 0.5, 0.5), hi + pad)));
}

void PlotView::setViewRange(const QRectF &range)
{
    mView = range.normalized();
    update();
}

const PlotView::ValueTicks &PlotView::valueTicks() const
{
    const int h = height() - kMarginTop - kMarginBottom;
    if (mTicks.height == h && mTicks.top == mView.top() && mTicks.bottom == mView.bottom())
        return mTicks;
    ValueTicks t;
    t.top = mView.top();
    t.bottom = mView.bottom();
    t.height = h;
    if (mCount > 0) {
        const QFontMetrics fm = fontMetrics();
        const npy::Kind kind = mAccess.type().kind;
        const bool dates = kind == npy::Kind::DateTime;
        // Integers, dates and durations are whole counts: ticked at whole counts only (a step of 0.5 would
        // write 2.5 for integers and the same date twice); bools as False and True.
        const bool whole = dates || kind == npy::Kind::Int || kind == npy::Kind::UInt || kind == npy::Kind::TimeDelta;
        const QList<Tick> ticks = axisTicks(mView.top(), mView.bottom(), npy::ColorScale::Linear,
                                            std::max(2, h / (fm.height() * 3)), kind == npy::Kind::Bool, whole);
        for (const Tick &tick : ticks) {
            if (tick.value < mView.top() || tick.value > mView.bottom())
                continue;
            const QString label = dates ? valueLabel(tick.value, 1.0) : tick.label;
            if (!t.labels.isEmpty() && label == t.labels.last())
                continue;
            t.values.append(tick.value);
            t.labels.append(label);
            t.widest = std::max(t.widest, fm.horizontalAdvance(label));
        }
    }
    mTicks = t;
    return mTicks;
}

QRect PlotView::plotArea() const
{
    // The labels sit right-aligned left of the plot, 4 pixels off: the margin fits the widest whole.
    const int left = std::max(kMarginLeft, valueTicks().widest + 10);
    return rect().adjusted(left, kMarginTop, -kMarginRight, -kMarginBottom);
}

double PlotView::xToPixel(double x) const
{
    const QRect a = plotArea();
    return a.left() + (x - mView.left()) / mView.width() * a.width();
}

double PlotView::yToPixel(double y) const
{
    const QRect a = plotArea();
    return a.bottom() - (y - mView.top()) / mView.height() * a.height();
}

qint64 PlotView::indexAt(double x) const
{
    const QRect a = plotArea();
    if (mCount == 0 || x < a.left() || x > a.right())
        return -1;
    const qint64 i = qint64(std::llround(mView.left() + (x - a.left()) / a.width() * mView.width()));
    return i >= 0 && i < mCount ? i : -1;
}

void PlotView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor fg = palette().color(QPalette::Text);
    if (!mError.isEmpty() || mCount == 0) {
        p.setPen(fg);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, mError.isEmpty() ? tr("Nothing to plot") : mError);
        return;
    }
    const QRect a = plotArea();
    const QFontMetrics fm = p.fontMetrics();
    // Grid and ticks.
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    const ValueTicks &ticks = valueTicks();
    const QList<double> &yt = ticks.values;
    const QList<double> xt = niceTicks(mView.left(), mView.right(), std::max(2, a.width() / (mHaveX ? 150 : 90)));
    for (double v : yt)
        p.drawLine(QPointF(a.left(), yToPixel(v)), QPointF(a.right(), yToPixel(v)));
    for (double v : xt)
        if (v == std::floor(v))
            p.drawLine(QPointF(xToPixel(v), a.top()), QPointF(xToPixel(v), a.bottom()));
    p.setPen(fg);
    p.drawRect(a);
    for (qsizetype i = 0; i < yt.size(); ++i)
        p.drawText(QRectF(0, yToPixel(yt[i]) - fm.height() / 2.0, a.left() - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, ticks.labels[i]);
    for (double v : xt) {
        if (v != std::floor(v))
            continue;
        const QString label = indexLabel(qint64(v));
        // Centred under its tick, but kept inside the widget (a date at the right end).
        QRectF r(xToPixel(v) - 60, a.bottom() + 3, 120, fm.height());
        const double right = xToPixel(v) + (fm.horizontalAdvance(label) + 4) / 2.0;
        if (right > width())
            r.translate(width() - right, 0);
        p.drawText(r, Qt::AlignHCenter | Qt::AlignTop, label);
    }
    if (!mTitle.isEmpty())
        p.drawText(QRect(a.left(), 2, a.width(), kMarginTop - 4), Qt::AlignLeft | Qt::AlignVCenter, mTitle);

    // The series, decimated per pixel column.
    p.setClipRect(a.adjusted(1, 1, 0, 0));
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(31, 119, 180), 1));
    const qint64 first = std::max<qint64>(0, qint64(std::floor(mView.left())));
    const qint64 last = std::min<qint64>(mCount - 1, qint64(std::ceil(mView.right())));
    const double perPixel = mView.width() / std::max(1, a.width());
    if (perPixel <= 1.0) {
        QPainterPath path;
        bool open = false;
        for (qint64 i = first; i <= last; ++i) {
            const double v = valueAt(i);
            if (!std::isfinite(v)) {
                open = false;
                continue;
            }
            const QPointF pt(xToPixel(double(i)), yToPixel(v));
            open ? path.lineTo(pt) : path.moveTo(pt);
            open = true;
            if (perPixel < 0.2)
                p.drawEllipse(pt, 2, 2);
        }
        p.drawPath(path);
    } else {
        double prevLo = 0, prevHi = 0;
        bool havePrev = false;
        for (int px = a.left(); px <= a.right(); ++px) {
            const double x0 = mView.left() + (px - a.left()) * perPixel;
            const qint64 i0 = std::max<qint64>(first, qint64(std::ceil(x0)));
            const qint64 i1 = std::min<qint64>(last, qint64(std::ceil(x0 + perPixel)) - 1);
            if (i1 < i0)
                continue;
            const qint64 n = i1 - i0 + 1;
            const qint64 step = std::max<qint64>(1, n / kMaxPerColumn);
            double lo = std::numeric_limits<double>::infinity(), hi = -lo;
            for (qint64 i = i0; i <= i1; i += step) {
                const double v = valueAt(i);
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
            if (!(lo <= hi)) {
                havePrev = false;
                continue;
            }
            const double ylo = yToPixel(lo), yhi = yToPixel(hi);
            if (havePrev) // connect to the previous column so the trace has no gaps
                p.drawLine(QPointF(px - 1, yToPixel(std::clamp((lo + hi) / 2, prevLo, prevHi))),
                           QPointF(px, yToPixel(std::clamp((prevLo + prevHi) / 2, lo, hi))));
            p.drawLine(QPointF(px, ylo), QPointF(px, yhi));
            prevLo = lo;
            prevHi = hi;
            havePrev = true;
        }
    }
    // The marked point (a find match): a ring on it and a solid line across.
    if (mMarker >= 0) {
        const QColor mark(255, 127, 14);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(mark, 1));
        const double x = xToPixel(double(mMarker));
        p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        const double v = valueAt(mMarker);
        if (std::isfinite(v)) {
            p.setPen(QPen(mark, 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(x, yToPixel(v)), 6, 6);
        }
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    // Hover marker.
    if (mHover >= 0) {
        p.setPen(QPen(QColor(214, 39, 40), 1, Qt::DashLine));
        const double x = xToPixel(double(mHover));
        p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        const double v = valueAt(mHover);
        if (std::isfinite(v))
            p.drawEllipse(QPointF(x, yToPixel(v)), 3, 3);
        p.setClipping(false);
        p.setPen(fg);
        const QString text = QStringLiteral("[%1] = %2").arg(indexLabel(mHover)).arg(
            mLine == Line::Row ? mAccess.text(mIndex, mHover) : mAccess.text(mHover, mIndex));
        p.drawText(QRect(a.left(), 2, a.width(), kMarginTop - 4), Qt::AlignRight | Qt::AlignVCenter, text);
    }
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
        mView.translate(-d.x() / a.width() * mView.width(), d.y() / a.height() * mView.height());
        update();
    }
    mLastPos = pos;
    const qint64 i = indexAt(pos.x());
    if (i != mHover) {
        mHover = i;
        update();
        if (i >= 0)
            emit pointHovered(i, QStringLiteral("[%1] = %2").arg(indexLabel(i)).arg(
                                     mLine == Line::Row ? mAccess.text(mIndex, i) : mAccess.text(i, mIndex)));
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
