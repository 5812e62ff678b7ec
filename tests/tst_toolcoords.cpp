// npy-tool info --json on archives whose members label each other's axes: each member's "coords" is what the
// rule gives (tests/data/gen_coords_fixtures.py computes it with NumPy), one entry per axis, and an empty list for
// a member without axes (not an array, a pickle, a 0-d array).

#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

QJsonObject infoJson(const QString &path, int *status)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), {QStringLiteral("info"), path, QStringLiteral("--json")});
    if (!p.waitForFinished(120000)) {
        p.kill();
        *status = -1;
        return {};
    }
    *status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

/** The members of an info --json object by name. */
QHash<QString, QJsonObject> membersOf(const QJsonObject &info)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &m : info.value(QStringLiteral("members")).toArray())
        out.insert(m.toObject().value(QStringLiteral("name")).toString(), m.toObject());
    return out;
}

} // namespace

class TstToolCoords : public QObject
{
    Q_OBJECT

private slots:
    void infoGivesCoords_data();
    void infoGivesCoords();
    void membersWithoutAxes_data();
    void membersWithoutAxes();
};

void TstToolCoords::infoGivesCoords_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QJsonObject>("expected");
    QFile f(npytest::dataPath(QStringLiteral("coords/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject archives = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("archives")).toObject();
    QVERIFY(archives.size() >= 6);
    for (auto it = archives.begin(); it != archives.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toObject();
}

void TstToolCoords::infoGivesCoords()
{
    QFETCH(QString, archive);
    QFETCH(QJsonObject, expected);
    int status = 0;
    const QJsonObject info = infoJson(npytest::dataPath(QStringLiteral("coords/") + archive), &status);
    QCOMPARE(status, 0);
    const QHash<QString, QJsonObject> members = membersOf(info);
    QCOMPARE(members.size(), expected.size());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        QVERIFY2(members.contains(it.key()), qPrintable(it.key()));
        const QJsonObject m = members.value(it.key());
        QVERIFY2(m.value(QStringLiteral("coords")).isArray(), qPrintable(it.key()));
        QCOMPARE(m.value(QStringLiteral("coords")).toArray(), it.value().toArray());
        // One entry per axis.
        QCOMPARE(m.value(QStringLiteral("coords")).toArray().size(), m.value(QStringLiteral("shape")).toArray().size());
    }
}

void TstToolCoords::membersWithoutAxes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("axes");
    QTest::newRow("text file in an archive") << "npz/non_array_member.npz" << "readme.txt" << 0;
    QTest::newRow("pickled member") << "npz/object_member.npz" << "obj" << 0;
    QTest::newRow("0-d array") << "npy/f8_0d.npy" << "f8_0d" << 0;
    QTest::newRow(".npy of two axes") << "npy/f8_2d_c.npy" << "f8_2d_c" << 2;
}

void TstToolCoords::membersWithoutAxes()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(int, axes);
    int status = 0;
    const QJsonObject info = infoJson(npytest::dataPath(file), &status);
    QVERIFY(status == 0 || status == 1);
    const QHash<QString, QJsonObject> members = membersOf(info);
    QVERIFY2(members.contains(member), qPrintable(QStringList(members.keys()).join(QLatin1Char(' '))));
    const QJsonValue coords = members.value(member).value(QStringLiteral("coords"));
    QVERIFY(coords.isArray());
    QCOMPARE(coords.toArray().size(), axes);
    // A lone .npy has no other member to label its axes.
    for (const QJsonValue &c : coords.toArray())
        QVERIFY(c.isNull());
}

QTEST_GUILESS_MAIN(TstToolCoords)
#include "tst_toolcoords.moc"
