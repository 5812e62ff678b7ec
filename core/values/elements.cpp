#include "elements.h"

#include "valuetext.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Elements", text);
}

} // namespace

namespace elements {

double ReadGeneric::operator()(const uchar *p) const
{
    return valueToDouble(type, p);
}

double ReadGenericComplex::operator()(const uchar *p) const
{
    return complexPart(valueToDouble(half, p), valueToDouble(half, p + half.itemSize), part);
}

double complexPart(double re, double im, ComplexPart part)
{
    switch (part) {
    case ComplexPart::Magnitude: return std::hypot(re, im);
    case ComplexPart::Phase: return std::atan2(im, re);
    case ComplexPart::Real: return re;
    case ComplexPart::Imag: return im;
    }
    return re;
}

} // namespace elements

bool hasNumericValue(const DType &t)
{
    switch (t.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
    case Kind::Complex:
    case Kind::DateTime:
    case Kind::TimeDelta:
        return t.itemSize > 0;
    default:
        return false;
    }
}

double elementValue(const DType &type, const uchar *data, ComplexPart part)
{
    if (!hasNumericValue(type))
        return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    withElementReader(type, part, [&](const auto &read) { v = read(data); });
    return v;
}

Result<SliceAccess> SliceAccess::create(const NpyArray &array, const SliceSpec &spec, ComplexPart part)
{
    using R = Result<SliceAccess>;
    const NpyHeader &h = array.header();
    if (array.isNull())
        return R::failure(tr("no array to draw"));
    if (!spec.isValidFor(h))
        return R::failure(tr("the slice does not fit an array of shape %1").arg(h.shapeText()));
    SliceAccess s;
    s.mArray = array;
    s.mPart = part;
    s.mType = h.dtype;
    qint64 offset = 0;
    if (h.dtype.kind == Kind::Struct) {
        if (spec.field < 0)
            return R::failure(tr("cannot draw dtype %1 without choosing a field").arg(h.dtype.displayName()));
        const QList<LeafColumn> leaves = leafColumns(h.dtype);
        const LeafColumn &leaf = leaves.at(spec.field);
        s.mType = leaf.type;
        offset = leaf.offset;
    }
    if (!hasNumericValue(s.mType)) {
        const QString name = s.mType.kind == Kind::Struct ? s.mType.displayName() : s.mType.typeString();
        return R::failure(tr("cannot draw dtype %1").arg(name));
    }
    if (array.size() == 0 || !array.data())
        return s; // empty: 0 x 0
    const QList<qint64> strides = array.strides();
    for (int i = 0; i < h.shape.size(); ++i)
        if (i != spec.rowAxis && i != spec.colAxis)
            offset += spec.index.at(i) * strides.at(i);
    s.mRows = spec.rowAxis >= 0 ? h.shape.at(spec.rowAxis) : 1;
    s.mCols = spec.colAxis >= 0 ? h.shape.at(spec.colAxis) : 1;
    s.mRowStride = spec.rowAxis >= 0 ? strides.at(spec.rowAxis) : 0;
    s.mColStride = spec.colAxis >= 0 ? strides.at(spec.colAxis) : 0;
    s.mBase = array.data() + offset;
    s.mMapped = array.isMapped();
    s.mReadOnlyMap = array.pagesReleasable();
    return s;
}

double SliceAccess::value(qint64 row, qint64 col) const
{
    if (row < 0 || col < 0 || row >= mRows || col >= mCols)
        return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    withElementReader(mType, mPart, [&](const auto &read) { v = read(element(row, col)); });
    return v;
}

QString SliceAccess::text(qint64 row, qint64 col) const
{
    if (row < 0 || col < 0 || row >= mRows || col >= mCols)
        return QString();
    return formatValue(mType, element(row, col));
}

} // namespace npy
