#pragma once

/**
 * @file
 * WindowRegistry: every open inspector window, and what spans them.
 *
 * Like Tiled's DocumentManager, it is what the windows share: the list of open MainWindows (each
 * registers itself when built and unregisters when destroyed; the registry never owns a window),
 * the rule "one window per file" (openWindow(), windowShowing()), closing them all, the handler of
 * QFileOpenEvent, and the questions a window asks (unsaved edits, a file changed on disk, files to
 * overwrite), which tests replace. There is one per application, so everything is static.
 */

#include <QList>
#include <QMessageBox>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

class MainWindow;
class QCoreApplication;

class WindowRegistry
{
public:
    /** Asks Save / Discard / Cancel (or Save / Cancel) with \a question, for \a window. */
    using SavePrompt = std::function<QMessageBox::StandardButton(MainWindow *window, const QString &question)>;
    /** Asks whether to overwrite \a existing files (names relative to the target); true: overwrite. */
    using OverwritePrompt = std::function<bool(MainWindow *window, const QStringList &existing)>;

    /** What the recovery prompt asks (see MainWindow's recovery of a crash journal). */
    struct RecoveryQuestion
    {
        QString text;        ///< "NPY Inspector closed with N unsaved edits to FILE (last at TIME). Recover them?"
        QString informative; ///< what changed in the file, what was dropped from the journal
        bool canRecover = true; ///< false when the file changed: only Discard and Later are offered
    };
    enum class RecoveryAnswer { Recover, Discard, Later };
    /** Asks Recover (the default) / Discard / Later about a crash journal left for the file of \a window. */
    using RecoveryPrompt = std::function<RecoveryAnswer(MainWindow *window, const RecoveryQuestion &question)>;

    WindowRegistry() = delete;

    /** Adds \a window to the list (MainWindow's constructor does). */
    static void add(MainWindow *window);
    /** Removes \a window from the list (MainWindow's destructor does). */
    static void remove(MainWindow *window);
    /** The open windows, oldest first (a window being destroyed may show as null). */
    [[nodiscard]] static QList<QPointer<MainWindow>> windows();

    /** The window whose document is the file \a path (symbolic links resolved), or nullptr. */
    [[nodiscard]] static MainWindow *windowShowing(const QString &path);
    /**
     * Brings forward the window that already shows \a path, if any; otherwise opens \a path in an
     * empty window or in a new one. Shows member \a member when given. Returns that window.
     */
    static MainWindow *openWindow(const QString &path, const QString &member = QString());
    /** Closes every window (each asks about its unsaved edits); false when one refused. */
    static bool closeAll();
    /** Opens the files of QFileOpenEvents (macOS Finder) sent to \a app in windows. */
    static void handleFileOpenEvents(QCoreApplication *app);

    /** Asks, before unsaved edits of \a window would be lost: Save, Discard or Cancel. */
    static QMessageBox::StandardButton askSave(MainWindow *window, const QString &question);
    /** Asks, before a save writes over a file another program changed: Save goes on. */
    static QMessageBox::StandardButton askChangedOnDisk(MainWindow *window, const QString &question);
    /** Asks what to do with the unsaved edits a crash journal holds for \a window's file. */
    static RecoveryAnswer askRecovery(MainWindow *window, const RecoveryQuestion &question);
    /** Replaces the question askRecovery() asks (a message box by default). */
    static void setRecoveryPrompt(RecoveryPrompt prompt);
    /** Asks whether an export may overwrite \a existing files. */
    static bool askOverwrite(MainWindow *window, const QStringList &existing);
    /** Replaces the question askSave() asks (a message box by default). */
    static void setSavePrompt(SavePrompt prompt);
    /** Replaces the question askChangedOnDisk() asks (a message box by default). */
    static void setChangedOnDiskPrompt(SavePrompt prompt);
    /** Replaces the question askOverwrite() asks (a message box by default). */
    static void setOverwritePrompt(OverwritePrompt prompt);
};
