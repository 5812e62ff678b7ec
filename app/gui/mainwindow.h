#pragma once

#include "document.h"
#include "saver.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <functional>

class QDockWidget;
class QFileSystemWatcher;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;
class QUndoGroup;

namespace npyw {
class ArrayPane;
class Document;
class InspectorPanel;
class MemberModel;
} // namespace npyw

/**
 * One inspector window per open file: the archive browser dock, the table pane, the inspector
 * dock, the status bar, and the File / Edit / Member / View menus.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /** Asks Save / Discard / Cancel before unsaved edits would be lost; replaceable by tests. */
    using SavePrompt = std::function<QMessageBox::StandardButton(MainWindow *window, const QString &question)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    static void setSavePrompt(SavePrompt prompt);
    /** Opens \a path in an empty window, or in a new one. */
    static MainWindow *openWindow(const QString &path);
    /** Closes every window (each asks about its unsaved edits); false when one refused. */
    static bool closeAll();

    /** Starts opening \a path in this window (on a worker); emits documentOpened() or shows the error. */
    void openFile(const QString &path);
    /** True when no file is open and nothing is being opened. */
    [[nodiscard]] bool isEmpty() const;
    [[nodiscard]] npyw::Document *document() const { return mDocument; }
    [[nodiscard]] npyw::ArrayPane *pane() const { return mPane; }
    [[nodiscard]] QTreeView *memberTree() const { return mTree; }
    [[nodiscard]] npyw::MemberModel *memberModel() const { return mMemberModel; }
    [[nodiscard]] npyw::InspectorPanel *inspector() const { return mInspector; }
    /** The member selected in the browser (-1: none). */
    [[nodiscard]] int currentMemberId() const;
    void selectMember(int id);

    /** Saves to the file's own path and format (asynchronously); false if it cannot start. */
    bool save();
    /** Saves to \a path in \a format (asynchronously) and adopts the new file. */
    bool saveAs(const QString &path, npy::SaveFormat format);
    [[nodiscard]] bool isSaving() const;
    /** Reloads the file from disk, dropping edits. */
    void reload();
    /** The reload offer shown when the file changed on disk (nullptr when none is shown). */
    [[nodiscard]] QWidget *reloadBar() const;

signals:
    void documentOpened();
    void openFailed(const QString &error);
    void saved(bool ok, const QString &error);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
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
    void startSave(const QString &path, npy::SaveFormat format);
    void exportMember(const QString &path);

    QPointer<npyw::Document> mDocument;
    npyw::ArrayPane *mPane = nullptr;
    npyw::MemberModel *mMemberModel = nullptr;
    npyw::InspectorPanel *mInspector = nullptr;
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
    QHash<QString, QAction *> mActions;
};
