#pragma once

#include "source.h"

namespace npy {

/**
 * Opens the `.npz` archive \a path: reads the central directory and each member's NPY header
 * (inflating only its first bytes). Members that are bad are listed with their error; only a
 * broken container (no central directory, truncated) fails the whole open.
 */
[[nodiscard]] Result<std::shared_ptr<const Source>> openNpz(const QString &path);

/** Where a member's stored (possibly compressed) bytes sit inside its archive, to copy them raw. */
struct RawMember
{
    QString path;
    QString archiveName;
    qint64 dataOffset = 0;
    qint64 compressedSize = 0;
    qint64 uncompressedSize = 0;
    quint32 crc32 = 0;
    int method = 0;
};

/**
 * Fills \a out for member \a index of an archive opened by openNpz. Returns false for other
 * sources and for members whose bytes cannot be located (bad offsets, encryption, ...).
 */
[[nodiscard]] bool rawMember(const Source &source, int index, RawMember *out);

} // namespace npy
