// NumPy's casting levels and astype, against NumPy's own answers (tests/data/transform, written by
// gen_transform_fixtures.py): np.can_cast for every pair of the table, the bytes of a.astype(t) for every
// numeric pair (both byte orders), and what the report says an unsafe cast changed.

#include "casting.h"
#include "elementcast.h"
#include "npyfile.h"
#include "opensource.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstring>

using namespace npy;
using namespace npytest;

namespace {

/** The casting table: the dtypes of its first line, then per source its dtype and one digit per target. */
struct Table
{
    QList<DType> types;
    QStringList names;
    QList<QByteArray> rows;
};

Table readTable()
{
    Table t;
    QFile f(dataPath(QStringLiteral("transform/casting_table.txt")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open transform/casting_table.txt");
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &word : lines.first().split(' ')) {
        DType type;
        QString error;
        if (!DType::fromTypeString(QString::fromLatin1(word), &type, &error))
            qFatal("casting table: %s", qPrintable(error));
        t.types << type;
        t.names << QString::fromLatin1(word);
    }
    for (qsizetype i = 1; i < lines.size(); ++i)
        if (!lines[i].isEmpty())
            t.rows << lines[i].split(' ').last();
    return t;
}

const Casting kLevels[] = {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind, Casting::Unsafe};

/** The member names of the cast fixtures: dtype.str with '<', '>', '|' written lt_, gt_, na_. */
QString typeOfMember(const QString &name)
{
    QString s = name;
    s.replace(QLatin1String("lt_"), QLatin1String("<"));
    s.replace(QLatin1String("gt_"), QLatin1String(">"));
    s.replace(QLatin1String("na_"), QLatin1String("|"));
    return s;
}

/** True when the bytes agree: long double values on their 10 value bytes only (NumPy leaves padding as it found it). */
bool sameElements(const DType &type, const uchar *a, const uchar *b, qint64 count)
{
    const bool extended = (type.kind == Kind::Float && type.itemSize == 16)
                          || (type.kind == Kind::Complex && type.itemSize == 32);
    if (!extended)
        return std::memcmp(a, b, size_t(count * type.itemSize)) == 0;
    for (qint64 off = 0; off < count * type.itemSize; off += 16) {
        const qint64 first = type.byteOrder == '>' ? 6 : 0;
        if (std::memcmp(a + off + first, b + off + first, 10) != 0)
            return false;
    }
    return true;
}

QJsonObject reportsJson()
{
    QFile f(dataPath(QStringLiteral("transform/cast/reports.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open transform/cast/reports.json");
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestCasting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canCastTable_data();
    void canCastTable();
    void levelsNest();
    void names();
    void astypeResolves_data();
    void astypeResolves();
    void astypeBytes_data();
    void astypeBytes();
    void report_data();
    void report();
    void asciiOnly();
    void unsupported();
};

void TestCasting::canCastTable_data()
{
    QTest::addColumn<int>("row");
    const Table t = readTable();
    QCOMPARE(t.rows.size(), t.types.size());
    QVERIFY(t.types.size() > 100);
    for (int i = 0; i < t.rows.size(); ++i)
        QTest::newRow(qPrintable(t.names[i])) << i;
}

void TestCasting::canCastTable()
{
    QFETCH(int, row);
    static const Table t = readTable();
    const DType &from = t.types[row];
    QStringList wrong;
    for (qsizetype j = 0; j < t.types.size(); ++j) {
        const int strictest = t.rows[row].at(j) - '0';
        for (int level = 0; level < 5; ++level) {
            const bool numpy = level >= strictest;
            if (canCast(from, t.types[j], kLevels[level]) != numpy)
                wrong << QStringLiteral("%1 %2 (NumPy: %3)").arg(t.names[j], castingName(kLevels[level]),
                                                                   numpy ? QStringLiteral("yes") : QStringLiteral("no"));
        }
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
}

void TestCasting::levelsNest()
{
    // strictestCasting() is the first level canCast() allows, and every looser one allows it too.
    const Table t = readTable();
    for (const DType &a : t.types) {
        for (const DType &b : t.types) {
            Casting c;
            if (!strictestCasting(a, b, &c))
                continue;
            for (int level = int(c); level < 5; ++level)
                QVERIFY(canCast(a, b, kLevels[level]));
        }
    }
}

void TestCasting::names()
{
    for (Casting c : kLevels) {
        Casting back = Casting::No;
        QVERIFY(parseCasting(castingName(c), &back));
        QCOMPARE(back, c);
    }
    Casting unused;
    QVERIFY(!parseCasting(QStringLiteral("sameKind"), &unused));
}

void TestCasting::astypeResolves_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("result");
    // As NumPy 1.24 answers a.astype(to).dtype.str.
    QTest::newRow("int64 to S") << "<i8" << "S" << "|S21";
    QTest::newRow("bool to U") << "|b1" << "U" << "<U5";
    QTest::newRow("float64 to str") << "<f8" << "str" << "<U32";
    QTest::newRow("big U to U keeps order") << ">U3" << "U" << ">U3";
    QTest::newRow("U to S keeps length") << "<U7" << "S" << "|S7";
    QTest::newRow("generic datetime keeps unit") << "<M8[ms]" << "M8" << "<M8[ms]";
    QTest::newRow("generic keeps byte order") << ">m8[s]" << "m8" << ">m8[s]";
    QTest::newRow("named type") << "<i4" << "float32" << "<f4";
    QTest::newRow("big-endian target") << "<f8" << ">f4" << ">f4";
    QTest::newRow("longdouble") << "<f8" << "longdouble" << "<f16";
}

void TestCasting::astypeResolves()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, result);
    DType f;
    QString error;
    QVERIFY(DType::fromTypeString(from, &f, &error));
    Result<DType> t = parseCastTarget(to);
    QVERIFY2(t.ok(), qPrintable(t.error()));
    QCOMPARE(astypeResult(f, t.value()).typeString(), result);
}

void TestCasting::astypeBytes_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("member");
    const QStringList sources = QDir(dataPath(QStringLiteral("transform/cast"))).entryList({QStringLiteral("*.npy")});
    QVERIFY(sources.size() >= 20);
    for (const QString &file : sources) {
        const QString stem = file.chopped(4);
        auto expected = openSource(dataPath(QStringLiteral("transform/cast/%1_expected.npz").arg(stem)));
        QVERIFY2(expected.ok(), qPrintable(expected.error()));
        for (const MemberInfo &m : expected.value()->members())
            QTest::newRow(qPrintable(stem + QLatin1String(" -> ") + m.name)) << file << m.name;
    }
}

void TestCasting::astypeBytes()
{
    QFETCH(QString, source);
    QFETCH(QString, member);
    Result<NpyArray> a = readNpyFile(dataPath(QStringLiteral("transform/cast/") + source));
    QVERIFY2(a.ok(), qPrintable(a.error()));
    auto expected = openSource(dataPath(QStringLiteral("transform/cast/%1_expected.npz").arg(source.chopped(4))));
    QVERIFY(expected.ok());
    Result<NpyArray> want = expected.value()->load(expected.value()->indexOf(member));
    QVERIFY2(want.ok(), qPrintable(want.error()));
    QCOMPARE(want->dtype().typeString(), typeOfMember(member));

    Result<ElementCast> cast = ElementCast::create(a->dtype(), want->dtype(), a->size());
    QVERIFY2(cast.ok(), qPrintable(cast.error()));
    QByteArray out(qsizetype(want->nbytes()), '\x55');
    CastReport report;
    // In two calls, split where NumPy's vectorised loop is not: positions carry the element's place.
    const qint64 half = a->size() / 2 + 1;
    const uchar *in = a->data();
    uchar *dst = reinterpret_cast<uchar *>(out.data());
    QVERIFY(cast->convert(in, dst, half, 0, &report));
    QVERIFY(cast->convert(in + half * a->itemSize(), dst + half * want->itemSize(), a->size() - half, half, &report));
    QCOMPARE(report.count, a->size());
    QVERIFY2(sameElements(want->dtype(), dst, want->data(), a->size()),
             qPrintable(QStringLiteral("%1 to %2 differs from NumPy").arg(a->dtype().typeString(),
                                                                          want->dtype().typeString())));
}

void TestCasting::report_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject all = reportsJson();
    QVERIFY(all.size() >= 10);
    for (auto s = all.begin(); s != all.end(); ++s) {
        const QJsonObject targets = s.value().toObject();
        for (auto t = targets.begin(); t != targets.end(); ++t)
            QTest::newRow(qPrintable(s.key() + QLatin1String(" -> ") + t.key())) << s.key() << t.key()
                                                                                << t.value().toObject();
    }
}

void TestCasting::report()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(QJsonObject, expected);
    Result<NpyArray> a = readNpyFile(dataPath(QStringLiteral("transform/cast/%1.npy").arg(source)));
    QVERIFY2(a.ok(), qPrintable(a.error()));
    DType to;
    QString error;
    QVERIFY(DType::fromTypeString(typeOfMember(target), &to, &error));
    Result<ElementCast> cast = ElementCast::create(a->dtype(), to, a->size());
    QVERIFY2(cast.ok(), qPrintable(cast.error()));
    QByteArray out(qsizetype(a->size() * to.itemSize), '\0');
    CastReport r;
    QVERIFY(cast->convert(a->data(), reinterpret_cast<uchar *>(out.data()), a->size(), 0, &r));
    QCOMPARE(r.nan, qint64(expected[QStringLiteral("nan")].toInt()));
    QCOMPARE(r.infinity, qint64(expected[QStringLiteral("infinity")].toInt()));
    QCOMPARE(r.overflow, qint64(expected[QStringLiteral("overflow")].toInt()));
    QCOMPARE(r.imaginary, qint64(expected[QStringLiteral("imaginary")].toInt()));
    QCOMPARE(r.precision, qint64(expected[QStringLiteral("precision")].toInt()));
    QCOMPARE(r.cut, qint64(0));
    QCOMPARE(r.firstPosition, qint64(expected[QStringLiteral("first")].toInt()));
    const QString first = expected[QStringLiteral("first_change")].toString();
    const QString names[] = {QStringLiteral("nan"), QStringLiteral("infinity"), QStringLiteral("overflow"),
                             QStringLiteral("imaginary"), QStringLiteral("precision")};
    const CastChange changes[] = {CastChange::NaN, CastChange::Infinity, CastChange::Overflow, CastChange::Imaginary,
                                  CastChange::Precision};
    CastChange want = CastChange::None;
    for (int i = 0; i < 5; ++i)
        if (first == names[i])
            want = changes[i];
    QCOMPARE(r.firstChange, want);
    QCOMPARE(r.summary().isEmpty(), r.changed() == 0);
}

void TestCasting::asciiOnly()
{
    // NumPy encodes U to S and decodes S to U as ASCII: anything else raises. Cut strings are reported.
    DType u;
    DType s3;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<U4"), &u, &error));
    QVERIFY(DType::fromTypeString(QStringLiteral("|S3"), &s3, &error));
    const char32_t text[] = {U'a', U'b', U'c', U'd', U'x', 0, 0, 0, U'y', U'\u00e9', 0, 0};
    Result<ElementCast> cast = ElementCast::create(u, s3, 3);
    QVERIFY(cast.ok());
    QByteArray out(9, '\0');
    CastReport r;
    qint64 failedAt = -1;
    QVERIFY(!cast->convert(reinterpret_cast<const uchar *>(text), reinterpret_cast<uchar *>(out.data()), 3, 0, &r,
                           &failedAt));
    QCOMPARE(failedAt, qint64(2));
    QVERIFY(cast->failure().contains(QLatin1String("ASCII")));
    QCOMPARE(out.left(6), QByteArray("abcx\0\0", 6));
    QCOMPARE(r.cut, qint64(1));
    QCOMPARE(r.firstChange, CastChange::Cut);

    Result<ElementCast> back = ElementCast::create(s3, u, 2);
    QVERIFY(back.ok());
    const uchar bytes[] = {'o', 'k', 0, 'n', 0xe9, 0};
    QByteArray wide(32, '\0');
    QVERIFY(!back->convert(bytes, reinterpret_cast<uchar *>(wide.data()), 2, 10, nullptr, &failedAt));
    QCOMPARE(failedAt, qint64(11));
}

void TestCasting::unsupported()
{
    DType f8;
    DType s10;
    DType st;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    QVERIFY(DType::fromTypeString(QStringLiteral("|S10"), &s10, &error));
    // NumPy writes str() of numbers into S: not done here, and said so.
    Result<ElementCast> c = ElementCast::create(f8, s10, 1);
    QVERIFY(!c.ok());
    QVERIFY(c.error().contains(QLatin1String("not supported")));
    QVERIFY(!ElementCast::create(s10, f8, 1).ok());
    st.kind = Kind::Struct;
    st.itemSize = 8;
    QVERIFY(!canCast(st, f8, Casting::Unsafe));
    QVERIFY(!parseCastTarget(QStringLiteral("O")).ok());
    QVERIFY(!parseCastTarget(QStringLiteral("f3")).ok());
}

QTEST_GUILESS_MAIN(TestCasting)
#include "tst_casting.moc"
