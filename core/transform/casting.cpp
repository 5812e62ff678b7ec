#include "casting.h"

#include "datetimeunits_p.h"

#include <QCoreApplication>
#include <QHash>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Casting)
};

bool isInteger(Kind k)
{
    return k == Kind::Int || k == Kind::UInt;
}

bool isNumber(Kind k)
{
    return k == Kind::Bool || k == Kind::Int || k == Kind::UInt || k == Kind::Float || k == Kind::Complex;
}

bool isText(Kind k)
{
    return k == Kind::Bytes || k == Kind::Unicode;
}

bool isTime(Kind k)
{
    return k == Kind::DateTime || k == Kind::TimeDelta;
}

/** The rank of a kind in NumPy's same_kind order: bool < unsigned < signed < float < complex. */
int kindRank(Kind k)
{
    switch (k) {
    case Kind::Bool: return 0;
    case Kind::UInt: return 1;
    case Kind::Int: return 2;
    case Kind::Float: return 3;
    case Kind::Complex: return 4;
    default: return -1;
    }
}

/** The smallest float itemsize that holds every value of an integer of \a size bytes (NumPy's rule: 8 -> 8). */
qint64 floatSizeFor(qint64 size)
{
    switch (size) {
    case 1: return 2;
    case 2: return 4;
    default: return 8;
    }
}

/** True when every value of the number type \a from is a value of \a to (NumPy's safe casts between numbers). */
bool numberSafe(const DType &from, const DType &to)
{
    if (from.kind == Kind::Bool)
        return true;
    if (to.kind == Kind::Bool)
        return false;
    switch (from.kind) {
    case Kind::Int:
        if (to.kind == Kind::Int)
            return to.itemSize >= from.itemSize;
        if (to.kind == Kind::UInt)
            return false;
        if (to.kind == Kind::Float)
            return to.itemSize >= floatSizeFor(from.itemSize);
        return to.itemSize / 2 >= floatSizeFor(from.itemSize);
    case Kind::UInt:
        if (to.kind == Kind::UInt)
            return to.itemSize >= from.itemSize;
        if (to.kind == Kind::Int)
            return to.itemSize > from.itemSize;
        if (to.kind == Kind::Float)
            return to.itemSize >= floatSizeFor(from.itemSize);
        return to.itemSize / 2 >= floatSizeFor(from.itemSize);
    case Kind::Float:
        if (to.kind == Kind::Float)
            return to.itemSize >= from.itemSize;
        return to.kind == Kind::Complex && to.itemSize / 2 >= from.itemSize;
    case Kind::Complex:
        return to.kind == Kind::Complex && to.itemSize >= from.itemSize;
    default:
        return false;
    }
}

/** The characters `str()` of any value of \a type may need (NumPy's itemsize for astype('S')). */
qint64 textLengthOf(const DType &type)
{
    switch (type.kind) {
    case Kind::Bool:
        return 5;
    case Kind::Int:
        switch (type.itemSize) {
        case 1: return 4;
        case 2: return 6;
        case 4: return 11;
        default: return 21;
        }
    case Kind::UInt:
        switch (type.itemSize) {
        case 1: return 3;
        case 2: return 5;
        case 4: return 10;
        default: return 20;
        }
    case Kind::Float:
        return type.itemSize == 16 ? 48 : 32;
    case Kind::Complex:
        return type.itemSize == 32 ? 96 : 64;
    case Kind::Bytes:
        return type.itemSize;
    case Kind::Unicode:
        return type.itemSize / 4;
    default:
        return 0;
    }
}

/** The number of characters of an S or U type. */
qint64 charsOf(const DType &type)
{
    return type.kind == Kind::Unicode ? type.itemSize / 4 : type.itemSize;
}

bool sameIgnoringOrder(const DType &a, const DType &b)
{
    return a.kind == b.kind && a.itemSize == b.itemSize && a.unit == b.unit && a.unitCount == b.unitCount;
}

bool sameOrder(const DType &a, const DType &b)
{
    // A one-byte type or S has no byte order; '|' matches anything there.
    return a.byteOrder == b.byteOrder || a.byteOrder == '|' || b.byteOrder == '|';
}

bool timeCast(const DType &from, const DType &to, Casting casting)
{
    using namespace dtunits;
    if (casting == Casting::Unsafe)
        return true;
    if (from.kind != to.kind)
        return false;
    const int src = unitIndex(from.unit);
    const int dst = unitIndex(to.unit);
    const bool datetime = from.kind == Kind::DateTime;
    if (casting == Casting::No || casting == Casting::Equiv)
        return src == dst && from.unitCount == to.unitCount;
    // can_cast_datetime64_units / can_cast_timedelta64_units
    if (src == kGeneric || dst == kGeneric)
        return src == kGeneric;
    const bool sameSide = (src <= kMonth && dst <= kMonth) || (src > kMonth && dst > kMonth);
    if (casting == Casting::SameKind)
        return datetime || sameSide;
    if (src > dst || (!datetime && !sameSide))
        return false;
    return metadataDivides(src, from.unitCount, dst, to.unitCount, !datetime);
}

bool supported(const DType &t)
{
    return isNumber(t.kind) || isText(t.kind) || isTime(t.kind);
}

} // namespace

QString castingName(Casting casting)
{
    switch (casting) {
    case Casting::No: return QStringLiteral("no");
    case Casting::Equiv: return QStringLiteral("equiv");
    case Casting::Safe: return QStringLiteral("safe");
    case Casting::SameKind: return QStringLiteral("same_kind");
    case Casting::Unsafe: return QStringLiteral("unsafe");
    }
    return QString();
}

bool parseCasting(const QString &text, Casting *out)
{
    for (Casting c : {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind, Casting::Unsafe}) {
        if (text == castingName(c)) {
            *out = c;
            return true;
        }
    }
    return false;
}

bool canCast(const DType &from, const DType &to, Casting casting)
{
    if (!supported(from) || !supported(to))
        return false;
    // An unsized S or U of the source's kind takes the source's dtype (in native order, for U).
    if (isText(to.kind) && to.itemSize == 0 && to.kind == from.kind)
        return casting != Casting::No || !from.needsSwap();
    if (sameIgnoringOrder(from, to) && (casting != Casting::No || sameOrder(from, to)))
        return true;
    if (casting == Casting::No || casting == Casting::Equiv)
        return false;
    if (casting == Casting::Unsafe)
        return true;
    const bool safe = casting == Casting::Safe;
    if (isTime(from.kind) || isTime(to.kind)) {
        if (isTime(from.kind) && isTime(to.kind))
            return timeCast(from, to, casting);
        // Bool and integers go to timedelta64 as they go to int64; nothing else crosses safely.
        if (to.kind != Kind::TimeDelta || (from.kind != Kind::Bool && !isInteger(from.kind)))
            return false;
        DType i8;
        i8.kind = Kind::Int;
        i8.itemSize = 8;
        return !safe || numberSafe(from, i8);
    }
    if (isText(to.kind)) {
        if (from.kind == Kind::Unicode && to.kind == Kind::Bytes)
            return false;
        // Too short for every value: same_kind (NumPy 1.24 lets that through).
        return !safe || to.itemSize == 0 || charsOf(to) >= textLengthOf(from);
    }
    if (isText(from.kind))
        return false;
    if (numberSafe(from, to))
        return true;
    return !safe && kindRank(to.kind) >= kindRank(from.kind);
}

bool strictestCasting(const DType &from, const DType &to, Casting *out)
{
    for (Casting c : {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind, Casting::Unsafe}) {
        if (canCast(from, to, c)) {
            *out = c;
            return true;
        }
    }
    return false;
}

DType astypeResult(const DType &from, const DType &to)
{
    const bool unsized = (isText(to.kind) && to.itemSize == 0) || (isTime(to.kind) && to.unit.isEmpty());
    // An unsized S or U, or a generic datetime, of the source's own kind is the source's dtype, byte order and all.
    if (unsized && to.kind == from.kind)
        return from;
    DType out = to;
    if (isText(to.kind) && to.itemSize == 0) {
        const qint64 chars = textLengthOf(from);
        out.itemSize = to.kind == Kind::Unicode ? chars * 4 : chars;
        out.byteOrder = to.kind == Kind::Unicode ? (Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>') : '|';
    }
    if (isTime(to.kind) && to.unit.isEmpty() && isTime(from.kind) && !from.unit.isEmpty()) {
        out.unit = from.unit;
        out.unitCount = from.unitCount;
    }
    return out;
}

Result<DType> parseCastTarget(const QString &text)
{
    using R = Result<DType>;
    static const QHash<QString, QString> names = {
        {QStringLiteral("bool"), QStringLiteral("?")},        {QStringLiteral("int8"), QStringLiteral("i1")},
        {QStringLiteral("int16"), QStringLiteral("i2")},      {QStringLiteral("int32"), QStringLiteral("i4")},
        {QStringLiteral("int64"), QStringLiteral("i8")},      {QStringLiteral("uint8"), QStringLiteral("u1")},
        {QStringLiteral("uint16"), QStringLiteral("u2")},     {QStringLiteral("uint32"), QStringLiteral("u4")},
        {QStringLiteral("uint64"), QStringLiteral("u8")},     {QStringLiteral("float16"), QStringLiteral("f2")},
        {QStringLiteral("float32"), QStringLiteral("f4")},    {QStringLiteral("float64"), QStringLiteral("f8")},
        {QStringLiteral("longdouble"), QStringLiteral("f16")}, {QStringLiteral("float128"), QStringLiteral("f16")},
        {QStringLiteral("complex64"), QStringLiteral("c8")},  {QStringLiteral("complex128"), QStringLiteral("c16")},
        {QStringLiteral("clongdouble"), QStringLiteral("c32")}, {QStringLiteral("complex256"), QStringLiteral("c32")},
        {QStringLiteral("bytes"), QStringLiteral("S")},       {QStringLiteral("str"), QStringLiteral("U")},
        {QStringLiteral("datetime64"), QStringLiteral("M8")}, {QStringLiteral("timedelta64"), QStringLiteral("m8")},
        {QStringLiteral("half"), QStringLiteral("f2")},       {QStringLiteral("single"), QStringLiteral("f4")},
        {QStringLiteral("double"), QStringLiteral("f8")},
    };
    QString spec = text.trimmed();
    // A name, possibly with a datetime unit: datetime64[ms].
    const qsizetype bracket = spec.indexOf(QLatin1Char('['));
    const QString head = bracket < 0 ? spec : spec.left(bracket);
    const auto named = names.constFind(head);
    if (named != names.constEnd())
        spec = named.value() + (bracket < 0 ? QString() : spec.mid(bracket));
    // NumPy's one-letter codes without a size: '?' is bool.
    if (spec == QLatin1String("?") || spec == QLatin1String("|?") || spec == QLatin1String("=?"))
        spec = QStringLiteral("b1");
    DType type;
    QString error;
    if (!DType::fromTypeString(spec, &type, &error))
        return R::failure(Tr::tr("'%1' is not a dtype: %2").arg(text, error));
    if (!supported(type))
        return R::failure(Tr::tr("cannot convert to %1: only bool, integers, floats, complex, S, U, datetime64 and "
                                 "timedelta64 are supported").arg(type.displayName()));
    return type;
}

} // namespace npy
