// QuaZip as an independent reader of the archives we write: every member of an archive written by
// saveNpz / saveFile / `npy-tool convert` must open and read back byte-exact through QuaZip, with
// QuaZip's CRC check passing. Covers stored and deflated members, deflated members of several MiB
// (our parallel writer joins 1 MiB deflate chunks into one stream), archives with mixed encodings,
// members copied raw from NumPy-written archives, more than 65535 entries (zip64 end record), and
// the tool's --compress (at each --level) / --store; deflated members carry our chunk index extra field.
#include "npyheader.h"
#include "npzreader.h"
#include "npzwriter.h"
#include "opensource.h"
#include "quaziptesting.h"
#include "saver.h"
#include "source.h"
#include "testdata.h"
#include "zipformat.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace npy;
using namespace npytest;

namespace {

NpyArray makeArray(const char *type, const QList<qint64> &shape, const QByteArray &bytes, bool fortran = false)
{
    NpyHeader h;
    QString error;
    const bool ok = DType::fromTypeString(QString::fromLatin1(type), &h.dtype, &error);
    Q_ASSERT(ok);
    h.shape = shape;
    h.fortranOrder = fortran;
    h.elementCount = 1;
    for (qint64 d : shape)
        h.elementCount *= d;
    h.dataBytes = h.elementCount * h.dtype.itemSize;
    Q_ASSERT(h.dataBytes == bytes.size());
    return NpyArray(h, bytes);
}

/** A smooth signal with noise: compresses, but not to nothing. */
QByteArray noiseF8(qint64 count)
{
    QByteArray out(count * 8, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (qint64 i = 0; i < count; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        const double v = std::sin(double(i) / 3000.0) * 100.0 + double(x % 1000) / 1000.0;
        std::memcpy(out.data() + i * 8, &v, 8);
    }
    return out;
}

/** Small integers in runs: compresses well. */
QByteArray labelsI2(qint64 count)
{
    QByteArray out(count * 2, Qt::Uninitialized);
    quint32 x = 12345;
    qint16 v = 0;
    for (qint64 i = 0; i < count; ++i) {
        x = x * 1664525u + 1013904223u;
        if ((x >> 24) < 8)
            v = qint16((x >> 8) % 7);
        std::memcpy(out.data() + i * 2, &v, 2);
    }
    return out;
}

/** Bytes that do not compress. */
QByteArray randomBytes(qint64 count)
{
    QByteArray out(count, Qt::Uninitialized);
    quint64 x = 0x9E3779B97F4A7C15ull;
    for (qint64 i = 0; i < count; ++i) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out[i] = char((x * 0x2545F4914F6CDD1Dull) >> 56);
    }
    return out;
}

SaveMember member(const QString &key, const NpyArray &array, Compression compression)
{
    SaveMember s;
    s.key = key;
    s.array = array;
    s.compression = compression;
    return s;
}

/** The members of the written-from-memory archive: big ones over several 1 MiB deflate chunks. */
QList<SaveMember> memoryMembers()
{
    QList<SaveMember> m;
    m.append(member(QStringLiteral("noise"), makeArray("<f8", {640, 1024}, noiseF8(640 * 1024)),
                    Compression::Deflated)); // 5 MiB
    m.append(member(QStringLiteral("labels"), makeArray("<i2", {1700001}, labelsI2(1700001)),
                    Compression::Deflated)); // 3.2 MiB, a partial last chunk
    m.append(member(QStringLiteral("random"), makeArray("|u1", {(qint64(3) << 19) + 17}, randomBytes((3 << 19) + 17)),
                    Compression::Deflated)); // 1.5 MiB that does not compress
    m.append(member(QStringLiteral("stored_big"), makeArray("<f8", {327680}, noiseF8(327680)),
                    Compression::Stored)); // 2.5 MiB
    m.append(member(QStringLiteral("small"), makeArray("<i4", {3}, QByteArray("\x01\0\0\0\xfe\xff\xff\xff\x07\0\0\0", 12)),
                    Compression::Deflated));
    m.append(member(QStringLiteral("fortran"), makeArray(">f4", {2, 3}, randomBytes(24), true), Compression::Stored));
    m.append(member(QStringLiteral("empty"), makeArray("<f8", {0, 4}, QByteArray()), Compression::Deflated));
    m.append(member(QStringLiteral("scalar"), makeArray("<i8", {}, QByteArray("\x2a\0\0\0\0\0\0\0", 8)),
                    Compression::Stored));
    return m;
}

/** Every readable member of \a src: re-encoded (modified) in \a compression, or kept as stored (raw copy). */
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
        s.compression = modified ? compression : m.compression;
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

/**
 * Checks one member QuaZip read: it was read whole, its CRC checked out (QuaZip's own check and the
 * CRC of the bytes against the central directory), and its bytes are \a expected.
 */
bool checkMember(const QuaZipMember &m, const QByteArray &expected, QString *why)
{
    if (m.closeError != UNZ_OK) {
        *why = QStringLiteral("%1: QuaZip reports error %2 on close (CRC)").arg(m.name).arg(m.closeError);
        return false;
    }
    if (m.bytesRead != m.size || m.crcOfRead != m.crc) {
        *why = QStringLiteral("%1: read %2 of %3 bytes, CRC %4 vs %5")
                   .arg(m.name).arg(m.bytesRead).arg(m.size).arg(m.crcOfRead, 8, 16).arg(m.crc, 8, 16);
        return false;
    }
    if (m.bytes != expected) {
        qsizetype at = 0;
        while (at < m.bytes.size() && at < expected.size() && m.bytes[at] == expected[at])
            ++at;
        *why = QStringLiteral("%1: %2 bytes, expected %3; first difference at %4")
                   .arg(m.name).arg(m.bytes.size()).arg(expected.size()).arg(at);
        return false;
    }
    return true;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestQuaZip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writtenFromMemory_data();
    void writtenFromMemory();
    void numpyArchivesResaved_data();
    void numpyArchivesResaved();
    void toolConvert_data();
    void toolConvert();
    void manyEntries();
    void crcCheckIsActive();

private:
    QTemporaryDir mDir;
};

void TestQuaZip::initTestCase()
{
    QVERIFY(mDir.isValid());
    // An input for the tool's multi-chunk case: a 5 MiB .npy.
    const NpyArray big = makeArray("<f8", {655360}, noiseF8(655360));
    const Status st = saveNpyFile(mDir.filePath(QStringLiteral("big.npy")), big);
    QVERIFY2(st.ok(), qPrintable(st.error()));
}

void TestQuaZip::writtenFromMemory_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("mixed encodings") << int(SaveFormat::Npz);
    QTest::newRow("all stored") << int(SaveFormat::NpzStored);
    QTest::newRow("all deflated") << int(SaveFormat::NpzCompressed);
}

void TestQuaZip::writtenFromMemory()
{
    QFETCH(int, format);
    const QList<SaveMember> members = memoryMembers();
    const QString path = mDir.filePath(QStringLiteral("memory_%1.npz").arg(format));
    const Status st = saveNpz(path, members, SaveFormat(format), {});
    QVERIFY2(st.ok(), qPrintable(st.error()));

    QList<QuaZipMember> read;
    QString error;
    QVERIFY2(readWithQuaZip(path, &read, &error), qPrintable(error));
    QCOMPARE(read.size(), members.size());
    auto ours = openNpz(path);
    QVERIFY2(ours.ok(), qPrintable(ours.error()));
    for (int i = 0; i < members.size(); ++i) {
        const QuaZipMember &m = read[i];
        QCOMPARE(m.name, members[i].key + QStringLiteral(".npy"));
        const Compression wanted = SaveFormat(format) == SaveFormat::NpzStored       ? Compression::Stored
                                   : SaveFormat(format) == SaveFormat::NpzCompressed ? Compression::Deflated
                                                                                     : members[i].compression;
        QCOMPARE(m.method, wanted == Compression::Deflated ? 8 : 0);
        const QByteArray expected = npyBytes(members[i].array);
        QVERIFY(!expected.isEmpty());
        QString why;
        QVERIFY2(checkMember(m, expected, &why), qPrintable(why));
        // Our reader returns the same stream.
        auto raw = ours.value()->readRaw(i);
        QVERIFY2(raw.ok(), qPrintable(raw.error()));
        QVERIFY2(raw.value() == m.bytes, qPrintable(m.name));
    }
    // Every member we deflated carries our chunk index extra field, which QuaZip skipped above.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Result<zip::Directory> dir = zip::readDirectory(&file, file.size());
    QVERIFY2(dir.ok(), qPrintable(dir.error()));
    for (int i = 0; i < members.size(); ++i) {
        const zip::Entry &e = dir.value().entries[i];
        QVERIFY2(e.chunks.isEmpty() == (e.method != zip::Deflated), qPrintable(e.name));
    }
    // Deflated members of several MiB really are compressed (else the chunked stream was not tested).
    if (SaveFormat(format) != SaveFormat::NpzStored) {
        QVERIFY(read[0].compressedSize < read[0].size);
        QVERIFY(read[1].compressedSize < read[1].size / 4);
    }
}

void TestQuaZip::numpyArchivesResaved_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("identicalToNumpy"); // np.savez writes exactly the .npy streams we write
    for (const QJsonValue &v : manifest(QStringLiteral("npz/expected.json"))) {
        const QString file = v[QStringLiteral("file")].toString();
        const bool identical = v[QStringLiteral("savez_identical")].toBool();
        for (const char *how : {"stored", "deflated", "raw"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(file, QLatin1String(how))))
                << file << QString::fromLatin1(how) << identical;
    }
}

void TestQuaZip::numpyArchivesResaved()
{
    QFETCH(QString, file);
    QFETCH(QString, how);
    QFETCH(bool, identicalToNumpy);
    const QString in = dataPath(QStringLiteral("npz/") + file);
    auto src = openNpz(in);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    const bool raw = how == QLatin1String("raw");
    const QList<SaveMember> members
        = membersOf(src.value(), !raw, how == QLatin1String("deflated") ? Compression::Deflated : Compression::Stored);
    const QString out = mDir.filePath(QStringLiteral("%1_%2").arg(how, file));
    const Status st = saveNpz(out, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    if (members.isEmpty()) {
        QCOMPARE(readAll(out), readAll(in)); // what np.savez writes for no arrays
        QList<QuaZipMember> none;
        QString error;
        QVERIFY(!readWithQuaZip(in, &none, &error));
        QSKIP("QuaZip 1.4 refuses an archive without entries (UNZ_OPENERROR), NumPy's own as well");
    }

    // The NumPy-written original through QuaZip, where QuaZip can read it (not bzip2 / LZMA).
    QList<QuaZipMember> original;
    QString error;
    const bool haveOriginal = readWithQuaZip(in, &original, &error);

    QList<QuaZipMember> read;
    QVERIFY2(readWithQuaZip(out, &read, &error), qPrintable(error));
    QCOMPARE(read.size(), members.size());
    auto ours = openNpz(out);
    QVERIFY2(ours.ok(), qPrintable(ours.error()));
    int comparedWithNumpy = 0;
    for (int i = 0; i < members.size(); ++i) {
        const SaveMember &s = members[i];
        const QuaZipMember &m = read[i];
        RawMember sourceRaw;
        QVERIFY(rawMember(*src.value(), s.sourceIndex, &sourceRaw));
        // np.savez's naming (key + ".npy") for arrays written anew; copies and non-arrays keep theirs.
        const MemberInfo &info = src.value()->members()[s.sourceIndex];
        const bool keepsName = (!s.modified && s.compression == info.compression) || !info.isArray;
        QCOMPARE(m.name, keepsName ? sourceRaw.archiveName : s.key + QStringLiteral(".npy"));
        // bzip2 and LZMA members are read, never written: kept compressed, they become deflated ones.
        const bool compressed = s.compression == Compression::Deflated || s.compression == Compression::Bzip2
                                || s.compression == Compression::Lzma;
        QCOMPARE(m.method, compressed ? 8 : 0);
        // What the member must hold: the .npy stream of the array, or the source's bytes when copied.
        QByteArray expected;
        if (s.modified && !s.array.isNull()) {
            expected = npyBytes(s.array);
        } else {
            auto bytes = src.value()->readRaw(s.sourceIndex);
            QVERIFY2(bytes.ok(), qPrintable(bytes.error()));
            expected = bytes.value();
        }
        QString why;
        QVERIFY2(checkMember(m, expected, &why), qPrintable(why));
        auto back = ours.value()->readRaw(i);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QVERIFY2(back.value() == m.bytes, qPrintable(m.name));
        const bool numpyReadable = haveOriginal && s.sourceIndex < original.size()
                                   && original[s.sourceIndex].closeError == UNZ_OK;
        if (numpyReadable && (identicalToNumpy || raw || s.array.isNull())) {
            QVERIFY2(m.bytes == original[s.sourceIndex].bytes, qPrintable(m.name));
            ++comparedWithNumpy;
        }
    }
    if ((identicalToNumpy || raw) && !members.isEmpty())
        QVERIFY(comparedWithNumpy > 0 || !haveOriginal);
}

void TestQuaZip::toolConvert_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("flag");
    const QStringList inputs{dataPath(QStringLiteral("npz/savez_basic.npz")),
                             dataPath(QStringLiteral("npz/dtypes_compressed.npz")),
                             dataPath(QStringLiteral("npz/names.npz")),
                             dataPath(QStringLiteral("npz/non_array_member.npz")),
                             dataPath(QStringLiteral("npz/compressed_multiblock.npz")),
                             dataPath(QStringLiteral("npy/f8_fortran_3d.npy")),
                             mDir.filePath(QStringLiteral("big.npy"))};
    for (const QString &in : inputs) {
        for (const QString &flag : {QStringLiteral("--compress"), QStringLiteral("--store"),
                                    QStringLiteral("--compress --level fast"), QStringLiteral("--compress --level best")})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QFileInfo(in).fileName(), flag))) << in << flag;
    }
}

void TestQuaZip::toolConvert()
{
    QFETCH(QString, input);
    QFETCH(QString, flag);
    const QString out = mDir.filePath(QStringLiteral("tool%1_%2.npz")
                                          .arg(QString(flag).replace(QLatin1Char(' '), QLatin1Char('_')),
                                               QFileInfo(input).completeBaseName()));
    QFile::remove(out);
    const npytest::ToolRun r = npytest::runTool(QStringList{QStringLiteral("convert"), input, out} + flag.split(QLatin1Char(' ')), 120000);
    QVERIFY2(r.status == 0, qPrintable(r.err));

    auto src = openSource(input);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    QList<QuaZipMember> read;
    QString error;
    QVERIFY2(readWithQuaZip(out, &read, &error), qPrintable(error));
    auto ours = openNpz(out);
    QVERIFY2(ours.ok(), qPrintable(ours.error()));
    QCOMPARE(read.size(), ours.value()->members().size());
    QVERIFY(!read.isEmpty());
    for (int i = 0; i < read.size(); ++i) {
        const QuaZipMember &m = read[i];
        const MemberInfo &info = ours.value()->members()[i];
        QCOMPARE(m.method, flag.startsWith(QLatin1String("--compress")) ? 8 : 0);
        // The member of the input it came from, by key.
        const int from = src.value()->indexOf(info.name);
        QVERIFY2(from >= 0, qPrintable(info.name));
        QByteArray expected;
        auto a = src.value()->load(from);
        if (a.ok()) {
            expected = npyBytes(a.value());
        } else {
            auto bytes = src.value()->readRaw(from);
            QVERIFY2(bytes.ok(), qPrintable(bytes.error()));
            expected = bytes.value();
        }
        QString why;
        QVERIFY2(checkMember(m, expected, &why), qPrintable(why));
        auto back = ours.value()->readRaw(i);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QVERIFY2(back.value() == m.bytes, qPrintable(m.name));
    }
}

void TestQuaZip::manyEntries()
{
    // More than 65535 entries: the count lives in the zip64 end record only.
    const int count = 66000;
    QList<SaveMember> members;
    members.reserve(count);
    for (int i = 0; i < count; ++i) {
        const char byte = char(i * 7);
        members.append(member(QString::number(i), makeArray("|u1", {1}, QByteArray(1, byte)),
                              i % 3 ? Compression::Stored : Compression::Deflated));
    }
    const QString path = mDir.filePath(QStringLiteral("many.npz"));
    const Status st = saveNpz(path, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QList<QuaZipMember> read;
    QString error;
    QVERIFY2(readWithQuaZip(path, &read, &error), qPrintable(error));
    QCOMPARE(read.size(), count);
    for (int i = 0; i < count; i += 997) {
        QCOMPARE(read[i].name, QString::number(i) + QStringLiteral(".npy"));
        QString why;
        QVERIFY2(checkMember(read[i], npyBytes(members[i].array), &why), qPrintable(why));
    }
    QString why;
    QVERIFY2(checkMember(read.last(), npyBytes(members.last().array), &why), qPrintable(why));
}

void TestQuaZip::crcCheckIsActive()
{
    // The CRC check the other tests rely on does fail: one flipped data byte in a stored member.
    const QString path = mDir.filePath(QStringLiteral("flipped.npz"));
    QList<SaveMember> members{member(QStringLiteral("a"), makeArray("<f8", {4096}, noiseF8(4096)), Compression::Stored)};
    const Status st = saveNpz(path, members, SaveFormat::Npz, {});
    QVERIFY2(st.ok(), qPrintable(st.error()));
    auto src = openNpz(path);
    QVERIFY(src.ok());
    RawMember raw;
    QVERIFY(rawMember(*src.value(), 0, &raw));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(raw.dataOffset + raw.compressedSize / 2));
        char c = 0;
        QVERIFY(f.getChar(&c));
        QVERIFY(f.seek(raw.dataOffset + raw.compressedSize / 2));
        QVERIFY(f.putChar(char(c ^ 0x10)));
    }
    QList<QuaZipMember> read;
    QString error;
    QVERIFY2(readWithQuaZip(path, &read, &error), qPrintable(error));
    QCOMPARE(read.size(), 1);
    QCOMPARE(read[0].closeError, UNZ_CRCERROR);
    QString why;
    QVERIFY(!checkMember(read[0], npyBytes(members[0].array), &why));
}

QTEST_GUILESS_MAIN(TestQuaZip)
#include "tst_quazip.moc"
