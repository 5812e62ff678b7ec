#include "zipformat.h"

#include <QCoreApplication>
#include <QIODevice>

namespace npy {
namespace zip {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Zip)
};

constexpr char kLocalSig[] = "PK\x03\x04";
constexpr char kCentralSig[] = "PK\x01\x02";
constexpr char kEndSig[] = "PK\x05\x06";
constexpr char kEnd64Sig[] = "PK\x06\x06";
constexpr char kLocator64Sig[] = "PK\x06\x07";
constexpr quint32 kMax32 = 0xFFFFFFFFu;
constexpr quint16 kDosDate1980 = 0x0021; // 1980-01-01
constexpr quint16 kVersionDefault = 20;
constexpr quint16 kVersionZip64 = 45;
constexpr quint16 kCreateSystemUnix = 3;
constexpr quint32 kExternalAttr = 0600u << 16;

bool hasSig(const uchar *p, const char *sig)
{
    return p[0] == uchar(sig[0]) && p[1] == uchar(sig[1]) && p[2] == uchar(sig[2]) && p[3] == uchar(sig[3]);
}

const uchar *bytesOf(const QByteArray &a)
{
    return reinterpret_cast<const uchar *>(a.constData());
}

/** Reads exactly \a size bytes at \a offset, or returns an empty array. */
QByteArray readAt(QIODevice *device, qint64 offset, qint64 size)
{
    if (!device->seek(offset))
        return {};
    QByteArray out = device->read(size);
    return out.size() == size ? out : QByteArray();
}

// cp437 code points for bytes 0x80..0xFF (bytes below 0x80 are ASCII).
constexpr char16_t kCp437High[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC,
    0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2,
    0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310,
    0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C,
    0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
    0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, 0x03B1, 0x00DF,
    0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2,
    0x25A0, 0x00A0,
};

/** Applies the zip64 extra (id 1) of a central entry: only the fields whose slot is saturated. */
void applyZip64Extra(Entry *e, const uchar *extra, qint64 extraLen, bool usizeSat, bool csizeSat, bool offsetSat)
{
    qint64 pos = 0;
    while (extraLen - pos >= 4) {
        const quint16 id = get16(extra + pos);
        const quint16 len = get16(extra + pos + 2);
        if (len > extraLen - pos - 4) {
            e->error = Tr::tr("corrupt extra field in the central directory");
            return;
        }
        if (id == 1) {
            const uchar *p = extra + pos + 4;
            qint64 left = len;
            auto take = [&](quint64 *field) {
                if (left < 8)
                    return false;
                *field = get64(p);
                p += 8;
                left -= 8;
                return true;
            };
            if ((usizeSat && !take(&e->uncompressedSize)) || (csizeSat && !take(&e->compressedSize))
                || (offsetSat && !take(&e->localOffset))) {
                e->error = Tr::tr("corrupt zip64 extra field: a saturated size or offset is missing");
            }
            return;
        }
        pos += 4 + len;
    }
    if (usizeSat || csizeSat || offsetSat)
        e->error = Tr::tr("a size or offset is 0xFFFFFFFF but the entry has no zip64 extra field");
}

} // namespace

QString decodeName(const QByteArray &raw, bool utf8)
{
    if (utf8)
        return QString::fromUtf8(raw);
    QString out;
    out.reserve(raw.size());
    for (char c : raw) {
        const uchar u = uchar(c);
        out.append(QChar(u < 0x80 ? char16_t(u) : kCp437High[u - 0x80]));
    }
    return out;
}

QByteArray encodeName(const QString &name, quint16 *flags)
{
    bool ascii = true;
    for (QChar c : name)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        return name.toLatin1();
    *flags |= Utf8;
    return name.toUtf8();
}

Result<Directory> readDirectory(QIODevice *device, qint64 fileSize)
{
    using R = Result<Directory>;
    if (fileSize < kEndRecordSize)
        return R::failure(Tr::tr("too short (%1 bytes) to be a ZIP archive: no end of central directory record")
                              .arg(fileSize));
    const qint64 tailSize = std::min<qint64>(fileSize, kEndRecordSize + 0xFFFF);
    const qint64 tailStart = fileSize - tailSize;
    const QByteArray tail = readAt(device, tailStart, tailSize);
    if (tail.isEmpty())
        return R::failure(Tr::tr("cannot read the end of the file: %1").arg(device->errorString()));
    const uchar *t = bytesOf(tail);
    qint64 endPos = -1;
    for (qint64 i = tailSize - kEndRecordSize; i >= 0; --i) {
        if (t[i] == 'P' && hasSig(t + i, kEndSig) && get16(t + i + 20) <= tailSize - i - kEndRecordSize) {
            endPos = i;
            break;
        }
    }
    if (endPos < 0)
        return R::failure(Tr::tr("no end of central directory record: truncated, or not a ZIP archive"));
    const uchar *end = t + endPos;
    quint64 count = get16(end + 10);
    quint64 cdSize = get32(end + 12);
    quint64 cdOffset = get32(end + 16);
    qint64 cdEnd = tailStart + endPos; // where the directory must end

    // A zip64 locator right before the end record, and the zip64 end record right before it.
    if (tailStart + endPos >= kZip64LocatorSize) {
        const qint64 locPos = tailStart + endPos - kZip64LocatorSize;
        const QByteArray loc = readAt(device, locPos, kZip64LocatorSize);
        if (loc.size() == kZip64LocatorSize && hasSig(bytesOf(loc), kLocator64Sig)) {
            if (get32(bytesOf(loc) + 16) > 1)
                return R::failure(Tr::tr("archives spanning several disks are not supported"));
            const qint64 recPos = locPos - kZip64EndRecordSize;
            const QByteArray rec = recPos >= 0 ? readAt(device, recPos, kZip64EndRecordSize) : QByteArray();
            if (rec.size() != kZip64EndRecordSize || !hasSig(bytesOf(rec), kEnd64Sig))
                return R::failure(Tr::tr("the zip64 end of central directory record is missing at byte %1")
                                      .arg(recPos));
            count = get64(bytesOf(rec) + 32);
            cdSize = get64(bytesOf(rec) + 40);
            cdOffset = get64(bytesOf(rec) + 48);
            cdEnd = recPos;
        }
    }
    if (cdSize > quint64(cdEnd) || cdOffset != quint64(cdEnd) - cdSize)
        return R::failure(Tr::tr("the central directory (%1 bytes at byte %2) does not end where the end record "
                                 "starts (byte %3): truncated or corrupt archive")
                              .arg(cdSize).arg(cdOffset).arg(cdEnd));
    if (qint64(cdSize) > kMaxCentralDirectory)
        return R::failure(Tr::tr("the central directory is too large (%1 bytes)").arg(cdSize));
    if (count > cdSize / kCentralHeaderSize)
        return R::failure(Tr::tr("the end record claims %1 entries, more than a %2-byte central directory holds")
                              .arg(count).arg(cdSize));

    Directory dir;
    dir.centralOffset = qint64(cdOffset);
    dir.fileSize = fileSize;
    const QByteArray cd = readAt(device, qint64(cdOffset), qint64(cdSize));
    if (qint64(cd.size()) != qint64(cdSize))
        return R::failure(Tr::tr("cannot read the central directory at byte %1").arg(cdOffset));
    const uchar *p = bytesOf(cd);
    qint64 pos = 0;
    dir.entries.reserve(qsizetype(count));
    while (pos < qint64(cdSize)) {
        if (qint64(cdSize) - pos < kCentralHeaderSize || !hasSig(p + pos, kCentralSig))
            return R::failure(Tr::tr("bad central directory entry %1 at byte %2").arg(dir.entries.size())
                                  .arg(qint64(cdOffset) + pos));
        const uchar *h = p + pos;
        Entry e;
        e.versionMadeBy = get16(h + 4);
        e.versionNeeded = get16(h + 6);
        e.flags = get16(h + 8);
        e.method = get16(h + 10);
        e.crc32 = get32(h + 16);
        e.compressedSize = get32(h + 20);
        e.uncompressedSize = get32(h + 24);
        const qint64 nameLen = get16(h + 28);
        const qint64 extraLen = get16(h + 30);
        const qint64 commentLen = get16(h + 32);
        e.localOffset = get32(h + 42);
        const qint64 total = kCentralHeaderSize + nameLen + extraLen + commentLen;
        if (qint64(cdSize) - pos < total)
            return R::failure(Tr::tr("central directory entry %1 at byte %2 runs past the directory")
                                  .arg(dir.entries.size()).arg(qint64(cdOffset) + pos));
        e.rawName = QByteArray(reinterpret_cast<const char *>(h + kCentralHeaderSize), qsizetype(nameLen));
        e.name = decodeName(e.rawName, e.flags & Utf8);
        applyZip64Extra(&e, h + kCentralHeaderSize + nameLen, extraLen, e.uncompressedSize == kMax32,
                        e.compressedSize == kMax32, e.localOffset == kMax32);
        if (e.error.isEmpty() && e.method == Deflated) {
            Result<ChunkIndex> chunks = parseChunkIndex(h + kCentralHeaderSize + nameLen, extraLen, e.compressedSize,
                                                        e.uncompressedSize);
            if (chunks)
                e.chunks = std::move(chunks).value();
            else
                e.chunkIndexError = chunks.error();
        }
        dir.entries.append(std::move(e));
        pos += total;
    }
    return dir;
}

QByteArray localHeader(const WrittenMember &m)
{
    const bool big = m.uncompressedSize > quint64(kZip64Limit) || m.compressedSize > quint64(kZip64Limit);
    QByteArray out;
    out.reserve(kLocalHeaderSize + m.rawName.size() + 20);
    out.append(kLocalSig, 4);
    put16(&out, big ? kVersionZip64 : kVersionDefault);
    put16(&out, m.flags);
    put16(&out, m.method);
    put16(&out, 0);             // time 00:00:00
    put16(&out, kDosDate1980);  // date 1980-01-01
    put32(&out, m.crc32);
    put32(&out, big ? kMax32 : quint32(m.compressedSize));
    put32(&out, big ? kMax32 : quint32(m.uncompressedSize));
    put16(&out, quint16(m.rawName.size()));
    put16(&out, 20);
    out.append(m.rawName);
    put16(&out, 1);
    put16(&out, 16);
    put64(&out, m.uncompressedSize);
    put64(&out, m.compressedSize);
    return out;
}

QByteArray centralHeader(const WrittenMember &m)
{
    const bool big = m.uncompressedSize > quint64(kZip64Limit) || m.compressedSize > quint64(kZip64Limit);
    const bool farOffset = m.localOffset > quint64(kZip64Limit);
    QByteArray extra;
    if (big) {
        put64(&extra, m.uncompressedSize);
        put64(&extra, m.compressedSize);
    }
    if (farOffset)
        put64(&extra, m.localOffset);
    const quint16 version = (big || farOffset) ? kVersionZip64 : kVersionDefault;
    QByteArray out;
    const qint64 extraLen = (extra.isEmpty() ? 0 : extra.size() + 4) + m.centralExtra.size();
    Q_ASSERT(extraLen <= 0xFFFF);
    out.reserve(kCentralHeaderSize + m.rawName.size() + extraLen);
    out.append(kCentralSig, 4);
    put16(&out, quint16(kCreateSystemUnix << 8 | version));
    put16(&out, version);
    put16(&out, m.flags);
    put16(&out, m.method);
    put16(&out, 0);
    put16(&out, kDosDate1980);
    put32(&out, m.crc32);
    put32(&out, big ? kMax32 : quint32(m.compressedSize));
    put32(&out, big ? kMax32 : quint32(m.uncompressedSize));
    put16(&out, quint16(m.rawName.size()));
    put16(&out, quint16(extraLen));
    put16(&out, 0); // comment length
    put16(&out, 0); // disk number
    put16(&out, 0); // internal attributes
    put32(&out, kExternalAttr);
    put32(&out, farOffset ? kMax32 : quint32(m.localOffset));
    out.append(m.rawName);
    if (!extra.isEmpty()) {
        put16(&out, 1);
        put16(&out, quint16(extra.size()));
        out.append(extra);
    }
    out.append(m.centralExtra);
    return out;
}

QByteArray endRecords(qint64 entryCount, qint64 centralOffset, qint64 centralSize)
{
    QByteArray out;
    const bool zip64 = entryCount > kFileCountLimit || centralOffset > kZip64Limit || centralSize > kZip64Limit;
    if (zip64) {
        const qint64 recordPos = centralOffset + centralSize;
        out.append(kEnd64Sig, 4);
        put64(&out, 44);
        put16(&out, kVersionZip64);
        put16(&out, kVersionZip64);
        put32(&out, 0);
        put32(&out, 0);
        put64(&out, quint64(entryCount));
        put64(&out, quint64(entryCount));
        put64(&out, quint64(centralSize));
        put64(&out, quint64(centralOffset));
        out.append(kLocator64Sig, 4);
        put32(&out, 0);
        put64(&out, quint64(recordPos));
        put32(&out, 1);
    }
    out.append(kEndSig, 4);
    put16(&out, 0);
    put16(&out, 0);
    put16(&out, quint16(std::min<qint64>(entryCount, kFileCountLimit)));
    put16(&out, quint16(std::min<qint64>(entryCount, kFileCountLimit)));
    put32(&out, quint32(std::min<qint64>(centralSize, kMax32)));
    put32(&out, quint32(std::min<qint64>(centralOffset, kMax32)));
    put16(&out, 0);
    return out;
}

} // namespace zip
} // namespace npy
