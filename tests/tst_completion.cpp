// The bash completion of npy-tool (resources/completion/npy-tool.bash): sourced in a bash without the
// bash-completion package, its function is called with COMP_WORDS/COMP_CWORD as bash sets them. The zsh completion
// (resources/completion/_npy-tool) is asked the same questions through zsh's own completion system, as a Tab key
// asks it (tests/zshcomplete.zsh), and must give the same answers (folders without the bash's '/', names unquoted).

#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>

using namespace npytest;

class TstCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void completes_data();
    void completes();
    void completesInZsh_data();
    void completesInZsh();

private:
    /** The environment the shells run in: the npy-tool just built first on PATH, for the member names. */
    static QProcessEnvironment environment();

    QTemporaryDir mDir;
};

void TstCompletion::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
        QSKIP("bash is not installed");
    QVERIFY(mDir.isValid());
    // A folder as a user has it: arrays, other files and a sub-folder.
    QVERIFY(QFile::copy(dataPath(QStringLiteral("thumbnail/heat_2d.npy")), mDir.filePath(QStringLiteral("a.npy"))));
    QVERIFY(QFile::copy(dataPath(QStringLiteral("npz/names.npz")), mDir.filePath(QStringLiteral("b.npz"))));
    QVERIFY(QFile::copy(dataPath(QStringLiteral("thumbnail/mixed.npz")), mDir.filePath(QStringLiteral("mixed.npz"))));
    for (const char *name : {"notes.txt", "plot.png", "table.csv"}) {
        QFile f(mDir.filePath(QLatin1String(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY(QDir(mDir.path()).mkdir(QStringLiteral("sub")));
}

void TstCompletion::completes_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QStringList>("expected");
    auto L = [](std::initializer_list<const char *> words) {
        QStringList list;
        for (const char *w : words)
            list.append(QString::fromUtf8(w));
        return list;
    };
    QTest::newRow("commands") << L({"npy-tool", "re"}) << L({"recover", "render"});
    QTest::newRow("thumbnail command") << L({"npy-tool", "th"}) << L({"thumbnail"});
    QTest::newRow("top options") << L({"npy-tool", "--"}) << L({"--help", "--version"});
    QTest::newRow("info's options") << L({"npy-tool", "info", "a.npy", "--"}) << L({"--help", "--json", "--names"});
    QTest::newRow("render's options") << L({"npy-tool", "render", "a.npy", "--s"})
                                      << L({"--scale", "--sheet", "--size", "--slice", "--start"});
    QTest::newRow("arrays and folders") << L({"npy-tool", "info", ""}) << L({"a.npy", "b.npz", "mixed.npz", "sub/"});
    QTest::newRow("one file only") << L({"npy-tool", "check", "a.npy", ""}) << L({});
    QTest::newRow("diff's second file") << L({"npy-tool", "diff", "a.npy", "m"}) << L({"mixed.npz"});
    QTest::newRow("members") << L({"npy-tool", "render", "mixed.npz", "--member", ""})
                             << L({"grid", "labels", "series"});
    QTest::newRow("members by prefix") << L({"npy-tool", "stats", "mixed.npz", "--member", "s"}) << L({"series"});
    QTest::newRow("member before the file") << L({"npy-tool", "print", "--slice", "0", "mixed.npz", "--member", "g"})
                                            << L({"grid"});
    QTest::newRow("member names with a space")
        << L({"npy-tool", "print", "b.npz", "--member", "sp"}) << L({"sp\\ ace"});
    QTest::newRow("density's series") << L({"npy-tool", "density", "mixed.npz", "--x", "se"}) << L({"series"});
    QTest::newRow("png output") << L({"npy-tool", "render", "a.npy", "--png", ""}) << L({"plot.png", "sub/"});
    QTest::newRow("csv output") << L({"npy-tool", "export", "a.npy", "--csv", ""}) << L({"sub/", "table.csv"});
    QTest::newRow("colormaps") << L({"npy-tool", "render", "a.npy", "--colormap", "ma"}) << L({"magma", "magma_r"});
    QTest::newRow("reductions") << L({"npy-tool", "render", "a.npy", "--reduce", "m"}) << L({"max", "mean", "min"});
    QTest::newRow("free value") << L({"npy-tool", "render", "a.npy", "--slice", ""}) << L({});
    QTest::newRow("thumbnail's output") << L({"npy-tool", "thumbnail", "a.npy", ""}) << L({"plot.png", "sub/"});
    QTest::newRow("convert's options") << L({"npy-tool", "convert", "a.npy", "b.npy", "--ca"}) << L({"--casting"});
    QTest::newRow("casting levels") << L({"npy-tool", "convert", "a.npy", "b.npy", "--astype", "a=f4", "--casting", "s"})
                                    << L({"safe", "same_kind"});
    QTest::newRow("orders") << L({"npy-tool", "convert", "a.npy", "b.npy", "--transpose", "a", "--order", ""})
                            << L({"C", "F"});
    QTest::newRow("astype's member") << L({"npy-tool", "convert", "mixed.npz", "o.npz", "--astype", "g"}) << L({"grid"});
    QTest::newRow("astype's dtype") << L({"npy-tool", "convert", "mixed.npz", "o.npz", "--astype", "grid=f"})
                                    << L({"grid=f2", "grid=f4", "grid=f8", "grid=float16", "grid=float32",
                                          "grid=float64"});
    QTest::newRow("drop's member") << L({"npy-tool", "convert", "mixed.npz", "o.npz", "--drop", "l"}) << L({"labels"});
    QTest::newRow("file after convert's options")
        << L({"npy-tool", "convert", "--transpose", "x", "mixed.npz", "m"}) << L({"mixed.npz"});
    QTest::newRow("thumbnail's size") << L({"npy-tool", "thumbnail", "a.npy", "a.png", "5"}) << L({"512"});
}

void TstCompletion::completesInZsh_data()
{
    completes_data();
}

QProcessEnvironment TstCompletion::environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), QFileInfo(QStringLiteral(NPY_TOOL_PATH)).absolutePath() + QLatin1Char(':')
                                           + env.value(QStringLiteral("PATH")));
    return env;
}

void TstCompletion::completesInZsh()
{
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);
    // CI installs zsh (scripts/deps.sh): the completion the package ships is tested wherever the tests run.
    if (QStandardPaths::findExecutable(QStringLiteral("zsh")).isEmpty())
        QSKIP("zsh is not installed");
    // zsh adds a folder's '/' and quotes a match itself, after the completion function.
    for (QString &e : expected) {
        if (e.endsWith(QLatin1Char('/')))
            e.chop(1);
        e.replace(QStringLiteral("\\ "), QStringLiteral(" "));
    }
    QProcess zsh;
    zsh.setWorkingDirectory(mDir.path());
    zsh.setProcessEnvironment(environment());
    zsh.start(QStringLiteral("zsh"), QStringList{QStringLiteral("-f"), QStringLiteral(NPY_SOURCE_DIR "/tests/zshcomplete.zsh"),
                                                 QStringLiteral(NPY_SOURCE_DIR "/resources/completion")}
                                         + words);
    QVERIFY(zsh.waitForFinished(60000));
    QVERIFY2(zsh.exitCode() == 0, zsh.readAllStandardError().constData());
    QStringList got = QString::fromUtf8(zsh.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    got.sort();
    QCOMPARE(got, expected);
}

void TstCompletion::completes()
{
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);
    const QString script = QStringLiteral(
        "source \"$1\"; shift\n"
        "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}\n"
        "_npy_tool\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
    QProcess bash;
    bash.setWorkingDirectory(mDir.path());
    bash.setProcessEnvironment(environment());
    bash.start(QStringLiteral("bash"),
               QStringList{QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), script,
                           QStringLiteral("bash"), QStringLiteral(NPY_SOURCE_DIR "/resources/completion/npy-tool.bash")}
                   + words);
    QVERIFY(bash.waitForFinished(30000));
    QCOMPARE(bash.exitCode(), 0);
    QStringList got = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    got.sort();
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TstCompletion)
#include "tst_completion.moc"
