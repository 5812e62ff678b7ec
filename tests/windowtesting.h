#pragma once

// Opening and closing inspector windows in the GUI tests (tst_mainwindow, tst_concurrency).

#include "mainwindow.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

namespace npytest {

/**
 * Opens \a path in a new, shown window and waits up to 10 s for it to open. Returns the window, or
 * null when it did not open in time or the open failed (a test failure: callers QVERIFY the result).
 * The window is added to \a windows, for closeWindows(); it deletes itself when closed.
 */
[[nodiscard]] inline MainWindow *openWindow(const QString &path, QList<QPointer<MainWindow>> *windows)
{
    auto *w = new MainWindow;
    windows->append(w);
    w->show();
    QSignalSpy opened(w, &MainWindow::documentOpened);
    QSignalSpy failed(w, &MainWindow::openFailed);
    w->openFile(path);
    const bool answered = QTest::qWaitFor([&]() { return !opened.isEmpty() || !failed.isEmpty(); }, 10000);
    if (!answered || opened.isEmpty()) {
        const QString why = failed.isEmpty() ? QStringLiteral("not opened within 10 s")
                                             : failed.first().first().toString();
        qWarning("cannot open %s: %s", qPrintable(path), qPrintable(why));
        return nullptr;
    }
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
