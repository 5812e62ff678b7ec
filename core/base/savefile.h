#pragma once

// The save-file primitives every writer of npycore shares: wording for a QSaveFile that could not be
// committed, writing array bytes in bounded pieces, and the process-wide file size signal.

#include <QIODevice>
#include <QSaveFile>
#include <QString>

namespace npy {

/**
 * Why \a file's commit() failed, for a message. QSaveFile often says only "Unknown error" when the
 * finished file cannot be linked into its folder; this names the folder when it is not writable
 * (permissions changed during the save) and otherwise falls back on \a error, the errno that
 * commit() left. Call right after the failed commit().
 */
[[nodiscard]] QString commitFailureReason(const QSaveFile &file, int error);

/**
 * Writes \a size bytes at \a data to \a device in writes of at most 1 GiB; false when one fails.
 * With \a bounce the bytes are first copied into a buffer of our own, 4 MiB at a time: needed for
 * the bytes of a paged member (PagedStore), whose absent pages only a user-mode touch fills, so
 * the kernel cannot read them straight from our memory (the write would fail with EFAULT).
 */
[[nodiscard]] bool writeBytes(QIODevice *device, const void *data, qint64 size, bool bounce = false);

/**
 * Makes a write past the process's file size limit (`ulimit -f`) fail with EFBIG instead of killing the
 * process with SIGXFSZ, so that such a save is abandoned like any failed write: QSaveFile discards its
 * temporary file, the old file stays as it was and the caller gets the reason. Process-wide (it sets the
 * signal's disposition); call it first thing in main(). Safe to call more than once.
 */
void ignoreFileSizeSignal();

} // namespace npy
