#include "testdata.h"

#include "export.h"
#include "npyfile.h"
#include "opensource.h"
#include "source.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;
using namespace npytest;

class TestExport : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void safePaths_data();
    void safePaths();
    void namesOfClashingMembers();
    void neverOverwritesWithoutConsent();
    void hostileNamesStayInside_data();
    void hostileNamesStayInside();
    void csvBytesAsText_data();
    void csvBytesAsText();
};

void TestExport::safePaths_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << QStringLiteral("x") << QStringLiteral("x");
    QTest::newRow("folder") << QStringLiteral("a/b") << QStringLiteral("a/b");
    QTest::newRow("parent") << QStringLiteral("../../x") << QStringLiteral("x");
    QTest::newRow("absolute") << QStringLiteral("/abs/x") << QStringLiteral("abs/x");
    QTest::newRow("drive") << QStringLiteral("C:\\x") << QStringLiteral("C_/x");
    QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << QStringLiteral("a_b");
    QTest::newRow("dots only") << QStringLiteral("./..//.") << QStringLiteral("unnamed");
    QTest::newRow("empty") << QString() << QStringLiteral("unnamed");
    QTest::newRow("inner parent") << QStringLiteral("a/../../b") << QStringLiteral("a/b");
}

void TestExport::safePaths()
{
    QFETCH(QString, key);
    QFETCH(QString, path);
    QCOMPARE(safeMemberPath(key), path);
}

void TestExport::namesOfClashingMembers()
{
    auto source = openSource(dataPath(QStringLiteral("npz/duplicates.npz")));
    QVERIFY2(source.ok(), qPrintable(source.error()));
    QList<int> all;
    for (int i = 0; i < source.value()->members().size(); ++i)
        all << i;
    const QStringList names = exportFileNames(*source.value(), all);
    QCOMPARE(names.size(), all.size());
    QSet<QString> lower;
    for (const QString &n : names)
        lower.insert(n.toLower());
    QCOMPARE(lower.size(), names.size()); // every member gets a file of its own
}

void TestExport::neverOverwritesWithoutConsent()
{
    QTemporaryDir dir;
    auto source = openSource(dataPath(QStringLiteral("npz/savez_basic.npz")));
    QVERIFY(source.ok());
    QList<int> all;
    for (int i = 0; i < source.value()->members().size(); ++i)
        all << i;
    const QStringList names = exportFileNames(*source.value(), all);
    // One of the targets exists: nothing at all is written, and the message names it.
    const QString taken = dir.filePath(names.last());
    {
        QFile f(taken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("mine");
    }
    QStringList written;
    Status st = exportMembers(*source.value(), all, dir.path(), false, &written);
    QVERIFY(!st.ok());
    QVERIFY2(st.error().contains(names.last()), qPrintable(st.error()));
    QVERIFY(written.isEmpty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{names.last()});
    QCOMPARE(fileDigest(taken), QCryptographicHash::hash("mine", QCryptographicHash::Sha256));
    // With consent every member is written, the taken file replaced.
    st = exportMembers(*source.value(), all, dir.path(), true, &written);
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QCOMPARE(written.size(), all.size());
    QVERIFY(readNpyFile(taken).ok());
}

void TestExport::hostileNamesStayInside_data()
{
    QTest::addColumn<QString>("archive");
    const QDir dir(dataPath(QStringLiteral("hostile_npz")));
    for (const QString &name : dir.entryList({QStringLiteral("*.npz")}))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestExport::hostileNamesStayInside()
{
    QFETCH(QString, archive);
    auto source = openSource(archive);
    if (!source.ok())
        return; // a broken container: nothing to export
    QTemporaryDir outer;
    const QString inner = outer.filePath(QStringLiteral("a/b/out"));
    QList<int> arrays;
    for (int i = 0; i < source.value()->members().size(); ++i)
        if (source.value()->members()[i].isArray && source.value()->members()[i].error.isEmpty())
            arrays << i;
    QStringList written;
    (void)exportMembers(*source.value(), arrays, inner, false, &written);
    // Whatever happened, every file below the outer folder is inside the export folder.
    QDirIterator it(outer.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QVERIFY2(file.startsWith(QDir(inner).absolutePath() + QLatin1Char('/')), qPrintable(file));
    }
}


void TestExport::csvBytesAsText_data()
{
    QTest::addColumn<QByteArray>("bytes"); // one S6 element, NUL-padded
    QTest::addColumn<QString>("csv");      // the line written
    QTest::newRow("plain") << QByteArray("MERC") << QStringLiteral("MERC");
    QTest::newRow("latin-1") << QByteArray("PL\xffT") << QStringLiteral("PL\u00ffT");
    QTest::newRow("comma quoted") << QByteArray("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote doubled") << QByteArray("say \"x") << QStringLiteral("\"say \"\"x\"");
    QTest::newRow("line break quoted") << QByteArray("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("control escaped") << QByteArray("a\x01\\b") << QStringLiteral("a\\x01\\\\b");
    QTest::newRow("C1 escaped") << QByteArray("\x85z") << QStringLiteral("\\x85z");
    QTest::newRow("plain backslash") << QByteArray("a\\b") << QStringLiteral("a\\b");
    QTest::newRow("inner NUL") << QByteArray("a\0b", 3) << QStringLiteral("a\\x00b");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("\"\"");
}

void TestExport::csvBytesAsText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, csv);
    NpyHeader h;
    QString why;
    QVERIFY(DType::fromTypeString(QStringLiteral("|S6"), &h.dtype, &why));
    h.shape = {1};
    h.elementCount = 1;
    h.dataBytes = 6;
    QByteArray data = bytes;
    data.resize(6, '\0');
    const NpyArray array(h, data);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    const Status st = writeCsv(&buffer, array);
    QVERIFY2(st, qPrintable(st.error()));
    QCOMPARE(QString::fromUtf8(buffer.data()), csv + QLatin1Char('\n'));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
