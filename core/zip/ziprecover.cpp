#include "ziprecover.h"

#include "deflate.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>

namespace npy {
namespace zip {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ZipRecover)
};

constexpr quint32 kLocalSig = 0x04034b50u;
constexpr quint32 kCentralSig = 0x02014b50u;
constexpr quint32 kEndSig = 0x06054b50u;
constexpr quint32 kZip64EndSig = 0x06064b50u;
constexpr quint32 kDescriptorSig = 0x08074b50u;
constexpr qint64 kChunk = qint64(1) << 20;
constexpr quint32 kNoSize = 0xFFFFFFFFu;

const uchar *bytesOf(const QByteArray &a)
{
    return reinterpret_cast<const uchar *>(a.constData());
}

QByteArray readAt(QIODevice *device, qint64 pos, qint64 size)
{
    if (size <= 0 || !device->seek(pos))
        return QByteArray();
    return device->read(size);
}

/** The offset of the first \a sig at or after \a from, -1 if there is none. */
qint64 findSignature(QIODevice *device, qint64 from, qint64 fileSize, quint32 sig)
{
    while (from + 4 <= fileSize) {
        const QByteArray buffer = readAt(device, from, std::min(kChunk, fileSize - from));
        if (buffer.size() < 4)
            return -1;
        const uchar *p = bytesOf(buffer);
        for (qsizetype i = 0; i + 4 <= buffer.size(); ++i) {
            if (p[i] == 'P' && get32(p + i) == sig)
                return from + i;
        }
        from += buffer.size() - 3;
    }
    return -1;
}

/**
 * The length of the data descriptor at \a at that declares \a crc, \a compressed and
 * \a uncompressed (signature optional; zip64 or 32-bit sizes), 0 when there is none.
 */
qint64 descriptorLength(QIODevice *device, qint64 at, qint64 fileSize, quint32 crc, quint64 compressed,
                        quint64 uncompressed)
{
    const QByteArray b = readAt(device, at, std::min<qint64>(24, fileSize - at));
    const uchar *p = bytesOf(b);
    for (qint64 off : {4, 0}) {
        if (off == 4 && (b.size() < 4 || get32(p) != kDescriptorSig))
            continue;
        if (b.size() >= off + 20 && get32(p + off) == crc && get64(p + off + 4) == compressed
            && get64(p + off + 12) == uncompressed)
            return off + 20;
        if (b.size() >= off + 12 && get32(p + off) == crc && get32(p + off + 4) == compressed
            && get32(p + off + 8) == uncompressed && compressed <= kNoSize && uncompressed <= kNoSize)
            return off + 12;
    }
    return 0;
}

/** A member delimited without help from its local header's sizes. */
struct Extent
{
    qint64 compressed = 0;
    qint64 uncompressed = 0;
    quint32 crc = 0;
    qint64 descriptor = 0; ///< 0: not delimited (cut or corrupt)
};

/**
 * Inflates the stream at \a dataStart to its end (bounded buffers) to find where it stops. Reads
 * at most \a budget input bytes (what it read is taken off).
 */
Extent delimitDeflated(QIODevice *device, qint64 dataStart, qint64 fileSize, qint64 *budget)
{
    Extent x;
    const codec::DeflateExtent d = codec::measureDeflateStream(device, dataStart, fileSize, *budget);
    *budget -= d.inputRead;
    x.crc = d.crc;
    x.uncompressed = d.uncompressed;
    if (!d.ended)
        return x;
    x.compressed = d.compressed;
    x.descriptor = descriptorLength(device, dataStart + x.compressed, fileSize, x.crc, quint64(x.compressed),
                                    quint64(x.uncompressed));
    return x;
}

/**
 * Finds the first descriptor signature whose CRC-32 and size match the stored bytes before it,
 * looking at most \a budget bytes ahead (what it looked at is taken off).
 */
Extent delimitStored(QIODevice *device, qint64 dataStart, qint64 fileSize, qint64 *budget)
{
    Extent x;
    if (*budget <= 0)
        return x;
    qint64 crcPos = dataStart;
    qint64 from = dataStart;
    const qint64 end = dataStart + std::min(*budget, fileSize - dataStart);
    while (true) {
        const qint64 at = findSignature(device, from, end, kDescriptorSig);
        if (at < 0) {
            *budget -= end - dataStart;
            return x;
        }
        while (crcPos < at) {
            const QByteArray piece = readAt(device, crcPos, std::min(kChunk, at - crcPos));
            if (piece.isEmpty())
                return x;
            x.crc = codec::crc32(x.crc, piece.constData(), piece.size());
            crcPos += piece.size();
        }
        const qint64 size = at - dataStart;
        const qint64 length = descriptorLength(device, at, fileSize, x.crc, quint64(size), quint64(size));
        if (length > 0) {
            x.compressed = x.uncompressed = size;
            x.descriptor = length;
            *budget -= size;
            return x;
        }
        from = at + 1;
    }
}

} // namespace

Result<Recovered> scanLocalHeaders(QIODevice *device, qint64 fileSize)
{
    Recovered r;
    r.directory.fileSize = fileSize;
    r.directory.centralOffset = fileSize;
    bool any = false;
    qint64 pos = 0;
    // Delimiting stream-written members reads ahead; spurious headers in garbage could make that
    // quadratic, so all of it together reads at most a few times the file.
    qint64 budget = 4 * fileSize + (qint64(64) << 20);
    while (pos >= 0 && pos + 4 <= fileSize && r.directory.entries.size() + r.lost.size() < kMaxRecoveredMembers) {
        const QByteArray h = readAt(device, pos, std::min<qint64>(kLocalHeaderSize, fileSize - pos));
        const uchar *p = bytesOf(h);
        const quint32 sig = h.size() >= 4 ? get32(p) : 0;
        if (sig == kCentralSig || sig == kEndSig || sig == kZip64EndSig) {
            r.directory.centralOffset = pos;
            break;
        }
        if (sig != kLocalSig) {
            pos = findSignature(device, pos + 1, fileSize, kLocalSig);
            continue;
        }
        any = true;
        if (h.size() < kLocalHeaderSize) {
            r.lost << Tr::tr("(a member whose local header is cut, at byte %1)").arg(pos);
            break;
        }
        Entry e;
        e.versionNeeded = get16(p + 4);
        e.flags = get16(p + 6);
        e.method = get16(p + 8);
        e.localOffset = quint64(pos);
        const quint32 crc = get32(p + 14);
        const quint32 compressed32 = get32(p + 18);
        const quint32 uncompressed32 = get32(p + 22);
        const qint64 nameLen = get16(p + 26);
        const qint64 extraLen = get16(p + 28);
        const QByteArray nameExtra =
            readAt(device, pos + kLocalHeaderSize, std::min(nameLen + extraLen, fileSize - pos - kLocalHeaderSize));
        if (nameExtra.size() < nameLen) {
            r.lost << Tr::tr("(a member whose local header is cut, at byte %1)").arg(pos);
            break;
        }
        e.rawName = nameExtra.left(nameLen);
        e.name = decodeName(e.rawName, e.flags & Utf8);
        if (nameExtra.size() < nameLen + extraLen) {
            r.lost << e.name;
            break;
        }
        quint64 compressed = compressed32;
        quint64 uncompressed = uncompressed32;
        // The zip64 extra of a local header holds both sizes when either 32-bit slot is full.
        const uchar *x = bytesOf(nameExtra) + nameLen;
        for (qint64 k = 0; k + 4 <= extraLen;) {
            const quint16 id = get16(x + k);
            const qint64 len = get16(x + k + 2);
            if (k + 4 + len > extraLen)
                break;
            if (id == 0x0001) {
                qint64 q = k + 4;
                if (uncompressed32 == kNoSize && q + 8 <= k + 4 + len) {
                    uncompressed = get64(x + q);
                    q += 8;
                }
                if (compressed32 == kNoSize && q + 8 <= k + 4 + len)
                    compressed = get64(x + q);
            }
            k += 4 + len;
        }
        const qint64 dataStart = pos + kLocalHeaderSize + nameLen + extraLen;
        qint64 next = -1;
        if (e.flags & DataDescriptor) {
            Extent extent;
            if (e.method == Deflated)
                extent = delimitDeflated(device, dataStart, fileSize, &budget);
            else if (e.method == Stored)
                extent = delimitStored(device, dataStart, fileSize, &budget);
            if (extent.descriptor > 0) {
                e.crc32 = extent.crc;
                e.compressedSize = quint64(extent.compressed);
                e.uncompressedSize = quint64(extent.uncompressed);
                next = dataStart + extent.compressed + extent.descriptor;
            }
        } else if (compressed <= quint64(fileSize - dataStart)) {
            e.crc32 = crc;
            e.compressedSize = compressed;
            e.uncompressedSize = uncompressed;
            next = dataStart + qint64(compressed);
        }
        if (next < 0) {
            // Cut short, or sizes that lie: what follows may still hold whole members.
            r.lost << e.name;
            pos = findSignature(device, pos + 4, fileSize, kLocalSig);
            continue;
        }
        r.directory.entries.append(std::move(e));
        pos = next;
    }
    if (!any)
        return Result<Recovered>::failure(Tr::tr("no local file header found: not a ZIP archive"));
    return r;
}

} // namespace zip
} // namespace npy
