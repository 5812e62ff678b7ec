// ViewTransform: the heatmap's zoom/pan arithmetic without a widget: fit, zoom about a point,
// zoom and pan limits, visible area, aspect lock, canvas <-> slice mapping and cell lookup, the origin at the bottom.

#include "viewtransform.h"

#include <QTest>

#include <cmath>

using namespace npyw;

namespace {

ViewTransform fitted(qint64 rows, qint64 cols, QSize viewport, bool locked = true)
{
    ViewTransform t;
    t.setSliceSize(rows, cols);
    t.setViewportSize(viewport);
    t.setAspectLocked(locked);
    t.fit();
    return t;
}

bool near(QPointF a, QPointF b, double eps = 1e-9)
{
    return std::abs(a.x() - b.x()) <= eps && std::abs(a.y() - b.y()) <= eps;
}

QByteArray show(QPointF p)
{
    return QByteArray::number(p.x(), 'g', 17) + ',' + QByteArray::number(p.y(), 'g', 17);
}

} // namespace

class TestViewTransform : public QObject
{
    Q_OBJECT

private slots:
    void fit_data();
    void fit();
    void zoomAboutPoint_data();
    void zoomAboutPoint();
    void zoomLimits();
    void pan();
    void panLimits_data();
    void panLimits();
    void mappingRoundTrip_data();
    void mappingRoundTrip();
    void cellAt_data();
    void cellAt();
    void visibleAreaAndEnsureVisible();
    void aspectLockAndOneToOne();
    void originAtBottom_data();
    void originAtBottom();
};

void TestViewTransform::fit_data()
{
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("cols");
    QTest::addColumn<QSize>("viewport");
    QTest::addColumn<bool>("locked");
    QTest::addColumn<double>("scaleX");
    QTest::addColumn<double>("scaleY");

    QTest::newRow("wide, locked") << qint64(50) << qint64(100) << QSize(700, 500) << true << 7.0 << 7.0;
    QTest::newRow("wide, free") << qint64(50) << qint64(100) << QSize(700, 500) << false << 7.0 << 10.0;
    QTest::newRow("tall, locked") << qint64(1000) << qint64(10) << QSize(200, 400) << true << 0.4 << 0.4;
    QTest::newRow("one element") << qint64(1) << qint64(1) << QSize(300, 200) << true << 200.0 << 200.0;
    QTest::newRow("one row, free") << qint64(1) << qint64(4000) << QSize(800, 100) << false << 0.2 << 100.0;
}

void TestViewTransform::fit()
{
    QFETCH(qint64, rows);
    QFETCH(qint64, cols);
    QFETCH(QSize, viewport);
    QFETCH(bool, locked);
    QFETCH(double, scaleX);
    QFETCH(double, scaleY);

    const ViewTransform t = fitted(rows, cols, viewport, locked);
    QVERIFY(t.isFitted());
    QVERIFY(t.hasView());
    QCOMPARE(t.scaleX(), scaleX);
    QCOMPARE(t.scaleY(), scaleY);
    // The slice's centre sits at the viewport's centre, and the whole slice is visible.
    const QPointF centre = t.sliceToCanvas(QPointF(cols / 2.0, rows / 2.0));
    QVERIFY2(near(centre, QPointF(viewport.width() / 2.0, viewport.height() / 2.0), 1e-6), show(centre));
    const QRectF area = t.visibleArea();
    QVERIFY(area.adjusted(-1e-9, -1e-9, 1e-9, 1e-9).contains(QRectF(0, 0, double(cols), double(rows))));
    // One side fills the viewport exactly.
    QVERIFY(std::abs(area.width() - double(cols)) < 1e-9 || std::abs(area.height() - double(rows)) < 1e-9);
}

void TestViewTransform::zoomAboutPoint_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<QPointF>("pos");
    QTest::addColumn<int>("times");

    QTest::newRow("in at a corner") << 1.25 << QPointF(170, 130) << 3;
    QTest::newRow("in at the centre") << 2.0 << QPointF(350, 250) << 1;
    QTest::newRow("out") << 0.8 << QPointF(400, 300) << 2;
    QTest::newRow("in then capped") << 1000.0 << QPointF(350, 250) << 2;
}

void TestViewTransform::zoomAboutPoint()
{
    QFETCH(double, factor);
    QFETCH(QPointF, pos);
    QFETCH(int, times);

    ViewTransform t = fitted(200, 300, QSize(700, 500));
    const QPointF before = t.canvasToSlice(pos);
    double expected = t.scaleX();
    for (int i = 0; i < times; ++i) {
        t.zoomAt(factor, pos);
        expected = std::min(expected * factor, ViewTransform::kMaxScale);
    }
    QVERIFY(!t.isFitted());
    QVERIFY2(near(t.canvasToSlice(pos), before), show(before) + " -> " + show(t.canvasToSlice(pos)));
    QVERIFY(std::abs(t.scaleX() - expected) < 1e-9 * expected);
    QCOMPARE(t.scaleX(), t.scaleY());
}

void TestViewTransform::zoomLimits()
{
    ViewTransform t = fitted(200, 300, QSize(700, 500));
    const double fit = t.scaleX();
    for (int i = 0; i < 40; ++i)
        t.zoomAt(0.5, QPointF(10, 10));
    // At most a quarter of "fit", kept about the viewport's centre.
    QCOMPARE(t.scaleX(), fit / 4);
    QCOMPARE(t.scaleY(), fit / 4);
    t.zoomAt(0.5, QPointF(600, 400));
    QCOMPARE(t.scaleX(), fit / 4);
    t.setView(t.origin(), 1e9, 1e9);
    QCOMPARE(t.scaleX(), ViewTransform::kMaxScale);
}

void TestViewTransform::pan()
{
    ViewTransform t = fitted(200, 300, QSize(700, 500));
    t.zoomAt(4.0, QPointF(200, 200));
    const QPointF grabbed = t.canvasToSlice(QPointF(100, 100));
    t.pan(QPointF(30, 20));
    QVERIFY(!t.isFitted());
    // The slice point under the mouse follows it.
    QVERIFY(near(t.canvasToSlice(QPointF(130, 120)), grabbed));
}

void TestViewTransform::panLimits_data()
{
    QTest::addColumn<QPointF>("delta");
    QTest::addColumn<bool>("towardsEnd");

    QTest::newRow("drag far right and down") << QPointF(1e7, 1e7) << false;
    QTest::newRow("drag far left and up") << QPointF(-1e7, -1e7) << true;
}

void TestViewTransform::panLimits()
{
    QFETCH(QPointF, delta);
    QFETCH(bool, towardsEnd);

    ViewTransform t = fitted(200, 300, QSize(700, 500));
    t.zoomAt(3.0, QPointF(350, 250));
    t.pan(delta);
    // A tenth of the viewport keeps showing the slice.
    const QRectF area = t.visibleArea();
    if (towardsEnd) {
        QVERIFY(std::abs(area.left() - (300 - area.width() * 0.1)) < 1e-9);
        QVERIFY(std::abs(area.top() - (200 - area.height() * 0.1)) < 1e-9);
    } else {
        QVERIFY(std::abs(area.right() - area.width() * 0.1) < 1e-9);
        QVERIFY(std::abs(area.bottom() - area.height() * 0.1) < 1e-9);
    }
    QVERIFY(area.intersects(QRectF(0, 0, 300, 200)));
}

void TestViewTransform::mappingRoundTrip_data()
{
    QTest::addColumn<QPointF>("origin");
    QTest::addColumn<double>("scaleX");
    QTest::addColumn<double>("scaleY");

    QTest::newRow("fit-like") << QPointF(0, -10.5) << 7.0 << 7.0;
    QTest::newRow("zoomed in, unequal") << QPointF(123.25, 45.75) << 37.5 << 11.0;
    QTest::newRow("zoomed out") << QPointF(-20, 3) << 0.125 << 0.2;
}

void TestViewTransform::mappingRoundTrip()
{
    QFETCH(QPointF, origin);
    QFETCH(double, scaleX);
    QFETCH(double, scaleY);

    ViewTransform t;
    t.setSliceSize(4000, 4000);
    t.setViewportSize(QSize(700, 500));
    t.setView(origin, scaleX, scaleY);
    QCOMPARE(t.origin(), origin); // within the limits: not clamped
    QCOMPARE(t.scaleX(), scaleX);
    QCOMPARE(t.scaleY(), scaleY);
    for (const QPointF p : {QPointF(0, 0), QPointF(699.5, 0.25), QPointF(350, 250), QPointF(-40, 612)}) {
        const QPointF s = t.canvasToSlice(p);
        QCOMPARE(s, QPointF(origin.x() + p.x() / scaleX, origin.y() + p.y() / scaleY));
        QVERIFY2(near(t.sliceToCanvas(s), p, 1e-9), show(p) + " -> " + show(t.sliceToCanvas(s)));
    }
    const QRectF cells(10, 20, 5, 3);
    const QRectF onCanvas = t.sliceToCanvas(cells);
    QVERIFY(near(onCanvas.topLeft(), t.sliceToCanvas(cells.topLeft())));
    QVERIFY(near(onCanvas.bottomRight(), t.sliceToCanvas(cells.bottomRight())));
    QCOMPARE(t.visibleArea().topLeft(), origin);
    QVERIFY(near(t.visibleArea().bottomRight(), t.canvasToSlice(QPointF(700, 500))));
}

void TestViewTransform::cellAt_data()
{
    QTest::addColumn<QPointF>("slicePos");
    QTest::addColumn<bool>("inside");
    QTest::addColumn<qint64>("row");
    QTest::addColumn<qint64>("col");

    QTest::newRow("first cell") << QPointF(0.5, 0.5) << true << qint64(0) << qint64(0);
    QTest::newRow("top-left corner") << QPointF(0, 0) << true << qint64(0) << qint64(0);
    QTest::newRow("row 12, column 37") << QPointF(37.5, 12.5) << true << qint64(12) << qint64(37);
    QTest::newRow("last cell") << QPointF(99.75, 49.75) << true << qint64(49) << qint64(99);
    QTest::newRow("right edge") << QPointF(100, 10) << false << qint64(0) << qint64(0);
    QTest::newRow("bottom edge") << QPointF(10, 50) << false << qint64(0) << qint64(0);
    QTest::newRow("left of it") << QPointF(-0.25, 10) << false << qint64(0) << qint64(0);
    QTest::newRow("above it") << QPointF(10, -0.25) << false << qint64(0) << qint64(0);
}

void TestViewTransform::cellAt()
{
    QFETCH(QPointF, slicePos);
    QFETCH(bool, inside);
    QFETCH(qint64, row);
    QFETCH(qint64, col);

    const ViewTransform t = fitted(50, 100, QSize(800, 400));
    QCOMPARE(t.scaleX(), 8.0);
    qint64 r = -1, c = -1;
    QCOMPARE(t.cellAt(t.sliceToCanvas(slicePos), &r, &c), inside);
    if (inside) {
        QCOMPARE(r, row);
        QCOMPARE(c, col);
    } else {
        QCOMPARE(r, qint64(-1)); // untouched
        QCOMPARE(c, qint64(-1));
    }
}

void TestViewTransform::visibleAreaAndEnsureVisible()
{
    ViewTransform t = fitted(200, 300, QSize(700, 500), false);
    // A box becomes the view exactly with the aspect free, centred and within it when locked.
    const QRectF box(40, 30, 70, 25);
    QVERIFY(t.setVisibleArea(box));
    QVERIFY(!t.isFitted());
    QVERIFY(near(t.visibleArea().topLeft(), box.topLeft(), 1e-9));
    QVERIFY(near(t.visibleArea().bottomRight(), box.bottomRight(), 1e-9));
    QVERIFY(!t.setVisibleArea(QRectF(5, 5, 0, 10)));
    t.setAspectLocked(true);
    QVERIFY(t.setVisibleArea(box));
    QCOMPARE(t.scaleX(), t.scaleY());
    QVERIFY(t.visibleArea().adjusted(-1e-9, -1e-9, 1e-9, 1e-9).contains(box));
    QVERIFY(near(t.visibleArea().center(), box.center(), 1e-9));
    // A visible cell leaves the view alone; another one is centred, zoom kept.
    QVERIFY(!t.ensureVisible(35, 60));
    const double scale = t.scaleX();
    QVERIFY(t.ensureVisible(150, 250));
    QCOMPARE(t.scaleX(), scale);
    QVERIFY(near(t.visibleArea().center(), QPointF(250.5, 150.5), 1e-9));
}

void TestViewTransform::aspectLockAndOneToOne()
{
    ViewTransform t = fitted(50, 100, QSize(700, 500), false);
    QCOMPARE(t.scaleY(), 10.0);
    // Locking takes the smaller scale about the centre: a fitted view stays fitted.
    QVERIFY(t.setAspectLocked(true));
    QVERIFY(t.isFitted());
    QCOMPARE(t.scaleX(), 7.0);
    QCOMPARE(t.scaleY(), 7.0);
    // Unlocking a zoomed view changes nothing.
    t.zoomAt(2, QPointF(100, 100));
    QVERIFY(!t.setAspectLocked(false));
    // Locking unequal scales takes the smaller one about the centre.
    t.setView(t.origin(), 20, 30);
    const QPointF centre = t.canvasToSlice(QPointF(350, 250));
    QVERIFY(t.setAspectLocked(true));
    QCOMPARE(t.scaleX(), 20.0);
    QCOMPARE(t.scaleY(), 20.0);
    QVERIFY(near(t.canvasToSlice(QPointF(350, 250)), centre, 1e-9));
    // Locked and fitted: unlocking fits again, with the scales apart.
    t.fit();
    QVERIFY(t.setAspectLocked(false));
    QCOMPARE(t.scaleX(), 7.0);
    QCOMPARE(t.scaleY(), 10.0);
    // 1:1 is one element per device pixel, centre kept.
    ViewTransform big = fitted(2000, 3000, QSize(700, 500));
    const QPointF middle = big.canvasToSlice(QPointF(350, 250));
    big.zoomOneToOne(2.0);
    QCOMPARE(big.scaleX(), 0.5);
    QCOMPARE(big.scaleY(), 0.5);
    QVERIFY(!big.isFitted());
    QVERIFY(near(big.canvasToSlice(QPointF(350, 250)), middle, 1e-9));
}

void TestViewTransform::originAtBottom_data()
{
    QTest::addColumn<QPointF>("slicePos");
    QTest::addColumn<qint64>("row");
    QTest::addColumn<qint64>("col");
    QTest::newRow("first cell") << QPointF(0.5, 0.5) << qint64(0) << qint64(0);
    QTest::newRow("last row") << QPointF(3.5, 49.5) << qint64(49) << qint64(3);
    QTest::newRow("row 12, column 37") << QPointF(37.25, 12.75) << qint64(12) << qint64(37);
}

void TestViewTransform::originAtBottom()
{
    QFETCH(QPointF, slicePos);
    QFETCH(qint64, row);
    QFETCH(qint64, col);
    ViewTransform t = fitted(50, 100, QSize(800, 400));
    const QPointF top = t.sliceToCanvas(slicePos);
    const QRectF area = t.visibleArea();
    t.setOriginAtBottom(true);
    QVERIFY(t.isOriginAtBottom());
    // The same rows in view, mirrored: a row's canvas y is the old one reflected about the middle.
    QVERIFY(near(t.visibleArea().topLeft(), area.topLeft(), 1e-9));
    const QPointF bottom = t.sliceToCanvas(slicePos);
    QCOMPARE(bottom.x(), top.x());
    QVERIFY(std::abs(bottom.y() - (400 - top.y())) < 1e-9);
    QVERIFY(near(t.canvasToSlice(bottom), slicePos, 1e-9));
    qint64 r = -1, c = -1;
    QVERIFY(t.cellAt(bottom, &r, &c));
    QCOMPARE(r, row);
    QCOMPARE(c, col);
    // Row 0 is at the bottom: the picture's top edge is row 50's, its bottom row 0's.
    QVERIFY(t.sliceToCanvas(QPointF(0, 0)).y() > t.sliceToCanvas(QPointF(0, 50)).y());
    QVERIFY(t.sliceToCanvas(QRectF(0, 0, 10, 10)).height() > 0); // rectangles come out normalised
    // Zooming keeps the point under the cursor, and a visible area is shown as it is asked for.
    t.zoomAt(2, bottom);
    QVERIFY(near(t.canvasToSlice(bottom), slicePos, 1e-9));
    QVERIFY(t.setVisibleArea(QRectF(10, 5, 40, 20)));
    QVERIFY(near(t.visibleArea().center(), QPointF(30, 15), 1e-9));
    QVERIFY(t.ensureVisible(45, 90));
    QVERIFY(t.visibleArea().contains(QPointF(90.5, 45.5)));
    // And back: the same mapping as before flipping.
    t.fit();
    t.setOriginAtBottom(false);
    QVERIFY(near(t.sliceToCanvas(slicePos), top, 1e-9));
}

QTEST_GUILESS_MAIN(TestViewTransform)
#include "tst_viewtransform.moc"
