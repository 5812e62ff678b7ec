#include "testdata.h"

#include "export.h"
#include "npyfile.h"
#include "saver.h"
#include "source.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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
    {
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("the user's precious old file\n");
    }
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

QTEST_GUILESS_MAIN(TestSafeSave)
#include "tst_safesave.moc"
