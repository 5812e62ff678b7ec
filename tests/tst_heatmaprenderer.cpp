// Pixel checks of the heatmap renderer: colours against matplotlib's tables, ranges, scales,
// special values, complex parts, bool, slicing, and the large-array path on a sparse mapped file.

#include "colormaps.h"
#include "heatmaprenderer.h"
#include "npyheader.h"
#include "opensource.h"
#include "source.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <complex>
#include <optional>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

using namespace npy;
using namespace npyw;

namespace {

/** The engine's renderHeatmap() as a QImage, the way the views and npy-tool show it. */
npy::Result<QImage> renderImage(const npy::NpyArray &array, const SliceSpec &spec, const HeatmapOptions &options,
                                QRectF source = QRectF(), QSize output = QSize(), RangeStats *stats = nullptr)
{
    auto picture = npy::renderHeatmap(array, spec, options, source, output, stats);
    if (!picture)
        return npy::Result<QImage>::failure(picture.error());
    return toQImage(picture.value());
}

npy::NpyHeader headerOf(const QString &descr, const QList<qint64> &shape, bool fortran = false)
{
    npy::NpyHeader h;
    QString error;
    if (!npy::dtypeFromDescrText(descr, &h.dtype, &error))
        qFatal("bad descr %s: %s", qPrintable(descr), qPrintable(error));
    h.shape = shape;
    h.fortranOrder = fortran;
    if (!npy::arraySize(shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes))
        qFatal("bad shape");
    return h;
}

/** An owned array of \a shape whose C-order elements are \a values (raw T bytes). */
template <typename T>
npy::NpyArray arrayOf(const QString &descr, const QList<qint64> &shape, const std::vector<T> &values)
{
    const npy::NpyHeader h = headerOf(descr, shape);
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    Q_ASSERT(qint64(values.size() * sizeof(T)) == h.dataBytes);
    std::memcpy(bytes.data(), values.data(), size_t(bytes.size()));
    return npy::NpyArray(h, bytes);
}

SliceSpec spec2d(const npy::NpyArray &a)
{
    return SliceSpec::defaultFor(a.header());
}

QRgb tableColor(Colormap map, int i, bool reversed = false)
{
    return colormapTable(map, reversed)[size_t(i)];
}

QImage render(const npy::NpyArray &a, const HeatmapOptions &o, RangeStats *stats = nullptr,
              const SliceSpec *spec = nullptr)
{
    auto r = renderImage(a, spec ? *spec : spec2d(a), o, QRectF(), QSize(), stats);
    if (!r)
        qWarning("render failed: %s", qPrintable(r.error()));
    return r ? r.value() : QImage();
}

QString hex(QRgb c)
{
    return QStringLiteral("%1%2%3")
        .arg(qRed(c), 2, 16, QLatin1Char('0'))
        .arg(qGreen(c), 2, 16, QLatin1Char('0'))
        .arg(qBlue(c), 2, 16, QLatin1Char('0'));
}

/** Pages of the mapping [\a data, \a data + \a size) that are in memory (mincore); -1 on failure. */
qint64 residentPages(const uchar *data, qint64 size)
{
    const qint64 page = sysconf(_SC_PAGESIZE);
    const auto start = quintptr(data) & ~quintptr(page - 1);
    const qint64 length = qint64(quintptr(data) - start) + size;
    std::vector<unsigned char> in(size_t((length + page - 1) / page));
    if (mincore(reinterpret_cast<void *>(start), size_t(length), in.data()) != 0)
        return -1;
    return std::count_if(in.begin(), in.end(), [](unsigned char c) { return (c & 1) != 0; });
}

/** A file's first member, memory-mapped, and its 2-D slice. */
struct MappedSlice
{
    std::optional<npy::NpyArray> array;
    std::optional<SliceAccess> access;
};

/** Opens \a path into \a out; the reason when it cannot (or is not mapped), else empty. */
QString openMapped(const QString &path, MappedSlice *out)
{
    auto source = npy::openSource(path);
    if (!source)
        return source.error();
    auto array = source.value()->load(0);
    if (!array)
        return array.error();
    if (!array->isMapped())
        return QStringLiteral("not memory-mapped");
    auto access = SliceAccess::create(array.value(), spec2d(array.value()));
    if (!access)
        return access.error();
    out->array = array.value();
    out->access = access.value();
    return QString();
}

/** The process's peak resident set (VmHWM) in KiB; -1 when it cannot be read. */
qint64 peakResidentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

/** Starts the peak resident set again from the current one (Linux: clear_refs 5). */
bool resetPeakResident()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

} // namespace

class TestHeatmapRenderer : public QObject
{
    Q_OBJECT

private slots:
    void tablesKnownEntries();
    void tablesMatchMatplotlib();
    void colormapNames();
    void gradient();
    void rowZeroAtTop();
    void nanPatchAndInfinities();
    void logRange();
    void sqrtScale();
    void symmetricRange();
    void percentiles();
    void manualRange();
    void complexParts();
    void boolTwoColors();
    void sliceOf3dAndFortran();
    void structLeafAndByteOrder();
    void cannotDraw_data();
    void cannotDraw();
    void otherDtypesDoNotCrash();
    void viewportAndPooling();
    void largeSparseMappedFile();
    void sampledPassesGiveBackPages();
};

void TestHeatmapRenderer::tablesKnownEntries()
{
    // A few entries as matplotlib gives them (cmap(i, bytes=True) truncates: viridis' last colour,
    // #fde725 when rounded, is fde724 in the bytes matplotlib writes to a PNG).
    QCOMPARE(hex(tableColor(Colormap::Viridis, 0)), QStringLiteral("440154"));
    QCOMPARE(hex(tableColor(Colormap::Viridis, 255)), QStringLiteral("fde724"));
    QCOMPARE(hex(tableColor(Colormap::Gray, 0)), QStringLiteral("000000"));
    QCOMPARE(hex(tableColor(Colormap::Gray, 255)), QStringLiteral("ffffff"));
    QCOMPARE(hex(tableColor(Colormap::Viridis, 0, true)), QStringLiteral("fde724"));
    QCOMPARE(qAlpha(tableColor(Colormap::Turbo, 17)), 255);
}

void TestHeatmapRenderer::tablesMatchMatplotlib()
{
    // tests/data/colormaps_expected.json: matplotlib's colours through Normalize(vmin, vmax).
    QFile f(npytest::dataPath(QStringLiteral("colormaps_expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const double vmin = root.value(QStringLiteral("vmin")).toDouble();
    const double vmax = root.value(QStringLiteral("vmax")).toDouble();
    const QJsonArray values = root.value(QStringLiteral("values")).toArray();
    const QJsonObject maps = root.value(QStringLiteral("maps")).toObject();
    QCOMPARE(maps.size(), 2 * kColormapCount);
    const ColorMapping mapping{vmin, vmax, ColorScale::Linear};

    // Also through the renderer itself: the values as a 1 x N float64 row, manual range.
    std::vector<double> v;
    for (const QJsonValue &x : values)
        v.push_back(x.toDouble());
    const npy::NpyArray row = arrayOf(QStringLiteral("'<f8'"), {1, qint64(v.size())}, v);

    for (auto it = maps.begin(); it != maps.end(); ++it) {
        Colormap map;
        bool reversed = false;
        QVERIFY2(colormapFromName(it.key(), &map, &reversed), qPrintable(it.key()));
        const ColorTable table = colormapTable(map, reversed);
        const QJsonArray expected = it.value().toArray();
        QCOMPARE(expected.size(), values.size());
        HeatmapOptions o;
        o.colormap = map;
        o.reversed = reversed;
        o.range.mode = RangeMode::Manual;
        o.range.manualLow = vmin;
        o.range.manualHigh = vmax;
        const QImage img = render(row, o);
        QCOMPARE(img.width(), int(v.size()));
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QString want = expected.at(i).toString();
            const QString got = hex(table[colorIndex(v[size_t(i)], mapping)]);
            if (got != want)
                QFAIL(qPrintable(QStringLiteral("%1 at %2: got %3, matplotlib %4")
                                     .arg(it.key())
                                     .arg(v[size_t(i)], 0, 'g', 17)
                                     .arg(got, want)));
            QCOMPARE(hex(img.pixel(int(i), 0)), want);
        }
    }
}

void TestHeatmapRenderer::colormapNames()
{
    QCOMPARE(npy::colormapNames().size(), kColormapCount);
    Colormap m;
    bool rev = true;
    QVERIFY(colormapFromName(QStringLiteral("Magma"), &m, &rev));
    QCOMPARE(m, Colormap::Magma);
    QVERIFY(!rev);
    QVERIFY(colormapFromName(QStringLiteral("coolwarm_r"), &m, &rev));
    QCOMPARE(m, Colormap::Coolwarm);
    QVERIFY(rev);
    QVERIFY(!colormapFromName(QStringLiteral("jet"), &m, &rev));
}

void TestHeatmapRenderer::gradient()
{
    // 4 x 256 float64 with value = column: min-max maps column i to table entry i exactly.
    std::vector<double> v;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 256; ++c)
            v.push_back(c);
    const npy::NpyArray a = arrayOf(QStringLiteral("'<f8'"), {4, 256}, v);
    for (int m = 0; m < kColormapCount; ++m) {
        HeatmapOptions o;
        o.colormap = Colormap(m);
        RangeStats st;
        const QImage img = render(a, o, &st);
        QCOMPARE(img.size(), QSize(256, 4));
        QCOMPARE(img.format(), QImage::Format_ARGB32_Premultiplied);
        QCOMPARE(st.low, 0.0);
        QCOMPARE(st.high, 255.0);
        for (int c = 0; c < 256; ++c)
            QCOMPARE(img.pixel(c, 3), tableColor(Colormap(m), c));
    }
}

void TestHeatmapRenderer::rowZeroAtTop()
{
    // 3 x 2 int16: row 0 low, row 2 high.
    const npy::NpyArray a = arrayOf<qint16>(QStringLiteral("'<i2'"), {3, 2}, {0, 0, 5, 5, 10, 10});
    HeatmapOptions o;
    o.colormap = Colormap::Gray;
    const QImage img = render(a, o);
    QCOMPARE(img.size(), QSize(2, 3));
    QCOMPARE(img.pixel(0, 0), qRgb(0, 0, 0));
    QCOMPARE(img.pixel(1, 2), qRgb(255, 255, 255));
}

void TestHeatmapRenderer::nanPatchAndInfinities()
{
    const float nan = std::nanf("");
    const float inf = std::numeric_limits<float>::infinity();
    std::vector<float> v(20 * 20);
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 20; ++c)
            v[size_t(r * 20 + c)] = float(r + c); // 0 .. 38
    for (int r = 5; r < 9; ++r)
        for (int c = 10; c < 15; ++c)
            v[size_t(r * 20 + c)] = nan; // 20 NaN
    v[0] = inf;
    v[1] = -inf;
    const npy::NpyArray a = arrayOf(QStringLiteral("'<f4'"), {20, 20}, v);
    HeatmapOptions o;
    RangeStats st;
    const QImage img = render(a, o, &st);
    QCOMPARE(st.nanCount, qint64(20));
    QCOMPARE(st.posInfCount, qint64(1));
    QCOMPARE(st.negInfCount, qint64(1));
    QCOMPARE(st.examined, qint64(400));
    QVERIFY(!st.sampled);
    QCOMPARE(st.low, 1.0); // (1, 0): NaN and Inf left out
    QCOMPARE(st.high, 38.0);
    const SpecialColors sc;
    QCOMPARE(img.pixel(12, 6), sc.nan);
    QCOMPARE(img.pixel(0, 0), sc.posInf);
    QCOMPARE(img.pixel(1, 0), sc.negInf);
    QCOMPARE(img.pixel(19, 19), tableColor(Colormap::Viridis, 255));
    QCOMPARE(img.pixel(0, 1), tableColor(Colormap::Viridis, 0));

    // Custom special colours.
    o.colors.nan = qRgb(1, 2, 3);
    QCOMPARE(render(a, o).pixel(10, 5), qRgb(1, 2, 3));
}

void TestHeatmapRenderer::logRange()
{
    // 1, 10, 100, 1000 and a 0 and a negative: log min-max is [1, 1000] over positives.
    const npy::NpyArray a = arrayOf<double>(QStringLiteral("'<f8'"), {1, 6}, {1, 10, 100, 1000, 0, -5});
    HeatmapOptions o;
    o.range.scale = ColorScale::Log;
    RangeStats st;
    const QImage img = render(a, o, &st);
    QCOMPARE(st.low, 1.0);
    QCOMPARE(st.high, 1000.0);
    QCOMPARE(st.nonPositiveCount, qint64(2));
    QCOMPARE(img.pixel(0, 0), tableColor(Colormap::Viridis, 0));
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Viridis, 85));  // 256/3
    QCOMPARE(img.pixel(2, 0), tableColor(Colormap::Viridis, 170)); // 512/3
    QCOMPARE(img.pixel(3, 0), tableColor(Colormap::Viridis, 255));
    QCOMPARE(img.pixel(4, 0), tableColor(Colormap::Viridis, 0)); // not drawable on log: lowest
    QCOMPARE(img.pixel(5, 0), tableColor(Colormap::Viridis, 0));
    // A manual range with a non-positive low bound takes the smallest positive value.
    o.range.mode = RangeMode::Manual;
    o.range.manualLow = -1;
    o.range.manualHigh = 100;
    render(a, o, &st);
    QCOMPARE(st.low, 1.0);
    QCOMPARE(st.high, 100.0);
}

void TestHeatmapRenderer::sqrtScale()
{
    const npy::NpyArray a = arrayOf<double>(QStringLiteral("'<f8'"), {1, 3}, {0, 25, 100});
    HeatmapOptions o;
    o.range.scale = ColorScale::Sqrt;
    const QImage img = render(a, o);
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Viridis, 128)); // sqrt(0.25) = 0.5
    QCOMPARE(img.pixel(2, 0), tableColor(Colormap::Viridis, 255));
}

void TestHeatmapRenderer::symmetricRange()
{
    const npy::NpyArray a = arrayOf<double>(QStringLiteral("'<f8'"), {1, 4}, {-2, 0, 2.5, 5});
    HeatmapOptions o;
    o.colormap = Colormap::Coolwarm;
    o.range.mode = RangeMode::Symmetric;
    RangeStats st;
    const QImage img = render(a, o, &st);
    QCOMPARE(st.low, -5.0);
    QCOMPARE(st.high, 5.0);
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Coolwarm, 128)); // zero in the middle
    QCOMPARE(img.pixel(3, 0), tableColor(Colormap::Coolwarm, 255));
    QCOMPARE(img.pixel(0, 0), tableColor(Colormap::Coolwarm, 76)); // (3/10)*256 = 76.8
    QCOMPARE(img.pixel(2, 0), tableColor(Colormap::Coolwarm, 192));
}

void TestHeatmapRenderer::percentiles()
{
    // np.percentile(np.arange(1000), [1, 99, 0.1, 99.9]) == 9.99, 989.01, 0.999, 998.001
    std::vector<qint32> v(1000);
    for (int i = 0; i < 1000; ++i)
        v[size_t(i)] = (i * 7919) % 1000; // a permutation of 0..999
    const npy::NpyArray a = arrayOf(QStringLiteral("'<i4'"), {10, 100}, v);
    auto slice = SliceAccess::create(a, spec2d(a));
    QVERIFY(slice);
    RangeOptions ro;
    ro.mode = RangeMode::Percentile1;
    RangeStats st = computeRange(slice.value(), ro);
    QCOMPARE(st.low, 9.99);
    QCOMPARE(st.high, 989.01);
    ro.mode = RangeMode::Percentile01;
    st = computeRange(slice.value(), ro);
    QVERIFY(qAbs(st.low - 0.999) < 1e-9);
    QVERIFY(qAbs(st.high - 998.001) < 1e-9);
    // Sampled: a bounded sample still lands close.
    ro.maxSamples = 300;
    ro.mode = RangeMode::Percentile1;
    st = computeRange(slice.value(), ro);
    QVERIFY(st.sampled);
    QVERIFY(st.examined <= 300);
    QVERIFY2(st.low < 40 && st.high > 950, qPrintable(QStringLiteral("%1 %2").arg(st.low).arg(st.high)));
}

void TestHeatmapRenderer::manualRange()
{
    const npy::NpyArray a = arrayOf<double>(QStringLiteral("'<f8'"), {1, 3}, {-100, 5, 100});
    HeatmapOptions o;
    o.range.mode = RangeMode::Manual;
    o.range.manualLow = 10; // given reversed: swapped
    o.range.manualHigh = 0;
    RangeStats st;
    const QImage img = render(a, o, &st);
    QCOMPARE(st.low, 0.0);
    QCOMPARE(st.high, 10.0);
    QCOMPARE(img.pixel(0, 0), tableColor(Colormap::Viridis, 0));
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Viridis, 128));
    QCOMPARE(img.pixel(2, 0), tableColor(Colormap::Viridis, 255));
}

void TestHeatmapRenderer::complexParts()
{
    // Phases 0, pi/2, -pi/2, pi on a unit circle, magnitude 2 at the end; also big-endian c8.
    using C = std::complex<double>;
    const std::vector<C> v = {C(1, 0), C(0, 1), C(0, -1), C(-1, 0), C(0, 2)};
    const npy::NpyArray a = arrayOf(QStringLiteral("'<c16'"), {1, 5}, v);
    HeatmapOptions o;
    o.complexPart = ComplexPart::Phase;
    o.range.mode = RangeMode::Manual;
    o.range.manualLow = -M_PI;
    o.range.manualHigh = M_PI;
    QImage img = render(a, o);
    QCOMPARE(img.pixel(0, 0), tableColor(Colormap::Viridis, 128));
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Viridis, 192));
    QCOMPARE(img.pixel(2, 0), tableColor(Colormap::Viridis, 64));
    QCOMPARE(img.pixel(3, 0), tableColor(Colormap::Viridis, 255));

    auto slice = SliceAccess::create(a, spec2d(a), ComplexPart::Magnitude);
    QVERIFY(slice);
    QCOMPARE(slice->value(0, 4), 2.0);
    QCOMPARE(slice->text(0, 1), QStringLiteral("1j"));
    QCOMPARE(SliceAccess::create(a, spec2d(a), ComplexPart::Real)->value(0, 3), -1.0);
    QCOMPARE(SliceAccess::create(a, spec2d(a), ComplexPart::Imag)->value(0, 2), -1.0);

    // complex64 big-endian: (3+4j) has magnitude 5.
    std::vector<quint32> be(2);
    float re = 3, im = 4;
    std::memcpy(&be[0], &re, 4);
    std::memcpy(&be[1], &im, 4);
    be[0] = __builtin_bswap32(be[0]);
    be[1] = __builtin_bswap32(be[1]);
    const npy::NpyArray b = arrayOf(QStringLiteral("'>c8'"), {1, 1}, be);
    QCOMPARE(SliceAccess::create(b, spec2d(b), ComplexPart::Magnitude)->value(0, 0), 5.0);
}

void TestHeatmapRenderer::boolTwoColors()
{
    const npy::NpyArray a = arrayOf<quint8>(QStringLiteral("'|b1'"), {2, 2}, {0, 1, 1, 0});
    HeatmapOptions o;
    o.colormap = Colormap::Magma;
    o.range.mode = RangeMode::Symmetric; // ignored for bool
    const QImage img = render(a, o);
    QCOMPARE(img.pixel(0, 0), tableColor(Colormap::Magma, 0));
    QCOMPARE(img.pixel(1, 0), tableColor(Colormap::Magma, 255));
    QCOMPARE(img.pixel(0, 1), tableColor(Colormap::Magma, 255));
    // All true still gives two colours' worth of meaning: true is the top colour.
    const npy::NpyArray t = arrayOf<quint8>(QStringLiteral("'|b1'"), {1, 2}, {1, 1});
    QCOMPARE(render(t, o).pixel(0, 0), tableColor(Colormap::Magma, 255));
}

void TestHeatmapRenderer::sliceOf3dAndFortran()
{
    // shape (2, 3, 4) uint8, value = 100*i + 10*j + k; draw frame i=1 with rows=axis 2, cols=axis 1.
    std::vector<quint8> v;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 4; ++k)
                v.push_back(quint8(100 * i + 10 * j + k));
    const npy::NpyArray a = arrayOf(QStringLiteral("'|u1'"), {2, 3, 4}, v);
    SliceSpec s = spec2d(a);
    s.rowAxis = 2;
    s.colAxis = 1;
    s.index = {1, 0, 0};
    auto slice = SliceAccess::create(a, s);
    QVERIFY2(slice, qPrintable(slice.error()));
    QCOMPARE(slice->rows(), qint64(4));
    QCOMPARE(slice->cols(), qint64(3));
    QCOMPARE(slice->value(3, 2), 123.0);
    QCOMPARE(slice->value(0, 0), 100.0);
    HeatmapOptions o;
    o.colormap = Colormap::Gray;
    o.range.mode = RangeMode::Manual;
    o.range.manualLow = 0;
    o.range.manualHigh = 255;
    const QImage img = render(a, o, nullptr, &s);
    QCOMPARE(img.size(), QSize(3, 4));
    QCOMPARE(qRed(img.pixel(2, 3)), 123);
    QCOMPARE(qRed(img.pixel(1, 0)), 110);

    // The same logical array stored in Fortran order.
    npy::NpyHeader h = headerOf(QStringLiteral("'|u1'"), {2, 3, 4}, true);
    QByteArray fbytes(24, Qt::Uninitialized);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 4; ++k)
                fbytes[i + 2 * j + 6 * k] = char(100 * i + 10 * j + k);
    const npy::NpyArray f(h, fbytes);
    const QImage fimg = render(f, o, nullptr, &s);
    QCOMPARE(fimg, img);
}

void TestHeatmapRenderer::structLeafAndByteOrder()
{
    // [('x', '<f4'), ('y', '>i2')], 2 x 2.
    npy::NpyHeader h = headerOf(QStringLiteral("[('x', '<f4'), ('y', '>i2')]"), {2, 2});
    QCOMPARE(h.dtype.itemSize, qint64(6));
    QByteArray bytes(h.dataBytes, '\0');
    for (int i = 0; i < 4; ++i) {
        const float x = float(i) / 2;
        std::memcpy(bytes.data() + 6 * i, &x, 4);
        const quint16 y = __builtin_bswap16(quint16(1000 + i));
        std::memcpy(bytes.data() + 6 * i + 4, &y, 2);
    }
    const npy::NpyArray a(h, bytes);
    SliceSpec s;
    s.rowAxis = 0;
    s.colAxis = 1;
    s.index = {0, 0};
    s.field = 1;
    auto slice = SliceAccess::create(a, s);
    QVERIFY2(slice, qPrintable(slice.error()));
    QCOMPARE(slice->value(1, 1), 1003.0);
    QCOMPARE(slice->text(1, 0), QStringLiteral("1002"));
    s.field = 0;
    QCOMPARE(SliceAccess::create(a, s)->value(1, 1), 1.5);
    s.field = -1;
    s.colAxis = -1; // the table's one-column-per-field view: no single field to draw
    s.rowAxis = 0;
    auto none = SliceAccess::create(a, s);
    QVERIFY(!none);
    QVERIFY2(none.error().contains(QLatin1String("cannot draw dtype")), qPrintable(none.error()));
}

void TestHeatmapRenderer::cannotDraw_data()
{
    QTest::addColumn<QString>("descr");
    QTest::addColumn<QString>("name");
    QTest::newRow("unicode") << QStringLiteral("'<U5'") << QStringLiteral("<U5");
    QTest::newRow("bytes") << QStringLiteral("'|S3'") << QStringLiteral("|S3");
    QTest::newRow("void") << QStringLiteral("'|V4'") << QStringLiteral("|V4");
}

void TestHeatmapRenderer::cannotDraw()
{
    QFETCH(QString, descr);
    QFETCH(QString, name);
    const npy::NpyHeader h = headerOf(descr, {2, 2});
    const npy::NpyArray a(h, QByteArray(h.dataBytes, 'a'));
    auto r = renderImage(a, spec2d(a), HeatmapOptions());
    QVERIFY(!r);
    QCOMPARE(r.error(), QStringLiteral("cannot draw dtype %1").arg(name));
}

void TestHeatmapRenderer::otherDtypesDoNotCrash()
{
    // Every numeric type string draws (half, long double, datetimes with NaT, clongdouble).
    const char *types[] = {"'<f2'", "'>f2'", "'<f16'", "'<c32'", "'<M8[s]'", "'<m8[ms]'", "'>u8'",
                           "'>i8'", "'|i1'", "'<u2'", "'>f8'", "'>f4'", "'>c16'"};
    for (const char *t : types) {
        npy::NpyHeader h;
        QString error;
        if (!npy::dtypeFromDescrText(QString::fromLatin1(t), &h.dtype, &error))
            continue; // not supported by core on this platform
        h.shape = {3, 5};
        QVERIFY(npy::arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes));
        QByteArray bytes(h.dataBytes, Qt::Uninitialized);
        for (qsizetype i = 0; i < bytes.size(); ++i)
            bytes[i] = char((i * 37) ^ 0x5a);
        const npy::NpyArray a(h, bytes);
        for (int part = 0; part < 4; ++part) {
            HeatmapOptions o;
            o.complexPart = ComplexPart(part);
            o.range.mode = RangeMode::Percentile01;
            auto r = renderImage(a, spec2d(a), o);
            QVERIFY2(r, t);
            QCOMPARE(r->size(), QSize(5, 3));
        }
    }
    // Empty arrays fail with a message, never crash.
    const npy::NpyHeader e = headerOf(QStringLiteral("'<f8'"), {0, 4});
    const npy::NpyArray empty(e, QByteArray());
    auto r = renderImage(empty, spec2d(empty), HeatmapOptions());
    QVERIFY(!r);
    QVERIFY(!r.error().isEmpty());
}

void TestHeatmapRenderer::viewportAndPooling()
{
    // 100 x 100 float64 zeros with single spikes at (r, c) = (13, 57), (80, 3).
    std::vector<double> v(100 * 100, 0.0);
    v[13 * 100 + 57] = 1.0;
    v[80 * 100 + 3] = -1.0;
    const npy::NpyArray a = arrayOf(QStringLiteral("'<f8'"), {100, 100}, v);
    auto access = SliceAccess::create(a, spec2d(a));
    QVERIFY(access);
    // Max pooling into 10 x 10: the spike survives in pixel (5, 1); min pooling keeps the dip.
    SampleRequest req;
    req.source = QRectF(0, 0, 100, 100);
    req.output = QSize(10, 10);
    req.reduction = Reduction::MaxPool;
    req.poolLimit = 16;
    SampledImage out;
    QVERIFY(sampleSlice(access.value(), req, &out));
    QCOMPARE(out.valid, QRect(0, 0, 10, 10));
    QCOMPARE(out.values[1 * 10 + 5], 1.0);
    QCOMPARE(out.values[8 * 10 + 0], 0.0);
    req.reduction = Reduction::MinPool;
    QVERIFY(sampleSlice(access.value(), req, &out));
    QCOMPARE(out.values[8 * 10 + 0], -1.0);
    QCOMPARE(out.values[1 * 10 + 5], 0.0);
    // Strided: pixel centres (5, 15, ...) miss both spikes.
    req.reduction = Reduction::Stride;
    QVERIFY(sampleSlice(access.value(), req, &out));
    QCOMPARE(out.values[1 * 10 + 5], 0.0);

    // A viewport partly outside the array: 1 pixel per element, origin at (-10, -5).
    req.source = QRectF(-10, -5, 40, 20);
    req.output = QSize(40, 20);
    QVERIFY(sampleSlice(access.value(), req, &out));
    QCOMPARE(out.valid, QRect(10, 5, 30, 15));
    QCOMPARE(out.values[size_t((5 + 13) * 40 + 10 + 57 - 30)], 0.0);
    std::vector<quint16> idx;
    mapToIndices(out, ColorMapping{-1, 1, ColorScale::Linear}, &idx);
    QCOMPARE(idx[0], quint16(kIndexOutside));
    QCOMPARE(idx[size_t(5 * 40 + 10)], quint16(128));
    QImage img;
    colorize(idx, out.size, colormapTable(Colormap::Viridis), SpecialColors(), &img);
    QCOMPARE(qAlpha(img.pixel(0, 0)), 0);
    QCOMPARE(img.pixel(10, 5), tableColor(Colormap::Viridis, 128));
    // Zoomed in: 2 x 2 elements over 8 x 8 pixels, nearest neighbour blocks of 4 pixels.
    req.source = QRectF(56, 12, 2, 2);
    req.output = QSize(8, 8);
    req.reduction = Reduction::MaxPool;
    QVERIFY(sampleSlice(access.value(), req, &out));
    QCOMPARE(out.values[5 * 8 + 5], 1.0); // element (13, 57): pixels y 4..7, x 4..7
    QCOMPARE(out.values[1 * 8 + 5], 0.0); // element (12, 57)
    QCOMPARE(out.values[5 * 8 + 1], 0.0); // element (13, 56)
}

void TestHeatmapRenderer::largeSparseMappedFile()
{
    // A 50000 x 50000 float32 .npy (10 GB) made as a sparse file: zeros except one written block.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.npy"));
    npy::DType f4;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("<f4"), &f4, &error));
    const qint64 n = 50000;
    auto header = npy::buildNpyHeader(f4, {n, n}, false);
    QVERIFY(header);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(header.value()), qint64(header->size()));
        if (!f.resize(header->size() + n * n * 4))
            QSKIP("the file system cannot make a 10 GB sparse file");
        // Rows 20000..20999, columns 30000..31999 hold 1.0 (8 MB written).
        const std::vector<float> ones(2000, 1.0f);
        for (qint64 r = 20000; r < 21000; ++r) {
            QVERIFY(f.seek(header->size() + (r * n + 30000) * 4));
            QCOMPARE(f.write(reinterpret_cast<const char *>(ones.data()), 8000), qint64(8000));
        }
    }
    MappedSlice mapped;
    const QString failure = openMapped(path, &mapped);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const auto &array = mapped.array;
    const auto &access = mapped.access;

    QElapsedTimer timer;
    timer.start();
    RangeOptions ro;
    const RangeStats st = computeRange(access.value(), ro);
    QVERIFY(st.sampled);
    QVERIFY(st.examined <= ro.maxSamples);
    QCOMPARE(st.low, 0.0);
    QCOMPARE(st.high, 1.0); // the block covers 0.08% of the array: a 1M sample hits it
    SampleRequest req;
    req.source = QRectF(0, 0, double(n), double(n));
    req.output = QSize(800, 800);
    SampledImage sampled;
    QVERIFY(sampleSlice(access.value(), req, &sampled));
    std::vector<quint16> idx;
    mapToIndices(sampled, ColorMapping{st.low, st.high, ColorScale::Linear}, &idx);
    QImage img;
    colorize(idx, sampled.size, colormapTable(Colormap::Gray), SpecialColors(), &img);
    const qint64 ms = timer.elapsed();
    // What the frame cost is measured in pages of the file brought into memory, not in time (this
    // machine is noisy, and sanitizer builds are 10x slower): it must follow the output pixels.
    const qint64 resident = residentPages(array->data(), array->nbytes());
    const qint64 filePages = array->nbytes() / 4096;
    qInfo("50000 x 50000 float32 mapped -> 800 x 800: %lld ms, %lld of the file's %lld pages read "
          "(first frame on cold pages, range included)", ms, resident, filePages);
    QVERIFY2(resident >= 0, "mincore() failed");
    QVERIFY2(resident < filePages / 20, "the frame read far more of the file than its pixels need");
    // Pixel y covers rows 62.5*y..; block rows 20000..20999 -> y 320..335; cols 30000..31999 -> x 480..511.
    QCOMPARE(img.pixel(490, 325), qRgb(255, 255, 255));
    QCOMPARE(img.pixel(470, 325), qRgb(0, 0, 0));
    QCOMPARE(img.pixel(490, 300), qRgb(0, 0, 0));

    // A 1:1 view into the block's corner.
    req.source = QRectF(29990, 19990, 100, 50);
    req.output = QSize(100, 50);
    QVERIFY(sampleSlice(access.value(), req, &sampled));
    QCOMPARE(sampled.values[size_t(9 * 100 + 9)], 0.0);
    QCOMPARE(sampled.values[size_t(10 * 100 + 10)], 1.0);
    // One pixel per element is refused with a message (too large), without touching the data.
    auto full = renderImage(array.value(), spec2d(array.value()), HeatmapOptions());
    QVERIFY(!full);
    QVERIFY(full.error().contains(QLatin1String("too large")));
}

void TestHeatmapRenderer::sampledPassesGiveBackPages()
{
    // A 384 MB float32 .npy with its pages in the page cache (as after writing it): the sampled range
    // and the preview frame read rows all over it, and each touch may map a whole large folio. They
    // give the pages back as they go, so the process's peak resident set (what `top` shows) grows by
    // far less than the file.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cached.npy"));
    npy::DType f4;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("<f4"), &f4, &error));
    const qint64 rows = 6000, cols = 16000;
    auto header = npy::buildNpyHeader(f4, {rows, cols}, false);
    QVERIFY(header);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(header.value()), qint64(header->size()));
        std::vector<float> row(static_cast<size_t>(cols));
        for (qint64 r = 0; r < rows; ++r) {
            for (qint64 c = 0; c < cols; ++c)
                row[size_t(c)] = float((r * 7 + c) % 1000);
            QCOMPARE(f.write(reinterpret_cast<const char *>(row.data()), cols * 4), cols * 4);
        }
    }
    MappedSlice mapped;
    const QString failure = openMapped(path, &mapped);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const auto &access = mapped.access;
    if (!resetPeakResident() || peakResidentKiB() < 0)
        QSKIP("the peak resident set cannot be reset or read here");
    const qint64 before = peakResidentKiB();
    RangeOptions ro;
    const RangeStats st = computeRange(access.value(), ro);
    QVERIFY(st.sampled);
    SampleRequest req;
    req.source = QRectF(0, 0, double(cols), double(rows));
    req.output = QSize(800, 800);
    req.reduction = Reduction::Stride;
    SampledImage sampled;
    QVERIFY(sampleSlice(access.value(), req, &sampled));
    const qint64 grew = peakResidentKiB() - before;
    qInfo("sampled range and an 800 x 800 preview of a 384 MB cached .npy: peak resident set grew by %lld KiB", grew);
    QVERIFY2(grew < 48 * 1024, qPrintable(QStringLiteral("grew by %1 KiB").arg(grew)));
}

QTEST_GUILESS_MAIN(TestHeatmapRenderer)
#include "tst_heatmaprenderer.moc"
