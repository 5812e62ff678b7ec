#include "plotview.h"
#include "plotview_p.h"

#include "axisticks.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace npyw {

using namespace plot;

namespace {

/** A pixel coordinate kept where the painter can draw it (±Inf values sit far off the plot). */
double safe(double v)
{
    return std::isnan(v) ? v : std::clamp(v, -1e6, 1e6);
}

} // namespace

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

QList<double> PlotView::indexTicks(int width) const
{
    QList<double> out;
    for (double v : niceTicks(mView.left(), mView.right(), std::max(2, width / (mHaveX ? 150 : 90))))
        if (v == std::floor(v) && v >= 0 && v < double(mCount))
            out.append(v);
    return out;
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
    const QList<double> xt = indexTicks(a.width());
    for (double v : yt)
        p.drawLine(QPointF(a.left(), yToPixel(v)), QPointF(a.right(), yToPixel(v)));
    for (double v : xt)
        p.drawLine(QPointF(xToPixel(v), a.top()), QPointF(xToPixel(v), a.bottom()));
    p.setPen(fg);
    p.drawRect(a);
    for (qsizetype i = 0; i < yt.size(); ++i)
        p.drawText(QRectF(0, yToPixel(yt[i]) - fm.height() / 2.0, a.left() - 4, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, ticks.labels[i]);
    for (double v : xt) {
        const QString label = drawnIndexLabel(qint64(v));
        // Centred under its tick, but kept inside the widget (a date at the right end).
        QRectF r(xToPixel(v) - 60, a.bottom() + 3, 120, fm.height());
        const double right = xToPixel(v) + (fm.horizontalAdvance(label) + 4) / 2.0;
        if (right > width())
            r.translate(width() - right, 0);
        p.drawText(r, Qt::AlignHCenter | Qt::AlignTop, label);
    }
    const QRect top(a.left(), 2, a.width(), kMarginTop - 4);
    if (!mTitle.isEmpty())
        p.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, mTitle);
    if (mHover < 0) {
        // Right-aligned beside the title; cut at its end when the plot is narrow (the left part says the most).
        const int room = top.width() - (mTitle.isEmpty() ? 0 : fm.horizontalAdvance(mTitle) + 12);
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(top, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(statusText(), Qt::ElideRight, std::max(0, room)));
        p.setPen(fg);
    }

    p.setClipRect(a.adjusted(1, 1, 0, 0));
    paintSeries(p, a);
    // The marked point (a find match): a solid line across and, once its value is read, a ring on it.
    if (mMarker >= 0) {
        const QColor mark(255, 127, 14);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(mark, 1));
        const double x = xToPixel(double(mMarker));
        p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        if (mMarkerKnown && std::isfinite(mMarkerValue)) {
            p.setPen(QPen(mark, 2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(QPointF(x, safe(yToPixel(mMarkerValue))), 6, 6);
        }
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    if (mHover >= 0) {
        p.setPen(QPen(QColor(214, 39, 40), 1, Qt::DashLine));
        const double x = xToPixel(double(mHover));
        p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        p.setClipping(false);
        p.setPen(fg);
        QString text = hoverText(mHover);
        if (fm.horizontalAdvance(text) > top.width())
            text = fm.elidedText(hoverText(mHover, true), Qt::ElideRight, top.width());
        p.drawText(top, Qt::AlignRight | Qt::AlignVCenter, text);
    }
}

void PlotView::paintSeries(QPainter &p, const QRect &a) const
{
    // Per block (one per pixel column): a line from the previous block's last sample to this one's first,
    // the bar from its minimum to its maximum; a NaN first or last sample breaks the line there (M4).
    p.setRenderHint(QPainter::Antialiasing, false);
    const QPen pen(QColor(31, 119, 180), 1);
    p.setPen(pen);
    QList<QLineF> lines;
    QList<QPointF> points;
    QList<QPointF> dots;
    const double perPixel = mView.width() / std::max(1, a.width());
    bool havePrev = false;
    QPointF prev;
    for (const npy::EnvelopeBin &b : mEnv.bins) {
        if (b.stop <= b.start)
            continue;
        if (b.minIndex < 0) {
            havePrev = false; // all NaN, or not computed yet
            continue;
        }
        const bool single = b.stop - b.start == 1;
        const double x = xToPixel(single ? double(b.start) : (double(b.start) + double(b.stop - 1)) / 2.0);
        if (!std::isnan(b.first)) {
            const QPointF f(x, safe(yToPixel(b.first)));
            if (havePrev)
                lines.append(QLineF(prev, f));
            else if (single)
                points.append(f); // a sample alone between NaNs still shows
            if (single && perPixel < 0.2)
                dots.append(f);
        }
        if (!single) {
            const double lo = safe(yToPixel(b.min)), hi = safe(yToPixel(b.max));
            if (std::abs(lo - hi) < 0.5)
                points.append(QPointF(x, lo));
            else
                lines.append(QLineF(x, lo, x, hi));
        }
        havePrev = !std::isnan(b.last);
        if (havePrev)
            prev = QPointF(x, safe(yToPixel(b.last)));
    }
    p.drawLines(lines);
    p.drawPoints(points.constData(), int(points.size()));
    for (const QPointF &d : std::as_const(dots))
        p.drawEllipse(d, 2, 2);
}

} // namespace npyw
