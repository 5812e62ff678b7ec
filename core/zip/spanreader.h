#pragma once

#include "chunkindex.h"
#include "result.h"

#include <QString>

#include <atomic>
#include <functional>

namespace npy::zip {

/**
 * Reads a DEFLATED member that carries our chunk index (see ChunkIndex) span by span: any
 * span inflates alone, so a byte range costs the spans that hold it, and a whole member inflates
 * on every core. Each span's output is checked against its length and CRC-32 from the index.
 *
 * Offsets are in the member's uncompressed stream (its `.npy` header included). The object holds
 * only the index; every call opens the archive itself, so calls may run on any thread at once.
 * Messages carry no file or member name: the caller adds them.
 */
class SpanReader
{
public:
    /**
     * \a path is the archive, \a dataOffset where the member's compressed bytes start, \a
     * uncompressedSize the member's size; \a index must be a parsed, consistent index of it.
     */
    SpanReader(QString path, qint64 dataOffset, ChunkIndex index, qint64 uncompressedSize);

    [[nodiscard]] qint64 spanCount() const { return mIndex.count(); }
    [[nodiscard]] qint64 spanSize() const { return mIndex.spanSize; }
    /** Uncompressed bytes of span \a i. */
    [[nodiscard]] qint64 spanLength(qint64 i) const;
    /** The CRC-32 of the whole member, combined from the spans' CRCs. */
    [[nodiscard]] quint32 combinedCrc() const;

    /** Receives span \a span's bytes (whole, in order); returns false to stop. */
    using SpanSink = std::function<bool(qint64 span, const uchar *data, qint64 size)>;

    /**
     * Inflates spans \a first to \a last (inclusive) on up to \a threads threads and hands them to
     * \a sink in order on the calling thread. At most about 2 x threads spans are held at once.
     * Stops with "cancelled" when \a cancel becomes true; stops quietly when the sink says so.
     */
    [[nodiscard]] Status stream(qint64 first, qint64 last, int threads, const SpanSink &sink,
                                const std::atomic_bool *cancel = nullptr) const;

    /**
     * Inflates the whole member into \a out (uncompressedSize bytes) on up to \a threads threads.
     * \a progress, if set, is called on the calling thread with the bytes done so far and may
     * return false to cancel.
     */
    [[nodiscard]] Status inflateAll(uchar *out, int threads,
                                    const std::function<bool(qint64 done)> &progress = {}) const;

private:
    struct Worker;
    [[nodiscard]] Status inflateSpan(Worker &w, qint64 i, uchar *out) const;

    QString mPath;
    qint64 mDataOffset = 0;
    ChunkIndex mIndex;
    qint64 mSize = 0;
    QList<qint64> mCompressedOffsets; // of each span, relative to mDataOffset
};

} // namespace npy::zip
