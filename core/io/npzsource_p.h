#pragma once

// Internal to the npz reader: the Source of an `.npz` (npzopen.cpp opens an archive, npzmember.cpp reads its
// members; npzreader.h is the API).

#include "pagedstore.h"
#include "rawmember.h"
#include "source.h"
#include "spanreader.h"
#include "zipformat.h"

#include <QCoreApplication>
#include <QFile>

#include <memory>

namespace npy::npz {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Npz)
};

/** Members at least this big inflate stepwise (progress, cancel) when the caller asks for either. */
inline constexpr qint64 kStepwiseInflate = qint64(256) << 20;
inline constexpr qint64 kInflateStep = qint64(16) << 20;

/** Bytes read or inflated from the start of a member to parse its NPY header, at first. */
inline constexpr qint64 kFirstPeek = 1024;

/** Blocks of a paged member kept resident at most. */
inline constexpr qint64 kPagedResident = qint64(256) << 20;

/** Where a member's bytes are, and why they cannot be read at all (container-level problems). */
struct Location
{
    qint64 localOffset = 0;
    qint64 dataOffset = -1;
    qint64 compressedSize = 0;
    qint64 uncompressedSize = 0;
    quint32 crc32 = 0;
    quint16 method = 0;
    /** Non-empty when the member's bytes cannot be read (unsupported method, bad location, ...). */
    QString error;
    /** Our writer's chunk index, as parsed from the directory (empty when there is none). */
    zip::ChunkIndex chunks;
    /** Span access through that index, once the member's data offset is known and the index checked. */
    std::shared_ptr<const zip::SpanReader> spans;
};

/** An opened `.npz`: its directory, each member's location and header (see openNpz()). */
class NpzSource final : public Source
{
public:
    explicit NpzSource(const QString &path) : Source(path, FileFormat::Npz) {}

    Status openArchive();
    Result<NpyArray> load(int index, const Progress &progress) const override;
    Result<QByteArray> readRaw(int index, const Progress &progress) const override;
    Status readData(int index, const DataSink &sink, const Progress &progress) const override;
    Status readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                         const Progress &progress) const override;
    bool raw(int index, RawMember *out) const;
    /** Member \a index (DEFLATED) as a PagedStore of its whole stream. */
    Result<std::shared_ptr<const PagedStore>> pagedStore(int index) const;

private:
    QString fail(int index, const QString &why) const { return Tr::tr("%1: %2").arg(where(index), why); }
    /** The failure of a member whose data gives CRC-32 \a got instead of the archive's. */
    Status crcMismatch(int index, quint32 got) const
    {
        return Status::failure(fail(index, Tr::tr("CRC-32 mismatch: the data gives %1, the archive says %2 "
                                                  "(corrupt member)")
                                               .arg(got, 8, 16, QLatin1Char('0'))
                                               .arg(mLocations[index].crc32, 8, 16, QLatin1Char('0'))));
    }
    void locate(QFile *file, const zip::Directory &dir, int index);
    void checkOverlaps(const zip::Directory &dir);
    void peekHeader(QFile *file, int index);
    /** The first \a want bytes of a member's decompressed stream (fewer if it is shorter). */
    Result<QByteArray> prefix(QFile *file, int index, qint64 want) const;
    /** Fails when member \a index cannot be decompressed at all (location, size, cancelled). */
    Status checkReadable(int index, const Progress &progress) const;
    /** Decompresses the whole member into \a out (its uncompressed size), checking the CRC. */
    Status decompressInto(int index, uchar *out, const Progress &progress) const;

    QList<Location> mLocations;
};

} // namespace npy::npz
