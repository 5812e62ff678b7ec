#pragma once

#include "bytestore.h"

#include <QtGlobal>

#include <memory>

namespace npy {

/**
 * An owned, writable buffer (an inflated member, say). Large ones are anonymous memory maps that ask
 * for transparent huge pages: first-touch page faults, not inflate, otherwise dominate the load time
 * of a big member (one fault per 4 KiB page). allocate() returns null when the memory cannot be had;
 * the contents start undefined. isMapped() is false: the bytes belong to no file.
 */
class AllocatedStore final : public ByteStore
{
public:
    /** A buffer of \a size bytes (contents undefined), or null when the memory cannot be had. */
    [[nodiscard]] static std::shared_ptr<AllocatedStore> allocate(qint64 size);
    /**
     * A buffer of \a size bytes that reads as zeros and costs memory only where it is written: on Linux an
     * anonymous map without huge pages (a page never written maps the kernel's zero page when read), elsewhere
     * zeroed memory. Null when the address space cannot be had.
     */
    [[nodiscard]] static std::shared_ptr<AllocatedStore> allocateZeroed(qint64 size);
    ~AllocatedStore() override;
    bool isMapped() const override { return false; }
    /** The bytes, to be filled before the store is shared. */
    [[nodiscard]] uchar *writable() { return const_cast<uchar *>(mData); }

private:
    static constexpr qint64 kHugeThreshold = qint64(4) << 20;
    bool mMapped = false;
};

/** Physical memory in bytes, 0 if unknown. */
[[nodiscard]] qint64 physicalMemory();

} // namespace npy
