// envelope: the per-block first/last/min/max of a series (core/analysis/envelope) and `npy-tool envelope`,
// against NumPy's per-block nanmin / nanmax / nanargmin / nanargmax on NaN-bearing float64, integers,
// big-endian, float16, float32, datetimes with NaT, columns in C and Fortran order and record fields, in a
// .npy, a compressed and a stored .npz (tests/data/envelope, written by NumPy); large series written by NumPy
// in the test exercise the threads and the pieces of a compressed member.
#include "envelope.h"
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
#include <limits>

using namespace npy;

namespace {

QJsonObject expected()
{
    QFile f(npytest::dataPath(QStringLiteral("envelope/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no envelope/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

/** Same value, NaN equal to NaN. */
bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
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

/** The series of a case of expected.json: its source, member index and layout. */
bool openCase(const QJsonObject &c, std::shared_ptr<const Source> *source, int *index, SeriesLayout *layout)
{
    auto s = openSource(npytest::dataPath(QStringLiteral("envelope/") + c[QStringLiteral("file")].toString()));
    if (!s)
        return false;
    *source = s.value();
    const QString member = c[QStringLiteral("member")].toString();
    *index = member.isEmpty() ? 0 : (*source)->indexOf(member);
    if (*index < 0)
        return false;
    const NpyHeader &h = (*source)->members()[*index].header;
    int field = -1;
    const QString fieldName = c[QStringLiteral("field")].toString();
    if (!fieldName.isEmpty()) {
        const QList<LeafColumn> leaves = leafColumns(h.dtype);
        for (int i = 0; i < leaves.size(); ++i)
            if (leaves[i].name == fieldName)
                field = i;
    }
    const Result<SeriesLayout> l = seriesLayout(h, field, c[QStringLiteral("column")].toInt(-1));
    if (!l)
        return false;
    *layout = l.value();
    return true;
}

/** Compares \a bins with NumPy's blocks [start, stop, min, max, argmin, argmax, first, last]. */
void compareBlocks(const std::vector<EnvelopeBin> &bins, const QJsonArray &want)
{
    QCOMPARE(qsizetype(bins.size()), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QJsonArray w = want[i].toArray();
        const EnvelopeBin &b = bins[size_t(i)];
        const QByteArray where = QByteArray("block ") + QByteArray::number(i);
        QVERIFY2(b.start == qint64(w[0].toDouble()) && b.stop == qint64(w[1].toDouble()), where.constData());
        QVERIFY2(same(b.min, npytest::jsonDouble(w[2])), (where + " min " + QByteArray::number(b.min, 'g', 17)).constData());
        QVERIFY2(same(b.max, npytest::jsonDouble(w[3])), (where + " max " + QByteArray::number(b.max, 'g', 17)).constData());
        QVERIFY2(b.minIndex == qint64(w[4].toDouble()), (where + " argmin " + QByteArray::number(b.minIndex)).constData());
        QVERIFY2(b.maxIndex == qint64(w[5].toDouble()), (where + " argmax " + QByteArray::number(b.maxIndex)).constData());
        QVERIFY2(same(b.first, npytest::jsonDouble(w[6])), (where + " first").constData());
        QVERIFY2(same(b.last, npytest::jsonDouble(w[7])), (where + " last").constData());
    }
}

QString caseName(const QJsonObject &c)
{
    return QStringLiteral("%1 %2%3%4 bins=%5")
        .arg(c[QStringLiteral("file")].toString(), c[QStringLiteral("member")].toString(),
             c[QStringLiteral("field")].isString() ? QLatin1Char('.') + c[QStringLiteral("field")].toString() : QString(),
             c[QStringLiteral("column")].toInt(-1) >= 0 ? QStringLiteral(":%1").arg(c[QStringLiteral("column")].toInt())
                                                        : QString())
        .arg(c[QStringLiteral("bins")].toInt());
}

} // namespace

class TestEnvelope : public QObject
{
    Q_OBJECT

private slots:
    void binRule_data();
    void binRule();
    void engineMatchesNumpy_data();
    void engineMatchesNumpy();
    void inMemoryRanges_data();
    void inMemoryRanges();
    void toolMatchesNumpy_data();
    void toolMatchesNumpy();
    void toolJson();
    void refusals_data();
    void refusals();
    void largeSeries();
    void cancelled();
};

void TestEnvelope::binRule_data()
{
    QTest::addColumn<qint64>("n");
    QTest::addColumn<qint64>("bins");
    QTest::newRow("even") << qint64(100) << qint64(10);
    QTest::newRow("uneven") << qint64(1003) << qint64(7);
    QTest::newRow("more bins than samples") << qint64(5) << qint64(8);
    QTest::newRow("huge") << (qint64(1) << 50) << qint64(3000000);
}

void TestEnvelope::binRule()
{
    QFETCH(qint64, n);
    QFETCH(qint64, bins);
    // floor(i * n / bins) exactly, even where i * n overflows 64 bits.
    for (qint64 i : {qint64(0), qint64(1), bins / 3, bins / 2, bins - 1, bins}) {
        const unsigned __int128 want = (unsigned __int128)(i) * (unsigned __int128)(n) / (unsigned __int128)(bins);
        QCOMPARE(envelopeBinStart(7, 7 + n, bins, i), qint64(7 + qint64(want)));
    }
    QVERIFY(envelopeBinStart(0, n, bins, bins) == n);
}

void TestEnvelope::engineMatchesNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray cases = expected()[QStringLiteral("envelope")].toArray();
    QVERIFY(cases.size() >= 30);
    for (const QJsonValue &v : cases)
        QTest::newRow(qPrintable(caseName(v.toObject()))) << v.toObject();
}

void TestEnvelope::engineMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    std::shared_ptr<const Source> source;
    int index = -1;
    SeriesLayout layout;
    QVERIFY(openCase(entry, &source, &index, &layout));
    const Result<Envelope> r = computeEnvelope(*source, index, layout, entry[QStringLiteral("bins")].toInt());
    QVERIFY2(r.ok(), qPrintable(r.error()));
    compareBlocks(r->bins, entry[QStringLiteral("blocks")].toArray());
    // The same through the loaded array (mapped or inflated): the plot's path.
    const Result<NpyArray> array = source->load(index);
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const Envelope e = computeEnvelope(array.value(), layout, 0, layout.count, entry[QStringLiteral("bins")].toInt());
    compareBlocks(e.bins, entry[QStringLiteral("blocks")].toArray());
    QCOMPARE(e.minIndex, r->minIndex);
    QCOMPARE(e.maxIndex, r->maxIndex);
}

void TestEnvelope::inMemoryRanges_data()
{
    QTest::addColumn<QJsonObject>("entry");
    for (const QJsonValue &v : expected()[QStringLiteral("ranges")].toArray()) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(QStringLiteral("[%1, %2) bins=%3")
                                     .arg(o[QStringLiteral("begin")].toInt())
                                     .arg(o[QStringLiteral("end")].toInt())
                                     .arg(o[QStringLiteral("bins")].toInt())))
            << o;
    }
}

void TestEnvelope::inMemoryRanges()
{
    QFETCH(QJsonObject, entry);
    auto source = openSource(npytest::dataPath(QStringLiteral("envelope/series.npy")));
    QVERIFY(source.ok());
    const Result<NpyArray> array = source.value()->load(0);
    QVERIFY(array.ok());
    const Result<SeriesLayout> layout = seriesLayout(array->header(), -1, -1);
    QVERIFY(layout.ok());
    const Envelope e = computeEnvelope(array.value(), layout.value(), entry[QStringLiteral("begin")].toInt(),
                                       entry[QStringLiteral("end")].toInt(), entry[QStringLiteral("bins")].toInt());
    QCOMPARE(e.begin, qint64(entry[QStringLiteral("begin")].toInt()));
    QCOMPARE(e.end, qint64(entry[QStringLiteral("end")].toInt()));
    compareBlocks(e.bins, entry[QStringLiteral("blocks")].toArray());
}

void TestEnvelope::toolMatchesNumpy_data()
{
    engineMatchesNumpy_data();
}

void TestEnvelope::toolMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    QStringList args{QStringLiteral("envelope"),
                     npytest::dataPath(QStringLiteral("envelope/") + entry[QStringLiteral("file")].toString()),
                     QStringLiteral("--bins"), QString::number(entry[QStringLiteral("bins")].toInt())};
    if (entry[QStringLiteral("member")].isString())
        args << QStringLiteral("--member") << entry[QStringLiteral("member")].toString();
    if (entry[QStringLiteral("field")].isString())
        args << QStringLiteral("--field") << entry[QStringLiteral("field")].toString();
    if (entry[QStringLiteral("column")].toInt(-1) >= 0)
        args << QStringLiteral("--column") << QString::number(entry[QStringLiteral("column")].toInt());
    const Run r = tool(args);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QJsonArray want = entry[QStringLiteral("blocks")].toArray();
    QCOMPARE(lines.size(), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QStringList f = lines[i].split(QLatin1Char(' '));
        QCOMPARE(f.size(), 4);
        const QJsonArray w = want[i].toArray();
        QCOMPARE(f[0].toLongLong(), qint64(w[0].toDouble()));
        QCOMPARE(f[1].toLongLong(), qint64(w[1].toDouble()));
        for (int k : {2, 3}) {
            bool ok = false;
            const double got = f[k] == QLatin1String("nan") ? std::nan("") : f[k].toDouble(&ok);
            QVERIFY2(f[k] == QLatin1String("nan") || ok, qPrintable(lines[i]));
            // float32 samples print as NumPy's float32 repr: the shortest text that reads back as that float.
            const double expect = npytest::jsonDouble(w[k]);
            const bool float32 = double(float(expect)) == expect && std::isfinite(expect);
            QVERIFY2(same(got, expect) || (float32 && float(got) == float(expect)),
                     qPrintable(QStringLiteral("line %1: %2").arg(i).arg(lines[i])));
        }
    }
}

void TestEnvelope::toolJson()
{
    const QJsonObject entry = expected()[QStringLiteral("envelope")].toArray()[1].toObject(); // series.npy, 7 bins
    QCOMPARE(entry[QStringLiteral("bins")].toInt(), 7);
    const Run r = tool({QStringLiteral("envelope"), npytest::dataPath(QStringLiteral("envelope/series.npy")),
                        QStringLiteral("--bins"), QStringLiteral("7"), QStringLiteral("--json")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(doc[QStringLiteral("samples")].toInt(), 1003);
    QCOMPARE(doc[QStringLiteral("dtype")].toString(), QStringLiteral("<f8"));
    const QJsonArray blocks = doc[QStringLiteral("bins")].toArray();
    const QJsonArray want = entry[QStringLiteral("blocks")].toArray();
    QCOMPARE(blocks.size(), want.size());
    for (qsizetype i = 0; i < want.size(); ++i) {
        const QJsonObject b = blocks[i].toObject();
        const QJsonArray w = want[i].toArray();
        QVERIFY(same(npytest::jsonDouble(b[QStringLiteral("min")]), npytest::jsonDouble(w[2])));
        QVERIFY(same(npytest::jsonDouble(b[QStringLiteral("max")]), npytest::jsonDouble(w[3])));
        QCOMPARE(b[QStringLiteral("min_index")].toInt(-1), w[4].toInt());
        QCOMPARE(b[QStringLiteral("max_index")].toInt(-1), w[5].toInt());
        QVERIFY(same(npytest::jsonDouble(b[QStringLiteral("first")]), npytest::jsonDouble(w[6])));
        QVERIFY(same(npytest::jsonDouble(b[QStringLiteral("last")]), npytest::jsonDouble(w[7])));
    }
    // The whole series' extremes: +Inf and -Inf are in it.
    QCOMPARE(doc[QStringLiteral("max")].toString(), QStringLiteral("inf"));
    QCOMPARE(doc[QStringLiteral("min")].toString(), QStringLiteral("-inf"));
    QCOMPARE(doc[QStringLiteral("max_index")].toInt(), 17);
    QCOMPARE(doc[QStringLiteral("min_index")].toInt(), 901);
}

void TestEnvelope::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    const QString mixed = npytest::dataPath(QStringLiteral("envelope/mixed.npz"));
    const QString series = npytest::dataPath(QStringLiteral("envelope/series.npy"));
    QTest::newRow("complex") << QStringList{mixed, QStringLiteral("--member"), QStringLiteral("c"), QStringLiteral("--bins"), QStringLiteral("4")}
                             << 1 << QStringLiteral("complex");
    QTest::newRow("record without field") << QStringList{mixed, QStringLiteral("--member"), QStringLiteral("rec"), QStringLiteral("--bins"), QStringLiteral("4")}
                                          << 1 << QStringLiteral("choose a field (t, x, y)");
    QTest::newRow("no such field") << QStringList{mixed, QStringLiteral("--member"), QStringLiteral("rec"), QStringLiteral("--field"), QStringLiteral("z"), QStringLiteral("--bins"), QStringLiteral("4")}
                                   << 1 << QStringLiteral("no field named 'z'");
    QTest::newRow("column out of range") << QStringList{mixed, QStringLiteral("--member"), QStringLiteral("cloud"), QStringLiteral("--column"), QStringLiteral("3"), QStringLiteral("--bins"), QStringLiteral("4")}
                                         << 1 << QStringLiteral("no column 3");
    QTest::newRow("column of 1-D") << QStringList{series, QStringLiteral("--column"), QStringLiteral("0"), QStringLiteral("--bins"), QStringLiteral("4")}
                                   << 1 << QStringLiteral("2-D");
    QTest::newRow("no bins") << QStringList{series} << 2 << QStringLiteral("--bins");
    QTest::newRow("zero bins") << QStringList{series, QStringLiteral("--bins"), QStringLiteral("0")} << 2 << QStringLiteral("--bins takes");
    QTest::newRow("several arrays") << QStringList{mixed, QStringLiteral("--bins"), QStringLiteral("3")} << 2 << QStringLiteral("choose one with --member");
    QTest::newRow("unknown option") << QStringList{series, QStringLiteral("--bins"), QStringLiteral("3"), QStringLiteral("--foo")} << 2 << QStringLiteral("unknown option --foo");
}

void TestEnvelope::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, message);
    const Run r = tool(QStringList{QStringLiteral("envelope")} + args);
    QCOMPARE(r.status, status);
    QVERIFY2(r.err.startsWith(QLatin1String("npy-tool: ")) && r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestEnvelope::largeSeries()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A 4.8 M float64 series (38 MB: threads and page release) with NaN runs and a spike, a compressed record array
    // (20-byte records: samples cut by the 4 MiB pieces) and NumPy's blocks of both.
    const QString script = QStringLiteral(R"(
import sys, os, json, warnings
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(5)
s = rng.normal(size=4_800_001)
s[::1001] = np.nan
s[2_000_000:2_100_000] = np.nan
s[1_234_567] = 25.0
np.save(os.path.join(d, 'big.npy'), s)
r = np.zeros(700_003, dtype=[('a', '<i4'), ('v', '>f8'), ('b', '<f8')])
r['v'] = rng.normal(size=len(r))
r['v'][::333] = np.nan
np.savez_compressed(os.path.join(d, 'rec.npz'), r=r)
def blocks(v, n):
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for i in range(n):
            b = v[i * len(v) // n:(i + 1) * len(v) // n]
            a = -1 if np.all(np.isnan(b)) else i * len(v) // n + int(np.nanargmin(b))
            z = -1 if np.all(np.isnan(b)) else i * len(v) // n + int(np.nanargmax(b))
            out.append([a, z])
    return out
json.dump({'big': blocks(s, 2000), 'rec': blocks(r['v'].astype(float), 333)}, open(os.path.join(d, 'want.json'), 'w'))
)");
    QString output;
    QVERIFY2(npytest::runPython(script, {dir.path()}, &output), qPrintable(output));
    QFile f(dir.filePath(QStringLiteral("want.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject want = QJsonDocument::fromJson(f.readAll()).object();
    struct Case
    {
        const char *file;
        const char *member;
        const char *key;
        int field;
        int bins;
    };
    for (const Case &c : {Case{"big.npy", "", "big", -1, 2000}, Case{"rec.npz", "r", "rec", 1, 333}}) {
        auto source = openSource(dir.filePath(QLatin1String(c.file)));
        QVERIFY(source.ok());
        const int index = *c.member ? source.value()->indexOf(QLatin1String(c.member)) : 0;
        const Result<SeriesLayout> layout = seriesLayout(source.value()->members()[index].header, c.field, -1);
        QVERIFY(layout.ok());
        const Result<Envelope> e = computeEnvelope(*source.value(), index, layout.value(), c.bins);
        QVERIFY2(e.ok(), qPrintable(e.error()));
        const QJsonArray w = want[QLatin1String(c.key)].toArray();
        QCOMPARE(qsizetype(e->bins.size()), w.size());
        for (qsizetype i = 0; i < w.size(); ++i) {
            QCOMPARE(e->bins[size_t(i)].minIndex, qint64(w[i][0].toDouble()));
            QCOMPARE(e->bins[size_t(i)].maxIndex, qint64(w[i][1].toDouble()));
        }
        if (QLatin1String(c.key) == QLatin1String("big")) {
            QCOMPARE(e->maxIndex, qint64(1234567));
            QCOMPARE(e->max, 25.0);
        }
    }
}

void TestEnvelope::cancelled()
{
    auto source = openSource(npytest::dataPath(QStringLiteral("envelope/series.npy")));
    QVERIFY(source.ok());
    const Result<NpyArray> array = source.value()->load(0);
    QVERIFY(array.ok());
    const std::atomic_bool cancel{true};
    const Envelope e = computeEnvelope(array.value(), seriesLayout(array->header(), -1, -1).value(), 0, 1003, 10, &cancel);
    QVERIFY(e.cancelled);
    const std::atomic_bool go{false};
    QVERIFY(!computeEnvelope(array.value(), seriesLayout(array->header(), -1, -1).value(), 0, 1003, 10, &go).cancelled);
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
