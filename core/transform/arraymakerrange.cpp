// np.arange and np.linspace as NumPy 1.24 computes them (multiarray's PyArray_ArangeObj and the dtypes' fill
// functions, datetime_arange, function_base.linspace). Compiled without contracting a * b + c into one fused
// operation (CMakeLists.txt): NumPy's fill loops round the product and the sum apart.
#include "arraymaker_p.h"

#include "halffloat_p.h"
#include "npyheader.h"
#include "valuetext.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace npy {

namespace {

using R = Result<RangePlan>;

constexpr qint64 kExactInt = qint64(1) << 53;
/** No array is this long: plans refuse longer ones before their arithmetic could overflow. */
constexpr qint64 kMaxLength = qint64(1) << 56;

QString dtypeRepr(const DType &type)
{
    return pyRepr(type.typeString());
}

DType nativeOf(DType type)
{
    if (type.byteOrder != '|')
        type.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    return type;
}

DType nativeFloat(bool complex)
{
    DType t;
    t.kind = complex ? Kind::Complex : Kind::Float;
    t.itemSize = complex ? 16 : 8;
    return nativeOf(t);
}

Result<PyNumber> argument(const QString &text, const QString &what, bool allowComplex)
{
    Result<PyNumber> n = parsePyNumber(text, what);
    if (!n)
        return n;
    if (n->type == PyNumber::Type::UInt)
        return Result<PyNumber>::failure(MakerTr::tr("%1: %2 is too large").arg(what, n->repr()));
    if (n->type == PyNumber::Type::Complex && !allowComplex)
        return Result<PyNumber>::failure(MakerTr::tr("%1: arange takes real numbers, not %2").arg(what, n->repr()));
    return n;
}

bool isZero(const PyNumber &n)
{
    return n.isInteger() ? n.i == 0 : n.re == 0 && n.im == 0;
}

/** A Python number as an integer arange element: ints as they are, floats truncated (int(x)). */
Result<__int128> toInteger(const PyNumber &n)
{
    if (n.isInteger())
        return __int128(n.i);
    if (std::isnan(n.re))
        return Result<__int128>::failure(MakerTr::tr("arange: cannot convert float NaN to integer"));
    if (std::isinf(n.re))
        return Result<__int128>::failure(MakerTr::tr("arange: cannot convert float infinity to integer"));
    const double t = std::trunc(n.re);
    if (std::fabs(t) >= 0x1p100)
        return Result<__int128>::failure(MakerTr::tr("arange: %1 is out of range").arg(n.repr()));
    return __int128(t);
}

QString int128Text(__int128 v)
{
    if (v >= std::numeric_limits<qint64>::min() && v <= std::numeric_limits<qint64>::max())
        return QString::number(qint64(v));
    const bool negative = v < 0;
    unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
    QString digits;
    while (m > 0) {
        digits.prepend(QLatin1Char(char('0' + int(m % 10))));
        m /= 10;
    }
    return negative ? QLatin1Char('-') + digits : digits;
}

void integerLimits(const DType &type, __int128 *lo, __int128 *hi)
{
    const int bits = int(type.itemSize * 8);
    if (type.kind == Kind::UInt) {
        *lo = 0;
        *hi = (__int128(1) << bits) - 1;
    } else {
        *lo = -(__int128(1) << (bits - 1));
        *hi = (__int128(1) << (bits - 1)) - 1;
    }
}

/** The value of Python number \a n set into a float element of \a itemSize bytes (per part for complex). */
long double realValue(const PyNumber &n, qint64 itemSize)
{
    const double d = n.real(); // Python's float(): ints correctly rounded
    switch (itemSize) {
    case 2:
        return static_cast<long double>(cast::half::toFloat(cast::half::fromDouble(d)));
    case 4:
        return static_cast<long double>(float(d));
    default:
        return static_cast<long double>(d);
    }
}

Result<RangePlan> planTimeArange(const MakeSpec &spec, const DType &type, QString *expression)
{
    const DType native = nativeOf(type);
    DType delta = native;
    delta.kind = Kind::TimeDelta;
    // A count (a Python int), else text parsed as NumPy parses a date or a duration in the dtype's unit.
    auto count = [&](const QString &text, const QString &what, const DType &as, QString *repr) -> Result<qint64> {
        const QString t = text.trimmed();
        Result<PyNumber> n = parsePyNumber(t, what);
        if (n && n->type == PyNumber::Type::Int) {
            *repr = n->repr();
            return n->i;
        }
        QByteArray bytes;
        QString why;
        if (!parseValue(as, unquoted(t), &bytes, &why))
            return Result<qint64>::failure(MakerTr::tr("%1: %2").arg(what, why));
        qint64 v = 0;
        std::memcpy(&v, bytes.constData(), sizeof v);
        if (v == std::numeric_limits<qint64>::min())
            return Result<qint64>::failure(MakerTr::tr("arange: cannot use NaT (not-a-time) datetime values"));
        *repr = pyRepr(unquoted(t));
        return v;
    };
    QString startRepr = QStringLiteral("0");
    QString stopRepr;
    QString stepRepr = QStringLiteral("1");
    Result<qint64> start = qint64(0);
    if (!spec.start.trimmed().isEmpty())
        start = count(spec.start, MakerTr::tr("start"), native, &startRepr);
    else if (type.kind == Kind::DateTime)
        return R::failure(MakerTr::tr("start: give the first date"));
    if (!start)
        return R::failure(start.error());
    Result<qint64> stop = count(spec.stop, MakerTr::tr("stop"), native, &stopRepr);
    if (!stop)
        return R::failure(stop.error());
    Result<qint64> step = qint64(1);
    if (!spec.step.trimmed().isEmpty())
        step = count(spec.step, MakerTr::tr("step"), delta, &stepRepr);
    if (!step)
        return R::failure(step.error());
    const __int128 a = start.value();
    const __int128 b = stop.value();
    const __int128 s = step.value();
    if (s == 0)
        return R::failure(MakerTr::tr("arange: step cannot be zero"));
    __int128 length = 0;
    if (s > 0 && b > a)
        length = (b - a + (s - 1)) / s;
    else if (s < 0 && b < a)
        length = (b - a + (s + 1)) / s;
    if (length > kMaxLength)
        return R::failure(MakerTr::tr("arange: %1 values are too many").arg(int128Text(length)));
    const __int128 last = a + (length - 1) * s;
    if (length > 0 && (last <= std::numeric_limits<qint64>::min() || last > std::numeric_limits<qint64>::max()))
        return R::failure(MakerTr::tr("arange: the values run out of the range of %1").arg(type.displayName()));
    RangePlan plan;
    plan.mode = RangePlan::Mode::Time;
    plan.length = qint64(length);
    plan.tstart = start.value();
    plan.tstep = step.value();
    *expression = QStringLiteral("np.arange(%1, %2, %3, dtype=%4)").arg(startRepr, stopRepr, stepRepr, dtypeRepr(type));
    return plan;
}

/** Smith's complex division as NumPy's loops do it; the divisor here is real (div + 0j). */
void complexDivide(const double a[2], double b, double out[2])
{
    const double bi = 0.0;
    const double rat = bi / b;
    const double scl = 1.0 / (b + bi * rat);
    out[0] = (a[0] + a[1] * rat) * scl;
    out[1] = (a[1] - a[0] * rat) * scl;
}

void complexMultiply(const double a[2], const double b[2], double out[2])
{
    const double re = a[0] * b[0] - a[1] * b[1];
    const double im = a[0] * b[1] + a[1] * b[0];
    out[0] = re;
    out[1] = im;
}

/** linspace's element \a i in float64 ([0]) or complex128 ([0], [1]), before the cast. */
void linspaceValue(const RangePlan &p, qint64 i, double out[2])
{
    const qint64 num = p.length;
    if (!p.complex) {
        double y;
        if (p.div > 0)
            y = p.stepZero ? (double(i) / double(p.div)) * p.delta[0] : double(i) * p.step[0];
        else
            y = double(i) * p.delta[0];
        y = y + p.start[0];
        if (p.endpoint && num > 1 && i == num - 1)
            y = p.stop[0];
        out[0] = p.floor ? std::floor(y) : y;
        out[1] = 0;
        return;
    }
    double y[2] = {double(i), 0.0};
    if (p.div > 0) {
        if (p.stepZero) {
            complexDivide(y, double(p.div), y);
            complexMultiply(y, p.delta, y);
        } else {
            complexMultiply(y, p.step, y);
        }
    } else {
        complexMultiply(y, p.delta, y);
    }
    y[0] = y[0] + p.start[0];
    y[1] = y[1] + p.start[1];
    if (p.endpoint && num > 1 && i == num - 1) {
        y[0] = p.stop[0];
        y[1] = p.stop[1];
    }
    out[0] = y[0];
    out[1] = y[1];
}

template <typename T>
void storeNative(uchar *p, T v)
{
    if constexpr (sizeof(T) > 8) {
        std::memcpy(p, &v, 10);
        std::memset(p + 10, 0, 6);
    } else {
        std::memcpy(p, &v, sizeof v);
    }
}

/** arange's elements in float type T: start, next, then start + i * delta rounded as T rounds them. */
template <typename T>
void fillReal(const RangePlan &p, uchar *dst, qint64 first, qint64 count, qint64 itemSize, bool complex)
{
    const T start = T(p.rstart);
    const T next = T(p.rnext);
    const T delta = T(p.rdelta);
    const qint64 part = complex ? itemSize / 2 : itemSize;
    for (qint64 k = 0; k < count; ++k) {
        const qint64 i = first + k;
        const T v = i == 0 ? start : i == 1 ? next : T(start + T(i) * delta);
        uchar *at = dst + k * itemSize;
        storeNative<T>(at, v);
        if (complex)
            storeNative<T>(at + part, T(0));
    }
}

/** float16: NumPy's HALF_fill works in float32 and rounds each value to half. */
void fillHalf(const RangePlan &p, uchar *dst, qint64 first, qint64 count)
{
    const float start = float(p.rstart);
    const float delta = float(p.rdelta);
    for (qint64 k = 0; k < count; ++k) {
        const qint64 i = first + k;
        const quint16 bits = i == 0 ? cast::half::fromFloat(start)
                             : i == 1 ? cast::half::fromFloat(float(p.rnext))
                                      : cast::half::fromFloat(start + float(i) * delta);
        std::memcpy(dst + 2 * k, &bits, 2);
    }
}

void fillInteger(const RangePlan &p, const DType &type, uchar *dst, qint64 first, qint64 count)
{
    for (qint64 k = 0; k < count; ++k) {
        const __int128 v = p.istart + __int128(first + k) * p.idelta;
        const quint64 bits = quint64(static_cast<unsigned __int128>(v));
        // Little-endian hosts: the low bytes of the 64-bit pattern are the element's.
        std::memcpy(dst + k * type.itemSize, &bits, size_t(type.itemSize));
    }
}

} // namespace

void swapElements(const DType &type, uchar *p, qint64 count)
{
    const qint64 unit = type.swapUnit();
    const qint64 units = count * type.itemSize / unit;
    for (qint64 u = 0; u < units; ++u)
        std::reverse(p + u * unit, p + (u + 1) * unit);
}

Result<RangePlan> planArange(const MakeSpec &spec, const DType &type, QString *expression)
{
    if (type.kind == Kind::DateTime || type.kind == Kind::TimeDelta)
        return planTimeArange(spec, type, expression);
    if (!type.isNumeric())
        return R::failure(MakerTr::tr("arange: NumPy makes no %1 values (arange() is not supported for %1)")
                              .arg(type.displayName()));
    Result<PyNumber> start = spec.start.trimmed().isEmpty() ? Result<PyNumber>(PyNumber())
                                                            : argument(spec.start, MakerTr::tr("start"), false);
    if (!start)
        return R::failure(start.error());
    Result<PyNumber> stop = argument(spec.stop, MakerTr::tr("stop"), false);
    if (!stop)
        return R::failure(stop.error());
    PyNumber one;
    one.i = 1;
    Result<PyNumber> step = spec.step.trimmed().isEmpty() ? Result<PyNumber>(one)
                                                          : argument(spec.step, MakerTr::tr("step"), false);
    if (!step)
        return R::failure(step.error());
    const PyNumber &a = start.value();
    const PyNumber &b = stop.value();
    const PyNumber &s = step.value();
    if (isZero(s))
        return R::failure(MakerTr::tr("arange: the step cannot be zero"));
    const bool ints = a.isInteger() && b.isInteger() && s.isInteger();
    // The length as _calc_length computes it with Python's numbers: ceil((stop - start) / step).
    qint64 length = 0;
    bool nonzero = false;
    double value = 0;
    if (ints) {
        const __int128 diff = __int128(b.i) - a.i;
        nonzero = diff != 0;
        // Python divides ints exactly rounded; within 2**53 a division of doubles is the same.
        if (diff > kExactInt || diff < -kExactInt || s.i > kExactInt || s.i < -kExactInt)
            return R::failure(MakerTr::tr("arange: integers beyond ±2**53 are not supported"));
        value = double(qint64(diff)) / double(s.i);
    } else {
        const double diff = b.real() - a.real();
        nonzero = diff != 0;
        value = diff / s.real();
    }
    if (nonzero) {
        if (value == 0) {
            length = std::signbit(value) ? 0 : 1;
        } else {
            const double c = std::ceil(value);
            if (std::isnan(c))
                return R::failure(MakerTr::tr("arange: cannot compute length"));
            if (!(c >= -0x1p63 && c <= 0x1p63))
                return R::failure(MakerTr::tr("arange: overflow while computing length"));
            if (c > double(kMaxLength))
                return R::failure(MakerTr::tr("arange: %1 values are too many").arg(c, 0, 'g', 17));
            length = std::max<qint64>(0, qint64(c));
        }
    }
    PyNumber next; // start + step, in Python's arithmetic
    if (ints) {
        if (__builtin_add_overflow(a.i, s.i, &next.i))
            return R::failure(MakerTr::tr("arange: start + step is out of the range of int64"));
    } else {
        next.type = PyNumber::Type::Float;
        next.re = a.real() + s.real();
    }
    RangePlan plan;
    plan.length = length;
    switch (type.kind) {
    case Kind::Bool:
        if (length > 2)
            return R::failure(MakerTr::tr("arange() is only supported for booleans when the result has at most "
                                          "length 2."));
        plan.mode = RangePlan::Mode::Bool;
        plan.first = !isZero(a);
        plan.second = !isZero(next);
        break;
    case Kind::Int:
    case Kind::UInt: {
        plan.mode = RangePlan::Mode::Integer;
        Result<__int128> first = toInteger(a);
        Result<__int128> second = toInteger(next);
        if (length > 0 && !first)
            return R::failure(first.error());
        if (length > 1 && !second)
            return R::failure(second.error());
        plan.istart = first ? first.value() : 0;
        plan.idelta = length > 1 ? second.value() - plan.istart : 0;
        __int128 lo = 0;
        __int128 hi = 0;
        integerLimits(type, &lo, &hi);
        // NumPy wraps integers silently; a wrapped arange is never what was meant: refused.
        for (const qint64 i : {qint64(0), qint64(1), length - 1}) {
            if (i < 0 || i >= length)
                continue;
            const __int128 v = plan.istart + __int128(i) * plan.idelta;
            if (v < lo || v > hi)
                return R::failure(MakerTr::tr("arange: %1 is out of range for %2 (NumPy would wrap it around)")
                                      .arg(int128Text(v), type.displayName()));
        }
        break;
    }
    case Kind::Float:
    case Kind::Complex: {
        plan.mode = RangePlan::Mode::Real;
        const qint64 part = type.kind == Kind::Complex ? type.itemSize / 2 : type.itemSize;
        if (part > 8) {
            for (const PyNumber *n : {&a, &s}) {
                if (n->isInteger() && (n->i > kExactInt || n->i < -kExactInt))
                    return R::failure(MakerTr::tr("arange: integers beyond ±2**53 are not supported for %1")
                                          .arg(type.displayName()));
            }
        }
        plan.rstart = realValue(a, part);
        plan.rnext = realValue(next, part);
        // delta -= start, in the element type's arithmetic (float for float16).
        switch (part) {
        case 2:
        case 4:
            plan.rdelta = float(plan.rnext) - float(plan.rstart);
            break;
        case 8:
            plan.rdelta = double(plan.rnext) - double(plan.rstart);
            break;
        default:
            plan.rdelta = plan.rnext - plan.rstart;
            break;
        }
        break;
    }
    default:
        return R::failure(MakerTr::tr("arange: NumPy makes no %1 values").arg(type.displayName()));
    }
    *expression = QStringLiteral("np.arange(%1, %2, %3, dtype=%4)").arg(a.repr(), b.repr(), s.repr(), dtypeRepr(type));
    return plan;
}

Result<RangePlan> planLinspace(const MakeSpec &spec, const DType &type, QString *expression)
{
    if (type.kind == Kind::Bytes || type.kind == Kind::Unicode)
        return R::failure(MakerTr::tr("linspace: NumPy would write the numbers as text in %1; not offered here")
                              .arg(type.displayName()));
    Result<PyNumber> start = argument(spec.start, MakerTr::tr("start"), true);
    if (!start)
        return R::failure(start.error());
    Result<PyNumber> stop = argument(spec.stop, MakerTr::tr("stop"), true);
    if (!stop)
        return R::failure(stop.error());
    PyNumber fifty;
    fifty.i = 50;
    Result<PyNumber> num = spec.num.trimmed().isEmpty() ? Result<PyNumber>(fifty)
                                                        : argument(spec.num, MakerTr::tr("num"), false);
    if (!num)
        return R::failure(num.error());
    if (num->type != PyNumber::Type::Int)
        return R::failure(MakerTr::tr("num: %1 is not an integer").arg(num->repr()));
    if (num->i < 0)
        return R::failure(MakerTr::tr("Number of samples, %1, must be non-negative.").arg(num->i));
    if (num->i > kMaxLength)
        return R::failure(MakerTr::tr("linspace: %1 samples are too many").arg(num->i));
    RangePlan p;
    p.mode = RangePlan::Mode::Linspace;
    p.length = num->i;
    p.endpoint = spec.endpoint;
    p.complex = start->type == PyNumber::Type::Complex || stop->type == PyNumber::Type::Complex;
    p.floor = type.kind == Kind::Int || type.kind == Kind::UInt;
    if (p.complex && p.floor)
        return R::failure(MakerTr::tr("linspace: complex values cannot be floored to %1").arg(type.displayName()));
    // start * 1.0 and stop * 1.0: float64 (complex128) scalars.
    p.start[0] = start->real();
    p.start[1] = start->type == PyNumber::Type::Complex ? start->im : 0.0;
    p.stop[0] = stop->real();
    p.stop[1] = stop->type == PyNumber::Type::Complex ? stop->im : 0.0;
    p.div = p.endpoint ? p.length - 1 : p.length;
    p.delta[0] = p.stop[0] - p.start[0];
    p.delta[1] = p.stop[1] - p.start[1];
    if (p.div > 0) {
        if (p.complex) {
            complexDivide(p.delta, double(p.div), p.step);
            p.stepZero = p.step[0] == 0 && p.step[1] == 0;
        } else {
            p.step[0] = p.delta[0] / double(p.div);
            p.stepZero = p.step[0] == 0;
        }
    }
    Result<ElementCast> cast = ElementCast::create(nativeFloat(p.complex), type, p.length);
    if (!cast)
        return R::failure(MakerTr::tr("linspace: %1").arg(cast.error()));
    p.cast = cast.value();
    // The values run from start to stop in order: what the cast does to them shows at the ends.
    for (const qint64 i : {qint64(0), p.length - 2, p.length - 1}) {
        if (i < 0 || i >= p.length)
            continue;
        double v[2];
        linspaceValue(p, i, v);
        QByteArray out(qsizetype(type.itemSize), '\0');
        CastReport report;
        if (!p.cast->convert(reinterpret_cast<const uchar *>(v), reinterpret_cast<uchar *>(out.data()), 1, i,
                             &report))
            return R::failure(MakerTr::tr("linspace: %1").arg(p.cast->failure()));
        if (report.overflow + report.nan + report.infinity + report.imaginary > 0) {
            const DType f8 = nativeFloat(p.complex);
            return R::failure(MakerTr::tr("linspace: %1 cannot be %2 (%3)")
                                  .arg(formatValue(f8, reinterpret_cast<const uchar *>(v)), type.displayName(),
                                       CastReport::changeName(report.firstChange)));
        }
    }
    QString args = QStringLiteral("%1, %2, num=%3").arg(start->repr(), stop->repr()).arg(p.length);
    if (!p.endpoint)
        args += QStringLiteral(", endpoint=False");
    *expression = QStringLiteral("np.linspace(%1, dtype=%2)").arg(args, dtypeRepr(type));
    return p;
}

void fillRange(const RangePlan &p, const DType &type, uchar *dst, qint64 first, qint64 count)
{
    switch (p.mode) {
    case RangePlan::Mode::Bool:
        for (qint64 k = 0; k < count; ++k)
            dst[k] = (first + k == 0 ? p.first : p.second) ? 1 : 0;
        return;
    case RangePlan::Mode::Integer:
        fillInteger(p, type, dst, first, count);
        break;
    case RangePlan::Mode::Real: {
        const bool complex = type.kind == Kind::Complex;
        const qint64 part = complex ? type.itemSize / 2 : type.itemSize;
        if (part == 2)
            fillHalf(p, dst, first, count);
        else if (part == 4)
            fillReal<float>(p, dst, first, count, type.itemSize, complex);
        else if (part == 8)
            fillReal<double>(p, dst, first, count, type.itemSize, complex);
        else
            fillReal<long double>(p, dst, first, count, type.itemSize, complex);
        break;
    }
    case RangePlan::Mode::Time:
        for (qint64 k = 0; k < count; ++k) {
            const qint64 v = p.tstart + (first + k) * p.tstep;
            std::memcpy(dst + 8 * k, &v, 8);
        }
        break;
    case RangePlan::Mode::Linspace: {
        // The float64 (complex128) values, then NumPy's astype to the dtype (its byte order included).
        constexpr qint64 kBlock = 4096;
        std::vector<double> values(size_t(2 * kBlock));
        for (qint64 done = 0; done < count; done += kBlock) {
            const qint64 n = std::min(kBlock, count - done);
            for (qint64 k = 0; k < n; ++k) {
                double v[2];
                linspaceValue(p, first + done + k, v);
                values[size_t(p.complex ? 2 * k : k)] = v[0];
                if (p.complex)
                    values[size_t(2 * k + 1)] = v[1];
            }
            const bool converted = p.cast->convert(reinterpret_cast<const uchar *>(values.data()),
                                                   dst + done * type.itemSize, n, first + done, nullptr);
            Q_UNUSED(converted); // numbers always convert (planLinspace() refused text)
        }
        return;
    }
    }
    if (type.needsSwap())
        swapElements(type, dst, count);
}

} // namespace npy
