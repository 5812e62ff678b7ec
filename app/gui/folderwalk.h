#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

/**
 * The NumPy files of the folder of the file a window shows, in natural order, for File > Next / Previous File in
 * Folder and the "3 of 120" of the window title.
 *
 * The folder is read on a worker, never on the calling thread: its `.npy` and `.npz` files (any case, hidden ones
 * left out, links to files kept), sorted as the member list sorts names (MemberModel::naturalSortKey(), `a2`
 * before `a10`, ties by the plain name). A folder of 200 000 files is read once and kept; each setFile() asks the
 * worker for a single look at the folder's modification time and reads it again only when it changed (files
 * written or removed since). Where the file is in the list is a binary search.
 */
class FolderWalk : public QObject
{
    Q_OBJECT

public:
    explicit FolderWalk(QObject *parent = nullptr);
    ~FolderWalk() override;

    /** Follows \a path (absolute; empty: no file): reads its folder on a worker when it is new or changed. */
    void setFile(const QString &path);
    /** Looks at the folder again on the worker (read again when it changed); listed() follows. */
    void refresh();
    [[nodiscard]] QString file() const { return mFile; }
    /** True when the list of the file's folder is there (it may be being read again). */
    [[nodiscard]] bool isListed() const;
    /** True from the start of a look at the folder until its answer is taken (the worker may be done already). */
    [[nodiscard]] bool isListing() const;
    /** The files of the folder, in order (names only), as last read. */
    [[nodiscard]] const QStringList &names() const { return mNames; }
    /** The file's place in names() (0 for the first), -1 when it is not listed (or not yet). */
    [[nodiscard]] int position() const;
    /** How many files the folder has (0 when not listed). */
    [[nodiscard]] int count() const { return isListed() ? int(mNames.size()) : 0; }
    /**
     * The path of the file \a step places after (a negative step: before) the file, by the list; empty when there
     * is none (the file is the last or the first) or the folder is not listed yet. A file that is not in the list
     * (not a `.npy`/`.npz`) steps from where it would be.
     */
    [[nodiscard]] QString neighbour(int step) const;

    /** True when \a a comes before \a b in the folder's order. */
    [[nodiscard]] static bool lessThan(const QString &a, const QString &b);

    /** What the worker gives back: the folder, its sorted NumPy files, its time stamp and why it failed. */
    struct Listing
    {
        QString folder;
        qint64 stamp = 0;
        bool unchanged = false;
        QStringList names;
        QString error;
    };

signals:
    /** The list of the file's folder was read (or read again): position() and count() may have changed. */
    void listed();
    /** The folder could not be read. */
    void failed(const QString &error);

private:
    void start();
    void finished();

    QString mFile;
    /** The folder of mFile. */
    QString mFolder;
    /** The folder mNames were read from, and its time stamp then. */
    QString mListedFolder;
    qint64 mStamp = 0;
    QStringList mNames;
    QFutureWatcher<Listing> *mWatcher;
    /** A look is under way: its answer has not been taken yet. */
    bool mBusy = false;
    /** setFile() asked for another look while the worker was busy. */
    bool mAgain = false;
    /** Stops the worker's reading when this object goes away. */
    std::shared_ptr<std::atomic_bool> mCancel;
};
