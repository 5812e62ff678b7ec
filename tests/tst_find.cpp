// find: the engine's search (core/find) and `npy-tool find`, against np.argwhere / np.nanargmax /
// np.nanargmin on a float array with NaN and ±Inf and on a big-endian 3-D int32 member of a
// compressed archive, in C and Fortran order (tests/data/findreduce, written by NumPy).
#include "find.h"
#include "npyfile.h"
#include "opensource.h"
#include "slicespec.h"
#include "source.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace npy;

namespace {

QJsonObject expected()
{
    QFile f(npytest::dataPath(QStringLiteral("findreduce/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no findreduce/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

/** The condition of a CLI argument list such as {"--eq", "3", "--tol", "0.6"}. */
FindCondition conditionOf(const QStringList &args)
{
    FindCondition c;
    const QString op = args.value(0);
    static const QList<std::pair<const char *, FindOp>> ops = {
        {"--eq", FindOp::Eq}, {"--ne", FindOp::Ne}, {"--lt", FindOp::Lt}, {"--le", FindOp::Le},
        {"--gt", FindOp::Gt}, {"--ge", FindOp::Ge}, {"--between", FindOp::Between}, {"--nan", FindOp::NaN},
        {"--inf", FindOp::Inf}, {"--nonfinite", FindOp::NonFinite}, {"--max", FindOp::Max}, {"--min", FindOp::Min}};
    for (const auto &[name, o] : ops)
        if (op == QLatin1String(name))
            c.op = o;
    if (c.op == FindOp::Between) {
        const QStringList lohi = args.value(1).split(QLatin1Char(':'));
        c.value = lohi.value(0).toDouble();
        c.high = lohi.value(1).toDouble();
    } else if (args.size() > 1) {
        c.value = args.value(1).toDouble();
    }
    if (args.size() > 3 && args[2] == QLatin1String("--tol"))
        c.tolerance = args[3].toDouble();
    return c;
}

QStringList indexLines(const QJsonArray &matches)
{
    QStringList lines;
    for (const QJsonValue &m : matches) {
        QStringList parts;
        for (const QJsonValue &i : m.toArray())
            parts << QString::number(i.toInt());
        lines << parts.join(QLatin1Char(','));
    }
    return lines;
}

struct Run
{
    int status = -1;
    QString out;
    QString err;
};

Run tool(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestFind : public QObject
{
    Q_OBJECT

private slots:
    void engineMatchesNumpy_data();
    void engineMatchesNumpy();
    void toolMatchesNumpy_data();
    void toolMatchesNumpy();
    void limitAndCount();
    void inMemoryArrayAgrees();
    void unravelRavel();
    void refusals_data();
    void refusals();
    void datesInADateField_data();
    void datesInADateField();
    void dateText();
    void textMatchesNumpy_data();
    void textMatchesNumpy();
};

void TestFind::engineMatchesNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray cases = expected()[QStringLiteral("find")].toArray();
    QVERIFY(cases.size() > 30);
    for (const QJsonValue &v : cases) {
        const QJsonObject o = v.toObject();
        QStringList args;
        for (const QJsonValue &a : o[QStringLiteral("args")].toArray())
            args << a.toString();
        QTest::newRow(qPrintable(QStringLiteral("%1 %2 %3")
                                     .arg(o[QStringLiteral("file")].toString(), o[QStringLiteral("member")].toString(),
                                          args.join(QLatin1Char(' ')))))
            << o;
    }
}

void TestFind::engineMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    auto source = openSource(npytest::dataPath(QStringLiteral("findreduce/") + entry[QStringLiteral("file")].toString()));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    const QString member = entry[QStringLiteral("member")].toString();
    const int index = member.isEmpty() ? 0 : source.value()->indexOf(member);
    QVERIFY(index >= 0);
    QStringList args;
    for (const QJsonValue &a : entry[QStringLiteral("args")].toArray())
        args << a.toString();
    const FindCondition cond = conditionOf(args);
    const Result<FindResult> r = find(*source.value(), index, cond);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    const QList<qint64> &shape = source.value()->members()[index].header.shape;
    const QJsonArray want = entry[QStringLiteral("matches")].toArray();
    if (cond.op == FindOp::Max || cond.op == FindOp::Min) {
        QVERIFY(r->found);
        QCOMPARE(unravelIndex(r->extremeIndex, shape), QList<qint64>({want[0][0].toInt(), want[0][1].toInt(),
                                                                      want[0][2].toInt()}).mid(0, shape.size()));
        return;
    }
    QCOMPARE(r->count, qint64(entry[QStringLiteral("count")].toInt()));
    QCOMPARE(r->matches.size(), want.size());
    QStringList got;
    for (qint64 flat : r->matches) {
        QStringList parts;
        for (qint64 i : unravelIndex(flat, shape))
            parts << QString::number(i);
        got << parts.join(QLatin1Char(','));
    }
    QCOMPARE(got, indexLines(want));
}

void TestFind::toolMatchesNumpy_data()
{
    engineMatchesNumpy_data();
}

void TestFind::toolMatchesNumpy()
{
    QFETCH(QJsonObject, entry);
    QStringList args{QStringLiteral("find"),
                     npytest::dataPath(QStringLiteral("findreduce/") + entry[QStringLiteral("file")].toString())};
    const QString member = entry[QStringLiteral("member")].toString();
    if (!member.isEmpty())
        args << QStringLiteral("--member") << member;
    for (const QJsonValue &a : entry[QStringLiteral("args")].toArray())
        args << a.toString();
    const int count = entry[QStringLiteral("count")].toInt();
    const Run r = tool(args);
    QCOMPARE(r.status, count > 0 ? 0 : 1);
    QCOMPARE(r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts), indexLines(entry[QStringLiteral("matches")].toArray()));
    const Run c = tool(args << QStringLiteral("--count"));
    QCOMPARE(c.status, count > 0 ? 0 : 1);
    QCOMPARE(c.out.trimmed(), QString::number(count));
}

void TestFind::limitAndCount()
{
    const QString values = npytest::dataPath(QStringLiteral("findreduce/values.npy"));
    // np.argwhere(values != 3) has 48 entries; --limit 5 prints the first 5 and says there were more.
    const Run all = tool({QStringLiteral("find"), values, QStringLiteral("--ne"), QStringLiteral("3")});
    QCOMPARE(all.status, 0);
    const QStringList lines = all.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const Run some = tool({QStringLiteral("find"), values, QStringLiteral("--ne"), QStringLiteral("3"),
                           QStringLiteral("--limit"), QStringLiteral("5")});
    QCOMPARE(some.status, 0);
    QCOMPARE(some.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts), lines.mid(0, 5));
    QVERIFY2(some.err.contains(QLatin1String("more than 5")), qPrintable(some.err));
    QVERIFY(all.err.isEmpty());
    // The engine with countAll keeps 5 and counts every match (as many as the full listing); without it, it
    // stops at the 6th.
    auto source = openSource(values);
    QVERIFY(source.ok());
    FindCondition ne;
    ne.op = FindOp::Ne;
    ne.value = 3;
    FindOptions five;
    five.limit = 5;
    const Result<FindResult> stopped = find(*source.value(), 0, ne, five);
    QVERIFY(stopped.ok());
    QCOMPARE(stopped->count, qint64(6));
    QVERIFY(stopped->truncated);
    five.countAll = true;
    const Result<FindResult> counted = find(*source.value(), 0, ne, five);
    QVERIFY(counted.ok());
    QCOMPARE(counted->count, qint64(lines.size()));
    QCOMPARE(counted->matches, stopped->matches);
    QVERIFY(counted->truncated);
    // The Fortran member: matches in C order, limited after sorting.
    const QString ints = npytest::dataPath(QStringLiteral("findreduce/ints.npz"));
    const Run c = tool({QStringLiteral("find"), ints, QStringLiteral("--member"), QStringLiteral("cube"),
                        QStringLiteral("--gt"), QStringLiteral("0"), QStringLiteral("--limit"), QStringLiteral("7")});
    const Run f = tool({QStringLiteral("find"), ints, QStringLiteral("--member"), QStringLiteral("fcube"),
                        QStringLiteral("--gt"), QStringLiteral("0"), QStringLiteral("--limit"), QStringLiteral("7")});
    QCOMPARE(c.status, 0);
    QCOMPARE(f.out, c.out);
}

void TestFind::inMemoryArrayAgrees()
{
    auto source = openSource(npytest::dataPath(QStringLiteral("findreduce/ints.npz")));
    QVERIFY(source.ok());
    for (const QString &member : {QStringLiteral("cube"), QStringLiteral("fcube")}) {
        const int index = source.value()->indexOf(member);
        Result<NpyArray> array = source.value()->load(index);
        QVERIFY(array.ok());
        FindCondition c;
        c.op = FindOp::Between;
        c.value = -2;
        c.high = 3;
        const Result<FindResult> streamed = find(*source.value(), index, c);
        const Result<FindResult> loaded = find(array.value(), c);
        QVERIFY(streamed.ok() && loaded.ok());
        QCOMPARE(loaded->count, streamed->count);
        QCOMPARE(loaded->matches, streamed->matches);
        c.op = FindOp::Max;
        const Result<FindResult> m = find(array.value(), c);
        QVERIFY(m.ok() && m->found);
        QCOMPARE(m->extremeValue, 99.0);
        QCOMPARE(unravelIndex(m->extremeIndex, array->shape()), QList<qint64>({2, 3, 4}));
    }
}

void TestFind::unravelRavel()
{
    const QList<qint64> shape{4, 5, 6};
    for (qint64 flat = 0; flat < 120; ++flat)
        QCOMPARE(ravelIndex(unravelIndex(flat, shape), shape), flat);
    QCOMPARE(unravelIndex(119, shape), QList<qint64>({3, 4, 5}));
}

void TestFind::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    const QString values = npytest::dataPath(QStringLiteral("findreduce/values.npy"));
    const QString ints = npytest::dataPath(QStringLiteral("findreduce/ints.npz"));
    QTest::newRow("no condition") << QStringList{values} << 2;
    QTest::newRow("two conditions") << QStringList{values, QStringLiteral("--nan"), QStringLiteral("--inf")} << 2;
    QTest::newRow("not a number") << QStringList{values, QStringLiteral("--gt"), QStringLiteral("abc")} << 2;
    QTest::newRow("bad between") << QStringList{values, QStringLiteral("--between"), QStringLiteral("1")} << 2;
    QTest::newRow("tol without eq") << QStringList{values, QStringLiteral("--gt"), QStringLiteral("1"),
                                                   QStringLiteral("--tol"), QStringLiteral("1")} << 2;
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/x.npy"), QStringLiteral("--nan")} << 2;
    QTest::newRow("two arrays, no member") << QStringList{ints, QStringLiteral("--nan")} << 2;
    QTest::newRow("no such member") << QStringList{ints, QStringLiteral("--member"), QStringLiteral("zz"),
                                                   QStringLiteral("--nan")} << 2;
    QTest::newRow("field of a plain array") << QStringList{values, QStringLiteral("--field"), QStringLiteral("x"),
                                                           QStringLiteral("--nan")} << 2;
    QTest::newRow("nothing found") << QStringList{values, QStringLiteral("--between"), QStringLiteral("100:200")} << 1;
}

void TestFind::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(int, status);
    const Run r = tool(QStringList{QStringLiteral("find")} + args);
    QCOMPARE(r.status, status);
    if (status == 2)
        QVERIFY2(r.err.startsWith(QLatin1String("npy-tool: ")), qPrintable(r.err));
}

void TestFind::datesInADateField_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(npytest::dataPath(QStringLiteral("newuser/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no newuser/expected.json");
    for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("date_find")].toArray()) {
        QStringList args;
        for (const QJsonValue &a : v[QStringLiteral("args")].toArray())
            args << a.toString();
        QTest::newRow(qPrintable(args.join(QLatin1Char(' ')))) << v.toObject();
    }
}

void TestFind::datesInADateField()
{
    // `--field date --eq 2004-09-01` on a record array like matplotlib's goog.npz: NumPy's matches.
    QFETCH(QJsonObject, entry);
    QStringList args{QStringLiteral("find"), npytest::dataPath(QStringLiteral("newuser/prices.npz")),
                     QStringLiteral("--field"), QStringLiteral("date")};
    for (const QJsonValue &a : entry[QStringLiteral("args")].toArray())
        args << a.toString();
    const int count = entry[QStringLiteral("count")].toInt();
    const Run r = tool(args);
    QVERIFY2(r.status == (count > 0 ? 0 : 1), qPrintable(r.err));
    QCOMPARE(r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts), indexLines(entry[QStringLiteral("matches")].toArray()));
}

void TestFind::dateText()
{
    DType day;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral(">M8[D]"), &day, &error));
    double count = 0;
    QVERIFY(parseFindDateTime(day, QStringLiteral("1970-01-11"), &count));
    QCOMPARE(count, 10.0);
    QVERIFY(parseFindDateTime(day, QStringLiteral(" NaT "), &count));
    QVERIFY(std::isnan(count));
    QVERIFY(!parseFindDateTime(day, QStringLiteral("soon"), &count));
    DType f8;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    QVERIFY(!parseFindDateTime(f8, QStringLiteral("1970-01-11"), &count));
    // A date column still refuses what is neither a date nor a number, as a usage error.
    const Run r = tool({QStringLiteral("find"), npytest::dataPath(QStringLiteral("newuser/prices.npz")),
                        QStringLiteral("--field"), QStringLiteral("date"), QStringLiteral("--eq"), QStringLiteral("soon")});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(QLatin1String("'soon' is not a number")), qPrintable(r.err));
}

void TestFind::textMatchesNumpy_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<QString>("numpy");
    QTest::newRow("U =") << "n" << "" << "--eq" << "beta" << "np.argwhere(a == 'beta')";
    QTest::newRow("U ≠") << "n" << "" << "--ne" << "beta" << "np.argwhere(a != 'beta')";
    QTest::newRow("U starts with") << "n" << "" << "--startswith" << "alpha" << "np.argwhere(np.char.startswith(a, 'alpha'))";
    QTest::newRow("U contains") << "n" << "" << "--contains" << "ph" << "np.argwhere(np.char.find(a, 'ph') >= 0)";
    QTest::newRow("U = empty") << "n" << "" << "--eq" << "" << "np.argwhere(a == '')";
    QTest::newRow("U 2-D Fortran") << "f" << "" << "--contains" << "é" << "np.argwhere(np.char.find(a, 'é') >= 0)";
    QTest::newRow(">U starts with") << "be" << "" << "--startswith" << "al" << "np.argwhere(np.char.startswith(a, 'al'))";
    QTest::newRow("S starts with") << "b" << "" << "--startswith" << "ab" << "np.argwhere(np.char.startswith(a, b'ab'))";
    QTest::newRow("S =") << "b" << "" << "--eq" << "ab" << "np.argwhere(a == b'ab')";
    QTest::newRow("record field") << "r" << "name" << "--startswith" << "pt1" << "np.argwhere(np.char.startswith(a['name'], 'pt1'))";
}

void TestFind::textMatchesNumpy()
{
    // NumPy writes the archive and says which indexes match; the engine and npy-tool find must agree.
    QFETCH(QString, member);
    QFETCH(QString, field);
    QFETCH(QString, option);
    QFETCH(QString, needle);
    QFETCH(QString, numpy);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("text.npz"));
    QString out;
    QVERIFY2(npytest::runPython(QStringLiteral(
                                    "import numpy as np, sys\n"
                                    "n = np.array(['alpha', 'beta', 'alphabet', 'gamma', '', 'Alpha', 'beta', 'x\\x00y'], dtype='<U8')\n"
                                    "r = np.zeros(5, dtype=[('name', '<U5'), ('v', '<f4')]); r['name'] = ['pt0', 'pt1', 'xx', 'pt10', '']\n"
                                    "f = np.asfortranarray(np.array([['é', 'ab'], ['cé', 'd'], ['e', 'fé']], dtype='<U3'))\n"
                                    "np.savez(sys.argv[1], n=n, be=n.astype('>U8'), b=np.array([b'ab', b'abc', b'', b'xab', b'ab\\x00'], dtype='S4'), r=r, f=f)\n"
                                    "a = np.load(sys.argv[1])[sys.argv[2]]\n"
                                    "print(' '.join(','.join(str(i) for i in ix) for ix in %1))\n")
                                    .arg(numpy),
                                {path, member}, &out),
             qPrintable(out));
    const QStringList want = out.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    auto source = openSource(path);
    QVERIFY(source);
    const int index = source.value()->indexOf(member);
    QVERIFY(index >= 0);
    FindCondition c;
    c.onText = true;
    c.needle = needle;
    c.op = option == QLatin1String("--eq") ? FindOp::Eq
           : option == QLatin1String("--ne") ? FindOp::Ne
           : option == QLatin1String("--startswith") ? FindOp::StartsWith
                                                      : FindOp::Contains;
    FindOptions options;
    const NpyHeader &h = source.value()->members()[index].header;
    if (!field.isEmpty()) {
        const QList<LeafColumn> leaves = leafColumns(h.dtype);
        for (int i = 0; i < leaves.size(); ++i)
            if (leaves[i].name == field)
                options.field = i;
    }
    const auto r = find(*source.value(), index, c, options);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QStringList got;
    for (qint64 flat : r.value().matches) {
        QStringList parts;
        for (qint64 i : unravelIndex(flat, h.shape))
            parts << QString::number(i);
        got << parts.join(QLatin1Char(','));
    }
    QCOMPARE(got, want);
    // The tool prints the same indexes, one per line.
    QStringList args{QStringLiteral("find"), path, QStringLiteral("--member"), member, option, needle};
    if (!field.isEmpty())
        args << QStringLiteral("--field") << field;
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), want.isEmpty() ? 1 : 0);
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines, want);
}

QTEST_GUILESS_MAIN(TestFind)
#include "tst_find.moc"
