// bench_profile: heatmap profiles of a large memory-mapped 2-D .npy, against NumPy taking the same profiles in the
// same run, and a profile dragged across a HeatmapView showing it (offscreen): how long the UI thread stalls.
//
//   bench_profile FILE.npy [python3]      (default /usr/bin/python3; NumPy's side is skipped if it fails)
//
// 1. computeProfile() of a row, a column and a diagonal line, widths 1 and 9 (the median of 5 warm runs, the pages
//    kept mapped as NumPy's stay, and given back after each as a single profile does), and NumPy's a[r],
//    np.nanmean(a[r-4:r+5], axis=0), a[:, c], ..., the diagonal by fancy indexing.
// 2. A column profile dragged across the whole picture, a mouse move every 16 ms for 3 s: the longest a move
//    takes to handle, the longest gap between 2 ms timer ticks (the UI thread busy), profiles shown, the time
//    from the last move to its profile, and the resident memory then and 1.5 s later (the pages read given back).

#include "heatmapprofile.h"
#include "heatmapview.h"
#include "npyfile.h"
#include "profile.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QMouseEvent>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace npy;
using namespace npyw;

namespace {

double medianMs(const SliceAccess &access, const ProfileGeometry &g, bool release)
{
    std::vector<double> times;
    for (int i = 0; i < 6; ++i) {
        QElapsedTimer t;
        t.start();
        const Result<Profile> p = computeProfile(access, g, nullptr, release);
        if (!p)
            qFatal("%s", qPrintable(p.error()));
        if (i > 0) // the first run pages the file in
            times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

const char kNumpySide[] = R"(
import sys, time, warnings
import numpy as np
warnings.simplefilter('ignore')
a = np.load(sys.argv[1], mmap_mode='r')
rows, cols = a.shape
r, c = rows // 3, cols // 3
def line(w):
    n = int(np.ceil(np.hypot(rows - 1, cols - 1) + 1))
    lr, lc = np.linspace(0, rows - 1, n), np.linspace(0, cols - 1, n)
    t = np.arctan2(rows - 1, cols - 1)
    R = np.floor(lr[:, None] + np.linspace(-(w - 1) * np.cos(t) / 2, (w - 1) * np.cos(t) / 2, w) + 0.5).astype(np.intp)
    C = np.floor(lc[:, None] + np.linspace((w - 1) * np.sin(t) / 2, -(w - 1) * np.sin(t) / 2, w) + 0.5).astype(np.intp)
    ok = (R >= 0) & (R < rows) & (C >= 0) & (C < cols)
    v = np.where(ok, a[np.clip(R, 0, rows - 1), np.clip(C, 0, cols - 1)].astype(np.float64), np.nan)
    return np.nanmean(v, axis=1)
cases = [lambda: np.asarray(a[r], dtype=np.float64), lambda: np.nanmean(a[r - 4:r + 5], axis=0, dtype=np.float64),
         lambda: np.asarray(a[:, c], dtype=np.float64), lambda: np.nanmean(a[:, c - 4:c + 5], axis=1, dtype=np.float64),
         lambda: line(1), lambda: line(5)]
for f in cases:
    times = []
    for i in range(6):
        t = time.perf_counter(); f(); times.append((time.perf_counter() - t) * 1e3)
    times = sorted(times[1:])
    print(times[len(times) // 2])
)";

/** This process's resident memory in MiB (Linux; 0 elsewhere). */
double residentMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0.0;
}

void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_profile FILE.npy [python3]\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const QString python = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("/usr/bin/python3");
    const Result<NpyArray> array = readNpyFile(path);
    if (!array || array->header().shape.size() != 2) {
        std::fprintf(stderr, "%s: %s\n", argv[1], array ? "not 2-D" : qPrintable(array.error()));
        return 1;
    }
    const SliceSpec spec = SliceSpec::defaultFor(array->header());
    const Result<SliceAccess> access = SliceAccess::create(array.value(), spec);
    if (!access)
        qFatal("%s", qPrintable(access.error()));
    const qint64 rows = access->rows(), cols = access->cols();
    std::printf("%s: %lld x %lld %s\n", argv[1], rows, cols, qPrintable(array->header().dtype.displayName()));

    const double r = double(rows / 3), c = double(cols / 3);
    const QList<QPair<const char *, ProfileGeometry>> cases = {
        {"row, width 1", {ProfileKind::Row, r, 0, 0, 0, 1}},
        {"row, width 9", {ProfileKind::Row, r, 0, 0, 0, 9}},
        {"column, width 1", {ProfileKind::Column, 0, c, 0, 0, 1}},
        {"column, width 9", {ProfileKind::Column, 0, c, 0, 0, 9}},
        {"diagonal line, width 1", {ProfileKind::Line, 0, 0, double(rows - 1), double(cols - 1), 1}},
        {"diagonal line, width 5", {ProfileKind::Line, 0, 0, double(rows - 1), double(cols - 1), 5}},
    };
    std::vector<double> ours, released;
    for (const auto &[name, g] : cases) {
        ours.push_back(medianMs(access.value(), g, false));
        released.push_back(medianMs(access.value(), g, true));
    }
    QProcess p;
    p.start(python, {QStringLiteral("-c"), QString::fromLatin1(kNumpySide), path});
    const bool ran = p.waitForFinished(600000) && p.exitCode() == 0;
    const QStringList numpy = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < cases.size(); ++i) {
        std::printf("  %-24s ours %8.3f ms", cases[i].first, ours[size_t(i)]);
        if (ran && i < numpy.size())
            std::printf("   NumPy %8.3f ms   ratio %.2fx", numpy[i].toDouble(), ours[size_t(i)] / numpy[i].toDouble());
        std::printf("   (pages given back after each: %.1f ms)\n", released[size_t(i)]);
    }
    if (!ran)
        std::printf("  (NumPy's side did not run: %s)\n", qPrintable(QString::fromUtf8(p.readAllStandardError())));

    // A column profile dragged across the picture while the event loop is watched.
    HeatmapView view;
    view.resize(1000, 800);
    view.show();
    view.setArray(array.value(), spec);
    view.flushRender();
    HeatmapProfile *profile = view.profile();
    profile->setTool(ProfileTool::Column);
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 500)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    int shown = 0;
    QObject::connect(profile, &HeatmapProfile::profileChanged, [&shown]() { ++shown; });
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = 0, worstGap = 0;
    QTimer ticker;
    ticker.setInterval(2);
    QObject::connect(&ticker, &QTimer::timeout, [&]() {
        const qint64 now = clock.nsecsElapsed() / 1000;
        if (lastTick)
            worstGap = std::max(worstGap, now - lastTick);
        lastTick = now;
    });
    ticker.start();
    QWidget *canvas = view.canvas();
    const double y = canvas->height() / 2.0;
    const int moves = 3000 / 16;
    double worstMove = 0;
    QElapsedTimer handle;
    sendMouse(canvas, QEvent::MouseButtonPress, QPointF(5, y), Qt::LeftButton, Qt::LeftButton);
    for (int i = 0; i < moves; ++i) {
        const QPointF pos(5 + (canvas->width() - 10) * double(i) / moves, y);
        handle.start();
        sendMouse(canvas, QEvent::MouseMove, pos, Qt::NoButton, Qt::LeftButton);
        worstMove = std::max(worstMove, double(handle.nsecsElapsed()) / 1e6);
        QElapsedTimer frame;
        frame.start();
        while (frame.elapsed() < 16)
            QApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    sendMouse(canvas, QEvent::MouseButtonRelease, QPointF(canvas->width() - 5, y), Qt::LeftButton, Qt::NoButton);
    QElapsedTimer last;
    last.start();
    while (!profile->profile() && last.elapsed() < 60000)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    const double lastMs = double(last.nsecsElapsed()) / 1e6;
    ticker.stop();
    std::printf("  drag: %d moves in %.1f s, %d profiles shown; worst move handled in %.2f ms, worst UI stall "
                "%.1f ms (2 ms ticks), the last profile %.1f ms after the release\n",
                moves, double(clock.elapsed()) / 1000.0, shown, worstMove, double(worstGap) / 1000.0, lastMs);
    const double resident = residentMiB();
    QElapsedTimer idle;
    idle.start();
    while (idle.elapsed() < 1500)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    std::printf("  resident memory: %.0f MiB after the drag, %.0f MiB 1.5 s later\n", resident, residentMiB());
    return 0;
}
