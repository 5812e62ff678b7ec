// Random access into DEFLATED members through our chunk index (core/chunkindex, core/spanreader,
// Source::readDataRange): archives built here from NumPy-written members, cut into independently
// compressed spans as our writer cuts them, are read whole, by byte range and by NumPy slices, and
// every result is compared with the NumPy-written original. A damaged span fails only the reads
// that need it (proof that nothing else is inflated); a lying index is ignored.
#include "chunkindex.h"
#include "deflate.h"
#include "npzreader.h"
#include "opensource.h"
#include "pagedstore.h"
#include "selection.h"
#include "source.h"
#include "testdata.h"
#include "zipformat.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

namespace {

/** How to spoil the archive built by writeIndexed(). */
enum class Damage { None, CorruptSpan, WrongCrcs, WrongSizes };

/**
 * Writes \a members (name, .npy stream) as a DEFLATED archive whose members carry a chunk index of
 * \a span bytes per span. With Damage::CorruptSpan one byte inside span \a which of the first
 * member is flipped (the index stays as it was).
 */
void writeIndexed(const QString &path, const QList<std::pair<QString, QByteArray>> &members, qint64 span,
                  Damage damage = Damage::None, qint64 which = 0)
{
    QByteArray body, directory;
    bool first = true;
    for (const auto &[name, stream] : members) {
        zip::ChunkIndex index;
        index.spanSize = span;
        QByteArray data;
        for (qint64 at = 0; at < stream.size(); at += span) {
            const qint64 n = std::min<qint64>(span, stream.size() - at);
            const auto *p = reinterpret_cast<const uchar *>(stream.constData()) + at;
            QByteArray piece;
            QString error;
            QVERIFY2(codec::deflatePiece(p, n, at + n == stream.size(), codec::kDefaultLevel, &piece, &error),
                     qPrintable(error));
            if (first && damage == Damage::CorruptSpan && at / span == which)
                piece[piece.size() / 2] = char(piece[piece.size() / 2] ^ 0x5A);
            index.compressedSizes.append(quint32(piece.size()));
            index.crcs.append(codec::crc32(0, p, n) ^ (damage == Damage::WrongCrcs ? 1u : 0u));
            data += piece;
        }
        if (damage == Damage::WrongSizes)
            index.compressedSizes.last() += 1;
        zip::WrittenMember m;
        m.rawName = name.toUtf8();
        m.method = zip::Deflated;
        m.crc32 = codec::crc32(0, stream.constData(), stream.size());
        m.compressedSize = quint64(data.size());
        m.uncompressedSize = quint64(stream.size());
        m.localOffset = quint64(body.size());
        m.centralExtra = zip::encodeChunkIndex(index);
        body += zip::localHeader(m) + data;
        directory += zip::centralHeader(m);
        first = false;
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(body + directory + zip::endRecords(members.size(), body.size(), directory.size()));
}

/** The members of a NumPy-written archive, as (name, .npy stream). */
QList<std::pair<QString, QByteArray>> streamsOf(const QString &path)
{
    QList<std::pair<QString, QByteArray>> out;
    auto source = openSource(path);
    if (!source)
        qFatal("%s", qPrintable(source.error()));
    for (int i = 0; i < source.value()->members().size(); ++i)
        out.append({source.value()->members()[i].archiveName, source.value()->readRaw(i).value()});
    return out;
}

/** Data bytes [from, to) of member \a index read through readDataRange (or the error). */
Result<QByteArray> range(const Source &source, int index, qint64 from, qint64 to)
{
    QByteArray out;
    Status st = source.readDataRange(index, from, to, [&](const uchar *p, qint64 n) {
        out.append(reinterpret_cast<const char *>(p), n);
        return true;
    });
    if (!st)
        return Result<QByteArray>::failure(st.error());
    return out;
}

} // namespace

class TestSpanReader : public QObject
{
    Q_OBJECT

private slots:
    void format_data();
    void format();
    void wholeAndRanges_data();
    void wholeAndRanges();
    void slicesMatchNumpy_data();
    void slicesMatchNumpy();
    void damagedSpanFailsOnlyItsReads();
    void lyingIndexIgnored_data();
    void lyingIndexIgnored();
    void pagedLoad();
};

void TestSpanReader::format_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<quint64>("compressed");
    QTest::addColumn<quint64>("uncompressed");
    QTest::addColumn<QString>("error"); // empty: parses with 2 spans
    zip::ChunkIndex two;
    two.spanSize = 100;
    two.compressedSizes = {30, 20};
    two.crcs = {1, 2};
    const QByteArray good = zip::encodeChunkIndex(two);
    QTest::newRow("good") << good << quint64(50) << quint64(150) << QString();
    QTest::newRow("after another field") << ((QByteArray::fromHex("01000400") + "abcd") + good) << quint64(50)
                                         << quint64(150) << QString();
    QTest::newRow("sizes do not add up") << good << quint64(51) << quint64(150) << QStringLiteral("not 51");
    QTest::newRow("too few spans for the size") << good << quint64(50) << quint64(201)
                                                << QStringLiteral("do not make");
    QTest::newRow("too many spans for the size") << good << quint64(50) << quint64(100)
                                                 << QStringLiteral("do not make");
    QByteArray version = good;
    version[4] = 2;
    QTest::newRow("unknown version") << version << quint64(50) << quint64(150) << QStringLiteral("version");
    QTest::newRow("truncated field") << good.left(good.size() - 3) << quint64(50) << quint64(150)
                                     << QStringLiteral("corrupt");
    QByteArray count = good;
    count[10] = 3;
    QTest::newRow("count disagrees with length") << count << quint64(50) << quint64(150)
                                                 << QStringLiteral("inconsistent");
}

void TestSpanReader::format()
{
    QFETCH(QByteArray, field);
    QFETCH(quint64, compressed);
    QFETCH(quint64, uncompressed);
    QFETCH(QString, error);
    const auto *p = reinterpret_cast<const uchar *>(field.constData());
    const Result<zip::ChunkIndex> index = zip::parseChunkIndex(p, field.size(), compressed, uncompressed);
    if (error.isEmpty()) {
        QVERIFY2(index.ok(), qPrintable(index.error()));
        QCOMPARE(index->count(), 2);
        QCOMPARE(index->spanSize, 100);
        QCOMPARE(index->compressedSizes, (QList<quint32>{30, 20}));
        QCOMPARE(index->crcs, (QList<quint32>{1, 2}));
    } else {
        QVERIFY(!index.ok());
        QVERIFY2(index.error().contains(error), qPrintable(index.error()));
    }
    // No field of ours: an empty index, not an error.
    const QByteArray other = QByteArray::fromHex("01000400") + "abcd";
    const auto none = zip::parseChunkIndex(reinterpret_cast<const uchar *>(other.constData()), other.size(), 1, 1);
    QVERIFY(none.ok() && none->isEmpty());
}

void TestSpanReader::wholeAndRanges_data()
{
    QTest::addColumn<qint64>("span");
    QTest::newRow("64-byte spans") << qint64(64);
    QTest::newRow("4 KiB spans") << qint64(4096);
    QTest::newRow("100000-byte spans") << qint64(100000);
    QTest::newRow("one span") << (qint64(1) << 30);
}

void TestSpanReader::wholeAndRanges()
{
    QFETCH(qint64, span);
    const QString original = npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("indexed.npz"));
    writeIndexed(path, streamsOf(original), span);
    auto reference = openSource(original);
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    QCOMPARE(source.value()->members().size(), reference.value()->members().size());
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const Result<NpyArray> a = source.value()->load(i);
        const Result<NpyArray> b = reference.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(a->nbytes(), b->nbytes());
        QVERIFY(std::memcmp(a->data(), b->data(), size_t(a->nbytes())) == 0);
        const QByteArray all(reinterpret_cast<const char *>(b->data()), b->nbytes());
        const qint64 n = all.size();
        const QList<std::pair<qint64, qint64>> ranges{{0, 10}, {span - 3, span + 5}, {n - 7, n}, {0, n},
                                                      {n / 3, 2 * n / 3}, {5, 5}, {n - 1, n + 100}};
        for (const auto &[from, to] : ranges) {
            const Result<QByteArray> got = range(*source.value(), i, from, to);
            QVERIFY2(got.ok(), qPrintable(got.error()));
            const qint64 a0 = std::clamp<qint64>(from, 0, n), b0 = std::clamp<qint64>(to, a0, n);
            QCOMPARE(got.value(), all.mid(a0, b0 - a0));
        }
    }
}

void TestSpanReader::slicesMatchNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(npytest::dataPath(QStringLiteral("print/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("cases")].toArray();
    for (const QJsonValue &v : cases)
        if (v[QStringLiteral("file")].toString() == QLatin1String("p.npz"))
            QTest::newRow(qPrintable(QStringLiteral("%1 [%2]").arg(v[QStringLiteral("member")].toString(),
                                                                   v[QStringLiteral("slice")].toString())))
                << v.toObject();
}

void TestSpanReader::slicesMatchNumpy()
{
    QFETCH(QJsonObject, entry);
    // NumPy's archive (the reference, checked against NumPy by tst_selection) and the same members
    // in 40-byte spans: ten 4-byte elements per span, so slices start and end inside spans.
    const QString original = npytest::dataPath(QStringLiteral("print/p.npz"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.npz"));
    writeIndexed(path, streamsOf(original), 40);
    auto reference = openSource(original);
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    const QString member = entry[QStringLiteral("member")].toString();
    const int index = source.value()->indexOf(member);
    QVERIFY(index >= 0);
    QList<AxisSelection> axes;
    QString why;
    QVERIFY(parseBasicIndex(entry[QStringLiteral("slice")].toString(), source.value()->members()[index].header.shape,
                            &axes, &why));
    const Result<NpyArray> got = selectElements(*source.value(), index, axes);
    const Result<NpyArray> want = selectElements(*reference.value(), reference.value()->indexOf(member), axes);
    QVERIFY2(got.ok(), qPrintable(got.error()));
    QVERIFY(want.ok());
    QCOMPARE(got->shape(), npytest::shapeOf(entry[QStringLiteral("shape")]));
    QCOMPARE(got->nbytes(), want->nbytes());
    QVERIFY(std::memcmp(got->data(), want->data(), size_t(got->nbytes())) == 0);
}

void TestSpanReader::damagedSpanFailsOnlyItsReads()
{
    const QString original = npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.npz"));
    constexpr qint64 kSpan = 4096;
    constexpr qint64 kBad = 5; // uncompressed stream bytes 20480..24575
    writeIndexed(path, streamsOf(original), kSpan, Damage::CorruptSpan, kBad);
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    const qint64 header = source.value()->members()[0].header.dataOffset;
    // Ranges in other spans read fine: the damaged one is never inflated.
    QVERIFY(range(*source.value(), 0, 0, 100).ok());
    QVERIFY(range(*source.value(), 0, (kBad + 1) * kSpan - header, (kBad + 3) * kSpan - header).ok());
    // A range inside it fails, naming the span, as do a whole read and a load.
    const Result<QByteArray> bad = range(*source.value(), 0, kBad * kSpan - header + 10, kBad * kSpan - header + 20);
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().contains(QStringLiteral("span 5")) && bad.error().contains(QStringLiteral("damaged.npz")),
             qPrintable(bad.error()));
    QVERIFY(!source.value()->readData(0, [](const uchar *, qint64) { return true; }).ok());
    QVERIFY(!source.value()->load(0).ok());
    // The other member is intact.
    QVERIFY(source.value()->load(1).ok());
}

void TestSpanReader::lyingIndexIgnored_data()
{
    QTest::addColumn<int>("damage");
    QTest::newRow("CRCs that do not combine to the member's") << int(Damage::WrongCrcs);
    QTest::newRow("sizes that do not add up") << int(Damage::WrongSizes);
}

void TestSpanReader::lyingIndexIgnored()
{
    QFETCH(int, damage);
    const QString original = npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lying.npz"));
    writeIndexed(path, streamsOf(original), 4096, Damage(damage));
    auto reference = openSource(original);
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    // Were the index used, its CRCs or offsets would fail these reads; ignored, the member reads from its start.
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const Result<NpyArray> a = source.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        const Result<NpyArray> b = reference.value()->load(i);
        QVERIFY(std::memcmp(a->data(), b->data(), size_t(a->nbytes())) == 0);
        const Result<QByteArray> tail = range(*source.value(), i, a->nbytes() - 9, a->nbytes());
        QVERIFY2(tail.ok(), qPrintable(tail.error()));
        QCOMPARE(tail.value(), QByteArray(reinterpret_cast<const char *>(b->data()) + b->nbytes() - 9, 9));
    }
}

void TestSpanReader::pagedLoad()
{
    // Members above the inflate budget are paged in span by span (read-only), equal to NumPy's.
    if (!PagedStore::available())
        QSKIP("userfaultfd is not allowed on this system");
    const QString original = npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("indexed.npz"));
    writeIndexed(path, streamsOf(original), 3000); // spans across the 1 MiB blocks' edges
    auto reference = openSource(original);
    auto source = openSource(path);
    setInflateBudget(1024);
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const Result<NpyArray> a = source.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QVERIFY(a->isReadOnly());
        const Result<NpyArray> b = reference.value()->load(i);
        QCOMPARE(a->nbytes(), b->nbytes());
        QVERIFY(std::memcmp(a->data(), b->data(), size_t(a->nbytes())) == 0);
    }
    setInflateBudget(0);
}

QTEST_GUILESS_MAIN(TestSpanReader)
#include "tst_spanreader.moc"
