#pragma once

#include "inflatebudget.h"
#include "rawmember.h"
#include "source.h"

namespace npy {

/**
 * Opens the `.npz` archive \a path: reads the central directory and each member's NPY header
 * (inflating only its first bytes). Members that are bad are listed with their error. When the
 * central directory is missing or broken (a truncated download, say) the local headers are scanned
 * instead (zip::scanLocalHeaders): the members whose bytes are all there open as usual, with a
 * warning, and each member cut short is listed with MemberInfo::truncated and an error saying it is
 * lost. Only a file in which no local header is found fails the whole open.
 *
 * The ZIP structures are parsed here, not by QuaZip (which truncates reads above 2^31): zip64
 * extra fields of the central directory (only where a 32-bit slot is 0xFFFFFFFF), the zip64 end
 * record, data descriptors (sizes come from the directory), UTF-8 and cp437 names. Each member is
 * checked before use: supported method (0, 8), no encryption, local header present with the same
 * name, data inside the member area and not overlapping the next member, a ratio DEFLATE can
 * reach, an NPY header that fits in the declared size. Messages read "FILE: member 'NAME': why".
 *
 * load(): a STORED member is memory-mapped out of the archive (unaligned, no copy, and no CRC
 * pass: readRaw() checks it); a DEFLATED one is inflated whole-buffer by libdeflate into exactly
 * its declared size (more or less output is an error), then its CRC-32 is checked. Progress is
 * reported before and after; cancellation is honoured before the inflate starts. Members larger
 * than physical memory are refused before anything is allocated.
 */
[[nodiscard]] Result<std::shared_ptr<const Source>> openNpz(const QString &path);

/**
 * Fills \a out for member \a index of an archive opened by openNpz. Returns false for other
 * sources and for members whose bytes cannot be located (bad offsets, encryption, ...).
 */
[[nodiscard]] bool rawMember(const Source &source, int index, RawMember *out);

/**
 * Reads every byte of member \a index of \a source and checks it (size, CRC), as readData() with a
 * sink that drops the bytes does, with the same messages on failure. A big DEFLATE member that has
 * no chunk index of ours is inflated in two halves on two threads when there are two cores
 * (codec::verifyDeflateInTwo); whatever that cannot confirm is read again from the start.
 */
[[nodiscard]] Status verifyMember(const Source &source, int index);

} // namespace npy
