#include "dtype.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace npy {

namespace {

const QStringList &dateUnits()
{
    static const QStringList units = {
        QStringLiteral("Y"), QStringLiteral("M"), QStringLiteral("W"), QStringLiteral("D"),
        QStringLiteral("h"), QStringLiteral("m"), QStringLiteral("s"), QStringLiteral("ms"),
        QStringLiteral("us"), QStringLiteral("ns"), QStringLiteral("ps"), QStringLiteral("fs"),
        QStringLiteral("as"),
    };
    return units;
}

bool isPrintable(char32_t c)
{
    if (c == U' ')
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

} // namespace

bool DType::needsSwap() const
{
    return byteOrder == (Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '>' : '<');
}

bool DType::isNumeric() const
{
    switch (kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
    case Kind::Complex:
    case Kind::DateTime:
    case Kind::TimeDelta:
        return true;
    default:
        return false;
    }
}

qint64 DType::swapUnit() const
{
    switch (kind) {
    case Kind::Complex:
        return itemSize / 2;
    case Kind::Unicode:
        return 4;
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
    case Kind::DateTime:
    case Kind::TimeDelta:
        return itemSize;
    default:
        return 1;
    }
}

QString DType::typeString() const
{
    const QChar order = QLatin1Char(byteOrder);
    switch (kind) {
    case Kind::Object:
        return QStringLiteral("|O");
    case Kind::Struct:
        return QStringLiteral("|V%1").arg(itemSize);
    case Kind::Unicode:
        return QStringLiteral("%1U%2").arg(order).arg(itemSize / 4);
    case Kind::DateTime:
    case Kind::TimeDelta: {
        QString s = QStringLiteral("%1%2%3").arg(order).arg(QLatin1Char(char(kind))).arg(itemSize);
        if (!unit.isEmpty()) {
            s += QLatin1Char('[');
            if (unitCount != 1)
                s += QString::number(unitCount);
            s += unit + QLatin1Char(']');
        }
        return s;
    }
    default:
        return QStringLiteral("%1%2%3").arg(order).arg(QLatin1Char(char(kind))).arg(itemSize);
    }
}

QString DType::descr() const
{
    if (kind != Kind::Struct)
        return pyRepr(typeString());
    // NumPy's dtype.descr: fields by offset, gaps and tail padding as ('', '|V<n>').
    std::vector<const Field *> sorted;
    for (const Field &f : fields)
        sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Field *a, const Field *b) { return a->offset < b->offset; });
    QStringList parts;
    qint64 pos = 0;
    for (const Field *f : sorted) {
        if (f->offset > pos)
            parts << QStringLiteral("('', '|V%1')").arg(f->offset - pos);
        QString name = pyRepr(f->name);
        if (!f->title.isEmpty())
            name = QStringLiteral("(%1, %2)").arg(pyRepr(f->title), name);
        // Nested subarray formats are written innermost first: (('<f8', (3,)), (5,)).
        QString format = f->type.descr();
        qsizetype outerDims = f->shape.size();
        for (int dims : f->nestedDims)
            outerDims -= dims;
        qsizetype end = f->shape.size();
        for (qsizetype level = f->nestedDims.size() - 1; level >= 0; --level) {
            const int dims = f->nestedDims[level];
            format = QStringLiteral("(%1, %2)").arg(format, pyTupleRepr(f->shape.mid(end - dims, dims)));
            end -= dims;
        }
        QString entry = QStringLiteral("(%1, %2").arg(name, format);
        if (outerDims > 0)
            entry += QStringLiteral(", ") + pyTupleRepr(f->shape.mid(0, outerDims));
        entry += QLatin1Char(')');
        parts << entry;
        pos = std::max(pos, f->offset + f->size());
    }
    if (itemSize > pos)
        parts << QStringLiteral("('', '|V%1')").arg(itemSize - pos);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString DType::displayName() const
{
    switch (kind) {
    case Kind::Bool:
        return QStringLiteral("bool");
    case Kind::Int:
        return QStringLiteral("int%1").arg(itemSize * 8);
    case Kind::UInt:
        return QStringLiteral("uint%1").arg(itemSize * 8);
    case Kind::Float:
        return QStringLiteral("float%1").arg(itemSize * 8);
    case Kind::Complex:
        return QStringLiteral("complex%1").arg(itemSize * 8);
    case Kind::Bytes:
        return QStringLiteral("bytes S%1").arg(itemSize);
    case Kind::Unicode:
        return QStringLiteral("str U%1").arg(itemSize / 4);
    case Kind::Void:
        return QStringLiteral("void V%1").arg(itemSize);
    case Kind::DateTime:
    case Kind::TimeDelta: {
        QString s = kind == Kind::DateTime ? QStringLiteral("datetime64") : QStringLiteral("timedelta64");
        if (!unit.isEmpty())
            s += QStringLiteral("[%1%2]").arg(unitCount != 1 ? QString::number(unitCount) : QString(), unit);
        return s;
    }
    case Kind::Object:
        return QStringLiteral("object");
    case Kind::Struct:
        return QCoreApplication::translate("npy::DType", "struct (%n field(s))", nullptr, int(fields.size()));
    }
    return QString();
}

bool DType::fromTypeString(const QString &text, DType *out, QString *error)
{
    static const QRegularExpression re(
        QStringLiteral("^([<>|=]?)([biufcSUVaMmO])(\\d*)(?:\\[(\\d*)([A-Za-z]+)\\])?$"));
    const QRegularExpressionMatch m = re.match(text);
    auto fail = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m.hasMatch())
        return fail(QCoreApplication::translate("npy::DType", "unknown dtype '%1'").arg(text));
    DType t;
    QChar order = m.captured(1).isEmpty() ? QLatin1Char('=') : m.captured(1).at(0);
    QChar code = m.captured(2).at(0);
    if (code == QLatin1Char('a'))
        code = QLatin1Char('S');
    t.kind = Kind(code.toLatin1());
    bool hasSize = !m.captured(3).isEmpty();
    bool sizeOk = true;
    const qint64 size = hasSize ? m.captured(3).toLongLong(&sizeOk) : 0;
    if (!sizeOk || size > qint64(std::numeric_limits<int>::max()))
        return fail(QCoreApplication::translate("npy::DType", "item size in dtype '%1' is too large").arg(text));
    const bool hasUnit = !m.captured(5).isEmpty();
    if (hasUnit && t.kind != Kind::DateTime && t.kind != Kind::TimeDelta)
        return fail(QCoreApplication::translate("npy::DType", "unknown dtype '%1'").arg(text));

    auto requireSize = [&](std::initializer_list<qint64> allowed) {
        if (!hasSize)
            return false;
        for (qint64 a : allowed)
            if (a == size)
                return true;
        return false;
    };
    switch (t.kind) {
    case Kind::Bool:
        if (hasSize && size != 1)
            return fail(QCoreApplication::translate("npy::DType", "unknown dtype '%1'").arg(text));
        t.itemSize = 1;
        break;
    case Kind::Int:
    case Kind::UInt:
        if (!requireSize({1, 2, 4, 8}))
            return fail(QCoreApplication::translate("npy::DType", "unsupported integer size in dtype '%1'").arg(text));
        t.itemSize = size;
        break;
    case Kind::Float:
        if (!requireSize({2, 4, 8, 16}))
            return fail(QCoreApplication::translate("npy::DType", "unsupported float size in dtype '%1'").arg(text));
        t.itemSize = size;
        break;
    case Kind::Complex:
        if (!requireSize({8, 16, 32}))
            return fail(QCoreApplication::translate("npy::DType", "unsupported complex size in dtype '%1'").arg(text));
        t.itemSize = size;
        break;
    case Kind::Bytes:
    case Kind::Void:
        t.itemSize = size;
        break;
    case Kind::Unicode:
        if (size > qint64(std::numeric_limits<int>::max()) / 4)
            return fail(QCoreApplication::translate("npy::DType", "item size in dtype '%1' is too large").arg(text));
        t.itemSize = size * 4;
        break;
    case Kind::DateTime:
    case Kind::TimeDelta:
        if (hasSize && size != 8)
            return fail(QCoreApplication::translate("npy::DType", "unknown dtype '%1'").arg(text));
        t.itemSize = 8;
        if (hasUnit) {
            t.unit = m.captured(5);
            if (!dateUnits().contains(t.unit))
                return fail(QCoreApplication::translate("npy::DType", "unknown datetime unit '%1' in dtype '%2'")
                                .arg(t.unit, text));
            if (!m.captured(4).isEmpty()) {
                bool countOk = false;
                t.unitCount = m.captured(4).toLongLong(&countOk);
                if (!countOk || t.unitCount <= 0 || t.unitCount > std::numeric_limits<int>::max())
                    return fail(QCoreApplication::translate("npy::DType", "invalid unit multiplier in dtype '%1'").arg(text));
            }
        }
        break;
    case Kind::Object:
        if (hasSize && size != 8)
            return fail(QCoreApplication::translate("npy::DType", "unknown dtype '%1'").arg(text));
        t.itemSize = 8;
        break;
    case Kind::Struct:
        break;
    }
    // Byte order: one-byte and byte-string types have none; '=' and '|' on multi-byte numbers mean native.
    const bool orderless = t.kind == Kind::Bytes || t.kind == Kind::Void || t.kind == Kind::Object
                           || t.itemSize == 1;
    if (orderless)
        t.byteOrder = '|';
    else if (order == QLatin1Char('<') || order == QLatin1Char('>'))
        t.byteOrder = order.toLatin1();
    else
        t.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
    *out = t;
    return true;
}

bool DType::operator==(const DType &o) const
{
    return kind == o.kind && byteOrder == o.byteOrder && itemSize == o.itemSize && unit == o.unit
           && unitCount == o.unitCount && fields == o.fields;
}

qint64 Field::size() const
{
    qint64 n = type.itemSize;
    for (qint64 d : shape)
        n *= d;
    return n;
}

bool Field::operator==(const Field &o) const
{
    return name == o.name && title == o.title && type == o.type && shape == o.shape && nestedDims == o.nestedDims
           && offset == o.offset;
}

namespace {

void appendLeaves(const DType &type, const QString &prefix, qint64 base, QList<LeafColumn> *out)
{
    if (type.kind != Kind::Struct) {
        out->append({prefix, type, base});
        return;
    }
    for (const Field &f : type.fields) {
        const QString name = prefix.isEmpty() ? f.name : prefix + QLatin1Char('.') + f.name;
        if (f.shape.isEmpty()) {
            appendLeaves(f.type, name, base + f.offset, out);
            continue;
        }
        qint64 count = 1;
        for (qint64 d : f.shape)
            count *= d;
        QList<qint64> idx(f.shape.size(), 0);
        for (qint64 i = 0; i < count; ++i) {
            QStringList parts;
            for (qint64 v : idx)
                parts << QString::number(v);
            appendLeaves(f.type, name + QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']'),
                         base + f.offset + i * f.type.itemSize, out);
            for (qsizetype a = idx.size() - 1; a >= 0; --a) {
                if (++idx[a] < f.shape[a])
                    break;
                idx[a] = 0;
            }
        }
    }
}

} // namespace

QList<LeafColumn> leafColumns(const DType &type)
{
    QList<LeafColumn> out;
    appendLeaves(type, QString(), 0, &out);
    return out;
}

QString pyRepr(const QString &text)
{
    const bool hasSingle = text.contains(QLatin1Char('\''));
    const bool hasDouble = text.contains(QLatin1Char('"'));
    const QChar quote = (hasSingle && !hasDouble) ? QLatin1Char('"') : QLatin1Char('\'');
    QString out = quote;
    const QList<uint> codes = text.toUcs4();
    for (uint c : codes) {
        if (c == quote.unicode() || c == '\\') {
            out += QLatin1Char('\\');
            out += QChar(c);
        } else if (c == '\t') {
            out += QStringLiteral("\\t");
        } else if (c == '\n') {
            out += QStringLiteral("\\n");
        } else if (c == '\r') {
            out += QStringLiteral("\\r");
        } else if (c < 0x20 || c == 0x7f) {
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        } else if (c < 0x7f) {
            out += QChar(c);
        } else if (!isPrintable(char32_t(c))) {
            if (c <= 0xff)
                out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
            else if (c <= 0xffff)
                out += QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'));
            else
                out += QStringLiteral("\\U%1").arg(c, 8, 16, QLatin1Char('0'));
        } else {
            const char32_t cc = char32_t(c);
            out += QString::fromUcs4(&cc, 1);
        }
    }
    out += quote;
    return out;
}

QString pyTupleRepr(const QList<qint64> &values)
{
    if (values.isEmpty())
        return QStringLiteral("()");
    if (values.size() == 1)
        return QStringLiteral("(%1,)").arg(values.first());
    QStringList parts;
    for (qint64 v : values)
        parts << QString::number(v);
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace npy
