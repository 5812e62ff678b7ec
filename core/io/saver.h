#pragma once

#include "deflate.h"
#include "result.h"
#include "savefile.h"
#include "savetypes.h"
#include "source.h"

#include <QList>
#include <QString>

namespace npy {

/**
 * Writes \a members to \a path in \a format through QSaveFile: the file on disk is replaced only
 * once the new one is complete, and left byte-identical on any failure or cancellation. DEFLATED
 * members are compressed at \a level; at any level but Default, members that would be copied raw
 * (unmodified and already DEFLATED) are compressed again at that level instead.
 */
[[nodiscard]] Status saveFile(const QString &path, const QList<SaveMember> &members, SaveFormat format,
                              const Progress &progress = {}, CompressionLevel level = CompressionLevel::Default);

/** The format to save in for a file name: `.npy` gives Npy, anything else Npz. */
[[nodiscard]] SaveFormat formatForPath(const QString &path);

} // namespace npy
