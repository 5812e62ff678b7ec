#include "layout.h"

#include "checkedmath.h"

#include <QCoreApplication>
#include <QStringList>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Layout)
};

QString shapeText(const QList<qint64> &shape)
{
    return indexText(shape);
}

} // namespace

Layout Layout::contiguous(const QList<qint64> &shape, MemoryOrder order)
{
    Layout l;
    l.shape = shape;
    l.strides.resize(shape.size());
    qint64 step = 1;
    if (order == MemoryOrder::C) {
        for (qsizetype i = shape.size() - 1; i >= 0; --i) {
            l.strides[i] = step;
            step *= std::max<qint64>(shape[i], 1);
        }
    } else {
        for (qsizetype i = 0; i < shape.size(); ++i) {
            l.strides[i] = step;
            step *= std::max<qint64>(shape[i], 1);
        }
    }
    return l;
}

qint64 Layout::size() const
{
    qint64 n = 1;
    for (qint64 d : shape)
        n *= d;
    return n;
}

bool Layout::isCContiguous() const
{
    for (qint64 d : shape)
        if (d == 0)
            return true;
    qint64 step = 1;
    for (qsizetype i = shape.size() - 1; i >= 0; --i) {
        if (shape[i] != 1) {
            if (strides[i] != step)
                return false;
            step *= shape[i];
        }
    }
    return true;
}

bool Layout::isFContiguous() const
{
    for (qint64 d : shape)
        if (d == 0)
            return true;
    qint64 step = 1;
    for (qsizetype i = 0; i < shape.size(); ++i) {
        if (shape[i] != 1) {
            if (strides[i] != step)
                return false;
            step *= shape[i];
        }
    }
    return true;
}

Layout Layout::reversed() const
{
    Layout l;
    for (qsizetype i = shape.size() - 1; i >= 0; --i) {
        l.shape.append(shape[i]);
        l.strides.append(strides[i]);
    }
    return l;
}

qint64 Layout::offsetOf(const QList<qint64> &index) const
{
    qint64 off = 0;
    for (qsizetype i = 0; i < index.size() && i < strides.size(); ++i)
        off += index[i] * strides[i];
    return off;
}

Result<Layout> transposeLayout(const Layout &in, const QList<qint64> &axes)
{
    using R = Result<Layout>;
    const qint64 n = in.ndim();
    if (axes.isEmpty())
        return in.reversed();
    if (axes.size() != n)
        return R::failure(Tr::tr("axes don't match array"));
    QList<bool> seen(n, false);
    Layout out;
    for (qint64 a : axes) {
        if (a < -n || a >= n)
            return R::failure(Tr::tr("axis %1 is out of bounds for array of dimension %2").arg(a).arg(n));
        const qint64 axis = a < 0 ? a + n : a;
        if (seen[axis])
            return R::failure(Tr::tr("repeated axis in transpose"));
        seen[axis] = true;
        out.shape.append(in.shape[axis]);
        out.strides.append(in.strides[axis]);
    }
    return out;
}

Result<QList<qint64>> resolveShape(const QList<qint64> &shape, qint64 size)
{
    using R = Result<QList<qint64>>;
    qsizetype unknown = -1;
    qint64 known = 1;
    bool overflow = false;
    for (qsizetype i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (unknown >= 0)
                return R::failure(Tr::tr("can only specify one unknown dimension"));
            unknown = i;
        } else if (shape[i] < 0) {
            return R::failure(Tr::tr("negative dimensions not allowed"));
        } else if (!checkedMul(known, shape[i], &known)) {
            overflow = true;
        }
    }
    if (overflow)
        return R::failure(Tr::tr("maximum supported dimension for an ndarray is exceeded by shape %1")
                              .arg(shapeText(shape)));
    QList<qint64> out = shape;
    if (unknown >= 0) {
        if (known == 0 || size % known != 0)
            return R::failure(Tr::tr("cannot reshape array of size %1 into shape %2").arg(size).arg(shapeText(shape)));
        out[unknown] = size / known;
    } else if (known != size) {
        return R::failure(Tr::tr("cannot reshape array of size %1 into shape %2").arg(size).arg(shapeText(shape)));
    }
    return out;
}

bool reshapeView(const Layout &in, const QList<qint64> &shape, MemoryOrder order, Layout *out)
{
    // PyArray_Newshape: the same shape is a plain view.
    if (shape == in.shape) {
        *out = in;
        return true;
    }
    const bool fOrder = order == MemoryOrder::F;
    if ((!fOrder && in.isCContiguous()) || (fOrder && in.isFContiguous())) {
        *out = Layout::contiguous(shape, shape.size() > 1 ? order : MemoryOrder::C);
        return true;
    }
    // _attempt_nocopy_reshape: axes of length 1 dropped, then groups of old axes that hold the same
    // elements as groups of new axes must be contiguous in the order read.
    QList<qint64> oldDims;
    QList<qint64> oldStrides;
    for (qsizetype i = 0; i < in.shape.size(); ++i) {
        if (in.shape[i] != 1) {
            oldDims.append(in.shape[i]);
            oldStrides.append(in.strides[i]);
        }
    }
    const qsizetype newNd = shape.size();
    const qsizetype oldNd = oldDims.size();
    QList<qint64> newStrides(newNd, 0);
    qsizetype oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < newNd && oi < oldNd) {
        qint64 np = shape[ni];
        qint64 op = oldDims[oi];
        while (np != op) {
            if (np < op) {
                if (nj >= newNd)
                    return false;
                np *= shape[nj++];
            } else {
                if (oj >= oldNd)
                    return false;
                op *= oldDims[oj++];
            }
        }
        for (qsizetype ok = oi; ok < oj - 1; ++ok) {
            if (fOrder ? oldStrides[ok + 1] != oldDims[ok] * oldStrides[ok]
                       : oldStrides[ok] != oldDims[ok + 1] * oldStrides[ok + 1])
                return false;
        }
        if (fOrder) {
            newStrides[ni] = oldStrides[oi];
            for (qsizetype nk = ni + 1; nk < nj; ++nk)
                newStrides[nk] = newStrides[nk - 1] * shape[nk - 1];
        } else {
            newStrides[nj - 1] = oldStrides[oj - 1];
            for (qsizetype nk = nj - 1; nk > ni; --nk)
                newStrides[nk - 1] = newStrides[nk] * shape[nk];
        }
        ni = nj++;
        oi = oj++;
    }
    // The new shape's trailing axes of length 1.
    qint64 last = ni >= 1 ? newStrides[ni - 1] : 1;
    if (fOrder && ni >= 1)
        last *= shape[ni - 1];
    for (qsizetype nk = ni; nk < newNd; ++nk)
        newStrides[nk] = last;
    out->shape = shape;
    out->strides = newStrides;
    return true;
}

QList<qint64> unravelIndex(qint64 flat, const QList<qint64> &shape, MemoryOrder order)
{
    QList<qint64> index(shape.size(), 0);
    if (order == MemoryOrder::C) {
        for (qsizetype i = shape.size() - 1; i >= 0; --i) {
            if (shape[i] > 0) {
                index[i] = flat % shape[i];
                flat /= shape[i];
            }
        }
    } else {
        for (qsizetype i = 0; i < shape.size(); ++i) {
            if (shape[i] > 0) {
                index[i] = flat % shape[i];
                flat /= shape[i];
            }
        }
    }
    return index;
}

QString indexText(const QList<qint64> &index)
{
    QStringList parts;
    for (qint64 i : index)
        parts << QString::number(i);
    if (index.size() == 1)
        return QStringLiteral("(%1,)").arg(parts.first());
    return QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

} // namespace npy
