#include "mapguard.h"

#include <atomic>
#include <csignal>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace npy {

namespace {

struct Slot
{
    std::atomic<quintptr> begin{0};
    std::atomic<quintptr> end{0};
    std::atomic<bool> claimed{false};
    std::atomic<bool> used{false};
    std::atomic<bool> lost{false};
};

Slot gSlots[MapGuard::kMaxMappings];

#ifdef Q_OS_UNIX
struct sigaction gPrevious;
std::atomic<bool> gInstalled{false};

void onSigbus(int sig, siginfo_t *info, void *context)
{
    const quintptr addr = reinterpret_cast<quintptr>(info->si_addr);
    for (Slot &s : gSlots) {
        if (!s.used.load(std::memory_order_acquire))
            continue;
        if (addr >= s.begin.load(std::memory_order_relaxed) && addr < s.end.load(std::memory_order_relaxed)) {
            // Put a zero page where the vanished file page was, then retry the faulting read.
            const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
            void *base = reinterpret_cast<void *>(addr & ~(page - 1));
            if (mmap(base, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
                s.lost.store(true, std::memory_order_release);
                return;
            }
        }
    }
    // Not ours: behave as if we had never been here.
    if (gPrevious.sa_flags & SA_SIGINFO) {
        if (gPrevious.sa_sigaction) {
            gPrevious.sa_sigaction(sig, info, context);
            return;
        }
    } else if (gPrevious.sa_handler != SIG_DFL && gPrevious.sa_handler != SIG_IGN) {
        gPrevious.sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void install()
{
    bool expected = false;
    if (!gInstalled.compare_exchange_strong(expected, true))
        return;
    struct sigaction sa = {};
    sa.sa_sigaction = onSigbus;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &sa, &gPrevious);
}
#endif

} // namespace

int MapGuard::add(const void *address, qint64 size)
{
#ifdef Q_OS_UNIX
    install();
    for (int i = 0; i < kMaxMappings; ++i) {
        Slot &s = gSlots[i];
        bool expected = false;
        if (!s.claimed.compare_exchange_strong(expected, true, std::memory_order_acq_rel))
            continue;
        s.begin.store(reinterpret_cast<quintptr>(address), std::memory_order_relaxed);
        s.end.store(reinterpret_cast<quintptr>(address) + quintptr(size), std::memory_order_relaxed);
        s.lost.store(false, std::memory_order_relaxed);
        s.used.store(true, std::memory_order_release);
        return i;
    }
#else
    Q_UNUSED(address);
    Q_UNUSED(size);
#endif
    return -1;
}

void MapGuard::remove(int slot)
{
    if (slot < 0 || slot >= kMaxMappings)
        return;
    gSlots[slot].used.store(false, std::memory_order_release);
    gSlots[slot].claimed.store(false, std::memory_order_release);
}

bool MapGuard::isLost(int slot)
{
    return slot >= 0 && slot < kMaxMappings && gSlots[slot].lost.load(std::memory_order_acquire);
}

} // namespace npy
