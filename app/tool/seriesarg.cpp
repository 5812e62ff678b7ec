#include "seriesarg.h"

#include "member.h"
#include "stats.h"
#include "toolcommon.h"
#include "valuetext.h"

#include <cmath>
#include <cstring>

namespace npy {

SeriesChoice chooseSeries(const Source &source, const QString &member, const QString &field, qint64 column)
{
    SeriesChoice c;
    const MemberChoice m = chooseArrayMember(source, member);
    if (m.index < 0) {
        c.error = m.error;
        c.usage = m.usage;
        return c;
    }
    c.where = m.where;
    const NpyHeader &header = source.members()[m.index].header;
    int leaf = -1;
    if (!field.isEmpty()) {
        const QList<LeafColumn> leaves = leafColumns(header.dtype);
        for (int i = 0; i < leaves.size(); ++i)
            if (leaves[i].name == field)
                leaf = i;
        if (header.dtype.kind != Kind::Struct || leaf < 0) {
            c.error = Tr::tr("%1: no field named '%2'").arg(m.where, field);
            return c;
        }
    }
    const Result<SeriesLayout> layout = seriesLayout(header, leaf, column);
    if (!layout) {
        c.error = Tr::tr("%1: %2").arg(m.where, layout.error());
        return c;
    }
    c.index = m.index;
    c.layout = layout.value();
    if (!c.layout.label.isEmpty())
        c.where = Tr::tr("%1 (%2)").arg(c.where, c.layout.label);
    return c;
}

SeriesChoice parseSeries(const Source &source, const QString &text)
{
    if (!text.isEmpty() && source.indexOf(text) >= 0)
        return chooseSeries(source, text, QString(), -1);
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        bool ok = false;
        const qint64 column = text.mid(colon + 1).toLongLong(&ok);
        if (!ok || column < 0) {
            SeriesChoice c;
            c.error = Tr::tr("'%1': the column after ':' must be a whole number >= 0").arg(text);
            c.usage = true;
            return c;
        }
        return chooseSeries(source, text.left(colon), QString(), column);
    }
    // MEMBER.FIELD: the first split whose left part names a member (or is empty: the only array).
    for (qsizetype dot = text.indexOf(QLatin1Char('.')); dot >= 0; dot = text.indexOf(QLatin1Char('.'), dot + 1)) {
        const QString member = text.left(dot);
        if (member.isEmpty() || source.indexOf(member) >= 0)
            return chooseSeries(source, member, text.mid(dot + 1), -1);
    }
    return chooseSeries(source, text, QString(), -1);
}

QString sampleText(const DType &type, double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    switch (type.kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::DateTime:
    case Kind::TimeDelta:
        return QString::number(qint64(value));
    case Kind::UInt:
        return QString::number(quint64(value));
    case Kind::Float:
        if (type.itemSize == 4) {
            DType f4 = type;
            f4.byteOrder = Q_BYTE_ORDER == Q_LITTLE_ENDIAN ? '<' : '>';
            const float f = float(value);
            uchar bytes[4];
            std::memcpy(bytes, &f, sizeof f);
            return formatValue(f4, bytes);
        }
        return statsNumber(value);
    default:
        return statsNumber(value);
    }
}

} // namespace npy
