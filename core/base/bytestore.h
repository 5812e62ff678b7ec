#pragma once

#include "result.h"

#include <QFile>
#include <QString>

#include <memory>

namespace npy {

/**
 * Immutable bytes an array points into: a read-only memory map of a file range, or an owned
 * buffer. Shared between arrays and threads with std::shared_ptr; the bytes stay valid as long as
 * one owner lives. The data may sit at any alignment: read elements with memcpy.
 */
class ByteStore
{
public:
    virtual ~ByteStore() = default;
    [[nodiscard]] const uchar *data() const { return mData; }
    [[nodiscard]] qint64 size() const { return mSize; }
    /** True when the bytes are a memory map of a file (no copy was made). */
    [[nodiscard]] virtual bool isMapped() const = 0;
    /**
     * True when the bytes are a read-only map of a file that nothing in this process writes: their pages
     * may be given back (releasePages()) and are read again from the file when touched. False for every
     * private writable map (an edited member and its snapshots: giving their pages back would lose the
     * edits) and for memory.
     */
    [[nodiscard]] bool canReleasePages() const { return isMapped() && !mWritable; }
    /**
     * True when the mapped file shrank under us and a read hit a vanished page: the bytes read
     * since are zeros, not the file's. The owner should stop trusting the data and offer a reload.
     */
    [[nodiscard]] virtual bool isLost() const { return false; }
    /**
     * True for stores that cannot give a writable copy at all (a member paged in from its archive,
     * larger than memory): the array is shown, not edited.
     */
    [[nodiscard]] virtual bool isReadOnly() const { return false; }

    /**
     * A store holding bytes [\a offset, \a offset + \a size) of this one that the caller owns and may
     * write through writableData(). For a memory map it is a private copy-on-write map of the same
     * file range: O(1) whatever the size, the kernel copies a page only when it is first written,
     * and nothing ever reaches the file. For a store that is itself such a private map (of a file,
     * or, on Linux, of the anonymous in-memory file an owned buffer of 1 MiB or more is copied into
     * once), the whole range is a new private map of the same base plus a copy of the pages written
     * so far (see noteWritten()). Otherwise the bytes are copied. Returns nullptr when memory runs
     * out.
     */
    [[nodiscard]] virtual std::shared_ptr<ByteStore> writableCopy(qint64 offset, qint64 size) const;
    /** The bytes, writable: only for stores made by writableCopy() (nullptr otherwise). */
    [[nodiscard]] uchar *writableData() { return mWritable ? const_cast<uchar *>(mData) : nullptr; }
    /**
     * Tells a store made by writableCopy() that bytes [\a offset, \a offset + \a size) were written
     * through writableData(). Stores that keep the bytes as a private map of an unchanging base (a
     * file, or an anonymous in-memory file) remember which pages differ from the base, so that their
     * own writableCopy() maps the base again and copies only those pages: a copy of an edited
     * array then costs what was edited, not what the array holds.
     */
    virtual void noteWritten(qint64 offset, qint64 size)
    {
        Q_UNUSED(offset);
        Q_UNUSED(size);
    }

    /**
     * Maps \a size bytes of \a path from \a offset read-only. Fails when the file is shorter than
     * offset + size or cannot be opened; falls back to reading when the file system refuses mmap.
     */
    static Result<std::shared_ptr<const ByteStore>> mapFile(const QString &path, qint64 offset, qint64 size);
    /** Takes ownership of \a bytes. */
    static std::shared_ptr<const ByteStore> fromBytes(QByteArray bytes);

protected:
    const uchar *mData = nullptr;
    qint64 mSize = 0;
    bool mWritable = false;
};

} // namespace npy
