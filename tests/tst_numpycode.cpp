// Copy as NumPy code: the text NumPy evaluates back to the very same array, for every dtype.
#include "testdata.h"

#include "numpycode.h"
#include "opensource.h"
#include "source.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

class TestNumpyCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void literals_data();
    void literals();
    void everyDtypeEvaluatesBackExactly();
};

void TestNumpyCode::literals_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("code");
    QTest::newRow("f4") << "f4" << "np.array([0.5, -1.25, np.inf, np.nan, 3000.0], dtype='<f4')";
    QTest::newRow("S5") << "S5" << "np.array([b'ab', b'hello', b''], dtype='|S5')";
    QTest::newRow("0-d") << "zero_d" << "np.array(3.25, dtype='<f8')";
    QTest::newRow("empty 3-d") << "empty_3d" << "np.empty((2, 0, 3), dtype='<i2')";
    QTest::newRow("2-d") << "c_2d" << "np.array([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], dtype='<u2')";
}

void TestNumpyCode::literals()
{
    QFETCH(QString, member);
    QFETCH(QString, code);
    auto source = openSource(npytest::dataPath(QStringLiteral("npz/dtypes.npz")));
    QVERIFY2(source, qPrintable(source.error()));
    for (int i = 0; i < source.value()->members().size(); ++i) {
        if (source.value()->members()[i].name != member)
            continue;
        auto array = source.value()->load(i);
        QVERIFY2(array, qPrintable(array.error()));
        QCOMPARE(numpyCode(array.value()), code);
        return;
    }
    QFAIL("no such member");
}

void TestNumpyCode::everyDtypeEvaluatesBackExactly()
{
    const QString path = npytest::dataPath(QStringLiteral("npz/dtypes.npz"));
    auto source = openSource(path);
    QVERIFY2(source, qPrintable(source.error()));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString lines;
    int count = 0;
    for (int i = 0; i < source.value()->members().size(); ++i) {
        const MemberInfo &m = source.value()->members()[i];
        if (!m.isArray || m.header.dtype.kind == Kind::Object)
            continue;
        auto array = source.value()->load(i);
        QVERIFY2(array, qPrintable(array.error()));
        lines += m.name + QLatin1Char('\t') + numpyCode(array.value()) + QLatin1Char('\n');
        ++count;
    }
    QVERIFY(count > 30);
    QFile codes(dir.filePath(QStringLiteral("codes.txt")));
    QVERIFY(codes.open(QIODevice::WriteOnly));
    codes.write(lines.toUtf8());
    codes.close();
    const QString script = QStringLiteral(
        "import sys, numpy as np\n"
        "d = np.load(sys.argv[1])\n"
        "bad = []\n"
        "for line in open(sys.argv[2], encoding='utf-8').read().splitlines():\n"
        "    name, code = line.split('\\t', 1)\n"
        "    a, b = eval(code), d[name]\n"
        "    if a.dtype != b.dtype or a.shape != b.shape or a.tobytes() != b.tobytes():\n"
        "        bad.append(name + ': ' + code[:200])\n"
        "print('\\n'.join(bad))\n"
        "sys.exit(1 if bad else 0)\n");
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(npytest::pythonWithNumpy(), {QStringLiteral("-c"), script, path, codes.fileName()});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray output = p.readAll();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, output.constData());
}

QTEST_GUILESS_MAIN(TestNumpyCode)
#include "tst_numpycode.moc"
