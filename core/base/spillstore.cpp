#include "spillstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cstring>
#include <new>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::SpillStore)
};

} // namespace

SpillStore::SpillStore(qint64 size, qint64 memoryBudget, const QString &tempDir)
    : mSize(qMax<qint64>(0, size)), mSpills(size > memoryBudget),
      mDir(QFileInfo(tempDir.isEmpty() ? QDir::tempPath() : tempDir).absoluteFilePath())
{
}

SpillStore::~SpillStore() = default;

QString SpillStore::folder() const
{
    return QDir::toNativeSeparators(mDir);
}

Status SpillStore::open()
{
    if (!mSpills) {
        try {
            mBuffer.resize(qsizetype(mSize));
        } catch (const std::bad_alloc &) {
            return Status::failure(Tr::tr("not enough memory for %1 bytes").arg(mSize));
        }
        return Status();
    }
    mFile = std::make_unique<QTemporaryFile>(mDir + QStringLiteral("/npy-inspector-XXXXXX"));
    if (!mFile->open())
        return Status::failure(Tr::tr("cannot create a temporary file in %1: %2").arg(folder(), mFile->errorString()));
    return Status();
}

bool SpillStore::write(const uchar *data, qint64 n)
{
    if (!mError.isEmpty())
        return false;
    if (n < 0 || n > mSize - mWritten) {
        mError = Tr::tr("more than the %1 bytes expected were written").arg(mSize);
        return false;
    }
    if (!mSpills) {
        if (n > 0)
            std::memcpy(mBuffer.data() + mWritten, data, size_t(n));
        mWritten += n;
        return true;
    }
    if (!mFile || !mFile->isOpen()) {
        mError = Tr::tr("the temporary file is not open");
        return false;
    }
    for (qint64 done = 0; done < n;) {
        const qint64 put = mFile->write(reinterpret_cast<const char *>(data) + done, std::min<qint64>(n - done, qint64(1) << 30));
        if (put <= 0) {
            mError = Tr::tr("cannot write the temporary file in %1: %2").arg(folder(), mFile->errorString());
            return false;
        }
        done += put;
    }
    mWritten += n;
    return true;
}

Result<std::shared_ptr<const ByteStore>> SpillStore::finish()
{
    using R = Result<std::shared_ptr<const ByteStore>>;
    if (!mError.isEmpty())
        return R::failure(mError);
    if (mWritten != mSize)
        return R::failure(Tr::tr("%1 of %2 bytes were written").arg(mWritten).arg(mSize));
    if (!mSpills)
        return std::shared_ptr<const ByteStore>(ByteStore::fromBytes(std::exchange(mBuffer, QByteArray())));
    if (!mFile->flush())
        return R::failure(Tr::tr("cannot write the temporary file in %1: %2").arg(folder(), mFile->errorString()));
    R mapped = ByteStore::mapFile(mFile->fileName(), 0, mSize);
    // The map keeps the pages; the name goes now, so that nothing is left in the folder.
    mFile.reset();
    return mapped;
}

} // namespace npy
