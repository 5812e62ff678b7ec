#pragma once

// Helpers shared by mainwindow.cpp and mainwindow_files.cpp.

#include "mainwindow.h"
#include "source.h"

#include <QString>

#include <memory>

namespace mainwindow_p {

MainWindow::SavePrompt &savePrompt();
MainWindow::SavePrompt &changedOnDiskPrompt();
QList<QPointer<MainWindow>> &allWindows();

extern const QString kRecentKey;
constexpr int kMaxRecent = 10;

/** Modification time and size of \a path, to tell our own writes from others'. */
QString fileStamp(const QString &path);
/** A window-modal warning that never blocks the event loop; \a informative goes under \a text. */
void showError(QWidget *parent, const QString &title, const QString &text, const QString &informative = QString());
/** What a failed save left as it was, said under its reason. */
QString saveFailureNote();

} // namespace mainwindow_p
