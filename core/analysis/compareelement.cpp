#include "compare.h"
#include "compare_p.h"

#include "elements.h"
#include "valuetext.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Compare)
};

bool isReal(const DType &t)
{
    return t.kind == Kind::Bool || t.kind == Kind::Int || t.kind == Kind::UInt || t.kind == Kind::Float;
}

bool isTime(const DType &t)
{
    return t.kind == Kind::DateTime || t.kind == Kind::TimeDelta;
}

/** True when isclose computes \a x against \a y in float32 (NumPy's promotion, float16 counted as float32). */
bool singlePrecision(const DType &x, const DType &y)
{
    // isclose first makes y inexact: float16 and float32 stay, everything else becomes float64.
    const bool yHalf = y.kind == Kind::Float && y.itemSize == 2;
    const bool ySingle = y.kind == Kind::Float && y.itemSize == 4;
    if (!yHalf && !ySingle)
        return false;
    switch (x.kind) {
    case Kind::Bool:
        return true;
    case Kind::Float:
        return x.itemSize <= 4;
    case Kind::Int:
    case Kind::UInt:
        return x.itemSize <= 2;
    default:
        return false;
    }
}

/** True when isclose computes \a x against \a y in float16: y is float16, x float16, bool or one byte. */
bool halfPrecision(const DType &x, const DType &y)
{
    if (!(y.kind == Kind::Float && y.itemSize == 2))
        return false;
    return (x.kind == Kind::Float && x.itemSize == 2) || x.kind == Kind::Bool
           || ((x.kind == Kind::Int || x.kind == Kind::UInt) && x.itemSize == 1);
}

/** True when a complex comparison happens in complex64: b inexact of at most 8 bytes, a small enough. */
bool complexSingle(const DType &x, const DType &y)
{
    const auto small = [](const DType &t, bool allowInt) {
        if (t.kind == Kind::Complex)
            return t.itemSize <= 8;
        if (t.kind == Kind::Float)
            return t.itemSize <= 4;
        return allowInt && (t.kind == Kind::Bool || ((t.kind == Kind::Int || t.kind == Kind::UInt) && t.itemSize <= 2));
    };
    return small(y, false) && small(x, true);
}

/**
 * |re + im·j| as NumPy's SIMD absolute computes it (larger · sqrt(1 + ratio²) with a fused
 * multiply-add), so that the largest difference matches NumPy's to the last bit.
 */
template <typename T>
T complexAbs(T re, T im)
{
    re = std::fabs(re);
    im = std::fabs(im);
    if (std::isinf(re) || std::isinf(im))
        return std::numeric_limits<T>::infinity();
    if (std::isnan(re) || std::isnan(im))
        return std::numeric_limits<T>::quiet_NaN();
    const T larger = std::max(re, im);
    const T smaller = std::min(re, im);
    if (larger == 0)
        return 0;
    const T ratio = smaller / larger;
    return std::sqrt(std::fma(ratio, ratio, T(1))) * larger;
}


ElementComparator::Outcome halfOutcome(double x, double y, const CompareOptions &o)
{
    x = roundToHalf(x);
    ElementComparator::Outcome out;
    if (x == y) {
        if (std::isfinite(x)) {
            out.absDiff = 0;
            if (y != 0)
                out.relDiff = 0;
        }
        return out;
    }
    const double d = std::fabs(roundToHalf(x - y));
    const bool xNan = std::isnan(x);
    const bool yNan = std::isnan(y);
    if (std::isfinite(x) && std::isfinite(y))
        out.differs = !(d <= roundToHalf(roundToHalf(o.atol) + roundToHalf(roundToHalf(o.rtol) * std::fabs(y))));
    else
        out.differs = !(o.equalNan && xNan && yNan);
    out.nanMismatch = xNan != yNan;
    out.absDiff = d;
    out.relDiff = d / std::fabs(y);
    return out;
}

void setOrder(DType *t)
{
    if (t->itemSize > 1 || t->kind == Kind::Unicode)
        t->byteOrder = '|';
    for (Field &f : t->fields)
        setOrder(&f.type);
}

/** The text of an S or U element without its trailing NULs, as code points. */
QList<char32_t> stringUnits(const DType &t, const uchar *p)
{
    QList<char32_t> out;
    if (t.kind == Kind::Bytes) {
        for (qint64 i = 0; i < t.itemSize; ++i)
            out.append(p[i]);
    } else {
        const bool swap = t.needsSwap();
        for (qint64 i = 0; i + 4 <= t.itemSize; i += 4)
            out.append(char32_t(elements::load<quint32>(p + i, swap)));
    }
    while (!out.isEmpty() && out.last() == 0)
        out.removeLast();
    return out;
}

void complexOf(const DType &t, const uchar *p, double *re, double *im)
{
    *re = elementValue(t, p, ComplexPart::Real);
    *im = t.kind == Kind::Complex ? elementValue(t, p, ComplexPart::Imag) : 0.0;
}

constexpr qint64 kNaT = std::numeric_limits<qint64>::min();

} // namespace

namespace comparedetail {

QString dtypeText(const DType &type)
{
    return type.kind == Kind::Struct ? type.descr() : type.typeString();
}

bool sameTypeIgnoringOrder(const DType &a, const DType &b)
{
    DType x = a;
    DType y = b;
    setOrder(&x);
    setOrder(&y);
    return x == y;
}

QString elementText(const DType &type, const uchar *p)
{
    if (type.kind != Kind::Struct)
        return formatValue(type, p);
    QStringList parts;
    for (const LeafColumn &leaf : leafColumns(type))
        parts << (leaf.type.kind == Kind::Unicode ? pyRepr(formatValue(leaf.type, p + leaf.offset))
                                                   : formatValue(leaf.type, p + leaf.offset));
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + (parts.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

} // namespace comparedetail

Result<ElementComparator> ElementComparator::create(const DType &a, const DType &b, const CompareOptions &options)
{
    using R = Result<ElementComparator>;
    ElementComparator c;
    c.mA = a;
    c.mB = b;
    c.mOptions = options;
    const QString cannot = Tr::tr("cannot compare %1 with %2").arg(a.displayName(), b.displayName());
    if (isReal(a) && isReal(b)) {
        c.mMode = halfPrecision(a, b) ? Mode::Half : singlePrecision(a, b) ? Mode::Float : Mode::Double;
    } else if ((isReal(a) || a.kind == Kind::Complex) && (isReal(b) || b.kind == Kind::Complex)) {
        c.mMode = complexSingle(a, b) ? Mode::ComplexFloat : Mode::Complex;
    } else if (isTime(a) || isTime(b)) {
        if (a.kind != b.kind || a.itemSize != 8 || b.itemSize != 8 || a.unit != b.unit || a.unitCount != b.unitCount)
            return R::failure(cannot);
        c.mMode = Mode::Time;
    } else if ((a.kind == Kind::Bytes || a.kind == Kind::Unicode) && a.kind == b.kind) {
        c.mMode = Mode::Text;
    } else if (a.kind == Kind::Struct && b.kind == Kind::Struct) {
        const QList<LeafColumn> la = leafColumns(a);
        const QList<LeafColumn> lb = leafColumns(b);
        if (la.size() != lb.size())
            return R::failure(Tr::tr("cannot compare structs with different fields"));
        for (const LeafColumn &x : la) {
            const LeafColumn *match = nullptr;
            for (const LeafColumn &y : lb)
                if (y.name == x.name)
                    match = &y;
            if (!match)
                return R::failure(Tr::tr("cannot compare structs with different fields ('%1' is only in A)").arg(x.name));
            R leaf = create(x.type, match->type, options);
            if (!leaf)
                return R::failure(Tr::tr("field '%1': %2").arg(x.name, leaf.error()));
            c.mLeaves.append({x.offset, match->offset, std::make_shared<const ElementComparator>(std::move(leaf.value()))});
        }
        c.mMode = Mode::Struct;
    } else if (comparedetail::sameTypeIgnoringOrder(a, b) && a.byteOrder == b.byteOrder) {
        c.mMode = Mode::Bytes;
    } else {
        return R::failure(cannot);
    }
    return c;
}

bool ElementComparator::isNumeric() const
{
    return mMode == Mode::Half || mMode == Mode::Float || mMode == Mode::Double || mMode == Mode::Complex
           || mMode == Mode::ComplexFloat || mMode == Mode::Time;
}

ElementComparator::Outcome ElementComparator::compare(const uchar *a, const uchar *b) const
{
    switch (mMode) {
    case Mode::Half:
        return halfOutcome(elementValue(mA, a), elementValue(mB, b), mOptions);
    case Mode::Float:
        return comparedetail::realOutcome<float>(float(elementValue(mA, a)), float(elementValue(mB, b)),
                                                 float(mOptions.atol), float(mOptions.rtol), mOptions.equalNan);
    case Mode::Double:
        return comparedetail::realOutcome<double>(elementValue(mA, a), elementValue(mB, b), mOptions.atol,
                                                  mOptions.rtol, mOptions.equalNan);
    case Mode::ComplexFloat: {
        double xr, xi, yr, yi;
        complexOf(mA, a, &xr, &xi);
        complexOf(mB, b, &yr, &yi);
        const float dr = float(xr) - float(yr);
        const float di = float(xi) - float(yi);
        const float d = complexAbs(dr, di);
        const float my = complexAbs(float(yr), float(yi));
        Outcome o;
        const bool xNan = std::isnan(xr) || std::isnan(xi);
        const bool yNan = std::isnan(yr) || std::isnan(yi);
        if (std::isfinite(xr) && std::isfinite(xi) && std::isfinite(yr) && std::isfinite(yi))
            o.differs = !(d <= float(mOptions.atol) + float(mOptions.rtol) * my);
        else
            o.differs = !((xr == yr && xi == yi) || (mOptions.equalNan && xNan && yNan));
        o.nanMismatch = xNan != yNan;
        o.absDiff = double(d);
        o.relDiff = double(d) / double(my);
        return o;
    }
    case Mode::Complex: {
        double xr, xi, yr, yi;
        complexOf(mA, a, &xr, &xi);
        complexOf(mB, b, &yr, &yi);
        Outcome o;
        const bool xNan = std::isnan(xr) || std::isnan(xi);
        const bool yNan = std::isnan(yr) || std::isnan(yi);
        const bool finite = std::isfinite(xr) && std::isfinite(xi) && std::isfinite(yr) && std::isfinite(yi);
        const double d = complexAbs(xr - yr, xi - yi);
        const double my = complexAbs(yr, yi);
        if (finite)
            o.differs = !(d <= mOptions.atol + mOptions.rtol * my);
        else
            o.differs = !((xr == yr && xi == yi) || (mOptions.equalNan && xNan && yNan));
        o.nanMismatch = xNan != yNan;
        o.absDiff = d;
        o.relDiff = d / my;
        return o;
    }
    case Mode::Time: {
        const qint64 x = elements::load<qint64>(a, mA.needsSwap());
        const qint64 y = elements::load<qint64>(b, mB.needsSwap());
        Outcome o;
        const bool xNat = x == kNaT;
        const bool yNat = y == kNaT;
        o.nanMismatch = xNat != yNat;
        if (xNat || yNat) {
            o.differs = !(mOptions.equalNan && xNat && yNat);
            return o;
        }
        o.differs = x != y;
        o.absDiff = std::fabs(double(x) - double(y));
        o.relDiff = o.absDiff / std::fabs(double(y));
        return o;
    }
    case Mode::Text: {
        Outcome o;
        o.differs = stringUnits(mA, a) != stringUnits(mB, b);
        return o;
    }
    case Mode::Bytes: {
        Outcome o;
        o.differs = std::memcmp(a, b, size_t(mA.itemSize)) != 0;
        return o;
    }
    case Mode::Struct: {
        Outcome o;
        for (const Leaf &leaf : mLeaves) {
            const Outcome f = leaf.comparator->compare(a + leaf.offsetA, b + leaf.offsetB);
            o.differs = o.differs || f.differs;
            o.nanMismatch = o.nanMismatch || f.nanMismatch;
            if (!std::isnan(f.absDiff) && !(o.absDiff >= f.absDiff))
                o.absDiff = f.absDiff;
            if (!std::isnan(f.relDiff) && !(o.relDiff >= f.relDiff))
                o.relDiff = f.relDiff;
        }
        return o;
    }
    }
    return {};
}

double ElementComparator::difference(const uchar *a, const uchar *b) const
{
    switch (mMode) {
    case Mode::Half:
        return roundToHalf(roundToHalf(elementValue(mA, a)) - elementValue(mB, b));
    case Mode::Float:
        return double(float(elementValue(mA, a)) - float(elementValue(mB, b)));
    case Mode::Double:
        return elementValue(mA, a) - elementValue(mB, b);
    case Mode::ComplexFloat:
    case Mode::Complex: {
        double xr, xi, yr, yi;
        complexOf(mA, a, &xr, &xi);
        complexOf(mB, b, &yr, &yi);
        return complexAbs(xr - yr, xi - yi);
    }
    case Mode::Time: {
        const qint64 x = elements::load<qint64>(a, mA.needsSwap());
        const qint64 y = elements::load<qint64>(b, mB.needsSwap());
        if (x == kNaT || y == kNaT)
            return std::numeric_limits<double>::quiet_NaN();
        return double(x) - double(y);
    }
    default:
        return std::numeric_limits<double>::quiet_NaN();
    }
}

} // namespace npy
