// A SciPy sparse archive in the app: read on a worker (sparseitem), one bold row for the matrix with the parts
// folded under it (MemberModel::setMatrixRow), shown as its dense matrix in the value panes; a broken layout
// stays plain members and says why; a pickled matrix shows as its dense matrix too.

#include "arraypane.h"
#include "arraytablemodel.h"
#include "document.h"
#include "heatmapview.h"
#include "inspectorpanel.h"
#include "mainwindow.h"
#include "membermodel.h"
#include "npyfile.h"
#include "opensource.h"
#include "pickleitems.h"
#include "pickleview.h"
#include "sparseitem.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTreeView>

#include <cmath>
#include <cstring>

using namespace npyw;

class TstSparseItem : public QObject
{
    Q_OBJECT

private slots:
    void readOnWorker_data();
    void readOnWorker();
    void matrixRowFoldsTheParts();
    void windowShowsTheMatrix();
    void brokenLayoutStaysPlain();
    void pickledMatrixShowsDense();
    void cleanup() { npytest::closeWindows(&mWindows); }

private:
    QList<QPointer<MainWindow>> mWindows;
};

void TstSparseItem::readOnWorker_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("error");
    QTest::newRow("csr") << QStringLiteral("csr_f8.npz") << QStringLiteral("CSR matrix") << QString();
    QTest::newRow("coo") << QStringLiteral("coo_bool_stored.npz") << QStringLiteral("COO matrix") << QString();
    QTest::newRow("bsr") << QStringLiteral("bsr_f4.npz") << QStringLiteral("BSR matrix") << QString();
    QTest::newRow("broken") << QStringLiteral("bad_index_range.npz") << QString() << QStringLiteral("index 9 at position 3");
}

void TstSparseItem::readOnWorker()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(QString, error);
    auto source = npy::openSource(npytest::dataPath(QStringLiteral("sparse/") + file));
    QVERIFY2(source, qPrintable(source.error()));
    QVERIFY(looksSparse(*source.value()));
    QObject context;
    std::optional<SparseOpened> got;
    readSparseAsync(source.value(), &context, [&](const SparseOpened &s) { got = s; });
    QVERIFY(!got); // never synchronously
    QTRY_VERIFY(got.has_value());
    QCOMPARE(got->title, name);
    QCOMPARE(got->name, name.isEmpty() ? QString() : QStringLiteral("matrix"));
    QCOMPARE(got->dense.isNull(), !error.isEmpty());
    QVERIFY2(got->error.contains(error), qPrintable(got->error));
    if (error.isEmpty()) {
        QVERIFY(got->description.startsWith(name.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ')));
        QVERIFY(got->type.startsWith(name.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ')));
        const QString dense = npytest::dataPath(QStringLiteral("sparse/%1.dense.npy").arg(file.section(QLatin1Char('.'), 0, 0)));
        npy::Result<npy::NpyArray> want = npy::readNpyFile(dense);
        QVERIFY2(want, qPrintable(want.error()));
        QCOMPARE(got->dense.shape(), want->shape());
        QVERIFY(std::memcmp(got->dense.data(), want->data(), size_t(want->nbytes())) == 0);
    }
}

void TstSparseItem::matrixRowFoldsTheParts()
{
    auto source = npy::openSource(npytest::dataPath(QStringLiteral("sparse/csr_f8.npz")));
    QVERIFY(source);
    Document document(source.value());
    MemberModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 5);
    QVERIFY(!model.matrixIndex().isValid());
    model.setMatrixRow(QStringLiteral("CSR matrix"), QStringLiteral("(40, 30)"), QStringLiteral("float64"),
                       QStringLiteral("CSR 40 × 30"));
    // One row at the top; the five parts under it, the sizes its totals.
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex matrix = model.matrixIndex();
    QVERIFY(matrix.isValid());
    QVERIFY(model.isMatrixRow(matrix));
    QCOMPARE(model.memberId(matrix), -1);
    QCOMPARE(model.rowCount(matrix), 5);
    QCOMPARE(matrix.data().toString(), QStringLiteral("CSR matrix"));
    QCOMPARE(matrix.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("(40, 30)"));
    QCOMPARE(matrix.siblingAtColumn(MemberModel::DTypeColumn).data().toString(), QStringLiteral("float64"));
    QCOMPARE(matrix.data(Qt::ToolTipRole).toString(), QStringLiteral("CSR 40 × 30"));
    QCOMPARE(matrix.data(MemberModel::MemberCountRole).toInt(), 5);
    qint64 bytes = 0;
    for (int i = 0; i < document.memberCount(); ++i)
        bytes += document.memberAt(i).header().dataBytes;
    QCOMPARE(matrix.data(MemberModel::BytesRole).toLongLong(), bytes);
    QVERIFY(!(model.flags(matrix) & Qt::ItemIsEditable));
    const QModelIndex data = model.indexOfMember(document.memberAt(document.source()->indexOf(QStringLiteral("data"))).id);
    QCOMPARE(data.parent(), matrix);
    // Sorting keeps the parts under it.
    model.sort(MemberModel::SizeColumn, Qt::DescendingOrder);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.matrixIndex()), 5);
    model.setMatrixRow(QString(), QString(), QString(), QString());
    QCOMPARE(model.rowCount(), 5);
}

void TstSparseItem::windowShowsTheMatrix()
{
    MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("sparse/csc_i4.npz")), &mWindows);
    QVERIFY(w);
    // Once read, the matrix row is there, chosen, and the value panes show the dense matrix.
    QTRY_VERIFY(w->memberModel()->matrixIndex().isValid());
    QTRY_VERIFY(w->valueView()->isVisible());
    QCOMPARE(w->memberTree()->currentIndex().siblingAtColumn(0), w->memberModel()->matrixIndex());
    QVERIFY2(w->valueView()->headerText().contains(QStringLiteral("CSC 25")), qPrintable(w->valueView()->headerText()));
    ArrayPane *pane = w->valueView()->pane();
    QVERIFY(pane);
    QTRY_VERIFY(pane->isShowingTable());
    QCOMPARE(pane->model()->rowCount(), 25);
    QCOMPARE(pane->model()->columnCount(), 50);
    npy::Result<npy::NpyArray> want = npy::readNpyFile(npytest::dataPath(QStringLiteral("sparse/csc_i4.dense.npy")));
    QVERIFY(want);
    const qint32 *d = reinterpret_cast<const qint32 *>(want->data());
    int nonZero = 0;
    for (int r = 0; r < 25; ++r) {
        for (int c = 0; c < 50; ++c) {
            const qint32 v = d[r * 50 + c];
            if (v != 0 && ++nonZero <= 5)
                QCOMPARE(pane->model()->data(pane->model()->index(r, c)).toString(), QString::number(v));
        }
    }
    QVERIFY(nonZero > 5);
    QCOMPARE(pane->model()->data(pane->model()->index(0, 0)).toString(), QString::number(d[0]));
    // The dense view is read-only: the table refuses edits.
    QVERIFY(!(pane->model()->flags(pane->model()->index(0, 0)) & Qt::ItemIsEditable));
    // Its heatmap shows where the non-zeros lie (as plt.spy does) and says so.
    npyw::HeatmapView *heatmap = w->valueView()->heatmap();
    QVERIFY(heatmap);
    QCOMPARE(heatmap->reduction(), npy::Reduction::NonZero);
    QTRY_VERIFY_WITH_TIMEOUT(heatmap->isFrameExact() && heatmap->rangeStats().high == 1.0, 20000);
    QCOMPARE(heatmap->rangeStats().low, 0.0);
    // The inspector dock shows the matrix's inspector: its statistics count the zeros, as SciPy's do.
    npyw::InspectorPanel *inspector = w->valueView()->inspector();
    QVERIFY(inspector);
    QVERIFY(inspector->isVisible());
    QVERIFY2(inspector->metadataText().contains(QStringLiteral("(25, 50)")), qPrintable(inspector->metadataText()));
    QVERIFY2(inspector->metadataText().contains(QStringLiteral("made from the archive's members")),
             qPrintable(inspector->metadataText()));
    QSignalSpy ready(inspector, &npyw::InspectorPanel::statisticsReady);
    inspector->startStatistics();
    QVERIFY(ready.wait(30000));
    const npy::ArrayStats stats = ready.first().at(1).value<npy::ArrayStats>();
    QFile expectedFile(npytest::dataPath(QStringLiteral("sparse/expected.json")));
    QVERIFY(expectedFile.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(expectedFile.readAll())
                                     .object().value(QStringLiteral("matrices")).toObject().value(QStringLiteral("csc_i4")).toObject();
    QCOMPARE(stats.count, qint64(25 * 50));
    QCOMPARE(stats.min, expected.value(QStringLiteral("min")).toDouble());
    QCOMPARE(stats.max, expected.value(QStringLiteral("max")).toDouble());
    QVERIFY(std::abs(stats.mean - expected.value(QStringLiteral("mean")).toDouble()) < 1e-12);
    // A part is still a member of its own, with the members' inspector again.
    QVERIFY(w->inspector());
    const QModelIndex matrix = w->memberModel()->matrixIndex();
    w->memberTree()->setCurrentIndex(w->memberModel()->index(0, 0, matrix));
    QTRY_VERIFY(!w->valueView()->isVisible());
    QTRY_VERIFY(w->inspector()->isVisible());
    QVERIFY(!inspector->isVisible());
    w->memberTree()->setCurrentIndex(matrix);
    QTRY_VERIFY(w->valueView()->isVisible());
}

void TstSparseItem::brokenLayoutStaysPlain()
{
    MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("sparse/bad_indptr_decreasing.npz")), &mWindows);
    QVERIFY(w);
    QTRY_VERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("decreases at position 2")));
    QVERIFY(!w->memberModel()->matrixIndex().isValid());
    QCOMPARE(w->memberModel()->rowCount(), 5);
    QVERIFY(w->pane()->memberId() >= 0);
}

void TstSparseItem::pickledMatrixShowsDense()
{
    auto source = npy::openSource(npytest::dataPath(QStringLiteral("sparse/pickled_sparse.npz")));
    QVERIFY(source);
    const int index = source.value()->indexOf(QStringLiteral("A_real"));
    npy::Result<npy::PickleTree> tree = npy::readPickledMember(*source.value(), index);
    QVERIFY2(tree, qPrintable(tree.error()));
    const qint32 matrix = tree->node(tree->root()).items.front();
    QVERIFY(pickleTypeText(tree.value(), matrix).startsWith(QStringLiteral("scipy.sparse.")));
    const npy::NpyArray shown = pickleTableArray(tree.value(), matrix);
    npy::Result<npy::NpyArray> want = npy::readNpyFile(npytest::dataPath(QStringLiteral("sparse/pickled_sparse.A_real.dense.npy")));
    QVERIFY(want);
    QCOMPARE(shown.shape(), want->shape());
    QCOMPARE(shown.dtype(), want->dtype());
    QVERIFY(std::memcmp(shown.data(), want->data(), size_t(want->nbytes())) == 0);
}

QTEST_MAIN(TstSparseItem)
#include "tst_sparseitem.moc"
