#include "testdata.h"

#include "npyfile.h"
#include "npyheader.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstring>

using namespace npy;

class TestMapGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void truncatedUnderUs_data();
    void truncatedUnderUs();
    void otherFaultsStayFatal();
};

void TestMapGuard::truncatedUnderUs_data()
{
    QTest::addColumn<qint64>("keepBytes");
    QTest::newRow("to the header") << qint64(-1);
    QTest::newRow("to zero") << qint64(0);
    QTest::newRow("mid data") << qint64(128 + 300000);
}

void TestMapGuard::truncatedUnderUs()
{
    QFETCH(qint64, keepBytes);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.npy"));
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    const qint64 count = 1 << 17; // 1 MiB of data
    Result<QByteArray> header = buildNpyHeader(f8, {count}, false);
    QVERIFY(header.ok());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        for (qint64 i = 0; i < count; ++i) {
            const double v = 1.0;
            f.write(reinterpret_cast<const char *>(&v), 8);
        }
    }
    Result<NpyArray> array = readNpyFile(path);
    QVERIFY(array.ok());
    QVERIFY(array->isMapped());
    QVERIFY(!array->mappingLost());
    // Another program truncates the file while we hold the map.
    QVERIFY(QFile::resize(path, keepBytes < 0 ? header->size() : keepBytes));
    double sum = 0;
    for (qint64 i = 0; i < count; ++i) {
        double v;
        std::memcpy(&v, array->element(i), 8);
        sum += v;
    }
    // No SIGBUS crash; the vanished pages read as zeros and the array knows it.
    QVERIFY(array->mappingLost());
    QVERIFY(sum < double(count));
}

void TestMapGuard::otherFaultsStayFatal()
{
    // A SIGBUS outside any guarded map must still end the process: run it in a child.
    if (qEnvironmentVariableIsSet("NPY_MAPGUARD_CHILD")) {
        // With a guarded map alive (so the handler is installed), a fault elsewhere. QTest's own
        // crash handler is removed first so that the default action is what ours falls back to.
        std::signal(SIGBUS, SIG_DFL);
        Result<NpyArray> array = readNpyFile(npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy")));
        QVERIFY(array.ok() && array->isMapped());
        std::raise(SIGBUS);
        return;
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NPY_MAPGUARD_CHILD"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("otherFaultsStayFatal")});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
}

QTEST_GUILESS_MAIN(TestMapGuard)
#include "tst_mapguard.moc"
