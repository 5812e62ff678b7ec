#include "testdata.h"

#include "npyheader.h"
#include "opensource.h"
#include "saver.h"
#include "source.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QJsonDocument>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;
using namespace npytest;

namespace {

/** True in an AddressSanitizer or ThreadSanitizer build, whose shadow memory needs far more address space
 *  than 4 GiB. */
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

} // namespace

class TestResourceBounds : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void hostileFilesUnderLimits_data();
    void hostileFilesUnderLimits();
    void hostilePicklesUnderTwoGiB_data();
    void hostilePicklesUnderTwoGiB();
    void hundredThousandMembers();
};

void TestResourceBounds::hostileFilesUnderLimits_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &folder : {QStringLiteral("hostile"), QStringLiteral("hostile_npz")}) {
        const QDir dir(dataPath(folder));
        for (const QString &name : dir.entryList(QDir::Files)) {
            if (!name.endsWith(QLatin1String(".json")))
                QTest::newRow(qPrintable(folder + QLatin1Char('/') + name)) << dir.filePath(name);
        }
    }
}

void TestResourceBounds::hostileFilesUnderLimits()
{
    // Every hostile file, read whole by `npy-tool check`, inside a 4 GiB address space: it must end
    // (0 or 1, never a crash or a kill) well inside the hang guard. The time is printed, not judged.
    QFETCH(QString, file);
    QProcess p;
    const QString limit = kSanitized ? QString() : QStringLiteral("ulimit -v 4194304 && ");
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), limit + QStringLiteral("exec \"$0\" check \"$1\""),
                                        QStringLiteral(NPY_TOOL_PATH), file});
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(p.waitForFinished(60000), "npy-tool hung on a hostile file");
    const qint64 ms = timer.elapsed();
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 0 || p.exitCode() == 1, qPrintable(err));
    if (p.exitCode() == 1)
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
    if (ms > 2000)
        qWarning("%s took %lld ms (the aim is under 2 s)", qPrintable(file), ms);
}

void TestResourceBounds::hostilePicklesUnderTwoGiB_data()
{
    QTest::addColumn<QString>("file");
    QFile expected(dataPath(QStringLiteral("pickle/expected.json")));
    QVERIFY(expected.open(QIODevice::ReadOnly));
    const QJsonArray hostile = QJsonDocument::fromJson(expected.readAll()).object()[QStringLiteral("hostile")].toArray();
    QVERIFY(hostile.size() >= 20);
    for (const QJsonValue &v : hostile) {
        const QString name = v.toObject()[QStringLiteral("file")].toString();
        QTest::newRow(qPrintable(name)) << dataPath(QStringLiteral("pickle/") + name);
    }
}

void TestResourceBounds::hostilePicklesUnderTwoGiB()
{
    // Issue 13: every hostile pickle (os.system, eval, deep nesting, memo and copy bombs, lying
    // lengths and shapes, truncation, garbage) inside a 2 GiB address space: `check` refuses it
    // (exit 1, one line), `info --json` gives its pickled member an "error" and no "object". Times are
    // printed, not judged.
    QFETCH(QString, file);
    const QString limit = kSanitized ? QString() : QStringLiteral("ulimit -v 2097152 && ");
    auto run = [&](const QString &command, QString *out, QString *err) {
        QProcess p;
        p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), limit + QStringLiteral("exec \"$0\" %1 \"$1\"").arg(command),
                                            QStringLiteral(NPY_TOOL_PATH), file});
        QElapsedTimer timer;
        timer.start();
        if (!p.waitForFinished(60000))
            return -2;
        if (timer.elapsed() > 2000)
            qWarning("%s %s took %lld ms", qPrintable(command), qPrintable(file), timer.elapsed());
        *out = QString::fromUtf8(p.readAllStandardOutput());
        *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QString out, err;
    QCOMPARE(run(QStringLiteral("check"), &out, &err), 1);
    QCOMPARE(err.count(QLatin1Char('\n')), 1);
    QCOMPARE(run(QStringLiteral("info --json"), &out, &err), 0);
    const QJsonArray members = QJsonDocument::fromJson(out.toUtf8()).object()[QStringLiteral("members")].toArray();
    int refused = 0;
    for (const QJsonValue &m : members) {
        const QJsonObject o = m.toObject();
        if (!o[QStringLiteral("pickled")].toBool())
            continue;
        QVERIFY2(o.contains(QStringLiteral("error")) && !o.contains(QStringLiteral("object")), qPrintable(out));
        ++refused;
    }
    QVERIFY2(refused >= 1, qPrintable(out));
}

void TestResourceBounds::hundredThousandMembers()
{
    // An archive of 100 000 members (zip64 end of central directory) lists and reads.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("many.npz"));
    NpyHeader h;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("|u1"), &h.dtype, &error));
    h.shape = {1};
    h.elementCount = 1;
    h.dataBytes = 1;
    QList<SaveMember> members;
    members.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        SaveMember m;
        m.key = QStringLiteral("m%1").arg(i);
        m.array = NpyArray(h, QByteArray(1, char(i & 0xff)));
        members.append(m);
    }
    Status st = saveFile(path, members, SaveFormat::NpzStored);
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    QCOMPARE(source.value()->members().size(), 100000);
    const int last = source.value()->indexOf(QStringLiteral("m99999"));
    QCOMPARE(last, 99999);
    Result<NpyArray> a = source.value()->load(last);
    QVERIFY(a.ok());
    QCOMPARE(int(*a->data()), 99999 & 0xff);
}

QTEST_GUILESS_MAIN(TestResourceBounds)
#include "tst_resourcebounds.moc"
