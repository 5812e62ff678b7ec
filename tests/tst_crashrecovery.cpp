// The "done when" of unsaved edits surviving a crash: the real npy-inspector (offscreen, its state
// folder in a temporary directory) makes edits of every kind through its test script hook
// (app/gui/guitestscript.h), is killed with SIGKILL, starts again, recovers, saves; the saved file equals
// the same edits done in NumPy. Also: a torn journal recovers all but its last edit, a file changed
// since refuses with the reason (the journal is kept).
#include "journalfile.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

/** The edits, in the script words of app/gui/guitestscript.h (%1: tests/data). */
const char kEdits[] = "edit\tx\t0\t1.5\n"
                      "edit\tx\t0\t2.5\n"
                      "edit\tx\t1\t-3\n"
                      "undo\n"
                      "paste\tcounts\t2\t7\t8\t9\n"
                      "fill\tcounts\t0\t4\t6\t42\n"
                      "fill\tf\t0\t15\t1\t0.25\n"
                      "rename\tmask\tflags\n"
                      "duplicate\tf\n"
                      "edit\tf_copy\t4\t-1\n"
                      "delete\tx\n"
                      "undo\n"
                      "delete\tflags\n"
                      "undo\n"
                      "add\t%1/npy/f8_le.npy\n"
                      "copy\t%1/npz/savez_compressed_basic.npz\tcounts\t0\t-5\n"
                      "copy\t%1/npz/savez_compressed_basic.npz\tmask\n"
                      "edit\tf8_le\t3\t99\n";

/** The same edits in NumPy: argv = the original, tests/data, the saved file, "torn" to leave out the last edit. */
const char kNumpy[] = R"(
import sys, numpy as np
src, data, saved, torn = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == 'torn'
z = np.load(src)
d = {k: z[k].copy() for k in z.files}
d['x'][0] = 2.5
d['counts'].flat[2:5] = [7, 8, 9]
d['counts'].flat[0::6] = 42
d['f'].flat[:] = 0.25
out = {}
for k in ['x', 'counts', 'mask', 'f']:
    out['flags' if k == 'mask' else k] = d[k]
    if k == 'f':
        out['f_copy'] = d['f'].copy()
        out['f_copy'].flat[4] = -1
out['f8_le'] = np.load(data + '/npy/f8_le.npy')
other = np.load(data + '/npz/savez_compressed_basic.npz')
out['counts_1'] = other['counts'].copy()
out['counts_1'].flat[0] = -5
out['mask'] = other['mask']
if not torn:
    out['f8_le'][3] = 99
got = np.load(saved)
if list(got.files) != list(out):
    sys.exit('members: %s, NumPy: %s' % (list(got.files), list(out)))
for k, v in out.items():
    g = got[k]
    if g.dtype != v.dtype or g.shape != v.shape or g.tobytes() != v.tobytes():
        sys.exit('%s: %r %s, NumPy: %r %s' % (k, g, g.dtype, v, v.dtype))
print('same')
)";

struct Run
{
    bool finished = false;
    QStringList report;
};

} // namespace

class TestCrashRecovery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    QString mFile;
    QString mState;

    /** Starts the app on mFile with \a script; waits for its report to say done (or error). */
    Run runApp(const QString &script, bool kill)
    {
        Run r;
        const QString scriptPath = mDir.filePath(QStringLiteral("script.txt"));
        const QString reportPath = mDir.filePath(QStringLiteral("report.txt"));
        QFile::remove(reportPath);
        QFile s(scriptPath);
        if (!s.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return r;
        s.write(script.toUtf8());
        s.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_STATE_HOME"), mState);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), mDir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("NPY_INSPECTOR_TEST_SCRIPT"), scriptPath);
        env.insert(QStringLiteral("NPY_INSPECTOR_TEST_REPORT"), reportPath);
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(QStringLiteral(NPY_INSPECTOR_PATH), {mFile});
        if (!p.waitForStarted())
            return r;
        QFile report(reportPath);
        QDeadlineTimer deadline(120000);
        while (!deadline.hasExpired()) {
            QTest::qWait(100);
            if (report.open(QIODevice::ReadOnly)) {
                r.report = QString::fromUtf8(report.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
                report.close();
            }
            if (r.report.contains(QStringLiteral("done")) || !r.report.filter(QStringLiteral("error")).isEmpty())
                break;
        }
        if (kill) {
            // Past the journal's flush delay (half a second), then no chance to clean up.
            QTest::qWait(1500);
            p.kill();
            if (p.state() != QProcess::NotRunning)
                p.waitForFinished(10000);
            r.finished = p.exitStatus() == QProcess::CrashExit;
        } else {
            // waitForFinished() is false for a process already finished.
            const bool ended = p.state() == QProcess::NotRunning || p.waitForFinished(60000);
            r.finished = ended && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
            if (!r.finished)
                r.report << QStringLiteral("exit status %1, code %2, state %3")
                                .arg(int(p.exitStatus()))
                                .arg(p.exitCode())
                                .arg(int(p.state()));
        }
        return r;
    }

    QString edits() const { return QString::fromLatin1(kEdits).arg(npytest::dataPath(QString()).chopped(1)); }

    /** A fresh copy of the fixture, edited by the app and killed; returns the journal left. */
    QString editAndKill()
    {
        QFile::remove(mFile);
        if (!QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), mFile))
            return QString();
        QFile::setPermissions(mFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const Run r = runApp(edits(), true);
        if (!r.finished || !r.report.contains(QStringLiteral("done"))) {
            qWarning() << r.report;
            return QString();
        }
        const QStringList left = npy::journalsFor(mFile);
        return left.size() == 1 ? left.first() : QString();
    }

    bool sameAsNumpy(bool torn, QString *out)
    {
        return npytest::runPython(QString::fromLatin1(kNumpy),
                                  {npytest::dataPath(QStringLiteral("npz/savez_basic.npz")),
                                   npytest::dataPath(QString()).chopped(1), mFile,
                                   torn ? QStringLiteral("torn") : QStringLiteral("whole")},
                                  out)
               && out->trimmed() == QLatin1String("same");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        mFile = mDir.filePath(QStringLiteral("edited.npz"));
        mState = mDir.filePath(QStringLiteral("state"));
        qputenv("XDG_STATE_HOME", mState.toUtf8());
        if (npytest::pythonWithNumpy().isEmpty())
            QSKIP("no python3 with NumPy");
    }

    void recoverAfterKill()
    {
        const QString journal = editAndKill();
        QVERIFY2(!journal.isEmpty(), "the killed app left one journal");
        const QByteArray original = npytest::fileDigest(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
        QCOMPARE(npytest::fileDigest(mFile), original); // nothing was saved
        const Run r = runApp(QStringLiteral("answer\trecover\nsave\nquit\n"), false);
        QVERIFY2(r.finished, qPrintable(r.report.join(QLatin1Char('\n'))));
        QVERIFY2(r.report.contains(QStringLiteral("done")), qPrintable(r.report.join(QLatin1Char('\n'))));
        const QString prompt = r.report.join(QLatin1Char('\n'));
        // 18 lines: 15 steps, one merged into the step before, 3 undone: 11 edits.
        QVERIFY2(prompt.contains(QStringLiteral("closed with 11 unsaved edits to edited.npz")), qPrintable(prompt));
        QVERIFY(r.report.contains(QStringLiteral("can recover: yes")));
        QString out;
        QVERIFY2(sameAsNumpy(false, &out), qPrintable(out));
        QVERIFY2(!QFileInfo::exists(journal), "recovering removes the journal");
        QVERIFY2(npy::journalsFor(mFile).isEmpty(), "saving removes the new one");
    }

    void tornJournal()
    {
        const QString journal = editAndKill();
        QVERIFY(!journal.isEmpty());
        // Killed while writing the last record: its last bytes never reached the disk.
        QFile f(journal);
        QVERIFY(f.resize(f.size() - 3));
        const Run r = runApp(QStringLiteral("answer\trecover\nsave\nquit\n"), false);
        QVERIFY2(r.finished && r.report.contains(QStringLiteral("done")), qPrintable(r.report.join(QLatin1Char('\n'))));
        const QString prompt = r.report.join(QLatin1Char('\n'));
        QVERIFY2(prompt.contains(QStringLiteral("closed with 10 unsaved edits")), qPrintable(prompt));
        QVERIFY2(prompt.contains(QStringLiteral("left out")), qPrintable(prompt));
        QString out;
        QVERIFY2(sameAsNumpy(true, &out), qPrintable(out));
    }

    void changedFileRefuses()
    {
        const QString journal = editAndKill();
        QVERIFY(!journal.isEmpty());
        QString out;
        QVERIFY2(npytest::runPython(QStringLiteral("import sys, numpy as np; z=dict(np.load(sys.argv[1])); "
                                                   "z['x'][0]=1000; np.savez(sys.argv[1], **z)"),
                                    {mFile}, &out),
                 qPrintable(out));
        const QByteArray changed = npytest::fileDigest(mFile);
        const Run r = runApp(QStringLiteral("answer\trecover\nquit\n"), false);
        QVERIFY2(r.finished, qPrintable(r.report.join(QLatin1Char('\n'))));
        QVERIFY2(r.report.contains(QStringLiteral("can recover: no")), qPrintable(r.report.join(QLatin1Char('\n'))));
        const QString prompt = r.report.join(QLatin1Char('\n'));
        QVERIFY2(prompt.contains(QStringLiteral("changed since")) && prompt.contains(QStringLiteral("modified at")),
                 qPrintable(prompt));
        QCOMPARE(npytest::fileDigest(mFile), changed); // nothing applied, nothing written
        QVERIFY2(QFileInfo::exists(journal), "a refused journal is kept (Later)");
        // Discard deletes it.
        const Run d = runApp(QStringLiteral("answer\tdiscard\nquit\n"), false);
        QVERIFY(d.finished);
        QVERIFY(!QFileInfo::exists(journal));
        QVERIFY(npy::journalsFor(mFile).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
