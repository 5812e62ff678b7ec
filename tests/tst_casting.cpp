// NumPy's casting levels and astype, against NumPy's own answers (tests/data/transform, written by
// gen_transform_fixtures.py): np.can_cast for every pair of the table, the bytes of a.astype(t) for every
// numeric pair (both byte orders), and what the report says an unsafe cast changed. Numbers to and from
// text (tests/data/transform/textcast, written by gen_textcast_fixtures.py): the bytes of a.astype(t), the
// resolved dtype of an unsized S or U, the values cut, the elements NumPy raises at.

#include "casting.h"
#include "elementcast.h"
#include "npyfile.h"
#include "opensource.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
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
    void textCasts_data();
    void textCasts();
    void canCastText_data();
    void canCastText();
    void textReport();
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
    QTest::newRow("int8 to S") << "|i1" << "S" << "|S4";
    QTest::newRow("uint8 to U") << "|u1" << "U" << "<U3";
    QTest::newRow("big int16 to U") << ">i2" << "U" << "<U6";
    QTest::newRow("uint16 to S") << "<u2" << "bytes" << "|S5";
    QTest::newRow("int32 to U") << "<i4" << "U" << "<U11";
    QTest::newRow("uint32 to U") << "<u4" << "U" << "<U10";
    QTest::newRow("uint64 to U") << "<u8" << "U" << "<U20";
    QTest::newRow("float16 to U") << "<f2" << "U" << "<U32";
    QTest::newRow("float32 to S") << "<f4" << "S" << "|S32";
    QTest::newRow("longdouble to U") << "<f16" << "U" << "<U48";
    QTest::newRow("complex64 to U") << "<c8" << "U" << "<U64";
    QTest::newRow("complex128 to S") << "<c16" << "S" << "|S64";
    QTest::newRow("clongdouble to U") << "<c32" << "U" << "<U96";
    QTest::newRow("big-endian unsized U is native") << "<i8" << ">U" << "<U21";
    QTest::newRow("sized U keeps its order") << "<i8" << ">U6" << ">U6";
    QTest::newRow("S to a number") << "|S5" << "int64" << "<i8";
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

namespace {

QJsonArray textCases()
{
    QFile f(dataPath(QStringLiteral("transform/textcast/cases.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open transform/textcast/cases.json");
    return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("cases")).toArray();
}

DType typeOf(const char *text)
{
    DType t;
    QString error;
    if (!DType::fromTypeString(QString::fromLatin1(text), &t, &error))
        qFatal("%s", qPrintable(error));
    return t;
}

} // namespace

void TestCasting::textCasts_data()
{
    QTest::addColumn<QJsonObject>("entry");
    const QJsonArray all = textCases();
    QVERIFY(all.size() > 400);
    for (const QJsonValue &c : all) {
        const QJsonObject o = c.toObject();
        QTest::newRow(qPrintable(o[QStringLiteral("source")].toString() + QLatin1String(" -> ")
                                 + o[QStringLiteral("target")].toString()))
            << o;
    }
}

void TestCasting::textCasts()
{
    QFETCH(QJsonObject, entry);
    const QString dir = QStringLiteral("transform/textcast/");
    Result<NpyArray> a = readNpyFile(dataPath(dir + entry[QStringLiteral("source")].toString()));
    QVERIFY2(a.ok(), qPrintable(a.error()));
    auto expected = openSource(dataPath(dir + entry[QStringLiteral("expected")].toString()));
    QVERIFY2(expected.ok(), qPrintable(expected.error()));
    Result<NpyArray> want = expected.value()->load(expected.value()->indexOf(entry[QStringLiteral("member")].toString()));
    QVERIFY2(want.ok(), qPrintable(want.error()));

    // The dtype NumPy gives, unsized targets included.
    Result<DType> target = parseCastTarget(entry[QStringLiteral("target")].toString());
    QVERIFY2(target.ok(), qPrintable(target.error()));
    const DType to = astypeResult(a->dtype(), target.value());
    QCOMPARE(to.typeString(), entry[QStringLiteral("result")].toString());
    QCOMPARE(want->dtype().typeString(), to.typeString());

    Result<ElementCast> cast = ElementCast::create(a->dtype(), to, a->size());
    QVERIFY2(cast.ok(), qPrintable(cast.error()));
    QCOMPARE(ElementCast::canFail(a->dtype(), to), a->dtype().kind == Kind::Bytes || a->dtype().kind == Kind::Unicode);
    QList<qint64> failed;
    for (const QJsonValue &v : entry[QStringLiteral("failed")].toArray())
        failed << qint64(v.toInt());
    const qint64 n = a->size();
    const qint64 inSize = a->itemSize();
    const qint64 outSize = to.itemSize;
    QByteArray out(qsizetype(n * outSize), '\x55');
    uchar *dst = reinterpret_cast<uchar *>(out.data());
    CastReport report;
    qint64 failedAt = -1;
    const bool whole = cast->convert(a->data(), dst, n, 0, &report, &failedAt);
    if (failed.isEmpty()) {
        QVERIFY2(whole, qPrintable(report.failedText));
        QCOMPARE(report.count, n);
        QVERIFY2(sameElements(to, dst, want->data(), n),
                 qPrintable(QStringLiteral("%1 to %2 differs from NumPy").arg(a->dtype().typeString(), to.typeString())));
        QCOMPARE(report.cut, qint64(entry[QStringLiteral("cut")].toInt()));
        if (report.cut > 0)
            QCOMPARE(report.firstPosition, qint64(entry[QStringLiteral("first_cut")].toInt()));
        return;
    }
    // NumPy raises at the first element it cannot read: convert() fails there, saying which text and why.
    QVERIFY(!whole);
    QCOMPARE(failedAt, failed.first());
    QCOMPARE(report.count, failed.first());
    QVERIFY2(report.failedText.startsWith(QLatin1Char('\'')) && report.failedText.contains(QLatin1String("raises")),
             qPrintable(report.failedText));
    QVERIFY(!cast->failure().isEmpty());
    // Element by element: the values NumPy reads are NumPy's, the others fail.
    QStringList wrong;
    for (qint64 i = 0; i < n; ++i) {
        CastReport r;
        qint64 at = -1;
        const bool ok = cast->convert(a->data() + i * inSize, dst + i * outSize, 1, i, &r, &at);
        if (ok == failed.contains(i))
            wrong << QStringLiteral("%1 (%2)").arg(i).arg(ok ? QStringLiteral("read, NumPy raises") : r.failedText);
        else if (ok && !sameElements(to, dst + i * outSize, want->data() + i * outSize, 1))
            wrong << QStringLiteral("%1 (value differs)").arg(i);
        else if (!ok && at != i)
            wrong << QStringLiteral("%1 (failed at %2)").arg(i).arg(at);
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
}

void TestCasting::canCastText_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("casting");
    QTest::addColumn<bool>("allowed");
    // np.can_cast in NumPy 1.24: numbers go to a long enough S or U safely, to a shorter one same_kind;
    // text goes to numbers only unsafely; datetimes to text only unsafely.
    QTest::newRow("i8 U21 safe") << "<i8" << "<U21" << "safe" << true;
    QTest::newRow("i8 U20 safe") << "<i8" << "<U20" << "safe" << false;
    QTest::newRow("i8 U20 same_kind") << "<i8" << "<U20" << "same_kind" << true;
    QTest::newRow("f8 U32 safe") << "<f8" << "<U32" << "safe" << true;
    QTest::newRow("f8 S32 same_kind") << "<f8" << "|S32" << "same_kind" << true;
    QTest::newRow("b1 S5 safe") << "|b1" << "|S5" << "safe" << true;
    QTest::newRow("b1 S4 safe") << "|b1" << "|S4" << "safe" << false;
    QTest::newRow("u1 U3 safe") << "|u1" << "<U3" << "safe" << true;
    QTest::newRow("c16 U64 safe") << "<c16" << "<U64" << "safe" << true;
    QTest::newRow("f16 S48 safe") << "<f16" << "|S48" << "safe" << true;
    QTest::newRow("big i4 U11 safe") << ">i4" << "<U11" << "safe" << true;
    QTest::newRow("U5 i8 unsafe") << "<U5" << "<i8" << "unsafe" << true;
    QTest::newRow("U5 i8 same_kind") << "<U5" << "<i8" << "same_kind" << false;
    QTest::newRow("S3 f8 same_kind") << "|S3" << "<f8" << "same_kind" << false;
    QTest::newRow("M8 U38 same_kind") << "<M8[s]" << "<U38" << "same_kind" << false;
    QTest::newRow("m8 U21 unsafe") << "<m8[s]" << "<U21" << "unsafe" << true;
}

void TestCasting::canCastText()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, casting);
    QFETCH(bool, allowed);
    Casting level = Casting::No;
    QVERIFY(parseCasting(casting, &level));
    QCOMPARE(canCast(typeOf(qPrintable(from)), typeOf(qPrintable(to)), level), allowed);
}

void TestCasting::textReport()
{
    // Text to numbers changes a value only when it wraps or overflows to infinity; a cut string is
    // counted when a number does not fit its S or U.
    struct Row
    {
        const char *to;
        const char *text;
        CastChange change;
    };
    const Row rows[] = {
        {"|i1", "300", CastChange::Overflow}, {"|i1", "-128", CastChange::None}, {"<u4", "-1", CastChange::Overflow},
        {"<u8", "18446744073709551615", CastChange::None}, {"<f8", "1e400", CastChange::Overflow},
        {"<f8", "-inf", CastChange::None}, {"<f2", "1e5", CastChange::Overflow}, {"<f2", "nan", CastChange::None},
        {"<f4", "0.1", CastChange::None}, {"<c8", "1e39+1j", CastChange::Overflow}, {"<c16", "infj", CastChange::None},
        {"<f16", "1e5000", CastChange::Overflow}, {"|b1", "7", CastChange::None},
    };
    const DType s24 = typeOf("|S24");
    for (const Row &row : rows) {
        QByteArray text(row.text);
        text.append(QByteArray(24 - text.size(), '\0'));
        const DType to = typeOf(row.to);
        Result<ElementCast> cast = ElementCast::create(s24, to, 1);
        QVERIFY(cast.ok());
        QByteArray out(qsizetype(to.itemSize), '\0');
        CastReport r;
        QVERIFY2(cast->convert(reinterpret_cast<const uchar *>(text.constData()), reinterpret_cast<uchar *>(out.data()),
                               1, 5, &r),
                 row.text);
        QCOMPARE(r.count, qint64(1));
        QVERIFY2(r.firstChange == row.change, row.text);
        QCOMPARE(r.firstPosition, row.change == CastChange::None ? qint64(-1) : qint64(5));
    }
    // A number too long for its S is cut and counted.
    const double values[] = {0.5, 1e16, 0.125, -1234.5};
    Result<ElementCast> toS4 = ElementCast::create(typeOf("<f8"), typeOf("|S4"), 4);
    QVERIFY(toS4.ok());
    QByteArray out(16, '\0');
    CastReport r;
    QVERIFY(toS4->convert(reinterpret_cast<const uchar *>(values), reinterpret_cast<uchar *>(out.data()), 4, 0, &r));
    QCOMPARE(out, QByteArray("0.5\0" "1e+1" "0.12" "-123", 16));
    QCOMPARE(r.cut, qint64(3));
    QCOMPARE(r.firstPosition, qint64(1));
    QCOMPARE(r.firstChange, CastChange::Cut);
    QVERIFY(r.summary().contains(QLatin1String("3 strings cut short")));
}

void TestCasting::unsupported()
{
    DType f8;
    DType s10;
    DType st;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &f8, &error));
    QVERIFY(DType::fromTypeString(QStringLiteral("|S10"), &s10, &error));
    // NumPy writes datetimes into text as ISO dates (and raises when they do not fit): not done here, and said so.
    const DType m8 = typeOf("<M8[s]");
    Result<ElementCast> c = ElementCast::create(m8, s10, 1);
    QVERIFY(!c.ok());
    QVERIFY(c.error().contains(QLatin1String("not supported")));
    QVERIFY(!ElementCast::create(s10, m8, 1).ok());
    QVERIFY(ElementCast::create(f8, s10, 1).ok());
    st.kind = Kind::Struct;
    st.itemSize = 8;
    QVERIFY(!canCast(st, f8, Casting::Unsafe));
    QVERIFY(!parseCastTarget(QStringLiteral("O")).ok());
    QVERIFY(!parseCastTarget(QStringLiteral("f3")).ok());
}

QTEST_GUILESS_MAIN(TestCasting)
#include "tst_casting.moc"
