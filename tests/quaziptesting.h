#pragma once

// Reading archives through QuaZip in the tests (tst_quazip, tst_npzlarge): an independent reader of
// what our writer produces. Members are read in pieces (QuaZip answers -1 to a single read of 2^31
// bytes or more), and QuaZip's own CRC check is reported (unzip checks it when a member read to its
// end is closed).

#include "npyarray.h"
#include "npyfile.h"

#include <quacrc32.h>
#include <quazip.h>
#include <quazipfile.h>
#include <quazipfileinfo.h>

#include <QBuffer>
#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace npytest {

/** What QuaZip says about one member it read. */
struct QuaZipMember
{
    QString name;
    int method = -1;           ///< 0 stored, 8 deflated
    qint64 size = -1;          ///< uncompressed size from the central directory
    qint64 compressedSize = -1;
    quint32 crc = 0;           ///< CRC-32 from the central directory
    qint64 bytesRead = 0;      ///< what QuaZip delivered
    quint32 crcOfRead = 0;     ///< CRC-32 of what QuaZip delivered, computed here
    int closeError = -1;       ///< QuaZipFile::getZipError() after close(): UNZ_OK (0), or UNZ_CRCERROR on a bad CRC
    QByteArray bytes;          ///< the member's bytes, when asked for
};

/** The size of one QuaZipFile::read(): well below 2^31. */
inline constexpr qint64 kQuaZipPiece = qint64(4) << 20;

/**
 * Reads every member of \a path with QuaZip, in central directory order. \a sink gets each member's
 * bytes piece by piece (index, stream offset, data, size) and may return false to stop with an
 * error. With \a keepBytes each member's bytes are also kept in QuaZipMember::bytes. False with
 * \a error when QuaZip cannot open or read the archive; a CRC mismatch is not an error here (see
 * closeError).
 */
inline bool readWithQuaZip(const QString &path, QList<QuaZipMember> *out, QString *error, bool keepBytes = true,
                           const std::function<bool(int, qint64, const char *, qint64)> &sink = {})
{
    out->clear();
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip)) {
        *error = QStringLiteral("QuaZip cannot open %1: error %2").arg(path).arg(zip.getZipError());
        return false;
    }
    QByteArray piece(int(kQuaZipPiece), Qt::Uninitialized);
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        QuaZipFileInfo64 info;
        if (!zip.getCurrentFileInfo(&info)) {
            *error = QStringLiteral("QuaZip cannot describe member %1: error %2").arg(out->size()).arg(zip.getZipError());
            return false;
        }
        QuaZipMember m;
        m.name = info.name;
        m.method = info.method;
        m.size = qint64(info.uncompressedSize);
        m.compressedSize = qint64(info.compressedSize);
        m.crc = info.crc;
        const int index = int(out->size());
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("QuaZip cannot open member %1: error %2").arg(m.name).arg(file.getZipError());
            return false;
        }
        QuaCrc32 crc;
        for (;;) {
            const qint64 n = file.read(piece.data(), kQuaZipPiece);
            if (n < 0) {
                *error = QStringLiteral("QuaZip cannot read member %1 at %2: error %3")
                             .arg(m.name).arg(m.bytesRead).arg(file.getZipError());
                return false;
            }
            if (n == 0)
                break;
            crc.update(QByteArray::fromRawData(piece.constData(), qsizetype(n)));
            if (keepBytes)
                m.bytes.append(piece.constData(), qsizetype(n));
            if (sink && !sink(index, m.bytesRead, piece.constData(), n)) {
                *error = QStringLiteral("member %1 differs near offset %2").arg(m.name).arg(m.bytesRead);
                return false;
            }
            m.bytesRead += n;
        }
        m.crcOfRead = quint32(crc.value());
        file.close();
        m.closeError = file.getZipError();
        out->append(m);
    }
    if (zip.getZipError() != UNZ_OK) {
        *error = QStringLiteral("QuaZip stopped listing %1: error %2").arg(path).arg(zip.getZipError());
        return false;
    }
    return true;
}

/** The bytes np.save writes for \a array (core's npy writer); empty when it cannot be written. */
inline QByteArray npyBytes(const npy::NpyArray &array)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !npy::writeNpy(&buffer, array).ok())
        return QByteArray();
    return bytes;
}

} // namespace npytest
