// HeatmapView and PlotView: hover and click signals, zoom about the cursor, table selection,
// stale renders dropped, export with colorbar; PlotView's exact envelope (from a worker) and hover.

#include "heatmapview.h"
#include "histogramview.h"
#include "npyfile.h"
#include "valuetext.h"
#include "npyheader.h"
#include "plotview.h"
#include "testdata.h"

#include <QComboBox>
#include <QMenu>
#include <QSignalSpy>
#include <QToolButton>
#include <QWidgetAction>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace npy;
using namespace npyw;

namespace {

npy::NpyArray ramp(qint64 rows, qint64 cols)
{
    npy::NpyHeader h;
    QString error;
    if (!npy::dtypeFromDescrText(QStringLiteral("'<f8'"), &h.dtype, &error))
        qFatal("dtype");
    h.shape = {rows, cols};
    if (!npy::arraySize(h.shape, 8, &h.elementCount, &h.dataBytes))
        qFatal("size");
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    double *d = reinterpret_cast<double *>(bytes.data());
    for (qint64 r = 0; r < rows; ++r)
        for (qint64 c = 0; c < cols; ++c)
            d[r * cols + c] = double(r * 1000 + c);
    return npy::NpyArray(h, bytes);
}

void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

bool waitRendered(HeatmapView &view)
{
    QSignalSpy spy(&view, &HeatmapView::renderFinished);
    view.flushRender();
    return spy.wait(10000) || !view.renderedImage().isNull();
}

/** Shows \a view at \a size with a \a rows x \a cols ramp, waiting for its render when \a wait. */
bool showRamp(HeatmapView &view, QSize size, qint64 rows, qint64 cols, bool wait)
{
    view.resize(size);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    const npy::NpyArray a = ramp(rows, cols);
    view.setArray(a, SliceSpec::defaultFor(a.header()));
    return !wait || waitRendered(view);
}

} // namespace

Q_DECLARE_METATYPE(Reduction)

class TestHeatmapView : public QObject
{
    Q_OBJECT

private slots:
    void exactFrameShowsEverySpike_data();
    void exactFrameShowsEverySpike();
    void countOfNonZeros();
    void rendersAndFits();
    void hoverAndClick();
    void wheelZoomKeepsPointUnderCursor();
    void panAndBoxZoom();
    void selectionOutlined();
    void staleRendersDropped();
    void colormapChangeRecolorsOnly();
    void cannotDrawMessage();
    void exportHasColorbar();
    void ticks();
    void axisTicks_data();
    void axisTicks();
    void plotEnvelopeAndHover();
    void settingsReachableWhenNarrow();
    void longThinSliceStretched();
    void plotDateLabelsFit();
    void plotTicksFollowTheType_data();
    void plotTicksFollowTheType();
};

void TestHeatmapView::rendersAndFits()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 50, 100, true));
    const QRectF area = view.visibleArea();
    QVERIFY(area.contains(QRectF(0, 0, 100, 50)));
    // Aspect locked: square elements, the 100 columns fill the width.
    QCOMPARE(qRound(area.width()), 100);
    QCOMPARE(view.rangeStats().low, 0.0);
    QCOMPARE(view.rangeStats().high, 49099.0);
    // Row 0 at the top: the top-left pixel of the slice is the lowest colour, bottom-right the highest.
    const QImage img = view.renderedImage();
    const QPointF tl = view.sliceToCanvas(QPointF(0.5, 0.5));
    const QPointF br = view.sliceToCanvas(QPointF(99.5, 49.5));
    QCOMPARE(img.pixel(tl.toPoint()), colormapTable(Colormap::Viridis)[0]);
    QCOMPARE(img.pixel(br.toPoint()), colormapTable(Colormap::Viridis)[255]);
}

void TestHeatmapView::hoverAndClick()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 50, 100, true));
    QSignalSpy hovered(&view, &HeatmapView::cellHovered);
    QSignalSpy clicked(&view, &HeatmapView::cellClicked);
    const QPointF pos = view.sliceToCanvas(QPointF(37.5, 12.5)); // column 37, row 12
    sendMouse(view.canvas(), QEvent::MouseMove, pos, Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toLongLong(), qint64(12));
    QCOMPARE(hovered.at(0).at(1).toLongLong(), qint64(37));
    QCOMPARE(hovered.at(0).at(2).toString(), QStringLiteral("[12, 37] = 12037.0"));
    sendMouse(view.canvas(), QEvent::MouseButtonPress, pos, Qt::LeftButton, Qt::LeftButton);
    sendMouse(view.canvas(), QEvent::MouseButtonRelease, pos + QPointF(1, 1), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toLongLong(), qint64(12));
    QCOMPARE(clicked.at(0).at(1).toLongLong(), qint64(37));
    // Outside the slice: no click.
    sendMouse(view.canvas(), QEvent::MouseButtonPress, QPointF(2, view.canvas()->height() - 2), Qt::LeftButton,
              Qt::LeftButton);
    sendMouse(view.canvas(), QEvent::MouseButtonRelease, QPointF(2, view.canvas()->height() - 2), Qt::LeftButton,
              Qt::NoButton);
    QCOMPARE(clicked.count(), 1);
}

void TestHeatmapView::wheelZoomKeepsPointUnderCursor()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 200, 300, false));
    const QPointF pos(170.0, 130.0);
    const QPointF before = view.canvasToSlice(pos);
    const double widthBefore = view.visibleArea().width();
    for (int i = 0; i < 3; ++i) {
        QWheelEvent e(pos, view.canvas()->mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.canvas(), &e);
    }
    const QPointF after = view.canvasToSlice(pos);
    QVERIFY2(std::abs(after.x() - before.x()) < 1e-9 && std::abs(after.y() - before.y()) < 1e-9,
             qPrintable(QStringLiteral("%1,%2 -> %3,%4").arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));
    QVERIFY(std::abs(view.visibleArea().width() * std::pow(1.25, 3) - widthBefore) < 1e-6);
    // And the rendered picture follows: the cell under the cursor keeps its colour.
    QVERIFY(waitRendered(view));
    const QImage img = view.renderedImage();
    qint64 row = 0, col = 0;
    QVERIFY(view.cellAt(pos, &row, &col));
    const double t = double(row * 1000 + col) / 199299.0;
    const int index = std::clamp(int(t * 256), 0, 255);
    QCOMPARE(img.pixel(pos.toPoint()), colormapTable(Colormap::Viridis)[size_t(index)]);
}

void TestHeatmapView::panAndBoxZoom()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 200, 300, false));
    view.zoomAt(4.0, QPointF(200, 200));
    const QPointF start = view.canvasToSlice(QPointF(100, 100));
    QSignalSpy clicked(&view, &HeatmapView::cellClicked);
    sendMouse(view.canvas(), QEvent::MouseButtonPress, QPointF(100, 100), Qt::LeftButton, Qt::LeftButton);
    sendMouse(view.canvas(), QEvent::MouseMove, QPointF(130, 120), Qt::NoButton, Qt::LeftButton);
    sendMouse(view.canvas(), QEvent::MouseButtonRelease, QPointF(130, 120), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(clicked.count(), 0); // a drag is not a click
    const QPointF moved = view.canvasToSlice(QPointF(130, 120));
    QVERIFY(std::abs(moved.x() - start.x()) < 1e-9 && std::abs(moved.y() - start.y()) < 1e-9);
    // Box zoom with the right button: the box's slice area becomes (at least) the view.
    view.setAspectLocked(false);
    const QRectF box(view.canvasToSlice(QPointF(50, 60)), view.canvasToSlice(QPointF(250, 160)));
    sendMouse(view.canvas(), QEvent::MouseButtonPress, QPointF(50, 60), Qt::RightButton, Qt::RightButton);
    sendMouse(view.canvas(), QEvent::MouseMove, QPointF(250, 160), Qt::NoButton, Qt::RightButton);
    sendMouse(view.canvas(), QEvent::MouseButtonRelease, QPointF(250, 160), Qt::RightButton, Qt::NoButton);
    const QRectF area = view.visibleArea();
    QVERIFY(std::abs(area.left() - box.left()) < 1e-6 && std::abs(area.right() - box.right()) < 1e-6);
    QVERIFY(std::abs(area.top() - box.top()) < 1e-6 && std::abs(area.bottom() - box.bottom()) < 1e-6);
    view.fitToView();
    QVERIFY(view.visibleArea().contains(QRectF(0, 0, 300, 200)));
}

void TestHeatmapView::selectionOutlined()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 50, 100, true));
    view.setSelection({CellRange{10, 20, 5, 30}});
    const QImage grab = view.canvas()->grab().toImage();
    // The outline's white border runs along the selection's top edge, one pixel outside the cells.
    const QPointF topLeft = view.sliceToCanvas(QPointF(20, 10));
    const QPointF topRight = view.sliceToCanvas(QPointF(50, 10));
    const int y = qRound(topLeft.y()) - 1;
    int white = 0;
    for (int x = qRound(topLeft.x()) + 2; x < qRound(topRight.x()) - 2; ++x) {
        const QRgb c = grab.pixel(x, y) | 0xff000000;
        white += (c == qRgb(255, 255, 255) || c == qRgb(0, 0, 0)) ? 1 : 0;
    }
    QVERIFY2(white > (topRight.x() - topLeft.x()) * 0.8, qPrintable(QString::number(white)));
    // The view can scroll a cell into view.
    view.zoomAt(8, QPointF(0, 0));
    view.ensureVisible(45, 90);
    QVERIFY(view.visibleArea().contains(QPointF(90.5, 45.5)));
}

void TestHeatmapView::staleRendersDropped()
{
    HeatmapView view;
    view.resize(700, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const npy::NpyArray a = ramp(1500, 1500);
    QSignalSpy finished(&view, &HeatmapView::renderFinished);
    view.setRangeMode(RangeMode::Percentile01); // a slow first render: sorts 2M values
    view.setArray(a, SliceSpec::defaultFor(a.header()));
    view.flushRender();
    QVERIFY(view.isRendering());
    const quint64 first = view.generation();
    // Before the first render can be delivered (no event loop has run), ask for another.
    view.setRangeMode(RangeMode::Symmetric);
    view.flushRender();
    const quint64 second = view.generation();
    QVERIFY(second > first);
    QVERIFY(finished.wait(20000));
    // Only the current request is shown: its preview (the range of 2.25 M elements is sampled),
    // then its exact frame.
    QCOMPARE(finished.at(0).at(0).toULongLong(), second);
    QVERIFY(!view.isFrameExact());
    QTRY_VERIFY_WITH_TIMEOUT(view.isFrameExact(), 20000);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(finished.at(1).at(0).toULongLong(), view.generation());
    QVERIFY(!view.rangeStats().sampled);
    QCOMPARE(view.droppedRenders(), quint64(1));
    // Symmetric, from the second request, exact: the largest magnitude is the last element,
    // 1499 * 1000 + 1499 (the preview's sample had missed it).
    QCOMPARE(view.rangeStats().low, -1500499.0);
    QCOMPARE(view.rangeStats().high, 1500499.0);
}

void TestHeatmapView::colormapChangeRecolorsOnly()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(500, 400), 20, 20, true));
    const quint64 gen = view.generation();
    view.setColormap(Colormap::Gray);
    view.setReversed(true);
    QCOMPARE(view.generation(), gen); // no new render
    const QPointF tl = view.sliceToCanvas(QPointF(0.5, 0.5));
    QCOMPARE(view.renderedImage().pixel(tl.toPoint()), qRgb(255, 255, 255)); // gray_r: lowest is white
}

void TestHeatmapView::cannotDrawMessage()
{
    HeatmapView view;
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(QStringLiteral("'<U3'"), &h.dtype, &error));
    h.shape = {2, 2};
    QVERIFY(npy::arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes));
    view.setArray(npy::NpyArray(h, QByteArray(h.dataBytes, '\0')), SliceSpec::defaultFor(h));
    QCOMPARE(view.errorText(), QStringLiteral("cannot draw dtype <U3"));
    QVERIFY(view.exportImage().isNull());
}

void TestHeatmapView::exportHasColorbar()
{
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(600, 400), 40, 40, true));
    const QImage img = view.exportImage();
    QVERIFY(!img.isNull());
    const QImage pic = view.renderedImage();
    QVERIFY(img.width() > 96);
    // The colorbar's top holds the highest colour, its bottom the lowest.
    const int barX = img.width() - 96 + 12;
    const ColorTable t = colormapTable(Colormap::Viridis);
    int firstTop = -1, lastBottom = -1;
    for (int y = 0; y < img.height(); ++y) {
        const QRgb c = img.pixel(barX, y);
        if (firstTop < 0 && std::find(t.end() - 4, t.end(), c) != t.end())
            firstTop = y;
        if (std::find(t.begin(), t.begin() + 4, c) != t.begin() + 4)
            lastBottom = y;
    }
    QVERIFY(firstTop >= 0 && lastBottom > firstTop);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.png"));
    QVERIFY(view.saveImage(path));
    QCOMPARE(QImage(path).size(), img.size());
}

void TestHeatmapView::ticks()
{
    QCOMPARE(niceTicks(0, 1, 5), (QList<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
    QCOMPARE(niceTicks(-3, 7, 5), (QList<double>{-2, 0, 2, 4, 6}));
    QCOMPARE(tickLabel(0.30000000000000004, 0.1), QStringLiteral("0.3"));
    QCOMPARE(tickLabel(-1e-17, 0.1), QStringLiteral("0"));
    QCOMPARE(tickLabel(1500000, 500000), QStringLiteral("1500000"));
    // Plain numbers where they fit (issue 16: "3.2e+02" for uint8 data, "2.2e+03" for heights).
    QCOMPARE(tickLabel(320, 20), QStringLiteral("320"));
    QCOMPARE(tickLabel(2200, 200), QStringLiteral("2200"));
    QCOMPARE(tickLabel(0.25, 0.05), QStringLiteral("0.25"));
    QCOMPARE(tickLabel(1.5e9, 5e8), QStringLiteral("1.5e+09"));
    QCOMPARE(tickLabel(2e-6, 1e-6), QStringLiteral("2e−06"));
    QCOMPARE(tickLabel(8e6, 2e6, 4.2e7), QStringLiteral("8e+06"));
    QCOMPARE(tickLabel(8e6, 2e6, 8e6), QStringLiteral("8000000"));
    QCOMPARE(largestMagnitude({-3e7, 0, 2e7}), 3e7);
    QVERIFY(niceTicks(1, 1, 5).isEmpty());
    // Datetime axes say dates.
    npy::DType day;
    QString why;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("<M8[D]"), &day, &why));
    QCOMPARE(npyw::dateTickLabel(day, 12649), QStringLiteral("2004-08-19"));
    QVERIFY(npy::DType::fromTypeString(QStringLiteral(">M8[D]"), &day, &why));
    QCOMPARE(npyw::dateTickLabel(day, 12649), QStringLiteral("2004-08-19"));
    // Integer data is ticked at integers only, labelled without decimals.
    QStringList labels;
    for (const Tick &t : npyw::axisTicks(0, 4, ColorScale::Linear, 8, false, true))
        labels << t.label;
    QCOMPARE(labels, (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                  QStringLiteral("4")}));
}

void TestHeatmapView::axisTicks_data()
{
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("scale");
    QTest::addColumn<bool>("isBool");
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QStringList>("labels");

    const int linear = int(ColorScale::Linear), log = int(ColorScale::Log);
    QTest::newRow("linear 0..1") << 0.0 << 1.0 << linear << false << 5
                                 << QList<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}
                                 << QStringList{QStringLiteral("0"), QStringLiteral("0.2"), QStringLiteral("0.4"),
                                                QStringLiteral("0.6"), QStringLiteral("0.8"), QStringLiteral("1")};
    QTest::newRow("negative") << -3.0 << 7.0 << linear << false << 5 << QList<double>{-2, 0, 2, 4, 6}
                              << QStringList{QStringLiteral("−2"), QStringLiteral("0"), QStringLiteral("2"),
                                             QStringLiteral("4"), QStringLiteral("6")};
    QTest::newRow("bool") << 0.0 << 1.0 << linear << true << 3 << QList<double>{0, 1}
                          << QStringList{QStringLiteral("False"), QStringLiteral("True")};
    QTest::newRow("uint8") << 0.0 << 255.0 << linear << false << 5 << QList<double>{0, 50, 100, 150, 200, 250}
                           << QStringList{QStringLiteral("0"), QStringLiteral("50"), QStringLiteral("100"),
                                          QStringLiteral("150"), QStringLiteral("200"), QStringLiteral("250")};
    // One axis, one notation: goog.npz's volume axis said "8000000" under "1e+07".
    QTest::newRow("large, one notation") << 0.0 << 4.2e7 << linear << false << 8
                                         << QList<double>{0, 5e6, 1e7, 1.5e7, 2e7, 2.5e7, 3e7, 3.5e7, 4e7}
                                         << QStringList{QStringLiteral("0"), QStringLiteral("5e+06"),
                                                        QStringLiteral("1e+07"), QStringLiteral("1.5e+07"),
                                                        QStringLiteral("2e+07"), QStringLiteral("2.5e+07"),
                                                        QStringLiteral("3e+07"), QStringLiteral("3.5e+07"),
                                                        QStringLiteral("4e+07")};
    QTest::newRow("one value") << 5.0 << 5.0 << linear << false << 3 << QList<double>{5} << QStringList{QStringLiteral("5")};
    QTest::newRow("log decades") << 1.0 << 1e4 << log << false << 3 << QList<double>{1, 100, 10000}
                                 << QStringList{QStringLiteral("1e0"), QStringLiteral("1e2"), QStringLiteral("1e4")};
    QTest::newRow("log, only positive") << -4.0 << 4.0 << log << false << 4 << QList<double>{2, 4}
                                        << QStringList{QStringLiteral("2"), QStringLiteral("4")};
}

void TestHeatmapView::axisTicks()
{
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, scale);
    QFETCH(bool, isBool);
    QFETCH(int, count);
    QFETCH(QList<double>, values);
    QFETCH(QStringList, labels);

    const QList<Tick> ticks = npyw::axisTicks(lo, hi, ColorScale(scale), count, isBool);
    QList<double> gotValues;
    QStringList gotLabels;
    for (const Tick &t : ticks) {
        gotValues << t.value;
        gotLabels << t.label;
    }
    QCOMPARE(gotValues, values);
    QCOMPARE(gotLabels, labels);
    // The ends of the axis are its ends on every scale.
    QCOMPARE(scalePosition(hi, lo, hi, ColorScale(scale)), hi > lo && (ColorScale(scale) != ColorScale::Log || lo > 0) ? 1.0 : 0.0);
    QCOMPARE(scalePosition(lo, lo, hi, ColorScale(scale)), 0.0);
}

void TestHeatmapView::plotEnvelopeAndHover()
{
    // 100000 points of a sine with one spike: every pixel column draws its block's min-max, so the spike shows.
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(QStringLiteral("'<f4'"), &h.dtype, &error));
    h.shape = {100000};
    QVERIFY(npy::arraySize(h.shape, 4, &h.elementCount, &h.dataBytes));
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    float *d = reinterpret_cast<float *>(bytes.data());
    for (int i = 0; i < 100000; ++i)
        d[i] = float(std::sin(i * 0.001));
    d[54321] = 5.0f;
    d[777] = std::nanf("");
    const npy::NpyArray a(h, bytes);
    PlotView plot;
    plot.resize(800, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QVERIFY(plot.setSeries(a, SliceSpec::defaultFor(h), PlotView::Line::Column, 0));
    QCOMPARE(plot.count(), qint64(100000));
    // setSeries() read nothing: the envelope is the worker's, still to come.
    QVERIFY(plot.isComputing());
    QVERIFY(plot.envelope().bins.empty());
    QCOMPARE(plot.valueAt(54321), 5.0);
    // The worker's pass: the exact extremes, the view fitted to them.
    QTRY_VERIFY(!plot.isComputing());
    QVERIFY(plot.hasExactRange());
    QCOMPARE(plot.seriesMax(), 5.0);
    QCOMPARE(plot.envelope().maxIndex, qint64(54321));
    QCOMPARE(plot.seriesMin(), double(*std::min_element(d + 778, d + 100000)));
    QVERIFY(plot.viewRange().bottom() > 5.0);
    const qint64 bins = qint64(plot.envelope().bins.size());
    QCOMPARE(bins, qint64(plot.plotArea().width()));
    const double perPixel = 100000.0 / double(bins); // about 140: said in whole samples
    QCOMPARE(plot.statusText(), QStringLiteral("1 px = %1 samples, min–max").arg(std::llround(perPixel)));
    const QImage grab = plot.grab().toImage();
    // Somewhere near the top of the plot area a line pixel is drawn (the spike).
    const QRect area = plot.plotArea();
    bool spike = false;
    for (int x = area.left() + 1; x < area.right(); ++x)
        spike = spike || grab.pixel(x, area.top() + 20) == qRgb(31, 119, 180);
    QVERIFY(spike);
    QSignalSpy hovered(&plot, &PlotView::pointHovered);
    const QPointF pos(area.left() + area.width() / 2.0, area.center().y());
    sendMouse(&plot, QEvent::MouseMove, pos, Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    const qint64 i = hovered.at(0).at(0).toLongLong();
    QVERIFY(std::abs(i - 50000) < 200);
    // Many samples per pixel: the hover names the block under the cursor and its range.
    const QString text = hovered.at(0).at(1).toString();
    const QStringList ends = text.section(QLatin1Char(']'), 0, 0).mid(1).split(QStringLiteral(" … "));
    QCOMPARE(ends.size(), 2);
    QVERIFY2(ends[0].toLongLong() <= i && i <= ends[1].toLongLong(), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("] = ")), qPrintable(text));
    // Zooming keeps the index under the cursor and recomputes the blocks for the samples in view.
    const qint64 before = plot.indexAt(pos.x());
    plot.zoomAt(10, pos);
    QVERIFY(std::abs(plot.indexAt(pos.x()) - before) <= 1);
    QVERIFY(plot.viewRange().width() < 11000);
    QTRY_VERIFY(!plot.isComputing());
    QVERIFY(plot.envelope().end - plot.envelope().begin < 11000);
    // Zoomed in to single samples: the hover says the value.
    plot.setViewRange(QRectF(QPointF(770, -2), QPointF(790, 2)));
    // The new view's blocks come from a worker that may not have started yet: wait for what it says.
    QTRY_COMPARE_WITH_TIMEOUT(plot.statusText(), QStringLiteral("every sample drawn"), 30000);
    QTRY_VERIFY(!plot.isComputing());
    hovered.clear();
    const double x780 = area.left() + (780 - 770) / 20.0 * area.width();
    sendMouse(&plot, QEvent::MouseMove, QPointF(x780, area.center().y()), Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toLongLong(), qint64(780));
    QCOMPARE(hovered.at(0).at(1).toString(),
             QStringLiteral("[780] = %1").arg(npy::formatValue(h.dtype, reinterpret_cast<const uchar *>(d + 780))));
    // A marked point (Go to Maximum) out of view: panned to, its value read by the worker and brought into view too.
    plot.setViewRange(QRectF(QPointF(1000, -1), QPointF(2000, 1)));
    plot.setMarker(54321);
    QCOMPARE(plot.marker(), qint64(54321));
    QVERIFY(plot.viewRange().left() <= 54321 && 54321 <= plot.viewRange().right());
    QTRY_VERIFY(plot.viewRange().top() <= 5.0 && 5.0 <= plot.viewRange().bottom());
    QCOMPARE(plot.viewRange().height(), 2.0);
    // A row of a 2-D slice.
    const npy::NpyArray r = ramp(5, 7);
    QVERIFY(plot.setSeries(r, SliceSpec::defaultFor(r.header()), PlotView::Line::Row, 3));
    QCOMPARE(plot.count(), qint64(7));
    QCOMPARE(plot.valueAt(6), 3006.0);
    QTRY_VERIFY(!plot.isComputing());
    QCOMPARE(plot.seriesMax(), 3006.0);
    QCOMPARE(plot.seriesMin(), 3000.0);
    QVERIFY(!plot.setSeries(r, SliceSpec::defaultFor(r.header()), PlotView::Line::Column, 9));
}

void TestHeatmapView::exactFrameShowsEverySpike_data()
{
    QTest::addColumn<Reduction>("reduction");
    QTest::addColumn<int>("spikes");
    QTest::addColumn<bool>("corners");
    QTest::newRow("max") << Reduction::MaxPool << 16 << false;
    QTest::newRow("max |x|") << Reduction::AbsMax << 16 << false;
    // The last row and column fall in pixels the slice only just reaches: they must still show,
    // not be painted over by the slice's outline.
    QTest::newRow("max, at the four corners") << Reduction::MaxPool << 4 << true;
}

void TestHeatmapView::exactFrameShowsEverySpike()
{
    // 4000 x 4000 uint8 zeros with 16 single-element spikes at odd places: at 300 x 300 pixels a
    // pixel covers 13 x 13 elements, more than pooling's 8 x 8 sample; the exact frame shows all.
    QFETCH(Reduction, reduction);
    QFETCH(int, spikes);
    QFETCH(bool, corners);
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(QStringLiteral("'|u1'"), &h.dtype, &error));
    h.shape = {4000, 4000};
    QVERIFY(npy::arraySize(h.shape, 1, &h.elementCount, &h.dataBytes));
    QByteArray bytes(h.dataBytes, '\0');
    for (int i = 0; i < spikes; ++i) {
        const qsizetype row = corners ? (i / 2) * 3999 : (173 + i * 241) % 4000;
        const qsizetype col = corners ? (i % 2) * 3999 : (311 + i * 229) % 4000 + 1;
        bytes[row * 4000 + col] = char(200);
    }
    const npy::NpyArray a(h, bytes);
    HeatmapView view;
    view.resize(300, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setReduction(reduction);
    view.setArray(a, SliceSpec::defaultFor(a.header()));
    QTRY_VERIFY_WITH_TIMEOUT(view.isFrameExact(), 20000);
    QCOMPARE(view.rangeStats().high, 200.0);
    QVERIFY(!view.rangeStats().sampled);
    const QImage img = view.renderedImage();
    QVERIFY(!img.isNull());
    // The brightest colour of viridis (index 255) marks every spike's pixel.
    const QRgb top = npy::colormapTable(Colormap::Viridis)[255];
    int bright = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            bright += (img.pixel(x, y) & 0xffffff) == (top & 0xffffff) ? 1 : 0;
    QCOMPARE(bright, spikes);
    // And on the screen: the canvas as painted, outline included, at sizes where the slice's edges
    // fall anywhere inside a pixel.
    for (int side : {300, 317, 331, 359, 401, 467}) {
        if (side != 300) {
            view.resize(side, side + 7);
            QTRY_VERIFY_WITH_TIMEOUT(view.renderedImage().size() == view.canvas()->size() && view.isFrameExact(),
                                     20000);
        }
        const QImage shown = view.canvas()->grab().toImage();
        int brightShown = 0;
        for (int y = 0; y < shown.height(); ++y)
            for (int x = 0; x < shown.width(); ++x)
                brightShown += (shown.pixel(x, y) & 0xffffff) == (top & 0xffffff) ? 1 : 0;
        QVERIFY2(brightShown == spikes, qPrintable(QStringLiteral("%1 of %2 at %3 px").arg(brightShown).arg(spikes).arg(side)));
    }
    QVERIFY2(view.statusText().contains(QLatin1String("1 px =")), qPrintable(view.statusText()));
    QVERIFY(!view.statusText().contains(QLatin1String("preview")));
}

void TestHeatmapView::countOfNonZeros()
{
    // 4000 x 4000 int16 zeros holding 9 non-zeros of -7 at odd places: zoomed out, a pixel covers 13 x 13 elements
    // and shows how many of them are not zero, coloured by the counts' own range (0 .. 1), not the data's (-7 .. 0).
    // The counts themselves are checked against NumPy in tst_blockreduce.
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(QStringLiteral("'<i2'"), &h.dtype, &error));
    h.shape = {4000, 4000};
    QVERIFY(npy::arraySize(h.shape, 2, &h.elementCount, &h.dataBytes));
    QByteArray bytes(h.dataBytes, '\0');
    for (int i = 0; i < 9; ++i) {
        const qint16 v = -7;
        std::memcpy(bytes.data() + (qsizetype((173 + i * 241) % 4000) * 4000 + (311 + i * 229) % 4000) * 2, &v, 2);
    }
    const npy::NpyArray a(h, bytes);
    HeatmapView view;
    view.resize(300, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setReduction(Reduction::MinPool);
    view.setArray(a, SliceSpec::defaultFor(a.header()));
    QTRY_VERIFY_WITH_TIMEOUT(view.isFrameExact(), 20000);
    QCOMPARE(view.rangeStats().low, -7.0); // the data's range
    view.setReduction(Reduction::NonZero);
    QTRY_VERIFY_WITH_TIMEOUT(view.isFrameExact() && view.rangeStats().high == 1.0, 20000);
    QCOMPARE(view.rangeStats().low, 0.0);
    QVERIFY(!view.rangeStats().sampled);
    QVERIFY2(view.statusText().contains(QLatin1String("count of non-zeros")), qPrintable(view.statusText()));
    // The histogram is of the values, not of the counts drawn: hidden while counting, back after.
    view.setHistogramShown(true);
    QVERIFY(view.histogramView()->isHidden());
    // The nine pixels with a non-zero are the brightest colour, every other pixel of the slice the darkest.
    const QImage img = view.renderedImage();
    const npy::ColorTable table = npy::colormapTable(Colormap::Viridis);
    int top = 0, bottom = 0;
    QPoint nonZeroPixel, zeroPixel;
    for (int y = 0; y < img.height(); ++y) {
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y) & 0xffffff;
            if (c == (table[255] & 0xffffff)) {
                ++top;
                nonZeroPixel = QPoint(x, y);
            } else if (c == (table[0] & 0xffffff)) {
                ++bottom;
                zeroPixel = QPoint(x, y);
            }
        }
    }
    QCOMPARE(top, 9);
    QVERIFY(bottom > 1000);
    // Hovering names the pixel's count beside the element's value.
    QSignalSpy hovered(&view, &HeatmapView::cellHovered);
    sendMouse(view.canvas(), QEvent::MouseMove, QPointF(nonZeroPixel) + QPointF(0.5, 0.5), Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QVERIFY2(hovered.at(0).at(2).toString().endsWith(QLatin1String("; 1 non-zero in this pixel")),
             qPrintable(hovered.at(0).at(2).toString()));
    sendMouse(view.canvas(), QEvent::MouseMove, QPointF(zeroPixel) + QPointF(0.5, 0.5), Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 2);
    QVERIFY2(hovered.at(1).at(2).toString().endsWith(QLatin1String("= 0; 0 non-zeros in this pixel")),
             qPrintable(hovered.at(1).at(2).toString()));
    // Back to the values: their range again, not the counts'.
    view.setReduction(Reduction::MinPool);
    QTRY_VERIFY_WITH_TIMEOUT(view.isFrameExact() && view.rangeStats().low == -7.0, 20000);
    QVERIFY(!view.histogramView()->isHidden());
}

void TestHeatmapView::settingsReachableWhenNarrow()
{
    // Issue 16, item 3: at the heatmap's width in a default window (about 480 px) the colour settings
    // are one button away, not lost in the toolbar's overflow with no way to reach the combos.
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(480, 400), 40, 40, true));
    auto *button = view.findChild<QToolButton *>(QStringLiteral("heatmapSettings"));
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QVERIFY(button->menu());
    QWidget *panel = nullptr;
    for (QAction *a : button->menu()->actions()) {
        if (auto *w = qobject_cast<QWidgetAction *>(a))
            panel = w->defaultWidget();
    }
    QVERIFY(panel);
    QCOMPARE(panel->findChildren<QComboBox *>().size(), 4); // range, scale, complex part, reduction
    QVERIFY(button->text().contains(QStringLiteral("min"), Qt::CaseInsensitive));
    view.setRangeMode(RangeMode::Symmetric);
    QVERIFY2(!button->text().contains(QStringLiteral("min"), Qt::CaseInsensitive), qPrintable(button->text()));
}

void TestHeatmapView::longThinSliceStretched()
{
    // A 2000 x 3 slice with square elements is a line a few pixels wide: the view stretches it to
    // fill, says so, and goes back to square elements for an ordinary slice.
    HeatmapView view;
    QVERIFY(showRamp(view, QSize(700, 500), 2000, 3, true));
    QVERIFY(!view.isAspectLocked());
    QVERIFY(view.isAspectAutoUnlocked());
    const QRectF area = view.visibleArea();
    QVERIFY2(area.width() < 3.5 && area.height() < 2100, qPrintable(QStringLiteral("%1 x %2").arg(area.width()).arg(area.height())));
    QVERIFY2(view.statusText().contains(QLatin1String("stretched")), qPrintable(view.statusText()));
    QVERIFY2(view.statusText().contains(QStringLiteral("×1 elements")), qPrintable(view.statusText()));
    const npy::NpyArray square = ramp(50, 100);
    view.setArray(square, SliceSpec::defaultFor(square.header()));
    QVERIFY(view.isAspectLocked());
    QVERIFY(waitRendered(view));
    QVERIFY2(!view.statusText().contains(QLatin1String("stretched")), qPrintable(view.statusText()));
    // Once the user picks, the choice stays, long slices included.
    view.setAspectLocked(true);
    const npy::NpyArray thin = ramp(2000, 3);
    view.setArray(thin, SliceSpec::defaultFor(thin.header()));
    QVERIFY(view.isAspectLocked());
    QVERIFY(!view.isAspectAutoUnlocked());
}

void TestHeatmapView::plotDateLabelsFit()
{
    // A datetime64[ms] series (NumPy's fixture, up to 2020-02-29T10:30:15.123): the value axis's labels are
    // whole dates with their time, and the plot starts right of the widest (they were cut at the left edge).
    const auto array = npy::readNpyFile(npytest::dataPath(QStringLiteral("npy/datetime64_ms.npy")));
    QVERIFY2(array.ok(), qPrintable(array.error()));
    PlotView plot;
    plot.resize(800, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QVERIFY(plot.setSeries(array.value(), SliceSpec::defaultFor(array->header()), PlotView::Line::Column, 0));
    QTRY_VERIFY(!plot.isComputing());
    plot.grab();
    const int labelWidth = plot.fontMetrics().horizontalAdvance(QStringLiteral("2020-02-29T10:30:15.123"));
    QVERIFY2(plot.plotArea().left() - 4 >= labelWidth,
             qPrintable(QStringLiteral("%1 < %2").arg(plot.plotArea().left() - 4).arg(labelWidth)));
    QVERIFY(plot.plotArea().width() > 400);
}

void TestHeatmapView::plotTicksFollowTheType_data()
{
    QTest::addColumn<QString>("descr");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected");
    // 0, 1, 2, 3 as int32: whole-number ticks only (a 0.5 step wrote 0.5, 1.5...).
    QByteArray ints;
    for (qint32 v : {0, 1, 2, 3})
        ints.append(reinterpret_cast<const char *>(&v), 4);
    QTest::newRow("int32") << QStringLiteral("'<i4'") << ints
                           << QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                          QStringLiteral("3")};
    // Three days: each date once, not repeated at half-day ticks.
    QByteArray days;
    for (qint64 v : {19000, 19001, 19002})
        days.append(reinterpret_cast<const char *>(&v), 8);
    QTest::newRow("datetime64[D]") << QStringLiteral("'<M8[D]'") << days
                                   << QStringList{QStringLiteral("2022-01-08"), QStringLiteral("2022-01-09"),
                                                  QStringLiteral("2022-01-10")};
    QTest::newRow("bool") << QStringLiteral("'|b1'") << QByteArray("\x00\x01\x01\x00", 4)
                          << QStringList{QStringLiteral("False"), QStringLiteral("True")};
}

void TestHeatmapView::plotTicksFollowTheType()
{
    QFETCH(QString, descr);
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(descr, &h.dtype, &error));
    h.shape = {data.size() / h.dtype.itemSize};
    QVERIFY(npy::arraySize(h.shape, h.dtype.itemSize, &h.elementCount, &h.dataBytes));
    const npy::NpyArray a(h, data);
    PlotView plot;
    plot.resize(600, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QVERIFY(plot.setSeries(a, SliceSpec::defaultFor(h), PlotView::Line::Column, 0));
    // The y range comes from the worker's pass.
    QTRY_COMPARE(plot.valueAxisLabels(), expected);
}

QTEST_MAIN(TestHeatmapView)
#include "tst_heatmapview.moc"
