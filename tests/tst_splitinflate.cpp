// core/splitinflate: checking one DEFLATE stream written by others on two threads. The streams
// are made here by zlib at the level Python's zipfile (np.savez_compressed) uses; the split must
// confirm exactly the good ones and never a damaged one.
#include "splitinflate.h"
#include "deflate.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

#include <zlib.h>

using namespace npy;

class TestSplitInflate : public QObject
{
    Q_OBJECT

private slots:
    void findsTrueBoundaries();
    void verify_data();
    void verify();
};

namespace {

enum class Kind { NoisyFloats, ChainedCopies, Stored, Small };

QByteArray makeData(Kind kind)
{
    QRandomGenerator rng(11);
    if (kind == Kind::NoisyFloats || kind == Kind::Stored || kind == Kind::Small) {
        // float32 noise around a smooth wave, as bench_npz's field: about 92% of its size compressed.
        const qsizetype n = kind == Kind::Small ? 1 << 20 : 3 << 20;
        QByteArray bytes(n * 4, Qt::Uninitialized);
        for (qsizetype i = 0; i < n; ++i) {
            const float v = float(std::sin(double(i % 4096) / 300.0) + rng.generateDouble() * 0.1);
            std::memcpy(bytes.data() + i * 4, &v, 4);
        }
        return bytes;
    }
    // Each 32 KiB is the one before with an eighth of its bytes changed: most of the output copies
    // from 32 KiB back, so the second half's output depends on the unknown window for about a
    // megabyte (copies of copies), all of which is inflated again once the window is known.
    const qsizetype block = 32768, blocks = 720;
    QByteArray bytes(block * blocks, Qt::Uninitialized);
    for (qsizetype i = 0; i < block; ++i)
        bytes[i] = char(rng.bounded(16));
    for (qsizetype i = block; i < bytes.size(); ++i)
        bytes[i] = rng.bounded(8) == 0 ? char(rng.bounded(16)) : bytes[i - block];
    return bytes;
}

QByteArray rawDeflate(const QByteArray &data, int level)
{
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(qsizetype(deflateBound(&z, uLong(data.size()))), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

} // namespace

void TestSplitInflate::findsTrueBoundaries()
{
    // Every block zlib's inflate reports (Z_BLOCK) that is dynamic and not final is found when the
    // search starts at it; the search never steps over one.
    const QByteArray data = makeData(Kind::Small);
    const QByteArray stream = rawDeflate(data, 6);
    z_stream z{};
    inflateInit2(&z, -MAX_WBITS);
    QByteArray out(data.size(), Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(stream.constData()));
    z.avail_in = uInt(stream.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data());
    z.avail_out = uInt(out.size());
    const auto *bytes = reinterpret_cast<const uchar *>(stream.constData());
    int found = 0;
    qint64 previous = 0;
    for (;;) {
        const int ret = inflate(&z, Z_BLOCK);
        QVERIFY(ret == Z_OK || ret == Z_STREAM_END);
        if (ret == Z_STREAM_END)
            break;
        if ((z.data_type & 128) && !(z.data_type & 64)) {
            // At the end of a block: the next one starts data_type & 7 bits before next_in's byte.
            const qint64 bit = qint64(stream.size() - qint64(z.avail_in)) * 8 - (z.data_type & 7);
            if (bit / 8 + 1 >= stream.size())
                continue;
            const uchar first = quint8((bytes[bit / 8] >> (bit & 7)) | (bytes[bit / 8 + 1] << (8 - (bit & 7))));
            const bool dynamicNotFinal = (first & 7) == 4;
            if (dynamicNotFinal) {
                QCOMPARE(codec::findDynamicBlock(bytes, stream.size(), bit, stream.size() * 8), bit);
                ++found;
            }
            // Nothing plausible is skipped between two true boundaries either.
            const qint64 next = codec::findDynamicBlock(bytes, stream.size(), previous + 1, stream.size() * 8);
            QVERIFY(!dynamicNotFinal || (next >= 0 && next <= bit));
            previous = bit;
        }
    }
    inflateEnd(&z);
    QCOMPARE(out, data);
    QVERIFY2(found >= 20, qPrintable(QString::number(found)));
}

void TestSplitInflate::verify_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("damage");
    QTest::addColumn<bool>("confirmed");
    const auto noisy = int(Kind::NoisyFloats), chained = int(Kind::ChainedCopies);
    QTest::newRow("noisy floats, zlib 6") << noisy << 6 << QString() << true;
    QTest::newRow("noisy floats, zlib 1") << noisy << 1 << QString() << true;
    QTest::newRow("noisy floats, zlib 9") << noisy << 9 << QString() << true;
    QTest::newRow("copies from 32 KiB back to the end") << chained << 6 << QString() << true;
    QTest::newRow("a byte changed in the first half") << noisy << 6 << QStringLiteral("head") << false;
    QTest::newRow("a byte changed in the second half") << noisy << 6 << QStringLiteral("tail") << false;
    QTest::newRow("a byte changed near the end") << chained << 6 << QStringLiteral("end") << false;
    QTest::newRow("wrong CRC") << noisy << 6 << QStringLiteral("crc") << false;
    QTest::newRow("wrong size") << noisy << 6 << QStringLiteral("size") << false;
    QTest::newRow("cut short") << noisy << 6 << QStringLiteral("cut") << false;
    QTest::newRow("only stored blocks") << int(Kind::Stored) << 0 << QString() << false;
    QTest::newRow("under the minimum") << int(Kind::Small) << 6 << QString() << false;
    QTest::newRow("under the minimum, minimum lowered") << int(Kind::Small) << 6 << QStringLiteral("small") << true;
}

void TestSplitInflate::verify()
{
    QFETCH(int, kind);
    QFETCH(int, level);
    QFETCH(QString, damage);
    QFETCH(bool, confirmed);
    const QByteArray data = makeData(Kind(kind));
    QByteArray stream = rawDeflate(data, level);
    if (kind != int(Kind::Small))
        QVERIFY(stream.size() >= codec::kSplitInflateMinimum);
    quint32 crc = codec::crc32(0, data.constData(), data.size());
    qint64 size = data.size(), compressed = stream.size();
    if (damage == QLatin1String("head"))
        stream[stream.size() / 5] = char(stream[stream.size() / 5] ^ 0x10);
    else if (damage == QLatin1String("tail"))
        stream[stream.size() * 3 / 4] = char(stream[stream.size() * 3 / 4] ^ 0x10);
    else if (damage == QLatin1String("end"))
        stream[stream.size() - 100] = char(stream[stream.size() - 100] ^ 0x01);
    else if (damage == QLatin1String("crc"))
        crc ^= 1;
    else if (damage == QLatin1String("size"))
        ++size;
    else if (damage == QLatin1String("cut"))
        compressed -= 1000;
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("member.bin")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    // Other bytes before and after the stream, as in an archive.
    const QByteArray before(777, 'x'), after(4096, '\0');
    QVERIFY(f.write(before + stream + after) > 0);
    f.close();
    const qint64 minimum = damage == QLatin1String("small") ? 0 : codec::kSplitInflateMinimum;
    QCOMPARE(codec::verifyDeflateInTwo(f.fileName(), before.size(), compressed, size, crc, minimum), confirmed);
}

QTEST_GUILESS_MAIN(TestSplitInflate)
#include "tst_splitinflate.moc"
