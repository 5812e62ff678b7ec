// `npy-inspector -`: NumPy writes an array into a pipe (np.save to a file descriptor, as into a subprocess's stdin)
// and the window reading the other end shows it, titled "standard input", with Save asking for a name.

#include "document.h"
#include "mainwindow.h"
#include "arraypane.h"
#include "npyarray.h"
#include "recentfiles.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstring>

#include <unistd.h>

class TstStdinInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void showsAnArray();
    void showsAMemberOfAnArchive();
    void saveAsksForAName();
    void refusesWhatIsNotNumpy_data();
    void refusesWhatIsNotNumpy();

private:
    /**
     * Runs \a script with NumPy, its argv[1] the write end of a pipe (np.save(os.fdopen(fd, 'wb'), ...)), and
     * returns a window reading the other end, once it has opened (or failed: \a failed).
     */
    MainWindow *pipeInto(const QString &script, const QString &member = QString(), QString *failed = nullptr);

    QTemporaryDir mDir;
    QList<QPointer<MainWindow>> mWindows;
};

void TstStdinInput::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
    MainWindow::setSavePrompt([](MainWindow *, const QString &) { return QMessageBox::Discard; });
}

void TstStdinInput::cleanup()
{
    npytest::closeWindows(&mWindows);
}

MainWindow *TstStdinInput::pipeInto(const QString &script, const QString &member, QString *failed)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return nullptr;
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedChannels);
    python.start(npytest::pythonWithNumpy(),
                 {QStringLiteral("-c"), QStringLiteral("import os, sys, numpy as np\nout = os.fdopen(int(sys.argv[1]), "
                                                       "'wb')\n")
                                            + script + QStringLiteral("\nout.close()\n"),
                  QString::number(fds[1])});
    const bool started = python.waitForStarted(30000);
    ::close(fds[1]); // the child holds the write end: the reader sees the end of the stream when it exits
    if (!started) {
        ::close(fds[0]);
        return nullptr;
    }
    auto *w = new MainWindow;
    mWindows.append(w);
    w->show();
    QSignalSpy opened(w, &MainWindow::documentOpened);
    QSignalSpy failedSpy(w, &MainWindow::openFailed);
    w->openStandardInput(fds[0], member);
    const bool answered = QTest::qWaitFor([&]() { return !opened.isEmpty() || !failedSpy.isEmpty(); }, 60000);
    // (waitForFinished() is false for a process whose end the event loop above has already seen.)
    const bool ended = python.state() == QProcess::NotRunning || python.waitForFinished(30000);
    if (!ended || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning("the NumPy writer failed");
        return nullptr;
    }
    if (!answered)
        return nullptr;
    if (failed && !failedSpy.isEmpty())
        *failed = failedSpy.first().first().toString();
    return w;
}

void TstStdinInput::showsAnArray()
{
    // np.save into a pipe fails in NumPy 1.24 (ndarray.tofile asks for a file position): through a buffer.
    MainWindow *w = pipeInto(QStringLiteral("import io\nb = io.BytesIO()\n"
                                            "np.save(b, np.arange(1200.0).reshape(30, 40) / 7)\n"
                                            "out.write(b.getbuffer())"));
    QVERIFY(w);
    npyw::Document *d = w->document();
    QVERIFY(d);
    QCOMPARE(d->memberCount(), 1);
    QCOMPARE(d->memberAt(0).info.header.shape, (QList<qint64>{30, 40}));
    QVERIFY(w->windowTitle().startsWith(QLatin1String("standard input")));
    QCOMPARE(d->streamName(), QStringLiteral("standard input"));
    QVERIFY(d->filePath().isEmpty());
    // The private copy is nobody's recent file.
    for (const QString &recent : RecentFiles::paths())
        QVERIFY2(!recent.contains(QLatin1String("npy-inspector-stdin")), qPrintable(recent));
    // The elements are NumPy's: element (29, 39) is 1199 / 7.
    QTRY_VERIFY(w->pane()->isShowingTable());
    const npyw::Member *m = d->memberById(w->pane()->memberId());
    QVERIFY(m && m->loaded);
    const npy::NpyArray &a = m->array;
    double last = 0;
    std::memcpy(&last, a.element(1199), sizeof last);
    QCOMPARE(last, 1199.0 / 7);
}

void TstStdinInput::showsAMemberOfAnArchive()
{
    // Straight into the pipe: zipfile writes the members with data descriptors, not knowing their sizes first.
    MainWindow *w = pipeInto(QStringLiteral("np.savez_compressed(out, a=np.zeros(3), b=np.ones((4, 5), np.int16))"),
                             QStringLiteral("b"));
    QVERIFY(w);
    QCOMPARE(w->document()->memberCount(), 2);
    const npyw::Member *shown = w->document()->memberById(w->currentMemberId());
    QVERIFY(shown);
    QCOMPARE(shown->key, QStringLiteral("b"));
}

void TstStdinInput::saveAsksForAName()
{
    MainWindow *w = pipeInto(QStringLiteral("np.savez(out, eye=np.eye(6))"));
    QVERIFY(w);
    bool sawSaveDialog = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&sawSaveDialog]() {
        if (auto *d = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            sawSaveDialog = d->acceptMode() == QFileDialog::AcceptSave;
            d->reject();
        }
    });
    poll.start();
    QVERIFY(w->save());
    QTRY_VERIFY(sawSaveDialog);
    // Saved under a name, the window is that file's.
    const QString path = mDir.filePath(QStringLiteral("eye.npz"));
    QVERIFY(w->saveAs(path, npy::SaveFormat::NpzCompressed));
    QTRY_COMPARE(w->document()->filePath(), path);
    QVERIFY(w->document()->streamName().isEmpty());
    QVERIFY(w->windowTitle().startsWith(QLatin1String("eye.npz")));
    QString output;
    QVERIFY2(npytest::runPython(QStringLiteral("import numpy as np, sys\n"
                                               "assert (np.load(sys.argv[1])['eye'] == np.eye(6)).all()\n"),
                                {path}, &output),
             qPrintable(output));
}

void TstStdinInput::refusesWhatIsNotNumpy_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("why");
    QTest::newRow("text") << QStringLiteral("out.write(b'hello, world')")
                          << QStringLiteral("not a NumPy .npy or .npz stream: it starts with “hello, w”");
    QTest::newRow("nothing") << QStringLiteral("pass") << QStringLiteral("standard input is empty");
    QTest::newRow("a cut header") << QStringLiteral("out.write(b'\\x93NUMPY\\x01\\x00\\x76\\x00{')")
                                  << QStringLiteral("standard input");
}

void TstStdinInput::refusesWhatIsNotNumpy()
{
    QFETCH(QString, script);
    QFETCH(QString, why);
    QString failed;
    MainWindow *w = pipeInto(script, QString(), &failed);
    QVERIFY(w);
    QVERIFY2(failed.contains(why), qPrintable(failed));
    // The message names the stream, never the private copy.
    QVERIFY2(!failed.contains(QLatin1String("npy-inspector-stdin")), qPrintable(failed));
    QVERIFY(!w->document() || w->document()->memberCount() == 0);
}

QTEST_MAIN(TstStdinInput)
#include "tst_stdininput.moc"
