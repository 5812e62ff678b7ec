#pragma once

#include "compare.h"
#include "npyarray.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

namespace npyw {

/**
 * Two arrays of one shape as the compare view shows them: a 2-D slice (a 1-D array is one column;
 * an N-d one shows its last two axes at the indexes `lead` chooses on the others) and the element
 * rule that decides which elements differ. Shared by the two tables and the heatmap, so they show
 * the same slice. Elements are named by their logical C-order flat index in the whole array.
 */
struct ComparePair
{
    npy::NpyArray a;
    npy::NpyArray b;
    std::optional<npy::ElementComparator> comparator;
    /** The index on each leading axis (all but the last two) of an N-d array. */
    QList<qint64> lead;
    qint64 rows = 0;
    qint64 cols = 0;

    /** Sets the arrays (same shape; null arrays for none) and the first slice; the comparator is set apart. */
    void setArrays(const npy::NpyArray &arrayA, const npy::NpyArray &arrayB);
    /** Elements in the whole array. */
    [[nodiscard]] qint64 total() const { return rows > 0 && cols > 0 ? a.size() : 0; }
    /** The flat index of cell (\a row, \a col) of the current slice. */
    [[nodiscard]] qint64 flatAt(qint64 row, qint64 col) const { return sliceBase() + row * cols + col; }
    /** The flat index of the slice's first element. */
    [[nodiscard]] qint64 sliceBase() const;
    /** Shows the slice holding element \a flat; its cell is then \a row, \a col. */
    void showSliceOf(qint64 flat, qint64 *row, qint64 *col);
    /** True when the logical C-order element \a flat differs (false without a comparator). */
    [[nodiscard]] bool differs(qint64 flat) const;
    /** The element \a flat of side A or B as NumPy prints it. */
    [[nodiscard]] QString text(bool sideA, qint64 flat) const;
    /** The logical multi-index of element \a flat. */
    [[nodiscard]] QList<qint64> index(qint64 flat) const { return npy::unravelIndex(flat, a.shape()); }
};

/**
 * One side (A or B) of a ComparePair as a table: DisplayRole is the side's value, BackgroundRole
 * marks differing cells, ToolTipRole gives both values and A - B. refresh() repaints after the
 * pair or its tolerances changed.
 */
class CompareTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    CompareTableModel(std::shared_ptr<const ComparePair> pair, bool sideA, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** The colour of differing cells. */
    static QColor differenceColor();
    /** Starts over with the pair's current contents (shape, values, rule). */
    void refresh();
    /** The cell of element \a flat. */
    [[nodiscard]] QModelIndex indexOfFlat(qint64 flat) const;
    /** The element of \a index (-1 when invalid). */
    [[nodiscard]] qint64 flatOf(const QModelIndex &index) const;

private:
    std::shared_ptr<const ComparePair> mPair;
    bool mSideA;
};

} // namespace npyw
