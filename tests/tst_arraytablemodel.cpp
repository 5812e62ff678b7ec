// ArrayTableModel: every fixture through QAbstractItemModelTester, 0-d/1-D/2-D/N-d slices,
// Fortran order, struct leaf columns and fields, the 64-bit window, editing, paste and fill.
#include "arraytablemodel.h"
#include "document.h"
#include "npyfile.h"
#include "npzreader.h"
#include "opensource.h"
#include "pagedstore.h"
#include "testdata.h"
#include "valuetext.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace npy;
using namespace npyw;

namespace {

struct Fixture
{
    std::unique_ptr<Document> doc;
    int id = -1;
    const npy::NpyArray &array() const { return doc->memberById(id)->array; }
};

Fixture load(const QString &path)
{
    Fixture f;
    auto r = npy::openSource(path);
    if (!r)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(r.error()));
    f.doc = std::make_unique<Document>(r.value());
    f.id = f.doc->memberAt(0).id;
    if (const npy::Status loaded = f.doc->loadMemberNow(f.id); !loaded)
        qFatal("cannot load %s: %s", qPrintable(path), qPrintable(loaded.error()));
    return f;
}

QString npyFixture(const char *name)
{
    return npytest::dataPath(QStringLiteral("npy/") + QLatin1String(name));
}

/** The text of element \a index as the core formats it. */
QString expected(const npy::NpyArray &a, const QList<qint64> &index, qint64 leafOffset = 0,
                 const npy::DType *leafType = nullptr)
{
    return npy::formatValue(leafType ? *leafType : a.dtype(), a.data() + a.offsetOf(index) + leafOffset);
}

} // namespace

class tst_ArrayTableModel : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureWithModelTester_data();
    void everyFixtureWithModelTester();
    void zeroD();
    void pagedMemberIsReadOnly();
    void oneD();
    void twoDFortran();
    void nDSlices();
    void structColumns();
    void structFieldOfNdRecords();
    void windowOverHugeExtent();
    void setDataValidAndRefused();
    void pasteAllOrNothing();
    void fillAndCopy();
    void formatOptions();
    void followsUndo();
};

void tst_ArrayTableModel::everyFixtureWithModelTester_data()
{
    QTest::addColumn<QString>("path");
    const QStringList files = QDir(npytest::dataPath(QStringLiteral("npy"))).entryList({QStringLiteral("*.npy")});
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << npytest::dataPath(QStringLiteral("npy/") + f);
}

void tst_ArrayTableModel::everyFixtureWithModelTester()
{
    QFETCH(QString, path);
    auto r = npy::openSource(path);
    if (!r)
        QSKIP("not openable (hostile fixture)");
    Document doc(r.value());
    const int id = doc.memberAt(0).id;
    if (!doc.loadMemberNow(id))
        QSKIP("not loadable (pickled)");
    ArrayTableModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(id);
    const npy::NpyArray &a = doc.memberById(id)->array;
    if (a.size() > 0) {
        QVERIFY(model.rowCount() > 0);
        QVERIFY(model.columnCount() > 0);
        // Every cell of the first rows formats, and the last one too.
        for (int row = 0; row < qMin(3, model.rowCount()); ++row) {
            for (int col = 0; col < qMin(5, model.columnCount()); ++col)
                QVERIFY(model.data(model.index(row, col)).isValid());
        }
        QVERIFY(model.data(model.index(model.rowCount() - 1, model.columnCount() - 1)).isValid());
    } else {
        QCOMPARE(model.rowCount() * model.columnCount(), 0);
    }
    model.setMember(-1);
    QCOMPARE(model.rowCount(), 0);
}

void tst_ArrayTableModel::zeroD()
{
    Fixture f = load(npyFixture("f8_0d.npy"));
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 1);
    QCOMPARE(model.data(model.index(0, 0)).toString(), expected(f.array(), {}));
    QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("()"));
}

void tst_ArrayTableModel::oneD()
{
    Fixture f = load(npyFixture("i2_be.npy"));
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    QCOMPARE(qint64(model.rowCount()), f.array().size());
    QCOMPARE(model.columnCount(), 1);
    for (int i = 0; i < model.rowCount(); ++i) {
        QCOMPARE(model.data(model.index(i, 0)).toString(), expected(f.array(), {i}));
        QCOMPARE(model.headerData(i, Qt::Vertical).toString(), QString::number(i));
    }
    QCOMPARE(model.data(model.index(1, 0), ArrayTableModel::IndexTextRole).toString(), QStringLiteral("(1,)"));
    QCOMPARE(model.data(model.index(1, 0), ArrayTableModel::RawBytesRole).toByteArray(),
             QByteArray(reinterpret_cast<const char *>(f.array().element(1)), 2));
}

void tst_ArrayTableModel::twoDFortran()
{
    Fixture f = load(npyFixture("f8_fortran_2d.npy"));
    QVERIFY(f.array().isFortran());
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    QCOMPARE(qint64(model.rowCount()), f.array().shape()[0]);
    QCOMPARE(qint64(model.columnCount()), f.array().shape()[1]);
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c)
            QCOMPARE(model.data(model.index(r, c)).toString(), expected(f.array(), {r, c}));
    }
}

void tst_ArrayTableModel::nDSlices()
{
    Fixture f = load(npyFixture("f8_fortran_3d.npy"));
    const QList<qint64> shape = f.array().shape();
    QCOMPARE(shape.size(), 3);
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    // Default: the last two axes, index 0 on the first.
    QCOMPARE(model.slice().rowAxis, 1);
    QCOMPARE(model.slice().colAxis, 2);
    for (qint64 fixed = 0; fixed < shape[0]; ++fixed) {
        SliceSpec s = model.slice();
        s.index[0] = fixed;
        model.setSlice(s);
        for (int r = 0; r < model.rowCount(); ++r)
            for (int c = 0; c < model.columnCount(); ++c)
                QCOMPARE(model.data(model.index(r, c)).toString(), expected(f.array(), {fixed, r, c}));
    }
    // Rows along axis 2, columns along axis 0, axis 1 fixed at its last index.
    SliceSpec s;
    s.rowAxis = 2;
    s.colAxis = 0;
    s.index = {0, shape[1] - 1, 0};
    model.setSlice(s);
    QCOMPARE(qint64(model.rowCount()), shape[2]);
    QCOMPARE(qint64(model.columnCount()), shape[0]);
    for (int r = 0; r < model.rowCount(); ++r)
        for (int c = 0; c < model.columnCount(); ++c)
            QCOMPARE(model.data(model.index(r, c)).toString(), expected(f.array(), {c, shape[1] - 1, r}));
    QCOMPARE(model.data(model.index(1, 0), ArrayTableModel::IndexTextRole).toString(),
             QStringLiteral("(0, %1, 1)").arg(shape[1] - 1));
    // An invalid spec falls back to the default.
    s.colAxis = 2;
    model.setSlice(s);
    QVERIFY(model.slice().isValidFor(f.array().header()));

    // Ten axes of ones.
    Fixture g = load(npyFixture("i4_ndim10_ones.npy"));
    ArrayTableModel m2(g.doc.get());
    QAbstractItemModelTester t2(&m2, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m2.setMember(g.id);
    QVERIFY(m2.rowCount() > 0);
    QCOMPARE(m2.data(m2.index(0, 0)).toString(), QStringLiteral("1"));
}

void tst_ArrayTableModel::structColumns()
{
    Fixture f = load(npyFixture("struct_nested.npy"));
    const QList<npy::LeafColumn> leaves = npy::leafColumns(f.array().dtype());
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    QCOMPARE(model.columnCount(), int(leaves.size()));
    bool sawNested = false;
    for (int c = 0; c < model.columnCount(); ++c) {
        QCOMPARE(model.headerData(c, Qt::Horizontal).toString(), leaves[c].name);
        sawNested = sawNested || leaves[c].name.contains(QLatin1Char('.'));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.data(model.index(r, c)).toString(),
                     expected(f.array(), {r}, leaves[c].offset, &leaves[c].type));
    }
    QVERIFY(sawNested);

    Fixture s = load(npyFixture("struct_subarray.npy"));
    ArrayTableModel m2(s.doc.get());
    m2.setMember(s.id);
    bool sawSub = false;
    for (int c = 0; c < m2.columnCount(); ++c)
        sawSub = sawSub || m2.headerData(c, Qt::Horizontal).toString().contains(QLatin1Char('['));
    QVERIFY(sawSub);
}

void tst_ArrayTableModel::structFieldOfNdRecords()
{
    Fixture f = load(npyFixture("struct_2d.npy"));
    const QList<qint64> shape = f.array().shape();
    QCOMPARE(shape.size(), 2);
    const QList<npy::LeafColumn> leaves = npy::leafColumns(f.array().dtype());
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    // All fields as columns along axis 0, axis 1 fixed.
    QCOMPARE(qint64(model.rowCount()), shape[0]);
    QCOMPARE(model.columnCount(), int(leaves.size()));
    // One field as a 2-D table.
    SliceSpec s = model.slice();
    s.field = int(leaves.size()) - 1;
    s.rowAxis = 0;
    s.colAxis = 1;
    model.setSlice(s);
    QCOMPARE(qint64(model.rowCount()), shape[0]);
    QCOMPARE(qint64(model.columnCount()), shape[1]);
    const npy::LeafColumn &leaf = leaves.last();
    for (int r = 0; r < model.rowCount(); ++r)
        for (int c = 0; c < model.columnCount(); ++c)
            QCOMPARE(model.data(model.index(r, c)).toString(), expected(f.array(), {r, c}, leaf.offset, &leaf.type));
}

void tst_ArrayTableModel::windowOverHugeExtent()
{
    // 2.5 million int8 values: more rows than the window holds.
    QTemporaryDir dir;
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("|i1"), &h.dtype, &error));
    const qint64 n = 2500000;
    h.shape = {n};
    h.elementCount = n;
    h.dataBytes = n;
    QByteArray bytes(n, 0);
    for (qint64 i = 0; i < n; ++i)
        bytes[i] = char(i % 101);
    const QString path = dir.filePath(QStringLiteral("big.npy"));
    QVERIFY(npy::saveNpyFile(path, npy::NpyArray(h, bytes)));
    Fixture f = load(path);
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    QCOMPARE(model.totalRows(), n);
    QCOMPARE(qint64(model.rowCount()), ArrayTableModel::kWindow);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setOffsets(n, 0); // clamped to the last window
    QCOMPARE(model.rowOffset(), n - ArrayTableModel::kWindow);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    const int last = model.rowCount() - 1;
    QCOMPARE(model.headerData(last, Qt::Vertical).toString(), QString::number(n - 1));
    QCOMPARE(model.data(model.index(last, 0)).toString(), QString::number((n - 1) % 101));
    QCOMPARE(model.absoluteRow(last), n - 1);
    // Editing inside a moved window writes the right element.
    QVERIFY(model.setData(model.index(last, 0), QStringLiteral("-5")));
    QCOMPARE(qint8(f.array().data()[n - 1]), qint8(-5));
}

void tst_ArrayTableModel::setDataValidAndRefused()
{
    Fixture f = load(npyFixture("u1.npy"));
    ArrayTableModel model(f.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(f.id);
    QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsEditable);
    QSignalSpy refused(&model, &ArrayTableModel::editRefused);
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("200")));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("200"));
    QVERIFY(f.doc->isModified());
    QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("300")));
    QCOMPARE(refused.count(), 1);
    QVERIFY(!model.lastError().isEmpty());
    QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("abc")));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("200"));
    QCOMPARE(f.doc->undoStack()->count(), 1);
}

void tst_ArrayTableModel::pasteAllOrNothing()
{
    Fixture f = load(npyFixture("i4_2d_c.npy"));
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    QVERIFY(model.rowCount() >= 2 && model.columnCount() >= 2);
    const QString before = model.data(model.index(0, 0)).toString();
    QString why;
    // One bad value refuses the whole block.
    QVERIFY(!model.setTexts(0, 0, {{QStringLiteral("1"), QStringLiteral("2")}, {QStringLiteral("3"), QStringLiteral("x")}},
                            &why));
    QVERIFY(why.contains(QStringLiteral("(1, 1)")));
    QCOMPARE(model.data(model.index(0, 0)).toString(), before);
    QCOMPARE(f.doc->undoStack()->count(), 0);
    // A block running past the end is refused.
    QVERIFY(!model.setTexts(model.rowCount() - 1, 0, {{QStringLiteral("1")}, {QStringLiteral("2")}}, &why));
    // A good block is one undo step.
    QVERIFY(model.setTexts(0, 0, {{QStringLiteral("1"), QStringLiteral("2")}, {QStringLiteral("3"), QStringLiteral("4")}},
                           &why));
    QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("4"));
    QCOMPARE(f.doc->undoStack()->count(), 1);
    f.doc->undoStack()->undo();
    QCOMPARE(model.data(model.index(0, 0)).toString(), before);
}

void tst_ArrayTableModel::fillAndCopy()
{
    Fixture f = load(npyFixture("f8_2d_c.npy"));
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    const QModelIndexList cells{model.index(0, 0), model.index(0, 1), model.index(1, 0), model.index(1, 1)};
    QString why;
    QVERIFY(!model.fill(cells, QStringLiteral("1.5.2"), &why));
    QVERIFY(!why.isEmpty());
    QVERIFY(model.fill(cells, QStringLiteral("2.5"), &why));
    QCOMPARE(f.doc->undoStack()->count(), 1);
    QCOMPARE(model.copyText(cells, false), QStringLiteral("2.5\t2.5\n2.5\t2.5\n"));
    // Not a rectangle: only the selected cells, one line per row (never the empty bounding box).
    QCOMPARE(model.copyText({model.index(0, 0), model.index(1, 1)}, true), QStringLiteral("2.5\n2.5\n"));
    QCOMPARE(model.copyText({model.index(1, 1), model.index(0, 0), model.index(0, 1)}, false),
             QStringLiteral("2.5\t2.5\n2.5\n"));
}

void tst_ArrayTableModel::formatOptions()
{
    Fixture f = load(npyFixture("f8_2d_c.npy"));
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("3.14159265")));
    npy::FormatOptions o;
    o.notation = npy::FormatOptions::Notation::Fixed;
    o.precision = 2;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setFormat(o);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.data(model.index(0, 0)).toString(), npy::formatValue(f.array().dtype(), f.array().data(), o));
    // Edit and full-precision text stay exact.
    QCOMPARE(model.data(model.index(0, 0), Qt::EditRole).toString(), QStringLiteral("3.14159265"));
    model.setColouring(true, 0, 10);
    QVERIFY(model.data(model.index(0, 0), Qt::BackgroundRole).isValid());
}

void tst_ArrayTableModel::followsUndo()
{
    Fixture f = load(npyFixture("i4_le.npy"));
    ArrayTableModel model(f.doc.get());
    model.setMember(f.id);
    const QString before = model.data(model.index(0, 0)).toString();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("-12")));
    QVERIFY(changed.count() >= 1);
    f.doc->undoStack()->undo();
    QCOMPARE(model.data(model.index(0, 0)).toString(), before);
    f.doc->undoStack()->redo();
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("-12"));
    // Removing the shown member empties the model.
    f.doc->removeMember(f.id);
    QCOMPARE(model.rowCount(), 0);
}

void tst_ArrayTableModel::pagedMemberIsReadOnly()
{
    // A compressed member above the inflate budget is paged in from NumPy's archive: the table shows
    // every cell as NumPy wrote it, and nothing can be edited.
    if (!npy::PagedStore::available())
        QSKIP("userfaultfd is not allowed on this system");
    const QString path = npytest::dataPath(QStringLiteral("npz/compressed_multiblock.npz"));
    const Fixture whole = load(path);
    npy::setInflateBudget(4096);
    const Fixture paged = load(path);
    npy::setInflateBudget(0);
    QVERIFY(paged.array().isReadOnly());
    QVERIFY(!whole.array().isReadOnly());
    ArrayTableModel model(paged.doc.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMember(paged.id);
    QVERIFY(model.rowCount() > 1000);
    for (int row : {0, 1, model.rowCount() / 2, model.rowCount() - 1}) {
        const QModelIndex cell = model.index(row, 0);
        QCOMPARE(model.data(cell).toString(), expected(whole.array(), {qint64(row)}));
        QVERIFY(!(model.flags(cell) & Qt::ItemIsEditable));
        QVERIFY(!model.setData(cell, QStringLiteral("1"), Qt::EditRole));
    }
    QVERIFY(!paged.doc->undoStack()->canUndo());
}

QTEST_MAIN(tst_ArrayTableModel)
#include "tst_arraytablemodel.moc"
