#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>

namespace npy::zip {

/**
 * The chunk index our writer records for a DEFLATED member: a private ZIP extra field (header ID
 * 0x706E, the bytes "np") in the member's central directory entry. NumPy, Python's zipfile,
 * `unzip` and QuaZip skip extra fields they do not know, so the archive stays a plain `.npz`.
 *
 * The member's uncompressed bytes (its whole `.npy` stream) are cut into spans of spanSize bytes
 * (the last may be shorter). Each span was compressed on its own: its compressed bytes start on a
 * byte boundary and refer to nothing before them, so any span can be inflated alone from an empty
 * window (a non-final span ends without BFINAL, after an empty stored block). Field data, all
 * little-endian:
 *
 *     u8  version (1)      u8  reserved (0)
 *     u32 spanSize         u32 count
 *     count x { u32 compressed size of the span, u32 CRC-32 of its uncompressed bytes }
 *
 * With the zip64 extra beside it the field fits in an entry's 65535-byte extra area when count is
 * at most kMaxSpans; writers with more chunks merge neighbours (merged()).
 */
struct ChunkIndex
{
    /** Uncompressed bytes per span (every span but the last). 0 when there is no index. */
    qint64 spanSize = 0;
    /** Compressed size of each span. */
    QList<quint32> compressedSizes;
    /** CRC-32 of each span's uncompressed bytes. */
    QList<quint32> crcs;

    [[nodiscard]] bool isEmpty() const { return spanSize == 0 || compressedSizes.isEmpty(); }
    [[nodiscard]] qint64 count() const { return compressedSizes.size(); }
};

/** The header ID of the chunk index extra field. */
inline constexpr quint16 kChunkIndexId = 0x706E;
/** The most spans a field holds (8 bytes each within the 65535-byte extra area). */
inline constexpr qint64 kMaxSpans = 8000;

/**
 * The whole extra field (ID, length, data) for \a index. \a index must not be empty and hold at
 * most kMaxSpans spans whose sizes fit 32 bits.
 */
[[nodiscard]] QByteArray encodeChunkIndex(const ChunkIndex &index);

/**
 * \a index of a member of \a uncompressedSize bytes with groups of \a factor neighbouring spans
 * merged into one (span size times \a factor, compressed sizes summed, CRCs combined), so that a
 * member cut into many small chunks fits in one field. Returns an empty index when a merged
 * compressed size or span size would not fit 32 bits, or when the spans do not make
 * \a uncompressedSize bytes.
 */
[[nodiscard]] ChunkIndex merged(const ChunkIndex &index, qint64 factor, qint64 uncompressedSize);

/**
 * Finds and checks the chunk index in the extra area \a extra of \a extraLen bytes of a central
 * directory entry whose member has the given sizes. Returns an empty index when there is none;
 * fails (message without location) when a field with our ID is there but malformed or does not
 * describe exactly these sizes: the caller then ignores it and reads the member from the start.
 */
[[nodiscard]] Result<ChunkIndex> parseChunkIndex(const uchar *extra, qint64 extraLen, quint64 compressedSize,
                                                 quint64 uncompressedSize);

} // namespace npy::zip
