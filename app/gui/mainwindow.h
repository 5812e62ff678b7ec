#pragma once

#include "document.h"
#include "exportworkflow.h"
#include "saver.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <functional>

class QCoreApplication;
class QDockWidget;
class QMimeData;
class QFileSystemWatcher;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;
class QSplitter;
class QStackedWidget;
class QUndoGroup;

namespace npyw {
class ArrayPane;
class ArrayViews;
class Document;
class InspectorPanel;
class MemberModel;
class PickleView;
} // namespace npyw

/**
 * One inspector window per open file: the archive browser dock, the table pane with the heatmap
 * and plot beside it, the inspector dock, the status bar, and the File / Edit / Member / View menus.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /** Asks Save / Discard / Cancel before unsaved edits would be lost; replaceable by tests. */
    using SavePrompt = std::function<QMessageBox::StandardButton(MainWindow *window, const QString &question)>;

    /** Asks whether to overwrite \a existing files (names relative to the target); replaceable by tests. */
    using OverwritePrompt = std::function<bool(MainWindow *window, const QStringList &existing)>;
    /** What File > Export… writes (npyw::ExportWorkflow does the work). */
    using ExportKind = npyw::ExportWorkflow::Kind;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    static void setSavePrompt(SavePrompt prompt);
    static void setOverwritePrompt(OverwritePrompt prompt);
    /**
     * Replaces the question asked before Save writes over a file that another program changed since
     * it was opened or last saved: QMessageBox::Save goes on, anything else keeps the file as it is.
     */
    static void setChangedOnDiskPrompt(SavePrompt prompt);
    /**
     * Brings forward the window that already shows \a path, if any; otherwise opens \a path in an
     * empty window or in a new one. Shows member \a member when given.
     */
    static MainWindow *openWindow(const QString &path, const QString &member = QString());
    /** The window whose document is the file \a path (symbolic links resolved), or nullptr. */
    static MainWindow *windowShowing(const QString &path);
    /** Opens the files of QFileOpenEvents (macOS Finder) sent to \a app in windows. */
    static void handleFileOpenEvents(QCoreApplication *app);
    /** Closes every window (each asks about its unsaved edits); false when one refused. */
    static bool closeAll();

    /**
     * Starts opening \a path in this window (on a worker) and shows member \a member (its key)
     * when given; emits documentOpened() or shows the error.
     */
    void openFile(const QString &path, const QString &member = QString());
    /** True when no file is open and nothing is being opened. */
    [[nodiscard]] bool isEmpty() const;
    [[nodiscard]] npyw::Document *document() const { return mDocument; }
    /** The table pane of the members (a value inside a pickle shows in valueView() instead). */
    [[nodiscard]] npyw::ArrayPane *pane() const { return mPane; }
    /**
     * Where a pickled member or a value inside one shows when selected in the browser, in place of
     * the member's table and heatmap (read-only table, heatmap and plot of the value).
     */
    [[nodiscard]] npyw::PickleView *valueView() const { return mValueView; }
    /** True when the central area shows valueView() rather than the member panes. */
    [[nodiscard]] bool isShowingValue() const;
    [[nodiscard]] QTreeView *memberTree() const { return mTree; }
    [[nodiscard]] npyw::MemberModel *memberModel() const { return mMemberModel; }
    [[nodiscard]] npyw::InspectorPanel *inspector() const { return mInspector; }
    /** The heatmap and plot tabs beside the table. */
    [[nodiscard]] npyw::ArrayViews *arrayViews() const { return mViews; }
    /** The member selected in the browser (-1: none). */
    [[nodiscard]] int currentMemberId() const;
    void selectMember(int id);
    /** The members selected in the browser (the current one when none is selected). */
    [[nodiscard]] QList<int> selectedMemberIds() const;

    /**
     * Exports (on a worker) to \a path: members \a ids to a folder or a new archive (a compressed
     * one at \a level), or the table's slice or selection to CSV. Asks before overwriting anything;
     * emits exportFinished(). False when it cannot start (nothing to export, or the user declined
     * to overwrite).
     */
    bool exportTo(ExportKind kind, const QString &path, const QList<int> &ids,
                  npy::CompressionLevel level = npy::CompressionLevel::Default);
    /** File > Export…: asks what and where. */
    void exportDialog();
    /**
     * Handles dropped \a mime: members dragged from another window are copied into this
     * document (one undo step); `.npy`/`.npz` files are added as members (\a addFiles) or opened.
     * Returns true when something was taken.
     */
    bool dropMime(const QMimeData *mime, bool addFiles);
    /** Saves to the file's own path and format (asynchronously); false if it cannot start. */
    bool save();
    /** Saves to \a path in \a format, DEFLATED members at \a level (asynchronously), and adopts the new file. */
    bool saveAs(const QString &path, npy::SaveFormat format,
                npy::CompressionLevel level = npy::CompressionLevel::Default);
    [[nodiscard]] bool isSaving() const;
    /** Reloads the file from disk, dropping edits. */
    void reload();
    /** The reload offer shown when the file changed on disk (nullptr when none is shown). */
    [[nodiscard]] QWidget *reloadBar() const;

signals:
    void documentOpened();
    void openFailed(const QString &error);
    void saved(bool ok, const QString &error);
    void exportFinished(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    /** Gives each action with a standard key that key, or the usual one where the platform defines none. */
    void applyStandardKeys();
    /** Edit > Copy as NumPy Code and the Help menu (mainwindow_help.cpp). */
    void createHelpActions();
    void setDocument(npyw::Document *document);
    void updateTitle();
    void updateActions();
    void updateFileStatus();
    void memberSelected();
    void saveAsDialog();
    void openDialog();
    void addFromFileDialog();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void fileChangedOnDisk();
    void rememberStamp();
    bool maybeSave();
    void startSave(const QString &path, npy::SaveFormat format,
                   npy::CompressionLevel level = npy::CompressionLevel::Default);
    void openFinished(const QString &member);
    void createExportWorkflow();
    /** The table and views the Edit and View actions act on: the value's when one is shown. */
    [[nodiscard]] npyw::ArrayPane *activePane() const;
    [[nodiscard]] npyw::ArrayViews *activeViews() const;
    /** Shows valueView() (\a value true) or the member panes in the central area, at the same sizes. */
    void showValuePanes(bool value);

    QPointer<npyw::Document> mDocument;
    npyw::ExportWorkflow *mExport = nullptr;
    npyw::ArrayPane *mPane = nullptr;
    npyw::MemberModel *mMemberModel = nullptr;
    npyw::InspectorPanel *mInspector = nullptr;
    npyw::ArrayViews *mViews = nullptr;
    QSplitter *mSplitter = nullptr;
    QStackedWidget *mCentralStack = nullptr;
    npyw::PickleView *mValueView = nullptr;
    QString mPaneCursor;
    QTreeView *mTree = nullptr;
    QDockWidget *mMembersDock = nullptr;
    QDockWidget *mInspectorDock = nullptr;
    QUndoGroup *mUndoGroup = nullptr;
    QFileSystemWatcher *mWatcher = nullptr;
    QWidget *mReloadBar = nullptr;
    QLabel *mReloadText = nullptr;
    QLabel *mFileStatus = nullptr;
    QLabel *mCursorStatus = nullptr;
    QLabel *mSelectionStatus = nullptr;
    QProgressBar *mBusyProgress = nullptr;
    QPushButton *mBusyCancel = nullptr;
    QMenu *mRecentMenu = nullptr;
    bool mOpening = false;
    bool mCloseAfterSave = false;
    QString mStamp;
    bool mRecheckedForLostMaps = false;
    QHash<QString, QAction *> mActions;
};
