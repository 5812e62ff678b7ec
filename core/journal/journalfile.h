#pragma once

/**
 * @file
 * Journals on disk: where they live, which belong to a file, what a file looks like now, and an
 * appending writer that syncs what it writes.
 *
 * Journals live in `$XDG_STATE_HOME/npy-inspector/` (`~/.local/state/npy-inspector/` when the
 * variable is unset or not absolute), one per editing session of a file:
 * `<file name>-<16 hex digits of the path's SHA-1>-<session>.journal` (in QStandardPaths' test mode,
 * `~/.qttest/state/npy-inspector/`, so that GUI tests never touch the user's). A session holds a lock file
 * beside its journal while it writes, so a journal whose lock is held belongs to a live process and is
 * never offered for recovery.
 */

#include "journal.h"
#include "source.h"

#include <QFile>
#include <QLockFile>

#include <memory>

namespace npy {

/** The folder journals live in (not created here). */
[[nodiscard]] QString journalDirectory();
/** A fresh journal path for an editing session of \a filePath. */
[[nodiscard]] QString newJournalPath(const QString &filePath);
/**
 * The journals left for \a filePath that no live process writes (their lock is free or stale),
 * newest first.
 */
[[nodiscard]] QStringList journalsFor(const QString &filePath);
/** Reads the journal file \a path (see parseJournal()). */
[[nodiscard]] Result<JournalContent> readJournalFile(const QString &path);
/** Deletes the journal \a path and its lock file. */
bool removeJournal(const QString &path);

/** What \a path, opened as \a source, looks like now (size, time, headers). */
[[nodiscard]] JournalFileState journalFileState(const QString &path, const Source &source);
/** The CRC-32 over \a source's member names, headers, sizes and ZIP CRC-32s. */
[[nodiscard]] quint32 headersHash(const Source &source);
/** How \a now differs from \a then, one translated sentence each; empty when it does not. */
[[nodiscard]] QStringList journalFileChanges(const JournalFileState &then, const JournalFileState &now);

/** How many data bytes of a member a JournalMemberHash covers at most (from the first). */
inline constexpr qint64 kJournalHashedBytes = qint64(64) << 20;
/** The hash of member \a sourceIndex named \a key whose data are \a data (\a size bytes). */
[[nodiscard]] JournalMemberHash journalMemberHash(int sourceIndex, const QString &key, const uchar *data,
                                                  qint64 size);

/**
 * Appends records to one journal file and makes them durable: append() keeps them in memory,
 * flush() writes them, flushes and fsyncs. The file is created, with its lock, on the first
 * flush. Errors are reported, once, by flush()'s result; the records are then dropped.
 */
class JournalWriter
{
public:
    explicit JournalWriter(QString path);
    ~JournalWriter();
    JournalWriter(const JournalWriter &) = delete;
    JournalWriter &operator=(const JournalWriter &) = delete;

    [[nodiscard]] const QString &path() const { return mPath; }
    void append(const QByteArray &bytes) { mPending.append(bytes); }
    [[nodiscard]] bool hasPending() const { return !mPending.isEmpty(); }
    /** Bytes written so far (not counting pending ones). */
    [[nodiscard]] qint64 written() const { return mWritten; }
    /** Writes and syncs what was appended; fails with the reason (the file, the system's error). */
    Status flush();
    /** Closes and deletes the journal and its lock; pending records are dropped. */
    void remove();

private:
    QString mPath;
    QByteArray mPending;
    std::unique_ptr<QFile> mFile;
    std::unique_ptr<QLockFile> mLock;
    qint64 mWritten = 0;
};

} // namespace npy
