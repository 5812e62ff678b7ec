#include "axisticks.h"

#include "valuetext.h"

#include <QFontMetrics>
#include <QPainter>
#include <QRect>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace npyw {

QList<double> niceTicks(double lo, double hi, int count)
{
    QList<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || count < 1)
        return ticks;
    const double raw = (hi - lo) / count;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (int i = 0; i < 1000; ++i) {
        const double v = first + i * step;
        if (v > hi + step * 1e-9)
            break;
        ticks << v;
    }
    return ticks;
}

double largestMagnitude(const QList<double> &values)
{
    double m = 0.0;
    for (double v : values)
        if (std::isfinite(v))
            m = std::max(m, std::abs(v));
    return m;
}

QString tickLabel(double value, double step, double largest)
{
    const bool haveStep = step > 0 && std::isfinite(step);
    if (haveStep)
        value = std::round(value / step) * step;
    if (value == 0.0)
        return QStringLiteral("0");
    const double mag = std::abs(value);
    QString s;
    if (!haveStep) {
        // A lone value: exact when it is a whole number that fits, else 7 significant digits.
        s = mag < 1e15 && value == std::floor(value) ? QString::number(qint64(value))
                                                     : QString::number(value, 'g', 7);
    } else {
        // Plain decimals where they fit ("320", "2200", "0.25"), exponents only for the very large or small.
        const int decimals = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
        // Decided by the axis's largest tick, so every tick of it is written one way.
        const double scale = std::max(mag, std::isfinite(largest) ? std::abs(largest) : 0.0);
        if (scale < 1e7 && scale >= 1e-4 && decimals <= 6) {
            s = QString::number(value, 'f', decimals);
            if (decimals > 0) {
                while (s.endsWith(QLatin1Char('0')))
                    s.chop(1);
                if (s.endsWith(QLatin1Char('.')))
                    s.chop(1);
            }
        } else {
            // Enough significant digits to tell ticks apart, no more.
            const int digits = std::clamp(int(std::floor(std::log10(mag))) - int(std::floor(std::log10(step))) + 1, 1, 15);
            s = QString::number(value, 'g', digits);
        }
    }
    s.replace(QLatin1Char('-'), QChar(0x2212));
    return s;
}

QString dateTickLabel(const npy::DType &type, double count)
{
    if (!std::isfinite(count))
        return QString();
    npy::DType native = type;
    native.byteOrder = '<';
    uchar bytes[8];
    qToLittleEndian(qint64(std::llround(count)), bytes);
    return npy::formatValue(native, bytes);
}

double scalePosition(double v, double lo, double hi, npy::ColorScale scale)
{
    if (!(hi > lo))
        return 0.0;
    switch (scale) {
    case npy::ColorScale::Linear:
        return (v - lo) / (hi - lo);
    case npy::ColorScale::Log:
        if (v <= 0 || lo <= 0)
            return 0.0;
        return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    case npy::ColorScale::Sqrt: {
        const double t = (v - lo) / (hi - lo);
        return t > 0 ? std::sqrt(t) : 0.0;
    }
    }
    return 0.0;
}

QList<Tick> axisTicks(double lo, double hi, npy::ColorScale scale, int count, bool isBool, bool isInteger)
{
    QList<Tick> ticks;
    if (isBool) {
        ticks << Tick{0.0, QStringLiteral("False")} << Tick{1.0, QStringLiteral("True")};
    } else if (!(hi > lo)) {
        ticks << Tick{lo, tickLabel(lo, 0.0)};
    } else if (scale == npy::ColorScale::Log && lo > 0 && hi / lo >= 100) {
        const int k0 = int(std::ceil(std::log10(lo) - 1e-9)), k1 = int(std::floor(std::log10(hi) + 1e-9));
        const int every = std::max(1, (k1 - k0 + 1 + count - 1) / count);
        for (int k = k0; k <= k1; k += every)
            ticks << Tick{std::pow(10.0, k), QStringLiteral("1e%1").arg(k)};
    } else {
        QList<double> values = niceTicks(lo, hi, count);
        double step = values.size() > 1 ? values[1] - values[0] : (hi - lo);
        if (isInteger && step < 1.0) {
            // Integer data has no values between the integers: tick the integers only.
            values.clear();
            for (double v = std::ceil(lo); v <= hi && values.size() < 1000; v += 1.0)
                values << v;
            step = 1.0;
        }
        const double largest = largestMagnitude(values);
        for (double v : values)
            if (scale != npy::ColorScale::Log || v > 0)
                ticks << Tick{v, tickLabel(v, step, largest)};
    }
    return ticks;
}

void drawTicksRightOf(QPainter &p, const QRect &bar, int right, const QList<Tick> &ticks, double lo, double hi,
                      npy::ColorScale scale)
{
    const int lineH = p.fontMetrics().height();
    for (const Tick &t : ticks) {
        const double y = bar.bottom() - scalePosition(t.value, lo, hi, scale) * (bar.height() - 1);
        const int iy = int(std::lround(y));
        p.drawLine(bar.right() + 1, iy, bar.right() + 4, iy);
        p.drawText(QRect(bar.right() + 7, iy - lineH / 2, right - bar.right() - 7, lineH),
                   Qt::AlignLeft | Qt::AlignVCenter, t.label);
    }
}

} // namespace npyw
