#include "undocommands.h"

#include <QCoreApplication>

namespace npyw {

SetValues::SetValues(EditTarget *target, int memberId, QList<qint64> offsets, QList<QByteArray> bytes,
                     const QString &text, bool mergeable)
    : mTarget(target)
    , mMemberId(memberId)
    , mOffsets(std::move(offsets))
    , mNew(std::move(bytes))
    , mMergeable(mergeable && mOffsets.size() == 1)
{
    Q_ASSERT(mOffsets.size() == mNew.size());
    setText(text);
}

void SetValues::redo()
{
    QList<QByteArray> old = mTarget->replaceBytes(mMemberId, mOffsets, mNew, false);
    if (mOld.isEmpty())
        mOld = std::move(old);
    mTarget->adjustEdits(mMemberId, +1, 0);
    mTarget->applied(
        {npy::JournalOpKind::Write, mTarget->editedRow(mMemberId), mOffsets, mNew, false, {}, {}, mMemberId});
}

void SetValues::undo()
{
    mTarget->replaceBytes(mMemberId, mOffsets, mOld, true);
    mTarget->adjustEdits(mMemberId, -1, 0);
    mTarget->applied(
        {npy::JournalOpKind::Write, mTarget->editedRow(mMemberId), mOffsets, mOld, true, {}, {}, mMemberId});
}

bool SetValues::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetValues *>(other);
    if (o->mMemberId != mMemberId || !o->mMergeable || !mMergeable || o->mOffsets != mOffsets)
        return false;
    mNew = o->mNew;
    // The merged command's redo() counted one edit; this command now stands for both.
    mTarget->adjustEdits(mMemberId, -1, 0);
    if (mNew == mOld) {
        // Back to the original value: QUndoStack drops an obsolete command without undoing it.
        setObsolete(true);
        mTarget->adjustEdits(mMemberId, -1, 0);
    }
    return true;
}

RenameMember::RenameMember(EditTarget *target, int memberId, QString newKey)
    : mTarget(target), mMemberId(memberId), mKey(std::move(newKey))
{
    setText(QCoreApplication::translate("Undo Commands", "Rename Member to “%1”").arg(mKey));
}

void RenameMember::swap()
{
    const Member *m = mTarget->editedMember(mMemberId);
    const QString old = m ? m->key : QString();
    mTarget->setMemberKey(mMemberId, mKey);
    mTarget->applied({npy::JournalOpKind::Rename, mTarget->editedRow(mMemberId), {}, {}, false, mKey, {}, mMemberId});
    mKey = old;
}

void RenameMember::redo()
{
    swap();
    mTarget->adjustEdits(mMemberId, 0, +1);
}

void RenameMember::undo()
{
    swap();
    mTarget->adjustEdits(mMemberId, 0, -1);
}

RemoveMember::RemoveMember(EditTarget *target, int memberId) : mTarget(target), mMemberId(memberId)
{
    const Member *m = target->editedMember(memberId);
    setText(QCoreApplication::translate("Undo Commands", "Delete Member “%1”").arg(m ? m->key : QString()));
}

void RemoveMember::redo()
{
    mRow = mTarget->editedRow(mMemberId);
    mMember = mTarget->takeMember(mMemberId);
    mTarget->applied({npy::JournalOpKind::Remove, mRow, {}, {}, false, {}, {}, mMemberId});
}

void RemoveMember::undo()
{
    if (mMember) {
        std::shared_ptr<const Member> member = mMember;
        mTarget->insertMember(mRow, std::move(mMember));
        mTarget->applied(
            {npy::JournalOpKind::Insert, mTarget->editedRow(mMemberId), {}, {}, false, member->key, member, mMemberId});
    }
    mMember.reset();
}

InsertMember::InsertMember(EditTarget *target, int row, std::shared_ptr<Member> member, const QString &text)
    : mTarget(target), mRow(row), mMemberId(member->id), mMember(std::move(member))
{
    setText(text);
}

void InsertMember::redo()
{
    mMember->changes += 1;
    std::shared_ptr<const Member> member = mMember;
    mTarget->insertMember(mRow, std::move(mMember));
    mMember.reset();
    mTarget->applied({npy::JournalOpKind::Insert, mTarget->editedRow(mMemberId), {}, {}, false, member->key, member,
                      mMemberId});
}

void InsertMember::undo()
{
    const int row = mTarget->editedRow(mMemberId);
    mMember = mTarget->takeMember(mMemberId);
    if (mMember) {
        mMember->changes -= 1;
        mTarget->applied({npy::JournalOpKind::Remove, row, {}, {}, false, {}, {}, mMemberId});
    }
}

MoveMember::MoveMember(EditTarget *target, int memberId, int row, const QString &text)
    : mTarget(target), mMemberId(memberId), mRow(row)
{
    setText(text);
}

void MoveMember::move(int to, int changeDelta)
{
    const int from = mTarget->editedRow(mMemberId);
    const Member *m = mTarget->editedMember(mMemberId);
    if (!m || from < 0)
        return;
    mTarget->moveMember(mMemberId, to);
    mTarget->adjustEdits(mMemberId, 0, changeDelta);
    AppliedEdit edit;
    edit.kind = npy::JournalOpKind::Insert;
    edit.row = mTarget->editedRow(mMemberId);
    edit.key = m->key;
    edit.member = std::make_shared<const Member>(*m);
    edit.memberId = mMemberId;
    edit.movedFrom = from;
    mTarget->applied(std::move(edit));
    mFrom = from;
}

void MoveMember::redo()
{
    move(mRow, +1);
}

void MoveMember::undo()
{
    move(mFrom, -1);
}

SetArray::SetArray(EditTarget *target, int memberId, npy::NpyArray array, const QString &text)
    : mTarget(target), mMemberId(memberId), mArray(std::move(array))
{
    setText(text);
}

void SetArray::swap(int dataDelta)
{
    npy::NpyArray old = mTarget->replaceArray(mMemberId, mArray);
    if (old.isNull())
        return;
    mArray = std::move(old);
    mTarget->adjustEdits(mMemberId, dataDelta, 0);
    const Member *m = mTarget->editedMember(mMemberId);
    AppliedEdit edit;
    edit.kind = npy::JournalOpKind::Insert;
    edit.row = mTarget->editedRow(mMemberId);
    edit.key = m->key;
    edit.member = std::make_shared<const Member>(*m);
    edit.memberId = mMemberId;
    edit.replaces = true;
    mTarget->applied(std::move(edit));
}

void SetArray::redo()
{
    swap(+1);
}

void SetArray::undo()
{
    swap(-1);
}

} // namespace npyw
