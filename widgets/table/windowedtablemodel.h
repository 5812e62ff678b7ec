#pragma once

#include <QAbstractTableModel>

namespace npyw {

/**
 * A table model over a 64-bit extent of rows and columns, exposed through a window of at most kWindow of each:
 * rowCount()/columnCount() are the window, setOffsets() moves it (HugeTableView drives it), so QHeaderView's
 * int pixel limits are never reached. Subclasses set the extent with setExtent() and map a model cell to the
 * whole table with absoluteRow()/absoluteColumn().
 */
class WindowedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    /** The most rows or columns the model exposes at once. */
    static constexpr qint64 kWindow = 1000000;

    using QAbstractTableModel::QAbstractTableModel;

    /** Rows and columns of the whole table (64-bit); rowCount() is the window onto them. */
    [[nodiscard]] qint64 totalRows() const { return mTotalRows; }
    [[nodiscard]] qint64 totalColumns() const { return mTotalCols; }
    [[nodiscard]] qint64 rowOffset() const { return mRowOffset; }
    [[nodiscard]] qint64 columnOffset() const { return mColOffset; }
    /**
     * Moves the window: model row r is table row rowOffset + r. Clamped to the extent. The contents change
     * (dataChanged, headerDataChanged), the counts do not.
     */
    void setOffsets(qint64 rowOffset, qint64 columnOffset);
    [[nodiscard]] qint64 absoluteRow(int row) const { return mRowOffset + row; }
    [[nodiscard]] qint64 absoluteColumn(int column) const { return mColOffset + column; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;

protected:
    /** Sets the whole table's extent and keeps the window's offsets inside it (within a model reset). */
    void setExtent(qint64 rows, qint64 columns);
    /** Puts the window back at the first row and column (within a model reset). */
    void resetWindow() { mRowOffset = mColOffset = 0; }

private:
    qint64 mTotalRows = 0;
    qint64 mTotalCols = 0;
    qint64 mRowOffset = 0;
    qint64 mColOffset = 0;
};

} // namespace npyw
