#include "npysource.h"

#include "npyfile.h"

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

Result<std::shared_ptr<const Source>> openNpy(const QString &path)
{
    using R = Result<std::shared_ptr<const Source>>;
    Result<NpyHeader> header = readNpyHeaderFile(path);
    if (!header)
        return R::failure(header.error());
    return R(std::make_shared<NpySource>(path, std::move(header.value()), QFileInfo(path).size()));
}

} // namespace npy
