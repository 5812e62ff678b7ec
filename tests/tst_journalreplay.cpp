// Recording a Document's undo steps in a crash journal and replaying them (widgets/document): every kind
// of edit, undo and redo (also past a save), merged cell edits; a replayed document equals the one that
// made the edits. Also: no journal for an unedited file, journals go on save and discard, a journal
// that cannot be written is said once and editing goes on.
#include "arraymaker.h"
#include "document.h"
#include "journalfile.h"
#include "membertransfer.h"
#include "opensource.h"
#include "testdata.h"
#include "valuetext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace npyw;

namespace {

std::unique_ptr<Document> openDocument(const QString &path)
{
    npy::Result<std::shared_ptr<const npy::Source>> source = npy::openSource(path);
    if (!source)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(source.error()));
    return std::make_unique<Document>(source.value());
}

const Member *memberNamed(Document &d, const QString &key)
{
    for (int i = 0; i < d.memberCount(); ++i) {
        if (d.memberAt(i).key == key)
            return &d.memberAt(i);
    }
    return nullptr;
}

/** The document's members, in order: key, dtype, shape and every data byte. */
QStringList contents(Document &d)
{
    QStringList out;
    for (int i = 0; i < d.memberCount(); ++i) {
        const int id = d.memberAt(i).id;
        if (!d.loadMemberNow(id))
            return {QStringLiteral("cannot load ") + d.memberAt(i).key};
        const Member &m = d.memberAt(i);
        const QByteArray data(reinterpret_cast<const char *>(m.array.data()), m.array.nbytes());
        out << m.key + QLatin1Char(' ') + m.array.dtype().descr() + m.array.header().shapeText() + QLatin1Char(' ')
                   + QString::fromLatin1(data.toHex());
    }
    return out;
}

/** Runs one line of a script (the words of tests/tst_crashrecovery.cpp's); empty, or what went wrong. */
QString run(Document &d, const QStringList &w, const QString &dataDir, const QString &savePath)
{
    auto write = [&d](const QString &key, qint64 flat, qint64 step, const QStringList &texts, bool merge) {
        const Member *m = memberNamed(d, key);
        if (!m || !d.loadMemberNow(m->id))
            return QStringLiteral("no member ") + key;
        QList<qint64> offsets;
        QList<QByteArray> values;
        for (qsizetype i = 0; i < texts.size(); ++i) {
            QByteArray bytes;
            QString why;
            if (!npy::parseValue(m->array.dtype(), texts[i], &bytes, &why))
                return why;
            offsets << m->array.offsetOfFlat(flat + i * step);
            values << bytes;
        }
        return d.setValues(m->id, offsets, values, QStringLiteral("Edit"), merge) ? QString()
                                                                                  : QStringLiteral("refused");
    };
    const QString &c = w[0];
    if (c == QLatin1String("edit"))
        return write(w[1], w[2].toLongLong(), 1, {w[3]}, true);
    if (c == QLatin1String("paste"))
        return write(w[1], w[2].toLongLong(), 1, w.mid(3), false);
    if (c == QLatin1String("fill"))
        return write(w[1], w[2].toLongLong(), w[4].toLongLong(), QStringList(w[3].toInt(), w[5]), false);
    const Member *m = w.size() > 1 ? memberNamed(d, w[1]) : nullptr;
    if (c == QLatin1String("rename") && m)
        d.renameMember(m->id, w[2]);
    else if (c == QLatin1String("delete") && m)
        d.removeMember(m->id);
    else if (c == QLatin1String("duplicate") && m)
        d.duplicateMember(m->id);
    else if (c == QLatin1String("move")) {
        QList<int> ids;
        for (const QString &key : w[1].split(QLatin1Char(','))) {
            const Member *moved = memberNamed(d, key);
            if (!moved)
                return QStringLiteral("no member ") + key;
            ids << moved->id;
        }
        return d.moveMembers(ids, w[2].toInt()) ? QString() : QStringLiteral("not moved");
    } else if (c == QLatin1String("arange")) {
        npy::MakeSpec spec;
        spec.kind = npy::MakeKind::Arange;
        spec.dtype = QStringLiteral("int16");
        spec.stop = w[2];
        const npy::Result<npy::ArrayMaker> maker = npy::ArrayMaker::create(spec, 1 << 20);
        const npy::Result<npy::NpyArray> array = maker ? maker->make() : npy::Result<npy::NpyArray>::failure(maker.error());
        if (!array)
            return array.error();
        return d.addArray(w[1], array.value(), QStringLiteral("New Member")) >= 0 ? QString() : QStringLiteral("not added");
    } else if (c == QLatin1String("load") && m)
        return d.loadMemberNow(m->id) ? QString() : QStringLiteral("cannot load");
    else if (c == QLatin1String("undo"))
        d.undoStack()->undo();
    else if (c == QLatin1String("redo"))
        d.undoStack()->redo();
    else if (c == QLatin1String("jump"))
        d.undoStack()->setIndex(w[1].toInt());
    else if (c == QLatin1String("save")) {
        const npy::Status saved = d.saveNow(savePath, d.nativeSaveFormat());
        return saved ? QString() : saved.error();
    } else if (c == QLatin1String("add")) {
        QSignalSpy added(&d, &Document::membersAdded);
        d.addMembersFromFile(dataDir + w[1]);
        if (!added.wait(20000) || !added.first().at(1).toBool())
            return QStringLiteral("not added");
    } else if (c == QLatin1String("copy")) {
        std::unique_ptr<Document> from = openDocument(dataDir + w[1]);
        const Member *fm = memberNamed(*from, w[2]);
        if (!fm)
            return QStringLiteral("no member ") + w[2];
        const int id = fm->id;
        if (w.size() == 5) {
            QByteArray bytes;
            QString why;
            if (!from->loadMemberNow(id) || !npy::parseValue(from->memberById(id)->array.dtype(), w[4], &bytes, &why))
                return QStringLiteral("cannot edit the copy");
            from->setValues(id, {from->memberById(id)->array.offsetOfFlat(w[3].toLongLong())}, {bytes}, {});
        }
        if (copyMembersInto(&d, *from, {id}).isEmpty())
            return QStringLiteral("not copied");
    } else {
        return QStringLiteral("cannot read ") + w.join(QLatin1Char(' '));
    }
    return QString();
}

} // namespace

class TestJournalReplay : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mState;

private slots:
    void initTestCase()
    {
        QVERIFY(mState.isValid());
        qputenv("XDG_STATE_HOME", mState.path().toUtf8());
    }

    void replay_data()
    {
        QTest::addColumn<QString>("script"); // lines of words separated by spaces
        QTest::newRow("value") << QStringLiteral("edit x 0 1.5");
        QTest::newRow("value merged") << QStringLiteral("edit x 0 1.5\nedit x 0 2.5\nedit x 0 -7");
        QTest::newRow("value merged back") << QStringLiteral("edit counts 3 9\nedit x 0 1.5\nedit x 0 0");
        QTest::newRow("merged back, then undo") << QStringLiteral("edit counts 3 9\nedit x 0 1.5\nedit x 0 0\nundo");
        QTest::newRow("paste") << QStringLiteral("paste counts 2 7 8 9 10 11 12 13");
        QTest::newRow("fill") << QStringLiteral("fill counts 1 4 6 -42\nfill f 0 15 1 0.25");
        QTest::newRow("rename") << QStringLiteral("rename mask flags\nedit flags 2 True");
        QTest::newRow("delete") << QStringLiteral("edit x 3 5\ndelete x\nedit counts 0 1");
        QTest::newRow("delete, undo") << QStringLiteral("edit x 3 5\ndelete x\nundo\nedit x 4 6");
        QTest::newRow("duplicate") << QStringLiteral("edit f 2 9\nduplicate f\nedit f_copy 0 -1\nedit f 1 3");
        QTest::newRow("add from file") << QStringLiteral("add npy/f8_le.npy\nedit f8_le 3 99");
        QTest::newRow("add, undo, redo") << QStringLiteral("add npy/f8_le.npy\nundo\nredo\nedit f8_le 0 1");
        QTest::newRow("move") << QStringLiteral("move counts 0\nedit counts 1 5");
        QTest::newRow("move several") << QStringLiteral("move mask,x 4\nedit x 0 2\nmove f 0");
        QTest::newRow("move, undo, redo") << QStringLiteral("move f 0\nundo\nredo\nundo\nedit f 0 2");
        QTest::newRow("edited, then moved") << QStringLiteral("edit x 0 1.5\nmove x 4\nedit x 1 2\nundo\nundo");
        QTest::newRow("new member") << QStringLiteral("arange n 7\nedit n 2 100\nmove n 0\nrename n m");
        QTest::newRow("new member, undo, redo") << QStringLiteral("arange n 7\nundo\nredo\nedit n 0 -1");
        QTest::newRow("copy in") << QStringLiteral("copy npz/savez_compressed_basic.npz f\nedit f_1 0 4");
        QTest::newRow("copy in, edited there")
            << QStringLiteral("copy npz/savez_compressed_basic.npz counts 0 -5\nedit x 0 1");
        QTest::newRow("undo, redo") << QStringLiteral("edit x 0 1\nedit x 1 2\nundo\nundo\nredo\nedit x 2 3");
        QTest::newRow("undo all") << QStringLiteral("edit x 0 1\nrename x y\nundo\nundo");
        QTest::newRow("jumps") << QStringLiteral("edit x 0 1\nrename x y\ndelete f\nfill counts 0 24 1 5\njump 1\n"
                                                 "jump 3\njump 0\njump 4");
        QTest::newRow("save, edit") << QStringLiteral("edit x 0 1\nsave\nedit x 1 2");
        QTest::newRow("undo past a save")
            << QStringLiteral("edit x 0 1\nfill counts 0 24 1 5\nsave\nundo\nundo\nedit x 2 7");
        QTest::newRow("undo past a save, redo")
            << QStringLiteral(
                   "load f\nedit x 0 1\ndelete f\nrename mask m\nsave\nundo\nundo\nredo\nredo\nundo\nedit x 1 3");
        QTest::newRow("merge past a save") << QStringLiteral("edit x 0 1\nsave\nundo\nedit x 0 4\nedit x 0 5");
    }

    void replay()
    {
        QFETCH(QString, script);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QString dataDir = npytest::dataPath(QString());
        auto a = openDocument(path);
        a->startJournal();
        for (const QString &line : script.split(QLatin1Char('\n'))) {
            const QString why = run(*a, line.split(QLatin1Char(' ')), dataDir, path);
            QVERIFY2(why.isEmpty(), qPrintable(line + QStringLiteral(": ") + why));
        }
        a->flushJournal();
        const QByteArray fileBefore = npytest::fileDigest(path);
        const npy::Result<npy::JournalContent> journal = npy::readJournalFile(a->journalPath());
        QVERIFY2(journal.ok(), qPrintable(journal.error()));
        QVERIFY(!journal.value().tornTail);
        QVERIFY(journal.value().damage.isEmpty());
        const QStringList expected = contents(*a);

        auto b = openDocument(path);
        b->startJournal();
        const npy::Status recovered = b->recoverJournal(journal.value());
        QVERIFY2(recovered.ok(), qPrintable(recovered.error()));
        QCOMPARE(contents(*b), expected);
        QCOMPARE(npytest::fileDigest(path), fileBefore); // nothing written until a save
        // The recovered steps are undoable, down to the file as it is.
        const QStringList asFile = contents(*openDocument(path));
        const int at = b->undoStack()->index();
        b->undoStack()->setIndex(0);
        QCOMPARE(contents(*b), asFile);
        b->undoStack()->setIndex(at);
        QCOMPARE(contents(*b), expected);
        // What the recovering document journals replays to the same again.
        b->flushJournal();
        const npy::Result<npy::JournalContent> again = npy::readJournalFile(b->journalPath());
        QVERIFY2(again.ok(), qPrintable(again.error()));
        auto c = openDocument(path);
        QVERIFY(c->recoverJournal(again.value()).ok());
        QCOMPARE(contents(*c), expected);
    }

    void recoveryLoadsOnWorkers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_compressed_basic.npz")), path));
        auto a = openDocument(path);
        a->startJournal();
        for (const QString &line : {QStringLiteral("fill counts 0 4 6 9"), QStringLiteral("edit f 3 2.5")})
            QVERIFY(run(*a, line.split(QLatin1Char(' ')), {}, path).isEmpty());
        a->flushJournal();
        const npy::Result<npy::JournalContent> journal = npy::readJournalFile(a->journalPath());
        QVERIFY(journal.ok());
        QCOMPARE(journal.value().memberHashes.size(), 2);

        auto b = openDocument(path);
        QSignalSpy loaded(b.get(), &Document::memberLoaded);
        QSignalSpy recovered(b.get(), &Document::recovered);
        QVERIFY(b->startRecovery(journal.value()));
        QVERIFY(b->isRecovering());
        QCOMPARE(recovered.count(), 0); // nothing waits: the members load on workers
        QVERIFY(!b->startRecovery(journal.value()));
        QVERIFY(recovered.wait(20000));
        QVERIFY2(recovered.first().at(0).toBool(), qPrintable(recovered.first().at(1).toString()));
        QVERIFY(!b->isRecovering());
        QCOMPARE(loaded.count(), 2);
        QCOMPARE(contents(*b), contents(*a));
    }

    void journalLifetime()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QString journal;
        {
            auto d = openDocument(path);
            d->startJournal();
            journal = d->journalPath();
            d->flushJournal();
            QVERIFY2(!QFileInfo::exists(journal), "an unedited file leaves no journal");
            QVERIFY(run(*d, {QStringLiteral("edit"), QStringLiteral("x"), QStringLiteral("0"), QStringLiteral("3")},
                        {}, path)
                        .isEmpty());
            // Written and synced within the flush delay, without being asked.
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(journal).size() > 0, 1500);
            QCOMPARE(npy::journalsFor(path), QStringList()); // ours, alive: not offered
            QVERIFY(d->saveNow(path, d->nativeSaveFormat()).ok());
            QVERIFY2(!QFileInfo::exists(journal), "save removes the journal");
            QVERIFY(run(*d, {QStringLiteral("edit"), QStringLiteral("x"), QStringLiteral("1"), QStringLiteral("3")},
                        {}, path)
                        .isEmpty());
            d->flushJournal();
            journal = d->journalPath();
            QVERIFY(QFileInfo::exists(journal));
            d->discardJournal();
            QVERIFY2(!QFileInfo::exists(journal), "discard removes the journal");
            d->startJournal();
            QVERIFY(run(*d, {QStringLiteral("edit"), QStringLiteral("x"), QStringLiteral("2"), QStringLiteral("3")},
                        {}, path)
                        .isEmpty());
            d->flushJournal();
            journal = d->journalPath();
            QVERIFY(QFileInfo::exists(journal));
            // Save As: the journal of the old file goes, the next edit starts one for the new file.
            const QString other = dir.filePath(QStringLiteral("other.npz"));
            QVERIFY(d->saveNow(other, d->nativeSaveFormat()).ok());
            QVERIFY2(!QFileInfo::exists(journal), "save as removes the journal");
            QVERIFY(run(*d, {QStringLiteral("edit"), QStringLiteral("x"), QStringLiteral("3"), QStringLiteral("7")},
                        {}, other)
                        .isEmpty());
            d->flushJournal();
            journal = d->journalPath();
            QVERIFY(QFileInfo::exists(journal));
            QVERIFY(QFileInfo(journal).fileName().startsWith(QStringLiteral("other.npz-")));
            QCOMPARE(npy::readJournalFile(journal).value().file.path, QFileInfo(other).absoluteFilePath());
        }
        QVERIFY2(!QFileInfo::exists(journal), "a document closed normally removes its journal");
    }

    void journalSize()
    {
        // A fill of every cell is one value and a run, not a copy of each.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), path));
        auto d = openDocument(path);
        d->startJournal();
        QVERIFY(run(*d, QStringLiteral("fill counts 0 24 1 5").split(QLatin1Char(' ')), {}, path).isEmpty());
        d->flushJournal();
        const qint64 fill = QFileInfo(d->journalPath()).size();
        QVERIFY(run(*d, QStringLiteral("paste counts 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")
                            .split(QLatin1Char(' ')),
                    {}, path)
                    .isEmpty());
        d->flushJournal();
        const qint64 paste = QFileInfo(d->journalPath()).size() - fill;
        QVERIFY2(paste > 24 * 4, qPrintable(QString::number(paste)));
        QVERIFY2(paste < 24 * 4 + 120, qPrintable(QString::number(paste)));
        QVERIFY2(fill < 300, qPrintable(QString::number(fill))); // the file record, a member hash, the step
    }

    void unwritableJournal()
    {
        QTemporaryDir state;
        QFile blocker(state.filePath(QStringLiteral("npy-inspector")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // the journal folder cannot be made
        blocker.close();
        qputenv("XDG_STATE_HOME", state.path().toUtf8());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("basic.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")), path));
        auto d = openDocument(path);
        QSignalSpy failed(d.get(), &Document::journalFailed);
        d->startJournal();
        for (int i = 0; i < 4; ++i) {
            QVERIFY(run(*d, {QStringLiteral("edit"), QStringLiteral("x"), QString::number(i), QStringLiteral("8")},
                        {}, path)
                        .isEmpty());
            d->flushJournal();
        }
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("npy-inspector")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(d->undoStack()->count(), 4); // editing went on
        qputenv("XDG_STATE_HOME", mState.path().toUtf8());
    }
};

QTEST_MAIN(TestJournalReplay)
#include "tst_journalreplay.moc"
