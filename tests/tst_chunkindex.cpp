// The chunk index extra field (chunkindex.h): its encoding and parsing, merged() spans, rejection of
// malformed fields, and the index our writer records: every span of every DEFLATED member we write
// inflates alone, from an empty window, to the span's bytes with the recorded CRC, at every
// compression level. NumPy, Python's zipfile and `unzip -t` read such an archive (QuaZip does in
// tst_quazip).
#include "chunkindex.h"
#include "deflate.h"
#include "inflater.h"
#include "npyheader.h"
#include "npzwriter.h"
#include "opensource.h"
#include "saver.h"
#include "source.h"
#include "testdata.h"
#include "zipformat.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace npy;
using namespace npytest;

namespace {

/** Bytes that compress somewhat: a slow ramp with pseudo-random low bits. */
QByteArray someBytes(qint64 size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 x = seed | 1u;
    for (qint64 i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = char((i / 4096) + (x & 7u));
    }
    return out;
}

NpyArray makeArray(const char *type, qint64 count, const QByteArray &bytes)
{
    NpyHeader h;
    QString error;
    const bool ok = DType::fromTypeString(QString::fromLatin1(type), &h.dtype, &error);
    Q_ASSERT(ok);
    h.shape = {count};
    h.elementCount = count;
    h.dataBytes = count * h.dtype.itemSize;
    Q_ASSERT(h.dataBytes == bytes.size());
    return NpyArray(h, bytes);
}

/** An index of \a count spans of \a spanSize bytes with made-up sizes and CRCs. */
zip::ChunkIndex sampleIndex(qint64 spanSize, qint64 count)
{
    zip::ChunkIndex index;
    index.spanSize = spanSize;
    for (qint64 i = 0; i < count; ++i) {
        index.compressedSizes.append(quint32(1000 + 7 * i));
        index.crcs.append(quint32(0x9E3779B9u * quint32(i + 1)));
    }
    return index;
}

quint64 totalCompressed(const zip::ChunkIndex &index)
{
    quint64 total = 0;
    for (quint32 c : index.compressedSizes)
        total += c;
    return total;
}

Result<zip::ChunkIndex> parse(const QByteArray &field, quint64 compressed, quint64 uncompressed)
{
    return zip::parseChunkIndex(reinterpret_cast<const uchar *>(field.constData()), field.size(), compressed,
                                uncompressed);
}

struct Archive
{
    QByteArray bytes;
    zip::Directory directory;
};

bool readArchive(const QString &path, Archive *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return false;
    }
    Result<zip::Directory> dir = zip::readDirectory(&f, f.size());
    if (!dir) {
        *error = dir.error();
        return false;
    }
    out->directory = dir.value();
    f.seek(0);
    out->bytes = f.readAll();
    return true;
}

/** Where the member's compressed bytes start (after its local header). */
qint64 dataOffset(const QByteArray &archive, const zip::Entry &e)
{
    const uchar *h = reinterpret_cast<const uchar *>(archive.constData()) + e.localOffset;
    return qint64(e.localOffset) + zip::kLocalHeaderSize + zip::get16(h + 26) + zip::get16(h + 28);
}

/**
 * Inflates every span of \a e's index alone and checks it against the index and the member's
 * uncompressed bytes \a expected.
 */
bool checkSpans(const QByteArray &archive, const zip::Entry &e, const QByteArray &expected, QString *why)
{
    const zip::ChunkIndex &index = e.chunks;
    qint64 in = dataOffset(archive, e);
    qint64 outPos = 0;
    for (qint64 i = 0; i < index.count(); ++i) {
        const qint64 want = std::min(index.spanSize, qint64(e.uncompressedSize) - outPos);
        codec::Inflater inflater; // a fresh one: an empty window
        inflater.setInput(reinterpret_cast<const uchar *>(archive.constData()) + in, index.compressedSizes[i]);
        QByteArray out(want + 64, Qt::Uninitialized);
        qint64 produced = 0;
        while (produced < out.size()) {
            qint64 n = 0;
            const Status st = inflater.inflate(reinterpret_cast<uchar *>(out.data()) + produced,
                                               out.size() - produced, &n);
            if (!st) {
                *why = QStringLiteral("%1 span %2: %3").arg(e.name).arg(i).arg(st.error());
                return false;
            }
            produced += n;
            if (n == 0 || inflater.finished())
                break;
        }
        if (produced != want || inflater.inputLeft() != 0) {
            *why = QStringLiteral("%1 span %2: %3 bytes (%4 input left), expected %5")
                       .arg(e.name).arg(i).arg(produced).arg(inflater.inputLeft()).arg(want);
            return false;
        }
        // Only the last span ends the stream.
        if (inflater.finished() != (i == index.count() - 1)) {
            *why = QStringLiteral("%1 span %2: final block in the wrong place").arg(e.name).arg(i);
            return false;
        }
        out.truncate(want);
        if (codec::crc32(0, out.constData(), want) != index.crcs[i]) {
            *why = QStringLiteral("%1 span %2: CRC differs from the index").arg(e.name).arg(i);
            return false;
        }
        if (out != expected.mid(outPos, want)) {
            *why = QStringLiteral("%1 span %2: bytes differ from the member's").arg(e.name).arg(i);
            return false;
        }
        in += index.compressedSizes[i];
        outPos += want;
    }
    if (outPos != qint64(e.uncompressedSize) || in != dataOffset(archive, e) + qint64(e.compressedSize)) {
        *why = QStringLiteral("%1: spans cover %2 of %3 bytes").arg(e.name).arg(outPos).arg(e.uncompressedSize);
        return false;
    }
    return true;
}

SaveMember memberOf(const QString &key, const NpyArray &array)
{
    SaveMember m;
    m.key = key;
    m.array = array;
    m.compression = Compression::Deflated;
    return m;
}

/** Members whose `.npy` streams end inside, at and just past chunk boundaries. */
QList<SaveMember> boundaryMembers()
{
    const qint64 chunk = kDeflateChunkSize;
    QList<SaveMember> m;
    m.append(memberOf(QStringLiteral("tiny"), makeArray("|u1", 5, QByteArray("\x01\x02\x03\x04\x05", 5))));
    // The header is 128 bytes: these make streams of exactly 3 chunks and of 2 chunks + 1 byte.
    m.append(memberOf(QStringLiteral("exact"), makeArray("|u1", 3 * chunk - 128, someBytes(3 * chunk - 128, 1))));
    m.append(memberOf(QStringLiteral("one_over"), makeArray("|u1", 2 * chunk - 127, someBytes(2 * chunk - 127, 2))));
    m.append(memberOf(QStringLiteral("f8"), makeArray("<f8", 700001, someBytes(700001 * 8, 3))));
    return m;
}

} // namespace

class TestChunkIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void mergedCrcs_data();
    void mergedCrcs();
    void malformed_data();
    void malformed();
    void besideZip64Extra();
    void writtenArchive_data();
    void writtenArchive();
    void rawCopyKeepsIndex();
    void readersIgnoreTheField();

private:
    QTemporaryDir mDir;
};

void TestChunkIndex::roundTrip_data()
{
    QTest::addColumn<qint64>("spanSize");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("lastSpan");
    QTest::newRow("one span") << qint64(1 << 20) << qint64(1) << qint64(300);
    QTest::newRow("three full") << qint64(1 << 20) << qint64(3) << qint64(1 << 20);
    QTest::newRow("short last") << qint64(4096) << qint64(10) << qint64(1);
    QTest::newRow("most spans") << qint64(1 << 20) << zip::kMaxSpans << qint64(12345);
    QTest::newRow("4 GiB spans") << qint64(0xFFFFFFFFu) << qint64(2) << qint64(5);
}

void TestChunkIndex::roundTrip()
{
    QFETCH(qint64, spanSize);
    QFETCH(qint64, count);
    QFETCH(qint64, lastSpan);
    const zip::ChunkIndex index = sampleIndex(spanSize, count);
    const QByteArray field = zip::encodeChunkIndex(index);
    QCOMPARE(field.size(), 4 + 10 + 8 * count);
    QCOMPARE(zip::get16(reinterpret_cast<const uchar *>(field.constData())), zip::kChunkIndexId);
    const quint64 uncompressed = quint64(spanSize) * quint64(count - 1) + quint64(lastSpan);
    // Another field before ours is skipped.
    QByteArray extra("\x0a\x00\x04\x00\x01\x02\x03\x04", 8);
    extra += field;
    const Result<zip::ChunkIndex> back = parse(extra, totalCompressed(index), uncompressed);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value().spanSize, spanSize);
    QCOMPARE(back.value().compressedSizes, index.compressedSizes);
    QCOMPARE(back.value().crcs, index.crcs);
    // No field of ours: an empty index, no error.
    const Result<zip::ChunkIndex> none = parse(extra.left(8), 10, 10);
    QVERIFY(none.ok());
    QVERIFY(none.value().isEmpty());
}

void TestChunkIndex::mergedCrcs_data()
{
    QTest::addColumn<qint64>("spanSize");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("factor");
    QTest::newRow("pairs, short last") << qint64(1000) << qint64(9500) << qint64(2);
    QTest::newRow("triples, even") << qint64(512) << qint64(512 * 9) << qint64(3);
    QTest::newRow("factor above count") << qint64(4096) << qint64(10000) << qint64(8);
    QTest::newRow("factor 1 keeps it") << qint64(777) << qint64(5000) << qint64(1);
}

void TestChunkIndex::mergedCrcs()
{
    QFETCH(qint64, spanSize);
    QFETCH(qint64, total);
    QFETCH(qint64, factor);
    const QByteArray bytes = someBytes(total, 7);
    zip::ChunkIndex index;
    index.spanSize = spanSize;
    for (qint64 off = 0; off < total; off += spanSize) {
        index.compressedSizes.append(quint32(off / 3 + 1));
        index.crcs.append(codec::crc32(0, bytes.constData() + off, std::min(spanSize, total - off)));
    }
    const zip::ChunkIndex m = zip::merged(index, factor, total);
    QCOMPARE(m.spanSize, spanSize * factor);
    QCOMPARE(m.count(), (total + m.spanSize - 1) / m.spanSize);
    QCOMPARE(totalCompressed(m), totalCompressed(index));
    for (qint64 i = 0; i < m.count(); ++i) {
        const qint64 off = i * m.spanSize;
        QCOMPARE(m.crcs[i], codec::crc32(0, bytes.constData() + off, std::min(m.spanSize, total - off)));
    }
    const Result<zip::ChunkIndex> parsed = parse(zip::encodeChunkIndex(m), totalCompressed(m), quint64(total));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    // A merged span size that no longer fits 32 bits gives no index, nor do spans that do not make the size.
    QVERIFY(zip::merged(sampleIndex(qint64(1) << 31, 4), 2, (qint64(1) << 33) - 1).isEmpty());
    QVERIFY(zip::merged(index, factor, total + spanSize).isEmpty());
    QVERIFY(zip::merged(index, factor, total - total % spanSize - spanSize).isEmpty());
}

void TestChunkIndex::malformed_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<quint64>("compressed");
    QTest::addColumn<quint64>("uncompressed");
    const zip::ChunkIndex index = sampleIndex(1000, 3);
    const QByteArray good = zip::encodeChunkIndex(index);
    const quint64 csize = totalCompressed(index);
    auto patched = [&](int at, char value) {
        QByteArray f = good;
        f[at] = value;
        return f;
    };
    QTest::newRow("wrong version") << patched(4, 2) << csize << quint64(2500);
    QTest::newRow("count says 4") << patched(4 + 6, 4) << csize << quint64(2500);
    QTest::newRow("span size 0") << [&] {
        QByteArray f = good;
        std::memset(f.data() + 6, 0, 4);
        return f;
    }() << csize << quint64(2500);
    QTest::newRow("too many spans for the size") << good << csize << quint64(2000);
    QTest::newRow("too few spans for the size") << good << csize << quint64(3001);
    QTest::newRow("empty member") << good << csize << quint64(0);
    QTest::newRow("sizes do not add up") << good << csize + 1 << quint64(2500);
    QTest::newRow("an empty span") << [&] {
        QByteArray f = good;
        std::memset(f.data() + 14, 0, 4);
        return f;
    }() << csize - 1000 << quint64(2500);
    QTest::newRow("truncated data") << good.left(good.size() - 1) << csize << quint64(2500);
    QTest::newRow("length beyond the extra area") << [&] {
        QByteArray f = good;
        f[2] = char(f[2] + 8);
        return f;
    }() << csize << quint64(2500);
    QTest::newRow("shorter than its fixed part") << [&] {
        QByteArray f = good.left(4 + 6);
        f[2] = 6;
        f[3] = 0;
        return f;
    }() << csize << quint64(2500);
}

void TestChunkIndex::malformed()
{
    QFETCH(QByteArray, field);
    QFETCH(quint64, compressed);
    QFETCH(quint64, uncompressed);
    const Result<zip::ChunkIndex> r = parse(field, compressed, uncompressed);
    QVERIFY(!r.ok());
    QVERIFY(!r.error().isEmpty());
}

void TestChunkIndex::besideZip64Extra()
{
    // A member above 2 GiB far into the file: the zip64 extra (sizes and offset) and the largest index
    // share the entry's extra area, and both read back.
    zip::WrittenMember m;
    m.rawName = QByteArrayLiteral("big.npy");
    m.method = zip::Deflated;
    m.crc32 = 0x12345678u;
    const zip::ChunkIndex index = sampleIndex(qint64(1) << 20, zip::kMaxSpans);
    m.compressedSize = totalCompressed(index);
    m.uncompressedSize = (quint64(1) << 20) * quint64(zip::kMaxSpans - 1) + 99;
    m.localOffset = quint64(5) << 30;
    m.centralExtra = zip::encodeChunkIndex(index);
    QVERIFY(m.uncompressedSize > quint64(zip::kZip64Limit));
    const QByteArray central = zip::centralHeader(m);
    const uchar *h = reinterpret_cast<const uchar *>(central.constData());
    const qint64 nameLen = zip::get16(h + 28);
    const qint64 extraLen = zip::get16(h + 30);
    QCOMPARE(central.size(), zip::kCentralHeaderSize + nameLen + extraLen);
    QCOMPARE(zip::get32(h + 20), 0xFFFFFFFFu); // sizes in the zip64 extra
    QCOMPARE(zip::get32(h + 42), 0xFFFFFFFFu); // so is the offset
    const uchar *extra = h + zip::kCentralHeaderSize + nameLen;
    QCOMPARE(zip::get16(extra), quint16(1));
    QCOMPARE(zip::get64(extra + 4), m.uncompressedSize);
    const Result<zip::ChunkIndex> back = zip::parseChunkIndex(extra, extraLen, m.compressedSize, m.uncompressedSize);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value().count(), zip::kMaxSpans);
    QCOMPARE(back.value().crcs, index.crcs);
}

void TestChunkIndex::writtenArchive_data()
{
    QTest::addColumn<int>("level");
    QTest::newRow("fast") << int(CompressionLevel::Fast);
    QTest::newRow("default") << int(CompressionLevel::Default);
    QTest::newRow("best") << int(CompressionLevel::Best);
}

void TestChunkIndex::writtenArchive()
{
    QFETCH(int, level);
    QVERIFY(mDir.isValid());
    QList<SaveMember> members = boundaryMembers();
    SaveMember stored = memberOf(QStringLiteral("stored"), makeArray("|u1", 3000, someBytes(3000, 9)));
    stored.compression = Compression::Stored;
    members.append(stored);
    const QString path = mDir.filePath(QStringLiteral("written_%1.npz").arg(level));
    const Status st = saveNpz(path, members, SaveFormat::Npz, {}, CompressionLevel(level));
    QVERIFY2(st.ok(), qPrintable(st.error()));

    Archive archive;
    QString error;
    QVERIFY2(readArchive(path, &archive, &error), qPrintable(error));
    QCOMPARE(archive.directory.entries.size(), members.size());
    for (int i = 0; i < members.size(); ++i) {
        const zip::Entry &e = archive.directory.entries[i];
        QVERIFY2(e.chunkIndexError.isEmpty(), qPrintable(e.chunkIndexError));
        if (e.method == zip::Stored) {
            QVERIFY(e.chunks.isEmpty()); // only what we deflate is indexed
            continue;
        }
        QVERIFY2(!e.chunks.isEmpty(), qPrintable(e.name));
        QCOMPARE(e.chunks.spanSize, kDeflateChunkSize);
        QCOMPARE(e.chunks.count(), (qint64(e.uncompressedSize) + kDeflateChunkSize - 1) / kDeflateChunkSize);
        Result<QByteArray> header = buildNpyHeader(members[i].array.dtype(), members[i].array.shape(), false);
        QVERIFY(header.ok());
        const QByteArray stream = header.value()
                                  + QByteArray(reinterpret_cast<const char *>(members[i].array.data()),
                                               members[i].array.nbytes());
        QCOMPARE(qint64(e.uncompressedSize), stream.size());
        QString why;
        QVERIFY2(checkSpans(archive.bytes, e, stream, &why), qPrintable(why));
    }
}

void TestChunkIndex::rawCopyKeepsIndex()
{
    QVERIFY(mDir.isValid());
    const QString first = mDir.filePath(QStringLiteral("first.npz"));
    Status st = saveNpz(first, boundaryMembers(), SaveFormat::NpzCompressed, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto src = openSource(first);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    QList<SaveMember> members;
    for (int i = 0; i < src.value()->members().size(); ++i) {
        SaveMember m;
        m.key = src.value()->members()[i].name;
        m.source = src.value();
        m.sourceIndex = i;
        m.modified = false;
        m.compression = Compression::Deflated;
        members.append(m);
    }
    const QString copy = mDir.filePath(QStringLiteral("copy.npz"));
    st = saveNpz(copy, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    Archive a;
    Archive b;
    QString error;
    QVERIFY2(readArchive(first, &a, &error), qPrintable(error));
    QVERIFY2(readArchive(copy, &b, &error), qPrintable(error));
    // Copied raw, byte for byte, index included.
    QCOMPARE(b.bytes, a.bytes);
    for (const zip::Entry &e : std::as_const(b.directory.entries))
        QVERIFY2(!e.chunks.isEmpty(), qPrintable(e.name));

    // A level asked for explicitly compresses the members again, with a fresh index.
    const QString fast = mDir.filePath(QStringLiteral("fast.npz"));
    st = saveNpz(fast, members, SaveFormat::NpzCompressed, {}, CompressionLevel::Fast);
    QVERIFY2(st.ok(), qPrintable(st.error()));
    Archive c;
    QVERIFY2(readArchive(fast, &c, &error), qPrintable(error));
    QVERIFY(c.bytes != a.bytes);
    for (int i = 0; i < c.directory.entries.size(); ++i) {
        const zip::Entry &e = c.directory.entries[i];
        QVERIFY2(!e.chunks.isEmpty(), qPrintable(e.name));
        auto raw = src.value()->readRaw(i);
        QVERIFY2(raw.ok(), qPrintable(raw.error()));
        QString why;
        QVERIFY2(checkSpans(c.bytes, e, raw.value(), &why), qPrintable(why));
    }
}

void TestChunkIndex::readersIgnoreTheField()
{
    QVERIFY(mDir.isValid());
    const QString path = mDir.filePath(QStringLiteral("interop.npz"));
    const Status st = saveNpz(path, boundaryMembers(), SaveFormat::NpzCompressed, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    Archive archive;
    QString error;
    QVERIFY2(readArchive(path, &archive, &error), qPrintable(error));
    for (const zip::Entry &e : std::as_const(archive.directory.entries))
        QVERIFY2(!e.chunks.isEmpty(), qPrintable(e.name));

    const QString unzip = QStandardPaths::findExecutable(QStringLiteral("unzip"));
    if (!unzip.isEmpty()) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(unzip, {QStringLiteral("-t"), path});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAll());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("No errors detected")), qPrintable(out));
    } else {
        qWarning("unzip is not installed: `unzip -t` not tried (scripts/deps.sh installs it)");
    }

    if (pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy here (CI installs python3-numpy)");
    // zipfile sees our field in each entry's extra and still tests every CRC; NumPy loads each
    // member equal to what was written (the same bytes, regenerated here).
    const QString code = QStringLiteral(R"(
import sys, zipfile, struct
import numpy as np
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    bad = z.testzip()
    assert bad is None, "testzip: " + str(bad)
    for info in z.infolist():
        ids = []
        extra = info.extra
        while len(extra) >= 4:
            i, n = struct.unpack("<HH", extra[:4])
            ids.append(i)
            extra = extra[4 + n:]
        assert 0x706E in ids, (info.filename, ids)
with np.load(path) as d, np.load(sys.argv[2]) as ref:
    assert d.files == ["tiny", "exact", "one_over", "f8"], d.files
    for k in d.files:
        assert d[k].dtype == ref[k].dtype and d[k].tobytes() == ref[k].tobytes(), k
    assert d["tiny"].tolist() == [1, 2, 3, 4, 5]
print("ok")
)");
    // The reference: the same arrays STORED.
    const QString reference = mDir.filePath(QStringLiteral("interop_stored.npz"));
    const Status refSaved = saveNpz(reference, boundaryMembers(), SaveFormat::NpzStored, {});
    QVERIFY2(refSaved.ok(), qPrintable(refSaved.error()));
    QString out;
    const bool ran = npytest::runPython(code, {path, reference}, &out);
    QVERIFY2(ran && out.contains(QLatin1String("ok")), qPrintable(out));
    // The bytes themselves, against ours.
    auto ours = openSource(path);
    QVERIFY2(ours.ok(), qPrintable(ours.error()));
    const QList<SaveMember> members = boundaryMembers();
    for (int i = 0; i < members.size(); ++i) {
        auto a = ours.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QVERIFY(std::memcmp(a.value().data(), members[i].array.data(), size_t(members[i].array.nbytes())) == 0);
    }
}

QTEST_GUILESS_MAIN(TestChunkIndex)
#include "tst_chunkindex.moc"
