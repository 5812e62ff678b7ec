#include "source.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Source)
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

} // namespace npy
