#include "pagedstore.h"

#include <QCoreApplication>

#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace npy {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("npy::PagedStore", text);
}

#if defined(Q_OS_LINUX) && defined(SYS_userfaultfd) && defined(UFFDIO_COPY)
#define NPY_HAVE_UFFD 1
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

/** A userfaultfd that handles user-mode faults, or -1. */
int openUffd()
{
    int fd = int(syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY));
    if (fd < 0)
        return -1;
    uffdio_api api{};
    api.api = UFFD_API;
    if (ioctl(fd, UFFDIO_API, &api) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
#endif

} // namespace

struct PagedStore::Private
{
    Reader reader;
    qint64 size = 0;
    qint64 mappedSize = 0;
    qint64 budgetBlocks = 1;
    uchar *base = nullptr;
    int uffd = -1;
    int stopPipe[2] = {-1, -1};
    std::thread thread;
    std::deque<qint64> resident; // filled blocks, oldest first (the fault thread's only)
    std::atomic<qint64> residentCount{0};
    std::atomic<qint64> filled{0};
    std::atomic_bool lost{false};
    mutable std::mutex lostMutex;
    QString lostReason;

#ifdef NPY_HAVE_UFFD
    void run()
    {
        const long page = sysconf(_SC_PAGESIZE);
        std::vector<uchar> buffer(static_cast<size_t>(kBlockSize));
        while (true) {
            pollfd fds[2] = {{uffd, POLLIN, 0}, {stopPipe[0], POLLIN, 0}};
            if (poll(fds, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                return;
            }
            if (fds[1].revents)
                return;
            uffd_msg msg;
            const ssize_t n = read(uffd, &msg, sizeof msg);
            if (n != ssize_t(sizeof msg) || msg.event != UFFD_EVENT_PAGEFAULT)
                continue;
            const qint64 at = qint64(msg.arg.pagefault.address - quint64(quintptr(base)));
            if (at < 0 || at >= mappedSize)
                continue;
            fill(at / kBlockSize, buffer.data(), page);
        }
    }

    void fill(qint64 block, uchar *buffer, long page)
    {
        const qint64 offset = block * kBlockSize;
        const qint64 bytes = std::min(kBlockSize, size - offset);
        const qint64 length = std::min(kBlockSize, (bytes + page - 1) / page * page);
        std::memset(buffer + std::max<qint64>(bytes, 0), 0, size_t(length - std::max<qint64>(bytes, 0)));
        if (bytes > 0 && !lost.load()) {
            Status st = reader(offset, bytes, buffer);
            if (!st) {
                std::memset(buffer, 0, size_t(length));
                std::lock_guard<std::mutex> lock(lostMutex);
                lostReason = st.error();
                lost = true;
            }
        } else if (bytes > 0) {
            std::memset(buffer, 0, size_t(length));
        }
        // Counted before the copy wakes the thread that touched the block.
        ++filled;
        uffdio_copy copy{};
        copy.dst = quint64(quintptr(base + offset));
        copy.src = quint64(quintptr(buffer));
        copy.len = quint64(length);
        while (ioctl(uffd, UFFDIO_COPY, &copy) != 0) {
            if (errno == EAGAIN && copy.copy > 0) {
                // Part was copied: go on with the rest.
                copy.dst += quint64(copy.copy);
                copy.src += quint64(copy.copy);
                copy.len -= quint64(copy.copy);
                copy.copy = 0;
                continue;
            }
            if (errno == EAGAIN)
                continue;
            // EEXIST: some pages of the block are there already (a second fault raced the first):
            // wake whoever waits on the block; they find the page present.
            uffdio_range range{quint64(quintptr(base + offset)), quint64(length)};
            ioctl(uffd, UFFDIO_WAKE, &range);
            return;
        }
        resident.push_back(block);
        while (qint64(resident.size()) > budgetBlocks) {
            const qint64 old = resident.front();
            resident.pop_front();
            const qint64 oldLength = std::min(kBlockSize, mappedSize - old * kBlockSize);
            madvise(base + old * kBlockSize, size_t(oldLength), MADV_DONTNEED);
        }
        residentCount = qint64(resident.size());
    }
#endif
};

bool PagedStore::available()
{
#ifdef NPY_HAVE_UFFD
    static const bool ok = [] {
        const int fd = openUffd();
        if (fd < 0)
            return false;
        close(fd);
        return true;
    }();
    return ok;
#else
    return false;
#endif
}

Result<std::shared_ptr<const PagedStore>> PagedStore::create(qint64 size, Reader reader, qint64 residentBudget)
{
    using R = Result<std::shared_ptr<const PagedStore>>;
#ifdef NPY_HAVE_UFFD
    std::shared_ptr<PagedStore> store(new PagedStore);
    store->d = std::make_unique<Private>();
    Private &p = *store->d;
    p.reader = std::move(reader);
    p.size = size;
    const long page = sysconf(_SC_PAGESIZE);
    p.mappedSize = std::max<qint64>((size + page - 1) / page * page, page);
    p.budgetBlocks = std::max<qint64>(2, residentBudget / kBlockSize);
    void *base = mmap(nullptr, size_t(p.mappedSize), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return R::failure(tr("cannot reserve %1 bytes of address space: %2").arg(size).arg(QString::fromLocal8Bit(strerror(errno))));
    p.base = static_cast<uchar *>(base);
    p.uffd = openUffd();
    if (p.uffd < 0)
        return R::failure(tr("this system does not allow userfaultfd, needed to page a member this large"));
    uffdio_register reg{};
    reg.range.start = quint64(quintptr(p.base));
    reg.range.len = quint64(p.mappedSize);
    reg.mode = UFFDIO_REGISTER_MODE_MISSING;
    if (ioctl(p.uffd, UFFDIO_REGISTER, &reg) != 0 || pipe2(p.stopPipe, O_CLOEXEC) != 0)
        return R::failure(tr("cannot register %1 bytes with userfaultfd: %2").arg(size).arg(QString::fromLocal8Bit(strerror(errno))));
    p.thread = std::thread([&p] { p.run(); });
    store->mData = p.base;
    store->mSize = size;
    return R(std::shared_ptr<const PagedStore>(std::move(store)));
#else
    Q_UNUSED(size);
    Q_UNUSED(reader);
    Q_UNUSED(residentBudget);
    return R::failure(tr("paging a member this large needs Linux's userfaultfd"));
#endif
}

PagedStore::~PagedStore()
{
#ifdef NPY_HAVE_UFFD
    if (!d)
        return;
    if (d->thread.joinable()) {
        const char stop = 1;
        [[maybe_unused]] const ssize_t n = write(d->stopPipe[1], &stop, 1);
        d->thread.join();
    }
    for (int fd : {d->uffd, d->stopPipe[0], d->stopPipe[1]})
        if (fd >= 0)
            close(fd);
    if (d->base)
        munmap(d->base, size_t(d->mappedSize));
#endif
}

bool PagedStore::isLost() const
{
    return d && d->lost.load();
}

QString PagedStore::lostReason() const
{
    if (!d)
        return {};
    std::lock_guard<std::mutex> lock(d->lostMutex);
    return d->lostReason;
}

std::shared_ptr<ByteStore> PagedStore::writableCopy(qint64 offset, qint64 size) const
{
    Q_UNUSED(offset);
    Q_UNUSED(size);
    return nullptr;
}

qint64 PagedStore::residentBytes() const
{
    return d ? d->residentCount.load() * kBlockSize : 0;
}

qint64 PagedStore::blocksFilled() const
{
    return d ? d->filled.load() : 0;
}

} // namespace npy
