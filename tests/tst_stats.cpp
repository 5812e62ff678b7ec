#include "testdata.h"

#include "npyfile.h"
#include "opensource.h"
#include "source.h"
#include "stats.h"

#include <QDir>
#include <QTest>
#include <QtEndian>

#include <cmath>

using namespace npy;
using namespace npytest;

class TestStats : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void agreesWithNumpy_data();
    void agreesWithNumpy();
    void piecesMaySplitElements_data();
    void piecesMaySplitElements();
    void accurateWithLargeMean();
    void exactIntegerExtremes_data();
    void exactIntegerExtremes();
    void nonNumeric();
    void streamedArchiveMembers_data();
    void streamedArchiveMembers();
};

void TestStats::streamedArchiveMembers_data()
{
    QTest::addColumn<QString>("archive");
    QTest::newRow("demo, deflated") << QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo.npz");
    const QDir npz(dataPath(QStringLiteral("npz")));
    for (const QString &name : npz.entryList({QStringLiteral("*.npz")}))
        QTest::newRow(qPrintable(name)) << npz.filePath(name);
}

void TestStats::streamedArchiveMembers()
{
    // Streaming a member (bounded memory, CRC checked) gives what loading it whole gives.
    QFETCH(QString, archive);
    auto source = openSource(archive);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    int compared = 0;
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const MemberInfo &m = source.value()->members()[i];
        if (!m.isArray || !m.error.isEmpty())
            continue;
        Result<NpyArray> array = source.value()->load(i);
        QVERIFY2(array.ok(), qPrintable(array.error()));
        qint64 streamed = 0;
        QByteArray bytes;
        Status st = source.value()->readData(i, [&](const uchar *p, qint64 n) {
            bytes.append(reinterpret_cast<const char *>(p), qsizetype(n));
            streamed += n;
            return true;
        });
        QVERIFY2(st.ok(), qPrintable(st.error()));
        QCOMPARE(streamed, array->nbytes());
        QVERIFY(bytes == QByteArray::fromRawData(reinterpret_cast<const char *>(array->data()), qsizetype(array->nbytes())));
        Result<ArrayStats> s = computeStats(*source.value(), i);
        QVERIFY(s.ok());
        const ArrayStats whole = computeStats(array.value());
        QCOMPARE(s->count, whole.count);
        QCOMPARE(s->nanCount, whole.nanCount);
        ++compared;
    }
    QVERIFY(compared > 0 || archive.endsWith(QLatin1String("empty.npz")));
}

void TestStats::agreesWithNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : manifest(QStringLiteral("npy/expected.json")))
        if (v.toObject().contains(QStringLiteral("mean")))
            QTest::newRow(qPrintable(v[QStringLiteral("file")].toString())) << v.toObject();
}

void TestStats::agreesWithNumpy()
{
    QFETCH(QJsonObject, entry);
    auto source = openSource(dataPath(QStringLiteral("npy/") + entry[QStringLiteral("file")].toString()));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    Result<ArrayStats> s = computeStats(*source.value(), 0);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QVERIFY(s->numeric);
    QCOMPARE(s->count, qint64(entry[QStringLiteral("count")].toDouble()));
    QCOMPARE(s->nanCount, qint64(entry[QStringLiteral("nan_count")].toDouble()));
    QCOMPARE(s->infCount, qint64(entry[QStringLiteral("inf_count")].toDouble()));
    const QList<std::pair<const char *, double>> got = {{"min", s->min}, {"max", s->max}, {"mean", s->mean}, {"std", s->std}};
    for (const auto &[key, value] : got) {
        const QJsonValue e = entry[QLatin1String(key)];
        const double want = e.isNull() ? std::nan("") : e.toString().toDouble();
        if (std::isnan(want))
            QVERIFY2(std::isnan(value), key);
        else if (std::isinf(want))
            QCOMPARE(value, want);
        else
            QVERIFY2(std::fabs(value - want) <= 1e-9 * std::max(1.0, std::fabs(want)),
                     qPrintable(QStringLiteral("%1: %2 vs NumPy's %3").arg(QLatin1String(key)).arg(value, 0, 'g', 17).arg(want, 0, 'g', 17)));
    }
    // The same numbers from the array in memory.
    Result<NpyArray> array = readNpyFile(source.value()->path());
    QVERIFY(array.ok());
    const ArrayStats mem = computeStats(array.value());
    QCOMPARE(mem.nanCount, s->nanCount);
    QVERIFY(mem.min == s->min || (std::isnan(mem.min) && std::isnan(s->min)));
}

void TestStats::piecesMaySplitElements_data()
{
    QTest::addColumn<int>("piece");
    QTest::newRow("1 byte") << 1;
    QTest::newRow("3 bytes") << 3;
    QTest::newRow("7 bytes") << 7;
    QTest::newRow("1 MiB") << (1 << 20);
}

void TestStats::piecesMaySplitElements()
{
    QFETCH(int, piece);
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral(">f8"), &f8, &error));
    QByteArray data;
    double sum = 0;
    for (int i = 0; i < 1000; ++i) {
        const double v = i * 0.5 - 100;
        sum += v;
        quint64 bits;
        std::memcpy(&bits, &v, 8);
        bits = qToBigEndian(bits);
        data.append(reinterpret_cast<const char *>(&bits), 8);
    }
    StatsAccumulator acc(f8);
    for (qsizetype at = 0; at < data.size(); at += piece)
        acc.add(reinterpret_cast<const uchar *>(data.constData()) + at, std::min<qsizetype>(piece, data.size() - at));
    const ArrayStats s = acc.result();
    QCOMPARE(s.count, qint64(1000));
    QCOMPARE(s.min, -100.0);
    QCOMPARE(s.max, 399.5);
    QCOMPARE(s.mean, sum / 1000);
}

void TestStats::exactIntegerExtremes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("min");
    QTest::addColumn<QString>("max");
    auto bytes = [](std::initializer_list<quint64> values, bool big) {
        QByteArray out;
        for (quint64 v : values) {
            const quint64 w = big ? qToBigEndian(v) : qToLittleEndian(v);
            out.append(reinterpret_cast<const char *>(&w), 8);
        }
        return out;
    };
    // np.array([2**62 + 1, -5, 2**63 - 1], '>i8').min() / .max(), exact (as doubles 2**63 - 1 is 2**63).
    QTest::newRow(">i8 near 2^63") << QStringLiteral(">i8")
                                   << bytes({(quint64(1) << 62) + 1, quint64(-5), 0x7fffffffffffffffULL}, true)
                                   << QStringLiteral("-5") << QStringLiteral("9223372036854775807");
    QTest::newRow("<u8 max") << QStringLiteral("<u8") << bytes({~quint64(0), 3, ~quint64(0) - 1}, false)
                             << QStringLiteral("3") << QStringLiteral("18446744073709551615");
    QTest::newRow("<i8 min") << QStringLiteral("<i8") << bytes({0x8000000000000000ULL, 7}, false)
                             << QStringLiteral("-9223372036854775808") << QStringLiteral("7");
    QTest::newRow("<i2") << QStringLiteral("<i2") << QByteArray("\x07\x00\xfe\xff", 4) << QStringLiteral("-2")
                         << QStringLiteral("7");
    QTest::newRow("bool") << QStringLiteral("|b1") << QByteArray("\x00\x01\x01", 3) << QStringLiteral("0")
                          << QStringLiteral("1");
    QTest::newRow("<f4 stays a float") << QStringLiteral("<f4") << QByteArray("\x00\x00\x80\x3f", 4)
                                       << QStringLiteral("1.0") << QStringLiteral("1.0");
}

void TestStats::exactIntegerExtremes()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, data);
    QFETCH(QString, min);
    QFETCH(QString, max);
    DType t;
    QString error;
    QVERIFY2(DType::fromTypeString(type, &t, &error), qPrintable(error));
    StatsAccumulator acc(t);
    acc.add(reinterpret_cast<const uchar *>(data.constData()), data.size());
    QMap<QString, QString> fields;
    for (const StatsField &f : statsFields(acc.result(), t))
        fields.insert(f.key, f.value);
    QCOMPARE(fields.value(QStringLiteral("min")), min);
    QCOMPARE(fields.value(QStringLiteral("max")), max);
    QCOMPARE(fields.value(QStringLiteral("finite_min")), min);
    QCOMPARE(fields.value(QStringLiteral("finite_max")), max);
    // Decoded values (a selection of cells) have no dtype to be exact about: doubles as before.
    const double values[] = {1, 2};
    QCOMPARE(statsFields(computeStats(values, 2), t).at(1).value, QStringLiteral("1.0"));
}

void TestStats::accurateWithLargeMean()
{
    // A naive sum of squares loses every digit here; blockwise two-pass sums do not.
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    std::vector<double> values(100000);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = 1e9 + ((i % 2) ? 1.0 : -1.0);
    StatsAccumulator acc(f8);
    acc.add(reinterpret_cast<const uchar *>(values.data()), qint64(values.size() * 8));
    const ArrayStats s = acc.result();
    QVERIFY2(std::fabs(s.std - 1.0) < 1e-9, qPrintable(QString::number(s.std, 'g', 17)));
    QCOMPARE(s.mean, 1e9);
}

void TestStats::nonNumeric()
{
    auto source = openSource(dataPath(QStringLiteral("npy/bytes_S5.npy")));
    QVERIFY(source.ok());
    Result<ArrayStats> s = computeStats(*source.value(), 0);
    QVERIFY(s.ok());
    QVERIFY(!s->numeric);
    QVERIFY(s->count > 0);
}

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
