#include "numpycode.h"

#include "valuetext.h"

#include <QStringList>

#include <QtEndian>

#include <cstring>
#include <limits>

namespace npy {

namespace {

QString floatLiteral(const QString &text)
{
    if (text == QLatin1String("nan"))
        return QStringLiteral("np.nan");
    if (text == QLatin1String("inf"))
        return QStringLiteral("np.inf");
    if (text == QLatin1String("-inf"))
        return QStringLiteral("-np.inf");
    return text;
}

/** Nested lists over \a shape from \a axis on; \a literal gives the text of C-order element \a *flat (then advanced). */
QString nested(const QList<qint64> &shape, int axis, qint64 *flat,
               const std::function<QString(qint64)> &literal)
{
    if (axis == shape.size())
        return literal((*flat)++);
    QStringList items;
    for (qint64 i = 0; i < shape[axis]; ++i)
        items.append(nested(shape, axis + 1, flat, literal));
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

QString pythonLiteral(const DType &type, const uchar *data)
{
    switch (type.kind) {
    case Kind::Struct: {
        QStringList items;
        for (const Field &f : type.fields) {
            const uchar *base = data + f.offset;
            if (f.shape.isEmpty()) {
                items.append(pythonLiteral(f.type, base));
                continue;
            }
            qint64 flat = 0;
            items.append(nested(f.shape, 0, &flat, [&](qint64 i) {
                return pythonLiteral(f.type, base + i * f.type.itemSize);
            }));
        }
        if (items.size() == 1)
            return QLatin1Char('(') + items.first() + QStringLiteral(",)");
        return QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')');
    }
    case Kind::Float:
        if (type.itemSize > 8)
            return pyRepr(formatValue(type, data));
        return floatLiteral(formatValue(type, data));
    case Kind::Complex: {
        // Always through complex('...'): a literal such as -0.5j or (-0-1j) loses the sign of a zero part.
        QString inner = formatValue(type, data);
        if (inner.startsWith(QLatin1Char('(')) && inner.endsWith(QLatin1Char(')')))
            inner = inner.mid(1, inner.size() - 2);
        return QStringLiteral("complex(%1)").arg(pyRepr(inner));
    }
    case Kind::Unicode:
    case Kind::DateTime:
        return pyRepr(formatValue(type, data));
    case Kind::TimeDelta: {
        qint64 count = 0;
        std::memcpy(&count, data, sizeof count);
        if (type.needsSwap())
            count = qbswap(count);
        if (count == std::numeric_limits<qint64>::min())
            return QStringLiteral("'NaT'");
        return QString::number(count);
    }
    default:
        return formatValue(type, data);
    }
}

QString numpyCode(const DType &type, const QList<qint64> &shape, const std::function<const uchar *(qint64)> &element)
{
    QString dtype = pyRepr(type.typeString());
    if (type.kind == Kind::Struct) {
        // Padding shows in the descr as a field without a name, which np.dtype() would keep as a
        // field; the reader NumPy uses for headers drops it again.
        dtype = type.descr();
        if (dtype.contains(QLatin1String("('',")))
            dtype = QStringLiteral("np.lib.format.descr_to_dtype(%1)").arg(dtype);
    }
    if (shape.contains(0))
        return QStringLiteral("np.empty(%1, dtype=%2)").arg(pyTupleRepr(shape), dtype);
    qint64 flat = 0;
    const QString body = nested(shape, 0, &flat, [&](qint64 i) { return pythonLiteral(type, element(i)); });
    return QStringLiteral("np.array(%1, dtype=%2)").arg(body, dtype);
}

QString numpyCode(const NpyArray &array)
{
    return numpyCode(array.dtype(), array.shape(), [&](qint64 i) { return array.element(i); });
}

} // namespace npy
