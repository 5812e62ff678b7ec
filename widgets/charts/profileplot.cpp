#include "profileplot.h"

#include "axisticks.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace npyw {

namespace {

constexpr int kTop = 18;    ///< the hover line above the plot
constexpr int kBottom = 18; ///< the position axis's labels
constexpr int kRight = 10;

/** A pixel coordinate the painter can draw (±Inf values sit far off the plot). */
double safe(double v)
{
    return std::clamp(v, -1e6, 1e6);
}

} // namespace

ProfilePlot::ProfilePlot(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumHeight(90);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ProfilePlot::setProfile(std::shared_ptr<const npy::Profile> profile, const AxisLabels &labels,
                             const QString &axisName)
{
    mProfile = std::move(profile);
    mLabels = labels;
    mAxisName = axisName;
    mMessage.clear();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : mProfile->values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!(lo <= hi)) {
        lo = 0.0;
        hi = 1.0;
    } else if (lo == hi) {
        const double pad = lo == 0.0 ? 0.5 : std::abs(lo) * 0.05;
        lo -= pad;
        hi += pad;
    } else {
        const double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
    double x0 = mProfile->positions.empty() ? 0.0 : mProfile->positions.front();
    double x1 = mProfile->positions.empty() ? 0.0 : mProfile->positions.back();
    if (x1 <= x0) {
        x0 -= 0.5;
        x1 += 0.5;
    }
    mView = QRectF(QPointF(x0, lo), QPointF(x1, hi));
    if (mHover >= mProfile->size())
        mHover = -1;
    update();
}

void ProfilePlot::setMessage(const QString &message)
{
    mProfile.reset();
    mMessage = message;
    setHover(-1);
    update();
}

void ProfilePlot::setCaption(const QString &caption)
{
    if (caption == mCaption)
        return;
    mCaption = caption;
    update();
}

QString ProfilePlot::pointText(qint64 i) const
{
    if (!mProfile || i < 0 || i >= mProfile->size())
        return QString();
    if (mPointText)
        return mPointText(i);
    return QStringLiteral("[%1] = %2").arg(i).arg(mProfile->values[size_t(i)], 0, 'g', 7);
}

int ProfilePlot::leftMargin() const
{
    const QFontMetrics fm = fontMetrics();
    int widest = 0;
    for (const Tick &t : axisTicks(mView.top(), mView.bottom(), npy::ColorScale::Linear, 4))
        widest = std::max(widest, fm.horizontalAdvance(t.label));
    return std::max(40, widest + 10);
}

QRect ProfilePlot::plotArea() const
{
    // Asked for every point drawn: the margin (which measures the value axis's labels) is kept until the view
    // or the size changes.
    if (mAreaSize != size() || mAreaView != mView) {
        mAreaSize = size();
        mAreaView = mView;
        mArea = rect().adjusted(leftMargin(), kTop, -kRight, -kBottom);
    }
    return mArea;
}

double ProfilePlot::xToPixel(double position) const
{
    const QRect a = plotArea();
    return a.left() + (position - mView.left()) / mView.width() * a.width();
}

double ProfilePlot::yToPixel(double value) const
{
    const QRect a = plotArea();
    return a.bottom() - (value - mView.top()) / mView.height() * a.height();
}

qint64 ProfilePlot::pointAt(double x) const
{
    if (!mProfile || mProfile->positions.empty())
        return -1;
    const QRect a = plotArea();
    const double position = mView.left() + (x - a.left()) / a.width() * mView.width();
    const std::vector<double> &p = mProfile->positions;
    const auto it = std::lower_bound(p.begin(), p.end(), position);
    qint64 i = qint64(it - p.begin());
    if (i >= qint64(p.size()) || (i > 0 && position - p[size_t(i - 1)] < p[size_t(i)] - position))
        --i;
    return std::clamp<qint64>(i, 0, qint64(p.size()) - 1);
}

void ProfilePlot::setHover(qint64 i)
{
    if (i == mHover)
        return;
    mHover = i;
    update();
    emit pointHovered(i);
}

void ProfilePlot::mouseMoveEvent(QMouseEvent *e)
{
    setHover(plotArea().adjusted(-4, 0, 4, 0).contains(e->position().toPoint()) ? pointAt(e->position().x()) : -1);
}

void ProfilePlot::leaveEvent(QEvent *)
{
    setHover(-1);
}

void ProfilePlot::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    if (!mProfile) {
        p.setPen(text);
        p.drawText(QRect(6, 0, width() - 12, kTop), Qt::AlignLeft | Qt::AlignVCenter,
                   fontMetrics().elidedText(mCaption, Qt::ElideRight, width() - 12));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(8, kTop, -8, -4), Qt::AlignCenter | Qt::TextWordWrap, mMessage);
        return;
    }
    const QRect a = plotArea();
    const QFontMetrics fm = fontMetrics();
    const QColor grid = palette().color(QPalette::Mid);
    p.setPen(QPen(grid, 1));
    p.drawRect(a.adjusted(0, 0, -1, -1));
    // The value axis.
    const int valueTicks = std::max(2, a.height() / 28);
    for (const Tick &t : axisTicks(mView.top(), mView.bottom(), npy::ColorScale::Linear, valueTicks)) {
        if (t.value < mView.top() || t.value > mView.bottom())
            continue;
        const int y = int(std::lround(yToPixel(t.value)));
        p.setPen(QPen(grid, 1, Qt::DotLine));
        p.drawLine(a.left(), y, a.right(), y);
        p.setPen(text);
        p.drawText(QRect(0, y - fm.height() / 2, a.left() - 5, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   t.label);
    }
    // The position axis: the slice's labels for a row or column (ticks at element centres), distances for a line.
    const int count = std::max(2, a.width() / 90);
    QList<QPair<double, QString>> xTicks;
    if (mProfile->geometry.kind == npy::ProfileKind::Line) {
        const QList<double> values = niceTicks(mView.left(), mView.right(), count);
        const double step = values.size() > 1 ? values[1] - values[0] : 0.0;
        for (double v : values)
            xTicks.append({v, tickLabel(v, step, largestMagnitude(values))});
    } else {
        const qint64 length = qint64(mProfile->positions.size());
        for (const SliceTick &t : mLabels.ticks(mView.left(), mView.right() + 1.0, length, count))
            xTicks.append({t.position - 0.5, t.label});
    }
    for (const auto &[position, label] : xTicks) {
        if (position < mView.left() - 1e-9 || position > mView.right() + 1e-9)
            continue;
        const int x = int(std::lround(xToPixel(position)));
        p.setPen(QPen(grid, 1));
        p.drawLine(x, a.bottom(), x, a.bottom() + 3);
        p.setPen(text);
        const int w = fm.horizontalAdvance(label);
        p.drawText(QRect(x - w / 2 - 2, a.bottom() + 3, w + 4, kBottom - 3), Qt::AlignCenter, label);
    }
    p.save();
    p.setClipRect(a.adjusted(1, 1, -1, -1));
    paintSeries(p, a);
    p.restore();
    // The top line: the caption and the axis's name at the right, or the hovered point across the whole width.
    int room = a.right() - 6;
    if (mHover < 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(a.left(), 0, a.width(), kTop), Qt::AlignRight | Qt::AlignVCenter, mAxisName);
        room -= fm.horizontalAdvance(mAxisName) + 12;
    }
    p.setPen(text);
    p.drawText(QRect(6, 0, room, kTop), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(mHover >= 0 ? pointText(mHover) : mCaption, Qt::ElideRight, room));
}

void ProfilePlot::paintSeries(QPainter &p, const QRect &a) const
{
    const std::vector<double> &xs = mProfile->positions;
    const std::vector<double> &ys = mProfile->values;
    const QColor line = palette().color(QPalette::Highlight);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(line, 1.5));
    p.setBrush(Qt::NoBrush);
    const size_t n = ys.size();
    if (double(n) <= 2.0 * a.width()) {
        QPainterPath path;
        bool open = false;
        for (size_t i = 0; i < n; ++i) {
            if (std::isnan(ys[i])) {
                open = false;
                continue;
            }
            const QPointF pt(xToPixel(xs[i]), safe(yToPixel(ys[i])));
            if (open)
                path.lineTo(pt);
            else
                path.moveTo(pt);
            open = true;
        }
        p.drawPath(path);
        // Points apart enough to be seen one by one are marked, and so is a point alone between NaN.
        const bool dots = double(n) * 6.0 <= a.width();
        p.setBrush(line);
        for (size_t i = 0; i < n; ++i) {
            const bool alone = (i == 0 || std::isnan(ys[i - 1])) && (i + 1 == n || std::isnan(ys[i + 1]));
            if (!std::isnan(ys[i]) && (dots || alone))
                p.drawEllipse(QPointF(xToPixel(xs[i]), safe(yToPixel(ys[i]))), 2.0, 2.0);
        }
    } else {
        // More points than pixels: each pixel column draws the extremes of its points, joined to the next.
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(line, 1));
        int column = std::numeric_limits<int>::min();
        double lo = 0.0, hi = 0.0;
        bool have = false;
        QPointF last;
        bool haveLast = false;
        auto flush = [&]() {
            if (!have)
                return;
            const QPointF top(column, safe(yToPixel(hi))), bottom(column, safe(yToPixel(lo)));
            if (haveLast)
                p.drawLine(last, bottom);
            p.drawLine(top, bottom);
            last = top;
            haveLast = true;
            have = false;
        };
        for (size_t i = 0; i < n; ++i) {
            const int x = int(std::floor(xToPixel(xs[i])));
            if (x != column) {
                flush();
                column = x;
            }
            if (std::isnan(ys[i])) {
                flush();
                haveLast = false;
                continue;
            }
            lo = have ? std::min(lo, ys[i]) : ys[i];
            hi = have ? std::max(hi, ys[i]) : ys[i];
            have = true;
        }
        flush();
    }
    if (mHover >= 0 && mHover < qint64(n)) {
        const double x = xToPixel(xs[size_t(mHover)]);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
        p.drawLine(QPointF(x, a.top()), QPointF(x, a.bottom()));
        if (!std::isnan(ys[size_t(mHover)])) {
            p.setPen(QPen(Qt::black, 1.5));
            p.setBrush(QColor(255, 80, 40));
            p.drawEllipse(QPointF(x, safe(yToPixel(ys[size_t(mHover)]))), 4.0, 4.0);
        }
    }
}

} // namespace npyw
