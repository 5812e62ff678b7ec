#pragma once

#include "chunkindex.h"
#include "zipbytes.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace npy {

/**
 * The ZIP structures an `.npz` uses (PKWARE APPNOTE 6.3, as CPython's zipfile reads and writes
 * them): central directory parsing with zip64, and the exact records NumPy's savez writes.
 * Every multi-byte field is little-endian and read byte-wise.
 */
namespace zip {

/** Python's zipfile switches to zip64 fields above this (2^31 - 1), not at 4 GiB. */
inline constexpr qint64 kZip64Limit = (qint64(1) << 31) - 1;
inline constexpr int kFileCountLimit = 0xFFFF;
inline constexpr int kLocalHeaderSize = 30;
inline constexpr int kCentralHeaderSize = 46;
inline constexpr int kEndRecordSize = 22;
inline constexpr int kZip64EndRecordSize = 56;
inline constexpr int kZip64LocatorSize = 20;
/** The largest ratio a DEFLATE stream can reach (258 bytes from 2 bits, plus block overhead). */
inline constexpr qint64 kMaxDeflateRatio = 1032;

enum Method : quint16 { Stored = 0, Deflated = 8, Bzip2 = 12, Lzma = 14 };
enum Flag : quint16 { Encrypted = 0x1, DataDescriptor = 0x8, StrongEncryption = 0x40, Utf8 = 0x800 };

/** One central directory entry, with zip64 fields already applied. */
struct Entry
{
    QByteArray rawName;
    /** UTF-8 when flag 0x800 is set, else cp437 (as Python decodes it). */
    QString name;
    quint16 versionMadeBy = 0;
    quint16 versionNeeded = 0;
    quint16 flags = 0;
    quint16 method = 0;
    quint32 crc32 = 0;
    quint64 compressedSize = 0;
    quint64 uncompressedSize = 0;
    quint64 localOffset = 0;
    /** Our writer's chunk index (see chunkindex.h), empty when the entry has none or a bad one. */
    ChunkIndex chunks;
    /** Why the entry's chunk index was ignored (the member still reads from its start); usually empty. */
    QString chunkIndexError;
    /** Why this entry cannot be used (a corrupt zip64 extra, say); empty when fine. */
    QString error;
};

/** The central directory of an archive. */
struct Directory
{
    QList<Entry> entries;
    /** Where the central directory starts: no member data may extend past it. */
    qint64 centralOffset = 0;
    qint64 fileSize = 0;
};

/** The most central directory bytes read (a hostile count cannot make us allocate more). */
inline constexpr qint64 kMaxCentralDirectory = qint64(1) << 30;

/**
 * Finds the end record (tolerating a comment of up to 64 KiB), follows the zip64 locator if
 * there is one, and parses every central directory entry. Fails with a message (without the
 * file name) when the container itself is broken: no end record, truncated or inconsistent
 * directory.
 */
[[nodiscard]] Result<Directory> readDirectory(QIODevice *device, qint64 fileSize);

/** Decodes a member name: UTF-8 with flag 0x800, else cp437. */
[[nodiscard]] QString decodeName(const QByteArray &raw, bool utf8);
/** Encodes a name as Python does: ASCII as is, else UTF-8 and flag 0x800 in \a flags. */
[[nodiscard]] QByteArray encodeName(const QString &name, quint16 *flags);

/** What the writer knows about a member it wrote, for its local header and directory entry. */
struct WrittenMember
{
    QByteArray rawName;
    quint16 flags = 0;
    quint16 method = Stored;
    quint32 crc32 = 0;
    quint64 compressedSize = 0;
    quint64 uncompressedSize = 0;
    quint64 localOffset = 0;
    /** Extra fields appended to the central directory entry only (our chunk index), IDs included. */
    QByteArray centralExtra;
};

/** The local header zipfile writes with force_zip64: 30 bytes, the name and a 20-byte zip64 extra. */
[[nodiscard]] QByteArray localHeader(const WrittenMember &m);
/** The central directory entry zipfile writes for \a m (zip64 extra only where needed). */
[[nodiscard]] QByteArray centralHeader(const WrittenMember &m);
/**
 * The records after the central directory: zip64 end record and locator when zipfile writes them
 * (more than 65535 entries, or directory offset or size above 2^31 - 1), then the end record.
 */
[[nodiscard]] QByteArray endRecords(qint64 entryCount, qint64 centralOffset, qint64 centralSize);

} // namespace zip
} // namespace npy
