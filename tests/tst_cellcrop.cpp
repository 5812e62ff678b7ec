// cropCells() (core/transform/cellcrop.h): selections of a table's cells as new arrays, compared with NumPy's
// indexing of the same arrays (written by NumPy in the test): rectangles of C- and Fortran-ordered slices, a
// field of a record array, whole records, scattered cells in row-major order; and the refusals.
#include "cellcrop.h"

#include "npyfile.h"
#include "testdata.h"

#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(QList<npy::CellRange>)

class TestCellCrop : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    bool mPython = false;

    npy::NpyArray load(const QString &name)
    {
        npy::Result<npy::NpyArray> a = npy::readNpyFile(mDir.filePath(name + QStringLiteral(".npy")));
        if (!a)
            qFatal("%s", qPrintable(a.error()));
        return a.value();
    }

    static npy::CellRange cells(qint64 row, qint64 col, qint64 rows, qint64 cols)
    {
        npy::CellRange r;
        r.row = row;
        r.col = col;
        r.rows = rows;
        r.cols = cols;
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        mPython = !npytest::pythonWithNumpy().isEmpty();
        if (!mPython)
            return;
        const QString script = QStringLiteral(R"(
import sys, os, numpy as np
d = sys.argv[1]
def save(name, a): np.save(os.path.join(d, name + '.npy'), a)
a = np.arange(2 * 5 * 6, dtype='>i4').reshape(2, 5, 6)
save('c3', a)
save('c3_crop', a[1, 1:4, 2:5])
f = np.asfortranarray(np.linspace(0, 1, 35).reshape(5, 7))
save('f2', f)
save('f2_crop', f[0:5, 3:4])
# cells (0, 0..1), (2, 1..3) and (1, 2) overlapping nothing, in row-major order
save('f2_cells', np.array([f[0, 0], f[0, 1], f[1, 2], f[2, 1], f[2, 2], f[2, 3]]))
r = np.zeros(4, dtype=[('x', '<f4'), ('y', '<i2', (2,))])
r['x'] = [1.5, 2.5, 3.5, 4.5]; r['y'] = [[1, 2], [3, 4], [5, 6], [7, 8]]
save('rec', r)
save('rec_rows', r[1:3])
save('rec_x', r['x'][0:3])
v = np.array(['a', 'bb', 'ccc', 'dddd'])
save('u1d', v)
save('u1d_crop', v[1:3])
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {mDir.path()}, &output), qPrintable(output));
    }

    void sameAsNumpy_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rowAxis");
        QTest::addColumn<int>("colAxis");
        QTest::addColumn<QList<qint64>>("index");
        QTest::addColumn<int>("field");
        QTest::addColumn<QList<npy::CellRange>>("ranges");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rectangle of a 3-d slice") << "c3" << 1 << 2 << QList<qint64>{1, 0, 0} << -1
                                                  << QList<npy::CellRange>{cells(1, 2, 3, 3)} << "c3_crop";
        QTest::newRow("same rectangle in pieces") << "c3" << 1 << 2 << QList<qint64>{1, 0, 0} << -1
                                                  << QList<npy::CellRange>{cells(1, 2, 3, 1), cells(1, 3, 3, 2),
                                                                           cells(2, 2, 1, 3)}
                                                  << "c3_crop";
        QTest::newRow("column of a fortran array") << "f2" << 0 << 1 << QList<qint64>{0, 0} << -1
                                                   << QList<npy::CellRange>{cells(0, 3, 5, 1)} << "f2_crop";
        QTest::newRow("scattered cells") << "f2" << 0 << 1 << QList<qint64>{0, 0} << -1
                                         << QList<npy::CellRange>{cells(2, 1, 1, 3), cells(0, 0, 1, 2),
                                                                  cells(1, 2, 1, 1), cells(2, 2, 1, 1)}
                                         << "f2_cells";
        QTest::newRow("whole records") << "rec" << 0 << -1 << QList<qint64>{0} << -1
                                       << QList<npy::CellRange>{cells(1, 0, 2, 3)} << "rec_rows";
        QTest::newRow("one field") << "rec" << 0 << -1 << QList<qint64>{0} << 0
                                   << QList<npy::CellRange>{cells(0, 0, 3, 1)} << "rec_x";
        QTest::newRow("1-d text") << "u1d" << 0 << -1 << QList<qint64>{0} << -1
                                  << QList<npy::CellRange>{cells(1, 0, 2, 1)} << "u1d_crop";
    }

    void sameAsNumpy()
    {
        if (!mPython)
            QSKIP("no python3 with NumPy");
        QFETCH(QString, name);
        QFETCH(int, rowAxis);
        QFETCH(int, colAxis);
        QFETCH(QList<qint64>, index);
        QFETCH(int, field);
        QFETCH(QList<npy::CellRange>, ranges);
        QFETCH(QString, expected);
        npy::SliceSpec spec;
        spec.rowAxis = rowAxis;
        spec.colAxis = colAxis;
        spec.index = index;
        spec.field = field;
        const npy::Result<npy::NpyArray> crop = npy::cropCells(load(name), spec, ranges, qint64(1) << 20);
        QVERIFY2(crop.ok(), qPrintable(crop.error()));
        const npy::NpyArray want = load(expected);
        QCOMPARE(crop->dtype().descr(), want.dtype().descr());
        QCOMPARE(crop->shape(), want.shape());
        // NumPy's crop of a Fortran slice may be Fortran-ordered: compare element by element in C order.
        for (qint64 i = 0; i < want.size(); ++i)
            QVERIFY2(std::memcmp(crop->element(i), want.element(i), size_t(want.itemSize())) == 0,
                     qPrintable(QStringLiteral("element %1").arg(i)));
    }

    void refusals()
    {
        if (!mPython)
            QSKIP("no python3 with NumPy");
        npy::SliceSpec spec;
        spec.rowAxis = 0;
        spec.colAxis = -1;
        spec.index = {0};
        const npy::NpyArray rec = load(QStringLiteral("rec"));
        npy::Result<npy::NpyArray> r = npy::cropCells(rec, spec, {cells(0, 0, 2, 1)}, 1 << 20);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(QLatin1String("whole records")), qPrintable(r.error()));
        r = npy::cropCells(rec, spec, {}, 1 << 20);
        QVERIFY2(!r.ok() && r.error().contains(QLatin1String("select")), qPrintable(r.error()));
        r = npy::cropCells(rec, spec, {cells(3, 0, 2, 3)}, 1 << 20);
        QVERIFY2(!r.ok() && r.error().contains(QLatin1String("outside")), qPrintable(r.error()));
        r = npy::cropCells(rec, spec, {cells(0, 0, 4, 3)}, 10);
        QVERIFY2(!r.ok() && r.error().contains(QLatin1String("more than")), qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TestCellCrop)
#include "tst_cellcrop.moc"
