#include "selection.h"

#include "npyheader.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Selection", text);
}

bool parseInt(const QString &text, qint64 *value)
{
    bool ok = false;
    *value = text.trimmed().toLongLong(&ok);
    return ok;
}

/** Python's slice.indices(length) for one bound (clamped, negative from the end). */
qint64 resolveBound(qint64 v, qint64 length, bool negativeStep, bool isStart)
{
    if (v < 0)
        v += length;
    if (negativeStep)
        return std::clamp<qint64>(v, -1, length - 1);
    Q_UNUSED(isStart);
    return std::clamp<qint64>(v, 0, length);
}

/** Where the element at (axis, i) lands along the result's axis, or -1 when not selected. */
qint64 positionOn(const AxisSelection &a, qint64 i)
{
    if (a.isIndex)
        return i == a.index ? 0 : -1;
    const qint64 d = i - a.start;
    if (a.step > 0 ? (i < a.start || i >= a.stop) : (i > a.start || i <= a.stop))
        return -1;
    return d % a.step == 0 ? d / a.step : -1;
}

} // namespace

qint64 AxisSelection::count() const
{
    if (isIndex)
        return 1;
    if (step > 0)
        return stop > start ? (stop - start + step - 1) / step : 0;
    return start > stop ? (start - stop - step - 1) / -step : 0;
}

bool parseBasicIndex(const QString &text, const QList<qint64> &shape, QList<AxisSelection> *axes, QString *why)
{
    axes->clear();
    const QStringList parts = text.trimmed().isEmpty() ? QStringList() : text.split(QLatin1Char(','));
    if (parts.size() > shape.size()) {
        *why = tr("%1 entries for an array of %2 axes").arg(parts.size()).arg(shape.size());
        return false;
    }
    for (qsizetype i = 0; i < shape.size(); ++i) {
        const QString p = i < parts.size() ? parts[i].trimmed() : QStringLiteral(":");
        const qint64 length = shape[i];
        AxisSelection a;
        if (!p.contains(QLatin1Char(':'))) {
            qint64 v = 0;
            if (!parseInt(p, &v)) {
                *why = tr("'%1' is neither an index nor a slice").arg(p);
                return false;
            }
            const qint64 r = v < 0 ? v + length : v;
            if (r < 0 || r >= length) {
                *why = tr("index %1 is out of range for axis %2 with size %3").arg(v).arg(i).arg(length);
                return false;
            }
            a.isIndex = true;
            a.index = r;
            axes->append(a);
            continue;
        }
        const QStringList f = p.split(QLatin1Char(':'));
        if (f.size() > 3) {
            *why = tr("'%1' is not a slice").arg(p);
            return false;
        }
        qint64 step = 1;
        if (f.size() == 3 && !f[2].trimmed().isEmpty() && !parseInt(f[2], &step)) {
            *why = tr("'%1' is not a slice").arg(p);
            return false;
        }
        if (step == 0) {
            *why = tr("slice step cannot be zero");
            return false;
        }
        const bool back = step < 0;
        qint64 start = back ? length - 1 : 0;
        qint64 stop = back ? -1 : length;
        qint64 v = 0;
        if (!f[0].trimmed().isEmpty()) {
            if (!parseInt(f[0], &v)) {
                *why = tr("'%1' is not a slice").arg(p);
                return false;
            }
            start = resolveBound(v, length, back, true);
        }
        if (!f[1].trimmed().isEmpty()) {
            if (!parseInt(f[1], &v)) {
                *why = tr("'%1' is not a slice").arg(p);
                return false;
            }
            stop = resolveBound(v, length, back, false);
        }
        a.start = start;
        a.stop = stop;
        a.step = step;
        axes->append(a);
    }
    return true;
}

Result<NpyArray> selectElements(const Source &source, int index, const QList<AxisSelection> &axes, qint64 maxBytes,
                                const Progress &progress)
{
    using R = Result<NpyArray>;
    if (index < 0 || index >= source.members().size() || !source.members()[index].isArray)
        return R::failure(tr("%1: member %2 is not an array").arg(source.path()).arg(index));
    const NpyHeader &h = source.members()[index].header;
    const int n = int(h.shape.size());
    if (axes.size() != n)
        return R::failure(tr("the selection has %1 axes, the array %2").arg(axes.size()).arg(n));
    // The result: the sliced axes, in order.
    NpyHeader out;
    out.dtype = h.dtype;
    QList<int> kept;
    for (int a = 0; a < n; ++a) {
        if (!axes[a].isIndex) {
            out.shape.append(axes[a].count());
            kept.append(a);
        }
    }
    if (!arraySize(out.shape, h.dtype.itemSize, &out.elementCount, &out.dataBytes) || out.dataBytes > maxBytes)
        return R::failure(tr("the selection holds more than %1 bytes").arg(maxBytes));
    QByteArray bytes(qsizetype(out.dataBytes), '\0');
    const qint64 item = h.dtype.itemSize;
    if (out.elementCount == 0 || item <= 0)
        return NpyArray(out, bytes);

    // File order: the last axis varies fastest (C) or the first (Fortran). Rows are runs along it.
    const bool fortran = h.fortranOrder && n > 1;
    const int inner = n == 0 ? -1 : fortran ? 0 : n - 1;
    const qint64 innerLen = inner < 0 ? 1 : h.shape[inner];
    QList<qint64> outStride(n, 0); // C-order stride of the result, per source axis (0 for indexed axes)
    qint64 s = 1;
    for (qsizetype k = kept.size() - 1; k >= 0; --k) {
        outStride[kept[k]] = s;
        s *= out.shape[k];
    }
    // Only the bytes from the first selected element to the last one (in file order) are read: the
    // lowest and highest index selected on each axis give them, as file order is monotonic in each.
    QList<qint64> lowest(n, 0), highest(n, 0);
    for (int a = 0; a < n; ++a) {
        const AxisSelection &sel = axes[a];
        if (sel.isIndex) {
            lowest[a] = highest[a] = sel.index;
        } else {
            const qint64 far = sel.start + (sel.count() - 1) * sel.step;
            lowest[a] = std::min(sel.start, far);
            highest[a] = std::max(sel.start, far);
        }
    }
    auto flatOf = [&](const QList<qint64> &at) {
        qint64 flat = 0;
        for (int k = 0; k < n; ++k) {
            const int a = fortran ? n - 1 - k : k;
            flat = flat * h.shape[a] + at[a];
        }
        return flat;
    };
    const qint64 firstFlat = flatOf(lowest);
    const qint64 lastFlat = flatOf(highest);

    QList<qint64> rowIndex = lowest; // the multi-index of the current row (inner axis ignored)
    qint64 rowBase = 0;              // its position in the result
    bool rowSelected = false;
    auto selectRow = [&]() {
        rowSelected = true;
        rowBase = 0;
        for (int a = 0; a < n; ++a) {
            if (a == inner)
                continue;
            const qint64 p = positionOn(axes[a], rowIndex[a]);
            if (p < 0) {
                rowSelected = false;
                return;
            }
            rowBase += p * outStride[a];
        }
    };
    auto nextRow = [&]() {
        // Odometer over the outer axes in file order.
        if (fortran) {
            for (int a = 1; a < n; ++a) {
                if (++rowIndex[a] < h.shape[a])
                    break;
                rowIndex[a] = 0;
            }
        } else {
            for (int a = n - 2; a >= 0; --a) {
                if (++rowIndex[a] < h.shape[a])
                    break;
                rowIndex[a] = 0;
            }
        }
        selectRow();
    };
    // The odometer starts at the first selected element: its row, and its place along the inner axis.
    qint64 within = inner < 0 ? 0 : lowest[inner]; // element of the current row
    if (inner >= 0)
        rowIndex[inner] = 0;
    selectRow();
    QByteArray carry;
    char *dst = bytes.data();
    const AxisSelection *innerSel = inner < 0 ? nullptr : &axes[inner];
    auto take = [&](const uchar *p) {
        const qint64 pos = innerSel ? positionOn(*innerSel, within) : 0;
        if (pos >= 0)
            std::memcpy(dst + (rowBase + pos * (inner < 0 ? 0 : outStride[inner])) * item, p, size_t(item));
    };
    auto advance = [&]() {
        if (++within == innerLen) {
            within = 0;
            nextRow();
        }
    };
    const Status st = source.readDataRange(index, firstFlat * item, (lastFlat + 1) * item, [&](const uchar *p, qint64 size) {
        if (!carry.isEmpty()) {
            const qint64 need = std::min<qint64>(item - carry.size(), size);
            carry.append(reinterpret_cast<const char *>(p), qsizetype(need));
            p += need;
            size -= need;
            if (carry.size() < item)
                return true;
            if (rowSelected)
                take(reinterpret_cast<const uchar *>(carry.constData()));
            advance();
            carry.clear();
        }
        while (size >= item) {
            if (!rowSelected) {
                // Skip the rest of a row with nothing selected.
                const qint64 skip = std::min(innerLen - within, size / item);
                p += skip * item;
                size -= skip * item;
                within += skip;
                if (within == innerLen) {
                    within = 0;
                    nextRow();
                }
                continue;
            }
            take(p);
            advance();
            p += item;
            size -= item;
        }
        if (size > 0)
            carry.append(reinterpret_cast<const char *>(p), qsizetype(size));
        return true;
    }, progress);
    if (!st)
        return R::failure(st.error());
    return NpyArray(out, bytes);
}

} // namespace npy
