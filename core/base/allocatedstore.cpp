#include "allocatedstore.h"

#include <algorithm>
#include <cstdlib>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif
#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace npy {

std::shared_ptr<AllocatedStore> AllocatedStore::allocate(qint64 size)
{
    auto store = std::make_shared<AllocatedStore>();
    void *p = nullptr;
#ifdef Q_OS_LINUX
    if (size >= kHugeThreshold) {
        p = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return nullptr;
        madvise(p, size_t(size), MADV_HUGEPAGE);
        store->mMapped = true;
    }
#endif
    if (!p) {
        p = std::malloc(size_t(std::max<qint64>(size, 1)));
        if (!p)
            return nullptr;
    }
    store->mData = static_cast<const uchar *>(p);
    store->mSize = size;
    return store;
}

std::shared_ptr<AllocatedStore> AllocatedStore::allocateZeroed(qint64 size)
{
    if (size < 0)
        return nullptr;
    auto store = std::make_shared<AllocatedStore>();
    void *p = nullptr;
#ifdef Q_OS_LINUX
    p = mmap(nullptr, size_t(std::max<qint64>(size, 1)), PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return nullptr;
    // A huge page would turn each scattered write into 2 MiB of memory.
    madvise(p, size_t(std::max<qint64>(size, 1)), MADV_NOHUGEPAGE);
    store->mMapped = true;
#else
    p = std::calloc(size_t(std::max<qint64>(size, 1)), 1);
    if (!p)
        return nullptr;
#endif
    store->mData = static_cast<const uchar *>(p);
    store->mSize = size;
    return store;
}

AllocatedStore::~AllocatedStore()
{
#ifdef Q_OS_LINUX
    if (mMapped) {
        munmap(const_cast<uchar *>(mData), size_t(std::max<qint64>(mSize, 1)));
        return;
    }
#endif
    std::free(const_cast<uchar *>(mData));
}

qint64 physicalMemory()
{
#ifdef Q_OS_UNIX
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return qint64(pages) * qint64(pageSize);
#endif
    return 0;
}

} // namespace npy
