#pragma once

#include "saver.h"

namespace npy {

/**
 * Writes an `.npz` through QSaveFile as NumPy's savez does (member key + ".npy", zip64 extra in
 * each local header, 1980 timestamps), STORED or DEFLATED per \a format; unmodified members whose
 * encoding is kept are copied raw from their source.
 */
[[nodiscard]] Status saveNpz(const QString &path, const QList<SaveMember> &members, SaveFormat format,
                             const Progress &progress);

} // namespace npy
