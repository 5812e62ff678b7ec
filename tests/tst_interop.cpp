#include "testdata.h"

#include "npyfile.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;
using namespace npytest;

namespace {

// Loads each (original, ours) pair with NumPy and compares dtype, shape, order and bytes.
const char kCompare[] = R"(
import sys, numpy as np
bad = 0
for line in sys.stdin:
    orig, ours = line.rstrip('\n').split('\t')
    a = np.load(orig, allow_pickle=False, max_header_size=1 << 24)
    b = np.load(ours, allow_pickle=False, max_header_size=1 << 24)
    same = (a.dtype == b.dtype and a.dtype.descr == b.dtype.descr and a.shape == b.shape
            and a.flags.f_contiguous == b.flags.f_contiguous
            and a.tobytes(order='A') == b.tobytes(order='A'))
    if not same:
        bad += 1
        print('MISMATCH', orig, a.dtype, b.dtype, a.shape, b.shape)
print('compared', bad)
sys.exit(1 if bad else 0)
)";

} // namespace

class TestInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void numpyLoadsWhatWeWrite();
};

void TestInterop::numpyLoadsWhatWeWrite()
{
    const QString python = npytest::pythonWithNumpy();
    if (python.isEmpty())
        QSKIP("no python3 with NumPy here (CI installs python3-numpy)");
    QTemporaryDir tmp;
    QByteArray pairs;
    int written = 0;
    for (const QJsonValue &v : manifest(QStringLiteral("npy/expected.json"))) {
        if (v[QStringLiteral("pickled")].toBool())
            continue;
        const QString file = v[QStringLiteral("file")].toString();
        const QString in = dataPath(QStringLiteral("npy/") + file);
        Result<NpyArray> array = readNpyFile(in);
        QVERIFY2(array.ok(), qPrintable(array.error()));
        const QString out = tmp.filePath(file);
        Status st = saveNpyFile(out, array.value());
        QVERIFY2(st.ok(), qPrintable(st.error()));
        pairs += (in + QLatin1Char('\t') + out + QLatin1Char('\n')).toUtf8();
        ++written;
    }
    QVERIFY(written > 100);
    QProcess p;
    p.start(python, {QStringLiteral("-c"), QString::fromUtf8(kCompare)});
    QVERIFY(p.waitForStarted());
    p.write(pairs);
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(300000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("compared 0")), qPrintable(out));
}

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
