// Document and undo commands: members, loading, edits with undo/redo and merging, modified
// state, member rename/delete/duplicate/add, saving in every format and reloading.
#include "document.h"
#include "jobpool.h"
#include "npyfile.h"
#include "opensource.h"
#include "testdata.h"
#include "undocommands.h"
#include "valuetext.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QUndoStack>

#include <atomic>
#include <cstring>

using namespace npyw;

namespace {

std::unique_ptr<Document> openDoc(const QString &path)
{
    npy::Result<std::shared_ptr<const npy::Source>> r = npy::openSource(path);
    if (!r)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(r.error()));
    return std::make_unique<Document>(r.value());
}

int idOf(const Document &doc, const QString &key)
{
    for (int i = 0; i < doc.memberCount(); ++i) {
        if (doc.memberAt(i).key == key)
            return doc.memberAt(i).id;
    }
    return -1;
}

qint32 int32At(const npy::NpyArray &a, qint64 flat)
{
    qint32 v;
    std::memcpy(&v, a.element(flat), 4);
    return v;
}

QByteArray int32Bytes(qint32 v)
{
    return QByteArray(reinterpret_cast<const char *>(&v), 4);
}

} // namespace

class tst_Document : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void membersOfAnArchive();
    void loadOnWorker();
    void arrayEditRunsOnTheJobPool();
    void editUndoRedoAndModified();
    void repeatedEditsOfOneCellMerge();
    void mergeBackToOriginalDisappears();
    void memberCommands();
    void addMembersFromFile();
    void openOnWorker();
    void snapshotFollowsEditsWithoutSharing();
    void editsAreCopyOnWrite();
    void saveKeepsFormatAndUntouchedBytes();
    void saveAsEveryFormat_data();
    void saveAsEveryFormat();
    void saveAsFormatFollowsTheFile_data();
    void saveAsFormatFollowsTheFile();
    void saveOnWorker();
    void editAfterUndoPastSaveIsSaved();
    void nonArrayMembersAreReported();
    void nonArrayMembersSurviveSaves_data();
    void nonArrayMembersSurviveSaves();

private:
    QTemporaryDir mDir;
    QString copyFixture(const QString &relative);
};

void tst_Document::init()
{
    QVERIFY(mDir.isValid());
}

QString tst_Document::copyFixture(const QString &relative)
{
    const QString target = mDir.filePath(QFileInfo(relative).fileName());
    QFile::remove(target);
    if (!QFile::copy(npytest::dataPath(relative), target))
        qFatal("cannot copy %s", qPrintable(relative));
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    return target;
}

void tst_Document::membersOfAnArchive()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QCOMPARE(doc->memberCount(), 4);
    QCOMPARE(doc->memberAt(0).key, QStringLiteral("x"));
    QCOMPARE(doc->memberAt(1).key, QStringLiteral("counts"));
    QVERIFY(!doc->memberAt(1).loaded);
    QVERIFY(!doc->isModified());
    QVERIFY(doc->loadMemberNow(doc->memberAt(1).id));
    QCOMPARE(doc->memberAt(1).array.shape(), (QList<qint64>{4, 6}));
}

void tst_Document::loadOnWorker()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz")));
    const int id = idOf(*doc, QStringLiteral("labels"));
    QSignalSpy loaded(doc.get(), &Document::memberLoaded);
    doc->loadMember(id);
    QVERIFY(doc->isLoading(id));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(loaded.first().first().toInt(), id);
    QVERIFY(doc->memberById(id)->loaded);
    QCOMPARE(doc->memberById(id)->array.size(), qint64(200000));
}

void tst_Document::arrayEditRunsOnTheJobPool()
{
    // Qt's raster painting waits on QThreadPool::globalInstance(): an edit copying a gigabyte there held the
    // window's repaints (and so every click) until it ended.
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const int id = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(id));
    std::atomic_bool onGlobalPool{true};
    std::atomic_bool onJobPool{false};
    QSignalSpy finished(doc.get(), &Document::arrayEditFinished);
    QVERIFY(doc->startArrayEdit(id, [&](const npy::NpyArray &a, const npy::Progress &) {
        onGlobalPool = QThreadPool::globalInstance()->contains(QThread::currentThread());
        onJobPool = jobPool()->contains(QThread::currentThread());
        return npy::Result<npy::NpyArray>(a);
    }, QStringLiteral("Same Array")));
    QVERIFY(finished.wait(10000));
    QVERIFY(!onGlobalPool);
    QVERIFY(onJobPool);
}

void tst_Document::editUndoRedoAndModified()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const int id = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(id));
    const qint32 before = int32At(doc->memberById(id)->array, 7);
    QSignalSpy modified(doc.get(), &Document::modifiedChanged);
    QSignalSpy values(doc.get(), &Document::valuesChanged);
    QVERIFY(doc->setValues(id, {7 * 4}, {int32Bytes(before + 100)}, QStringLiteral("Edit")));
    QCOMPARE(int32At(doc->memberById(id)->array, 7), before + 100);
    QVERIFY(doc->isModified());
    QCOMPARE(modified.count(), 1);
    QVERIFY(values.count() >= 1);
    QVERIFY(doc->memberById(id)->isModified());
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Edit"));

    doc->undoStack()->undo();
    QCOMPARE(int32At(doc->memberById(id)->array, 7), before);
    QVERIFY(!doc->isModified());
    QVERIFY(!doc->memberById(id)->isModified());
    QCOMPARE(modified.count(), 2);
    QCOMPARE(modified.last().first().toBool(), false);

    doc->undoStack()->redo();
    QCOMPARE(int32At(doc->memberById(id)->array, 7), before + 100);
    QVERIFY(doc->isModified());

    // Writing the value a cell already has is no edit at all.
    const int count = doc->undoStack()->count();
    QVERIFY(doc->setValues(id, {7 * 4}, {int32Bytes(before + 100)}, QStringLiteral("Same")));
    QCOMPARE(doc->undoStack()->count(), count);
}

void tst_Document::repeatedEditsOfOneCellMerge()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const int id = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(id));
    const qint32 before = int32At(doc->memberById(id)->array, 0);
    QVERIFY(doc->setValues(id, {0}, {int32Bytes(1001)}, QStringLiteral("Edit"), true));
    QVERIFY(doc->setValues(id, {0}, {int32Bytes(1002)}, QStringLiteral("Edit"), true));
    QVERIFY(doc->setValues(id, {0}, {int32Bytes(1003)}, QStringLiteral("Edit"), true));
    QCOMPARE(doc->undoStack()->count(), 1);
    QCOMPARE(int32At(doc->memberById(id)->array, 0), 1003);
    // Another cell does not merge.
    QVERIFY(doc->setValues(id, {4}, {int32Bytes(5)}, QStringLiteral("Edit"), true));
    QCOMPARE(doc->undoStack()->count(), 2);
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(int32At(doc->memberById(id)->array, 0), before);
    QVERIFY(!doc->isModified());
    QVERIFY(!doc->memberById(id)->isModified());
}

void tst_Document::mergeBackToOriginalDisappears()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const int id = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(id));
    const qint32 before = int32At(doc->memberById(id)->array, 2);
    QVERIFY(doc->setValues(id, {8}, {int32Bytes(before + 1)}, QStringLiteral("Edit"), true));
    QVERIFY(doc->isModified());
    QVERIFY(doc->setValues(id, {8}, {int32Bytes(before)}, QStringLiteral("Edit"), true));
    QCOMPARE(doc->undoStack()->count(), 0);
    QVERIFY(!doc->isModified());
    QVERIFY(!doc->memberById(id)->isModified());
}

void tst_Document::memberCommands()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const int x = idOf(*doc, QStringLiteral("x"));
    QSignalSpy members(doc.get(), &Document::membersChanged);
    doc->renameMember(x, QStringLiteral("group/renamed"));
    QCOMPARE(doc->memberById(x)->key, QStringLiteral("group/renamed"));
    QVERIFY(doc->memberById(x)->isModified());
    QVERIFY(doc->isModified());
    QVERIFY(members.count() >= 1);
    doc->undoStack()->undo();
    QCOMPARE(doc->memberById(x)->key, QStringLiteral("x"));
    QVERIFY(!doc->memberById(x)->isModified());

    const int dup = doc->duplicateMember(x);
    QCOMPARE(doc->memberCount(), 5);
    QCOMPARE(doc->rowOfId(dup), 1);
    QCOMPARE(doc->memberById(dup)->key, QStringLiteral("x_copy"));
    QVERIFY(doc->memberById(dup)->isModified());

    doc->removeMember(x);
    QCOMPARE(doc->memberCount(), 4);
    QVERIFY(!doc->memberById(x));
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("Delete Member “x”"));
    doc->undoStack()->undo();
    QCOMPARE(doc->rowOfId(x), 0);
    doc->undoStack()->undo();
    QCOMPARE(doc->memberCount(), 4);
    QVERIFY(!doc->memberById(dup));
    QVERIFY(!doc->isModified());
}

void tst_Document::addMembersFromFile()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    QSignalSpy added(doc.get(), &Document::membersAdded);
    const QString path = npytest::dataPath(QStringLiteral("npy/i4_2d_c.npy"));
    QVERIFY(doc->addMembersFromFile(path));
    // Opened on a worker: nothing is added before the signal.
    QCOMPARE(doc->memberCount(), 4);
    QVERIFY(added.wait(10000));
    QCOMPARE(added.last().at(0).toString(), path);
    QVERIFY(added.last().at(1).toBool());
    QCOMPARE(doc->memberCount(), 5);
    QCOMPARE(doc->memberAt(4).key, QStringLiteral("i4_2d_c"));
    QCOMPARE(doc->undoStack()->count(), 1);
    QVERIFY(doc->addMembersFromFile(mDir.filePath(QStringLiteral("missing.npy"))));
    QVERIFY(added.wait(10000));
    QVERIFY(!added.last().at(1).toBool());
    QVERIFY(!added.last().at(2).toString().isEmpty());
    QCOMPARE(doc->memberCount(), 5);
    doc->undoStack()->undo();
    QCOMPARE(doc->memberCount(), 4);
}

void tst_Document::openOnWorker()
{
    Document doc(nullptr);
    QSignalSpy opened(&doc, &Document::opened);
    QSignalSpy path(&doc, &Document::filePathChanged);
    const QString file = npytest::dataPath(QStringLiteral("npz/savez_basic.npz"));
    QVERIFY(doc.open(file));
    QVERIFY(doc.isOpening());
    QVERIFY(!doc.open(file)); // one at a time
    QCOMPARE(doc.memberCount(), 0);
    QVERIFY(opened.wait(10000));
    QVERIFY(opened.last().at(0).toBool());
    QVERIFY(!doc.isOpening());
    QCOMPARE(doc.memberCount(), 4);
    QCOMPARE(doc.memberAt(1).key, QStringLiteral("counts"));
    QCOMPARE(doc.filePath(), file);
    QCOMPARE(path.size(), 1);
    QVERIFY(!doc.isModified());
    QVERIFY(!doc.open(file)); // not empty any more

    Document missing(nullptr);
    QSignalSpy failed(&missing, &Document::opened);
    QVERIFY(missing.open(mDir.filePath(QStringLiteral("missing.npz"))));
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.last().at(0).toBool());
    QVERIFY(failed.last().at(1).toString().contains(QStringLiteral("missing.npz")));
    QCOMPARE(missing.memberCount(), 0);
    QVERIFY(missing.filePath().isEmpty());
}

void tst_Document::snapshotFollowsEditsWithoutSharing()
{
    // What the heatmap draws: an immutable snapshot per edit; the document's bytes stay its own.
    const QString path = copyFixture(QStringLiteral("npy/i4_le.npy"));
    auto doc = openDoc(path);
    const int id = doc->memberAt(0).id;
    QVERIFY(doc->loadMemberNow(id));
    QVERIFY(doc->setValues(id, {0}, {int32Bytes(-77)}, QStringLiteral("Edit")));
    const npy::NpyArray first = doc->memberById(id)->array.snapshot();
    const uchar *own = doc->memberById(id)->array.data();
    QVERIFY(first.data() != own);
    QVERIFY(doc->setValues(id, {4}, {int32Bytes(-78)}, QStringLiteral("Edit")));
    // The edit went into the document's own bytes (no copy-on-write detach was needed).
    QCOMPARE(doc->memberById(id)->array.data(), own);
    QCOMPARE(int32At(first, 0), -77);
    QVERIFY(int32At(first, 1) != -78);
    const npy::NpyArray second = doc->memberById(id)->array.snapshot();
    QCOMPARE(int32At(second, 0), -77);
    QCOMPARE(int32At(second, 1), -78);
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(int32At(second, 1), -78);
    QVERIFY(int32At(doc->memberById(id)->array, 0) != -77);
}

void tst_Document::editsAreCopyOnWrite()
{
    const QString path = copyFixture(QStringLiteral("npy/i4_le.npy"));
    const QByteArray hash = npytest::fileDigest(path);
    auto doc = openDoc(path);
    const int id = doc->memberAt(0).id;
    QVERIFY(doc->loadMemberNow(id));
    QVERIFY(doc->memberById(id)->array.isMapped());
    QVERIFY(doc->setValues(id, {0}, {int32Bytes(-77)}, QStringLiteral("Edit")));
    // The array now has bytes of its own: a private copy-on-write map of the same file range.
    QVERIFY(doc->memberById(id)->array.isOwned());
    QCOMPARE(int32At(doc->memberById(id)->array, 0), -77);
    QCOMPARE(npytest::fileDigest(path), hash);
}

void tst_Document::saveKeepsFormatAndUntouchedBytes()
{
    const QString path = copyFixture(QStringLiteral("npz/savez_compressed_basic.npz"));
    auto original = npy::openSource(npytest::dataPath(QStringLiteral("npz/savez_compressed_basic.npz")));
    QVERIFY(original);
    auto doc = openDoc(path);
    const int counts = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(counts));
    QVERIFY(doc->setValues(counts, {0}, {int32Bytes(123456)}, QStringLiteral("Edit")));
    const npy::Status written = doc->saveNow(path, doc->nativeSaveFormat());
    QVERIFY2(written, qPrintable(written.error()));
    QVERIFY(!doc->isModified());
    QVERIFY(!doc->memberById(counts)->isModified());

    auto reopened = npy::openSource(path);
    QVERIFY2(reopened, qPrintable(reopened.error()));
    const auto &src = reopened.value();
    QCOMPARE(src->members().size(), 4);
    for (qsizetype i = 0; i < src->members().size(); ++i) {
        QCOMPARE(src->members()[i].name, original.value()->members()[i].name);
        QCOMPARE(src->members()[i].compression, npy::Compression::Deflated);
        if (src->members()[i].name == QLatin1String("counts"))
            continue;
        // Untouched members: the same bytes as before.
        auto before = original.value()->readRaw(int(i));
        auto after = src->readRaw(int(i));
        QVERIFY(before && after);
        QCOMPARE(after.value(), before.value());
        QCOMPARE(src->members()[i].crc32, original.value()->members()[i].crc32);
    }
    auto counts2 = src->load(src->indexOf(QStringLiteral("counts")));
    QVERIFY(counts2);
    QCOMPARE(int32At(counts2.value(), 0), 123456);
    // Undo after the save makes the document differ from the file again.
    doc->undoStack()->undo();
    QVERIFY(doc->isModified());
    QVERIFY(doc->memberById(counts)->isModified());
}

void tst_Document::saveAsEveryFormat_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("format");
    QTest::newRow("npz stored") << "npz/savez_compressed_basic.npz" << "out.npz" << int(npy::SaveFormat::NpzStored);
    QTest::newRow("npz compressed") << "npz/savez_basic.npz" << "out_c.npz" << int(npy::SaveFormat::NpzCompressed);
    QTest::newRow("npz native") << "npz/savez_basic.npz" << "out_n.npz" << int(npy::SaveFormat::Npz);
    QTest::newRow("npy") << "npy/f8_fortran_2d.npy" << "out.npy" << int(npy::SaveFormat::Npy);
    QTest::newRow("npy into npz") << "npy/struct_simple.npy" << "out_s.npz" << int(npy::SaveFormat::NpzCompressed);
}

void tst_Document::saveAsEveryFormat()
{
    QFETCH(QString, fixture);
    QFETCH(QString, target);
    QFETCH(int, format);
    auto doc = openDoc(npytest::dataPath(fixture));
    // Edit the first byte of the first member.
    const int id = doc->memberAt(0).id;
    QVERIFY(doc->loadMemberNow(id));
    const npy::NpyArray &a = doc->memberById(id)->array;
    QByteArray first(reinterpret_cast<const char *>(a.element(0)), int(a.itemSize()));
    first[0] = char(first[0] ^ 0x5a);
    QVERIFY(doc->setValues(id, {a.offsetOfFlat(0)}, {first}, QStringLiteral("Edit")));
    const QString out = mDir.filePath(target);
    const npy::Status written = doc->saveNow(out, npy::SaveFormat(format));
    QVERIFY2(written, qPrintable(written.error()));
    QCOMPARE(doc->filePath(), out);
    QVERIFY(!doc->isModified());

    auto reopened = npy::openSource(out);
    QVERIFY2(reopened, qPrintable(reopened.error()));
    const auto &src = reopened.value();
    QCOMPARE(src->members().size(), qsizetype(doc->memberCount()));
    for (int i = 0; i < doc->memberCount(); ++i) {
        const Member &m = doc->memberAt(i);
        if (format == int(npy::SaveFormat::NpzCompressed))
            QCOMPARE(src->members()[i].compression, npy::Compression::Deflated);
        if (format == int(npy::SaveFormat::NpzStored))
            QCOMPARE(src->members()[i].compression, npy::Compression::Stored);
        QVERIFY(doc->loadMemberNow(m.id));
        auto loaded = src->load(i);
        QVERIFY2(loaded, qPrintable(loaded.error()));
        QCOMPARE(loaded.value().header().dtype.descr(), m.array.header().dtype.descr());
        QCOMPARE(loaded.value().shape(), m.array.shape());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(loaded.value().data()), int(loaded.value().nbytes())),
                 QByteArray(reinterpret_cast<const char *>(m.array.data()), int(m.array.nbytes())));
    }
}

void tst_Document::saveAsFormatFollowsTheFile_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("format");
    QTest::newRow("stored archive") << "npz/savez_basic.npz" << int(npy::SaveFormat::NpzStored);
    QTest::newRow("compressed archive") << "npz/savez_compressed_basic.npz" << int(npy::SaveFormat::NpzCompressed);
    QTest::newRow("compressed dtypes") << "npz/dtypes_compressed.npz" << int(npy::SaveFormat::NpzCompressed);
    QTest::newRow("npy") << "npy/f8_fortran_2d.npy" << int(npy::SaveFormat::Npy);
}

void tst_Document::saveAsFormatFollowsTheFile()
{
    QFETCH(QString, fixture);
    QFETCH(int, format);
    auto doc = openDoc(npytest::dataPath(fixture));
    QCOMPARE(int(doc->saveAsFormat()), format);
}

void tst_Document::saveOnWorker()
{
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"));
    auto doc = openDoc(path);
    const int id = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(id));
    QVERIFY(doc->setValues(id, {4}, {int32Bytes(99)}, QStringLiteral("Edit")));
    QSignalSpy finished(doc.get(), &Document::saveFinished);
    QSignalSpy modified(doc.get(), &Document::modifiedChanged);
    doc->save(path, npy::SaveFormat::Npz);
    QVERIFY(doc->isSaving());
    // Edits wait for the save.
    QVERIFY(!doc->setValues(id, {8}, {int32Bytes(1)}, QStringLiteral("Edit")));
    QVERIFY(finished.wait(10000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(!doc->isSaving());
    QVERIFY(!doc->isModified());
    QCOMPARE(modified.last().first().toBool(), false);
    auto src = npy::openSource(path);
    QVERIFY(src);
    auto counts = src.value()->load(src.value()->indexOf(QStringLiteral("counts")));
    QVERIFY(counts);
    QCOMPARE(int32At(counts.value(), 1), 99);
}

void tst_Document::editAfterUndoPastSaveIsSaved()
{
    // Edit, save, undo past the save, edit another cell: the net edit count is back to zero, and the
    // next save must still write the member (it copied the first save's bytes raw).
    const QString path = copyFixture(QStringLiteral("npz/savez_basic.npz"));
    auto doc = openDoc(path);
    const int counts = idOf(*doc, QStringLiteral("counts"));
    QVERIFY(doc->loadMemberNow(counts));
    QVERIFY(doc->setValues(counts, {0}, {int32Bytes(111)}, QStringLiteral("Edit")));
    QVERIFY(doc->saveNow(path, doc->nativeSaveFormat()));
    doc->undoStack()->undo();
    QVERIFY(doc->setValues(counts, {4}, {int32Bytes(222)}, QStringLiteral("Edit")));
    QCOMPARE(doc->memberById(counts)->dataEdits, 0);
    QVERIFY(doc->memberById(counts)->isModified());
    QVERIFY(doc->isModified());
    QVERIFY(doc->saveNow(path, doc->nativeSaveFormat()));
    QVERIFY(!doc->memberById(counts)->isModified());
    auto saved = npy::openSource(path);
    QVERIFY(saved);
    auto array = saved.value()->load(saved.value()->indexOf(QStringLiteral("counts")));
    QVERIFY(array);
    QCOMPARE(int32At(array.value(), 0), 0);
    QCOMPARE(int32At(array.value(), 1), 222);
}

void tst_Document::nonArrayMembersAreReported()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/non_array_member.npz")));
    // An archive keeps them; a .npy cannot.
    QVERIFY(doc->membersLostIn(npy::SaveFormat::Npz).isEmpty());
    QVERIFY(doc->membersLostIn(npy::SaveFormat::NpzCompressed).isEmpty());
    const QStringList lost = doc->membersLostIn(npy::SaveFormat::Npy);
    QVERIFY(lost.contains(QStringLiteral("readme.txt")));
    QVERIFY(!lost.contains(QStringLiteral("data")));
    QVERIFY(!lost.contains(QStringLiteral("noext")));
    QSignalSpy failed(doc.get(), &Document::memberLoadFailed);
    doc->loadMember(idOf(*doc, QStringLiteral("readme.txt")));
    QCOMPARE(failed.count(), 1);
}

void tst_Document::nonArrayMembersSurviveSaves_data()
{
    QTest::addColumn<npy::SaveFormat>("format");
    QTest::newRow("native") << npy::SaveFormat::Npz;
    QTest::newRow("stored") << npy::SaveFormat::NpzStored;
    QTest::newRow("compressed") << npy::SaveFormat::NpzCompressed;
}

void tst_Document::nonArrayMembersSurviveSaves()
{
    QFETCH(npy::SaveFormat, format);
    const QString path = copyFixture(QStringLiteral("npz/non_array_member.npz"));
    auto doc = openDoc(path);
    const int data = idOf(*doc, QStringLiteral("data"));
    QVERIFY(doc->loadMemberNow(data));
    QVERIFY(doc->setValues(data, {0}, {QByteArray(8, '\x01')}, QStringLiteral("Edit")));
    const QString out = mDir.filePath(QStringLiteral("kept%1.npz").arg(int(format)));
    const npy::Status written = doc->saveNow(out, format);
    QVERIFY2(written, qPrintable(written.error()));
    auto before = npy::openSource(path);
    auto after = npy::openSource(out);
    QVERIFY(before && after);
    QCOMPARE(after.value()->members().size(), before.value()->members().size());
    for (const QString &key : {QStringLiteral("readme.txt"), QStringLiteral("folder/"), QStringLiteral("fake")}) {
        const int i = before.value()->indexOf(key);
        const int j = after.value()->indexOf(key);
        QVERIFY2(i >= 0 && j >= 0, qPrintable(key));
        QCOMPARE(after.value()->readRaw(j).value(), before.value()->readRaw(i).value());
    }
}

QTEST_GUILESS_MAIN(tst_Document)
#include "tst_document.moc"
