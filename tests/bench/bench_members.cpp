// bench_members: archives of 10^4, 3 x 10^4 and 10^5 four-element members (np.savez(**arrays), as per-sample
// files are written) opened to a painted member list, sorted and filtered, with NumPy's time to list the same
// archive (np.load(f).files) measured in the same run. Not a test: run it by hand (offscreen works):
//     QT_QPA_PLATFORM=offscreen build/tests/bench/bench_members
// Targets (issue 24): the list shown for 10^5 members in < 2 s and for 10^4 in < 0.5 s, time growing linearly.
#include "document.h"
#include "memberfilter.h"
#include "membermodel.h"
#include "opensource.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTreeView>

#include <memory>

namespace {

const char kWrite[] = R"(
import sys
import numpy as np
np.savez(sys.argv[1], **{f"s{i}": np.arange(4) for i in range(int(sys.argv[2]))})
)";

const char kList[] = R"(
import sys, time
import numpy as np
t0 = time.perf_counter()
with np.load(sys.argv[1]) as z:
    names = z.files
print(time.perf_counter() - t0)
)";

QString python(const char *script, const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-c"), QString::fromLatin1(script)} + args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0)
        return QString();
    return QString::fromLatin1(p.readAllStandardOutput()).trimmed();
}

struct Times
{
    double open = 0;   ///< the worker's part: the central directory and every member's header
    double shown = 0;  ///< the UI thread's part: document, model, view, first paint
    double sort = 0;   ///< a click on the name header
    double filter = 0; ///< typing a filter, then clearing it
    double added = 0;  ///< Add Array from File of the whole archive into an open document, to its list shown
};

Times measure(const QString &path)
{
    Times t;
    QElapsedTimer timer;
    timer.start();
    auto source = npy::openSource(path);
    if (!source)
        return t;
    t.open = timer.nsecsElapsed() / 1e6;
    timer.restart();
    npyw::Document document(source.value());
    npyw::MemberModel model(&document);
    auto *tree = new QTreeView;
    std::unique_ptr<QWidget> box(npyw::MemberFilter::withFilter(tree));
    tree->setModel(&model);
    npyw::MemberFilter *filter = npyw::MemberFilter::of(tree);
    filter->attach(&model);
    filter->expandDefault();
    box->resize(390, 400);
    box->show();
    QImage canvas(box->size(), QImage::Format_ARGB32_Premultiplied);
    box->render(&canvas);
    t.shown = timer.nsecsElapsed() / 1e6;
    timer.restart();
    tree->sortByColumn(npyw::MemberModel::NameColumn, Qt::DescendingOrder);
    box->render(&canvas);
    t.sort = timer.nsecsElapsed() / 1e6;
    timer.restart();
    filter->setText(QStringLiteral("s99"));
    box->render(&canvas);
    filter->clear();
    box->render(&canvas);
    t.filter = timer.nsecsElapsed() / 1e6;

    // Add Array from File: every member of the archive added (one undo step) to a document whose list is shown.
    npyw::Document target(nullptr);
    npyw::MemberModel targetModel(&target);
    tree->setModel(&targetModel);
    filter->attach(&targetModel);
    QEventLoop loop;
    QObject::connect(&target, &npyw::Document::membersAdded, &loop, &QEventLoop::quit);
    timer.restart();
    target.addMembersFromFile(path);
    loop.exec();
    filter->expandDefault();
    box->render(&canvas);
    t.added = timer.nsecsElapsed() / 1e6;
    return t;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir;
    const int counts[] = {10000, 30000, 100000};
    double shownPerMember[3] = {};
    for (int k = 0; k < 3; ++k) {
        const int n = counts[k];
        const QString path = dir.filePath(QStringLiteral("members_%1.npz").arg(n));
        if (python(kWrite, {path, QString::number(n)}).isNull() && !QFile::exists(path)) {
            out << "cannot write " << path << " with NumPy\n";
            return 1;
        }
        const Times t = measure(path);
        const double numpyMs = python(kList, {path}).toDouble() * 1000;
        const double total = t.open + t.shown;
        shownPerMember[k] = t.shown * 1000 / n;
        const double target = n <= 10000 ? 500 : 2000;
        out << n << " members: opened on the worker in " << t.open << " ms, list shown on the UI thread in " << t.shown
            << " ms (" << shownPerMember[k] << " us per member); total " << total << " ms (target < " << target
            << " ms): " << (total < target ? "PASS" : "FAIL") << '\n';
        out << "  sorted by name in " << t.sort << " ms, filtered and cleared in " << t.filter << " ms\n";
        out << "  Add Array from File of all of them into an open document: " << t.added << " ms ("
            << t.added * 1000 / n << " us per member)\n";
        if (numpyMs > 0)
            out << "  NumPy np.load(f).files: " << numpyMs << " ms; ratio ours (open + list) / NumPy " << total / numpyMs
                << '\n';
    }
    out << "UI time per member, 10^5 against 10^4: " << shownPerMember[2] / shownPerMember[0]
        << " (1 = linear; the list used to grow quadratically)\n";
    return 0;
}
