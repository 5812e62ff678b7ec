#include "testdata.h"

#include "npyfile.h"
#include "npyheader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace npy;
using namespace npytest;

namespace {

/** Resident memory of this process in bytes (Linux), -1 elsewhere. */
qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : -1;
}

double at(const NpyArray &a, qint64 flat)
{
    double v;
    std::memcpy(&v, a.element(flat), 8);
    return v;
}

QByteArray bytesOf(double v)
{
    return QByteArray(reinterpret_cast<const char *>(&v), 8);
}

} // namespace

class TestNpyArray : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void offsets_data();
    void offsets();
    void editNeverTouchesTheFile();
    void copiesAreIndependent();
    void hugeMappedEditIsCheap();
    void ownedBytes();
    void snapshotOfAHugeEditedMapIsCheap();
    void snapshotsAreIndependent_data();
    void snapshotsAreIndependent();
};

void TestNpyArray::offsets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("flat");
    QTest::addColumn<qint64>("offset");
    // f8_fortran_2d is arange(12).reshape(3, 4) in Fortran order: element [r, c] is at (c*3 + r)*8.
    QTest::newRow("C 2-D") << QStringLiteral("f8_2d_c.npy") << qint64(5) << qint64(40);
    QTest::newRow("Fortran [0,1]") << QStringLiteral("f8_fortran_2d.npy") << qint64(1) << qint64(24);
    QTest::newRow("Fortran [1,0]") << QStringLiteral("f8_fortran_2d.npy") << qint64(4) << qint64(8);
    QTest::newRow("Fortran last") << QStringLiteral("f8_fortran_2d.npy") << qint64(11) << qint64(88);
}

void TestNpyArray::offsets()
{
    QFETCH(QString, file);
    QFETCH(qint64, flat);
    QFETCH(qint64, offset);
    Result<NpyArray> a = readNpyFile(dataPath(QStringLiteral("npy/") + file));
    QVERIFY2(a.ok(), qPrintable(a.error()));
    QCOMPARE(a->offsetOfFlat(flat), offset);
    QList<qint64> index(a->ndim());
    qint64 rest = flat;
    for (qsizetype i = a->ndim() - 1; i >= 0; --i) {
        index[i] = rest % a->shape()[i];
        rest /= a->shape()[i];
    }
    QCOMPARE(a->offsetOf(index), offset);
}

void TestNpyArray::editNeverTouchesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.npy"));
    QVERIFY(QFile::copy(dataPath(QStringLiteral("npy/f8_2d_c.npy")), path));
    const QByteArray before = fileDigest(path);
    Result<NpyArray> a = readNpyFile(path);
    QVERIFY(a.ok() && a->isMapped() && !a->isOwned());
    const double first = at(a.value(), 0);
    const QByteArray old = a->replaceBytes(0, bytesOf(42.5));
    QCOMPARE(old, bytesOf(first));
    QCOMPARE(at(a.value(), 0), 42.5);
    QVERIFY(a->isOwned());
    QVERIFY(a->isMapped()); // a private copy-on-write map, not a copy
    QCOMPARE(fileDigest(path), before);
    // A fresh read still sees the file's value.
    QCOMPARE(at(readNpyFile(path).value(), 0), first);
}

void TestNpyArray::copiesAreIndependent()
{
    Result<NpyArray> a = readNpyFile(dataPath(QStringLiteral("npy/f8_2d_c.npy")));
    QVERIFY(a.ok());
    const double v1 = at(a.value(), 1);
    NpyArray before = a.value();
    a->replaceBytes(8, bytesOf(-1.0));
    QCOMPARE(at(before, 1), v1);
    NpyArray after = a.value();
    QCOMPARE(at(after, 1), -1.0);
    a->replaceBytes(0, bytesOf(5.0));
    QCOMPARE(at(a.value(), 1), -1.0); // the edit made before the copy is kept
    a->replaceBytes(8, bytesOf(-2.0));
    after.replaceBytes(16, bytesOf(7.0));
    // Every earlier edit survives the copy-on-write that a shared copy forces.
    QCOMPARE(at(a.value(), 0), 5.0);
    QCOMPARE(at(a.value(), 1), -2.0);
    QCOMPARE(at(after, 0), at(before, 0));
    QCOMPARE(at(after, 1), -1.0);
    QCOMPARE(at(after, 2), 7.0);
    QVERIFY(at(a.value(), 2) != 7.0);
    QCOMPARE(at(before, 1), v1);
}

void TestNpyArray::hugeMappedEditIsCheap()
{
    // An 8 GiB sparse .npy: the first edit must not copy it (memory stays flat, nothing is read).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.npy"));
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    const qint64 count = qint64(1) << 30;
    Result<QByteArray> header = buildNpyHeader(f8, {count}, false);
    QVERIFY(header.ok());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        QVERIFY(f.resize(header->size() + count * 8));
    }
    Result<NpyArray> a = readNpyFile(path);
    QVERIFY2(a.ok(), qPrintable(a.error()));
    const qint64 rssBefore = residentBytes();
    a->replaceBytes((count - 1) * 8, bytesOf(3.25));
    a->replaceBytes(0, bytesOf(1.5));
    QCOMPARE(at(a.value(), count - 1), 3.25);
    QCOMPARE(at(a.value(), 0), 1.5);
    QCOMPARE(at(a.value(), count / 2), 0.0);
    const qint64 grown = residentBytes() - rssBefore;
    QVERIFY2(grown < (qint64(64) << 20), qPrintable(QStringLiteral("resident memory grew by %1 bytes").arg(grown)));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.seek(header->size()));
    QCOMPARE(f.read(8), QByteArray(8, '\0'));
}

void TestNpyArray::ownedBytes()
{
    NpyHeader h;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &h.dtype, &error));
    h.shape = {2};
    h.elementCount = 2;
    h.dataBytes = 16;
    NpyArray a(h, bytesOf(1.0) + bytesOf(2.0));
    QVERIFY(a.isOwned());
    QVERIFY(!a.isMapped());
    NpyArray b = a;
    a.replaceBytes(0, bytesOf(9.0));
    QCOMPARE(at(a, 0), 9.0);
    QCOMPARE(at(b, 0), 1.0);
}

void TestNpyArray::snapshotOfAHugeEditedMapIsCheap()
{
    // The heatmap draws an edited member from a snapshot: it must not copy the 8 GiB, and the
    // array's next edit must not either (its bytes stay its own).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.npy"));
    DType f8;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    const qint64 count = qint64(1) << 30;
    Result<QByteArray> header = buildNpyHeader(f8, {count}, false);
    QVERIFY(header.ok());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        QVERIFY(f.resize(header->size() + count * 8));
    }
    Result<NpyArray> a = readNpyFile(path);
    QVERIFY2(a.ok(), qPrintable(a.error()));
    const qint64 rssBefore = residentBytes();
    a->replaceBytes((count - 1) * 8, bytesOf(3.25));
    QList<NpyArray> snapshots;
    for (int i = 0; i < 20; ++i) {
        a->replaceBytes(qint64(i) * 8, bytesOf(double(i) + 0.5));
        snapshots.append(a->snapshot());
        QVERIFY(!snapshots.last().isNull());
        QVERIFY(!snapshots.last().isOwned());
    }
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(at(snapshots[i], count - 1), 3.25);
        QCOMPARE(at(snapshots[i], i), double(i) + 0.5);
        QCOMPARE(at(snapshots[i], i + 1), 0.0); // written after it
    }
    QCOMPARE(at(snapshots[3], 10), 0.0); // written after that snapshot
    QCOMPARE(at(a.value(), 10), 10.5);
    const qint64 grown = residentBytes() - rssBefore;
    QVERIFY2(grown < (qint64(64) << 20), qPrintable(QStringLiteral("resident memory grew by %1 bytes").arg(grown)));
}

void TestNpyArray::snapshotsAreIndependent_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("mapped") << 0;
    QTest::newRow("in memory, small") << 1;
    QTest::newRow("in memory, 2 MiB") << 2;
}

void TestNpyArray::snapshotsAreIndependent()
{
    QFETCH(int, kind);
    Result<NpyArray> read = readNpyFile(dataPath(QStringLiteral("npy/f8_2d_c.npy")));
    QVERIFY(read.ok());
    NpyArray a = read.value();
    if (kind == 1) {
        a = NpyArray(a.header(), QByteArray(reinterpret_cast<const char *>(a.data()), qsizetype(a.nbytes())));
    } else if (kind == 2) {
        NpyHeader h;
        QString error;
        QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &h.dtype, &error));
        h.shape = {qint64(1) << 18};
        h.elementCount = h.shape.first();
        h.dataBytes = h.elementCount * 8;
        QByteArray bytes(qsizetype(h.dataBytes), '\0');
        for (qint64 i = 0; i < h.elementCount; i += 1000)
            std::memcpy(bytes.data() + i * 8, bytesOf(double(i)).constData(), 8);
        a = NpyArray(h, bytes);
    }
    QCOMPARE(a.isMapped(), kind == 0);
    const double v0 = at(a, 0);
    const double v1 = at(a, 1);
    NpyArray unedited = a.snapshot();
    QCOMPARE(at(unedited, 0), v0);
    a.replaceBytes(0, bytesOf(-1.0));
    NpyArray first = a.snapshot();
    QCOMPARE(at(unedited, 0), v0);
    QCOMPARE(at(first, 0), -1.0);
    a.replaceBytes(8, bytesOf(-2.0));
    a.replaceBytes(0, bytesOf(-3.0));
    NpyArray second = a.snapshot();
    // The snapshot keeps what it saw; the array keeps every edit, before and after it.
    QCOMPARE(at(first, 0), -1.0);
    QCOMPARE(at(first, 1), v1);
    QCOMPARE(at(second, 0), -3.0);
    QCOMPARE(at(second, 1), -2.0);
    QCOMPARE(at(a, 0), -3.0);
    QCOMPARE(at(a, 1), -2.0);
    // A snapshot edited in turn detaches from it and keeps the edits it had.
    NpyArray edited = second;
    edited.replaceBytes(16, bytesOf(7.0));
    QCOMPARE(at(edited, 0), -3.0);
    QCOMPARE(at(edited, 2), 7.0);
    QVERIFY(at(second, 2) != 7.0);
    QVERIFY(at(a, 2) != 7.0);
    if (kind == 2) {
        // Pages far from the edits come from the base, in every copy.
        QCOMPARE(at(second, 5000), 5000.0);
        QCOMPARE(at(edited, 261000), 261000.0);
        a.replaceBytes(5000 * 8, bytesOf(-9.0));
        QCOMPARE(at(second, 5000), 5000.0);
        QCOMPARE(at(a.snapshot(), 5000), -9.0);
    }
}

QTEST_GUILESS_MAIN(TestNpyArray)
#include "tst_npyarray.moc"
