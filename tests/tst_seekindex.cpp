// core/seekindex: random access into DEFLATE streams written by others (NumPy's savez_compressed,
// through Python's zipfile), zran-style. Every read is compared with the member's bytes as NumPy's
// archive holds them; after the index is built a read inflates at most one spacing plus its range.
#include "seekindex.h"
#include "deflate.h"
#include "npyfile.h"
#include "npzreader.h"
#include "opensource.h"
#include "pagedstore.h"
#include "source.h"
#include "testdata.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

class TestSeekIndex : public QObject
{
    Q_OBJECT

private slots:
    void randomReads_data();
    void randomReads();
    void corruptStream();
    void checkpointsBounded();
    void pagedLoad_data();
    void pagedLoad();
};

namespace {

struct Member
{
    RawMember raw;
    QByteArray bytes; // the whole .npy stream, as NumPy wrote it
};

Member member(const QString &file, int index)
{
    Member m;
    auto source = openSource(npytest::dataPath(file));
    if (!source || !rawMember(*source.value(), index, &m.raw))
        qFatal("cannot open %s", qPrintable(file));
    m.bytes = source.value()->readRaw(index).value();
    return m;
}

} // namespace

void TestSeekIndex::randomReads_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index");
    QTest::addColumn<qint64>("spacing");
    QTest::addColumn<bool>("buildFirst");
    const QString multiblock = QStringLiteral("npz/compressed_multiblock.npz");
    const QString wave = QStringLiteral("npz/bzip2_lzma_big.npz");
    for (bool built : {true, false}) {
        const char *how = built ? "built first" : "built by the reads";
        QTest::addRow("ramp, spacing 32 KiB, %s", how) << multiblock << 0 << qint64(32768) << built;
        QTest::addRow("noisy wave, spacing 32 KiB, %s", how) << wave << 2 << qint64(32768) << built;
        QTest::addRow("noisy wave, spacing 200 kB, %s", how) << wave << 2 << qint64(200000) << built;
    }
}

void TestSeekIndex::randomReads()
{
    QFETCH(QString, file);
    QFETCH(int, index);
    QFETCH(qint64, spacing);
    QFETCH(bool, buildFirst);
    const Member m = member(file, index);
    QCOMPARE(m.raw.method, 8);
    const qint64 n = m.bytes.size();
    QVERIFY(n > 4 * spacing);
    codec::SeekIndex seek(m.raw.path, m.raw.dataOffset, m.raw.compressedSize, m.raw.uncompressedSize, spacing);
    if (buildFirst) {
        QVERIFY(seek.build().ok());
        QCOMPARE(seek.indexedTo(), n);
        QVERIFY2(seek.checkpointCount() >= 3, qPrintable(QString::number(seek.checkpointCount())));
    }
    QRandomGenerator rng(42 + index);
    QList<std::pair<qint64, qint64>> ranges{{n - 3, 3}, {0, 10}, {n / 2, 1000}, {n - 1, 1}, {0, n}};
    for (int k = 0; k < 40; ++k) {
        const qint64 from = qint64(rng.bounded(quint64(n)));
        ranges.append({from, std::min<qint64>(n - from, qint64(rng.bounded(5000)))});
    }
    for (const auto &[from, size] : ranges) {
        QByteArray out(qsizetype(size), Qt::Uninitialized);
        const qint64 before = seek.bytesInflated();
        Status st = seek.read(from, size, reinterpret_cast<uchar *>(out.data()));
        QVERIFY2(st.ok(), qPrintable(st.error()));
        QVERIFY2(out == m.bytes.mid(from, size), qPrintable(QStringLiteral("bytes %1+%2").arg(from).arg(size)));
        // Once indexed, a read costs at most the distance from a checkpoint (a spacing plus one
        // DEFLATE block, bounded here by 128 KiB) and the range itself.
        if (buildFirst)
            QVERIFY2(seek.bytesInflated() - before <= spacing + 131072 + size,
                     qPrintable(QStringLiteral("%1 bytes inflated").arg(seek.bytesInflated() - before)));
    }
    QCOMPARE(seek.indexedTo(), n);
}

void TestSeekIndex::corruptStream()
{
    const Member m = member(QStringLiteral("npz/compressed_multiblock.npz"), 1);
    // The same member with its compressed bytes cut to a third: reads past the cut fail, saying so.
    codec::SeekIndex seek(m.raw.path, m.raw.dataOffset, m.raw.compressedSize / 3, m.raw.uncompressedSize, 32768);
    QByteArray out(16, Qt::Uninitialized);
    QVERIFY(seek.read(0, 16, reinterpret_cast<uchar *>(out.data())).ok());
    QCOMPARE(out, m.bytes.left(16));
    const Status st = seek.read(m.bytes.size() - 16, 16, reinterpret_cast<uchar *>(out.data()));
    QVERIFY(!st.ok());
    QVERIFY2(st.error().contains(QStringLiteral("ends")), qPrintable(st.error()));
    QVERIFY(!seek.read(m.bytes.size() - 8, 16, reinterpret_cast<uchar *>(out.data())).ok());
}

void TestSeekIndex::checkpointsBounded()
{
    // 8 MiB in 32768 pieces of 256 bytes, each ending a DEFLATE block: asked for a checkpoint at
    // every byte, the index still keeps at most 4096 windows (128 MiB), and reads stay right.
    const qint64 piece = 256, pieces = 32768, n = piece * pieces;
    QByteArray plain(qsizetype(n), Qt::Uninitialized);
    QRandomGenerator rng(7);
    for (qint64 i = 0; i < n; ++i)
        plain[qsizetype(i)] = char(rng.bounded(4));
    QByteArray stream, part;
    QString error;
    for (qint64 k = 0; k < pieces; ++k) {
        QVERIFY(codec::deflatePiece(reinterpret_cast<const uchar *>(plain.constData()) + k * piece, piece,
                                    k == pieces - 1, codec::kDefaultLevel, &part, &error));
        stream += part;
    }
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("blocks.deflate")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(stream), stream.size());
    f.close();
    codec::SeekIndex seek(f.fileName(), 0, stream.size(), n, 1);
    QVERIFY(seek.build().ok());
    QVERIFY2(seek.checkpointCount() > 1000 && seek.checkpointCount() <= 4096,
             qPrintable(QString::number(seek.checkpointCount())));
    QByteArray out(100, Qt::Uninitialized);
    for (qint64 from : {qint64(0), n / 3, n - 100}) {
        QVERIFY(seek.read(from, 100, reinterpret_cast<uchar *>(out.data())).ok());
        QCOMPARE(out, plain.mid(qsizetype(from), 100));
    }
}

void TestSeekIndex::pagedLoad_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("ramp and labels") << QStringLiteral("npz/compressed_multiblock.npz");
    QTest::newRow("bzip2, LZMA and a noisy wave") << QStringLiteral("npz/bzip2_lzma_big.npz");
}

void TestSeekIndex::pagedLoad()
{
    // A budget below the members' sizes: DEFLATED members written by NumPy's zipfile are paged in
    // through a SeekIndex, read-only, with the same bytes; bzip2 and LZMA ones are still inflated whole
    // (they are below physical memory here).
    if (!PagedStore::available())
        QSKIP("userfaultfd is not allowed on this system");
    QFETCH(QString, file);
    auto reference = openSource(npytest::dataPath(file));
    QVERIFY(reference.ok());
    setInflateBudget(64 * 1024);
    auto source = openSource(npytest::dataPath(file));
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const Result<NpyArray> a = source.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        setInflateBudget(0);
        const Result<NpyArray> b = reference.value()->load(i);
        setInflateBudget(64 * 1024);
        QVERIFY(b.ok());
        const bool deflated = source.value()->members()[i].method == 8;
        QCOMPARE(a->isReadOnly(), deflated && a->nbytes() > 64 * 1024);
        QCOMPARE(a->nbytes(), b->nbytes());
        // Written out as .npy: the kernel cannot read a paged member's absent pages itself, so the
        // bytes must pass through a buffer of ours (a plain write fails with EFAULT).
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.npy"));
        const Status saved = saveNpyFile(out, a.value());
        QVERIFY2(saved.ok(), qPrintable(saved.error()));
        const Result<NpyArray> back = readNpyFile(out);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->nbytes(), b->nbytes());
        QVERIFY(std::memcmp(back->data(), b->data(), size_t(b->nbytes())) == 0);
        // Back to front, so that the reads jump around the stream.
        for (qint64 at = a->nbytes(); at > 0;) {
            const qint64 n = std::min<qint64>(at, 7919);
            at -= n;
            QVERIFY(std::memcmp(a->data() + at, b->data() + at, size_t(n)) == 0);
        }
    }
    setInflateBudget(0);
}

QTEST_GUILESS_MAIN(TestSeekIndex)
#include "tst_seekindex.moc"
