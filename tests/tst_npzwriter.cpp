#include "npzreader.h"
#include "npzwriter.h"
#include "saver.h"
#include "source.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <cstring>

using namespace npy;

namespace {

QString dataDir()
{
    return QStringLiteral(NPY_TEST_DATA_DIR);
}

QString python()
{
    return QStringLiteral("/usr/bin/python3");
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray dataOf(const NpyArray &a)
{
    return QByteArray(reinterpret_cast<const char *>(a.data()), qsizetype(a.nbytes()));
}

/** Every readable member of \a src as a SaveMember, re-encoded (modified) or kept (unmodified). */
QList<SaveMember> membersOf(const std::shared_ptr<const Source> &src, bool modified, Compression compression)
{
    QList<SaveMember> out;
    for (int i = 0; i < src->members().size(); ++i) {
        const MemberInfo &m = src->members()[i];
        if (!m.error.isEmpty())
            continue;
        SaveMember s;
        s.key = m.name;
        s.source = src;
        s.sourceIndex = i;
        s.modified = modified;
        s.compression = compression;
        if (m.isArray) {
            auto a = src->load(i);
            if (!a.ok())
                continue;
            s.array = a.value();
        }
        out.append(s);
    }
    return out;
}

/** The stored bytes of every member, by archive name (the last of duplicates). */
QHash<QString, QByteArray> storedBytes(const QString &path)
{
    QHash<QString, QByteArray> out;
    auto src = openNpz(path);
    if (!src.ok())
        return out;
    const QByteArray all = readFile(path);
    for (int i = 0; i < src.value()->members().size(); ++i) {
        RawMember raw;
        if (rawMember(*src.value(), i, &raw))
            out.insert(raw.archiveName, all.mid(qsizetype(raw.dataOffset), qsizetype(raw.compressedSize)));
    }
    return out;
}

/** Runs python on \a script with \a args; returns stdout+stderr, sets \a ok on exit code 0. */
QString runPython(const QString &script, const QStringList &args, bool *ok)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(python(), QStringList{QStringLiteral("-c"), script} + args);
    if (!p.waitForFinished(300000)) {
        *ok = false;
        return QStringLiteral("python did not finish");
    }
    *ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromUtf8(p.readAll());
}

// Loads ORIGINAL and OURS with NumPy and checks every key of ORIGINAL that NumPy can load is in
// OURS with the same dtype, shape and bytes; zipfile's testzip must pass on OURS.
const char kCompareScript[] = R"PY(
import sys, zipfile, numpy as np
orig, ours = sys.argv[1], sys.argv[2]
assert zipfile.ZipFile(ours).testzip() is None, "testzip"
a = np.load(orig, allow_pickle=False)
b = np.load(ours, allow_pickle=False)
n = 0
for k in a.files:
    try:
        x = a[k]
    except Exception:
        continue
    if k not in b.files:  # members we cannot read (bzip2, LZMA) are left out
        continue
    y = b[k]
    if isinstance(x, np.ndarray):
        assert x.dtype == y.dtype and x.shape == y.shape, (k, x.dtype, y.dtype, x.shape, y.shape)
        assert x.tobytes() == y.tobytes(), k
        assert x.flags.f_contiguous == y.flags.f_contiguous, k
    else:
        assert x == y, k
    n += 1
print("ok", n)
)PY";

} // namespace

class TestNpzWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void savezIdentical_data();
    void savezIdentical();
    void roundTrip_data();
    void roundTrip();
    void rawReuse_data();
    void rawReuse();
    void resaveInPlace();
    void bigParallelDeflate();
    void cancelKeepsOriginal();
    void manyEntries();

private:
    bool mHaveNumpy = false;
    QTemporaryDir mDir;
};

void TestNpzWriter::initTestCase()
{
    QVERIFY(mDir.isValid());
    bool ok = false;
    runPython(QStringLiteral("import numpy"), {}, &ok);
    mHaveNumpy = ok;
}

void TestNpzWriter::savezIdentical_data()
{
    QTest::addColumn<QString>("file");
    QFile f(dataDir() + QStringLiteral("/npz/expected.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray files = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("files")).toArray();
    for (const QJsonValue &v : files) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("savez_identical")).toBool())
            QTest::newRow(qPrintable(o.value(QStringLiteral("file")).toString()))
                << o.value(QStringLiteral("file")).toString();
    }
}

void TestNpzWriter::savezIdentical()
{
    QFETCH(QString, file);
    const QString in = dataDir() + QStringLiteral("/npz/") + file;
    auto src = openNpz(in);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    const QList<SaveMember> members = membersOf(src.value(), true, Compression::Stored);
    QCOMPARE(members.size(), src.value()->members().size());
    const QString out = mDir.filePath(QStringLiteral("identical_") + file);
    Status st = saveNpz(out, members, SaveFormat::NpzStored, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    const QByteArray ours = readFile(out);
    const QByteArray theirs = readFile(in);
    QCOMPARE(ours.size(), theirs.size());
    QVERIFY2(ours == theirs, "np.savez and our stored writer differ");
}

void TestNpzWriter::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("format");
    QFile f(dataDir() + QStringLiteral("/npz/expected.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray files = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("files")).toArray();
    for (const QJsonValue &v : files) {
        const QString name = v.toObject().value(QStringLiteral("file")).toString();
        QTest::newRow(qPrintable(name + QStringLiteral(" stored"))) << name << int(SaveFormat::NpzStored);
        QTest::newRow(qPrintable(name + QStringLiteral(" deflated"))) << name << int(SaveFormat::NpzCompressed);
    }
}

void TestNpzWriter::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(int, format);
    const QString in = dataDir() + QStringLiteral("/npz/") + file;
    auto src = openNpz(in);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    const QList<SaveMember> members = membersOf(src.value(), true, Compression::Stored);
    const QString out = mDir.filePath(QStringLiteral("rt_%1_%2").arg(format).arg(file));
    Status st = saveFile(out, members, SaveFormat(format));
    QVERIFY2(st.ok(), qPrintable(st.error()));

    // Read back by us: same keys, same bytes, the wanted method.
    auto back = openNpz(out);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value()->members().size(), members.size());
    for (int i = 0; i < members.size(); ++i) {
        const MemberInfo &m = back.value()->members()[i];
        QCOMPARE(m.name, members[i].key);
        QCOMPARE(m.compression, SaveFormat(format) == SaveFormat::NpzStored ? Compression::Stored
                                                                            : Compression::Deflated);
        QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
        if (members[i].array.isNull()) {
            auto raw = back.value()->readRaw(i);
            QVERIFY2(raw.ok(), qPrintable(raw.error()));
            QCOMPARE(raw.value(), src.value()->readRaw(members[i].sourceIndex).value());
            continue;
        }
        auto a = back.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(a->dtype(), members[i].array.dtype());
        QCOMPARE(a->shape(), members[i].array.shape());
        QCOMPARE(a->isFortran(), members[i].array.isFortran());
        QVERIFY(dataOf(a.value()) == dataOf(members[i].array));
    }

    // Read back by NumPy.
    if (!mHaveNumpy)
        QSKIP("python3 with numpy is not available");
    bool ok = false;
    const QString log = runPython(QString::fromLatin1(kCompareScript), {in, out}, &ok);
    QVERIFY2(ok, qPrintable(log));
}

void TestNpzWriter::rawReuse_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("byNumpy"); // then an unchanged re-save is byte-identical
    QTest::newRow("savez_compressed_basic") << QStringLiteral("savez_compressed_basic.npz") << true;
    QTest::newRow("dtypes_compressed") << QStringLiteral("dtypes_compressed.npz") << true;
    QTest::newRow("compressed_multiblock") << QStringLiteral("compressed_multiblock.npz") << true;
    QTest::newRow("dtypes stored") << QStringLiteral("dtypes.npz") << true;
    QTest::newRow("non_array_member") << QStringLiteral("non_array_member.npz") << false;
    QTest::newRow("stream_compressed") << QStringLiteral("stream_compressed.npz") << false;
}

void TestNpzWriter::rawReuse()
{
    QFETCH(QString, file);
    QFETCH(bool, byNumpy);
    const QString in = dataDir() + QStringLiteral("/npz/") + file;
    auto src = openNpz(in);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    QList<SaveMember> members;
    for (int i = 0; i < src.value()->members().size(); ++i) {
        SaveMember s;
        s.key = src.value()->members()[i].name;
        s.source = src.value();
        s.sourceIndex = i;
        s.modified = false;
        s.compression = src.value()->members()[i].compression;
        members.append(s);
    }
    // Unchanged: a NumPy-written archive comes back byte for byte.
    const QString same = mDir.filePath(QStringLiteral("same_") + file);
    Status st = saveNpz(same, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    if (byNumpy)
        QVERIFY2(readFile(same) == readFile(in), "re-saving an unchanged archive changed it");
    QCOMPARE(storedBytes(same), storedBytes(in));

    // One member edited: the others keep their stored bytes.
    int edited = -1;
    for (int i = 0; i < members.size() && edited < 0; ++i) {
        if (src.value()->members()[i].isArray && src.value()->members()[i].header.dataBytes >= 8)
            edited = i;
    }
    QVERIFY(edited >= 0);
    auto a = src.value()->load(edited);
    QVERIFY(a.ok());
    NpyArray changed = a.value();
    QByteArray bytes(int(changed.itemSize()), '\x5a');
    changed.replaceBytes(0, bytes);
    members[edited].array = changed;
    members[edited].modified = true;
    const QString edit = mDir.filePath(QStringLiteral("edit_") + file);
    st = saveNpz(edit, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    const QHash<QString, QByteArray> before = storedBytes(in);
    const QHash<QString, QByteArray> after = storedBytes(edit);
    QCOMPARE(after.size(), before.size());
    const QString editedName = src.value()->members()[edited].archiveName;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (it.key() == editedName)
            QVERIFY(after.value(it.key()) != it.value());
        else
            QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key()));
    }
    auto back = openNpz(edit);
    QVERIFY(back.ok());
    auto b = back.value()->load(edited);
    QVERIFY2(b.ok(), qPrintable(b.error()));
    QVERIFY(dataOf(b.value()) == dataOf(changed));
}

void TestNpzWriter::resaveInPlace()
{
    const QString path = mDir.filePath(QStringLiteral("inplace.npz"));
    QFile::remove(path);
    QVERIFY(QFile::copy(dataDir() + QStringLiteral("/npz/savez_compressed_basic.npz"), path));
    const QByteArray original = readFile(path);
    auto src = openNpz(path);
    QVERIFY(src.ok());
    QList<SaveMember> members = membersOf(src.value(), false, Compression::Deflated);
    // Loaded arrays keep the old file mapped while QSaveFile replaces it.
    Status st = saveNpz(path, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QCOMPARE(readFile(path), original);
    members[1].modified = true;
    st = saveNpz(path, members, SaveFormat::NpzStored, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto back = openNpz(path);
    QVERIFY(back.ok());
    for (int i = 0; i < back.value()->members().size(); ++i) {
        QCOMPARE(back.value()->members()[i].compression, Compression::Stored);
        auto a = back.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QVERIFY(dataOf(a.value()) == dataOf(members[i].array));
    }
}

void TestNpzWriter::bigParallelDeflate()
{
    // 24 MiB over three members: many 1 MiB chunks joined into one stream each.
    const qint64 n = 2 << 20;
    QByteArray noise(n * 4, Qt::Uninitialized), ramp(n * 8, Qt::Uninitialized), labels(n * 4, Qt::Uninitialized);
    quint32 x = 12345;
    for (qint64 i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u;
        const float f = float(std::sin(double(i) / 5000.0) + double(x >> 8) / double(1 << 24) * 0.1);
        const double d = double(i) / double(n);
        const qint32 l = qint32((x >> 16) % 5);
        memcpy(noise.data() + i * 4, &f, 4);
        memcpy(ramp.data() + i * 8, &d, 8);
        memcpy(labels.data() + i * 4, &l, 4);
    }
    auto arrayOf = [](const char *type, qint64 count, const QByteArray &bytes) {
        NpyHeader h;
        QString error;
        const bool ok = DType::fromTypeString(QString::fromLatin1(type), &h.dtype, &error);
        Q_ASSERT(ok);
        h.shape = {count};
        h.elementCount = count;
        h.dataBytes = bytes.size();
        return NpyArray(h, bytes);
    };
    QList<SaveMember> members(3);
    members[0].key = QStringLiteral("noise");
    members[0].array = arrayOf("<f4", n, noise);
    members[1].key = QStringLiteral("ramp");
    members[1].array = arrayOf("<f8", n, ramp);
    members[2].key = QStringLiteral("labels");
    members[2].array = arrayOf("<i4", n, labels);
    const QString out = mDir.filePath(QStringLiteral("big.npz"));
    qint64 lastDone = -1, lastTotal = -1;
    Progress progress;
    progress.report = [&](qint64 done, qint64 total) {
        QVERIFY(done >= lastDone);
        lastDone = done;
        lastTotal = total;
    };
    Status st = saveNpz(out, members, SaveFormat::NpzCompressed, progress);
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QCOMPARE(lastDone, lastTotal);
    auto back = openNpz(out);
    QVERIFY(back.ok());
    for (int i = 0; i < 3; ++i) {
        auto a = back.value()->load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QVERIFY(dataOf(a.value()) == dataOf(members[i].array));
    }
    if (!mHaveNumpy)
        QSKIP("python3 with numpy is not available");
    // NumPy reads it, and the size is within 2 % of savez_compressed's (zlib level 6).
    bool ok = false;
    const QString log = runPython(QStringLiteral(R"PY(
import sys, io, os, numpy as np
d = np.load(sys.argv[1])
arrs = {k: d[k] for k in d.files}
b = io.BytesIO()
np.savez_compressed(b, **arrs)
ours, theirs = os.path.getsize(sys.argv[1]), len(b.getvalue())
print(ours, theirs, ours / theirs)
assert ours <= theirs * 1.02, "too big"
)PY"),
                                  {out}, &ok);
    QVERIFY2(ok, qPrintable(log));
    qInfo("ours vs savez_compressed: %s", qPrintable(log.trimmed()));
}

void TestNpzWriter::cancelKeepsOriginal()
{
    const QString path = mDir.filePath(QStringLiteral("cancel.npz"));
    QFile::remove(path);
    QVERIFY(QFile::copy(dataDir() + QStringLiteral("/npz/dtypes.npz"), path));
    const QByteArray original = readFile(path);
    auto src = openNpz(path);
    QVERIFY(src.ok());
    std::atomic_bool cancel{true};
    Progress progress;
    progress.cancel = &cancel;
    Status st = saveNpz(path, membersOf(src.value(), true, Compression::Deflated), SaveFormat::NpzCompressed,
                        progress);
    QVERIFY(!st.ok());
    QVERIFY2(st.error().contains(QStringLiteral("cancelled")), qPrintable(st.error()));
    QCOMPARE(readFile(path), original);
}

void TestNpzWriter::manyEntries()
{
    // More than 65535 entries: a zip64 end record, as Python writes it.
    NpyHeader h;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("|u1"), &h.dtype, &error));
    h.shape = {1};
    h.elementCount = 1;
    h.dataBytes = 1;
    QList<SaveMember> members;
    const int count = 70000;
    members.reserve(count);
    for (int i = 0; i < count; ++i) {
        SaveMember s;
        s.key = QString::number(i);
        s.array = NpyArray(h, QByteArray(1, char(i & 0xFF)));
        members.append(s);
    }
    const QString out = mDir.filePath(QStringLiteral("many.npz"));
    Status st = saveNpz(out, members, SaveFormat::NpzStored, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto back = openNpz(out);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(back.value()->members().size(), count);
    auto last = back.value()->load(count - 1);
    QVERIFY(last.ok());
    QCOMPARE(int(*last->data()), (count - 1) & 0xFF);
    if (!mHaveNumpy)
        QSKIP("python3 with numpy is not available");
    bool ok = false;
    const QString log = runPython(QStringLiteral(R"PY(
import sys, numpy as np
d = np.load(sys.argv[1])
assert len(d.files) == 70000, len(d.files)
assert d['69999'][0] == 69999 % 256
)PY"),
                                  {out}, &ok);
    QVERIFY2(ok, qPrintable(log));
}

QTEST_GUILESS_MAIN(TestNpzWriter)
#include "tst_npzwriter.moc"
