// ArrayEditor's dialogs: they collect what the user types, check it as they go (NumPy's words), and call
// the editor's public calls.
#include "arrayeditor.h"
#include "arrayeditor_p.h"

#include "arraypane.h"
#include "arraytablemodel.h"
#include "document.h"
#include "hugetableview.h"
#include "valuetext.h"

#include <QComboBox>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>

using arrayedit::FormDialog;

const npyw::Member *ArrayEditor::dialogMember()
{
    QString why;
    const int id = editableMember(&why);
    if (id < 0) {
        emit statusMessage(why, 5000);
        return nullptr;
    }
    return document()->memberById(id);
}

void ArrayEditor::transposeDialog()
{
    const npyw::Member *m = dialogMember();
    if (!m)
        return;
    const qsizetype ndim = m->header().shape.size();
    if (ndim <= 2) {
        transpose({}); // a swap of rows and columns
        return;
    }
    FormDialog f(mWindow, tr("Transpose “%1”").arg(m->key));
    auto *axes = new QLineEdit;
    QList<qint64> reversed;
    for (qsizetype i = ndim - 1; i >= 0; --i)
        reversed.append(i);
    axes->setText(arrayedit::tupleText(reversed));
    f.form->addRow(tr("Shape:"), new QLabel(m->header().shapeText()));
    f.form->addRow(tr("&Axes (as np.transpose takes them):"), axes);
    auto *result = new QLabel;
    f.form->addRow(tr("Result:"), result);
    const npy::NpyArray array = m->array;
    auto check = [&]() -> QString {
        QList<qint64> a;
        if (!parseIntTuple(axes->text(), &a))
            return tr("Write the axes as NumPy does: (2, 0, 1).");
        npy::ArrayTransform t(array);
        if (const npy::Status st = t.transpose(a); !st)
            return st.error();
        result->setText(t.header().shapeText());
        return QString();
    };
    connect(axes, &QLineEdit::textChanged, &f.dialog, [&]() { f.validate(check); });
    f.validate(check);
    if (f.dialog.exec() != QDialog::Accepted)
        return;
    QList<qint64> a;
    if (parseIntTuple(axes->text(), &a))
        transpose(a);
}

void ArrayEditor::reshapeDialog()
{
    const npyw::Member *m = dialogMember();
    if (!m)
        return;
    FormDialog f(mWindow, tr("Reshape “%1”").arg(m->key));
    auto *shape = new QLineEdit(m->header().shapeText());
    shape->setPlaceholderText(tr("(3, 4) or (2, -1)"));
    auto *order = new QComboBox;
    order->addItem(tr("C (row-major, NumPy's default)"), int(npy::MemoryOrder::C));
    order->addItem(tr("F (column-major)"), int(npy::MemoryOrder::F));
    f.form->addRow(tr("Now:"), new QLabel(tr("%1, %n element(s)", nullptr, int(qMin<qint64>(m->header().elementCount, INT_MAX)))
                                              .arg(m->header().shapeText())));
    f.form->addRow(tr("New &shape:"), shape);
    f.form->addRow(tr("&Order:"), order);
    const npy::NpyArray array = m->array;
    auto check = [&]() -> QString {
        QList<qint64> s;
        if (!parseIntTuple(shape->text(), &s))
            return tr("Write the shape as NumPy does: (3, 4) or (2, -1).");
        npy::ArrayTransform t(array);
        if (const npy::Status st = t.reshape(s, npy::MemoryOrder(order->currentData().toInt())); !st)
            return st.error();
        return QString();
    };
    connect(shape, &QLineEdit::textChanged, &f.dialog, [&]() { f.validate(check); });
    connect(order, &QComboBox::currentIndexChanged, &f.dialog, [&]() { f.validate(check); });
    f.validate(check);
    shape->selectAll();
    if (f.dialog.exec() != QDialog::Accepted)
        return;
    reshape(shape->text(), npy::MemoryOrder(order->currentData().toInt()));
}

void ArrayEditor::changeTypeDialog()
{
    const npyw::Member *m = dialogMember();
    if (!m)
        return;
    FormDialog f(mWindow, tr("Change Type of “%1”").arg(m->key));
    auto *dtype = new QComboBox;
    dtype->setEditable(true);
    for (const char *name : {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                             "float16", "float32", "float64", "complex64", "complex128", "S", "U"})
        dtype->addItem(QLatin1String(name));
    dtype->setCurrentText(m->header().dtype.displayName());
    dtype->setToolTip(tr("A NumPy dtype: a name (float32, int16, U10) or a type string (<f4, >i2, S5)."));
    auto *casting = new QComboBox;
    casting->addItem(tr("safe (every value kept)"), int(npy::Casting::Safe));
    casting->addItem(tr("same_kind (within a kind, or wider)"), int(npy::Casting::SameKind));
    casting->addItem(tr("unsafe (anything; shows what changes first)"), int(npy::Casting::Unsafe));
    casting->setCurrentIndex(2); // astype's own default
    f.form->addRow(tr("Now:"), new QLabel(m->header().dtype.displayName()));
    f.form->addRow(tr("New &dtype:"), dtype);
    f.form->addRow(tr("&Casting:"), casting);
    const npy::DType from = m->header().dtype;
    auto check = [&]() -> QString {
        const npy::Result<npy::DType> to = npy::parseCastTarget(dtype->currentText().trimmed());
        if (!to)
            return to.error();
        const npy::Casting level = npy::Casting(casting->currentData().toInt());
        if (!npy::canCast(from, npy::astypeResult(from, to.value()), level))
            return tr("Cannot cast array data from dtype('%1') to dtype('%2') according to the rule '%3'.")
                .arg(from.typeString(), npy::astypeResult(from, to.value()).typeString(), npy::castingName(level));
        return QString();
    };
    connect(dtype, &QComboBox::currentTextChanged, &f.dialog, [&]() { f.validate(check); });
    connect(casting, &QComboBox::currentIndexChanged, &f.dialog, [&]() { f.validate(check); });
    f.validate(check);
    if (f.dialog.exec() != QDialog::Accepted)
        return;
    changeType(dtype->currentText(), npy::Casting(casting->currentData().toInt()));
}

void ArrayEditor::insertDialog(bool rows)
{
    QString why;
    const int id = editableMember(&why);
    const int axis = tableAxis(rows);
    if (id < 0 || axis < 0) {
        emit statusMessage(id < 0 ? why : tr("This array has no columns."), 5000);
        return;
    }
    const npyw::Member *m = document()->memberById(id);
    const qint64 length = m->header().shape.value(axis);
    const QList<qint64> cur = currentIndex();
    FormDialog f(mWindow, rows ? tr("Insert Rows in “%1”").arg(m->key) : tr("Insert Columns in “%1”").arg(m->key));
    auto *at = new QSpinBox;
    at->setRange(0, int(qMin<qint64>(length, INT_MAX)));
    at->setValue(int(qMin<qint64>(cur.value(axis, length), INT_MAX)));
    auto *count = new QSpinBox;
    count->setRange(1, 1000000);
    auto *fill = new QLineEdit;
    fill->setPlaceholderText(tr("0 (empty: zeros)"));
    f.form->addRow(tr("&Before index (axis %1, length %2):").arg(axis).arg(length), at);
    f.form->addRow(tr("&How many:"), count);
    f.form->addRow(tr("&Fill value:"), fill);
    const npy::DType type = m->header().dtype;
    auto check = [&]() -> QString {
        if (fill->text().trimmed().isEmpty())
            return QString();
        if (type.kind == npy::Kind::Struct)
            return tr("A record array's new elements are zeros; leave the fill empty.");
        QByteArray bytes;
        QString bad;
        return npy::parseValue(type, fill->text().trimmed(), &bytes, &bad) ? QString() : bad;
    };
    connect(fill, &QLineEdit::textChanged, &f.dialog, [&]() { f.validate(check); });
    f.validate(check);
    if (f.dialog.exec() != QDialog::Accepted)
        return;
    insertSlices(rows, at->value(), count->value(), fill->text());
}

void ArrayEditor::deleteSelected(bool rows)
{
    npyw::ArrayPane *p = pane();
    if (!p)
        return;
    // The rows (columns) the selection spans, else the current one.
    qint64 low = -1;
    qint64 high = -1;
    const QItemSelection selection = p->table()->view()->selectionModel()->selection();
    for (const QItemSelectionRange &r : selection) {
        const qint64 a = rows ? p->model()->absoluteRow(r.top()) : p->model()->absoluteColumn(r.left());
        const qint64 b = rows ? p->model()->absoluteRow(r.bottom()) : p->model()->absoluteColumn(r.right());
        low = low < 0 ? a : qMin(low, a);
        high = qMax(high, b);
    }
    if (low < 0) {
        const QModelIndex cur = p->table()->view()->currentIndex();
        if (!cur.isValid()) {
            emit statusMessage(tr("Select the rows or columns to delete."), 5000);
            return;
        }
        low = high = rows ? p->model()->absoluteRow(cur.row()) : p->model()->absoluteColumn(cur.column());
    }
    deleteSlices(rows, low, high - low + 1);
}
