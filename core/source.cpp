#include "source.h"

#include "npyfile.h"
#include "npzreader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <limits>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Source)
};

class NpySource final : public Source
{
public:
    NpySource(const QString &path, NpyHeader header, qint64 fileSize) : Source(path, FileFormat::Npy)
    {
        MemberInfo m;
        m.name = QFileInfo(path).completeBaseName();
        m.isArray = true;
        m.header = std::move(header);
        m.storedSize = fileSize;
        m.size = fileSize;
        if (m.header.isPickled()) {
            m.error = pickledMessage(m.header);
        } else if (fileSize - m.header.dataOffset < m.header.dataBytes) {
            m.truncated = true;
            m.error = Tr::tr("truncated: the header declares %1 data bytes from byte %2 (a file of %3 bytes), "
                             "but the file has only %4 bytes")
                          .arg(m.header.dataBytes).arg(m.header.dataOffset)
                          .arg(m.header.dataOffset + m.header.dataBytes).arg(fileSize);
        }
        mMembers.append(m);
    }

    Result<NpyArray> load(int index, const Progress &) const override
    {
        if (index != 0)
            return Result<NpyArray>::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
        return readNpyFile(mPath);
    }

    Status readData(int index, const DataSink &sink, const Progress &progress) const override
    {
        return readDataRange(index, 0, std::numeric_limits<qint64>::max(), sink, progress);
    }

    Status readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                         const Progress &progress) const override
    {
        if (index != 0)
            return Status::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
        const NpyHeader &h = mMembers.first().header;
        if (h.isPickled())
            return Status::failure(Tr::tr("%1: %2").arg(mPath, pickledMessage(h)));
        QFile f(mPath);
        if (!f.open(QIODevice::ReadOnly))
            return Status::failure(Tr::tr("%1: %2").arg(mPath, f.errorString()));
        if (f.size() - h.dataOffset < h.dataBytes)
            return Status::failure(Tr::tr("%1: truncated: the header declares %2 data bytes from byte %3, "
                                          "but the file ends at byte %4")
                                       .arg(mPath).arg(h.dataBytes).arg(h.dataOffset).arg(f.size()));
        from = std::clamp<qint64>(from, 0, h.dataBytes);
        to = std::clamp<qint64>(to, from, h.dataBytes);
        if (!f.seek(h.dataOffset + from))
            return Status::failure(Tr::tr("%1: cannot seek: %2").arg(mPath, f.errorString()));
        // Plain reads into one reused buffer: the page cache is not charged to this process.
        constexpr qint64 kPiece = 4 << 20;
        QByteArray buffer(qsizetype(std::min(kPiece, std::max<qint64>(to - from, 1))), Qt::Uninitialized);
        qint64 done = from;
        while (done < to) {
            if (progress.cancelled())
                return Status::failure(Tr::tr("%1: cancelled").arg(mPath));
            const qint64 n = f.read(buffer.data(), std::min<qint64>(buffer.size(), to - done));
            if (n <= 0)
                return Status::failure(Tr::tr("%1: read failed at byte %2: %3")
                                           .arg(mPath).arg(h.dataOffset + done).arg(f.errorString()));
            if (!sink(reinterpret_cast<const uchar *>(buffer.constData()), n))
                return Status();
            done += n;
            if (progress.report)
                progress.report(done - from, to - from);
        }
        return Status();
    }

    Result<QByteArray> readRaw(int index, const Progress &) const override
    {
        QFile f(mPath);
        if (index != 0 || !f.open(QIODevice::ReadOnly))
            return Result<QByteArray>::failure(Tr::tr("%1: cannot read").arg(mPath));
        return f.readAll();
    }
};

} // namespace

QString Source::where(int index) const
{
    if (mFormat == FileFormat::Npy || index < 0 || index >= mMembers.size())
        return mPath;
    return Tr::tr("%1: member '%2'").arg(mPath, mMembers[index].archiveName);
}

Status Source::readData(int index, const DataSink &sink, const Progress &progress) const
{
    Result<NpyArray> array = load(index, progress);
    if (!array)
        return Status::failure(array.error());
    constexpr qint64 kPiece = 4 << 20;
    const uchar *p = array->data();
    for (qint64 done = 0; done < array->nbytes(); done += kPiece) {
        if (progress.cancelled())
            return Status::failure(Tr::tr("%1: cancelled").arg(where(index)));
        if (!sink(p + done, std::min(kPiece, array->nbytes() - done)))
            break;
    }
    return Status();
}

Status Source::readDataRange(int index, qint64 from, qint64 to, const DataSink &sink, const Progress &progress) const
{
    qint64 position = 0;
    return readData(index, [&](const uchar *p, qint64 n) {
        const qint64 a = std::max(from, position);
        const qint64 b = std::min(to, position + n);
        const qint64 start = position;
        position += n;
        if (b > a && !sink(p + (a - start), b - a))
            return false;
        return position < to;
    }, progress);
}

int Source::indexOf(const QString &key) const
{
    for (qsizetype i = mMembers.size() - 1; i >= 0; --i) {
        const MemberInfo &m = mMembers[i];
        if (m.name == key || m.archiveName == key || m.archiveName == key + QStringLiteral(".npy"))
            return int(i);
    }
    return -1;
}

Result<std::shared_ptr<const Source>> Source::open(const QString &path)
{
    using R = Result<std::shared_ptr<const Source>>;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(Tr::tr("%1: %2").arg(path, file.errorString()));
    const QByteArray magic = file.read(6);
    const qint64 fileSize = file.size();
    file.close();
    if (magic.startsWith(QByteArray(kNpyMagic, kNpyMagicLength))) {
        Result<NpyHeader> header = readNpyHeaderFile(path);
        if (!header)
            return R::failure(header.error());
        return R(std::make_shared<NpySource>(path, std::move(header.value()), fileSize));
    }
    if (magic.startsWith("PK\x03\x04") || magic.startsWith("PK\x05\x06") || magic.startsWith("PK\x07\x08"))
        return openNpz(path);
    if (magic.isEmpty())
        return R::failure(Tr::tr("%1: the file is empty").arg(path));
    return R::failure(Tr::tr("%1: neither an NPY file (\\x93NUMPY) nor an NPZ archive (PK) at byte 0").arg(path));
}

} // namespace npy
