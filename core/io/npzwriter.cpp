#include "npzwriter.h"

#include "deflate.h"
#include "npzreader.h"
#include "pageadvice.h"
#include "savepolicy.h"
#include "savefile.h"
#include "zipformat.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QThread>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Npz)
};

/** Input bytes per DEFLATE chunk: small enough to share work between cores, large enough to keep the ratio. */
constexpr qint64 kChunkSize = kDeflateChunkSize;
/** Bytes copied per step when a member is copied raw from its source archive. */
constexpr qint64 kCopyStep = qint64(64) << 20;
/** How far back each giving back of a map's pages starts: the page the previous step ended in (at most 64 KiB). */
constexpr qint64 kReleaseOverlap = qint64(64) << 10;

/** What is written for one member. */
struct Plan
{
    zip::WrittenMember zip;
    enum Kind { Raw, Encode } kind = Encode;
    RawMember raw;
    /** The `.npy` stream (or raw bytes) to encode: header (or all bytes) then the data. */
    QByteArray head;
    /** The bytes of a member that is not an array (kept as they are). */
    QByteArray rawBytes;
    NpyArray array;
    /** A member written as it is produced (STORED only; a DEFLATED one is produced into a file first). */
    std::shared_ptr<const ArrayProducer> producer;
    const uchar *data = nullptr;
    qint64 dataSize = 0;
    int firstJob = 0;
    int jobCount = 0;
};

/** One DEFLATE chunk, compressed by a worker and written in order by the saving thread. */
struct Job
{
    const uchar *data = nullptr;
    qint64 size = 0;
    QByteArray owned; // a chunk holding (part of) the NPY header: header bytes + the start of the data
    bool final = false;
    QByteArray out;
    quint32 crc = 0;
    QString error;
    bool done = false;
};

/** Compresses jobs on worker threads, at most a window of them ahead of the writer. */
class Compressor
{
public:
    Compressor(std::deque<Job> *jobs, int threads, CompressionLevel level)
        : mJobs(jobs), mWindow(4 * threads), mLevel(level)
    {
        for (int i = 0; i < threads && !mJobs->empty(); ++i)
            mThreads.emplace_back([this] { run(); });
    }
    ~Compressor()
    {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            mAbort = true;
        }
        mWork.notify_all();
        for (std::thread &t : mThreads)
            t.join();
    }

    /** Waits for job \a j; the caller takes its output, then calls release(j). */
    Job &wait(int j)
    {
        std::unique_lock<std::mutex> lock(mMutex);
        mDone.wait(lock, [&] { return (*mJobs)[size_t(j)].done; });
        return (*mJobs)[size_t(j)];
    }
    void release(int j)
    {
        {
            std::lock_guard<std::mutex> lock(mMutex);
            (*mJobs)[size_t(j)].out = QByteArray();
            (*mJobs)[size_t(j)].owned = QByteArray();
            mConsumed = j + 1;
        }
        mWork.notify_all();
    }

private:
    void run()
    {
        while (true) {
            size_t j;
            {
                std::unique_lock<std::mutex> lock(mMutex);
                mWork.wait(lock, [&] {
                    return mAbort || mNext >= mJobs->size() || mNext < size_t(mConsumed + mWindow);
                });
                if (mAbort || mNext >= mJobs->size())
                    return;
                j = mNext++;
            }
            Job &job = (*mJobs)[j];
            const uchar *p = job.owned.isNull() ? job.data : reinterpret_cast<const uchar *>(job.owned.constData());
            QByteArray out;
            QString error;
            if (!codec::deflatePiece(p, job.size, job.final, mLevel, &out, &error))
                out.clear();
            const quint32 crc = codec::crc32(0, p, job.size);
            {
                std::lock_guard<std::mutex> lock(mMutex);
                job.out = std::move(out);
                job.error = error;
                job.crc = crc;
                job.done = true;
            }
            mDone.notify_all();
        }
    }

    std::deque<Job> *mJobs;
    const int mWindow;
    const CompressionLevel mLevel;
    std::vector<std::thread> mThreads;
    std::mutex mMutex;
    std::condition_variable mWork;
    std::condition_variable mDone;
    size_t mNext = 0;
    int mConsumed = 0;
    bool mAbort = false;
};

/** The member's state for the save policy (savepolicy.h); \a info is its source's entry, if any. */
MemberSaveState saveStateOf(const SaveMember &m, const MemberInfo *info)
{
    MemberSaveState state;
    state.content = !info || (info->isArray && info->error.isEmpty()) ? MemberContent::Array
                    : info->isArray                                   ? MemberContent::Pickled
                                                                      : MemberContent::Other;
    // Bytes that are not a readable array cannot have been edited.
    state.edited = m.modified && state.content == MemberContent::Array;
    state.hasSource = info != nullptr;
    state.current = info ? info->compression : Compression::None;
    state.requested = m.compression;
    return state;
}

bool writeAll(QIODevice *device, const void *data, qint64 size)
{
    return writeBytes(device, data, size);
}

class Writer
{
public:
    Writer(const QString &path, const Progress &progress, CompressionLevel level)
        : mPath(path), mFile(path), mProgress(progress), mLevel(level)
    {
    }

    Status save(const QList<SaveMember> &members, SaveFormat format);

private:
    QString fail(const QString &why) const { return Tr::tr("%1: %2").arg(mPath, why); }
    QString failMember(const Plan &p, const QString &why) const
    {
        return Tr::tr("%1: member '%2': %3").arg(mPath, zip::decodeName(p.zip.rawName, p.zip.flags & zip::Utf8), why);
    }
    Status plan(const SaveMember &m, SaveFormat format, Plan *out);
    Status planProduced(const SaveMember &m, Compression want, Plan *out);
    QByteArray sourceChunkIndex(const RawMember &raw);
    Status writeRaw(Plan &p);
    Status writeStored(Plan &p);
    Status writeProduced(Plan &p, quint32 crc);
    Status writeDeflated(Plan &p, Compressor &compressor, std::deque<Job> &jobs);
    Status patchHeader(const Plan &p);
    void advance(qint64 bytes)
    {
        mDone += bytes;
        if (mProgress.report)
            mProgress.report(mDone, mTotal);
    }

    QString mPath;
    QSaveFile mFile;
    const Progress &mProgress;
    const CompressionLevel mLevel;
    /** The central directories of the archives members are copied from, read once each. */
    QHash<QString, zip::Directory> mSourceDirectories;
    qint64 mDone = 0;
    qint64 mTotal = 0;
};

Status Writer::plan(const SaveMember &m, SaveFormat format, Plan *out)
{
    QString name = m.key + QStringLiteral(".npy");
    const MemberInfo *info = nullptr;
    if (m.source && m.sourceIndex >= 0 && m.sourceIndex < m.source->members().size())
        info = &m.source->members()[m.sourceIndex];
    const MemberSaveState state = saveStateOf(m, info);
    const MemberSavePlan decision = planMemberSave(state, format);
    const Compression want = decision.compression == Compression::Deflated ? Compression::Deflated
                                                                           : Compression::Stored;
    out->zip.method = want == Compression::Deflated ? zip::Deflated : zip::Stored;
    // A member that is not an array keeps its archive name (readme.txt stays readme.txt).
    if (info && !info->isArray && info->name == m.key && !info->archiveName.isEmpty())
        name = info->archiveName;
    // A level asked for explicitly is applied to every DEFLATED member, copies included.
    const bool recompress = want == Compression::Deflated && mLevel != CompressionLevel::Default;
    if (decision.action == SaveAction::CopyRaw && !recompress && rawMember(*m.source, m.sourceIndex, &out->raw)) {
        out->kind = Plan::Raw;
        if (info->name == m.key)
            name = info->archiveName;
        out->zip.rawName = zip::encodeName(name, &out->zip.flags);
        out->zip.crc32 = out->raw.crc32;
        out->zip.compressedSize = quint64(out->raw.compressedSize);
        out->zip.uncompressedSize = quint64(out->raw.uncompressedSize);
        if (out->raw.method == zip::Deflated)
            out->zip.centralExtra = sourceChunkIndex(out->raw);
        return Status();
    }
    out->zip.rawName = zip::encodeName(name, &out->zip.flags);
    if (m.producer)
        return planProduced(m, want, out);
    NpyArray array = m.array;
    if (array.isNull() && info) {
        // Bytes that are not a readable array are kept as bytes, in the encoding decided above.
        if (state.content != MemberContent::Array) {
            Result<QByteArray> raw = m.source->readRaw(m.sourceIndex);
            if (!raw)
                return Status::failure(raw.error());
            out->rawBytes = raw.value();
            out->data = reinterpret_cast<const uchar *>(out->rawBytes.constData());
            out->dataSize = out->rawBytes.size();
            return Status();
        }
        Result<NpyArray> loaded = m.source->load(m.sourceIndex);
        if (!loaded)
            return Status::failure(loaded.error());
        array = loaded.value();
    }
    if (array.isNull())
        return Status::failure(fail(Tr::tr("member '%1' has no array to write").arg(name)));
    Result<QByteArray> header = buildNpyHeader(array.dtype(), array.shape(), array.isFortran());
    if (!header)
        return Status::failure(fail(header.error()));
    out->head = header.value();
    out->array = array;
    out->data = array.data();
    out->dataSize = array.nbytes();
    return Status();
}

Status Writer::planProduced(const SaveMember &m, Compression want, Plan *out)
{
    const NpyHeader &h = m.producer->header();
    Result<QByteArray> header = buildNpyHeader(h.dtype, h.shape, h.fortranOrder);
    if (!header)
        return Status::failure(fail(header.error()));
    out->head = header.value();
    out->dataSize = h.dataBytes;
    if (want != Compression::Deflated) {
        out->producer = m.producer;
        return Status();
    }
    // Chunks are compressed out of order on all cores: the array is produced into a file first.
    NpyHeader arrayHeader = h;
    arrayHeader.dataOffset = 0;
    if (h.dataBytes == 0) {
        out->array = NpyArray(arrayHeader, QByteArray());
        out->data = out->array.data();
        return Status();
    }
    QTemporaryFile temp(QDir::tempPath() + QStringLiteral("/npy-member-XXXXXX"));
    if (!temp.open())
        return Status::failure(fail(Tr::tr("cannot create a temporary file: %1").arg(temp.errorString())));
    qint64 written = 0;
    bool writeFailed = false;
    Status st = m.producer->produce(
        [&](const uchar *data, qint64 size) {
            if (written + size > h.dataBytes || !writeAll(&temp, data, size)) {
                writeFailed = true;
                return false;
            }
            written += size;
            return true;
        },
        mProgress);
    if (writeFailed)
        return Status::failure(fail(Tr::tr("cannot write a temporary file: %1").arg(temp.errorString())));
    if (!st)
        return st;
    if (written != h.dataBytes || !temp.flush())
        return Status::failure(failMember(*out, Tr::tr("the array gave %1 bytes, not %2").arg(written).arg(h.dataBytes)));
    auto store = ByteStore::mapFile(temp.fileName(), 0, h.dataBytes);
    if (!store)
        return Status::failure(fail(store.error()));
    // The map outlives the file's name (removed with `temp`).
    out->array = NpyArray(arrayHeader, store.value());
    out->data = out->array.data();
    return Status();
}

QByteArray Writer::sourceChunkIndex(const RawMember &raw)
{
    auto it = mSourceDirectories.find(raw.path);
    if (it == mSourceDirectories.end()) {
        zip::Directory directory;
        QFile in(raw.path);
        if (in.open(QIODevice::ReadOnly)) {
            Result<zip::Directory> read = zip::readDirectory(&in, in.size());
            if (read)
                directory = std::move(read).value();
        }
        it = mSourceDirectories.insert(raw.path, std::move(directory));
    }
    // The bytes copied are the entry's exactly, so its index (checked against its sizes when read) still holds.
    for (const zip::Entry &e : std::as_const(it->entries)) {
        if (e.name == raw.archiveName && e.compressedSize == quint64(raw.compressedSize)
            && e.uncompressedSize == quint64(raw.uncompressedSize) && e.crc32 == raw.crc32)
            return e.chunks.isEmpty() ? QByteArray() : zip::encodeChunkIndex(e.chunks);
    }
    return QByteArray();
}

Status Writer::patchHeader(const Plan &p)
{
    const qint64 end = mFile.pos();
    if (!mFile.seek(qint64(p.zip.localOffset)) || !writeAll(&mFile, zip::localHeader(p.zip).constData(),
                                                            zip::localHeader(p.zip).size())
        || !mFile.seek(end))
        return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
    return Status();
}

Status Writer::writeRaw(Plan &p)
{
    const QByteArray local = zip::localHeader(p.zip);
    if (!writeAll(&mFile, local.constData(), local.size()))
        return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
    QFile in(p.raw.path);
    if (!in.open(QIODevice::ReadOnly))
        return Status::failure(failMember(p, Tr::tr("cannot read the source %1: %2").arg(p.raw.path, in.errorString())));
    qint64 done = 0;
#ifdef Q_OS_LINUX
    // In-kernel copy (what cp does): no pass through user space, reflinks where the FS has them.
    if (mFile.flush()) {
        const qint64 outStart = mFile.pos();
        while (done < p.raw.compressedSize && !mProgress.cancelled()) {
            loff_t inOff = p.raw.dataOffset + done;
            loff_t outOff = outStart + done;
            const ssize_t n = copy_file_range(in.handle(), &inOff, mFile.handle(), &outOff,
                                              size_t(std::min(kCopyStep, p.raw.compressedSize - done)), 0);
            if (n <= 0)
                break; // not supported here (or failed): copy the rest through memory
            done += n;
            advance(n);
        }
        if (!mFile.seek(outStart + done))
            return Status::failure(failMember(p, Tr::tr("seek failed: %1").arg(mFile.errorString())));
    }
#endif
    while (done < p.raw.compressedSize) {
        if (mProgress.cancelled())
            return Status::failure(fail(Tr::tr("cancelled")));
        const qint64 n = std::min(kCopyStep, p.raw.compressedSize - done);
        uchar *map = in.map(p.raw.dataOffset + done, n);
        bool ok;
        if (map) {
            ok = writeAll(&mFile, map, n);
            in.unmap(map);
        } else {
            ok = in.seek(p.raw.dataOffset + done);
            const QByteArray bytes = ok ? in.read(n) : QByteArray();
            ok = ok && bytes.size() == n && writeAll(&mFile, bytes.constData(), n);
        }
        if (!ok)
            return Status::failure(failMember(p, Tr::tr("copy failed: %1").arg(mFile.errorString())));
        done += n;
        advance(n);
    }
    return Status();
}

Status Writer::writeStored(Plan &p)
{
    const qint64 size = p.head.size() + p.dataSize;
    p.zip.compressedSize = p.zip.uncompressedSize = quint64(size);
    if (!writeAll(&mFile, zip::localHeader(p.zip).constData(), zip::localHeader(p.zip).size())
        || !writeAll(&mFile, p.head.constData(), p.head.size()))
        return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
    quint32 crc = codec::crc32(0, p.head.constData(), p.head.size());
    advance(p.head.size());
    if (p.producer)
        return writeProduced(p, crc);
    // The pages of a read-only file map are given back as they are written, as writeNpy() does.
    const bool release = p.array.pagesReleasable();
    qint64 done = 0;
    while (done < p.dataSize) {
        if (mProgress.cancelled())
            return Status::failure(fail(Tr::tr("cancelled")));
        const qint64 n = std::min(kCopyStep, p.dataSize - done);
        crc = codec::crc32(crc, p.data + done, n);
        if (!writeBytes(&mFile, p.data + done, n, p.array.isReadOnly()))
            return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
        if (release)
            releasePages(p.data + done - std::min(done, kReleaseOverlap), p.data + done + n);
        done += n;
        advance(n);
    }
    p.zip.crc32 = crc;
    return patchHeader(p);
}

Status Writer::writeProduced(Plan &p, quint32 crc)
{
    qint64 written = 0;
    bool writeFailed = false;
    Status st = p.producer->produce(
        [&](const uchar *data, qint64 size) {
            if (written + size > p.dataSize || !writeAll(&mFile, data, size)) {
                writeFailed = true;
                return false;
            }
            crc = codec::crc32(crc, data, size);
            written += size;
            advance(size);
            return true;
        },
        mProgress);
    if (writeFailed)
        return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
    if (!st)
        return st;
    if (written != p.dataSize)
        return Status::failure(failMember(p, Tr::tr("the array gave %1 bytes, not %2").arg(written).arg(p.dataSize)));
    p.zip.crc32 = crc;
    return patchHeader(p);
}

Status Writer::writeDeflated(Plan &p, Compressor &compressor, std::deque<Job> &jobs)
{
    if (!writeAll(&mFile, zip::localHeader(p.zip).constData(), zip::localHeader(p.zip).size()))
        return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
    quint32 crc = 0;
    quint64 csize = 0;
    zip::ChunkIndex index;
    index.spanSize = kChunkSize;
    index.compressedSizes.reserve(p.jobCount);
    index.crcs.reserve(p.jobCount);
    bool indexable = true;
    for (int j = p.firstJob; j < p.firstJob + p.jobCount; ++j) {
        if (mProgress.cancelled())
            return Status::failure(fail(Tr::tr("cancelled")));
        Job &job = compressor.wait(j);
        if (!job.error.isEmpty())
            return Status::failure(failMember(p, job.error));
        if (!writeAll(&mFile, job.out.constData(), job.out.size()))
            return Status::failure(failMember(p, Tr::tr("write failed: %1").arg(mFile.errorString())));
        crc = j == p.firstJob ? job.crc : codec::crc32Combine(crc, job.crc, job.size);
        csize += quint64(job.out.size());
        indexable = indexable && job.size > 0 && quint64(job.out.size()) <= 0xFFFFFFFFu;
        index.compressedSizes.append(quint32(job.out.size()));
        index.crcs.append(job.crc);
        advance(job.size);
        compressor.release(j);
    }
    Q_UNUSED(jobs);
    p.zip.crc32 = crc;
    p.zip.compressedSize = csize;
    if (indexable) {
        // Neighbouring chunks merged until the index fits its field (members above 8000 chunks).
        const qint64 factor = (index.count() + zip::kMaxSpans - 1) / zip::kMaxSpans;
        const zip::ChunkIndex fitted = zip::merged(index, factor, qint64(p.zip.uncompressedSize));
        if (!fitted.isEmpty())
            p.zip.centralExtra = zip::encodeChunkIndex(fitted);
    }
    return patchHeader(p);
}

Status Writer::save(const QList<SaveMember> &members, SaveFormat format)
{
    QList<Plan> plans;
    plans.reserve(members.size());
    std::deque<Job> jobs;
    for (const SaveMember &m : members) {
        Plan p;
        Status st = plan(m, format, &p);
        if (!st)
            return st;
        if (p.kind == Plan::Encode) {
            p.zip.uncompressedSize = quint64(p.head.size() + p.dataSize);
            mTotal += p.head.size() + p.dataSize;
        } else {
            mTotal += p.raw.compressedSize;
        }
        if (p.kind == Plan::Encode && p.zip.method == zip::Deflated) {
            p.firstJob = int(jobs.size());
            // Chunks start at multiples of kChunkSize of the whole stream (header + data), as the
            // chunk index records them; those holding header bytes own a copy of their bytes.
            const qint64 head = p.head.size();
            const qint64 total = head + p.dataSize;
            for (qint64 off = 0; off < total || off == 0; off += kChunkSize) {
                Job job;
                job.size = std::min(kChunkSize, total - off);
                if (off >= head) {
                    job.data = p.data + (off - head);
                } else {
                    job.owned = p.head.mid(qsizetype(off), qsizetype(std::min(job.size, head - off)));
                    job.owned.append(reinterpret_cast<const char *>(p.data),
                                     qsizetype(job.size - job.owned.size()));
                }
                jobs.push_back(std::move(job));
            }
            jobs.back().final = true;
            p.jobCount = int(jobs.size()) - p.firstJob;
        }
        plans.append(std::move(p));
    }

    if (!mFile.open(QIODevice::WriteOnly))
        return Status::failure(fail(mFile.errorString()));
    Compressor compressor(&jobs, std::max(1, QThread::idealThreadCount()), mLevel);
    for (Plan &p : plans) {
        p.zip.localOffset = quint64(mFile.pos());
        Status st = p.kind == Plan::Raw             ? writeRaw(p)
                    : p.zip.method == zip::Deflated ? writeDeflated(p, compressor, jobs)
                                                    : writeStored(p);
        if (!st) {
            mFile.cancelWriting();
            return st;
        }
    }
    const qint64 centralOffset = mFile.pos();
    QByteArray central;
    for (const Plan &p : plans)
        central.append(zip::centralHeader(p.zip));
    central.append(zip::endRecords(plans.size(), centralOffset, central.size()));
    if (!writeAll(&mFile, central.constData(), central.size())) {
        mFile.cancelWriting();
        return Status::failure(fail(Tr::tr("write failed: %1").arg(mFile.errorString())));
    }
    if (mProgress.cancelled()) {
        mFile.cancelWriting();
        return Status::failure(fail(Tr::tr("cancelled")));
    }
    if (!mFile.commit()) {
        const int error = errno;
        return Status::failure(fail(Tr::tr("could not finish writing: %1").arg(commitFailureReason(mFile, error))));
    }
    return Status();
}

} // namespace

Status saveNpz(const QString &path, const QList<SaveMember> &members, SaveFormat format, const Progress &progress,
               CompressionLevel level)
{
    Writer writer(path, progress, level);
    try {
        return writer.save(members, format);
    } catch (const std::bad_alloc &) {
        return Status::failure(Tr::tr("%1: not enough memory to save").arg(path));
    }
}

} // namespace npy
