// numpyStr(): what NumPy 1.24's str() prints for an element, records included (their fields as NumPy's
// StructuredVoidFormat prints them: floats as the array printer does, strings quoted, subarrays as lists).

#include "dtype.h"
#include "valuetext.h"

#include <QStringList>
#include <QtEndian>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

namespace npy {

namespace {

/** \a value to \a digits places, fixed or scientific, rounded from the exact binary value. */
template <typename T>
QString toChars(T value, bool scientific, int digits)
{
    char buf[512];
    const auto r = std::to_chars(buf, buf + sizeof(buf), value,
                                 scientific ? std::chars_format::scientific : std::chars_format::fixed, digits);
    return r.ec == std::errc() ? QString::fromLatin1(buf, int(r.ptr - buf)) : QString();
}

/** Trailing zeros of the fraction dropped, the point kept ("1.50000000" -> "1.5", "2.00000000" -> "2."). */
QString trimFraction(QString text)
{
    const qsizetype e = text.indexOf(QLatin1Char('e'));
    QString mantissa = e >= 0 ? text.left(e) : text;
    const QString exponent = e >= 0 ? text.mid(e) : QString();
    if (mantissa.contains(QLatin1Char('.'))) {
        while (mantissa.endsWith(QLatin1Char('0')))
            mantissa.chop(1);
    }
    return mantissa + exponent;
}

/** How a float is laid out: NumPy's choice for a lone value, or the one its array printer made for a subarray. */
enum class FloatMode { Auto, Positional, Scientific };

/**
 * One float as NumPy's FloatingFormat prints it (precision 8, floatmode 'maxprec', unique, trim '.'): the shortest
 * digits that read back (\a shortest, formatValue()'s text) when they need at most 8 places after the point, else
 * the value rounded to 8 places; a lone value is positional below 1e8 and from 1e-4 on, else scientific.
 */
QString floatText(double v, const QString &shortest, int itemSize, FloatMode mode, bool plusSign)
{
    QString text;
    if (std::isnan(v)) {
        text = QStringLiteral("nan");
    } else if (std::isinf(v)) {
        text = v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    } else {
        const double a = std::fabs(v);
        const bool scientific = mode == FloatMode::Scientific
                                || (mode == FloatMode::Auto && a != 0.0 && (a >= 1e8 || a < 1e-4));
        // The shortest digits: value = 0.DIGITS x 10^point.
        QString m = shortest;
        const bool negative = m.startsWith(QLatin1Char('-'));
        if (negative)
            m.remove(0, 1);
        const qsizetype e = m.indexOf(QLatin1Char('e'));
        const int exponent = e >= 0 ? m.mid(e + 1).toInt() : 0;
        if (e >= 0)
            m.truncate(e);
        const qsizetype dot = m.indexOf(QLatin1Char('.'));
        int point = int(dot >= 0 ? dot : m.size()) + exponent;
        QString digits = m.remove(QLatin1Char('.'));
        while (digits.startsWith(QLatin1Char('0'))) {
            digits.remove(0, 1);
            --point;
        }
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        const QString sign = negative ? QStringLiteral("-") : QString();
        if (digits.isEmpty()) {
            text = sign + (scientific ? QStringLiteral("0.e+00") : QStringLiteral("0."));
        } else if (scientific && digits.size() - 1 <= 8) {
            const int x = point - 1;
            text = sign + digits.left(1) + QLatin1Char('.') + digits.mid(1) + QLatin1Char('e')
                   + (x < 0 ? QLatin1Char('-') : QLatin1Char('+')) + QString::number(std::abs(x)).rightJustified(2, QLatin1Char('0'));
        } else if (!scientific && digits.size() - point <= 8) {
            if (point <= 0)
                text = sign + QStringLiteral("0.") + QString(-point, QLatin1Char('0')) + digits;
            else if (point >= digits.size())
                // Positional digits run to the units at least, exactly (float16 65504 is "65504.", not "65500.").
                text = sign + (itemSize <= 4 ? toChars(float(std::fabs(v)), false, 0) : toChars(std::fabs(v), false, 0))
                       + QLatin1Char('.');
            else
                text = sign + digits.left(point) + QLatin1Char('.') + digits.mid(point);
        } else {
            text = trimFraction(itemSize <= 4 ? toChars(float(v), scientific, 8) : toChars(v, scientific, 8));
        }
    }
    if (plusSign && !text.startsWith(QLatin1Char('-')))
        text.prepend(QLatin1Char('+'));
    return text;
}

/** NumPy's array printer's choice for the finite values of a subarray: scientific from 1e8, below 1e-4, or a span over 1000. */
FloatMode arrayMode(const QList<double> &values)
{
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (double v : values) {
        const double a = std::fabs(v);
        if (std::isfinite(v) && a != 0.0) {
            lo = std::min(lo, a);
            hi = std::max(hi, a);
        }
    }
    if (hi == 0.0)
        return FloatMode::Positional;
    return hi >= 1e8 || lo < 1e-4 || hi / lo > 1000.0 ? FloatMode::Scientific : FloatMode::Positional;
}

double readFloat(const DType &type, const uchar *data)
{
    return valueToDouble(type, data);
}

QString fieldText(const DType &type, const uchar *data, FloatMode mode = FloatMode::Auto);

/** A subarray field as NumPy's array printer writes it inside a record: nested lists, elements padded alike. */
QString subarrayText(const DType &type, const QList<qint64> &shape, const uchar *data)
{
    qint64 count = 1;
    for (qint64 n : shape)
        count *= n;
    FloatMode mode = FloatMode::Auto;
    if (type.kind == Kind::Float) {
        QList<double> values;
        for (qint64 i = 0; i < count; ++i)
            values.append(readFloat(type, data + i * type.itemSize));
        mode = arrayMode(values);
    }
    QStringList items;
    items.reserve(count);
    for (qint64 i = 0; i < count; ++i)
        items.append(fieldText(type, data + i * type.itemSize, mode));
    // The array printer gives every element the width of the widest: numbers right-aligned, positional floats
    // aligned on the point (integer part padded left, fraction padded right).
    if (type.kind == Kind::Float && !items.isEmpty() && std::all_of(items.cbegin(), items.cend(), [](const QString &s) {
            return s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e'));
        })) {
        qsizetype left = 0, right = 0;
        for (const QString &s : std::as_const(items)) {
            const qsizetype dot = s.indexOf(QLatin1Char('.'));
            left = std::max(left, dot);
            right = std::max(right, s.size() - dot - 1);
        }
        for (QString &s : items) {
            const qsizetype dot = s.indexOf(QLatin1Char('.'));
            s = QString(left - dot, QLatin1Char(' ')) + s + QString(right - (s.size() - dot - 1), QLatin1Char(' '));
        }
    } else if (type.kind == Kind::Int || type.kind == Kind::UInt || type.kind == Kind::Float) {
        qsizetype width = 0;
        for (const QString &s : std::as_const(items))
            width = std::max(width, s.size());
        for (QString &s : items)
            s = s.rightJustified(width);
    }
    qint64 flat = 0;
    std::function<QString(int)> level = [&](int axis) -> QString {
        if (axis == shape.size())
            return items.value(flat++);
        QStringList parts;
        for (qint64 i = 0; i < shape[axis]; ++i)
            parts.append(level(axis + 1));
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    };
    return level(0);
}

QString recordText(const DType &type, const uchar *data)
{
    QStringList items;
    for (const Field &f : type.fields)
        items.append(f.shape.isEmpty() ? fieldText(f.type, data + f.offset) : subarrayText(f.type, f.shape, data + f.offset));
    if (items.size() == 1)
        return QLatin1Char('(') + items.first() + QStringLiteral(",)");
    return QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')');
}

/** A field of a record as NumPy prints it there (a float laid out by \a mode). */
QString fieldText(const DType &type, const uchar *data, FloatMode mode)
{
    switch (type.kind) {
    case Kind::Struct:
        return recordText(type, data);
    case Kind::Float:
        return floatText(readFloat(type, data), formatValue(type, data), int(type.itemSize), mode, false);
    case Kind::Complex: {
        DType part = type;
        part.kind = Kind::Float;
        part.itemSize = type.itemSize / 2;
        const uchar *im = data + part.itemSize;
        return floatText(readFloat(part, data), formatValue(part, data), int(part.itemSize), mode, false)
               + floatText(readFloat(part, im), formatValue(part, im), int(part.itemSize), mode, true) + QLatin1Char('j');
    }
    case Kind::Unicode:
    case Kind::DateTime:
        return pyRepr(formatValue(type, data));
    case Kind::TimeDelta: {
        // A bare count, or 'NaT'.
        const QString text = formatValue(type, data);
        return text == QLatin1String("NaT") ? QStringLiteral("'NaT'") : text.section(QLatin1Char(' '), 0, 0);
    }
    default:
        return formatValue(type, data);
    }
}

} // namespace

QString numpyStr(const DType &type, const uchar *data)
{
    return type.kind == Kind::Struct ? recordText(type, data) : formatValue(type, data);
}

} // namespace npy
