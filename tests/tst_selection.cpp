// NumPy basic indexing in the engine (core/selection: parseBasicIndex, selectElements) and
// `npy-tool print`, against NumPy's a[...] on C- and Fortran-ordered arrays, in .npy files and in
// a compressed archive (tests/data/print, written by NumPy).
#include "selection.h"
#include "opensource.h"
#include "source.h"
#include "testdata.h"
#include "valuetext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace npy;

class TestSelection : public QObject
{
    Q_OBJECT

private slots:
    void matchesNumpy_data();
    void matchesNumpy();
    void refusals_data();
    void refusals();
};

void TestSelection::matchesNumpy_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(npytest::dataPath(QStringLiteral("print/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray cases = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("cases")].toArray();
    QVERIFY(cases.size() > 40);
    for (const QJsonValue &v : cases)
        QTest::newRow(qPrintable(QStringLiteral("%1 %2 [%3]")
                                     .arg(v[QStringLiteral("file")].toString(), v[QStringLiteral("member")].toString(),
                                          v[QStringLiteral("slice")].toString())))
            << v.toObject();
}

void TestSelection::matchesNumpy()
{
    QFETCH(QJsonObject, entry);
    const QString path = npytest::dataPath(QStringLiteral("print/") + entry[QStringLiteral("file")].toString());
    const QString member = entry[QStringLiteral("member")].toString();
    const QString spec = entry[QStringLiteral("slice")].toString();
    // The engine: the selected array's shape.
    auto source = openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    const int index = member.isEmpty() ? 0 : source.value()->indexOf(member);
    QVERIFY(index >= 0);
    QList<AxisSelection> axes;
    QString why;
    QVERIFY2(parseBasicIndex(spec, source.value()->members()[index].header.shape, &axes, &why), qPrintable(why));
    const Result<NpyArray> picked = selectElements(*source.value(), index, axes);
    QVERIFY2(picked.ok(), qPrintable(picked.error()));
    QCOMPARE(picked->shape(), npytest::shapeOf(entry[QStringLiteral("shape")]));
    // The tool: NumPy's text.
    QStringList args{QStringLiteral("print"), path};
    if (!member.isEmpty())
        args << QStringLiteral("--member") << member;
    if (!spec.isEmpty())
        args << QStringLiteral("--slice") << spec;
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), args);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), entry[QStringLiteral("text")].toString());
}

void TestSelection::refusals_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("why");
    QTest::newRow("index out of range") << QStringLiteral("4") << QStringLiteral("out of range");
    QTest::newRow("negative out of range") << QStringLiteral("-5") << QStringLiteral("out of range");
    QTest::newRow("too many entries") << QStringLiteral("1,2,3,4") << QStringLiteral("4 entries");
    QTest::newRow("zero step") << QStringLiteral("::0") << QStringLiteral("zero");
    QTest::newRow("word") << QStringLiteral("a") << QStringLiteral("neither");
    QTest::newRow("four fields") << QStringLiteral("1:2:3:4") << QStringLiteral("not a slice");
}

void TestSelection::refusals()
{
    QFETCH(QString, spec);
    QFETCH(QString, why);
    QList<AxisSelection> axes;
    QString message;
    QVERIFY(!parseBasicIndex(spec, {4, 5, 6}, &axes, &message));
    QVERIFY2(message.contains(why), qPrintable(message));
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH),
            {QStringLiteral("print"), npytest::dataPath(QStringLiteral("print/c.npy")), QStringLiteral("--slice"), spec});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
}

QTEST_GUILESS_MAIN(TestSelection)
#include "tst_selection.moc"
