#include "testdata.h"

#include "export.h"
#include "npyheader.h"
#include "npyfile.h"
#include "saver.h"
#include "source.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace npy;
using namespace npytest;

namespace {

/** A device that accepts \a limit bytes, then fails every write. */
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 limit) : mLimit(limit) { open(QIODevice::WriteOnly); }
    qint64 written() const { return mWritten; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (mWritten + len > mLimit) {
            setErrorString(QStringLiteral("simulated failure at byte %1").arg(mLimit));
            return -1;
        }
        mWritten += len;
        return len;
    }

private:
    qint64 mLimit;
    qint64 mWritten = 0;
};

/** Writes a uint8 .npy of \a count incompressible bytes (what takes a while to save). */
bool writeRandomNpy(const QString &path, qint64 count)
{
    DType u1;
    QString error;
    if (!DType::fromTypeString(QStringLiteral("|u1"), &u1, &error))
        return false;
    Result<QByteArray> header = buildNpyHeader(u1, {count}, false);
    QFile f(path);
    if (!header.ok() || !f.open(QIODevice::WriteOnly) || f.write(header.value()) != header.value().size())
        return false;
    QList<quint32> chunk(1 << 20); // 4 MiB at a time
    for (qint64 done = 0; done < count; done += chunk.size() * 4) {
        QRandomGenerator::global()->fillRange(chunk.data(), chunk.size());
        if (f.write(reinterpret_cast<const char *>(chunk.constData()), chunk.size() * 4) != chunk.size() * 4)
            return false;
    }
    return true;
}

/** Writes \a text as the whole of \a path. */
bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

class TestSafeSave : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void writerFailsAtEveryPoint_data();
    void writerFailsAtEveryPoint();
    void fileSizeLimit_data();
    void fileSizeLimit();
    void refusedSaveKeepsOriginal();
    void killedSaveLeavesNoTrace_data();
    void killedSaveLeavesNoTrace();
    void permissionLostDuringSave();
};

void TestSafeSave::writerFailsAtEveryPoint_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("f8") << QStringLiteral("npy/f8_2d_c.npy");
    QTest::newRow("struct") << QStringLiteral("npy/struct_nested.npy");
    QTest::newRow("big header") << QStringLiteral("npy/struct_v2_big_header.npy");
}

void TestSafeSave::writerFailsAtEveryPoint()
{
    QFETCH(QString, fixture);
    Result<NpyArray> array = readNpyFile(dataPath(fixture));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    Result<qint64> total = npySize(array.value());
    QVERIFY(total.ok());
    // Fail at every byte for small files, at 257 points spread over the file otherwise.
    const qint64 step = std::max<qint64>(1, total.value() / 257);
    for (qint64 limit = 0; limit < total.value(); limit += step) {
        FailingDevice device(limit);
        Status st = writeNpy(&device, array.value());
        QVERIFY2(!st.ok(), qPrintable(QStringLiteral("no failure reported at byte %1").arg(limit)));
        QVERIFY(st.error().contains(QLatin1String("simulated failure")));
        QVERIFY(device.written() <= limit);
    }
    QBuffer whole;
    whole.open(QIODevice::WriteOnly);
    QVERIFY(writeCsv(&whole, array.value()).ok());
    const qint64 csvTotal = whole.data().size();
    for (qint64 limit = 0; limit < csvTotal; limit += std::max<qint64>(1, csvTotal / 97)) {
        FailingDevice csvDevice(limit);
        QVERIFY2(!writeCsv(&csvDevice, array.value()).ok(),
                 qPrintable(QStringLiteral("CSV: no failure reported at byte %1").arg(limit)));
    }
    FailingDevice enough(total.value());
    QVERIFY(writeNpy(&enough, array.value()).ok());
    QCOMPARE(enough.written(), total.value());
}

void TestSafeSave::fileSizeLimit_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("outName");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("npy") << QStringLiteral("npy/struct_v2_big_header.npy") << QStringLiteral("out.npy") << QStringList();
    QTest::newRow("npz stored") << QStringLiteral("../../resources/samples/demo.npz") << QStringLiteral("out.npz")
                                << QStringList{QStringLiteral("--store")};
    QTest::newRow("npz compressed") << QStringLiteral("../../resources/samples/demo.npz") << QStringLiteral("out.npz")
                                    << QStringList{QStringLiteral("--compress")};
}

void TestSafeSave::fileSizeLimit()
{
    // `ulimit -f` makes the kernel refuse writes past a size (SIGXFSZ, which npy-tool ignores so that
    // write() fails): the old file must stay byte-identical and no temporary file may remain.
    QFETCH(QString, fixture);
    QFETCH(QString, outName);
    QFETCH(QStringList, options);
    QTemporaryDir dir;
    const QString out = dir.filePath(outName);
    QVERIFY(writeText(out, "the user's precious old file\n"));
    const QByteArray before = fileDigest(out);
    QProcess p;
    QStringList args{QStringLiteral("-c"),
                     QStringLiteral("ulimit -f 40 && exec \"$0\" \"$@\""), // 40 blocks of 512 bytes: 20 KiB
                     QStringLiteral(NPY_TOOL_PATH), QStringLiteral("convert"), dataPath(fixture), out};
    args += options;
    p.start(QStringLiteral("/bin/sh"), args);
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, qPrintable(err));
    QVERIFY2(err.startsWith(QLatin1String("npy-tool: ")), qPrintable(err));
    QCOMPARE(fileDigest(out), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{outName});
}

void TestSafeSave::refusedSaveKeepsOriginal()
{
    // Saving two arrays as one .npy is refused before anything is written.
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.npy"));
    QFile old(out);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old");
    old.close();
    Result<NpyArray> a = readNpyFile(dataPath(QStringLiteral("npy/f8_le.npy")));
    QVERIFY(a.ok());
    SaveMember m;
    m.key = QStringLiteral("a");
    m.array = a.value();
    Status st = saveFile(out, {m, m}, SaveFormat::Npy);
    QVERIFY(!st.ok());
    QCOMPARE(fileDigest(out), QCryptographicHash::hash("old", QCryptographicHash::Sha256));
}

void TestSafeSave::killedSaveLeavesNoTrace_data()
{
    QTest::addColumn<QString>("outName");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("killAfterMs");
    QTest::newRow("npz compressed, early") << QStringLiteral("out.npz") << QStringList{QStringLiteral("--compress")}
                                           << 100;
    QTest::newRow("npz compressed, late") << QStringLiteral("out.npz") << QStringList{QStringLiteral("--compress")}
                                          << 450;
    // Storing 256 MiB is quick on a fast disk: kill those early (any moment before the end will do).
    QTest::newRow("npz stored") << QStringLiteral("out.npz") << QStringList{QStringLiteral("--store")} << 50;
    QTest::newRow("npy") << QStringLiteral("out.npy") << QStringList() << 50;
}

void TestSafeSave::killedSaveLeavesNoTrace()
{
    // npy-tool killed (SIGKILL: nothing of ours runs) in the middle of writing 256 MiB: the old file
    // must be byte-identical and no temporary file may remain (QSaveFile writes to an unnamed O_TMPFILE
    // and links it in only once complete).
    QFETCH(QString, outName);
    QFETCH(QStringList, options);
    QFETCH(int, killAfterMs);
    QTemporaryDir dir;
    const QString in = dir.filePath(QStringLiteral("in.npy"));
    QVERIFY(writeRandomNpy(in, qint64(256) << 20));
    const QString out = dir.filePath(outName);
    QVERIFY(writeText(out, "the user's precious old file\n"));
    const QByteArray before = fileDigest(out);
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), QStringList{QStringLiteral("convert"), in, out} + options);
    QVERIFY(p.waitForStarted());
    QVERIFY2(!p.waitForFinished(killAfterMs), "npy-tool finished before it could be killed");
    p.kill();
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QCOMPARE(fileDigest(out), before);
    QStringList expected{QStringLiteral("in.npy"), outName};
    expected.sort();
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden, QDir::Name), expected);
}

void TestSafeSave::permissionLostDuringSave()
{
    // The folder stops being writable while npy-tool writes 256 MiB into it (its owner runs chmod
    // 555). The new file cannot be linked in: npy-tool exits 1 with the reason, the old file is
    // byte-identical and nothing else is left. Root ignores permissions, so as root npy-tool runs
    // as the unprivileged user "nobody" (setpriv) in a folder that user owns.
    const bool root = geteuid() == 0;
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                  | QFile::ReadOther | QFile::ExeOther));
    const QString folder = dir.filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkdir(folder));
    const QString in = folder + QStringLiteral("/in.npy");
    const QString out = folder + QStringLiteral("/out.npz");
    QVERIFY(writeRandomNpy(in, qint64(256) << 20));
    QVERIFY(writeText(out, "the user's precious old file\n"));
    QStringList command{QStringLiteral(NPY_TOOL_PATH), QStringLiteral("convert"), in, out, QStringLiteral("--compress")};
    if (root) {
        for (const QString &path : {folder, in, out})
            QVERIFY(::chown(QFile::encodeName(path).constData(), 65534, 65534) == 0);
        command = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                              QStringLiteral("--clear-groups"), QStringLiteral("--")}
                  + command;
        QProcess probe;
        probe.start(QStringLiteral("setpriv"), QStringList(command.mid(0, 5)) << QStringLiteral("--help"));
        if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            QSKIP("npy-tool cannot run as the user nobody here (setpriv missing, or the build folder is private)");
    }
    const QByteArray before = fileDigest(out);
    QProcess p;
    p.start(root ? QStringLiteral("setpriv") : command.takeFirst(), command);
    QVERIFY(p.waitForStarted());
    QVERIFY2(!p.waitForFinished(150), "npy-tool finished before the folder became read-only");
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
    const bool finished = p.waitForFinished(120000);
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(finished);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, qPrintable(err));
    QVERIFY2(err.startsWith(QLatin1String("npy-tool: ")) && err.count(QLatin1Char('\n')) == 1, qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("ermission")), qPrintable(err));
    QCOMPARE(fileDigest(out), before);
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name),
             (QStringList{QStringLiteral("in.npy"), QStringLiteral("out.npz")}));
}

QTEST_GUILESS_MAIN(TestSafeSave)
#include "tst_safesave.moc"
