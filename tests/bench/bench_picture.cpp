// bench_picture: stepping through a memory-mapped colour stack as the Picture tab draws it, against NumPy doing
// the equivalent, measured in the same run.
//
//   bench_picture [python3] [frames]     (default /usr/bin/python3, 1000 frames; needs about 3 GB of disk)
//
// NumPy writes a (frames, 1024, 1024, 3) uint8 stack (3 GB for 1000 frames) with np.lib.format.open_memmap; the
// page cache is warmed by reading it once. Then, frame after frame:
//   1:1  the Picture tab's worker job for a 1024 x 768 view at one element per pixel (drawPicture: the elements
//        under each pixel per channel, mapped to 8 bits, packed into an image);
//   fit  the same job for a 512 x 512 view of the whole frame: each pixel the exact mean of its 2 x 2 block, per
//        channel.
// NumPy's side does the same on np.load(mmap_mode='r'): a[i, :768] packed into 32-bit pixels, and
// a[i].reshape(512, 2, 512, 2, 3).mean(axis=(1, 3)) rounded and packed.
// Targets (issue 22): median frame < 16 ms and 95th percentile < 33 ms in both, resident memory < 150 MiB; a
// contact sheet of 100 28 x 28 frames < 20 ms.

#include "npyfile.h"
#include "opensource.h"
#include "picture.h"
#include "picturejobs.h"
#include "source.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace npy;
using namespace npyw;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

/** Resident memory of this process in MiB (VmRSS). */
double residentMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0.0;
}

bool python(const QString &exe, const QString &script, const QStringList &args, QString *out)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(exe, QStringList{QStringLiteral("-c"), script} + args);
    const bool ok = p.waitForFinished(-1) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *out = QString::fromUtf8(p.readAll());
    return ok;
}

struct Run
{
    double median = 0;
    double p95 = 0;
    double maxRss = 0;
};

Run step(const NpyArray &array, const PictureLayout &layout, QRectF source, QSize output, qint64 frames)
{
    std::vector<double> ms;
    Run r;
    const auto cancel = std::make_shared<std::atomic_bool>(false);
    for (qint64 f = 0; f < frames; ++f) {
        PictureJob job;
        job.array = array;
        job.layout = layout;
        job.index = indexOfFrame(layout, array.shape(), f, QList<qint64>(array.shape().size(), 0));
        job.frame = f;
        job.options.exact = true;
        job.source = source;
        job.output = output;
        QElapsedTimer t;
        t.start();
        const auto drawn = drawPicture(job, cancel);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!drawn || drawn->image.isNull())
            std::fprintf(stderr, "frame %lld not drawn\n", f);
        r.maxRss = std::max(r.maxRss, residentMiB());
    }
    r.median = percentile(ms, 0.5);
    r.p95 = percentile(ms, 0.95);
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString py = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/usr/bin/python3");
    const qint64 frames = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1000;
    QTemporaryDir dir;
    const QString stack = dir.filePath(QStringLiteral("stack.npy"));
    const QString digits = dir.filePath(QStringLiteral("digits.npy"));
    QString out;
    std::printf("writing a (%lld, 1024, 1024, 3) uint8 stack with NumPy...\n", frames);
    std::fflush(stdout);
    if (!python(py, QStringLiteral(
                        "import numpy as np, sys\n"
                        "n = int(sys.argv[2])\n"
                        "a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype=np.uint8, shape=(n, 1024, 1024, 3))\n"
                        "y, x = np.mgrid[0:1024, 0:1024]\n"
                        "base = np.stack([x % 256, y % 256, (x + y) % 256], axis=-1).astype(np.uint8)\n"
                        "for i in range(n):\n"
                        "    a[i] = base + np.uint8(i % 256)\n"
                        "a.flush()\n"
                        "np.save(sys.argv[3], np.random.default_rng(0).integers(0, 256, (10000, 28, 28), dtype=np.uint8))\n"),
                {stack, QString::number(frames), digits}, &out)) {
        std::fprintf(stderr, "NumPy could not write the stack: %s\n", qPrintable(out));
        return 1;
    }
    // Warm the page cache, as a stack looked at before is.
    {
        QFile f(stack);
        if (f.open(QIODevice::ReadOnly)) {
            while (!f.read(qint64(64) << 20).isEmpty()) {
            }
        }
    }
    auto source = openSource(stack);
    if (!source) {
        std::fprintf(stderr, "%s\n", qPrintable(source.error()));
        return 1;
    }
    auto loaded = source.value()->load(0);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.error()));
        return 1;
    }
    const NpyArray array = loaded.value();
    const PictureLayout layout = pictureLayout(array.header());
    const double rssBefore = residentMiB();
    const Run one = step(array, layout, QRectF(0, 0, 1024, 768), QSize(1024, 768), frames);
    const Run fit = step(array, layout, QRectF(0, 0, 1024, 1024), QSize(512, 512), frames);

    // A contact sheet of 100 28 x 28 frames, as the Frames tab and `render --sheet` draw it (the heatmap of each).
    auto digitSource = openSource(digits);
    auto digitArray = digitSource ? digitSource.value()->load(0) : Result<NpyArray>::failure(QString());
    std::vector<double> sheetMs;
    if (digitArray) {
        const NpyArray d = digitArray.value();
        const PictureLayout gray = pictureLayout(d.header());
        for (int k = 0; k < 50; ++k) {
            QElapsedTimer t;
            t.start();
            auto sheet = tileFrames(qint64(k) * 100, gray.frames, 10, 10, QSize(), [&](qint64 f, ArgbImage *tile) {
                SliceSpec spec;
                spec.rowAxis = gray.rowAxis;
                spec.colAxis = gray.colAxis;
                spec.index = indexOfFrame(gray, d.shape(), f, QList<qint64>(3, 0));
                auto image = renderHeatmap(d, spec, HeatmapOptions());
                if (!image)
                    return false;
                *tile = std::move(image.value());
                return true;
            });
            sheetMs.push_back(double(t.nsecsElapsed()) / 1e6);
            if (!sheet)
                std::fprintf(stderr, "sheet: %s\n", qPrintable(sheet.error()));
        }
    }

    std::printf("NumPy's side...\n");
    std::fflush(stdout);
    const bool numpyOk = python(py, QStringLiteral(
                                        "import numpy as np, sys, time\n"
                                        "a = np.load(sys.argv[1], mmap_mode='r')\n"
                                        "def pack(f):\n"
                                        "    f = f.astype(np.uint32)\n"
                                        "    return (0xff000000 | (f[..., 0] << 16) | (f[..., 1] << 8) | f[..., 2]).astype(np.uint32)\n"
                                        "t1 = []\n"
                                        "for i in range(a.shape[0]):\n"
                                        "    t = time.perf_counter(); pack(np.ascontiguousarray(a[i, :768])); t1.append(time.perf_counter() - t)\n"
                                        "t2 = []\n"
                                        "for i in range(a.shape[0]):\n"
                                        "    t = time.perf_counter()\n"
                                        "    m = np.round(a[i].reshape(512, 2, 512, 2, 3).mean(axis=(1, 3))).astype(np.uint8)\n"
                                        "    pack(m); t2.append(time.perf_counter() - t)\n"
                                        "print(np.median(t1) * 1e3, np.median(t2) * 1e3)\n"),
                                {stack}, &out);
    const QStringList numpy = out.trimmed().split(QLatin1Char(' '));
    const double npOne = numpyOk ? numpy.value(0).toDouble() : 0.0;
    const double npFit = numpyOk ? numpy.value(1).toDouble() : 0.0;

    std::printf("\nstack: %lld frames of 1024 x 1024 x 3 uint8, memory-mapped (page cache warm)\n", frames);
    std::printf("  1:1 (1024 x 768 view): median %.2f ms, 95th %.2f ms  -> %.0f frames/s   NumPy %.2f ms (%.2fx)\n",
                one.median, one.p95, 1000.0 / one.median, npOne, npOne / one.median);
    std::printf("  fit (512 x 512, exact 2x2 means): median %.2f ms, 95th %.2f ms  -> %.0f frames/s   NumPy %.2f ms "
                "(%.2fx)\n",
                fit.median, fit.p95, 1000.0 / fit.median, npFit, npFit / fit.median);
    std::printf("  resident memory: %.1f MiB before, at most %.1f MiB while stepping (target < 150 MiB)\n", rssBefore,
                std::max(one.maxRss, fit.maxRss));
    std::printf("contact sheet of 100 28 x 28 frames: median %.2f ms, 95th %.2f ms (target < 20 ms)\n",
                percentile(sheetMs, 0.5), percentile(sheetMs, 0.95));
    const bool ok = one.median < 16 && one.p95 < 33 && fit.median < 16 && fit.p95 < 33
                    && std::max(one.maxRss, fit.maxRss) < 150 && percentile(sheetMs, 0.5) < 20;
    std::printf("%s\n", ok ? "targets met" : "TARGETS MISSED");
    return ok ? 0 : 2;
}
