// XYPlotView's picture: axes and ticks, the line, the points or counts, the colour bar, and what hovering says.
#include "xyplotview.h"

#include "colorbar.h"
#include "stats.h"
#include "valuetext.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace npyw {

namespace {

constexpr int kMarginTop = 22;
constexpr int kMarginRight = 12;
constexpr int kMinLeft = 56;
/** How far (pixels) hovering reaches for the nearest point. */
constexpr double kReach = 40.0;

/** A pixel coordinate kept where the painter can draw it. */
double safe(double v)
{
    return std::isnan(v) ? v : std::clamp(v, -1e6, 1e6);
}

bool isDate(const npy::DType &t)
{
    return t.kind == npy::Kind::DateTime;
}

} // namespace

QString XYPlotView::valueText(const npy::DType &t, double v, bool compact)
{
    if (std::isnan(v))
        return t.kind == npy::Kind::DateTime || t.kind == npy::Kind::TimeDelta ? QStringLiteral("NaT")
                                                                                : QStringLiteral("nan");
    switch (t.kind) {
    case npy::Kind::Bool:
        return v != 0 ? QStringLiteral("True") : QStringLiteral("False");
    case npy::Kind::Int:
    case npy::Kind::TimeDelta:
        return QString::number(qint64(v));
    case npy::Kind::UInt:
        return QString::number(quint64(v));
    case npy::Kind::DateTime:
        return dateTickLabel(t, v);
    case npy::Kind::Float:
        if (compact)
            return QString::number(v, 'g', 6);
        if (t.itemSize == 4) {
            npy::DType f4 = t;
            f4.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
            const float f = float(v);
            uchar bytes[4];
            std::memcpy(bytes, &f, sizeof f);
            return npy::formatValue(f4, bytes);
        }
        return npy::statsNumber(v);
    default:
        return compact ? QString::number(v, 'g', 6) : npy::statsNumber(v);
    }
}

QList<Tick> XYPlotView::ticksOf(const npy::DType &type, double lo, double hi, int room, bool horizontal) const
{
    const QFontMetrics fm = fontMetrics();
    const npy::Kind kind = type.kind;
    const bool whole = kind == npy::Kind::Int || kind == npy::Kind::UInt || kind == npy::Kind::TimeDelta;
    auto make = [&](int count) {
        QList<Tick> ticks = isDate(type) ? dateAxisTicks(type, lo, hi, count)
                                         : axisTicks(lo, hi, npy::ColorScale::Linear, count,
                                                     kind == npy::Kind::Bool, whole);
        QList<Tick> inside;
        for (const Tick &t : std::as_const(ticks))
            if (t.value >= lo && t.value <= hi && (inside.isEmpty() || inside.last().label != t.label))
                inside << t;
        return inside;
    };
    if (!horizontal)
        return make(std::max(2, room / (fm.height() * 3)));
    // Across: as many as their labels leave room for (a date's label is long, a month's short): a guess, then the
    // count the widest label allows, until the labels fit.
    const int guess = isDate(type) ? fm.horizontalAdvance(QStringLiteral("2000-00-00T00:00")) : 60;
    int count = std::max(2, room / (guess + 30));
    QList<Tick> ticks = make(count);
    QList<Tick> fitting;
    for (int tries = 0; tries < 5; ++tries) {
        int widest = 0;
        for (const Tick &t : std::as_const(ticks))
            widest = std::max(widest, fm.horizontalAdvance(t.label));
        const bool fits = qint64(widest + 16) * ticks.size() <= room;
        if (fits)
            fitting = ticks;
        int next = room / (widest + 30);
        if (fits && next <= count)
            break;
        if (!fits)
            next = std::min(next, count - 1);
        if (next < 1 || next == count)
            break;
        count = next;
        ticks = make(count);
    }
    return fitting.isEmpty() ? ticks.mid(0, 1) : fitting;
}

QList<Tick> XYPlotView::yTicks() const
{
    return ticksOf(mY.memory.type, mView.top(), mView.bottom(), height() - kMarginTop - fontMetrics().height() - 8,
                   false);
}

QList<Tick> XYPlotView::xTicks() const
{
    return ticksOf(mX.memory.type, mView.left(), mView.right(), plotArea().width(), true);
}

QRect XYPlotView::plotArea() const
{
    if (mArea.size == size() && mArea.view == mView && mArea.mode == mMode && mArea.area.isValid())
        return mArea.area;
    const QFontMetrics fm = fontMetrics();
    int widest = 0;
    for (const Tick &t : yTicks())
        widest = std::max(widest, fm.horizontalAdvance(t.label));
    const int left = std::max(kMinLeft, widest + 10);
    // The colour bar's room is kept for every scatter that may be a density (more points than the limit): zooming
    // from counts to points and back never moves the plot (nor asks for a pass at the other width).
    const bool bar = mMode == XYMode::Density
                     || (mMode == XYMode::Points && mXScan.order == npy::SeriesOrder::Unordered && mX.count() > mPointLimit);
    const int right = kMarginRight + (bar ? ColorBar::kWidth : 0);
    mArea = AreaCache{size(), mView, mMode, rect().adjusted(left, kMarginTop, -right, -(fm.height() + 8))};
    return mArea.area;
}

QString XYPlotView::statusText() const
{
    if (!mScanned || !mHaveShown)
        return tr("computing…");
    QString text;
    const QLocale locale;
    switch (mMode) {
    case XYMode::Line: {
        qint64 n = 0;
        for (const npy::EnvelopeBin &b : mLine.bins)
            n += b.stop - b.start;
        text = n <= qint64(mLine.bins.size()) ? tr("x sorted: every sample drawn")
                                               : tr("x sorted: %1 samples, min–max per pixel").arg(locale.toString(n));
        break;
    }
    case XYMode::Points:
        text = mPoints ? tr("%1 points").arg(locale.toString(qint64(mPoints->x.size()))) : QString();
        break;
    case XYMode::Density:
        if (mDensity) {
            const qint64 in = mDensity->points - mDensity->nanPoints - mDensity->outsidePoints;
            text = tr("density: %1 points in view, up to %2 a pixel").arg(locale.toString(in), locale.toString(mMaxCount));
        }
        break;
    case XYMode::Unknown:
        break;
    }
    if (mJobs->isBusy())
        text += tr(" · computing…");
    return text;
}

void XYPlotView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor fg = palette().color(QPalette::Text);
    if (!mError.isEmpty() || mX.count() == 0) {
        p.setPen(fg);
        p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   mError.isEmpty() ? tr("Nothing to plot") : mError);
        return;
    }
    const QRect a = plotArea();
    const QFontMetrics fm = p.fontMetrics();
    const QList<Tick> yt = yTicks();
    const QList<Tick> xt = xTicks();
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    for (const Tick &t : yt)
        p.drawLine(QPointF(a.left(), yToPixel(t.value)), QPointF(a.right(), yToPixel(t.value)));
    for (const Tick &t : xt)
        p.drawLine(QPointF(xToPixel(t.value), a.top()), QPointF(xToPixel(t.value), a.bottom()));
    p.setPen(fg);
    for (const Tick &t : yt)
        p.drawText(QRectF(0, yToPixel(t.value) - fm.height() / 2.0, a.left() - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, t.label);
    for (const Tick &t : xt) {
        const double w = fm.horizontalAdvance(t.label) + 4;
        double left = xToPixel(t.value) - w / 2;
        left = std::clamp(left, 0.0, std::max(0.0, width() - w));
        p.drawText(QRectF(left, a.bottom() + 3, w, fm.height()), Qt::AlignHCenter | Qt::AlignTop, t.label);
    }
    const QRect top(a.left(), 2, width() - a.left() - kMarginRight, kMarginTop - 4);
    const QString title = tr("%1 against %2")
                              .arg(mY.name.isEmpty() ? tr("y") : mY.name, mX.name.isEmpty() ? tr("x") : mX.name);
    p.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, title);
    const int room = top.width() - fm.horizontalAdvance(title) - 12;
    const QString hover = mHoverPos.x() >= 0 ? hoverTextAt(mHoverPos) : QString();
    if (!hover.isEmpty()) {
        p.drawText(top, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(hover, Qt::ElideRight, std::max(0, room)));
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(top, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(statusText(), Qt::ElideRight, std::max(0, room)));
        p.setPen(fg);
    }
    if (mMode == XYMode::Points && a.right() + ColorBar::kWidth < width()) {
        // The colour bar's room in a view of few points of a large cloud: what is drawn instead.
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(a.right() + 8, a.top(), ColorBar::kWidth - 10, a.height()), Qt::AlignTop | Qt::TextWordWrap,
                   tr("Every point in view is drawn (up to %1; more: their density).").arg(QLocale().toString(mPointLimit)));
        p.setPen(fg);
    }
    if (mMode == XYMode::Density && mMaxCount > 0) {
        ColorBarModel model;
        model.table = npy::colormapTable(mShown.style.colormap, mShown.style.reversed);
        model.scale = mShown.style.log ? npy::ColorScale::Log : npy::ColorScale::Linear;
        model.stats.low = mShown.style.log ? 1.0 : 0.0;
        model.stats.high = std::max(double(mMaxCount), model.stats.low + 1.0);
        model.stats.min = model.stats.low;
        model.stats.max = model.stats.high;
        model.isInteger = true;
        model.valid = true;
        paintColorBar(p, QRect(a.right() + 6, a.top(), ColorBar::kWidth, a.height()), model, fg);
    }
    p.save();
    p.setClipRect(a.adjusted(1, 1, 0, 0));
    if (mMode == XYMode::Line)
        paintLine(p);
    else
        paintPicture(p, a);
    paintMarks(p);
    p.restore();
    p.setPen(fg);
    p.setBrush(Qt::NoBrush);
    p.drawRect(a);
}

void XYPlotView::paintLine(QPainter &p) const
{
    // Per block (the samples of one pixel column of x): a line from the previous block's rightmost sample to this
    // one's leftmost, the bar from its minimum to its maximum; a NaN at either end breaks the line there (M4).
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(31, 119, 180), 1));
    QList<QLineF> lines;
    QList<QPointF> points;
    const bool dots = qint64(mLine.bins.size()) * 4 < plotArea().width();
    QList<QPointF> rings;
    bool havePrev = false;
    QPointF prev;
    for (size_t i = 0; i < mLine.bins.size(); ++i) {
        const npy::EnvelopeBin &b = mLine.bins[i];
        if (b.minIndex < 0) {
            havePrev = false;
            continue;
        }
        const bool single = b.stop - b.start == 1;
        const double xl = safe(xToPixel(mLine.xLeft[i])), xr = safe(xToPixel(mLine.xRight[i]));
        if (!std::isnan(b.first)) {
            const QPointF f(xl, safe(yToPixel(b.first)));
            if (havePrev)
                lines.append(QLineF(prev, f));
            else if (single)
                points.append(f);
            if (single && dots)
                rings.append(f);
        }
        if (!single) {
            const double xm = (xl + xr) / 2, lo = safe(yToPixel(b.min)), hi = safe(yToPixel(b.max));
            if (std::abs(lo - hi) < 0.5)
                points.append(QPointF(xm, lo));
            else
                lines.append(QLineF(xm, lo, xm, hi));
        }
        havePrev = !std::isnan(b.last);
        if (havePrev)
            prev = QPointF(xr, safe(yToPixel(b.last)));
    }
    p.drawLines(lines);
    p.drawPoints(points.constData(), int(points.size()));
    for (const QPointF &d : std::as_const(rings))
        p.drawEllipse(d, 2, 2);
}

void XYPlotView::paintPicture(QPainter &p, const QRect &a) const
{
    if (mImage.isNull() || !mHaveShown)
        return;
    // The picture covers the view it was made for: drawn where that view lies now (zoomed or panned: a preview).
    const QRectF target(QPointF(xToPixel(mShownView.left()), yToPixel(mShownView.bottom())),
                        QPointF(xToPixel(mShownView.right()), yToPixel(mShownView.top())));
    const QRectF visible = target.intersected(QRectF(a));
    if (visible.isEmpty() || target.width() <= 0 || target.height() <= 0)
        return;
    const double sx = mImage.width() / target.width(), sy = mImage.height() / target.height();
    const QRectF source((visible.left() - target.left()) * sx, (visible.top() - target.top()) * sy,
                        visible.width() * sx, visible.height() * sy);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(visible, mImage, source);
}

void XYPlotView::paintMarks(QPainter &p) const
{
    if (mHoverPos.x() < 0)
        return;
    const QColor mark(214, 39, 40);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    if (mMode == XYMode::Points) {
        QPointF at;
        if (nearestPoint(mHoverPos, &at) >= 0) {
            p.setPen(QPen(mark, 2));
            p.drawEllipse(at, 6, 6);
        }
    } else if (mMode == XYMode::Line) {
        const int i = blockAt(mHoverPos);
        if (i >= 0) {
            p.setPen(QPen(mark, 1, Qt::DashLine));
            const double x = (xToPixel(mLine.xLeft[size_t(i)]) + xToPixel(mLine.xRight[size_t(i)])) / 2;
            const QRect a = plotArea();
            p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        }
    } else if (mMode == XYMode::Density && mDensity) {
        // The pixel's bin, outlined.
        const QPointF d = toData(mHoverPos);
        const qint64 ix = npy::histogramBin(mDensity->xEdges, d.x()), iy = npy::histogramBin(mDensity->yEdges, d.y());
        if (ix >= 0 && iy >= 0) {
            p.setPen(QPen(mark, 1));
            p.drawRect(QRectF(QPointF(xToPixel(mDensity->xEdges[size_t(ix)]), yToPixel(mDensity->yEdges[size_t(iy + 1)])),
                              QPointF(xToPixel(mDensity->xEdges[size_t(ix + 1)]), yToPixel(mDensity->yEdges[size_t(iy)]))));
        }
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

qint64 XYPlotView::nearestPoint(QPointF pos, QPointF *at) const
{
    if (!mPoints || mPoints->x.empty())
        return -1;
    const QRect a = plotArea();
    const double sx = a.width() / mView.width(), sy = a.height() / mView.height();
    double best = kReach * kReach;
    qint64 found = -1;
    for (size_t i = 0; i < mPoints->x.size(); ++i) {
        const double px = a.left() + (mPoints->x[i] - mView.left()) * sx;
        const double py = a.bottom() - (mPoints->y[i] - mView.top()) * sy;
        const double d = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
        if (d < best) {
            best = d;
            found = qint64(i);
            *at = QPointF(px, py);
        }
    }
    return found < 0 ? -1 : mPoints->index[size_t(found)];
}

qint64 XYPlotView::hoveredIndex(QPointF pos) const
{
    if (!plotArea().contains(pos.toPoint()) || !mHaveShown)
        return -1;
    if (mMode == XYMode::Points) {
        QPointF at;
        return nearestPoint(pos, &at);
    }
    const int block = mMode == XYMode::Line ? blockAt(pos) : -1;
    return block >= 0 ? mLine.bins[size_t(block)].start : -1;
}

int XYPlotView::blockAt(QPointF pos) const
{
    int found = -1;
    double best = 20.0;
    for (size_t i = 0; i < mLine.bins.size(); ++i) {
        const double l = xToPixel(mLine.xLeft[i]), r = xToPixel(mLine.xRight[i]);
        const double d = pos.x() < l ? l - pos.x() : pos.x() > r ? pos.x() - r : 0.0;
        if (d < best || (d == 0.0 && best == 0.0)) {
            best = d;
            found = int(i);
        }
    }
    return found;
}

QString XYPlotView::countText(QPointF pos) const
{
    const QPointF d = toData(pos);
    const qint64 ix = npy::histogramBin(mDensity->xEdges, d.x()), iy = npy::histogramBin(mDensity->yEdges, d.y());
    if (ix < 0 || iy < 0)
        return QString();
    const qint64 count = mDensity->counts[size_t(ix * mDensity->height + iy)];
    const npy::DType &xt = mX.memory.type, &yt = mY.memory.type;
    return tr("%1 points at %2 %3 … %4, %5 %6 … %7")
        .arg(QLocale().toString(count), mX.name.isEmpty() ? tr("x") : mX.name,
             valueText(xt, mDensity->xEdges[size_t(ix)], true), valueText(xt, mDensity->xEdges[size_t(ix + 1)], true),
             mY.name.isEmpty() ? tr("y") : mY.name, valueText(yt, mDensity->yEdges[size_t(iy)], true),
             valueText(yt, mDensity->yEdges[size_t(iy + 1)], true));
}

QString XYPlotView::hoverTextAt(QPointF pos) const
{
    if (!plotArea().contains(pos.toPoint()) || !mHaveShown)
        return QString();
    const QString xn = mX.name.isEmpty() ? tr("x") : mX.name, yn = mY.name.isEmpty() ? tr("y") : mY.name;
    const npy::DType &xt = mX.memory.type, &yt = mY.memory.type;
    switch (mMode) {
    case XYMode::Points: {
        QPointF at;
        const qint64 index = nearestPoint(pos, &at);
        if (index < 0)
            return QString();
        // The point's values: the index found is one of mPoints'.
        const auto it = std::lower_bound(mPoints->index.begin(), mPoints->index.end(), index);
        const size_t k = size_t(it - mPoints->index.begin());
        return QStringLiteral("[%1] %2 = %3, %4 = %5")
            .arg(index)
            .arg(xn, valueText(xt, mPoints->x[k]), yn, valueText(yt, mPoints->y[k]));
    }
    case XYMode::Density:
        return mDensity ? countText(pos) : QString();
    case XYMode::Line: {
        const int i = blockAt(pos);
        if (i < 0)
            return QString();
        const npy::EnvelopeBin &b = mLine.bins[size_t(i)];
        if (b.stop - b.start == 1)
            return QStringLiteral("[%1] %2 = %3, %4 = %5")
                .arg(b.start)
                .arg(xn, valueText(xt, mLine.xLeft[size_t(i)]), yn, valueText(yt, b.first));
        const QString ys = b.minIndex < 0 ? tr("no value")
                                          : QStringLiteral("%1 … %2").arg(valueText(yt, b.min, true), valueText(yt, b.max, true));
        return tr("[%1 … %2] %3 = %4 … %5, %6 = %7")
            .arg(b.start)
            .arg(b.stop - 1)
            .arg(xn, valueText(xt, mLine.xLeft[size_t(i)], true), valueText(xt, mLine.xRight[size_t(i)], true), yn, ys);
    }
    case XYMode::Unknown:
        break;
    }
    return QString();
}

} // namespace npyw
