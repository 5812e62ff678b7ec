// Label "large": an archive over 4 GiB with a stored member over 4 GiB and a deflated one over
// 2 GiB (zip64 fields in both), written by us, read back by us, by zipfile (CRCs) and by NumPy.
// The arrays are read-only anonymous maps (the kernel's zero page), so the test needs almost no
// RAM; the archive (about 4 GiB, nearly all of it the stored member) lives in a QTemporaryDir.
#include "npyheader.h"
#include "npzreader.h"
#include "npzwriter.h"
#include "source.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mman.h>

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
}

QTEST_GUILESS_MAIN(TestNpzLarge)
#include "tst_npzlarge.moc"
