#include "chunkindex.h"

#include "deflate.h"
#include "zipbytes.h"

#include <QCoreApplication>

namespace npy::zip {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Zip)
};

constexpr quint8 kVersion = 1;
constexpr qint64 kFixedSize = 10;
constexpr qint64 kPerSpan = 8;

} // namespace

QByteArray encodeChunkIndex(const ChunkIndex &index)
{
    Q_ASSERT(!index.isEmpty() && index.count() <= kMaxSpans && index.crcs.size() == index.compressedSizes.size());
    Q_ASSERT(index.spanSize <= qint64(0xFFFFFFFFu));
    QByteArray out;
    out.reserve(int(4 + kFixedSize + kPerSpan * index.count()));
    put16(&out, kChunkIndexId);
    put16(&out, quint16(kFixedSize + kPerSpan * index.count()));
    out.append(char(kVersion));
    out.append(char(0));
    put32(&out, quint32(index.spanSize));
    put32(&out, quint32(index.count()));
    for (qint64 i = 0; i < index.count(); ++i) {
        put32(&out, index.compressedSizes[i]);
        put32(&out, index.crcs[i]);
    }
    return out;
}

ChunkIndex merged(const ChunkIndex &index, qint64 factor, qint64 uncompressedSize)
{
    if (index.isEmpty() || uncompressedSize <= (index.count() - 1) * index.spanSize
        || uncompressedSize > index.count() * index.spanSize)
        return {};
    if (factor <= 1)
        return index;
    ChunkIndex out;
    out.spanSize = index.spanSize * factor;
    if (out.spanSize > qint64(0xFFFFFFFFu))
        return {};
    for (qint64 i = 0; i < index.count(); i += factor) {
        quint64 size = 0;
        quint32 crc = 0;
        for (qint64 j = i; j < qMin(index.count(), i + factor); ++j) {
            size += index.compressedSizes[j];
            // Span j's length: the old span size, but for the member's last span.
            const qint64 length = std::min(index.spanSize, uncompressedSize - j * index.spanSize);
            crc = j == i ? index.crcs[j] : codec::crc32Combine(crc, index.crcs[j], length);
        }
        if (size > 0xFFFFFFFFu)
            return {};
        out.compressedSizes.append(quint32(size));
        out.crcs.append(crc);
    }
    return out;
}

Result<ChunkIndex> parseChunkIndex(const uchar *extra, qint64 extraLen, quint64 compressedSize,
                                   quint64 uncompressedSize)
{
    qint64 pos = 0;
    while (extraLen - pos >= 4) {
        const quint16 id = get16(extra + pos);
        const qint64 len = get16(extra + pos + 2);
        if (len > extraLen - pos - 4)
            return Result<ChunkIndex>::failure(Tr::tr("corrupt extra field"));
        if (id != kChunkIndexId) {
            pos += 4 + len;
            continue;
        }
        const uchar *p = extra + pos + 4;
        if (len < kFixedSize || p[0] != kVersion)
            return Result<ChunkIndex>::failure(Tr::tr("chunk index: unknown version or too short"));
        ChunkIndex index;
        index.spanSize = get32(p + 2);
        const qint64 count = get32(p + 6);
        if (index.spanSize == 0 || count == 0 || count > kMaxSpans || len != kFixedSize + kPerSpan * count)
            return Result<ChunkIndex>::failure(Tr::tr("chunk index: inconsistent span size or count"));
        // count spans of spanSize bytes, the last one not empty, must hold exactly the member.
        const quint64 span = quint64(index.spanSize);
        if (uncompressedSize == 0 || (uncompressedSize + span - 1) / span != quint64(count))
            return Result<ChunkIndex>::failure(Tr::tr("chunk index: %1 spans of %2 bytes do not make %3 bytes")
                                                   .arg(count)
                                                   .arg(index.spanSize)
                                                   .arg(uncompressedSize));
        quint64 total = 0;
        index.compressedSizes.reserve(count);
        index.crcs.reserve(count);
        for (qint64 i = 0; i < count; ++i) {
            const quint32 c = get32(p + kFixedSize + kPerSpan * i);
            if (c == 0)
                return Result<ChunkIndex>::failure(Tr::tr("chunk index: span %1 is empty").arg(i));
            total += c;
            index.compressedSizes.append(c);
            index.crcs.append(get32(p + kFixedSize + kPerSpan * i + 4));
        }
        if (total != compressedSize)
            return Result<ChunkIndex>::failure(
                Tr::tr("chunk index: spans add up to %1 compressed bytes, not %2").arg(total).arg(compressedSize));
        return index;
    }
    return ChunkIndex{};
}

} // namespace npy::zip
