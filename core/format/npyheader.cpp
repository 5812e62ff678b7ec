#include "npyheader.h"

#include "checkedmath.h"
#include "pyliteral.h"

#include <QCoreApplication>
#include <QSet>
#include <QStringDecoder>

#include <cstring>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::NpyHeader)
};

QString tr(const char *text)
{
    return Tr::tr(text);
}

bool hasObject(const DType &t)
{
    if (t.kind == Kind::Object)
        return true;
    for (const Field &f : t.fields)
        if (hasObject(f.type))
            return true;
    return false;
}

bool dtypeFromValue(const PyValue &v, DType *out, QString *error, int depth);

bool shapeFromValue(const PyValue &v, QList<qint64> *shape, QString *error, const QString &what)
{
    if (v.type == PyValue::Type::Int) {
        shape->append(v.integer);
    } else if (v.type == PyValue::Type::Tuple) {
        for (const PyValue &d : v.items) {
            if (d.type != PyValue::Type::Int) {
                *error = Tr::tr("%1 must be a tuple of ints, found a %2 in it").arg(what, d.typeName());
                return false;
            }
            shape->append(d.integer);
        }
    } else {
        *error = Tr::tr("%1 must be a tuple of ints, not a %2").arg(what, v.typeName());
        return false;
    }
    if (shape->size() > kMaxDims) {
        *error = Tr::tr("%1 has %2 dimensions, more than %3").arg(what).arg(shape->size()).arg(kMaxDims);
        return false;
    }
    for (qint64 d : *shape) {
        if (d < 0) {
            *error = Tr::tr("%1 has a negative dimension (%2)").arg(what).arg(d);
            return false;
        }
    }
    return true;
}

bool structFromList(const PyValue &list, DType *out, QString *error, int depth)
{
    DType t;
    t.kind = Kind::Struct;
    t.byteOrder = '|';
    qint64 offset = 0;
    QSet<QString> names;
    for (const PyValue &item : list.items) {
        if (!item.isSequence() || item.items.size() < 2 || item.items.size() > 3) {
            *error = tr("each struct field must be a (name, format[, shape]) tuple");
            return false;
        }
        const PyValue &nameValue = item.items[0];
        Field f;
        if (nameValue.type == PyValue::Type::Str) {
            f.name = nameValue.string;
        } else if (nameValue.type == PyValue::Type::Tuple && nameValue.items.size() == 2
                   && nameValue.items[0].type == PyValue::Type::Str && nameValue.items[1].type == PyValue::Type::Str) {
            f.title = nameValue.items[0].string;
            f.name = nameValue.items[1].string;
        } else {
            *error = tr("a struct field name must be a str or a (title, name) pair");
            return false;
        }
        // A format may itself be a (format, shape) subarray, nested: the shapes combine outer first.
        const PyValue *format = &item.items[1];
        QList<QList<qint64>> inner;
        while (format->type == PyValue::Type::Tuple) {
            QList<qint64> sub;
            if (format->items.size() != 2
                || !shapeFromValue(format->items[1], &sub, error, Tr::tr("a subarray shape in field '%1'").arg(f.name)))
                return error->isEmpty() ? (*error = Tr::tr("field '%1': a subarray format must be (format, shape)")
                                                        .arg(f.name), false)
                                        : false;
            inner.prepend(sub);
            if (inner.size() > kMaxDims) {
                *error = tr("struct nesting is too deep");
                return false;
            }
            format = &format->items[0];
        }
        if (!dtypeFromValue(*format, &f.type, error, depth + 1)) {
            *error = Tr::tr("field '%1': %2").arg(f.name, *error);
            return false;
        }
        if (item.items.size() == 3 && !shapeFromValue(item.items[2], &f.shape, error,
                                                      Tr::tr("the shape of field '%1'").arg(f.name)))
            return false;
        const bool hadOuter = !f.shape.isEmpty();
        for (qsizetype level = inner.size() - 1; level >= 0; --level) {
            f.shape += inner[level];
            // NumPy folds a lone subarray format into the field's own shape.
            if (hadOuter || level != inner.size() - 1)
                f.nestedDims.append(int(inner[level].size()));
        }
        if (f.shape.size() > kMaxDims) {
            *error = Tr::tr("field '%1' has more than %2 dimensions").arg(f.name).arg(kMaxDims);
            return false;
        }
        qint64 fieldBytes = 0;
        qint64 count = 0;
        if (!arraySize(f.shape, f.type.itemSize, &count, &fieldBytes) || fieldBytes > std::numeric_limits<int>::max()) {
            *error = Tr::tr("field '%1' is too large").arg(f.name);
            return false;
        }
        // NumPy's descr_to_dtype drops unnamed plain-void entries: they are padding.
        const bool padding = f.name.isEmpty() && f.title.isEmpty() && f.type.kind == Kind::Void;
        if (!padding) {
            if (names.contains(f.name)) {
                *error = Tr::tr("duplicate field name '%1'").arg(f.name);
                return false;
            }
            names.insert(f.name);
            f.offset = offset;
            t.fields.push_back(f);
        }
        if (!checkedAdd(offset, fieldBytes, &offset) || offset > std::numeric_limits<int>::max()) {
            *error = tr("struct item size is too large");
            return false;
        }
    }
    t.itemSize = offset;
    *out = std::move(t);
    return true;
}

bool dtypeFromValue(const PyValue &v, DType *out, QString *error, int depth)
{
    if (depth > kMaxDims) {
        *error = tr("struct nesting is too deep");
        return false;
    }
    if (v.type == PyValue::Type::Str)
        return DType::fromTypeString(v.string, out, error);
    if (v.type == PyValue::Type::List)
        return structFromList(v, out, error, depth);
    if (v.type == PyValue::Type::Tuple) {
        *error = tr("a subarray descr at top level is not supported");
        return false;
    }
    *error = Tr::tr("descr must be a str or a list, not a %1").arg(v.typeName());
    return false;
}

quint32 readLe(const char *p, int bytes)
{
    quint32 v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | quint8(p[i]);
    return v;
}

} // namespace

bool arraySize(const QList<qint64> &shape, qint64 itemSize, qint64 *elements, qint64 *bytes)
{
    // NumPy's rule: the product of the non-zero dimensions times the item size fits in int64.
    qint64 nonZero = 1;
    bool anyZero = false;
    for (qint64 d : shape) {
        if (d < 0)
            return false;
        if (d == 0) {
            anyZero = true;
            continue;
        }
        if (!checkedMul(nonZero, d, &nonZero))
            return false;
    }
    qint64 total = 0;
    if (!checkedMul(nonZero, std::max<qint64>(itemSize, 1), &total))
        return false;
    *elements = anyZero ? 0 : nonZero;
    *bytes = anyZero ? 0 : nonZero * itemSize;
    return true;
}

bool dtypeFromDescrText(const QString &descrText, DType *out, QString *error)
{
    PyValue v;
    if (!parsePyLiteral(descrText, &v, error))
        return false;
    return dtypeFromValue(v, out, error, 0);
}

namespace {

/** True when \a text, the whole header text of \a h, is laid out as np.save writes it (NpyHeader::numpyLayout). */
bool hasNumpyLayout(const QString &text, const NpyHeader &h)
{
    const QLatin1String start("{'descr': ");
    if (!text.startsWith(start) || !text.endsWith(QLatin1Char('\n')))
        return false;
    qsizetype close = text.size() - 1;
    while (close > 0 && text[close - 1] == QLatin1Char(' '))
        --close;
    if (text.size() - 1 - close > kMaxLayoutPadding)
        return false;
    const QString tail = QStringLiteral(", 'fortran_order': ") + (h.fortranOrder ? QLatin1String("True")
                                                                                  : QLatin1String("False"))
                         + QStringLiteral(", 'shape': ") + pyTupleRepr(h.shape) + QStringLiteral(", }");
    const QStringView dict = QStringView(text).left(close);
    if (!dict.endsWith(tail) || dict.size() < start.size() + tail.size())
        return false;
    const QStringView descr = dict.mid(start.size(), dict.size() - start.size() - tail.size());
    if (descr == h.dtype.descr())
        return true;
    if (!descr.startsWith(QLatin1Char('[')) || !descr.endsWith(QLatin1Char(']')))
        return false;
    // A record type's list as Python prints it: no character its repr never holds.
    for (const QChar c : descr) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('#') || c.unicode() < 0x20
            || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

} // namespace

HeaderParse parseNpyHeader(const char *data, qint64 size, NpyHeader *out, QString *error, qint64 *needed)
{
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return HeaderParse::Error;
    };
    auto more = [&](qint64 n) {
        if (needed)
            *needed = n;
        return HeaderParse::NeedMore;
    };
    const qint64 magicCheck = std::min<qint64>(size, kNpyMagicLength);
    if (std::memcmp(data, kNpyMagic, size_t(magicCheck)) != 0)
        return fail(tr("not an NPY file: the magic string \\x93NUMPY is missing at byte 0"));
    if (size < 8)
        return more(8);
    const int major = quint8(data[6]);
    const int minor = quint8(data[7]);
    if (!((major == 1 || major == 2 || major == 3) && minor == 0))
        return fail(Tr::tr("unsupported NPY format version %1.%2 at byte 6 (1.0, 2.0 and 3.0 are known)")
                        .arg(major).arg(minor));
    const int lenBytes = major == 1 ? 2 : 4;
    const qint64 textStart = 8 + lenBytes;
    if (size < textStart)
        return more(textStart);
    const qint64 headerLen = readLe(data + 8, lenBytes);
    if (headerLen > kMaxHeaderLength)
        return fail(Tr::tr("header length %1 at byte 8 is larger than the %2 bytes accepted")
                        .arg(headerLen).arg(kMaxHeaderLength));
    const qint64 dataOffset = textStart + headerLen;
    if (size < dataOffset)
        return more(dataOffset);

    const QByteArray raw = QByteArray::fromRawData(data + textStart, qsizetype(headerLen));
    if (raw.contains('\0'))
        return fail(Tr::tr("NUL byte in the header at byte %1").arg(textStart + raw.indexOf('\0')));
    QString text;
    if (major == 3) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        text = decoder.decode(raw);
        if (decoder.hasError())
            return fail(tr("the version 3.0 header is not valid UTF-8"));
    } else {
        text = QString::fromLatin1(raw);
    }

    PyValue dict;
    PyParseOptions options;
    options.allowLongSuffix = major < 3;
    QString why;
    if (!parsePyLiteral(text, &dict, &why, options))
        return fail(Tr::tr("header is not a valid literal: %1").arg(why));
    if (dict.type != PyValue::Type::Dict)
        return fail(Tr::tr("header is not a dict but a %1").arg(dict.typeName()));

    const PyValue *descr = nullptr;
    const PyValue *fortran = nullptr;
    const PyValue *shape = nullptr;
    for (const auto &entry : dict.entries) {
        if (entry.first.type != PyValue::Type::Str)
            return fail(Tr::tr("header has a key that is not a str (%1)").arg(entry.first.typeName()));
        const QString &key = entry.first.string;
        const PyValue **slot = key == QLatin1String("descr")           ? &descr
                               : key == QLatin1String("fortran_order") ? &fortran
                               : key == QLatin1String("shape")         ? &shape
                                                                       : nullptr;
        if (!slot)
            return fail(Tr::tr("header has an unexpected key '%1'").arg(key));
        if (*slot)
            return fail(Tr::tr("header has the key '%1' twice").arg(key));
        *slot = &entry.second;
    }
    if (!descr)
        return fail(tr("header lacks the key 'descr'"));
    if (!fortran)
        return fail(tr("header lacks the key 'fortran_order'"));
    if (!shape)
        return fail(tr("header lacks the key 'shape'"));

    NpyHeader h;
    h.major = major;
    h.minor = minor;
    h.dataOffset = dataOffset;
    if (!dtypeFromValue(*descr, &h.dtype, &why, 0))
        return fail(Tr::tr("header key 'descr': %1").arg(why));
    if (hasObject(h.dtype) && h.dtype.kind != Kind::Object) {
        // A struct with object fields is pickled too; report it as such.
        DType obj;
        obj.kind = Kind::Object;
        obj.itemSize = h.dtype.itemSize;
        h.dtype = obj;
    }
    if (fortran->type != PyValue::Type::Bool)
        return fail(Tr::tr("header key 'fortran_order' must be True or False, not a %1").arg(fortran->typeName()));
    h.fortranOrder = fortran->boolean;
    if (shape->type != PyValue::Type::Tuple)
        return fail(Tr::tr("header key 'shape' must be a tuple, not a %1").arg(shape->typeName()));
    if (!shapeFromValue(*shape, &h.shape, &why, QStringLiteral("header key 'shape'")))
        return fail(why);
    if (!arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes))
        return fail(Tr::tr("header key 'shape': %1 elements of %2 bytes overflow 64 bits")
                        .arg(h.shapeText()).arg(h.dtype.itemSize));
    if (h.dtype.itemSize == 0 && h.elementCount > (qint64(1) << 32))
        return fail(Tr::tr("header key 'shape': %1 elements of a zero-size type is absurd").arg(h.shapeText()));
    h.numpyLayout = hasNumpyLayout(text, h);
    *out = std::move(h);
    return HeaderParse::Ok;
}

Result<QByteArray> buildNpyHeader(const DType &dtype, const QList<qint64> &shape, bool fortranOrder)
{
    QString text = QStringLiteral("{'descr': ") + dtype.descr() + QStringLiteral(", 'fortran_order': ")
                   + (fortranOrder ? QStringLiteral("True") : QStringLiteral("False"))
                   + QStringLiteral(", 'shape': ") + pyTupleRepr(shape) + QStringLiteral(", }");
    if (!shape.isEmpty()) {
        const qint64 growthDim = fortranOrder ? shape.last() : shape.first();
        const qsizetype digits = QString::number(growthDim).size();
        if (digits < 21)
            text += QString(21 - digits, QLatin1Char(' '));
    }
    bool latin1 = true;
    for (QChar c : std::as_const(text)) {
        if (c.unicode() > 0xff) {
            latin1 = false;
            break;
        }
    }
    const QByteArray body = latin1 ? text.toLatin1() : text.toUtf8();
    auto wrap = [&](int major, int lenBytes) -> QByteArray {
        const qint64 hlen = body.size() + 1;
        const qint64 pad = 64 - ((8 + lenBytes + hlen) % 64);
        const qint64 total = hlen + pad;
        QByteArray out(kNpyMagic, kNpyMagicLength);
        out.append(char(major));
        out.append(char(0));
        for (int i = 0; i < lenBytes; ++i)
            out.append(char((total >> (8 * i)) & 0xff));
        out.append(body);
        out.append(QByteArray(pad, ' '));
        out.append('\n');
        return out;
    };
    if (latin1) {
        const qint64 hlen = body.size() + 1;
        if (hlen + 64 - ((10 + hlen) % 64) <= 65535)
            return wrap(1, 2);
    }
    if (body.size() + 64 > qint64(std::numeric_limits<quint32>::max()))
        return Result<QByteArray>::failure(tr("the header would be larger than 4 GiB"));
    return wrap(latin1 ? 2 : 3, 4);
}

} // namespace npy
