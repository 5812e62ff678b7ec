// The pickle reader against tests/data/pickle (gen_pickle_fixtures.py): NumPy-written object arrays
// read to the TREE Python computed from the objects, the arrays inside byte-identical to np.save,
// and every hand-written hostile pickle refused by name or limit with its byte offset.

#include "testdata.h"

#include "npyfile.h"
#include "npyheader.h"
#include "opensource.h"
#include "pickle.h"
#include "source.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace npy;
using namespace npytest;

namespace {

QJsonObject pickleManifest()
{
    QFile f(dataPath(QStringLiteral("pickle/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open pickle/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

Result<PickleTree> readMember(const QString &file, const QString &member)
{
    auto source = openSource(dataPath(QStringLiteral("pickle/") + file));
    if (!source)
        return Result<PickleTree>::failure(source.error());
    const int index = source.value()->format() == FileFormat::Npy ? 0 : source.value()->indexOf(member);
    if (index < 0)
        return Result<PickleTree>::failure(QStringLiteral("no member ") + member);
    return readPickledMember(*source.value(), index);
}

Result<PickleTree> readBytes(const QByteArray &bytes)
{
    return readPickle(bytes.constData(), bytes.size());
}

} // namespace

class TestPickle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numpyFiles_data();
    void numpyFiles();
    void hostile_data();
    void hostile();
    void bigIntegersAreExact_data();
    void bigIntegersAreExact();
    void sharedValuesShowAtEachPlace();
    void builtinsAsValues_data();
    void builtinsAsValues();
    void limits_data();
    void limits();
    void fuzzFindings_data();
    void fuzzFindings();
};

void TestPickle::numpyFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QJsonObject>("member");
    const QJsonArray good = pickleManifest().value(QStringLiteral("good")).toArray();
    QVERIFY(good.size() >= 15);
    for (const QJsonValue &g : good) {
        const QString file = g[QStringLiteral("file")].toString();
        for (const QJsonValue &m : g[QStringLiteral("members")].toArray())
            QTest::newRow(qPrintable(file + QLatin1Char(':') + m[QStringLiteral("name")].toString()))
                << file << m.toObject();
    }
}

void TestPickle::numpyFiles()
{
    QFETCH(QString, file);
    QFETCH(QJsonObject, member);
    QElapsedTimer timer;
    timer.start();
    Result<PickleTree> tree = readMember(file, member[QStringLiteral("name")].toString());
    QVERIFY2(tree.ok(), qPrintable(tree.error()));
    const QByteArray json = pickleJson(tree.value(), tree->root());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QString::fromUtf8(json.left(200))));
    const QJsonObject expected = member[QStringLiteral("object")].toObject();
    if (doc.object() != expected) {
        qWarning("ours:     %s", json.left(3000).constData());
        qWarning("expected: %s", QJsonDocument(expected).toJson(QJsonDocument::Compact).left(3000).constData());
    }
    QCOMPARE(doc.object(), expected);
    QCOMPARE(doc.object().value(QStringLiteral("type")).toString(), QStringLiteral("ndarray"));
    QCOMPARE(doc.object().value(QStringLiteral("dtype")).toString(), QStringLiteral("|O"));

    // The arrays inside, in order, with their paths, byte-identical to np.save of each.
    const QList<PickleArray> arrays = pickleArrays(tree.value());
    const QJsonArray want = member[QStringLiteral("arrays")].toArray();
    QCOMPARE(arrays.size(), want.size());
    for (qsizetype i = 0; i < arrays.size(); ++i) {
        QStringList path;
        for (const QJsonValue &p : want[i][QStringLiteral("path")].toArray())
            path << p.toString();
        QCOMPARE(arrays[i].path, path);
        Result<NpyArray> array = pickleNodeArray(tree.value(), arrays[i].node);
        QVERIFY2(array.ok(), qPrintable(array.error()));
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(writeNpy(&buffer, array.value()).ok());
        QCOMPARE(QCryptographicHash::hash(buffer.data(), QCryptographicHash::Sha256).toHex(),
                 want[i][QStringLiteral("sha256")].toString().toLatin1());
    }
    QVERIFY(timer.elapsed() < 10000);
}

void TestPickle::hostile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("refuse");
    const QJsonArray hostile = pickleManifest().value(QStringLiteral("hostile")).toArray();
    QVERIFY(hostile.size() >= 15);
    for (const QJsonValue &h : hostile)
        QTest::newRow(qPrintable(h[QStringLiteral("file")].toString()))
            << h[QStringLiteral("file")].toString() << h[QStringLiteral("refuse")].toString();
}

void TestPickle::hostile()
{
    QFETCH(QString, file);
    QFETCH(QString, refuse);
    QElapsedTimer timer;
    timer.start();
    auto source = openSource(dataPath(QStringLiteral("pickle/") + file));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    int refused = 0;
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const MemberInfo &m = source.value()->members()[i];
        if (!m.isArray || !m.header.isPickled())
            continue;
        Result<PickleTree> tree = readPickledMember(*source.value(), i);
        if (tree.ok())
            QFAIL(qPrintable(file + QStringLiteral(" was read: ")
                             + QString::fromUtf8(pickleJson(tree.value(), tree->root()).left(200))));
        QVERIFY2(tree.error().contains(refuse), qPrintable(tree.error()));
        QVERIFY2(tree.error().contains(QLatin1String("at byte")), qPrintable(tree.error()));
        ++refused;
    }
    QVERIFY(refused > 0);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

void TestPickle::bigIntegersAreExact_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("LONG1 2**70") << QByteArray("\x80\x02\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x00\x40.", 14)
                                 << QByteArray("{\"type\":\"int\",\"value\":1180591620717411303424}");
    QTest::newRow("LONG1 -2**70-1") << QByteArray("\x80\x02\x8a\x09\xff\xff\xff\xff\xff\xff\xff\xff\xbf.", 14)
                                    << QByteArray("{\"type\":\"int\",\"value\":-1180591620717411303425}");
    QTest::newRow("LONG1 zero bytes") << QByteArray("\x80\x02\x8a\x00.", 5) << QByteArray("{\"type\":\"int\",\"value\":0}");
    QTest::newRow("LONG1 -1") << QByteArray("\x80\x02\x8a\x01\xff.", 6) << QByteArray("{\"type\":\"int\",\"value\":-1}");
    QTest::newRow("LONG1 128") << QByteArray("\x80\x02\x8a\x02\x80\x00.", 7) << QByteArray("{\"type\":\"int\",\"value\":128}");
    QTest::newRow("BININT -2") << QByteArray("\x80\x02J\xfe\xff\xff\xff.", 8) << QByteArray("{\"type\":\"int\",\"value\":-2}");
    QTest::newRow("protocol 0 LONG") << QByteArray("L-0099999999999999999999L\n.")
                                     << QByteArray("{\"type\":\"int\",\"value\":-99999999999999999999}");
    QTest::newRow("protocol 0 True") << QByteArray("I01\n.") << QByteArray("{\"type\":\"bool\",\"value\":true}");
    QTest::newRow("float 1.0") << QByteArray("F1.0\n.") << QByteArray("{\"type\":\"float\",\"value\":1.0}");
    QTest::newRow("float nan") << QByteArray("Fnan\n.") << QByteArray("{\"type\":\"float\",\"value\":NaN}");
    QTest::newRow("unicode escape") << QByteArray("V\\u20ac\\x\n.")
                                    << QByteArray("{\"type\":\"str\",\"value\":\"\xe2\x82\xac\\\\x\"}");
}

void TestPickle::bigIntegersAreExact()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QByteArray, json);
    Result<PickleTree> tree = readBytes(pickle);
    QVERIFY2(tree.ok(), qPrintable(tree.error()));
    QCOMPARE(pickleJson(tree.value(), tree->root()), json);
}

void TestPickle::sharedValuesShowAtEachPlace()
{
    // [L, L] where L = [1]: memoized once, shown twice; not a self-reference.
    const QByteArray p("\x80\x02](]q\x01" "K\x01" "a" "h\x01" "e.", 14);
    Result<PickleTree> tree = readBytes(p);
    QVERIFY2(tree.ok(), qPrintable(tree.error()));
    QCOMPARE(pickleJson(tree.value(), tree->root()),
             QByteArray("{\"type\":\"list\",\"items\":[{\"type\":\"list\",\"items\":[{\"type\":\"int\",\"value\":1}]},"
                        "{\"type\":\"list\",\"items\":[{\"type\":\"int\",\"value\":1}]}]}"));
    QCOMPARE(tree->expandedCount(), qint64(5));
}

void TestPickle::builtinsAsValues_data()
{
    // A pickle, and the JSON it reads as (empty: refused, with the text in "refusal").
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("refusal");
    auto global = [](const char *name) {
        return QByteArray("{\"type\":\"global\",\"module\":\"builtins\",\"name\":\"") + name + "\"}";
    };
    QTest::newRow("Python 2 xrange") << QByteArray("c__builtin__\nxrange\n.") << global("range") << QString();
    QTest::newRow("Python 2 long") << QByteArray("c__builtin__\nlong\n.") << global("int") << QString();
    QTest::newRow("Python 2 unicode") << QByteArray("c__builtin__\nunicode\n.") << global("str") << QString();
    QTest::newRow("complex as a value") << QByteArray("\x80\x02" "cbuiltins\ncomplex\n.") << global("complex") << QString();
    QTest::newRow("Ellipsis") << QByteArray("\x80\x04\x8c\x08" "builtins\x8c\x08" "Ellipsis\x93.") << global("Ellipsis")
                              << QString();
    QTest::newRow("type(None)") << QByteArray("\x80\x03" "cbuiltins\ntype\nN\x85R.") << global("NoneType") << QString();
    QTest::newRow("type(NotImplemented)") << QByteArray("\x80\x03" "cbuiltins\ntype\ncbuiltins\nNotImplemented\n\x85R.")
                                          << global("NotImplementedType") << QString();
    // The same builtin twice as a dict key: one key, the last value (as Python's dict has it).
    QTest::newRow("builtin as a dict key")
        << QByteArray("\x80\x02}(cbuiltins\nrange\nK\x01" "cbuiltins\nrange\nK\x02u.")
        << QByteArray("{\"type\":\"dict\",\"items\":[{\"key\":") + global("range")
               + ",\"value\":{\"type\":\"int\",\"value\":2}}]}"
        << QString();
    // A Python 2 str: text when ASCII, bytes otherwise.
    QTest::newRow("Python 2 ASCII str") << QByteArray("U\x02" "ab.") << QByteArray("{\"type\":\"str\",\"value\":\"ab\"}")
                                        << QString();
    QTest::newRow("Python 2 UTF-8 str") << QByteArray("T\x02\x00\x00\x00\xc3\xa9.", 8)
                                        << QByteArray("{\"type\":\"bytes\",\"hex\":\"c3a9\"}") << QString();
    QTest::newRow("Python 2 quoted str") << QByteArray("S'\\xe9t\\xe9'\n.")
                                         << QByteArray("{\"type\":\"bytes\",\"hex\":\"e974e9\"}") << QString();
    // Refused: other globals as values, any call or state of a value-only builtin.
    QTest::newRow("numpy.ndarray as a value") << QByteArray("\x80\x02" "cnumpy\nndarray\n.") << QByteArray()
                                              << QStringLiteral("numpy.ndarray as a value");
    QTest::newRow("Python 3 module, Python 2 name") << QByteArray("cbuiltins\nxrange\n.") << QByteArray()
                                                    << QStringLiteral("builtins.xrange");
    QTest::newRow("__builtin__.eval") << QByteArray("c__builtin__\neval\n.") << QByteArray()
                                      << QStringLiteral("__builtin__.eval");
    QTest::newRow("range(5)") << QByteArray("\x80\x03" "cbuiltins\nrange\nK\x05\x85R.") << QByteArray()
                              << QStringLiteral("a call of builtins.range");
    QTest::newRow("type(1)") << QByteArray("\x80\x03" "cbuiltins\ntype\nK\x01\x85R.") << QByteArray()
                             << QStringLiteral("builtins.type");
    QTest::newRow("NEWOBJ of str") << QByteArray("\x80\x02" "cbuiltins\nstr\n)\x81.") << QByteArray()
                                   << QStringLiteral("builtins.str");
    QTest::newRow("BUILD of list") << QByteArray("\x80\x02" "cbuiltins\nlist\nN}\x86" "b.") << QByteArray()
                                   << QStringLiteral("builtins.list");
    QTest::newRow("APPEND to list class") << QByteArray("\x80\x02" "cbuiltins\nlist\nK\x01" "a.") << QByteArray()
                                          << QStringLiteral("builtins.list");
    QTest::newRow("call of type(None)") << QByteArray("\x80\x03" "cbuiltins\ntype\nN\x85R)R.") << QByteArray()
                                        << QStringLiteral("builtins.NoneType");
}

void TestPickle::builtinsAsValues()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QByteArray, json);
    QFETCH(QString, refusal);
    Result<PickleTree> tree = readBytes(pickle);
    if (json.isEmpty()) {
        QVERIFY2(!tree.ok(), tree.ok() ? pickleJson(tree.value(), tree->root()).constData() : "");
        QVERIFY2(tree.error().contains(refusal), qPrintable(tree.error()));
        QVERIFY2(tree.error().contains(QLatin1String("at byte")), qPrintable(tree.error()));
        return;
    }
    QVERIFY2(tree.ok(), qPrintable(tree.error()));
    QCOMPARE(pickleJson(tree.value(), tree->root()), json);
}

void TestPickle::limits_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("message");
    QTest::newRow("depth 1001") << QByteArray("\x80\x02") + QByteArray(1001, '(') + QByteArray(1001, 'l') + '.'
                                << QStringLiteral("deeper than 1000");
    QTest::newRow("depth 1000 is fine") << QByteArray("\x80\x02") + QByteArray(999, '(') + QByteArray(999, 'l') + '.'
                                        << QString();
    QByteArray wide("\x80\x02](", 4);
    wide += QByteArray(2000, 'N');
    wide += "e.";
    QTest::newRow("width") << wide << QString();
    QTest::newRow("huge int") << QByteArray("I") + QByteArray(5000, '7') + "\n." << QStringLiteral("digits");
    QTest::newRow("unknown opcode") << QByteArray("\x80\x02\xff.", 4) << QStringLiteral("unknown opcode 0xff (at byte 2");
    QTest::newRow("protocol 6") << QByteArray("\x80\x06N.", 4) << QStringLiteral("protocol 6");
    QTest::newRow("stop with two values") << QByteArray("NN.") << QStringLiteral("STOP");
    QTest::newRow("get of nothing") << QByteArray("\x80\x02h\x05.", 4) << QStringLiteral("memo entry 5");
    QTest::newRow("bad utf-8") << QByteArray("\x80\x02X\x01\x00\x00\x00\xff.", 9) << QStringLiteral("UTF-8");
    QTest::newRow("append to a tuple") << QByteArray("\x80\x02)Na.", 5) << QStringLiteral("APPEND to a tuple");
}

void TestPickle::limits()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, message);
    Result<PickleTree> tree = readBytes(pickle);
    if (message.isEmpty()) {
        QVERIFY2(tree.ok(), qPrintable(tree.error()));
        return;
    }
    QVERIFY(!tree.ok());
    QVERIFY2(tree.error().contains(message), qPrintable(tree.error()));
}

void TestPickle::fuzzFindings_data()
{
    // Inputs fuzz_pickle found slow (timeouts under load): each must be refused quickly.
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(NPY_SOURCE_DIR) + QStringLiteral("/fuzz/seeds/pickle"));
    const QStringList files = dir.entryList({QStringLiteral("*.npy")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 3);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
}

void TestPickle::fuzzFindings()
{
    QFETCH(QString, path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    NpyHeader header;
    QString error;
    QCOMPARE(parseNpyHeader(bytes.constData(), bytes.size(), &header, &error), HeaderParse::Ok);
    QElapsedTimer timer;
    timer.start();
    Result<PickleTree> tree = readPickle(bytes.constData() + header.dataOffset, bytes.size() - header.dataOffset);
    QVERIFY(!tree.ok());
    QVERIFY2(tree.error().contains(QLatin1String("at byte")), qPrintable(tree.error()));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestPickle)
#include "tst_pickle.moc"
