// density: points counted into a grid (core/analysis/density) and `npy-tool density`, against
// np.histogram2d on 1-D members, columns of point clouds (C and Fortran order), record fields and integers, in
// stored and compressed archives, with values on the bin edges, with and without a range
// (tests/data/envelope, written by NumPy); the tool's .npy output loaded back by NumPy and compared there.
#include "density.h"
#include "xyseries.h"
#include "npyfile.h"
#include "opensource.h"
#include "source.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace npy;

namespace {

QJsonArray cases()
{
    QFile f(npytest::dataPath(QStringLiteral("envelope/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no envelope/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("density")].toArray();
}

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
    if (!p.waitForFinished(120000))
        return r;
    r.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/** "x", "cloud:1" or "rec.y" resolved the simple way the fixtures name them. */
bool series(const Source &source, const QString &text, int *index, SeriesLayout *layout)
{
    QString member = text;
    qint64 column = -1;
    int field = -1;
    if (text.contains(QLatin1Char(':'))) {
        member = text.section(QLatin1Char(':'), 0, 0);
        column = text.section(QLatin1Char(':'), 1).toLongLong();
    }
    QString fieldName;
    if (member.contains(QLatin1Char('.'))) {
        fieldName = member.section(QLatin1Char('.'), 1);
        member = member.section(QLatin1Char('.'), 0, 0);
    }
    *index = source.indexOf(member);
    if (*index < 0)
        return false;
    const NpyHeader &h = source.members()[*index].header;
    const QList<LeafColumn> leaves = leafColumns(h.dtype);
    for (int i = 0; i < leaves.size() && !fieldName.isEmpty(); ++i)
        if (leaves[i].name == fieldName)
            field = i;
    const Result<SeriesLayout> l = seriesLayout(h, field, column);
    if (!l)
        return false;
    *layout = l.value();
    return true;
}

QString rangeArg(const QJsonValue &range)
{
    const QJsonArray r = range.toArray();
    return QStringLiteral("%1:%2,%3:%4")
        .arg(r[0][0].toDouble(), 0, 'g', 17)
        .arg(r[0][1].toDouble(), 0, 'g', 17)
        .arg(r[1][0].toDouble(), 0, 'g', 17)
        .arg(r[1][1].toDouble(), 0, 'g', 17);
}

} // namespace

class TestDensity : public QObject
{
    Q_OBJECT

private slots:
    void edgesAreNumpys();
    void engineMatchesNumpy_data();
    void engineMatchesNumpy();
    void toolMatchesNumpy_data();
    void toolMatchesNumpy();
    void memoryMatchesNumpy_data();
    void memoryMatchesNumpy();
    void largeCloudLoadedByNumpy();
    void refusals_data();
    void refusals();
};

void TestDensity::edgesAreNumpys()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    struct Case
    {
        double lo, hi;
        qint64 bins;
    };
    const QList<Case> list = {{-2, 3, 7}, {0.1, 0.7, 3}, {10.25, 10.75, 6}, {-1e300, 1e300, 9}, {1, 1 + 1e-15, 5},
                              {0, 5e-324, 4}};
    QString script = QStringLiteral("import numpy as np\n");
    for (const Case &c : list)
        script += QStringLiteral("print(' '.join(float.hex(float(v)) for v in np.linspace(%1, %2, %3)))\n")
                      .arg(c.lo, 0, 'g', 17)
                      .arg(c.hi, 0, 'g', 17)
                      .arg(c.bins + 1);
    QString output;
    QVERIFY2(npytest::runPython(script, {}, &output), qPrintable(output));
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::vector<double> e = histogramEdges(list[i].lo, list[i].hi, list[i].bins);
        const QStringList want = lines[i].split(QLatin1Char(' '));
        QCOMPARE(qsizetype(e.size()), want.size());
        for (qsizetype k = 0; k < want.size(); ++k)
            QVERIFY2(e[size_t(k)] == std::strtod(want[k].toLatin1().constData(), nullptr),
                     qPrintable(QStringLiteral("case %1 edge %2: %3 vs %4").arg(i).arg(k).arg(e[size_t(k)], 0, 'g', 17).arg(want[k])));
    }
    // The edge rule: a value on an inner edge opens the next bin, on the last edge closes the last one.
    const std::vector<double> e = histogramEdges(0, 1, 4);
    QCOMPARE(histogramBin(e, 0.0), qint64(0));
    QCOMPARE(histogramBin(e, 0.25), qint64(1));
    QCOMPARE(histogramBin(e, std::nextafter(0.25, 0.0)), qint64(0));
    QCOMPARE(histogramBin(e, 1.0), qint64(3));
    QCOMPARE(histogramBin(e, std::nextafter(1.0, 2.0)), qint64(-1));
    QCOMPARE(histogramBin(e, -0.0), qint64(0));
    QCOMPARE(histogramBin(e, std::nan("")), qint64(-1));
}

void TestDensity::engineMatchesNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray list = cases();
    QVERIFY(list.size() >= 8);
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(QStringLiteral("%1 %2 %3 %4x%5%6")
                                     .arg(o[QStringLiteral("file")].toString(), o[QStringLiteral("x")].toString(),
                                          o[QStringLiteral("y")].toString())
                                     .arg(o[QStringLiteral("bins")][0].toInt())
                                     .arg(o[QStringLiteral("bins")][1].toInt())
                                     .arg(o[QStringLiteral("range")].isNull() ? QString() : QStringLiteral(" range"))))
            << o;
    }
}

void TestDensity::engineMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    auto source = openSource(npytest::dataPath(QStringLiteral("envelope/") + entry[QStringLiteral("file")].toString()));
    QVERIFY(source.ok());
    int xi = -1, yi = -1;
    SeriesLayout x, y;
    QVERIFY(series(*source.value(), entry[QStringLiteral("x")].toString(), &xi, &x));
    QVERIFY(series(*source.value(), entry[QStringLiteral("y")].toString(), &yi, &y));
    DensityRange range;
    const bool haveRange = !entry[QStringLiteral("range")].isNull();
    if (haveRange) {
        const QJsonArray r = entry[QStringLiteral("range")].toArray();
        range = {r[0][0].toDouble(), r[0][1].toDouble(), r[1][0].toDouble(), r[1][1].toDouble()};
    }
    const qint64 w = entry[QStringLiteral("bins")][0].toInt(), h = entry[QStringLiteral("bins")][1].toInt();
    const Result<Density> d = computeDensity(*source.value(), xi, x, yi, y, w, h, haveRange ? &range : nullptr);
    QVERIFY2(d.ok(), qPrintable(d.error()));
    const QJsonArray want = entry[QStringLiteral("counts")].toArray();
    QCOMPARE(want.size(), w);
    for (qint64 i = 0; i < w; ++i)
        for (qint64 j = 0; j < h; ++j)
            QVERIFY2(d->counts[size_t(i * h + j)] == qint64(want[i][j].toDouble()),
                     qPrintable(QStringLiteral("bin (%1, %2): %3, NumPy %4").arg(i).arg(j).arg(d->counts[size_t(i * h + j)]).arg(want[i][j].toDouble())));
    QCOMPARE(d->nanPoints, qint64(entry[QStringLiteral("nan")].toInt()));
    QCOMPARE(d->outsidePoints, qint64(entry[QStringLiteral("outside")].toInt()));
}

void TestDensity::memoryMatchesNumpy_data()
{
    engineMatchesNumpy_data();
}

void TestDensity::memoryMatchesNumpy()
{
    // The series of loaded members (a plot's): the same counts; without a range, over their finite extremes.
    QFETCH(QJsonObject, entry);
    auto source = openSource(npytest::dataPath(QStringLiteral("envelope/") + entry[QStringLiteral("file")].toString()));
    QVERIFY(source.ok());
    SeriesMemory mem[2];
    NpyArray arrays[2];
    for (int k = 0; k < 2; ++k) {
        int index = -1;
        SeriesLayout layout;
        QVERIFY(series(*source.value(), entry[k == 0 ? QStringLiteral("x") : QStringLiteral("y")].toString(), &index, &layout));
        const Result<NpyArray> a = source.value()->load(index);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        arrays[k] = a.value();
        mem[k].first = arrays[k].data() + layout.offset;
        mem[k].stride = layout.stride;
        mem[k].type = layout.type;
        mem[k].count = layout.count;
        mem[k].releasable = arrays[k].isMapped() && !arrays[k].isOwned();
    }
    DensityRange range;
    if (!entry[QStringLiteral("range")].isNull()) {
        const QJsonArray r = entry[QStringLiteral("range")].toArray();
        range = {r[0][0].toDouble(), r[0][1].toDouble(), r[1][0].toDouble(), r[1][1].toDouble()};
    } else {
        const SeriesScan sx = scanSeries(mem[0]), sy = scanSeries(mem[1]);
        range = {sx.min, sx.max, sy.min, sy.max};
    }
    const qint64 w = entry[QStringLiteral("bins")][0].toInt(), h = entry[QStringLiteral("bins")][1].toInt();
    const Result<Density> d = computeDensity(mem[0], mem[1], w, h, range);
    QVERIFY2(d.ok(), qPrintable(d.error()));
    const QJsonArray want = entry[QStringLiteral("counts")].toArray();
    for (qint64 i = 0; i < w; ++i)
        for (qint64 j = 0; j < h; ++j)
            QCOMPARE(d->counts[size_t(i * h + j)], qint64(want[i][j].toDouble()));
    QCOMPARE(d->nanPoints, qint64(entry[QStringLiteral("nan")].toInt()));
    QCOMPARE(d->outsidePoints, qint64(entry[QStringLiteral("outside")].toInt()));
    // Refusals: other lengths, a range that is not finite or reversed, a cancelled pass.
    SeriesMemory shorter = mem[1];
    shorter.count -= 1;
    QVERIFY(computeDensity(mem[0], shorter, w, h, range).error().contains(QLatin1String("as many")));
    QVERIFY(computeDensity(mem[0], mem[1], w, h, DensityRange{0, std::nan(""), 0, 1}).error().contains(QLatin1String("not finite")));
    QVERIFY(computeDensity(mem[0], mem[1], w, h, DensityRange{0, 1, 1, 0}).error().contains(QLatin1String("ends before")));
    const std::atomic_bool stop{true};
    QVERIFY(computeDensity(mem[0], mem[1], w, h, range, &stop).error().contains(QLatin1String("cancelled")));
}

void TestDensity::toolMatchesNumpy_data()
{
    engineMatchesNumpy_data();
}

void TestDensity::toolMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(QStringLiteral("counts.npy"));
    QStringList args{QStringLiteral("density"),
                     npytest::dataPath(QStringLiteral("envelope/") + entry[QStringLiteral("file")].toString()),
                     QStringLiteral("--x"), entry[QStringLiteral("x")].toString(), QStringLiteral("--y"),
                     entry[QStringLiteral("y")].toString(), QStringLiteral("--bins"),
                     QStringLiteral("%1x%2").arg(entry[QStringLiteral("bins")][0].toInt()).arg(entry[QStringLiteral("bins")][1].toInt()),
                     QStringLiteral("--out"), out};
    if (!entry[QStringLiteral("range")].isNull())
        args << QStringLiteral("--range") << rangeArg(entry[QStringLiteral("range")]);
    const Run r = tool(args);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const qint64 left = entry[QStringLiteral("nan")].toInt() + entry[QStringLiteral("outside")].toInt();
    if (left > 0)
        QVERIFY2(r.err.contains(QStringLiteral("%1 of").arg(left))
                     && r.err.contains(QStringLiteral("%1 with a NaN, %2 outside")
                                           .arg(entry[QStringLiteral("nan")].toInt())
                                           .arg(entry[QStringLiteral("outside")].toInt())),
                 qPrintable(r.err));
    else
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    const Result<NpyArray> counts = readNpyFile(out);
    QVERIFY2(counts.ok(), qPrintable(counts.error()));
    QCOMPARE(counts->dtype().typeString(), QStringLiteral("<i8"));
    const qint64 w = entry[QStringLiteral("bins")][0].toInt(), h = entry[QStringLiteral("bins")][1].toInt();
    QCOMPARE(counts->shape(), QList<qint64>({w, h}));
    const QJsonArray want = entry[QStringLiteral("counts")].toArray();
    for (qint64 i = 0; i < w; ++i)
        for (qint64 j = 0; j < h; ++j) {
            qint64 v = 0;
            std::memcpy(&v, counts->data() + (i * h + j) * 8, 8);
            QCOMPARE(v, qint64(want[i][j].toDouble()));
        }
}

void TestDensity::largeCloudLoadedByNumpy()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // 1.5 M points of a stored point cloud (threads) and of a compressed pair of members (block readers).
    QString output;
    QVERIFY2(npytest::runPython(QStringLiteral(R"(
import sys, os
import numpy as np
rng = np.random.default_rng(9)
p = rng.normal(size=(1_500_000, 3))
p[::101, 0] = np.nan
np.savez(os.path.join(sys.argv[1], 'cloud.npz'), p=p)
np.savez_compressed(os.path.join(sys.argv[1], 'pair.npz'), x=p[:, 1].copy(), y=p[:, 2].astype('>f4'))
)"), {dir.path()}, &output), qPrintable(output));
    const QString a = dir.filePath(QStringLiteral("a.npy")), b = dir.filePath(QStringLiteral("b.npy"));
    Run r = tool({QStringLiteral("density"), dir.filePath(QStringLiteral("cloud.npz")), QStringLiteral("--x"),
                  QStringLiteral("p:0"), QStringLiteral("--y"), QStringLiteral("p:2"), QStringLiteral("--bins"),
                  QStringLiteral("300x200"), QStringLiteral("--range"), QStringLiteral("-3:3,-2.5:2.5"),
                  QStringLiteral("--out"), a});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("with a NaN")), qPrintable(r.err));
    r = tool({QStringLiteral("density"), dir.filePath(QStringLiteral("pair.npz")), QStringLiteral("--x"),
              QStringLiteral("x"), QStringLiteral("--y"), QStringLiteral("y"), QStringLiteral("--bins"),
              QStringLiteral("64x48"), QStringLiteral("--out"), b});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(npytest::runPython(QStringLiteral(R"(
import sys, os
import numpy as np
d = sys.argv[1]
p = np.load(os.path.join(d, 'cloud.npz'))['p']
a = np.load(os.path.join(d, 'a.npy'))
h = np.histogram2d(p[:, 0], p[:, 2], bins=(300, 200), range=((-3, 3), (-2.5, 2.5)))[0]
assert a.dtype == np.int64 and a.shape == (300, 200), (a.dtype, a.shape)
assert (a == h).all(), int(np.abs(a - h).sum())
q = np.load(os.path.join(d, 'pair.npz'))
b = np.load(os.path.join(d, 'b.npy'))
h = np.histogram2d(q['x'], q['y'], bins=(64, 48))[0]
assert (b == h).all(), int(np.abs(b - h).sum())
print('ok')
)"), {dir.path()}, &output), qPrintable(output));
}

void TestDensity::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString stored = npytest::dataPath(QStringLiteral("envelope/stored.npz"));
    const QString mixed = npytest::dataPath(QStringLiteral("envelope/mixed.npz"));
    auto args = [](std::initializer_list<const char *> list) {
        QStringList l;
        for (const char *s : list)
            l << QLatin1String(s);
        return l;
    };
    QTest::newRow("lengths differ") << QStringList{stored} + args({"--x", "x", "--y", "i8"}) << 1 << QStringLiteral("no member named 'i8'");
    QTest::newRow("lengths differ 2") << QStringList{mixed} + args({"--x", "i8", "--y", "be"}) << 1 << QStringLiteral("must be as many");
    QTest::newRow("complex") << QStringList{mixed} + args({"--x", "c", "--y", "c"}) << 1 << QStringLiteral("complex");
    QTest::newRow("NaN-only range") << QStringList{mixed} + args({"--x", "f2", "--y", "f2", "--range", "0:nan,0:1"}) << 1 << QStringLiteral("not finite");
    QTest::newRow("reversed range") << QStringList{stored} + args({"--x", "x", "--y", "y", "--range", "3:-2,0:1"}) << 1 << QStringLiteral("ends before it starts");
    QTest::newRow("bad bins") << QStringList{stored} + args({"--x", "x", "--y", "y", "--bins", "7"}) << 2 << QStringLiteral("--bins takes WxH");
    QTest::newRow("bad range") << QStringList{stored} + args({"--x", "x", "--y", "y", "--range", "0:1"}) << 2 << QStringLiteral("--range takes");
    QTest::newRow("no out") << QStringList{stored, QStringLiteral("--x"), QStringLiteral("x"), QStringLiteral("--y"), QStringLiteral("y"), QStringLiteral("--bins"), QStringLiteral("3x3")}
                            << 2 << QStringLiteral("--out");
    QTest::newRow("bad column") << QStringList{stored} + args({"--x", "cloud:x", "--y", "y"}) << 2 << QStringLiteral("whole number");
}

void TestDensity::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QStringList all = QStringList{QStringLiteral("density")} + args;
    if (!all.contains(QStringLiteral("--bins")))
        all << QStringLiteral("--bins") << QStringLiteral("4x4");
    const bool noOut = QString::fromLatin1(QTest::currentDataTag()) == QLatin1String("no out");
    const QString out = dir.filePath(QStringLiteral("c.npy"));
    if (!noOut)
        all << QStringLiteral("--out") << out;
    const Run r = tool(all);
    QCOMPARE(r.status, status);
    QVERIFY2(r.err.startsWith(QLatin1String("npy-tool: ")) && r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestDensity)
#include "tst_density.moc"
