// `npy-tool diff` against NumPy's answers (tests/data/diff/expected.json, written by
// gen_diff_fixtures.py): exit status, per-member status, count and the largest |a-b| with its index.

#include "testdata.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace npytest;

namespace {

struct Run
{
    int status = -1;
    QString out;
    QString err;
};

Run tool(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dataPath(QStringLiteral("diff")));
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    Run r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        r.err = QStringLiteral("crashed or hung");
        return r;
    }
    r.status = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QJsonArray cases()
{
    QFile f(dataPath(QStringLiteral("diff/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open diff/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("cases")).toArray();
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &s : a)
        out << s.toString();
    return out;
}

} // namespace

class TestNpyToolDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithNumpy_data();
    void agreesWithNumpy();
    void textOutput();
    void quietAndIdentical();
    void firstCount();
    void usageErrors_data();
    void usageErrors();
};

void TestNpyToolDiff::agreesWithNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray all = cases();
    QVERIFY(all.size() >= 30);
    for (const QJsonValue &c : all)
        QTest::newRow(qPrintable(c[QStringLiteral("name")].toString())) << c.toObject();
}

void TestNpyToolDiff::agreesWithNumpy()
{
    QFETCH(QJsonObject, entry);
    QStringList args{QStringLiteral("diff"), entry[QStringLiteral("a")].toString(), entry[QStringLiteral("b")].toString(),
                     QStringLiteral("--json")};
    args += strings(entry[QStringLiteral("args")]);
    const Run r = tool(args);
    const int want = entry[QStringLiteral("exit")].toInt();
    QVERIFY2(r.status == want, qPrintable(QStringLiteral("exit %1, want %2; %3").arg(r.status).arg(want).arg(r.err)));
    if (want == 2) {
        QVERIFY(r.err.startsWith(QStringLiteral("npy-tool: ")));
        QVERIFY(r.out.isEmpty());
        return;
    }
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(root[QStringLiteral("equal")].toBool(), want == 0);
    const QJsonArray got = root[QStringLiteral("members")].toArray();
    const QJsonArray expected = entry[QStringLiteral("members")].toArray();
    QCOMPARE(got.size(), expected.size());
    for (const QJsonValue &e : expected) {
        const QString name = e[QStringLiteral("name")].toString();
        QJsonObject g;
        for (const QJsonValue &m : got)
            if (m[QStringLiteral("name")].toString() == name)
                g = m.toObject();
        QVERIFY2(!g.isEmpty(), qPrintable(name));
        QCOMPARE(g[QStringLiteral("status")].toString(), e[QStringLiteral("status")].toString());
        if (!e[QStringLiteral("count")].isNull())
            QCOMPARE(g[QStringLiteral("count")].toDouble(), e[QStringLiteral("count")].toDouble());
        const QJsonValue wantMax = e[QStringLiteral("max_abs")];
        const QJsonValue haveMax = g[QStringLiteral("max_abs")];
        QCOMPARE(haveMax.isNull(), wantMax.isNull());
        if (!wantMax.isNull()) {
            QCOMPARE(haveMax[QStringLiteral("value")].toVariant(), wantMax[QStringLiteral("value")].toVariant());
            QCOMPARE(haveMax[QStringLiteral("index")].toArray(), wantMax[QStringLiteral("index")].toArray());
        }
    }
}

void TestNpyToolDiff::textOutput()
{
    const Run r = tool({QStringLiteral("diff"), QStringLiteral("arch_a.npz"), QStringLiteral("arch_b.npz")});
    QCOMPARE(r.status, 1);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith(QStringLiteral("differs x: 1 of 1200 elements differ, max |a-b| ")), qPrintable(lines[0]));
    QVERIFY(lines[0].contains(QStringLiteral(" at (10, 10)")));
    QVERIFY(lines[1].startsWith(QStringLiteral("  (10, 10): ")));
    QVERIFY(lines[1].contains(QStringLiteral(" != ")));
    QCOMPARE(lines[2], QStringLiteral("only_a gone"));
    QCOMPARE(lines[3], QStringLiteral("only_b new"));
    // The identical member y prints nothing.
    QVERIFY(!r.out.contains(QStringLiteral(" y")));
}

void TestNpyToolDiff::quietAndIdentical()
{
    Run r = tool({QStringLiteral("diff"), QStringLiteral("stored.npz"), QStringLiteral("deflated.npz")});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.isEmpty());
    r = tool({QStringLiteral("diff"), QStringLiteral("-q"), QStringLiteral("perturbed_a.npy"), QStringLiteral("perturbed_b.npy")});
    QCOMPARE(r.status, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.isEmpty());
}

void TestNpyToolDiff::firstCount()
{
    Run r = tool({QStringLiteral("diff"), QStringLiteral("perturbed_a.npy"), QStringLiteral("perturbed_b.npy"),
                  QStringLiteral("--json"), QStringLiteral("--count"), QStringLiteral("2")});
    QCOMPARE(r.status, 1);
    QJsonObject m = QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("members")].toArray()[0].toObject();
    const QJsonArray first = m[QStringLiteral("first")].toArray();
    QCOMPARE(first.size(), 2);
    QCOMPARE(first[0][QStringLiteral("index")].toArray(), (QJsonArray{2, 3}));
    QCOMPARE(first[1][QStringLiteral("index")].toArray(), (QJsonArray{7, 11}));
    QCOMPARE(m[QStringLiteral("count")].toInt(), 3);
    // Fortran order: the first differences are still the first in C order.
    r = tool({QStringLiteral("diff"), QStringLiteral("fortran_both_a.npy"), QStringLiteral("fortran_both_b.npy"),
              QStringLiteral("--json"), QStringLiteral("--count"), QStringLiteral("1")});
    m = QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("members")].toArray()[0].toObject();
    QCOMPARE(m[QStringLiteral("first")].toArray().size(), 1);
    QCOMPARE(m[QStringLiteral("first")].toArray()[0][QStringLiteral("index")].toArray(), (QJsonArray{1, 4}));
    QCOMPARE(m[QStringLiteral("first")].toArray()[0][QStringLiteral("a")].toString(), QStringLiteral("10.0"));
    QCOMPARE(m[QStringLiteral("first")].toArray()[0][QStringLiteral("b")].toString(), QStringLiteral("13.0"));
}

void TestNpyToolDiff::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("one file") << QStringList{QStringLiteral("same_a.npy")};
    QTest::newRow("three files") << QStringList{QStringLiteral("same_a.npy"), QStringLiteral("same_b.npy"),
                                                QStringLiteral("same_a.npy")};
    QTest::newRow("bad rtol") << QStringList{QStringLiteral("same_a.npy"), QStringLiteral("same_b.npy"),
                                             QStringLiteral("--rtol"), QStringLiteral("x")};
    QTest::newRow("negative atol") << QStringList{QStringLiteral("same_a.npy"), QStringLiteral("same_b.npy"),
                                                  QStringLiteral("--atol"), QStringLiteral("-1")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("same_a.npy"), QStringLiteral("same_b.npy"),
                                                   QStringLiteral("--bogus")};
    QTest::newRow("no member") << QStringList{QStringLiteral("arch_a.npz"), QStringLiteral("arch_b.npz"),
                                              QStringLiteral("--member"), QStringLiteral("nothing")};
    QTest::newRow("not npy") << QStringList{QStringLiteral("expected.json"), QStringLiteral("same_b.npy")};
}

void TestNpyToolDiff::usageErrors()
{
    QFETCH(QStringList, args);
    const Run r = tool(QStringList{QStringLiteral("diff")} + args);
    QCOMPARE(r.status, 2);
    QVERIFY(r.err.startsWith(QStringLiteral("npy-tool: ")));
}

QTEST_GUILESS_MAIN(TestNpyToolDiff)
#include "tst_npytooldiff.moc"
