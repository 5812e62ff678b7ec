#pragma once

#include "result.h"

#include <QByteArray>

#include <functional>

class QIODevice;

namespace npy {

/**
 * How hard the writer compresses DEFLATED members. Every level writes a plain raw-DEFLATE stream
 * that any inflater (NumPy's zipfile included) reads; they differ only in speed and size.
 */
enum class CompressionLevel {
    Fast,    ///< ISA-L's level 1 (libdeflate's level 1 where ISA-L is missing): many times faster, a little larger
    Default, ///< libdeflate's level 6: NumPy's ratio (what `np.savez_compressed` writes), the default
    Best,    ///< libdeflate's level 10 (near-optimal parsing): smaller than `np.savez_compressed`, slower per core
};

/**
 * Raw DEFLATE (no zlib/gzip wrapper) as ZIP members use it, and CRC-32.
 *
 * Compression is done in independent chunks that join into one valid stream (the pigz technique):
 * each chunk is compressed whole-buffer by libdeflate (about 2.5x faster than zlib at the same
 * level and ratio), then every chunk but the last is turned into a non-final piece: zlib's
 * inflate with Z_BLOCK (as zlib's gzjoin example does) locates the header of its final block, whose
 * BFINAL bit is cleared, and an empty stored block (`00 00 FF FF`, what Z_SYNC_FLUSH emits) is
 * appended so the next chunk starts on a byte boundary. ISA-L (the fast level) ends a non-final
 * chunk that way itself (a sync flush without the final block). Decompression of whole members is
 * libdeflate's whole-buffer decoder with the output capped at the exact expected size.
 */
namespace codec {

/** zlib's default level, what NumPy's savez_compressed uses; libdeflate's level 6 matches its ratio. */
inline constexpr int kDefaultLevel = 6;
/** The libdeflate level of CompressionLevel::Best. */
inline constexpr int kBestLevel = 10;

[[nodiscard]] quint32 crc32(quint32 crc, const void *data, qint64 size);
/** The CRC of A followed by B, from crc(A), crc(B) and B's length. */
[[nodiscard]] quint32 crc32Combine(quint32 crcA, quint32 crcB, qint64 sizeB);

/**
 * Compresses \a size bytes at \a data into \a out (replacing its contents) as one piece of a raw
 * DEFLATE stream. A \a final piece ends the stream; any other ends on a byte boundary after an
 * empty stored block, so pieces concatenate into one stream. Thread-safe (one compressor per
 * thread). Returns false with \a error only on an internal failure.
 */
[[nodiscard]] bool deflatePiece(const uchar *data, qint64 size, bool final, int level, QByteArray *out,
                                QString *error);

/**
 * deflatePiece() at \a level: libdeflate's level for Default and Best, ISA-L's level 1 for Fast
 * (libdeflate's level 1 when built without ISA-L). The piece refers to nothing before it, so it
 * can also be inflated alone from an empty window.
 */
[[nodiscard]] bool deflatePiece(const uchar *data, qint64 size, bool final, CompressionLevel level, QByteArray *out,
                                QString *error);

/** Whether CompressionLevel::Fast uses ISA-L in this build. */
[[nodiscard]] bool fastLevelUsesIsal();

/**
 * Inflates the complete raw DEFLATE stream \a in into exactly \a outSize bytes at \a out. Fails
 * (message without location) when the stream is corrupt, ends early, produces fewer bytes, or
 * would produce more (a zip bomb that lies about its size).
 */
[[nodiscard]] Status inflateExact(const uchar *in, qint64 inSize, uchar *out, qint64 outSize);

/**
 * As inflateExact, with zlib's streaming inflate in steps of \a step output bytes: \a step() is
 * called after each with the bytes produced so far and stops the inflate (and fails with
 * "cancelled") when it returns false. About half libdeflate's speed: for big members whose
 * caller wants progress and cancellation.
 */
[[nodiscard]] Status inflateStepwise(const uchar *in, qint64 inSize, uchar *out, qint64 outSize, qint64 step,
                                     const std::function<bool(qint64 done)> &progress);

/**
 * Inflates the raw DEFLATE stream of \a compressedSize bytes at \a offset of \a device, which
 * must produce exactly \a outSize bytes, handing the output to \a sink in pieces of at most
 * \a piece bytes (the sink returns false to stop early). Memory stays bounded by the piece size
 * and a 1 MiB input buffer whatever the member's size. \a crc receives the CRC-32 of everything
 * produced when the whole stream was inflated.
 */
[[nodiscard]] Status inflateToSink(QIODevice *device, qint64 offset, qint64 compressedSize, qint64 outSize,
                                   qint64 piece, const std::function<bool(const uchar *, qint64)> &sink,
                                   quint32 *crc);

/**
 * inflateToSink() for any method StreamDecoder knows (8 DEFLATE, 12 bzip2, 14 LZMA): the member's
 * compressed bytes at \a offset decoded in pieces of at most \a piece bytes to \a sink, checked
 * against \a outSize, the CRC-32 of the output in \a crc.
 */
[[nodiscard]] Status decodeToSink(int method, QIODevice *device, qint64 offset, qint64 compressedSize, qint64 outSize,
                                  qint64 piece, const std::function<bool(const uchar *, qint64)> &sink, quint32 *crc);

/**
 * Inflates the first \a want bytes (or fewer, if the stream ends first) of the raw DEFLATE stream
 * of \a compressedSize bytes at \a offset of \a device, reading only the input it needs.
 */
[[nodiscard]] Result<QByteArray> inflatePrefix(QIODevice *device, qint64 offset, qint64 compressedSize,
                                               qint64 want);

/** Where a raw DEFLATE stream ends, as measureDeflateStream() found it. */
struct DeflateExtent
{
    bool ended = false;      ///< the stream's final block was reached
    qint64 compressed = 0;   ///< input bytes the stream occupies (when ended)
    qint64 uncompressed = 0; ///< bytes it inflated to (so far, when not ended)
    quint32 crc = 0;         ///< CRC-32 of those bytes
    qint64 inputRead = 0;    ///< input bytes read from \a device, ended or not
};

/**
 * Inflates the raw DEFLATE stream that starts at \a offset of \a device, whose length nothing
 * declares, to find where it ends: reads in 1 MiB pieces, never past \a fileSize, and starts no
 * new piece once \a budget input bytes are read (so up to a piece more may be read); the output
 * is dropped after its CRC-32 is taken. A corrupt or cut stream gives
 * an extent that has not ended. For delimiting ZIP members whose local header gives no sizes.
 */
[[nodiscard]] DeflateExtent measureDeflateStream(QIODevice *device, qint64 offset, qint64 fileSize, qint64 budget);

/** The versions of the compression libraries linked in (for an About box): zlib's and libdeflate's (x.y.z). */
[[nodiscard]] QString zlibVersion();
[[nodiscard]] QString libdeflateVersion();
/** ISA-L's version ("2.30.0"), or empty when the build has no ISA-L (zlib then does its work). */
[[nodiscard]] QString isalVersion();
/** libbz2's and liblzma's versions (they read bzip2 and LZMA members). */
[[nodiscard]] QString bzip2Version();
[[nodiscard]] QString lzmaVersion();

} // namespace codec
} // namespace npy
