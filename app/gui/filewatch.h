#pragma once

/**
 * @file
 * FileWatch: notices when another program changes the file a window shows, and offers a reload.
 *
 * It owns the QFileSystemWatcher on the document's file, the file's stamp (modification time and
 * size) as this program last read or wrote it, and the reload bar: a strip above the table saying
 * what changed on disk (removed, replaced, shrunk under a memory-mapped member, and what a reload
 * would discard), with Reload and Ignore. Our own saves are told apart from others' writes by the
 * stamp, so they never offer a reload.
 */

#include <QObject>
#include <QPointer>
#include <QString>

class QFileSystemWatcher;
class QLabel;
class QWidget;

namespace npyw {
class Document;
} // namespace npyw

class FileWatch : public QObject
{
    Q_OBJECT

public:
    /**
     * Builds the reload bar, hidden, as a child of \a barParent: the caller puts bar() in its
     * layout. The watcher is a child of this object.
     */
    explicit FileWatch(QWidget *barParent, QObject *parent = nullptr);

    /**
     * Follows \a document (not owned): its file is the one watched from its next path change on
     * (Save As), and its state (saving, edits, mapped members) decides what the bar says.
     */
    void setDocument(npyw::Document *document);
    /** Watches \a path, and nothing else. */
    void watch(const QString &path);
    /** Takes the document's file as it is now as this program's: after opening it. */
    void rememberStamp();
    /**
     * The document's file was just written by this program: takes its stamp, and watches it again
     * when the write replaced it (a replaced file drops out of the watch list).
     */
    void fileWritten();
    /** True when the document's file was written by another program since rememberStamp(). */
    [[nodiscard]] bool changedOnDisk() const;

    /** The reload bar, to place in a layout (shown only when the file changed). */
    [[nodiscard]] QWidget *bar() const { return mBar; }
    /** The reload bar when it is shown, else nullptr. */
    [[nodiscard]] QWidget *shownBar() const;
    /** Hides the reload bar. */
    void hideBar();
    /** Hides the reload bar and looks afresh for lost mappings at the next change (a reload starts). */
    void reset();

signals:
    /** The user chose Reload on the bar. */
    void reloadRequested();

private:
    /** Looks at the file after a change was reported: says on the bar what changed, if anything. */
    void fileChanged();

    QPointer<npyw::Document> mDocument;
    QFileSystemWatcher *mWatcher = nullptr;
    QWidget *mBar = nullptr;
    QLabel *mText = nullptr;
    QString mStamp;
    bool mRecheckedForLostMaps = false;
};
