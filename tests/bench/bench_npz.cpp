// Times the NPZ engine for tests/bench/bench_npz.py. Prints one line "seconds N" (the operation
// only, not process start-up) and, for read, a checksum so the work cannot be skipped.
//   bench_npz read FILE [--serial]   load every member (members in parallel unless --serial)
//   bench_npz write IN OUT [--level fast|default|best]
//                                    load every member of IN, save all DEFLATED (recompressed) at that level
//   bench_npz resave IN OUT          save IN unchanged (members copied raw)
#include "npzwriter.h"
#include "opensource.h"
#include "source.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

using namespace npy;

namespace {

quint64 checksum(const NpyArray &a)
{
    // Touch one word per 4 KiB page and every byte of the last page: proves the data is there.
    quint64 sum = 0;
    const uchar *p = a.data();
    for (qint64 i = 0; i + 8 <= a.nbytes(); i += 4096) {
        quint64 w;
        memcpy(&w, p + i, 8);
        sum += w;
    }
    return sum;
}

int fail(const QString &message)
{
    fprintf(stderr, "%s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2)
        return fail(QStringLiteral("usage: bench_npz read FILE [--serial] | write IN OUT | resave IN OUT"));
    QElapsedTimer timer;
    timer.start();
    auto opened = openSource(args[1]);
    if (!opened.ok())
        return fail(opened.error());
    const std::shared_ptr<const Source> src = opened.value();
    const int n = int(src->members().size());
    if (args[0] == QStringLiteral("read")) {
        std::atomic<int> next{0};
        std::atomic<quint64> sum{0};
        std::atomic<bool> bad{false};
        auto work = [&] {
            for (int i = next++; i < n; i = next++) {
                auto a = src->load(i);
                if (!a.ok()) {
                    fprintf(stderr, "%s\n", qPrintable(a.error()));
                    bad = true;
                    continue;
                }
                sum += checksum(a.value());
            }
        };
        const int threads = args.contains(QStringLiteral("--serial")) ? 1 : std::max(1, QThread::idealThreadCount());
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(work);
        for (std::thread &t : pool)
            t.join();
        if (bad)
            return 1;
        printf("seconds %.4f\nchecksum %llu\n", double(timer.nsecsElapsed()) / 1e9, (unsigned long long)sum.load());
        return 0;
    }
    if (args.size() < 3)
        return fail(QStringLiteral("missing OUT"));
    const bool recompress = args[0] == QStringLiteral("write");
    QList<SaveMember> members;
    for (int i = 0; i < n; ++i) {
        SaveMember m;
        m.key = src->members()[i].name;
        m.source = src;
        m.sourceIndex = i;
        m.modified = recompress;
        m.compression = recompress ? Compression::Deflated : src->members()[i].compression;
        if (recompress) {
            auto a = src->load(i);
            if (!a.ok())
                return fail(a.error());
            m.array = a.value();
        }
        members.append(m);
    }
    if (recompress)
        timer.restart(); // time the compression and writing only
    CompressionLevel level = CompressionLevel::Default;
    const qsizetype levelAt = args.indexOf(QStringLiteral("--level"));
    if (levelAt >= 0 && levelAt + 1 < args.size()) {
        if (args[levelAt + 1] == QStringLiteral("fast"))
            level = CompressionLevel::Fast;
        else if (args[levelAt + 1] == QStringLiteral("best"))
            level = CompressionLevel::Best;
        else if (args[levelAt + 1] != QStringLiteral("default"))
            return fail(QStringLiteral("--level takes fast, default or best"));
    }
    Status st = saveNpz(args[2], members, recompress ? SaveFormat::NpzCompressed : SaveFormat::Npz, {}, level);
    if (!st.ok())
        return fail(st.error());
    printf("seconds %.4f\n", double(timer.nsecsElapsed()) / 1e9);
    return 0;
}
