#pragma once

#include "bytestore.h"
#include "result.h"

#include <functional>

namespace npy {

/**
 * The bytes of a member too large to inflate into memory, made addressable all the same: a
 * reserved range of address space whose pages are filled on first touch, in blocks of
 * kBlockSize, by a reader that inflates just those bytes (a span of our chunk index, or from a
 * seek index's checkpoint), and dropped again, oldest first, once more than a budget of them
 * is resident. Every reader of the array (table, heatmap, statistics, find, export) sees
 * ordinary memory; a touch of an absent page waits only for its block.
 *
 * Linux only, through userfaultfd (user-mode faults, no privilege needed); available() says
 * whether this system allows it. A block the reader cannot produce (a corrupt span) reads as
 * zeros and isLost() turns true with the reason, as for a file that shrank under a map.
 * Read-only: writableCopy() returns null (the array cannot be edited in place).
 */
class PagedStore final : public ByteStore
{
public:
    /** Fills \a out with bytes [\a offset, \a offset + \a size) of the store; called on the store's own thread. */
    using Reader = std::function<Status(qint64 offset, qint64 size, uchar *out)>;

    /** Bytes filled at a time (and dropped at a time). */
    static constexpr qint64 kBlockSize = qint64(1) << 20;

    /** True when this system lets an unprivileged process use userfaultfd. */
    [[nodiscard]] static bool available();

    /**
     * A store of \a size bytes filled by \a reader, keeping at most about \a residentBudget bytes
     * resident. Fails when address space or userfaultfd is refused.
     */
    [[nodiscard]] static Result<std::shared_ptr<const PagedStore>> create(qint64 size, Reader reader,
                                                                          qint64 residentBudget);

    ~PagedStore() override;
    [[nodiscard]] bool isMapped() const override { return false; }
    [[nodiscard]] bool isLost() const override;
    [[nodiscard]] bool isReadOnly() const override { return true; }
    /** Why isLost() is true (the reader's message for the first block it failed). */
    [[nodiscard]] QString lostReason() const;
    [[nodiscard]] std::shared_ptr<ByteStore> writableCopy(qint64 offset, qint64 size) const override;
    /** Bytes resident now (blocks filled and not dropped). */
    [[nodiscard]] qint64 residentBytes() const;
    /** Blocks filled so far (a block dropped and touched again counts twice). */
    [[nodiscard]] qint64 blocksFilled() const;

private:
    PagedStore() = default;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace npy
