// The crash journal's format (core/journal): records round-trip, a torn last record is dropped, a bad
// checksum drops what follows, a changed file is told apart, and live journals are not offered.
#include "journal.h"
#include "journalfile.h"
#include "opensource.h"
#include "testdata.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace npy;

namespace {

JournalFileState sampleState()
{
    JournalFileState s;
    s.path = QStringLiteral("/data/été.npz");
    s.size = 123456;
    s.mtimeMs = 1700000000123;
    s.headersHash = 0xdeadbeef;
    s.memberCount = 4;
    return s;
}

JournalEntry stepOf(QList<JournalOp> ops, const QString &text = QStringLiteral("Edit"), bool replacesTop = false)
{
    JournalEntry e;
    e.kind = JournalEntryKind::Step;
    e.timeMs = 1700000001000;
    e.text = text;
    e.replacesTop = replacesTop;
    e.ops = std::move(ops);
    return e;
}

JournalEntry moveOf(JournalEntryKind kind)
{
    JournalEntry e;
    e.kind = kind;
    e.timeMs = 1700000002000;
    return e;
}

JournalOp insertOp(JournalOrigin origin)
{
    JournalOp op;
    op.kind = JournalOpKind::Insert;
    op.row = 2;
    op.key = QStringLiteral("copy/数据");
    op.origin = origin;
    op.sourceIndex = origin == JournalOrigin::Inline ? -1 : 3;
    if (origin == JournalOrigin::OtherFile) {
        op.originPath = QStringLiteral("/data/other.npy");
        op.originSize = 999;
        op.originMtimeMs = 1600000000000;
    }
    if (origin == JournalOrigin::Inline)
        op.npyBytes = QByteArray("\x93NUMPY\x01\x00 fake bytes", 19);
    return op;
}

JournalOp memberOp(JournalOpKind kind, int row, const QString &key = QString())
{
    JournalOp op;
    op.kind = kind;
    op.row = row;
    op.key = key;
    return op;
}

void compareOps(const JournalOp &a, const JournalOp &b)
{
    QCOMPARE(int(a.kind), int(b.kind));
    QCOMPARE(a.row, b.row);
    QCOMPARE(a.runs, b.runs);
    QCOMPARE(a.values, b.values);
    QCOMPARE(a.key, b.key);
    QCOMPARE(int(a.origin), int(b.origin));
    QCOMPARE(a.sourceIndex, b.sourceIndex);
    QCOMPARE(a.originPath, b.originPath);
    QCOMPARE(a.originSize, b.originSize);
    QCOMPARE(a.originMtimeMs, b.originMtimeMs);
    QCOMPARE(a.npyBytes, b.npyBytes);
}

/** A journal of three steps; \a ends receives where each record ends. */
QByteArray threeSteps(QList<qint64> *ends)
{
    QByteArray bytes = encodeJournalStart(sampleState(), 5);
    ends->append(bytes.size());
    for (int i = 0; i < 3; ++i) {
        bytes += encodeJournalEntry(stepOf({JournalOp::write(0, {8 * qint64(i)}, {QByteArray(8, char('a' + i))})}));
        ends->append(bytes.size());
    }
    return bytes;
}

} // namespace

class TestJournal : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QList<JournalEntry>>("entries");
        QList<qint64> strided;
        QList<QByteArray> mixed;
        for (int i = 0; i < 50; ++i) {
            strided << 40 + 24 * qint64(i);
            mixed << QByteArray(4, char(i));
        }
        QTest::newRow("one value") << QList<JournalEntry>{
            stepOf({JournalOp::write(1, {16}, {QByteArrayLiteral("\x01\x02\x03\x04")})})};
        QTest::newRow("paste, strided") << QList<JournalEntry>{stepOf({JournalOp::write(0, strided, mixed)})};
        QTest::newRow("fill, constant")
            << QList<JournalEntry>{stepOf({JournalOp::write(0, strided, QList<QByteArray>(50, "zzzz"))})};
        QTest::newRow("values of different sizes") << QList<JournalEntry>{
            stepOf({JournalOp::write(0, {0, 3, 100, 4}, {"ab", "cde", "f", "ghij"})})};
        // Read from a journal as it may be on disk: one empty value per offset (found by fuzz_journal).
        JournalOp empties;
        empties.row = 0;
        empties.runs = {OffsetRun{8, 4, 2}};
        empties.values = {QByteArray(), QByteArray()};
        QTest::newRow("empty values, one per offset") << QList<JournalEntry>{stepOf({empties})};
        QTest::newRow("rename, remove")
            << QList<JournalEntry>{stepOf({memberOp(JournalOpKind::Rename, 3, QStringLiteral("été"))}),
                                   stepOf({memberOp(JournalOpKind::Remove, 1)})};
        QTest::newRow("insert from each origin") << QList<JournalEntry>{stepOf(
            {insertOp(JournalOrigin::BaseFile), insertOp(JournalOrigin::OtherFile), insertOp(JournalOrigin::Inline)},
            QStringLiteral("Add Arrays"))};
        QTest::newRow("undo, redo, merged step") << QList<JournalEntry>{
            stepOf({JournalOp::write(0, {8}, {"12345678"})}), moveOf(JournalEntryKind::Undo),
            moveOf(JournalEntryKind::Redo), stepOf({JournalOp::write(0, {8}, {"87654321"})}, QString(), true)};
    }

    void roundTrip()
    {
        QFETCH(QList<JournalEntry>, entries);
        QByteArray bytes = encodeJournalStart(sampleState(), 42);
        const JournalMemberHash hash{1, QStringLiteral("counts"), 96, 0x12345678};
        bytes += encodeJournalMemberHash(hash);
        for (const JournalEntry &e : entries)
            bytes += encodeJournalEntry(e);
        const Result<JournalContent> read = parseJournal(bytes, QStringLiteral("j"));
        QVERIFY2(read.ok(), qPrintable(read.error()));
        const JournalContent &c = read.value();
        QVERIFY(c.file == sampleState());
        QCOMPARE(c.createdMs, qint64(42));
        QCOMPARE(c.memberHashes.size(), 1);
        QVERIFY(c.memberHashes[0] == hash);
        QVERIFY(!c.tornTail);
        QVERIFY(c.damage.isEmpty());
        QCOMPARE(c.validBytes, qint64(bytes.size()));
        QCOMPARE(c.entries.size(), entries.size());
        for (qsizetype i = 0; i < entries.size(); ++i) {
            QCOMPARE(int(c.entries[i].kind), int(entries[i].kind));
            QCOMPARE(c.entries[i].timeMs, entries[i].timeMs);
            QCOMPARE(c.entries[i].replacesTop, entries[i].replacesTop);
            QCOMPARE(c.entries[i].text, entries[i].text);
            QCOMPARE(c.entries[i].ops.size(), entries[i].ops.size());
            for (qsizetype j = 0; j < entries[i].ops.size(); ++j) {
                compareOps(c.entries[i].ops[j], entries[i].ops[j]);
                if (c.entries[i].ops[j].kind == JournalOpKind::Write) {
                    // The compact form gives back every offset and value, in order.
                    const JournalOp &op = c.entries[i].ops[j];
                    QCOMPARE(op.offsets().size(), op.offsetCount());
                }
            }
        }
    }

    void writeIsCompact()
    {
        // A fill of a million cells of one column (stride of a row) is one run and one value.
        QList<qint64> offsets;
        for (qint64 i = 0; i < 1000000; ++i)
            offsets << 16 + i * 800;
        const JournalOp op = JournalOp::write(0, offsets, QList<QByteArray>(offsets.size(), QByteArray(8, 'x')));
        QCOMPARE(op.runs.size(), 1);
        QCOMPARE(op.values.size(), 1);
        QCOMPARE(op.offsets(), offsets);
        QVERIFY(encodeJournalEntry(stepOf({op})).size() < 100);
        // A rectangle of 3 rows of 4 cells: a run per row.
        const JournalOp block = JournalOp::write(0, {0, 8, 16, 24, 80, 88, 96, 104, 160, 168, 176, 184},
                                                 QList<QByteArray>(12, "12345678"));
        QCOMPARE(block.runs.size(), 3);
        QCOMPARE(block.offsets(),
                 (QList<qint64>{0, 8, 16, 24, 80, 88, 96, 104, 160, 168, 176, 184}));
    }

    void tornLastRecord()
    {
        QList<qint64> ends;
        const QByteArray whole = threeSteps(&ends);
        // Cut anywhere inside the last record: the two steps before it are kept.
        for (qint64 cut = ends[2] + 1; cut < ends[3]; ++cut) {
            const Result<JournalContent> read = parseJournal(whole.left(cut), QStringLiteral("j"));
            QVERIFY2(read.ok(), qPrintable(read.error()));
            QVERIFY2(read.value().tornTail, qPrintable(QString::number(cut)));
            QVERIFY(read.value().damage.isEmpty());
            QCOMPARE(read.value().entries.size(), 2);
            QCOMPARE(read.value().validBytes, ends[2]);
            QCOMPARE(read.value().entries[1].ops[0].values[0], QByteArray(8, 'b'));
        }
        // A length field that runs past the end is torn, never read past the end.
        QByteArray huge = whole.left(ends[2]);
        huge += QByteArray("\xff\xff\xff\x7f\x03", 5) + QByteArray(10, '\0');
        const Result<JournalContent> read = parseJournal(huge, QStringLiteral("j"));
        QVERIFY(read.ok());
        QVERIFY(read.value().tornTail);
        QCOMPARE(read.value().entries.size(), 2);
    }

    void badChecksum_data()
    {
        QTest::addColumn<int>("record"); // which step record gets a flipped byte
        QTest::addColumn<int>("kept");
        QTest::addColumn<bool>("torn");
        QTest::newRow("first") << 0 << 0 << false;
        QTest::newRow("middle") << 1 << 1 << false;
        QTest::newRow("last") << 2 << 2 << true;
    }

    void badChecksum()
    {
        QFETCH(int, record);
        QFETCH(int, kept);
        QFETCH(bool, torn);
        QList<qint64> ends;
        QByteArray bytes = threeSteps(&ends);
        bytes[ends[record] + 12] = char(bytes[ends[record] + 12] ^ 0x40);
        const Result<JournalContent> read = parseJournal(bytes, QStringLiteral("the journal"));
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read.value().entries.size(), kept);
        QCOMPARE(read.value().tornTail, torn);
        QCOMPARE(read.value().damage.isEmpty(), torn);
        if (!torn) {
            QVERIFY2(read.value().damage.contains(QStringLiteral("the journal")), qPrintable(read.value().damage));
            QVERIFY2(read.value().damage.contains(QString::number(ends[record])), qPrintable(read.value().damage));
        }
    }

    void notAJournal_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QList<qint64> ends;
        const QByteArray whole = threeSteps(&ends);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("other magic") << QByteArray("NPYJRNL9") + whole.mid(8);
        QTest::newRow("magic only") << whole.left(8);
        QTest::newRow("no file record") << journalMagic() + whole.mid(ends[0]);
    }

    void notAJournal()
    {
        QFETCH(QByteArray, bytes);
        const Result<JournalContent> read = parseJournal(bytes, QStringLiteral("the journal"));
        QVERIFY(!read.ok());
        QVERIFY2(read.error().contains(QStringLiteral("the journal")), qPrintable(read.error()));
    }

    void netSteps()
    {
        JournalContent c;
        c.entries = {stepOf({}), stepOf({}), moveOf(JournalEntryKind::Undo), stepOf({}, {}, true),
                     moveOf(JournalEntryKind::Undo), moveOf(JournalEntryKind::Redo)};
        QCOMPARE(c.netSteps(), 1);
        c.entries.append(moveOf(JournalEntryKind::Undo));
        QCOMPARE(c.netSteps(), 0);
    }

    void changedFile_data()
    {
        QTest::addColumn<QString>("change"); // Python run on the copy, `p` its path
        QTest::addColumn<QString>("said");
        QTest::newRow("unchanged") << QString() << QString();
        QTest::newRow("touched") << QStringLiteral("import os; os.utime(p, (1, 1))") << QStringLiteral("modified");
        QTest::newRow("value") << QStringLiteral("z=dict(np.load(p)); z['x'][0]+=1; np.savez(p, **z)")
                               << QStringLiteral("modified");
        QTest::newRow("dtype, same size") << QStringLiteral(
            "z=dict(np.load(p)); z['x']=z['x'].view(np.int64); np.savez(p, **z); os.utime(p, ns=(t, t))")
                                          << QStringLiteral("differ");
        QTest::newRow("member added") << QStringLiteral("z=dict(np.load(p)); z['y']=np.zeros(3); np.savez(p, **z)")
                                      << QStringLiteral("size");
        QTest::newRow("gone") << QStringLiteral("os.remove(p)") << QStringLiteral("gone");
    }

    void changedFile()
    {
        QFETCH(QString, change);
        QFETCH(QString, said);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), path));
        const Result<std::shared_ptr<const Source>> before = openSource(path);
        QVERIFY(before.ok());
        const JournalFileState then = journalFileState(path, *before.value());
        QCOMPARE(then.memberCount, qint64(4));
        QCOMPARE(then.size, QFileInfo(path).size());
        if (!change.isEmpty()) {
            QString out;
            QVERIFY2(npytest::runPython(QStringLiteral("import sys, os, numpy as np; p=sys.argv[1]; "
                                                       "t=os.stat(p).st_mtime_ns; ")
                                            + change,
                                        {path}, &out),
                     qPrintable(out));
        }
        const Result<std::shared_ptr<const Source>> after = openSource(path);
        JournalFileState now;
        if (after.ok()) {
            now = journalFileState(path, *after.value());
        } else {
            now.size = -1;
        }
        const QStringList changes = journalFileChanges(then, now);
        if (said.isEmpty()) {
            QVERIFY2(changes.isEmpty(), qPrintable(changes.join(QLatin1Char(' '))));
            return;
        }
        QVERIFY(!changes.isEmpty());
        QVERIFY2(changes.join(QLatin1Char(' ')).contains(said), qPrintable(changes.join(QLatin1Char(' '))));
    }

    void writerAndLocks()
    {
        QTemporaryDir state;
        qputenv("XDG_STATE_HOME", state.path().toUtf8());
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("a-file.npy"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npy/f8_le.npy")), file));
        QCOMPARE(journalDirectory(), state.path() + QStringLiteral("/npy-inspector"));
        QVERIFY(journalsFor(file).isEmpty());
        const QString path = newJournalPath(file);
        QVERIFY(path.startsWith(journalDirectory()));
        {
            JournalWriter writer(path);
            writer.append(encodeJournalStart(sampleState(), 1));
            writer.append(encodeJournalEntry(moveOf(JournalEntryKind::Undo)));
            QVERIFY(!QFileInfo::exists(path)); // nothing is written before a flush
            const Status flushed = writer.flush();
            QVERIFY2(flushed.ok(), qPrintable(flushed.error()));
            QVERIFY(QFileInfo::exists(path));
            QCOMPARE(writer.written(), QFileInfo(path).size());
            // A journal being written (its lock held) is not one left by a session that died.
            QVERIFY(journalsFor(file).isEmpty());
        }
        QCOMPARE(journalsFor(file), QStringList{path});
        QVERIFY(journalsFor(dir.filePath(QStringLiteral("other.npy"))).isEmpty());
        const Result<JournalContent> read = readJournalFile(path);
        QVERIFY2(read.ok(), qPrintable(read.error()));
        QCOMPARE(read.value().entries.size(), 1);
        QVERIFY(removeJournal(path));
        QVERIFY(journalsFor(file).isEmpty());
        qunsetenv("XDG_STATE_HOME");
    }

    void unwritable_data()
    {
        QTest::addColumn<bool>("diskFull");
        QTest::newRow("the folder is a file") << false;
        QTest::newRow("disk full") << true;
    }

    void unwritable()
    {
        // Ways to fail that hold even for root: a folder that cannot be made, and /dev/full (ENOSPC).
        QFETCH(bool, diskFull);
        QTemporaryDir state;
        QString path = state.filePath(QStringLiteral("npy-inspector/x.journal"));
        if (diskFull) {
            if (!QFileInfo::exists(QStringLiteral("/dev/full")))
                QSKIP("no /dev/full here");
            path = state.filePath(QStringLiteral("x.journal"));
            QVERIFY(QFile::link(QStringLiteral("/dev/full"), path));
        } else {
            QFile blocker(state.filePath(QStringLiteral("npy-inspector")));
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        JournalWriter writer(path);
        writer.append(encodeJournalStart(sampleState(), 1));
        const Status flushed = writer.flush();
        QVERIFY(!flushed.ok());
        QVERIFY2(flushed.error().contains(QStringLiteral("journal")), qPrintable(flushed.error()));
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
