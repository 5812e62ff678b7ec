#include "dtype.h"
#include "npyfile.h"
#include "valuetext.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace npy;

namespace {

QString fixtureDir()
{
    const QString found = QFINDTESTDATA("data/npy/expected.json");
    if (!found.isEmpty())
        return found.left(found.size() - int(std::strlen("expected.json")));
    return QStringLiteral(NPY_TEST_DATA_DIR "/npy/");
}

DType typeOf(const char *typeString)
{
    DType t;
    QString error;
    if (!DType::fromTypeString(QString::fromLatin1(typeString), &t, &error))
        qFatal("bad type string %s: %s", typeString, qPrintable(error));
    return t;
}

QByteArray hexBytes(const char *hex)
{
    return QByteArray::fromHex(QByteArray(hex));
}

QString format(const DType &type, const QByteArray &bytes, const FormatOptions &options = {})
{
    return formatValue(type, reinterpret_cast<const uchar *>(bytes.constData()), options);
}

/** True when the element is a NaN (any NaN parses back as some NaN, not the same bits). */
bool isNanValue(const DType &type, const uchar *data)
{
    if (type.kind == Kind::Float)
        return std::isnan(valueToDouble(type, data));
    if (type.kind == Kind::Complex) {
        DType part = type;
        part.kind = Kind::Float;
        part.itemSize = type.itemSize / 2;
        return std::isnan(valueToDouble(part, data)) || std::isnan(valueToDouble(part, data + part.itemSize));
    }
    return false;
}

/** The bytes that carry the value: x87 long doubles use 10 of their 16 bytes. */
QByteArray significant(const DType &type, const QByteArray &bytes)
{
    const bool extended = (type.kind == Kind::Float && type.itemSize == 16)
                          || (type.kind == Kind::Complex && type.itemSize == 32);
    if (!extended)
        return bytes;
    QByteArray out;
    for (qsizetype part = 0; part < bytes.size(); part += 16)
        out += type.byteOrder == '>' ? bytes.mid(part + 6, 10) : bytes.mid(part, 10);
    return out;
}

} // namespace

class TestValueText : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void fixtures_data();
    void fixtures();
    void formatRows_data();
    void formatRows();
    void options_data();
    void options();
    void parseRows_data();
    void parseRows();
    void refusals_data();
    void refusals();
    void halfRoundTripAll();
    void dateExtremesRoundTrip();
    void valueToDoubleRows();
};

void TestValueText::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QStringList>("expected");

    QFile json(fixtureDir() + QStringLiteral("expected.json"));
    QVERIFY2(json.open(QIODevice::ReadOnly), qPrintable(json.fileName()));
    const QJsonArray files = QJsonDocument::fromJson(json.readAll()).object().value(QLatin1String("files")).toArray();
    QVERIFY(files.size() > 50);
    int rows = 0;
    for (const QJsonValue &entry : files) {
        const QJsonObject o = entry.toObject();
        if (o.value(QLatin1String("columns")).isNull())
            continue;
        const QString file = o.value(QLatin1String("file")).toString();
        for (const QJsonValue &col : o.value(QLatin1String("columns")).toArray()) {
            const QJsonObject c = col.toObject();
            QStringList values;
            for (const QJsonValue &v : c.value(QLatin1String("values")).toArray())
                values << v.toString();
            const QString name = c.value(QLatin1String("name")).toString();
            QTest::addRow("%s:%s", qPrintable(file), qPrintable(name)) << file << name << values;
            ++rows;
        }
    }
    QVERIFY(rows > 100);
}

void TestValueText::fixtures()
{
    QFETCH(QString, file);
    QFETCH(QString, column);
    QFETCH(QStringList, expected);

    const Result<NpyArray> array = readNpyFile(fixtureDir() + file);
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const QList<LeafColumn> leaves = leafColumns(array->dtype());
    const LeafColumn *leaf = nullptr;
    for (const LeafColumn &l : leaves) {
        if (l.name == column)
            leaf = &l;
    }
    QVERIFY2(leaf, qPrintable(column));
    QCOMPARE(qMin<qint64>(array->size(), expected.size()), qint64(expected.size()));

    for (int i = 0; i < expected.size(); ++i) {
        const uchar *element = array->element(i) + leaf->offset;
        const QString text = formatValue(leaf->type, element);
        QCOMPARE(text, expected.at(i));

        QByteArray parsed;
        QString why;
        QVERIFY2(parseValue(leaf->type, text, &parsed, &why), qPrintable(text + QLatin1String(": ") + why));
        QCOMPARE(parsed.size(), qsizetype(leaf->type.itemSize));
        const QByteArray original(reinterpret_cast<const char *>(element), leaf->type.itemSize);
        if (isNanValue(leaf->type, element)) {
            QVERIFY2(isNanValue(leaf->type, reinterpret_cast<const uchar *>(parsed.constData())), qPrintable(text));
            QCOMPARE(formatValue(leaf->type, reinterpret_cast<const uchar *>(parsed.constData())), text);
        } else {
            QCOMPARE(significant(leaf->type, parsed).toHex(), significant(leaf->type, original).toHex());
        }
    }
}

void TestValueText::formatRows_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const char *type, const char *hex, const char *expected) {
        QTest::newRow(name) << QString::fromLatin1(type) << hexBytes(hex) << QString::fromUtf8(expected);
    };
    // NumPy 1.24 str() of each value, checked with /usr/bin/python3.
    row("f8 1e16", "<f8", "0080e03779c34143", "1e+16");
    row("f8 9999999999999998", "<f8", "ff7fe03779c34143", "9999999999999998.0");
    row("f8 1e-4", "<f8", "2d431cebe2361a3f", "0.0001");
    row("f8 1.5e-05", "<f8", "691d554d1075ef3e", "1.5e-05");
    row("f8 123456789", "<f8", "00000054346f9d41", "123456789.0");
    row("f8 -nan", "<f8", "000000000000f8ff", "nan");
    row("f4 1e-4 rounds below", "<f4", "17b7d138", "1e-04");
    row("f4 1e16", "<f4", "ca1b0e5a", "1e+16");
    row("f2 10016 bound included", "<f2", "e470", "10020.0");
    row("f2 1e-4", "<f2", "8e06", "0.0001");
    row("f2 max", "<f2", "ff7b", "65500.0");
    row("f16 1e-4 from double", "<f16", "006819e25817b7d1f13f000000000000", "0.00010000000000000000479");
    row("c16 +0 real -0 imag", "<c16", "00000000000000000000000000000080", "-0j");
    row("c16 -inf nan", "<c16", "000000000000f0ff000000000000f87f", "(-inf+nanj)");
    row("c16 1e16", "<c16", "0080e03779c341430080e03779c34143", "(1e+16+1e+16j)");
    row("c8 1 -0", "<c8", "0000803f00000080", "(1-0j)");
    row("S quotes", "|S3", "612200", "b'a\"'");
    row("S single quote", "|S3", "612762", "b\"a'b\"");
    row("S controls", "|S7", "7f80090a0d5c00", "b'\\x7f\\x80\\t\\n\\r\\\\'");
    row("V3 trailing zero kept", "|V3", "616200", "b'\\x61\\x62\\x00'");
    row("U invalid code point", "<U2", "0000110041000000", "\\U00110000A");
    row("U surrogate", "<U1", "00d80000", "\\ud800");
    row("M8[D] year 0", "<M8[D]", "5805f5ffffffffff", "0000-01-01");
    row("M8[D] year -1", "<M8[D]", "5705f5ffffffffff", "-001-12-31");
    row("M8[Y] int64 max (NumPy wraps)", "<M8[Y]", "ffffffffffffff7f", "9223372036854777777");
    row("M8[D] int64 min+1", "<M8[D]", "0100000000000080", "-25252734927764585-06-08");
    row("M8[W] int64 max (NumPy wraps)", "<M8[W]", "ffffffffffffff7f", "176769144494367851-12-25");
    row("M8 generic non-NaT", "<M8", "0500000000000000", "5");
    row("m8[10ms] int64 max (NumPy wraps)", "<m8[10ms]", "ffffffffffffff7f", "92233720368547758070 milliseconds");
    row("m8 generic", "<m8", "0500000000000000", "5 generic time units");
    row("m8[M]", "<m8[M]", "0300000000000000", "3 months");
    row("b1 2 is True", "|b1", "02", "True");
    row("O placeholder", "|O", "0000000000000000", "<object>");
}

void TestValueText::formatRows()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const DType t = typeOf(type.toLatin1().constData());
    QCOMPARE(bytes.size(), qsizetype(t.itemSize));
    QCOMPARE(format(t, bytes), expected);
}

void TestValueText::options_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("notation");
    QTest::addColumn<int>("precision");
    QTest::addColumn<bool>("hex");
    QTest::addColumn<QString>("expected");

    const int autoN = int(FormatOptions::Notation::Auto);
    const int fixed = int(FormatOptions::Notation::Fixed);
    const int sci = int(FormatOptions::Notation::Scientific);
    auto row = [](const char *name, const char *type, const char *hex, int notation, int precision, bool hexInts,
                  const char *expected) {
        QTest::newRow(name) << QString::fromLatin1(type) << hexBytes(hex) << notation << precision << hexInts
                            << QString::fromLatin1(expected);
    };
    row("hex i4 31", "<i4", "1f000000", autoN, -1, true, "0x1f");
    row("hex i4 -31", "<i4", "e1ffffff", autoN, -1, true, "-0x1f");
    row("hex i8 min", "<i8", "0000000000000080", autoN, -1, true, "-0x8000000000000000");
    row("hex u8 max", ">u8", "ffffffffffffffff", autoN, -1, true, "0xffffffffffffffff");
    row("hex i2 big-endian", ">i2", "0100", autoN, -1, true, "0x100");
    row("hex bool unaffected", "|b1", "01", autoN, -1, true, "True");
    row("fixed 3 0.1", "<f8", "9a9999999999b93f", fixed, 3, false, "0.100");
    row("fixed 2 -1.5", "<f4", "0000c0bf", fixed, 2, false, "-1.50");
    row("fixed 0 2.5 half-even", "<f8", "0000000000000440", fixed, 0, false, "2");
    row("fixed 2 1e20", "<f8", "408cb5781daf1544", fixed, 2, false, "100000000000000000000.00");
    row("fixed shortest 1e20", "<f8", "408cb5781daf1544", fixed, -1, false, "100000000000000000000.0");
    row("sci 3 123456.789", "<f8", "c976be9f0c24fe40", sci, 3, false, "1.235e+05");
    row("sci 2 f2 0.1", "<f2", "662e", sci, 2, false, "1.00e-01");
    row("sci shortest 0.1", "<f8", "9a9999999999b93f", sci, -1, false, "1e-01");
    row("fixed nan", "<f8", "000000000000f87f", fixed, 3, false, "nan");
    row("sci -inf", "<f8", "000000000000f0ff", sci, 3, false, "-inf");
    row("auto 3 1/3", "<f8", "555555555555d53f", autoN, 3, false, "0.333");
    row("auto 3 keeps short", "<f8", "0000000000000440", autoN, 3, false, "2.5");
    row("auto 2 1.2345e20", "<f8", "e447bc03dac41a44", autoN, 2, false, "1.2e+20");
    row("complex fixed 1", "<c16", "000000000000f03f000000000000f0bf", fixed, 1, false, "(1.0-1.0j)");
}

void TestValueText::options()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(int, notation);
    QFETCH(int, precision);
    QFETCH(bool, hex);
    QFETCH(QString, expected);
    const DType t = typeOf(type.toLatin1().constData());
    QCOMPARE(bytes.size(), qsizetype(t.itemSize));
    FormatOptions o;
    o.notation = FormatOptions::Notation(notation);
    o.precision = precision;
    o.hexIntegers = hex;
    QCOMPARE(format(t, bytes, o), expected);
    if (hex) {
        QByteArray back;
        QString why;
        QVERIFY2(parseValue(t, expected, &back, &why), qPrintable(why));
        QCOMPARE(back.toHex(), bytes.toHex());
    }
}

void TestValueText::parseRows_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");

    auto row = [](const char *name, const char *type, const char *text, const char *hex) {
        QTest::newRow(name) << QString::fromLatin1(type) << QString::fromUtf8(text) << hexBytes(hex);
    };
    row("u1 255", "|u1", "255", "ff");
    row("i1 -128", "|i1", "-128", "80");
    row("i2 hex", "<i2", "0x7fff", "ff7f");
    row("i2 negative hex", ">i2", "-0x10", "fff0");
    row("u8 max", "<u8", "18446744073709551615", "ffffffffffffffff");
    row("i8 spaces", "<i8", "  -2 ", "feffffffffffffff");
    row("bool true", "|b1", "true", "01");
    row("bool 0", "|b1", "0", "00");
    row("bool False", "|b1", "False", "00");
    row("f8 Infinity", "<f8", "Infinity", "000000000000f07f");
    row("f8 -inf", "<f8", "-inf", "000000000000f0ff");
    row("f8 hex float", "<f8", "0x1.8p1", "0000000000000840");
    row("f8 plus sign", ">f8", "+2.5", "4004000000000000");
    row("f4 denormal", "<f4", "1e-45", "01000000");
    row("f4 underflow to zero", "<f4", "1e-50", "00000000");
    row("f2 0.1", "<f2", "0.1", "662e");
    row("f2 65519 rounds down", "<f2", "65519", "ff7b");
    row("f2 tie to even", "<f2", "2049", "0068");
    row("f2 just above tie", "<f2", "2049.0000000000001", "0168");
    row("f16 denormal", "<f16", "4e-4951", "01000000000000000000000000000000");
    row("c16 bare real", "<c16", "3", "00000000000008400000000000000000");
    row("c16 no parens", "<c16", "1+2j", "000000000000f03f0000000000000040");
    row("c16 pure imag", "<c16", "2j", "00000000000000000000000000000040");
    row("c16 j unit", "<c16", "(1-j)", "000000000000f03f000000000000f0bf");
    row("c16 exponent sign", "<c16", "(1e-5+1e+16J)", "f168e388b5f8e43e0080e03779c34143");
    row("c8 nan nan", "<c8", "(nan+nanj)", "0000c07f0000c07f");
    row("S bare latin-1", "|S3", "é", "e90000");
    row("S literal escapes", "|S4", "b'\\x00\\n\\''", "000a2700");
    row("S double-quoted literal", "|S3", "b\"a'b\"", "612762");
    row("S octal escape", "|S2", "b'\\101\\0'", "4100");
    row("V hex", "|V2", "0a0b", "0a0b");
    row("V short literal pads", "|V3", "b'\\x01'", "010000");
    row("U astral", "<U2", "😀x", "00f6010078000000");
    row("U escape of invalid point", ">U1", "\\U00110000", "00110000");
    row("M8[D] ISO", "<M8[D]", "2000-01-01", "cd2a000000000000");
    row("M8[D] midnight accepted", "<M8[D]", "2000-01-01T00:00:00.000", "cd2a000000000000");
    row("M8[s] finer text", "<M8[s]", "1970-01-01T00:00:01.000", "0100000000000000");
    row("M8[ms] coarser text", "<M8[ms]", "1970-01-02", "005c260500000000");
    row("M8[7D]", "<M8[7D]", "1970-01-15", "0200000000000000");
    row("M8[W] Thursday", "<M8[W]", "1970-01-08", "0100000000000000");
    row("M8[M]", "<M8[M]", "1969-12", "ffffffffffffffff");
    row("M8[Y] from full date", "<M8[Y]", "1971-01-01", "0100000000000000");
    row("M8[as] negative", "<M8[as]", "1969-12-31T23:59:59.999999999999999999", "ffffffffffffffff");
    row("M8 NaT lower case", "<M8[s]", "nat", "0000000000000080");
    row("M8[s] negative year", "<M8[s]", "-001-12-31T00:00:00", "80328a86f1ffffff");
    row("m8[s] bare", "<m8[s]", "5", "0500000000000000");
    row("m8[ms] from seconds", "<m8[ms]", "2 seconds", "d007000000000000");
    row("m8[10ms]", "<m8[10ms]", "30 milliseconds", "0300000000000000");
    row("m8[h] singular word", "<m8[h]", "1 day", "1800000000000000");
    row("m8[M] from years", "<m8[M]", "2 years", "1800000000000000");
    row("m8 NaT", ">m8[s]", "NaT", "8000000000000000");
}

void TestValueText::parseRows()
{
    QFETCH(QString, type);
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    const DType t = typeOf(type.toLatin1().constData());
    QByteArray out;
    QString why;
    QVERIFY2(parseValue(t, text, &out, &why), qPrintable(why));
    QCOMPARE(out.toHex(), bytes.toHex());
}

void TestValueText::refusals_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    auto row = [](const char *name, const char *type, const char *text, const char *message) {
        QTest::newRow(name) << QString::fromLatin1(type) << QString::fromUtf8(text) << QString::fromUtf8(message);
    };
    row("uint8 300", "|u1", "300", "300 does not fit in uint8 (0..255)");
    row("int8 -129", "|i1", "-129", "-129 does not fit in int8 (-128..127)");
    row("uint8 negative", "|u1", "-1", "-1 does not fit in uint8 (0..255)");
    row("int64 huge", "<i8", "99999999999999999999999999999999999999",
        "99999999999999999999999999999999999999 does not fit in int64 (-9223372036854775808..9223372036854775807)");
    row("int float text", "<i4", "3.5", "'3.5' is not an integer");
    row("int empty", "<i4", "", "'' is not an integer");
    row("S2 xyz", "|S2", "xyz", "'xyz' is 3 bytes but S2 holds 2");
    row("S non latin-1", "|S4", "€", "'€' has characters outside Latin-1; use b'\\x..' escapes");
    row("S bad escape", "|S4", "b'\\xg1'", "invalid \\x escape in bytes text");
    row("U1 ab", "<U1", "ab", "'ab' has 2 characters but U1 holds 1");
    row("D with time", "<M8[D]", "2020-01-01T10:30", "'2020-01-01T10:30' is not exactly representable in datetime64[D]");
    row("W not on a week", "<M8[W]", "1970-01-02", "'1970-01-02' is not exactly representable in datetime64[W]");
    row("bad month", "<M8[D]", "2020-13-01", "'2020-13-01' is not an ISO date such as 2020-01-31T12:30:00");
    row("Feb 30", "<M8[D]", "2021-02-29", "'2021-02-29' is not an ISO date such as 2020-01-31T12:30:00");
    row("s out of range", "<M8[ns]", "3000-01-01", "'3000-01-01' is out of range for datetime64[ns]");
    row("timedelta fraction", "<m8[s]", "1500 milliseconds", "'1500 milliseconds' is not exactly representable in timedelta64[s]");
    row("timedelta months to days", "<m8[D]", "1 months", "years and months do not convert exactly to timedelta64[D]");
    row("timedelta garbage", "<m8[s]", "soon", "'soon' is not a time span such as '5 seconds' or NaT");
    row("garbage float", "<f8", "1.5x", "'1.5x' is not a number");
    row("float empty", "<f8", "", "'' is not a number");
    row("f2 1e6", "<f2", "1e6", "1e6 is out of range for float16 (max 65504)");
    row("f2 65520", "<f2", "65520", "65520 is out of range for float16 (max 65504)");
    row("f4 1e39", "<f4", "1e39", "1e39 is out of range for float32 (max 3.4028235e+38)");
    row("f8 1e400", "<f8", "-1e400", "-1e400 is out of range for float64 (max 1.7976931348623157e+308)");
    row("complex garbage", "<c16", "1+2i", "'1+2i' is not a complex number");
    row("complex part too big", "<c8", "(1+1e39j)", "+1e39 is out of range for float32 (max 3.4028235e+38)");
    row("bool maybe", "|b1", "maybe", "'maybe' is not a bool (use True or False)");
    row("V too long", "|V1", "b'ab'", "'b'ab'' is 2 bytes but V1 holds 1");
}

void TestValueText::refusals()
{
    QFETCH(QString, type);
    QFETCH(QString, text);
    QFETCH(QString, message);
    const DType t = typeOf(type.toLatin1().constData());
    QByteArray out("untouched");
    QString why;
    QVERIFY(!parseValue(t, text, &out, &why));
    QCOMPARE(why, message);
    QCOMPARE(out, QByteArray("untouched"));
}

void TestValueText::halfRoundTripAll()
{
    // Every one of the 65536 halves formats and parses back to itself (NaNs to a NaN).
    for (const char *typeString : {"<f2", ">f2"}) {
        const DType t = typeOf(typeString);
        for (int bits = 0; bits < 0x10000; ++bits) {
            uchar raw[2];
            raw[0] = uchar(t.byteOrder == '>' ? bits >> 8 : bits);
            raw[1] = uchar(t.byteOrder == '>' ? bits : bits >> 8);
            const QString text = formatValue(t, raw);
            QByteArray back;
            QString why;
            if (!parseValue(t, text, &back, &why))
                QFAIL(qPrintable(text + QLatin1String(": ") + why));
            const bool nan = (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff);
            if (nan) {
                if (text != QLatin1String("nan"))
                    QFAIL(qPrintable(text));
            } else if (back != QByteArray(reinterpret_cast<const char *>(raw), 2)) {
                QFAIL(qPrintable(QStringLiteral("%1 -> %2 -> %3")
                                     .arg(QString::number(bits, 16), text, QString::fromLatin1(back.toHex()))));
            }
        }
    }
}

void TestValueText::dateExtremesRoundTrip()
{
    // Every int64 prints and reads back, whatever the unit and multiplier (NumPy overflows here).
    const qint64 values[] = {std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min() + 1,
                             0, 1, -1, 86399, -719529, 4611686018427387904LL, -3037000499LL};
    const char *const units[] = {"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"};
    for (const char kind : {'M', 'm'}) {
        for (const char *unit : units) {
            for (const char *count : {"", "7", "1000", "2147483647"}) {
                const QByteArray typeString = QByteArray("<") + kind + "8[" + count + unit + "]";
                const DType t = typeOf(typeString.constData());
                for (const qint64 v : values) {
                    QByteArray raw(8, '\0');
                    std::memcpy(raw.data(), &v, 8);
                    const QString text = format(t, raw);
                    QByteArray back;
                    QString why;
                    if (!parseValue(t, text, &back, &why) || back != raw)
                        QFAIL(qPrintable(QStringLiteral("%1 %2: '%3' %4")
                                             .arg(QString::fromLatin1(typeString), QString::number(v), text, why)));
                }
            }
        }
    }
}

void TestValueText::valueToDoubleRows()
{
    auto value = [](const char *type, const char *hex) {
        const QByteArray b = hexBytes(hex);
        return valueToDouble(typeOf(type), reinterpret_cast<const uchar *>(b.constData()));
    };
    QCOMPARE(value("|b1", "01"), 1.0);
    QCOMPARE(value(">i2", "fffe"), -2.0);
    QCOMPARE(value("<u8", "ffffffffffffffff"), 18446744073709551615.0);
    QCOMPARE(value("<f2", "003c"), 1.0);
    QCOMPARE(value("<c16", "000000000000f83f0000000000000040"), 1.5);
    QCOMPARE(value("<f16", "0000000000000080ff3f000000000000"), 1.0);
    QCOMPARE(value("<M8[s]", "0500000000000000"), 5.0);
    QVERIFY(std::isnan(value("<M8[s]", "0000000000000080")));
    QVERIFY(std::isnan(value("|S2", "6162")));
}

QTEST_GUILESS_MAIN(TestValueText)
#include "tst_valuetext.moc"
