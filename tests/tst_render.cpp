// npy-tool render: run the built tool and check the pixels of the PNG it writes.

#include "colormaps.h"
#include "npyfile.h"
#include "npyheader.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <vector>

using namespace npy;

namespace {

struct Run
{
    int status = -1;
    QString err;
};

Run tool(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/** Writes an .npy of \a descr and \a shape with \a data (raw bytes in the dtype's order). */
QString writeNpy(const QTemporaryDir &dir, const QString &name, const char *type, const QList<qint64> &shape,
                 const void *data, qint64 bytes)
{
    npy::DType t;
    QString error;
    if (!npy::DType::fromTypeString(QString::fromLatin1(type), &t, &error))
        qFatal("type %s", type);
    const auto header = npy::buildNpyHeader(t, shape, false);
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !header)
        qFatal("cannot write");
    f.write(header.value());
    f.write(static_cast<const char *>(data), bytes);
    return path;
}

QString demo()
{
    return QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo.npz");
}

} // namespace

class TestRender : public QObject
{
    Q_OBJECT

private slots:
    void gradientOnePixelPerElement();
    void rangesAndScales();
    void sliceOfStack();
    void demoImageNanPatch();
    void errors();
    void failureKeepsExistingPng();
    void exactReductionsMatchNumpy_data();
    void exactReductionsMatchNumpy();
    void picturesMatchNumpy_data();
    void picturesMatchNumpy();
    void pictureRefusals();
    void reducedPictureIsBlockMean();

private:
    QTemporaryDir mDir;
};

void TestRender::gradientOnePixelPerElement()
{
    // 3 x 256 float64, value = column, rows offset so row 0 is distinguishable: row r adds 0.
    std::vector<double> v;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 256; ++c)
            v.push_back(c);
    v[0] = 0; // row 0, col 0 lowest; row 2 last col highest
    const QString in = writeNpy(mDir, QStringLiteral("grad.npy"), "<f8", {3, 256}, v.data(), qint64(v.size() * 8));
    const QString out = mDir.filePath(QStringLiteral("grad.png"));
    for (const char *map : {"viridis", "turbo", "coolwarm_r"}) {
        const Run r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--colormap"),
                            QString::fromLatin1(map)});
        QCOMPARE(r.status, 0);
        QVERIFY(r.err.isEmpty());
        const QImage img(out);
        QCOMPARE(img.size(), QSize(256, 3));
        Colormap m;
        bool rev = false;
        QVERIFY(colormapFromName(QString::fromLatin1(map), &m, &rev));
        const ColorTable t = colormapTable(m, rev);
        for (int c = 0; c < 256; ++c)
            QCOMPARE(img.pixel(c, 1), t[size_t(c)]);
    }
}

void TestRender::rangesAndScales()
{
    // Row 0: 1, 10, 100, 1000; row 1: -4, 0, 2, 4 (int32).
    const qint32 v[] = {1, 10, 100, 1000, -4, 0, 2, 4};
    const QString in = writeNpy(mDir, QStringLiteral("r.npy"), "<i4", {2, 4}, v, sizeof v);
    const QString out = mDir.filePath(QStringLiteral("r.png"));
    const ColorTable gray = colormapTable(Colormap::Gray);
    // Manual range 0:4 in gray: 2 -> 128, 4 and above -> 255, -4 -> 0. Row 0 at the top.
    Run r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--colormap"),
                  QStringLiteral("gray"), QStringLiteral("--range"), QStringLiteral("0:4")});
    QCOMPARE(r.status, 0);
    QImage img(out);
    QCOMPARE(img.pixel(2, 1), gray[128]);
    QCOMPARE(img.pixel(3, 1), gray[255]);
    QCOMPARE(img.pixel(0, 1), gray[0]);
    QCOMPARE(img.pixel(3, 0), gray[255]);
    // Log scale, min-max over positives [1, 1000]: 10 -> 85, 100 -> 170.
    r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--colormap"),
              QStringLiteral("gray"), QStringLiteral("--scale"), QStringLiteral("log")});
    QCOMPARE(r.status, 0);
    img = QImage(out);
    QCOMPARE(img.pixel(1, 0), gray[85]);
    QCOMPARE(img.pixel(2, 0), gray[170]);
    // Symmetric: [-1000, 1000], 0 -> 128.
    r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--colormap"),
              QStringLiteral("gray"), QStringLiteral("--range"), QStringLiteral("sym")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(out).pixel(1, 1), gray[128]);
    // Percentiles and sqrt run.
    r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--range"),
              QStringLiteral("p0.1-99.9"), QStringLiteral("--scale"), QStringLiteral("sqrt")});
    QCOMPARE(r.status, 0);
}

void TestRender::sliceOfStack()
{
    // demo 'stack' is (16, 64, 64): frame 5 as rows x cols, and a side view rows=axis 0, cols=axis 2.
    const QString out = mDir.filePath(QStringLiteral("s.png"));
    Run r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
                  QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral("5,:,:")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(out).size(), QSize(64, 64));
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
              QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral(":,-1,:")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(out).size(), QSize(64, 16));
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
              QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral("3,7,:")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(out).size(), QSize(1, 64)); // one ':' draws one column
}

void TestRender::demoImageNanPatch()
{
    // demo 'image' (256 x 256 float32) has NaN at [200:224, 24:56]: magenta there, viridis elsewhere.
    const QString out = mDir.filePath(QStringLiteral("img.png"));
    const Run r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("image"),
                        QStringLiteral("--png"), out});
    QCOMPARE(r.status, 0);
    const QImage img(out);
    QCOMPARE(img.size(), QSize(256, 256));
    const SpecialColors sc;
    QCOMPARE(img.pixel(24, 200), sc.nan);
    QCOMPARE(img.pixel(55, 223), sc.nan);
    QVERIFY(img.pixel(23, 200) != sc.nan);
    QVERIFY(img.pixel(24, 199) != sc.nan);
    QVERIFY(img.pixel(56, 223) != sc.nan);
    const ColorTable t = colormapTable(Colormap::Viridis);
    QVERIFY(std::find(t.begin(), t.end(), img.pixel(100, 100)) != t.end());
    // 'field' is complex: drawn by magnitude, smallest at the centre.
    const Run f = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("field"),
                        QStringLiteral("--png"), out, QStringLiteral("--colormap"), QStringLiteral("gray")});
    QCOMPARE(f.status, 0);
    const QImage fimg(out);
    QVERIFY(qRed(fimg.pixel(48, 48)) < 10);
    QVERIFY(qRed(fimg.pixel(0, 0)) > 245);
}

void TestRender::errors()
{
    const QString out = mDir.filePath(QStringLiteral("e.png"));
    // Usage errors: exit 2.
    QCOMPARE(tool({QStringLiteral("render"), demo(), QStringLiteral("--png"), out}).status, 2); // several members
    QCOMPARE(tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("image")}).status, 2);
    QCOMPARE(tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("image"),
                   QStringLiteral("--png"), out, QStringLiteral("--colormap"), QStringLiteral("jet")})
                 .status,
             2);
    QCOMPARE(tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("image"),
                   QStringLiteral("--png"), out, QStringLiteral("--range"), QStringLiteral("5:1")})
                 .status,
             2);
    QCOMPARE(tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("image"),
                   QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral("a,:")})
                 .status,
             2);
    // Invalid input: exit 1 with one line naming the file.
    Run r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("names"),
                  QStringLiteral("--png"), out});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("npy-tool: ") + demo()), qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("cannot draw dtype <U24")));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("records"),
              QStringLiteral("--png"), out});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains(QLatin1String("cannot draw dtype")));
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
              QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral("16,:,:")});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.contains(QLatin1String("out of range")));
    // NumPy's basic indexing: ":,:" leaves the stack's three axes, and frame 0 is drawn, as "0" draws it.
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
              QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral(":,:")});
    QCOMPARE(r.status, 0);
    const QImage whole(out);
    r = tool({QStringLiteral("render"), demo(), QStringLiteral("--member"), QStringLiteral("stack"),
              QStringLiteral("--png"), out, QStringLiteral("--slice"), QStringLiteral("0")});
    QCOMPARE(r.status, 0);
    QCOMPARE(QImage(out), whole);
    r = tool({QStringLiteral("render"), mDir.filePath(QStringLiteral("missing.npy")), QStringLiteral("--png"), out});
    QCOMPARE(r.status, 1);
    // Hostile fixtures never crash.
    const QDir hostile(QStringLiteral(NPY_TEST_DATA_DIR "/hostile"));
    for (const QString &name : hostile.entryList({QStringLiteral("*.npy")}, QDir::Files)) {
        const Run h = tool({QStringLiteral("render"), hostile.filePath(name), QStringLiteral("--png"), out});
        QVERIFY2(h.status == 0 || h.status == 1, qPrintable(name + QStringLiteral(": ") + h.err));
    }
}

void TestRender::failureKeepsExistingPng()
{
    // A 1-D member of 1 000 001 elements would be a PNG 1 000 001 pixels high, past libpng's limit: the
    // render is refused with the reason, and a file already at OUT keeps every byte.
    std::vector<float> values(1000001, 1.5f);
    const QString in = writeNpy(mDir, QStringLiteral("long.npy"), "<f4", {qint64(values.size())}, values.data(),
                                qint64(values.size() * sizeof(float)));
    const QString out = mDir.filePath(QStringLiteral("keep.png"));
    const QByteArray before("an earlier picture, kept");
    {
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(before);
    }
    const Run r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QLatin1String("1000001")) && r.err.contains(QLatin1String("--size")), qPrintable(r.err));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    // With --size it draws, and only then replaces the file.
    const Run ok = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--size"),
                         QStringLiteral("1x1000")});
    QCOMPARE(ok.status, 0);
    QImage image(out);
    QVERIFY(!image.isNull());
    QCOMPARE(image.height(), 1000);
}

void TestRender::exactReductionsMatchNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(npytest::dataPath(QStringLiteral("findreduce/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray renders = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("render")].toArray();
    QVERIFY(!renders.isEmpty());
    for (const QJsonValue &v : renders)
        QTest::newRow(qPrintable(v[QStringLiteral("png")].toString())) << v.toObject();
}

void TestRender::exactReductionsMatchNumpy()
{
    // NumPy's exact block reduction coloured by matplotlib's imsave, pixel for pixel; NaN pixels
    // (transparent in matplotlib's file) are our NaN colour.
    QFETCH(QJsonObject, entry);
    const QString in = npytest::dataPath(QStringLiteral("findreduce/") + entry[QStringLiteral("file")].toString());
    const QJsonArray size = entry[QStringLiteral("size")].toArray();
    const QString out = mDir.filePath(QStringLiteral("reduced.png"));
    const Run r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--size"),
                        QStringLiteral("%1x%2").arg(size[0].toInt()).arg(size[1].toInt()), QStringLiteral("--reduce"),
                        entry[QStringLiteral("reduce")].toString()});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QImage ours(out);
    const QImage ref(npytest::dataPath(QStringLiteral("findreduce/") + entry[QStringLiteral("png")].toString()));
    QCOMPARE(ours.size(), QSize(size[0].toInt(), size[1].toInt()));
    QCOMPARE(ours.size(), ref.size());
    int nanPixels = 0;
    for (int y = 0; y < ref.height(); ++y) {
        for (int x = 0; x < ref.width(); ++x) {
            const QRgb want = ref.pixel(x, y);
            const QRgb got = ours.pixel(x, y);
            if (qAlpha(want) == 0) {
                ++nanPixels;
                QCOMPARE(qRgb(qRed(got), qGreen(got), qBlue(got)), qRgb(255, 0, 255));
                continue;
            }
            if (qRgb(qRed(got), qGreen(got), qBlue(got)) != qRgb(qRed(want), qGreen(want), qBlue(want)))
                QFAIL(qPrintable(QStringLiteral("pixel (%1, %2): ours #%3, matplotlib's #%4")
                                     .arg(x).arg(y).arg(got & 0xffffff, 6, 16, QLatin1Char('0'))
                                     .arg(want & 0xffffff, 6, 16, QLatin1Char('0'))));
        }
    }
    // Only pictures as large as the array have single-element blocks that are NaN.
    QVERIFY(nanPixels == 0 || size[0].toInt() >= 131);
}

void TestRender::picturesMatchNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(npytest::dataPath(QStringLiteral("picture/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("cases")].toArray();
    QVERIFY(cases.size() >= 19);
    for (const QJsonValue &c : cases)
        QTest::newRow(qPrintable(c[QStringLiteral("what")].toString())) << c.toObject();
}

void TestRender::picturesMatchNumpy()
{
    // The PNG's pixels equal what NumPy computes from the array (uint8 as they are, floats as
    // np.round(np.clip(x, 0, 1) * 255), frames, crops and sheets as NumPy's indexing picks them).
    QFETCH(QJsonObject, entry);
    const QString in = npytest::dataPath(QStringLiteral("picture/") + entry[QStringLiteral("file")].toString());
    const QString out = mDir.filePath(QStringLiteral("picture.png"));
    QFile::remove(out);
    QStringList args = {QStringLiteral("render"), in, QStringLiteral("--png"), out};
    for (const QJsonValue &a : entry[QStringLiteral("args")].toArray())
        args << a.toString();
    const Run r = tool(args);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const auto expected = readNpyFile(npytest::dataPath(QStringLiteral("picture/") + entry[QStringLiteral("expected")].toString()));
    QVERIFY(expected);
    const NpyArray &e = expected.value();
    const qint64 h = e.shape()[0], w = e.shape()[1], channels = e.shape()[2];
    const QImage png(out);
    QCOMPARE(png.size(), QSize(int(w), int(h)));
    // An alpha channel in the expectation means an RGBA PNG.
    QCOMPARE(png.hasAlphaChannel(), channels == 4);
    const QImage rgba = png.convertToFormat(QImage::Format_ARGB32);
    int wrong = 0;
    for (qint64 y = 0; y < h; ++y) {
        for (qint64 x = 0; x < w; ++x) {
            const uchar *p = e.data() + (y * w + x) * channels;
            const QRgb want = qRgba(p[0], p[1], p[2], channels == 4 ? p[3] : 255);
            const QRgb got = rgba.pixel(int(x), int(y));
            if (got != want && ++wrong <= 3)
                qWarning("pixel (%lld, %lld): got %08x, NumPy %08x", y, x, got, want);
        }
    }
    QCOMPARE(wrong, 0);
}

void TestRender::pictureRefusals()
{
    const QString out = mDir.filePath(QStringLiteral("refused.png"));
    QFile::remove(out);
    const QString video = npytest::dataPath(QStringLiteral("picture/video.npz"));
    const QString rgb = npytest::dataPath(QStringLiteral("picture/rgb_u8.npy"));
    // --rgb on refuses what is not a colour picture, naming the shape; nothing is written.
    Run r = tool({QStringLiteral("render"), video, QStringLiteral("--member"), QStringLiteral("labels"),
                  QStringLiteral("--png"), out, QStringLiteral("--rgb"), QStringLiteral("on")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QLatin1String("not a colour picture: shape (6,)")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    // A frame out of range says how many there are.
    r = tool({QStringLiteral("render"), video, QStringLiteral("--member"), QStringLiteral("frames"),
              QStringLiteral("--png"), out, QStringLiteral("--frame"), QStringLiteral("6")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QLatin1String("there are 6 frames")), qPrintable(r.err));
    // Usage errors: --frame with --sheet, a bad --slice, --start without --sheet, a channels axis of length 64.
    QCOMPARE(tool({QStringLiteral("render"), video, QStringLiteral("--member"), QStringLiteral("frames"),
                   QStringLiteral("--png"), out, QStringLiteral("--frame"), QStringLiteral("1"), QStringLiteral("--sheet"),
                   QStringLiteral("2x2")})
                 .status,
             2);
    QCOMPARE(tool({QStringLiteral("render"), rgb, QStringLiteral("--png"), out, QStringLiteral("--slice"),
                   QStringLiteral("1;2")})
                 .status,
             2);
    QCOMPARE(tool({QStringLiteral("render"), rgb, QStringLiteral("--png"), out, QStringLiteral("--start"),
                   QStringLiteral("1")})
                 .status,
             2);
    r = tool({QStringLiteral("render"), rgb, QStringLiteral("--png"), out, QStringLiteral("--channels-axis"),
              QStringLiteral("1")});
    QCOMPARE(r.status, 1);
    QVERIFY(!QFile::exists(out));
    // --rgb off draws one channel as a heatmap: 48 x 64, opaque.
    r = tool({QStringLiteral("render"), rgb, QStringLiteral("--png"), out, QStringLiteral("--rgb"), QStringLiteral("off"),
              QStringLiteral("--slice"), QStringLiteral(":,:,1")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(QImage(out).size(), QSize(64, 48));
}

void TestRender::reducedPictureIsBlockMean()
{
    // --size halves a 48 x 64 uint8 picture: each pixel is the mean of its 2 x 2 block, per channel, rounded half
    // to even (NumPy: np.round(a.reshape(24, 2, 32, 2, 3).mean(axis=(1, 3)))).
    const QString in = npytest::dataPath(QStringLiteral("picture/rgb_u8.npy"));
    const QString out = mDir.filePath(QStringLiteral("half.png"));
    const Run r = tool({QStringLiteral("render"), in, QStringLiteral("--png"), out, QStringLiteral("--size"),
                        QStringLiteral("32x24")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QImage png(out);
    QCOMPARE(png.size(), QSize(32, 24));
    QString numpy;
    QVERIFY2(npytest::runPython(QStringLiteral("import numpy as np, sys\n"
                                               "a = np.load(sys.argv[1]).astype(np.float64)\n"
                                               "m = np.round(a.reshape(24, 2, 32, 2, 3).mean(axis=(1, 3)))\n"
                                               "print(' '.join(str(int(v)) for v in m.ravel()))\n"),
                                {in}, &numpy),
             qPrintable(numpy));
    const QStringList values = numpy.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(values.size(), 24 * 32 * 3);
    for (int y = 0; y < 24; ++y) {
        for (int x = 0; x < 32; ++x) {
            const int k = (y * 32 + x) * 3;
            const QRgb want = qRgb(values[k].toInt(), values[k + 1].toInt(), values[k + 2].toInt());
            QCOMPARE(png.pixel(x, y), want);
        }
    }
}

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
