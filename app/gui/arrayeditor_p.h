#pragma once

// What the Array menu's two files share: tuple text and the small form dialog of its commands.

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QList>
#include <QPushButton>
#include <QVBoxLayout>

#include <functional>

namespace arrayedit {

/** \a values as Python writes a tuple: (3,), (2, 4). */
inline QString tupleText(const QList<qint64> &values)
{
    QStringList parts;
    for (qint64 v : values)
        parts.append(QString::number(v));
    return parts.size() == 1 ? QStringLiteral("(%1,)").arg(parts[0])
                             : QStringLiteral("(%1)").arg(parts.join(QStringLiteral(", ")));
}

/** A dialog of rows (label, widget), an error line and OK / Cancel; \a check says what is wrong (empty: OK). */
struct FormDialog
{
    QDialog dialog;
    QFormLayout *form;
    QLabel *error;
    QDialogButtonBox *buttons;

    FormDialog(QWidget *parent, const QString &title)
        : dialog(parent), form(new QFormLayout), error(new QLabel), buttons(new QDialogButtonBox(
                                                                         QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
    {
        dialog.setWindowTitle(title);
        auto *layout = new QVBoxLayout(&dialog);
        layout->addLayout(form);
        error->setWordWrap(true);
        error->setStyleSheet(QStringLiteral("color: #b00020"));
        layout->addWidget(error);
        layout->addWidget(buttons);
        QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        dialog.setMinimumWidth(420);
    }
    void validate(const std::function<QString()> &check)
    {
        const QString why = check();
        error->setText(why);
        error->setVisible(!why.isEmpty());
        buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
    }
};

} // namespace arrayedit
