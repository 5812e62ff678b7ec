#include "bytestore.h"

#include "mapguard.h"

#include <QCoreApplication>

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::ByteStore)
};

class MappedStore final : public ByteStore
{
public:
    MappedStore(std::unique_ptr<QFile> file, uchar *map, qint64 offset, qint64 size, bool writable)
        : mFile(std::move(file)), mOffset(offset), mGuard(MapGuard::add(map, size))
    {
        mData = map;
        mSize = size;
        mWritable = writable;
    }
    ~MappedStore() override
    {
        MapGuard::remove(mGuard);
        mFile->unmap(const_cast<uchar *>(mData));
    }
    bool isMapped() const override { return true; }
    bool isLost() const override { return MapGuard::isLost(mGuard); }

    std::shared_ptr<ByteStore> writableCopy(qint64 offset, qint64 size) const override
    {
        Q_ASSERT(offset >= 0 && size >= 0 && offset + size <= mSize);
        // A private map holds edits the file does not have: only a copy of its bytes keeps them.
        if (mWritable)
            return ByteStore::writableCopy(offset, size);
        auto file = std::make_unique<QFile>(mFile->fileName());
        if (size > 0 && file->open(QIODevice::ReadOnly) && file->size() >= mOffset + offset + size) {
            if (uchar *map = file->map(mOffset + offset, size, QFileDevice::MapPrivateOption))
                return std::make_shared<MappedStore>(std::move(file), map, mOffset + offset, size, true);
        }
        return ByteStore::writableCopy(offset, size);
    }

private:
    std::unique_ptr<QFile> mFile;
    qint64 mOffset;
    int mGuard;
};

class OwnedStore final : public ByteStore
{
public:
    explicit OwnedStore(QByteArray bytes, bool writable = false) : mBytes(std::move(bytes))
    {
        // data() detaches now, once, so that writableData() never triggers a copy later.
        mData = reinterpret_cast<const uchar *>(writable ? mBytes.data() : mBytes.constData());
        mSize = mBytes.size();
        mWritable = writable;
    }
    bool isMapped() const override { return false; }

private:
    QByteArray mBytes;
};

} // namespace

std::shared_ptr<ByteStore> ByteStore::writableCopy(qint64 offset, qint64 size) const
{
    Q_ASSERT(offset >= 0 && size >= 0 && offset + size <= mSize);
    try {
        return std::make_shared<OwnedStore>(
            QByteArray(reinterpret_cast<const char *>(mData + offset), qsizetype(size)), true);
    } catch (const std::bad_alloc &) {
        return nullptr;
    }
}

std::shared_ptr<const ByteStore> ByteStore::fromBytes(QByteArray bytes)
{
    return std::make_shared<OwnedStore>(std::move(bytes));
}

Result<std::shared_ptr<const ByteStore>> ByteStore::mapFile(const QString &path, qint64 offset, qint64 size)
{
    using R = Result<std::shared_ptr<const ByteStore>>;
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return R::failure(Tr::tr("cannot open: %1").arg(file->errorString()));
    if (offset < 0 || size < 0 || file->size() - offset < size)
        return R::failure(Tr::tr("the file ends at byte %1, before the %2 data bytes that start at byte %3")
                              .arg(file->size()).arg(size).arg(offset));
    if (size == 0)
        return R(fromBytes(QByteArray()));
    if (uchar *map = file->map(offset, size))
        return R(std::shared_ptr<const ByteStore>(std::make_shared<MappedStore>(std::move(file), map, offset, size, false)));
    // Some file systems (FUSE, network) refuse mmap: read instead, the size being checked above.
    QByteArray bytes;
    if (size > std::numeric_limits<qsizetype>::max())
        return R::failure(Tr::tr("%1 bytes do not fit in memory").arg(size));
    try {
        bytes.resize(qsizetype(size));
    } catch (const std::bad_alloc &) {
        return R::failure(Tr::tr("not enough memory for %1 bytes").arg(size));
    }
    if (!file->seek(offset))
        return R::failure(Tr::tr("cannot seek to byte %1: %2").arg(offset).arg(file->errorString()));
    qint64 done = 0;
    while (done < size) {
        const qint64 n = file->read(bytes.data() + done, std::min<qint64>(size - done, qint64(1) << 30));
        if (n <= 0)
            return R::failure(Tr::tr("read failed at byte %1: %2").arg(offset + done).arg(file->errorString()));
        done += n;
    }
    return R(fromBytes(std::move(bytes)));
}

} // namespace npy
