#pragma once

#include "compare.h"
#include "npyarray.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

namespace npyw {

/**
 * Two arrays of one shape as the compare view shows them: a 2-D grid (a 1-D array is one column,
 * an N-d one has the last axis across and the others flattened down, in C order) and the element
 * rule that decides which cells differ. Shared by the two tables and the heatmap.
 */
struct ComparePair
{
    npy::NpyArray a;
    npy::NpyArray b;
    std::optional<npy::ElementComparator> comparator;
    qint64 rows = 0;
    qint64 cols = 0;

    /** Sets the arrays (same shape) and the grid; the comparator is set apart. */
    void setArrays(const npy::NpyArray &arrayA, const npy::NpyArray &arrayB);
    [[nodiscard]] qint64 size() const { return rows * cols; }
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
