#pragma once

#include <QString>
#include <QtGlobal>

namespace npy::codec {

/**
 * The first bit position in [\a fromBit, \a toBit) of \a data (\a size bytes; bits counted from
 * data[0], least significant bit first, as DEFLATE packs them) where a non-final DEFLATE block with
 * dynamic Huffman codes could begin: its header parses, its code-length code and literal/length
 * code are complete and the end-of-block symbol has a code (as zlib, libdeflate and ISA-L write
 * them). -1 when there is none. A plausible header is no proof: callers confirm it by inflating.
 */
[[nodiscard]] qint64 findDynamicBlock(const uchar *data, qint64 size, qint64 fromBit, qint64 toBit);

/**
 * Checks the raw DEFLATE stream of \a compressedSize bytes at \a offset of the file \a path (one
 * ZIP member written by anybody, without our chunk index) against the \a uncompressedSize and the
 * ZIP CRC-32 \a crc its archive declares, on two threads: the calling thread inflates up to a block
 * boundary found near the middle of the compressed bytes while a second thread inflates from that
 * boundary on, not knowing the 32 KiB of output before it. That thread inflates the start of its
 * half twice, with two different stand-in windows; where the two agree the output does not depend
 * on the window, and once they have agreed for 32 KiB nothing after does. Only the output before
 * that point is inflated once more with the real window, when the first half has it.
 *
 * Returns true only when both halves inflated, their sizes add up and the combined CRC matches.
 * False means "not confirmed" (the stream is too small to split, no boundary was found, the output
 * that depends on the unknown window passes 16 MiB, the data is corrupt, a read failed): the caller
 * then reads the stream from its start, which also says what is wrong. Memory: a few MiB. The file
 * is only read.
 */
inline constexpr qint64 kSplitInflateMinimum = qint64(8) << 20;

/**
 * \a minimum is the smallest compressed size split (below it, false at once: two threads do not
 * pay for less); tests and fuzzing lower it.
 */
[[nodiscard]] bool verifyDeflateInTwo(const QString &path, qint64 offset, qint64 compressedSize,
                                      qint64 uncompressedSize, quint32 crc, qint64 minimum = kSplitInflateMinimum);

} // namespace npy::codec
