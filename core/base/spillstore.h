#pragma once

#include "bytestore.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QTemporaryFile;

namespace npy {

/**
 * A store of exactly size() bytes written once, in order: in memory while the size fits a budget, else
 * into a temporary file that is mapped read-only when finished. The file is removed from its folder as
 * soon as it is mapped (or when the writer is dropped unfinished), so nothing is left behind, even by a
 * crash after finish(); its disk space is given back when the last owner of the store lets go of it.
 *
 * What the structural edits write their results into (an astype, a copy in another order, an insert
 * or delete along an axis): a result larger than the budget costs disk and page cache, not memory.
 * One thread uses a writer; the finished store is shared like any ByteStore. Nothing throws.
 */
class SpillStore
{
public:
    /**
     * A writer of \a size bytes: in memory when \a size is at most \a memoryBudget, else in a temporary
     * file in \a tempDir (empty: the system's temporary folder).
     */
    SpillStore(qint64 size, qint64 memoryBudget, const QString &tempDir = QString());
    ~SpillStore();
    SpillStore(const SpillStore &) = delete;
    SpillStore &operator=(const SpillStore &) = delete;

    /** True when the bytes go into a temporary file. */
    [[nodiscard]] bool spills() const { return mSpills; }
    /** The bytes the store will hold: exactly this many must be written before finish(). */
    [[nodiscard]] qint64 size() const { return mSize; }
    /** The bytes written so far. */
    [[nodiscard]] qint64 written() const { return mWritten; }
    /** The folder a spilling store writes into, absolute. */
    [[nodiscard]] QString folder() const;

    /**
     * Allocates the memory or creates the temporary file. Fails with the reason: not enough memory,
     * or the folder cannot be written.
     */
    [[nodiscard]] Status open();
    /**
     * Appends \a n bytes. False when they would pass size(), or the file cannot be written (a full
     * disk): error() says why, and the store cannot be finished.
     */
    [[nodiscard]] bool write(const uchar *data, qint64 n);
    /** Why write() or finish() failed. */
    [[nodiscard]] QString error() const { return mError; }
    /** The bytes, once exactly size() were written. Fails with the reason otherwise. */
    [[nodiscard]] Result<std::shared_ptr<const ByteStore>> finish();

private:
    qint64 mSize = 0;
    qint64 mWritten = 0;
    bool mSpills = false;
    QString mDir;
    QByteArray mBuffer;
    std::unique_ptr<QTemporaryFile> mFile;
    QString mError;
};

} // namespace npy
