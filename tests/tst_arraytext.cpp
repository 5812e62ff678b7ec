// arrayFromText() (core/transform/arraytext.h): blocks of numbers and NumPy code read into arrays, compared bit
// for bit with what NumPy makes of the same values in the same run; Copy as NumPy Code's text read back to the
// array it was written from, for arrays NumPy wrote; what cannot be read, and why.
#include "arraytext.h"

#include "npyfile.h"
#include "numpycode.h"
#include "testdata.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Row
{
    const char *name;
    const char *text;
    const char *numpy; ///< what NumPy is given for the same values
};

const QList<Row> &rows()
{
    static const QList<Row> all = {
        {"ints by tabs", "1\t2\t3\n4\t5\t6", "np.array([[1, 2, 3], [4, 5, 6]])"},
        {"one line of commas", "1.5, 2, -3e-5", "np.array([1.5, 2, -3e-5])"},
        {"spaces", "  1  2\n 3   4  \n", "np.array([[1, 2], [3, 4]])"},
        {"bools", "True\tFalse\ntrue\tFALSE", "np.array([[True, False], [True, False]])"},
        {"bool and int", "True,2", "np.array([True, 2])"},
        {"bool and float", "False 0.5", "np.array([False, 0.5])"},
        {"complex", "1\t(1+2j)\n-2.5j\t3", "np.array([[1, (1+2j)], [-2.5j, 3]])"},
        {"nan and inf", "nan\tinf\t-inf\tNaN", "np.array([float('nan'), float('inf'), float('-inf'), float('nan')])"},
        {"beyond int64", "18446744073709551615\t9223372036854775808",
         "np.array([18446744073709551615, 9223372036854775808])"},
        {"beyond int64 with small", "9223372036854775808\t1", "np.array([9223372036854775808, 1])"},
        {"one column", "1\n2\n3", "np.array([[1], [2], [3]])"},
        {"crlf", "1\t2\r\n3\t4\r\n", "np.array([[1, 2], [3, 4]])"},
        {"exact decimals", "0.1\t0.2\t0.30000000000000004\t1e-310",
         "np.array([0.1, 0.2, 0.30000000000000004, 1e-310])"},
        {"int64 extremes", "-9223372036854775808\t9223372036854775807",
         "np.array([-9223372036854775808, 9223372036854775807])"},
        {"code f4", "np.array([[1.5, 2.0], [np.nan, -np.inf]], dtype='<f4')",
         "np.array([[1.5, 2.0], [np.nan, -np.inf]], dtype='<f4')"},
        {"code c8", "np.array([complex('1+2j'), complex('-0-0.5j')], dtype='<c8')",
         "np.array([complex('1+2j'), complex('-0-0.5j')], dtype='<c8')"},
        {"code S", "np.array([b'ab', b'\\xff\\n'], dtype='|S3')", "np.array([b'ab', b'\\xff\\n'], dtype='|S3')"},
        {"code U", "np.array(['x', 'h\\u00e9llo'], dtype='<U5')", "np.array(['x', 'h\\u00e9llo'], dtype='<U5')"},
        {"code M8", "np.array(['2020-01-31', 'NaT'], dtype='<M8[D]')", "np.array(['2020-01-31', 'NaT'], dtype='<M8[D]')"},
        {"code m8", "np.array([5, 'NaT'], dtype='<m8[s]')", "np.array([5, 'NaT'], dtype='<m8[s]')"},
        {"code 0-d", "np.array(3.25, dtype='<f8')", "np.array(3.25, dtype='<f8')"},
        {"code empty", "np.empty((0, 3), dtype='<i2')", "np.empty((0, 3), dtype='<i2')"},
        {"code bool", "np.array([[True, False]], dtype='|b1')", "np.array([[True, False]], dtype='|b1')"},
        {"code big-endian", "np.array([1, 2], dtype='>i4')", "np.array([1, 2], dtype='>i4')"},
        {"code dtype name", "np.array([0.1, 0.2], dtype=np.float16)", "np.array([0.1, 0.2], dtype=np.float16)"},
        {"code longdouble", "np.array(['1.0000000000000000001', '2.5'], dtype='<f16')",
         "np.array(['1.0000000000000000001', '2.5'], dtype='<f16')"},
        {"code int to float", "np.array([16777217, 3], dtype='<f4')", "np.array([16777217, 3], dtype='<f4')"},
        {"code inferred", "np.array([[1, 2], [3, 4.5]])", "np.array([[1, 2], [3, 4.5]])"},
        {"code inferred text", "np.array(['a', 'bcd'])", "np.array(['a', 'bcd'])"},
        {"bare list", "[[1, 2], [3, 4]]", "np.array([[1, 2], [3, 4]])"},
        {"empty list", "np.array([], dtype='<f8')", "np.array([], dtype='<f8')"},
    };
    return all;
}

QByteArray comparable(const npy::NpyArray &a)
{
    QByteArray b(reinterpret_cast<const char *>(a.data()), qsizetype(a.nbytes()));
    const npy::DType &t = a.dtype();
    const qint64 part = t.kind == npy::Kind::Complex ? t.itemSize / 2 : t.itemSize;
    if ((t.kind == npy::Kind::Float || t.kind == npy::Kind::Complex) && part == 16)
        for (qsizetype k = 0; k + 16 <= b.size(); k += 16)
            std::fill(b.begin() + k + 10, b.begin() + k + 16, '\0');
    return b;
}

} // namespace

class TestArrayText : public QObject
{
    Q_OBJECT

private:
    QJsonObject mNumpy;
    QTemporaryDir mDir;
    bool mPython = false;

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        mPython = !npytest::pythonWithNumpy().isEmpty();
        if (!mPython)
            return;
        QJsonArray calls;
        for (const Row &r : rows())
            calls.append(QString::fromUtf8(r.numpy));
        QFile f(mDir.filePath(QStringLiteral("calls.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(calls).toJson());
        f.close();
        // NumPy's arrays for the rows, and arrays of every kind for the round trip through Copy as NumPy Code.
        const QString script = QStringLiteral(R"(
import sys, os, json, numpy as np
d = sys.argv[1]
res = {}
for call in json.load(open(os.path.join(d, 'calls.json'))):
    a = eval(call)
    b = bytearray(a.tobytes())
    part = a.dtype.itemsize // (2 if a.dtype.kind == 'c' else 1)
    if a.dtype.kind in 'fc' and part == 16:
        for k in range(0, len(b), 16):
            b[k + 10:k + 16] = bytes(6)
    res[call] = [a.dtype.str, list(a.shape), b.hex()]
json.dump(res, open(os.path.join(d, 'numpy.json'), 'w'))
rt = os.path.join(d, 'roundtrip'); os.mkdir(rt)
rng = np.random.default_rng(25)
f = rng.standard_normal(12) * 10.0 ** rng.integers(-40, 40, 12)
f[:4] = [np.nan, -np.inf, -0.0, 5e-324]
arrays = {
    'f8': f.reshape(3, 4), 'f4': f.astype('f4'), 'f2': f[4:].astype('f2'), 'f8be': f.astype('>f8'),
    'g': (f[4:].astype('g') / 3), 'c16': (f + 1j * f[::-1]).reshape(2, 6), 'c8': (f[:6] - 2j).astype('c8'),
    'i1': np.array([-128, 0, 127], 'i1'), 'u8': np.array([0, 2**64 - 1], 'u8'), 'i8': np.array([-2**63, 2**63 - 1]),
    'b1': np.array([[True, False], [False, True]]), 'S': np.array([b'', b'a\x00b', b'\xff\'\x22\\\n'], 'S5'),
    'U': np.array(['', 'caf\u00e9', 'a\'\x22\\\n\t', '\U0001F600'], 'U4'),
    'M8': np.array(['2020-01-31T10:30', 'NaT', '1969-12-31T23:59'], 'M8[m]'),
    'm8': np.array([5, -3, 'NaT'], 'm8[ms]'), '0d': np.array(2.5), 'empty': np.zeros((0, 2), 'i4'),
}
for k, a in arrays.items():
    np.save(os.path.join(rt, k + '.npy'), a)
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {mDir.path()}, &output), qPrintable(output));
        QFile r(mDir.filePath(QStringLiteral("numpy.json")));
        QVERIFY(r.open(QIODevice::ReadOnly));
        mNumpy = QJsonDocument::fromJson(r.readAll()).object();
    }

    void sameAsNumpy_data()
    {
        QTest::addColumn<int>("index");
        for (qsizetype i = 0; i < rows().size(); ++i)
            QTest::newRow(rows()[i].name) << int(i);
    }

    void sameAsNumpy()
    {
        QFETCH(int, index);
        const Row &row = rows()[index];
        const npy::Result<npy::TextArray> read = npy::arrayFromText(QString::fromUtf8(row.text), qint64(1) << 20);
        QVERIFY2(read.ok(), qPrintable(read.error()));
        if (!mPython)
            QSKIP("no python3 with NumPy");
        const QJsonArray expected = mNumpy.value(QString::fromUtf8(row.numpy)).toArray();
        const npy::NpyArray &a = read->array;
        QCOMPARE(a.dtype().typeString(), expected.at(0).toString());
        QCOMPARE(a.shape(), npytest::shapeOf(expected.at(1)));
        QCOMPARE(comparable(a).toHex(), expected.at(2).toString().toLatin1());
    }

    void numpyCodeRoundTrip()
    {
        // Copy as NumPy Code's text of arrays NumPy wrote, read back: the array's dtype and shape, and the bytes
        // NumPy itself makes of the same text (a NaN's sign and payload are not in the text).
        if (!mPython)
            QSKIP("no python3 with NumPy");
        const QDir dir(mDir.filePath(QStringLiteral("roundtrip")));
        const QStringList files = dir.entryList({QStringLiteral("*.npy")});
        QCOMPARE(files.size(), 17);
        QJsonArray codes;
        QList<npy::NpyArray> ours;
        for (const QString &name : files) {
            const npy::Result<npy::NpyArray> original = npy::readNpyFile(dir.filePath(name));
            QVERIFY2(original.ok(), qPrintable(original.error()));
            const QString code = npy::numpyCode(original.value());
            const npy::Result<npy::TextArray> back = npy::arrayFromText(code, qint64(1) << 20);
            QVERIFY2(back.ok(), qPrintable(name + QStringLiteral(": ") + back.error() + QLatin1Char('\n') + code));
            QCOMPARE(back->array.dtype().typeString(), original->dtype().typeString());
            QCOMPARE(back->array.shape(), original->shape());
            codes.append(code);
            ours.append(back->array);
        }
        QFile f(mDir.filePath(QStringLiteral("codes.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(codes).toJson());
        f.close();
        const QString script = QStringLiteral(R"(
import sys, json, numpy as np
for code in json.load(open(sys.argv[1])):
    a = eval(code)
    b = bytearray(a.tobytes())
    part = a.dtype.itemsize // (2 if a.dtype.kind == 'c' else 1)
    if a.dtype.kind in 'fc' and part == 16:
        for k in range(0, len(b), 16):
            b[k + 10:k + 16] = bytes(6)
    print(b.hex())
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {f.fileName()}, &output), qPrintable(output));
        const QStringList lines = output.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < ours.size(); ++i)
            QVERIFY2(comparable(ours[i]).toHex() == lines.value(i).toLatin1(), qPrintable(codes[i].toString()));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged block") << "1\t2\n3" << "row 2 has 1 values, row 1 has 2";
        QTest::newRow("ragged list") << "[[1, 2], [3]]" << "different lengths";
        QTest::newRow("uneven depth") << "[[1, 2], 3]" << "not all as deep";
        QTest::newRow("empty cell") << "1\t\t3" << "row 1, column 2 is empty";
        QTest::newRow("word") << "1\tabc\n2\t3" << "row 1, column 2: “abc” is not a number";
        QTest::newRow("record dtype") << "np.array([(1.5,)], dtype=[('x', '<f4')])" << "plain values";
        QTest::newRow("out of range") << "np.array([300], dtype='|i1')" << "element (0,): 300 cannot be int8";
        QTest::newRow("unclosed") << "np.array([1, 2]" << "expected , or )";
        QTest::newRow("text and numbers") << "[1, 'a']" << "mix text and numbers";
        QTest::newRow("never evaluated") << "np.array(__import__('os').getcwd())" << "is not a number";
        QTest::newRow("nothing") << "  \n " << "empty";
        QTest::newRow("beyond uint64") << "18446744073709551616" << "is not a number";
        QTest::newRow("np.empty with values") << "np.empty((2, 3), dtype='<f8')" << "no values";
        QTest::newRow("trailing text") << "np.array([1], dtype='<f8') + 1" << "unexpected text";
        QTest::newRow("too large") << QString(QStringLiteral("1\t").repeated(200000) + QStringLiteral("1")) << "more than";
    }

    void refusals()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const npy::Result<npy::TextArray> read = npy::arrayFromText(text, qint64(1) << 20);
        QVERIFY2(!read.ok(), qPrintable(read.ok() ? read->source : QString()));
        QVERIFY2(read.error().contains(message), qPrintable(read.error()));
    }

    void sourceNamed()
    {
        const npy::Result<npy::TextArray> block = npy::arrayFromText(QStringLiteral("1\t2\n3\t4\n5\t6"), 1 << 20);
        QVERIFY(block.ok());
        QCOMPARE(block->source, QStringLiteral("a block of 3 rows of 2 values"));
        const npy::Result<npy::TextArray> code = npy::arrayFromText(QStringLiteral("np.array([1.0])"), 1 << 20);
        QVERIFY(code.ok());
        QCOMPARE(code->source, QStringLiteral("NumPy code"));
    }
};

QTEST_GUILESS_MAIN(TestArrayText)
#include "tst_arraytext.moc"
