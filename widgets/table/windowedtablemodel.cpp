#include "windowedtablemodel.h"

namespace npyw {

void WindowedTableModel::setExtent(qint64 rows, qint64 columns)
{
    mTotalRows = qMax<qint64>(0, rows);
    mTotalCols = qMax<qint64>(0, columns);
    mRowOffset = qBound<qint64>(0, mRowOffset, qMax<qint64>(0, mTotalRows - kWindow));
    mColOffset = qBound<qint64>(0, mColOffset, qMax<qint64>(0, mTotalCols - kWindow));
}

void WindowedTableModel::setOffsets(qint64 rowOffset, qint64 columnOffset)
{
    rowOffset = qBound<qint64>(0, rowOffset, qMax<qint64>(0, mTotalRows - kWindow));
    columnOffset = qBound<qint64>(0, columnOffset, qMax<qint64>(0, mTotalCols - kWindow));
    if (rowOffset == mRowOffset && columnOffset == mColOffset)
        return;
    const bool rowsMoved = rowOffset != mRowOffset;
    const bool colsMoved = columnOffset != mColOffset;
    mRowOffset = rowOffset;
    mColOffset = columnOffset;
    // Same counts, new contents: no reset, so headers keep their (fixed) layout.
    if (rowCount() > 0 && columnCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (rowsMoved && rowCount() > 0)
        emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
    if (colsMoved && columnCount() > 0)
        emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

int WindowedTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin(mTotalRows, kWindow));
}

int WindowedTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(qMin(mTotalCols, kWindow));
}

} // namespace npyw
