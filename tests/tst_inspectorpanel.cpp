// The inspector panel's statistics: the same figures `npy-tool stats` prints for the same member
// (one engine), and both equal to NumPy's nan* functions on an archive with NaN, ±Inf and NaT.
#include "document.h"
#include "inspectorpanel.h"
#include "opensource.h"
#include "testdata.h"

#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace npyw;

namespace {

const QString kArchive = QStringLiteral("npz/stats_mixed.npz");

/** `npy-tool stats FILE` as member -> (key -> value). */
QMap<QString, QMap<QString, QString>> toolStats(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral(NPY_TOOL_PATH), {QStringLiteral("stats"), path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        qFatal("npy-tool stats failed: %s", p.readAllStandardError().constData());
    QMap<QString, QMap<QString, QString>> out;
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QStringLiteral(": "));
        const QString member = line.left(colon);
        // `key=value` words; a word without '=' continues the value before it ("-3000 milliseconds").
        QMap<QString, QString> fields;
        QString key;
        for (const QString &word : line.mid(colon + 2).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const qsizetype eq = word.indexOf(QLatin1Char('='));
            if (eq > 0) {
                key = word.left(eq);
                fields.insert(key, word.mid(eq + 1));
            } else if (!key.isEmpty()) {
                fields[key] += QLatin1Char(' ') + word;
            }
        }
        out.insert(member, fields);
    }
    return out;
}

QJsonObject numpyStats(const QString &key)
{
    for (const QJsonValue &file : npytest::manifest(QStringLiteral("npz/expected.json"))) {
        if (file[QStringLiteral("file")].toString() != QLatin1String("stats_mixed.npz"))
            continue;
        for (const QJsonValue &m : file[QStringLiteral("members")].toArray())
            if (m[QStringLiteral("key")].toString() == key)
                return m[QStringLiteral("stats")].toObject();
    }
    return {};
}

} // namespace

class tst_InspectorPanel : public QObject
{
    Q_OBJECT

private slots:
    void sameFiguresAsTool_data();
    void sameFiguresAsTool();
    void fitsANarrowDock();
    void dataRowAfterSaveAs();
    void emptyDocument();
};

void tst_InspectorPanel::sameFiguresAsTool_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("leaf");
    QTest::addColumn<QString>("numpyKey");
    QTest::newRow("f8 with NaN and +Inf") << QStringLiteral("values") << 0 << QString();
    QTest::newRow("f4 with +Inf and -Inf") << QStringLiteral("both_inf") << 0 << QString();
    QTest::newRow("big-endian i4") << QStringLiteral("big_endian") << 0 << QString();
    QTest::newRow("datetime64[s] with NaT") << QStringLiteral("when") << 0 << QString();
    QTest::newRow("big-endian timedelta64[ms] with NaT") << QStringLiteral("delta") << 0 << QString();
    QTest::newRow("record field x") << QStringLiteral("records") << 0 << QStringLiteral("x");
    QTest::newRow("record field n") << QStringLiteral("records") << 1 << QStringLiteral("n");
}

void tst_InspectorPanel::sameFiguresAsTool()
{
    QFETCH(QString, member);
    QFETCH(int, leaf);
    QFETCH(QString, numpyKey);
    const QString path = npytest::dataPath(kArchive);
    auto source = npy::openSource(path);
    QVERIFY2(source.ok(), qPrintable(source.error()));
    Document document(source.value());
    int id = -1;
    for (int i = 0; i < document.memberCount(); ++i)
        if (document.memberAt(i).key == member)
            id = document.memberAt(i).id;
    QVERIFY(id >= 0);
    const npy::Status loaded = document.loadMemberNow(id);
    QVERIFY2(loaded, qPrintable(loaded.error()));

    InspectorPanel panel(&document);
    panel.showMember(id, leaf);
    QSignalSpy ready(&panel, &InspectorPanel::statisticsReady);
    panel.startStatistics();
    QVERIFY(ready.wait(10000));
    const QList<npy::StatsField> fields = panel.statisticsFields();
    QVERIFY(fields.size() > 1);

    QJsonObject numpy = numpyStats(member);
    if (!numpyKey.isEmpty())
        numpy = numpy[numpyKey].toObject();
    QVERIFY(!numpy.isEmpty());
    // Every figure NumPy gives is shown, with NumPy's value.
    int compared = 0;
    for (const npy::StatsField &f : fields) {
        if (!numpy.contains(f.key))
            continue;
        const QJsonValue want = numpy[f.key];
        const QString wantText = want.isString() ? want.toString() : QString::number(want.toInteger());
        if (f.key.contains(QLatin1String("mean")) || f.key.contains(QLatin1String("std"))) {
            const double a = f.value.toDouble(), b = wantText.toDouble();
            QVERIFY2((std::isnan(a) && std::isnan(b)) || a == b || std::fabs(a - b) <= 1e-12 * std::fabs(b),
                     qPrintable(QStringLiteral("%1: %2 vs NumPy's %3").arg(f.key, f.value, wantText)));
        } else {
            QCOMPARE(f.value, wantText);
        }
        ++compared;
    }
    QCOMPARE(compared, numpy.size());

    // npy-tool prints the same figures: a plain member on its line, a record field on `records.FIELD`.
    const QMap<QString, QMap<QString, QString>> all = toolStats(path);
    const QString line = numpyKey.isEmpty() ? member : member + QLatin1Char('.') + numpyKey;
    QVERIFY2(all.contains(line), qPrintable(line));
    const QMap<QString, QString> tool = all.value(line);
    QCOMPARE(tool.size(), fields.size());
    for (const npy::StatsField &f : fields)
        QCOMPARE(tool.value(f.key), f.value);
}

void tst_InspectorPanel::fitsANarrowDock()
{
    // The figures of a record field say which field, and the note under them wraps in a dock
    // narrower than its one line (it was cut at the dock's edge).
    auto source = npy::openSource(npytest::dataPath(kArchive));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    Document document(source.value());
    int id = -1;
    for (int i = 0; i < document.memberCount(); ++i)
        if (document.memberAt(i).key == QLatin1String("records"))
            id = document.memberAt(i).id;
    const npy::Status loaded = document.loadMemberNow(id);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    InspectorPanel panel(&document);
    panel.resize(300, 900);
    panel.show();
    panel.showMember(id, 1);
    QSignalSpy ready(&panel, &InspectorPanel::statisticsReady);
    panel.startStatistics();
    QVERIFY(ready.wait(10000));
    auto *stats = panel.findChild<QLabel *>(QStringLiteral("statistics"));
    QVERIFY(stats);
    QVERIFY2(stats->text().contains(QLatin1String("nanmin")), qPrintable(stats->text()));
    QVERIFY2(stats->text().contains(QLatin1String("<b>Field</b></td><td>n<")), qPrintable(stats->text()));
    QVERIFY2(stats->minimumSizeHint().width() <= 300, qPrintable(QString::number(stats->minimumSizeHint().width())));
}

void tst_InspectorPanel::dataRowAfterSaveAs()
{
    // A .npy memory-mapped, then saved as a compressed archive: its bytes still map the .npy, and the
    // inspector says so instead of "memory-mapped" for a member now deflated.
    auto source = npy::openSource(npytest::dataPath(QStringLiteral("npy/f8_2d_c.npy")));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    Document document(source.value());
    const int id = document.memberAt(0).id;
    const npy::Status loaded = document.loadMemberNow(id);
    QVERIFY2(loaded, qPrintable(loaded.error()));
    QVERIFY(document.memberById(id)->array.isMapped());
    InspectorPanel panel(&document);
    panel.showMember(id, 0);
    auto *meta = panel.findChild<QLabel *>(QStringLiteral("metadata"));
    QVERIFY(meta);
    QVERIFY2(meta->text().contains(QLatin1String("memory-mapped (read on demand)")), qPrintable(meta->text()));
    QTemporaryDir dir;
    const npy::Status saved = document.saveNow(dir.filePath(QStringLiteral("out.npz")), npy::SaveFormat::NpzCompressed);
    QVERIFY2(saved, qPrintable(saved.error()));
    QCOMPARE(document.memberById(id)->info.compression, npy::Compression::Deflated);
    QVERIFY2(meta->text().contains(QLatin1String("memory-mapped from f8_2d_c.npy, the file it was read from")),
             qPrintable(meta->text()));
    QVERIFY(meta->text().contains(QLatin1String("deflated")));
}

void tst_InspectorPanel::emptyDocument()
{
    // An empty window's inspector: no member, so nothing to compute (the button was enabled).
    Document document(nullptr);
    InspectorPanel panel(&document);
    QPushButton *compute = nullptr;
    for (QPushButton *b : panel.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Compute Statistics"))
            compute = b;
    QVERIFY(compute);
    QVERIFY(!compute->isEnabled());
    QVERIFY2(panel.metadataText().contains(QLatin1String("No member selected")), qPrintable(panel.metadataText()));
}

QTEST_MAIN(tst_InspectorPanel)
#include "tst_inspectorpanel.moc"
