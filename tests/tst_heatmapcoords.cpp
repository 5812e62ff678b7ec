// Coordinates in the views (offscreen): the heatmap's axes tick in the values of the members that label the
// slice's rows and columns (dates as dates), the hover text and the table's headers name them, the plot of a row,
// a column or a 1-D member takes them as x, the Axes menu changes or removes the choice per axis, and Origin at
// Bottom draws row 0 at the bottom. Fixtures from tests/data/gen_coords_fixtures.py (NumPy).

#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "colorbar.h"
#include "document.h"
#include "documentcoordinates.h"
#include "axisticks.h"
#include "heatmapaxis.h"
#include "heatmapview.h"
#include "opensource.h"
#include "plotview.h"
#include "testdata.h"
#include "valuetext.h"

#include <QAction>
#include <QMenu>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>

using namespace npyw;

namespace {

/** The values of 1-D member \a key of \a archive, as NumPy wrote them. */
npy::NpyArray fixtureValues(const QString &archive, const QString &key)
{
    auto source = npy::openSource(npytest::dataPath(QStringLiteral("coords/") + archive));
    if (!source)
        qFatal("%s", qPrintable(source.error()));
    auto array = source.value()->load(source.value()->indexOf(key));
    if (!array)
        qFatal("%s", qPrintable(array.error()));
    return array.value();
}

double valueAt(const npy::NpyArray &a, qint64 i)
{
    return npy::elementValue(a.dtype(), a.element(i));
}

QString textAt(const npy::NpyArray &a, qint64 i)
{
    return npy::formatValue(a.dtype(), a.element(i));
}

/** The value of \a a interpolated at slice position \a p (element i's centre at i + 0.5). */
double interpolated(const npy::NpyArray &a, double p)
{
    const double x = p - 0.5;
    const qint64 k = std::clamp<qint64>(qint64(std::floor(x)), 0, a.size() - 1);
    if (k + 1 >= a.size())
        return valueAt(a, k);
    return valueAt(a, k) + (x - double(k)) * (valueAt(a, k + 1) - valueAt(a, k));
}

double parseTick(QString label)
{
    label.replace(QChar(0x2212), QLatin1Char('-'));
    bool ok = false;
    const double v = label.toDouble(&ok);
    return ok ? v : std::nan("");
}

/** Triggers the action \a text in the section of the Axes menu that starts with \a section. */
bool triggerAxesAction(HeatmapView *view, const QString &section, const QString &text)
{
    bool inSection = section.isEmpty();
    for (QAction *a : view->axesMenu()->actions()) {
        if (a->isSeparator() && !a->text().isEmpty()) {
            inSection = a->text().startsWith(section);
            continue;
        }
        if (inSection && a->text().remove(QLatin1Char('&')) == text) {
            a->trigger();
            return true;
        }
    }
    return false;
}

} // namespace

class tst_HeatmapCoords : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void ticksAndHeadersInCoordinates_data();
    void ticksAndHeadersInCoordinates();
    void datesAsDates();
    void hoverNamesCoordinates();
    void menuChangesAndRemoves();
    void originAtBottomFlipsRows();
    void plotTakesCoordinatesAsX();
    void dateTicksOnCalendarSteps_data();
    void dateTicksOnCalendarSteps();

private:
    /** Shows member \a key of coords/\a archive in a pane with its views, its coordinates in. */
    bool show(const QString &archive, const QString &key);

    std::unique_ptr<Document> mDocument;
    std::unique_ptr<ArrayPane> mPane;
    std::unique_ptr<ArrayViews> mViews;
};

void tst_HeatmapCoords::cleanup()
{
    mViews.reset();
    mPane.reset();
    mDocument.reset();
}

bool tst_HeatmapCoords::show(const QString &archive, const QString &key)
{
    cleanup();
    auto src = npy::openSource(npytest::dataPath(QStringLiteral("coords/") + archive));
    if (!src.ok())
        return false;
    mDocument = std::make_unique<Document>(src.value());
    const Member *m = mDocument->memberByKey(key);
    if (!m || !mDocument->loadMemberNow(m->id))
        return false;
    const int id = m->id;
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    mViews = std::make_unique<ArrayViews>(mDocument.get(), mPane.get());
    mViews->resize(800, 640);
    mViews->show();
    mPane->showMember(id);
    // Looked up on a worker, the coordinate members loaded on workers: the views take them once in.
    if (!QTest::qWaitFor([this]() { return mViews->coordinates()->isReady(); }, 20000))
        return false;
    QTest::qWait(50);
    return mPane->isShowingTable();
}

void tst_HeatmapCoords::ticksAndHeadersInCoordinates_data()
{
    QTest::addColumn<QString>("archive");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("rows");
    QTest::addColumn<QString>("columns");
    QTest::newRow("climate field") << "climate.npz" << "temp" << "lat" << "lon";
    QTest::newRow("bool mask") << "climate.npz" << "land" << "lat" << "lon";
    QTest::newRow("names by role") << "ties.npz" << "img" << "Y" << "X";
}

void tst_HeatmapCoords::ticksAndHeadersInCoordinates()
{
    QFETCH(QString, archive);
    QFETCH(QString, member);
    QFETCH(QString, rows);
    QFETCH(QString, columns);
    QVERIFY(show(archive, member));
    HeatmapView *heatmap = mViews->heatmap();
    QTRY_COMPARE(heatmap->rowLabels().name(), rows);
    QTRY_COMPARE(heatmap->columnLabels().name(), columns);
    const npy::NpyArray rowValues = fixtureValues(archive, rows), colValues = fixtureValues(archive, columns);
    // Every tick sits where the coordinate has the value it says.
    for (const auto &[ticks, values] : {std::pair(heatmap->rowTicks(), rowValues), std::pair(heatmap->columnTicks(), colValues)}) {
        QVERIFY(ticks.size() >= 2);
        for (const SliceTick &t : ticks) {
            const double said = parseTick(t.label);
            QVERIFY2(std::isfinite(said), qPrintable(t.label));
            const double step = std::abs(valueAt(values, 1) - valueAt(values, 0));
            QVERIFY2(std::abs(interpolated(values, t.position) - said) <= 1e-6 * std::max(1.0, step),
                     qPrintable(QStringLiteral("%1 at %2").arg(t.label).arg(t.position)));
        }
    }
    QVERIFY(!heatmap->rowAxis()->drawnLabels().isEmpty());
    QVERIFY(!heatmap->columnAxis()->drawnLabels().isEmpty());
    QCOMPARE(heatmap->rowAxis()->title(), rows);
    // The table's headers: the index and the value.
    ArrayTableModel *model = mPane->model();
    QTRY_COMPARE(model->headerData(0, Qt::Vertical).toString(), QStringLiteral("0: ") + textAt(rowValues, 0));
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("2: ") + textAt(colValues, 2));
    QVERIFY(model->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString().contains(columns));
}

void tst_HeatmapCoords::datesAsDates()
{
    QVERIFY(show(QStringLiteral("timeseries.npz"), QStringLiteral("daily")));
    HeatmapView *heatmap = mViews->heatmap();
    QTRY_COMPARE(heatmap->rowLabels().name(), QStringLiteral("time"));
    QCOMPARE(heatmap->columnLabels().name(), QStringLiteral("hour"));
    const npy::NpyArray time = fixtureValues(QStringLiteral("timeseries.npz"), QStringLiteral("time"));
    const QRegularExpression date(QStringLiteral("^2021-\\d\\d(-\\d\\d)?$"));
    QVERIFY(heatmap->rowTicks().size() >= 2);
    for (const SliceTick &t : heatmap->rowTicks()) {
        QVERIFY2(date.match(t.label).hasMatch(), qPrintable(t.label));
        // A date tick sits on its day: the day's element starts there (time is one day per row).
        const QString day = t.label.size() == 7 ? t.label + QStringLiteral("-01") : t.label;
        const qint64 row = qint64(std::floor(t.position));
        QCOMPARE(textAt(time, row), day);
        QCOMPARE(t.position, double(row) + 0.5);
    }
    // Hours are whole numbers.
    for (const SliceTick &t : heatmap->columnTicks())
        QCOMPARE(parseTick(t.label), std::floor(parseTick(t.label)));
}

void tst_HeatmapCoords::hoverNamesCoordinates()
{
    QVERIFY(show(QStringLiteral("climate.npz"), QStringLiteral("temp")));
    HeatmapView *heatmap = mViews->heatmap();
    QTRY_VERIFY(heatmap->rowLabels().isCoordinate() && heatmap->columnLabels().isCoordinate());
    QWidget *canvas = heatmap->canvas();
    const QPoint at(canvas->width() / 3, canvas->height() / 4);
    qint64 row = -1, col = -1;
    QVERIFY(heatmap->cellAt(at, &row, &col));
    QSignalSpy hovered(heatmap, &HeatmapView::cellHovered);
    QTest::mouseMove(canvas, at);
    QTRY_VERIFY(!hovered.isEmpty());
    const QString text = hovered.last().at(2).toString();
    const QString lat = textAt(fixtureValues(QStringLiteral("climate.npz"), QStringLiteral("lat")), row);
    const QString lon = textAt(fixtureValues(QStringLiteral("climate.npz"), QStringLiteral("lon")), col);
    QVERIFY2(text.startsWith(QStringLiteral("[%1, %2] (lat %3, lon %4) = ").arg(row).arg(col).arg(lat, lon)), qPrintable(text));
    QVERIFY(heatmap->statusText().contains(QStringLiteral("lat %1").arg(lat)));
}

void tst_HeatmapCoords::menuChangesAndRemoves()
{
    QVERIFY(show(QStringLiteral("ties.npz"), QStringLiteral("img")));
    HeatmapView *heatmap = mViews->heatmap();
    QTRY_COMPARE(heatmap->rowLabels().name(), QStringLiteral("Y"));
    // Another candidate for the rows.
    QVERIFY(triggerAxesAction(heatmap, QStringLiteral("Rows"), QStringLiteral("cx")));
    QTRY_COMPARE(heatmap->rowLabels().name(), QStringLiteral("cx"));
    QCOMPARE(heatmap->columnLabels().name(), QStringLiteral("X"));
    QCOMPARE(mPane->model()->headerData(5, Qt::Vertical).toString(), QStringLiteral("5: 5"));
    // None for the columns: indexes, the table's headers too.
    QVERIFY(triggerAxesAction(heatmap, QStringLiteral("Columns"), QStringLiteral("Index")));
    QTRY_VERIFY(!heatmap->columnLabels().isCoordinate());
    QCOMPARE(heatmap->columnAxis()->title(), QString());
    QCOMPARE(mPane->model()->headerData(5, Qt::Horizontal).toString(), QStringLiteral("5"));
    for (const SliceTick &t : heatmap->columnTicks())
        QCOMPARE(t.position, parseTick(t.label) + 0.5);
    // The menu shows the choices in force.
    bool columnsIndexChecked = false, rowsCxChecked = false;
    QString section;
    for (QAction *a : heatmap->axesMenu()->actions()) {
        if (a->isSeparator())
            section = a->text();
        else if (section.startsWith(QStringLiteral("Columns")) && a->text() == QStringLiteral("Index"))
            columnsIndexChecked = a->isChecked();
        else if (section.startsWith(QStringLiteral("Rows")) && a->text() == QStringLiteral("cx"))
            rowsCxChecked = a->isChecked();
    }
    QVERIFY(columnsIndexChecked && rowsCxChecked);
    // The choices belong to the member: shown again, it keeps them.
    const int img = mPane->memberId();
    mPane->showMember(mDocument->memberByKey(QStringLiteral("spectrum"))->id);
    QTRY_VERIFY(mViews->isPlotOnly());
    mPane->showMember(img);
    QTRY_COMPARE(heatmap->rowLabels().name(), QStringLiteral("cx"));
    QVERIFY(!heatmap->columnLabels().isCoordinate());
}

void tst_HeatmapCoords::originAtBottomFlipsRows()
{
    QVERIFY(show(QStringLiteral("climate.npz"), QStringLiteral("temp")));
    HeatmapView *heatmap = mViews->heatmap();
    QTRY_VERIFY(heatmap->rowLabels().isCoordinate());
    QTRY_VERIFY_WITH_TIMEOUT(heatmap->isFrameExact() && !heatmap->isRendering(), 20000);
    const QImage before = heatmap->canvas()->grab().toImage();
    const QImage renderedBefore = heatmap->renderedImage();
    const qint64 rows = heatmap->sliceRows();
    const QList<QPointF> cells = {{10.5, 0.5}, {300.5, 0.5}, {10.5, double(rows) - 0.5}, {200.5, 90.5}, {50.5, 20.5}};
    QList<QPoint> beforeAt;
    for (const QPointF &c : cells)
        beforeAt << heatmap->sliceToCanvas(c).toPoint();
    QVERIFY(heatmap->sliceToCanvas(QPointF(0, 0)).y() < heatmap->sliceToCanvas(QPointF(0, double(rows))).y());
    QVERIFY(triggerAxesAction(heatmap, QString(), QStringLiteral("Origin at Bottom")));
    QVERIFY(heatmap->isOriginAtBottom());
    // Row 0 is drawn at the bottom: a point near the picture's top is on the last row.
    QVERIFY(heatmap->sliceToCanvas(QPointF(0, 0)).y() > heatmap->sliceToCanvas(QPointF(0, double(rows))).y());
    const QPointF top = heatmap->sliceToCanvas(QPointF(10.5, double(rows) - 0.5));
    qint64 row = -1, col = -1;
    QVERIFY(heatmap->cellAt(top, &row, &col));
    QCOMPARE(row, rows - 1);
    QCOMPARE(col, qint64(10));
    // The rows' axis follows: lat grows up the screen (its last value, -89.5, is at the top).
    const QList<HeatmapAxis::Mark> marks = heatmap->rowAxis()->marks();
    QVERIFY(marks.size() >= 2);
    QVERIFY(parseTick(marks.first().label) < parseTick(marks.last().label));
    // The same picture, drawn upside down: each cell keeps its colour where the rows now put it.
    QTRY_VERIFY_WITH_TIMEOUT(heatmap->isFrameExact() && !heatmap->isRendering(), 20000);
    QCOMPARE(heatmap->renderedImage(), renderedBefore);
    const QImage after = heatmap->canvas()->grab().toImage();
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const QPoint at = heatmap->sliceToCanvas(cells[i]).toPoint();
        QCOMPARE(at.x(), beforeAt[i].x());
        QCOMPARE(after.pixel(at), before.pixel(beforeAt[i]));
    }
    QVERIFY(before.pixel(beforeAt[0]) != before.pixel(beforeAt[2])); // the rows differ: the test can tell
    // The switch belongs to the member: another starts at the top, and this one is still at the bottom.
    const int temp = mPane->memberId();
    mPane->showMember(mDocument->memberByKey(QStringLiteral("land"))->id);
    QTRY_VERIFY(!heatmap->isOriginAtBottom());
    QTRY_COMPARE(mViews->heatmap()->rowLabels().name(), QStringLiteral("lat"));
    mPane->showMember(temp);
    QTRY_VERIFY(heatmap->isOriginAtBottom());
    QVERIFY(triggerAxesAction(heatmap, QString(), QStringLiteral("Origin at Bottom")));
    QVERIFY(!heatmap->isOriginAtBottom());
}

void tst_HeatmapCoords::plotTakesCoordinatesAsX()
{
    QVERIFY(show(QStringLiteral("climate.npz"), QStringLiteral("temp")));
    QTRY_VERIFY(mViews->heatmap()->columnLabels().isCoordinate());
    const npy::NpyArray lat = fixtureValues(QStringLiteral("climate.npz"), QStringLiteral("lat"));
    const npy::NpyArray lon = fixtureValues(QStringLiteral("climate.npz"), QStringLiteral("lon"));
    mViews->plotLine(true, 10);
    QCOMPARE(mViews->plot()->xFieldName(), QStringLiteral("lon"));
    QCOMPARE(mViews->plot()->indexLabel(7), textAt(lon, 7));
    mViews->plotLine(false, 3);
    QCOMPARE(mViews->plot()->xFieldName(), QStringLiteral("lat"));
    QCOMPARE(mViews->plot()->indexLabel(179), textAt(lat, 179));
    // Removing the rows' coordinate plots the column against its index again.
    QVERIFY(triggerAxesAction(mViews->heatmap(), QStringLiteral("Rows"), QStringLiteral("Index")));
    QTRY_COMPARE(mViews->plot()->xFieldName(), QString());
    QCOMPARE(mViews->plot()->indexLabel(179), QStringLiteral("179"));

    // A 1-D series: against its datetime axis.
    QVERIFY(show(QStringLiteral("timeseries.npz"), QStringLiteral("value")));
    QTRY_VERIFY(mViews->isPlotOnly());
    QTRY_COMPARE(mViews->plot()->xFieldName(), QStringLiteral("time"));
    QCOMPARE(mViews->plot()->indexLabel(0), QStringLiteral("2021-01-01"));
    QCOMPARE(mPane->model()->headerData(31, Qt::Vertical).toString(), QStringLiteral("31: 2021-02-01"));
    // The plot's menu offers the choice: the index instead.
    QMenu *menu = mViews->plotMenu();
    QVERIFY(menu);
    QAction *index = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("X Axis"))
            index = a->menu()->actions().value(0);
    }
    QVERIFY(index);
    index->trigger();
    delete menu;
    QTRY_COMPARE(mViews->plot()->xFieldName(), QString());
}

void tst_HeatmapCoords::dateTicksOnCalendarSteps_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("label");
    // lo and hi in counts of the type's unit; label: what every tick's label looks like.
    QTest::newRow("a year of days: months") << "<M8[D]" << 18628.0 << 18992.0 << 12 << "^2021-\\d\\d$";
    QTest::newRow("a month of days: days") << "<M8[D]" << 18628.0 << 18658.0 << 8 << "^2021-01-\\d\\d$";
    QTest::newRow("a day of seconds: hours") << "<M8[s]" << 1614902400.0 << 1614988800.0 << 8
                                             << "^2021-03-0[56]T\\d\\d:00$";
    QTest::newRow("ten seconds of ns: seconds") << "<M8[ns]" << 1.6149024e18 << 1.61490241e18 << 5
                                                << "^2021-03-05T00:00:\\d\\d$";
    QTest::newRow("a millisecond of ns") << "<M8[ns]" << 1.6149024e18 << 1.6149024e18 + 1e6 << 5
                                         << "^2021-03-05T00:00:00\\.\\d{6}$";
    QTest::newRow("thirty years of months: years") << "<M8[M]" << 360.0 << 720.0 << 6 << "^20[0-3]\\d$";
    QTest::newRow("years") << "<M8[Y]" << -70.0 << 130.0 << 5 << "^(19|20|21)\\d\\d$";
    QTest::newRow("six-hour counts") << "<M8[6h]" << 73000.0 << 73040.0 << 5 << "^\\d{4}-\\d\\d-\\d\\d$";
    QTest::newRow("before 1970") << "<M8[D]" << -25567.0 << -7305.0 << 6 << "^19[0-5]\\d$";
    QTest::newRow("big-endian weeks") << ">M8[W]" << 2600.0 << 2700.0 << 5 << "^(2019|202\\d)-\\d\\d$";
}

void tst_HeatmapCoords::dateTicksOnCalendarSteps()
{
    QFETCH(QString, type);
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, count);
    QFETCH(QString, label);
    npy::DType t;
    QString error;
    QVERIFY2(npy::DType::fromTypeString(type, &t, &error), qPrintable(error));
    const QList<Tick> ticks = dateAxisTicks(t, lo, hi, count);
    QVERIFY2(ticks.size() >= 2 && ticks.size() <= 3 * count, qPrintable(QString::number(ticks.size())));
    const QRegularExpression pattern(label);
    // Each label is its tick's exact date, written as coarsely as the date allows (the rest is zeros).
    const QRegularExpression rest(QStringLiteral("^(-01)?(-01)?(T00)?(:00)?(:00)?\\.?0*$"));
    npy::DType native = t;
    native.byteOrder = '<';
    for (qsizetype i = 0; i < ticks.size(); ++i) {
        const Tick &tick = ticks[i];
        QVERIFY2(pattern.match(tick.label).hasMatch(), qPrintable(tick.label));
        QVERIFY(tick.value >= lo && tick.value <= hi);
        QVERIFY(i == 0 || tick.value > ticks[i - 1].value);
        // A month between whole weeks has no count of the type to compare with; a count beyond 2^53 (nanoseconds
        // since 1970) is a double within an ulp (256 ns) of the round date its label says.
        if (tick.value != std::floor(tick.value) || std::abs(tick.value) > 9007199254740992.0)
            continue;
        const QString full = dateTickLabel(native, tick.value);
        QVERIFY2(full.startsWith(tick.label) && rest.match(full.mid(tick.label.size())).hasMatch(),
                 qPrintable(tick.label + QStringLiteral(" for ") + full));
    }
}

QTEST_MAIN(tst_HeatmapCoords)
#include "tst_heatmapcoords.moc"
