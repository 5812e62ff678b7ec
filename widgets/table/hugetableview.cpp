#include "hugetableview.h"

#include "windowedtablemodel.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTableView>

namespace npyw {

namespace {

constexpr qint64 kOuterSteps = 1000000000; // outer scroll bar range cap when scaling

} // namespace

HugeTableView::HugeTableView(QWidget *parent) : QWidget(parent), mView(new QTableView(this))
{
    mBars[0] = new QScrollBar(Qt::Horizontal, this);
    mBars[1] = new QScrollBar(Qt::Vertical, this);
    mBars[0]->setObjectName(QStringLiteral("columnScrollBar"));
    mBars[1]->setObjectName(QStringLiteral("rowScrollBar"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(0);
    grid->addWidget(mView, 0, 0);
    grid->addWidget(mBars[1], 0, 1);
    grid->addWidget(mBars[0], 1, 0);
    setFocusProxy(mView);

    mView->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mView->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    mView->setHorizontalScrollMode(QAbstractItemView::ScrollPerItem);
    mView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                           | QAbstractItemView::AnyKeyPressed);
    mView->setWordWrap(false);
    const int rowHeight = fontMetrics().height() + 6;
    mView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mView->verticalHeader()->setDefaultSectionSize(rowHeight);
    mView->verticalHeader()->setMinimumSectionSize(rowHeight);
    mView->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mView->horizontalHeader()->setDefaultSectionSize(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 14);
    mView->installEventFilter(this);

    for (int o = 0; o < 2; ++o) {
        connect(inner(o), &QScrollBar::rangeChanged, this, [this, o]() { updateGeometry(o); });
        connect(inner(o), &QScrollBar::valueChanged, this, [this, o](int v) { innerMoved(o, v); });
        connect(mBars[o], &QScrollBar::valueChanged, this, [this, o](int v) { outerMoved(o, v); });
        mBars[o]->hide();
    }
}

void HugeTableView::setModel(WindowedTableModel *model)
{
    if (mModel)
        mModel->disconnect(this);
    mModel = model;
    mView->setModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::modelReset, this, &HugeTableView::reset);
        connect(mView->selectionModel(), &QItemSelectionModel::currentChanged, this,
                [this](const QModelIndex &current) {
                    if (current.isValid() && !mSyncing)
                        emit currentCellChanged(mModel->absoluteRow(current.row()),
                                                mModel->absoluteColumn(current.column()));
                });
    }
    reset();
}

QScrollBar *HugeTableView::inner(int o) const
{
    return o == 1 ? mView->verticalScrollBar() : mView->horizontalScrollBar();
}

qint64 HugeTableView::offset(int o) const
{
    if (!mModel)
        return 0;
    return o == 1 ? mModel->rowOffset() : mModel->columnOffset();
}

int HugeTableView::windowCount(int o) const
{
    if (!mModel)
        return 0;
    return o == 1 ? mModel->rowCount() : mModel->columnCount();
}

void HugeTableView::reset()
{
    for (int o = 0; o < 2; ++o) {
        mAxes[o] = Axis();
        if (mModel)
            mAxes[o].total = o == 1 ? mModel->totalRows() : mModel->totalColumns();
    }
    if (mModel) {
        // Room for the widest row number, so the header does not jump while scrolling.
        const QString widest = QString::number(qMax<qint64>(0, mModel->totalRows() - 1));
        mView->verticalHeader()->setMinimumWidth(fontMetrics().horizontalAdvance(widest) + 16);
    }
    for (int o = 0; o < 2; ++o)
        updateGeometry(o);
}

void HugeTableView::updateGeometry(int o)
{
    Axis &a = mAxes[o];
    const int count = windowCount(o);
    const int innerMax = inner(o)->maximum();
    const qint64 visible = qMax(1, count - innerMax);
    a.maxPosition = qMax<qint64>(0, a.total - visible);
    a.scale = a.maxPosition > kOuterSteps ? (a.maxPosition + kOuterSteps - 1) / kOuterSteps : 1;
    mSyncing = true;
    mBars[o]->setRange(0, int((a.maxPosition + a.scale - 1) / a.scale));
    mBars[o]->setPageStep(int(qMax<qint64>(1, visible / a.scale)));
    mBars[o]->setSingleStep(1);
    mBars[o]->setVisible(a.maxPosition > 0);
    mSyncing = false;
    a.position = qBound<qint64>(0, offset(o) + inner(o)->value(), a.maxPosition);
    syncOuter(o);
}

void HugeTableView::syncOuter(int o)
{
    const Axis &a = mAxes[o];
    mSyncing = true;
    mBars[o]->setValue(a.position >= a.maxPosition ? mBars[o]->maximum() : int(a.position / a.scale));
    mSyncing = false;
}

void HugeTableView::innerMoved(int o, int value)
{
    if (mSyncing || !mModel)
        return;
    Axis &a = mAxes[o];
    a.position = offset(o) + value;
    const int count = windowCount(o);
    if (a.total > count) {
        const int margin = count / 4;
        const qint64 maxOffset = a.total - count;
        if ((value < margin && offset(o) > 0) || (value > inner(o)->maximum() - margin && offset(o) < maxOffset)) {
            const qint64 newOffset = qBound<qint64>(0, a.position - count / 2, maxOffset);
            if (o == 1)
                shiftWindow(newOffset, mModel->columnOffset());
            else
                shiftWindow(mModel->rowOffset(), newOffset);
        }
    }
    syncOuter(o);
}

void HugeTableView::outerMoved(int o, int value)
{
    if (mSyncing || !mModel)
        return;
    const Axis &a = mAxes[o];
    scrollTo(o, value >= mBars[o]->maximum() ? a.maxPosition : qint64(value) * a.scale);
}

void HugeTableView::scrollTo(int o, qint64 position)
{
    Axis &a = mAxes[o];
    position = qBound<qint64>(0, position, a.maxPosition);
    a.position = position;
    const int count = windowCount(o);
    const int innerMax = inner(o)->maximum();
    qint64 v = position - offset(o);
    if (a.total > count) {
        const int margin = count / 4;
        const qint64 maxOffset = a.total - count;
        const bool nearStart = v < margin && offset(o) > 0;
        const bool nearEnd = v > innerMax - margin && offset(o) < maxOffset;
        if (v < 0 || v > innerMax || nearStart || nearEnd) {
            const qint64 newOffset = qBound<qint64>(0, position - count / 2, maxOffset);
            if (o == 1)
                shiftWindow(newOffset, mModel->columnOffset());
            else
                shiftWindow(mModel->rowOffset(), newOffset);
            v = position - offset(o);
        }
    }
    mSyncing = true;
    inner(o)->setValue(int(qBound<qint64>(0, v, qint64(innerMax))));
    mSyncing = false;
    syncOuter(o);
}

void HugeTableView::shiftWindow(qint64 rowOffset, qint64 columnOffset)
{
    const qint64 oldRow = mModel->rowOffset();
    const qint64 oldCol = mModel->columnOffset();
    mModel->setOffsets(rowOffset, columnOffset);
    const qint64 dr = mModel->rowOffset() - oldRow;
    const qint64 dc = mModel->columnOffset() - oldCol;
    if (dr == 0 && dc == 0)
        return;
    mSyncing = true;
    const int rows = mModel->rowCount();
    const int cols = mModel->columnCount();
    // The selection and the current cell stay on the same elements.
    QItemSelectionModel *sm = mView->selectionModel();
    const QItemSelection old = sm->selection();
    QItemSelection moved;
    for (const QItemSelectionRange &r : old) {
        const qint64 top = qMax<qint64>(0, r.top() - dr);
        const qint64 bottom = qMin<qint64>(rows - 1, r.bottom() - dr);
        const qint64 left = qMax<qint64>(0, r.left() - dc);
        const qint64 right = qMin<qint64>(cols - 1, r.right() - dc);
        if (top <= bottom && left <= right)
            moved.select(mModel->index(int(top), int(left)), mModel->index(int(bottom), int(right)));
    }
    const QModelIndex current = sm->currentIndex();
    const qint64 cr = current.row() - dr;
    const qint64 cc = current.column() - dc;
    if (current.isValid() && cr >= 0 && cr < rows && cc >= 0 && cc < cols)
        sm->setCurrentIndex(mModel->index(int(cr), int(cc)), QItemSelectionModel::NoUpdate);
    else
        sm->clearCurrentIndex();
    sm->select(moved, QItemSelectionModel::ClearAndSelect);
    if (dr)
        inner(1)->setValue(int(qBound<qint64>(0, inner(1)->value() - dr, qint64(inner(1)->maximum()))));
    if (dc)
        inner(0)->setValue(int(qBound<qint64>(0, inner(0)->value() - dc, qint64(inner(0)->maximum()))));
    mSyncing = false;
}

qint64 HugeTableView::firstVisibleRow() const
{
    return offset(1) + inner(1)->value();
}

qint64 HugeTableView::firstVisibleColumn() const
{
    return offset(0) + inner(0)->value();
}

QPair<qint64, qint64> HugeTableView::currentCell() const
{
    const QModelIndex c = mView->currentIndex();
    if (!c.isValid() || !mModel)
        return {-1, -1};
    return {mModel->absoluteRow(c.row()), mModel->absoluteColumn(c.column())};
}

void HugeTableView::goTo(qint64 row, qint64 column, bool extend)
{
    if (!mModel || mModel->totalRows() == 0 || mModel->totalColumns() == 0)
        return;
    row = qBound<qint64>(0, row, mModel->totalRows() - 1);
    column = qBound<qint64>(0, column, mModel->totalColumns() - 1);
    // The anchor of an extension: the far corner of the one selected rectangle holding the current
    // cell (so Shift+Ctrl+End then Shift+Ctrl+Home turns around it), else the current cell.
    QPair<qint64, qint64> anchor = currentCell();
    const QItemSelection before = mView->selectionModel()->selection();
    const QModelIndex cur = mView->currentIndex();
    if (before.size() == 1 && before.first().contains(cur)) {
        const QItemSelectionRange &r = before.first();
        anchor = {mModel->absoluteRow(cur.row() == r.top() ? r.bottom() : r.top()),
                  mModel->absoluteColumn(cur.column() == r.left() ? r.right() : r.left())};
    }
    // Bring the target into the window, about in the middle when the window has to move.
    const qint64 rows = mModel->rowCount();
    const qint64 cols = mModel->columnCount();
    qint64 ro = mModel->rowOffset();
    qint64 co = mModel->columnOffset();
    if (row < ro || row >= ro + rows)
        ro = row - rows / 2;
    if (column < co || column >= co + cols)
        co = column - cols / 2;
    shiftWindow(ro, co);
    const QModelIndex idx = mModel->index(int(row - mModel->rowOffset()), int(column - mModel->columnOffset()));
    // Explicit selection commands: QAbstractItemView::setCurrentIndex would read the keyboard's
    // modifiers, and Ctrl held (Ctrl+End) would then add to the selection instead of moving.
    QItemSelectionModel *sm = mView->selectionModel();
    if (extend && anchor.first >= 0) {
        const auto clamp = [](qint64 v, qint64 n) { return int(qBound<qint64>(0, v, n - 1)); };
        const QModelIndex from = mModel->index(clamp(anchor.first - mModel->rowOffset(), mModel->rowCount()),
                                               clamp(anchor.second - mModel->columnOffset(), mModel->columnCount()));
        sm->select(QItemSelection(from, idx), QItemSelectionModel::ClearAndSelect);
        sm->setCurrentIndex(idx, QItemSelectionModel::NoUpdate);
    } else {
        sm->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect);
    }
    mView->scrollTo(idx, QAbstractItemView::PositionAtCenter);
    for (int o = 0; o < 2; ++o) {
        mAxes[o].position = qBound<qint64>(0, offset(o) + inner(o)->value(), mAxes[o].maxPosition);
        syncOuter(o);
    }
}

bool HugeTableView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mView && event->type() == QEvent::KeyPress && mModel) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() & Qt::ControlModifier) {
            // Spreadsheet keys: Ctrl+End / Ctrl+Home move the cursor, with Shift they extend the selection.
            const bool extend = key->modifiers() & Qt::ShiftModifier;
            if (key->key() == Qt::Key_End) {
                goTo(mModel->totalRows() - 1, mModel->totalColumns() - 1, extend);
                return true;
            }
            if (key->key() == Qt::Key_Home) {
                goTo(0, 0, extend);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace npyw
