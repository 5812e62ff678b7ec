#pragma once

// Datetime64 / timedelta64 units as NumPy orders them (years first, attoseconds last, generic after),
// the factors between them and NumPy's divisibility rule for safe casts. Private to transform/.

#include <QString>
#include <QStringList>

#include <numeric>

namespace npy::dtunits {

inline constexpr int kYear = 0;
inline constexpr int kMonth = 1;
inline constexpr int kWeek = 2;
inline constexpr int kDay = 4;
inline constexpr int kAtto = 13;
inline constexpr int kGeneric = 14;

/** The unit's place in NumPy's enum (Y=0 ... as=13; 3 was business days; generic 14); -1 if unknown. */
inline int unitIndex(const QString &unit)
{
    static const QStringList units = {QStringLiteral("Y"),  QStringLiteral("M"),  QStringLiteral("W"),
                                      QString(),            QStringLiteral("D"),  QStringLiteral("h"),
                                      QStringLiteral("m"),  QStringLiteral("s"),  QStringLiteral("ms"),
                                      QStringLiteral("us"), QStringLiteral("ns"), QStringLiteral("ps"),
                                      QStringLiteral("fs"), QStringLiteral("as")};
    if (unit.isEmpty())
        return kGeneric;
    return int(units.indexOf(unit));
}

/**
 * How many of unit \a little one \a big holds (big <= little, both linear: week and finer), or 0 when
 * that overflows NumPy's margin (any of the top 8 bits set), as NumPy's get_datetime_units_factor.
 */
inline quint64 unitsFactor(int big, int little)
{
    static const quint64 factors[] = {1, 1, 7, 1, 24, 60, 60, 1000, 1000, 1000, 1000, 1000, 1000, 1, 0};
    quint64 factor = 1;
    for (int unit = big; unit < little; ++unit) {
        factor *= factors[unit];
        if (factor & 0xff00000000000000ULL)
            return 0;
    }
    return factor;
}

/**
 * NumPy's datetime_metadata_divides(): whether one \a srcCount x \a src is a whole number of
 * \a dstCount x \a dst. Years and months count as dividing every other unit unless \a strict
 * (timedeltas), where they divide only each other.
 */
inline bool metadataDivides(int src, qint64 srcCount, int dst, qint64 dstCount, bool strict)
{
    if (src == kGeneric || dst == kGeneric)
        return true;
    quint64 num1 = quint64(srcCount);
    quint64 num2 = quint64(dstCount);
    if (src != dst) {
        if (src == kYear) {
            if (dst != kMonth)
                return !strict;
            num1 *= 12;
        } else if (dst == kYear) {
            if (src != kMonth)
                return !strict;
            num2 *= 12;
        } else if (src == kMonth || dst == kMonth) {
            return !strict;
        }
        if (src > dst) {
            const quint64 f = unitsFactor(dst, src);
            if (f == 0)
                return false;
            num2 *= f;
        } else if (src != kYear && src != kMonth) {
            const quint64 f = unitsFactor(src, dst);
            if (f == 0)
                return false;
            num1 *= f;
        }
    }
    if ((num1 & 0xff00000000000000ULL) || (num2 & 0xff00000000000000ULL))
        return false;
    return num1 % num2 == 0;
}

/**
 * NumPy's get_datetime_conversion_factor(): values of \a srcCount x \a src become value * num / denom
 * (rounded down) of \a dstCount x \a dst. Years and months against days and finer use the average
 * of the 400-year Gregorian cycle (what timedelta64 casts use). Generic units convert 1:1. False when
 * the factor overflows (NumPy raises then).
 */
inline bool conversionFactor(int src, qint64 srcCount, int dst, qint64 dstCount, qint64 *num, qint64 *denom)
{
    if (src == kGeneric || dst == kGeneric) {
        *num = 1;
        *denom = 1;
        return true;
    }
    quint64 n = 1;
    quint64 d = 1;
    const bool swapped = src > dst;
    const int big = swapped ? dst : src;
    const int little = swapped ? src : dst;
    constexpr quint64 kCycleDays = 97 + 400 * 365;
    if (big != little) {
        if (big == kYear || big == kMonth) {
            const quint64 months = big == kYear ? 1 : 12;
            if (big == kYear && little == kMonth) {
                n *= 12;
            } else if (little == kWeek) {
                n *= kCycleDays;
                d *= 400 * months * 7;
            } else {
                n *= kCycleDays;
                d *= 400 * months;
                n *= unitsFactor(kDay, little);
            }
        } else {
            n *= unitsFactor(big, little);
        }
        if (n == 0)
            return false;
    }
    if (swapped)
        std::swap(n, d);
    if (__builtin_mul_overflow(n, quint64(srcCount), &n) || __builtin_mul_overflow(d, quint64(dstCount), &d)
        || n > quint64(INT64_MAX) || d > quint64(INT64_MAX))
        return false;
    const quint64 g = std::gcd(n, d);
    *num = qint64(n / g);
    *denom = qint64(d / g);
    return true;
}

/** Floor division (NumPy's rounding of datetimes towards earlier times). */
inline qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-(a + 1)) / b) - 1;
}

/** a * b + c with two's complement wrapping, as NumPy's C arithmetic behaves on values far out of range. */
inline qint64 wrap(qint64 a, qint64 b, qint64 c = 0)
{
    return qint64(quint64(a) * quint64(b) + quint64(c));
}

/** Days from 1970-01-01 to year \a y, month \a m (1-12), day 1 of the proleptic Gregorian calendar. */
inline qint64 daysFromCivil(qint64 y, qint64 m)
{
    y = wrap(y, 1, -qint64(m <= 2));
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = wrap(era, -400, y);
    const qint64 mp = (m + 9) % 12;
    const qint64 doy = (153 * mp + 2) / 5;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return wrap(era, 146097, doe - 719468);
}

/** The year and month (1-12) of the day \a days after 1970-01-01. */
inline void civilFromDays(qint64 days, qint64 *year, qint64 *month)
{
    days = wrap(days, 1, 719468);
    const qint64 era = floorDiv(days, 146097);
    const qint64 doe = wrap(era, -146097, days);
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = wrap(era, 400, yoe + (*month <= 2));
}

/**
 * A datetime64 value of \a srcCount x \a src as one of \a dstCount x \a dst through the calendar, as
 * NumPy converts between years or months and days or finer (through a date, rounding down). One of the
 * units is years or months, the other weeks or finer.
 */
inline qint64 calendarConvert(qint64 v, int src, qint64 srcCount, int dst, qint64 dstCount)
{
    const qint64 base = qint64(quint64(v) * quint64(srcCount));
    if (src <= kMonth) {
        const qint64 year = wrap(src == kYear ? base : floorDiv(base, 12), 1, 1970);
        const qint64 month = src == kYear ? 1 : base - floorDiv(base, 12) * 12 + 1;
        const qint64 days = daysFromCivil(year, month);
        const qint64 out = dst == kWeek ? floorDiv(days, 7) : qint64(quint64(days) * unitsFactor(kDay, dst));
        return floorDiv(out, dstCount);
    }
    const qint64 days = src == kWeek ? wrap(base, 7) : floorDiv(base, qint64(unitsFactor(kDay, src)));
    qint64 year = 0;
    qint64 month = 0;
    civilFromDays(days, &year, &month);
    const qint64 out = dst == kYear ? wrap(year, 1, -1970) : wrap(wrap(year, 1, -1970), 12, month - 1);
    return floorDiv(out, dstCount);
}

} // namespace npy::dtunits
