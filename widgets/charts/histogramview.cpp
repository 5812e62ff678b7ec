#include "histogramview.h"

#include "axisticks.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace npyw {

namespace {

constexpr int kMargin = 8;
constexpr int kStrip = 6;
/** Pixels between the frame and the axis' ends, so that the bars at the ends are never under the frame. */
constexpr int kInset = 3;
constexpr int kGrab = 6;

} // namespace

QString percentileRangeText(npy::RangeMode mode, const npy::RangeStats &stats, npy::ColorScale scale)
{
    QString which;
    if (mode == npy::RangeMode::Percentile1)
        which = HistogramView::tr("1st–99th percentile");
    else if (mode == npy::RangeMode::Percentile01)
        which = HistogramView::tr("0.1th–99.9th percentile");
    else
        return QString();
    if (!stats.fromHistogram)
        return which;
    if (stats.resolution <= 0.0)
        return HistogramView::tr("%1, exact").arg(which);
    const qint64 parts = qRound64(1.0 / stats.resolution);
    return scale == npy::ColorScale::Log ? HistogramView::tr("%1, to 1/%2 of the log range").arg(which).arg(parts)
                                    : HistogramView::tr("%1, to 1/%2 of the range").arg(which).arg(parts);
}

HistogramView::HistogramView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("histogramView"));
    setMinimumHeight(110);
    setMouseTracking(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kMargin, 2, kMargin, 0);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    mHeader = new QLabel(this);
    mHeader->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mLogBox = new QCheckBox(tr("Log counts"), this);
    mLogBox->setObjectName(QStringLiteral("histogramLogCounts"));
    mLogBox->setToolTip(tr("Bar heights on a log scale, so that rare values show"));
    top->addWidget(mHeader, 1);
    top->addWidget(mLogBox);
    layout->addLayout(top);
    layout->addStretch(1);
    connect(mLogBox, &QCheckBox::toggled, this, [this](bool on) {
        mLogCounts = on;
        update();
        emit logCountsToggled(on);
    });
    setToolTip(tr("Drag the two handles to set the colour range"));
    updateHeader();
}

void HistogramView::setHistogram(std::shared_ptr<const npy::Histogram> histogram)
{
    mHistogram = std::move(histogram);
    updateHeader();
    update();
}

void HistogramView::setUpdating(bool updating)
{
    if (updating == mUpdating)
        return;
    mUpdating = updating;
    updateHeader();
    update();
}

void HistogramView::setColorRange(double low, double high, npy::ColorScale scale)
{
    if (mDragging >= 0)
        return; // the user's drag wins until it ends
    mLow = std::min(low, high);
    mHigh = std::max(low, high);
    mScale = scale;
    update();
}

void HistogramView::setColors(const npy::ColorTable &table, const npy::SpecialColors &colors)
{
    mTable = table;
    mColors = colors;
    update();
}

void HistogramView::setDateType(const npy::DType &type)
{
    mDateType = type;
    update();
}

void HistogramView::setLogCounts(bool on)
{
    mLogBox->setChecked(on);
}

QString HistogramView::headerText() const
{
    return mHeader->text();
}

void HistogramView::updateHeader()
{
    QString text;
    const npy::Histogram *h = mHistogram.get();
    if (!h) {
        text = mUpdating ? tr("Histogram: counting every element…") : tr("Histogram");
    } else {
        text = h->unitBins ? tr("Histogram of %L1 elements, one bar per integer").arg(h->count)
               : h->logBins ? tr("Histogram of %L1 elements, %L2 log bins").arg(h->count).arg(h->bins())
                            : tr("Histogram of %L1 elements, %L2 bins").arg(h->count).arg(h->bins());
        if (h->nanCount)
            text += tr(" · NaN %L1").arg(h->nanCount);
        if (h->posInfCount)
            text += tr(" · +Inf %L1").arg(h->posInfCount);
        if (h->negInfCount)
            text += tr(" · −Inf %L1").arg(h->negInfCount);
        if (h->logBins && h->nonPositiveCount)
            text += tr(" · %L1 ≤ 0 not shown").arg(h->nonPositiveCount);
        if (mUpdating)
            text += tr(" (updating…)");
    }
    mHeader->setText(text);
}

bool HistogramView::logAxis() const
{
    return mHistogram ? mHistogram->logBins : mScale == npy::ColorScale::Log;
}

void HistogramView::axis(double *lo, double *hi) const
{
    if (mDragging >= 0) {
        *lo = mFrozenLo;
        *hi = mFrozenHi;
        return;
    }
    double a = mLow, b = mHigh;
    if (mHistogram && mHistogram->bins() > 0) {
        a = std::min(a, mHistogram->low);
        b = std::max(b, mHistogram->high);
    }
    if (logAxis()) {
        if (!(a > 0.0))
            a = mHistogram && mHistogram->bins() > 0 ? mHistogram->low : (b > 0.0 ? b / 10.0 : 1.0);
        if (!(b > a))
            b = a * 10.0;
    } else if (!(b > a)) {
        a -= 0.5;
        b += 0.5;
    }
    *lo = a;
    *hi = b;
}

QRect HistogramView::plotRect() const
{
    const int top = mHeader->geometry().bottom() + 4;
    const int bottom = height() - fontMetrics().height() - 4 - kStrip - 2;
    return QRect(QPoint(kMargin, top), QPoint(width() - kMargin - 1, std::max(top + 10, bottom)));
}

double HistogramView::xOf(double value) const
{
    double lo = 0, hi = 1;
    axis(&lo, &hi);
    const QRect r = plotRect().adjusted(kInset, 0, -kInset, 0);
    const double t = logAxis() ? (value > 0.0 ? (std::log10(value) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                                              : 0.0)
                               : (value - lo) / (hi - lo);
    return r.left() + t * r.width();
}

double HistogramView::valueAt(double x) const
{
    double lo = 0, hi = 1;
    axis(&lo, &hi);
    const QRect r = plotRect().adjusted(kInset, 0, -kInset, 0);
    const double t = std::clamp((x - r.left()) / std::max(1, r.width()), 0.0, 1.0);
    if (logAxis())
        return std::pow(10.0, std::log10(lo) + t * (std::log10(hi) - std::log10(lo)));
    return lo + t * (hi - lo);
}

void HistogramView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect r = plotRect();
    if (r.width() < 2 || r.height() < 2)
        return;
    const QColor fg = palette().color(QPalette::WindowText);
    p.fillRect(r, palette().color(QPalette::Base));
    const npy::ColorMapping mapping{mLow, mHigh, mScale};
    auto colorAt = [&](double v) { return QColor::fromRgb(mTable[std::min<size_t>(npy::colorIndex(v, mapping), 255)]); };

    // The handles' lines run through the plot only while dragged: otherwise a bar at an end of the range (MNIST's
    // 0 bar) would read as a handle's line, or hide under it.
    if (mDragging >= 0) {
        const double x = std::round(handleX(mDragging == 1)) + 0.5;
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
    }
    // Bars: the bins summed per pixel column, coloured as the heatmap colours their values; a bin wider than a
    // pixel (few bins, as one per integer of uint8) is drawn across its whole width.
    const npy::Histogram *h = mHistogram.get();
    const QRect d = r.adjusted(kInset, 0, -kInset, 0);
    if (h && h->bins() > 0 && h->bins() <= d.width()) {
        qint64 top = 0;
        for (int b = 0; b < h->bins(); ++b)
            top = std::max(top, h->counts[size_t(b)]);
        const double scale = mLogCounts ? std::log1p(double(top)) : double(top);
        for (int b = 0; b < h->bins() && scale > 0.0; ++b) {
            const qint64 c = h->counts[size_t(b)];
            if (c == 0)
                continue;
            const int x0 = int(std::floor(xOf(h->edge(b))));
            const int x1 = std::max(x0 + 1, int(std::floor(xOf(h->edge(b + 1)))));
            const double f = (mLogCounts ? std::log1p(double(c)) : double(c)) / scale;
            const int barH = std::max(1, int(std::lround(f * (r.height() - 2))));
            const double centre = h->logBins ? std::sqrt(h->edge(b) * h->edge(b + 1)) : (h->edge(b) + h->edge(b + 1)) / 2;
            p.fillRect(QRect(x0, r.bottom() - barH + 1, std::min(x1, d.right() + 1) - x0, barH), colorAt(centre));
        }
    } else if (h && h->bins() > 0) {
        std::vector<qint64> columns(size_t(d.width()), 0);
        for (int b = 0; b < h->bins(); ++b) {
            const qint64 c = h->counts[size_t(b)];
            if (c == 0)
                continue;
            const double centre = h->logBins ? std::sqrt(h->edge(b) * h->edge(b + 1)) : (h->edge(b) + h->edge(b + 1)) / 2;
            const int x = std::clamp(int(xOf(centre)) - d.left(), 0, d.width() - 1);
            columns[size_t(x)] += c;
        }
        const qint64 top = *std::max_element(columns.begin(), columns.end());
        const double scale = mLogCounts ? std::log1p(double(top)) : double(top);
        for (int x = 0; x < d.width(); ++x) {
            const qint64 c = columns[size_t(x)];
            if (c == 0 || scale <= 0.0)
                continue;
            const double f = (mLogCounts ? std::log1p(double(c)) : double(c)) / scale;
            const int barH = std::max(1, int(std::lround(f * (r.height() - 2))));
            p.fillRect(QRect(d.left() + x, r.bottom() - barH + 1, 1, barH), colorAt(valueAt(d.left() + x + 0.5)));
        }
    } else {
        p.setPen(palette().color(QPalette::PlaceholderText));
        // No histogram at all (an empty window, a member without numbers) is not one of NaNs only.
        p.drawText(r, Qt::AlignCenter,
                   mUpdating ? tr("counting…") : mHistogram ? tr("no finite values") : tr("nothing to count"));
    }
    if (mUpdating)
        p.fillRect(r, QColor(128, 128, 128, 60));
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r.adjusted(0, 0, -1, -1));

    // The colour strip under the axis: the colour each value gets.
    const QRect strip(r.left(), r.bottom() + 2, r.width(), kStrip);
    for (int x = 0; x < strip.width(); ++x)
        p.fillRect(QRect(strip.left() + x, strip.top(), 1, strip.height()), colorAt(valueAt(strip.left() + x + 0.5)));

    // Ticks.
    double lo = 0, hi = 1;
    axis(&lo, &hi);
    const npy::ColorScale axisScale = logAxis() ? npy::ColorScale::Log : npy::ColorScale::Linear;
    const bool dates = mDateType.kind == npy::Kind::DateTime;
    QList<Tick> ticks = axisTicks(lo, hi, axisScale, std::max(2, r.width() / (dates ? 150 : 90)), false,
                                  h && h->unitBins);
    if (dates) {
        for (Tick &t : ticks)
            t.label = dateTickLabel(mDateType, t.value);
    }
    p.setPen(fg);
    const QFontMetrics fm = fontMetrics();
    for (const Tick &t : ticks) {
        const double x = xOf(t.value);
        if (x < r.left() - 1 || x > r.right() + 1)
            continue;
        p.drawLine(QPointF(x, strip.bottom() + 1), QPointF(x, strip.bottom() + 3));
        // Centred under its tick; at the ends, starting (or ending) at the tick so it stays in the widget.
        const double w = fm.horizontalAdvance(t.label);
        double left = x - w / 2;
        if (left < 0)
            left = std::max(0.0, x - 2);
        if (left + w > width())
            left = std::min(double(width()) - w, x + 2 - w);
        p.drawText(QRectF(left, strip.bottom() + 3, w + 1, fm.height()), Qt::AlignLeft | Qt::AlignTop, t.label);
    }

    // The handles: the ends of the colour range, a grip above the bars and a line through the colour strip.
    for (int i = 0; i < 2; ++i) {
        const double x = std::round(handleX(i == 1)) + 0.5;
        const QColor c = mDragging == i ? palette().color(QPalette::Highlight) : fg;
        p.setPen(QPen(c, 1, Qt::DashLine));
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, strip.bottom()));
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        const QPointF grip[3] = {QPointF(x - 5, r.top()), QPointF(x + 5, r.top()), QPointF(x, r.top() + 7)};
        p.drawPolygon(grip, 3);
    }
}

void HistogramView::mousePressEvent(QMouseEvent *e)
{
    mDragging = -1;
    if (e->button() != Qt::LeftButton)
        return;
    const double x = e->position().x();
    const double dLow = std::abs(x - handleX(false)), dHigh = std::abs(x - handleX(true));
    // Between two handles drawn on top of each other, the one the drag goes away from.
    if (std::min(dLow, dHigh) <= kGrab) {
        axis(&mFrozenLo, &mFrozenHi);
        mDragging = dHigh < dLow || (dHigh == dLow && x > handleX(true)) ? 1 : 0;
    }
    update();
}

void HistogramView::mouseMoveEvent(QMouseEvent *e)
{
    const double x = e->position().x();
    if (mDragging < 0) {
        const bool near = std::min(std::abs(x - handleX(false)), std::abs(x - handleX(true))) <= kGrab;
        setCursor(near ? Qt::SizeHorCursor : Qt::ArrowCursor);
        return;
    }
    // The axis does not move while a handle is dragged: the handle follows the mouse.
    const double v = valueAt(x);
    (mDragging == 0 ? mLow : mHigh) = v;
    update();
}

void HistogramView::mouseReleaseEvent(QMouseEvent *e)
{
    if (mDragging < 0 || e->button() != Qt::LeftButton)
        return;
    mDragging = -1;
    if (mLow > mHigh)
        std::swap(mLow, mHigh);
    update();
    emit rangeEdited(mLow, mHigh);
}

} // namespace npyw
