// ArrayMaker (core/transform/arraymaker.h): every kind of new array, in many dtypes, compared bit for bit with
// what NumPy computes for the same call in the same run; the dtype and shape texts users type; the refusals.
#include "arraymaker.h"

#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using npy::MakeKind;

namespace {

/** One new array: what a user types, and the NumPy call that makes the same array (its expression()). */
struct Case
{
    const char *name;
    MakeKind kind;
    const char *dtype;
    const char *shape; // zeros, ones, full; identity: n
    const char *value; // full; arange: "start|stop|step"; linspace: "start|stop|num"
    bool endpoint;
    const char *numpy;
};

const QList<Case> &cases()
{
    static const QList<Case> all = {
        {"zeros f8 2-d", MakeKind::Zeros, "float64", "(3, 4)", "", true, "np.zeros((3, 4), dtype='<f8')"},
        {"zeros S5", MakeKind::Zeros, "'S5'", "(2,)", "", true, "np.zeros((2,), dtype='|S5')"},
        {"zeros M8 0-d", MakeKind::Zeros, "datetime64[s]", "()", "", true, "np.zeros((), dtype='<M8[s]')"},
        {"zeros c8 empty", MakeKind::Zeros, "complex64", "2, 0", "", true, "np.zeros((2, 0), dtype='<c8')"},
        {"ones i1", MakeKind::Ones, "int8", "5", "", true, "np.ones((5,), dtype='|i1')"},
        {"ones S3", MakeKind::Ones, "S3", "(2, 2)", "", true, "np.ones((2, 2), dtype='|S3')"},
        {"ones U4", MakeKind::Ones, "U4", "[3]", "", true, "np.ones((3,), dtype='<U4')"},
        {"ones M8 ms", MakeKind::Ones, "datetime64[ms]", "(2,)", "", true, "np.ones((2,), dtype='<M8[ms]')"},
        {"ones big-endian f4", MakeKind::Ones, "'>f4'", "(2,)", "", true, "np.ones((2,), dtype='>f4')"},
        {"ones bool", MakeKind::Ones, "bool", "(3,)", "", true, "np.ones((3,), dtype='|b1')"},
        {"ones u8", MakeKind::Ones, "np.uint64", "(2,)", "", true, "np.ones((2,), dtype='<u8')"},
        {"full f4", MakeKind::Full, "float32", "(2, 3)", "1.5", true, "np.full((2, 3), 1.5, dtype='<f4')"},
        {"full f2 rounded", MakeKind::Full, "float16", "(4,)", "0.1", true, "np.full((4,), 0.1, dtype='<f2')"},
        {"full i2", MakeKind::Full, "int16", "(3,)", "-7", true, "np.full((3,), -7, dtype='<i2')"},
        {"full c16", MakeKind::Full, "complex128", "(2,)", "1+2j", true, "np.full((2,), (1+2j), dtype='<c16')"},
        {"full bool to i8", MakeKind::Full, "int64", "(2,)", "True", true, "np.full((2,), True, dtype='<i8')"},
        {"full float to u4", MakeKind::Full, "uint32", "(3,)", "2.9", true, "np.full((3,), 2.9, dtype='<u4')"},
        {"full U", MakeKind::Full, "U5", "(2,)", "'abc'", true, "np.full((2,), 'abc', dtype='<U5')"},
        {"full S", MakeKind::Full, "S4", "(2,)", "b'xy'", true, "np.full((2,), b'xy', dtype='|S4')"},
        {"full M8 date", MakeKind::Full, "datetime64[D]", "(2,)", "2020-01-31", true,
         "np.full((2,), '2020-01-31', dtype='<M8[D]')"},
        {"full m8 count", MakeKind::Full, "timedelta64[s]", "(1,)", "12", true, "np.full((1,), 12, dtype='<m8[s]')"},
        {"full nan f8", MakeKind::Full, "float", "(2,)", "nan", true, "np.full((2,), np.nan, dtype='<f8')"},
        {"full -inf f4", MakeKind::Full, "f4", "(2,)", "-np.inf", true, "np.full((2,), -np.inf, dtype='<f4')"},
        {"full u1 max", MakeKind::Full, "uint8", "(2,)", "255", true, "np.full((2,), 255, dtype='|u1')"},
        {"full 0-d", MakeKind::Full, "float64", "()", "0.3", true, "np.full((), 0.3, dtype='<f8')"},
        {"arange i8 defaults", MakeKind::Arange, "int64", "", "|10|", true, "np.arange(0, 10, 1, dtype='<i8')"},
        {"arange f4", MakeKind::Arange, "float32", "", "0|1|0.1", true, "np.arange(0, 1, 0.1, dtype='<f4')"},
        {"arange f8", MakeKind::Arange, "float64", "", "0.3|7.1|0.37", true,
         "np.arange(0.3, 7.1, 0.37, dtype='<f8')"},
        {"arange f2", MakeKind::Arange, "float16", "", "-5|5|0.7", true, "np.arange(-5, 5, 0.7, dtype='<f2')"},
        {"arange f4 large", MakeKind::Arange, "float32", "", "1e10|1.0000001e10|3.3", true,
         "np.arange(10000000000.0, 10000001000.0, 3.3, dtype='<f4')"},
        {"arange f8 long", MakeKind::Arange, "float64", "", "0.1|1000|0.037", true,
         "np.arange(0.1, 1000, 0.037, dtype='<f8')"},
        {"arange u1 down", MakeKind::Arange, "uint8", "", "10|0|-3", true, "np.arange(10, 0, -3, dtype='|u1')"},
        {"arange i4 float bounds", MakeKind::Arange, "int32", "", "0.5|5|1", true,
         "np.arange(0.5, 5, 1, dtype='<i4')"},
        {"arange i1", MakeKind::Arange, "int8", "", "-100|100|7", true, "np.arange(-100, 100, 7, dtype='|i1')"},
        {"arange i2 float step", MakeKind::Arange, "int16", "", "0|10|2.5", true,
         "np.arange(0, 10, 2.5, dtype='<i2')"},
        {"arange u8", MakeKind::Arange, "uint64", "", "0|1e10|1e9", true,
         "np.arange(0, 10000000000.0, 1000000000.0, dtype='<u8')"},
        {"arange bool", MakeKind::Arange, "bool", "", "0|2|1", true, "np.arange(0, 2, 1, dtype='|b1')"},
        {"arange c16", MakeKind::Arange, "complex128", "", "0|5|1", true, "np.arange(0, 5, 1, dtype='<c16')"},
        {"arange c8", MakeKind::Arange, "complex64", "", "1|2|0.1", true, "np.arange(1, 2, 0.1, dtype='<c8')"},
        {"arange big-endian i4", MakeKind::Arange, ">i4", "", "0|100|7", true, "np.arange(0, 100, 7, dtype='>i4')"},
        {"arange big-endian f8", MakeKind::Arange, ">f8", "", "0|1|0.15", true, "np.arange(0, 1, 0.15, dtype='>f8')"},
        {"arange longdouble", MakeKind::Arange, "longdouble", "", "0.1|0.2|0.01", true,
         "np.arange(0.1, 0.2, 0.01, dtype='<f16')"},
        {"arange empty", MakeKind::Arange, "float64", "", "5|5|1", true, "np.arange(5, 5, 1, dtype='<f8')"},
        {"arange negative length", MakeKind::Arange, "int64", "", "0|-3|1", true, "np.arange(0, -3, 1, dtype='<i8')"},
        {"arange tiny step", MakeKind::Arange, "float64", "", "0|1e-300|1e300", true,
         "np.arange(0, 1e-300, 1e+300, dtype='<f8')"},
        {"arange M8 D", MakeKind::Arange, "datetime64[D]", "", "2020-01-01|'2020-01-10'|2", true,
         "np.arange('2020-01-01', '2020-01-10', 2, dtype='<M8[D]')"},
        {"arange M8 h", MakeKind::Arange, "datetime64[h]", "", "2020-01-01|2020-01-02|5", true,
         "np.arange('2020-01-01', '2020-01-02', 5, dtype='<M8[h]')"},
        {"arange M8 backwards", MakeKind::Arange, "datetime64[s]", "", "2020-01-01T00:00:10|2020-01-01|-3", true,
         "np.arange('2020-01-01T00:00:10', '2020-01-01', -3, dtype='<M8[s]')"},
        {"arange m8", MakeKind::Arange, "timedelta64[s]", "", "0|10|3", true, "np.arange(0, 10, 3, dtype='<m8[s]')"},
        {"linspace f8", MakeKind::Linspace, "float64", "", "0|1|5", true, "np.linspace(0, 1, num=5, dtype='<f8')"},
        {"linspace no endpoint", MakeKind::Linspace, "float64", "", "0|1|7", false,
         "np.linspace(0, 1, num=7, endpoint=False, dtype='<f8')"},
        {"linspace f4", MakeKind::Linspace, "float32", "", "-2.5|3.7|50", true,
         "np.linspace(-2.5, 3.7, num=50, dtype='<f4')"},
        {"linspace default num", MakeKind::Linspace, "float64", "", "0.1|0.9|", true,
         "np.linspace(0.1, 0.9, num=50, dtype='<f8')"},
        {"linspace i8 floored", MakeKind::Linspace, "int64", "", "0|10|4", true,
         "np.linspace(0, 10, num=4, dtype='<i8')"},
        {"linspace i1 negative", MakeKind::Linspace, "int8", "", "-1|1|5", true,
         "np.linspace(-1, 1, num=5, dtype='|i1')"},
        {"linspace u2", MakeKind::Linspace, "uint16", "", "0|100|7", true, "np.linspace(0, 100, num=7, dtype='<u2')"},
        {"linspace bool", MakeKind::Linspace, "bool", "", "0|1|3", true, "np.linspace(0, 1, num=3, dtype='|b1')"},
        {"linspace f2", MakeKind::Linspace, "float16", "", "0.1|0.9|9", true,
         "np.linspace(0.1, 0.9, num=9, dtype='<f2')"},
        {"linspace complex", MakeKind::Linspace, "complex128", "", "0|1+2j|5", true,
         "np.linspace(0, (1+2j), num=5, dtype='<c16')"},
        {"linspace complex open", MakeKind::Linspace, "complex64", "", "0.5|2-1j|6", false,
         "np.linspace(0.5, (2-1j), num=6, endpoint=False, dtype='<c8')"},
        {"linspace complex step zero", MakeKind::Linspace, "complex128", "", "1+1j|1+1j|4", true,
         "np.linspace((1+1j), (1+1j), num=4, dtype='<c16')"},
        {"linspace equal bounds", MakeKind::Linspace, "float64", "", "1|1|4", true,
         "np.linspace(1, 1, num=4, dtype='<f8')"},
        {"linspace underflowing step", MakeKind::Linspace, "float64", "", "0|5e-324|3", true,
         "np.linspace(0, 5e-324, num=3, dtype='<f8')"},
        {"linspace one sample", MakeKind::Linspace, "float64", "", "3|7|1", true,
         "np.linspace(3, 7, num=1, dtype='<f8')"},
        {"linspace empty", MakeKind::Linspace, "float64", "", "0|1|0", true, "np.linspace(0, 1, num=0, dtype='<f8')"},
        {"linspace big-endian", MakeKind::Linspace, ">f4", "", "0|1|11", true,
         "np.linspace(0, 1, num=11, dtype='>f4')"},
        {"identity f8", MakeKind::Identity, "float64", "3", "", true, "np.identity(3, dtype='<f8')"},
        {"identity bool", MakeKind::Identity, "bool", "4", "", true, "np.identity(4, dtype='|b1')"},
        {"identity S2", MakeKind::Identity, "S2", "2", "", true, "np.identity(2, dtype='|S2')"},
        {"identity M8", MakeKind::Identity, "datetime64[s]", "3", "", true, "np.identity(3, dtype='<M8[s]')"},
        {"identity empty", MakeKind::Identity, "int32", "0", "", true, "np.identity(0, dtype='<i4')"},
    };
    return all;
}

npy::MakeSpec specOf(const Case &c)
{
    npy::MakeSpec s;
    s.kind = c.kind;
    s.dtype = QString::fromUtf8(c.dtype);
    s.endpoint = c.endpoint;
    const QStringList parts = QString::fromUtf8(c.value).split(QLatin1Char('|'));
    switch (c.kind) {
    case MakeKind::Zeros:
    case MakeKind::Ones:
        s.shape = QString::fromUtf8(c.shape);
        break;
    case MakeKind::Full:
        s.shape = QString::fromUtf8(c.shape);
        s.value = QString::fromUtf8(c.value);
        break;
    case MakeKind::Identity:
        s.n = QString::fromUtf8(c.shape);
        break;
    case MakeKind::Arange:
        s.start = parts.value(0);
        s.stop = parts.value(1);
        s.step = parts.value(2);
        break;
    case MakeKind::Linspace:
        s.start = parts.value(0);
        s.stop = parts.value(1);
        s.num = parts.value(2);
        break;
    }
    return s;
}

/** The data bytes of \a array with the 6 padding bytes of each long double zeroed (NumPy leaves them as found). */
QByteArray comparable(const QByteArray &bytes, const npy::DType &type)
{
    const qint64 part = type.kind == npy::Kind::Complex ? type.itemSize / 2 : type.itemSize;
    if (!(type.kind == npy::Kind::Float || type.kind == npy::Kind::Complex) || part != 16)
        return bytes;
    QByteArray out = bytes;
    for (qsizetype k = 0; k + 16 <= out.size(); k += 16)
        std::fill(out.begin() + k + 10, out.begin() + k + 16, '\0');
    return out;
}

} // namespace

class TestArrayMaker : public QObject
{
    Q_OBJECT

private:
    /** NumPy's dtype, shape and bytes of each case's call, by the call's text. */
    QJsonObject mNumpy;
    QString mSkip;

private slots:
    void initTestCase()
    {
        if (npytest::pythonWithNumpy().isEmpty()) {
            mSkip = QStringLiteral("no python3 with NumPy");
            return;
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonArray calls;
        for (const Case &c : cases())
            calls.append(QString::fromUtf8(c.numpy));
        const QString in = dir.filePath(QStringLiteral("calls.json"));
        const QString out = dir.filePath(QStringLiteral("numpy.json"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(calls).toJson());
        f.close();
        const QString script = QStringLiteral(R"(
import sys, json, warnings, numpy as np
warnings.simplefilter('ignore')
res = {}
for call in json.load(open(sys.argv[1])):
    a = eval(call)
    b = bytearray(a.tobytes())
    part = a.dtype.itemsize // (2 if a.dtype.kind == 'c' else 1)
    if a.dtype.kind in 'fc' and part == 16:
        for k in range(0, len(b), 16):
            b[k + 10:k + 16] = bytes(6)
    res[call] = [a.dtype.str, list(a.shape), b.hex()]
json.dump(res, open(sys.argv[2], 'w'))
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {in, out}, &output), qPrintable(output));
        QFile r(out);
        QVERIFY(r.open(QIODevice::ReadOnly));
        mNumpy = QJsonDocument::fromJson(r.readAll()).object();
        QCOMPARE(mNumpy.size(), cases().size());
    }

    void sameAsNumpy_data()
    {
        QTest::addColumn<int>("index");
        for (qsizetype i = 0; i < cases().size(); ++i)
            QTest::newRow(cases()[i].name) << int(i);
    }

    void sameAsNumpy()
    {
        QFETCH(int, index);
        const Case &c = cases()[index];
        const npy::Result<npy::ArrayMaker> maker = npy::ArrayMaker::create(specOf(c), qint64(1) << 30);
        QVERIFY2(maker.ok(), qPrintable(maker.error()));
        QCOMPARE(maker->expression(), QString::fromUtf8(c.numpy));
        const npy::Result<npy::NpyArray> made = maker->make();
        QVERIFY2(made.ok(), qPrintable(made.error()));
        const npy::NpyArray &a = made.value();
        QCOMPARE(a.header().shape, maker->header().shape);
        if (!mSkip.isEmpty())
            QSKIP(qPrintable(mSkip));
        const QJsonArray expected = mNumpy.value(QString::fromUtf8(c.numpy)).toArray();
        QCOMPARE(a.dtype().typeString(), expected.at(0).toString());
        QCOMPARE(a.shape(), npytest::shapeOf(expected.at(1)));
        const QByteArray ours = comparable(
            QByteArray(reinterpret_cast<const char *>(a.data()), qsizetype(a.nbytes())), a.dtype());
        QCOMPARE(ours.toHex(), expected.at(2).toString().toLatin1());
        // Any range of elements is what the whole array has there.
        if (a.size() > 3) {
            QByteArray part(qsizetype(2 * a.itemSize()), '\0');
            maker->fill(reinterpret_cast<uchar *>(part.data()), a.size() - 2, 2);
            QCOMPARE(comparable(part, a.dtype()), ours.right(part.size()));
        }
    }

    void dtypeText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("typeString");
        QTest::newRow("name") << "float64" << "<f8";
        QTest::newRow("quoted") << "'<i4'" << "<i4";
        QTest::newRow("double quoted") << "\">u2\"" << ">u2";
        QTest::newRow("np prefix") << "np.float32" << "<f4";
        QTest::newRow("python int") << "int" << "<i8";
        QTest::newRow("python float") << "float" << "<f8";
        QTest::newRow("python complex") << "complex" << "<c16";
        QTest::newRow("bool") << "bool" << "|b1";
        QTest::newRow("np.dtype call") << "np.dtype('complex64')" << "<c8";
        QTest::newRow("unsized S") << "S" << "|S1";
        QTest::newRow("unsized str") << "str" << "<U1";
        QTest::newRow("S8") << "'S8'" << "|S8";
        QTest::newRow("datetime") << "datetime64[s]" << "<M8[s]";
        QTest::newRow("timedelta code") << "m8[ms]" << "<m8[ms]";
        QTest::newRow("intc") << "np.intc" << "<i4";
        QTest::newRow("longdouble") << "longdouble" << "<f16";
    }

    void dtypeText()
    {
        QFETCH(QString, text);
        QFETCH(QString, typeString);
        const npy::Result<npy::DType> t = npy::parseDTypeText(text);
        QVERIFY2(t.ok(), qPrintable(t.error()));
        QCOMPARE(t->typeString(), typeString);
    }

    void shapeText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::newRow("tuple") << "(3, 4)" << true << QList<qint64>{3, 4};
        QTest::newRow("one") << "(5,)" << true << QList<qint64>{5};
        QTest::newRow("bare") << "7" << true << QList<qint64>{7};
        QTest::newRow("0-d") << "()" << true << QList<qint64>{};
        QTest::newRow("list") << "[2, 0, 3]" << true << QList<qint64>{2, 0, 3};
        QTest::newRow("no parens") << "2, 3" << true << QList<qint64>{2, 3};
        QTest::newRow("negative") << "(3, -1)" << false << QList<qint64>{};
        QTest::newRow("word") << "(3, x)" << false << QList<qint64>{};
        QTest::newRow("empty") << "" << false << QList<qint64>{};
        QTest::newRow("double comma") << "(3,,4)" << false << QList<qint64>{};
    }

    void shapeText()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QList<qint64>, shape);
        const npy::Result<QList<qint64>> s = npy::parseShapeText(text);
        QCOMPARE(s.ok(), ok);
        if (ok)
            QCOMPARE(s.value(), shape);
    }

    void refusals_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("message");
        auto row = [](const char *name, MakeKind kind, const char *dtype, const char *args, const char *message) {
            QTest::newRow(name) << int(kind) << QString::fromUtf8(dtype) << QString::fromUtf8(args)
                                << QString::fromUtf8(message);
        };
        row("arange wraps int8", MakeKind::Arange, "int8", "0|300|1", "out of range for int8");
        row("arange of text", MakeKind::Arange, "S3", "0|3|1", "arange() is not supported");
        row("arange bool of three", MakeKind::Arange, "bool", "0|3|1", "at most length 2");
        row("arange zero step", MakeKind::Arange, "float64", "0|3|0.0", "step cannot be zero");
        row("arange complex bound", MakeKind::Arange, "complex128", "0|3j|1", "real numbers");
        row("arange word", MakeKind::Arange, "float64", "0|ten|1", "not a number");
        row("arange nan", MakeKind::Arange, "float64", "0|nan|1", "cannot compute length");
        row("arange NaT", MakeKind::Arange, "datetime64[D]", "NaT|2020-01-01|1", "NaT");
        row("full wraps", MakeKind::Full, "int8", "300", "out of range");
        row("full nan to int", MakeKind::Full, "int32", "nan", "NaN to integer");
        row("full imaginary", MakeKind::Full, "float64", "1+2j", "imaginary");
        row("full empty", MakeKind::Full, "float64", "", "give the value");
        row("linspace text", MakeKind::Linspace, "U5", "0|1|3", "not offered");
        row("linspace wraps", MakeKind::Linspace, "int8", "0|1000|3", "out of range");
        row("linspace negative num", MakeKind::Linspace, "float64", "0|1|-1", "must be non-negative");
        row("linspace complex to int", MakeKind::Linspace, "int32", "0|1j|3", "cannot be floored");
        row("object dtype", MakeKind::Zeros, "object", "(3,)", "plain values");
        row("record dtype", MakeKind::Zeros, "[('x', '<f4')]", "(3,)", "plain values");
        row("datetime without unit", MakeKind::Zeros, "datetime64", "(3,)", "no unit");
        row("unknown dtype", MakeKind::Zeros, "float7", "(3,)", "dtype");
        row("negative dimension", MakeKind::Zeros, "float64", "(3, -1)", "negative dimensions");
        row("over the budget", MakeKind::Zeros, "float64", "(1000, 1000)", "more than the 1.0 MiB");
        row("larger than memory", MakeKind::Zeros, "float64", "(1099511627776, 1099511627776)", "larger than any memory");
        row("identity negative", MakeKind::Identity, "float64", "-2", "negative");
    }

    void refusals()
    {
        QFETCH(int, kind);
        QFETCH(QString, dtype);
        QFETCH(QString, args);
        QFETCH(QString, message);
        const QStringList parts = args.split(QLatin1Char('|'));
        npy::MakeSpec s;
        s.kind = MakeKind(kind);
        s.dtype = dtype;
        s.shape = s.kind == MakeKind::Full ? QStringLiteral("(2,)") : args;
        s.value = args;
        s.n = args;
        s.start = parts.value(0);
        s.stop = parts.value(1);
        s.step = parts.value(2);
        s.num = parts.value(2);
        const npy::Result<npy::ArrayMaker> maker = npy::ArrayMaker::create(s, qint64(1) << 20);
        QVERIFY2(!maker.ok(), qPrintable(maker.ok() ? maker->expression() : QString()));
        QVERIFY2(maker.error().contains(message), qPrintable(maker.error()));
    }

    void preview()
    {
        npy::MakeSpec s;
        s.kind = MakeKind::Arange;
        s.dtype = QStringLiteral("int32");
        s.stop = QStringLiteral("10");
        npy::Result<npy::ArrayMaker> m = npy::ArrayMaker::create(s, 1 << 20);
        QVERIFY(m.ok());
        QCOMPARE(m->preview(4), QStringLiteral("[0, 1, 2, 3, …]"));
        QCOMPARE(m->header().dataBytes, qint64(40));
        s.stop = QStringLiteral("3");
        m = npy::ArrayMaker::create(s, 1 << 20);
        QCOMPARE(m->preview(4), QStringLiteral("[0, 1, 2]"));
        s.kind = MakeKind::Full;
        s.dtype = QStringLiteral("float64");
        s.shape = QStringLiteral("()");
        s.value = QStringLiteral("1.5");
        m = npy::ArrayMaker::create(s, 1 << 20);
        QCOMPARE(m->preview(4), QStringLiteral("1.5"));
    }

    void cancel()
    {
        npy::MakeSpec s;
        s.kind = MakeKind::Ones;
        s.dtype = QStringLiteral("float64");
        s.shape = QStringLiteral("(4000000,)");
        const npy::Result<npy::ArrayMaker> m = npy::ArrayMaker::create(s, qint64(1) << 30);
        QVERIFY(m.ok());
        std::atomic_bool stop{true};
        npy::Progress progress;
        progress.cancel = &stop;
        const npy::Result<npy::NpyArray> made = m->make(progress);
        QVERIFY(!made.ok());
        QVERIFY2(made.error().contains(QLatin1String("Cancelled")), qPrintable(made.error()));
    }
};

QTEST_GUILESS_MAIN(TestArrayMaker)
#include "tst_arraymaker.moc"
