#include "valuedelegate.h"

#include "arraytablemodel.h"

#include <QKeyEvent>
#include <QLabel>

namespace npyw {

ValueEditor::ValueEditor(const QModelIndex &index, QWidget *parent) : QLineEdit(parent), mIndex(index)
{
    setFrame(false);
    mLabel = new QLabel(parent);
    mLabel->setObjectName(QStringLiteral("refusalLabel"));
    mLabel->setWordWrap(true);
    mLabel->setAutoFillBackground(true);
    mLabel->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #7a1f1f; border: 1px solid #c0392b;"
                                         " padding: 2px 4px; }"));
    mLabel->hide();
    connect(this, &QLineEdit::textChanged, this, &ValueEditor::check);
}

ValueEditor::~ValueEditor()
{
    delete mLabel.data();
}

void ValueEditor::check()
{
    const auto *model = qobject_cast<const ArrayTableModel *>(mIndex.model());
    QString why;
    QByteArray bytes;
    if (model && !model->parseCell(mIndex, text(), &bytes, &why)) {
        if (why.isEmpty())
            why = tr("Not a valid value.");
    } else {
        why.clear();
    }
    if (why == mRefusal)
        return;
    mRefusal = why;
    setStyleSheet(mRefusal.isEmpty() ? QString() : QStringLiteral("QLineEdit { background: #fdecea; }"));
    setToolTip(mRefusal);
    if (mLabel) {
        mLabel->setText(mRefusal);
        mLabel->setVisible(!mRefusal.isEmpty());
        placeLabel();
    }
}

void ValueEditor::placeLabel()
{
    if (!mLabel || !mLabel->isVisible() || !parentWidget())
        return;
    const int width = qMax(240, this->width());
    mLabel->setFixedWidth(qMin(width, parentWidget()->width()));
    mLabel->adjustSize();
    QPoint at = geometry().bottomLeft() + QPoint(0, 1);
    if (at.y() + mLabel->height() > parentWidget()->height())
        at.setY(geometry().top() - mLabel->height() - 1);
    at.setX(qBound(0, at.x(), qMax(0, parentWidget()->width() - mLabel->width())));
    mLabel->move(at);
    mLabel->raise();
}

void ValueEditor::moveEvent(QMoveEvent *event)
{
    QLineEdit::moveEvent(event);
    placeLabel();
}

void ValueEditor::resizeEvent(QResizeEvent *event)
{
    QLineEdit::resizeEvent(event);
    placeLabel();
}

QWidget *ValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &index) const
{
    auto *editor = new ValueEditor(index, parent);
    editor->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return editor;
}

void ValueDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *e = qobject_cast<ValueEditor *>(editor);
    if (!e)
        return QStyledItemDelegate::setEditorData(editor, index);
    e->setText(index.data(Qt::EditRole).toString());
    e->selectAll();
}

void ValueDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *e = qobject_cast<ValueEditor *>(editor);
    if (!e)
        return QStyledItemDelegate::setModelData(editor, model, index);
    if (!e->isValueValid())
        return; // refused: the cell keeps its value
    // Writing back the unchanged text of a cell must not create an undo step.
    if (e->text() == index.data(Qt::EditRole).toString())
        return;
    model->setData(index, e->text(), Qt::EditRole);
}

bool ValueDelegate::eventFilter(QObject *object, QEvent *event)
{
    auto *e = qobject_cast<ValueEditor *>(object);
    if (e && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        const bool commits = key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Tab
                             || key == Qt::Key_Backtab;
        if (commits && !e->isValueValid()) {
            e->refusalLabel()->show();
            return true; // keep editing: the reason is shown under the editor
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

} // namespace npyw
