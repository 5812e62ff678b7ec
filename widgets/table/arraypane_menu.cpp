// The table's conveniences beyond editing: Copy as NumPy code, Go to an index, and the context menu on
// cells and headers (copy, find, go to, plot this row or column).
#include "arraypane.h"

#include "arraytablemodel.h"
#include "document.h"
#include "find.h"
#include "findbar.h"
#include "hugetableview.h"
#include "numpycode.h"
#include "slicebar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
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

void ArrayPane::setArrayMenu(QMenu *menu)
{
    mArrayMenu = menu;
}

void ArrayPane::setExtraActions(const QList<QAction *> &actions)
{
    mExtraActions.clear();
    for (QAction *a : actions)
        mExtraActions.append(a);
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
    if (mArrayMenu) {
        menu->addSeparator();
        menu->addMenu(mArrayMenu);
    }
    for (const QPointer<QAction> &a : std::as_const(mExtraActions)) {
        if (a)
            menu->addAction(a);
    }
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

bool ArrayPane::goToIndex(const QList<qint64> &index, QString *why)
{
    const Member *m = mDocument->memberById(mMemberId);
    auto refuse = [&](const QString &reason) {
        if (why)
            *why = reason;
        emit statusMessage(reason, 8000);
        return false;
    };
    if (!m || !m->loaded || !isShowingTable())
        return refuse(tr("No array shown."));
    const QList<qint64> &shape = m->header().shape;
    QList<qint64> full = index;
    if (shape.isEmpty())
        return true;
    if (full.size() == 1 && shape.size() > 1) {
        // A flat C-order index.
        qint64 flat = full.first();
        if (flat < 0)
            flat += m->array.size();
        if (flat < 0 || flat >= m->array.size())
            return refuse(tr("Index %1 is out of range for %2 elements.").arg(full.first()).arg(m->array.size()));
        full = npy::unravelIndex(flat, shape);
    }
    if (full.size() != shape.size())
        return refuse(tr("Give %1 indexes (one per axis) or one flat index.").arg(shape.size()));
    for (qsizetype a = 0; a < shape.size(); ++a) {
        if (full[a] < 0)
            full[a] += shape[a];
        if (full[a] < 0 || full[a] >= shape[a])
            return refuse(tr("Index %1 is out of range for axis %2 of length %3.").arg(index.value(a)).arg(a).arg(shape[a]));
    }
    npy::SliceSpec spec = mModel->slice();
    for (qsizetype a = 0; a < shape.size(); ++a) {
        if (a != spec.rowAxis && a != spec.colAxis)
            spec.index[a] = full[a];
    }
    if (spec != mModel->slice()) {
        mSliceBar->setSpec(spec); // emits sliceChanged → model
        mModel->setSlice(spec);
    }
    const qint64 row = spec.rowAxis >= 0 ? full[spec.rowAxis] : 0;
    qint64 column = 0;
    if (spec.colAxis >= 0 && mModel->totalColumns() == shape[spec.colAxis]
        && !(m->header().dtype.kind == npy::Kind::Struct && spec.field < 0))
        column = full[spec.colAxis];
    else if (m->header().dtype.kind == npy::Kind::Struct && spec.field < 0)
        column = qMax<qint64>(0, mTable->currentCell().second);
    mTable->goTo(row, column);
    mTable->view()->setFocus();
    return true;
}

void ArrayPane::promptGoTo()
{
    const Member *m = mDocument->memberById(mMemberId);
    if (!m || !isShowingTable())
        return;
    QString current;
    const QModelIndex idx = mTable->view()->currentIndex();
    if (idx.isValid()) {
        current = mModel->data(idx, ArrayTableModel::IndexTextRole).toString();
        current = current.section(QLatin1Char(')'), 0, 0).remove(QLatin1Char('('));
    }
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Go to Index"),
        tr("Index in %1 (comma-separated, one per axis, negative from the end; or one flat index):")
            .arg(m->header().shapeText()),
        QLineEdit::Normal, current, &ok);
    if (!ok)
        return;
    QList<qint64> index;
    const QStringList parts = text.split(QRegularExpression(QStringLiteral("[,\\s()\\[\\]]+")), Qt::SkipEmptyParts);
    for (const QString &p : parts) {
        bool good = false;
        const qint64 v = p.toLongLong(&good);
        if (!good) {
            emit statusMessage(tr("“%1” is not an index.").arg(p), 8000);
            return;
        }
        index.append(v);
    }
    if (!index.isEmpty())
        goToIndex(index);
}

} // namespace npyw
