#pragma once

#include "journalfile.h"
#include "undocommands.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

class QUndoStack;

namespace npyw {

/**
 * Writes a Document's undo steps to a crash journal (npy::JournalWriter), so that they can be
 * replayed (Document::recoverJournal()) after the process died.
 *
 * The document tells it each push (with the edits its commands applied) and each move of the undo
 * index (an undo, a redo, a jump of the undo view). It writes a step for each push; an undo or a redo
 * record when the replayed stack holds the same step (undone steps of the journal can be redone
 * there); otherwise, as a step, what the undo or redo did (an undo past the last save, whose step
 * the journal never had, or a redo after one). A single-cell edit merged into the step below
 * replaces it (or undoes it, when the cell is back to its value). Records go to disk, synced, at most
 * half a second after the edit. The journal file is made on the first record, so an unedited file
 * leaves none; the recorder removes its journal when it is destroyed (a document closed normally was
 * saved or discarded) and when begun again (after a save). When the journal cannot be written it
 * says so once (failed()) and records nothing more.
 */
class JournalRecorder : public QObject
{
    Q_OBJECT

public:
    /** How long records may wait before they are written and synced. */
    static constexpr int kFlushDelayMs = 500;

    JournalRecorder(const QUndoStack *stack, QObject *parent = nullptr);
    ~JournalRecorder() override;

    /** Starts a fresh journal for the file \a path opened as \a source (the previous one is removed). */
    void begin(const QString &path, std::shared_ptr<const npy::Source> source);
    /** Removes the journal and records nothing more. */
    void stop();
    [[nodiscard]] bool isRecording() const { return bool(mWriter); }
    /** The journal's path (which exists once something was recorded). */
    [[nodiscard]] QString journalPath() const { return mWriter ? mWriter->path() : QString(); }

    /** Before the first write to \a member: records what its data looks like when it is the file's. */
    void touch(const Member &member);
    /**
     * A push changed the undo index by \a delta (1: a new step; 0: merged into the top step; -1: the
     * merge brought the cell back, the step went). \a edits are what it applied.
     */
    void pushed(int delta, const QString &text, QList<AppliedEdit> edits);
    /** The undo index moved from \a from to \a to by undos or redos that applied \a edits. */
    void moved(int from, int to, QList<AppliedEdit> edits);
    /** Writes and syncs the records now. */
    void flush();

signals:
    /** The journal could not be written (said once): the edits go on unjournaled. */
    void failed(const QString &message);

private:
    void append(const QByteArray &record);
    void step(const QString &text, const QList<AppliedEdit> &edits, bool replacesTop);
    void entry(npy::JournalEntryKind kind);
    [[nodiscard]] npy::JournalOp opOf(const AppliedEdit &edit) const;

    const QUndoStack *mStack;
    QString mFilePath;
    std::shared_ptr<const npy::Source> mSource;
    npy::JournalFileState mFileState;
    std::unique_ptr<npy::JournalWriter> mWriter;
    bool mStarted = false;
    /** Steps below the index (from the top) the replayed stack holds as well; steps above it, to redo. */
    int mShared = 0;
    int mRedoable = 0;
    QSet<int> mHashed;
    /** Ids of the members written since the journal began. */
    QSet<int> mWritten;
    QTimer mTimer;
};

} // namespace npyw
