#include "valuetext_p.h"

#include <algorithm>
#include <limits>

// The datetime64 and timedelta64 part of formatValue() and parseValue() (valuetext.cpp): NumPy
// 1.24 str() of those scalars, and its inverse.

namespace npy::detail {

// ------------------------------------------------------------------------------------ datetimes

namespace {

enum class Unit { Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, Generic };

Unit unitOf(const QString &unit)
{
    const char16_t c = unit.isEmpty() ? u'\0' : unit.at(0).unicode();
    if (unit.size() == 1) {
        switch (c) {
        case 'Y': return Unit::Y;
        case 'M': return Unit::M;
        case 'W': return Unit::W;
        case 'D': return Unit::D;
        case 'h': return Unit::h;
        case 'm': return Unit::m;
        case 's': return Unit::s;
        default: return Unit::Generic;
        }
    }
    if (unit.size() == 2 && unit.at(1) == QLatin1Char('s')) {
        switch (c) {
        case 'm': return Unit::ms;
        case 'u': return Unit::us;
        case 'n': return Unit::ns;
        case 'p': return Unit::ps;
        case 'f': return Unit::fs;
        case 'a': return Unit::as;
        default: break;
        }
    }
    return Unit::Generic;
}

const char *unitWord(Unit u)
{
    static const char *const words[] = {"years", "months", "weeks", "days", "hours", "minutes", "seconds",
                                        "milliseconds", "microseconds", "nanoseconds", "picoseconds",
                                        "femtoseconds", "attoseconds", "generic time units"};
    return words[int(u)];
}

/** Attoseconds per unit, for W and finer (0 for Y, M, generic). */
i128 attoseconds(Unit u)
{
    const i128 second = i128(1000000000000000000LL);
    switch (u) {
    case Unit::W: return second * 604800;
    case Unit::D: return second * 86400;
    case Unit::h: return second * 3600;
    case Unit::m: return second * 60;
    case Unit::s: return second;
    case Unit::ms: return second / 1000;
    case Unit::us: return second / 1000000;
    case Unit::ns: return second / 1000000000;
    case Unit::ps: return 1000000;
    case Unit::fs: return 1000;
    case Unit::as: return 1;
    default: return 0;
    }
}

/** Decimal digits of a second the unit shows (s: 0, ms: 3, ..., as: 18). */
int fractionDigits(Unit u)
{
    return u >= Unit::s && u <= Unit::as ? 3 * (int(u) - int(Unit::s)) : 0;
}

template <typename T>
T floorDiv(T a, T b)
{
    T q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

/** Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
template <typename T>
void civilFromDays(T z, T *year, int *month, int *day)
{
    z += 719468;
    const T era = floorDiv<T>(z, 146097);
    const int doe = int(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = T(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

/** Days from 1970-01-01 of a proleptic Gregorian date; false on overflow. */
bool daysFromCivil(i128 y, int m, int d, i128 *days)
{
    if (y > i128(1e30) || y < -i128(1e30))
        return false;
    y -= m <= 2 ? 1 : 0;
    const i128 era = floorDiv<i128>(y, 400);
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return true;
}

bool isLeap(i128 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(i128 y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

void appendNumber(Chars &out, u128 v, int width)
{
    char buf[48];
    char *end = buf + sizeof(buf);
    char *p = writeDecimal(end, v);
    for (int n = int(end - p); n < width; ++n)
        out.append('0');
    out.append(p, end - p);
}

/** The year as NumPy's "%04lld" writes it: 0005, -001, 12345. */
void appendYear(Chars &out, i128 year)
{
    if (year < 0) {
        out.append('-');
        appendNumber(out, u128(0) - u128(year), 3);
    } else {
        appendNumber(out, u128(year), 4);
    }
}

void appendDate(Chars &out, i128 days)
{
    i128 year;
    int month, day;
    if (days > -(qint64(1) << 60) && days < (qint64(1) << 60)) {
        qint64 y64;
        civilFromDays<qint64>(qint64(days), &y64, &month, &day);
        year = y64;
    } else {
        civilFromDays<i128>(days, &year, &month, &day);
    }
    appendYear(out, year);
    out.append('-');
    appendNumber(out, u128(month), 2);
    out.append('-');
    appendNumber(out, u128(day), 2);
}

} // namespace

QString formatDateTime(const DType &type, const uchar *data)
{
    const qint64 v = loadRaw<qint64>(data, type.needsSwap());
    if (v == kNaT)
        return QStringLiteral("NaT");
    const Unit unit = unitOf(type.unit);
    // NumPy cannot print non-NaT generic datetimes at all; we show the bare count.
    if (unit == Unit::Generic)
        return signedText(v);
    const i128 total = i128(v) * i128(std::max<qint64>(type.unitCount, 1));
    Chars out;
    switch (unit) {
    case Unit::Y:
        appendYear(out, total + 1970);
        break;
    case Unit::M:
        appendYear(out, floorDiv<i128>(total, 12) + 1970);
        out.append('-');
        appendNumber(out, u128(total - floorDiv<i128>(total, 12) * 12 + 1), 2);
        break;
    case Unit::W:
    case Unit::D:
        appendDate(out, unit == Unit::W ? total * 7 : total);
        break;
    default: {
        const i128 perDay = attoseconds(Unit::D) / attoseconds(unit);
        i128 days;
        i128 rem; // units since midnight: below 8.64e22 (attoseconds in a day)
        if (perDay <= std::numeric_limits<qint64>::max() && total >= std::numeric_limits<qint64>::min()
            && total <= std::numeric_limits<qint64>::max()) {
            qint64 d64 = qint64(total) / qint64(perDay); // 64-bit fast path
            qint64 r64 = qint64(total) % qint64(perDay);
            if (r64 < 0) {
                r64 += qint64(perDay);
                --d64;
            }
            days = d64;
            rem = r64;
        } else {
            days = floorDiv<i128>(total, perDay);
            rem = total - days * perDay;
        }
        appendDate(out, days);
        out.append('T');
        if (unit == Unit::h) {
            appendNumber(out, u128(rem), 2);
            break;
        }
        if (unit == Unit::m) {
            appendNumber(out, u128(qint64(rem) / 60), 2);
            out.append(':');
            appendNumber(out, u128(qint64(rem) % 60), 2);
            break;
        }
        const int digits = fractionDigits(unit);
        const qint64 perSecond = qint64(attoseconds(Unit::s) / attoseconds(unit));
        qint64 seconds, fraction;
        if (rem <= std::numeric_limits<qint64>::max()) {
            seconds = qint64(rem) / perSecond;
            fraction = qint64(rem) % perSecond;
        } else {
            seconds = qint64(rem / perSecond);
            fraction = qint64(rem % perSecond);
        }
        appendNumber(out, u128(seconds / 3600), 2);
        out.append(':');
        appendNumber(out, u128(seconds / 60 % 60), 2);
        out.append(':');
        appendNumber(out, u128(seconds % 60), 2);
        if (digits > 0) {
            out.append('.');
            appendNumber(out, u128(fraction), digits);
        }
        break;
    }
    }
    return toQString(out);
}

QString formatTimeDelta(const DType &type, const uchar *data)
{
    const qint64 v = loadRaw<qint64>(data, type.needsSwap());
    if (v == kNaT)
        return QStringLiteral("NaT");
    // NumPy multiplies in int64 and may wrap; the exact product is shown here.
    const i128 total = i128(v) * i128(std::max<qint64>(type.unitCount, 1));
    Chars out;
    if (total < 0)
        out.append('-');
    appendNumber(out, total < 0 ? u128(0) - u128(total) : u128(total), 1);
    out.append(' ');
    append(out, unitWord(unitOf(type.unit)));
    return toQString(out);
}

// ---------------------------------------------------------------------------- datetime parsing

namespace {

bool isNaTText(const QByteArray &s)
{
    return s.compare("nat", Qt::CaseInsensitive) == 0;
}

bool storeCount(const DType &type, i128 count, QByteArray *out, QString *why, const QString &shown)
{
    if (count > std::numeric_limits<qint64>::max() || count <= std::numeric_limits<qint64>::min())
        return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
    out->resize(8);
    storeRaw<qint64>(reinterpret_cast<uchar *>(out->data()), qint64(count), type.needsSwap());
    return true;
}

bool storeNaT(const DType &type, QByteArray *out)
{
    out->resize(8);
    storeRaw<qint64>(reinterpret_cast<uchar *>(out->data()), kNaT, type.needsSwap());
    return true;
}

/** Reads \a n decimal digits at \a p; advances it. */
bool readDigits(const char *&p, const char *end, int n, int *value)
{
    if (end - p < n)
        return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    p += n;
    *value = v;
    return true;
}

} // namespace

bool parseDateTime(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray s;
    const QString shown = text.trimmed();
    if (!asciiTrimmed(text, &s))
        return fail(why, tr("'%1' is not a date").arg(shown));
    if (isNaTText(s))
        return storeNaT(type, out);
    const Unit unit = unitOf(type.unit);
    if (unit == Unit::Generic) {
        i128 v = 0;
        if (!parseWideInteger(s, &v))
            return fail(why, tr("'%1' is not NaT or a count (the dtype has no unit)").arg(shown));
        return storeCount(type, v, out, why, shown);
    }
    auto bad = [&] {
        return fail(why, tr("'%1' is not an ISO date such as 2020-01-31T12:30:00").arg(shown));
    };
    const char *p = s.constData();
    const char *end = p + s.size();
    if (end > p && end[-1] == 'Z')
        --end;
    bool negative = false;
    if (p < end && (*p == '-' || *p == '+'))
        negative = *p++ == '-';
    i128 year = 0;
    int yearDigits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (++yearDigits > 30)
            return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
        year = year * 10 + (*p++ - '0');
    }
    if (yearDigits == 0)
        return bad();
    if (negative)
        year = -year;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    i128 attos = 0; // fraction of a second in attoseconds
    if (p < end) {
        if (*p++ != '-' || !readDigits(p, end, 2, &month) || month < 1 || month > 12)
            return bad();
    }
    if (p < end) {
        if (*p++ != '-' || !readDigits(p, end, 2, &day) || day < 1 || day > daysInMonth(year, month))
            return bad();
    }
    if (p < end) {
        if ((*p != 'T' && *p != ' ') || !readDigits(++p, end, 2, &hour) || hour > 23)
            return bad();
    }
    if (p < end) {
        if (*p++ != ':' || !readDigits(p, end, 2, &minute) || minute > 59)
            return bad();
    }
    if (p < end) {
        if (*p++ != ':' || !readDigits(p, end, 2, &second) || second > 59)
            return bad();
    }
    if (p < end) {
        if (*p++ != '.' || p == end)
            return bad();
        i128 scale = attoseconds(Unit::s);
        for (; p < end; ++p) {
            if (*p < '0' || *p > '9')
                return bad();
            scale /= 10;
            if (scale == 0) {
                if (*p != '0')
                    return fail(why, tr("'%1' has more digits than attoseconds").arg(shown));
                continue;
            }
            attos += scale * (*p - '0');
        }
    }
    auto inexact = [&] {
        return fail(why, tr("'%1' is not exactly representable in %2").arg(shown, type.displayName()));
    };
    const bool timeIsZero = hour == 0 && minute == 0 && second == 0 && attos == 0;
    i128 count = 0;
    if (unit == Unit::Y || unit == Unit::M) {
        if (!timeIsZero || day != 1 || (unit == Unit::Y && month != 1))
            return inexact();
        count = unit == Unit::Y ? year - 1970 : (year - 1970) * 12 + (month - 1);
    } else {
        i128 days = 0;
        if (!daysFromCivil(year, month, day, &days))
            return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
        // Attoseconds from the epoch, in at most 2^127: |days| < 4e29 keeps this in range
        // for whole days only, so work in the unit instead.
        const i128 perUnit = attoseconds(unit);
        const i128 dayUnits = attoseconds(Unit::D) / std::min(perUnit, attoseconds(Unit::D));
        const i128 timeAttos = (i128(hour) * 3600 + minute * 60 + second) * attoseconds(Unit::s) + attos;
        if (unit == Unit::W) {
            if (!timeIsZero || floorDiv<i128>(days, 7) * 7 != days)
                return inexact();
            count = days / 7;
        } else {
            if (timeAttos % perUnit != 0)
                return inexact();
            i128 dayPart;
            if (__builtin_mul_overflow(days, dayUnits, &dayPart))
                return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
            count = dayPart + timeAttos / perUnit;
        }
    }
    const qint64 n = std::max<qint64>(type.unitCount, 1);
    if (floorDiv<i128>(count, n) * n != count)
        return inexact();
    return storeCount(type, count / n, out, why, shown);
}

bool parseTimeDelta(const DType &type, const QString &text, QByteArray *out, QString *why)
{
    QByteArray s;
    const QString shown = text.trimmed();
    auto bad = [&] {
        return fail(why, tr("'%1' is not a time span such as '5 seconds' or NaT").arg(shown));
    };
    if (!asciiTrimmed(text, &s))
        return bad();
    if (isNaTText(s))
        return storeNaT(type, out);
    const qsizetype space = s.indexOf(' ');
    const QByteArray number = space < 0 ? s : s.left(space);
    const QByteArray word = space < 0 ? QByteArray() : s.mid(space + 1).trimmed();
    i128 v = 0;
    if (!parseWideInteger(number, &v))
        return bad();
    const Unit target = unitOf(type.unit);
    Unit source = target;
    if (!word.isEmpty()) {
        static const struct { const char *name; Unit unit; } names[] = {
            {"Y", Unit::Y}, {"M", Unit::M}, {"W", Unit::W}, {"D", Unit::D}, {"h", Unit::h}, {"m", Unit::m},
            {"s", Unit::s}, {"ms", Unit::ms}, {"us", Unit::us}, {"ns", Unit::ns}, {"ps", Unit::ps},
            {"fs", Unit::fs}, {"as", Unit::as}, {"min", Unit::m}, {"sec", Unit::s},
        };
        bool found = false;
        for (const auto &n : names) {
            if (word == n.name) {
                source = n.unit;
                found = true;
            }
        }
        QByteArray lower = word.toLower();
        if (!found && lower == "generic time units") {
            source = target;
            found = true;
        }
        for (int u = 0; !found && u < int(Unit::Generic); ++u) {
            const QByteArray plural(unitWord(Unit(u)));
            if (lower == plural || lower == plural.chopped(1)) {
                source = Unit(u);
                found = true;
            }
        }
        if (!found)
            return bad();
    }
    auto inexact = [&] {
        return fail(why, tr("'%1' is not exactly representable in %2").arg(shown, type.displayName()));
    };
    i128 count = v;
    if (source != target) {
        if (target == Unit::Generic) {
            return inexact();
        } else if (source == Unit::Y && target == Unit::M) {
            count = v * 12;
        } else if (source == Unit::M && target == Unit::Y) {
            if (v % 12 != 0)
                return inexact();
            count = v / 12;
        } else if (source <= Unit::M || target <= Unit::M) {
            return fail(why, tr("years and months do not convert exactly to %1").arg(type.displayName()));
        } else {
            const i128 from = attoseconds(source);
            const i128 to = attoseconds(target);
            if (from >= to) {
                if (__builtin_mul_overflow(v, from / to, &count))
                    return fail(why, tr("'%1' is out of range for %2").arg(shown, type.displayName()));
            } else {
                if (v % (to / from) != 0)
                    return inexact();
                count = v / (to / from);
            }
        }
    }
    const qint64 n = std::max<qint64>(type.unitCount, 1);
    if (count % n != 0)
        return inexact();
    return storeCount(type, count / n, out, why, shown);
}

} // namespace npy::detail
