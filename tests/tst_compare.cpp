// The comparison engine (core/analysis/compare.h) and the block iteration it stands on (core/io/blockreader.h).

#include "testdata.h"

#include "blockreader.h"
#include "compare.h"
#include "opensource.h"
#include "source.h"
#include "valuetext.h"

#include <QTest>

#include <cmath>

using namespace npy;
using namespace npytest;

namespace {

DType typeOf(const QString &text)
{
    DType t;
    QString why;
    if (!DType::fromTypeString(text, &t, &why))
        qFatal("bad dtype %s", qPrintable(text));
    return t;
}

QByteArray bytesOf(const DType &t, const QString &text)
{
    QByteArray out;
    QString why;
    if (!parseValue(t, text, &out, &why))
        qFatal("bad value %s: %s", qPrintable(text), qPrintable(why));
    return out;
}

/** An array of \a type and \a shape holding \a values in logical C order, stored in C or Fortran order. */
NpyArray makeArray(const QString &type, const QList<qint64> &shape, bool fortran, const QStringList &values)
{
    NpyHeader h;
    h.dtype = typeOf(type);
    h.shape = shape;
    h.fortranOrder = fortran;
    h.elementCount = 1;
    for (qint64 d : shape)
        h.elementCount *= d;
    h.dataBytes = h.elementCount * h.dtype.itemSize;
    NpyArray array(h, QByteArray(qsizetype(h.dataBytes), '\0'));
    for (qint64 i = 0; i < h.elementCount; ++i)
        array.replaceBytes(array.offsetOfFlat(i), bytesOf(h.dtype, values[i]));
    return array;
}

std::shared_ptr<const Source> openData(const QString &name)
{
    auto s = openSource(dataPath(QStringLiteral("diff/") + name));
    if (!s)
        qFatal("%s", qPrintable(s.error()));
    return s.value();
}

/** All data bytes of a member through a BlockReader with blocks of \a block bytes. */
Result<QByteArray> readAll(const Source &s, int index, qint64 block)
{
    auto reader = BlockReader::open(s, index, block);
    if (!reader)
        return Result<QByteArray>::failure(reader.error());
    QByteArray all;
    const uchar *p = nullptr;
    qint64 n = 0;
    do {
        Status st = reader.value()->next(&p, &n);
        if (!st)
            return Result<QByteArray>::failure(st.error());
        if (n > block)
            return Result<QByteArray>::failure(QStringLiteral("block too big"));
        all.append(reinterpret_cast<const char *>(p), qsizetype(n));
    } while (n > 0);
    return all;
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void elementRule_data();
    void elementRule();
    void incomparable_data();
    void incomparable();
    void blockReaderMatchesLoad_data();
    void blockReaderMatchesLoad();
    void blockReaderErrors_data();
    void blockReaderErrors();
    void memoryOrder();
    void splitElementsAcrossBlocks();
    void figures();
    void shapesAndDtypes();
    void pairing();
    void fastPathAgreesWithRule_data();
    void fastPathAgreesWithRule();
};

void TestCompare::elementRule_data()
{
    QTest::addColumn<QString>("typeA");
    QTest::addColumn<QString>("typeB");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<double>("rtol");
    QTest::addColumn<double>("atol");
    QTest::addColumn<bool>("equalNan");
    QTest::addColumn<bool>("differs");
    auto row = [](const char *name, const char *ta, const char *tb, const char *a, const char *b, double rtol,
                  double atol, bool equalNan, bool differs) {
        QTest::newRow(name) << QString::fromLatin1(ta) << QString::fromLatin1(tb) << QString::fromLatin1(a)
                            << QString::fromLatin1(b) << rtol << atol << equalNan << differs;
    };
    row("equal", "<f8", "<f8", "1.5", "1.5", 0, 0, false, false);
    row("different", "<f8", "<f8", "1.5", "1.25", 0, 0, false, true);
    row("atol edge in", "<f8", "<f8", "0.5", "0.25", 0, 0.25, false, false);
    row("atol edge out", "<f8", "<f8", "0.75", "0.25", 0, 0.25, false, true);
    row("rtol edge in", "<f8", "<f8", "3", "2", 0.5, 0, false, false);
    row("rtol uses b", "<f8", "<f8", "2", "3", 0.4, 0, false, false);
    row("rtol uses b not a", "<f8", "<f8", "3", "2", 0.4, 0, false, true);
    row("nan nan", "<f8", "<f8", "nan", "nan", 0, 0, false, true);
    row("nan nan equal_nan", "<f8", "<f8", "nan", "nan", 0, 0, true, false);
    row("nan number equal_nan", "<f8", "<f8", "nan", "1", 0, 0, true, true);
    row("inf inf", "<f8", "<f8", "inf", "inf", 0, 0, false, false);
    row("inf -inf", "<f8", "<f8", "inf", "-inf", 0, 0, false, true);
    row("inf huge tolerance", "<f8", "<f8", "inf", "1", 0, 1e308, false, true);
    row("big endian", ">f8", "<f8", "0.1", "0.1", 0, 0, false, false);
    row("f4 vs f8 promoted", "<f4", "<f8", "0.1", "0.1", 0, 0, false, true);
    row("f4 vs f4", "<f4", "<f4", "0.1", "0.1", 0, 0, false, false);
    // atol rounds up to 2^-23 in float32, where NumPy computes: close (in float64 it would differ).
    row("f4 tolerance in float32", "<f4", "<f4", "1.0000001", "1", 0, 1.192092893e-7, false, false);
    row("f8 tolerance in float64", "<f8", "<f8", "1.00000011920928955078125", "1", 0, 1.192092893e-7, false, true);
    row("int vs float", "<i4", "<f8", "3", "3.0", 0, 0, false, false);
    row("int8 vs uint8", "|i1", "|u1", "-1", "255", 0, 0, false, true);
    row("bool", "|b1", "|b1", "True", "False", 0, 0, false, true);
    row("complex", "<c16", "<c16", "(1+2j)", "(1+2.5j)", 0, 0.5, false, false);
    row("complex vs real", "<c16", "<f8", "(1+0j)", "1", 0, 0, false, false);
    row("string", "<U5", "<U5", "abc", "abd", 0, 0, false, true);
    row("string sizes", "<U2", "<U5", "ab", "ab", 0, 0, false, false);
    row("string byte order", ">U3", "<U3", "ab", "ab", 0, 0, false, false);
    row("bytes", "|S3", "|S4", "b'ab'", "b'ab'", 0, 0, false, false);
    row("datetime", "<M8[D]", "<M8[D]", "2020-01-01", "2020-01-02", 1, 10, false, true);
    row("nat nat", "<M8[s]", "<M8[s]", "NaT", "NaT", 0, 0, false, true);
    row("nat nat equal_nan", "<M8[s]", "<M8[s]", "NaT", "NaT", 0, 0, true, false);
}

void TestCompare::elementRule()
{
    QFETCH(QString, typeA);
    QFETCH(QString, typeB);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, rtol);
    QFETCH(double, atol);
    QFETCH(bool, equalNan);
    QFETCH(bool, differs);
    CompareOptions o;
    o.rtol = rtol;
    o.atol = atol;
    o.equalNan = equalNan;
    const DType ta = typeOf(typeA);
    const DType tb = typeOf(typeB);
    auto cmp = ElementComparator::create(ta, tb, o);
    QVERIFY2(cmp, qPrintable(cmp.error()));
    const QByteArray x = bytesOf(ta, a);
    const QByteArray y = bytesOf(tb, b);
    const auto outcome = cmp->compare(reinterpret_cast<const uchar *>(x.constData()),
                                      reinterpret_cast<const uchar *>(y.constData()));
    QCOMPARE(outcome.differs, differs);
}

void TestCompare::incomparable_data()
{
    QTest::addColumn<QString>("typeA");
    QTest::addColumn<QString>("typeB");
    QTest::newRow("number vs string") << QStringLiteral("<f8") << QStringLiteral("<U3");
    QTest::newRow("bytes vs str") << QStringLiteral("|S3") << QStringLiteral("<U3");
    QTest::newRow("datetime units") << QStringLiteral("<M8[D]") << QStringLiteral("<M8[s]");
    QTest::newRow("datetime vs int") << QStringLiteral("<M8[D]") << QStringLiteral("<i8");
    QTest::newRow("void sizes") << QStringLiteral("|V4") << QStringLiteral("|V8");
}

void TestCompare::incomparable()
{
    QFETCH(QString, typeA);
    QFETCH(QString, typeB);
    auto cmp = ElementComparator::create(typeOf(typeA), typeOf(typeB), {});
    QVERIFY(!cmp);
    QVERIFY(cmp.error().contains(QStringLiteral("cannot compare")));
}

void TestCompare::blockReaderMatchesLoad_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<qint64>("block");
    for (qint64 block : {qint64(7), qint64(4096), qint64(1) << 22}) {
        const QByteArray b = QByteArray::number(block);
        QTest::newRow(".npy " + b) << QStringLiteral("perturbed_a.npy") << QString() << block;
        QTest::newRow("stored " + b) << QStringLiteral("arch_a.npz") << QStringLiteral("x") << block;
        QTest::newRow("deflated " + b) << QStringLiteral("arch_b.npz") << QStringLiteral("x") << block;
    }
}

void TestCompare::blockReaderMatchesLoad()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(qint64, block);
    auto source = openData(file);
    const int index = member.isEmpty() ? 0 : source->indexOf(member);
    auto array = source->load(index);
    QVERIFY(array);
    auto bytes = readAll(*source, index, block);
    QVERIFY2(bytes, qPrintable(bytes.error()));
    QCOMPARE(bytes->size(), array->nbytes());
    QVERIFY(std::memcmp(bytes->constData(), array->data(), size_t(array->nbytes())) == 0);
    auto reader = BlockReader::open(*source, index, block);
    QCOMPARE(reader.value()->isMapped(), file != QStringLiteral("arch_b.npz"));
}

void TestCompare::blockReaderErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated") << QStringLiteral("truncated.npz") << QStringLiteral("member 't.npy': truncated");
    QTest::newRow("crc") << QStringLiteral("badcrc.npz") << QStringLiteral("member 't.npy': CRC-32 mismatch");
    QTest::newRow("pickled") << QStringLiteral("obj_a.npz") << QStringLiteral("member 'o.npy'");
}

void TestCompare::blockReaderErrors()
{
    QFETCH(QString, file);
    QFETCH(QString, message);
    auto source = openData(file);
    auto bytes = readAll(*source, 0, 1000);
    QVERIFY(!bytes);
    QVERIFY2(bytes.error().contains(message), qPrintable(bytes.error()));
    QVERIFY(bytes.error().contains(file));
}

void TestCompare::memoryOrder()
{
    QStringList values;
    for (int i = 0; i < 24; ++i)
        values << QString::number(i);
    const NpyArray c = makeArray(QStringLiteral("<f8"), {2, 3, 4}, false, values);
    values[13] = QStringLiteral("-1");
    values[22] = QStringLiteral("100");
    for (bool fortranA : {false, true}) {
        for (bool fortranB : {false, true}) {
            const NpyArray a = makeArray(QStringLiteral("<f8"), {2, 3, 4}, fortranA, values);
            const NpyArray b = fortranB ? makeArray(QStringLiteral("<f8"), {2, 3, 4}, true, [] {
                QStringList v;
                for (int i = 0; i < 24; ++i)
                    v << QString::number(i);
                return v;
            }())
                                        : c;
            CompareOptions o;
            o.blockSize = 24;
            auto d = compareArrays(a, b, o);
            QVERIFY(d);
            QCOMPARE(d->status, MemberStatus::Differs);
            QCOMPARE(d->count, 2);
            QCOMPARE(d->maxAbs, 78.0);
            QCOMPARE(d->maxAbsIndex, (QList<qint64>{1, 2, 2}));
            QCOMPARE(d->first.size(), 2);
            QCOMPARE(d->first[0].index, (QList<qint64>{1, 0, 1}));
            QCOMPARE(d->first[0].a, QStringLiteral("-1.0"));
            QCOMPARE(d->first[0].b, QStringLiteral("13.0"));
        }
    }
}

void TestCompare::splitElementsAcrossBlocks()
{
    // Stored against deflated, float64 against float64, with blocks that cut elements apart.
    auto a = openData(QStringLiteral("arch_a.npz"));
    auto b = openData(QStringLiteral("arch_b.npz"));
    CompareOptions o;
    auto reference = compareMembers(*a, a->indexOf(QStringLiteral("x")), *b, b->indexOf(QStringLiteral("x")), o);
    QVERIFY(reference);
    for (qint64 block : {1, 3, 13, 4099}) {
        o.blockSize = block;
        auto d = compareMembers(*a, a->indexOf(QStringLiteral("x")), *b, b->indexOf(QStringLiteral("x")), o);
        QVERIFY(d);
        QCOMPARE(d->count, reference->count);
        QCOMPARE(d->maxAbs, reference->maxAbs);
        QCOMPARE(d->maxAbsIndex, reference->maxAbsIndex);
    }
    QCOMPARE(reference->count, 1);
    QCOMPARE(reference->maxAbsIndex, (QList<qint64>{10, 10}));
}

void TestCompare::figures()
{
    const NpyArray a = makeArray(QStringLiteral("<f8"), {6}, false,
                                 {QStringLiteral("nan"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("inf"),
                                  QStringLiteral("0"), QStringLiteral("5")});
    const NpyArray b = makeArray(QStringLiteral("<f8"), {6}, false,
                                 {QStringLiteral("nan"), QStringLiteral("nan"), QStringLiteral("4"),
                                  QStringLiteral("inf"), QStringLiteral("0.5"), QStringLiteral("4")});
    auto d = compareArrays(a, b, {});
    QVERIFY(d);
    QCOMPARE(d->total, 6);
    QCOMPARE(d->count, 5); // NaN differs from NaN; Inf equals Inf
    QCOMPARE(d->nanMismatch, 1);
    QCOMPARE(d->maxAbs, 2.0);
    QCOMPARE(d->maxAbsIndex, (QList<qint64>{2}));
    QCOMPARE(d->maxRel, 1.0); // |0 - 0.5| / 0.5
    QCOMPARE(d->maxRelIndex, (QList<qint64>{4}));
    CompareOptions o;
    o.equalNan = true;
    o.firstCount = 0;
    d = compareArrays(a, b, o);
    QCOMPARE(d->count, 4);
    QVERIFY(d->first.isEmpty());
}

void TestCompare::shapesAndDtypes()
{
    const NpyArray a = makeArray(QStringLiteral("<i4"), {3}, false, {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    const NpyArray b = makeArray(QStringLiteral("<i8"), {3}, false, {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    auto d = compareArrays(a, b, {});
    QCOMPARE(d->status, MemberStatus::Differs);
    QVERIFY(d->dtypeDiffers);
    QCOMPARE(d->count, 0);
    const NpyArray c = makeArray(QStringLiteral("<i4"), {1, 3}, false, {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    d = compareArrays(a, c, {});
    QCOMPARE(d->status, MemberStatus::Incomparable);
    QVERIFY(!d->compared);
    QVERIFY(d->reason.contains(QStringLiteral("(3,)")));
    const NpyArray s = makeArray(QStringLiteral("<U2"), {3}, false, {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    d = compareArrays(a, s, {});
    QCOMPARE(d->status, MemberStatus::Incomparable);
    QCOMPARE(memberStatusName(d->status), QStringLiteral("incomparable"));
}

void TestCompare::pairing()
{
    auto a = openData(QStringLiteral("arch_a.npz"));
    auto b = openData(QStringLiteral("arch_b.npz"));
    auto pairs = pairMembers(*a, *b, {});
    QVERIFY(pairs);
    QStringList names;
    for (const MemberPair &p : pairs.value())
        names << QStringLiteral("%1:%2:%3").arg(p.name).arg(p.a >= 0).arg(p.b >= 0);
    QCOMPARE(names, (QStringList{QStringLiteral("x:1:1"), QStringLiteral("y:1:1"), QStringLiteral("gone:1:0"),
                                 QStringLiteral("new:0:1")}));
    pairs = pairMembers(*a, *b, {QStringLiteral("y:x")});
    QCOMPARE(pairs->size(), 1);
    QCOMPARE(pairs->first().a, a->indexOf(QStringLiteral("y")));
    QCOMPARE(pairs->first().b, b->indexOf(QStringLiteral("x")));
    QVERIFY(!pairMembers(*a, *b, {QStringLiteral("nothing")}));
    auto npy = openData(QStringLiteral("x_only.npy"));
    pairs = pairMembers(*npy, *a, {QStringLiteral("x")});
    QCOMPARE(pairs->first().a, 0);
    QCOMPARE(pairs->first().b, a->indexOf(QStringLiteral("x")));
    QVERIFY(!pairMembers(*npy, *a, {}));
}

void TestCompare::fastPathAgreesWithRule_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<double>("atol");
    QTest::addColumn<bool>("equalNan");
    QTest::newRow("f4 exact") << QStringLiteral("<f4") << 0.0 << false;
    QTest::newRow("f4 atol") << QStringLiteral("<f4") << 0.01 << true;
    QTest::newRow("f8 exact") << QStringLiteral("<f8") << 0.0 << false;
    QTest::newRow("f8 big endian") << QStringLiteral(">f8") << 0.0 << true;
    QTest::newRow("i2") << QStringLiteral("<i2") << 1.0 << false;
}

void TestCompare::fastPathAgreesWithRule()
{
    // Mostly equal data with sparse changes, NaNs, infinities and ties: the chunked fast path must
    // find what the element rule finds one pair at a time.
    QFETCH(QString, type);
    QFETCH(double, atol);
    QFETCH(bool, equalNan);
    const bool isInt = type.contains(QLatin1Char('i'));
    QStringList va;
    QStringList vb;
    quint32 seed = 12345;
    auto next = [&]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    for (int i = 0; i < 5000; ++i) {
        const int v = int(next() % 200) - 100;
        QString a = QString::number(v);
        QString b = a;
        const quint32 r = next() % 100;
        if (r < 3)
            b = QString::number(v + int(next() % 5) - 2);
        else if (r == 3 && !isInt)
            a = QStringLiteral("nan");
        else if (r == 4 && !isInt)
            b = a = QStringLiteral("nan");
        else if (r == 5 && !isInt)
            b = QStringLiteral("inf");
        va << a;
        vb << b;
    }
    const NpyArray a = makeArray(type, {50, 100}, false, va);
    const NpyArray b = makeArray(type, {50, 100}, false, vb);
    CompareOptions o;
    o.atol = atol;
    o.equalNan = equalNan;
    auto d = compareArrays(a, b, o);
    QVERIFY(d);
    auto cmp = ElementComparator::create(a.dtype(), b.dtype(), o);
    qint64 count = 0, nan = 0, absAt = -1;
    double maxAbs = 0;
    for (qint64 i = 0; i < a.size(); ++i) {
        const auto r = cmp->compare(a.element(i), b.element(i));
        count += r.differs;
        nan += r.nanMismatch;
        if (!std::isnan(r.absDiff) && (absAt < 0 || r.absDiff > maxAbs)) {
            maxAbs = r.absDiff;
            absAt = i;
        }
    }
    QVERIFY(count > 50);
    QCOMPARE(d->count, count);
    QCOMPARE(d->nanMismatch, nan);
    QCOMPARE(d->maxAbs, maxAbs);
    QCOMPARE(d->maxAbsIndex, unravelIndex(absAt, {50, 100}));
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
