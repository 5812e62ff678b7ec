#pragma once

/**
 * @file
 * The crash journal's format: the unsaved edits of one open file, appended as they are made, so that
 * a killed process loses none of them.
 *
 * A journal is the 8-byte magic `NPYJRNL1` then records. A record is its payload length (u32, little
 * endian), its type (u8), the payload, and the CRC-32 of the length, type and payload (u32). The
 * first record names the file and what it looked like (JournalFileState); then come member hashes
 * (what a touched member's data looked like) and entries: a step (an undo step made of edit
 * operations), an undo or a redo of the last step. Replaying the entries in order over the file as
 * described gives the document as it was. Edits are stored compactly: the byte offsets of a write
 * are runs (start, stride, count) and a constant is stored once, so a fill of a million cells is a
 * few dozen bytes.
 *
 * Pure: no file is read or written here (journalfile.h does that).
 */

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace npy {

/** What a file looked like when its journal began: any difference later means it changed. */
struct JournalFileState
{
    QString path;            ///< absolute path
    qint64 size = -1;        ///< bytes
    qint64 mtimeMs = 0;      ///< modification time, ms since the epoch (UTC)
    quint32 headersHash = 0; ///< CRC-32 over every member's name, NPY header, sizes and ZIP CRC-32
    qint64 memberCount = 0;

    friend bool operator==(const JournalFileState &a, const JournalFileState &b)
    {
        return a.path == b.path && a.size == b.size && a.mtimeMs == b.mtimeMs && a.headersHash == b.headersHash
               && a.memberCount == b.memberCount;
    }
};

/** What the data of a member of the file looked like before the journal's first write to it. */
struct JournalMemberHash
{
    int sourceIndex = -1; ///< the member's index in the file
    QString key;
    qint64 hashedBytes = 0; ///< how many data bytes, from the first, the CRC covers
    quint32 crc = 0;        ///< CRC-32 of those bytes

    friend bool operator==(const JournalMemberHash &a, const JournalMemberHash &b)
    {
        return a.sourceIndex == b.sourceIndex && a.key == b.key && a.hashedBytes == b.hashedBytes && a.crc == b.crc;
    }
};

/** Byte offsets start, start + stride, ... (count of them). */
struct OffsetRun
{
    qint64 start = 0;
    qint64 stride = 0;
    qint64 count = 0;

    friend bool operator==(const OffsetRun &a, const OffsetRun &b)
    {
        return a.start == b.start && a.stride == b.stride && a.count == b.count;
    }
};

enum class JournalOpKind : quint8 {
    Write = 1,  ///< write bytes at byte offsets of the data of the member at row
    Rename = 2, ///< the member at row takes key
    Remove = 3, ///< the member at row goes
    Insert = 4, ///< a member named key comes in at row, from origin
};

/** Where an inserted member's array comes from. */
enum class JournalOrigin : quint8 {
    BaseFile = 0,  ///< member sourceIndex of the journal's own file, as it is there
    OtherFile = 1, ///< member sourceIndex of the file originPath (of originSize bytes, modified at originMtimeMs)
    Inline = 2,    ///< the `.npy` bytes in npyBytes
};

/** One edit operation; rows are the member's place in the document when the operation is applied. */
struct JournalOp
{
    JournalOpKind kind = JournalOpKind::Write;
    int row = -1;
    // Write
    QList<OffsetRun> runs;
    /** One value (written at every offset) or one per offset, in offset order. */
    QList<QByteArray> values;
    // Rename, Insert
    QString key;
    // Insert
    JournalOrigin origin = JournalOrigin::BaseFile;
    int sourceIndex = -1;
    QString originPath;
    qint64 originSize = -1;
    qint64 originMtimeMs = 0;
    QByteArray npyBytes;

    /** The number of offsets the runs hold. */
    [[nodiscard]] qint64 offsetCount() const;
    /** The offsets, expanded (offsetCount() of them). */
    [[nodiscard]] QList<qint64> offsets() const;
    /** The value written at the \a i-th offset. */
    [[nodiscard]] const QByteArray &valueAt(qint64 i) const { return values.size() == 1 ? values[0] : values[i]; }

    /** A Write of \a values at \a offsets (same length) to the member at \a row, stored compactly. */
    static JournalOp write(int row, const QList<qint64> &offsets, const QList<QByteArray> &values);
};

enum class JournalEntryKind : quint8 {
    Step = 1, ///< an undo step: ops applied in order (after undoing the last step when replacesTop)
    Undo = 2, ///< the last step applied is undone
    Redo = 3, ///< the step undone last is redone
};

struct JournalEntry
{
    JournalEntryKind kind = JournalEntryKind::Step;
    qint64 timeMs = 0; ///< when it was made, ms since the epoch (UTC)
    /** A single-cell edit merged into the step before it: replay undoes that step and applies this one. */
    bool replacesTop = false;
    QString text; ///< the undo step's name
    QList<JournalOp> ops;
};

/** A journal as read back. */
struct JournalContent
{
    JournalFileState file;
    qint64 createdMs = 0;
    QList<JournalMemberHash> memberHashes;
    QList<JournalEntry> entries;
    /** Bytes of the journal made of whole records with good checksums. */
    qint64 validBytes = 0;
    /** True when the last record was cut short (the process was killed writing it): it was dropped. */
    bool tornTail = false;
    /** Empty, or why a damaged record and all that follows it were dropped (translated, located). */
    QString damage;

    /** The number of undo steps a replay leaves applied (steps and redos less undos). */
    [[nodiscard]] int netSteps() const;
    /** The time of the last entry (or of the start when there is none). */
    [[nodiscard]] qint64 lastTimeMs() const;
};

/** The magic that starts every journal. */
[[nodiscard]] QByteArray journalMagic();
/** The magic and the first record, naming \a file; \a createdMs is when the journal begins. */
[[nodiscard]] QByteArray encodeJournalStart(const JournalFileState &file, qint64 createdMs);
/** A member hash record. */
[[nodiscard]] QByteArray encodeJournalMemberHash(const JournalMemberHash &hash);
/** A step, undo or redo record. */
[[nodiscard]] QByteArray encodeJournalEntry(const JournalEntry &entry);

/**
 * Reads a journal (\a where names it in messages). Fails when there is no journal at all (no magic,
 * or a first record that is not a good file record). A last record cut short is dropped (tornTail);
 * a record whose checksum or contents are bad is dropped with everything after it (damage says
 * which, at which byte), since later edits build on it. Never trusts a length: a record longer than
 * the bytes left is torn, never read past the end.
 */
[[nodiscard]] Result<JournalContent> parseJournal(const QByteArray &bytes, const QString &where);

} // namespace npy
