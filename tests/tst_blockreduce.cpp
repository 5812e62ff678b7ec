// blockreduce: core's exact block reductions of a heatmap slice (reduceSlice, and sampleSlice's pooling where a
// block is small enough to be read whole) against NumPy's on the same blocks, computed in the test: output row r
// covers input rows r*H//h .. (r+1)*H//h - 1, columns likewise; count is np.count_nonzero of the block (NaN
// counts), max/min/absmax NumPy's nanmax/nanmin (NaN only for an all-NaN block), mean nanmean. Float64 with NaN,
// -0.0 and infinities, big-endian int16, bool, complex (by magnitude), float32 at one pixel per element.
#include "elements.h"
#include "heatmap.h"
#include "opensource.h"
#include "slicespec.h"
#include "source.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace npy;

Q_DECLARE_METATYPE(npy::Reduction)

namespace {

// Writes each case's array to DIR/NAME.npy and prints, per case and output size, NumPy's block reductions.
const char kScript[] = R"PY(
import json, sys, warnings
import numpy as np
warnings.simplefilter('ignore')
out = sys.argv[1]
rng = np.random.default_rng(7)
f = rng.normal(size=(37, 53))
f[rng.random(f.shape) < 0.6] = 0.0
f[rng.random(f.shape) < 0.05] = -0.0
f[rng.random(f.shape) < 0.05] = np.nan
f[:6, :11] = np.nan                      # whole blocks of NaN at the small sizes
f[20, 30] = np.inf
f[21, 31] = -np.inf
i = rng.integers(-300, 300, size=(40, 31)).astype('>i2')
i[rng.random(i.shape) < 0.7] = 0
b = rng.random((29, 64)) < 0.2
c = (rng.normal(size=(16, 24)) + 1j * rng.normal(size=(16, 24)))
c[rng.random(c.shape) < 0.5] = 0
c[3, :] = 1j                              # zero real part, non-zero complex
s = rng.normal(size=(9, 12)).astype('<f4')
s[s < 0.3] = 0
cases = {'f8': (f, [(7, 5), (53, 37), (10, 1), (1, 37), (20, 13)]),
         'i2be': (i, [(7, 5), (31, 40), (4, 9)]),
         'bool': (b, [(8, 3), (64, 29), (5, 5)]),
         'c16': (c, [(6, 4), (24, 16)]),
         'f4': (s, [(12, 9), (3, 2)])}
def blocks(n, k):
    return [(r * n // k, (r + 1) * n // k) for r in range(k)]
def cell(v):
    v = float(v)
    if np.isnan(v):
        return None
    if np.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v
result = {}
for name, (a, sizes) in cases.items():
    np.save(f'{out}/{name}.npy', a)
    v = np.abs(a) if a.dtype.kind == 'c' else a.astype(np.float64)
    per = []
    for (w, h) in sizes:
        red = {'count': [], 'max': [], 'min': [], 'absmax': [], 'mean': []}
        for (r0, r1) in blocks(a.shape[0], h):
            for (c0, c1) in blocks(a.shape[1], w):
                blk = v[r0:r1, c0:c1]
                red['count'].append(int(np.count_nonzero(a[r0:r1, c0:c1])))
                red['max'].append(cell(np.nanmax(blk)))
                red['min'].append(cell(np.nanmin(blk)))
                red['absmax'].append(cell(np.nanmax(np.abs(blk))))
                red['mean'].append(cell(np.nanmean(blk)))
        per.append({'w': w, 'h': h, 'values': red})
    result[name] = per
print(json.dumps(result))
)PY";

/** The whole 2-D slice of the `.npy` file at \a path, complex arrays by magnitude. */
Result<SliceAccess> sliceOf(const QString &path)
{
    auto source = openSource(path);
    if (!source)
        return Result<SliceAccess>::failure(source.error());
    auto array = source.value()->load(0);
    if (!array)
        return Result<SliceAccess>::failure(array.error());
    return SliceAccess::create(array.value(), SliceSpec::defaultFor(array.value().header()), ComplexPart::Magnitude);
}

} // namespace

class TestBlockReduce : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesNumpy_data();
    void matchesNumpy();
    void poolingOfWholeBlocksCounts();
    void countName();

private:
    QTemporaryDir mDir;
    QJsonObject mExpected;
};

void TestBlockReduce::initTestCase()
{
    QVERIFY(mDir.isValid());
    QString output;
    QVERIFY2(npytest::runPython(QString::fromUtf8(kScript), {mDir.path()}, &output), qPrintable(output));
    QJsonParseError error{};
    mExpected = QJsonDocument::fromJson(output.toUtf8(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError && !mExpected.isEmpty(), qPrintable(output.left(400)));
}

void TestBlockReduce::matchesNumpy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("key");
    QTest::addColumn<Reduction>("reduction");
    const QList<QPair<QString, Reduction>> reductions = {{QStringLiteral("count"), Reduction::NonZero},
                                                         {QStringLiteral("max"), Reduction::MaxPool},
                                                         {QStringLiteral("min"), Reduction::MinPool},
                                                         {QStringLiteral("absmax"), Reduction::AbsMax},
                                                         {QStringLiteral("mean"), Reduction::Mean}};
    for (auto it = mExpected.begin(); it != mExpected.end(); ++it) {
        const QJsonArray sizes = it.value().toArray();
        for (int s = 0; s < sizes.size(); ++s) {
            const QJsonObject o = sizes[s].toObject();
            for (const auto &r : reductions)
                QTest::newRow(qPrintable(QStringLiteral("%1 %2x%3 %4")
                                             .arg(it.key())
                                             .arg(o[QStringLiteral("w")].toInt())
                                             .arg(o[QStringLiteral("h")].toInt())
                                             .arg(r.first)))
                    << it.key() << s << r.first << r.second;
        }
    }
}

void TestBlockReduce::matchesNumpy()
{
    QFETCH(QString, name);
    QFETCH(int, size);
    QFETCH(QString, key);
    QFETCH(Reduction, reduction);
    const QJsonObject o = mExpected[name].toArray()[size].toObject();
    const int w = o[QStringLiteral("w")].toInt(), h = o[QStringLiteral("h")].toInt();
    const QJsonArray want = o[QStringLiteral("values")].toObject()[key].toArray();
    QCOMPARE(want.size(), w * h);

    const Result<SliceAccess> access = sliceOf(mDir.filePath(name + QStringLiteral(".npy")));
    QVERIFY2(access.ok(), qPrintable(access.error()));
    SampleRequest request;
    request.output = QSize(w, h);
    request.reduction = reduction;
    SampledImage image;
    QVERIFY(reduceSlice(access.value(), request, &image));
    QCOMPARE(image.size, QSize(w, h));
    QCOMPARE(image.valid, QRect(0, 0, w, h));
    for (int i = 0; i < w * h; ++i) {
        const double expected = npytest::jsonDouble(want[i]);
        const double got = image.values[size_t(i)];
        const QString where = QStringLiteral("pixel (%1, %2): ours %3, NumPy's %4")
                                  .arg(i % w)
                                  .arg(i / w)
                                  .arg(got, 0, 'g', 17)
                                  .arg(expected, 0, 'g', 17);
        if (std::isnan(expected)) {
            QVERIFY2(std::isnan(got), qPrintable(where));
        } else if ((reduction == Reduction::Mean || (name == QLatin1String("c16") && reduction != Reduction::NonZero))
                   && std::isfinite(expected)) {
            // NumPy sums pairwise, the engine with compensation; NumPy's SIMD |z| may differ from hypot() in the
            // last bit: they agree to the last bits.
            QVERIFY2(std::abs(got - expected) <= 1e-14 * std::max(1.0, std::abs(expected)), qPrintable(where));
        } else {
            QVERIFY2(got == expected, qPrintable(where));
        }
    }
}

void TestBlockReduce::poolingOfWholeBlocksCounts()
{
    // sampleSlice()'s pooling reads every element of blocks up to poolLimit^2: there its counts are exact too
    // (the heatmap's preview), and at one pixel per element a count is 0 or 1, never the value.
    const QJsonObject o = mExpected[QStringLiteral("i2be")].toArray()[0].toObject();
    const QJsonArray want = o[QStringLiteral("values")].toObject()[QStringLiteral("count")].toArray();
    const Result<SliceAccess> access = sliceOf(mDir.filePath(QStringLiteral("i2be.npy")));
    QVERIFY2(access.ok(), qPrintable(access.error()));
    const SliceAccess &slice = access.value();
    SampleRequest request;
    request.source = QRectF(0, 0, double(slice.cols()), double(slice.rows()));
    request.reduction = Reduction::NonZero;
    request.output = QSize(o[QStringLiteral("w")].toInt(), o[QStringLiteral("h")].toInt());
    SampledImage pooled;
    QVERIFY(sampleSlice(slice, request, &pooled));
    qint64 total = 0, totalWanted = 0;
    for (int i = 0; i < want.size(); ++i) {
        total += qint64(pooled.values[size_t(i)]);
        totalWanted += want[i].toInteger();
    }
    QCOMPARE(total, totalWanted);
    request.output = QSize(int(slice.cols()), int(slice.rows()));
    QVERIFY(sampleSlice(slice, request, &pooled));
    for (qint64 r = 0; r < slice.rows(); ++r) {
        for (qint64 c = 0; c < slice.cols(); ++c) {
            const double v = pooled.values[size_t(r * slice.cols() + c)];
            QCOMPARE(v, slice.value(r, c) != 0.0 ? 1.0 : 0.0);
        }
    }
}

void TestBlockReduce::countName()
{
    QCOMPARE(reductionName(Reduction::NonZero), QStringLiteral("Count of non-zeros"));
}

QTEST_GUILESS_MAIN(TestBlockReduce)
#include "tst_blockreduce.moc"
