// sortorder: the permutation that sorts a 1-D series (core/analysis/sortorder) against NumPy's
// np.argsort(a, kind='stable') (ascending) and the stable descending order NumPy gives as
// the reverse of its runs of equal values, each run in index order, computed in the test; NaN, NaT and complex
// values with a NaN part last either way, in index order (NumPy orders the complex ones among themselves).
// Every sortable kind: bool, integers of every width in both byte orders (int64 beyond 2^53, compared
// exactly), float16/32/64, complex, datetimes with NaT, bytes and strings; refusals name the member.
#include "npyfile.h"
#include "sortorder.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

namespace {

const char kScript[] = R"PY(
import json, sys
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(11)
n = 257
def ints(dt):
    info = np.iinfo(dt)
    a = rng.integers(info.min, info.max, size=n, dtype=np.int64 if info.min < 0 else np.uint64, endpoint=True)
    a[::7] = a[3]                                # ties
    return a.astype(dt)
f8 = rng.normal(size=n); f8[::9] = np.nan; f8[5::11] = 0.5; f8[6] = -0.0; f8[7] = 0.0; f8[8] = np.inf; f8[9] = -np.inf
c16 = (rng.integers(-3, 3, n) + 1j * rng.integers(-3, 3, n)).astype('<c16'); c16[::13] = complex(np.nan, 1)
c16[4] = complex(1, np.nan)
dt = (np.datetime64('2020-01-01T00:00') + rng.integers(-5, 5, n).astype('m8[m]')).astype('>M8[m]')
dt[::17] = np.datetime64('NaT')
s = np.array([bytes(rng.choice(list(b'ab\x00c'), size=rng.integers(0, 5)).tolist()).rstrip(b'\x00') for _ in range(n)], dtype='S4')
u = np.array([''.join(rng.choice(list('aéz€\U0001F600'), size=rng.integers(0, 4))) for _ in range(n)], dtype='>U3')
cases = {
    'bool': rng.random(n) < 0.5,
    'i1': ints(np.int8), '>i2': ints('>i2'), '<i4': ints('<i4'), '>i8': ints('>i8'),
    'u1': ints(np.uint8), '>u2': ints('>u2'), '<u4': ints('<u4'), '<u8': ints('<u8'),
    'i8big': np.array([2**62 + 1, 2**62, 2**62 + 3, -2**62, 2**62 + 2, 2**62], dtype='<i8'),
    '<f8': f8, '>f4': f8.astype('>f4'), '<f2': f8.astype('<f2'),
    'c16': c16, '>c8': c16.astype('>c8'),
    'M8': dt, '<m8': (dt - np.datetime64('2020-01-01T00:00')).astype('<m8[s]'),
    'S4': s, 'U3': u,
    'empty': np.zeros(0, dtype='<f8'),
}
expected = {}
for name, a in cases.items():
    np.save(f'{out}/{name}.npy', a)
    asc = np.argsort(a, kind='stable')
    # Descending, equal values kept in index order, the missing ones last: rank by the ascending order.
    if a.dtype.kind in 'fc':
        miss = np.isnan(a)
    elif a.dtype.kind in 'mM':
        miss = np.isnat(a)
    else:
        miss = np.zeros(a.shape, bool)
    present = asc[~miss[asc]]
    vals = a[present]
    # Group runs of equal values (NumPy's ==); the groups in reverse order, each group in index order.
    groups = np.split(present, np.flatnonzero(vals[1:] != vals[:-1]) + 1) if len(present) else []
    desc = [int(i) for g in reversed(groups) for i in sorted(g)] + [int(i) for i in np.flatnonzero(miss)]
    # NumPy puts NaN and NaT last in index order; complex values with a NaN part last in its own order of
    # them (R+nanj, nan+Rj, ...): ours keeps those in index order too.
    asc = [int(i) for i in present] + [int(i) for i in np.flatnonzero(miss)]
    expected[name] = {'asc': asc, 'desc': desc}
print(json.dumps(expected))
)PY";

} // namespace

class TestSortOrder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesNumpy_data();
    void matchesNumpy();
    void refusals_data();
    void refusals();
    void cancelled();

private:
    QTemporaryDir mDir;
    QJsonObject mExpected;
};

void TestSortOrder::initTestCase()
{
    QVERIFY(mDir.isValid());
    QString output;
    QVERIFY2(npytest::runPython(QString::fromUtf8(kScript), {mDir.path()}, &output), qPrintable(output));
    mExpected = QJsonDocument::fromJson(output.toUtf8()).object();
    QVERIFY2(mExpected.size() >= 20, qPrintable(output.left(400)));
}

void TestSortOrder::matchesNumpy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("descending");
    for (auto it = mExpected.begin(); it != mExpected.end(); ++it) {
        QTest::newRow(qPrintable(it.key() + QStringLiteral(" ascending"))) << it.key() << false;
        QTest::newRow(qPrintable(it.key() + QStringLiteral(" descending"))) << it.key() << true;
    }
}

void TestSortOrder::matchesNumpy()
{
    QFETCH(QString, name);
    QFETCH(bool, descending);
    auto array = readNpyFile(mDir.filePath(name + QStringLiteral(".npy")));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const auto order = sortPermutation(array.value(), descending, name);
    QVERIFY2(order.ok(), qPrintable(order.error()));
    const QJsonArray want = mExpected[name].toObject()[descending ? QStringLiteral("desc") : QStringLiteral("asc")]
                                .toArray();
    QCOMPARE(qsizetype(order.value().size()), want.size());
    for (qsizetype i = 0; i < want.size(); ++i)
        QVERIFY2(order.value()[size_t(i)] == want[i].toInteger(),
                 qPrintable(QStringLiteral("position %1: ours %2, NumPy's %3")
                                .arg(i)
                                .arg(order.value()[size_t(i)])
                                .arg(want[i].toInteger())));
}

void TestSortOrder::refusals_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("2-D") << QStringLiteral("np.zeros((2, 3))") << QStringLiteral("2 axes");
    QTest::newRow("record") << QStringLiteral("np.zeros(3, dtype=[('a', '<i4'), ('b', '<f8')])")
                            << QStringLiteral("no order");
    QTest::newRow("void") << QStringLiteral("np.zeros(3, dtype='V4')") << QStringLiteral("no order");
}

void TestSortOrder::refusals()
{
    QFETCH(QString, script);
    QFETCH(QString, fragment);
    const QString path = mDir.filePath(QStringLiteral("refused.npy"));
    QString output;
    QVERIFY2(npytest::runPython(QStringLiteral("import sys, numpy as np; np.save(sys.argv[1], %1)").arg(script),
                                {path}, &output),
             qPrintable(output));
    auto array = readNpyFile(path);
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const auto order = sortPermutation(array.value(), false, QStringLiteral("member 'x'"));
    QVERIFY(!order.ok());
    QVERIFY2(order.error().contains(fragment) && order.error().contains(QLatin1String("member 'x'")),
             qPrintable(order.error()));
}

void TestSortOrder::cancelled()
{
    auto array = readNpyFile(mDir.filePath(QStringLiteral("<f8.npy")));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    std::atomic_bool cancel{true};
    const auto order = sortPermutation(array.value(), false, QStringLiteral("x"), &cancel);
    QVERIFY(order.ok());
    QVERIFY(order.value().empty());
}

QTEST_GUILESS_MAIN(TestSortOrder)
#include "tst_sortorder.moc"
