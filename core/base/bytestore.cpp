#include "bytestore.h"

#include "mapguard.h"

#include <QCoreApplication>

#include <cstring>
#include <limits>
#include <vector>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

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

    std::shared_ptr<ByteStore> writableCopy(qint64 offset, qint64 size) const override;

private:
    std::unique_ptr<QFile> mFile;
    qint64 mOffset;
    int mGuard;
};

#ifdef Q_OS_UNIX
/** A file descriptor shared by the private maps of one base (closed with the last of them). */
class FileHandle
{
public:
    explicit FileHandle(int fd) : mFd(fd) {}
    ~FileHandle() { ::close(mFd); }
    FileHandle(const FileHandle &) = delete;
    FileHandle &operator=(const FileHandle &) = delete;
    [[nodiscard]] int fd() const { return mFd; }

private:
    int mFd;
};

/**
 * A private (copy-on-write) map of a range of an unchanging base: a file, or an anonymous in-memory
 * file. Remembers which chunks were written, so that a whole copy is a fresh map of the base plus
 * those chunks.
 */
class PagedStore final : public ByteStore
{
public:
    static constexpr qint64 kChunk = qint64(16) << 10;

    /** A private map of \a size bytes of \a file at \a offset, or nullptr. \a guarded: a real file that may shrink. */
    static std::shared_ptr<PagedStore> create(std::shared_ptr<const FileHandle> file, qint64 offset, qint64 size,
                                              bool guarded)
    {
        if (size <= 0 || offset < 0)
            return nullptr;
        struct stat st;
        if (::fstat(file->fd(), &st) != 0 || qint64(st.st_size) - offset < size)
            return nullptr;
        const qint64 page = qint64(::sysconf(_SC_PAGESIZE));
        const qint64 aligned = offset - offset % page;
        const qint64 length = size + (offset - aligned);
        if (quint64(length) > std::numeric_limits<size_t>::max())
            return nullptr;
        void *base = ::mmap(nullptr, size_t(length), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_NORESERVE,
                            file->fd(), off_t(aligned));
        if (base == MAP_FAILED)
            return nullptr;
        return std::shared_ptr<PagedStore>(
            new PagedStore(std::move(file), offset, size, base, length, guarded));
    }

    ~PagedStore() override
    {
        if (mGuarded)
            MapGuard::remove(mGuard);
        ::munmap(mBase, size_t(mLength));
    }
    bool isMapped() const override { return mGuarded; }
    bool isLost() const override { return mGuarded && MapGuard::isLost(mGuard); }

    void noteWritten(qint64 offset, qint64 size) override
    {
        if (size <= 0)
            return;
        for (qint64 c = offset / kChunk; c <= (offset + size - 1) / kChunk; ++c)
            mDirty[size_t(c)] = true;
    }

    std::shared_ptr<ByteStore> writableCopy(qint64 offset, qint64 size) const override
    {
        Q_ASSERT(offset >= 0 && size >= 0 && offset + size <= mSize);
        if (offset != 0 || size != mSize)
            return ByteStore::writableCopy(offset, size);
        std::shared_ptr<PagedStore> copy = create(mFile, mOffset, mSize, mGuarded);
        if (!copy)
            return ByteStore::writableCopy(offset, size);
        // Only what was written differs from the base: copy those chunks, the kernel shares the rest.
        uchar *to = copy->writableData();
        for (size_t c = 0; c < mDirty.size(); ++c) {
            if (!mDirty[c])
                continue;
            const qint64 start = qint64(c) * kChunk;
            std::memcpy(to + start, mData + start, size_t(std::min(kChunk, mSize - start)));
            copy->mDirty[c] = true;
        }
        return copy;
    }

private:
    PagedStore(std::shared_ptr<const FileHandle> file, qint64 offset, qint64 size, void *base, qint64 length,
               bool guarded)
        : mFile(std::move(file)), mOffset(offset), mBase(base), mLength(length), mGuarded(guarded),
          mDirty(size_t((size + kChunk - 1) / kChunk), false)
    {
        mData = static_cast<const uchar *>(base) + (length - size);
        mSize = size;
        mWritable = true;
        if (mGuarded)
            mGuard = MapGuard::add(base, length);
    }

    std::shared_ptr<const FileHandle> mFile;
    qint64 mOffset;
    void *mBase;
    qint64 mLength;
    bool mGuarded;
    int mGuard = -1;
    std::vector<bool> mDirty;
};

#ifdef Q_OS_LINUX
/**
 * Below this size an owned buffer is simply copied: a full copy costs little, and each anonymous
 * file holds a file descriptor for as long as the bytes live.
 */
constexpr qint64 kAnonymousMinimum = qint64(1) << 20;

/** \a size bytes at \a data written once into an anonymous in-memory file and mapped privately, or nullptr. */
std::shared_ptr<ByteStore> anonymousCopy(const uchar *data, qint64 size)
{
    if (size < kAnonymousMinimum)
        return nullptr;
    const int fd = ::memfd_create("npy-edit", MFD_CLOEXEC);
    if (fd < 0)
        return nullptr;
    auto file = std::make_shared<const FileHandle>(fd);
    if (::ftruncate(fd, off_t(size)) != 0)
        return nullptr;
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pwrite(fd, data + done, size_t(std::min<qint64>(size - done, qint64(1) << 30)),
                                   off_t(done));
        if (n <= 0)
            return nullptr;
        done += n;
    }
    return PagedStore::create(std::move(file), 0, size, false);
}
#endif
#endif

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

std::shared_ptr<ByteStore> MappedStore::writableCopy(qint64 offset, qint64 size) const
{
    Q_ASSERT(offset >= 0 && size >= 0 && offset + size <= mSize);
#ifdef Q_OS_UNIX
    // The same open file (not its name, which another program may have given to a new file).
    if (!mWritable && size > 0) {
        const int fd = ::fcntl(mFile->handle(), F_DUPFD_CLOEXEC, 0);
        if (fd >= 0) {
            if (auto paged = PagedStore::create(std::make_shared<const FileHandle>(fd), mOffset + offset, size, true))
                return paged;
        }
    }
#endif
    return ByteStore::writableCopy(offset, size);
}

std::shared_ptr<ByteStore> ByteStore::writableCopy(qint64 offset, qint64 size) const
{
    Q_ASSERT(offset >= 0 && size >= 0 && offset + size <= mSize);
#ifdef Q_OS_LINUX
    if (auto anonymous = anonymousCopy(mData + offset, size))
        return anonymous;
#endif
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
