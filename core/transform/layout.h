#pragma once

// How NumPy's views lie in memory: np.transpose and np.reshape as NumPy 1.24 decides them (a view or
// a copy, and which flags the result has), on shapes and strides counted in elements.

#include "result.h"

#include <QList>

namespace npy {

/** A memory order, as NumPy's order= argument names them. */
enum class MemoryOrder { C, F };

/**
 * The elements of a view of a buffer: its shape and, per axis, how many elements apart its
 * neighbours lie in the buffer (never negative: transposes and reshapes of a dense buffer only).
 * The view starts at the buffer's first element.
 */
struct Layout
{
    QList<qint64> shape;
    QList<qint64> strides;

    /** The dense layout of \a shape in \a order (C: last axis fastest). */
    [[nodiscard]] static Layout contiguous(const QList<qint64> &shape, MemoryOrder order);
    [[nodiscard]] qint64 ndim() const { return shape.size(); }
    /** The number of elements (1 for 0-d). */
    [[nodiscard]] qint64 size() const;
    /** NumPy's C_CONTIGUOUS flag (axes of length 1 ignored; an empty array is both C and F). */
    [[nodiscard]] bool isCContiguous() const;
    /** NumPy's F_CONTIGUOUS flag. */
    [[nodiscard]] bool isFContiguous() const;
    /** The axes in reverse order: iterating it in C order visits this layout in Fortran order. */
    [[nodiscard]] Layout reversed() const;
    /** The buffer index of the element at \a index (one entry per axis). */
    [[nodiscard]] qint64 offsetOf(const QList<qint64> &index) const;

    friend bool operator==(const Layout &a, const Layout &b) { return a.shape == b.shape && a.strides == b.strides; }
};

/**
 * `np.transpose(a, axes)`: \a axes a permutation of the axes (negative ones count from the end);
 * empty reverses them. Fails with NumPy's words on axes that do not fit.
 */
[[nodiscard]] Result<Layout> transposeLayout(const Layout &in, const QList<qint64> &axes);

/**
 * \a shape with its one -1 replaced so that it holds \a size elements, as np.reshape resolves it;
 * fails with NumPy's words ("cannot reshape array of size 6 into shape (4,)").
 */
[[nodiscard]] Result<QList<qint64>> resolveShape(const QList<qint64> &shape, qint64 size);

/**
 * `np.reshape(a, shape, order)` when NumPy answers with a view: true with the view in \a out;
 * false when NumPy copies (then the result is the elements read in \a order, laid out densely in
 * \a order). \a shape must be resolved (resolveShape()) and hold in's size.
 */
[[nodiscard]] bool reshapeView(const Layout &in, const QList<qint64> &shape, MemoryOrder order, Layout *out);

/** The multi-index of the element at \a flat of \a shape counted in \a order. */
[[nodiscard]] QList<qint64> unravelIndex(qint64 flat, const QList<qint64> &shape, MemoryOrder order);

/** An index as NumPy prints one: "(2, 3)", "(4,)", "()". */
[[nodiscard]] QString indexText(const QList<qint64> &index);

} // namespace npy
