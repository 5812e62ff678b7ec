#pragma once

#include "savepolicy.h"
#include "saver.h"
#include "source.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>

class QUndoStack;
class QFutureWatcherBase;

namespace npyw {

struct SaveJob;
struct SavedFile;

/**
 * One member of a Document: where it comes from, its loaded (and possibly edited) array.
 *
 * The array is null until loaded. Edits replace bytes in the array (copy-on-write: a mapped
 * member is copied into memory on its first edit; the file is not touched until saved).
 */
struct Member
{
    /** Stable identity of the member in this document (indexes change on delete/insert). */
    int id = -1;
    /** The np.load key, shown as the member's name; '/' separates folders in the browser. */
    QString key;
    /** What the file says about the member (header, sizes, compression, error). */
    npy::MemberInfo info;
    /** The source the member's bytes come from (the document's file, or an added file). */
    std::shared_ptr<const npy::Source> source;
    int sourceIndex = -1;
    /** The array, once loaded. */
    npy::NpyArray array;
    bool loaded = false;
    /** Net count of data edits since the last save (undo decrements): non-zero = data differs. */
    int dataEdits = 0;
    /** Net count of any change since the last save (rename, add, data): non-zero = modified. */
    int changes = 0;

    [[nodiscard]] bool isArray() const { return info.isArray && info.error.isEmpty(); }
    [[nodiscard]] bool isModified() const { return changes != 0 || dataEdits != 0; }
    [[nodiscard]] const npy::NpyHeader &header() const { return info.header; }
    /** What the save policy (npy::planMemberSave()) needs to know about this member. */
    [[nodiscard]] npy::MemberSaveState saveState() const;
    /** The member as a save or export writes it, as \a plan (from npy::planMemberSave()) decided. */
    [[nodiscard]] npy::SaveMember saveMember(const npy::MemberSavePlan &plan) const;
};

/**
 * An open file: its members, their edits as undo commands, loading and saving on workers.
 *
 * Modelled on Tiled's Document: the document owns the QUndoStack and isModified() follows the
 * stack's clean state. Everything that changes data goes through an undo command (undocommands.h)
 * whose redo()/undo() call the document's private mutators (the commands are its friends). The
 * work done on workers (open, load, save) is in documentjobs.h.
 */
class Document : public QObject
{
    Q_OBJECT

public:
    /** A document over \a source (may be null: an empty, untitled document). */
    explicit Document(std::shared_ptr<const npy::Source> source, QObject *parent = nullptr);
    ~Document() override;

    /**
     * Starts opening \a path on a worker into this document, which must be empty (no source, no
     * member): the members appear, and opened() is emitted, once the file's directory is read. The
     * UI thread never waits for the file. Returns false (and emits nothing) when the document is
     * not empty or already opening.
     */
    bool open(const QString &path);
    /** True while open() runs. */
    [[nodiscard]] bool isOpening() const { return mOpening; }

    [[nodiscard]] QString filePath() const { return mFilePath; }
    [[nodiscard]] npy::FileFormat fileFormat() const { return mFormat; }
    [[nodiscard]] std::shared_ptr<const npy::Source> source() const { return mSource; }
    [[nodiscard]] QUndoStack *undoStack() const { return mUndoStack; }
    [[nodiscard]] bool isModified() const { return mModified; }
    /** True while a save runs: edits are refused until it finishes. */
    [[nodiscard]] bool isSaving() const { return mSaving; }

    [[nodiscard]] int memberCount() const { return int(mMembers.size()); }
    [[nodiscard]] const Member &memberAt(int row) const { return *mMembers.at(row); }
    /** The member with id \a id, or nullptr. The pointer stays valid while the member is in the document. */
    [[nodiscard]] const Member *memberById(int id) const;
    [[nodiscard]] int rowOfId(int id) const;
    /** \a base, or `base_1`, `base_2`... : a key no member has. */
    [[nodiscard]] QString uniqueKey(const QString &base) const;

public: // loading
    /** Starts loading member \a id on a worker (no-op when loaded or loading). */
    void loadMember(int id);
    /**
     * Loads member \a id now, on this thread (tests, small members), and emits memberLoaded().
     * Succeeds at once when it is loaded; fails with the reason when there is no such member, it has
     * no data, or its source cannot load it.
     */
    npy::Status loadMemberNow(int id);
    [[nodiscard]] bool isLoading(int id) const;
    void cancelLoad(int id);

public: // edits through the undo stack
    /** Pushes one command that writes \a bytes at each byte offset (of the member's data). */
    bool setValues(int id, const QList<qint64> &offsets, const QList<QByteArray> &bytes, const QString &text,
                   bool mergeable = false);
    void renameMember(int id, const QString &newKey);
    void removeMember(int id);
    /** Adds a copy of member \a id after it; returns the new id. */
    int duplicateMember(int id);
    /**
     * Starts adding the arrays of the `.npy`/`.npz` file \a path as new members (one undo step):
     * the file is opened on a worker, then membersAdded() tells how it went. Returns false when
     * it cannot start (a save runs).
     */
    bool addMembersFromFile(const QString &path);

    /**
     * A fresh member id, for a Member built outside the document and added with an InsertMember
     * command (membertransfer.h copies members in that way).
     */
    int newMemberId() { return mNextId++; }
    /**
     * Adds \a array, loaded, as a new last member named \a key, outside the undo stack: the document
     * stays unmodified. For documents that are never saved (a pickled value's private view).
     * Returns the new member's id.
     */
    int addArrayWithoutUndo(const QString &key, const npy::NpyArray &array);

public: // saving
    /**
     * The save format that keeps the file's own format and each member's encoding.
     */
    [[nodiscard]] npy::SaveFormat nativeSaveFormat() const;
    /**
     * The format Save As offers first: Npy for an `.npy` file; for an archive NpzCompressed when
     * any of its members is stored DEFLATED (a compressed archive stays compressed), else NpzStored.
     */
    [[nodiscard]] npy::SaveFormat saveAsFormat() const;
    /**
     * Starts writing the document to \a path on a worker, DEFLATED members at \a level (see
     * npy::saveFile()). On success the document adopts the new file (its path, format, members'
     * stored sizes) and becomes clean. Emits saveFinished().
     */
    void save(const QString &path, npy::SaveFormat format,
              npy::CompressionLevel level = npy::CompressionLevel::Default);
    /**
     * Saves synchronously (tests), as save() does on a worker, and emits saveFinished(). Fails with
     * the reason when a save is running or the file cannot be written; the document and the file at
     * \a path are then as they were.
     */
    npy::Status saveNow(const QString &path, npy::SaveFormat format,
                        npy::CompressionLevel level = npy::CompressionLevel::Default);
    void cancelSave();
    /** Keys of members that cannot be written in \a format (non-array members, pickled...). */
    [[nodiscard]] QStringList membersLostIn(npy::SaveFormat format) const;

signals:
    /** open() finished: the members are there (\a ok), or \a error says why not. */
    void opened(bool ok, const QString &error);
    /** addMembersFromFile(\a path) finished: the arrays were added (\a ok), or \a error says why not. */
    void membersAdded(const QString &path, bool ok, const QString &error);
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);
    /** The member list changed (insert, remove, rename, modified marks). */
    void membersChanged();
    void memberAboutToBeRemoved(int id);
    /** Data bytes of member \a id changed (an edit, undo or redo). */
    void valuesChanged(int id);
    void memberLoadProgress(int id, qint64 done, qint64 total);
    void memberLoaded(int id);
    void memberLoadFailed(int id, const QString &error);
    void saveProgress(qint64 done, qint64 total);
    void saveFinished(bool ok, const QString &error);

private:
    // The undo commands change the document through the mutators below, and nothing else does.
    friend class SetValues;
    friend class RenameMember;
    friend class RemoveMember;
    friend class InsertMember;

    /** Writes \a bytes at byte \a offset of loaded member \a id; returns the bytes replaced. */
    QByteArray replaceBytes(int id, qint64 offset, const QByteArray &bytes);
    /** Adds \a dataDelta to the member's dataEdits and \a changeDelta to its changes. */
    void adjustEdits(int id, int dataDelta, int changeDelta);
    void setMemberKey(int id, const QString &key);
    /** Inserts \a member at \a row (clamped to the list). */
    void insertMember(int row, std::shared_ptr<Member> member);
    /** Removes member \a id from the list and hands it over (null when there is none). */
    std::shared_ptr<Member> takeMember(int id);

    using OpenedSource = npy::Result<std::shared_ptr<const npy::Source>>;
    void updateIsModified();
    void adoptSource(std::shared_ptr<const npy::Source> source);
    /** Opens \a path on a worker, then calls \a done on this thread (unless the document is gone). */
    void openOnWorker(const QString &path, std::function<void(const OpenedSource &)> done);
    QString addSource(const QString &path, const std::shared_ptr<const npy::Source> &source);
    SaveJob prepareSave(const QString &path, npy::SaveFormat format, npy::CompressionLevel level) const;
    void adoptSaved(const SavedFile &outcome);
    Member *mutableMember(int id);

    QString mFilePath;
    npy::FileFormat mFormat = npy::FileFormat::Npz;
    std::shared_ptr<const npy::Source> mSource;
    QList<std::shared_ptr<Member>> mMembers;
    QUndoStack *mUndoStack;
    bool mModified = false;
    bool mSaving = false;
    bool mOpening = false;
    int mNextId = 1;

    struct Load
    {
        std::shared_ptr<std::atomic_bool> cancel;
        QFutureWatcherBase *watcher = nullptr;
    };
    QHash<int, Load> mLoads;
    std::shared_ptr<std::atomic_bool> mSaveCancel;
};

} // namespace npyw
