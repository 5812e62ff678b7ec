// ExportWorkflow (widgets/document/exportworkflow.h): exports of members to archives and folders, the
// overwrite questions, CSV of a slice, and Save As .npy of one member, without a MainWindow.
#include "document.h"
#include "exportworkflow.h"
#include "npyfile.h"
#include "opensource.h"
#include "testdata.h"
#include "zipformat.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace npy;
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

QByteArray int32Bytes(qint32 v)
{
    return QByteArray(reinterpret_cast<const char *>(&v), 4);
}

qint32 int32At(const npy::NpyArray &a, qint64 flat)
{
    qint32 v;
    std::memcpy(&v, a.element(flat), 4);
    return v;
}

const npy::MemberInfo *infoOf(const npy::Source &source, const QString &key)
{
    for (const npy::MemberInfo &m : source.members()) {
        if (m.name == key)
            return &m;
    }
    return nullptr;
}

} // namespace

class tst_ExportWorkflow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }
    void archiveFollowsTheSavePolicy_data();
    void archiveFollowsTheSavePolicy();
    void compressionLevels_data();
    void compressionLevels();
    void folderAsksBeforeOverwriting();
    void singleTargetAsksFirst();
    void sliceToCsv();
    void saveMemberAsNpy();

private:
    QTemporaryDir mDir;
    int mSerial = 0;
};

void tst_ExportWorkflow::archiveFollowsTheSavePolicy_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("edit");
    QTest::addColumn<bool>("raw");
    QTest::newRow("compressed, unedited: copied raw") << int(ExportWorkflow::Kind::NpzCompressed) << false << true;
    QTest::newRow("compressed, edited: written") << int(ExportWorkflow::Kind::NpzCompressed) << true << false;
    QTest::newRow("stored, unedited: re-encoded") << int(ExportWorkflow::Kind::Npz) << false << false;
}

void tst_ExportWorkflow::archiveFollowsTheSavePolicy()
{
    QFETCH(int, kind);
    QFETCH(bool, edit);
    QFETCH(bool, raw);
    const QString input = npytest::dataPath(QStringLiteral("npz/savez_compressed_basic.npz"));
    auto doc = openDoc(input);
    const int counts = idOf(*doc, QStringLiteral("counts"));
    const int x = idOf(*doc, QStringLiteral("x"));
    if (edit) {
        QVERIFY(doc->loadMemberNow(counts));
        QVERIFY(doc->setValues(counts, {0}, {int32Bytes(4242)}, QStringLiteral("Edit")));
    }
    ExportWorkflow flow(doc.get());
    QSignalSpy done(&flow, &ExportWorkflow::exportFinished);
    const QString out = mDir.filePath(QStringLiteral("policy_%1.npz").arg(++mSerial));
    QVERIFY(flow.exportMembers(ExportWorkflow::Kind(kind), out, {counts, x}));
    QVERIFY(done.wait(20000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    auto written = npy::openSource(out);
    QVERIFY(written);
    QCOMPARE(written.value()->members().size(), 2);
    auto original = npy::openSource(input);
    QVERIFY(original);
    const npy::MemberInfo *before = infoOf(*original.value(), QStringLiteral("counts"));
    const npy::MemberInfo *after = infoOf(*written.value(), QStringLiteral("counts"));
    QVERIFY(before && after);
    const npy::Compression wanted = ExportWorkflow::Kind(kind) == ExportWorkflow::Kind::Npz ? npy::Compression::Stored
                                                                                           : npy::Compression::Deflated;
    QCOMPARE(int(after->compression), int(wanted));
    // A raw copy keeps the stored bytes: the same CRC and compressed size.
    QCOMPARE(after->crc32 == before->crc32 && after->storedSize == before->storedSize, raw);
    npy::Result<npy::NpyArray> a = written.value()->load(int(after - written.value()->members().constData()));
    QVERIFY(a);
    if (edit)
        QCOMPARE(int32At(a.value(), 0), 4242);
    else
        QCOMPARE(int32At(a.value(), 0),
                 int32At(original.value()->load(int(before - original.value()->members().constData())).value(), 0));
}

void tst_ExportWorkflow::compressionLevels_data()
{
    QTest::addColumn<int>("level");
    QTest::newRow("fast") << int(npy::CompressionLevel::Fast);
    QTest::newRow("default") << int(npy::CompressionLevel::Default);
    QTest::newRow("best") << int(npy::CompressionLevel::Best);
}

void tst_ExportWorkflow::compressionLevels()
{
    // Unedited DEFLATED members: copied raw at the default level; compressed again (with our chunk
    // index) at the level asked for otherwise. The values are the same either way.
    QFETCH(int, level);
    const QString input = npytest::dataPath(QStringLiteral("npz/savez_compressed_basic.npz"));
    auto doc = openDoc(input);
    const QList<int> ids{idOf(*doc, QStringLiteral("counts")), idOf(*doc, QStringLiteral("x"))};
    ExportWorkflow flow(doc.get());
    QSignalSpy done(&flow, &ExportWorkflow::exportFinished);
    const QString out = mDir.filePath(QStringLiteral("level_%1.npz").arg(level));
    QVERIFY(flow.exportMembers(ExportWorkflow::Kind::NpzCompressed, out, ids, npy::CompressionLevel(level)));
    QVERIFY(done.wait(20000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    auto written = npy::openSource(out);
    auto original = npy::openSource(input);
    QVERIFY(written && original);
    const bool raw = npy::CompressionLevel(level) == npy::CompressionLevel::Default;
    for (const QString &key : {QStringLiteral("counts"), QStringLiteral("x")}) {
        const npy::MemberInfo *before = infoOf(*original.value(), key);
        const npy::MemberInfo *after = infoOf(*written.value(), key);
        QVERIFY(before && after);
        QCOMPARE(int(after->compression), int(npy::Compression::Deflated));
        npy::Result<QByteArray> a = original.value()->readRaw(int(before - original.value()->members().constData()));
        npy::Result<QByteArray> b = written.value()->readRaw(int(after - written.value()->members().constData()));
        QVERIFY(a && b);
        QCOMPARE(b.value(), a.value());
    }
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const npy::Result<npy::zip::Directory> dir = npy::zip::readDirectory(&f, f.size());
    QVERIFY(dir);
    for (const npy::zip::Entry &e : dir.value().entries)
        QCOMPARE(e.chunks.isEmpty(), raw);
}

void tst_ExportWorkflow::folderAsksBeforeOverwriting()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const QList<int> ids{idOf(*doc, QStringLiteral("x")), idOf(*doc, QStringLiteral("counts"))};
    const QString dir = mDir.filePath(QStringLiteral("folder"));
    QVERIFY(QDir().mkpath(dir));
    QFile existing(dir + QStringLiteral("/counts.npy"));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("keep me");
    existing.close();

    ExportWorkflow flow(doc.get());
    QStringList asked;
    bool answer = false;
    flow.setOverwritePrompt([&](const QStringList &names) {
        asked = names;
        return answer;
    });
    QSignalSpy done(&flow, &ExportWorkflow::exportFinished);
    QVERIFY(flow.exportMembers(ExportWorkflow::Kind::Folder, dir, ids));
    QVERIFY(done.wait(20000));
    QVERIFY(!done.last().at(0).toBool());
    QVERIFY(!done.last().at(2).toBool()); // declined, not failed
    QCOMPARE(asked, QStringList{QStringLiteral("counts.npy")});
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), QByteArray("keep me"));
    existing.close();

    answer = true;
    QVERIFY(flow.exportMembers(ExportWorkflow::Kind::Folder, dir, ids));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 20000);
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    npy::Result<npy::NpyArray> counts = npy::readNpyFile(dir + QStringLiteral("/counts.npy"));
    QVERIFY2(counts, qPrintable(counts.error()));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/x.npy")));
}

void tst_ExportWorkflow::singleTargetAsksFirst()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/savez_basic.npz")));
    const QString target = mDir.filePath(QStringLiteral("exists.npz"));
    QFile f(target);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("keep");
    f.close();
    ExportWorkflow flow(doc.get());
    int asked = 0;
    flow.setOverwritePrompt([&](const QStringList &) {
        ++asked;
        return false;
    });
    QSignalSpy started(&flow, &ExportWorkflow::exportStarted);
    QVERIFY(!flow.exportMembers(ExportWorkflow::Kind::Npz, target, {idOf(*doc, QStringLiteral("x"))}));
    QCOMPARE(asked, 1);
    QCOMPARE(started.size(), 0);
    QCOMPARE(QFileInfo(target).size(), 4);
    QVERIFY(!flow.exportMembers(ExportWorkflow::Kind::Npz, mDir.filePath(QStringLiteral("none.npz")), {}));
}

void tst_ExportWorkflow::sliceToCsv()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npy/i4_2d_c.npy")));
    const int id = doc->memberAt(0).id;
    QVERIFY(doc->loadMemberNow(id));
    SliceSpec spec = SliceSpec::defaultFor(doc->memberById(id)->header());
    ExportWorkflow flow(doc.get());
    QSignalSpy done(&flow, &ExportWorkflow::exportFinished);
    const QString csv = mDir.filePath(QStringLiteral("block.csv"));
    QVERIFY(flow.exportCsv(csv, id, spec, CellRange{0, 0, 1, 2}));
    QVERIFY(done.wait(20000));
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll().trimmed();
    QCOMPARE(text.count('\n'), 0);
    QCOMPARE(text.count(','), 1);
}

void tst_ExportWorkflow::saveMemberAsNpy()
{
    auto doc = openDoc(npytest::dataPath(QStringLiteral("npz/non_array_member.npz")));
    ExportWorkflow flow(doc.get());
    QSignalSpy saved(&flow, &ExportWorkflow::memberSaved);
    // Not an array: the policy leaves it out of an .npy, so nothing starts.
    QVERIFY(idOf(*doc, QStringLiteral("readme.txt")) >= 0);
    QVERIFY(!flow.saveMemberAsNpy(idOf(*doc, QStringLiteral("readme.txt")), mDir.filePath(QStringLiteral("no.npy"))));
    QVERIFY(!QFileInfo::exists(mDir.filePath(QStringLiteral("no.npy"))));

    auto basic = openDoc(npytest::dataPath(QStringLiteral("npz/savez_compressed_basic.npz")));
    ExportWorkflow flow2(basic.get());
    QSignalSpy saved2(&flow2, &ExportWorkflow::memberSaved);
    const int counts = idOf(*basic, QStringLiteral("counts"));
    // Not loaded: the worker loads it; the document does not wait.
    const QString plain = mDir.filePath(QStringLiteral("counts.npy"));
    QVERIFY(flow2.saveMemberAsNpy(counts, plain));
    QVERIFY(saved2.wait(20000));
    QVERIFY2(saved2.last().at(0).toBool(), qPrintable(saved2.last().at(1).toString()));
    QCOMPARE(saved2.last().at(2).toString(), plain);
    QVERIFY(!basic->memberById(counts)->loaded);
    npy::Result<npy::NpyArray> a = npy::readNpyFile(plain);
    QVERIFY(a);
    // Edited: the edit is what is written.
    QVERIFY(basic->loadMemberNow(counts));
    QVERIFY(basic->setValues(counts, {0}, {int32Bytes(-5)}, QStringLiteral("Edit")));
    const QString edited = mDir.filePath(QStringLiteral("counts_edited.npy"));
    QVERIFY(flow2.saveMemberAsNpy(counts, edited));
    QVERIFY(saved2.wait(20000));
    QVERIFY(saved2.last().at(0).toBool());
    npy::Result<npy::NpyArray> b = npy::readNpyFile(edited);
    QVERIFY(b);
    QCOMPARE(int32At(b.value(), 0), -5);
    QCOMPARE(b->nbytes(), a->nbytes());
    QCOMPARE(saved.size(), 0);
}

QTEST_MAIN(tst_ExportWorkflow)
#include "tst_exportworkflow.moc"
