#pragma once

#include "deflate.h"
#include "result.h"
#include "savetypes.h"

namespace npy {

/**
 * Writes an `.npz` through QSaveFile as NumPy's savez does (member key + ".npy", zip64 extra in
 * each local header, 1980 timestamps), STORED or DEFLATED per \a format; unmodified members whose
 * encoding is kept are copied raw from their source (at the Default \a level only: any other
 * level compresses them again).
 *
 * DEFLATED members are compressed at \a level in independent chunks of a fixed number of
 * uncompressed bytes of the member's `.npy` stream (header included), on all cores, and each such
 * member's central directory entry carries the chunk index extra field (chunkindex.h) describing
 * them. A member copied raw keeps its source's chunk index, if it had a valid one.
 */
[[nodiscard]] Status saveNpz(const QString &path, const QList<SaveMember> &members, SaveFormat format,
                             const Progress &progress, CompressionLevel level = CompressionLevel::Default);

/** The uncompressed bytes per chunk (and per span of the chunk index) of the members saveNpz() deflates. */
inline constexpr qint64 kDeflateChunkSize = qint64(1) << 20;

} // namespace npy
