#include "undocommands.h"

#include "document.h"

#include <QCoreApplication>

namespace npyw {

SetValues::SetValues(Document *document, int memberId, QList<qint64> offsets, QList<QByteArray> bytes,
                     const QString &text, bool mergeable)
    : mDocument(document)
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
    const bool first = mOld.isEmpty();
    for (qsizetype i = 0; i < mOffsets.size(); ++i) {
        QByteArray old = mDocument->replaceBytes(mMemberId, mOffsets[i], mNew[i]);
        if (first)
            mOld.append(std::move(old));
    }
    mDocument->adjustEdits(mMemberId, +1, 0);
}

void SetValues::undo()
{
    for (qsizetype i = mOffsets.size() - 1; i >= 0; --i)
        mDocument->replaceBytes(mMemberId, mOffsets[i], mOld[i]);
    mDocument->adjustEdits(mMemberId, -1, 0);
}

bool SetValues::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetValues *>(other);
    if (o->mMemberId != mMemberId || !o->mMergeable || !mMergeable || o->mOffsets != mOffsets)
        return false;
    mNew = o->mNew;
    // The merged command's redo() counted one edit; this command now stands for both.
    mDocument->adjustEdits(mMemberId, -1, 0);
    if (mNew == mOld) {
        // Back to the original value: QUndoStack drops an obsolete command without undoing it.
        setObsolete(true);
        mDocument->adjustEdits(mMemberId, -1, 0);
    }
    return true;
}

RenameMember::RenameMember(Document *document, int memberId, QString newKey)
    : mDocument(document), mMemberId(memberId), mKey(std::move(newKey))
{
    setText(QCoreApplication::translate("Undo Commands", "Rename Member to “%1”").arg(mKey));
}

void RenameMember::swap()
{
    const Member *m = mDocument->memberById(mMemberId);
    const QString old = m ? m->key : QString();
    mDocument->setMemberKey(mMemberId, mKey);
    mKey = old;
}

void RenameMember::redo()
{
    swap();
    mDocument->adjustEdits(mMemberId, 0, +1);
}

void RenameMember::undo()
{
    swap();
    mDocument->adjustEdits(mMemberId, 0, -1);
}

RemoveMember::RemoveMember(Document *document, int memberId) : mDocument(document), mMemberId(memberId)
{
    const Member *m = document->memberById(memberId);
    setText(QCoreApplication::translate("Undo Commands", "Delete Member “%1”").arg(m ? m->key : QString()));
}

void RemoveMember::redo()
{
    mRow = mDocument->rowOfId(mMemberId);
    mMember = mDocument->takeMember(mMemberId);
}

void RemoveMember::undo()
{
    if (mMember)
        mDocument->insertMember(mRow, std::move(mMember));
    mMember.reset();
}

InsertMember::InsertMember(Document *document, int row, std::shared_ptr<Member> member, const QString &text)
    : mDocument(document), mRow(row), mMemberId(member->id), mMember(std::move(member))
{
    setText(text);
}

void InsertMember::redo()
{
    mMember->changes += 1;
    mDocument->insertMember(mRow, std::move(mMember));
    mMember.reset();
}

void InsertMember::undo()
{
    mMember = mDocument->takeMember(mMemberId);
    if (mMember)
        mMember->changes -= 1;
}

} // namespace npyw
