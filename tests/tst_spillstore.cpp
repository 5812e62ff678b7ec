// SpillStore: bytes written in order land in memory up to the budget and in a temporary file beyond it,
// read back the same either way; the file never outlives the writer's work (finished, abandoned or failed),
// and wrong sizes or an unwritable folder fail with the reason.
#include "spillstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

namespace {

int filesIn(const QString &dir)
{
    return int(QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System).size());
}

QByteArray pattern(qint64 size)
{
    QByteArray b(qsizetype(size), Qt::Uninitialized);
    for (qsizetype i = 0; i < b.size(); ++i)
        b[i] = char((i * 7 + i / 251) & 0xff);
    return b;
}

} // namespace

class TestSpillStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<qint64>("piece");
        QTest::addColumn<bool>("spills");
        QTest::newRow("empty, in memory") << qint64(0) << qint64(0) << qint64(1) << false;
        QTest::newRow("under the budget") << qint64(1000) << qint64(1000) << qint64(333) << false;
        QTest::newRow("one byte over") << qint64(1001) << qint64(1000) << qint64(333) << true;
        QTest::newRow("budget 0, one piece") << qint64(4096) << qint64(0) << qint64(4096) << true;
        QTest::newRow("budget 0, byte by byte") << qint64(300) << qint64(0) << qint64(1) << true;
        QTest::newRow("3 MiB in odd pieces") << (qint64(3) << 20) << qint64(1) << qint64(65537) << true;
    }

    void roundTrip()
    {
        QFETCH(qint64, size);
        QFETCH(qint64, budget);
        QFETCH(qint64, piece);
        QFETCH(bool, spills);
        QTemporaryDir tmp;
        const QByteArray want = pattern(size);
        std::shared_ptr<const ByteStore> store;
        {
            SpillStore writer(size, budget, tmp.path());
            QCOMPARE(writer.spills(), spills);
            QCOMPARE(writer.folder(), QDir::toNativeSeparators(QDir(tmp.path()).absolutePath()));
            QVERIFY(writer.open().ok());
            // (Where the system allows, the file has no name even while it is written: O_TMPFILE.)
            QVERIFY(filesIn(tmp.path()) <= (spills ? 1 : 0));
            const uchar *p = reinterpret_cast<const uchar *>(want.constData());
            for (qint64 at = 0; at < size; at += piece)
                QVERIFY(writer.write(p + at, std::min(piece, size - at)));
            QCOMPARE(writer.written(), size);
            Result<std::shared_ptr<const ByteStore>> finished = writer.finish();
            QVERIFY2(finished.ok(), qPrintable(finished.error()));
            store = finished.value();
            // Mapped, the file has no name any more.
            QCOMPARE(filesIn(tmp.path()), 0);
        }
        QCOMPARE(store->isMapped(), spills);
        QCOMPARE(store->size(), size);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(store->data()), qsizetype(size)), want);
    }

    void abandonedLeavesNothing()
    {
        QTemporaryDir tmp;
        {
            SpillStore writer(100, 0, tmp.path());
            QVERIFY(writer.open().ok());
            const QByteArray half = pattern(50);
            QVERIFY(writer.write(reinterpret_cast<const uchar *>(half.constData()), 50));
            QVERIFY(filesIn(tmp.path()) <= 1);
        }
        QCOMPARE(filesIn(tmp.path()), 0);
    }

    void wrongSizes_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::newRow("in memory") << qint64(1000);
        QTest::newRow("in a file") << qint64(0);
    }

    void wrongSizes()
    {
        QFETCH(qint64, budget);
        QTemporaryDir tmp;
        const QByteArray bytes = pattern(20);
        const uchar *p = reinterpret_cast<const uchar *>(bytes.constData());
        {
            // Too few: finish() refuses, naming how many were written.
            SpillStore writer(20, budget, tmp.path());
            QVERIFY(writer.open().ok());
            QVERIFY(writer.write(p, 10));
            const auto store = writer.finish();
            QVERIFY(!store.ok());
            QVERIFY2(store.error().contains(QLatin1String("10 of 20")), qPrintable(store.error()));
        }
        {
            // Too many: the write fails, and so does everything after it.
            SpillStore writer(20, budget, tmp.path());
            QVERIFY(writer.open().ok());
            QVERIFY(writer.write(p, 15));
            QVERIFY(!writer.write(p, 6));
            QVERIFY(!writer.error().isEmpty());
            QVERIFY(!writer.write(p, 5));
            QVERIFY(!writer.finish().ok());
        }
        QCOMPARE(filesIn(tmp.path()), 0);
    }

    void unwritableFolder()
    {
        QTemporaryDir tmp;
        const QString missing = tmp.filePath(QStringLiteral("no such folder"));
        SpillStore writer(10, 0, missing);
        const Status st = writer.open();
        QVERIFY(!st.ok());
        QVERIFY2(st.error().contains(QDir::toNativeSeparators(missing)), qPrintable(st.error()));
        const QByteArray bytes = pattern(10);
        QVERIFY(!writer.write(reinterpret_cast<const uchar *>(bytes.constData()), 10));
        QVERIFY(!writer.finish().ok());
    }
};

QTEST_GUILESS_MAIN(TestSpillStore)
#include "tst_spillstore.moc"
