#pragma once

#include <QString>
#include <QtGlobal>

namespace npy {

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
    /** True when the member carries a chunk index of ours that matched its CRC (read in parallel spans). */
    bool indexed = false;
};

} // namespace npy
