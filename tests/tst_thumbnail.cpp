// npy-tool thumbnail: run the built tool as a file manager does (no DISPLAY, no QT_QPA_PLATFORM) and check the PNG.

#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace npytest;

namespace {

struct Run
{
    int status = -1;
    QString err;
};

/** Runs npy-tool with \a args as a thumbnailer runs: no DISPLAY, no QT_QPA_PLATFORM; under ulimit -v when asked. */
Run tool(const QStringList &args, qint64 memoryKiB = 0)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    if (memoryKiB > 0) {
        const QString limited = QStringLiteral("ulimit -v %1 && exec \"$0\" \"$@\"").arg(memoryKiB);
        p.start(QStringLiteral("/bin/sh"),
                QStringList{QStringLiteral("-c"), limited, QStringLiteral(NPY_TOOL_PATH)} + args);
    } else {
        p.start(QStringLiteral(NPY_TOOL_PATH), args);
    }
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/** The PNG at \a path as ARGB32, null when it is not one; \a rgba says whether it is 8-bit RGBA. */
QImage readPng(const QString &path, bool *rgba = nullptr)
{
    QImageReader reader(path, "png");
    const QImage image = reader.read();
    if (rgba)
        *rgba = image.format() == QImage::Format_ARGB32 && image.depth() == 32;
    return image.convertToFormat(QImage::Format_ARGB32);
}

/** The largest sanitizer-free build runs the memory bound; an address sanitizer reserves terabytes. */
bool sanitized()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

} // namespace

class TstThumbnail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsLikeRender_data();
    void drawsLikeRender();
    void linePlot();
    void noPreview();
    void usageErrors_data();
    void usageErrors();
    void sizeBounds_data();
    void sizeBounds();
    void hostile_data();
    void hostile();
    void refusesDamaged_data();
    void refusesDamaged();
    void boundedOnHugeMembers();
    void manyMembers();
};

void TstThumbnail::drawsLikeRender_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("size");
    QTest::addColumn<QSize>("expectedSize");
    QTest::addColumn<QStringList>("renderArgs");
    const QStringList mean = {QStringLiteral("--reduce"), QStringLiteral("mean")};
    QTest::newRow("colour image 64x48")
        << QStringLiteral("picture/rgb_u8.npy") << 128 << QSize(128, 96) << QStringList();
    QTest::newRow("colour image, Fortran order")
        << QStringLiteral("picture/rgb_u8_fortran.npy") << 128 << QSize(128, 96) << QStringList();
    QTest::newRow("RGBA keeps its alpha")
        << QStringLiteral("picture/rgba_u8.npy") << 100 << QSize(100, 80) << QStringList();
    QTest::newRow("float picture") << QStringLiteral("picture/rgb_f4.npy") << 256 << QSize(256, 183) << QStringList();
    QTest::newRow("CHW picture") << QStringLiteral("picture/chw_u8.npy") << 64 << QSize(64, 48) << QStringList();
    QTest::newRow("stack of CHW frames: the first") << QStringLiteral("picture/nchw.npy") << 128 << QSize(128, 96)
                                                    << QStringList{QStringLiteral("--frame"), QStringLiteral("0")};
    QTest::newRow("compressed video: the first frame")
        << QStringLiteral("picture/video.npz") << 128 << QSize(128, 107)
        << QStringList{QStringLiteral("--member"), QStringLiteral("frames"), QStringLiteral("--frame"),
                       QStringLiteral("0")};
    QTest::newRow("2-D heatmap") << QStringLiteral("thumbnail/heat_2d.npy") << 128 << QSize(128, 85) << mean;
    QTest::newRow("2-D heatmap enlarged") << QStringLiteral("thumbnail/heat_2d.npy") << 512 << QSize(512, 341) << mean;
    QTest::newRow("grey stack: the first frame")
        << QStringLiteral("thumbnail/gray_stack.npy") << 128 << QSize(128, 96)
        << (QStringList{QStringLiteral("--frame"), QStringLiteral("0")} + mean);
    QTest::newRow("2-D member before a larger 1-D one")
        << QStringLiteral("thumbnail/mixed.npz") << 256 << QSize(256, 205)
        << (QStringList{QStringLiteral("--member"), QStringLiteral("grid")} + mean);
    QTest::newRow("picture before a larger grid")
        << QStringLiteral("thumbnail/picture_and_grid.npz") << 256 << QSize(256, 213)
        << QStringList{QStringLiteral("--member"), QStringLiteral("picture")};
}

void TstThumbnail::drawsLikeRender()
{
    QFETCH(QString, file);
    QFETCH(int, size);
    QFETCH(QSize, expectedSize);
    QFETCH(QStringList, renderArgs);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("thumb.png"));
    const Run r = tool({QStringLiteral("thumbnail"), dataPath(file), out, QString::number(size)});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    bool rgba = false;
    const QImage thumb = readPng(out, &rgba);
    QVERIFY(rgba);
    QCOMPARE(thumb.size(), expectedSize);
    // The same picture as `npy-tool render` draws at that size (its pixels are checked against NumPy elsewhere).
    const QString rendered = dir.filePath(QStringLiteral("render.png"));
    const Run rr = tool(QStringList{QStringLiteral("render"), dataPath(file), QStringLiteral("--png"), rendered,
                                    QStringLiteral("--size"),
                                    QStringLiteral("%1x%2").arg(thumb.width()).arg(thumb.height())}
                        + renderArgs);
    QVERIFY2(rr.status == 0, qPrintable(rr.err));
    const QImage expected = readPng(rendered);
    QCOMPARE(expected.size(), thumb.size());
    for (int y = 0; y < thumb.height(); ++y)
        for (int x = 0; x < thumb.width(); ++x)
            if (thumb.pixel(x, y) != expected.pixel(x, y))
                QFAIL(qPrintable(QStringLiteral("pixel %1,%2: %3, render draws %4")
                                     .arg(x)
                                     .arg(y)
                                     .arg(thumb.pixel(x, y), 8, 16)
                                     .arg(expected.pixel(x, y), 8, 16)));
}

void TstThumbnail::linePlot()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("line.png"));
    const Run r = tool({QStringLiteral("thumbnail"), dataPath(QStringLiteral("thumbnail/series_1d.npy")), out,
                        QStringLiteral("256")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    bool rgba = false;
    const QImage image = readPng(out, &rgba);
    QVERIFY(rgba);
    QCOMPARE(image.size(), QSize(256, 192));
    // A rising series: drawn near the bottom at the left edge, near the top at the right one, on white.
    auto drawnRows = [&](int x) {
        QList<int> rows;
        for (int y = 0; y < image.height(); ++y)
            if (qGray(image.pixel(x, y)) < 200)
                rows.append(y);
        return rows;
    };
    const QList<int> left = drawnRows(1);
    const QList<int> right = drawnRows(image.width() - 2);
    QVERIFY(!left.isEmpty());
    QVERIFY(!right.isEmpty());
    QVERIFY2(left.first() > image.height() * 8 / 10, qPrintable(QString::number(left.first())));
    QVERIFY2(right.last() < image.height() * 2 / 10, qPrintable(QString::number(right.last())));
    QCOMPARE(image.pixel(image.width() - 2, image.height() - 3), qRgb(255, 255, 255));
}

void TstThumbnail::noPreview()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("none.png"));
    const Run r = tool({QStringLiteral("thumbnail"), dataPath(QStringLiteral("thumbnail/text_only.npz")), out,
                        QStringLiteral("128")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(QLatin1String("no preview")), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TstThumbnail::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    const QString in = dataPath(QStringLiteral("thumbnail/heat_2d.npy"));
    QTest::newRow("no size") << QStringList{in, QStringLiteral("OUT")};
    QTest::newRow("size 0") << QStringList{in, QStringLiteral("OUT"), QStringLiteral("0")};
    QTest::newRow("size 5000") << QStringList{in, QStringLiteral("OUT"), QStringLiteral("5000")};
    QTest::newRow("size text") << QStringList{in, QStringLiteral("OUT"), QStringLiteral("big")};
    QTest::newRow("an option") << QStringList{in, QStringLiteral("OUT"), QStringLiteral("128"), QStringLiteral("--x")};
}

void TstThumbnail::usageErrors()
{
    QFETCH(QStringList, args);
    QTemporaryDir dir;
    for (QString &a : args)
        if (a == QLatin1String("OUT"))
            a = dir.filePath(QStringLiteral("out.png"));
    const Run r = tool(QStringList{QStringLiteral("thumbnail")} + args);
    QCOMPARE(r.status, 2);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.png"))));
}

void TstThumbnail::sizeBounds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("size");
    for (const char *file : {"thumbnail/heat_2d.npy", "picture/rgb_u8.npy", "thumbnail/series_1d.npy",
                             "npy/f4_column_3x1.npy", "picture/video.npz"}) {
        for (int size : {1, 7, 128, 512}) {
            QTest::addRow("%s at %d", file, size) << QString::fromLatin1(file) << size;
        }
    }
}

void TstThumbnail::sizeBounds()
{
    QFETCH(QString, file);
    QFETCH(int, size);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("t.png"));
    const Run r = tool({QStringLiteral("thumbnail"), dataPath(file), out, QString::number(size)});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QImage image = readPng(out);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() <= size && image.height() <= size);
    QCOMPARE(std::max(image.width(), image.height()), size);
}

void TstThumbnail::hostile_data()
{
    QTest::addColumn<QString>("file");
    for (const char *folder : {"hostile", "hostile_npz"}) {
        const QDir d(dataPath(QString::fromLatin1(folder)));
        const QStringList files = d.entryList({QStringLiteral("*.npy"), QStringLiteral("*.npz")}, QDir::Files);
        QVERIFY(files.size() > 20);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << d.filePath(f);
    }
}

void TstThumbnail::hostile()
{
    QFETCH(QString, file);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("t.png"));
    const Run r = tool({QStringLiteral("thumbnail"), file, out, QStringLiteral("128")}, sanitized() ? 0 : 262144);
    // A clean refusal, one line saying why, and nothing written: also for the files NumPy reads but never writes
    // (a header in another layout, a bool byte of 2, a member that is no array, a name climbing out of its folder).
    QVERIFY2(r.status == 1, qPrintable(QStringLiteral("status %1: %2").arg(r.status).arg(r.err)));
    QVERIFY(!r.err.isEmpty());
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TstThumbnail::refusesDamaged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("why");
    QTest::newRow("a stored member's CRC") << QStringLiteral("bad_crc_stored.npz") << QStringLiteral("CRC");
    QTest::newRow("a member inflating past its size") << QStringLiteral("bomb_declares_less.npz") << QString();
    QTest::newRow("no central directory") << QStringLiteral("no_central_directory.npz")
                                          << QStringLiteral("central directory");
    QTest::newRow("the end cut off") << QStringLiteral("truncated_tail.npz") << QStringLiteral("central directory");
    QTest::newRow("cut in half") << QStringLiteral("truncated_half.npz") << QString();
    QTest::newRow("a flipped DEFLATE byte") << QStringLiteral("corrupt_deflate.npz") << QString();
}

void TstThumbnail::refusesDamaged()
{
    QFETCH(QString, file);
    QFETCH(QString, why);
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("t.png"));
    const Run r = tool({QStringLiteral("thumbnail"), dataPath(QStringLiteral("hostile_npz/") + file), out,
                        QStringLiteral("128")});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.contains(why), qPrintable(r.err));
    QVERIFY(!QFile::exists(out));
}

void TstThumbnail::boundedOnHugeMembers()
{
    if (sanitized())
        QSKIP("an address or thread sanitizer cannot run under a 256 MiB address space limit");
    QTemporaryDir dir;
    QString output;
    // A 288 MB .npy (more than the limit) and a 400 MB compressed member: the tool must read neither whole (nor map
    // the .npy: the limit counts address space).
    QVERIFY2(runPython(QStringLiteral("import numpy as np, sys\n"
                                      "a = np.lib.format.open_memmap(sys.argv[1], 'w+', '<f8', (6000, 6000))\n"
                                      "a[:5000] = 0.0\n"
                                      "a[5000:] = 1.0\n"
                                      "a.flush(); del a\n"
                                      "np.savez_compressed(sys.argv[2], big=np.zeros((20000, 20000), np.uint8))\n"),
                       {dir.filePath(QStringLiteral("big.npy")), dir.filePath(QStringLiteral("big.npz"))}, &output),
             qPrintable(output));
    for (const char *name : {"big.npy", "big.npz"}) {
        const QString out = dir.filePath(QStringLiteral("%1.png").arg(QLatin1String(name)));
        const Run r = tool({QStringLiteral("thumbnail"), dir.filePath(QLatin1String(name)), out,
                            QStringLiteral("256")},
                           262144);
        QVERIFY2(r.status == 0, qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), r.err)));
        const QImage image = readPng(out);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() <= 256 && image.height() <= 256);
    }
    // The .npy's rows are read spread over the whole picture (a seek each): its bottom sixth, all ones, shows in
    // another colour than the zeros above, at the picture's own aspect.
    const QImage whole = readPng(dir.filePath(QStringLiteral("big.npy.png")));
    QCOMPARE(whole.size(), QSize(256, 256));
    QVERIFY(whole.pixel(10, 10) != whole.pixel(10, 250));
    QCOMPARE(whole.pixel(10, 10), whole.pixel(10, 200));
    // The compressed member is read from its start only: its first rows, whole, wider than tall.
    const QImage first = readPng(dir.filePath(QStringLiteral("big.npz.png")));
    QCOMPARE(first.width(), 256);
    QVERIFY(first.height() < 256);
}

void TstThumbnail::manyMembers()
{
    QTemporaryDir dir;
    QString output;
    const QString path = dir.filePath(QStringLiteral("many.npz"));
    QVERIFY2(runPython(QStringLiteral("import io, sys, zipfile, numpy as np\n"
                                      "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
                                      "    for i in range(100000):\n"
                                      "        b = io.BytesIO(); np.save(b, np.full((2, 3), i, np.int16))\n"
                                      "        z.writestr('m%06d.npy' % i, b.getvalue())\n"),
                       {path}, &output),
             qPrintable(output));
    const QString out = dir.filePath(QStringLiteral("many.png"));
    const Run r = tool({QStringLiteral("thumbnail"), path, out, QStringLiteral("128")}, sanitized() ? 0 : 262144);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(readPng(out).size(), QSize(128, 85));
}

QTEST_GUILESS_MAIN(TstThumbnail)
#include "tst_thumbnail.moc"
