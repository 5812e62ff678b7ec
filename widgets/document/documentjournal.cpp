// Document: every undo command goes through pushEdit() or a macro, and what the commands applied goes
// to the crash journal (journalrecorder.h).
#include "document.h"

#include "journalrecorder.h"

#include <QUndoStack>

namespace npyw {

void Document::startJournal()
{
    if (!mJournal) {
        mJournal = new JournalRecorder(mUndoStack, this);
        connect(mJournal, &JournalRecorder::failed, this, &Document::journalFailed);
    }
    mJournal->begin(mFilePath, mSource);
}

void Document::discardJournal()
{
    if (mJournal)
        mJournal->stop();
}

QString Document::journalPath() const
{
    return mJournal ? mJournal->journalPath() : QString();
}

void Document::flushJournal()
{
    if (mJournal)
        mJournal->flush();
}

void Document::applied(AppliedEdit edit)
{
    if (mJournal && mJournal->isRecording())
        mApplied.append(std::move(edit));
}

void Document::pushEdit(QUndoCommand *command)
{
    const QString text = command->text(); // a merged command is gone after the push
    const int before = mUndoStack->index();
    if (mMacroDepth == 0)
        keepDataDiffers();
    mPushing = true;
    mUndoStack->push(command);
    mPushing = false;
    if (mMacroDepth > 0)
        return; // the macro is one step, told when it ends
    mLastIndex = mUndoStack->index();
    QList<AppliedEdit> edits = std::exchange(mApplied, {});
    if (mJournal)
        mJournal->pushed(mLastIndex - before, text, std::move(edits));
}

void Document::keepDataDiffers()
{
    if (mUndoStack->index() >= mUndoStack->cleanIndex())
        return;
    // Below the save: a push drops the saved state from the stack, and with it what the net edit counts
    // are measured from. Members whose data differ from the file now keep saying so until saved.
    for (const auto &m : mMembers) {
        if (m->dataEdits != 0)
            m->dataDiffers = true;
    }
}

void Document::beginEditMacro(const QString &text)
{
    if (mMacroDepth++ == 0) {
        mApplied.clear();
        keepDataDiffers();
    }
    mUndoStack->beginMacro(text);
}

void Document::endEditMacro()
{
    const int before = mUndoStack->index();
    mPushing = true;
    mUndoStack->endMacro();
    mPushing = false;
    if (--mMacroDepth > 0)
        return;
    mLastIndex = mUndoStack->index();
    QList<AppliedEdit> edits = std::exchange(mApplied, {});
    if (mJournal && mLastIndex > before)
        mJournal->pushed(mLastIndex - before, mUndoStack->text(mLastIndex - 1), std::move(edits));
}

void Document::undoIndexChanged(int index)
{
    if (mPushing || mMacroDepth > 0)
        return;
    const int from = mLastIndex;
    mLastIndex = index;
    QList<AppliedEdit> edits = std::exchange(mApplied, {});
    if (mJournal)
        mJournal->moved(from, index, std::move(edits));
}

} // namespace npyw
