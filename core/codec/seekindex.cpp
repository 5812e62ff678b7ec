#include "seekindex.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstring>
#include <functional>
#include <mutex>
#include <vector>

#include <zlib.h>

namespace npy::codec {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::SeekIndex", text);
}

constexpr qint64 kWindow = 32768;
constexpr qint64 kInputChunk = qint64(1) << 20;
constexpr qint64 kMaxCheckpoints = 4096;

struct Checkpoint
{
    qint64 out = 0;  // uncompressed position
    qint64 in = 0;   // compressed position of the first whole byte after the point
    int bits = 0;    // bits of the byte before `in` still to read (0..7)
    QByteArray window;
};

} // namespace

struct SeekIndex::Private
{
    QString path;
    qint64 offset = 0;
    qint64 csize = 0;
    qint64 usize = 0;
    qint64 spacing = 0;
    std::mutex mutex;
    QFile file;
    std::vector<Checkpoint> points; // in order of position; points[0] is the stream's start
    qint64 indexedTo = 0;           // furthest output position inflated from a checkpoint chain
    qint64 inflated = 0;

    // The running inflate: its position in output and input.
    z_stream strm{};
    bool live = false;
    qint64 outPos = 0;
    qint64 inPos = 0; // compressed bytes handed to zlib so far
    QByteArray input;
    // The last kWindow bytes of output, as a ring, for checkpoints.
    std::vector<uchar> ring = std::vector<uchar>(size_t(kWindow));

    ~Private() { stop(); }

    /** Ends the running inflate (after an error, or before a new start). */
    void stop()
    {
        if (live)
            inflateEnd(&strm);
        live = false;
    }

    Status start(const Checkpoint &c)
    {
        stop();
        strm = z_stream{};
        if (inflateInit2(&strm, -15) != Z_OK)
            return Status::failure(tr("cannot start the inflater"));
        live = true;
        inPos = c.in;
        if (c.bits) {
            uchar byte = 0;
            if (!file.seek(offset + c.in - 1) || file.read(reinterpret_cast<char *>(&byte), 1) != 1)
                return Status::failure(tr("read failed at byte %1").arg(offset + c.in - 1));
            inflatePrime(&strm, c.bits, byte >> (8 - c.bits));
        }
        if (!c.window.isEmpty())
            inflateSetDictionary(&strm, reinterpret_cast<const Bytef *>(c.window.constData()), uInt(c.window.size()));
        outPos = c.out;
        // The ring holds the window so that a checkpoint made soon after has the bytes before it.
        const qint64 w = c.window.size();
        for (qint64 i = 0; i < w; ++i)
            ring[size_t((c.out - w + i) % kWindow)] = uchar(c.window[qsizetype(i)]);
        return Status();
    }

    QByteArray windowAt(qint64 pos) const
    {
        const qint64 w = std::min(pos, kWindow);
        QByteArray out(qsizetype(w), Qt::Uninitialized);
        for (qint64 i = 0; i < w; ++i)
            out[qsizetype(i)] = char(ring[size_t((pos - w + i) % kWindow)]);
        return out;
    }

    /**
     * Inflates from the running position up to \a until output bytes, handing [from, until) to
     * \a out (null: discard) and making checkpoints past indexedTo.
     */
    Status advance(qint64 until, qint64 from, uchar *out)
    {
        std::vector<uchar> scratch(size_t(64 * 1024));
        while (outPos < until) {
            if (strm.avail_in == 0) {
                const qint64 n = std::min(kInputChunk, csize - inPos);
                if (n <= 0)
                    return Status::failure(tr("the compressed data ends after %1 of %2 bytes").arg(outPos).arg(usize));
                if (input.size() < n)
                    input.resize(qsizetype(kInputChunk));
                if (!file.seek(offset + inPos) || file.read(input.data(), n) != n)
                    return Status::failure(tr("read failed at byte %1").arg(offset + inPos));
                strm.next_in = reinterpret_cast<Bytef *>(input.data());
                strm.avail_in = uInt(n);
                inPos += n;
            }
            // Into the caller's buffer when inside the range, else into scratch.
            uchar *dst;
            qint64 room;
            if (outPos >= from && out) {
                dst = out + (outPos - from);
                room = until - outPos;
            } else {
                dst = scratch.data();
                room = std::min<qint64>(qint64(scratch.size()), (out ? from : until) - outPos);
            }
            room = std::min<qint64>(room, qint64(1) << 30);
            strm.next_out = dst;
            strm.avail_out = uInt(room);
            const int ret = inflate(&strm, Z_BLOCK);
            const qint64 produced = room - qint64(strm.avail_out);
            for (qint64 i = std::max<qint64>(0, produced - kWindow); i < produced; ++i)
                ring[size_t((outPos + i) % kWindow)] = dst[i];
            outPos += produced;
            inflated += produced;
            if (ret == Z_STREAM_END) {
                if (outPos < until)
                    return Status::failure(tr("the compressed data ends after %1 of %2 bytes").arg(outPos).arg(usize));
                break;
            }
            if (ret != Z_OK && ret != Z_BUF_ERROR)
                return Status::failure(tr("corrupt compressed data at about byte %1 (%2)")
                                           .arg(offset + inPos - strm.avail_in)
                                           .arg(QString::fromLatin1(strm.msg ? strm.msg : "inflate error")));
            if (ret == Z_BUF_ERROR && produced == 0 && strm.avail_in != 0)
                return Status::failure(tr("corrupt compressed data at about byte %1").arg(offset + inPos - strm.avail_in));
            // At a block boundary that is not the end: a checkpoint, if far enough past the last one.
            const bool boundary = (strm.data_type & 128) && !(strm.data_type & 64);
            if (boundary && outPos > indexedTo) {
                indexedTo = outPos;
                if (outPos - points.back().out >= spacing && outPos < usize) {
                    Checkpoint c;
                    c.out = outPos;
                    c.in = inPos - strm.avail_in;
                    c.bits = strm.data_type & 7;
                    c.window = windowAt(outPos);
                    points.push_back(std::move(c));
                }
            }
        }
        indexedTo = std::max(indexedTo, outPos);
        return Status();
    }
};

SeekIndex::SeekIndex(QString path, qint64 offset, qint64 compressedSize, qint64 uncompressedSize, qint64 spacing)
    : d(std::make_unique<Private>())
{
    d->path = std::move(path);
    d->offset = offset;
    d->csize = compressedSize;
    d->usize = uncompressedSize;
    // At most kMaxCheckpoints windows, whatever the caller asked (a small spacing over a big member
    // would otherwise hold a window per few KiB of output).
    const qint64 fewest = uncompressedSize / kMaxCheckpoints + 1;
    d->spacing = std::max(spacing > 0 ? spacing : qint64(4) << 20, fewest);
    d->points.push_back(Checkpoint{});
    d->file.setFileName(d->path);
}

SeekIndex::~SeekIndex() = default;

Status SeekIndex::read(qint64 from, qint64 size, uchar *out)
{
    std::lock_guard<std::mutex> lock(d->mutex);
    if (from < 0 || size < 0 || from + size > d->usize)
        return Status::failure(tr("bytes %1 to %2 are outside the member's %3").arg(from).arg(from + size).arg(d->usize));
    if (size == 0)
        return Status();
    if (!d->file.isOpen() && !d->file.open(QIODevice::ReadOnly))
        return Status::failure(d->file.errorString());
    // From the nearest checkpoint before the range, or from the running inflate when that is between
    // the checkpoint and the range (a scan front to back, or a range past the checkpoints made so far).
    auto it = std::upper_bound(d->points.begin(), d->points.end(), from,
                               [](qint64 v, const Checkpoint &c) { return v < c.out; });
    const Checkpoint &c = *(it - 1);
    if (!(d->live && d->outPos >= c.out && d->outPos <= from)) {
        Status st = d->start(c);
        if (!st)
            return st;
    }
    Status st = d->advance(from + size, from, out);
    if (!st)
        d->stop();
    return st;
}

Status SeekIndex::build(const std::function<bool(qint64 done)> &progress)
{
    constexpr qint64 kStep = qint64(16) << 20;
    while (true) {
        qint64 at;
        {
            std::lock_guard<std::mutex> lock(d->mutex);
            if (d->indexedTo >= d->usize)
                return Status();
            if (!d->file.isOpen() && !d->file.open(QIODevice::ReadOnly))
                return Status::failure(d->file.errorString());
            at = d->indexedTo;
            if (!(d->live && d->outPos == at)) {
                Status st = d->start(d->points.back());
                if (!st)
                    return st;
            }
            Status st = d->advance(std::min(d->usize, std::max(at, d->outPos) + kStep), d->usize, nullptr);
            if (!st) {
                d->stop();
                return st;
            }
            at = d->indexedTo;
        }
        // The lock is released between steps so that reads (the table, a render) get their turn.
        if (progress && !progress(at))
            return Status();
    }
}

qint64 SeekIndex::indexedTo() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->indexedTo;
}

qint64 SeekIndex::checkpointCount() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return qint64(d->points.size());
}

qint64 SeekIndex::bytesInflated() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->inflated;
}

} // namespace npy::codec
