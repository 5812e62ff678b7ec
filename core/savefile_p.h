#pragma once

// Internal to npycore: wording for a QSaveFile that could not be committed, and writing array bytes.

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

} // namespace npy
