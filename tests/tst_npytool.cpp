#include "testdata.h"

#include "npyfile.h"
#include "opensource.h"
#include "pickle.h"
#include "source.h"
#include "valuetext.h"
#include "zipformat.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace npy;
using namespace npytest;

namespace {

struct Run
{
    int status = -1;
    QString out;
    QString err;
};

Run tool(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    Run r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        r.err = QStringLiteral("crashed or hung");
        return r;
    }
    r.status = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestNpyTool : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void convertIsByteIdentical_data() { fixtures_data(); }
    void convertIsByteIdentical();
    void infoAgreesWithNumpy_data() { fixtures_data(); }
    void infoAgreesWithNumpy();
    void checkAndStats_data() { fixtures_data(); }
    void checkAndStats();
    void csvRoundTrip_data() { fixtures_data(); }
    void csvRoundTrip();
    void hostile_data();
    void hostile();
    void usage_data();
    void usage();
    void commandHelp_data() { commands_data(); }
    void commandHelp();
    void unknownOption_data() { commands_data(); }
    void unknownOption();
    void exportOutdir();
    void convertKeepsEveryMember_data();
    void convertKeepsEveryMember();
    void convertLevels_data();
    void convertLevels();
    void infoSaysTruncated();
    void manyMembersNamedBriefly_data();
    void manyMembersNamedBriefly();
    void recover_data();
    void recover();
    void pickledMembers_data();
    void pickledMembers();
    void hostilePickles_data();
    void hostilePickles();

private:
    static void fixtures_data();
    static void commands_data();
    QTemporaryDir mTmp;
};

void TestNpyTool::fixtures_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : manifest(QStringLiteral("npy/expected.json")))
        QTest::newRow(qPrintable(v[QStringLiteral("file")].toString())) << v.toObject();
}

void TestNpyTool::convertIsByteIdentical()
{
    QFETCH(QJsonObject, entry);
    const QString file = entry[QStringLiteral("file")].toString();
    const QString in = dataPath(QStringLiteral("npy/") + file);
    const QString out = mTmp.filePath(file);
    const Run r = tool({QStringLiteral("convert"), in, out});
    if (entry[QStringLiteral("pickled")].toBool()) {
        QCOMPARE(r.status, 1);
        QVERIFY(r.err.contains(QLatin1String("pickled object array")));
        return;
    }
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QByteArray original = fileBytes(in);
    const QByteArray ours = fileBytes(out);
    const qint64 offset = qint64(entry[QStringLiteral("data_offset")].toDouble());
    const qint64 nbytes = qint64(entry[QStringLiteral("nbytes")].toDouble());
    if (isHandWritten(file) || entry[QStringLiteral("what")].toString().contains(QLatin1String("forced"))) {
        // Another header layout: ours is NumPy's; the data must be the same bytes.
        QCOMPARE(ours.mid(ours.size() - nbytes), original.mid(offset, nbytes));
        return;
    }
    QCOMPARE(ours, original.left(offset + nbytes));
}

void TestNpyTool::infoAgreesWithNumpy()
{
    QFETCH(QJsonObject, entry);
    const QString in = dataPath(QStringLiteral("npy/") + entry[QStringLiteral("file")].toString());
    const Run r = tool({QStringLiteral("info"), in, QStringLiteral("--json")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(root[QStringLiteral("format")].toString(), QStringLiteral("npy"));
    const QJsonArray members = root[QStringLiteral("members")].toArray();
    QCOMPARE(members.size(), 1);
    const QJsonObject m = members.first().toObject();
    QCOMPARE(m[QStringLiteral("name")].toString(), QFileInfo(in).completeBaseName());
    QCOMPARE(m[QStringLiteral("shape")].toArray(), entry[QStringLiteral("shape")].toArray());
    QCOMPARE(m[QStringLiteral("fortran_order")].toBool(), entry[QStringLiteral("fortran_order")].toBool());
    QCOMPARE(qint64(m[QStringLiteral("nbytes")].toDouble()), qint64(entry[QStringLiteral("nbytes")].toDouble()));
    QVERIFY(m[QStringLiteral("compression")].isNull());
    if (!entry[QStringLiteral("pickled")].toBool())
        QCOMPARE(m[QStringLiteral("dtype")].toString(), entry[QStringLiteral("descr")].toString());
    else
        QVERIFY(m[QStringLiteral("pickled")].toBool());
}

void TestNpyTool::checkAndStats()
{
    QFETCH(QJsonObject, entry);
    const QString in = dataPath(QStringLiteral("npy/") + entry[QStringLiteral("file")].toString());
    const Run check = tool({QStringLiteral("check"), in});
    if (entry[QStringLiteral("pickled")].toBool()) {
        // A pickle of plain values is read as data (never executed): it checks.
        QVERIFY2(check.status == 0, qPrintable(check.err));
        return;
    }
    QVERIFY2(check.status == 0, qPrintable(check.err));
    if (!entry.contains(QStringLiteral("mean")))
        return;
    const Run stats = tool({QStringLiteral("stats"), in});
    QVERIFY2(stats.status == 0, qPrintable(stats.err));
    auto field = [&](const QString &key) {
        const QRegularExpression re(QStringLiteral("\\b%1=(\\S+)").arg(key));
        return re.match(stats.out).captured(1);
    };
    QCOMPARE(field(QStringLiteral("nan")).toLongLong(), qint64(entry[QStringLiteral("nan_count")].toDouble()));
    QCOMPARE(field(QStringLiteral("inf")).toLongLong(), qint64(entry[QStringLiteral("inf_count")].toDouble()));
    for (const char *key : {"min", "max", "mean", "std"}) {
        const QString k = QLatin1String(key);
        const QJsonValue expected = entry[k];
        const double want = expected.isNull() ? std::nan("") : expected.toString().toDouble();
        const double got = field(k).toDouble();
        if (std::isnan(want)) {
            QVERIFY2(std::isnan(got), qPrintable(k + QLatin1Char('=') + field(k)));
        } else if (std::isinf(want)) {
            QCOMPARE(got, want);
        } else {
            const double tolerance = (k == QLatin1String("min") || k == QLatin1String("max")) ? 0.0 : 1e-9;
            QVERIFY2(std::fabs(got - want) <= tolerance * std::max(1.0, std::fabs(want)),
                     qPrintable(QStringLiteral("%1: got %2, NumPy says %3").arg(k, field(k), expected.toString())));
        }
    }
}

void TestNpyTool::csvRoundTrip()
{
    QFETCH(QJsonObject, entry);
    if (entry[QStringLiteral("pickled")].toBool())
        return;
    const QString file = entry[QStringLiteral("file")].toString();
    const QString in = dataPath(QStringLiteral("npy/") + file);
    const QString csv = mTmp.filePath(file + QStringLiteral(".csv"));
    const Run r = tool({QStringLiteral("export"), in, QStringLiteral("--csv"), csv});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    Result<NpyArray> array = readNpyFile(in);
    QVERIFY(array.ok());
    if (array->dtype().kind == Kind::Struct || array->size() == 0)
        return;
    // Every value parses back to the very same bytes (NaN to a NaN).
    QStringList lines = QString::fromUtf8(fileBytes(csv)).split(QLatin1Char('\n'));
    QVERIFY(lines.last().isEmpty()); // every line ends with a newline
    lines.removeLast();
    const qint64 cols = array->ndim() >= 2 ? array->shape().last() : 1;
    QCOMPARE(qint64(lines.size()), array->size() / cols);
    if (array->dtype().kind == Kind::Bytes || array->dtype().kind == Kind::Unicode
        || array->dtype().kind == Kind::Void)
        return; // quoted text: covered by the value tests
    for (qint64 flat = 0; flat < std::min<qint64>(array->size(), 300); ++flat) {
        const QString text = lines[flat / cols].split(QLatin1Char(','))[flat % cols];
        QByteArray bytes;
        QString why;
        QVERIFY2(parseValue(array->dtype(), text, &bytes, &why), qPrintable(text + QStringLiteral(": ") + why));
        const QByteArray original(reinterpret_cast<const char *>(array->element(flat)), int(array->itemSize()));
        if (bytes != original)
            QVERIFY2(std::isnan(valueToDouble(array->dtype(), array->element(flat))), qPrintable(text));
    }
}

void TestNpyTool::hostile_data()
{
    QTest::addColumn<QString>("file");
    for (const QJsonValue &v : manifest(QStringLiteral("hostile/manifest.json")))
        QTest::newRow(qPrintable(v[QStringLiteral("file")].toString())) << v[QStringLiteral("file")].toString();
}

void TestNpyTool::hostile()
{
    QFETCH(QString, file);
    const QString in = dataPath(QStringLiteral("hostile/") + file);
    bool loads = readNpyFile(in).ok();
    // An object array is read as data when its pickle holds only allow-listed values.
    auto source = openSource(in);
    if (source.ok() && source.value()->members().first().isArray && source.value()->members().first().header.isPickled())
        loads = readPickledMember(*source.value(), 0).ok();
    for (const QString &command : {QStringLiteral("check"), QStringLiteral("info"), QStringLiteral("stats")}) {
        const Run r = tool({command, in});
        QVERIFY2(r.status == 0 || r.status == 1, qPrintable(command + QStringLiteral(": ") + r.err));
        if (r.status == 1) {
            QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
            QVERIFY2(r.err.startsWith(QStringLiteral("npy-tool: ") + in + QStringLiteral(": ")), qPrintable(r.err));
        }
        if (command == QLatin1String("check"))
            QCOMPARE(r.status, loads ? 0 : 1);
    }
}

void TestNpyTool::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("nothing") << QStringList();
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
    QTest::newRow("info without file") << QStringList{QStringLiteral("info")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("info"), QStringLiteral("x.npy"), QStringLiteral("--fast")};
    QTest::newRow("compress and store") << QStringList{QStringLiteral("convert"), QStringLiteral("a.npz"),
                                                       QStringLiteral("b.npz"), QStringLiteral("--compress"),
                                                       QStringLiteral("--store")};
    QTest::newRow("member without value") << QStringList{QStringLiteral("stats"), QStringLiteral("a.npy"),
                                                         QStringLiteral("--member")};
    QTest::newRow("recover without output") << QStringList{QStringLiteral("recover"), QStringLiteral("a.npz")};
    QTest::newRow("export without target") << QStringList{QStringLiteral("export"), QStringLiteral("a.npz"),
                                                          QStringLiteral("--all")};
    QTest::newRow("level without compress") << QStringList{QStringLiteral("convert"), QStringLiteral("a.npz"),
                                                           QStringLiteral("b.npz"), QStringLiteral("--level"),
                                                           QStringLiteral("fast")};
    QTest::newRow("level with store") << QStringList{QStringLiteral("convert"), QStringLiteral("a.npz"),
                                                     QStringLiteral("b.npz"), QStringLiteral("--store"),
                                                     QStringLiteral("--level"), QStringLiteral("best")};
    QTest::newRow("unknown level") << QStringList{QStringLiteral("convert"), QStringLiteral("a.npz"),
                                                  QStringLiteral("b.npz"), QStringLiteral("--compress"),
                                                  QStringLiteral("--level"), QStringLiteral("9")};
    QTest::newRow("level without value") << QStringList{QStringLiteral("convert"), QStringLiteral("a.npz"),
                                                        QStringLiteral("b.npz"), QStringLiteral("--compress"),
                                                        QStringLiteral("--level")};
    QTest::newRow("level elsewhere") << QStringList{QStringLiteral("info"), QStringLiteral("a.npz"),
                                                    QStringLiteral("--level"), QStringLiteral("fast")};
}

void TestNpyTool::usage()
{
    QFETCH(QStringList, args);
    const Run r = tool(args);
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.contains(QLatin1String("usage:")));
}

void TestNpyTool::commands_data()
{
    QTest::addColumn<QString>("command");
    for (const char *c : {"info", "check", "convert", "export", "stats", "render", "find", "print", "diff", "recover"})
        QTest::newRow(c) << QString::fromLatin1(c);
}

void TestNpyTool::commandHelp()
{
    // `npy-tool COMMAND --help` (or -h, also after other arguments): the command's usage on stdout, status 0.
    QFETCH(QString, command);
    const QString help = QStringLiteral("--help");
    for (const QStringList &args : {QStringList{command, help}, QStringList{command, QStringLiteral("-h")},
                                    QStringList{command, QStringLiteral("a.npz"), help}}) {
        const Run r = tool(args);
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("usage:")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("npy-tool %1 ").arg(command)), qPrintable(r.out));
        QCOMPARE(r.err, QString());
    }
    // The full usage still lists the command.
    QVERIFY(tool({QStringLiteral("--help")}).out.contains(QStringLiteral("\n  npy-tool %1 ").arg(command)));
}

void TestNpyTool::unknownOption()
{
    QFETCH(QString, command);
    const Run r = tool({command, QStringLiteral("a.npz"), QStringLiteral("--no-such-option")});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith(QLatin1String("npy-tool: ")) && r.err.contains(QLatin1String("usage:")), qPrintable(r.err));
}

void TestNpyTool::exportOutdir()
{
    const QString in = dataPath(QStringLiteral("npy/f8_le.npy"));
    const QString dir = mTmp.filePath(QStringLiteral("out"));
    const Run r = tool({QStringLiteral("export"), in, QStringLiteral("--all"), QStringLiteral("--outdir"), dir});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(fileBytes(dir + QStringLiteral("/f8_le.npy")), fileBytes(in));
    const Run missing = tool({QStringLiteral("export"), in, QStringLiteral("--member"), QStringLiteral("nope"),
                              QStringLiteral("--outdir"), dir});
    QCOMPARE(missing.status, 1);
}

void TestNpyTool::convertKeepsEveryMember_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("option");
    for (const char *option : {"", "--store", "--compress"}) {
        for (const char *input : {"npz/non_array_member.npz", "npz/object_member.npz", "npz/dtypes_compressed.npz",
                                  "npy/object_pickled.npy"}) {
            QTest::addRow("%s %s", input, option) << QString::fromLatin1(input) << QString::fromLatin1(option);
        }
    }
}

void TestNpyTool::convertKeepsEveryMember()
{
    // Not an array, a pickled array: an archive written by convert keeps them all, byte for byte.
    QFETCH(QString, input);
    QFETCH(QString, option);
    const QString in = dataPath(input);
    const QString out = mTmp.filePath(QFileInfo(in).completeBaseName() + option + QStringLiteral(".npz"));
    QStringList args{QStringLiteral("convert"), in, out};
    if (!option.isEmpty())
        args << option;
    const Run r = tool(args);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    auto before = openSource(in);
    auto after = openSource(out);
    QVERIFY2(before.ok() && after.ok(), qPrintable(after.error()));
    QCOMPARE(after.value()->members().size(), before.value()->members().size());
    for (int i = 0; i < before.value()->members().size(); ++i) {
        const MemberInfo &m = before.value()->members()[i];
        QCOMPARE(after.value()->members()[i].name, m.name);
        Result<QByteArray> a = before.value()->readRaw(i);
        Result<QByteArray> b = after.value()->readRaw(i);
        QVERIFY2(a.ok() && b.ok(), qPrintable(a.error() + b.error()));
        QCOMPARE(b.value(), a.value());
        if (!option.isEmpty() && !m.archiveName.endsWith(QLatin1Char('/')))
            QCOMPARE(after.value()->members()[i].compression,
                     option == QLatin1String("--store") ? Compression::Stored : Compression::Deflated);
    }
}

void TestNpyTool::convertLevels_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("level");
    for (const char *level : {"fast", "default", "best"}) {
        for (const char *input : {"npz/dtypes_compressed.npz", "npz/compressed_multiblock.npz", "npz/savez_basic.npz",
                                  "npy/f8_fortran_3d.npy"})
            QTest::addRow("%s %s", input, level) << QString::fromLatin1(input) << QString::fromLatin1(level);
    }
}

void TestNpyTool::convertLevels()
{
    // Every level writes a plain compressed archive: every member DEFLATED (copies compressed again,
    // except at the default level), carrying our chunk index, the same bytes, and NumPy reads it.
    QFETCH(QString, input);
    QFETCH(QString, level);
    const QString in = dataPath(input);
    const QString out = mTmp.filePath(QFileInfo(in).completeBaseName() + QStringLiteral("_level_") + level
                                      + QStringLiteral(".npz"));
    const Run r = tool({QStringLiteral("convert"), in, out, QStringLiteral("--compress"), QStringLiteral("--level"),
                        level});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    auto before = openSource(in);
    auto after = openSource(out);
    QVERIFY2(before.ok() && after.ok(), qPrintable(after.error()));
    QCOMPARE(after.value()->members().size(), before.value()->members().size());
    for (int i = 0; i < before.value()->members().size(); ++i) {
        QCOMPARE(after.value()->members()[i].compression, Compression::Deflated);
        Result<QByteArray> a = before.value()->readRaw(i);
        Result<QByteArray> b = after.value()->readRaw(i);
        QVERIFY2(a.ok() && b.ok(), qPrintable(a.error() + b.error()));
        QCOMPARE(b.value(), a.value());
    }
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    Result<zip::Directory> dir = zip::readDirectory(&f, f.size());
    QVERIFY2(dir.ok(), qPrintable(dir.error()));
    for (int i = 0; i < dir.value().entries.size(); ++i) {
        // NumPy-written DEFLATED members copied raw (default level) have no index; all we compress has one.
        const zip::Entry &e = dir.value().entries[i];
        const bool copiedRaw = level == QLatin1String("default")
                               && before.value()->members()[i].compression == Compression::Deflated;
        QVERIFY2(e.chunkIndexError.isEmpty(), qPrintable(e.chunkIndexError));
        QVERIFY2(e.chunks.isEmpty() == copiedRaw, qPrintable(e.name));
    }
    const QString python = pythonWithNumpy();
    if (python.isEmpty())
        return;
    QProcess p;
    p.start(python, {QStringLiteral("-c"),
                     QStringLiteral("import sys, zipfile, numpy as np\n"
                                    "assert zipfile.ZipFile(sys.argv[1]).testzip() is None\n"
                                    "a = np.load(sys.argv[1])\n"
                                    "b = np.load(sys.argv[2])\n"
                                    "b = {k: b[k] for k in b.files} if hasattr(b, 'files') else {sys.argv[3]: b}\n"
                                    "assert sorted(a.files) == sorted(b), (a.files, list(b))\n"
                                    "for k in b:\n"
                                    "    x, y = a[k], b[k]\n"
                                    "    assert x.dtype == y.dtype and x.shape == y.shape, k\n"
                                    "    # padding bytes of a structured dtype are not values\n"
                                    "    assert x.tobytes('A') == y.tobytes('A') or (x.dtype.names and (x == y).all()), k\n"),
                     out, in, QFileInfo(in).completeBaseName()});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());
}

namespace {

QJsonObject pickleManifest()
{
    QFile f(dataPath(QStringLiteral("pickle/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open pickle/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

void TestNpyTool::pickledMembers_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : pickleManifest().value(QStringLiteral("good")).toArray())
        QTest::newRow(qPrintable(v[QStringLiteral("file")].toString())) << v.toObject();
}

void TestNpyTool::pickledMembers()
{
    QFETCH(QJsonObject, entry);
    const QString in = dataPath(QStringLiteral("pickle/") + entry[QStringLiteral("file")].toString());
    // info --json: each pickled member's "object" is the TREE Python computed; plain members have none.
    const Run info = tool({QStringLiteral("info"), in, QStringLiteral("--json")});
    QVERIFY2(info.status == 0, qPrintable(info.err));
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(info.out.toUtf8(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QHash<QString, QJsonObject> members;
    for (const QJsonValue &m : root[QStringLiteral("members")].toArray())
        members.insert(m[QStringLiteral("name")].toString(), m.toObject());
    const QJsonArray want = entry[QStringLiteral("members")].toArray();
    for (const QJsonValue &w : want) {
        const QJsonObject m = members.value(w[QStringLiteral("name")].toString());
        QVERIFY(m[QStringLiteral("pickled")].toBool());
        QVERIFY2(!m.contains(QStringLiteral("error")), qPrintable(m[QStringLiteral("error")].toString()));
        QCOMPARE(m[QStringLiteral("object")].toObject(), w[QStringLiteral("object")].toObject());
    }
    for (const QJsonValue &plain : entry[QStringLiteral("plain")].toArray())
        QVERIFY(!members.value(plain.toString()).contains(QStringLiteral("object")));
    // Ints of any size are exact JSON numbers (QJsonDocument above would round them: look at the text).
    if (entry[QStringLiteral("file")].toString() == QLatin1String("dict_arrays_scalars.npy")) {
        QVERIFY(info.out.contains(QLatin1String("{\"type\":\"int\",\"value\":1180591620717411303424}")));
        QVERIFY(info.out.contains(QLatin1String("{\"type\":\"int\",\"value\":-1180591620717411303425}")));
    }

    const Run check = tool({QStringLiteral("check"), in});
    QVERIFY2(check.status == 0, qPrintable(check.err));

    // export: DIR/NAME/PATH.npy for every array inside, byte-identical to np.save of it.
    const QString dir = mTmp.filePath(QStringLiteral("pickle-export-") + entry[QStringLiteral("file")].toString());
    const Run exported = tool({QStringLiteral("export"), in, QStringLiteral("--all"), QStringLiteral("--outdir"), dir});
    QVERIFY2(exported.status == 0, qPrintable(exported.err));
    int files = 0;
    for (const QJsonValue &w : want) {
        for (const QJsonValue &a : w[QStringLiteral("arrays")].toArray()) {
            QStringList path{w[QStringLiteral("name")].toString()};
            for (const QJsonValue &step : a[QStringLiteral("path")].toArray())
                path << step.toString();
            const QString file = dir + QLatin1Char('/') + path.join(QLatin1Char('/')) + QStringLiteral(".npy");
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
            QCOMPARE(fileDigest(file).toHex(), a[QStringLiteral("sha256")].toString().toLatin1());
            ++files;
        }
    }
    QCOMPARE(exported.out.count(QLatin1Char('\n')), files + entry[QStringLiteral("plain")].toArray().size());
}

void TestNpyTool::hostilePickles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("refuse");
    for (const QJsonValue &v : pickleManifest().value(QStringLiteral("hostile")).toArray())
        QTest::newRow(qPrintable(v[QStringLiteral("file")].toString()))
            << v[QStringLiteral("file")].toString() << v[QStringLiteral("refuse")].toString();
}

void TestNpyTool::hostilePickles()
{
    QFETCH(QString, file);
    QFETCH(QString, refuse);
    const QString in = dataPath(QStringLiteral("pickle/") + file);
    const Run check = tool({QStringLiteral("check"), in});
    QCOMPARE(check.status, 1);
    QCOMPARE(check.err.count(QLatin1Char('\n')), 1);
    QVERIFY2(check.err.contains(refuse), qPrintable(check.err));
    const Run info = tool({QStringLiteral("info"), in, QStringLiteral("--json")});
    QVERIFY2(info.status == 0, qPrintable(info.err));
    int refused = 0;
    for (const QJsonValue &m : QJsonDocument::fromJson(info.out.toUtf8()).object()[QStringLiteral("members")].toArray()) {
        if (!m[QStringLiteral("pickled")].toBool())
            continue;
        QVERIFY(!m.toObject().contains(QStringLiteral("object")));
        QVERIFY2(m[QStringLiteral("error")].toString().contains(refuse), qPrintable(m[QStringLiteral("error")].toString()));
        ++refused;
    }
    QCOMPARE(refused, 1);
    const Run exported = tool({QStringLiteral("export"), in, QStringLiteral("--all"), QStringLiteral("--outdir"),
                               mTmp.filePath(QStringLiteral("hostile-export"))});
    QCOMPARE(exported.status, 1);
}

void TestNpyTool::manyMembersNamedBriefly_data()
{
    QTest::addColumn<QStringList>("args");
    const QString many = dataPath(QStringLiteral("newuser/many.npz"));
    QTest::newRow("find") << QStringList{QStringLiteral("find"), many, QStringLiteral("--nan")};
    QTest::newRow("print") << QStringList{QStringLiteral("print"), many};
}

void TestNpyTool::manyMembersNamedBriefly()
{
    // An archive of 25 members with long names (SciPy's boost.npz has 111): the refusal is one
    // readable line naming a few and saying how many more, not all of them.
    QFETCH(QStringList, args);
    const Run r = tool(args);
    QCOMPARE(r.status, 2);
    const QString first = r.err.section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(first.contains(QLatin1String("holds 25 arrays")), qPrintable(first));
    QVERIFY2(first.contains(QLatin1String("zeta_neg_data_ipp-zeta_neg_data")), qPrintable(first));
    QVERIFY2(first.contains(QLatin1String("20 more")), qPrintable(first));
    QCOMPARE(first.count(QLatin1String("_data_ipp-")), 5);
    QVERIFY2(first.contains(QLatin1String("npy-tool info")), qPrintable(first));
}

QTEST_GUILESS_MAIN(TestNpyTool)
#include "tst_npytool.moc"

void TestNpyTool::infoSaysTruncated()
{
    const QString in = dataPath(QStringLiteral("truncated/image_cut75.npy"));
    for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("--json")}}) {
        const Run r = tool(QStringList{QStringLiteral("info"), in} + extra);
        QCOMPARE(r.status, 1);
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("npy-tool: ") + in + QStringLiteral(": truncated")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("4128")), qPrintable(r.err)); // the size the header needs
    }
    QCOMPARE(tool({QStringLiteral("info"), dataPath(QStringLiteral("truncated/image_full.npy"))}).status, 0);
}

void TestNpyTool::recover_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : manifest(QStringLiteral("truncated/expected.json"))) {
        const QString file = v[QStringLiteral("file")].toString();
        if (file.endsWith(QStringLiteral(".npz")))
            QTest::newRow(qPrintable(file)) << v.toObject();
    }
}

void TestNpyTool::recover()
{
    QFETCH(QJsonObject, entry);
    const QString in = dataPath(QStringLiteral("truncated/") + entry.value(QStringLiteral("file")).toString());
    const QString out = mTmp.filePath(QStringLiteral("recovered.npz"));
    QFile::remove(out);
    const Run r = tool({QStringLiteral("recover"), in, out});
    QStringList complete;
    for (const QJsonValue &v : entry.value(QStringLiteral("complete")).toArray())
        complete << v.toString();
    const QJsonArray lost = entry.value(QStringLiteral("lost")).toArray();
    QCOMPARE(r.status, complete.isEmpty() ? 1 : 0);
    for (const QJsonValue &v : lost)
        QVERIFY2(r.err.contains(QStringLiteral("'%1.npy'").arg(v.toString())), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), qsizetype(lost.size()));
    auto recovered = openSource(out);
    QVERIFY2(recovered.ok(), qPrintable(recovered.error()));
    auto full = openSource(dataPath(QStringLiteral("truncated/") + entry.value(QStringLiteral("full")).toString()));
    QVERIFY(full.ok());
    QStringList names;
    for (int i = 0; i < recovered.value()->members().size(); ++i) {
        const MemberInfo &m = recovered.value()->members()[i];
        QVERIFY2(m.error.isEmpty() && m.warning.isEmpty(), qPrintable(m.error + m.warning));
        names << m.name;
        auto got = recovered.value()->load(i);
        QVERIFY2(got.ok(), qPrintable(got.error()));
        auto want = full.value()->load(full.value()->indexOf(m.name));
        QVERIFY(want.ok());
        QCOMPARE(got->header().dtype.descr(), want->header().dtype.descr());
        QCOMPARE(got->shape(), want->shape());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(got->data()), got->nbytes()),
                 QByteArray(reinterpret_cast<const char *>(want->data()), want->nbytes()));
        QCOMPARE(m.compression, full.value()->members()[full.value()->indexOf(m.name)].compression);
    }
    QCOMPARE(names, complete);
    const QString python = pythonWithNumpy();
    if (python.isEmpty())
        return;
    // NumPy reads the recovered archive and finds its original arrays there.
    QStringList args{QStringLiteral("-c"),
                     QStringLiteral("import sys, numpy as np\n"
                                    "a = np.load(sys.argv[1]); b = np.load(sys.argv[2])\n"
                                    "assert sorted(a.files) == sorted(sys.argv[3:]), (a.files, sys.argv[3:])\n"
                                    "assert all(np.array_equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a.files)\n"),
                     out, full.value()->path()};
    args += complete;
    QProcess p;
    p.start(python, args);
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
}
