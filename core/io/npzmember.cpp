#include "npzsource_p.h"

#include "deflate.h"
#include "inflatebudget.h"
#include "inflater.h"
#include "allocatedstore.h"
#include "pagedstore.h"
#include "seekindex.h"

#include <QThread>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

namespace npy::npz {

Status NpzSource::decompressInto(int index, uchar *out, const Progress &progress) const
{
    const Location &loc = mLocations[index];
    if (progress.report)
        progress.report(0, loc.uncompressedSize);
    if (loc.spans) {
        // Our own archive: every span inflates alone, on every core, each checked against its CRC-32
        // (and the spans' CRCs combine to the member's, checked when the archive was opened).
        Status st = loc.spans->inflateAll(out, QThread::idealThreadCount(), [&](qint64 done) {
            if (progress.report)
                progress.report(done, loc.uncompressedSize);
            return !progress.cancelled();
        });
        if (!st)
            return Status::failure(fail(index, st.error()));
        return Status();
    }
    if (loc.method == zip::Stored) {
        QFile file(mPath);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(loc.dataOffset))
            return Status::failure(fail(index, file.errorString()));
        qint64 done = 0;
        while (done < loc.uncompressedSize) {
            const qint64 n = file.read(reinterpret_cast<char *>(out) + done,
                                       std::min<qint64>(loc.uncompressedSize - done, qint64(1) << 30));
            if (n <= 0)
                return Status::failure(fail(index, Tr::tr("read failed at byte %1").arg(loc.dataOffset + done)));
            done += n;
            if (progress.report)
                progress.report(done, loc.uncompressedSize);
            if (progress.cancelled())
                return Status::failure(fail(index, Tr::tr("cancelled")));
        }
    } else if (loc.method != zip::Deflated
               || (loc.uncompressedSize >= kStepwiseInflate && (progress.report || progress.cancel))) {
        // bzip2, LZMA, and big DEFLATE members whose caller wants progress or cancellation: the
        // streaming decoder (ISA-L's inflate for DEFLATE, as fast as libdeflate's whole-buffer one),
        // in steps, with the CRC-32 computed as it goes.
        QFile file(mPath);
        if (!file.open(QIODevice::ReadOnly))
            return Status::failure(fail(index, file.errorString()));
        qint64 done = 0;
        quint32 streamCrc = 0;
        Status st = codec::decodeToSink(loc.method, &file, loc.dataOffset, loc.compressedSize, loc.uncompressedSize,
                                        kInflateStep,
                                        [&](const uchar *p, qint64 n) {
                                            std::memcpy(out + done, p, size_t(n));
                                            done += n;
                                            if (progress.report)
                                                progress.report(done, loc.uncompressedSize);
                                            return !progress.cancelled();
                                        },
                                        &streamCrc);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (done != loc.uncompressedSize)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        if (streamCrc != loc.crc32)
            return crcMismatch(index, streamCrc);
        if (progress.report)
            progress.report(loc.uncompressedSize, loc.uncompressedSize);
        return Status();
    } else {
        // Whole-buffer libdeflate, the output capped at the declared size.
        auto in = ByteStore::mapFile(mPath, loc.dataOffset, loc.compressedSize);
        if (!in)
            return Status::failure(fail(index, in.error()));
        Status st = codec::inflateExact(in.value()->data(), loc.compressedSize, out, loc.uncompressedSize);
        if (!st)
            return Status::failure(fail(index, st.error()));
    }
    const quint32 crc = codec::crc32(0, out, loc.uncompressedSize);
    if (crc != loc.crc32)
        return crcMismatch(index, crc);
    if (progress.report)
        progress.report(loc.uncompressedSize, loc.uncompressedSize);
    return Status();
}

Status NpzSource::checkReadable(int index, const Progress &progress) const
{
    const Location &loc = mLocations[index];
    if (!loc.error.isEmpty())
        return Status::failure(fail(index, loc.error));
    if (progress.cancelled())
        return Status::failure(fail(index, Tr::tr("cancelled")));
    if (loc.uncompressedSize > qint64(std::numeric_limits<qsizetype>::max()) - 1)
        return Status::failure(fail(index, Tr::tr("%1 bytes do not fit in memory").arg(loc.uncompressedSize)));
    // A member that is honest about a huge size (a ratio-1000 bomb) is refused before allocating.
    const qint64 ram = physicalMemory();
    if (ram > 0 && loc.uncompressedSize > ram)
        return Status::failure(fail(index, Tr::tr("its %1 bytes exceed this machine's %2 bytes of memory")
                                               .arg(loc.uncompressedSize).arg(ram)));
    return Status();
}

Result<NpyArray> NpzSource::load(int index, const Progress &progress) const
{
    using R = Result<NpyArray>;
    if (index < 0 || index >= mMembers.size())
        return R::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    const MemberInfo &m = mMembers[index];
    if (!m.error.isEmpty())
        return R::failure(fail(index, m.error));
    if (!m.isArray)
        return R::failure(fail(index, Tr::tr("not an NPY array (it does not start with \\x93NUMPY)")));
    const Location &loc = mLocations[index];
    if (loc.method == zip::Stored) {
        auto store = ByteStore::mapFile(mPath, loc.dataOffset + m.header.dataOffset, m.header.dataBytes);
        if (!store)
            return R::failure(fail(index, store.error()));
        return NpyArray(m.header, store.value());
    }
    if (loc.error.isEmpty() && loc.method == zip::Deflated && loc.uncompressedSize > inflateBudget()
        && PagedStore::available()) {
        Result<std::shared_ptr<const PagedStore>> paged = pagedStore(index);
        if (!paged)
            return R::failure(fail(index, paged.error()));
        return NpyArray(m.header, std::shared_ptr<const ByteStore>(std::move(paged).value()), m.header.dataOffset);
    }
    Status st = checkReadable(index, progress);
    if (!st)
        return R::failure(st.error());
    std::shared_ptr<AllocatedStore> store = AllocatedStore::allocate(loc.uncompressedSize);
    if (!store)
        return R::failure(fail(index, Tr::tr("not enough memory for %1 bytes").arg(loc.uncompressedSize)));
    st = decompressInto(index, store->writable(), progress);
    if (!st)
        return R::failure(st.error());
    return NpyArray(m.header, std::shared_ptr<const ByteStore>(std::move(store)), m.header.dataOffset);
}

Result<std::shared_ptr<const PagedStore>> NpzSource::pagedStore(int index) const
{
    const Location &loc = mLocations[index];
    PagedStore::Reader reader;
    if (loc.spans) {
        // Through our chunk index: the spans holding the block, the last one kept for the next block.
        struct Cache
        {
            qint64 span = -1;
            QByteArray bytes;
        };
        auto cache = std::make_shared<Cache>();
        std::shared_ptr<const zip::SpanReader> spans = loc.spans;
        reader = [spans, cache](qint64 from, qint64 size, uchar *out) {
            const qint64 span = spans->spanSize();
            for (qint64 at = from; at < from + size;) {
                const qint64 i = at / span;
                if (cache->span != i) {
                    cache->span = -1;
                    Status st = spans->stream(i, i, 1, [&](qint64, const uchar *p, qint64 n) {
                        cache->bytes = QByteArray(reinterpret_cast<const char *>(p), qsizetype(n));
                        return true;
                    });
                    if (!st)
                        return st;
                    cache->span = i;
                }
                const qint64 n = std::min(from + size, (i + 1) * span) - at;
                std::memcpy(out + (at - from), cache->bytes.constData() + (at - i * span), size_t(n));
                at += n;
            }
            return Status();
        };
    } else {
        auto seek = std::make_shared<codec::SeekIndex>(mPath, loc.dataOffset, loc.compressedSize, loc.uncompressedSize);
        reader = [seek](qint64 from, qint64 size, uchar *out) { return seek->read(from, size, out); };
    }
    return PagedStore::create(loc.uncompressedSize, std::move(reader),
                              std::min(kPagedResident, std::max<qint64>(inflateBudget() / 4, PagedStore::kBlockSize)));
}

Status NpzSource::readData(int index, const DataSink &sink, const Progress &progress) const
{
    return readDataRange(index, 0, std::numeric_limits<qint64>::max(), sink, progress);
}

Status NpzSource::readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                                const Progress &progress) const
{
    if (index < 0 || index >= mMembers.size())
        return Status::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    const MemberInfo &m = mMembers[index];
    if (!m.error.isEmpty())
        return Status::failure(fail(index, m.error));
    if (!m.isArray)
        return Status::failure(fail(index, Tr::tr("not an NPY array (it does not start with \\x93NUMPY)")));
    const Location &loc = mLocations[index];
    if (!loc.error.isEmpty())
        return Status::failure(fail(index, loc.error));
    from = std::clamp<qint64>(from, 0, m.header.dataBytes);
    to = std::clamp<qint64>(to, from, m.header.dataBytes);
    // Positions in the member's stream: the array's data sits after the NPY header, before any trailing bytes.
    const qint64 begin = m.header.dataOffset + from;
    const qint64 end = m.header.dataOffset + to;
    const bool whole = from == 0 && to == m.header.dataBytes;
    constexpr qint64 kPiece = 4 << 20;

    if (loc.spans) {
        const qint64 span = loc.spans->spanSize();
        if (end <= begin)
            return Status();
        bool cancelled = false;
        Status st = loc.spans->stream(begin / span, (end - 1) / span, QThread::idealThreadCount(),
                                      [&](qint64 i, const uchar *p, qint64 n) {
                                          const qint64 at = i * span;
                                          const qint64 a = std::max(begin, at);
                                          const qint64 b = std::min(end, at + n);
                                          if (b > a && !sink(p + (a - at), b - a))
                                              return false;
                                          if (progress.report)
                                              progress.report(b - begin, end - begin);
                                          cancelled = progress.cancelled();
                                          return !cancelled;
                                      },
                                      progress.cancel);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (cancelled)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        return Status();
    }

    QFile file(mPath);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(fail(index, file.errorString()));
    qint64 position = 0;
    bool sinkStopped = false;
    // Hands the part of [p, p + n) at `position` that falls in [begin, end) to the sink; false stops reading.
    auto forward = [&](const uchar *p, qint64 n) {
        const qint64 a = std::max(position, begin);
        const qint64 b = std::min(position + n, end);
        if (b > a && !sinkStopped)
            sinkStopped = !sink(p + (a - position), b - a);
        position += n;
        if (progress.report)
            progress.report(position, whole ? loc.uncompressedSize : end);
        return true;
    };
    quint32 crc = 0;
    if (loc.method == zip::Stored) {
        // A range is read alone; the whole data is read with the rest of the member, to check its CRC.
        const qint64 first = whole ? 0 : begin;
        const qint64 last = whole ? loc.uncompressedSize : end;
        if (!file.seek(loc.dataOffset + first))
            return Status::failure(fail(index, file.errorString()));
        position = first;
        QByteArray buffer(qsizetype(std::min<qint64>(kPiece, std::max<qint64>(last - first, 1))), Qt::Uninitialized);
        while (position < last && !sinkStopped) {
            if (progress.cancelled())
                return Status::failure(fail(index, Tr::tr("cancelled")));
            const qint64 n = file.read(buffer.data(), std::min<qint64>(buffer.size(), last - position));
            if (n <= 0)
                return Status::failure(fail(index, Tr::tr("read failed at byte %1").arg(loc.dataOffset + position)));
            if (whole)
                crc = codec::crc32(crc, buffer.constData(), n);
            forward(reinterpret_cast<const uchar *>(buffer.constData()), n);
        }
        if (!whole || sinkStopped)
            return Status();
    } else {
        bool cancelled = false;
        bool stoppedEarly = false;
        Status st = codec::decodeToSink(loc.method, &file, loc.dataOffset, loc.compressedSize, loc.uncompressedSize, kPiece,
                                         [&](const uchar *p, qint64 n) {
                                             forward(p, n);
                                             cancelled = progress.cancelled();
                                             // A range that ends before the data does stops the decoder there.
                                             stoppedEarly = !whole && (sinkStopped || position >= end);
                                             return !cancelled && !stoppedEarly;
                                         },
                                         &crc);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (cancelled)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        if (stoppedEarly)
            return Status();
    }
    if (crc != loc.crc32)
        return crcMismatch(index, crc);
    return Status();
}

Result<QByteArray> NpzSource::readRaw(int index, const Progress &progress) const
{
    if (index < 0 || index >= mMembers.size())
        return Result<QByteArray>::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    Status st = checkReadable(index, progress);
    if (!st)
        return Result<QByteArray>::failure(st.error());
    QByteArray out;
    try {
        out = QByteArray(qsizetype(mLocations[index].uncompressedSize), Qt::Uninitialized);
    } catch (const std::bad_alloc &) {
        return Result<QByteArray>::failure(
            fail(index, Tr::tr("not enough memory for %1 bytes").arg(mLocations[index].uncompressedSize)));
    }
    st = decompressInto(index, reinterpret_cast<uchar *>(out.data()), progress);
    if (!st)
        return Result<QByteArray>::failure(st.error());
    return out;
}

bool NpzSource::raw(int index, RawMember *out) const
{
    if (index < 0 || index >= mLocations.size() || !mLocations[index].error.isEmpty())
        return false;
    const Location &loc = mLocations[index];
    out->path = mPath;
    out->archiveName = mMembers[index].archiveName;
    out->dataOffset = loc.dataOffset;
    out->compressedSize = loc.compressedSize;
    out->uncompressedSize = loc.uncompressedSize;
    out->crc32 = loc.crc32;
    out->method = loc.method;
    out->indexed = loc.spans != nullptr;
    return true;
}

} // namespace npy::npz
