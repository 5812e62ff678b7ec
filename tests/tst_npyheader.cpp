#include "testdata.h"

#include "npyfile.h"
#include "npyheader.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace npy;
using namespace npytest;

class TestNpyHeader : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void fixtures_data();
    void fixtures();
    void writerMatchesNumpy_data();
    void writerMatchesNumpy();
    void hostile_data();
    void hostile();
    void needMore();
    void versionChoice_data();
    void versionChoice();
    void workedExample();
};

void TestNpyHeader::fixtures_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : manifest(QStringLiteral("npy/expected.json")))
        QTest::newRow(qPrintable(v[QStringLiteral("file")].toString())) << v.toObject();
}

void TestNpyHeader::fixtures()
{
    QFETCH(QJsonObject, entry);
    const QString path = dataPath(QStringLiteral("npy/") + entry[QStringLiteral("file")].toString());
    Result<NpyHeader> header = readNpyHeaderFile(path);
    QVERIFY2(header.ok(), qPrintable(header.error()));
    const NpyHeader &h = header.value();
    // Laid out as np.save writes it, by this NumPy or an older one (the legacy files: 16-byte alignment, none);
    // the hand-written layouts no np.save writes (keys in another order, no newline) are not.
    const QString file = entry[QStringLiteral("file")].toString();
    QCOMPARE(h.numpyLayout, !isHandWritten(file) || file.startsWith(QLatin1String("legacy_")));
    QCOMPARE(h.shape, shapeOf(entry[QStringLiteral("shape")]));
    QCOMPARE(h.fortranOrder, entry[QStringLiteral("fortran_order")].toBool());
    QCOMPARE(h.major, entry[QStringLiteral("version")].toArray().at(0).toInt());
    QCOMPARE(h.dataOffset, qint64(entry[QStringLiteral("data_offset")].toDouble()));
    QCOMPARE(h.dtype.itemSize, qint64(entry[QStringLiteral("itemsize")].toDouble()));
    QCOMPARE(h.dataBytes, qint64(entry[QStringLiteral("nbytes")].toDouble()));
    const QString descr = entry[QStringLiteral("descr")].toString();
    if (h.isPickled()) {
        QVERIFY(descr.contains(QLatin1String("O")));
        Result<NpyArray> array = readNpyFile(path);
        QVERIFY(!array.ok());
        QVERIFY2(array.error().contains(QLatin1String("pickled object array")), qPrintable(array.error()));
        return;
    }
    // The descr we would write is NumPy's, quotes aside for plain type strings.
    const QString ours = h.dtype.kind == Kind::Struct ? h.dtype.descr() : h.dtype.typeString();
    QCOMPARE(ours, descr);
    Result<NpyArray> array = readNpyFile(path);
    QVERIFY2(array.ok(), qPrintable(array.error()));
    QCOMPARE(array->nbytes(), h.dataBytes);
    QCOMPARE(array->isMapped(), h.dataBytes > 0);
}

void TestNpyHeader::writerMatchesNumpy_data()
{
    fixtures_data();
}

void TestNpyHeader::writerMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    const QString file = entry[QStringLiteral("file")].toString();
    if (isHandWritten(file))
        QSKIP("hand-written layout that np.save never produces");
    if (entry[QStringLiteral("what")].toString().contains(QLatin1String("forced")))
        QSKIP("a version forced by the writer, not the one np.save chooses");
    QFile f(dataPath(QStringLiteral("npy/") + file));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    NpyHeader h;
    QString error;
    QCOMPARE(parseNpyHeader(bytes.constData(), bytes.size(), &h, &error), HeaderParse::Ok);
    Result<QByteArray> ours = buildNpyHeader(h.dtype, h.shape, h.fortranOrder);
    QVERIFY2(ours.ok(), qPrintable(ours.error()));
    QCOMPARE(ours.value(), bytes.left(qsizetype(h.dataOffset)));
}

void TestNpyHeader::hostile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("mayLoad");
    // Deliberate differences from NumPy 1.24: we take headers far over 10000 characters and up to 64 dimensions.
    const QStringList lenient = {QStringLiteral("header_spaces_20000.npy"), QStringLiteral("shape_ndim_33.npy")};
    for (const QJsonValue &v : manifest(QStringLiteral("hostile/manifest.json"))) {
        const QJsonObject o = v.toObject();
        const QString file = o[QStringLiteral("file")].toString();
        // What NumPy loads we may load or refuse (we are stricter: no duplicate keys, hex or
        // concatenated literals); what NumPy refuses we refuse too.
        const bool mayLoad = o[QStringLiteral("numpy_loads")].toBool() || lenient.contains(file);
        QTest::newRow(qPrintable(file)) << file << mayLoad;
    }
}

void TestNpyHeader::hostile()
{
    QFETCH(QString, file);
    QFETCH(bool, mayLoad);
    const QString path = dataPath(QStringLiteral("hostile/") + file);
    Result<NpyArray> array = readNpyFile(path);
    if (array.ok()) {
        QVERIFY2(mayLoad, "a file NumPy refuses was accepted");
        return;
    }
    QVERIFY2(array.error().startsWith(path + QStringLiteral(": ")), qPrintable(array.error()));
    QVERIFY(array.error().size() > path.size() + 10);
    QVERIFY(!array.error().contains(QLatin1Char('\n')));
}

void TestNpyHeader::needMore()
{
    QFile f(dataPath(QStringLiteral("npy/f8_le.npy")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    NpyHeader h;
    QString error;
    qint64 needed = 0;
    QCOMPARE(parseNpyHeader(bytes.constData(), 4, &h, &error, &needed), HeaderParse::NeedMore);
    QCOMPARE(needed, qint64(8));
    QCOMPARE(parseNpyHeader(bytes.constData(), 9, &h, &error, &needed), HeaderParse::NeedMore);
    QCOMPARE(needed, qint64(10));
    QCOMPARE(parseNpyHeader(bytes.constData(), 20, &h, &error, &needed), HeaderParse::NeedMore);
    QCOMPARE(needed, qint64(128));
    QCOMPARE(parseNpyHeader(bytes.constData(), 128, &h, &error, &needed), HeaderParse::Ok);
    QCOMPARE(parseNpyHeader("\x93NUMPX", 6, &h, &error, &needed), HeaderParse::Error);
}

void TestNpyHeader::versionChoice_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<int>("repeat");
    QTest::addColumn<int>("major");
    QTest::newRow("ascii") << QStringLiteral("x") << 1 << 1;
    QTest::newRow("latin-1") << QStringLiteral("\u00e9") << 1 << 1;
    QTest::newRow("cjk gives v3") << QStringLiteral("\u5b57") << 1 << 3;
    QTest::newRow("long latin-1 gives v2") << QStringLiteral("abcdefghij") << 7000 << 2;
}

void TestNpyHeader::versionChoice()
{
    QFETCH(QString, fieldName);
    QFETCH(int, repeat);
    QFETCH(int, major);
    DType t;
    t.kind = Kind::Struct;
    for (int i = 0; i < repeat; ++i) {
        Field f;
        f.name = fieldName + (repeat > 1 ? QString::number(i) : QString());
        QString error;
        QVERIFY(DType::fromTypeString(QStringLiteral("<f4"), &f.type, &error));
        f.offset = t.itemSize;
        t.itemSize += 4;
        t.fields.push_back(f);
    }
    Result<QByteArray> header = buildNpyHeader(t, {3}, false);
    QVERIFY(header.ok());
    QCOMPARE(int(header->at(6)), major);
    QCOMPARE(header->size() % 64, 0);
    NpyHeader back;
    QString error;
    QCOMPARE(parseNpyHeader(header->constData(), header->size(), &back, &error), HeaderParse::Ok);
    QVERIFY(back.dtype == t);
}

void TestNpyHeader::workedExample()
{
    // NumPy's format (numpy.lib.format, version 1.0): f8 shape (3,) gives HEADER_LEN 118 and data at byte 128;
    // 0-d has no growth padding.
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    Result<QByteArray> h = buildNpyHeader(f8, {3}, false);
    QVERIFY(h.ok());
    QCOMPARE(h->size(), 128);
    QCOMPARE(h->mid(8, 2), QByteArray("v\x00", 2));
    QVERIFY(h->contains("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" + QByteArray(20 + 40, ' ') + '\n'));
    Result<QByteArray> scalar = buildNpyHeader(f8, {}, false);
    QVERIFY(scalar->contains("'shape': (), }" + QByteArray(62, ' ') + '\n'));
}

QTEST_GUILESS_MAIN(TestNpyHeader)
#include "tst_npyheader.moc"
