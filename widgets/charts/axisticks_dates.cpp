// Calendar ticks for datetime axes (axisticks.h): where the ticks of a datetime axis sit and how they are written.
#include "axisticks.h"

#include <cmath>

namespace npyw {

namespace {

constexpr double kDay = 86400.0;

/** Days from 1970-01-01 to the civil date \a y-\a m-\a d (proleptic Gregorian). */
qint64 daysFromCivil(qint64 y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yearOfEra = y - era * 400;
    const qint64 dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return q * b > a ? q - 1 : q;
}

/** Seconds per count of unit \a unit (W and finer); 0 for Y, M and generic. */
double unitSeconds(const QString &unit)
{
    static const struct
    {
        const char *name;
        double seconds;
    } units[] = {{"W", 604800.0}, {"D", kDay},  {"h", 3600.0}, {"m", 60.0},   {"s", 1.0},     {"ms", 1e-3},
                 {"us", 1e-6},    {"ns", 1e-9}, {"ps", 1e-12},  {"fs", 1e-15}, {"as", 1e-18}};
    for (const auto &u : units) {
        if (unit == QLatin1String(u.name))
            return u.seconds;
    }
    return 0.0;
}

/** A native datetime64 of \a unit (count 1). */
npy::DType dateType(const char *unit)
{
    npy::DType t;
    t.kind = npy::Kind::DateTime;
    t.byteOrder = '<';
    t.itemSize = 8;
    t.unit = QString::fromLatin1(unit);
    return t;
}

/** Month steps: 1, 2, 3, 6 months, then 1, 2, 5 x 10^k years. */
qint64 monthStep(double rawMonths)
{
    for (qint64 m : {1, 2, 3, 6})
        if (m >= rawMonths)
            return m;
    const double years = rawMonths / 12.0;
    const double mag = std::pow(10.0, std::floor(std::log10(std::max(years, 1.0))));
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (f * mag >= years)
            return qint64(f * mag) * 12;
    return qint64(10 * mag) * 12;
}

/** The ticks at every \a step months from month \a first (counted from 1970-01) to \a last, as values \a toValue gives. */
template <typename ToValue>
QList<Tick> monthTicks(double firstMonth, double lastMonth, qint64 step, ToValue toValue)
{
    QList<Tick> ticks;
    const npy::DType label = dateType(step >= 12 ? "Y" : "M");
    for (qint64 k = qint64(std::ceil(firstMonth / double(step))) * step; double(k) <= lastMonth && ticks.size() < 1000;
         k += step) {
        const double value = toValue(k);
        if (std::isfinite(value))
            ticks << Tick{value, dateTickLabel(label, double(step >= 12 ? floorDiv(k, 12) : k))};
    }
    return ticks;
}

} // namespace

QList<Tick> dateAxisTicks(const npy::DType &type, double lo, double hi, int count)
{
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo || count < 1)
        return {};
    const double perCount = double(std::max<qint64>(1, type.unitCount));
    if (type.unit == QLatin1String("Y") || type.unit == QLatin1String("M")) {
        // Counts of months or years: ticks on whole months or years.
        const double months = (type.unit == QLatin1String("Y") ? 12.0 : 1.0) * perCount;
        const qint64 step = std::max<qint64>(monthStep((hi - lo) * months / count), qint64(months));
        return monthTicks(lo * months, hi * months, step, [months](qint64 k) {
            const double v = double(k) / months;
            return v == std::floor(v) ? v : std::nan("");
        });
    }
    const double spc = unitSeconds(type.unit) * perCount;
    if (spc <= 0.0)
        return axisTicks(lo, hi, npy::ColorScale::Linear, count, false, true);
    const double loS = lo * spc, hiS = hi * spc;
    const double raw = std::max((hiS - loS) / count, spc);
    if (raw > 3 * 7 * kDay) {
        // Whole months: from the days of the first of each month.
        const double monthSeconds = kDay * 365.2425 / 12.0;
        const double firstMonth = std::floor(loS / monthSeconds) - 1, lastMonth = std::ceil(hiS / monthSeconds) + 1;
        const QList<Tick> ticks = monthTicks(firstMonth, lastMonth, monthStep(raw / monthSeconds), [spc](qint64 k) {
            const qint64 year = floorDiv(k, 12);
            return double(daysFromCivil(1970 + year, int(k - year * 12) + 1, 1)) * kDay / spc;
        });
        QList<Tick> inside;
        for (const Tick &t : std::as_const(ticks))
            if (t.value >= lo && t.value <= hi)
                inside << t;
        return inside;
    }
    double step = 0.0;
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
                                   43200, kDay, 2 * kDay, 7 * kDay, 14 * kDay, 21 * kDay};
    if (raw < 1.0) {
        // Fractions of a second: 1, 2, 5 x 10^k.
        const double mag = std::pow(10.0, std::floor(std::log10(raw)));
        const double norm = raw / mag;
        step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    } else {
        for (double s : steps) {
            if (s >= raw) {
                step = s;
                break;
            }
        }
    }
    // The coarsest unit that writes every tick of this step.
    const char *unit = step >= kDay ? "D"
                       : step >= 60 ? "m"
                       : step >= 1  ? "s"
                       : step >= 1e-3 ? "ms"
                       : step >= 1e-6 ? "us"
                                      : "ns";
    const double labelSeconds = unitSeconds(QString::fromLatin1(unit));
    // The type's own unit when it is that coarse already (or the step is finer than a nanosecond).
    const bool own = unitSeconds(type.unit) >= labelSeconds || step < 1e-9;
    const npy::DType label = own ? type : dateType(unit);
    const double labelSpc = own ? spc : labelSeconds;
    QList<Tick> ticks;
    for (double t = std::ceil(loS / step - 1e-9) * step; t <= hiS + step * 1e-9 && ticks.size() < 1000; t += step)
        ticks << Tick{t / spc, dateTickLabel(label, std::round(t / labelSpc))};
    return ticks;
}

} // namespace npyw
