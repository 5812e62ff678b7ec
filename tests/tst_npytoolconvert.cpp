// `npy-tool convert`'s structural options against NumPy (tests/data/transform/convert/cases.json, written
// by gen_transform_fixtures.py): every member of the output is byte for byte what np.save writes for
// NumPy's result (astype, reshape, transpose, chains, only/drop/rename), and refusals exit 2 leaving
// no output file. Numbers to and from text are checked against np.save of NumPy's astype, run in the test.

#include "opensource.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;
using namespace npytest;

namespace {

using Run = ToolRun;

Run tool(const QStringList &args)
{
    return runTool(args, 120000);
}

QJsonArray cases()
{
    QFile f(dataPath(QStringLiteral("transform/convert/cases.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open transform/convert/cases.json");
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("cases")).toArray();
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString convertData(const QString &name)
{
    return dataPath(QStringLiteral("transform/convert/") + name);
}

} // namespace

class TestNpyToolConvert : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithNumpy_data();
    void agreesWithNumpy();
    void untouchedMembersAreCopiedRaw();
    void warnsAboutUnsafeChanges();
    void refusalNamesTheIndex();
    void unsupportedCast();
    void numbersToText_data();
    void numbersToText();
    void textThatIsNotANumber();
    void compressedOutput();
    void usageErrors_data();
    void usageErrors();
};

void TestNpyToolConvert::agreesWithNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray all = cases();
    QVERIFY(all.size() >= 60);
    for (const QJsonValue &c : all)
        QTest::newRow(qPrintable(c[QStringLiteral("name")].toString())) << c.toObject();
}

void TestNpyToolConvert::agreesWithNumpy()
{
    QFETCH(QJsonObject, entry);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("out.") + entry[QStringLiteral("output")].toString());
    QStringList args{QStringLiteral("convert"), convertData(entry[QStringLiteral("input")].toString()), out};
    for (const QJsonValue &a : entry[QStringLiteral("args")].toArray())
        args << a.toString();
    const Run r = tool(args);
    const int status = entry[QStringLiteral("exit")].toInt();
    QVERIFY2(r.status == status, qPrintable(QStringLiteral("exit %1, not %2: %3").arg(r.status).arg(status).arg(r.err)));
    const QJsonObject members = entry[QStringLiteral("members")].toObject();
    if (status != 0) {
        QVERIFY2(!QFileInfo::exists(out), "a refused conversion left an output file");
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
        QVERIFY(r.err.startsWith(QLatin1String("npy-tool: ")));
        return;
    }
    if (members.contains(QString())) {
        // A .npy output: the file is np.save's bytes.
        QCOMPARE(fileBytes(out), fileBytes(convertData(members[QString()].toString())));
        return;
    }
    auto source = openSource(out);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    QStringList names;
    for (const MemberInfo &m : source.value()->members())
        names << m.name;
    QStringList want = members.keys();
    names.sort();
    want.sort();
    QCOMPARE(names, want);
    for (const QString &name : want) {
        Result<QByteArray> raw = source.value()->readRaw(source.value()->indexOf(name));
        QVERIFY2(raw.ok(), qPrintable(raw.error()));
        QVERIFY2(raw.value() == fileBytes(convertData(members[name].toString())),
                 qPrintable(QStringLiteral("member '%1' differs from np.save of NumPy's result").arg(name)));
    }
}

void TestNpyToolConvert::untouchedMembersAreCopiedRaw()
{
    // Members no option touches keep their compressed bytes and CRC (a raw copy, not recompressed).
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("out.npz"));
    const Run r = tool({QStringLiteral("convert"), convertData(QStringLiteral("srcz.npz")), out,
                        QStringLiteral("--transpose"), QStringLiteral("c3"), QStringLiteral("--rename"),
                        QStringLiteral("b=flags")});
    QCOMPARE(r.status, 0);
    auto in = openSource(convertData(QStringLiteral("srcz.npz")));
    auto got = openSource(out);
    QVERIFY(in.ok() && got.ok());
    for (const MemberInfo &m : in.value()->members()) {
        const QString key = m.name == QLatin1String("b") ? QStringLiteral("flags") : m.name;
        const int j = got.value()->indexOf(key);
        QVERIFY(j >= 0);
        const MemberInfo &o = got.value()->members()[j];
        if (m.name == QLatin1String("c3")) {
            QVERIFY(o.crc32 != m.crc32);
            continue;
        }
        QCOMPARE(o.crc32, m.crc32);
        QCOMPARE(o.storedSize, m.storedSize);
        QCOMPARE(o.compression, Compression::Deflated);
    }
}

void TestNpyToolConvert::warnsAboutUnsafeChanges()
{
    QTemporaryDir tmp;
    const Run r = tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")),
                        tmp.filePath(QStringLiteral("o.npz")), QStringLiteral("--astype"), QStringLiteral("odd=i4")});
    QCOMPARE(r.status, 0);
    // odd = [1.5, nan, inf, -inf, 3e10, -3e10, 2**31, -7.9]
    QVERIFY2(r.err.contains(QLatin1String("member 'odd'")) && r.err.contains(QLatin1String("8 of 8"))
                 && r.err.contains(QLatin1String("1 NaN to integer"))
                 && r.err.contains(QLatin1String("2 infinite to integer"))
                 && r.err.contains(QLatin1String("3 out of range")) && r.err.contains(QLatin1String("2 rounded")),
             qPrintable(r.err));
    const Run quiet = tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")),
                            tmp.filePath(QStringLiteral("p.npz")), QStringLiteral("--astype"), QStringLiteral("i8=f8")});
    QCOMPARE(quiet.status, 0);
    QCOMPARE(quiet.err, QString());
}

void TestNpyToolConvert::refusalNamesTheIndex()
{
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("o.npz"));
    Run r = tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")), out, QStringLiteral("--astype"),
                  QStringLiteral("i4=u2"), QStringLiteral("--casting"), QStringLiteral("same_kind")});
    QCOMPARE(r.status, 2);
    // i4 = [[0, 1, -1, ...]]: -1 at (0, 2) is the first value that does not survive.
    QVERIFY2(r.err.contains(QLatin1String("member 'i4'")) && r.err.contains(QLatin1String("<i4"))
                 && r.err.contains(QLatin1String("<u2")) && r.err.contains(QLatin1String("(0, 2)"))
                 && r.err.contains(QLatin1String("same_kind")),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
    r = tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")), out, QStringLiteral("--astype"),
              QStringLiteral("nonascii=S")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("(1,)")) && r.err.contains(QLatin1String("ASCII")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
}

void TestNpyToolConvert::unsupportedCast()
{
    // NumPy writes datetimes into S as ISO dates; convert does not: exit 1 (unsupported), no output.
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("o.npy"));
    const Run r = tool({QStringLiteral("convert"), dataPath(QStringLiteral("npy/datetime64_D.npy")), out,
                        QStringLiteral("--astype"), QStringLiteral("datetime64_D=S10")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QLatin1String("not supported")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
}

void TestNpyToolConvert::numbersToText_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("casting");
    // Sources written by NumPy (tests/data/transform/textcast); the expected file is np.save of NumPy's astype.
    QTest::newRow("float64 to U") << "numbers/lt_f8.npy" << "U" << "safe";
    QTest::newRow("big-endian int64 to S") << "numbers/gt_i8.npy" << "S" << "safe";
    QTest::newRow("complex64 to U12, cut") << "numbers/lt_c8.npy" << "U12" << "same_kind";
    QTest::newRow("big-endian U to f4") << "texts/gt_U.npy" << "f4" << "unsafe";
}

void TestNpyToolConvert::numbersToText()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(QString, casting);
    if (pythonWithNumpy().isEmpty())
        QSKIP("NumPy is not installed");
    QTemporaryDir tmp;
    const QString in = dataPath(QStringLiteral("transform/textcast/") + source);
    const QString name = QFileInfo(in).completeBaseName();
    const QString out = tmp.filePath(QStringLiteral("out.npy"));
    const QString want = tmp.filePath(QStringLiteral("want.npy"));
    QString output;
    // Text NumPy refuses (the texts sources hold some) is dropped before the cast, on both sides.
    const QString script = QStringLiteral(
        "import sys, numpy as np\n"
        "a = np.load(sys.argv[1])\n"
        "if a.dtype.kind in 'SU':\n"
        "    ok = []\n"
        "    for i in range(a.size):\n"
        "        try:\n"
        "            a[i:i + 1].astype(sys.argv[3])\n"
        "            ok.append(i)\n"
        "        except (ValueError, OverflowError, UnicodeDecodeError):\n"
        "            pass\n"
        "    a = a[ok]\n"
        "    np.save(sys.argv[4], a)\n"
        "np.save(sys.argv[2], a.astype(sys.argv[3]))\n");
    const QString clean = tmp.filePath(name + QStringLiteral(".npy"));
    QVERIFY2(runPython(script, {in, want, target, clean}, &output), qPrintable(output));
    const QString input = QFileInfo::exists(clean) ? clean : in;
    const Run r = tool({QStringLiteral("convert"), input, out, QStringLiteral("--astype"), name + QLatin1Char('=') + target,
                        QStringLiteral("--casting"), casting});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(fileBytes(out) == fileBytes(want), "the output differs from np.save of NumPy's astype");
    if (target == QLatin1String("U12"))
        QVERIFY2(r.err.contains(QLatin1String("strings cut short")), qPrintable(r.err));
}

void TestNpyToolConvert::textThatIsNotANumber()
{
    // NumPy raises ValueError at the first text it cannot read: convert refuses (exit 2), naming the
    // member, both dtypes, the element's index and its text, and writes nothing.
    QFile f(dataPath(QStringLiteral("transform/textcast/cases.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    qint64 first = -1;
    for (const QJsonValue &c : QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("cases")).toArray())
        if (c[QStringLiteral("source")].toString() == QLatin1String("texts/lt_U.npy")
            && c[QStringLiteral("target")].toString() == QLatin1String("<f8"))
            first = c[QStringLiteral("failed")].toArray().first().toInt();
    QVERIFY(first > 0);
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("o.npz"));
    const Run r = tool({QStringLiteral("convert"), dataPath(QStringLiteral("transform/textcast/texts/texts.npz")), out,
                        QStringLiteral("--astype"), QStringLiteral("lt_U=float64")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("member 'lt_U'")) && r.err.contains(QLatin1String("<U"))
                 && r.err.contains(QLatin1String("<f8")) && r.err.contains(QStringLiteral("(%1,)").arg(first))
                 && r.err.contains(QLatin1String("is not a number")),
             qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TestNpyToolConvert::compressedOutput()
{
    // A transformed member of a compressed archive is produced into a file, then deflated on all cores.
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("o.npz"));
    const Run r = tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")), out,
                        QStringLiteral("--compress"), QStringLiteral("--transpose"), QStringLiteral("c3=2,0,1"),
                        QStringLiteral("--astype"), QStringLiteral("f8=f4")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    auto plain = tmp.filePath(QStringLiteral("plain.npz"));
    QCOMPARE(tool({QStringLiteral("convert"), convertData(QStringLiteral("src.npz")), plain,
                   QStringLiteral("--transpose"), QStringLiteral("c3=2,0,1"), QStringLiteral("--astype"),
                   QStringLiteral("f8=f4")})
                 .status,
             0);
    auto a = openSource(out);
    auto b = openSource(plain);
    QVERIFY(a.ok() && b.ok());
    for (const MemberInfo &m : a.value()->members()) {
        QCOMPARE(m.compression, Compression::Deflated);
        const int j = b.value()->indexOf(m.name);
        QCOMPARE(a.value()->readRaw(a.value()->indexOf(m.name)).value(), b.value()->readRaw(j).value());
    }
}

void TestNpyToolConvert::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("casting first") << QStringList{QStringLiteral("--casting"), QStringLiteral("safe"), QStringLiteral("--astype"), QStringLiteral("f8=f4")} << QStringLiteral("--casting goes after");
    QTest::newRow("bad casting") << QStringList{QStringLiteral("--astype"), QStringLiteral("f8=f4"), QStringLiteral("--casting"), QStringLiteral("kind")} << QStringLiteral("--casting takes");
    QTest::newRow("order alone") << QStringList{QStringLiteral("--order"), QStringLiteral("F")} << QStringLiteral("--order goes after");
    QTest::newRow("order after astype") << QStringList{QStringLiteral("--astype"), QStringLiteral("f8=f4"), QStringLiteral("--order"), QStringLiteral("F")} << QStringLiteral("--order goes after");
    QTest::newRow("bad order") << QStringList{QStringLiteral("--reshape"), QStringLiteral("f8=20"), QStringLiteral("--order"), QStringLiteral("K")} << QStringLiteral("--order takes");
    QTest::newRow("bad dtype") << QStringList{QStringLiteral("--astype"), QStringLiteral("f8=float33")} << QStringLiteral("is not a dtype");
    QTest::newRow("object dtype") << QStringList{QStringLiteral("--astype"), QStringLiteral("f8=O")} << QStringLiteral("only bool");
    QTest::newRow("bad shape") << QStringList{QStringLiteral("--reshape"), QStringLiteral("f8=3;4")} << QStringLiteral("--reshape takes");
    QTest::newRow("no dtype") << QStringList{QStringLiteral("--astype"), QStringLiteral("f8")} << QStringLiteral("--astype takes");
    QTest::newRow("bad rename") << QStringList{QStringLiteral("--rename"), QStringLiteral("f8")} << QStringLiteral("--rename takes");
    QTest::newRow("clash") << QStringList{QStringLiteral("--rename"), QStringLiteral("f8=i8")} << QStringLiteral("would be named 'i8'");
}

void TestNpyToolConvert::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("o.npz"));
    const Run r = tool(QStringList{QStringLiteral("convert"), convertData(QStringLiteral("src.npz")), out} + args);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
}

QTEST_GUILESS_MAIN(TestNpyToolConvert)
#include "tst_npytoolconvert.moc"
