// The core API the app builds its structural edits on: ArrayTransform (views that cost nothing, copies
// in bounded memory, streaming from compressed members, materialising into memory or a file, the cast
// check), Layout's NumPy rules, the strided copy at every buffer size, and insert/delete along an axis
// against np.insert and np.delete (tests/data/transform/axisedit, written by gen_transform_fixtures.py).

#include "arraytransform.h"
#include "axisedit.h"
#include "bytestore.h"
#include "npyfile.h"
#include "opensource.h"
#include "saver.h"
#include "testdata.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cstring>

using namespace npy;
using namespace npytest;

namespace {

QString convertData(const QString &name)
{
    return dataPath(QStringLiteral("transform/convert/") + name);
}

/** The .npy bytes writeNpy() gives for \a array (header and data). */
QByteArray npyBytes(const NpyArray &array)
{
    QBuffer b;
    b.open(QIODevice::WriteOnly);
    if (!writeNpy(&b, array))
        return QByteArray();
    return b.data();
}

/** The .npy bytes of a transform's result, streamed. */
QByteArray transformBytes(const ArrayTransform &t, const TransformOptions &options = {})
{
    Result<QByteArray> header = buildNpyHeader(t.header().dtype, t.header().shape, t.header().fortranOrder);
    if (!header)
        return QByteArray();
    QByteArray out = header.value();
    Status st = t.writeData(
        [&](const uchar *p, qint64 n) {
            out.append(reinterpret_cast<const char *>(p), qsizetype(n));
            return true;
        },
        {}, options);
    return st ? out : QByteArray();
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

DType dt(const char *text)
{
    DType t;
    QString error;
    if (!DType::fromTypeString(QLatin1String(text), &t, &error))
        qFatal("%s", qPrintable(error));
    return t;
}

NpyArray loadNpy(const QString &path)
{
    Result<NpyArray> a = readNpyFile(path);
    if (!a)
        qFatal("%s", qPrintable(a.error()));
    return a.value();
}

} // namespace

class TestTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutFlags();
    void layoutErrors_data();
    void layoutErrors();
    void transposeOfMappedIsView();
    void reshapeInOwnOrderIsView();
    void copyAtEveryBufferSize_data();
    void copyAtEveryBufferSize();
    void materialize();
    void streamsCompressedMember();
    void checkAstypeReportsIndex();
    void refusedCastLeavesTransform();
    void producerSaves();
    void axisEdit_data();
    void axisEdit();
    void axisEditProgressAndCancel_data();
    void axisEditProgressAndCancel();
    void axisEditErrors();
};

void TestTransform::layoutFlags()
{
    const Layout c = Layout::contiguous({2, 3, 4}, MemoryOrder::C);
    QCOMPARE(c.strides, (QList<qint64>{12, 4, 1}));
    QVERIFY(c.isCContiguous() && !c.isFContiguous());
    QVERIFY(c.reversed().isFContiguous());
    // Axes of length 1 do not count; an empty array is both (NumPy's relaxed flags).
    const Layout ones{{1, 5, 1}, {99, 1, 7}};
    QVERIFY(ones.isCContiguous() && ones.isFContiguous());
    const Layout empty{{3, 0}, {5, 9}};
    QVERIFY(empty.isCContiguous() && empty.isFContiguous());
    const Layout emptyFirst{{0, 2, 2}, {1, 7, 3}};
    QVERIFY(emptyFirst.isCContiguous() && emptyFirst.isFContiguous());
    Layout v;
    // A C array reshaped in F order: NumPy copies (no view) unless the axes allow one.
    QVERIFY(!reshapeView(c, {4, 6}, MemoryOrder::F, &v));
    QVERIFY(reshapeView(c, {6, 4}, MemoryOrder::C, &v));
    QCOMPARE(v.strides, (QList<qint64>{4, 1}));
    // The transpose of a C array is an F view; reshaping it in F order is a view too.
    const Layout t = c.reversed();
    QVERIFY(reshapeView(t, {2, 12}, MemoryOrder::F, &v));
    QVERIFY(v.isFContiguous());
    QCOMPARE(unravelIndex(7, {2, 3, 4}, MemoryOrder::C), (QList<qint64>{0, 1, 3}));
    QCOMPARE(unravelIndex(7, {2, 3, 4}, MemoryOrder::F), (QList<qint64>{1, 0, 1}));
    QCOMPARE(indexText({4}), QStringLiteral("(4,)"));
}

void TestTransform::layoutErrors_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QList<qint64>>("values");
    QTest::addColumn<QString>("message");
    QTest::newRow("axes short") << 0 << QList<qint64>{0, 1} << "axes don't match array";
    QTest::newRow("axis out") << 0 << QList<qint64>{0, 1, 3} << "axis 3 is out of bounds for array of dimension 3";
    QTest::newRow("repeated") << 0 << QList<qint64>{0, 1, -3} << "repeated axis in transpose";
    QTest::newRow("size") << 1 << QList<qint64>{5, 5} << "cannot reshape array of size 24 into shape (5, 5)";
    QTest::newRow("two unknown") << 1 << QList<qint64>{-1, -1} << "can only specify one unknown dimension";
    QTest::newRow("unknown misfit") << 1 << QList<qint64>{5, -1} << "cannot reshape array of size 24 into shape (5, -1)";
    QTest::newRow("negative") << 1 << QList<qint64>{-2, -12} << "negative dimensions not allowed";
}

void TestTransform::layoutErrors()
{
    QFETCH(int, kind);
    QFETCH(QList<qint64>, values);
    QFETCH(QString, message);
    const Layout c = Layout::contiguous({2, 3, 4}, MemoryOrder::C);
    const QString error = kind == 0 ? transposeLayout(c, values).error() : resolveShape(values, 24).error();
    QCOMPARE(error, message);
}

void TestTransform::transposeOfMappedIsView()
{
    // np.transpose of a mapped 2-D array: the same bytes read as Fortran order, O(1), nothing copied.
    const NpyArray a = loadNpy(convertData(QStringLiteral("a.npy")));
    QVERIFY(a.isMapped());
    ArrayTransform t(a, QStringLiteral("a.npy"));
    QVERIFY(t.transpose());
    QVERIFY(t.isView());
    QCOMPARE(t.header().shape, (QList<qint64>{4, 3}));
    QVERIFY(t.header().fortranOrder);
    Result<NpyArray> v = t.view();
    QVERIFY(v.ok() && !v->isNull());
    QCOMPARE(v->data(), a.data());
    QVERIFY(v->isMapped());
    QCOMPARE(*reinterpret_cast<const double *>(v->element(1)), 1.25 * 4); // v[0, 1] == a[1, 0]
    // Materialising a view costs nothing either.
    Result<NpyArray> m = t.materialize();
    QVERIFY(m.ok());
    QCOMPARE(m->data(), a.data());
    // A 3-D transpose by (1, 0, 2) is no view: elements move.
    const NpyArray f3 = loadNpy(convertData(QStringLiteral("f3.npy")));
    ArrayTransform u(f3);
    QVERIFY(u.transpose({1, 0, 2}));
    QVERIFY(!u.isView());
    QVERIFY(u.view()->isNull());
    // ...but still a strided view of the source's bytes (Fortran order: axis 0 fastest).
    Layout strided;
    QVERIFY(u.stridedView(&strided));
    QCOMPARE(strided.shape, (QList<qint64>{3, 2, 4}));
    QCOMPARE(strided.strides, (QList<qint64>{2, 1, 6}));
    QVERIFY(u.astype(dt("<f8")));
    QVERIFY(!u.stridedView(&strided));
}

void TestTransform::reshapeInOwnOrderIsView()
{
    const NpyArray f3 = loadNpy(convertData(QStringLiteral("f3.npy")));
    ArrayTransform t(f3);
    QVERIFY(t.reshape({6, -1}, MemoryOrder::F));
    QVERIFY(t.isView());
    QCOMPARE(t.header().shape, (QList<qint64>{6, 4}));
    QVERIFY(t.header().fortranOrder);
    ArrayTransform c(f3);
    QVERIFY(c.reshape({6, 4}, MemoryOrder::C));
    QVERIFY(!c.isView());
    QCOMPARE(c.steps(), QStringList{QStringLiteral("reshape (6, 4) order C")});
}

void TestTransform::copyAtEveryBufferSize_data()
{
    QTest::addColumn<qint64>("buffer");
    // From a band of one element (or the element-by-element path) up to the whole array at once.
    for (qint64 b : {qint64(1), qint64(8), qint64(40), qint64(100), qint64(1000), qint64(16) << 20})
        QTest::newRow(qPrintable(QString::number(b))) << b;
}

void TestTransform::copyAtEveryBufferSize()
{
    QFETCH(qint64, buffer);
    auto src = openSource(convertData(QStringLiteral("src.npz")));
    QVERIFY(src.ok());
    // NumPy's answers: the expected files of the transpose and chain cases of cases.json.
    QFile f(convertData(QStringLiteral("cases.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QHash<QString, QString> expected;
    for (const QJsonValue &c : QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("cases")].toArray())
        expected.insert(c[QStringLiteral("name")].toString(),
                        c[QStringLiteral("members")].toObject().value(QStringLiteral("c3")).toString());
    TransformOptions options;
    options.bufferBytes = buffer;
    struct Case
    {
        const char *name;
        QList<qint64> axes;
    };
    for (const Case &c : {Case{"c3_transpose_1_0_2", {1, 0, 2}}, Case{"c3_transpose_2_0_1", {2, 0, 1}},
                          Case{"c3_transpose_0_2_1", {0, 2, 1}}, Case{"c3_transpose_default", {}}}) {
        Result<ArrayTransform> t = ArrayTransform::ofMember(src.value(), src.value()->indexOf(QStringLiteral("c3")));
        QVERIFY(t.ok());
        QVERIFY(t->transpose(c.axes));
        QVERIFY2(transformBytes(t.value(), options) == fileBytes(convertData(expected.value(QLatin1String(c.name)))),
                 c.name);
    }
    Result<ArrayTransform> t = ArrayTransform::ofMember(src.value(), src.value()->indexOf(QStringLiteral("c3")));
    QVERIFY(t->transpose({1, 0, 2}));
    QVERIFY(t->reshape({6, 4}));
    QVERIFY(t->transpose());
    QVERIFY(transformBytes(t.value(), options)
            == fileBytes(convertData(expected.value(QStringLiteral("chain_transpose_reshape_transpose")))));
}

void TestTransform::materialize()
{
    auto src = openSource(convertData(QStringLiteral("src.npz")));
    QVERIFY(src.ok());
    Result<ArrayTransform> t = ArrayTransform::ofMember(src.value(), src.value()->indexOf(QStringLiteral("c3")));
    QVERIFY(t.ok());
    QVERIFY(t->transpose({2, 0, 1}));
    QVERIFY(t->astype(dt("<f4"), Casting::SameKind));
    const QByteArray want = transformBytes(t.value());
    QVERIFY(!want.isEmpty());
    // In memory under the budget; over it, in a temporary file mapped back.
    Result<NpyArray> inMemory = t->materialize();
    QVERIFY2(inMemory.ok(), qPrintable(inMemory.error()));
    QVERIFY(!inMemory->isMapped());
    QCOMPARE(npyBytes(inMemory.value()), want);
    QTemporaryDir tmp;
    TransformOptions options;
    options.memoryBudget = 0;
    options.tempDir = tmp.path();
    Result<NpyArray> inFile = t->materialize({}, options);
    QVERIFY2(inFile.ok(), qPrintable(inFile.error()));
    QVERIFY(inFile->isMapped());
    QCOMPARE(npyBytes(inFile.value()), want);
    // The file's name is gone; its map stays.
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TestTransform::streamsCompressedMember()
{
    // An astype of a compressed member streams (no element moves): the same bytes as from the stored one.
    auto stored = openSource(convertData(QStringLiteral("src.npz")));
    auto deflated = openSource(convertData(QStringLiteral("srcz.npz")));
    QVERIFY(stored.ok() && deflated.ok());
    for (const char *name : {"f8", "be8", "f3", "u"}) {
        Result<ArrayTransform> a = ArrayTransform::ofMember(stored.value(), stored.value()->indexOf(QLatin1String(name)));
        Result<ArrayTransform> b =
            ArrayTransform::ofMember(deflated.value(), deflated.value()->indexOf(QLatin1String(name)));
        QVERIFY(a.ok() && b.ok());
        const DType target = *name == 'u' ? dt("S5") : dt(">f4");
        QVERIFY(a->astype(target));
        QVERIFY(b->astype(target));
        TransformOptions small;
        small.bufferBytes = 24; // pieces smaller than an element of the archive's stream
        const QByteArray x = transformBytes(a.value());
        QVERIFY(!x.isEmpty());
        QCOMPARE(transformBytes(b.value(), small), x);
    }
}

void TestTransform::checkAstypeReportsIndex()
{
    auto src = openSource(convertData(QStringLiteral("src.npz")));
    QVERIFY(src.ok());
    Result<ArrayTransform> t = ArrayTransform::ofMember(src.value(), src.value()->indexOf(QStringLiteral("i4")));
    QVERIFY(t.ok());
    // i4 = [[0, 1, -1, 32767, 32768], [-32769, 65536, 70000, -2**31, 2**31 - 1]]
    Result<CastReport> r = t->checkAstype(dt("<i2"));
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r->overflow, qint64(6));
    QCOMPARE(r->count, qint64(10));
    QCOMPARE(t->indexOfPosition(r->firstPosition), (QList<qint64>{0, 4}));
    // After a transpose the source's own index is reported (the elements are read in memory order).
    QVERIFY(t->transpose());
    r = t->checkAstype(dt("<u2"));
    QVERIFY(r.ok());
    QCOMPARE(t->indexOfPosition(r->firstPosition), (QList<qint64>{0, 2}));
    QVERIFY(t->isView()); // a check changes nothing
}

void TestTransform::refusedCastLeavesTransform()
{
    const NpyArray a = loadNpy(convertData(QStringLiteral("a.npy")));
    ArrayTransform t(a, QStringLiteral("a.npy"));
    Status st = t.astype(dt("<f4"), Casting::Safe);
    QVERIFY(!st);
    QVERIFY2(st.error().contains(QLatin1String("float64")) && st.error().contains(QLatin1String("float32"))
                 && st.error().contains(QLatin1String("'safe'")),
             qPrintable(st.error()));
    QVERIFY(t.isIdentity());
    QVERIFY(!t.transpose({0, 0}));
    QVERIFY(t.isIdentity());
}

void TestTransform::producerSaves()
{
    // A producer in a SaveMember: the .npy is written as it is produced, and the reports arrive.
    const NpyArray a = loadNpy(convertData(QStringLiteral("a.npy")));
    ArrayTransform t(a);
    QVERIFY(t.transpose());
    QVERIFY(t.contiguous(MemoryOrder::C));
    QVERIFY(t.astype(dt("i1")));
    QTemporaryDir tmp;
    SaveMember m;
    m.key = QStringLiteral("a");
    auto reports = std::make_shared<QList<CastReport>>();
    m.producer = t.producer({}, reports);
    const QString path = tmp.filePath(QStringLiteral("a.npy"));
    QVERIFY(saveFile(path, {m}, SaveFormat::Npy));
    QCOMPARE(fileBytes(path), transformBytes(t));
    QCOMPARE(reports->size(), 1);
    QCOMPARE(reports->first().count, qint64(12));
    QCOMPARE(reports->first().precision, qint64(9)); // 1.25 * k has a fraction unless 4 divides k
}

void TestTransform::axisEdit_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QFile f(dataPath(QStringLiteral("transform/axisedit/cases.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray all = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("cases")].toArray();
    QVERIFY(all.size() >= 10);
    for (const QJsonValue &c : all)
        QTest::newRow(qPrintable(c[QStringLiteral("name")].toString())) << c.toObject();
}

void TestTransform::axisEdit()
{
    QFETCH(QJsonObject, entry);
    const NpyArray a = loadNpy(dataPath(QStringLiteral("transform/axisedit/") + entry[QStringLiteral("source")].toString()));
    const qint64 axis = entry[QStringLiteral("axis")].toInt();
    const qint64 at = entry[QStringLiteral("at")].toInt();
    const qint64 count = entry[QStringLiteral("count")].toInt();
    const QByteArray fill = QByteArray::fromHex(entry[QStringLiteral("fill")].toString().toLatin1());
    auto expected = openSource(dataPath(QStringLiteral("transform/axisedit/expected.npz")));
    QVERIFY(expected.ok());
    Result<QByteArray> want = expected.value()->readRaw(expected.value()->indexOf(entry[QStringLiteral("name")].toString()));
    QVERIFY(want.ok());
    // In memory, and over a budget of 0 bytes in a temporary file mapped back: the same bytes as NumPy's.
    for (const bool spill : {false, true}) {
        QTemporaryDir tmp;
        TransformOptions options;
        options.tempDir = tmp.path();
        if (spill)
            options.memoryBudget = 0;
        Result<NpyArray> r = entry[QStringLiteral("op")].toString() == QLatin1String("insert")
                                 ? insertAlongAxis(a, axis, at, count, fill, {}, options)
                                 : deleteAlongAxis(a, axis, at, count, {}, options);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(npyBytes(r.value()), want.value());
        QCOMPARE(r->isMapped(), spill && r->nbytes() > 0);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }
    // The source is untouched.
    QCOMPARE(npyBytes(a), fileBytes(dataPath(QStringLiteral("transform/axisedit/") + entry[QStringLiteral("source")].toString())));
}

void TestTransform::axisEditProgressAndCancel_data()
{
    QTest::addColumn<bool>("insert");
    QTest::addColumn<bool>("spill");
    QTest::newRow("insert, memory") << true << false;
    QTest::newRow("insert, file") << true << true;
    QTest::newRow("delete, memory") << false << false;
    QTest::newRow("delete, file") << false << true;
}

void TestTransform::axisEditProgressAndCancel()
{
    QFETCH(bool, insert);
    QFETCH(bool, spill);
    // 48 MiB of int32 as 3 rows: the rows are written in 16 MiB pieces, each reported.
    NpyHeader h;
    h.dtype = dt("<i4");
    h.shape = {3, qint64(4) << 20};
    h.elementCount = 3 * (qint64(4) << 20);
    h.dataBytes = h.elementCount * 4;
    QByteArray bytes(qsizetype(h.dataBytes), '\0');
    for (qsizetype i = 0; i < bytes.size(); i += 4)
        bytes[i] = char(i / 4);
    const NpyArray a(h, ByteStore::fromBytes(bytes), 0);
    QTemporaryDir tmp;
    TransformOptions options;
    options.tempDir = tmp.path();
    if (spill)
        options.memoryBudget = 0;
    QList<qint64> done;
    qint64 total = 0;
    Progress progress;
    progress.report = [&](qint64 d, qint64 t) {
        done.append(d);
        total = t;
    };
    auto run = [&]() {
        return insert ? insertAlongAxis(a, 0, 1, 1, {}, progress, options) : deleteAlongAxis(a, 0, 1, 1, progress, options);
    };
    Result<NpyArray> r = run();
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r->isMapped(), spill);
    QCOMPARE(total, r->nbytes());
    QVERIFY(done.size() >= 2);
    QVERIFY(std::is_sorted(done.cbegin(), done.cend()));
    QCOMPARE(done.last(), total);
    // The kept rows are the source's: row 0 first, then row 2 (delete) or the new zeros and rows 1 and 2 (insert).
    const qint64 row = h.shape[1] * 4;
    QCOMPARE(std::memcmp(r->data(), a.data(), size_t(row)), 0);
    if (insert) {
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(r->data()) + row, qsizetype(row)), QByteArray(qsizetype(row), '\0'));
        QCOMPARE(std::memcmp(r->data() + 2 * row, a.data() + row, size_t(2 * row)), 0);
    } else {
        QCOMPARE(std::memcmp(r->data() + row, a.data() + 2 * row, size_t(row)), 0);
    }
    // Cancelled: a failure, and no temporary file left behind.
    std::atomic_bool cancel(true);
    progress.cancel = &cancel;
    const Result<NpyArray> stopped = run();
    QVERIFY(!stopped.ok());
    QVERIFY2(stopped.error().contains(QLatin1String("cancelled")), qPrintable(stopped.error()));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TestTransform::axisEditErrors()
{
    const NpyArray a = loadNpy(dataPath(QStringLiteral("transform/axisedit/c.npy")));
    QVERIFY(!insertAlongAxis(a, 3, 0, 1).ok());
    QVERIFY(!insertAlongAxis(a, 0, 3, 1).ok());
    QVERIFY(!insertAlongAxis(a, 0, 0, 1, QByteArray(2, '\0')).ok());
    QVERIFY(!deleteAlongAxis(a, 1, 2, 2).ok());
    QVERIFY(!deleteAlongAxis(a, -4, 0, 1).ok());
    // Zeros when no fill is given.
    Result<NpyArray> z = insertAlongAxis(a, 0, 2, 1);
    QVERIFY(z.ok());
    const qint32 *last = reinterpret_cast<const qint32 *>(z->data()) + 24;
    for (int i = 0; i < 12; ++i)
        QCOMPARE(last[i], 0);
}

QTEST_GUILESS_MAIN(TestTransform)
#include "tst_transform.moc"
