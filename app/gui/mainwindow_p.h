#pragma once

// Helpers shared by the files of MainWindow (mainwindow*.cpp).

#include <QString>

class QWidget;

namespace mainwindow_p {

/** A window-modal warning that never blocks the event loop; \a informative goes under \a text. */
void showError(QWidget *parent, const QString &title, const QString &text, const QString &informative = QString());
/** What a failed save left as it was, said under its reason. */
QString saveFailureNote();

} // namespace mainwindow_p
