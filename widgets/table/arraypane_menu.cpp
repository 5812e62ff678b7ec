// The table's conveniences beyond editing: Copy as NumPy code, and the context menu on cells and
// headers (copy, find, go to, plot this row or column).
#include "arraypane.h"

#include "arraytablemodel.h"
#include "document.h"
#include "findbar.h"
#include "hugetableview.h"
#include "numpycode.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QTableView>

#include <algorithm>
#include <limits>
#include <vector>

namespace npyw {

namespace {

constexpr qint64 kCodeSelectionLimit = 100000; ///< most elements a selection is copied as code
constexpr qint64 kCodeMemberLimit = 10000;     ///< most elements a member is copied whole as code

} // namespace

QString ArrayPane::numpyCode(QString *why) const
{
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    if (!m || !m->loaded || !m->isArray() || m->array.isNull()) {
        *why = tr("Select an array first.");
        return QString();
    }
    const npy::NpyArray &array = m->array;
    if (array.dtype().kind == npy::Kind::Object) {
        *why = tr("An array of Python objects cannot be written as NumPy code.");
        return QString();
    }
    const QItemSelection sel = mTable->view()->selectionModel()->selection();
    qint64 top = std::numeric_limits<qint64>::max();
    qint64 left = top;
    qint64 bottom = -1;
    qint64 right = -1;
    qint64 selected = 0;
    for (const QItemSelectionRange &r : sel) {
        selected += qint64(r.height()) * r.width();
        top = std::min(top, mModel->absoluteRow(r.top()));
        left = std::min(left, mModel->absoluteColumn(r.left()));
        bottom = std::max(bottom, mModel->absoluteRow(r.bottom()));
        right = std::max(right, mModel->absoluteColumn(r.right()));
    }
    if (selected < 2) {
        if (array.size() > kCodeMemberLimit) {
            *why = tr("Select the values to copy: a member is copied whole up to %1 values.").arg(kCodeMemberLimit);
            return QString();
        }
        return npy::numpyCode(array);
    }
    const qint64 rows = bottom - top + 1;
    const qint64 cols = right - left + 1;
    if (rows * cols > kCodeSelectionLimit) {
        *why = tr("The selection is too large to copy as code (over %1 values).").arg(kCodeSelectionLimit);
        return QString();
    }
    // The bounding rectangle, element by element: the columns of a record array's fields are one
    // element (a record) per row.
    std::vector<qint64> flats;
    qint64 perRow = -1;
    for (qint64 r = top; r <= bottom; ++r) {
        const qsizetype before = qsizetype(flats.size());
        for (qint64 c = left; c <= right; ++c) {
            const qint64 flat = npy::ravelIndex(mModel->elementIndex(r, c), array.shape());
            if (qsizetype(flats.size()) == before || flats.back() != flat)
                flats.push_back(flat);
        }
        const qint64 n = qint64(flats.size()) - before;
        if (perRow >= 0 && n != perRow) {
            *why = tr("The selection is not a rectangle of values.");
            return QString();
        }
        perRow = n;
    }
    QList<qint64> shape{rows, perRow};
    if (perRow == 1 && (mModel->slice().colAxis < 0 || array.dtype().kind == npy::Kind::Struct))
        shape = {rows};
    return npy::numpyCode(array.dtype(), shape,
                          [&](qint64 i) { return array.element(flats[std::size_t(i)]); });
}

void ArrayPane::copyAsNumpyCode()
{
    QString why;
    const QString code = numpyCode(&why);
    if (code.isEmpty()) {
        emit statusMessage(why, 8000);
        return;
    }
    QApplication::clipboard()->setText(code);
    emit statusMessage(tr("Copied as NumPy code."), 4000);
}

void ArrayPane::installContextMenus()
{
    QTableView *view = mTable->view();
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint &pos) {
        const QModelIndex index = view->indexAt(pos);
        if (!index.isValid())
            return;
        if (!view->selectionModel()->isSelected(index))
            view->setCurrentIndex(index);
        showContextMenu(view->viewport()->mapToGlobal(pos), mModel->absoluteRow(index.row()),
                        mModel->absoluteColumn(index.column()));
    });
    for (QHeaderView *header : {view->horizontalHeader(), view->verticalHeader()}) {
        header->setContextMenuPolicy(Qt::CustomContextMenu);
        const bool horizontal = header->orientation() == Qt::Horizontal;
        connect(header, &QWidget::customContextMenuRequested, this, [this, header, horizontal](const QPoint &pos) {
            const int section = header->logicalIndexAt(pos);
            if (section < 0)
                return;
            if (horizontal)
                mTable->view()->selectColumn(section);
            else
                mTable->view()->selectRow(section);
            showContextMenu(header->mapToGlobal(pos), horizontal ? -1 : mModel->absoluteRow(section),
                            horizontal ? mModel->absoluteColumn(section) : -1);
        });
    }
}

QMenu *ArrayPane::contextMenu(qint64 row, qint64 column)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("&Copy"), this, [this]() { copy(false); });
    menu->addAction(tr("Copy with &Full Precision"), this, [this]() { copy(true); });
    menu->addAction(tr("Copy as &NumPy Code"), this, &ArrayPane::copyAsNumpyCode);
    menu->addSeparator();
    menu->addAction(tr("&Find Values…"), this, [this]() { mFindBar->activate(); });
    menu->addAction(tr("&Go to Index…"), this, &ArrayPane::promptGoTo);
    // A 2-D slice of plain values: a row or a column is a line to plot.
    const Member *m = mDocument ? mDocument->memberById(mMemberId) : nullptr;
    const bool lines = m && mModel->slice().colAxis >= 0 && m->header().dtype.isNumeric();
    if (lines && (row >= 0 || column >= 0)) {
        menu->addSeparator();
        if (row >= 0)
            menu->addAction(tr("Plot &Row %1").arg(row), this, [this, row]() { emit plotLineRequested(true, row); });
        if (column >= 0)
            menu->addAction(tr("Plot Co&lumn %1").arg(column), this,
                            [this, column]() { emit plotLineRequested(false, column); });
    }
    return menu;
}

void ArrayPane::showContextMenu(const QPoint &globalPos, qint64 row, qint64 column)
{
    contextMenu(row, column)->popup(globalPos);
}

} // namespace npyw
