#pragma once

// Opening and closing inspector windows in the GUI tests (tst_mainwindow, tst_concurrency).

#include "mainwindow.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSignalSpy>

namespace npytest {

/**
 * Opens \a path in a new, shown window and waits up to 10 s for it to open (a warning otherwise).
 * The window is added to \a windows, for closeWindows(); it deletes itself when closed.
 */
inline MainWindow *openWindow(const QString &path, QList<QPointer<MainWindow>> *windows)
{
    auto *w = new MainWindow;
    windows->append(w);
    w->show();
    QSignalSpy opened(w, &MainWindow::documentOpened);
    w->openFile(path);
    if (!opened.wait(10000))
        qWarning("not opened: %s", qPrintable(path));
    return w;
}

/** Closes the windows of \a windows that are still there, deletes them and forgets them all. */
inline void closeWindows(QList<QPointer<MainWindow>> *windows)
{
    for (const QPointer<MainWindow> &w : std::as_const(*windows)) {
        if (w)
            w->close();
    }
    windows->clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace npytest
