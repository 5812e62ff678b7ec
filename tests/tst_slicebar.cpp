// The slice bar: which controls an array gets, and the sliceChanged() signals its controls emit.
#include "slicebar.h"

#include "dtype.h"
#include "npyheader.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

using namespace npy;
using namespace npyw;

namespace {

npy::NpyHeader header(const QString &descr, const QList<qint64> &shape)
{
    npy::NpyHeader h;
    QString error;
    if (!npy::dtypeFromDescrText(descr, &h.dtype, &error))
        qFatal("bad descr %s: %s", qPrintable(descr), qPrintable(error));
    h.shape = shape;
    h.elementCount = 1;
    for (qint64 d : shape)
        h.elementCount *= d;
    h.dataBytes = h.elementCount * h.dtype.itemSize;
    return h;
}

SliceSpec lastSpec(const QSignalSpy &spy)
{
    return spy.last().at(0).value<SliceSpec>();
}

} // namespace

class tst_SliceBar : public QObject
{
    Q_OBJECT

private slots:
    void usefulness_data();
    void usefulness();
    void spinBoxEmits();
    void axisChoiceAndSwap();
    void setSpecEmitsOnlyOnChange();
    void fieldPicker();
};

void tst_SliceBar::usefulness_data()
{
    QTest::addColumn<QString>("descr");
    QTest::addColumn<QList<qint64>>("shape");
    QTest::addColumn<bool>("useful");
    QTest::newRow("0-d") << QStringLiteral("'<f8'") << QList<qint64>{} << false;
    QTest::newRow("1-D") << QStringLiteral("'<f8'") << QList<qint64>{5} << false;
    QTest::newRow("2-D") << QStringLiteral("'<f8'") << QList<qint64>{3, 4} << true;
    QTest::newRow("3-D") << QStringLiteral("'<i2'") << QList<qint64>{2, 3, 4} << true;
}

void tst_SliceBar::usefulness()
{
    QFETCH(QString, descr);
    QFETCH(QList<qint64>, shape);
    QFETCH(bool, useful);
    SliceBar bar;
    const npy::NpyHeader h = header(descr, shape);
    bar.setArray(h, SliceSpec::defaultFor(h));
    QCOMPARE(bar.isUseful(), useful);
    QCOMPARE(bar.spec(), SliceSpec::defaultFor(h));
}

void tst_SliceBar::spinBoxEmits()
{
    qRegisterMetaType<npy::SliceSpec>();
    SliceBar bar;
    const npy::NpyHeader h = header(QStringLiteral("'<f8'"), {5, 6, 7});
    bar.setArray(h, SliceSpec::defaultFor(h));
    QSignalSpy spy(&bar, &SliceBar::sliceChanged);
    QVERIFY(!bar.spinBox(1) && !bar.spinBox(2)); // shown as rows and columns
    QSpinBox *spin = bar.spinBox(0);
    QVERIFY(spin);
    QCOMPARE(spin->maximum(), 4);
    spin->setValue(3);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(lastSpec(spy).index.value(0), 3);
    QCOMPARE(bar.spec().index.value(0), 3);
    spin->setValue(3); // no change, no signal
    QCOMPARE(spy.size(), 1);
}

void tst_SliceBar::axisChoiceAndSwap()
{
    SliceBar bar;
    const npy::NpyHeader h = header(QStringLiteral("'<f4'"), {5, 6, 7});
    bar.setArray(h, SliceSpec::defaultFor(h));
    QSignalSpy spy(&bar, &SliceBar::sliceChanged);
    // Rows along axis 0: the previous row axis (1) gets a spin box.
    bar.rowAxisBox()->setCurrentIndex(bar.rowAxisBox()->findData(0));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(lastSpec(spy).rowAxis, 0);
    QCOMPARE(lastSpec(spy).colAxis, 2);
    QTRY_VERIFY(bar.spinBox(1) != nullptr); // rebuilt on the next event-loop turn
    // Picking the row axis as column axis swaps the two.
    bar.columnAxisBox()->setCurrentIndex(bar.columnAxisBox()->findData(0));
    QCOMPARE(spy.size(), 2);
    QCOMPARE(lastSpec(spy).rowAxis, 2);
    QCOMPARE(lastSpec(spy).colAxis, 0);
    // The swap button.
    QTRY_VERIFY(bar.findChild<QToolButton *>() != nullptr);
    bar.findChild<QToolButton *>()->click();
    QCOMPARE(spy.size(), 3);
    QCOMPARE(lastSpec(spy).rowAxis, 0);
    QCOMPARE(lastSpec(spy).colAxis, 2);
    QVERIFY(lastSpec(spy).isValidFor(h));
}

void tst_SliceBar::setSpecEmitsOnlyOnChange()
{
    SliceBar bar;
    const npy::NpyHeader h = header(QStringLiteral("'<u1'"), {4, 3, 2});
    SliceSpec spec = SliceSpec::defaultFor(h);
    bar.setArray(h, spec);
    QSignalSpy spy(&bar, &SliceBar::sliceChanged);
    bar.setSpec(spec);
    QCOMPARE(spy.size(), 0);
    spec.index[0] = 2;
    bar.setSpec(spec);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(bar.spinBox(0)->value(), 2);
}

void tst_SliceBar::fieldPicker()
{
    SliceBar bar;
    const npy::NpyHeader h = header(QStringLiteral("[('x', '<f4'), ('y', '<i2')]"), {3, 4});
    bar.setArray(h, SliceSpec::defaultFor(h));
    QVERIFY(bar.isUseful());
    QSignalSpy spy(&bar, &SliceBar::sliceChanged);
    QComboBox *fields = bar.fieldBox();
    QVERIFY(fields->isVisibleTo(&bar) || fields->count() > 1);
    const int y = fields->findText(QStringLiteral("y"));
    QVERIFY(y >= 0);
    fields->setCurrentIndex(y);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(lastSpec(spy).field, 1);
    QCOMPARE(lastSpec(spy).rowAxis, 0);
    QCOMPARE(lastSpec(spy).colAxis, 1); // one field of a 2-D record array: a 2-D table
    QVERIFY(lastSpec(spy).isValidFor(h));
}

QTEST_MAIN(tst_SliceBar)
#include "tst_slicebar.moc"
