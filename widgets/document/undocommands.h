#pragma once

/**
 * @file
 * The undo commands of a Document: every change to its members goes through one of them.
 *
 * The commands change a document through EditTarget, which Document implements privately: the
 * commands know no Document (this file includes only documentmember.h), and nothing but a command
 * reaches the mutators. A command does not own its target, the document, which owns the QUndoStack
 * that owns the command.
 */

#include "documentmember.h"
#include "journal.h"

#include <QByteArray>
#include <QList>
#include <QUndoCommand>

#include <memory>

namespace npyw {

/**
 * What an undo command just did, in a redo() or an undo(): one per call, reported through
 * EditTarget::applied() for the crash journal. The row is the member's place when it was done.
 */
struct AppliedEdit
{
    npy::JournalOpKind kind = npy::JournalOpKind::Write;
    int row = -1;
    /** Write: the bytes written at each offset, in the order written (reversed: last first). */
    QList<qint64> offsets;
    QList<QByteArray> values;
    bool reversed = false;
    /** Rename: the key the member now has. */
    QString key;
    /** Insert: the member inserted. */
    std::shared_ptr<const Member> member;
    /** The member's id in the document. */
    int memberId = -1;
    /**
     * Insert that takes the place of the member at row (a structural change: its array replaced whole):
     * the journal records it as a Remove of that row and an Insert there.
     */
    bool replaces = false;
    /**
     * Insert that moves the member from this row to row (a change of order, MoveMember): the journal records it
     * as a Remove of this row and an Insert at row. -1 otherwise.
     */
    int movedFrom = -1;
};

/**
 * What the undo commands change: a document's mutators. Document implements it privately and hands
 * itself to the commands it pushes. Member ids are the document's; a call with an unknown id does
 * nothing (and returns empty or null).
 */
class EditTarget
{
public:
    virtual ~EditTarget() = default;
    /**
     * Writes \a bytes[i] at byte \a offsets[i] of loaded member \a id, in order (\a backwards: the last
     * first), and tells the views once; returns the bytes replaced, index for index.
     */
    virtual QList<QByteArray> replaceBytes(int id, const QList<qint64> &offsets, const QList<QByteArray> &bytes,
                                           bool backwards) = 0;
    /** Adds \a dataDelta to the member's dataEdits and \a changeDelta to its changes. */
    virtual void adjustEdits(int id, int dataDelta, int changeDelta) = 0;
    virtual void setMemberKey(int id, const QString &key) = 0;
    /**
     * Makes \a array (loaded) member \a id's array, its header the member's, and tells the views as a
     * fresh load; returns the array it replaced (null when there is no such loaded member).
     */
    virtual npy::NpyArray replaceArray(int id, npy::NpyArray array) = 0;
    /** Inserts \a member at \a row (clamped to the list). */
    virtual void insertMember(int row, std::shared_ptr<Member> member) = 0;
    /**
     * Moves member \a id to \a row of the list without it (clamped), keeping it whole: no removal is announced,
     * so the views showing it go on showing it.
     */
    virtual void moveMember(int id, int row) = 0;
    /** Removes member \a id from the list and hands it over (null when there is none). */
    virtual std::shared_ptr<Member> takeMember(int id) = 0;
    /** Member \a id (null when there is none) and its row (-1). */
    [[nodiscard]] virtual const Member *editedMember(int id) const = 0;
    [[nodiscard]] virtual int editedRow(int id) const = 0;
    /** Told, at the end of each redo() and undo(), what it did (see AppliedEdit). */
    virtual void applied(AppliedEdit edit) = 0;
};

/** Merge ids of the commands that merge (QUndoCommand::id()). */
enum UndoCommandId {
    Cmd_SetValue = 1,
};

/**
 * Writes bytes at byte offsets of one member's data; undo writes the old bytes back.
 * A single-cell edit merges with the next edit of the same cell (Cmd_SetValue); when the
 * merged value equals the original the command becomes obsolete and disappears.
 */
class SetValues : public QUndoCommand
{
public:
    SetValues(EditTarget *target, int memberId, QList<qint64> offsets, QList<QByteArray> bytes,
              const QString &text, bool mergeable);

    void redo() override;
    void undo() override;
    int id() const override { return mMergeable ? Cmd_SetValue : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    EditTarget *mTarget;
    int mMemberId;
    QList<qint64> mOffsets;
    QList<QByteArray> mNew;
    QList<QByteArray> mOld;
    bool mMergeable;
};

/** Renames a member (its np.load key). */
class RenameMember : public QUndoCommand
{
public:
    RenameMember(EditTarget *target, int memberId, QString newKey);
    void redo() override;
    void undo() override;

private:
    void swap();
    EditTarget *mTarget;
    int mMemberId;
    QString mKey;
};

/** Removes a member; undo puts it back where it was, edits included. */
class RemoveMember : public QUndoCommand
{
public:
    RemoveMember(EditTarget *target, int memberId);
    void redo() override;
    void undo() override;

private:
    EditTarget *mTarget;
    int mMemberId;
    int mRow = -1;
    std::shared_ptr<Member> mMember;
};

/** Inserts a member (a duplicate, or an array added from a file) at a row. */
class InsertMember : public QUndoCommand
{
public:
    InsertMember(EditTarget *target, int row, std::shared_ptr<Member> member, const QString &text);
    void redo() override;
    void undo() override;

private:
    EditTarget *mTarget;
    int mRow;
    int mMemberId;
    std::shared_ptr<Member> mMember;
};

/**
 * Moves a member to another row (the order a save writes the members in); undo moves it back. A move of
 * several members is a macro of these.
 */
class MoveMember : public QUndoCommand
{
public:
    MoveMember(EditTarget *target, int memberId, int row, const QString &text);
    void redo() override;
    void undo() override;

private:
    void move(int to, int changeDelta);
    EditTarget *mTarget;
    int mMemberId;
    int mRow;
    int mFrom = -1;
};

/**
 * Replaces a loaded member's array with another of any shape and dtype (a transpose, reshape, astype,
 * insert or delete along an axis, computed before the push); undo puts the old array back. Both arrays
 * are kept (sharing bytes with the member where they can), so undo and redo cost no copy. The member
 * counts one data edit while the new array is in place, so a save writes it.
 */
class SetArray : public QUndoCommand
{
public:
    SetArray(EditTarget *target, int memberId, npy::NpyArray array, const QString &text);
    void redo() override;
    void undo() override;

private:
    void swap(int dataDelta);
    EditTarget *mTarget;
    int mMemberId;
    npy::NpyArray mArray;
};

} // namespace npyw
