#pragma once

#include "result.h"
#include "source.h"

#include <memory>

namespace npy {

/**
 * The engine's block iteration: a pull-based reader of one array member's data bytes, in file
 * order, in bounded memory. Where Source::readData() pushes pieces to a callback, a BlockReader
 * hands them out on request, so that a caller can walk two members in step (the comparison
 * engine does).
 *
 * - A `.npy` file or a STORED archive member is read through a memory map, one window of the
 *   block size at a time (the page tables of a window are filled in one call where the system
 *   allows it): next() returns pointers into the map, no byte is copied, and a window is unmapped
 *   as soon as the next one is asked for, so the resident memory charged to the process stays at
 *   one window (a file system that refuses mmap is read into one buffer instead). As
 *   Source::load(), a STORED member's CRC is not checked.
 * - A DEFLATED member is inflated incrementally with zlib's inflate into one buffer of the block
 *   size (and a 1 MiB input buffer): the whole member stream passes through the inflater, header
 *   and trailing bytes included, so its CRC-32 is checked when the stream ends. A truncated or
 *   corrupt stream, a CRC mismatch or a size other than the declared one is reported as an error
 *   naming the file and the member. The inflater sits behind one function (inflateSome in
 *   blockreader.cpp), the place to swap in another implementation (ISA-L).
 *
 * Block boundaries may fall inside an element. A reader belongs to one thread at a time.
 */
class BlockReader
{
public:
    /** The default block size: 4 MiB. */
    static constexpr qint64 kDefaultBlock = qint64(4) << 20;

    virtual ~BlockReader() = default;

    /**
     * A reader of the data bytes of array member \a index of \a source (everything after the NPY
     * header, header.dataBytes of them). Fails for non-array, pickled and unreadable members, with
     * the message Source::load() would give. \a blockSize is the most bytes one next() returns.
     */
    [[nodiscard]] static Result<std::unique_ptr<BlockReader>> open(const Source &source, int index,
                                                                   qint64 blockSize = kDefaultBlock);

    /**
     * The next block: sets \a data and \a size (at most the block size). The block stays valid
     * until the following call. At the end sets \a size to 0 (after the CRC check of a deflated
     * member). Fails with a located message when the member turns out to be corrupt or truncated;
     * after a failure every call fails.
     */
    [[nodiscard]] virtual Status next(const uchar **data, qint64 *size) = 0;

    /** The number of data bytes the member holds. */
    [[nodiscard]] qint64 size() const { return mSize; }
    /** Data bytes handed out so far. */
    [[nodiscard]] qint64 position() const { return mPosition; }
    /** True when blocks point into a memory map of the file. */
    [[nodiscard]] virtual bool isMapped() const = 0;

protected:
    BlockReader() = default;
    qint64 mSize = 0;
    qint64 mPosition = 0;
};

} // namespace npy
