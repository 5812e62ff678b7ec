// Coordinates (core/io/coordinates, core/values/monotonic): which member labels each axis of another, by the rule
// the generator (tests/data/gen_coords_fixtures.py) computes with NumPy for archives NumPy wrote.

#include "coordinates.h"
#include "monotonic.h"
#include "opensource.h"
#include "testdata.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>

using namespace npy;

namespace {

QJsonObject expected()
{
    QFile f(npytest::dataPath(QStringLiteral("coords/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open coords/expected.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::shared_ptr<const Source> open(const QString &archive)
{
    auto source = openSource(npytest::dataPath(QStringLiteral("coords/") + archive));
    if (!source)
        qFatal("%s", qPrintable(source.error()));
    return source.value();
}

/** The names of \a indexes (null for -1), as the expected JSON writes them. */
QJsonArray names(const Source &source, const QList<int> &indexes)
{
    QJsonArray out;
    for (int i : indexes)
        out.append(i < 0 ? QJsonValue() : QJsonValue(source.members()[i].name));
    return out;
}

} // namespace

class TstCoordinates : public QObject
{
    Q_OBJECT

private slots:
    void rule_data();
    void rule();
    void ranked_data();
    void ranked();
    void monotonicity_data();
    void monotonicity();
    void readsEachCandidateOnce_data();
    void readsEachCandidateOnce();
    void largeMembersAreNotRead();
    void unreadableCandidateIsNone();
    void cancelStopsReading();
    void roles_data();
    void roles();
};

void TstCoordinates::rule_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonArray>("coords");
    const QJsonObject archives = expected().value(QStringLiteral("archives")).toObject();
    QVERIFY(archives.size() >= 6);
    for (auto a = archives.begin(); a != archives.end(); ++a) {
        const QJsonObject members = a.value().toObject();
        for (auto m = members.begin(); m != members.end(); ++m)
            QTest::newRow(qPrintable(a.key() + QLatin1Char(':') + m.key())) << a.key() << m.key() << m.value().toArray();
    }
}

void TstCoordinates::rule()
{
    QFETCH(QString, archive);
    QFETCH(QString, member);
    QFETCH(QJsonArray, coords);
    const auto source = open(archive);
    const QList<QList<int>> found = findCoordinates(*source);
    QCOMPARE(found.size(), source->members().size());
    const int index = source->indexOf(member);
    QVERIFY(index >= 0);
    QCOMPARE(found[index].size(), source->members()[index].header.shape.size());
    QCOMPARE(names(*source, found[index]), coords);
}

void TstCoordinates::ranked_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonArray>("axes");
    const QJsonObject archives = expected().value(QStringLiteral("ranked")).toObject();
    for (auto a = archives.begin(); a != archives.end(); ++a) {
        const QJsonObject members = a.value().toObject();
        for (auto m = members.begin(); m != members.end(); ++m)
            QTest::newRow(qPrintable(a.key() + QLatin1Char(':') + m.key())) << a.key() << m.key() << m.value().toArray();
    }
}

void TstCoordinates::ranked()
{
    QFETCH(QString, archive);
    QFETCH(QString, member);
    QFETCH(QJsonArray, axes);
    const auto source = open(archive);
    CoordinateOptions options;
    options.maxCandidates = 100;
    const RankedCoordinates ranked = rankCoordinates(
        source->members(), [&](int i) { return isCoordinateValues(source->load(i).value()); }, options);
    const int index = source->indexOf(member);
    QVERIFY(index >= 0);
    QCOMPARE(ranked[index].size(), axes.size());
    for (qsizetype k = 0; k < axes.size(); ++k)
        QCOMPARE(names(*source, ranked[index][k]), axes[k].toArray());
}

void TstCoordinates::monotonicity_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("run");
    const QJsonObject archives = expected().value(QStringLiteral("monotonic")).toObject();
    for (auto a = archives.begin(); a != archives.end(); ++a) {
        const QJsonObject members = a.value().toObject();
        for (auto m = members.begin(); m != members.end(); ++m)
            QTest::newRow(qPrintable(a.key() + QLatin1Char(':') + m.key())) << a.key() << m.key() << m.value().toString();
    }
}

void TstCoordinates::monotonicity()
{
    QFETCH(QString, archive);
    QFETCH(QString, member);
    QFETCH(QString, run);
    const auto source = open(archive);
    const int index = source->indexOf(member);
    QVERIFY(index >= 0);
    auto array = source->load(index);
    if (!array) {
        // Strings and the like load; only a member the engine cannot read has no values, and then no run.
        QCOMPARE(run, QStringLiteral("none"));
        return;
    }
    const Monotonicity m = strictMonotonicity(array.value());
    const QString got = m == Monotonicity::Increasing ? QStringLiteral("increasing")
                        : m == Monotonicity::Decreasing ? QStringLiteral("decreasing")
                                                         : QStringLiteral("none");
    QCOMPARE(got, run);
    QCOMPARE(isCoordinateValues(array.value()), run != QStringLiteral("none"));
}

void TstCoordinates::readsEachCandidateOnce_data()
{
    QTest::addColumn<QString>("archive");
    const QJsonObject archives = expected().value(QStringLiteral("archives")).toObject();
    for (auto a = archives.begin(); a != archives.end(); ++a)
        QTest::newRow(qPrintable(a.key())) << a.key();
}

void TstCoordinates::readsEachCandidateOnce()
{
    QFETCH(QString, archive);
    const auto source = open(archive);
    QHash<int, int> reads;
    CoordinateOptions options;
    options.maxCandidates = 100;
    const auto read = [&](int i) {
        ++reads[i];
        return source->load(i);
    };
    const QList<QList<int>> found = findCoordinates(source->members(), read, options);
    QVERIFY(!found.isEmpty());
    for (auto it = reads.cbegin(); it != reads.cend(); ++it) {
        QCOMPARE(it.value(), 1);
        // Only 1-D members of an ordered number type are ever read: never a field, a bool or a string.
        QVERIFY2(isCoordinateShaped(source->members()[it.key()]), qPrintable(source->members()[it.key()].name));
    }
}

void TstCoordinates::largeMembersAreNotRead()
{
    const auto source = open(QStringLiteral("climate.npz"));
    CoordinateOptions options;
    options.maxElements = 200; // lat (180) may be one, lon (360) may not
    QList<int> read;
    const QList<QList<int>> found = findCoordinates(
        source->members(),
        [&](int i) {
            read.append(i);
            return source->load(i);
        },
        options);
    const int temp = source->indexOf(QStringLiteral("temp")), lat = source->indexOf(QStringLiteral("lat"));
    const int lon = source->indexOf(QStringLiteral("lon"));
    QCOMPARE(found[temp], (QList<int>{lat, -1}));
    QVERIFY(!read.contains(lon));
}

void TstCoordinates::unreadableCandidateIsNone()
{
    const auto source = open(QStringLiteral("climate.npz"));
    const int lat = source->indexOf(QStringLiteral("lat")), temp = source->indexOf(QStringLiteral("temp"));
    const QList<QList<int>> found = findCoordinates(source->members(), [&](int i) {
        return i == lat ? Result<NpyArray>::failure(QStringLiteral("unreadable")) : source->load(i);
    });
    QCOMPARE(found[temp].value(0), -1);
    QCOMPARE(found[temp].value(1), source->indexOf(QStringLiteral("lon")));
}

void TstCoordinates::cancelStopsReading()
{
    const auto source = open(QStringLiteral("cube.npz"));
    std::atomic_bool cancel{false};
    Progress progress;
    progress.cancel = &cancel;
    int reads = 0;
    const QList<QList<int>> found = findCoordinates(
        source->members(),
        [&](int i) {
            ++reads;
            cancel = true;
            return source->load(i);
        },
        {}, progress);
    QCOMPARE(reads, 1);
    QCOMPARE(found.size(), source->members().size());
}

void TstCoordinates::roles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("role");
    QTest::newRow("lat") << "lat" << int(AxisRole::Y);
    QTest::newRow("Latitude") << "Latitude" << int(AxisRole::Y);
    QTest::newRow("folder/LON") << "grid/LON" << int(AxisRole::X);
    QTest::newRow("x") << "x" << int(AxisRole::X);
    QTest::newRow("time") << "TIME" << int(AxisRole::T);
    QTest::newRow("date") << "date" << int(AxisRole::T);
    QTest::newRow("depth") << "depth" << int(AxisRole::Z);
    QTest::newRow("level") << "Level" << int(AxisRole::Z);
    QTest::newRow("lat_bnds") << "lat_bnds" << int(AxisRole::None);
    QTest::newRow("folder named lat") << "lat/values" << int(AxisRole::None);
}

void TstCoordinates::roles()
{
    QFETCH(QString, name);
    QFETCH(int, role);
    QCOMPARE(int(coordinateRole(name)), role);
}

QTEST_GUILESS_MAIN(TstCoordinates)
#include "tst_coordinates.moc"
