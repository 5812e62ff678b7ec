#include "npzreader.h"

#include "deflate.h"
#include "inflater.h"
#include "npyfile.h"
#include "pagedstore.h"
#include "seekindex.h"
#include "spanreader.h"
#include "splitinflate.h"
#include "zipformat.h"
#include "ziprecover.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cstdlib>
#include <memory>
#include <new>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif
#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace npy {

namespace {

class Tr
{
    Q_DECLARE_TR_FUNCTIONS(npy::Npz)
};

/** Members at least this big inflate stepwise (progress, cancel) when the caller asks for either. */
constexpr qint64 kStepwiseInflate = qint64(256) << 20;
constexpr qint64 kInflateStep = qint64(16) << 20;

/** Bytes read or inflated from the start of a member to parse its NPY header, at first. */
constexpr qint64 kFirstPeek = 1024;

/**
 * An owned buffer for an inflated member. Large ones are anonymous memory maps that ask for
 * transparent huge pages: first-touch page faults, not inflate, otherwise dominate the load time
 * of a big member (one fault per 4 KiB page).
 */
class InflatedStore final : public ByteStore
{
public:
    static std::shared_ptr<InflatedStore> allocate(qint64 size)
    {
        auto store = std::make_shared<InflatedStore>();
        void *p = nullptr;
#ifdef Q_OS_LINUX
        if (size >= kHugeThreshold) {
            p = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                return nullptr;
            madvise(p, size_t(size), MADV_HUGEPAGE);
            store->mMapped = true;
        }
#endif
        if (!p) {
            p = std::malloc(size_t(std::max<qint64>(size, 1)));
            if (!p)
                return nullptr;
        }
        store->mData = static_cast<const uchar *>(p);
        store->mSize = size;
        return store;
    }
    ~InflatedStore() override
    {
#ifdef Q_OS_LINUX
        if (mMapped) {
            munmap(const_cast<uchar *>(mData), size_t(mSize));
            return;
        }
#endif
        std::free(const_cast<uchar *>(mData));
    }
    bool isMapped() const override { return false; }
    uchar *writable() { return const_cast<uchar *>(mData); }

private:
    static constexpr qint64 kHugeThreshold = qint64(4) << 20;
    bool mMapped = false;
};

std::atomic<qint64> gInflateBudget{0};

/** Blocks of a paged member kept resident at most. */
constexpr qint64 kPagedResident = qint64(256) << 20;

/** Physical memory in bytes, 0 if unknown. */
qint64 physicalMemory()
{
#ifdef Q_OS_UNIX
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        return qint64(pages) * qint64(pageSize);
#endif
    return 0;
}

/** Where a member's bytes are, and why they cannot be read at all (container-level problems). */
struct Location
{
    qint64 localOffset = 0;
    qint64 dataOffset = -1;
    qint64 compressedSize = 0;
    qint64 uncompressedSize = 0;
    quint32 crc32 = 0;
    quint16 method = 0;
    /** Non-empty when the member's bytes cannot be read (unsupported method, bad location, ...). */
    QString error;
    /** Our writer's chunk index, as parsed from the directory (empty when there is none). */
    zip::ChunkIndex chunks;
    /** Span access through that index, once the member's data offset is known and the index checked. */
    std::shared_ptr<const codec::SpanReader> spans;
};

QString methodName(int method)
{
    switch (method) {
    case zip::Bzip2:
        return QStringLiteral("bzip2");
    case zip::Lzma:
        return QStringLiteral("LZMA");
    case 9:
        return QStringLiteral("deflate64");
    case 93:
        return QStringLiteral("zstd");
    case 95:
        return QStringLiteral("xz");
    case 98:
        return QStringLiteral("PPMd");
    default:
        return QString();
    }
}

class NpzSource final : public Source
{
public:
    explicit NpzSource(const QString &path) : Source(path, FileFormat::Npz) {}

    Status openArchive();
    Result<NpyArray> load(int index, const Progress &progress) const override;
    Result<QByteArray> readRaw(int index, const Progress &progress) const override;
    Status readData(int index, const DataSink &sink, const Progress &progress) const override;
    Status readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                         const Progress &progress) const override;
    bool raw(int index, RawMember *out) const;
    /** Member \a index (DEFLATED) as a PagedStore of its whole stream. */
    Result<std::shared_ptr<const PagedStore>> pagedStore(int index) const;

private:
    QString fail(int index, const QString &why) const { return Tr::tr("%1: %2").arg(where(index), why); }
    /** The failure of a member whose data gives CRC-32 \a got instead of the archive's. */
    Status crcMismatch(int index, quint32 got) const
    {
        return Status::failure(fail(index, Tr::tr("CRC-32 mismatch: the data gives %1, the archive says %2 "
                                                  "(corrupt member)")
                                               .arg(got, 8, 16, QLatin1Char('0'))
                                               .arg(mLocations[index].crc32, 8, 16, QLatin1Char('0'))));
    }
    void locate(QFile *file, const zip::Directory &dir, int index);
    void checkOverlaps(const zip::Directory &dir);
    void peekHeader(QFile *file, int index);
    /** The first \a want bytes of a member's decompressed stream (fewer if it is shorter). */
    Result<QByteArray> prefix(QFile *file, int index, qint64 want) const;
    /** Fails when member \a index cannot be decompressed at all (location, size, cancelled). */
    Status checkReadable(int index, const Progress &progress) const;
    /** Decompresses the whole member into \a out (its uncompressed size), checking the CRC. */
    Status decompressInto(int index, uchar *out, const Progress &progress) const;

    QList<Location> mLocations;
};

Status NpzSource::openArchive()
{
    QFile file(mPath);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(Tr::tr("%1: %2").arg(mPath, file.errorString()));
    Result<zip::Directory> dir = zip::readDirectory(&file, file.size());
    QStringList lost;
    bool recovered = false;
    if (!dir) {
        // No usable central directory (a truncated download, say): read what the local headers give.
        Result<zip::Recovered> scan = zip::scanLocalHeaders(&file, file.size());
        if (!scan)
            return Status::failure(Tr::tr("%1: %2").arg(mPath, dir.error()));
        lost = scan->lost;
        dir = std::move(scan->directory);
        recovered = true;
    }
    const QList<zip::Entry> &entries = dir->entries;
    mMembers.reserve(entries.size());
    mLocations.reserve(entries.size());
    for (const zip::Entry &e : entries) {
        MemberInfo m;
        m.archiveName = e.name;
        m.name = e.name.endsWith(QStringLiteral(".npy")) ? e.name.chopped(4) : e.name;
        m.method = e.method;
        m.storedSize = qint64(std::min<quint64>(e.compressedSize, quint64(std::numeric_limits<qint64>::max())));
        m.size = qint64(std::min<quint64>(e.uncompressedSize, quint64(std::numeric_limits<qint64>::max())));
        m.crc32 = e.crc32;
        m.compression = e.method == zip::Stored     ? Compression::Stored
                        : e.method == zip::Deflated ? Compression::Deflated
                        : e.method == 12            ? Compression::Bzip2
                        : e.method == 14            ? Compression::Lzma
                                                    : Compression::Unsupported;
        Location loc;
        loc.compressedSize = m.storedSize;
        loc.uncompressedSize = m.size;
        loc.crc32 = e.crc32;
        loc.method = e.method;
        loc.localOffset = qint64(std::min<quint64>(e.localOffset, quint64(std::numeric_limits<qint64>::max())));
        loc.error = e.error;
        loc.chunks = e.chunks;
        mMembers.append(std::move(m));
        mLocations.append(std::move(loc));
    }
    for (int i = 0; i < mMembers.size(); ++i)
        locate(&file, dir.value(), i);
    checkOverlaps(dir.value());
    for (Location &loc : mLocations) {
        if (!loc.error.isEmpty() || loc.chunks.isEmpty() || loc.dataOffset < 0)
            continue;
        auto spans = std::make_shared<codec::SpanReader>(mPath, loc.dataOffset, loc.chunks, loc.uncompressedSize);
        // An index whose spans do not add up to the member's CRC is ignored: the member reads from its start.
        if (spans->combinedCrc() == loc.crc32)
            loc.spans = std::move(spans);
    }
    for (int i = 0; i < mMembers.size(); ++i) {
        if (mLocations[i].error.isEmpty())
            peekHeader(&file, i);
        else
            mMembers[i].error = mLocations[i].error;
    }
    if (recovered) {
        for (MemberInfo &m : mMembers)
            m.warning = Tr::tr("read by scanning local headers: the archive's central directory is missing or broken");
        for (const QString &name : std::as_const(lost)) {
            MemberInfo m;
            m.archiveName = name;
            m.name = name.endsWith(QStringLiteral(".npy")) ? name.chopped(4) : name;
            m.truncated = true;
            m.error = Tr::tr("lost: the archive is cut short (or damaged) inside this member");
            Location loc;
            loc.error = m.error;
            mMembers.append(std::move(m));
            mLocations.append(std::move(loc));
        }
    }

    // Duplicate keys: the last one wins, as in NumPy.
    QHash<QString, int> last;
    for (int i = 0; i < mMembers.size(); ++i)
        last.insert(mMembers[i].name, i);
    for (int i = 0; i < mMembers.size(); ++i) {
        const int winner = last.value(mMembers[i].name);
        if (winner != i) {
            mMembers[i].warning = Tr::tr("duplicate name: hidden by a later member of the same name (as in NumPy)");
            mMembers[winner].warning =
                Tr::tr("duplicate name: this member hides an earlier one of the same name (as in NumPy)");
        }
    }
    return Status();
}

void NpzSource::locate(QFile *file, const zip::Directory &dir, int index)
{
    Location &loc = mLocations[index];
    const zip::Entry &e = dir.entries[index];
    if (!loc.error.isEmpty())
        return;
    if (e.flags & (zip::Encrypted | zip::StrongEncryption)) {
        loc.error = Tr::tr("encrypted member, not supported");
        return;
    }
    if (e.method != zip::Stored && !codec::StreamDecoder::supports(e.method)) {
        const QString name = methodName(e.method);
        loc.error = name.isEmpty() ? Tr::tr("compression method %1 is not supported").arg(e.method)
                                   : Tr::tr("compression method %1 (%2) is not supported").arg(e.method).arg(name);
        return;
    }
    const qint64 end = dir.centralOffset;
    if (loc.localOffset > end - zip::kLocalHeaderSize) {
        loc.error = Tr::tr("the local header offset %1 lies outside the member area (which ends at byte %2)")
                        .arg(loc.localOffset).arg(end);
        return;
    }
    uchar h[zip::kLocalHeaderSize];
    if (!file->seek(loc.localOffset) || file->read(reinterpret_cast<char *>(h), sizeof h) != qint64(sizeof h)
        || zip::get32(h) != 0x04034b50u) {
        loc.error = Tr::tr("no local file header at byte %1").arg(loc.localOffset);
        return;
    }
    const qint64 nameLen = zip::get16(h + 26);
    const qint64 extraLen = zip::get16(h + 28);
    const QByteArray localName = file->read(nameLen);
    if (localName != e.rawName) {
        loc.error = Tr::tr("the name in the local header ('%1') differs from the central directory's")
                        .arg(zip::decodeName(localName, zip::get16(h + 6) & zip::Utf8));
        return;
    }
    loc.dataOffset = loc.localOffset + zip::kLocalHeaderSize + nameLen + extraLen;
    if (loc.compressedSize > end - loc.dataOffset) {
        loc.error = Tr::tr("its %1 stored bytes at byte %2 run past the end of the member area (byte %3): "
                           "truncated or corrupt archive")
                        .arg(loc.compressedSize).arg(loc.dataOffset).arg(end);
        return;
    }
    if (e.method == zip::Stored && loc.compressedSize != loc.uncompressedSize) {
        loc.error = Tr::tr("stored member whose sizes differ (%1 stored, %2 declared)")
                        .arg(loc.compressedSize).arg(loc.uncompressedSize);
        return;
    }
    if (e.method == zip::Deflated
        && loc.uncompressedSize / zip::kMaxDeflateRatio > loc.compressedSize + 1) {
        loc.error = Tr::tr("declares %1 bytes from %2 compressed bytes, a ratio DEFLATE cannot reach "
                           "(possible zip bomb)")
                        .arg(loc.uncompressedSize).arg(loc.compressedSize);
        return;
    }
}

void NpzSource::checkOverlaps(const zip::Directory &dir)
{
    QList<int> order;
    for (int i = 0; i < mLocations.size(); ++i) {
        if (mLocations[i].dataOffset >= 0)
            order.append(i);
    }
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return mLocations[a].localOffset < mLocations[b].localOffset; });
    for (qsizetype k = 0; k + 1 < order.size(); ++k) {
        Location &a = mLocations[order[k]];
        Location &b = mLocations[order[k + 1]];
        // As Python's zipfile: the member whose data runs into the next local header is refused;
        // two entries sharing one local header are both refused.
        const QString why = Tr::tr("its bytes overlap those of member '%1' (possible zip bomb)");
        if (b.localOffset < a.dataOffset + a.compressedSize && a.error.isEmpty())
            a.error = why.arg(mMembers[order[k + 1]].archiveName);
        if (b.localOffset == a.localOffset && b.error.isEmpty())
            b.error = why.arg(mMembers[order[k]].archiveName);
    }
    Q_UNUSED(dir);
}

Result<QByteArray> NpzSource::prefix(QFile *file, int index, qint64 want) const
{
    const Location &loc = mLocations[index];
    want = std::min(want, loc.uncompressedSize);
    if (loc.method == zip::Stored) {
        if (!file->seek(loc.dataOffset))
            return Result<QByteArray>::failure(Tr::tr("cannot seek to byte %1").arg(loc.dataOffset));
        return file->read(want);
    }
    if (loc.method != zip::Deflated) {
        // bzip2 and LZMA: decode just enough.
        QByteArray out;
        const Status st = codec::decodeToSink(loc.method, file, loc.dataOffset, loc.compressedSize,
                                              loc.uncompressedSize, std::max<qint64>(want, 1),
                                              [&](const uchar *p, qint64 n) {
                                                  out.append(reinterpret_cast<const char *>(p),
                                                             qsizetype(std::min(n, want - qint64(out.size()))));
                                                  return qint64(out.size()) < want;
                                              },
                                              nullptr);
        if (!st)
            return Result<QByteArray>::failure(st.error());
        return out;
    }
    return codec::inflatePrefix(file, loc.dataOffset, loc.compressedSize, want);
}

void NpzSource::peekHeader(QFile *file, int index)
{
    MemberInfo &m = mMembers[index];
    const Location &loc = mLocations[index];
    qint64 want = kFirstPeek;
    while (true) {
        Result<QByteArray> head = prefix(file, index, want);
        if (!head) {
            m.error = head.error();
            return;
        }
        if (head->size() < kNpyMagicLength || !head->startsWith(QByteArray(kNpyMagic, kNpyMagicLength)))
            return; // not an NPY stream: listed as another file, read with readRaw
        NpyHeader header;
        QString error;
        qint64 needed = 0;
        switch (parseNpyHeader(head->constData(), head->size(), &header, &error, &needed)) {
        case HeaderParse::Error:
            m.error = Tr::tr("bad NPY header: %1").arg(error);
            return;
        case HeaderParse::NeedMore:
            if (needed > loc.uncompressedSize || head->size() < want) {
                m.error = Tr::tr("the NPY header needs %1 bytes but the member holds only %2")
                              .arg(needed).arg(std::min<qint64>(head->size(), loc.uncompressedSize));
                return;
            }
            want = needed;
            continue;
        case HeaderParse::Ok:
            break;
        }
        m.isArray = true;
        m.header = header;
        const qint64 streamSize = header.dataOffset + header.dataBytes; // checked by the parser
        if (header.isPickled())
            m.error = pickledMessage(header);
        else if (loc.uncompressedSize < streamSize)
            m.error = Tr::tr("the NPY header declares %1 data bytes but the member holds only %2 after the header")
                          .arg(header.dataBytes).arg(loc.uncompressedSize - header.dataOffset);
        else if (loc.uncompressedSize > streamSize)
            m.warning = Tr::tr("%1 bytes follow the array data").arg(loc.uncompressedSize - streamSize);
        return;
    }
}

Status NpzSource::decompressInto(int index, uchar *out, const Progress &progress) const
{
    const Location &loc = mLocations[index];
    if (progress.report)
        progress.report(0, loc.uncompressedSize);
    if (loc.spans) {
        // Our own archive: every span inflates alone, on every core, each checked against its CRC-32
        // (and the spans' CRCs combine to the member's, checked when the archive was opened).
        Status st = loc.spans->inflateAll(out, QThread::idealThreadCount(), [&](qint64 done) {
            if (progress.report)
                progress.report(done, loc.uncompressedSize);
            return !progress.cancelled();
        });
        if (!st)
            return Status::failure(fail(index, st.error()));
        return Status();
    }
    if (loc.method == zip::Stored) {
        QFile file(mPath);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(loc.dataOffset))
            return Status::failure(fail(index, file.errorString()));
        qint64 done = 0;
        while (done < loc.uncompressedSize) {
            const qint64 n = file.read(reinterpret_cast<char *>(out) + done,
                                       std::min<qint64>(loc.uncompressedSize - done, qint64(1) << 30));
            if (n <= 0)
                return Status::failure(fail(index, Tr::tr("read failed at byte %1").arg(loc.dataOffset + done)));
            done += n;
            if (progress.report)
                progress.report(done, loc.uncompressedSize);
            if (progress.cancelled())
                return Status::failure(fail(index, Tr::tr("cancelled")));
        }
    } else if (loc.method != zip::Deflated
               || (loc.uncompressedSize >= kStepwiseInflate && (progress.report || progress.cancel))) {
        // bzip2, LZMA, and big DEFLATE members whose caller wants progress or cancellation: the
        // streaming decoder (ISA-L's inflate for DEFLATE, as fast as libdeflate's whole-buffer one),
        // in steps, with the CRC-32 computed as it goes.
        QFile file(mPath);
        if (!file.open(QIODevice::ReadOnly))
            return Status::failure(fail(index, file.errorString()));
        qint64 done = 0;
        quint32 streamCrc = 0;
        Status st = codec::decodeToSink(loc.method, &file, loc.dataOffset, loc.compressedSize, loc.uncompressedSize,
                                        kInflateStep,
                                        [&](const uchar *p, qint64 n) {
                                            std::memcpy(out + done, p, size_t(n));
                                            done += n;
                                            if (progress.report)
                                                progress.report(done, loc.uncompressedSize);
                                            return !progress.cancelled();
                                        },
                                        &streamCrc);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (done != loc.uncompressedSize)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        if (streamCrc != loc.crc32)
            return crcMismatch(index, streamCrc);
        if (progress.report)
            progress.report(loc.uncompressedSize, loc.uncompressedSize);
        return Status();
    } else {
        // Whole-buffer libdeflate, the output capped at the declared size.
        auto in = ByteStore::mapFile(mPath, loc.dataOffset, loc.compressedSize);
        if (!in)
            return Status::failure(fail(index, in.error()));
        Status st = codec::inflateExact(in.value()->data(), loc.compressedSize, out, loc.uncompressedSize);
        if (!st)
            return Status::failure(fail(index, st.error()));
    }
    const quint32 crc = codec::crc32(0, out, loc.uncompressedSize);
    if (crc != loc.crc32)
        return crcMismatch(index, crc);
    if (progress.report)
        progress.report(loc.uncompressedSize, loc.uncompressedSize);
    return Status();
}

Status NpzSource::checkReadable(int index, const Progress &progress) const
{
    const Location &loc = mLocations[index];
    if (!loc.error.isEmpty())
        return Status::failure(fail(index, loc.error));
    if (progress.cancelled())
        return Status::failure(fail(index, Tr::tr("cancelled")));
    if (loc.uncompressedSize > qint64(std::numeric_limits<qsizetype>::max()) - 1)
        return Status::failure(fail(index, Tr::tr("%1 bytes do not fit in memory").arg(loc.uncompressedSize)));
    // A member that is honest about a huge size (a ratio-1000 bomb) is refused before allocating.
    const qint64 ram = physicalMemory();
    if (ram > 0 && loc.uncompressedSize > ram)
        return Status::failure(fail(index, Tr::tr("its %1 bytes exceed this machine's %2 bytes of memory")
                                               .arg(loc.uncompressedSize).arg(ram)));
    return Status();
}

Result<NpyArray> NpzSource::load(int index, const Progress &progress) const
{
    using R = Result<NpyArray>;
    if (index < 0 || index >= mMembers.size())
        return R::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    const MemberInfo &m = mMembers[index];
    if (!m.error.isEmpty())
        return R::failure(fail(index, m.error));
    if (!m.isArray)
        return R::failure(fail(index, Tr::tr("not an NPY array (it does not start with \\x93NUMPY)")));
    const Location &loc = mLocations[index];
    if (loc.method == zip::Stored) {
        auto store = ByteStore::mapFile(mPath, loc.dataOffset + m.header.dataOffset, m.header.dataBytes);
        if (!store)
            return R::failure(fail(index, store.error()));
        return NpyArray(m.header, store.value());
    }
    if (loc.error.isEmpty() && loc.method == zip::Deflated && loc.uncompressedSize > inflateBudget()
        && PagedStore::available()) {
        Result<std::shared_ptr<const PagedStore>> paged = pagedStore(index);
        if (!paged)
            return R::failure(fail(index, paged.error()));
        return NpyArray(m.header, std::shared_ptr<const ByteStore>(std::move(paged).value()), m.header.dataOffset);
    }
    Status st = checkReadable(index, progress);
    if (!st)
        return R::failure(st.error());
    std::shared_ptr<InflatedStore> store = InflatedStore::allocate(loc.uncompressedSize);
    if (!store)
        return R::failure(fail(index, Tr::tr("not enough memory for %1 bytes").arg(loc.uncompressedSize)));
    st = decompressInto(index, store->writable(), progress);
    if (!st)
        return R::failure(st.error());
    return NpyArray(m.header, std::shared_ptr<const ByteStore>(std::move(store)), m.header.dataOffset);
}

Result<std::shared_ptr<const PagedStore>> NpzSource::pagedStore(int index) const
{
    const Location &loc = mLocations[index];
    PagedStore::Reader reader;
    if (loc.spans) {
        // Through our chunk index: the spans holding the block, the last one kept for the next block.
        struct Cache
        {
            qint64 span = -1;
            QByteArray bytes;
        };
        auto cache = std::make_shared<Cache>();
        std::shared_ptr<const codec::SpanReader> spans = loc.spans;
        reader = [spans, cache](qint64 from, qint64 size, uchar *out) {
            const qint64 span = spans->spanSize();
            for (qint64 at = from; at < from + size;) {
                const qint64 i = at / span;
                if (cache->span != i) {
                    cache->span = -1;
                    Status st = spans->stream(i, i, 1, [&](qint64, const uchar *p, qint64 n) {
                        cache->bytes = QByteArray(reinterpret_cast<const char *>(p), qsizetype(n));
                        return true;
                    });
                    if (!st)
                        return st;
                    cache->span = i;
                }
                const qint64 n = std::min(from + size, (i + 1) * span) - at;
                std::memcpy(out + (at - from), cache->bytes.constData() + (at - i * span), size_t(n));
                at += n;
            }
            return Status();
        };
    } else {
        auto seek = std::make_shared<codec::SeekIndex>(mPath, loc.dataOffset, loc.compressedSize, loc.uncompressedSize);
        reader = [seek](qint64 from, qint64 size, uchar *out) { return seek->read(from, size, out); };
    }
    return PagedStore::create(loc.uncompressedSize, std::move(reader),
                              std::min(kPagedResident, std::max<qint64>(inflateBudget() / 4, PagedStore::kBlockSize)));
}

Status NpzSource::readData(int index, const DataSink &sink, const Progress &progress) const
{
    return readDataRange(index, 0, std::numeric_limits<qint64>::max(), sink, progress);
}

Status NpzSource::readDataRange(int index, qint64 from, qint64 to, const DataSink &sink,
                                const Progress &progress) const
{
    if (index < 0 || index >= mMembers.size())
        return Status::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    const MemberInfo &m = mMembers[index];
    if (!m.error.isEmpty())
        return Status::failure(fail(index, m.error));
    if (!m.isArray)
        return Status::failure(fail(index, Tr::tr("not an NPY array (it does not start with \\x93NUMPY)")));
    const Location &loc = mLocations[index];
    if (!loc.error.isEmpty())
        return Status::failure(fail(index, loc.error));
    from = std::clamp<qint64>(from, 0, m.header.dataBytes);
    to = std::clamp<qint64>(to, from, m.header.dataBytes);
    // Positions in the member's stream: the array's data sits after the NPY header, before any trailing bytes.
    const qint64 begin = m.header.dataOffset + from;
    const qint64 end = m.header.dataOffset + to;
    const bool whole = from == 0 && to == m.header.dataBytes;
    constexpr qint64 kPiece = 4 << 20;

    if (loc.spans) {
        const qint64 span = loc.spans->spanSize();
        if (end <= begin)
            return Status();
        bool cancelled = false;
        Status st = loc.spans->stream(begin / span, (end - 1) / span, QThread::idealThreadCount(),
                                      [&](qint64 i, const uchar *p, qint64 n) {
                                          const qint64 at = i * span;
                                          const qint64 a = std::max(begin, at);
                                          const qint64 b = std::min(end, at + n);
                                          if (b > a && !sink(p + (a - at), b - a))
                                              return false;
                                          if (progress.report)
                                              progress.report(b - begin, end - begin);
                                          cancelled = progress.cancelled();
                                          return !cancelled;
                                      },
                                      progress.cancel);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (cancelled)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        return Status();
    }

    QFile file(mPath);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(fail(index, file.errorString()));
    qint64 position = 0;
    bool sinkStopped = false;
    // Hands the part of [p, p + n) at `position` that falls in [begin, end) to the sink; false stops reading.
    auto forward = [&](const uchar *p, qint64 n) {
        const qint64 a = std::max(position, begin);
        const qint64 b = std::min(position + n, end);
        if (b > a && !sinkStopped)
            sinkStopped = !sink(p + (a - position), b - a);
        position += n;
        if (progress.report)
            progress.report(position, whole ? loc.uncompressedSize : end);
        return true;
    };
    quint32 crc = 0;
    if (loc.method == zip::Stored) {
        // A range is read alone; the whole data is read with the rest of the member, to check its CRC.
        const qint64 first = whole ? 0 : begin;
        const qint64 last = whole ? loc.uncompressedSize : end;
        if (!file.seek(loc.dataOffset + first))
            return Status::failure(fail(index, file.errorString()));
        position = first;
        QByteArray buffer(qsizetype(std::min<qint64>(kPiece, std::max<qint64>(last - first, 1))), Qt::Uninitialized);
        while (position < last && !sinkStopped) {
            if (progress.cancelled())
                return Status::failure(fail(index, Tr::tr("cancelled")));
            const qint64 n = file.read(buffer.data(), std::min<qint64>(buffer.size(), last - position));
            if (n <= 0)
                return Status::failure(fail(index, Tr::tr("read failed at byte %1").arg(loc.dataOffset + position)));
            if (whole)
                crc = codec::crc32(crc, buffer.constData(), n);
            forward(reinterpret_cast<const uchar *>(buffer.constData()), n);
        }
        if (!whole || sinkStopped)
            return Status();
    } else {
        bool cancelled = false;
        bool stoppedEarly = false;
        Status st = codec::decodeToSink(loc.method, &file, loc.dataOffset, loc.compressedSize, loc.uncompressedSize, kPiece,
                                         [&](const uchar *p, qint64 n) {
                                             forward(p, n);
                                             cancelled = progress.cancelled();
                                             // A range that ends before the data does stops the decoder there.
                                             stoppedEarly = !whole && (sinkStopped || position >= end);
                                             return !cancelled && !stoppedEarly;
                                         },
                                         &crc);
        if (!st)
            return Status::failure(fail(index, st.error()));
        if (cancelled)
            return Status::failure(fail(index, Tr::tr("cancelled")));
        if (stoppedEarly)
            return Status();
    }
    if (crc != loc.crc32)
        return crcMismatch(index, crc);
    return Status();
}

Result<QByteArray> NpzSource::readRaw(int index, const Progress &progress) const
{
    if (index < 0 || index >= mMembers.size())
        return Result<QByteArray>::failure(Tr::tr("%1: no member %2").arg(mPath).arg(index));
    Status st = checkReadable(index, progress);
    if (!st)
        return Result<QByteArray>::failure(st.error());
    QByteArray out;
    try {
        out = QByteArray(qsizetype(mLocations[index].uncompressedSize), Qt::Uninitialized);
    } catch (const std::bad_alloc &) {
        return Result<QByteArray>::failure(
            fail(index, Tr::tr("not enough memory for %1 bytes").arg(mLocations[index].uncompressedSize)));
    }
    st = decompressInto(index, reinterpret_cast<uchar *>(out.data()), progress);
    if (!st)
        return Result<QByteArray>::failure(st.error());
    return out;
}

bool NpzSource::raw(int index, RawMember *out) const
{
    if (index < 0 || index >= mLocations.size() || !mLocations[index].error.isEmpty())
        return false;
    const Location &loc = mLocations[index];
    out->path = mPath;
    out->archiveName = mMembers[index].archiveName;
    out->dataOffset = loc.dataOffset;
    out->compressedSize = loc.compressedSize;
    out->uncompressedSize = loc.uncompressedSize;
    out->crc32 = loc.crc32;
    out->method = loc.method;
    out->indexed = loc.spans != nullptr;
    return true;
}

} // namespace

qint64 inflateBudget()
{
    const qint64 set = gInflateBudget.load();
    if (set > 0)
        return set;
    const qint64 ram = physicalMemory();
    return ram > 0 ? ram / 4 : qint64(4) << 30;
}

void setInflateBudget(qint64 bytes)
{
    gInflateBudget = std::max<qint64>(bytes, 0);
}

bool rawMember(const Source &source, int index, RawMember *out)
{
    const auto *npz = dynamic_cast<const NpzSource *>(&source);
    return npz && npz->raw(index, out);
}

Status verifyMember(const Source &source, int index)
{
    RawMember raw;
    if (index >= 0 && index < source.members().size() && source.members()[index].error.isEmpty()
        && rawMember(source, index, &raw) && raw.method == zip::Deflated && !raw.indexed
        && QThread::idealThreadCount() > 1
        && codec::verifyDeflateInTwo(raw.path, raw.dataOffset, raw.compressedSize, raw.uncompressedSize, raw.crc32))
        return Status();
    return source.readData(index, [](const uchar *, qint64) { return true; });
}

Result<std::shared_ptr<const Source>> openNpz(const QString &path)
{
    using R = Result<std::shared_ptr<const Source>>;
    auto source = std::make_shared<NpzSource>(path);
    Status st = source->openArchive();
    if (!st)
        return R::failure(st.error());
    return R(std::shared_ptr<const Source>(std::move(source)));
}

} // namespace npy
