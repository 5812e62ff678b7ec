#include "deflate.h"
#include "npzreader.h"
#include "opensource.h"
#include "source.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace npy;

namespace {

QString dataDir()
{
    return QStringLiteral(NPY_TEST_DATA_DIR);
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString sha256(const void *data, qint64 size)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(static_cast<const char *>(data), size), QCryptographicHash::Sha256)
            .toHex());
}

QString shapeText(const QJsonArray &shape)
{
    QList<qint64> dims;
    for (const QJsonValue &v : shape)
        dims.append(qint64(v.toDouble()));
    return pyTupleRepr(dims);
}

} // namespace

class TestNpzReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numpyFixtures_data();
    void numpyFixtures();
    void hostile_data();
    void hostile();
    void stored_isMapped();
    void duplicates();
    void bzip2Lzma_restReadable();
    void bzip2LzmaOverOneRead();
    void sourceOpenDispatches();
    void inflateStepwise();
    void truncatedArchives_data();
    void truncatedArchives();
    void damagedArchivesNeverCrash();
    void truncatedNpy();
};

void TestNpzReader::numpyFixtures_data()
{
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject doc = readJson(dataDir() + QStringLiteral("/npz/expected.json"));
    QVERIFY2(!doc.isEmpty(), "tests/data/npz/expected.json missing: run gen_npz_fixtures.py");
    for (const QJsonValue &v : doc.value(QStringLiteral("files")).toArray()) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(o.value(QStringLiteral("file")).toString())) << o;
    }
}

void TestNpzReader::numpyFixtures()
{
    QFETCH(QJsonObject, expected);
    const QString path = dataDir() + QStringLiteral("/npz/") + expected.value(QStringLiteral("file")).toString();
    auto opened = openNpz(path);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    const Source &src = *opened.value();
    QCOMPARE(src.format(), FileFormat::Npz);
    const QJsonArray members = expected.value(QStringLiteral("members")).toArray();
    QCOMPARE(src.members().size(), members.size());
    for (int i = 0; i < members.size(); ++i) {
        const QJsonObject e = members[i].toObject();
        const MemberInfo &m = src.members()[i];
        const QString label = m.archiveName;
        QCOMPARE(m.archiveName, e.value(QStringLiteral("archive")).toString());
        QCOMPARE(m.name, e.value(QStringLiteral("key")).toString());
        QCOMPARE(m.method, e.value(QStringLiteral("method")).toInt());
        QCOMPARE(m.size, qint64(e.value(QStringLiteral("size")).toDouble()));
        QCOMPARE(m.storedSize, qint64(e.value(QStringLiteral("compressed_size")).toDouble()));
        QCOMPARE(qint64(m.crc32), qint64(e.value(QStringLiteral("crc")).toDouble()));
        QCOMPARE(!m.warning.isEmpty(), e.value(QStringLiteral("shadowed")).toBool() || !m.warning.isEmpty());
        const QString error = e.value(QStringLiteral("error")).toString();
        if (e.value(QStringLiteral("is_array")).toBool()) {
            QVERIFY2(m.isArray, qPrintable(label + QStringLiteral(": ") + m.error));
            QCOMPARE(m.header.dtype.descr(), e.value(QStringLiteral("descr")).toString());
            QCOMPARE(m.header.shapeText(), shapeText(e.value(QStringLiteral("shape")).toArray()));
            QCOMPARE(m.header.fortranOrder, e.value(QStringLiteral("fortran_order")).toBool());
            QCOMPARE(m.header.dataOffset, qint64(e.value(QStringLiteral("data_offset")).toDouble()));
            if (error == QStringLiteral("pickled")) {
                QVERIFY(!m.error.isEmpty());
                auto loaded = src.load(i);
                QVERIFY(!loaded.ok());
                QVERIFY2(loaded.error().contains(QStringLiteral("member '%1'").arg(label)), qPrintable(loaded.error()));
                continue;
            }
            QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
            auto loaded = src.load(i);
            QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
            QCOMPARE(loaded->nbytes(), m.header.dataBytes);
            QCOMPARE(sha256(loaded->data(), loaded->nbytes()), e.value(QStringLiteral("sha256")).toString());
            QCOMPARE(loaded->isMapped(), m.compression == Compression::Stored && loaded->nbytes() > 0);
        } else {
            QVERIFY2(!m.isArray, qPrintable(label));
            if (!error.isEmpty()) {
                QVERIFY2(m.error.contains(error), qPrintable(label + QStringLiteral(": ") + m.error));
                auto loaded = src.load(i);
                QVERIFY(!loaded.ok());
                QVERIFY2(loaded.error().contains(QStringLiteral("member '%1'").arg(label)), qPrintable(loaded.error()));
                QVERIFY2(loaded.error().contains(path), qPrintable(loaded.error()));
                if (m.compression == Compression::Unsupported)
                    continue;
            } else {
                QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
                QVERIFY(!src.load(i).ok());
            }
            auto raw = src.readRaw(i);
            QVERIFY2(raw.ok(), qPrintable(raw.error()));
            QCOMPARE(sha256(raw->constData(), raw->size()), e.value(QStringLiteral("raw_sha256")).toString());
        }
    }
    // Keys: np.load(f).files in archive order.
    QStringList keys;
    for (const MemberInfo &m : src.members())
        keys.append(m.name);
    QStringList expectedKeys;
    for (const QJsonValue &k : expected.value(QStringLiteral("keys")).toArray())
        expectedKeys.append(k.toString());
    QCOMPARE(keys, expectedKeys);
}

void TestNpzReader::hostile_data()
{
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject doc = readJson(dataDir() + QStringLiteral("/hostile_npz/expected.json"));
    QVERIFY2(!doc.isEmpty(), "tests/data/hostile_npz/expected.json missing: run gen_hostile_npz.py");
    for (const QJsonValue &v : doc.value(QStringLiteral("cases")).toArray()) {
        const QJsonObject o = v.toObject();
        QTest::newRow(qPrintable(o.value(QStringLiteral("file")).toString())) << o;
    }
}

void TestNpzReader::hostile()
{
    QFETCH(QJsonObject, expected);
    const QString path =
        dataDir() + QStringLiteral("/hostile_npz/") + expected.value(QStringLiteral("file")).toString();
    auto opened = openNpz(path);
    const QJsonValue openError = expected.value(QStringLiteral("open_error"));
    if (openError.isString()) {
        QVERIFY2(!opened.ok(), "a broken container must fail to open");
        QVERIFY2(opened.error().startsWith(path + QStringLiteral(": ")), qPrintable(opened.error()));
        QVERIFY2(opened.error().contains(openError.toString()), qPrintable(opened.error()));
        return;
    }
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    const Source &src = *opened.value();
    const QJsonObject members = expected.value(QStringLiteral("members")).toObject();
    for (int i = 0; i < src.members().size(); ++i) {
        const MemberInfo &m = src.members()[i];
        const QString label = QStringLiteral("%1: member '%2'").arg(path, m.archiveName);
        if (m.archiveName == QStringLiteral("good.npy") || m.archiveName == QStringLiteral("good2.npy")) {
            if (members.contains(m.archiveName))
                continue;
            QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
            auto loaded = src.load(i);
            QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
            QVERIFY(loaded->nbytes() > 0);
            QVERIFY(src.readRaw(i).ok());
            continue;
        }
        QVERIFY2(members.contains(m.archiveName), qPrintable(QStringLiteral("unexpected member ") + m.archiveName));
        const QJsonObject e = members.value(m.archiveName).toObject();
        if (e.contains(QStringLiteral("error"))) {
            QVERIFY2(!m.error.isEmpty(), qPrintable(label + QStringLiteral(" opened without error")));
            QVERIFY2(m.error.contains(e.value(QStringLiteral("error")).toString()), qPrintable(m.error));
            auto loaded = src.load(i);
            QVERIFY(!loaded.ok());
            QVERIFY2(loaded.error().startsWith(label + QStringLiteral(": ")), qPrintable(loaded.error()));
        } else if (e.contains(QStringLiteral("load_error"))) {
            auto loaded = src.load(i);
            QVERIFY2(!loaded.ok(), qPrintable(label + QStringLiteral(" loaded")));
            QVERIFY2(loaded.error().startsWith(label + QStringLiteral(": ")), qPrintable(loaded.error()));
            QVERIFY2(loaded.error().contains(e.value(QStringLiteral("load_error")).toString()),
                     qPrintable(loaded.error()));
            QVERIFY(!src.readRaw(i).ok());
        } else if (e.contains(QStringLiteral("raw_error"))) {
            auto raw = src.readRaw(i);
            QVERIFY(!raw.ok());
            QVERIFY2(raw.error().startsWith(label + QStringLiteral(": ")), qPrintable(raw.error()));
            QVERIFY2(raw.error().contains(e.value(QStringLiteral("raw_error")).toString()), qPrintable(raw.error()));
        } else if (e.value(QStringLiteral("not_array")).toBool()) {
            QVERIFY2(!m.isArray && m.error.isEmpty(), qPrintable(m.error));
            QVERIFY(!src.load(i).ok());
        } else {
            QVERIFY2(m.error.isEmpty(), qPrintable(m.error));
            auto loaded = src.load(i);
            QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
            QCOMPARE(src.indexOf(m.name), i);
        }
    }
}

void TestNpzReader::stored_isMapped()
{
    auto opened = openNpz(dataDir() + QStringLiteral("/npz/savez_basic.npz"));
    QVERIFY(opened.ok());
    const int i = opened.value()->indexOf(QStringLiteral("x"));
    QVERIFY(i >= 0);
    auto a = opened.value()->load(i);
    QVERIFY(a.ok());
    QVERIFY(a->isMapped());
    double v;
    memcpy(&v, a->element(9), sizeof v);
    QCOMPARE(v, 9.0);
}

void TestNpzReader::duplicates()
{
    auto opened = openNpz(dataDir() + QStringLiteral("/npz/duplicates.npz"));
    QVERIFY(opened.ok());
    const Source &src = *opened.value();
    QCOMPARE(src.members().size(), 3);
    QVERIFY(!src.members()[0].warning.isEmpty());
    QVERIFY(!src.members()[2].warning.isEmpty());
    QVERIFY(src.members()[1].warning.isEmpty());
    QCOMPARE(src.indexOf(QStringLiteral("a")), 2);
    auto a = src.load(src.indexOf(QStringLiteral("a")));
    QVERIFY(a.ok());
    QCOMPARE(a->size(), 4);
}

void TestNpzReader::bzip2Lzma_restReadable()
{
    // Members Python's zipfile wrote with bzip2 and LZMA read like the others (loaded and
    // streamed, CRC checked); a method nobody decodes stays listed with the reason.
    auto opened = openNpz(dataDir() + QStringLiteral("/npz/bzip2_lzma.npz"));
    QVERIFY(opened.ok());
    const Source &src = *opened.value();
    const MemberInfo &bz = src.members()[src.indexOf(QStringLiteral("bz"))];
    const MemberInfo &xz = src.members()[src.indexOf(QStringLiteral("xz"))];
    QCOMPARE(bz.compression, Compression::Bzip2);
    QCOMPARE(xz.compression, Compression::Lzma);
    QVERIFY2(bz.error.isEmpty() && bz.isArray, qPrintable(bz.error));
    QVERIFY2(xz.error.isEmpty() && xz.isArray, qPrintable(xz.error));
    auto first = src.load(src.indexOf(QStringLiteral("first")));
    QVERIFY(first.ok());
    const QByteArray want(reinterpret_cast<const char *>(first->data()), qsizetype(first->nbytes()));
    for (const char *key : {"bz", "xz"}) {
        const int i = src.indexOf(QString::fromLatin1(key));
        auto a = src.load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(a->data()), qsizetype(a->nbytes())), want);
        QByteArray streamed;
        const Status st = src.readData(i, [&](const uchar *p, qint64 n) {
            streamed.append(reinterpret_cast<const char *>(p), qsizetype(n));
            return true;
        });
        QVERIFY2(st.ok(), qPrintable(st.error()));
        QCOMPARE(streamed, want);
    }
    for (const char *key : {"first", "middle", "last"}) {
        auto a = src.load(src.indexOf(QString::fromLatin1(key)));
        QVERIFY2(a.ok(), qPrintable(a.error()));
        QCOMPARE(a->size(), 6);
    }
}

void TestNpzReader::bzip2LzmaOverOneRead()
{
    // A compressed member is read from the archive 1 MiB at a time: bzip2 and LZMA members of several MiB of
    // incompressible data must take every piece after the first (LZMA once stopped after its first MiB).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.npz"));
    QString output;
    QVERIFY2(npytest::runPython(QStringLiteral("import io, sys, zipfile, numpy as np\n"
                                               "a = np.random.default_rng(5).standard_normal(400000)\n"
                                               "b = io.BytesIO(); np.save(b, a)\n"
                                               "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n"
                                               "    z.writestr('bz.npy', b.getvalue(), zipfile.ZIP_BZIP2)\n"
                                               "    z.writestr('xz.npy', b.getvalue(), zipfile.ZIP_LZMA)\n"
                                               "print(a.tobytes().hex()[-64:])\n"),
                                {path}, &output),
             qPrintable(output));
    auto opened = openNpz(path);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    const Source &src = *opened.value();
    for (const char *key : {"bz", "xz"}) {
        const int i = src.indexOf(QString::fromLatin1(key));
        QVERIFY(src.members()[i].storedSize > (qint64(1) << 21));
        auto a = src.load(i);
        QVERIFY2(a.ok(), qPrintable(a.error()));
        const QByteArray bytes(reinterpret_cast<const char *>(a->data()), qsizetype(a->nbytes()));
        QCOMPARE(QString::fromLatin1(bytes.right(32).toHex()), output.trimmed());
        const Status verified = verifyMember(src, i);
        QVERIFY2(verified.ok(), qPrintable(verified.error()));
    }
}

void TestNpzReader::sourceOpenDispatches()
{
    auto opened = openSource(dataDir() + QStringLiteral("/npz/savez_compressed_basic.npz"));
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    QCOMPARE(opened.value()->format(), FileFormat::Npz);
    QCOMPARE(opened.value()->members().size(), 4);
    auto empty = openSource(dataDir() + QStringLiteral("/npz/empty.npz"));
    QVERIFY2(empty.ok(), qPrintable(empty.error()));
    QCOMPARE(empty.value()->members().size(), 0);
}

void TestNpzReader::inflateStepwise()
{
    QByteArray plain(300000, Qt::Uninitialized);
    for (int i = 0; i < plain.size(); ++i)
        plain[i] = char((i * 7) % 251 ^ (i >> 9));
    QByteArray packed;
    QString error;
    // Two joined pieces, as the writer makes them.
    QByteArray second;
    QVERIFY(codec::deflatePiece(reinterpret_cast<const uchar *>(plain.constData()), 100000, false, 6, &packed, &error));
    QVERIFY(codec::deflatePiece(reinterpret_cast<const uchar *>(plain.constData()) + 100000, 200000, true, 6, &second,
                                &error));
    packed += second;
    const auto *in = reinterpret_cast<const uchar *>(packed.constData());
    QByteArray out(plain.size(), Qt::Uninitialized);
    auto *o = reinterpret_cast<uchar *>(out.data());
    QVERIFY(codec::inflateExact(in, packed.size(), o, out.size()).ok());
    QCOMPARE(out, plain);
    out.fill(0);
    qint64 last = 0;
    int calls = 0;
    Status st = codec::inflateStepwise(in, packed.size(), o, out.size(), 4096, [&](qint64 done) {
        last = done;
        ++calls;
        return true;
    });
    QVERIFY2(st.ok(), qPrintable(st.error()));
    QCOMPARE(out, plain);
    QCOMPARE(last, qint64(plain.size()));
    QVERIFY(calls > 10);
    st = codec::inflateStepwise(in, packed.size(), o, out.size(), 4096, [](qint64 done) { return done < 50000; });
    QCOMPARE(st.error(), QStringLiteral("cancelled"));
    st = codec::inflateStepwise(in, packed.size(), o, out.size() - 1, 4096, {});
    QVERIFY2(st.error().contains(QStringLiteral("zip bomb")), qPrintable(st.error()));
    QVERIFY(codec::inflateExact(in, packed.size(), o, out.size() - 1).error().contains(QStringLiteral("zip bomb")));
    QByteArray bigger(plain.size() + 10, Qt::Uninitialized);
    st = codec::inflateStepwise(in, packed.size(), reinterpret_cast<uchar *>(bigger.data()), bigger.size(), 4096, {});
    QVERIFY2(st.error().contains(QStringLiteral("inflates to only")), qPrintable(st.error()));
    st = codec::inflateStepwise(in, packed.size() / 2, o, out.size(), 4096, {});
    QVERIFY2(st.error().contains(QStringLiteral("corrupt")), qPrintable(st.error()));
    QVERIFY(!codec::inflateExact(in, packed.size() / 2, o, out.size()).ok());
}

void TestNpzReader::truncatedArchives_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray files =
        readJson(dataDir() + QStringLiteral("/truncated/expected.json")).value(QStringLiteral("files")).toArray();
    QVERIFY(files.size() > 10);
    for (const QJsonValue &v : files) {
        const QString file = v[QStringLiteral("file")].toString();
        if (file.endsWith(QStringLiteral(".npz")))
            QTest::newRow(qPrintable(file)) << v.toObject();
    }
}

void TestNpzReader::truncatedArchives()
{
    // Cut archives (np.savez, np.savez_compressed, and both stream-written with data descriptors) open
    // by scanning their local headers: complete members read back equal to the whole archive's.
    QFETCH(QJsonObject, entry);
    const QString dir = dataDir() + QStringLiteral("/truncated/");
    auto full = openSource(dir + entry.value(QStringLiteral("full")).toString());
    QVERIFY2(full.ok(), qPrintable(full.error()));
    auto cut = openSource(dir + entry.value(QStringLiteral("file")).toString());
    QVERIFY2(cut.ok(), qPrintable(cut.error()));
    const Source &src = *cut.value();
    QStringList complete;
    QStringList lost;
    for (int i = 0; i < src.members().size(); ++i) {
        const MemberInfo &m = src.members()[i];
        if (!m.error.isEmpty()) {
            QVERIFY2(m.truncated, qPrintable(m.error));
            QVERIFY2(m.error.contains(QStringLiteral("lost")), qPrintable(m.error));
            QVERIFY(!src.load(i).ok());
            lost << m.name;
            continue;
        }
        complete << m.name;
        auto got = src.load(i);
        QVERIFY2(got.ok(), qPrintable(got.error()));
        auto want = full.value()->load(full.value()->indexOf(m.name));
        QVERIFY2(want.ok(), qPrintable(want.error()));
        QCOMPARE(got->header().dtype.descr(), want->header().dtype.descr());
        QCOMPARE(got->shape(), want->shape());
        QCOMPARE(sha256(got->data(), got->nbytes()), sha256(want->data(), want->nbytes()));
        QVERIFY(src.readData(i, [](const uchar *, qint64) { return true; }).ok());
    }
    QStringList wantComplete;
    for (const QJsonValue &v : entry.value(QStringLiteral("complete")).toArray())
        wantComplete << v.toString();
    QStringList wantLost;
    for (const QJsonValue &v : entry.value(QStringLiteral("lost")).toArray())
        wantLost << v.toString();
    QCOMPARE(complete, wantComplete);
    QCOMPARE(lost, wantLost);
}

void TestNpzReader::damagedArchivesNeverCrash()
{
    // Lying sizes, garbage and cuts anywhere: the scan either lists members or fails, never crashes,
    // and whatever it lists either loads or says why.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QRandomGenerator rng(16);
    int opened = 0;
    for (const char *name : {"stream_compressed_full.npz", "stream_stored_full.npz", "stored_full.npz",
                             "compressed_full.npz"}) {
        QFile f(dataDir() + QStringLiteral("/truncated/") + QLatin1String(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray whole = f.readAll();
        for (int round = 0; round < 60; ++round) {
            QByteArray bytes = whole.left(rng.bounded(whole.size()));
            const int flips = rng.bounded(1, 6);
            for (int k = 0; k < flips && !bytes.isEmpty(); ++k)
                bytes[rng.bounded(bytes.size())] = char(rng.bounded(256));
            if (round % 7 == 0 && bytes.size() > 30)
                bytes.replace(18, 8, QByteArray(8, char(0xFF))); // the first member's sizes lie
            const QString path = tmp.filePath(QStringLiteral("damaged.npz"));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(bytes);
            out.close();
            auto src = openSource(path);
            if (!src)
                continue;
            ++opened;
            for (int i = 0; i < src.value()->members().size(); ++i) {
                auto loaded = src.value()->load(i);
                QVERIFY(loaded.ok() || !loaded.error().isEmpty());
            }
        }
    }
    QVERIFY(opened > 0);

    // Thousands of stream-written STORED headers and no descriptor: each one would search the rest
    // of the file; the scan's read-ahead budget keeps this linear. All are lost, none hangs.
    QByteArray header(30, '\0');
    header.replace(0, 4, QByteArrayLiteral("PK\x03\x04"));
    header[4] = 20;
    header[6] = 0x08; // data descriptor
    header[26] = 1;   // a one-byte name
    header += 'x';
    QByteArray spurious;
    for (int i = 0; i < 40000; ++i)
        spurious += header;
    const QString path = tmp.filePath(QStringLiteral("spurious.npz"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(spurious);
    out.close();
    auto src = openSource(path);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    for (const MemberInfo &m : src.value()->members())
        QVERIFY(m.truncated);
}

void TestNpzReader::truncatedNpy()
{
    const QString path = dataDir() + QStringLiteral("/truncated/image_cut75.npy");
    auto src = openSource(path);
    QVERIFY2(src.ok(), qPrintable(src.error()));
    const MemberInfo &m = src.value()->members().first();
    QVERIFY(m.truncated);
    QVERIFY2(m.error.contains(QStringLiteral("truncated")), qPrintable(m.error));
    QVERIFY(!src.value()->load(0).ok());
}

QTEST_GUILESS_MAIN(TestNpzReader)
#include "tst_npzreader.moc"
