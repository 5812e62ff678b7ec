#include "heatmapaxis.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace npyw {

namespace {

constexpr int kTick = 4;
constexpr int kGap = 3;

} // namespace

HeatmapAxis::HeatmapAxis(Qt::Orientation orientation, QWidget *parent) : QWidget(parent), mOrientation(orientation)
{
    const int line = fontMetrics().height();
    if (orientation == Qt::Horizontal)
        setFixedHeight(kTick + kGap + line + 1);
    else
        setFixedWidth(kTick + kGap + fontMetrics().horizontalAdvance(QStringLiteral("0000")) + 2);
}

void HeatmapAxis::setOffset(int offset)
{
    if (offset != mOffset) {
        mOffset = offset;
        update();
    }
}

void HeatmapAxis::setMarks(const QList<Mark> &marks, const QString &title)
{
    mMarks = marks;
    mTitle = title;
    if (mOrientation == Qt::Vertical) {
        const QFontMetrics fm = fontMetrics();
        int widest = fm.horizontalAdvance(QStringLiteral("0000"));
        for (const Mark &m : marks)
            widest = std::max(widest, fm.horizontalAdvance(m.label));
        const int wanted = kTick + kGap + widest + 2 + (title.isEmpty() ? 0 : fm.height() + 2);
        // Grows at once; shrinks only by more than a few pixels, so that panning does not make the canvas jitter.
        if (wanted > width() || wanted < width() - 12)
            setFixedWidth(wanted);
    }
    update();
}

QRect HeatmapAxis::titleRect() const
{
    if (mTitle.isEmpty())
        return QRect();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    if (mOrientation == Qt::Vertical)
        return QRect(0, 0, fm.height(), height());
    const int w = fm.horizontalAdvance(mTitle) + 4;
    return QRect(width() - w, kTick + kGap, w, fm.height());
}

QList<QRect> HeatmapAxis::layoutLabels() const
{
    QList<QRect> out;
    const QFontMetrics fm = fontMetrics();
    const QRect title = titleRect();
    QRect last;
    for (const Mark &m : mMarks) {
        const int w = fm.horizontalAdvance(m.label), h = fm.height();
        const int at = int(std::lround(m.pixel)) + mOffset;
        QRect r;
        if (mOrientation == Qt::Vertical) {
            r = QRect(width() - kTick - kGap - w, at - h / 2, w, h);
            // Kept inside the widget at the ends.
            r.moveTop(std::clamp(r.top(), 0, std::max(0, height() - h)));
        } else {
            r = QRect(at - w / 2, kTick + kGap, w, h);
            r.moveLeft(std::clamp(r.left(), 0, std::max(0, width() - w)));
        }
        const bool outside = at < 0 || (mOrientation == Qt::Vertical ? at >= height() : at >= width());
        const QRect spaced = mOrientation == Qt::Vertical ? r.adjusted(0, -1, 0, 1) : r.adjusted(-6, 0, 6, 0);
        if (outside || (!last.isNull() && spaced.intersects(last)) || (!title.isNull() && spaced.intersects(title))) {
            out.append(QRect());
            continue;
        }
        out.append(r);
        last = r;
    }
    return out;
}

QStringList HeatmapAxis::drawnLabels() const
{
    QStringList out;
    const QList<QRect> rects = layoutLabels();
    for (qsizetype i = 0; i < rects.size(); ++i)
        if (!rects[i].isNull())
            out << mMarks[i].label;
    return out;
}

void HeatmapAxis::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setPen(palette().color(QPalette::WindowText));
    const QList<QRect> rects = layoutLabels();
    for (qsizetype i = 0; i < mMarks.size(); ++i) {
        const int at = int(std::lround(mMarks[i].pixel)) + mOffset;
        if (mOrientation == Qt::Vertical) {
            if (at < 0 || at >= height())
                continue;
            p.drawLine(width() - kTick, at, width() - 1, at);
        } else {
            if (at < 0 || at >= width())
                continue;
            p.drawLine(at, 0, at, kTick - 1);
        }
        if (!rects[i].isNull())
            p.drawText(rects[i], Qt::AlignCenter, mMarks[i].label);
    }
    const QRect title = titleRect();
    if (title.isNull())
        return;
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    if (mOrientation == Qt::Vertical) {
        p.save();
        p.translate(title.center());
        p.rotate(-90);
        p.drawText(QRect(-title.height() / 2, -title.width() / 2, title.height(), title.width()), Qt::AlignCenter,
                   mTitle);
        p.restore();
    } else {
        p.drawText(title, Qt::AlignRight | Qt::AlignVCenter, mTitle);
    }
}

} // namespace npyw
