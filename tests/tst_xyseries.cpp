// xyseries: y against x (core/analysis/xyseries) against NumPy. Series written by NumPy in a temporary folder (floats
// with ties, NaN and ±inf, integers, big-endian floats, datetimes with NaT, columns of C and Fortran point clouds,
// record fields), and what NumPy says of them: the order (np.all(x[1:] >= x[:-1])), the finite extremes, the
// blocks of a sorted x over a range (np.searchsorted on np.linspace's edges), the points in a range.
#include "npyfile.h"
#include "testdata.h"
#include "xyseries.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace npy;

namespace {

const char *kScript = R"PY(
import sys, os, json
import numpy as np
out = sys.argv[1]
rng = np.random.default_rng(23)
series = {}
def put(name, a, column=-1, field=None):
    np.save(os.path.join(out, name + '.npy'), a)
    v = a
    if field is not None:
        v = v[field]
    if column >= 0:
        v = v[:, column]
    if v.dtype.kind == 'M':
        f = v.view('i8').astype(float)
        f[np.isnat(v)] = np.nan
    else:
        f = v.astype(float)
    series[name] = (f, column, field)
asc = np.sort(rng.normal(size=5000)); asc[100:140] = asc[100]
put('asc', asc)
put('desc_i8', np.sort(rng.integers(-10**9, 10**9, size=3001))[::-1].copy())
put('unordered', rng.normal(size=777))
put('with_nan', np.where(np.arange(400) == 123, np.nan, np.arange(400.0)))
put('with_inf', np.concatenate([[-np.inf], np.arange(50.0), [np.inf]]))
put('constant', np.full(40, 7, dtype=np.int16))
put('one', np.array([3.5]))
put('empty', np.zeros(0))
put('be_f4', np.sort(rng.normal(size=1200)).astype('>f4'))
t = np.datetime64('2024-03-01T00:00:00') + np.cumsum(rng.integers(0, 600, size=2000)).astype('m8[s]')
put('dates', t)
tn = t.copy(); tn[50] = np.datetime64('NaT')
put('dates_nat', tn)
cloud = rng.normal(size=(3000, 3)); cloud[:, 0] = np.sort(cloud[:, 0])
put('cloud', cloud, column=0)
put('cloud_y', cloud, column=1)
put('fcloud', np.asfortranarray(cloud), column=0)
rec = np.zeros(900, dtype=[('t', '<i8'), ('v', '>f8')])
rec['t'] = np.arange(900)[::-1] * 5
rec['v'] = rng.normal(size=900); rec['v'][::37] = np.nan
put('rec_t', rec, field='t')
put('rec_v', rec, field='v')
u8 = rng.integers(0, 255, size=700).astype(np.uint8)
put('u8', u8)
put('u8_y', rng.normal(size=700))

def scan(f):
    nan = int(np.isnan(f).sum())
    fin = f[np.isfinite(f)]
    up = nan == 0 and bool(np.all(f[1:] >= f[:-1]))
    down = nan == 0 and not up and bool(np.all(f[1:] <= f[:-1]))
    return {'order': 'asc' if up else 'desc' if down else 'none', 'finite': int(fin.size), 'nan': nan,
            'min': float(fin.min()) if fin.size else None, 'max': float(fin.max()) if fin.size else None}

def num(v):
    return None if np.isnan(v) else float(v)

def block(x, y, idx, asc):
    idx = np.sort(idx)
    yy = y[idx]
    left, right = (idx[0], idx[-1]) if asc else (idx[-1], idx[0])
    ok = ~np.isnan(yy)
    return {'start': int(idx[0]), 'stop': int(idx[-1]) + 1, 'first': num(y[left]), 'last': num(y[right]),
            'min': float(np.nanmin(yy)) if ok.any() else None, 'max': float(np.nanmax(yy)) if ok.any() else None,
            'xLeft': float(x[left]), 'xRight': float(x[right])}

def sorted_env(x, y, x0, x1, bins):
    asc = bool(np.all(x[1:] >= x[:-1]))
    e = np.linspace(x0, x1, bins + 1)
    k = np.searchsorted(e, x, 'right') - 1
    k[x == x1] = bins - 1
    inside = (x >= x0) & (x <= x1)
    out = []
    left = np.nonzero(x < x0)[0]
    if left.size:
        out.append(block(x, y, [left[-1] if asc else left[0]], asc))
    for b in range(bins):
        idx = np.nonzero(inside & (k == b))[0]
        if idx.size:
            out.append(block(x, y, idx, asc))
    right = np.nonzero(x > x1)[0]
    if right.size:
        out.append(block(x, y, [right[0] if asc else right[-1]], asc))
    return out

doc = {'series': {}, 'envelopes': [], 'points': []}
for name, (f, column, field) in series.items():
    doc['series'][name] = {'column': column, 'field': field, 'scan': scan(f)}
for xs, ys, x0, x1, bins in [('asc', 'unordered_y', -1.0, 1.0, 37), ('asc', 'asc', asc[100], 2.5, 300),
                             ('desc_i8', 'desc_i8', -5e8, 7e8, 64), ('be_f4', 'be_f4', -9.0, 9.0, 5),
                             ('cloud', 'cloud_y', -0.5, 0.25, 50), ('fcloud', 'cloud_y', -3.0, 3.0, 1),
                             ('dates', 'dates', float(t.view('i8')[10]), float(t.view('i8')[1500]), 200),
                             ('rec_t', 'rec_v', 100.0, 3000.0, 77), ('constant', 'constant', 6.0, 8.0, 4),
                             ('one', 'one', 0.0, 1.0, 3)]:
    xf = series[xs][0]
    yf = series[ys][0] if ys in series else rng.normal(size=xf.size)
    if ys not in series:
        put(ys, yf)
        doc['series'][ys] = {'column': -1, 'field': None, 'scan': scan(yf)}
    doc['envelopes'].append({'x': xs, 'y': ys, 'x0': x0, 'x1': x1, 'bins': bins,
                             'blocks': sorted_env(xf, series[ys][0], x0, x1, bins)})
for xs, ys, r in [('cloud', 'cloud_y', [-0.5, 0.5, -1.0, 0.0]), ('rec_t', 'rec_v', None),
                  ('with_inf', 'with_inf', None), ('u8', 'u8_y', [10, 200, -1.0, 1.5]),
                  ('dates_nat', 'dates', None)]:
    xf, yf = series[xs][0], series[ys][0]
    if r is None:
        sel = np.isfinite(xf) & np.isfinite(yf)
    else:
        sel = (xf >= r[0]) & (xf <= r[1]) & (yf >= r[2]) & (yf <= r[3])
    doc['points'].append({'x': xs, 'y': ys, 'range': r, 'index': np.nonzero(sel)[0].tolist()})
with open(os.path.join(out, 'expected.json'), 'w') as fh:
    json.dump(doc, fh)
)PY";

double number(const QJsonValue &v)
{
    return v.isNull() ? std::nan("") : v.toDouble();
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

class TestXYSeries : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scanMatchesNumpy_data();
    void scanMatchesNumpy();
    void sortedEnvelopeMatchesNumpy_data();
    void sortedEnvelopeMatchesNumpy();
    void pointsMatchNumpy_data();
    void pointsMatchNumpy();
    void refusals();

private:
    /** Series \a name as it lies in its array (kept in mArrays). */
    SeriesMemory series(const QString &name);

    QTemporaryDir mDir;
    QJsonObject mExpected;
    QHash<QString, NpyArray> mArrays;
};

void TestXYSeries::initTestCase()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    QVERIFY(mDir.isValid());
    QString output;
    QVERIFY2(npytest::runPython(QString::fromLatin1(kScript), {mDir.path()}, &output), qPrintable(output));
    QFile f(mDir.filePath(QStringLiteral("expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    mExpected = QJsonDocument::fromJson(f.readAll()).object();
    QVERIFY(mExpected[QStringLiteral("series")].toObject().size() >= 19);
}

SeriesMemory TestXYSeries::series(const QString &name)
{
    const QJsonObject s = mExpected[QStringLiteral("series")].toObject()[name].toObject();
    if (!mArrays.contains(name)) {
        const Result<NpyArray> a = readNpyFile(mDir.filePath(name + QStringLiteral(".npy")));
        if (!a)
            qFatal("cannot read %s: %s", qPrintable(name), qPrintable(a.error()));
        mArrays.insert(name, a.value());
    }
    const NpyArray &a = mArrays[name];
    int field = -1;
    const QList<LeafColumn> leaves = leafColumns(a.dtype());
    for (int i = 0; i < leaves.size() && s[QStringLiteral("field")].isString(); ++i)
        if (leaves[i].name == s[QStringLiteral("field")].toString())
            field = i;
    const Result<SeriesLayout> l = seriesLayout(a.header(), field, s[QStringLiteral("column")].toInt());
    if (!l)
        qFatal("no layout for %s: %s", qPrintable(name), qPrintable(l.error()));
    SeriesMemory m;
    m.first = a.data() + l->offset;
    m.stride = l->stride;
    m.type = l->type;
    m.count = l->count;
    return m;
}

void TestXYSeries::scanMatchesNumpy_data()
{
    QTest::addColumn<QString>("name");
    const QJsonObject all = mExpected[QStringLiteral("series")].toObject();
    for (auto it = all.begin(); it != all.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestXYSeries::scanMatchesNumpy()
{
    QFETCH(QString, name);
    const QJsonObject want = mExpected[QStringLiteral("series")].toObject()[name].toObject()[QStringLiteral("scan")].toObject();
    const SeriesScan s = scanSeries(series(name));
    const QString order = s.order == SeriesOrder::Ascending    ? QStringLiteral("asc")
                          : s.order == SeriesOrder::Descending ? QStringLiteral("desc")
                                                               : QStringLiteral("none");
    QCOMPARE(order, want[QStringLiteral("order")].toString());
    QCOMPARE(s.finite, qint64(want[QStringLiteral("finite")].toInt()));
    QCOMPARE(s.nan, qint64(want[QStringLiteral("nan")].toInt()));
    QVERIFY2(same(s.min, number(want[QStringLiteral("min")])), qPrintable(QString::number(s.min, 'g', 17)));
    QVERIFY2(same(s.max, number(want[QStringLiteral("max")])), qPrintable(QString::number(s.max, 'g', 17)));
    QVERIFY(!s.cancelled);
}

void TestXYSeries::sortedEnvelopeMatchesNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : mExpected[QStringLiteral("envelopes")].toArray()) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(QStringLiteral("%1 %2 %3 bins")
                                     .arg(o[QStringLiteral("x")].toString(), o[QStringLiteral("y")].toString())
                                     .arg(o[QStringLiteral("bins")].toInt())))
            << o;
    }
}

void TestXYSeries::sortedEnvelopeMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    const SeriesMemory x = series(entry[QStringLiteral("x")].toString());
    const SeriesMemory y = series(entry[QStringLiteral("y")].toString());
    const SeriesScan scan = scanSeries(x);
    QVERIFY(scan.order != SeriesOrder::Unordered);
    const SortedEnvelope e = sortedEnvelope(x, scan.order, y, entry[QStringLiteral("x0")].toDouble(),
                                            entry[QStringLiteral("x1")].toDouble(), entry[QStringLiteral("bins")].toInt());
    QVERIFY(!e.cancelled);
    const QJsonArray want = entry[QStringLiteral("blocks")].toArray();
    QCOMPARE(qsizetype(e.bins.size()), want.size());
    QCOMPARE(e.xLeft.size(), e.bins.size());
    QCOMPARE(e.xRight.size(), e.bins.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QJsonObject w = want[i].toObject();
        const EnvelopeBin &b = e.bins[size_t(i)];
        const QString where = QStringLiteral("block %1 [%2, %3)").arg(i).arg(b.start).arg(b.stop);
        QVERIFY2(b.start == w[QStringLiteral("start")].toInteger() && b.stop == w[QStringLiteral("stop")].toInteger(),
                 qPrintable(where + QStringLiteral(", NumPy [%1, %2)").arg(w[QStringLiteral("start")].toInteger()).arg(w[QStringLiteral("stop")].toInteger())));
        QVERIFY2(same(b.first, number(w[QStringLiteral("first")])), qPrintable(where + QStringLiteral(" first")));
        QVERIFY2(same(b.last, number(w[QStringLiteral("last")])), qPrintable(where + QStringLiteral(" last")));
        QVERIFY2(same(b.min, number(w[QStringLiteral("min")])), qPrintable(where + QStringLiteral(" min")));
        QVERIFY2(same(b.max, number(w[QStringLiteral("max")])), qPrintable(where + QStringLiteral(" max")));
        QVERIFY2(e.xLeft[size_t(i)] == w[QStringLiteral("xLeft")].toDouble(), qPrintable(where + QStringLiteral(" xLeft")));
        QVERIFY2(e.xRight[size_t(i)] == w[QStringLiteral("xRight")].toDouble(), qPrintable(where + QStringLiteral(" xRight")));
    }
}

void TestXYSeries::pointsMatchNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : mExpected[QStringLiteral("points")].toArray()) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(QStringLiteral("%1 %2%3")
                                     .arg(o[QStringLiteral("x")].toString(), o[QStringLiteral("y")].toString(),
                                          o[QStringLiteral("range")].isNull() ? QString() : QStringLiteral(" range"))))
            << o;
    }
}

void TestXYSeries::pointsMatchNumpy()
{
    QFETCH(QJsonObject, entry);
    const SeriesMemory x = series(entry[QStringLiteral("x")].toString());
    const SeriesMemory y = series(entry[QStringLiteral("y")].toString());
    DensityRange range;
    const bool haveRange = !entry[QStringLiteral("range")].isNull();
    if (haveRange) {
        const QJsonArray r = entry[QStringLiteral("range")].toArray();
        range = {r[0].toDouble(), r[1].toDouble(), r[2].toDouble(), r[3].toDouble()};
    }
    const QJsonArray want = entry[QStringLiteral("index")].toArray();
    QVERIFY(!want.isEmpty());
    const PointSet all = pointsInRange(x, y, haveRange ? &range : nullptr, want.size());
    QVERIFY(all.complete);
    QCOMPARE(qsizetype(all.index.size()), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const qint64 k = all.index[size_t(i)];
        QCOMPARE(k, want[i].toInteger());
        double xv = 0, yv = 0;
        // The values kept are the samples at those indexes.
        QVERIFY(computeEnvelope(x, k, k + 1, 1).bins.size() == 1);
        xv = computeEnvelope(x, k, k + 1, 1).bins[0].first;
        yv = computeEnvelope(y, k, k + 1, 1).bins[0].first;
        QCOMPARE(all.x[size_t(i)], xv);
        QCOMPARE(all.y[size_t(i)], yv);
    }
    // One fewer allowed: the pass gives up and keeps nothing.
    const PointSet over = pointsInRange(x, y, haveRange ? &range : nullptr, want.size() - 1);
    QVERIFY(!over.complete);
    QVERIFY(over.index.empty() && over.x.empty() && over.y.empty());
}

void TestXYSeries::refusals()
{
    const SeriesMemory x = series(QStringLiteral("asc"));
    const SeriesMemory other = series(QStringLiteral("unordered"));
    // Different lengths, an unordered x, an empty or reversed range, no bins: no blocks.
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, other, -1, 1, 10).bins.empty());
    QVERIFY(sortedEnvelope(other, SeriesOrder::Unordered, other, -1, 1, 10).bins.empty());
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, x, 1, 1, 10).bins.empty());
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, x, 1, -1, 10).bins.empty());
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, x, -1, 1, 0).bins.empty());
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, x, -1, std::nan(""), 10).bins.empty());
    QVERIFY(!sortedEnvelope(x, SeriesOrder::Ascending, x, -1, 1, 10).bins.empty());
    QVERIFY(pointsInRange(x, other, nullptr, 100000).index.empty());
    // A cancelled pass says so.
    const std::atomic_bool stop{true};
    QVERIFY(scanSeries(x, &stop).cancelled);
    QVERIFY(pointsInRange(x, x, nullptr, 100000, &stop).cancelled);
    QVERIFY(sortedEnvelope(x, SeriesOrder::Ascending, x, -1, 1, 10, &stop).cancelled);
    // Text has no numbers: nothing found.
    SeriesMemory none;
    none.type.kind = Kind::Unicode;
    none.type.itemSize = 4;
    none.count = 0;
    QCOMPARE(scanSeries(none).finite, qint64(0));
    QCOMPARE(scanSeries(none).order, SeriesOrder::Unordered);
}

QTEST_GUILESS_MAIN(TestXYSeries)
#include "tst_xyseries.moc"
