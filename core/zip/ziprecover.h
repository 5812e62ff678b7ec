#pragma once

#include "zipformat.h"

#include <QStringList>

class QIODevice;

namespace npy {
namespace zip {

/** What a scan of the local headers found in an archive whose central directory is gone. */
struct Recovered
{
    /**
     * One entry per member whose local header, data and (when it has one) data descriptor all
     * lie in the file, with sizes and CRC-32 from the local header, its zip64 extra or its data
     * descriptor. centralOffset is the end of the scanned member area (no member data past it).
     */
    Directory directory;
    /** The names of members whose bytes the file cuts short (or that could not be delimited). */
    QStringList lost;
};

/** The most members a scan lists (complete and lost together): bounds the memory it uses. */
inline constexpr int kMaxRecoveredMembers = 0x10000;

/**
 * Reads what it can of a damaged archive the way `zip -FF` does: walks the local file headers
 * from the start of \a device (\a fileSize bytes), each followed by its data and, for
 * stream-written members (flag bit 3), a data descriptor (with or without its signature, 32- or
 * 64-bit sizes). A DEFLATED member with a descriptor is delimited by inflating its stream (its
 * CRC-32 and size are checked against the descriptor); a STORED one by the first descriptor
 * signature whose CRC-32 and size match the bytes before it. After bytes that are not a local
 * header it resumes at the next local header signature; it stops at the central directory or the
 * end of the file. Memory stays bounded (1 MiB buffers) whatever the input, and the reading ahead
 * to delimit stream-written members stays under four times the file (plus 64 MiB) however many
 * spurious headers garbage holds; sizes a header lies about only make members lost. Fails (message without the file name) when no local header is
 * found at all.
 */
[[nodiscard]] Result<Recovered> scanLocalHeaders(QIODevice *device, qint64 fileSize);

} // namespace zip
} // namespace npy
