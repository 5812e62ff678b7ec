#pragma once

#include <QLabel>
#include <QLineEdit>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QStyledItemDelegate>

namespace npyw {

/**
 * The cell editor: a line edit that checks its text with the core parser as the user types and
 * shows why a value is refused just below itself, in place.
 */
class ValueEditor : public QLineEdit
{
    Q_OBJECT

public:
    ValueEditor(const QModelIndex &index, QWidget *parent);
    ~ValueEditor() override;

    /** Empty while the text is a valid value; else why not. */
    [[nodiscard]] QString refusal() const { return mRefusal; }
    [[nodiscard]] bool isValueValid() const { return mRefusal.isEmpty(); }
    /** The label that shows the refusal (visible while the text is invalid). */
    [[nodiscard]] QLabel *refusalLabel() const { return mLabel; }

protected:
    void moveEvent(QMoveEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void check();
    void placeLabel();

    QPersistentModelIndex mIndex;
    QString mRefusal;
    QPointer<QLabel> mLabel;
};

/** A delegate whose editors validate with npy::parseValue and refuse invalid text in place. */
class ValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    bool eventFilter(QObject *object, QEvent *event) override;
};

} // namespace npyw
