// The slice model of the engine: parseSliceText() (npy-tool's --slice), SliceLayout (the byte
// geometry every view uses), and sliceBlock() and wholeSlice(): the cells of a 2-D slice of an N-d array copied into a new C-order
// array (what the CSV export of a slice or a selection writes), with clamping, struct fields and
// whole records, and the refusals.
#include "npyfile.h"
#include "slicespec.h"
#include "testdata.h"

#include <QTest>
#include <QtNumeric>

#include <cmath>
#include <cstring>

using namespace npy;

namespace {

SliceSpec spec(int rowAxis, int colAxis, const QList<qint64> &index, int field = -1)
{
    SliceSpec s;
    s.rowAxis = rowAxis;
    s.colAxis = colAxis;
    s.index = index;
    s.field = field;
    return s;
}

CellRange cells(qint64 row, qint64 col, qint64 rows, qint64 cols)
{
    CellRange r;
    r.row = row;
    r.col = col;
    r.rows = rows;
    r.cols = cols;
    return r;
}

/** The elements of a little-endian i2 / i4 / f4 / f8 array as doubles, in C order. */
QList<double> valuesOf(const npy::NpyArray &a)
{
    QList<double> out;
    const QString type = a.dtype().typeString();
    const uchar *p = a.data();
    for (qint64 i = 0; i < a.size(); ++i) {
        if (type == QLatin1String("<i4")) {
            qint32 v;
            std::memcpy(&v, p + i * 4, 4);
            out.append(v);
        } else if (type == QLatin1String("<i2")) {
            qint16 v;
            std::memcpy(&v, p + i * 2, 2);
            out.append(v);
        } else if (type == QLatin1String("<f4")) {
            float v;
            std::memcpy(&v, p + i * 4, 4);
            out.append(double(v));
        } else if (type == QLatin1String("<f8")) {
            double v;
            std::memcpy(&v, p + i * 8, 8);
            out.append(v);
        } else {
            qWarning("valuesOf: type %s not handled", qPrintable(type));
            return {};
        }
    }
    return out;
}

} // namespace

Q_DECLARE_METATYPE(SliceSpec)
Q_DECLARE_METATYPE(CellRange)

class tst_SliceSpec : public QObject
{
    Q_OBJECT

private slots:
    void sliceBlock_data();
    void sliceBlock();
    void records();
    void refusals_data();
    void refusals();
    void wholeSlice_data();
    void wholeSlice();
    void parseText_data();
    void parseText();
    void layoutMatchesOffsetOf_data();
    void layoutMatchesOffsetOf();
};

void tst_SliceSpec::sliceBlock_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SliceSpec>("slice");
    QTest::addColumn<CellRange>("block");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<QList<double>>("values");

    const QString i4 = QStringLiteral("npy/i4_2d_c.npy");       // (3, 4): 0..11
    const QString f8 = QStringLiteral("npy/f8_fortran_3d.npy"); // (2, 3, 4), Fortran order: a[i, j, k] = 12 i + 4 j + k
    const QString f4 = QStringLiteral("npy/f4_some_nan.npy");   // (6,): 1.5 nan -2 4.25 nan 0
    const double nan = qQNaN();
    QTest::newRow("2-D block") << i4 << spec(0, 1, {0, 0}) << cells(1, 1, 2, 2) << QStringLiteral("<i4")
                               << QList<qint64>{2, 2} << QList<double>{5, 6, 9, 10};
    QTest::newRow("2-D whole") << i4 << spec(0, 1, {0, 0}) << cells(0, 0, 3, 4) << QStringLiteral("<i4")
                               << QList<qint64>{3, 4} << QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    QTest::newRow("2-D clamped at the far edges") << i4 << spec(0, 1, {0, 0}) << cells(2, 2, 5, 5) << QStringLiteral("<i4")
                                                  << QList<qint64>{1, 2} << QList<double>{10, 11};
    QTest::newRow("2-D one cell") << i4 << spec(0, 1, {0, 0}) << cells(2, 3, 1, 1) << QStringLiteral("<i4")
                                  << QList<qint64>{1, 1} << QList<double>{11};
    QTest::newRow("2-D transposed") << i4 << spec(1, 0, {0, 0}) << cells(0, 0, 2, 3) << QStringLiteral("<i4")
                                    << QList<qint64>{2, 3} << QList<double>{0, 4, 8, 1, 5, 9};
    QTest::newRow("3-D, last two axes at i = 1") << f8 << spec(1, 2, {1, 0, 0}) << cells(0, 0, 3, 4)
                                                 << QStringLiteral("<f8") << QList<qint64>{3, 4}
                                                 << QList<double>{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23};
    QTest::newRow("3-D, axes 0 and 2 at j = 2") << f8 << spec(0, 2, {0, 2, 0}) << cells(0, 1, 2, 2)
                                                << QStringLiteral("<f8") << QList<qint64>{2, 2}
                                                << QList<double>{9, 10, 21, 22};
    QTest::newRow("3-D, axes 2 and 1 at i = 1") << f8 << spec(2, 1, {1, 0, 0}) << cells(3, 0, 1, 3)
                                                << QStringLiteral("<f8") << QList<qint64>{1, 3}
                                                << QList<double>{15, 19, 23};
    QTest::newRow("1-D rows") << f4 << spec(0, -1, {0}) << cells(2, 0, 3, 1) << QStringLiteral("<f4")
                              << QList<qint64>{3} << QList<double>{-2, 4.25, nan};
    QTest::newRow("1-D clamped") << f4 << spec(0, -1, {0}) << cells(4, 0, 9, 1) << QStringLiteral("<f4")
                                 << QList<qint64>{2} << QList<double>{nan, 0};
    QTest::newRow("0-d") << QStringLiteral("npy/f8_0d.npy") << spec(-1, -1, {}) << cells(0, 0, 1, 1)
                         << QStringLiteral("<f8") << QList<qint64>{} << QList<double>{3.5};
    QTest::newRow("struct field y") << QStringLiteral("npy/struct_2d.npy") << spec(0, 1, {0, 0}, 1) << cells(0, 1, 2, 2)
                                    << QStringLiteral("<f4") << QList<qint64>{2, 2}
                                    << QList<double>{0.25, 0.5, 1.0, 1.25};
    QTest::newRow("struct field x") << QStringLiteral("npy/struct_2d.npy") << spec(1, 0, {0, 0}, 0) << cells(0, 0, 3, 2)
                                    << QStringLiteral("<i2") << QList<qint64>{3, 2} << QList<double>{0, 3, 1, 4, 2, 5};
}

void tst_SliceSpec::sliceBlock()
{
    QFETCH(QString, file);
    QFETCH(SliceSpec, slice);
    QFETCH(CellRange, block);
    QFETCH(QString, type);
    QFETCH(QList<qint64>, shape);
    QFETCH(QList<double>, values);
    const npy::Result<npy::NpyArray> array = npy::readNpyFile(npytest::dataPath(file));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    QVERIFY(slice.isValidFor(array->header()));
    const npy::Result<npy::NpyArray> out = npy::sliceBlock(array.value(), slice, block);
    QVERIFY2(out.ok(), qPrintable(out.error()));
    QCOMPARE(out->dtype().typeString(), type);
    QCOMPARE(out->shape(), shape);
    QVERIFY(!out->isFortran());
    QCOMPARE(out->size(), qint64(values.size()));
    QCOMPARE(out->nbytes(), out->size() * out->itemSize());
    const QList<double> got = valuesOf(out.value());
    QCOMPARE(got.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i]))
            QVERIFY2(std::isnan(got[i]), qPrintable(QString::number(i)));
        else
            QCOMPARE(got[i], values[i]);
    }
}

void tst_SliceSpec::records()
{
    // A record array shown with every field as a column: whole records of the block's rows.
    const npy::Result<npy::NpyArray> array = npy::readNpyFile(npytest::dataPath(QStringLiteral("npy/struct_be.npy")));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const qint64 item = array->itemSize();
    const npy::Result<npy::NpyArray> out = npy::sliceBlock(array.value(), spec(0, -1, {0}), cells(1, 2, 5, 3));
    QVERIFY2(out.ok(), qPrintable(out.error()));
    QCOMPARE(out->dtype().typeString(), array->dtype().typeString());
    QCOMPARE(out->shape(), QList<qint64>{2});
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(out->data()), qsizetype(out->nbytes())),
             QByteArray(reinterpret_cast<const char *>(array->data()) + item, qsizetype(2 * item)));

    // struct_2d (2, 3) with records along axis 1 at row index 1 of axis 0.
    const npy::Result<npy::NpyArray> grid = npy::readNpyFile(npytest::dataPath(QStringLiteral("npy/struct_2d.npy")));
    QVERIFY2(grid.ok(), qPrintable(grid.error()));
    const npy::Result<npy::NpyArray> row = npy::sliceBlock(grid.value(), spec(1, -1, {1, 0}), cells(0, 0, 3, 1));
    QVERIFY2(row.ok(), qPrintable(row.error()));
    QCOMPARE(row->shape(), QList<qint64>{3});
    const qint64 gi = grid->itemSize();
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(row->data()), qsizetype(row->nbytes())),
             QByteArray(reinterpret_cast<const char *>(grid->data()) + 3 * gi, qsizetype(3 * gi)));
}

void tst_SliceSpec::refusals_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SliceSpec>("slice");
    QTest::addColumn<CellRange>("block");
    QTest::addColumn<QString>("why");
    const QString i4 = QStringLiteral("npy/i4_2d_c.npy");
    QTest::newRow("no rows") << i4 << spec(0, 1, {0, 0}) << cells(0, 0, 0, 2) << QStringLiteral("empty");
    QTest::newRow("no columns") << i4 << spec(0, 1, {0, 0}) << cells(0, 0, 2, 0) << QStringLiteral("empty");
    QTest::newRow("starts past the last row") << i4 << spec(0, 1, {0, 0}) << cells(3, 0, 1, 1) << QStringLiteral("empty");
    QTest::newRow("starts past the last column") << i4 << spec(0, 1, {0, 0}) << cells(0, 4, 1, 1)
                                                 << QStringLiteral("empty");
    QTest::newRow("axis out of range") << i4 << spec(0, 2, {0, 0}) << cells(0, 0, 1, 1) << QStringLiteral("no slice");
    QTest::newRow("same axis twice") << i4 << spec(1, 1, {0, 0}) << cells(0, 0, 1, 1) << QStringLiteral("no slice");
    QTest::newRow("index count") << i4 << spec(0, 1, {0}) << cells(0, 0, 1, 1) << QStringLiteral("no slice");
    QTest::newRow("records with a column axis") << QStringLiteral("npy/struct_2d.npy") << spec(0, 1, {0, 0}, -1)
                                                << cells(0, 0, 1, 1) << QStringLiteral("no slice");
    QTest::newRow("no such field") << QStringLiteral("npy/struct_2d.npy") << spec(0, 1, {0, 0}, 2)
                                   << cells(0, 0, 1, 1) << QStringLiteral("no slice");
    QTest::newRow("a field of a plain array") << i4 << spec(0, 1, {0, 0}, 0) << cells(0, 0, 1, 1)
                                              << QStringLiteral("no slice");
    QTest::newRow("index out of range") << QStringLiteral("npy/f8_fortran_3d.npy") << spec(1, 2, {2, 0, 0})
                                        << cells(0, 0, 1, 1) << QStringLiteral("no slice");
}

void tst_SliceSpec::refusals()
{
    QFETCH(QString, file);
    QFETCH(SliceSpec, slice);
    QFETCH(CellRange, block);
    QFETCH(QString, why);
    const npy::Result<npy::NpyArray> array = npy::readNpyFile(npytest::dataPath(file));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const npy::Result<npy::NpyArray> out = npy::sliceBlock(array.value(), slice, block);
    QVERIFY(!out.ok());
    QVERIFY2(out.error().contains(why), qPrintable(out.error()));
    QVERIFY(!npy::sliceBlock(npy::NpyArray(), spec(-1, -1, {}), cells(0, 0, 1, 1)).ok());
}

void tst_SliceSpec::wholeSlice_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SliceSpec>("slice");
    QTest::addColumn<CellRange>("whole");
    const QString i4 = QStringLiteral("npy/i4_2d_c.npy");
    QTest::newRow("2-D") << i4 << spec(0, 1, {0, 0}) << cells(0, 0, 3, 4);
    QTest::newRow("2-D transposed") << i4 << spec(1, 0, {0, 0}) << cells(0, 0, 4, 3);
    QTest::newRow("3-D, axes 0 and 2") << QStringLiteral("npy/f8_fortran_3d.npy") << spec(0, 2, {0, 1, 0})
                                       << cells(0, 0, 2, 4);
    QTest::newRow("1-D") << QStringLiteral("npy/f4_some_nan.npy") << spec(0, -1, {0}) << cells(0, 0, 6, 1);
    QTest::newRow("0-d") << QStringLiteral("npy/f8_0d.npy") << spec(-1, -1, {}) << cells(0, 0, 1, 1);
    QTest::newRow("records: one column") << QStringLiteral("npy/struct_2d.npy") << spec(0, -1, {0, 0}, -1)
                                         << cells(0, 0, 2, 1);
    QTest::newRow("struct field") << QStringLiteral("npy/struct_2d.npy") << spec(0, 1, {0, 0}, 1) << cells(0, 0, 2, 3);
}

void tst_SliceSpec::wholeSlice()
{
    QFETCH(QString, file);
    QFETCH(SliceSpec, slice);
    QFETCH(CellRange, whole);
    const npy::Result<npy::NpyArray> array = npy::readNpyFile(npytest::dataPath(file));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    const CellRange got = npy::wholeSlice(array.value(), slice);
    QCOMPARE(got.row, whole.row);
    QCOMPARE(got.col, whole.col);
    QCOMPARE(got.rows, whole.rows);
    QCOMPARE(got.cols, whole.cols);
    // sliceBlock of the whole slice has every cell of it.
    const npy::Result<npy::NpyArray> all = npy::sliceBlock(array.value(), slice, got);
    QVERIFY2(all.ok(), qPrintable(all.error()));
    QCOMPARE(all->size(), got.rows * got.cols);
}

void tst_SliceSpec::parseText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("syntax");
    QTest::addColumn<int>("rowAxis");
    QTest::addColumn<int>("colAxis");
    QTest::addColumn<QList<qint64>>("index");
    const QList<qint64> cube{5, 6, 7};
    QTest::newRow("frame of a stack") << QStringLiteral("3,:,:") << cube << true << false << 1 << 2 << QList<qint64>{3, 0, 0};
    QTest::newRow("rows along axis 0") << QStringLiteral(":, 0, :") << cube << true << false << 0 << 2 << QList<qint64>{0, 0, 0};
    QTest::newRow("negative index") << QStringLiteral(":,-1,:") << cube << true << false << 0 << 2 << QList<qint64>{0, 5, 0};
    QTest::newRow("one column") << QStringLiteral("1,2,:") << cube << true << false << 2 << -1 << QList<qint64>{1, 2, 0};
    QTest::newRow("1-D") << QStringLiteral(":") << QList<qint64>{4} << true << false << 0 << -1 << QList<qint64>{0};
    QTest::newRow("word") << QStringLiteral("a,:,:") << cube << false << true << 0 << 0 << QList<qint64>{};
    QTest::newRow("no free axis") << QStringLiteral("1,2,3") << cube << false << true << 0 << 0 << QList<qint64>{};
    QTest::newRow("three free axes") << QStringLiteral(":,:,:") << cube << false << true << 0 << 0 << QList<qint64>{};
    QTest::newRow("too few entries") << QStringLiteral(":,:") << cube << false << false << 0 << 0 << QList<qint64>{};
    QTest::newRow("index past the end") << QStringLiteral("5,:,:") << cube << false << false << 0 << 0 << QList<qint64>{};
    QTest::newRow("negative past the start") << QStringLiteral("-6,:,:") << cube << false << false << 0 << 0 << QList<qint64>{};
}

void tst_SliceSpec::parseText()
{
    QFETCH(QString, text);
    QFETCH(QList<qint64>, shape);
    QFETCH(bool, ok);
    QFETCH(bool, syntax);
    QFETCH(int, rowAxis);
    QFETCH(int, colAxis);
    QFETCH(QList<qint64>, index);
    SliceSpec spec;
    SliceTextError error;
    QCOMPARE(parseSliceText(text, shape, &spec, &error), ok);
    if (!ok) {
        QCOMPARE(error.syntax, syntax);
        QVERIFY(!error.why.isEmpty());
        return;
    }
    QCOMPARE(spec.rowAxis, rowAxis);
    QCOMPARE(spec.colAxis, colAxis);
    QCOMPARE(spec.index, index);
}

void tst_SliceSpec::layoutMatchesOffsetOf_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SliceSpec>("slice");
    QTest::newRow("2-D C order") << QStringLiteral("npy/i4_2d_c.npy") << spec(0, 1, {0, 0});
    QTest::newRow("2-D transposed") << QStringLiteral("npy/i4_2d_c.npy") << spec(1, 0, {0, 0});
    QTest::newRow("3-D Fortran, frame 1") << QStringLiteral("npy/f8_fortran_3d.npy") << spec(1, 2, {1, 0, 0});
    QTest::newRow("3-D Fortran, axes 0 and 2") << QStringLiteral("npy/f8_fortran_3d.npy") << spec(0, 2, {0, 2, 0});
    QTest::newRow("1-D") << QStringLiteral("npy/f4_some_nan.npy") << spec(0, -1, {0});
}

void tst_SliceSpec::layoutMatchesOffsetOf()
{
    QFETCH(QString, file);
    QFETCH(SliceSpec, slice);
    Result<NpyArray> array = readNpyFile(npytest::dataPath(file));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    QVERIFY(slice.isValidFor(array->header()));
    const SliceLayout layout = SliceLayout::create(array.value(), slice);
    const CellRange all = npy::wholeSlice(array.value(), slice);
    QCOMPARE(layout.rows, all.rows);
    QCOMPARE(layout.cols, all.cols);
    QList<qint64> index = slice.index;
    for (qint64 r = 0; r < layout.rows; ++r) {
        for (qint64 c = 0; c < layout.cols; ++c) {
            index[slice.rowAxis] = r;
            if (slice.colAxis >= 0)
                index[slice.colAxis] = c;
            QCOMPARE(layout.offset(r, c), array->offsetOf(index));
        }
    }
}

QTEST_GUILESS_MAIN(tst_SliceSpec)
#include "tst_slicespec.moc"
