#pragma once

#include "result.h"

#include <QString>

#include <memory>

namespace npy::codec {

/**
 * Random access into any raw DEFLATE stream (a ZIP member written by anyone), as zlib's
 * examples/zran.c does it: while the stream is inflated, a checkpoint is kept at a block boundary
 * every few MiB of output (the compressed position to the bit and the 32 KiB window before it);
 * afterwards a byte range is reached by inflating from the nearest checkpoint before it, at most
 * one spacing of output. Reads that follow one another continue from where the last one stopped,
 * so a front-to-back scan costs one inflate of the stream. Checkpoints are made by the reads
 * themselves, as far as they go; build() walks the whole stream once to make them all.
 *
 * Memory: the checkpoints' windows (32 KiB per spacing of output) plus one inflate state. Thread-
 * safe (calls are serialised). Messages carry no file or member name.
 */
class SeekIndex
{
public:
    /**
     * For the stream of \a compressedSize bytes at \a offset of the file \a path, which inflates to
     * \a uncompressedSize bytes; a checkpoint at most every \a spacing output bytes (0: chosen from
     * the size, at least 4 MiB). Whatever \a spacing asks, there are at most 4096 checkpoints, so
     * their windows never take more than 128 MiB.
     */
    SeekIndex(QString path, qint64 offset, qint64 compressedSize, qint64 uncompressedSize, qint64 spacing = 0);
    ~SeekIndex();
    SeekIndex(const SeekIndex &) = delete;
    SeekIndex &operator=(const SeekIndex &) = delete;

    /** Inflates bytes [\a from, \a from + \a size) of the stream into \a out. */
    [[nodiscard]] Status read(qint64 from, qint64 size, uchar *out);
    /**
     * Walks the rest of the stream so that every checkpoint exists; \a progress(done) may return
     * false to stop (the index keeps what it has).
     */
    [[nodiscard]] Status build(const std::function<bool(qint64 done)> &progress = {});
    /** Output bytes covered by checkpoints so far (the whole size once built). */
    [[nodiscard]] qint64 indexedTo() const;
    [[nodiscard]] qint64 checkpointCount() const;
    /** Output bytes inflated by all reads so far (to measure how much a read cost). */
    [[nodiscard]] qint64 bytesInflated() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace npy::codec
