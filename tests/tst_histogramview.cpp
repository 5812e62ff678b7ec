// HistogramView and the heatmap's exact histogram: handles dragged set the colour range, log
// counts, NaN / Inf counts shown, percentiles read from the histogram, updates after an edit and
// a change of slice, "estimated" until the exact figures are known.

#include "heatmapview.h"
#include "histogramview.h"
#include "npyheader.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace npy;
using namespace npyw;

namespace {

/** A float64 array of \a shape whose element i (C order) is f(i). */
template <class F>
npy::NpyArray arrayOf(const QList<qint64> &shape, F &&f)
{
    npy::NpyHeader h;
    QString error;
    if (!npy::dtypeFromDescrText(QStringLiteral("'<f8'"), &h.dtype, &error))
        qFatal("dtype");
    h.shape = shape;
    if (!npy::arraySize(h.shape, 8, &h.elementCount, &h.dataBytes))
        qFatal("size");
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    double *d = reinterpret_cast<double *>(bytes.data());
    for (qint64 i = 0; i < h.elementCount; ++i)
        d[i] = f(i);
    return npy::NpyArray(h, bytes);
}

void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

/** Drags the low (or high) handle of \a view to x = \a toX. */
void dragHandle(HistogramView *view, bool high, double toX)
{
    const double y = view->plotRect().center().y();
    const QPointF from(view->handleX(high), y);
    sendMouse(view, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    sendMouse(view, QEvent::MouseMove, QPointF((from.x() + toX) / 2, y), Qt::NoButton, Qt::LeftButton);
    sendMouse(view, QEvent::MouseMove, QPointF(toX, y), Qt::NoButton, Qt::LeftButton);
    sendMouse(view, QEvent::MouseButtonRelease, QPointF(toX, y), Qt::LeftButton, Qt::NoButton);
}

std::shared_ptr<const npy::Histogram> histogramOf(const npy::NpyArray &a)
{
    auto h = npy::computeHistogram(a, -1, ComplexPart::Real, npy::HistogramOptions());
    if (!h)
        qFatal("histogram");
    return std::make_shared<npy::Histogram>(h.value());
}

bool showArray(HeatmapView &view, const npy::NpyArray &a)
{
    view.resize(640, 520);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    view.setArray(a, SliceSpec::defaultFor(a.header()));
    return true;
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

class TestHistogramView : public QObject
{
    Q_OBJECT

private slots:
    void handlesDragSetRange();
    void logCountsAndSpecialCounts();
    void heatmapCountsEveryElement();
    void percentilesFromHistogram();
    void draggedHandleSetsManualRange();
    void updatedAfterEditAndSliceChange();
    void estimatedUntilExact();
};

void TestHistogramView::handlesDragSetRange()
{
    HistogramView view;
    view.resize(500, 140);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setHistogram(histogramOf(arrayOf({1000}, [](qint64 i) { return double(i); })));
    view.setColorRange(100, 900, ColorScale::Linear);
    QSignalSpy spy(&view, &HistogramView::rangeEdited);
    // The axis spans the bins (0 .. 999): handles where the values are.
    QVERIFY(std::abs(view.valueAt(view.handleX(false)) - 100) < 3);
    QVERIFY(std::abs(view.valueAt(view.handleX(true)) - 900) < 3);

    const double toX = view.handleX(false) - 40;
    const double expectLow = view.valueAt(toX);
    dragHandle(&view, false, toX);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toDouble(), expectLow);
    QCOMPARE(spy.at(0).at(1).toDouble(), 900.0);
    QVERIFY(expectLow < 100);
    QCOMPARE(view.rangeLow(), expectLow);

    // The high handle dragged below the low one: the range comes out ordered.
    const double below = view.handleX(false) - 20;
    const double value = view.valueAt(below);
    dragHandle(&view, true, below);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toDouble(), value);
    QCOMPARE(spy.at(1).at(1).toDouble(), expectLow);

    // A press away from the handles drags nothing.
    const double y = view.plotRect().center().y();
    const double middle = view.plotRect().right() - 3;
    sendMouse(&view, QEvent::MouseButtonPress, QPointF(middle, y), Qt::LeftButton, Qt::LeftButton);
    sendMouse(&view, QEvent::MouseMove, QPointF(middle - 30, y), Qt::NoButton, Qt::LeftButton);
    sendMouse(&view, QEvent::MouseButtonRelease, QPointF(middle - 30, y), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(spy.count(), 2);
}

void TestHistogramView::logCountsAndSpecialCounts()
{
    HistogramView view;
    view.resize(500, 140);
    view.setHistogram(histogramOf(arrayOf({100}, [](qint64 i) {
        return i < 3 ? kNaN : i == 3 ? std::numeric_limits<double>::infinity() : double(i % 7);
    })));
    QVERIFY2(view.headerText().contains(QStringLiteral("NaN 3")), qPrintable(view.headerText()));
    QVERIFY(view.headerText().contains(QStringLiteral("+Inf 1")));
    QVERIFY(!view.headerText().contains(QStringLiteral("−Inf")));
    QSignalSpy spy(&view, &HistogramView::logCountsToggled);
    QVERIFY(!view.logCounts());
    view.setLogCounts(true);
    QVERIFY(view.logCounts());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toBool(), true);
    view.setUpdating(true);
    QVERIFY(view.headerText().contains(QStringLiteral("updating")));
    QImage shot(view.size(), QImage::Format_ARGB32);
    view.render(&shot); // paints without a crash in both count modes
    view.resize(12, 40); // narrower than its margins: nothing to draw, nothing allocated
    QImage tiny(view.size(), QImage::Format_ARGB32);
    view.render(&tiny);
}

void TestHistogramView::heatmapCountsEveryElement()
{
    HeatmapView view;
    const npy::NpyArray a = arrayOf({300, 400}, [](qint64 i) { return i % 997 == 0 ? kNaN : double(i % 1234); });
    QVERIFY(showArray(view, a));
    QSignalSpy spy(&view, &HeatmapView::histogramChanged);
    QVERIFY(spy.wait(20000));
    const auto h = view.histogram();
    QVERIFY(h);
    QCOMPARE(h->count, qint64(300 * 400));
    const qint64 nans = (300 * 400 + 996) / 997;
    QCOMPARE(h->nanCount, nans);
    QCOMPARE(h->binned(), 300 * 400 - nans);
    QCOMPARE(h->min, 0.0); // i = 1234 is not NaN
    QCOMPARE(h->max, 1233.0);
    QCOMPARE(view.histogramView()->histogram().get(), h.get());
    QVERIFY(!view.histogramView()->isUpdating());
    QVERIFY(view.histogramView()->headerText().contains(QStringLiteral("NaN %L1").arg(nans)));
    // The handles sit at the ends of the colour range.
    QCOMPARE(view.histogramView()->rangeLow(), view.rangeStats().low);
    QCOMPARE(view.histogramView()->rangeHigh(), view.rangeStats().high);

    // Hidden: the toolbar's toggle.
    view.setHistogramShown(false);
    QVERIFY(!view.histogramView()->isVisible());
    view.setHistogramShown(true);
    QVERIFY(view.histogramView()->isVisible());
}

void TestHistogramView::percentilesFromHistogram()
{
    HeatmapView view;
    const npy::NpyArray a = arrayOf({200, 300}, [](qint64 i) { return std::sin(double(i)) * 100.0; });
    QVERIFY(showArray(view, a));
    QTRY_VERIFY_WITH_TIMEOUT(view.histogram() != nullptr, 20000);
    QSignalSpy rendered(&view, &HeatmapView::renderFinished);
    view.setRangeMode(RangeMode::Percentile1);
    QVERIFY(rendered.wait(10000));
    const auto h = view.histogram();
    QVERIFY(view.rangeStats().fromHistogram);
    QCOMPARE(view.rangeStats().low, h->percentile(1));
    QCOMPARE(view.rangeStats().high, h->percentile(99));
    QVERIFY2(view.statusText().contains(QStringLiteral("1st–99th percentile, to 1/4096 of the range")),
             qPrintable(view.statusText()));
    QVERIFY(!view.statusText().contains(QStringLiteral("estimated")));
}

void TestHistogramView::draggedHandleSetsManualRange()
{
    HeatmapView view;
    const npy::NpyArray a = arrayOf({100, 100}, [](qint64 i) { return double(i); });
    QVERIFY(showArray(view, a));
    QTRY_VERIFY_WITH_TIMEOUT(view.histogram() != nullptr, 20000);
    HistogramView *hv = view.histogramView();
    QSignalSpy edited(hv, &HistogramView::rangeEdited);
    const double toX = (hv->handleX(false) + hv->handleX(true)) / 2;
    const double value = hv->valueAt(toX);
    dragHandle(hv, true, toX);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(view.rangeMode(), RangeMode::Manual);
    QCOMPARE(view.rangeOptions().manualLow, 0.0);
    QCOMPARE(view.rangeOptions().manualHigh, value);
    QTRY_COMPARE_WITH_TIMEOUT(view.rangeStats().high, value, 10000);
    QCOMPARE(hv->rangeHigh(), value);
    // The histogram is not recounted for a range change.
    QCOMPARE(view.histogram().get(), hv->histogram().get());
}

void TestHistogramView::updatedAfterEditAndSliceChange()
{
    HeatmapView view;
    const npy::NpyArray cube = arrayOf({3, 50, 60}, [](qint64 i) { return double(i / 3000) * 10.0 + double(i % 7); });
    QVERIFY(showArray(view, cube));
    QTRY_VERIFY_WITH_TIMEOUT(view.histogram() != nullptr, 20000);
    SliceSpec spec = view.slice();
    QCOMPARE(view.histogram()->max, double(spec.index[0]) * 10.0 + 6.0);

    // Another slice: counted again.
    spec.index[0] = spec.index[0] == 2 ? 1 : 2;
    view.setSlice(spec);
    QVERIFY(view.histogram() == nullptr);
    QVERIFY(view.histogramView()->isUpdating());
    QTRY_VERIFY_WITH_TIMEOUT(view.histogram() != nullptr, 20000);
    QCOMPARE(view.histogram()->max, double(spec.index[0]) * 10.0 + 6.0);
    QCOMPARE(view.histogram()->min, double(spec.index[0]) * 10.0);
    const auto first = view.histogram();

    // An edit (the array handed again with new values): counted again.
    const npy::NpyArray edited = arrayOf({3, 50, 60}, [](qint64 i) { return i % 3000 == 5 ? 100.0 : double(i % 7); });
    view.setArray(edited, spec);
    QTRY_VERIFY_WITH_TIMEOUT(view.histogram() != nullptr, 20000);
    QCOMPARE(view.histogram()->max, 100.0);
    QVERIFY(view.histogram() != first);
}

void TestHistogramView::estimatedUntilExact()
{
    // 1100 x 1000 elements: more than the preview's sample, so its percentiles are estimated first.
    HeatmapView view;
    view.setRangeMode(RangeMode::Percentile1);
    QSignalSpy rendered(&view, &HeatmapView::renderFinished);
    const npy::NpyArray a = arrayOf({1100, 1000}, [](qint64 i) { return double((i * 7919) % 100003); });
    QVERIFY(showArray(view, a));
    QVERIFY(rendered.wait(20000));
    QVERIFY(view.rangeStats().sampled);
    QVERIFY2(view.statusText().contains(QStringLiteral("estimated")), qPrintable(view.statusText()));
    QVERIFY(view.statusText().contains(QStringLiteral("1st–99th percentile")));
    QTRY_VERIFY_WITH_TIMEOUT(view.rangeStats().fromHistogram && !view.rangeStats().sampled, 30000);
    QVERIFY(!view.statusText().contains(QStringLiteral("estimated")));
    QVERIFY(view.statusText().contains(QStringLiteral("to 1/4096 of the range")));
    QCOMPARE(view.rangeStats().elements, qint64(1100 * 1000));
}

QTEST_MAIN(TestHistogramView)
#include "tst_histogramview.moc"
