#pragma once

#include <QWidget>

class QScrollBar;
class QTableView;

namespace npyw {

class WindowedTableModel;

/**
 * A QTableView over an WindowedTableModel with its own 64-bit scrolling.
 *
 * The table's own scroll bars are hidden; the two scroll bars shown are mapped onto the whole
 * slice (scaled when it has more than INT_MAX rows or columns). When the visible part comes near
 * an edge of the model's window, the window moves (WindowedTableModel::setOffsets()) and the view,
 * its selection and its current cell move back by the same amount, so the user sees smooth
 * scrolling over billions of rows while QHeaderView only ever holds the window. Sections have
 * fixed sizes (no per-row measuring).
 */
class HugeTableView : public QWidget
{
    Q_OBJECT

public:
    explicit HugeTableView(QWidget *parent = nullptr);

    void setModel(WindowedTableModel *model);
    [[nodiscard]] WindowedTableModel *model() const { return mModel; }
    [[nodiscard]] QTableView *view() const { return mView; }
    [[nodiscard]] QScrollBar *verticalBar() const { return mBars[1]; }
    [[nodiscard]] QScrollBar *horizontalBar() const { return mBars[0]; }

    /** The first visible row and column of the slice (64-bit). */
    [[nodiscard]] qint64 firstVisibleRow() const;
    [[nodiscard]] qint64 firstVisibleColumn() const;
    /**
     * Scrolls so that slice cell (\a row, \a column) is visible and makes it current: the selection
     * becomes that cell, or with \a extend the rectangle from the previous current cell to it.
     */
    void goTo(qint64 row, qint64 column, bool extend = false);
    /** The current cell in slice coordinates ({-1,-1} when none). */
    [[nodiscard]] QPair<qint64, qint64> currentCell() const;

signals:
    /** The current cell (slice coordinates) changed. */
    void currentCellChanged(qint64 row, qint64 column);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Axis
    {
        qint64 total = 0;     ///< rows (or columns) of the whole slice
        qint64 position = 0;  ///< the first visible one
        qint64 maxPosition = 0;
        qint64 scale = 1;     ///< slice units per outer scroll bar step
    };
    void reset();
    void updateGeometry(int o);
    void innerMoved(int o, int value);
    void outerMoved(int o, int value);
    void scrollTo(int o, qint64 position);
    void shiftWindow(qint64 rowOffset, qint64 columnOffset);
    void syncOuter(int o);
    [[nodiscard]] QScrollBar *inner(int o) const;
    [[nodiscard]] qint64 offset(int o) const;
    [[nodiscard]] int windowCount(int o) const;

    QTableView *mView;
    QScrollBar *mBars[2];
    Axis mAxes[2]; // 0 horizontal (columns), 1 vertical (rows)
    WindowedTableModel *mModel = nullptr;
    bool mSyncing = false;
};

} // namespace npyw
