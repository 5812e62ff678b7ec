// The leading box of a member (io/leadingread.h): its shape for a budget, and its bytes as NumPy has them.

#include "leadingread.h"
#include "opensource.h"
#include "testdata.h"

#include <QTest>

using namespace npy;
using namespace npytest;

class TstLeadingRead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void box_data();
    void box();
    void read_data();
    void read();
    void refusesOtherBoxes();
};

void TstLeadingRead::box_data()
{
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<bool>("fortran");
    QTest::addColumn<int>("fixed");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<QList<qint64>>("expected");
    using L = QList<qint64>;
    // float64 throughout: 8 bytes an element.
    QTest::newRow("fits whole") << L{4, 5} << false << 0 << qint64(160) << L{4, 5};
    QTest::newRow("first rows") << L{10, 5} << false << 0 << qint64(100) << L{2, 5};
    QTest::newRow("part of the first row") << L{10, 50} << false << 0 << qint64(100) << L{1, 12};
    QTest::newRow("first frame") << L{6, 4, 5} << false << 1 << qint64(1000) << L{1, 4, 5};
    QTest::newRow("first frame's first rows") << L{6, 4, 5} << false << 1 << qint64(100) << L{1, 2, 5};
    QTest::newRow("Fortran: first columns") << L{10, 5} << true << 0 << qint64(200) << L{10, 2};
    QTest::newRow("Fortran: part of the first column") << L{10, 5} << true << 0 << qint64(40) << L{5, 1};
    QTest::newRow("1-D prefix") << L{1000} << false << 0 << qint64(800) << L{100};
    QTest::newRow("empty") << L{0, 1000} << false << 0 << qint64(8) << L{0, 1000};
    QTest::newRow("an element too big") << L{3} << false << 0 << qint64(7) << L{};
    QTest::newRow("huge shape, no overflow") << L{qint64(1) << 40, qint64(1) << 40} << false << 0 << qint64(64)
                                             << L{1, 8};
}

void TstLeadingRead::box()
{
    QFETCH(QList<qint64>, shape);
    QFETCH(bool, fortran);
    QFETCH(int, fixed);
    QFETCH(qint64, maxBytes);
    QFETCH(QList<qint64>, expected);
    NpyHeader h;
    QString error;
    QVERIFY(DType::fromTypeString(QStringLiteral("<f8"), &h.dtype, &error));
    h.shape = shape;
    h.fortranOrder = fortran;
    h.elementCount = 1;
    for (qint64 n : shape)
        h.elementCount = n == 0 ? 0 : h.elementCount;
    if (h.elementCount)
        h.elementCount = 2; // any non-zero count: leadingBox only asks whether the array is empty
    QCOMPARE(leadingBox(h, fixed, maxBytes), expected);
}

void TstLeadingRead::read_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<QString>("numpy");
    QTest::newRow(".npy rows") << "thumbnail/heat_2d.npy" << "" << qint64(2000) << "a[:2]";
    QTest::newRow(".npy Fortran columns") << "npy/f8_fortran_2d.npy" << "" << qint64(16) << "a[:2, :1]";
    QTest::newRow("compressed member's first frame rows")
        << "picture/video.npz" << "frames" << qint64(720) << "a[:1, :10]";
    QTest::newRow("stored member prefix") << "thumbnail/picture_and_grid.npz" << "grid" << qint64(1000) << "a[:2]";
}

void TstLeadingRead::read()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(qint64, maxBytes);
    QFETCH(QString, numpy);
    auto source = openSource(dataPath(file));
    QVERIFY2(source, qPrintable(source.error()));
    const int index = member.isEmpty() ? 0 : source.value()->indexOf(member);
    QVERIFY(index >= 0);
    const NpyHeader &h = source.value()->members()[index].header;
    const QList<qint64> box = leadingBox(h, h.shape.size() >= 3 ? 1 : 0, maxBytes);
    auto array = loadLeadingBox(*source.value(), index, box);
    QVERIFY2(array, qPrintable(array.error()));
    QCOMPARE(array.value().shape(), box);
    QVERIFY(array.value().nbytes() <= maxBytes);
    // NumPy's view of the same elements, in the member's memory order, as hex.
    QString output;
    QVERIFY2(runPython(QStringLiteral("import numpy as np, sys\n"
                                      "a = np.load(sys.argv[1])\n"
                                      "a = a[sys.argv[2]] if sys.argv[2] else a\n"
                                      "b = eval(sys.argv[3])\n"
                                      "print(list(b.shape), (b.T if np.isfortran(a) else b).tobytes().hex())\n"),
                       {dataPath(file), member, numpy}, &output),
             qPrintable(output));
    QStringList shapeText;
    for (qint64 n : box)
        shapeText.append(QString::number(n));
    const QString ours = QStringLiteral("[%1] %2")
                             .arg(shapeText.join(QStringLiteral(", ")),
                                  QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(array.value().data()),
                                                                 qsizetype(array.value().nbytes()))
                                                          .toHex()));
    QCOMPARE(output.trimmed(), ours);
}

void TstLeadingRead::refusesOtherBoxes()
{
    auto source = openSource(dataPath(QStringLiteral("thumbnail/heat_2d.npy")));
    QVERIFY(source);
    // (60, 90): a box with a cut axis before a cut axis, or longer than the array, is no leading box.
    for (const QList<qint64> &box : {QList<qint64>{2, 3}, QList<qint64>{61, 90}, QList<qint64>{60}}) {
        auto array = loadLeadingBox(*source.value(), 0, box);
        QVERIFY(!array);
        QVERIFY2(array.error().contains(QLatin1String("heat_2d.npy")), qPrintable(array.error()));
    }
}

QTEST_GUILESS_MAIN(TstLeadingRead)
#include "tst_leadingread.moc"
