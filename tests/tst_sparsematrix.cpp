// SciPy sparse matrices (scipy.sparse.save_npz archives): recognised by their member names, read and checked,
// and their dense view equal to SciPy's .toarray() byte for byte, its statistics SciPy's .min/.max/.mean.

#include "npyfile.h"
#include "opensource.h"
#include "pickle.h"
#include "sparsematrix.h"
#include "stats.h"
#include "testdata.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace npy;

namespace {

QJsonObject fixtureJson(const QString &name)
{
    QFile f(npytest::dataPath(QStringLiteral("sparse/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open sparse/%s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

/** Resident memory of this process in bytes (Linux), 0 if unknown. */
qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : 0;
}

} // namespace

class TstSparseMatrix : public QObject
{
    Q_OBJECT

private slots:
    void readsScipyArchives_data();
    void readsScipyArchives();
    void brokenLayoutsSayWhy_data();
    void brokenLayoutsSayWhy();
    void otherArchivesAreNotSparse_data();
    void otherArchivesAreNotSparse();
    void denseViewIsLazy();
    void pickledMatrices_data();
    void pickledMatrices();
};

void TstSparseMatrix::readsScipyArchives_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QJsonObject>("expected");
    const QJsonObject matrices = fixtureJson(QStringLiteral("expected.json")).value(QStringLiteral("matrices")).toObject();
    QVERIFY(matrices.size() >= 10);
    for (auto it = matrices.begin(); it != matrices.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toObject();
}

void TstSparseMatrix::readsScipyArchives()
{
    QFETCH(QString, name);
    QFETCH(QJsonObject, expected);
    auto source = openSource(npytest::dataPath(QStringLiteral("sparse/%1.npz").arg(name)));
    QVERIFY2(source, qPrintable(source.error()));
    const std::optional<SparseLayout> layout = sparseLayoutOf(*source.value());
    QVERIFY(layout);
    Result<SparseMatrix> m = readSparseMatrix(*source.value(), *layout);
    QVERIFY2(m, qPrintable(m.error()));
    QCOMPARE(m->scipyName(), expected.value(QStringLiteral("format")).toString());
    const QList<qint64> shape = npytest::shapeOf(expected.value(QStringLiteral("shape")));
    QCOMPARE(QList<qint64>({m->rows, m->cols}), shape);
    QCOMPARE(m->nnz, qint64(expected.value(QStringLiteral("nnz")).toDouble()));
    QVERIFY(m->description().startsWith(m->formatName() + QLatin1Char(' ')));

    Result<NpyArray> dense = sparseDenseView(m.value());
    QVERIFY2(dense, qPrintable(dense.error()));
    QCOMPARE(dense->dtype().typeString(), expected.value(QStringLiteral("dtype")).toString());
    QCOMPARE(dense->shape(), shape);
    const QString densePath = npytest::dataPath(QStringLiteral("sparse/%1.dense.npy").arg(name));
    if (QFile::exists(densePath)) {
        Result<NpyArray> want = readNpyFile(densePath);
        QVERIFY2(want, qPrintable(want.error()));
        QCOMPARE(want->dtype(), dense->dtype());
        QCOMPARE(dense->nbytes(), want->nbytes());
        QVERIFY(std::memcmp(dense->data(), want->data(), size_t(want->nbytes())) == 0);
    }
    if (expected.contains(QStringLiteral("mean"))) {
        const ArrayStats s = computeStats(dense.value());
        QCOMPARE(s.count, shape[0] * shape[1]);
        QCOMPARE(s.min, expected.value(QStringLiteral("min")).toDouble());
        QCOMPARE(s.max, expected.value(QStringLiteral("max")).toDouble());
        const double mean = expected.value(QStringLiteral("mean")).toDouble();
        // SciPy sums float32 in float32 (NumPy's pairwise sum), the engine in float64: they agree to float32's precision.
        const bool single = expected.value(QStringLiteral("dtype")).toString() == QLatin1String("<f4");
        const double scale = std::max({1.0, std::abs(s.min), std::abs(s.max)});
        QVERIFY2(std::abs(s.mean - mean) <= (single ? 1e-6 * scale : 1e-12 * std::max(1.0, std::abs(mean))),
                 qPrintable(QStringLiteral("%1 vs %2").arg(s.mean, 0, 'g', 17).arg(mean, 0, 'g', 17)));
    }
}

void TstSparseMatrix::brokenLayoutsSayWhy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fragment");
    const QJsonObject broken = fixtureJson(QStringLiteral("broken.json"));
    QVERIFY(broken.size() >= 7);
    for (auto it = broken.begin(); it != broken.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TstSparseMatrix::brokenLayoutsSayWhy()
{
    QFETCH(QString, name);
    QFETCH(QString, fragment);
    const QString path = npytest::dataPath(QStringLiteral("sparse/%1.npz").arg(name));
    auto source = openSource(path);
    QVERIFY2(source, qPrintable(source.error()));
    const std::optional<SparseLayout> layout = sparseLayoutOf(*source.value());
    QVERIFY(layout);
    Result<SparseMatrix> m = readSparseMatrix(*source.value(), *layout);
    QVERIFY(!m);
    QVERIFY2(m.error().contains(fragment), qPrintable(m.error()));
    // The message says where: the file and, for a part, the member.
    QVERIFY2(m.error().startsWith(path), qPrintable(m.error()));
}

void TstSparseMatrix::otherArchivesAreNotSparse_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("an npz of plain arrays") << QStringLiteral("npz/dtypes.npz");
    QTest::newRow("a .npy") << QStringLiteral("sparse/csr_f8.dense.npy");
}

void TstSparseMatrix::otherArchivesAreNotSparse()
{
    QFETCH(QString, file);
    auto source = openSource(npytest::dataPath(file));
    QVERIFY2(source, qPrintable(source.error()));
    QVERIFY(!sparseLayoutOf(*source.value()));
}

void TstSparseMatrix::denseViewIsLazy()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    QSKIP("a sanitizer's shadow memory makes the resident size meaningless");
#endif
    // A 20 000 x 20 000 float64 COO matrix (3.2 GB dense) with 10^5 entries, laid out as save_npz does.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("big.npz"));
    QString out;
    QVERIFY2(npytest::runPython(QStringLiteral(
                 "import sys, numpy as np\n"
                 "r = np.random.default_rng(1)\n"
                 "n = 100000\n"
                 "np.savez_compressed(sys.argv[1], row=r.integers(0, 20000, n).astype(np.int32),"
                 " col=r.integers(0, 20000, n).astype(np.int32), data=r.normal(size=n) + 3,"
                 " format=np.array(b'coo'), shape=np.array([20000, 20000]))\n"),
             {path}, &out),
             qPrintable(out));
    auto source = openSource(path);
    QVERIFY2(source, qPrintable(source.error()));
    Result<SparseMatrix> m = readSparseMatrix(*source.value(), *sparseLayoutOf(*source.value()));
    QVERIFY2(m, qPrintable(m.error()));
    const qint64 before = residentBytes();
    Result<NpyArray> dense = sparseDenseView(m.value());
    QVERIFY2(dense, qPrintable(dense.error()));
    QCOMPARE(dense->nbytes(), qint64(20000) * 20000 * 8);
    // At most one 4 KiB page per entry is written (about 370 MB for 10^5 entries spread at random); the 3.2 GB
    // of zeros never are.
    const qint64 grown = residentBytes() - before;
    QVERIFY2(grown < qint64(450) << 20, qPrintable(QString::number(grown)));
}

void TstSparseMatrix::pickledMatrices_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("item");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("dense");
    QTest::newRow("coo_matrix in a 0-d object array") << QStringLiteral("pickled_sparse.npz") << QStringLiteral("A_real") << 0
                                                     << QStringLiteral("coo") << QStringLiteral("pickled_sparse.A_real.dense.npy");
    QTest::newRow("complex csc_matrix") << QStringLiteral("pickled_sparse.npz") << QStringLiteral("A_complex") << 0
                                        << QStringLiteral("csc") << QStringLiteral("pickled_sparse.A_complex.dense.npy");
    QTest::newRow("csr_matrix in a list") << QStringLiteral("pickled_list.npy") << QStringLiteral("pickled_list") << 0
                                          << QStringLiteral("csr") << QStringLiteral("pickled_list.0.dense.npy");
    QTest::newRow("bsr_matrix in a list") << QStringLiteral("pickled_list.npy") << QStringLiteral("pickled_list") << 1
                                          << QStringLiteral("bsr") << QStringLiteral("pickled_list.1.dense.npy");
}

void TstSparseMatrix::pickledMatrices()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(int, item);
    QFETCH(QString, format);
    QFETCH(QString, dense);
    auto source = openSource(npytest::dataPath(QStringLiteral("sparse/") + file));
    QVERIFY2(source, qPrintable(source.error()));
    const int index = source.value()->indexOf(member);
    QVERIFY(index >= 0);
    // The classes are allowed as names only: the pickle reads, and the matrix is an Instance holding its state.
    Result<PickleTree> tree = readPickledMember(*source.value(), index);
    QVERIFY2(tree, qPrintable(tree.error()));
    const PickleNode &root = tree->node(tree->root());
    QCOMPARE(root.type, PickleType::NdArray);
    QVERIFY(size_t(item) < root.items.size());
    const qint32 id = root.items[size_t(item)];
    QCOMPARE(tree->node(id).type, PickleType::Instance);
    QVERIFY(tree->node(id).text.startsWith(QLatin1String("scipy.sparse.")));
    QVERIFY(pickledSparseFormat(tree.value(), id));
    Result<SparseMatrix> m = pickledSparseMatrix(tree.value(), id, file);
    QVERIFY2(m, qPrintable(m.error()));
    QCOMPARE(m->scipyName(), format);
    Result<NpyArray> view = sparseDenseView(m.value());
    QVERIFY2(view, qPrintable(view.error()));
    Result<NpyArray> want = readNpyFile(npytest::dataPath(QStringLiteral("sparse/") + dense));
    QVERIFY2(want, qPrintable(want.error()));
    QCOMPARE(view->dtype(), want->dtype());
    QCOMPARE(view->shape(), want->shape());
    QVERIFY(std::memcmp(view->data(), want->data(), size_t(want->nbytes())) == 0);
}

QTEST_GUILESS_MAIN(TstSparseMatrix)
#include "tst_sparsematrix.moc"
