#pragma once

// Internal to npycore: wording for a QSaveFile that could not be committed.

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

} // namespace npy
