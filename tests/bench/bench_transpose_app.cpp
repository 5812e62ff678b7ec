// bench_transpose_app: the application's Transpose then Save As of a memory-mapped .npy, without the window. The
// file is opened into an npyw::Document as the main window opens it (Document::open(), then loadMember() as the
// array pane asks), transposed as Edit > Array > Transpose does (ArrayEditor::transpose(): an ArrayTransform over
// the member's array, Document::transformMember()), then saved as the main window's Save As does for a .npy
// (Document::save(OUT, SaveFormat::Npy)). Prints its own /proc/self/status figures after each step, the peak
// sampled every 5 ms while the save runs, and the save's time, as one JSON object on the last line of stdout. Its
// edits are journaled as the window journals them, into a temporary folder (XDG_STATE_HOME).
// Not a test: tests/bench/bench_transpose_app.py runs it against NumPy (offscreen works):
//     QT_QPA_PLATFORM=offscreen build/tests/bench/bench_transpose_app IN.npy OUT.npy
#include "arraytransform.h"
#include "document.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace {

/** VmRSS, RssAnon and RssFile of this process in KiB (/proc/self/status); zeros where it cannot be read. */
QJsonObject residentKiB()
{
    QJsonObject out{{QStringLiteral("VmRSS"), 0}, {QStringLiteral("RssAnon"), 0}, {QStringLiteral("RssFile"), 0}};
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QString name = QString::fromLatin1(line.left(colon));
        if (out.contains(name))
            out.insert(name, line.mid(colon + 1).trimmed().split(' ').value(0).toLongLong());
    }
    return out;
}

/** Keeps the largest of each figure of residentKiB() seen. */
void keepPeak(QJsonObject *peak, const QJsonObject &now)
{
    for (auto it = now.begin(); it != now.end(); ++it)
        peak->insert(it.key(), std::max(peak->value(it.key()).toInteger(), it.value().toInteger()));
}

int fail(const QString &message)
{
    QTextStream(stderr) << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 3)
        return fail(QStringLiteral("usage: bench_transpose_app IN.npy OUT.npy"));
    QJsonObject figures;
    figures.insert(QStringLiteral("rss_start"), residentKiB());

    // Open and load as the main window and its array pane do: the directory on a worker, then the member. Each
    // wait has its own event loop, so that a signal of a later step cannot end an earlier wait.
    npyw::Document document(nullptr);
    QString error;
    {
        QEventLoop loop;
        QObject::connect(&document, &npyw::Document::opened, &loop, [&](bool ok, const QString &why) {
            if (!ok)
                error = why;
            loop.quit();
        });
        if (!document.open(args.at(1)))
            return fail(QStringLiteral("the document cannot open %1").arg(args.at(1)));
        loop.exec();
    }
    if (!error.isEmpty())
        return fail(error);
    if (document.memberCount() != 1)
        return fail(QStringLiteral("%1: expected one array").arg(args.at(1)));
    // The window journals every opened file's edits; here into a folder of the benchmark's own.
    const QTemporaryDir state;
    qputenv("XDG_STATE_HOME", state.path().toLocal8Bit());
    document.startJournal();
    const int id = document.memberAt(0).id;
    {
        QEventLoop loop;
        QObject::connect(&document, &npyw::Document::memberLoaded, &loop, &QEventLoop::quit);
        QObject::connect(&document, &npyw::Document::memberLoadFailed, &loop, [&](int, const QString &why) {
            error = why;
            loop.quit();
        });
        document.loadMember(id);
        if (!document.memberById(id)->loaded)
            loop.exec();
    }
    if (!error.isEmpty())
        return fail(error);
    figures.insert(QStringLiteral("rss_loaded"), residentKiB());

    // Edit > Array > Transpose of a 2-D member: ArrayEditor::transpose({}) builds this transform and hands it to
    // the document.
    QElapsedTimer timer;
    timer.start();
    {
        const npyw::Member *m = document.memberById(id);
        npy::ArrayTransform transform(m->array, m->key);
        if (const npy::Status st = transform.transpose({}); !st)
            return fail(st.error());
        figures.insert(QStringLiteral("transpose_is_view"), transform.isView());
        QEventLoop loop;
        bool edited = false;
        QObject::connect(&document, &npyw::Document::arrayEditFinished, &loop,
                         [&](int, bool ok, const QString &why) {
                             edited = true;
                             if (!ok)
                                 error = why.isEmpty() ? QStringLiteral("the transpose was not pushed") : why;
                             loop.quit();
                         });
        if (!document.transformMember(id, transform, QStringLiteral("Transpose “%1”").arg(m->key)))
            return fail(QStringLiteral("the document refused the transpose"));
        if (!edited)
            loop.exec();
    }
    if (!error.isEmpty())
        return fail(error);
    figures.insert(QStringLiteral("transpose_seconds"), timer.nsecsElapsed() / 1e9);
    figures.insert(QStringLiteral("fortran_order"), document.memberById(id)->array.isFortran());
    figures.insert(QStringLiteral("rss_transposed"), residentKiB());

    // Save As, .npy: what MainWindow::startSave() asks of the document, with the status sampled while it runs.
    QJsonObject peak = residentKiB();
    double saveSeconds = 0;
    {
        QEventLoop loop;
        QTimer sampler;
        sampler.setInterval(5);
        QObject::connect(&sampler, &QTimer::timeout, &loop, [&]() { keepPeak(&peak, residentKiB()); });
        QObject::connect(&document, &npyw::Document::saveFinished, &loop, [&](bool ok, const QString &why) {
            if (!ok)
                error = why;
            loop.quit();
        });
        timer.restart();
        sampler.start();
        document.save(args.at(2), npy::SaveFormat::Npy);
        loop.exec();
        saveSeconds = timer.nsecsElapsed() / 1e9;
    }
    if (!error.isEmpty())
        return fail(error);
    keepPeak(&peak, residentKiB());
    figures.insert(QStringLiteral("save_seconds"), saveSeconds);
    figures.insert(QStringLiteral("rss_peak_saving"), peak);
    figures.insert(QStringLiteral("rss_saved"), residentKiB());
    figures.insert(QStringLiteral("modified_after_save"), document.isModified());
    QTextStream(stdout) << QJsonDocument(figures).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}
