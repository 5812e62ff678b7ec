// npy-tool on SciPy sparse archives: info --json gives the matrix, stats and render without --member take it
// (its figures SciPy's, its picture the dense matrix's), --member still names a plain member, and a broken
// layout is read as plain members with the reason.

#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

namespace {

using Run = npytest::ToolRun;

Run tool(const QStringList &args)
{
    return npytest::runTool(args);
}

QJsonObject fixtureJson(const QString &name)
{
    QFile f(npytest::dataPath(QStringLiteral("sparse/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open sparse/%s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString sparsePath(const QString &name)
{
    return npytest::dataPath(QStringLiteral("sparse/%1").arg(name));
}

/** key=value pairs of one `stats` line. */
QHash<QString, QString> fields(const QString &line)
{
    QHash<QString, QString> out;
    for (const QString &word : line.section(QLatin1Char(':'), 1).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = word.indexOf(QLatin1Char('='));
        if (eq > 0)
            out.insert(word.left(eq), word.mid(eq + 1));
    }
    return out;
}

} // namespace

class TstToolSparse : public QObject
{
    Q_OBJECT

private slots:
    void infoJsonGivesTheMatrix_data();
    void infoJsonGivesTheMatrix();
    void statsFirstLineIsTheMatrix_data();
    void statsFirstLineIsTheMatrix();
    void renderDrawsTheDenseMatrix_data();
    void renderDrawsTheDenseMatrix();
    void memberStillNamesAPlainMember();
    void brokenLayoutIsReadAsMembers_data();
    void brokenLayoutIsReadAsMembers();
};

void TstToolSparse::infoJsonGivesTheMatrix_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject matrices = fixtureJson(QStringLiteral("expected.json")).value(QStringLiteral("matrices")).toObject();
    for (auto it = matrices.begin(); it != matrices.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toObject();
}

void TstToolSparse::infoJsonGivesTheMatrix()
{
    QFETCH(QString, name);
    QFETCH(QJsonObject, expected);
    const Run r = tool({QStringLiteral("info"), sparsePath(name + QStringLiteral(".npz")), QStringLiteral("--json")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject sparse = root.value(QStringLiteral("sparse")).toObject();
    QCOMPARE(sparse.value(QStringLiteral("format")).toString(), expected.value(QStringLiteral("format")).toString());
    QCOMPARE(sparse.value(QStringLiteral("shape")).toArray(), expected.value(QStringLiteral("shape")).toArray());
    QCOMPARE(sparse.value(QStringLiteral("nnz")).toDouble(), expected.value(QStringLiteral("nnz")).toDouble());
    // The members are still listed, as they are.
    QVERIFY(root.value(QStringLiteral("members")).toArray().size() >= 4);
}

void TstToolSparse::statsFirstLineIsTheMatrix_data()
{
    infoJsonGivesTheMatrix_data();
}

void TstToolSparse::statsFirstLineIsTheMatrix()
{
    QFETCH(QString, name);
    QFETCH(QJsonObject, expected);
    const Run r = tool({QStringLiteral("stats"), sparsePath(name + QStringLiteral(".npz"))});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 5);
    QVERIFY2(lines.first().startsWith(QLatin1String("matrix: ")), qPrintable(lines.first()));
    const QHash<QString, QString> f = fields(lines.first());
    const QJsonArray shape = expected.value(QStringLiteral("shape")).toArray();
    QCOMPARE(f.value(QStringLiteral("format")), expected.value(QStringLiteral("format")).toString());
    QCOMPARE(f.value(QStringLiteral("nnz")).toLongLong(), qint64(expected.value(QStringLiteral("nnz")).toDouble()));
    QCOMPARE(f.value(QStringLiteral("count")).toLongLong(), qint64(shape[0].toDouble()) * qint64(shape[1].toDouble()));
    if (expected.contains(QStringLiteral("mean"))) {
        QCOMPARE(f.value(QStringLiteral("min")).toDouble(), expected.value(QStringLiteral("min")).toDouble());
        QCOMPARE(f.value(QStringLiteral("max")).toDouble(), expected.value(QStringLiteral("max")).toDouble());
        const double mean = expected.value(QStringLiteral("mean")).toDouble();
        // SciPy sums float32 in float32, the engine in float64: they agree to float32's precision.
        const bool single = expected.value(QStringLiteral("dtype")).toString() == QLatin1String("<f4");
        const double scale = std::max({1.0, std::abs(f.value(QStringLiteral("min")).toDouble()),
                                       std::abs(f.value(QStringLiteral("max")).toDouble())});
        QVERIFY2(std::abs(f.value(QStringLiteral("mean")).toDouble() - mean)
                     <= (single ? 1e-6 * scale : 1e-12 * std::max(1.0, std::abs(mean))),
                 qPrintable(lines.first()));
    }
    // Then every member's own line.
    QVERIFY(lines.filter(QRegularExpression(QStringLiteral("^data: "))).size() == 1);
}

void TstToolSparse::renderDrawsTheDenseMatrix_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reduce");
    QTest::addColumn<QString>("size");
    for (const char *name : {"csr_f8", "csc_i4", "coo_dups_f8", "bsr_f4", "dia_f8", "csr_unsorted_f8"}) {
        for (const char *reduce : {"max", "mean", "min", "count"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(name), QLatin1String(reduce))))
                << QString::fromLatin1(name) << QString::fromLatin1(reduce) << QStringLiteral("7x5");
    }
}

void TstToolSparse::renderDrawsTheDenseMatrix()
{
    QFETCH(QString, name);
    QFETCH(QString, reduce);
    QFETCH(QString, size);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fromSparse = dir.filePath(QStringLiteral("sparse.png"));
    const QString fromDense = dir.filePath(QStringLiteral("dense.png"));
    const QStringList common = {QStringLiteral("--size"), size, QStringLiteral("--reduce"), reduce,
                                QStringLiteral("--range"), QStringLiteral("-3:3")};
    const Run a = tool(QStringList{QStringLiteral("render"), sparsePath(name + QStringLiteral(".npz")),
                                   QStringLiteral("--png"), fromSparse} + common);
    QVERIFY2(a.status == 0, qPrintable(a.err));
    // The dense matrix SciPy's .toarray() gave, drawn by the same reduction: the same picture.
    const Run b = tool(QStringList{QStringLiteral("render"), sparsePath(name + QStringLiteral(".dense.npy")),
                                   QStringLiteral("--png"), fromDense} + common);
    QVERIFY2(b.status == 0, qPrintable(b.err));
    QCOMPARE(npytest::fileDigest(fromSparse), npytest::fileDigest(fromDense));
}

void TstToolSparse::memberStillNamesAPlainMember()
{
    const Run r = tool({QStringLiteral("stats"), sparsePath(QStringLiteral("csr_f8.npz")), QStringLiteral("--member"),
                        QStringLiteral("data")});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QLatin1String("data: ")), qPrintable(r.out));
    QCOMPARE(r.out.count(QLatin1Char('\n')), 1);
}

void TstToolSparse::brokenLayoutIsReadAsMembers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fragment");
    const QJsonObject broken = fixtureJson(QStringLiteral("broken.json"));
    for (auto it = broken.begin(); it != broken.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TstToolSparse::brokenLayoutIsReadAsMembers()
{
    QFETCH(QString, name);
    QFETCH(QString, fragment);
    const QString path = sparsePath(name + QStringLiteral(".npz"));
    const Run info = tool({QStringLiteral("info"), path, QStringLiteral("--json")});
    QVERIFY2(info.status == 0, qPrintable(info.err));
    const QJsonObject root = QJsonDocument::fromJson(info.out.toUtf8()).object();
    QVERIFY(root.contains(QStringLiteral("sparse")));
    QVERIFY(root.value(QStringLiteral("sparse")).isNull());
    QVERIFY2(root.value(QStringLiteral("sparse_error")).toString().contains(fragment), qPrintable(info.out));
    const Run stats = tool({QStringLiteral("stats"), path});
    QVERIFY2(stats.status == 0, qPrintable(stats.err));
    QVERIFY(!stats.out.contains(QLatin1String("matrix: ")));
    QVERIFY2(stats.err.contains(fragment), qPrintable(stats.err));
    QVERIFY(stats.out.contains(QLatin1String("data: ")));
}

QTEST_GUILESS_MAIN(TstToolSparse)
#include "tst_toolsparse.moc"
