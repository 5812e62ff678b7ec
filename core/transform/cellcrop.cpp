#include "cellcrop.h"

#include "npyheader.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::CellCrop)
};

using R = Result<NpyArray>;
using Span = std::pair<qint64, qint64>; // first column, one past the last

/** The selected columns of \a row, merged and in order. */
std::vector<Span> spansOf(const QList<CellRange> &ranges, qint64 row)
{
    std::vector<Span> spans;
    for (const CellRange &r : ranges) {
        if (row >= r.row && row < r.row + r.rows)
            spans.emplace_back(r.col, r.col + r.cols);
    }
    std::sort(spans.begin(), spans.end());
    std::vector<Span> merged;
    for (const Span &s : spans) {
        if (!merged.empty() && s.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, s.second);
        else
            merged.push_back(s);
    }
    return merged;
}

} // namespace

Result<NpyArray> cropCells(const NpyArray &array, const SliceSpec &spec, const QList<CellRange> &ranges,
                           qint64 maxBytes, const Progress &progress)
{
    if (array.isNull() || !spec.isValidFor(array.header()))
        return R::failure(Tr::tr("the slice does not fit the array"));
    if (ranges.isEmpty())
        return R::failure(Tr::tr("select the cells first"));
    const SliceLayout layout = SliceLayout::create(array, spec);
    qint64 top = layout.rows;
    qint64 left = layout.cols;
    qint64 bottom = 0;
    qint64 right = 0;
    for (const CellRange &r : ranges) {
        if (r.rows < 1 || r.cols < 1 || r.row < 0 || r.col < 0 || r.row > layout.rows - r.rows
            || r.col > layout.cols - r.cols)
            return R::failure(Tr::tr("the selection lies outside the slice"));
        top = std::min(top, r.row);
        left = std::min(left, r.col);
        bottom = std::max(bottom, r.row + r.rows);
        right = std::max(right, r.col + r.cols);
    }
    const qint64 rows = bottom - top;
    const qint64 cols = right - left;
    // One rectangle when the cells fill their bounding box.
    qint64 cells = 0;
    bool rectangle = ranges.size() == 1;
    if (rectangle) {
        cells = rows * cols;
    } else {
        for (qint64 row = top; row < bottom; ++row) {
            if (progress.cancelled())
                return R::failure(Tr::tr("Cancelled."));
            for (const Span &s : spansOf(ranges, row))
                cells += s.second - s.first;
        }
        rectangle = cells == rows * cols;
    }
    NpyHeader h;
    const bool records = layout.fieldColumns;
    if (records) {
        if (!rectangle || left != 0 || cols != layout.cols)
            return R::failure(Tr::tr("select whole records (every column) of a record array"));
        h.dtype = array.dtype();
        h.shape = {rows};
    } else {
        h.dtype = layout.leaf(0).type;
        if (!rectangle)
            h.shape = {cells};
        else if (spec.colAxis >= 0)
            h.shape = {rows, cols};
        else if (spec.rowAxis >= 0)
            h.shape = {rows};
    }
    if (!arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes) || h.dataBytes > maxBytes)
        return R::failure(Tr::tr("the selection would take more than the %1 bytes a new member may take in memory")
                              .arg(maxBytes));
    QByteArray bytes;
    try {
        bytes.resize(qsizetype(h.dataBytes));
    } catch (const std::bad_alloc &) {
        return R::failure(Tr::tr("not enough memory for %1 bytes").arg(h.dataBytes));
    }
    uchar *dst = reinterpret_cast<uchar *>(bytes.data());
    const uchar *src = array.data();
    const size_t size = size_t(h.dtype.itemSize);
    for (qint64 row = top; row < bottom; ++row) {
        if (progress.cancelled())
            return R::failure(Tr::tr("Cancelled."));
        if (records) {
            std::memcpy(dst, src + layout.base + row * layout.rowStride, size);
            dst += size;
            continue;
        }
        const std::vector<Span> spans = rectangle ? std::vector<Span>{{left, right}} : spansOf(ranges, row);
        for (const Span &s : spans) {
            for (qint64 col = s.first; col < s.second; ++col, dst += size)
                std::memcpy(dst, src + layout.offset(row, col), size);
        }
        if (progress.report)
            progress.report(row - top + 1, rows);
    }
    return NpyArray(h, std::move(bytes));
}

} // namespace npy
