#include "journalrecorder.h"

#include "npyfile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QUndoStack>

namespace npyw {

namespace {

/** The largest array a step keeps inline (a structural change of a larger one ends the journal, saying so). */
constexpr qint64 kMaxInlineBytes = qint64(64) << 20;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

template <typename T>
QList<T> reversedList(const QList<T> &list)
{
    return QList<T>(list.crbegin(), list.crend());
}

} // namespace

JournalRecorder::JournalRecorder(const QUndoStack *stack, QObject *parent) : QObject(parent), mStack(stack)
{
    mTimer.setSingleShot(true);
    mTimer.setInterval(kFlushDelayMs);
    connect(&mTimer, &QTimer::timeout, this, &JournalRecorder::flush);
}

JournalRecorder::~JournalRecorder()
{
    stop();
}

void JournalRecorder::begin(const QString &path, std::shared_ptr<const npy::Source> source)
{
    stop();
    if (path.isEmpty() || !source)
        return;
    mFilePath = QFileInfo(path).absoluteFilePath();
    mSource = std::move(source);
    // The file as the document has it now (just opened or saved), whenever the first edit comes.
    mFileState = npy::journalFileState(mFilePath, *mSource);
    mWriter = std::make_unique<npy::JournalWriter>(npy::newJournalPath(mFilePath));
}

void JournalRecorder::stop()
{
    mTimer.stop();
    if (mWriter)
        mWriter->remove();
    mWriter.reset();
    mStarted = false;
    mShared = 0;
    mRedoable = 0;
    mHashed.clear();
    mWritten.clear();
}

void JournalRecorder::append(const QByteArray &record)
{
    if (!mWriter)
        return;
    if (!mStarted) {
        mStarted = true;
        mWriter->append(npy::encodeJournalStart(mFileState, now()));
    }
    mWriter->append(record);
    if (!mTimer.isActive())
        mTimer.start();
}

void JournalRecorder::flush()
{
    mTimer.stop();
    if (!mWriter || !mWriter->hasPending())
        return;
    const npy::Status written = mWriter->flush();
    if (!written) {
        // A journal missing steps would replay into something else: none is better.
        stop();
        emit failed(written.error());
    }
}

void JournalRecorder::touch(const Member &member)
{
    // Only while its data are the file's: not written since the journal began (an undo past a save
    // writes too), nor edited before it (a copy of an edited member).
    if (!mWriter || member.source != mSource || member.sourceIndex < 0 || member.isDataEdited() || !member.loaded
        || mHashed.contains(member.sourceIndex) || mWritten.contains(member.id))
        return;
    mHashed.insert(member.sourceIndex);
    append(npy::encodeJournalMemberHash(
        npy::journalMemberHash(member.sourceIndex, member.key, member.array.data(), member.array.nbytes())));
}

npy::JournalOp JournalRecorder::opOf(const AppliedEdit &edit) const
{
    if (edit.kind == npy::JournalOpKind::Write) {
        return edit.reversed ? npy::JournalOp::write(edit.row, reversedList(edit.offsets), reversedList(edit.values))
                             : npy::JournalOp::write(edit.row, edit.offsets, edit.values);
    }
    npy::JournalOp op;
    op.kind = edit.kind;
    op.row = edit.row;
    op.key = edit.key;
    if (edit.kind != npy::JournalOpKind::Insert || !edit.member)
        return op;
    const Member &m = *edit.member;
    const bool asInSource = m.source && m.sourceIndex >= 0 && !m.isDataEdited() && !mWritten.contains(m.id);
    if (asInSource && m.source == mSource) {
        op.origin = npy::JournalOrigin::BaseFile;
        op.sourceIndex = m.sourceIndex;
        return op;
    }
    // Another file, named by path; never an older version of this file (a save replaced it).
    if (asInSource && QFileInfo(m.source->path()).absoluteFilePath() != mFilePath) {
        const QFileInfo info(m.source->path());
        op.origin = npy::JournalOrigin::OtherFile;
        op.sourceIndex = m.sourceIndex;
        op.originPath = info.absoluteFilePath();
        op.originSize = info.size();
        op.originMtimeMs = info.fileTime(QFileDevice::FileModificationTime).toMSecsSinceEpoch();
        return op;
    }
    // Edited, from no file, or from this file before a save: the array itself.
    op.origin = npy::JournalOrigin::Inline;
    npy::NpyArray array = m.array;
    if (!m.loaded && m.source) {
        npy::Result<npy::NpyArray> loaded = m.source->load(m.sourceIndex);
        if (loaded)
            array = std::move(loaded).value();
    }
    if (array.nbytes() > kMaxInlineBytes)
        return op; // empty bytes: step() ends the journal
    QBuffer buffer(&op.npyBytes);
    buffer.open(QIODevice::WriteOnly);
    if (array.isNull() || !npy::writeNpy(&buffer, array))
        op.npyBytes.clear();
    return op;
}

void JournalRecorder::step(const QString &text, const QList<AppliedEdit> &edits, bool replacesTop)
{
    if (!mWriter || edits.isEmpty())
        return;
    npy::JournalEntry e;
    e.kind = npy::JournalEntryKind::Step;
    e.timeMs = now();
    e.replacesTop = replacesTop;
    e.text = text;
    for (const AppliedEdit &edit : edits) {
        if (edit.replaces || edit.movedFrom >= 0) {
            // A structural change: the member at the row goes, and its new array comes in at its place; a move:
            // the member goes from where it was, and comes in at its new row.
            npy::JournalOp remove;
            remove.kind = npy::JournalOpKind::Remove;
            remove.row = edit.replaces ? edit.row : edit.movedFrom;
            e.ops.append(remove);
        }
        e.ops.append(opOf(edit));
        if (e.ops.last().origin == npy::JournalOrigin::Inline && e.ops.last().kind == npy::JournalOpKind::Insert
            && e.ops.last().npyBytes.isEmpty()) {
            // A member that cannot be read (its file was replaced since), or too large to copy into the
            // journal: the journal cannot hold this step.
            const bool large = edit.member && edit.member->loaded && edit.member->array.nbytes() > kMaxInlineBytes;
            stop();
            emit failed(large ? QCoreApplication::translate("npyw::JournalRecorder",
                                                            "“%1” (%2 MiB) is too large to keep in the journal")
                                    .arg(edit.key)
                                    .arg(edit.member->array.nbytes() >> 20)
                              : QCoreApplication::translate("npyw::JournalRecorder",
                                                            "the member “%1” cannot be read to be kept in the journal")
                                    .arg(edit.key));
            return;
        }
    }
    for (const AppliedEdit &edit : edits) {
        if (edit.kind == npy::JournalOpKind::Write)
            mWritten.insert(edit.memberId);
    }
    append(npy::encodeJournalEntry(e));
}

void JournalRecorder::entry(npy::JournalEntryKind kind)
{
    npy::JournalEntry e;
    e.kind = kind;
    e.timeMs = now();
    append(npy::encodeJournalEntry(e));
}

void JournalRecorder::pushed(int delta, const QString &text, QList<AppliedEdit> edits)
{
    if (!mWriter)
        return;
    if (delta > 0) {
        step(text, edits, false);
        ++mShared;
    } else if (delta == 0 && mShared > 0) {
        // Merged into the top step, which the replayed stack holds: replace it there.
        step(text, edits, true);
    } else if (delta < 0 && mShared > 0) {
        // The merge gave the cell its value back and the step went: undo it there.
        entry(npy::JournalEntryKind::Undo);
        --mShared;
    } else {
        // Merged into a step the journal does not hold: what the push wrote is the change.
        step(text, edits, false);
    }
    mRedoable = 0;
}

void JournalRecorder::moved(int from, int to, QList<AppliedEdit> edits)
{
    if (!mWriter || from == to)
        return;
    // Split the edits by step: each command reports once, a macro once per child.
    const bool undoing = to < from;
    QList<QList<AppliedEdit>> steps;
    QStringList texts;
    qsizetype used = 0;
    for (int i = 0; i < qAbs(to - from); ++i) {
        const int index = undoing ? from - 1 - i : from + i;
        const QUndoCommand *cmd = mStack->command(index);
        const qsizetype n = cmd ? qMax(1, cmd->childCount()) : 1;
        steps.append(edits.mid(used, n));
        texts.append(cmd ? cmd->text() : QString());
        used += n;
    }
    if (used != edits.size()) {
        // Not what the commands should report: keep the state right, as one step.
        step(QCoreApplication::translate("npyw::JournalRecorder", "Recovered Changes"), edits, false);
        mShared = 0;
        mRedoable = 0;
        return;
    }
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (undoing) {
            if (mShared > 0) {
                entry(npy::JournalEntryKind::Undo);
                --mShared;
                ++mRedoable;
            } else {
                step(QCoreApplication::translate("npyw::JournalRecorder", "Undo %1").arg(texts[i]), steps[i], false);
                mRedoable = 0;
            }
        } else {
            if (mRedoable > 0) {
                entry(npy::JournalEntryKind::Redo);
                --mRedoable;
            } else {
                step(texts[i], steps[i], false);
            }
            ++mShared;
        }
    }
}

} // namespace npyw
