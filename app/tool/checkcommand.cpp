#include "checkcommand.h"

#include "member.h"
#include "npzreader.h"
#include "source.h"
#include "toolpickle.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>
#include <vector>

namespace npy {

namespace {

const char kSynopsis[] = "  npy-tool check FILE\n";

/** Reads member \a i of \a source whole; the problem, located, or an empty string. */
QString problemOf(const Source &source, int i)
{
    const MemberInfo &m = source.members()[i];
    if (m.isArray && m.header.isPickled()) {
        // Read as data by the restricted pickle reader (never executed).
        const Status st = checkPickled(source, i);
        return st ? QString() : st.error();
    }
    if (!m.error.isEmpty())
        return memberError(source, m);
    if (!m.isArray) {
        Result<QByteArray> raw = source.readRaw(i);
        return raw ? QString() : raw.error();
    }
    Status st = verifyMember(source, i);
    return st ? QString() : st.error();
}

int run(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const Args a = parseArgs(args, false);
    if (!a.bad.isEmpty())
        return toolUsageError(err, a.bad);
    QString bad;
    if (a.positional.size() != 1 || !allowOnly(a, {}, false, false, &bad))
        return toolUsageError(err, bad.isEmpty() ? Tr::tr("check takes one FILE") : bad);
    auto source = openInput(a.positional.first(), err);
    if (!source)
        return kToolInvalid;
    // Members are independent: they are read on every core, and the first problem in member
    // order is reported.
    const int count = int(source->members().size());
    QList<QString> problems(count);
    // Largest first, so that the cores finish together (longest-processing-time order).
    QList<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
        return source->members()[x].size > source->members()[y].size;
    });
    std::atomic_int nextMember{0};
    auto work = [&]() {
        for (int k = nextMember++; k < count; k = nextMember++)
            problems[order[k]] = problemOf(*source, order[k]);
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < std::min(count, QThread::idealThreadCount()); ++t)
        workers.emplace_back(work);
    work();
    for (std::thread &w : workers)
        w.join();
    for (const QString &problem : std::as_const(problems))
        if (!problem.isEmpty())
            return toolInvalid(err, problem);
    out << source->path() << ": OK, " << Tr::tr("%n member(s) checked", nullptr, int(source->members().size()))
        << '\n';
    return kToolOk;
}

} // namespace

const ToolCommand kCheckCommand = {"check", kSynopsis, nullptr, run};

} // namespace npy
