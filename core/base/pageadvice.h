#pragma once

// Page advice for passes over memory maps: read-ahead off for sparse reads, page tables filled ahead of a
// sequential pass, pages given back after it.

#include <QtGlobal>

#include <cstddef>

#ifdef Q_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace npy {

/**
 * While alive, tells the kernel that a memory-mapped range is read sparsely (MADV_RANDOM),
 * so page faults do not read ahead. Measured on a 10 GB sparse .npy: 800 strided rows took 8-18 s
 * with read-ahead and 0.5 s without. The advice is reset to normal afterwards, so sequential
 * readers of the same mapping (save, export) get read-ahead back. On a read-only map the pages the
 * sparse reads brought in are then dropped from the resident set (MADV_DONTNEED): kernels that keep
 * the page cache in large folios map up to 2 MiB per touched page, so a few hundred sampled rows of
 * a 1.6 GB file would otherwise leave about 500 MiB resident until a full pass gave them back.
 */
class SparseReadAdvice
{
public:
    /**
     * Advises [\a first, \a end) (nothing when \a first is null); \a release drops the touched pages at
     * the end, which only a read-only map may do (on a private copy-on-write map it would discard edits).
     */
    SparseReadAdvice(const uchar *first, const uchar *end, bool release)
    {
#ifdef Q_OS_UNIX
        if (!first || end <= first)
            return;
        const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
        const quintptr a = quintptr(first) & ~(page - 1);
        mAddress = reinterpret_cast<void *>(a);
        mLength = size_t(quintptr(end) - a);
        mRelease = release;
        if (madvise(mAddress, mLength, MADV_RANDOM) != 0)
            mAddress = nullptr;
#else
        Q_UNUSED(first);
        Q_UNUSED(end);
        Q_UNUSED(release);
#endif
    }
    ~SparseReadAdvice()
    {
#ifdef Q_OS_UNIX
        if (mAddress && mRelease)
            madvise(mAddress, mLength, MADV_DONTNEED);
        if (mAddress)
            madvise(mAddress, mLength, MADV_NORMAL);
#endif
    }
    SparseReadAdvice(const SparseReadAdvice &) = delete;
    SparseReadAdvice &operator=(const SparseReadAdvice &) = delete;

private:
    void *mAddress = nullptr;
    size_t mLength = 0;
    bool mRelease = false;
};

/**
 * Drops the pages of [\a from, \a to) that lie wholly inside it from this process's resident set
 * (MADV_DONTNEED): a pass over a read-only file map then costs no memory. Only for read-only
 * maps: on a private copy-on-write map it would discard edits.
 */
inline void releasePages(const uchar *from, const uchar *to)
{
#ifdef Q_OS_UNIX
    static const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
    const quintptr a = (quintptr(from) + page - 1) & ~(page - 1);
    const quintptr b = quintptr(to) & ~(page - 1);
    if (b > a)
        madvise(reinterpret_cast<void *>(a), size_t(b - a), MADV_DONTNEED);
#else
    Q_UNUSED(from);
    Q_UNUSED(to);
#endif
}

/**
 * Fills the page tables of [\a from, \a to) of a file map in one call (MADV_POPULATE_READ, else a
 * read-ahead hint) instead of one fault per page: a sequential pass then runs at memory speed.
 */
inline void populatePages(const uchar *from, const uchar *to)
{
#if defined(Q_OS_LINUX)
    static const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
    const quintptr a = quintptr(from) & ~(page - 1);
    if (quintptr(to) <= a)
        return;
    const size_t length = size_t(quintptr(to) - a);
#ifdef MADV_POPULATE_READ
    if (madvise(reinterpret_cast<void *>(a), length, MADV_POPULATE_READ) == 0)
        return;
#endif
    madvise(reinterpret_cast<void *>(a), length, MADV_WILLNEED);
#else
    Q_UNUSED(from);
    Q_UNUSED(to);
#endif
}

} // namespace npy
