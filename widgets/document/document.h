#pragma once

#include "arraytransform.h"
#include "documentjobs.h"
#include "documentmember.h"
#include "saver.h"
#include "source.h"
#include "undocommands.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>

class QUndoStack;
class QFutureWatcherBase;

namespace npy {
struct JournalContent;
struct JournalOp;
} // namespace npy

namespace npyw {

class JournalRecorder;
struct SaveJob;
struct SavedFile;

/**
 * An open file: its members, their edits as undo commands, loading and saving on workers.
 *
 * Modelled on Tiled's Document: the document owns the QUndoStack and isModified() follows the
 * stack's clean state. Everything that changes data goes through an undo command (undocommands.h)
 * whose redo()/undo() call the document's private mutators, which it implements as the commands'
 * EditTarget: nothing else can reach them, and the commands know no Document. The
 * work done on workers (open, load, save) is in documentjobs.h.
 */
class Document : public QObject, private EditTarget
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
    /**
     * Marks the document as read from a stream (standard input), not from a file of the user's: filePath() becomes
     * empty, so that Save asks for a name, and streamName() (\a name, "standard input") is what a window calls it.
     * The data is still read from the source's file (a private copy of the stream). Saving to a file ends it.
     */
    void setStreamName(const QString &name);
    /** The name of the stream the document was read from (setStreamName()); empty once it has a file. */
    [[nodiscard]] QString streamName() const { return mStreamName; }
    [[nodiscard]] npy::FileFormat fileFormat() const { return mFormat; }
    [[nodiscard]] std::shared_ptr<const npy::Source> source() const { return mSource; }
    [[nodiscard]] QUndoStack *undoStack() const { return mUndoStack; }
    [[nodiscard]] bool isModified() const { return mModified; }
    /** True while a save runs: edits are refused until it finishes. */
    [[nodiscard]] bool isSaving() const { return mSaving; }

    [[nodiscard]] int memberCount() const { return int(mMembers.size()); }
    [[nodiscard]] const Member &memberAt(int row) const { return *mMembers.at(row); }
    /**
     * The member with id \a id, or nullptr, in constant time (a hash kept in step with every insert,
     * removal and rename). The pointer stays valid while the member is in the document.
     */
    [[nodiscard]] const Member *memberById(int id) const;
    /** The row of member \a id, or -1, in constant time. */
    [[nodiscard]] int rowOfId(int id) const;
    /** The first member whose key is \a key, or nullptr, in constant time. */
    [[nodiscard]] const Member *memberByKey(const QString &key) const;
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
     * A fresh member id, for a Member built outside the document and added with addMember()
     * (membertransfer.h copies members in that way).
     */
    int newMemberId() { return mNextId++; }
    /**
     * Adds \a member (built outside, with an id from newMemberId()) as the last member, as one undo
     * command named \a text on undoStack() (inside whatever macro is open there).
     */
    void addMember(std::shared_ptr<Member> member, const QString &text);
    /**
     * Adds \a members (built outside, ids from newMemberId()) after the last member as one undo step
     * named \a text, each an "Add Member" command in it.
     */
    void addMembers(QList<std::shared_ptr<Member>> members, const QString &text);
    /**
     * Adds \a array, loaded, as a new last member named \a key, outside the undo stack: the document
     * stays unmodified. For documents that are never saved (a pickled value's private view).
     * Returns the new member's id.
     */
    int addArrayWithoutUndo(const QString &key, const npy::NpyArray &array);

public: // new members and their order (documentnew.cpp)
    /**
     * Why \a key cannot name a new member ("a member named “x” exists"), or empty when it can: a key is not
     * empty, has no control characters, no leading or trailing spaces, no empty, `.` or `..` folder part (it is
     * the archive's member name, with `.npy` added), and no other member has it.
     */
    [[nodiscard]] QString keyProblem(const QString &key) const;
    /**
     * Adds \a array (loaded) as a new member \a key at \a row (-1: after the last) as one undo step named
     * \a text. Returns the new id, or -1 (nothing pushed) when a save runs, \a array is null or the key is
     * refused (keyProblem()).
     */
    int addArray(const QString &key, const npy::NpyArray &array, const QString &text, int row = -1);
    /** What computes a new member's array on a worker (\a cancel set: stop, the result is dropped). */
    using NewArrayJob = std::function<npy::Result<npy::NpyArray>(const std::atomic_bool &cancel)>;
    /**
     * Computes a new member's array with \a job on a worker, then adds it as addArray() does: the UI thread
     * never waits. newMemberFinished() tells how it went. One at a time: false when another runs, a save
     * runs or the key is refused.
     */
    bool startNewMember(const QString &key, NewArrayJob job, const QString &text, int row = -1);
    /** True while startNewMember()'s job runs. */
    [[nodiscard]] bool isMakingMember() const { return bool(mNewCancel); }
    /** Asks the running startNewMember() job to stop (newMemberFinished() then says it was cancelled). */
    void cancelNewMember();
    /**
     * Moves members \a ids, in that order, to just before the member at \a beforeRow (memberCount(): to the
     * end) as one undo step ("Move Member"); a save writes the members in the new order, the unedited ones
     * still copied raw. False (nothing pushed) when it changes nothing, an id is unknown or a save runs.
     */
    bool moveMembers(const QList<int> &ids, int beforeRow);

public: // structural edits (documentarrays.cpp)
    /**
     * Pushes one undo step named \a text that makes \a array member \a id's array (any shape and
     * dtype: a transpose, reshape, astype, insert or delete along an axis, already computed). The
     * member must be a loaded array; returns false (and pushes nothing) when it is not, a save runs,
     * or \a array is null. The views reload the member (memberLoaded(), valuesChanged()).
     */
    bool setArray(int id, npy::NpyArray array, const QString &text);
    /**
     * Runs \a job (documentjobs.h) over member \a id's loaded array on a worker, then pushes its result as setArray()
     * does, named \a text; arrayEditStarted() says it began, arrayEditProgress() how far it is, and
     * arrayEditFinished() how it went. The UI thread never waits. One array edit runs at a time:
     * returns false when another runs, a save runs, or the member is not a loaded array. The result is
     * dropped (and arrayEditFinished() says why) when the document was edited in the meantime, or
     * cancelArrayEdit() was called.
     */
    bool startArrayEdit(int id, ArrayJob job, const QString &text);
    /**
     * Applies \a transform, built over member \a id's current array: at once when its result is a view
     * of the same bytes (a transpose or reshape that moves no element, O(1) whatever the size), else as
     * startArrayEdit() does, materialised as \a options say (in memory up to their budget, else in a
     * temporary file). Emits arrayEditFinished() in both cases.
     */
    bool transformMember(int id, const npy::ArrayTransform &transform, const QString &text,
                         const npy::TransformOptions &options = {});
    /** True while startArrayEdit()'s job runs. */
    [[nodiscard]] bool isEditingArray() const { return mArrayEditing; }
    /** Asks the running array edit to stop (its result is dropped). */
    void cancelArrayEdit();

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

public: // the crash journal (journalrecorder.h, journalreplay.cpp)
    /**
     * Starts writing this document's undo steps from now on to a fresh crash journal of its file
     * (none for an untitled document). Save begins a fresh one for the saved file; destroying the
     * document removes it.
     */
    void startJournal();
    /** Removes the journal and stops writing one (the edits are deliberately thrown away). */
    void discardJournal();
    /** The journal being written (it exists once an edit was recorded); empty when none. */
    [[nodiscard]] QString journalPath() const;
    /** Writes and syncs the journal's records now (they go by themselves half a second after an edit). */
    void flushJournal();
    /**
     * Re-applies the edits of \a journal, read from a journal of this document's file, as undo steps.
     * The document must be as opened (no edit yet). Fails with the reason, leaving the document as
     * it was, when the journal does not fit the file: a touched member's data differ, an operation
     * names a member or byte the document does not have, a file a member was added from changed.
     * Loads the members written to (on this thread).
     */
    npy::Status recoverJournal(const npy::JournalContent &journal);
    /**
     * recoverJournal() once the members whose data the journal checks are loaded, on workers: the
     * UI thread does not wait for them. recovered() tells how it went. Returns false (and emits
     * nothing) when the document is not as just opened or already recovering.
     */
    bool startRecovery(const npy::JournalContent &journal);
    /** True from startRecovery() until recovered(). */
    [[nodiscard]] bool isRecovering() const { return mRecovering; }

signals:
    /** startRecovery() finished: the journal's edits are applied (\a ok), or \a error says why not. */
    void recovered(bool ok, const QString &error);
    /** The crash journal cannot be written (\a message says why); editing goes on unjournaled. */
    void journalFailed(const QString &message);
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
    /** startNewMember() finished: member \a id was added (\a ok), or \a error says why not (id -1). */
    void newMemberFinished(int id, bool ok, const QString &error);
    /** An array edit of member \a id named \a text started on a worker (startArrayEdit(), transformMember()). */
    void arrayEditStarted(int id, const QString &text);
    /** How far the running array edit is: \a done of \a total. */
    void arrayEditProgress(qint64 done, qint64 total);
    /** An array edit (startArrayEdit(), transformMember()) of member \a id finished: pushed (\a ok), or \a error. */
    void arrayEditFinished(int id, bool ok, const QString &error);

private:
    // The undo commands change the document through these mutators (its EditTarget), and nothing else does.
    QList<QByteArray> replaceBytes(int id, const QList<qint64> &offsets, const QList<QByteArray> &bytes,
                                   bool backwards) override;
    void adjustEdits(int id, int dataDelta, int changeDelta) override;
    void setMemberKey(int id, const QString &key) override;
    npy::NpyArray replaceArray(int id, npy::NpyArray array) override;
    void insertMember(int row, std::shared_ptr<Member> member) override;
    void moveMember(int id, int row) override;
    std::shared_ptr<Member> takeMember(int id) override;
    [[nodiscard]] const Member *editedMember(int id) const override { return memberById(id); }
    [[nodiscard]] int editedRow(int id) const override { return rowOfId(id); }
    void applied(AppliedEdit edit) override;

    /** Every command goes through these, which tell the journal what changed. */
    void pushEdit(QUndoCommand *command);
    /** Before a push below the saved index: marks the members whose data differ (Member::dataDiffers). */
    void keepDataDiffers();
    void beginEditMacro(const QString &text);
    void endEditMacro();
    void undoIndexChanged(int index);
    /** A member for a journal's Insert, or null with \a why set. */
    std::shared_ptr<Member> memberForInsert(const npy::JournalOp &op, QString *why);
    /** A new member \a key (a fresh id) holding \a array, loaded, with no source: not yet in the document. */
    std::shared_ptr<Member> loadedMember(const QString &key, const npy::NpyArray &array);
    npy::Status applyJournalOps(const QList<npy::JournalOp> &ops, const QString &text);

    using OpenedSource = npy::Result<std::shared_ptr<const npy::Source>>;
    void updateIsModified();
    void adoptSource(std::shared_ptr<const npy::Source> source);
    /** Opens \a path on a worker, then calls \a done on this thread (unless the document is gone). */
    void openOnWorker(const QString &path, std::function<void(const OpenedSource &)> done);
    QString addSource(const QString &path, const std::shared_ptr<const npy::Source> &source);
    SaveJob prepareSave(const QString &path, npy::SaveFormat format, npy::CompressionLevel level) const;
    void adoptSaved(const SavedFile &outcome);
    Member *mutableMember(int id);
    /** Rebuilds mRowOfId and mRowOfKey from mMembers (after a change that moves rows or keys). */
    void reindex();
    /** Adds the last member to the indexes (an append moves no other row). */
    void indexLast();

    QString mFilePath;
    QString mStreamName;
    npy::FileFormat mFormat = npy::FileFormat::Npz;
    std::shared_ptr<const npy::Source> mSource;
    QList<std::shared_ptr<Member>> mMembers;
    // Row of each member id and of each key (the first member with it), in step with mMembers:
    // lookups by id or name never scan the list (an archive may hold 10^5 members and more).
    QHash<int, int> mRowOfId;
    QHash<QString, int> mRowOfKey;
    QUndoStack *mUndoStack;
    bool mModified = false;
    bool mSaving = false;
    bool mOpening = false;
    int mNextId = 1;
    JournalRecorder *mJournal = nullptr;
    QList<AppliedEdit> mApplied;
    bool mPushing = false;
    bool mRecovering = false;
    /** True while addMembers() adds: membersChanged() is emitted once at the end, not per member. */
    bool mBatching = false;
    int mMacroDepth = 0;
    int mLastIndex = 0;

    struct Load
    {
        std::shared_ptr<std::atomic_bool> cancel;
        QFutureWatcherBase *watcher = nullptr;
    };
    QHash<int, Load> mLoads;
    std::shared_ptr<std::atomic_bool> mSaveCancel;
    std::shared_ptr<std::atomic_bool> mNewCancel;
    bool mArrayEditing = false;
    std::shared_ptr<std::atomic_bool> mArrayEditCancel;
};

} // namespace npyw
