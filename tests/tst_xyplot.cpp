// y against x in the views (offscreen): the Plot tab's X Axis takes another member, a field of the records or a
// column of a point cloud; a sorted x draws a line, an unsorted one points, many points a density whose counts equal
// np.histogram2d over the view (asked of NumPy here); hovering names the nearest point, a block of the line, a
// pixel's count; a datetime x is ticked with its dates. Fixture: tests/data/xyplot/xy.npz (gen_xyplot_fixtures.py).

#include "arraypane.h"
#include "arrayviews.h"
#include "document.h"
#include "opensource.h"
#include "plotview.h"
#include "testdata.h"
#include "valuetext.h"
#include "xyplotview.h"

#include <QAction>
#include <QMenu>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>

using namespace npyw;

namespace {

QString fixture()
{
    return npytest::dataPath(QStringLiteral("xyplot/xy.npz"));
}

/** The values of member \a key of the fixture, as NumPy wrote them. */
npy::NpyArray values(const QString &key)
{
    auto source = npy::openSource(fixture());
    if (!source)
        qFatal("%s", qPrintable(source.error()));
    auto array = source.value()->load(source.value()->indexOf(key));
    if (!array)
        qFatal("%s", qPrintable(array.error()));
    return array.value();
}

/** The submenu \a title of \a menu (ampersands ignored), or nullptr. */
QMenu *submenu(QMenu *menu, const QString &title)
{
    for (QAction *a : menu->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == title)
            return a->menu();
    return nullptr;
}

QStringList texts(QMenu *menu)
{
    QStringList out;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            out << a->text().remove(QLatin1Char('&'));
    return out;
}

/** Where data point (\a x, \a y) is drawn in \a view. */
QPointF pixelOf(const XYPlotView *view, double x, double y)
{
    const QRect a = view->plotArea();
    const QRectF v = view->viewRange();
    return QPointF(a.left() + (x - v.left()) / v.width() * a.width(), a.bottom() - (y - v.top()) / v.height() * a.height());
}

} // namespace

class tst_XYPlot : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void memberAsX();
    void sortedTimestampsDrawALine();
    void recordFields();
    void pointCloudColumns();
    void densityCountsAreNumpys();
    void menusOfferTheChoices();

private:
    /** Shows member \a key of the fixture in a pane with its views. */
    bool show(const QString &key);
    [[nodiscard]] int idOf(const QString &key) const { return mDocument->memberByKey(key)->id; }
    [[nodiscard]] XYPlotView *xy() const { return mViews->plot()->xyPlot(); }

    std::unique_ptr<Document> mDocument;
    std::unique_ptr<ArrayPane> mPane;
    std::unique_ptr<ArrayViews> mViews;
};

void tst_XYPlot::cleanup()
{
    mViews.reset();
    mPane.reset();
    mDocument.reset();
}

bool tst_XYPlot::show(const QString &key)
{
    cleanup();
    auto src = npy::openSource(fixture());
    if (!src.ok())
        return false;
    mDocument = std::make_unique<Document>(src.value());
    const Member *m = mDocument->memberByKey(key);
    if (!m || !mDocument->loadMemberNow(m->id))
        return false;
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    mViews = std::make_unique<ArrayViews>(mDocument.get(), mPane.get());
    mViews->resize(900, 600);
    mViews->show();
    mPane->showMember(m->id);
    return true;
}

void tst_XYPlot::memberAsX()
{
    QVERIFY(show(QStringLiteral("v")));
    QTRY_VERIFY(mViews->isPlotOnly());
    QVERIFY(!mViews->plot()->isXY());
    // u: another member as long, not sorted: points, every one of them (600, all finite: v's NaN is left out).
    mViews->setPlotXMember(idOf(QStringLiteral("u")));
    QTRY_VERIFY(mViews->plot()->isXY()); // once u is loaded, on a worker
    QCOMPARE(mViews->plot()->xFieldName(), QStringLiteral("u"));
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Points);
    QCOMPARE(xy()->xScan().order, npy::SeriesOrder::Unordered);
    QVERIFY(xy()->points());
    QCOMPARE(qint64(xy()->points()->x.size()), qint64(599));
    // Hovering a point names it (index, x, y): the point under the mouse is the nearest one.
    const npy::NpyArray u = values(QStringLiteral("u")), v = values(QStringLiteral("v"));
    QSignalSpy hovered(mViews->plot(), &PlotView::pointHovered);
    for (qint64 k : {3, 250, 599}) {
        const double x = npy::elementValue(u.dtype(), u.element(k)), y = npy::elementValue(v.dtype(), v.element(k));
        const QPointF at = pixelOf(xy(), x, y);
        const QString text = xy()->hoverTextAt(at);
        const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("^\\[(\\d+)\\] u = (\\S+), v = (\\S+)$")).match(text);
        QVERIFY2(match.hasMatch(), qPrintable(text));
        const qint64 j = match.captured(1).toLongLong();
        QCOMPARE(match.captured(2), npy::formatValue(u.dtype(), u.element(j)));
        QCOMPARE(match.captured(3), npy::formatValue(v.dtype(), v.element(j)));
        // j is k, or a point drawn on the same spot.
        const QPointF pj = pixelOf(xy(), npy::elementValue(u.dtype(), u.element(j)), npy::elementValue(v.dtype(), v.element(j)));
        QVERIFY2(QLineF(pj, at).length() < 1.0, qPrintable(QStringLiteral("%1 for %2").arg(j).arg(k)));
        QTest::mouseMove(xy(), at.toPoint());
        QTRY_VERIFY(!hovered.isEmpty());
        QCOMPARE(hovered.last().at(1).toString().left(3), text.left(3));
    }
    // Far from every point: nothing named.
    QVERIFY(xy()->hoverTextAt(QPointF(-5, -5)).isEmpty());
    // Index again: the plot against the index.
    mViews->setPlotXMember(-1);
    QVERIFY(!mViews->plot()->isXY());
    QCOMPARE(mViews->plot()->count(), qint64(600));
}

void tst_XYPlot::sortedTimestampsDrawALine()
{
    QVERIFY(show(QStringLiteral("v")));
    QTRY_VERIFY(mViews->isPlotOnly());
    mViews->setPlotXMember(idOf(QStringLiteral("stamps")));
    QTRY_VERIFY(mViews->plot()->isXY());
    QTRY_VERIFY(!xy()->isComputing());
    // Sorted with ties: a line, every sample in one block or another, in order of x.
    QCOMPARE(xy()->xScan().order, npy::SeriesOrder::Ascending);
    QCOMPARE(xy()->mode(), XYMode::Line);
    const npy::SortedEnvelope &line = xy()->line();
    QVERIFY(!line.bins.empty());
    qint64 covered = 0;
    for (size_t i = 0; i < line.bins.size(); ++i) {
        covered += line.bins[i].stop - line.bins[i].start;
        if (i > 0)
            QVERIFY(line.bins[i].start == line.bins[i - 1].stop && line.xLeft[i] >= line.xRight[i - 1]);
    }
    QCOMPARE(covered, qint64(600));
    // Hover over a block: its indexes, the date and the value.
    const npy::NpyArray stamps = values(QStringLiteral("stamps")), v = values(QStringLiteral("v"));
    const QPointF at = pixelOf(xy(), npy::elementValue(stamps.dtype(), stamps.element(450)), 0.0);
    const QString text = xy()->hoverTextAt(at);
    QVERIFY2(QRegularExpression(QStringLiteral("^\\[\\d+( … \\d+)?\\] stamps = 2024-03-01T")).match(text).hasMatch(),
             qPrintable(text));
    // Date ticks carry the date at every zoom: the whole series, an hour, twenty seconds, a second.
    const QRegularExpression dated(QStringLiteral("^2024-03-0[12]"));
    const double t0 = npy::elementValue(stamps.dtype(), stamps.element(200));
    for (double span : {0.0, 3600.0, 20.0, 1.0}) {
        if (span > 0)
            xy()->setViewRange(QRectF(QPointF(t0, -2), QPointF(t0 + span, 2)));
        const QList<Tick> ticks = xy()->xTicks();
        QVERIFY2(!ticks.isEmpty(), qPrintable(QString::number(span)));
        for (const Tick &t : ticks)
            QVERIFY2(dated.match(t.label).hasMatch(), qPrintable(t.label));
    }
    QTRY_VERIFY(!xy()->isComputing());
    // Zoomed in to one second: the samples there, a block for each time (ties share theirs).
    QVERIFY(!xy()->line().bins.empty());
    for (size_t i = 0; i < xy()->line().bins.size(); ++i)
        QCOMPARE(xy()->line().xLeft[i], xy()->line().xRight[i]);
}

void tst_XYPlot::recordFields()
{
    QVERIFY(show(QStringLiteral("rec")));
    QTRY_VERIFY(mViews->isPlotOnly());
    // b against when (sorted milliseconds): a line; b against a (not sorted): points.
    mViews->setPlotFields(2, 0);
    QVERIFY(mViews->plot()->isXY());
    QCOMPARE(mViews->plot()->xFieldName(), QStringLiteral("when"));
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Line);
    for (const Tick &t : xy()->xTicks())
        QVERIFY2(t.label.startsWith(QLatin1String("2024-03-01")), qPrintable(t.label));
    mViews->setPlotFields(2, 1);
    QCOMPARE(mViews->plot()->xFieldName(), QStringLiteral("a"));
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Points);
    QCOMPARE(qint64(xy()->points()->x.size()), qint64(600));
    QCOMPARE(xy()->ySeries().name, QStringLiteral("b"));
    // The index again.
    mViews->setPlotFields(2, -1);
    QVERIFY(!mViews->plot()->isXY());
}

void tst_XYPlot::pointCloudColumns()
{
    QVERIFY(show(QStringLiteral("cloud")));
    QTRY_VERIFY(!mViews->isPlotOnly());
    mViews->plotColumns(0, 2);
    QVERIFY(mViews->plot()->isXY());
    QCOMPARE(xy()->xSeries().name, QStringLiteral("cloud[:, 0]"));
    QCOMPARE(xy()->ySeries().name, QStringLiteral("cloud[:, 2]"));
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Points);
    QCOMPARE(qint64(xy()->points()->x.size()), qint64(5000));
    // The x and y ranges fit the cloud's.
    const npy::NpyArray cloud = values(QStringLiteral("cloud"));
    double lo = INFINITY, hi = -INFINITY;
    for (qint64 i = 0; i < 5000; ++i) {
        const double x = npy::elementValue(cloud.dtype(), cloud.element(i * 3));
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    QCOMPARE(xy()->xScan().min, lo);
    QCOMPARE(xy()->xScan().max, hi);
    QVERIFY(xy()->viewRange().left() < lo && xy()->viewRange().right() > hi);
    // Another column as y keeps x.
    mViews->plotLine(false, 1);
    QVERIFY(mViews->plot()->isXY());
    QCOMPARE(xy()->xSeries().name, QStringLiteral("cloud[:, 0]"));
    QCOMPARE(xy()->ySeries().name, QStringLiteral("cloud[:, 1]"));
}

void tst_XYPlot::densityCountsAreNumpys()
{
    if (npytest::pythonWithNumpy().isEmpty())
        QSKIP("no python3 with NumPy");
    QVERIFY(show(QStringLiteral("cloud")));
    QTRY_VERIFY(!mViews->isPlotOnly());
    mViews->plotColumns(0, 2);
    // Past the limit of points: a density, one bin per pixel of the plot.
    xy()->setPointLimit(1000);
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Density);
    auto check = [this]() -> bool {
        const std::shared_ptr<const npy::Density> d = xy()->density();
        if (!d)
            return false;
        const QRectF v = xy()->shownView();
        QString output;
        const bool ran = npytest::runPython(
            QStringLiteral("import sys, numpy as np\n"
                           "c = np.load(sys.argv[1])['cloud']\n"
                           "w, h = int(sys.argv[2]), int(sys.argv[3])\n"
                           "r = [[float(sys.argv[4]), float(sys.argv[5])], [float(sys.argv[6]), float(sys.argv[7])]]\n"
                           "H = np.histogram2d(c[:, 0], c[:, 2], bins=(w, h), range=r)[0].astype(np.int64)\n"
                           "print(' '.join(str(int(k)) for k in H.ravel()))\n"),
            {fixture(), QString::number(d->width), QString::number(d->height), QString::number(v.left(), 'g', 17),
             QString::number(v.right(), 'g', 17), QString::number(v.top(), 'g', 17), QString::number(v.bottom(), 'g', 17)},
            &output);
        if (!ran) {
            qWarning("%s", qPrintable(output));
            return false;
        }
        const QStringList counts = output.trimmed().split(QLatin1Char(' '));
        if (counts.size() != qsizetype(d->counts.size()))
            return false;
        qint64 total = 0;
        for (qsizetype i = 0; i < counts.size(); ++i) {
            if (counts[i].toLongLong() != d->counts[size_t(i)]) {
                qWarning("bin %lld: %lld, NumPy %s", qint64(i), d->counts[size_t(i)], qPrintable(counts[i]));
                return false;
            }
            total += d->counts[size_t(i)];
        }
        return total > 0;
    };
    QVERIFY(check());
    QCOMPARE(xy()->density()->width, qint64(xy()->plotArea().width()));
    QCOMPARE(xy()->density()->height, qint64(xy()->plotArea().height()));
    // Hover: the pixel's count and its range.
    const QRect a = xy()->plotArea();
    const QString text = xy()->hoverTextAt(a.center());
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+ points at cloud\\[:, 0\\] \\S+ … \\S+, cloud\\[:, 2\\] \\S+ … \\S+$"))
                 .match(text).hasMatch(),
             qPrintable(text));
    // Zoomed: the counts of the new view, exact again.
    const QRectF v = xy()->viewRange();
    xy()->setViewRange(QRectF(v.center() - QPointF(0.5, 0.5), QSizeF(1.0, 1.0)));
    QTRY_VERIFY(!xy()->isComputing());
    if (xy()->mode() == XYMode::Density)
        QVERIFY(check());
    else
        QVERIFY(xy()->points() && qint64(xy()->points()->x.size()) <= 1000);
    // Log counts and another colormap redraw the same counts.
    DensityStyle style = xy()->densityStyle();
    style.log = true;
    style.colormap = npy::Colormap::Magma;
    xy()->setViewRange(v);
    xy()->setDensityStyle(style);
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Density);
    QVERIFY(check());
}

void tst_XYPlot::menusOfferTheChoices()
{
    // A 1-D member: the index, and every 1-D member of numbers or dates as long (not short, not labels).
    QVERIFY(show(QStringLiteral("v")));
    QTRY_VERIFY(mViews->isPlotOnly());
    QMenu *menu = mViews->plotMenu();
    QVERIFY(menu);
    QMenu *xs = submenu(menu, QStringLiteral("X Axis"));
    QVERIFY(xs);
    QCOMPARE(texts(xs), QStringList({QStringLiteral("Index"), QStringLiteral("stamps"), QStringLiteral("u"),
                                     QStringLiteral("n")}));
    xs->actions().last()->trigger();
    delete menu;
    QTRY_COMPARE(mViews->plot()->xFieldName(), QStringLiteral("n"));
    QTRY_VERIFY(!xy()->isComputing());
    QCOMPARE(xy()->mode(), XYMode::Points);
    // Against points, the density's choices too.
    menu = mViews->plotMenu();
    QVERIFY(submenu(menu, QStringLiteral("Density Colormap")));
    delete menu;

    // A point cloud: its columns, as y and as x.
    QVERIFY(show(QStringLiteral("cloud")));
    QTRY_VERIFY(!mViews->isPlotOnly());
    menu = mViews->plotMenu();
    QVERIFY(menu);
    QCOMPARE(texts(submenu(menu, QStringLiteral("Plot Column"))),
             QStringList({QStringLiteral("cloud[:, 0]"), QStringLiteral("cloud[:, 1]"), QStringLiteral("cloud[:, 2]")}));
    xs = submenu(menu, QStringLiteral("X Axis"));
    QCOMPARE(texts(xs), QStringList({QStringLiteral("Index"), QStringLiteral("cloud[:, 0]"), QStringLiteral("cloud[:, 1]"),
                                     QStringLiteral("cloud[:, 2]")}));
    xs->actions().value(2)->trigger(); // column 0: y is the next one
    delete menu;
    QVERIFY(mViews->plot()->isXY());
    QCOMPARE(xy()->xSeries().name, QStringLiteral("cloud[:, 0]"));
    QCOMPARE(xy()->ySeries().name, QStringLiteral("cloud[:, 1]"));

    // Records: the fields, then the members as long.
    QVERIFY(show(QStringLiteral("rec")));
    QTRY_VERIFY(mViews->isPlotOnly());
    menu = mViews->plotMenu();
    xs = submenu(menu, QStringLiteral("X Axis"));
    QVERIFY(xs);
    const QStringList rec = texts(xs);
    QVERIFY2(rec.startsWith(QStringLiteral("Index")) && rec.contains(QStringLiteral("when")) && rec.contains(QStringLiteral("a"))
                 && rec.contains(QStringLiteral("stamps")) && !rec.contains(QStringLiteral("short")),
             qPrintable(rec.join(QLatin1Char(','))));
    delete menu;
}

QTEST_MAIN(tst_XYPlot)
#include "tst_xyplot.moc"
