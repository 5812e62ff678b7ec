#include "colorbar.h"

#include "axisticks.h"

#include <QPainter>

#include <algorithm>

namespace npyw {

void paintColorBar(QPainter &p, const QRect &area, const ColorBarModel &m, const QColor &text)
{
    if (!m.valid)
        return;
    const QFontMetrics fm = p.fontMetrics();
    const int lineH = fm.height();
    QList<QPair<QString, QRgb>> specials;
    const QString approx = m.stats.sampled ? QStringLiteral("≈") : QString();
    if (m.stats.nanCount)
        specials << qMakePair(QStringLiteral("NaN %1%2").arg(approx).arg(m.stats.nanCount), m.colors.nan);
    if (m.stats.posInfCount)
        specials << qMakePair(QStringLiteral("+Inf %1%2").arg(approx).arg(m.stats.posInfCount), m.colors.posInf);
    if (m.stats.negInfCount)
        specials << qMakePair(QStringLiteral("−Inf %1%2").arg(approx).arg(m.stats.negInfCount), m.colors.negInf);
    const int specialsH = int(specials.size()) * (lineH + 2);
    const QRect bar(area.left() + 6, area.top() + lineH / 2 + 4, 14,
                    std::max(10, area.height() - lineH - 8 - specialsH - (specials.isEmpty() ? 0 : 6)));
    for (int y = 0; y < bar.height(); ++y) {
        const int i = std::clamp(int((1.0 - (y + 0.5) / bar.height()) * npy::kColormapSize), 0, npy::kColormapSize - 1);
        p.setPen(QColor::fromRgb(m.table[size_t(i)]));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(text);
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar.adjusted(0, 0, -1, -1));

    const int count = std::max(2, bar.height() / (lineH * 4));
    QList<Tick> ticks = axisTicks(m.stats.low, m.stats.high, m.scale, count, m.isBool, m.isInteger);
    if (m.dateType.kind == npy::Kind::DateTime) {
        for (Tick &t : ticks)
            t.label = dateTickLabel(m.dateType, t.value);
    }
    drawTicksRightOf(p, bar, area.right(), ticks,
                     m.stats.low, m.stats.high, m.scale);

    int y = bar.bottom() + 8;
    for (const auto &s : specials) {
        const QRect sw(bar.left(), y + 1, bar.width(), lineH - 2);
        p.fillRect(sw, QColor::fromRgba(s.second));
        p.drawRect(sw.adjusted(0, 0, -1, -1));
        p.drawText(QRect(bar.right() + 7, y, area.right() - bar.right() - 7, lineH), Qt::AlignLeft | Qt::AlignVCenter,
                   s.first);
        y += lineH + 2;
    }
}

ColorBar::ColorBar(QWidget *parent) : QWidget(parent)
{
    setFixedWidth(kWidth);
}

void ColorBar::setModel(const ColorBarModel &model)
{
    mModel = model;
    update();
}

void ColorBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintColorBar(p, rect(), mModel, palette().color(QPalette::WindowText));
}

} // namespace npyw
