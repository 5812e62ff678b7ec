#include "npzsource_p.h"

#include "deflate.h"
#include "inflater.h"
#include "npyfile.h"
#include "ziprecover.h"

#include <QHash>

#include <algorithm>
#include <limits>

namespace npy {

namespace npz {

namespace {

QString methodName(int method)
{
    switch (method) {
    case zip::Bzip2:
        return QStringLiteral("bzip2");
    case zip::Lzma:
        return QStringLiteral("LZMA");
    case 9:
        return QStringLiteral("deflate64");
    case 93:
        return QStringLiteral("zstd");
    case 95:
        return QStringLiteral("xz");
    case 98:
        return QStringLiteral("PPMd");
    default:
        return QString();
    }
}

} // namespace

Status NpzSource::openArchive()
{
    QFile file(mPath);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(Tr::tr("%1: %2").arg(mPath, file.errorString()));
    Result<zip::Directory> dir = zip::readDirectory(&file, file.size());
    QStringList lost;
    bool recovered = false;
    if (!dir) {
        // No usable central directory (a truncated download, say): read what the local headers give.
        Result<zip::Recovered> scan = zip::scanLocalHeaders(&file, file.size());
        if (!scan)
            return Status::failure(Tr::tr("%1: %2").arg(mPath, dir.error()));
        lost = scan->lost;
        dir = std::move(scan->directory);
        recovered = true;
    }
    const QList<zip::Entry> &entries = dir->entries;
    mMembers.reserve(entries.size());
    mLocations.reserve(entries.size());
    for (const zip::Entry &e : entries) {
        MemberInfo m;
        m.archiveName = e.name;
        m.name = e.name.endsWith(QStringLiteral(".npy")) ? e.name.chopped(4) : e.name;
        m.method = e.method;
        m.storedSize = qint64(std::min<quint64>(e.compressedSize, quint64(std::numeric_limits<qint64>::max())));
        m.size = qint64(std::min<quint64>(e.uncompressedSize, quint64(std::numeric_limits<qint64>::max())));
        m.crc32 = e.crc32;
        m.compression = e.method == zip::Stored     ? Compression::Stored
                        : e.method == zip::Deflated ? Compression::Deflated
                        : e.method == 12            ? Compression::Bzip2
                        : e.method == 14            ? Compression::Lzma
                                                    : Compression::Unsupported;
        Location loc;
        loc.compressedSize = m.storedSize;
        loc.uncompressedSize = m.size;
        loc.crc32 = e.crc32;
        loc.method = e.method;
        loc.localOffset = qint64(std::min<quint64>(e.localOffset, quint64(std::numeric_limits<qint64>::max())));
        loc.error = e.error;
        loc.chunks = e.chunks;
        mMembers.append(std::move(m));
        mLocations.append(std::move(loc));
    }
    for (int i = 0; i < mMembers.size(); ++i)
        locate(&file, dir.value(), i);
    checkOverlaps(dir.value());
    for (Location &loc : mLocations) {
        if (!loc.error.isEmpty() || loc.chunks.isEmpty() || loc.dataOffset < 0)
            continue;
        auto spans = std::make_shared<zip::SpanReader>(mPath, loc.dataOffset, loc.chunks, loc.uncompressedSize);
        // An index whose spans do not add up to the member's CRC is ignored: the member reads from its start.
        if (spans->combinedCrc() == loc.crc32)
            loc.spans = std::move(spans);
    }
    for (int i = 0; i < mMembers.size(); ++i) {
        if (mLocations[i].error.isEmpty())
            peekHeader(&file, i);
        else
            mMembers[i].error = mLocations[i].error;
    }
    if (recovered) {
        for (MemberInfo &m : mMembers) {
            m.warning = Tr::tr("read by scanning local headers: the archive's central directory is missing or broken");
            m.recovered = true;
        }
        for (const QString &name : std::as_const(lost)) {
            MemberInfo m;
            m.archiveName = name;
            m.name = name.endsWith(QStringLiteral(".npy")) ? name.chopped(4) : name;
            m.truncated = true;
            m.error = Tr::tr("lost: the archive is cut short (or damaged) inside this member");
            Location loc;
            loc.error = m.error;
            mMembers.append(std::move(m));
            mLocations.append(std::move(loc));
        }
    }

    // Duplicate keys: the last one wins, as in NumPy.
    QHash<QString, int> last;
    for (int i = 0; i < mMembers.size(); ++i)
        last.insert(mMembers[i].name, i);
    for (int i = 0; i < mMembers.size(); ++i) {
        const int winner = last.value(mMembers[i].name);
        if (winner != i) {
            mMembers[i].warning = Tr::tr("duplicate name: hidden by a later member of the same name (as in NumPy)");
            mMembers[winner].warning =
                Tr::tr("duplicate name: this member hides an earlier one of the same name (as in NumPy)");
        }
    }
    return Status();
}

void NpzSource::locate(QFile *file, const zip::Directory &dir, int index)
{
    Location &loc = mLocations[index];
    const zip::Entry &e = dir.entries[index];
    if (!loc.error.isEmpty())
        return;
    if (e.flags & (zip::Encrypted | zip::StrongEncryption)) {
        loc.error = Tr::tr("encrypted member, not supported");
        return;
    }
    if (e.method != zip::Stored && !codec::StreamDecoder::supports(e.method)) {
        const QString name = methodName(e.method);
        loc.error = name.isEmpty() ? Tr::tr("compression method %1 is not supported").arg(e.method)
                                   : Tr::tr("compression method %1 (%2) is not supported").arg(e.method).arg(name);
        return;
    }
    const qint64 end = dir.centralOffset;
    if (loc.localOffset > end - zip::kLocalHeaderSize) {
        loc.error = Tr::tr("the local header offset %1 lies outside the member area (which ends at byte %2)")
                        .arg(loc.localOffset).arg(end);
        return;
    }
    uchar h[zip::kLocalHeaderSize];
    if (!file->seek(loc.localOffset) || file->read(reinterpret_cast<char *>(h), sizeof h) != qint64(sizeof h)
        || zip::get32(h) != 0x04034b50u) {
        loc.error = Tr::tr("no local file header at byte %1").arg(loc.localOffset);
        return;
    }
    const qint64 nameLen = zip::get16(h + 26);
    const qint64 extraLen = zip::get16(h + 28);
    const QByteArray localName = file->read(nameLen);
    if (localName != e.rawName) {
        loc.error = Tr::tr("the name in the local header ('%1') differs from the central directory's")
                        .arg(zip::decodeName(localName, zip::get16(h + 6) & zip::Utf8));
        return;
    }
    loc.dataOffset = loc.localOffset + zip::kLocalHeaderSize + nameLen + extraLen;
    if (loc.compressedSize > end - loc.dataOffset) {
        loc.error = Tr::tr("its %1 stored bytes at byte %2 run past the end of the member area (byte %3): "
                           "truncated or corrupt archive")
                        .arg(loc.compressedSize).arg(loc.dataOffset).arg(end);
        return;
    }
    if (e.method == zip::Stored && loc.compressedSize != loc.uncompressedSize) {
        loc.error = Tr::tr("stored member whose sizes differ (%1 stored, %2 declared)")
                        .arg(loc.compressedSize).arg(loc.uncompressedSize);
        return;
    }
    if (e.method == zip::Deflated
        && loc.uncompressedSize / zip::kMaxDeflateRatio > loc.compressedSize + 1) {
        loc.error = Tr::tr("declares %1 bytes from %2 compressed bytes, a ratio DEFLATE cannot reach "
                           "(possible zip bomb)")
                        .arg(loc.uncompressedSize).arg(loc.compressedSize);
        return;
    }
}

void NpzSource::checkOverlaps(const zip::Directory &dir)
{
    QList<int> order;
    for (int i = 0; i < mLocations.size(); ++i) {
        if (mLocations[i].dataOffset >= 0)
            order.append(i);
    }
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return mLocations[a].localOffset < mLocations[b].localOffset; });
    for (qsizetype k = 0; k + 1 < order.size(); ++k) {
        Location &a = mLocations[order[k]];
        Location &b = mLocations[order[k + 1]];
        // As Python's zipfile: the member whose data runs into the next local header is refused;
        // two entries sharing one local header are both refused.
        const QString why = Tr::tr("its bytes overlap those of member '%1' (possible zip bomb)");
        if (b.localOffset < a.dataOffset + a.compressedSize && a.error.isEmpty())
            a.error = why.arg(mMembers[order[k + 1]].archiveName);
        if (b.localOffset == a.localOffset && b.error.isEmpty())
            b.error = why.arg(mMembers[order[k]].archiveName);
    }
    Q_UNUSED(dir);
}

Result<QByteArray> NpzSource::prefix(QFile *file, int index, qint64 want) const
{
    const Location &loc = mLocations[index];
    want = std::min(want, loc.uncompressedSize);
    if (loc.method == zip::Stored) {
        if (!file->seek(loc.dataOffset))
            return Result<QByteArray>::failure(Tr::tr("cannot seek to byte %1").arg(loc.dataOffset));
        return file->read(want);
    }
    if (loc.method != zip::Deflated) {
        // bzip2 and LZMA: decode just enough.
        QByteArray out;
        const Status st = codec::decodeToSink(loc.method, file, loc.dataOffset, loc.compressedSize,
                                              loc.uncompressedSize, std::max<qint64>(want, 1),
                                              [&](const uchar *p, qint64 n) {
                                                  out.append(reinterpret_cast<const char *>(p),
                                                             qsizetype(std::min(n, want - qint64(out.size()))));
                                                  return qint64(out.size()) < want;
                                              },
                                              nullptr);
        if (!st)
            return Result<QByteArray>::failure(st.error());
        return out;
    }
    return codec::inflatePrefix(file, loc.dataOffset, loc.compressedSize, want);
}

void NpzSource::peekHeader(QFile *file, int index)
{
    MemberInfo &m = mMembers[index];
    const Location &loc = mLocations[index];
    qint64 want = kFirstPeek;
    while (true) {
        Result<QByteArray> head = prefix(file, index, want);
        if (!head) {
            m.error = head.error();
            return;
        }
        if (head->size() < kNpyMagicLength || !head->startsWith(QByteArray(kNpyMagic, kNpyMagicLength)))
            return; // not an NPY stream: listed as another file, read with readRaw
        NpyHeader header;
        QString error;
        qint64 needed = 0;
        switch (parseNpyHeader(head->constData(), head->size(), &header, &error, &needed)) {
        case HeaderParse::Error:
            m.error = Tr::tr("bad NPY header: %1").arg(error);
            return;
        case HeaderParse::NeedMore:
            if (needed > loc.uncompressedSize || head->size() < want) {
                m.error = Tr::tr("the NPY header needs %1 bytes but the member holds only %2")
                              .arg(needed).arg(std::min<qint64>(head->size(), loc.uncompressedSize));
                return;
            }
            want = needed;
            continue;
        case HeaderParse::Ok:
            break;
        }
        m.isArray = true;
        m.header = header;
        const qint64 streamSize = header.dataOffset + header.dataBytes; // checked by the parser
        if (header.isPickled())
            m.error = pickledMessage(header);
        else if (loc.uncompressedSize < streamSize)
            m.error = Tr::tr("the NPY header declares %1 data bytes but the member holds only %2 after the header")
                          .arg(header.dataBytes).arg(loc.uncompressedSize - header.dataOffset);
        else if (loc.uncompressedSize > streamSize)
            m.warning = Tr::tr("%1 bytes follow the array data").arg(loc.uncompressedSize - streamSize);
        return;
    }
}

} // namespace npz

} // namespace npy
