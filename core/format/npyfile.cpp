#include "npyfile.h"

#include "pageadvice.h"
#include "savefile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cerrno>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::NpyFile)
};

/** What writeNpy() writes of a read-only map between two givings back of its pages. */
constexpr qint64 kReleaseStep = qint64(64) << 20;
/** How far back each giving back starts: the page the previous piece ended in (pages are at most 64 KiB). */
constexpr qint64 kReleaseOverlap = qint64(64) << 10;

QString located(const QString &where, const QString &what)
{
    return QStringLiteral("%1: %2").arg(where, what);
}

/** Reads just enough of \a file to parse the header. */
Result<NpyHeader> headerFromDevice(QIODevice *device, const QString &where)
{
    QByteArray head;
    qint64 want = 4096;
    while (true) {
        const qint64 have = head.size();
        if (want > have) {
            head.resize(qsizetype(want));
            const qint64 n = device->read(head.data() + have, want - have);
            head.resize(qsizetype(have + std::max<qint64>(n, 0)));
        }
        NpyHeader header;
        QString error;
        qint64 needed = 0;
        switch (parseNpyHeader(head.constData(), head.size(), &header, &error, &needed)) {
        case HeaderParse::Ok:
            return header;
        case HeaderParse::Error:
            return Result<NpyHeader>::failure(located(where, error));
        case HeaderParse::NeedMore:
            if (head.size() < want || needed <= head.size()) {
                if (head.isEmpty())
                    return Result<NpyHeader>::failure(located(where, Tr::tr("the file is empty")));
                return Result<NpyHeader>::failure(located(
                    where, Tr::tr("truncated: the header needs %1 bytes but only %2 are there")
                               .arg(needed).arg(head.size())));
            }
            want = needed;
        }
    }
}

} // namespace

QString pickledMessage(const NpyHeader &header)
{
    return Tr::tr("pickled object array of shape %1, not loaded for safety").arg(header.shapeText());
}

Result<NpyHeader> readNpyHeaderFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<NpyHeader>::failure(located(path, file.errorString()));
    return headerFromDevice(&file, path);
}

Result<NpyArray> readNpyFile(const QString &path)
{
    using R = Result<NpyArray>;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(located(path, file.errorString()));
    Result<NpyHeader> header = headerFromDevice(&file, path);
    if (!header)
        return R::failure(header.error());
    if (header->isPickled())
        return R::failure(located(path, pickledMessage(header.value())));
    const qint64 fileSize = file.size();
    if (fileSize - header->dataOffset < header->dataBytes)
        return R::failure(located(path, Tr::tr("truncated: the header declares %1 data bytes from byte %2, "
                                               "but the file ends at byte %3")
                                            .arg(header->dataBytes).arg(header->dataOffset).arg(fileSize)));
    file.close();
    auto store = ByteStore::mapFile(path, header->dataOffset, header->dataBytes);
    if (!store)
        return R::failure(located(path, store.error()));
    return NpyArray(std::move(header.value()), store.value());
}

Result<NpyArray> readNpyBytes(const QByteArray &bytes, const QString &where)
{
    using R = Result<NpyArray>;
    NpyHeader header;
    QString error;
    qint64 needed = 0;
    switch (parseNpyHeader(bytes.constData(), bytes.size(), &header, &error, &needed)) {
    case HeaderParse::Error:
        return R::failure(located(where, error));
    case HeaderParse::NeedMore:
        return R::failure(located(where, Tr::tr("truncated: the header needs %1 bytes but only %2 are there")
                                             .arg(needed).arg(bytes.size())));
    case HeaderParse::Ok:
        break;
    }
    if (header.isPickled())
        return R::failure(located(where, pickledMessage(header)));
    if (bytes.size() - header.dataOffset < header.dataBytes)
        return R::failure(located(where, Tr::tr("truncated: the header declares %1 data bytes from byte %2, "
                                                "but the data ends at byte %3")
                                             .arg(header.dataBytes).arg(header.dataOffset).arg(bytes.size())));
    const qint64 offset = header.dataOffset;
    return NpyArray(std::move(header), ByteStore::fromBytes(bytes), offset);
}

Result<qint64> npySize(const NpyArray &array)
{
    Result<QByteArray> header = buildNpyHeader(array.dtype(), array.shape(), array.isFortran());
    if (!header)
        return Result<qint64>::failure(header.error());
    return qint64(header->size()) + array.nbytes();
}

Status writeNpy(QIODevice *device, const NpyArray &array)
{
    Result<QByteArray> header = buildNpyHeader(array.dtype(), array.shape(), array.isFortran());
    if (!header)
        return Status::failure(header.error());
    if (device->write(header.value()) != header->size())
        return Status::failure(Tr::tr("write failed: %1").arg(device->errorString()));
    // The pages of a read-only file map are given back as they are written (as a transpose's copy gives them
    // back), so that saving a mapped member, or a view of one, leaves the resident set as it was.
    const bool release = array.pagesReleasable();
    const uchar *data = array.data();
    const qint64 total = array.nbytes();
    for (qint64 done = 0; done < total;) {
        const qint64 n = release ? std::min(kReleaseStep, total - done) : total - done;
        if (!writeBytes(device, data + done, n, array.isReadOnly()))
            return Status::failure(Tr::tr("write failed: %1").arg(device->errorString()));
        if (release)
            releasePages(data + done - std::min(done, kReleaseOverlap), data + done + n);
        done += n;
    }
    return Status();
}

Status saveNpyFile(const QString &path, const NpyArray &array)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Status::failure(located(path, file.errorString()));
    Status st = writeNpy(&file, array);
    if (!st) {
        file.cancelWriting();
        return Status::failure(located(path, st.error()));
    }
    if (!file.commit()) {
        const int error = errno;
        return Status::failure(
            located(path, Tr::tr("could not finish writing: %1").arg(commitFailureReason(file, error))));
    }
    return Status();
}

} // namespace npy
