#pragma once

#include "bytestore.h"
#include "npyheader.h"

#include <QByteArray>

#include <memory>

namespace npy {

/**
 * An array: its header (dtype, shape, memory order) and its data bytes.
 *
 * The bytes are borrowed from a shared ByteStore (a read-only memory map of a `.npy` file or a
 * STORED `.npz` member, or an inflated buffer) until the first edit, which gives the array bytes
 * of its own (copy-on-write): a private copy-on-write map of the same file range when the bytes are
 * mapped (O(1): only the pages written are copied, by the kernel), a copy otherwise. The file on
 * disk is never touched. Copies of an NpyArray are cheap and share the bytes; an edit of one copy
 * never shows in another.
 *
 * Element bytes are in the dtype's byte order and may be unaligned: read them with memcpy.
 * Flat indexes are in logical C order whatever the memory order (fortran_order) is.
 */
class NpyArray
{
public:
    NpyArray() = default;
    /** Borrows header.dataBytes bytes at \a offset of \a store (which must hold them). */
    NpyArray(NpyHeader header, std::shared_ptr<const ByteStore> store, qint64 offset = 0);
    /** Owns \a bytes (exactly header.dataBytes of them). */
    NpyArray(NpyHeader header, QByteArray bytes);

    [[nodiscard]] bool isNull() const { return !mWritable && !mStore; }
    [[nodiscard]] const NpyHeader &header() const { return mHeader; }
    [[nodiscard]] const DType &dtype() const { return mHeader.dtype; }
    [[nodiscard]] const QList<qint64> &shape() const { return mHeader.shape; }
    [[nodiscard]] qint64 ndim() const { return mHeader.shape.size(); }
    [[nodiscard]] qint64 size() const { return mHeader.elementCount; }
    [[nodiscard]] qint64 itemSize() const { return mHeader.dtype.itemSize; }
    [[nodiscard]] qint64 nbytes() const { return mHeader.dataBytes; }
    [[nodiscard]] bool isFortran() const { return mHeader.fortranOrder; }
    /** True while the bytes are a memory map (not yet copied by an edit). */
    [[nodiscard]] bool isMapped() const;
    /** True when the mapped file shrank under us (see ByteStore::isLost()): the data is no longer the file's. */
    [[nodiscard]] bool mappingLost() const;
    /** True when the array cannot be edited (its bytes are paged in from a member larger than memory). */
    [[nodiscard]] bool isReadOnly() const { return !mWritable && mStore && mStore->isReadOnly(); }
    /** True once the bytes are the array's own (after an edit, or when constructed from bytes). */
    [[nodiscard]] bool isOwned() const { return bool(mWritable); }
    /**
     * True when the bytes are a read-only map of a file that nothing writes (ByteStore::canReleasePages()):
     * a reader that passes over them once may give their pages back as it goes. Never for an edited array
     * or a snapshot of one (private maps that hold the edits).
     */
    [[nodiscard]] bool pagesReleasable() const { return !mWritable && mStore && mStore->canReleasePages(); }

    /** The data bytes in file order (nbytes() of them). */
    [[nodiscard]] const uchar *data() const;
    /** Byte strides of the logical axes (C or Fortran layout). */
    [[nodiscard]] QList<qint64> strides() const;
    /** Byte offset of the element at logical C-order flat index \a flat. */
    [[nodiscard]] qint64 offsetOfFlat(qint64 flat) const;
    /** Byte offset of the element at the multi-index \a index (one entry per axis). */
    [[nodiscard]] qint64 offsetOf(const QList<qint64> &index) const;
    /** Pointer to the element at logical C-order flat index \a flat. */
    [[nodiscard]] const uchar *element(qint64 flat) const { return data() + offsetOfFlat(flat); }

    /**
     * The same bytes under \a header (which must describe as many data bytes): a reshape, or a
     * transpose read as the other memory order, that moves nothing. Shares the bytes as a copy does.
     */
    [[nodiscard]] NpyArray reinterpreted(const NpyHeader &header) const;

    /**
     * Writes \a bytes over the data at \a byteOffset and returns the bytes they replaced (for undo).
     * Gives the array bytes of its own first if they are still borrowed or shared with a copy.
     */
    QByteArray replaceBytes(qint64 byteOffset, const QByteArray &bytes);

    /**
     * An immutable copy of the array as it is now, for readers on other threads while this array
     * goes on being edited: edits of either never show in the other, and this array's bytes stay
     * its own (its next edit copies nothing). Unedited bytes are shared as they are. Edited bytes
     * are a new private map of the same base with only the pages written so far copied (see
     * ByteStore::writableCopy()): O(edited pages), not O(nbytes()), for a mapped member and, on
     * Linux, for an inflated one of 1 MiB or more. Null when memory runs out.
     */
    [[nodiscard]] NpyArray snapshot() const;

private:
    void detach();

    NpyHeader mHeader;
    /** The borrowed bytes (until the first edit) and where the data starts in them. */
    std::shared_ptr<const ByteStore> mStore;
    qint64 mOffset = 0;
    /** The array's own bytes, after an edit (exactly nbytes(), data at 0). */
    std::shared_ptr<ByteStore> mWritable;
};

} // namespace npy
