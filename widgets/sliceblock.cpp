#include "sliceblock.h"

#include "dtype.h"
#include "export.h"

#include <QCoreApplication>

#include <cstring>

namespace npyw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npyw::SliceBlock", text);
}

bool recordsShown(const npy::NpyArray &array, const SliceSpec &spec)
{
    return array.dtype().kind == npy::Kind::Struct && spec.field < 0;
}

} // namespace

CellRange wholeSlice(const npy::NpyArray &array, const SliceSpec &spec)
{
    const QList<qint64> &shape = array.shape();
    CellRange r;
    r.rows = spec.rowAxis >= 0 && spec.rowAxis < shape.size() ? shape[spec.rowAxis] : 1;
    r.cols = !recordsShown(array, spec) && spec.colAxis >= 0 && spec.colAxis < shape.size() ? shape[spec.colAxis] : 1;
    return r;
}

npy::Result<npy::NpyArray> sliceBlock(const npy::NpyArray &array, const SliceSpec &spec, const CellRange &block)
{
    using R = npy::Result<npy::NpyArray>;
    const npy::NpyHeader &h = array.header();
    if (array.isNull() || !spec.isValidFor(h))
        return R::failure(tr("no slice to export"));
    if (h.isPickled())
        return R::failure(tr("object arrays cannot be exported as CSV"));
    const bool records = recordsShown(array, spec);
    npy::DType type = h.dtype;
    qint64 leafOffset = 0;
    if (h.dtype.kind == npy::Kind::Struct && spec.field >= 0) {
        const npy::LeafColumn leaf = npy::leafColumns(h.dtype).value(spec.field);
        type = leaf.type;
        leafOffset = leaf.offset;
    }
    const CellRange all = wholeSlice(array, spec);
    const qint64 row = qBound<qint64>(0, block.row, all.rows);
    const qint64 col = records ? 0 : qBound<qint64>(0, block.col, all.cols);
    const qint64 rows = qBound<qint64>(0, block.rows, all.rows - row);
    const qint64 cols = records ? qMin<qint64>(1, all.cols) : qBound<qint64>(0, block.cols, all.cols - col);
    if (rows <= 0 || cols <= 0)
        return R::failure(tr("the selection is empty"));
    const qint64 itemSize = type.itemSize;
    if (itemSize <= 0 || rows > (qint64(1) << 40) / cols || rows * cols > (qint64(1) << 40) / itemSize
        || rows * cols * itemSize > (qint64(1) << 31) - 64)
        return R::failure(tr("the selection is too large to export"));

    npy::NpyHeader out;
    out.dtype = type;
    if (spec.rowAxis < 0)
        out.shape = {};
    else if (spec.colAxis < 0 || records)
        out.shape = {rows};
    else
        out.shape = {rows, cols};
    out.elementCount = rows * cols;
    out.dataBytes = out.elementCount * itemSize;

    QByteArray bytes(out.dataBytes, Qt::Uninitialized);
    char *dst = bytes.data();
    QList<qint64> index = spec.index;
    const uchar *base = array.data();
    for (qint64 r = 0; r < rows; ++r) {
        if (spec.rowAxis >= 0)
            index[spec.rowAxis] = row + r;
        for (qint64 c = 0; c < cols; ++c) {
            if (spec.colAxis >= 0 && !records)
                index[spec.colAxis] = col + c;
            std::memcpy(dst, base + array.offsetOf(index) + leafOffset, size_t(itemSize));
            dst += itemSize;
        }
    }
    return npy::NpyArray(out, bytes);
}

npy::Status exportSliceCsv(const npy::NpyArray &array, const SliceSpec &spec, const CellRange &block,
                           const QString &path)
{
    npy::Result<npy::NpyArray> b = sliceBlock(array, spec, block);
    if (!b)
        return npy::Status::failure(QStringLiteral("%1: %2").arg(path, b.error()));
    return npy::exportCsv(b.value(), path);
}

} // namespace npyw
