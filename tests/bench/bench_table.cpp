// bench_table: opening a 2 GiB .npy to the first painted table, and ArrayTableModel::data() per cell,
// with NumPy's time for the nearest equivalent (np.load(mmap_mode='r') + formatting the visible
// cells) measured in the same run. Not a test: run it by hand (offscreen works):
//     QT_QPA_PLATFORM=offscreen build/tests/bench/bench_table
// Targets (issue 4): first paint under 0.3 s, peak RSS under 150 MiB, data() under 1 us per cell.
#include "arraytablemodel.h"
#include "document.h"
#include "hugetableview.h"
#include "npyheader.h"
#include "opensource.h"
#include "slicespec.h"
#include "source.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstring>

namespace {

qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

/** A 2 GiB float32 .npy of 16384 x 32768, mostly a sparse file (little disk used). */
QString makeFile(const QString &dir)
{
    const QString path = dir + QStringLiteral("/big.npy");
    npy::DType f4;
    QString error;
    npy::DType::fromTypeString(QStringLiteral("<f4"), &f4, &error);
    const QList<qint64> shape{16384, 32768};
    npy::Result<QByteArray> header = npy::buildNpyHeader(f4, shape, false);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(header.value());
    f.resize(header->size() + shape[0] * shape[1] * 4);
    // Real values (not zeros, which format fastest) in the first 1024 columns of every row.
    QByteArray band(1024 * 4, Qt::Uninitialized);
    for (qint64 r = 0; r < shape[0]; ++r) {
        for (int c = 0; c < 1024; ++c) {
            const float v = float(r) * 1.1f + float(c) * 0.37f - 5000.0f;
            std::memcpy(band.data() + c * 4, &v, 4);
        }
        f.seek(header->size() + r * shape[1] * 4);
        f.write(band);
    }
    return path;
}

const char kNumpySide[] = R"(
import sys, time
import numpy as np
t0 = time.perf_counter()
a = np.load(sys.argv[1], mmap_mode='r')
cells = [str(v) for v in a[:40, :20].ravel()]
t1 = time.perf_counter()
print(t1 - t0)
)";

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir;
    const QString path = makeFile(dir.path());

    QElapsedTimer timer;
    timer.start();
    auto source = npy::openSource(path);
    if (!source) {
        out << source.error() << '\n';
        return 1;
    }
    npyw::Document document(source.value());
    const int id = document.memberAt(0).id;
    if (const npy::Status loaded = document.loadMemberNow(id); !loaded) {
        out << loaded.error() << '\n';
        return 1;
    }
    npyw::ArrayTableModel model(&document);
    model.setMember(id, npy::SliceSpec());
    npyw::HugeTableView view;
    view.resize(1200, 800);
    view.setModel(&model);
    view.show();
    QImage canvas(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.render(&canvas); // the first complete paint of the table
    const double openMs = timer.nsecsElapsed() / 1e6;
    const qint64 peak = peakRssKiB();

    // data() on the visible cells, many times over, as a repaint asks for them.
    const int rows = 40, cols = 20, rounds = 2000;
    qint64 sink = 0;
    timer.restart();
    for (int k = 0; k < rounds; ++k)
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                sink += model.data(model.index(r, c), Qt::DisplayRole).toString().size();
    const double perCellUs = timer.nsecsElapsed() / 1e3 / (double(rounds) * rows * cols);

    // The same with the window moved before every round, so that no cell was asked for before.
    const int coldRounds = 200;
    timer.restart();
    for (int k = 0; k < coldRounds; ++k) {
        model.setOffsets(qint64(k + 1) * rows % (16384 - rows), qint64(k % 50) * cols);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                sink += model.data(model.index(r, c), Qt::DisplayRole).toString().size();
    }
    const double coldUs = timer.nsecsElapsed() / 1e3 / (double(coldRounds) * rows * cols);

    double numpyMs = -1;
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromLatin1(kNumpySide), path});
    if (python.waitForFinished(120000) && python.exitCode() == 0)
        numpyMs = QString::fromLatin1(python.readAllStandardOutput()).trimmed().toDouble() * 1000;

    out << "2 GiB float32 .npy (16384 x 32768), open to first painted table: " << openMs << " ms (target < 300 ms): "
        << (openMs < 300 ? "PASS" : "FAIL") << '\n';
    if (numpyMs >= 0)
        out << "  NumPy np.load(mmap_mode='r') + str() of the 40x20 visible cells: " << numpyMs << " ms; ratio ours/NumPy "
            << openMs / numpyMs << '\n';
    out << "peak RSS: " << peak / 1024.0 << " MiB (target < 150 MiB): " << (peak < 150 * 1024 ? "PASS" : "FAIL") << '\n';
    out << "ArrayTableModel::data() (DisplayRole, formatted): " << perCellUs << " us per cell (target < 1 us): "
        << (perCellUs < 1.0 ? "PASS" : "FAIL") << '\n';
    out << "  cells never asked for before (window moved each round): " << coldUs << " us per cell  [" << sink << "]\n";
    return 0;
}
