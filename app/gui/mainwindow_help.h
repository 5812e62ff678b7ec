#pragma once

// The Help menu's texts, apart from the window so that tests can read them.

#include <QList>
#include <QPair>
#include <QString>

class QMenuBar;

namespace mainwindow_help {

/** The About box's text (rich text): the version, what the program does, the libraries and their licences. */
QString aboutText();
/** Every menu command of \a bar that has a shortcut, as ("Menu > Command", "Ctrl+S"), in menu order. */
QList<QPair<QString, QString>> shortcutList(const QMenuBar *bar);

} // namespace mainwindow_help
