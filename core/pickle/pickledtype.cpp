// numpy.dtype.__setstate__ read as data: the state tuple NumPy's arraydescr_reduce writes,
// (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]).

#include "pickle_p.h"

namespace npy {

namespace {

bool isBytesLike(PickleType t)
{
    return t == PickleType::Bytes || t == PickleType::ByteArray;
}

bool smallInt(const PickleNode &n, qint64 *out)
{
    if (n.type == PickleType::Bool) {
        *out = n.boolValue;
        return true;
    }
    if (n.type != PickleType::Int)
        return false;
    bool ok = false;
    *out = n.intText.toLongLong(&ok);
    return ok;
}

} // namespace

bool PickleMachine::buildDType(qint32 target, qint32 state)
{
    const std::vector<qint32> s = node(state).items;
    qint64 version = 0;
    if (node(state).type != PickleType::Tuple || s.size() < 8 || !smallInt(node(s[0]), &version)
        || (version != 3 && version != 4))
        return fail(PickleTr::tr("a numpy.dtype state that is not a tuple (3 or 4, ...) of 8 or 9"));
    DType t = node(target).dtype;
    const PickleNode &order = node(s[1]);
    if (order.type != PickleType::Str || order.text.size() != 1)
        return fail(PickleTr::tr("a numpy.dtype state without a byte order"));
    const QChar o = order.text.at(0);
    const bool orderless = t.kind == Kind::Bytes || t.kind == Kind::Void || t.kind == Kind::Object
                           || t.kind == Kind::Bool || t.itemSize == 1;
    if (o == QLatin1Char('<') || o == QLatin1Char('>')) {
        if (!orderless)
            t.byteOrder = char(o.toLatin1());
    } else if (o != QLatin1Char('|') && o != QLatin1Char('=')) {
        return fail(PickleTr::tr("a numpy.dtype state with byte order '%1'").arg(order.text.left(4)));
    }
    qint64 elsize = -1;
    if (!smallInt(node(s[5]), &elsize))
        return fail(PickleTr::tr("a numpy.dtype state whose item size is not an int"));
    if (elsize >= 0 && elsize <= qint64(std::numeric_limits<int>::max())
        && (t.kind == Kind::Bytes || t.kind == Kind::Unicode || t.kind == Kind::Void)) {
        if (t.kind == Kind::Unicode && elsize % 4 != 0)
            return fail(PickleTr::tr("a str dtype of %1 bytes").arg(elsize));
        t.itemSize = elsize;
    } else if (elsize > qint64(std::numeric_limits<int>::max())) {
        return fail(PickleTr::tr("a numpy.dtype of %1 bytes").arg(elsize));
    }
    // Struct fields.
    const PickleNode &names = node(s[3]);
    const PickleNode &fields = node(s[4]);
    if (names.type == PickleType::Tuple) {
        if (fields.type != PickleType::Dict || t.kind != Kind::Void)
            return fail(PickleTr::tr("a numpy.dtype state with names but no fields"));
        t.kind = Kind::Struct;
        t.byteOrder = '|';
        QHash<QString, qint32> entries;
        for (size_t i = 0; i + 1 < fields.items.size(); i += 2)
            if (node(fields.items[i]).type == PickleType::Str)
                entries.insert(node(fields.items[i]).text, fields.items[i + 1]);
        for (qint32 nameId : names.items) {
            if (node(nameId).type != PickleType::Str)
                return fail(PickleTr::tr("a struct field name that is not a str"));
            const QString fieldName = node(nameId).text;
            const qint32 entry = entries.value(fieldName, -1);
            if (entry < 0 || node(entry).type != PickleType::Tuple || node(entry).items.size() < 2
                || node(entry).items.size() > 3 || node(node(entry).items[0]).type != PickleType::DType)
                return fail(PickleTr::tr("struct field '%1' without a (dtype, offset) entry").arg(fieldName.left(100)));
            const std::vector<qint32> e = node(entry).items;
            Field f;
            f.name = fieldName;
            if (!smallInt(node(e[1]), &f.offset) || f.offset < 0)
                return fail(PickleTr::tr("struct field '%1' with a bad offset").arg(fieldName.left(100)));
            if (e.size() == 3 && node(e[2]).type == PickleType::Str)
                f.title = node(e[2]).text;
            // A subarray field: its dtype node carries (base, shape), possibly nested.
            qint32 typeId = e[0];
            for (int level = 0; mSubarrays.count(typeId); ++level) {
                if (level > 32)
                    return fail(PickleTr::tr("subarray dtypes nested too deep"));
                const Subarray &sub = mSubarrays[typeId];
                if (level > 0)
                    f.nestedDims.append(int(sub.shape.size()));
                f.shape += sub.shape;
                typeId = sub.base;
            }
            if (!charge(1 + qint64(node(typeId).dtype.fields.size())))
                return false;
            f.type = node(typeId).dtype;
            if (f.type.kind == Kind::Object)
                return fail(PickleTr::tr("a struct dtype with object fields"));
            qint64 end = 0;
            if (f.offset > t.itemSize || f.size() < 0 || (end = f.offset + f.size()) > t.itemSize)
                return fail(PickleTr::tr("struct field '%1' ends past the item size %2").arg(fieldName.left(100)).arg(t.itemSize));
            t.fields.push_back(f);
        }
    } else if (names.type != PickleType::None) {
        return fail(PickleTr::tr("a numpy.dtype state whose names are a %1").arg(typeName(s[3])));
    }
    // A subarray type ('<f8', (2, 3)): remembered for the struct that uses it.
    const PickleNode &sub = node(s[2]);
    if (sub.type == PickleType::Tuple) {
        if (sub.items.size() != 2 || node(sub.items[0]).type != PickleType::DType
            || node(sub.items[1]).type != PickleType::Tuple)
            return fail(PickleTr::tr("a numpy.dtype subarray that is not (dtype, shape)"));
        Subarray a;
        a.base = sub.items[0];
        for (qint32 d : node(sub.items[1]).items) {
            qint64 v = 0;
            if (!smallInt(node(d), &v) || v < 0 || v > qint64(std::numeric_limits<int>::max()))
                return fail(PickleTr::tr("a numpy.dtype subarray shape that is not of ints"));
            a.shape.append(v);
        }
        if (a.base == target || a.shape.size() > 32)
            return fail(PickleTr::tr("a bad numpy.dtype subarray"));
        mSubarrays[target] = a;
    } else if (sub.type != PickleType::None) {
        return fail(PickleTr::tr("a numpy.dtype subarray that is a %1").arg(typeName(s[2])));
    }
    // Datetime unit: version 4 metadata ({...}, (unit, count, den, events)).
    if ((t.kind == Kind::DateTime || t.kind == Kind::TimeDelta) && s.size() >= 9) {
        qint32 meta = s[8];
        if (node(meta).type == PickleType::Tuple && node(meta).items.size() == 2
            && node(node(meta).items[1]).type == PickleType::Tuple)
            meta = node(meta).items[1];
        const std::vector<qint32> m = node(meta).items;
        QByteArray unit;
        qint64 count = 1;
        if (node(meta).type != PickleType::Tuple || m.size() < 2 || !smallInt(node(m[1]), &count)
            || (!isBytesLike(node(m[0]).type) && node(m[0]).type != PickleType::Str))
            return fail(PickleTr::tr("a datetime dtype without its unit"));
        unit = node(m[0]).type == PickleType::Str ? node(m[0]).text.toLatin1() : node(m[0]).data;
        if (unit == "generic") {
            t.unit.clear();
            t.unitCount = 1;
        } else {
            const QString text = QStringLiteral("%1M8[%2%3]").arg(QLatin1Char(t.byteOrder)).arg(count).arg(QString::fromLatin1(unit));
            DType check;
            QString why;
            if (count <= 0 || !DType::fromTypeString(text, &check, &why))
                return fail(PickleTr::tr("a datetime dtype of unit '%1'").arg(QString::fromLatin1(unit.left(20))));
            t.unit = check.unit;
            t.unitCount = check.unitCount;
        }
    }
    node(target).dtype = t;
    return true;
}

} // namespace npy
