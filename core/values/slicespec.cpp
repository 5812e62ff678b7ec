#include "slicespec.h"

#include "dtype.h"
#include "picturelayout.h"

#include <QCoreApplication>

#include <cstring>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Slice", text);
}

bool recordsShown(const NpyArray &array, const SliceSpec &spec)
{
    return array.dtype().kind == Kind::Struct && spec.field < 0;
}

} // namespace

SliceSpec SliceSpec::defaultFor(const NpyHeader &header)
{
    SliceSpec s;
    const int n = int(header.shape.size());
    s.index = QList<qint64>(n, 0);
    const bool isStruct = header.dtype.kind == Kind::Struct;
    if (n == 0)
        return s;
    if (n == 1 || isStruct) {
        s.rowAxis = 0;
        return s;
    }
    // A colour picture (H x W x 3, 3 x H x W, stacks of them) shows its rows and columns, one channel at a time.
    const PictureLayout picture = pictureLayout(header);
    s.rowAxis = picture.rowAxis;
    s.colAxis = picture.colAxis;
    return s;
}

bool SliceSpec::isValidFor(const NpyHeader &header) const
{
    const int n = int(header.shape.size());
    if (index.size() != n)
        return false;
    if (rowAxis < -1 || rowAxis >= n || colAxis < -1 || colAxis >= n)
        return false;
    if (n > 0 && rowAxis < 0)
        return false;
    if (rowAxis >= 0 && rowAxis == colAxis)
        return false;
    for (int i = 0; i < n; ++i) {
        if (i == rowAxis || i == colAxis)
            continue;
        if (index[i] < 0 || index[i] >= qMax<qint64>(1, header.shape[i]))
            return false;
    }
    const bool isStruct = header.dtype.kind == Kind::Struct;
    if (field >= 0 && (!isStruct || field >= leafColumns(header.dtype).size()))
        return false;
    if (isStruct && field < 0 && colAxis >= 0)
        return false;
    return true;
}

SliceLayout SliceLayout::create(const NpyArray &array, const SliceSpec &spec)
{
    SliceLayout l;
    const NpyHeader &header = array.header();
    l.columns = leafColumns(header.dtype);
    if (l.columns.isEmpty()) {
        // A record type without fields (only padding): its raw bytes.
        LeafColumn raw;
        raw.type.kind = Kind::Void;
        raw.type.itemSize = header.dtype.itemSize;
        l.columns.append(raw);
    }
    const bool isStruct = header.dtype.kind == Kind::Struct;
    if (isStruct && spec.field >= 0 && spec.field < l.columns.size())
        l.columns = {l.columns.at(spec.field)};
    const QList<qint64> strides = array.strides();
    for (int axis = 0; axis < strides.size(); ++axis) {
        if (axis != spec.rowAxis && axis != spec.colAxis)
            l.base += spec.index.value(axis) * strides[axis];
    }
    l.rows = spec.rowAxis >= 0 ? header.shape.value(spec.rowAxis) : 1;
    if (spec.rowAxis >= 0)
        l.rowStride = strides.value(spec.rowAxis);
    if (isStruct && spec.field < 0) {
        l.fieldColumns = true;
        l.cols = l.columns.size();
    } else if (spec.colAxis >= 0) {
        l.cols = header.shape.value(spec.colAxis);
        l.colStride = strides.value(spec.colAxis);
    } else {
        l.cols = 1;
    }
    if (array.size() == 0)
        l.rows = 0; // nothing to show, and no fixed index may point into an empty axis
    return l;
}

QList<qint64> unravelIndex(qint64 flat, const QList<qint64> &shape)
{
    QList<qint64> index(shape.size(), 0);
    for (qsizetype a = shape.size() - 1; a >= 0; --a) {
        if (shape[a] <= 0)
            continue;
        index[a] = flat % shape[a];
        flat /= shape[a];
    }
    return index;
}

qint64 ravelIndex(const QList<qint64> &index, const QList<qint64> &shape)
{
    qint64 flat = 0;
    for (qsizetype a = 0; a < shape.size(); ++a)
        flat = flat * shape[a] + index.value(a);
    return flat;
}

bool parseSliceText(const QString &text, const QList<qint64> &shape, SliceSpec *spec, SliceTextError *error)
{
    error->syntax = false;
    const QStringList parts = text.split(QLatin1Char(','));
    QList<qint64> index;
    QList<int> free;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString p = parts[i].trimmed();
        if (p == QLatin1String(":")) {
            free << int(i);
            index << 0;
            continue;
        }
        bool ok = false;
        const qint64 v = p.toLongLong(&ok);
        if (!ok) {
            error->syntax = true;
            error->why = tr("--slice: '%1' is neither an index nor ':'").arg(p);
            return false;
        }
        index << v;
    }
    if (free.isEmpty() || free.size() > 2) {
        error->syntax = true;
        error->why = tr("--slice needs one or two ':' entries, got %1").arg(free.size());
        return false;
    }
    if (parts.size() != shape.size()) {
        error->why = tr("--slice has %1 entries but the array has %2 axes, shape %3")
                         .arg(parts.size())
                         .arg(shape.size())
                         .arg(pyTupleRepr(shape));
        return false;
    }
    for (int i = 0; i < shape.size(); ++i) {
        if (free.contains(i))
            continue;
        qint64 v = index[i];
        if (v < 0)
            v += shape[i];
        if (v < 0 || v >= shape[i]) {
            error->why =
                tr("--slice index %1 is out of range for axis %2 with size %3").arg(index[i]).arg(i).arg(shape[i]);
            return false;
        }
        index[i] = v;
    }
    spec->rowAxis = free[0];
    spec->colAxis = free.size() > 1 ? free[1] : -1;
    spec->index = index;
    return true;
}

CellRange wholeSlice(const NpyArray &array, const SliceSpec &spec)
{
    const QList<qint64> &shape = array.shape();
    CellRange r;
    r.rows = spec.rowAxis >= 0 && spec.rowAxis < shape.size() ? shape[spec.rowAxis] : 1;
    r.cols = !recordsShown(array, spec) && spec.colAxis >= 0 && spec.colAxis < shape.size() ? shape[spec.colAxis] : 1;
    return r;
}

Result<NpyArray> sliceBlock(const NpyArray &array, const SliceSpec &spec, const CellRange &block)
{
    using R = Result<NpyArray>;
    const NpyHeader &h = array.header();
    if (array.isNull() || !spec.isValidFor(h))
        return R::failure(tr("no slice to export"));
    if (h.isPickled())
        return R::failure(tr("object arrays cannot be exported as CSV"));
    const bool records = recordsShown(array, spec);
    DType type = h.dtype;
    qint64 leafOffset = 0;
    if (h.dtype.kind == Kind::Struct && spec.field >= 0) {
        const LeafColumn leaf = leafColumns(h.dtype).value(spec.field);
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

    NpyHeader out;
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
    return NpyArray(out, bytes);
}

} // namespace npy
