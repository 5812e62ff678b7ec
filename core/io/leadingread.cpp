#include "leadingread.h"

#include "checkedmath.h"

#include <QCoreApplication>

#include <algorithm>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::LeadingRead)
};

/** Axis \a k counted from the outermost in memory. */
int memoryAxis(const NpyHeader &header, int k)
{
    return header.fortranOrder ? int(header.shape.size()) - 1 - k : k;
}

QString whereOf(const Source &source, int index)
{
    if (source.format() == FileFormat::Npy)
        return source.path();
    return Tr::tr("%1: member '%2'").arg(source.path(), source.members()[index].archiveName);
}

} // namespace

QList<qint64> leadingBox(const NpyHeader &header, int fixedAxes, qint64 maxBytes)
{
    const int n = int(header.shape.size());
    if (header.elementCount == 0)
        return header.shape;
    QList<qint64> box = header.shape;
    const qint64 item = header.dtype.itemSize;
    if (item > maxBytes || item <= 0)
        return {};
    for (int k = 0; k < n; ++k) {
        const int axis = memoryAxis(header, k);
        // Bytes of one step along this axis: everything inside it, whole.
        qint64 inner = item;
        bool overflow = false;
        for (int j = k + 1; j < n && !overflow; ++j)
            overflow = !checkedMul(inner, header.shape[memoryAxis(header, j)], &inner);
        if (k < fixedAxes) {
            box[axis] = 1;
            continue;
        }
        if (overflow || inner > maxBytes) {
            box[axis] = 1;
            continue;
        }
        box[axis] = std::min(header.shape[axis], maxBytes / inner);
        break;
    }
    return box;
}

Result<NpyArray> loadLeadingBox(const Source &source, int index, const QList<qint64> &box, const Progress &progress)
{
    if (index < 0 || index >= source.members().size())
        return Result<NpyArray>::failure(Tr::tr("%1: no member %2").arg(source.path()).arg(index));
    const MemberInfo &m = source.members()[index];
    const QString where = whereOf(source, index);
    if (!m.isArray || !m.error.isEmpty())
        return Result<NpyArray>::failure(m.error.isEmpty() ? Tr::tr("%1: not an array").arg(where) : m.error);
    if (m.header.isPickled())
        return Result<NpyArray>::failure(Tr::tr("%1: an object array is not read").arg(where));
    const NpyHeader &full = m.header;
    const int n = int(full.shape.size());
    // A leading box: outermost axes of length 1, then one axis cut anywhere, then every axis inside it whole.
    bool valid = box.size() == n;
    int cutAt = -1;
    for (int k = n - 1; k >= 0 && valid; --k) {
        const int axis = memoryAxis(full, k);
        if (cutAt < 0) {
            if (box[axis] != full.shape[axis]) {
                cutAt = k;
                valid = box[axis] >= 0 && box[axis] < full.shape[axis];
            }
        } else {
            valid = box[axis] == std::min<qint64>(1, full.shape[axis]);
        }
    }
    NpyHeader header = full;
    header.shape = box;
    header.dataOffset = 0;
    if (!valid || !arraySize(box, full.dtype.itemSize, &header.elementCount, &header.dataBytes)
        || header.dataBytes > full.dataBytes)
        return Result<NpyArray>::failure(Tr::tr("%1: %2 is not a leading box of shape %3")
                                             .arg(where, pyTupleRepr(box), full.shapeText()));
    QByteArray bytes;
    bytes.reserve(qsizetype(header.dataBytes));
    const Status read = source.readDataRange(
        index, 0, header.dataBytes,
        [&](const uchar *data, qint64 size) {
            const qint64 take = std::min(size, header.dataBytes - bytes.size());
            bytes.append(reinterpret_cast<const char *>(data), qsizetype(take));
            return bytes.size() < header.dataBytes;
        },
        progress);
    if (!read.ok())
        return Result<NpyArray>::failure(read.error());
    if (bytes.size() != header.dataBytes)
        return Result<NpyArray>::failure(Tr::tr("%1: the data ends after %2 of the %3 bytes asked for")
                                             .arg(where)
                                             .arg(bytes.size())
                                             .arg(header.dataBytes));
    return NpyArray(std::move(header), std::move(bytes));
}

Result<NpyArray> loadRows(const Source &source, int index, int rowAxis, const QList<qint64> &rows, qint64 maxBytes)
{
    if (index < 0 || index >= source.members().size())
        return Result<NpyArray>::failure(Tr::tr("%1: no member %2").arg(source.path()).arg(index));
    const MemberInfo &m = source.members()[index];
    const QString where = whereOf(source, index);
    if (!m.isArray || !m.error.isEmpty() || m.header.isPickled())
        return Result<NpyArray>::failure(m.error.isEmpty() ? Tr::tr("%1: not an array that can be read").arg(where)
                                                           : m.error);
    const NpyHeader &full = m.header;
    const int n = int(full.shape.size());
    if (full.fortranOrder || rowAxis < 0 || rowAxis >= n)
        return Result<NpyArray>::failure(Tr::tr("%1: rows of axis %2 cannot be read alone").arg(where).arg(rowAxis));
    NpyHeader header = full;
    header.dataOffset = 0;
    for (int axis = 0; axis < rowAxis; ++axis)
        header.shape[axis] = std::min<qint64>(1, full.shape[axis]);
    header.shape[rowAxis] = rows.size();
    qint64 rowBytes = full.dtype.itemSize;
    bool ok = true;
    for (int axis = rowAxis + 1; axis < n && ok; ++axis)
        ok = checkedMul(rowBytes, full.shape[axis], &rowBytes);
    for (qsizetype i = 0; i < rows.size() && ok; ++i)
        ok = rows[i] >= 0 && rows[i] < full.shape[rowAxis] && (i == 0 || rows[i] > rows[i - 1]);
    if (!ok || !arraySize(header.shape, full.dtype.itemSize, &header.elementCount, &header.dataBytes)
        || header.dataBytes > maxBytes)
        return Result<NpyArray>::failure(Tr::tr("%1: %2 rows of axis %3 cannot be read within %4 bytes")
                                             .arg(where)
                                             .arg(rows.size())
                                             .arg(rowAxis)
                                             .arg(maxBytes));
    QByteArray bytes;
    bytes.reserve(qsizetype(header.dataBytes));
    for (const qint64 row : rows) {
        const qint64 from = row * rowBytes;
        const qint64 before = bytes.size();
        const Status read = source.readDataRange(index, from, from + rowBytes, [&](const uchar *data, qint64 size) {
            const qint64 take = std::min(size, before + rowBytes - bytes.size());
            bytes.append(reinterpret_cast<const char *>(data), qsizetype(take));
            return bytes.size() < before + rowBytes;
        });
        if (!read.ok())
            return Result<NpyArray>::failure(read.error());
        if (bytes.size() != before + rowBytes)
            return Result<NpyArray>::failure(Tr::tr("%1: the data ends inside row %2").arg(where).arg(row));
    }
    return NpyArray(std::move(header), std::move(bytes));
}

} // namespace npy
