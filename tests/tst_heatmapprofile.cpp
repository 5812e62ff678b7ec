// The heatmap's profile tools (HeatmapProfile): a row clicked, a free line dragged live and re-dragged by its end
// and its middle, the width, Esc and the tool off; the profile follows the slice bar, an edit and the complex part;
// CSV written and read back; NumPy code; the plot's hover marks the point on the picture; the tool reachable at
// the heatmap's width in a default window.

#include "heatmapcanvas.h"
#include "heatmapprofile.h"
#include "heatmapview.h"
#include "npyheader.h"
#include "profileplot.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <cmath>
#include <functional>

using namespace npy;
using namespace npyw;

namespace {

/** A float64 array of \a shape whose element at C-order flat index i is \a value(i). */
NpyArray makeArray(const QList<qint64> &shape, const std::function<double(qint64)> &value)
{
    NpyHeader h;
    QString error;
    if (!dtypeFromDescrText(QStringLiteral("'<f8'"), &h.dtype, &error))
        qFatal("dtype");
    h.shape = shape;
    if (!arraySize(h.shape, 8, &h.elementCount, &h.dataBytes))
        qFatal("size");
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    double *d = reinterpret_cast<double *>(bytes.data());
    for (qint64 i = 0; i < h.elementCount; ++i)
        d[i] = value(i);
    return NpyArray(h, bytes);
}

/** 3 frames of 20 x 30: frame * 10000 + row * 100 + col, with NaN at (frame, 4, 7). */
NpyArray stack()
{
    return makeArray({3, 20, 30}, [](qint64 i) {
        const qint64 f = i / 600, r = i / 30 % 20, c = i % 30;
        return r == 4 && c == 7 ? std::nan("") : double(f * 10000 + r * 100 + c);
    });
}

double stackValue(qint64 f, qint64 r, qint64 c)
{
    return r == 4 && c == 7 ? std::nan("") : double(f * 10000 + r * 100 + c);
}

void sendMouse(QWidget *w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

/** The canvas point at the centre of element (\a row, \a col). */
QPointF at(const HeatmapView &view, double row, double col)
{
    return view.sliceToCanvas(QPointF(col + 0.5, row + 0.5));
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

/** Waits until the profile of the current line is computed. */
bool waitProfile(HeatmapProfile *p)
{
    QSignalSpy spy(p, &HeatmapProfile::profileChanged);
    for (int i = 0; i < 100 && (!p->profile() || p->isComputing()); ++i)
        spy.wait(100);
    return p->profile() != nullptr;
}

SliceSpec frame(qint64 f)
{
    return SliceSpec{1, 2, {f, 0, 0}, -1};
}

} // namespace

class TestHeatmapProfile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void rowByClick();
    void toolFromTheToolbar();
    void lineDraggedLive();
    void lineRedragged();
    void widthEscapeAndOff();
    void followsSliceAndEdit();
    void followsComplexPart();
    void csvWrittenAndReadBack();
    void numpyCode();
    void plotHoverMarksThePicture();
    void reachableWhenNarrow();
    void contextMenuTakesARow();

private:
    HeatmapView *mView = nullptr;
};

void TestHeatmapProfile::init()
{
    mView = new HeatmapView;
    mView->resize(800, 700);
    mView->show();
    QVERIFY(QTest::qWaitForWindowExposed(mView));
    mView->setArray(stack(), frame(1));
    mView->flushRender();
}

void TestHeatmapProfile::cleanup()
{
    delete mView;
    mView = nullptr;
}

void TestHeatmapProfile::rowByClick()
{
    HeatmapProfile *p = mView->profile();
    p->setTool(ProfileTool::Row);
    QVERIFY(p->panel()->isVisible());
    QVERIFY(!p->hasLine());
    QTest::qWait(20); // the panel takes its room: the canvas is laid out again
    QSignalSpy changed(p, &HeatmapProfile::profileChanged);
    QSignalSpy clicked(mView, &HeatmapView::cellClicked);
    QWidget *canvas = mView->canvas();
    const QPointF pos = at(*mView, 4, 12);
    sendMouse(canvas, QEvent::MouseButtonPress, pos, Qt::LeftButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, pos, Qt::LeftButton, Qt::NoButton);
    QVERIFY(clicked.isEmpty()); // the tool has the left button
    QVERIFY(p->hasLine());
    QCOMPARE(p->geometry().kind, ProfileKind::Row);
    QCOMPARE(p->geometry().row0, 4.0);
    QVERIFY(waitProfile(p));
    QVERIFY(changed.count() >= 1);
    const std::shared_ptr<const Profile> prof = p->profile();
    QCOMPARE(prof->size(), qint64(30));
    for (qint64 c = 0; c < 30; ++c) {
        QVERIFY2(sameValue(prof->values[size_t(c)], stackValue(1, 4, c)), qPrintable(QString::number(c)));
        QCOMPARE(prof->positions[size_t(c)], double(c));
    }
    QVERIFY2(p->title().startsWith(QStringLiteral("Row 4")), qPrintable(p->title()));
    // The row's line lies over the picture.
    auto *heatmapCanvas = qobject_cast<HeatmapCanvas *>(canvas);
    QVERIFY(heatmapCanvas);
    QCOMPARE(heatmapCanvas->overlay().line, QLineF(0, 4.5, 30, 4.5));
    QVERIFY(p->plot()->profile());
}

void TestHeatmapProfile::toolFromTheToolbar()
{
    auto *button = mView->findChild<QToolButton *>(QStringLiteral("profileTool"));
    QVERIFY(button);
    QVERIFY(button->menu());
    auto *width = mView->findChild<QSpinBox *>(QStringLiteral("profileWidth"));
    QVERIFY(width);
    QVERIFY(!width->isVisible());
    QAction *column = nullptr;
    for (QAction *a : button->menu()->actions())
        if (a->objectName() == QLatin1String("profileColumn"))
            column = a;
    QVERIFY(column);
    column->trigger();
    QCOMPARE(mView->profile()->tool(), ProfileTool::Column);
    QVERIFY(button->isChecked());
    QVERIFY(column->isChecked());
    QVERIFY(width->isVisible());
    QVERIFY(mView->profile()->panel()->isVisible());
    // The button turns it off and on again (the tool chosen last).
    button->click();
    QCOMPARE(mView->profile()->tool(), ProfileTool::None);
    QVERIFY(!mView->profile()->panel()->isVisible());
    QVERIFY(!width->isVisible());
    button->click();
    QCOMPARE(mView->profile()->tool(), ProfileTool::Column);
    width->setValue(5);
    QCOMPARE(mView->profile()->width(), qint64(5));
}

void TestHeatmapProfile::lineDraggedLive()
{
    HeatmapProfile *p = mView->profile();
    p->setTool(ProfileTool::Line);
    QTest::qWait(20);
    QSignalSpy changed(p, &HeatmapProfile::profileChanged);
    QWidget *canvas = mView->canvas();
    sendMouse(canvas, QEvent::MouseButtonPress, at(*mView, 2, 3), Qt::LeftButton, Qt::LeftButton);
    // Drawn while dragging: each move puts the end where the mouse is and the profile follows.
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 8, 9), Qt::NoButton, Qt::LeftButton);
    QCOMPARE(p->geometry().row1, 8.0);
    QVERIFY(changed.wait(5000));
    QVERIFY(!p->plot()->message().isEmpty() || p->plot()->profile());
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 17, 25), Qt::NoButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, at(*mView, 17, 25), Qt::LeftButton, Qt::NoButton);
    const ProfileGeometry g = p->geometry();
    QCOMPARE(g.kind, ProfileKind::Line);
    QCOMPARE(g.row0, 2.0);
    QCOMPARE(g.col0, 3.0);
    QCOMPARE(g.row1, 17.0);
    QCOMPARE(g.col1, 25.0);
    QVERIFY(waitProfile(p));
    const auto access = SliceAccess::create(stack(), frame(1));
    const Result<Profile> want = computeProfile(access.value(), g);
    QVERIFY(want);
    QCOMPARE(p->profile()->size(), want->size());
    QCOMPARE(p->profile()->size(), qint64(std::ceil(std::hypot(15.0, 22.0) + 1)));
    for (size_t i = 0; i < want->values.size(); ++i)
        QVERIFY(sameValue(p->profile()->values[i], want->values[i]));
    // Shift snaps to 45 degrees: a nearly horizontal drag becomes horizontal.
    sendMouse(canvas, QEvent::MouseButtonPress, at(*mView, 10, 2), Qt::LeftButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 11, 20), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    sendMouse(canvas, QEvent::MouseButtonRelease, at(*mView, 11, 20), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(p->geometry().row0, 10.0);
    QCOMPARE(p->geometry().row1, 10.0);
    QCOMPARE(p->geometry().col1, 20.0);
}

void TestHeatmapProfile::lineRedragged()
{
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Line, 2, 2, 10, 20, 1});
    QCOMPARE(p->tool(), ProfileTool::Line);
    QVERIFY(waitProfile(p));
    QWidget *canvas = mView->canvas();
    // Its end, dragged, moves; the start stays.
    sendMouse(canvas, QEvent::MouseButtonPress, at(*mView, 10, 20), Qt::LeftButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 16, 26), Qt::NoButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, at(*mView, 16, 26), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(p->geometry().row0, 2.0);
    QCOMPARE(p->geometry().col0, 2.0);
    QCOMPARE(p->geometry().row1, 16.0);
    QCOMPARE(p->geometry().col1, 26.0);
    // Dragged by its middle (element (9, 14)), the whole line moves, as far as the slice allows.
    const QPointF middle = at(*mView, 9, 14);
    sendMouse(canvas, QEvent::MouseButtonPress, middle, Qt::LeftButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 12, 14), Qt::NoButton, Qt::LeftButton);
    QCOMPARE(p->geometry().row0, 5.0);
    QCOMPARE(p->geometry().col0, 2.0);
    QCOMPARE(p->geometry().row1, 19.0);
    QCOMPARE(p->geometry().col1, 26.0);
    sendMouse(canvas, QEvent::MouseMove, at(*mView, 40, 44), Qt::NoButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, at(*mView, 40, 44), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(p->geometry().row0, 5.0);
    QCOMPARE(p->geometry().col0, 5.0);
    QCOMPARE(p->geometry().row1, 19.0); // the last row
    QCOMPARE(p->geometry().col1, 29.0); // the last column
    QVERIFY(waitProfile(p));
    QCOMPARE(p->profile()->geometry, p->geometry());
}

void TestHeatmapProfile::widthEscapeAndOff()
{
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Column, 0, 7, 0, 0, 1});
    QVERIFY(waitProfile(p));
    QVERIFY(std::isnan(p->profile()->values[4])); // the NaN at (4, 7)
    auto *width = mView->findChild<QSpinBox *>(QStringLiteral("profileWidth"));
    QVERIFY(width);
    width->setValue(3);
    QCOMPARE(p->geometry().width, qint64(3));
    QVERIFY(waitProfile(p));
    const std::shared_ptr<const Profile> prof = p->profile();
    QCOMPARE(prof->geometry.width, qint64(3));
    // Columns 6-8: the NaN left out of row 4's mean.
    QCOMPARE(prof->values[4], (stackValue(1, 4, 6) + stackValue(1, 4, 8)) / 2);
    QCOMPARE(prof->values[0], (stackValue(1, 0, 6) + stackValue(1, 0, 7) + stackValue(1, 0, 8)) / 3);
    auto *canvas = qobject_cast<HeatmapCanvas *>(mView->canvas());
    QVERIFY(!canvas->overlay().band.isEmpty());
    QCOMPARE(canvas->overlay().band.boundingRect(), QRectF(6, 0, 3, 20));
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(!p->hasLine());
    QVERIFY(!p->profile());
    QVERIFY(canvas->overlay().line.isNull());
    QVERIFY(canvas->overlay().band.isEmpty());
    QCOMPARE(p->tool(), ProfileTool::Column); // the tool stays
    p->setGeometry(ProfileGeometry{ProfileKind::Column, 0, 7, 0, 0, 3});
    QVERIFY(p->hasLine());
    p->setTool(ProfileTool::None);
    QVERIFY(!p->hasLine());
    QVERIFY(!p->panel()->isVisible());
    QVERIFY(canvas->overlay().line.isNull());
    // Without a tool, the left button pans again.
    const QRectF before = mView->visibleArea();
    mView->zoomAt(2.0, QPointF(100, 100));
    const QRectF zoomed = mView->visibleArea();
    sendMouse(canvas, QEvent::MouseButtonPress, QPointF(100, 100), Qt::LeftButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseMove, QPointF(160, 100), Qt::NoButton, Qt::LeftButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, QPointF(160, 100), Qt::LeftButton, Qt::NoButton);
    QVERIFY(mView->visibleArea() != zoomed);
    QVERIFY(before != zoomed);
}

void TestHeatmapProfile::followsSliceAndEdit()
{
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Row, 6, 0, 0, 0, 1});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->profile()->values[3], stackValue(1, 6, 3));
    // The slice bar moves to frame 2: the same row, recomputed.
    QSignalSpy changed(p, &HeatmapProfile::profileChanged);
    mView->setSlice(frame(2));
    QVERIFY(!p->profile()); // the old frame's is not this one's
    QVERIFY(waitProfile(p));
    QVERIFY(changed.count() >= 1);
    QCOMPARE(p->geometry().row0, 6.0);
    for (qint64 c = 0; c < 30; ++c)
        QCOMPARE(p->profile()->values[size_t(c)], stackValue(2, 6, c));
    // An edit: the view is given the new data.
    const NpyArray edited = makeArray({3, 20, 30}, [](qint64 i) { return double(i % 7); });
    mView->setArray(edited, frame(2));
    QVERIFY(waitProfile(p));
    for (qint64 c = 0; c < 30; ++c)
        QCOMPARE(p->profile()->values[size_t(c)], double((2 * 600 + 6 * 30 + c) % 7));
    // A smaller slice keeps the line where it fits (clamped).
    const NpyArray small = makeArray({4, 5}, [](qint64 i) { return double(i); });
    mView->setArray(small, SliceSpec{0, 1, {0, 0}, -1});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->geometry().row0, 3.0);
    QCOMPARE(p->profile()->values[1], 16.0);
    // Nothing drawn: no line.
    mView->clear(QStringLiteral("nothing"));
    QVERIFY(!p->hasLine());
}

void TestHeatmapProfile::followsComplexPart()
{
    NpyHeader h;
    QString error;
    QVERIFY(dtypeFromDescrText(QStringLiteral("'<c16'"), &h.dtype, &error));
    h.shape = {6, 8};
    QVERIFY(arraySize(h.shape, 16, &h.elementCount, &h.dataBytes));
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    double *d = reinterpret_cast<double *>(bytes.data());
    for (qint64 i = 0; i < h.elementCount; ++i) {
        d[2 * i] = 3.0 * double(i);
        d[2 * i + 1] = -4.0 * double(i);
    }
    mView->setArray(NpyArray(h, bytes), SliceSpec{0, 1, {0, 0}, -1});
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Row, 2, 0, 0, 0, 1});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->profile()->values[3], 5.0 * 19); // the magnitude of 3i - 4i j, i = 2 * 8 + 3
    mView->setComplexPart(ComplexPart::Imag);
    QVERIFY(waitProfile(p));
    QCOMPARE(p->profile()->values[3], -4.0 * 19);
    QString why;
    QCOMPARE(p->numpyCode(&why), QStringLiteral("a[2, :].imag"));
}

void TestHeatmapProfile::csvWrittenAndReadBack()
{
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Line, 1, 1, 12, 27, 2});
    QVERIFY(waitProfile(p));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString written = p->exportCsvTo(dir.filePath(QStringLiteral("line")), &error);
    QVERIFY2(!written.isEmpty(), qPrintable(error));
    QCOMPARE(written, dir.filePath(QStringLiteral("line.csv")));
    QFile f(written);
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("position,row,col,value"));
    const std::shared_ptr<const Profile> prof = p->profile();
    QCOMPARE(qint64(lines.size()) - 2, prof->size()); // the header and the empty piece after the last newline
    for (qint64 i = 0; i < prof->size(); ++i) {
        const QList<QByteArray> cells = lines[i + 1].split(',');
        QCOMPARE(cells.size(), 4);
        const size_t k = size_t(i);
        QCOMPARE(cells[0].toDouble(), prof->positions[k]);
        QCOMPARE(cells[1].toLongLong(), prof->rows[k]);
        QCOMPARE(cells[2].toLongLong(), prof->cols[k]);
        if (std::isnan(prof->values[k]))
            QCOMPARE(cells[3], QByteArray("nan"));
        else
            QCOMPARE(cells[3].toDouble(), prof->values[k]);
    }
    // A failed write says why and names the file.
    QVERIFY(p->exportCsvTo(dir.filePath(QStringLiteral("missing/folder/x.csv")), &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("x.csv")), qPrintable(error));
}

void TestHeatmapProfile::numpyCode()
{
    HeatmapProfile *p = mView->profile();
    QString why;
    QVERIFY(p->numpyCode(&why).isEmpty());
    QVERIFY(!why.isEmpty());
    p->setGeometry(ProfileGeometry{ProfileKind::Row, 5, 0, 0, 0, 3});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->numpyCode(&why), QStringLiteral("np.nanmean(a[1, 4:7, :], axis=0)"));
    p->setGeometry(ProfileGeometry{ProfileKind::Column, 0, 9, 0, 0, 1});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->numpyCode(&why), QStringLiteral("a[1, :, 9]"));
    p->setGeometry(ProfileGeometry{ProfileKind::Line, 0, 0, 0, 2, 1});
    QVERIFY(waitProfile(p));
    QCOMPARE(p->numpyCode(&why), QStringLiteral("np.array([10000.0, 10001.0, 10002.0], dtype='<f8')"));
}

void TestHeatmapProfile::plotHoverMarksThePicture()
{
    HeatmapProfile *p = mView->profile();
    p->setGeometry(ProfileGeometry{ProfileKind::Row, 3, 0, 0, 0, 1});
    QVERIFY(waitProfile(p));
    ProfilePlot *plot = p->plot();
    QVERIFY(plot->isVisible());
    QSignalSpy hovered(plot, &ProfilePlot::pointHovered);
    const QRect area = plot->plotArea();
    const QPointF pos(plot->xToPixel(11.0), area.center().y());
    sendMouse(plot, QEvent::MouseMove, pos, Qt::NoButton, Qt::NoButton);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toLongLong(), qint64(11));
    QCOMPARE(plot->hoveredPoint(), qint64(11));
    QVERIFY2(plot->pointText(11).contains(QStringLiteral("[1, 3, 11] = 10311")), qPrintable(plot->pointText(11)));
    auto *canvas = qobject_cast<HeatmapCanvas *>(mView->canvas());
    QVERIFY(canvas->overlay().hasMarker);
    QCOMPARE(canvas->overlay().marker, QPointF(11.5, 3.5));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(plot, &leave);
    QVERIFY(!canvas->overlay().hasMarker);
}

void TestHeatmapProfile::reachableWhenNarrow()
{
    // At the heatmap's width in a default window the tool is a button away, and the panel leaves the picture room.
    mView->resize(480, 450);
    QTest::qWait(50);
    auto *button = mView->findChild<QToolButton *>(QStringLiteral("profileTool"));
    QVERIFY(button);
    QVERIFY(button->isVisible());
    mView->profile()->setTool(ProfileTool::Row);
    QTest::qWait(50);
    QVERIFY(mView->profile()->panel()->height() >= 100);
    QVERIFY2(mView->canvas()->height() >= 120, qPrintable(QString::number(mView->canvas()->height())));
}

void TestHeatmapProfile::contextMenuTakesARow()
{
    // Where the toolbar's overflow hides the Profile button, the picture's context menu starts a profile.
    QString seen;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, this, [&]() {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu)
            return;
        poll.stop();
        for (QAction *a : menu->actions()) {
            seen += a->text() + QLatin1Char('|');
            if (a->text() == QLatin1String("Profile of Row 9"))
                a->trigger();
        }
        menu->close();
    });
    poll.start();
    QWidget *canvas = mView->canvas();
    const QPointF pos = at(*mView, 9, 4);
    sendMouse(canvas, QEvent::MouseButtonPress, pos, Qt::RightButton, Qt::RightButton);
    sendMouse(canvas, QEvent::MouseButtonRelease, pos, Qt::RightButton, Qt::NoButton);
    QVERIFY2(seen.contains(QStringLiteral("Profile of Column 4")), qPrintable(seen));
    HeatmapProfile *p = mView->profile();
    QCOMPARE(p->tool(), ProfileTool::Row);
    QCOMPARE(p->geometry().row0, 9.0);
    QVERIFY(waitProfile(p));
    QCOMPARE(p->profile()->values[2], stackValue(1, 9, 2));
}

QTEST_MAIN(TestHeatmapProfile)
#include "tst_heatmapprofile.moc"
