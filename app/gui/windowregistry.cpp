#include "windowregistry.h"

#include "document.h"
#include "mainwindow.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFileOpenEvent>
#include <QPushButton>

namespace {

QList<QPointer<MainWindow>> &allWindows()
{
    static QList<QPointer<MainWindow>> windows;
    return windows;
}

WindowRegistry::SavePrompt &savePrompt()
{
    static WindowRegistry::SavePrompt prompt = [](MainWindow *window, const QString &question) {
        return QMessageBox::question(window, MainWindow::tr("Unsaved Changes"), question,
                                     QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                     QMessageBox::Save);
    };
    return prompt;
}

WindowRegistry::SavePrompt &changedOnDiskPrompt()
{
    static WindowRegistry::SavePrompt prompt = [](MainWindow *window, const QString &question) {
        return QMessageBox::warning(window, MainWindow::tr("File Changed on Disk"), question,
                                    QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
    };
    return prompt;
}

WindowRegistry::OverwritePrompt &overwritePrompt()
{
    static WindowRegistry::OverwritePrompt prompt = [](MainWindow *window, const QStringList &existing) {
        QString names = existing.mid(0, 8).join(QLatin1Char('\n'));
        if (existing.size() > 8)
            names += QLatin1Char('\n') + MainWindow::tr("… and %n more", nullptr, int(existing.size() - 8));
        return QMessageBox::question(window, MainWindow::tr("Replace Files?"),
                                     MainWindow::tr("These files already exist:\n%1\n\nReplace them?").arg(names),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               == QMessageBox::Yes;
    };
    return prompt;
}

WindowRegistry::RecoveryPrompt &recoveryPrompt()
{
    static WindowRegistry::RecoveryPrompt prompt = [](MainWindow *window,
                                                      const WindowRegistry::RecoveryQuestion &question) {
        QMessageBox box(question.canRecover ? QMessageBox::Question : QMessageBox::Warning,
                        MainWindow::tr("Recover Unsaved Edits"), question.text, QMessageBox::NoButton, window);
        box.setObjectName(QStringLiteral("recoveryPrompt"));
        box.setInformativeText(question.informative);
        QPushButton *recover = nullptr;
        if (question.canRecover)
            recover = box.addButton(MainWindow::tr("&Recover"), QMessageBox::AcceptRole);
        QPushButton *discard = box.addButton(MainWindow::tr("&Discard"), QMessageBox::DestructiveRole);
        QPushButton *later = box.addButton(MainWindow::tr("&Later"), QMessageBox::RejectRole);
        box.setDefaultButton(recover ? recover : later);
        box.setEscapeButton(later);
        box.exec();
        if (recover && box.clickedButton() == recover)
            return WindowRegistry::RecoveryAnswer::Recover;
        return box.clickedButton() == discard ? WindowRegistry::RecoveryAnswer::Discard
                                              : WindowRegistry::RecoveryAnswer::Later;
    };
    return prompt;
}

/** Opens the files of QFileOpenEvent (macOS: Finder double-click, drop on the Dock icon). */
class FileOpenHandler : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::FileOpen) {
            const QString file = static_cast<QFileOpenEvent *>(event)->file();
            if (!file.isEmpty()) {
                WindowRegistry::openWindow(file);
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void WindowRegistry::add(MainWindow *window)
{
    allWindows().append(window);
}

void WindowRegistry::remove(MainWindow *window)
{
    allWindows().removeAll(window);
}

QList<QPointer<MainWindow>> WindowRegistry::windows()
{
    return allWindows();
}

MainWindow *WindowRegistry::windowShowing(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonical.isEmpty())
        return nullptr;
    for (const QPointer<MainWindow> &w : allWindows()) {
        if (w && w->document() && !w->document()->filePath().isEmpty()
            && QFileInfo(w->document()->filePath()).canonicalFilePath() == canonical)
            return w;
    }
    return nullptr;
}

MainWindow *WindowRegistry::openWindow(const QString &path, const QString &member)
{
    // One window per file: two would hold two diverging sets of edits of it.
    if (MainWindow *w = windowShowing(path)) {
        w->show();
        w->raise();
        w->activateWindow();
        w->selectMemberNamed(member);
        return w;
    }
    for (const QPointer<MainWindow> &w : allWindows()) {
        if (w && w->isEmpty()) {
            w->openFile(path, member);
            return w;
        }
    }
    auto *w = new MainWindow;
    w->show();
    w->openFile(path, member);
    return w;
}

bool WindowRegistry::closeAll()
{
    const QList<QPointer<MainWindow>> windows = allWindows();
    for (const QPointer<MainWindow> &w : windows) {
        if (w && !w->close())
            return false;
    }
    return true;
}

void WindowRegistry::handleFileOpenEvents(QCoreApplication *app)
{
    app->installEventFilter(new FileOpenHandler(app));
}

QMessageBox::StandardButton WindowRegistry::askSave(MainWindow *window, const QString &question)
{
    return savePrompt()(window, question);
}

QMessageBox::StandardButton WindowRegistry::askChangedOnDisk(MainWindow *window, const QString &question)
{
    return changedOnDiskPrompt()(window, question);
}

WindowRegistry::RecoveryAnswer WindowRegistry::askRecovery(MainWindow *window, const RecoveryQuestion &question)
{
    return recoveryPrompt()(window, question);
}

void WindowRegistry::setRecoveryPrompt(RecoveryPrompt prompt)
{
    recoveryPrompt() = std::move(prompt);
}

bool WindowRegistry::askOverwrite(MainWindow *window, const QStringList &existing)
{
    return overwritePrompt()(window, existing);
}

void WindowRegistry::setSavePrompt(SavePrompt prompt)
{
    savePrompt() = std::move(prompt);
}

void WindowRegistry::setChangedOnDiskPrompt(SavePrompt prompt)
{
    changedOnDiskPrompt() = std::move(prompt);
}

void WindowRegistry::setOverwritePrompt(OverwritePrompt prompt)
{
    overwritePrompt() = std::move(prompt);
}
