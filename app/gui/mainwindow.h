#pragma once

#include "document.h"
#include "exportworkflow.h"
#include "saver.h"
#include "sparseitem.h"
#include "windowregistry.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <memory>
#include <utility>

class ArrayEditor;
class MemberMaker;
class FileWatch;
class FolderWalk;
class QCoreApplication;
class QDockWidget;
class QMimeData;
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
struct ViewCarry;
} // namespace npyw

/**
 * One inspector window per open file: the archive browser dock, the table pane with the heatmap
 * and plot beside it, the inspector dock, the status bar, and the File / Edit / Member / View menus.
 *
 * What spans the windows (the list of them, one window per file, the prompts) is WindowRegistry's;
 * the window keeps static forwarders to it. The recent-files menu is RecentFiles', the watch on the
 * file and the reload bar FileWatch's. The window's code is split by subject: mainwindow.cpp (the
 * window, its document and status), mainwindow_actions.cpp (menus), mainwindow_files.cpp (open,
 * save, close), mainwindow_transfer.cpp (export, drops), mainwindow_help.cpp (Help menu), mainwindow_folder.cpp
 * (the next file in the folder).
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /** Asks Save / Discard / Cancel before unsaved edits would be lost; replaceable by tests. */
    using SavePrompt = WindowRegistry::SavePrompt;
    /** Asks whether to overwrite \a existing files (names relative to the target); replaceable by tests. */
    using OverwritePrompt = WindowRegistry::OverwritePrompt;
    /** What File > Export… writes (npyw::ExportWorkflow does the work). */
    using ExportKind = npyw::ExportWorkflow::Kind;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /** WindowRegistry::setSavePrompt(). */
    static void setSavePrompt(SavePrompt prompt) { WindowRegistry::setSavePrompt(std::move(prompt)); }
    /** WindowRegistry::setOverwritePrompt(). */
    static void setOverwritePrompt(OverwritePrompt prompt) { WindowRegistry::setOverwritePrompt(std::move(prompt)); }
    /**
     * Replaces the question asked before Save writes over a file that another program changed since
     * it was opened or last saved: QMessageBox::Save goes on, anything else keeps the file as it is.
     * (WindowRegistry::setChangedOnDiskPrompt().)
     */
    static void setChangedOnDiskPrompt(SavePrompt prompt) { WindowRegistry::setChangedOnDiskPrompt(std::move(prompt)); }
    static void setRecoveryPrompt(WindowRegistry::RecoveryPrompt prompt)
    {
        WindowRegistry::setRecoveryPrompt(std::move(prompt));
    }
    /** WindowRegistry::openWindow(). */
    static MainWindow *openWindow(const QString &path, const QString &member = QString())
    {
        return WindowRegistry::openWindow(path, member);
    }
    /** WindowRegistry::windowShowing(). */
    static MainWindow *windowShowing(const QString &path) { return WindowRegistry::windowShowing(path); }
    /** WindowRegistry::handleFileOpenEvents(). */
    static void handleFileOpenEvents(QCoreApplication *app) { WindowRegistry::handleFileOpenEvents(app); }
    /** WindowRegistry::closeAll(). */
    static bool closeAll() { return WindowRegistry::closeAll(); }

    /**
     * Starts opening \a path in this window (on a worker) and shows member \a member (its key)
     * when given; emits documentOpened() or shows the error.
     */
    void openFile(const QString &path, const QString &member = QString());
    /**
     * `npy-inspector -`: reads a `.npy` or `.npz` stream from \a fd (0: standard input; stdininput.h) into this
     * empty window, titled "standard input" at once, and shows member \a member when given; emits
     * documentOpened() or shows why the stream is not NumPy's. Save asks for a name; no recent-files entry.
     */
    void openStandardInput(int fd = 0, const QString &member = QString());
    /** True when no file is open and nothing is being opened. */
    [[nodiscard]] bool isEmpty() const;
    [[nodiscard]] npyw::Document *document() const { return mDocument; }
    /** The table pane of the members (a value inside a pickle shows in valueView() instead). */
    [[nodiscard]] npyw::ArrayPane *pane() const { return mPane; }
    /** Edit > Array (transpose, reshape, change type, insert and delete rows or columns). */
    [[nodiscard]] ArrayEditor *arrayEditor() const { return mArrayEditor; }
    /** Edit > New Member…, from Selection, from Clipboard (membermaker.h). */
    [[nodiscard]] MemberMaker *memberMaker() const { return mMemberMaker; }
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
    /**
     * Selects the member whose key or archive name is \a member (nothing when \a member is empty);
     * says so in the status bar when there is none.
     */
    void selectMemberNamed(const QString &member);
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
    /**
     * The NumPy files of the file's folder, for File > Next / Previous File in Folder (Ctrl+PgDown / Ctrl+PgUp,
     * Alt+Right / Alt+Left) and the "3 of 120" of the title. A step opens the neighbour in this window once the
     * unsaved edits are saved or discarded (the unsaved-changes prompt), showing its member of the same name on
     * the same slice, frame, zoom and colours when it has the same shape and dtype (npyw::ViewCarry). At the first
     * and the last file the step is disabled, and the status bar says so.
     */
    [[nodiscard]] FolderWalk *folderWalk() const { return mFolderWalk; }

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
    /** Shrinks and moves the window onto the available area of its screen. */
    void fitToScreen();
    /** The File, Edit, Member and View menus and their actions (mainwindow_actions.cpp). */
    void createActions();
    /** Gives each action with a standard key that key, or the usual one where the platform defines none. */
    void applyStandardKeys();
    /** Edit > Copy as NumPy Code and the Help menu (mainwindow_help.cpp). */
    void createHelpActions();
    /**
     * Shows \a document in place of the one shown; with \a carry, its member of the same key the way the last
     * file's was shown (else its first array).
     */
    void setDocument(npyw::Document *document, const npyw::ViewCarry *carry = nullptr);
    /** openFile(), showing the new file the way \a carry says (a step through the folder) when given. */
    void startOpen(const QString &path, const QString &member, std::shared_ptr<const npyw::ViewCarry> carry);
    /**
     * Asks for the file \a step places after (before, when negative) this one in its folder: taken once the folder
     * was looked at again (mainwindow_folder.cpp).
     */
    void stepInFolder(int step);
    /** Opens the file \a step places from this one by the folder's list, asking about unsaved edits first. */
    void takeStep(int step);
    /** Opens \a path, a file of the folder, in this window the way the member shown now is shown. */
    void openInFolder(const QString &path);
    /** Asks about unsaved edits before \a next replaces the file; true to go on now (false: not, or after saving). */
    bool maybeSaveBeforeStep(const QString &next);
    /** Enables the folder steps where there is a file to step to; called when the folder was read. */
    void updateFolderActions();
    /** The folder was read, or the file has its place in it: the title and the steps follow. */
    void folderListed();
    /** Then, once the window shows the file: a step asked for meanwhile, or what the end of the folder says. */
    void continueWalk();
    /** A SciPy sparse matrix read from the document's members: its row in the browser, shown when selected. */
    void adoptSparse(const npyw::SparseOpened &sparse);
    /** Puts the value view's inspector (\a value) or the members' in the inspector dock. */
    void showInspectorOf(bool value);
    void updateTitle();
    void updateActions();
    void updateFileStatus();
    void memberSelected();
    void saveAsDialog();
    void openDialog();
    void addFromFileDialog();
    /** Shows the selected 1-D members side by side in a window of their own (SeriesFrameView). */
    void showSideBySide();
    bool maybeSave();
    /** Offers the edits a crash journal left for the file just opened, then journals this window's edits. */
    void offerRecovery();
    void startSave(const QString &path, npy::SaveFormat format,
                   npy::CompressionLevel level = npy::CompressionLevel::Default);
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
    /** The sparse matrix the document's members make (no dense view when they make none). */
    npyw::SparseOpened mSparse;
    QString mPaneCursor;
    QTreeView *mTree = nullptr;
    QDockWidget *mMembersDock = nullptr;
    QDockWidget *mInspectorDock = nullptr;
    QUndoGroup *mUndoGroup = nullptr;
    FileWatch *mFileWatch = nullptr;
    QLabel *mFileStatus = nullptr;
    QLabel *mCursorStatus = nullptr;
    QLabel *mSelectionStatus = nullptr;
    QProgressBar *mBusyProgress = nullptr;
    QPushButton *mBusyCancel = nullptr;
    bool mOpening = false;
    bool mCloseAfterSave = false;
    FolderWalk *mFolderWalk = nullptr;
    /** The file of the folder to open once the save asked for before the step has finished. */
    QString mOpenAfterSave;
    /** Steps asked for before the folder was read or while the last step's file was opening. */
    int mPendingSteps = 0;
    /** The direction of the last step (0: none since), to say so when it reached the end of the folder. */
    int mLastStep = 0;
    /** What the file shown was shown with when a step opened it (null otherwise). */
    std::shared_ptr<const npyw::ViewCarry> mCarried;
    QHash<QString, QAction *> mActions;
    /** Edit > Array: the structural edits of the member shown (arrayeditor.h). */
    ArrayEditor *mArrayEditor = nullptr;
    /** Edit > New Member: new members of the document (membermaker.h). */
    MemberMaker *mMemberMaker = nullptr;
};
