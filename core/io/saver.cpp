#include "saver.h"

#include "npyfile.h"
#include "npzwriter.h"

#include <QCoreApplication>
#include <QSaveFile>

#include <cerrno>

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::Saver", text);
}

/** Writes the array \a producer streams as the `.npy` file \a path, through QSaveFile. */
Status saveProducedNpy(const QString &path, const ArrayProducer &producer, const Progress &progress)
{
    const NpyHeader &h = producer.header();
    Result<QByteArray> header = buildNpyHeader(h.dtype, h.shape, h.fortranOrder);
    if (!header)
        return Status::failure(QStringLiteral("%1: %2").arg(path, header.error()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(QStringLiteral("%1: %2").arg(path, file.errorString()));
    qint64 written = 0;
    bool writeFailed = false;
    Status st;
    if (!writeBytes(&file, header->constData(), header->size())) {
        writeFailed = true;
    } else {
        st = producer.produce(
            [&](const uchar *data, qint64 size) {
                if (written + size > h.dataBytes || !writeBytes(&file, data, size)) {
                    writeFailed = true;
                    return false;
                }
                written += size;
                return true;
            },
            progress);
    }
    if (writeFailed || !st || written != h.dataBytes) {
        file.cancelWriting();
        if (writeFailed)
            return Status::failure(QStringLiteral("%1: %2").arg(path, tr("write failed: %1").arg(file.errorString())));
        if (!st)
            return Status::failure(QStringLiteral("%1: %2").arg(path, st.error()));
        return Status::failure(QStringLiteral("%1: %2").arg(
            path, tr("the array gave %1 bytes, not %2").arg(written).arg(h.dataBytes)));
    }
    if (!file.commit()) {
        const int error = errno;
        return Status::failure(QStringLiteral("%1: %2").arg(
            path, tr("could not finish writing: %1").arg(commitFailureReason(file, error))));
    }
    return Status();
}

} // namespace

SaveFormat formatForPath(const QString &path)
{
    return path.endsWith(QStringLiteral(".npy"), Qt::CaseInsensitive) ? SaveFormat::Npy : SaveFormat::Npz;
}

Status saveFile(const QString &path, const QList<SaveMember> &members, SaveFormat format, const Progress &progress,
                CompressionLevel level)
{
    if (format == SaveFormat::Npy) {
        if (members.size() != 1)
            return Status::failure(QCoreApplication::translate("npy::Saver", "%1: an .npy file holds exactly one "
                                                                              "array, not %2")
                                       .arg(path).arg(members.size()));
        if (members.first().producer)
            return saveProducedNpy(path, *members.first().producer, progress);
        return saveNpyFile(path, members.first().array);
    }
    return saveNpz(path, members, format, progress, level);
}

} // namespace npy
