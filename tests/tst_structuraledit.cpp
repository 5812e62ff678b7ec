// Structural edits of a member through the document: Document::setArray(), startArrayEdit() and
// transformMember() push one SetArray undo step; redo, undo and redo restore bytes, header and modified
// state exactly; the views are told (memberLoaded, valuesChanged); the crash journal replays the step.
#include "arraytransform.h"
#include "axisedit.h"
#include "document.h"
#include "journalfile.h"
#include "opensource.h"
#include "testdata.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUndoStack>

#include <atomic>

using namespace npyw;

namespace {

/** What a member is, as the tests compare it before and after. */
struct State
{
    QByteArray bytes;
    QList<qint64> shape;
    QString dtype;
    bool fortran = false;
    bool memberModified = false;

    bool operator==(const State &o) const
    {
        return bytes == o.bytes && shape == o.shape && dtype == o.dtype && fortran == o.fortran
               && memberModified == o.memberModified;
    }
};

State stateOf(const Document &doc, int id)
{
    const Member *m = doc.memberById(id);
    State s;
    if (!m)
        return s;
    // The member's header follows its array.
    if (m->header().shape != m->array.header().shape || m->header().dtype.typeString() != m->array.header().dtype.typeString()
        || m->header().fortranOrder != m->array.header().fortranOrder)
        s.dtype = QStringLiteral("header differs from the array");
    else
        s.dtype = m->header().dtype.typeString();
    s.bytes = QByteArray(reinterpret_cast<const char *>(m->array.data()), qsizetype(m->array.nbytes()));
    s.shape = m->header().shape;
    s.fortran = m->header().fortranOrder;
    s.memberModified = m->isModified();
    return s;
}

std::unique_ptr<Document> openDocument(const QString &path)
{
    npy::Result<std::shared_ptr<const npy::Source>> r = npy::openSource(path);
    if (!r)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(r.error()));
    return std::make_unique<Document>(r.value());
}

QList<qint64> ints(const QString &text)
{
    QList<qint64> out;
    for (const QString &p : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out.append(p.trimmed().toLongLong());
    return out;
}

/** The operation \a op with \a arg, as the app runs it; the expected result computed by core directly. */
bool start(Document &doc, int id, const QString &op, const QString &arg, npy::NpyArray *expected, QString *why)
{
    const npy::NpyArray array = doc.memberById(id)->array;
    const QStringList w = arg.split(QLatin1Char(' '));
    npy::ArrayTransform t(array);
    npy::Status st;
    if (op == QLatin1String("transpose"))
        st = t.transpose(ints(arg));
    else if (op == QLatin1String("reshape"))
        st = t.reshape(ints(w[0]), w.value(1) == QLatin1String("F") ? npy::MemoryOrder::F : npy::MemoryOrder::C);
    else if (op == QLatin1String("astype"))
        st = t.astype(npy::parseCastTarget(w[0]).value(), npy::Casting::Unsafe);
    if (!st) {
        *why = st.error();
        return false;
    }
    if (op == QLatin1String("insert") || op == QLatin1String("delete")) {
        const qint64 axis = w[0].toLongLong();
        const qint64 at = w[1].toLongLong();
        const qint64 count = w[2].toLongLong();
        const bool insert = op == QLatin1String("insert");
        npy::Result<npy::NpyArray> r = insert ? npy::insertAlongAxis(array, axis, at, count)
                                              : npy::deleteAlongAxis(array, axis, at, count);
        *expected = r.value();
        return doc.startArrayEdit(id, [=](const npy::NpyArray &a, const npy::Progress &) {
            return insert ? npy::insertAlongAxis(a, axis, at, count) : npy::deleteAlongAxis(a, axis, at, count);
        }, op);
    }
    *expected = t.materialize().value();
    return doc.transformMember(id, t, op);
}

} // namespace

class TestStructuralEdit : public QObject
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

    void undoRedo_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("op");
        QTest::addColumn<QString>("arg");
        QTest::addColumn<bool>("view"); // done at once, sharing the member's bytes
        QTest::newRow("transpose 2-D") << "f8" << "transpose" << "" << true;
        QTest::newRow("transpose 3-D axes") << "c3" << "transpose" << "2,0,1" << false;
        QTest::newRow("transpose Fortran 3-D") << "f3" << "transpose" << "" << true;
        QTest::newRow("reshape C") << "f8" << "reshape" << "2,-1" << true;
        QTest::newRow("reshape F of a C array") << "f8" << "reshape" << "10,2 F" << false;
        QTest::newRow("astype i4 to int16 (wraps)") << "i4" << "astype" << "int16" << false;
        QTest::newRow("astype f8 to float32") << "f8" << "astype" << "float32" << false;
        QTest::newRow("astype big-endian to native") << "be4" << "astype" << "<i8" << false;
        QTest::newRow("insert rows") << "i8" << "insert" << "0 1 2" << false;
        QTest::newRow("insert columns") << "i8" << "insert" << "1 7 1" << false;
        QTest::newRow("delete columns") << "i8" << "delete" << "1 2 3" << false;
        QTest::newRow("delete rows, Fortran") << "f3" << "delete" << "0 0 1" << false;
    }

    void undoRedo()
    {
        QFETCH(QString, key);
        QFETCH(QString, op);
        QFETCH(QString, arg);
        QFETCH(bool, view);
        auto doc = openDocument(npytest::dataPath(QStringLiteral("transform/convert/src.npz")));
        const int id = doc->memberByKey(key)->id;
        QVERIFY(doc->loadMemberNow(id).ok());
        const State before = stateOf(*doc, id);
        QVERIFY(!before.memberModified);

        QSignalSpy finished(doc.get(), &Document::arrayEditFinished);
        QSignalSpy loaded(doc.get(), &Document::memberLoaded);
        QSignalSpy values(doc.get(), &Document::valuesChanged);
        QSignalSpy modified(doc.get(), &Document::modifiedChanged);
        npy::NpyArray expected;
        QString why;
        QVERIFY2(start(*doc, id, op, arg, &expected, &why), qPrintable(why));
        // A view is pushed before the call returns; a copy runs on a worker and is pushed when done.
        QCOMPARE(finished.size() == 1, view);
        QVERIFY(finished.size() == 1 || finished.wait(10000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->undoStack()->text(0), op);
        QVERIFY(doc->isModified());
        QCOMPARE(modified.size(), 1);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(values.size(), 1);

        const State after = stateOf(*doc, id);
        QVERIFY(after.memberModified);
        QCOMPARE(after.shape, expected.header().shape);
        QCOMPARE(after.dtype, expected.header().dtype.typeString());
        QCOMPARE(after.fortran, expected.header().fortranOrder);
        QVERIFY(after.bytes == QByteArray(reinterpret_cast<const char *>(expected.data()), qsizetype(expected.nbytes())));

        doc->undoStack()->undo();
        QVERIFY(stateOf(*doc, id) == before);
        QVERIFY(!doc->isModified());
        QCOMPARE(loaded.size(), 2);
        doc->undoStack()->redo();
        QVERIFY(stateOf(*doc, id) == after);
        QVERIFY(doc->isModified());
        doc->undoStack()->undo();
        QVERIFY(stateOf(*doc, id) == before);
    }

    void viewSharesBytes()
    {
        // A transpose of a mapped member moves nothing: the new array reads the same bytes.
        auto doc = openDocument(npytest::dataPath(QStringLiteral("transform/convert/a.npy")));
        const int id = doc->memberAt(0).id;
        QVERIFY(doc->loadMemberNow(id).ok());
        const uchar *data = doc->memberById(id)->array.data();
        npy::ArrayTransform t(doc->memberById(id)->array);
        QVERIFY(t.transpose().ok());
        QVERIFY(doc->transformMember(id, t, QStringLiteral("Transpose")));
        QCOMPARE(doc->memberById(id)->array.data(), data);
        QVERIFY(doc->memberById(id)->array.isFortran());
        QCOMPARE(doc->memberById(id)->header().shape, (QList<qint64>{4, 3}));
    }

    void saveWritesEdited()
    {
        // The edited member is written; the document becomes clean; undo after the save is a change again.
        QTemporaryDir dir;
        auto doc = openDocument(npytest::dataPath(QStringLiteral("transform/convert/src.npz")));
        const int id = doc->memberByKey(QStringLiteral("f8"))->id;
        QVERIFY(doc->loadMemberNow(id).ok());
        npy::ArrayTransform t(doc->memberById(id)->array);
        QVERIFY(t.reshape({5, 4}).ok());
        QVERIFY(doc->transformMember(id, t, QStringLiteral("Reshape")));
        const QString out = dir.filePath(QStringLiteral("out.npz"));
        QVERIFY(doc->saveNow(out, npy::SaveFormat::NpzStored).ok());
        QVERIFY(!doc->isModified());
        auto reread = openDocument(out);
        QCOMPARE(reread->memberByKey(QStringLiteral("f8"))->header().shape, (QList<qint64>{5, 4}));
        doc->undoStack()->undo();
        QVERIFY(doc->isModified());
        QVERIFY(doc->memberById(id)->isDataEdited());
        QCOMPARE(doc->memberById(id)->header().shape, (QList<qint64>{4, 5}));
    }

    void staleResultDropped()
    {
        // An edit pushed while a copy runs makes its result stale: it is dropped, and said so.
        auto doc = openDocument(npytest::dataPath(QStringLiteral("transform/convert/src.npz")));
        const int id = doc->memberByKey(QStringLiteral("i8"))->id;
        QVERIFY(doc->loadMemberNow(id).ok());
        QSignalSpy finished(doc.get(), &Document::arrayEditFinished);
        QVERIFY(doc->startArrayEdit(id, [](const npy::NpyArray &a, const npy::Progress &) {
            QThread::msleep(200);
            return npy::deleteAlongAxis(a, 0, 0, 1);
        }, QStringLiteral("Delete")));
        QVERIFY(doc->isEditingArray());
        QVERIFY(!doc->startArrayEdit(id, [](const npy::NpyArray &a, const npy::Progress &) { return npy::Result<npy::NpyArray>(a); },
                                     QStringLiteral("again")));
        doc->renameMember(id, QStringLiteral("renamed"));
        QVERIFY(finished.wait(10000));
        QVERIFY(!finished.first().at(1).toBool());
        QVERIFY(!finished.first().at(2).toString().isEmpty());
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->memberById(id)->header().shape, (QList<qint64>{3, 7}));
    }

    void progressAndCancel_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::newRow("runs to the end") << false;
        QTest::newRow("cancelled") << true;
    }

    void progressAndCancel()
    {
        // startArrayEdit() says it started, passes the job's progress on (0 to 1000) and, cancelled, drops the result.
        QFETCH(bool, cancel);
        auto doc = openDocument(npytest::dataPath(QStringLiteral("transform/convert/src.npz")));
        const int id = doc->memberByKey(QStringLiteral("i8"))->id;
        QVERIFY(doc->loadMemberNow(id).ok());
        QSignalSpy started(doc.get(), &Document::arrayEditStarted);
        QSignalSpy progress(doc.get(), &Document::arrayEditProgress);
        QSignalSpy finished(doc.get(), &Document::arrayEditFinished);
        std::atomic_bool sawCancel(false);
        QVERIFY(doc->startArrayEdit(id, [&sawCancel](const npy::NpyArray &a, const npy::Progress &p) {
            for (qint64 i = 1; i <= 4; ++i) {
                QThread::msleep(60);
                p.report(i, 4);
            }
            sawCancel = p.cancelled();
            return npy::deleteAlongAxis(a, 0, 0, 1, p);
        }, QStringLiteral("Delete 1 Row")));
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.first().at(0).toInt(), id);
        QCOMPARE(started.first().at(1).toString(), QStringLiteral("Delete 1 Row"));
        if (cancel)
            doc->cancelArrayEdit();
        QVERIFY(finished.wait(10000));
        QCOMPARE(sawCancel.load(), cancel);
        QCOMPARE(finished.first().at(1).toBool(), !cancel);
        if (cancel) {
            QVERIFY2(finished.first().at(2).toString().contains(QLatin1String("Delete 1 Row was cancelled")),
                     qPrintable(finished.first().at(2).toString()));
            QCOMPARE(doc->undoStack()->count(), 0);
            QCOMPARE(doc->memberById(id)->header().shape, (QList<qint64>{3, 7}));
            return;
        }
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->memberById(id)->header().shape, (QList<qint64>{2, 7}));
        // Queued, the reports may merge; the last one is the whole.
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
        for (const QList<QVariant> &r : std::as_const(progress))
            QVERIFY(r.at(0).toLongLong() >= 0 && r.at(0).toLongLong() <= r.at(1).toLongLong());
    }

    void journalReplays()
    {
        // The step goes to the crash journal (a Remove and an inline Insert) and recovers the same array.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("src.npz"));
        QVERIFY(QFile::copy(npytest::dataPath(QStringLiteral("transform/convert/src.npz")), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        auto a = openDocument(path);
        a->startJournal();
        const int id = a->memberByKey(QStringLiteral("i4"))->id;
        QVERIFY(a->loadMemberNow(id).ok());
        npy::ArrayTransform t(a->memberById(id)->array);
        QVERIFY(t.astype(npy::parseCastTarget(QStringLiteral("int16")).value()).ok());
        QSignalSpy finished(a.get(), &Document::arrayEditFinished);
        QVERIFY(a->transformMember(id, t, QStringLiteral("Change Type")));
        QVERIFY(finished.wait(10000));
        const int other = a->memberByKey(QStringLiteral("i8"))->id;
        QVERIFY(a->loadMemberNow(other).ok());
        npy::ArrayTransform t2(a->memberById(other)->array);
        QVERIFY(t2.transpose().ok());
        QVERIFY(a->transformMember(other, t2, QStringLiteral("Transpose")));
        a->undoStack()->undo();
        a->undoStack()->redo();
        a->flushJournal();
        const npy::Result<npy::JournalContent> journal = npy::readJournalFile(a->journalPath());
        QVERIFY2(journal.ok(), qPrintable(journal.error()));

        auto b = openDocument(path);
        const npy::Status recovered = b->recoverJournal(journal.value());
        QVERIFY2(recovered.ok(), qPrintable(recovered.error()));
        for (const QString &key : {QStringLiteral("i4"), QStringLiteral("i8")}) {
            const Member *ma = a->memberByKey(key);
            const Member *mb = b->memberByKey(key);
            QVERIFY(mb);
            QVERIFY(b->loadMemberNow(mb->id).ok());
            mb = b->memberByKey(key);
            QCOMPARE(mb->header().shape, ma->header().shape);
            QCOMPARE(mb->header().dtype.typeString(), ma->header().dtype.typeString());
            QCOMPARE(mb->header().fortranOrder, ma->header().fortranOrder);
            QVERIFY(QByteArray(reinterpret_cast<const char *>(mb->array.data()), qsizetype(mb->array.nbytes()))
                    == QByteArray(reinterpret_cast<const char *>(ma->array.data()), qsizetype(ma->array.nbytes())));
        }
        QCOMPARE(b->memberCount(), a->memberCount());
        for (int i = 0; i < a->memberCount(); ++i)
            QCOMPARE(b->memberAt(i).key, a->memberAt(i).key);
    }
};

QTEST_GUILESS_MAIN(TestStructuralEdit)
#include "tst_structuraledit.moc"
