#include "testdata.h"

#include "heatmap.h"
#include "histogram.h"
#include "npyfile.h"
#include "slicespec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace npy;
using namespace npytest;

class TestHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void agreesWithNumpy_data();
    void agreesWithNumpy();
    void rangeFromHistogram();
    void threadsAgreeWithOnePass();
    void cancelled();
    void snapshotOfEditedMapKeepsEdits();
    void nothingFinite();
};

namespace {

QJsonObject expected()
{
    QFile f(dataPath(QStringLiteral("histogram/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open histogram/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

ComplexPart partNamed(const QString &name)
{
    if (name == QLatin1String("real"))
        return ComplexPart::Real;
    if (name == QLatin1String("imag"))
        return ComplexPart::Imag;
    if (name == QLatin1String("phase"))
        return ComplexPart::Phase;
    return ComplexPart::Magnitude;
}

NpyHeader headerOf(const QString &descr, const QList<qint64> &shape)
{
    NpyHeader h;
    QString error;
    if (!dtypeFromDescrText(descr, &h.dtype, &error))
        qFatal("bad descr %s", qPrintable(descr));
    h.shape = shape;
    if (!arraySize(shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes))
        qFatal("bad shape");
    return h;
}

/**
 * The histogram a case describes: of a 2-D slice through SliceAccess (a 2-D array: its default
 * slice), else of the whole member.
 */
Histogram histogramOf(const QJsonObject &c, bool logBins, QString *why)
{
    auto array = readNpyFile(dataPath(QStringLiteral("histogram/") + c.value(QStringLiteral("file")).toString()));
    if (!array) {
        *why = array.error();
        return {};
    }
    const ComplexPart part = partNamed(c.value(QStringLiteral("part")).toString());
    const HistogramOptions options = histogramOptionsFor(array->dtype(), logBins);
    SliceSpec spec = SliceSpec::defaultFor(array->header());
    const QJsonObject s = c.value(QStringLiteral("slice")).toObject();
    if (!s.isEmpty()) {
        spec.rowAxis = s.value(QStringLiteral("rowAxis")).toInt();
        spec.colAxis = s.value(QStringLiteral("colAxis")).toInt();
        spec.index = shapeOf(s.value(QStringLiteral("index")));
    } else if (array->ndim() != 2) {
        auto whole = computeHistogram(array.value(), -1, part, options);
        if (!whole)
            *why = whole.error();
        return whole ? whole.value() : Histogram();
    }
    auto access = SliceAccess::create(array.value(), spec, part);
    if (!access) {
        *why = access.error();
        return {};
    }
    const Histogram h = computeHistogram(access.value(), options);
    if (s.isEmpty()) {
        // The whole-member path reads the same values in file order: the same histogram.
        auto whole = computeHistogram(array.value(), -1, part, options);
        if (!whole || whole->counts != h.counts || whole->count != h.count || whole->nanCount != h.nanCount) {
            *why = QStringLiteral("the member's histogram differs from its slice's");
            return {};
        }
    }
    return h;
}

} // namespace

void TestHistogram::agreesWithNumpy_data()
{
    QTest::addColumn<QJsonObject>("c");
    const QJsonArray cases = expected().value(QStringLiteral("cases")).toArray();
    QVERIFY(cases.size() >= 12);
    for (const QJsonValue &v : cases) {
        const QJsonObject c = v.toObject();
        QString name = c.value(QStringLiteral("file")).toString();
        if (!c.value(QStringLiteral("part")).toString().isEmpty())
            name += QLatin1Char(' ') + c.value(QStringLiteral("part")).toString();
        if (c.value(QStringLiteral("slice")).isObject())
            name += QStringLiteral(" slice ") + QString::number(c.value(QStringLiteral("slice")).toObject()
                                                                     .value(QStringLiteral("rowAxis")).toInt());
        QTest::newRow(qPrintable(name)) << c;
    }
}

void TestHistogram::agreesWithNumpy()
{
    QFETCH(QJsonObject, c);
    QString why;
    const Histogram h = histogramOf(c, false, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(h.count, qint64(c.value(QStringLiteral("count")).toDouble()));
    QCOMPARE(h.nanCount, qint64(c.value(QStringLiteral("nan")).toDouble()));
    QCOMPARE(h.posInfCount, qint64(c.value(QStringLiteral("posinf")).toDouble()));
    QCOMPARE(h.negInfCount, qint64(c.value(QStringLiteral("neginf")).toDouble()));
    QCOMPARE(h.nonPositiveCount, qint64(c.value(QStringLiteral("nonpositive")).toDouble()));
    QCOMPARE(h.min, c.value(QStringLiteral("min")).toDouble());
    QCOMPARE(h.max, c.value(QStringLiteral("max")).toDouble());
    QCOMPARE(h.bins(), c.value(QStringLiteral("bins")).toInt());
    QCOMPARE(h.unitBins, c.value(QStringLiteral("unit")).toBool());
    QCOMPARE(h.low, c.value(QStringLiteral("low")).toDouble());
    QCOMPARE(h.high, c.value(QStringLiteral("high")).toDouble());

    // np.histogram's counts, bin for bin.
    std::vector<qint64> want(size_t(h.bins()), 0);
    for (const QJsonValue &pair : c.value(QStringLiteral("counts")).toArray())
        want[size_t(pair.toArray().at(0).toInt())] = qint64(pair.toArray().at(1).toDouble());
    for (int b = 0; b < h.bins(); ++b) {
        if (h.counts[size_t(b)] != want[size_t(b)])
            QFAIL(qPrintable(QStringLiteral("bin %1 [%2, %3): %4, NumPy %5")
                                 .arg(b)
                                 .arg(h.edge(b), 0, 'g', 17)
                                 .arg(h.edge(b + 1), 0, 'g', 17)
                                 .arg(h.counts[size_t(b)])
                                 .arg(want[size_t(b)])));
    }

    // np.percentile: exact with one bin per integer, else within one bin.
    const double span = h.high - h.low;
    QCOMPARE(h.resolution(), h.unitBins ? 0.0 : 1.0 / h.bins());
    for (const QJsonValue &pair : c.value(QStringLiteral("percentiles")).toArray()) {
        const double p = pair.toArray().at(0).toDouble(), np = pair.toArray().at(1).toDouble();
        const double ours = h.percentile(p);
        const double tolerance = h.unitBins ? 1e-9 * std::max(1.0, std::abs(np)) : span * h.resolution() * 1.000001;
        if (!(std::abs(ours - np) <= tolerance))
            QFAIL(qPrintable(QStringLiteral("percentile %1: %2, NumPy %3 (tolerance %4)")
                                 .arg(p)
                                 .arg(ours, 0, 'g', 17)
                                 .arg(np, 0, 'g', 17)
                                 .arg(tolerance)));
    }

    // Log bins: the positive values only; percentiles within one bin of the log10 span.
    const QJsonArray logPercentiles = c.value(QStringLiteral("log_percentiles")).toArray();
    if (logPercentiles.isEmpty())
        return;
    const Histogram lh = histogramOf(c, true, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(lh.logBins);
    QCOMPARE(lh.binned(), h.finiteCount - h.nonPositiveCount);
    QCOMPARE(lh.minPositive, c.value(QStringLiteral("minpositive")).toDouble());
    const double logSpan = std::log10(lh.high) - std::log10(lh.low);
    for (const QJsonValue &pair : logPercentiles) {
        const double p = pair.toArray().at(0).toDouble(), np = pair.toArray().at(1).toDouble();
        const double ours = lh.percentile(p);
        const double off = std::abs(std::log10(ours) - std::log10(np));
        if (!(off <= logSpan * lh.resolution() * 1.000001 + 1e-12))
            QFAIL(qPrintable(QStringLiteral("log percentile %1: %2, NumPy %3").arg(p).arg(ours, 0, 'g', 17).arg(np, 0, 'g', 17)));
    }
}

void TestHistogram::rangeFromHistogram()
{
    // The colour ranges read from the histogram: exact min-max, percentiles as Histogram gives them.
    const QJsonArray cases = expected().value(QStringLiteral("cases")).toArray();
    const QJsonObject c = cases.at(0).toObject();
    QCOMPARE(c.value(QStringLiteral("file")).toString(), QStringLiteral("floats.npy"));
    QString why;
    const Histogram h = histogramOf(c, false, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));

    RangeOptions o;
    o.mode = RangeMode::MinMax;
    RangeStats st = rangeOfHistogram(h, o, false);
    QVERIFY(st.fromHistogram);
    QVERIFY(!st.sampled);
    QCOMPARE(st.low, c.value(QStringLiteral("min")).toDouble());
    QCOMPARE(st.high, c.value(QStringLiteral("max")).toDouble());
    QCOMPARE(st.nanCount, qint64(c.value(QStringLiteral("nan")).toDouble()));
    QCOMPARE(st.posInfCount + st.negInfCount, qint64(2));
    QCOMPARE(st.elements, h.count);

    o.mode = RangeMode::Percentile1;
    st = rangeOfHistogram(h, o, false);
    QCOMPARE(st.low, h.percentile(1.0));
    QCOMPARE(st.high, h.percentile(99.0));
    QCOMPARE(st.resolution, 1.0 / 4096);
    const QJsonArray ps = c.value(QStringLiteral("percentiles")).toArray();
    double np1 = 0, np99 = 0;
    for (const QJsonValue &pair : ps) {
        if (pair.toArray().at(0).toDouble() == 1.0)
            np1 = pair.toArray().at(1).toDouble();
        if (pair.toArray().at(0).toDouble() == 99.0)
            np99 = pair.toArray().at(1).toDouble();
    }
    QVERIFY(std::abs(st.low - np1) <= (h.high - h.low) / 4096);
    QVERIFY(std::abs(st.high - np99) <= (h.high - h.low) / 4096);

    o.mode = RangeMode::Symmetric;
    st = rangeOfHistogram(h, o, false);
    QCOMPARE(st.high, std::max(std::abs(h.min), std::abs(h.max)));
    QCOMPARE(st.low, -st.high);

    // Log scale: the positive values of a log-binned histogram.
    const Histogram lh = histogramOf(c, true, &why);
    o.mode = RangeMode::MinMax;
    o.scale = ColorScale::Log;
    st = rangeOfHistogram(lh, o, false);
    QCOMPARE(st.low, c.value(QStringLiteral("minpositive")).toDouble());
    QCOMPARE(st.high, c.value(QStringLiteral("max")).toDouble());
}

void TestHistogram::threadsAgreeWithOnePass()
{
    // 1500 x 1500 float32: the slice pass splits into bands on several threads; the member pass
    // reads it in one. Both give the same histogram.
    const qint64 n = 1500;
    const NpyHeader header = headerOf(QStringLiteral("'<f4'"), {n, n});
    QByteArray bytes(header.dataBytes, Qt::Uninitialized);
    quint32 state = 12345;
    for (qint64 i = 0; i < n * n; ++i) {
        state = state * 1664525u + 1013904223u;
        float v = float(state >> 8) / float(1u << 24) * 10.0f - 3.0f;
        if (i % 9973 == 0)
            v = std::numeric_limits<float>::quiet_NaN();
        std::memcpy(bytes.data() + i * 4, &v, 4);
    }
    const NpyArray array(header, bytes);
    auto access = SliceAccess::create(array, SliceSpec::defaultFor(header));
    QVERIFY(access.ok());
    const Histogram a = computeHistogram(access.value(), HistogramOptions());
    auto b = computeHistogram(array, -1, ComplexPart::Real, HistogramOptions());
    QVERIFY(b.ok());
    QCOMPARE(a.count, n * n);
    QCOMPARE(a.nanCount, b->nanCount);
    QCOMPARE(a.min, b->min);
    QCOMPARE(a.max, b->max);
    QVERIFY(a.counts == b->counts);
    QCOMPARE(a.binned(), n * n - a.nanCount);
    QVERIFY(!a.cancelled);
}

void TestHistogram::cancelled()
{
    const NpyHeader header = headerOf(QStringLiteral("'<f8'"), {1200, 1000});
    const NpyArray array(header, QByteArray(header.dataBytes, '\0'));
    auto access = SliceAccess::create(array, SliceSpec::defaultFor(header));
    QVERIFY(access.ok());
    std::atomic_bool cancel{true};
    QVERIFY(computeHistogram(access.value(), HistogramOptions(), &cancel).cancelled);
    Progress p;
    p.cancel = &cancel;
    auto whole = computeHistogram(array, -1, ComplexPart::Real, HistogramOptions(), p);
    QVERIFY(whole.ok());
    QVERIFY(whole->cancelled);
}

void TestHistogram::snapshotOfEditedMapKeepsEdits()
{
    // A pass over 64 MiB or more of a read-only map gives the pages it read back. A snapshot of an edited mapped
    // array is a private map holding the edits: giving its pages back would lose them, so the pass must not.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("zeros.npy"));
    const NpyHeader header = headerOf(QStringLiteral("'<f8'"), {2560, 4096}); // 80 MiB
    QVERIFY(saveNpyFile(path, NpyArray(header, QByteArray(header.dataBytes, '\0'))).ok());
    Result<NpyArray> mapped = readNpyFile(path);
    QVERIFY(mapped.ok());
    QVERIFY(mapped->isMapped());
    QVERIFY(mapped->pagesReleasable());
    auto plain = SliceAccess::create(mapped.value(), SliceSpec::defaultFor(header));
    QVERIFY(plain.ok());
    QVERIFY(plain->isReadOnlyMap());

    NpyArray edited = mapped.value();
    const double five = 5.0;
    edited.replaceBytes(edited.offsetOf({1000, 7}), QByteArray(reinterpret_cast<const char *>(&five), sizeof five));
    QVERIFY(!edited.pagesReleasable());
    const NpyArray snap = edited.snapshot();
    QVERIFY(!snap.isNull());
    QVERIFY(!snap.pagesReleasable());
    auto access = SliceAccess::create(snap, SliceSpec::defaultFor(header));
    QVERIFY(access.ok());
    QVERIFY(!access->isReadOnlyMap());
    for (int pass = 0; pass < 2; ++pass) {
        const Histogram h = computeHistogram(access.value(), HistogramOptions());
        QCOMPARE(h.max, 5.0);
    }
    double read = 0;
    std::memcpy(&read, snap.data() + snap.offsetOf({1000, 7}), sizeof read);
    QCOMPARE(read, 5.0);
}

void TestHistogram::nothingFinite()
{
    const NpyHeader header = headerOf(QStringLiteral("'<f8'"), {2, 2});
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const double values[] = {nan, inf, -inf, nan};
    const NpyArray array(header, QByteArray(reinterpret_cast<const char *>(values), sizeof values));
    auto h = computeHistogram(array, -1, ComplexPart::Real, HistogramOptions());
    QVERIFY(h.ok());
    QCOMPARE(h->bins(), 0);
    QCOMPARE(h->nanCount, qint64(2));
    QCOMPARE(h->posInfCount, qint64(1));
    QCOMPARE(h->negInfCount, qint64(1));
    QVERIFY(std::isnan(h->percentile(50)));
    // Strings have no histogram.
    const NpyHeader text = headerOf(QStringLiteral("'<U3'"), {2});
    QVERIFY(!computeHistogram(NpyArray(text, QByteArray(text.dataBytes, '\0')), -1, ComplexPart::Real,
                              HistogramOptions())
                 .ok());
}

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
