// Label "large": an archive over 4 GiB with a stored member over 4 GiB and a deflated one over
// 2 GiB (zip64 fields in both), written by us, read back by us, by QuaZip (streamed and compared
// byte for byte, CRCs checked), by zipfile (CRCs) and by NumPy.
// The arrays are read-only anonymous maps (the kernel's zero page), so the test needs almost no
// RAM; the archive (about 4 GiB, nearly all of it the stored member) lives in a QTemporaryDir.
#include "npyheader.h"
#include "npzreader.h"
#include "npzwriter.h"
#include "quaziptesting.h"
#include "source.h"
#include "zipformat.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mman.h>

#include <cstring>

using namespace npy;

namespace {

constexpr qint64 kBig = (qint64(1) << 32) + (qint64(3) << 20); // just over 4 GiB
/** Past Python's zip64 threshold (2^31 - 1): the deflated member's 32-bit sizes read 0xFFFFFFFF. */
constexpr qint64 kBigDeflated = (qint64(1) << 31) + (qint64(3) << 20);

/** Zero-filled bytes backed by the zero page; a few marker bytes can be set. */
class ZeroStore final : public ByteStore
{
public:
    explicit ZeroStore(qint64 size)
    {
        void *p = mmap(nullptr, size_t(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
        if (p == MAP_FAILED)
            return;
        madvise(p, size_t(size), MADV_HUGEPAGE);
        mData = static_cast<const uchar *>(p);
        mSize = size;
    }
    ~ZeroStore() override
    {
        if (mData)
            munmap(const_cast<uchar *>(mData), size_t(mSize));
    }
    bool isMapped() const override { return false; }
    void set(qint64 offset, uchar value) { const_cast<uchar *>(mData)[offset] = value; }
};

NpyArray bytesArray(const std::shared_ptr<ByteStore> &store)
{
    NpyHeader h;
    QString error;
    const bool ok = DType::fromTypeString(QStringLiteral("|u1"), &h.dtype, &error);
    Q_ASSERT(ok);
    h.shape = {store->size()};
    h.elementCount = store->size();
    h.dataBytes = store->size();
    return NpyArray(h, store);
}

/**
 * Compares the pieces of one `.npy` stream as they arrive with what it must hold: \a header, then
 * \a dataBytes zero bytes except \a marks (offset in the data, value). Nothing is held in memory.
 */
class ExpectedStream
{
public:
    ExpectedStream(QByteArray header, qint64 dataBytes, QList<QPair<qint64, uchar>> marks)
        : mHeader(std::move(header)), mDataBytes(dataBytes), mMarks(std::move(marks))
    {
    }
    qint64 size() const { return mHeader.size() + mDataBytes; }
    /** True when \a n bytes at stream offset \a at are what the stream holds there. */
    bool matches(qint64 at, const char *data, qint64 n) const
    {
        if (at < 0 || n < 0 || at + n > size())
            return false;
        static const QByteArray zeros(int(npytest::kQuaZipPiece), '\0');
        for (qint64 i = 0; i < n;) {
            const qint64 pos = at + i;
            if (pos < mHeader.size()) {
                if (data[i] != mHeader[pos])
                    return false;
                ++i;
                continue;
            }
            const qint64 d = pos - mHeader.size();
            qint64 run = std::min<qint64>(n - i, zeros.size());
            for (const auto &m : mMarks) {
                if (m.first == d) {
                    if (uchar(data[i]) != m.second)
                        return false;
                    run = 0;
                } else if (m.first > d) {
                    run = std::min(run, m.first - d);
                }
            }
            if (run == 0) {
                ++i;
                continue;
            }
            if (std::memcmp(data + i, zeros.constData(), size_t(run)) != 0)
                return false;
            i += run;
        }
        return true;
    }

private:
    QByteArray mHeader;
    qint64 mDataBytes;
    QList<QPair<qint64, uchar>> mMarks;
};

} // namespace

class TestNpzLarge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void over4GiB();
};

void TestNpzLarge::over4GiB()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto stored = std::make_shared<ZeroStore>(kBig);
    QVERIFY2(stored->data(), "cannot map 4 GiB of address space");
    const qint64 marks[] = {0, (qint64(1) << 31) + 1, (qint64(1) << 32) + 7, kBig - 1};
    for (qint64 m : marks)
        stored->set(m, uchar(0xA0 + (m & 0xF)));
    auto deflated = std::make_shared<ZeroStore>(kBigDeflated);
    QVERIFY(deflated->data());
    deflated->set(kBigDeflated - 2, 0x42);

    NpyHeader small;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<i4"), &small.dtype, &error));
    small.shape = {4};
    small.elementCount = 4;
    small.dataBytes = 16;
    const QByteArray smallBytes("\x01\0\0\0\x02\0\0\0\x03\0\0\0\x04\0\0\0", 16);

    QList<SaveMember> members(4);
    members[0].key = QStringLiteral("before");
    members[0].array = NpyArray(small, smallBytes);
    members[1].key = QStringLiteral("big_stored");
    members[1].array = bytesArray(stored);
    members[2].key = QStringLiteral("big_deflated");
    members[2].array = bytesArray(deflated);
    members[2].compression = Compression::Deflated;
    members[3].key = QStringLiteral("after");
    members[3].array = NpyArray(small, smallBytes);
    const QString path = dir.filePath(QStringLiteral("large.npz"));
    Status st = saveNpz(path, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QVERIFY(QFileInfo(path).size() > kBig);
    stored.reset();
    deflated.reset();
    members.clear();

    // Our reader: zip64 sizes and offsets, the stored member mapped straight from the archive.
    auto src = openNpz(path);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    const QList<MemberInfo> &info = src.value()->members();
    QCOMPARE(info.size(), 4);
    for (const MemberInfo &m : info)
        QVERIFY2(m.error.isEmpty() && m.isArray, qPrintable(m.error));
    QCOMPARE(info[1].header.dataBytes, kBig);
    QCOMPARE(info[1].compression, Compression::Stored);
    QCOMPARE(info[2].compression, Compression::Deflated);
    QCOMPARE(info[2].header.dataBytes, kBigDeflated);
    QVERIFY(info[2].storedSize < kBigDeflated / 100);
    {
        // The zip64 member carries our chunk index beside its zip64 extra: one span per 1 MiB chunk.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Result<zip::Directory> central = zip::readDirectory(&f, f.size());
        QVERIFY2(central.ok(), qPrintable(central.error()));
        const zip::Entry &e = central.value().entries[2];
        QVERIFY2(e.chunkIndexError.isEmpty(), qPrintable(e.chunkIndexError));
        QCOMPARE(e.chunks.spanSize, kDeflateChunkSize);
        QCOMPARE(e.chunks.count(), (qint64(e.uncompressedSize) + kDeflateChunkSize - 1) / kDeflateChunkSize);
        QVERIFY(central.value().entries[1].chunks.isEmpty()); // stored: no index
    }
    auto big = src.value()->load(1);
    QVERIFY2(big.ok(), qPrintable(big.error()));
    QVERIFY(big->isMapped());
    for (qint64 m : marks)
        QCOMPARE(int(big->data()[m]), 0xA0 + int(m & 0xF));
    QCOMPARE(int(big->data()[kBig / 2]), 0);
    auto after = src.value()->load(3);
    QVERIFY2(after.ok(), qPrintable(after.error()));
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(after->data()), 16), smallBytes);

    // Python's zipfile checks both big members' CRCs by streaming them; NumPy reads the small one
    // that sits past 4 GiB.
    QProcess py;
    py.setProcessChannelMode(QProcess::MergedChannels);
    py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral(R"PY(
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
infos = {i.filename: i for i in z.infolist()}
assert infos["big_stored.npy"].file_size > 2**32, infos
assert infos["after.npy"].header_offset > 2**32, infos
assert infos["big_deflated.npy"].file_size > 2**31, infos
for name in ("big_stored.npy", "big_deflated.npy"):
    with z.open(name) as f:
        while f.read(1 << 26):
            pass
try:
    import numpy as np
except ImportError:
    print("no numpy"); sys.exit(0)
d = np.load(sys.argv[1])
assert d["after"].tolist() == [1, 2, 3, 4]
assert d.files == ["before", "big_stored", "big_deflated", "after"]
print("ok")
)PY"),
                                                        path});
    QVERIFY(py.waitForFinished(600000));
    const QString log = QString::fromUtf8(py.readAll());
    QVERIFY2(py.exitCode() == 0, qPrintable(log));

    // QuaZip streams every member in pieces (each read well below 2^31 bytes): the bytes are
    // compared as they come, against the header our reader parsed and the zeros and marks written,
    // and QuaZip's CRC check passes on close.
    QList<QPair<qint64, uchar>> storedMarks;
    for (qint64 m : marks)
        storedMarks.append({m, uchar(0xA0 + (m & 0xF))});
    auto headerOf = [&](int index) {
        Result<QByteArray> h = buildNpyHeader(info[index].header.dtype, info[index].header.shape, false);
        return h.ok() ? h.value() : QByteArray();
    };
    const QList<QPair<qint64, uchar>> smallMarks{{0, 1}, {4, 2}, {8, 3}, {12, 4}};
    const ExpectedStream expected[] = {
        ExpectedStream(headerOf(0), 16, smallMarks),
        ExpectedStream(headerOf(1), kBig, storedMarks),
        ExpectedStream(headerOf(2), kBigDeflated, {{kBigDeflated - 2, uchar(0x42)}}),
        ExpectedStream(headerOf(3), 16, smallMarks),
    };
    QList<npytest::QuaZipMember> read;
    QString quazipError;
    const bool streamed = npytest::readWithQuaZip(
        path, &read, &quazipError, false, [&](int index, qint64 at, const char *data, qint64 n) {
            return index < 4 && expected[index].matches(at, data, n);
        });
    QVERIFY2(streamed, qPrintable(quazipError));
    QCOMPARE(read.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(read[i].closeError, UNZ_OK);
        QCOMPARE(read[i].crcOfRead, read[i].crc);
        QCOMPARE(read[i].method, i == 2 ? 8 : 0);
        QCOMPARE(read[i].bytesRead, expected[i].size());
        QCOMPARE(read[i].size, expected[i].size());
    }
}

QTEST_GUILESS_MAIN(TestNpzLarge)
#include "tst_npzlarge.moc"
