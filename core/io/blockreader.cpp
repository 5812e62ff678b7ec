#include "blockreader.h"

#include "inflater.h"

#include "deflate.h"
#include "mapguard.h"
#include "npyfile.h"
#include "npzreader.h"
#include "zipformat.h"

#include <QCoreApplication>
#include <QFile>


#include <algorithm>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::BlockReader)
};

/** The reader that has failed for good: every next() repeats the message. */
class FailedState
{
public:
    Status fail(const QString &message)
    {
        mError = message;
        return Status::failure(message);
    }
    [[nodiscard]] bool failed() const { return !mError.isEmpty(); }
    [[nodiscard]] Status error() const { return Status::failure(mError); }

private:
    QString mError;
};

/** Reads the data of a `.npy` file or a STORED member through one mapped window at a time. */
class MappedReader final : public BlockReader
{
public:
    MappedReader(const QString &path, QString where, qint64 dataStart, qint64 size, qint64 block)
        : mFile(path), mWhere(std::move(where)), mStart(dataStart), mBlock(block)
    {
        mSize = size;
    }
    ~MappedReader() override { unmapWindow(); }

    Status openFile()
    {
        if (!mFile.open(QIODevice::ReadOnly))
            return Status::failure(Tr::tr("%1: %2").arg(mWhere, mFile.errorString()));
        if (mFile.size() - mStart < mSize)
            return Status::failure(Tr::tr("%1: truncated: the header declares %2 data bytes from byte %3, "
                                          "but the file ends at byte %4")
                                       .arg(mWhere).arg(mSize).arg(mStart).arg(mFile.size()));
        return Status();
    }

    Status next(const uchar **data, qint64 *size) override
    {
        if (mState.failed())
            return mState.error();
        const bool lost = mGuard >= 0 && MapGuard::isLost(mGuard);
        unmapWindow();
        if (lost)
            return mState.fail(Tr::tr("%1: the file shrank while it was being read").arg(mWhere));
        *size = 0;
        *data = nullptr;
        if (mPosition >= mSize)
            return Status();
        const qint64 n = std::min(mBlock, mSize - mPosition);
        uchar *p = mFile.map(mStart + mPosition, n);
        if (!p) {
            // Some file systems (FUSE, network) refuse mmap: read the block instead.
            mBuffer.resize(qsizetype(n));
            if (!mFile.seek(mStart + mPosition) || mFile.read(mBuffer.data(), n) != n)
                return mState.fail(Tr::tr("%1: read failed at byte %2: %3")
                                       .arg(mWhere).arg(mStart + mPosition).arg(mFile.errorString()));
            *data = reinterpret_cast<const uchar *>(mBuffer.constData());
            *size = n;
            mPosition += n;
            return Status();
        }
        mWindow = p;
        mGuard = MapGuard::add(p, n);
#if defined(Q_OS_LINUX)
        // Fill the window's page tables in one call instead of one fault per page.
        const quintptr page = quintptr(sysconf(_SC_PAGESIZE));
        const quintptr begin = quintptr(p) & ~(page - 1);
        const size_t length = size_t(quintptr(p) + quintptr(n) - begin);
#ifdef MADV_POPULATE_READ
        if (madvise(reinterpret_cast<void *>(begin), length, MADV_POPULATE_READ) != 0)
            madvise(reinterpret_cast<void *>(begin), length, MADV_WILLNEED);
#else
        madvise(reinterpret_cast<void *>(begin), length, MADV_WILLNEED);
#endif
#endif
        *data = p;
        *size = n;
        mPosition += n;
        return Status();
    }

    bool isMapped() const override { return true; }

private:
    void unmapWindow()
    {
        if (mGuard >= 0)
            MapGuard::remove(mGuard);
        mGuard = -1;
        if (mWindow)
            mFile.unmap(mWindow);
        mWindow = nullptr;
    }

    QFile mFile;
    QString mWhere;
    qint64 mStart;
    qint64 mBlock;
    uchar *mWindow = nullptr;
    QByteArray mBuffer;
    int mGuard = -1;
    FailedState mState;
};

/** Inflates a DEFLATED member incrementally, handing out the data bytes of its NPY stream. */
class InflateReader final : public BlockReader
{
public:
    InflateReader(const RawMember &raw, QString where, qint64 dataBegin, qint64 size, qint64 block)
        : mFile(raw.path), mWhere(std::move(where)), mRaw(raw), mDataBegin(dataBegin), mBlock(block)
    {
        mSize = size;
    }

    Status start()
    {
        if (!mFile.open(QIODevice::ReadOnly) || !mFile.seek(mRaw.dataOffset))
            return Status::failure(Tr::tr("%1: %2").arg(mWhere, mFile.errorString()));
        mDecoder = codec::StreamDecoder::create(mRaw.method, mRaw.uncompressedSize);
        if (!mDecoder)
            return Status::failure(Tr::tr("%1: compression method %2 is not supported").arg(mWhere).arg(mRaw.method));
        mIn = QByteArray(qsizetype(std::clamp<qint64>(mRaw.compressedSize, 1, qint64(1) << 20)), Qt::Uninitialized);
        mOut = QByteArray(qsizetype(std::clamp<qint64>(mRaw.uncompressedSize, 1, mBlock)), Qt::Uninitialized);
        return Status();
    }

    Status next(const uchar **data, qint64 *size) override
    {
        if (mState.failed())
            return mState.error();
        *data = nullptr;
        *size = 0;
        while (mPosition < mSize) {
            const qint64 from = mStreamDone;
            qint64 produced = 0;
            Status st = inflateSome(reinterpret_cast<uchar *>(mOut.data()), mOut.size(), &produced);
            if (!st)
                return mState.fail(st.error());
            if (produced == 0)
                return mState.fail(Tr::tr("%1: truncated: the compressed data ends after %2 of the %3 bytes "
                                          "the archive declares")
                                       .arg(mWhere).arg(mStreamDone).arg(mRaw.uncompressedSize));
            const qint64 begin = std::max(from, mDataBegin + mPosition);
            const qint64 end = std::min(mStreamDone, mDataBegin + mSize);
            if (end > begin) {
                *data = reinterpret_cast<const uchar *>(mOut.constData()) + (begin - from);
                *size = end - begin;
                mPosition += *size;
                return Status();
            }
        }
        // All the data was handed out: inflate what follows it and check the whole stream.
        while (!mEnded) {
            qint64 produced = 0;
            Status st = inflateSome(reinterpret_cast<uchar *>(mOut.data()), mOut.size(), &produced);
            if (!st)
                return mState.fail(st.error());
            if (produced == 0 && !mEnded)
                return mState.fail(Tr::tr("%1: truncated: the compressed data ends after %2 of the %3 bytes "
                                          "the archive declares")
                                       .arg(mWhere).arg(mStreamDone).arg(mRaw.uncompressedSize));
        }
        if (mStreamDone != mRaw.uncompressedSize)
            return mState.fail(Tr::tr("%1: inflates to %2 bytes, not the %3 the archive declares")
                                   .arg(mWhere).arg(mStreamDone).arg(mRaw.uncompressedSize));
        if (mCrc != mRaw.crc32)
            return mState.fail(Tr::tr("%1: CRC-32 mismatch: the data gives %2, the archive says %3 (corrupt member)")
                                   .arg(mWhere)
                                   .arg(mCrc, 8, 16, QLatin1Char('0'))
                                   .arg(mRaw.crc32, 8, 16, QLatin1Char('0')));
        return Status();
    }

    bool isMapped() const override { return false; }

private:
    /**
     * The inflater: fills up to \a capacity bytes at \a out with the next output of the stream
     * (fewer only when the stream ends or its input runs out), adding them to the CRC. Sets
     * mEnded at the end of the DEFLATE stream, through the engine's one streaming inflater
     * (codec::Inflater: ISA-L, or zlib where ISA-L is missing).
     */
    Status inflateSome(uchar *out, qint64 capacity, qint64 *produced)
    {
        *produced = 0;
        while (*produced < capacity && !mDecoder->finished()) {
            if (mDecoder->inputLeft() == 0 && mInDone < mRaw.compressedSize) {
                // Never more than the compressed size: ISA-L may look a few bytes past the stream.
                const qint64 n = mFile.read(mIn.data(), std::min<qint64>(mIn.size(), mRaw.compressedSize - mInDone));
                if (n <= 0)
                    return Status::failure(Tr::tr("%1: read failed at byte %2").arg(mWhere).arg(mRaw.dataOffset + mInDone));
                mDecoder->setInput(reinterpret_cast<const uchar *>(mIn.constData()), n);
                mInDone += n;
            }
            const qint64 inputBefore = mDecoder->inputLeft();
            qint64 got = 0;
            const Status st = mDecoder->decode(out + *produced, capacity - *produced, &got);
            if (!st)
                return Status::failure(Tr::tr("%1: %2").arg(mWhere, st.error()));
            *produced += got;
            // No progress with no input left to give: the stream is truncated (the caller says so).
            if (got == 0 && mDecoder->inputLeft() == inputBefore && !mDecoder->finished()
                && (mDecoder->inputLeft() > 0 || mInDone >= mRaw.compressedSize))
                break;
        }
        mEnded = mDecoder->finished();
        mCrc = mDecoder->crc();
        mStreamDone += *produced;
        if (mStreamDone > mRaw.uncompressedSize)
            return Status::failure(Tr::tr("%1: inflates to more than the %2 bytes the archive declares "
                                          "(possible zip bomb)")
                                       .arg(mWhere).arg(mRaw.uncompressedSize));
        return Status();
    }

    QFile mFile;
    QString mWhere;
    RawMember mRaw;
    qint64 mDataBegin;
    qint64 mBlock;
    std::unique_ptr<codec::StreamDecoder> mDecoder;
    bool mEnded = false;
    QByteArray mIn;
    QByteArray mOut;
    qint64 mInDone = 0;
    qint64 mStreamDone = 0;
    quint32 mCrc = 0;
    FailedState mState;
};

} // namespace

Result<std::unique_ptr<BlockReader>> BlockReader::open(const Source &source, int index, qint64 blockSize)
{
    using R = Result<std::unique_ptr<BlockReader>>;
    if (index < 0 || index >= source.members().size())
        return R::failure(Tr::tr("%1: no member %2").arg(source.path()).arg(index));
    const MemberInfo &m = source.members()[index];
    const bool npz = source.format() == FileFormat::Npz;
    const QString where = npz ? Tr::tr("%1: member '%2'").arg(source.path(), m.archiveName) : source.path();
    if (!m.error.isEmpty())
        return R::failure(m.error.startsWith(source.path()) ? m.error : Tr::tr("%1: %2").arg(where, m.error));
    if (!m.isArray)
        return R::failure(Tr::tr("%1: not an NPY array (it does not start with \\x93NUMPY)").arg(where));
    const qint64 block = std::max<qint64>(blockSize, 1);
    const NpyHeader &h = m.header;
    if (!npz) {
        auto reader = std::make_unique<MappedReader>(source.path(), where, h.dataOffset, h.dataBytes, block);
        Status st = reader->openFile();
        if (!st)
            return R::failure(st.error());
        return R(std::unique_ptr<BlockReader>(std::move(reader)));
    }
    RawMember raw;
    if (!rawMember(source, index, &raw))
        return R::failure(Tr::tr("%1: the member's bytes cannot be located").arg(where));
    if (raw.method == zip::Stored) {
        auto reader =
            std::make_unique<MappedReader>(raw.path, where, raw.dataOffset + h.dataOffset, h.dataBytes, block);
        Status st = reader->openFile();
        if (!st)
            return R::failure(st.error());
        return R(std::unique_ptr<BlockReader>(std::move(reader)));
    }
    auto reader = std::make_unique<InflateReader>(raw, where, h.dataOffset, h.dataBytes, block);
    Status st = reader->start();
    if (!st)
        return R::failure(st.error());
    return R(std::unique_ptr<BlockReader>(std::move(reader)));
}

} // namespace npy
