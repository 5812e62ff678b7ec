// The Picture tab, the frame bar and the stack navigator: the colour rule in the app, pixels at one to one, the
// frame keys, labels from another member and their filter, playing without queueing frames.

#include "arraypane.h"
#include "arrayviews.h"
#include "document.h"
#include "framebar.h"
#include "hugetableview.h"
#include "npyfile.h"
#include "opensource.h"
#include "pictureview.h"
#include "slicebar.h"
#include "stacknavigator.h"
#include "testdata.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace npyw;

class tst_PictureView : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void colourRuleOpensPicture_data();
    void colourRuleOpensPicture();
    void pixelsAtOneToOne_data();
    void pixelsAtOneToOne();
    void frameKeys();
    void labelsAndFilter();
    void channelAsHeatmap();
    void playingSkipsUndrawnFrames();

private:
    /** Opens \a file (tests/data/picture) and shows member \a key in a pane with its views. */
    bool show(const QString &file, const QString &key);

    std::unique_ptr<Document> mDocument;
    std::unique_ptr<ArrayPane> mPane;
    std::unique_ptr<ArrayViews> mViews;
};

void tst_PictureView::cleanup()
{
    mViews.reset();
    mPane.reset();
    mDocument.reset();
}

bool tst_PictureView::show(const QString &file, const QString &key)
{
    cleanup();
    auto src = npy::openSource(npytest::dataPath(QStringLiteral("picture/") + file));
    if (!src.ok())
        return false;
    mDocument = std::make_unique<Document>(src.value());
    int id = -1;
    for (int i = 0; i < mDocument->memberCount(); ++i) {
        if (key.isEmpty() || mDocument->memberAt(i).key == key)
            id = mDocument->memberAt(i).id;
        if (id >= 0)
            break;
    }
    if (id < 0 || !mDocument->loadMemberNow(id))
        return false;
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    mViews = std::make_unique<ArrayViews>(mDocument.get(), mPane.get());
    mPane->resize(500, 500);
    mViews->resize(700, 600);
    mPane->show();
    mViews->show();
    mPane->showMember(id);
    return mPane->isShowingTable();
}

void tst_PictureView::colourRuleOpensPicture_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<bool>("picture");
    QTest::addColumn<int>("channelAxis");
    QTest::addColumn<qint64>("frames");
    QTest::newRow("H x W x 3 uint8") << "rgb_u8.npy" << "" << true << 2 << qint64(1);
    QTest::newRow("H x W x 4") << "rgba_u8.npy" << "" << true << 2 << qint64(1);
    QTest::newRow("3 x H x W") << "chw_u8.npy" << "" << true << 0 << qint64(1);
    QTest::newRow("N x C x H x W") << "nchw.npy" << "" << true << 1 << qint64(4);
    QTest::newRow("float outside 0..1") << "rgb_f8_out.npy" << "" << true << 2 << qint64(1);
    QTest::newRow("stack N x H x W x 3") << "video.npz" << "frames" << true << 3 << qint64(6);
    QTest::newRow("1-D labels") << "video.npz" << "labels" << false << -1 << qint64(1);
    QTest::newRow("expected picture (H x W x 3)") << "exp_00.npy" << "" << true << 2 << qint64(1);
}

void tst_PictureView::colourRuleOpensPicture()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(bool, picture);
    QFETCH(int, channelAxis);
    QFETCH(qint64, frames);
    QVERIFY(show(file, member));
    QCOMPARE(mViews->hasPicture(), picture);
    QCOMPARE(mViews->currentWidget() == mViews->picture(), picture);
    if (!picture)
        return;
    QCOMPARE(mViews->picture()->layout().channelAxis, channelAxis);
    QCOMPARE(mViews->navigator()->frames(), frames);
    QCOMPARE(mViews->picture()->frameBar()->isVisibleTo(mViews->picture()), frames > 1);
    // The table shows the picture's rows and columns, one channel.
    const npy::SliceSpec spec = mPane->sliceBar()->spec();
    QCOMPARE(spec.rowAxis, mViews->picture()->layout().rowAxis);
    QCOMPARE(spec.colAxis, mViews->picture()->layout().colAxis);
    QTRY_VERIFY(mViews->picture()->isExact());
}

void tst_PictureView::pixelsAtOneToOne_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("uint8") << "rgb_u8.npy" << "exp_00.npy";
    QTest::newRow("Fortran order") << "rgb_u8_fortran.npy" << "exp_00.npy";
    QTest::newRow("float32 ties") << "rgb_f4.npy" << "exp_12.npy";
    QTest::newRow("CHW") << "chw_u8.npy" << "exp_06.npy";
}

void tst_PictureView::pixelsAtOneToOne()
{
    // At one element per pixel each drawn pixel equals what NumPy computes for that element (the fixtures'
    // expected pictures).
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QVERIFY(show(file, QString()));
    PictureView *view = mViews->picture();
    view->zoomOneToOne();
    QTRY_VERIFY(!view->isRendering() && view->isExact());
    const auto want = npy::readNpyFile(npytest::dataPath(QStringLiteral("picture/") + expected));
    QVERIFY(want);
    const npy::NpyArray &e = want.value();
    const qint64 w = e.shape()[1], channels = e.shape()[2];
    const QImage image = view->renderedImage();
    QCOMPARE(image.devicePixelRatio(), 1.0);
    int checked = 0;
    for (qint64 row = 0; row < e.shape()[0]; ++row) {
        for (qint64 col = 0; col < w; ++col) {
            const QPoint at = view->sliceToCanvas(QPointF(col + 0.5, row + 0.5)).toPoint();
            if (!image.rect().contains(at))
                continue;
            const uchar *p = e.data() + (row * w + col) * channels;
            QCOMPARE(QColor(image.pixel(at)), QColor(p[0], p[1], p[2]));
            ++checked;
        }
    }
    QVERIFY2(checked > 500, qPrintable(QString::number(checked)));
}

void tst_PictureView::frameKeys()
{
    QVERIFY(show(QStringLiteral("video.npz"), QStringLiteral("frames")));
    StackNavigator *nav = mViews->navigator();
    QSignalSpy moved(nav, &StackNavigator::frameChanged);
    QTableView *table = mPane->table()->view();
    // PageDown / PageUp step frames from the table; the slice bar follows.
    QTest::keyClick(table, Qt::Key_PageDown);
    QCOMPARE(nav->frame(), qint64(1));
    QCOMPARE(mPane->sliceBar()->spec().index.value(0), qint64(1));
    QTest::keyClick(table, Qt::Key_PageDown);
    QTest::keyClick(table, Qt::Key_PageUp);
    QCOMPARE(nav->frame(), qint64(1));
    QCOMPARE(moved.count(), 3);
    // On the picture: Right / Left, End / Home.
    QWidget *canvas = mViews->picture()->canvas();
    QTest::keyClick(canvas, Qt::Key_Right);
    QCOMPARE(nav->frame(), qint64(2));
    QTest::keyClick(canvas, Qt::Key_End);
    QCOMPARE(nav->frame(), qint64(5));
    QTest::keyClick(canvas, Qt::Key_Right);
    QCOMPARE(nav->frame(), qint64(5));
    QTest::keyClick(canvas, Qt::Key_Home);
    QCOMPARE(nav->frame(), qint64(0));
    QTest::keyClick(canvas, Qt::Key_Left);
    QCOMPARE(nav->frame(), qint64(0));
    // The frame bars show the frame; the picture draws it.
    QTest::keyClick(canvas, Qt::Key_PageDown);
    QCOMPARE(mViews->picture()->frameBar()->frame(), qint64(1));
    QCOMPARE(mViews->heatmapFrameBar()->frame(), qint64(1));
    QTRY_COMPARE(mViews->picture()->frame(), qint64(1));
    // The slider asks for a frame too.
    mViews->picture()->frameBar()->slider()->setValue(4);
    QCOMPARE(nav->frame(), qint64(4));
    QCOMPARE(mPane->sliceBar()->spec().index.value(0), qint64(4));
}

void tst_PictureView::labelsAndFilter()
{
    // video.npz's `labels` (6,) labels its 6 frames: 3 1 4 1 5 9.
    QVERIFY(show(QStringLiteral("video.npz"), QStringLiteral("frames")));
    StackNavigator *nav = mViews->navigator();
    QCOMPARE(nav->labelCandidates().size(), 1);
    QTRY_COMPARE(nav->labelText(2), QStringLiteral("labels = 4"));
    nav->goTo(2);
    QCOMPARE(mViews->picture()->frameBar()->labelText(), QStringLiteral("labels = 4"));
    // Only the frames labelled 1: stepping visits 1 and 3.
    QVERIFY(nav->setFilter(QStringLiteral("1")));
    QCOMPARE(nav->allowedFrames(), QList<qint64>({1, 3}));
    QCOMPARE(nav->frame(), qint64(1));
    nav->step(1);
    QCOMPARE(nav->frame(), qint64(3));
    nav->step(1);
    QCOMPARE(nav->frame(), qint64(3));
    QVERIFY(nav->setFilter(QStringLiteral("> 3")));
    QCOMPARE(nav->allowedFrames(), QList<qint64>({2, 4, 5}));
    QString why;
    QVERIFY(!nav->setFilter(QStringLiteral("seven"), &why));
    QVERIFY(why.contains(QLatin1String("seven")));
    // No labels: the text goes.
    nav->setLabelMember(-1);
    QCOMPARE(nav->labelText(2), QString());
    QCOMPARE(mViews->picture()->frameBar()->labelText(), QString());
}

void tst_PictureView::channelAsHeatmap()
{
    QVERIFY(show(QStringLiteral("rgb_u8.npy"), QString()));
    QCOMPARE(mViews->currentWidget(), mViews->picture());
    emit mViews->picture()->channelHeatmapRequested(2);
    QCOMPARE(mPane->sliceBar()->spec().index.value(2), qint64(2));
    QVERIFY(mViews->isHeatmapShown());
    QVERIFY(mViews->showPicture());
    // Another channel axis: an axis of length 3 or 4 only.
    QVERIFY(show(QStringLiteral("nchw.npy"), QString()));
    QCOMPARE(mViews->picture()->layout().channelAxis, 1);
    emit mViews->picture()->channelAxisRequested(1);
    QCOMPARE(mViews->picture()->layout().channelAxis, 1);
}

void tst_PictureView::playingSkipsUndrawnFrames()
{
    FrameBar bar;
    bar.setFrames(100);
    bar.setRate(100);
    QSignalSpy asked(&bar, &FrameBar::frameRequested);
    bar.setPlaying(true);
    QVERIFY(bar.isPlaying());
    // Nobody draws the frame asked for: the bar asks once and counts what passes.
    QTest::qWait(300);
    QCOMPARE(asked.count(), 1);
    QVERIFY2(bar.skippedFrames() >= 10, qPrintable(QString::number(bar.skippedFrames())));
    // Once it is drawn, the next frame is asked for, further on by the time that passed.
    const qint64 first = asked.at(0).at(0).toLongLong();
    bar.frameShown(first);
    QTRY_COMPARE(asked.count(), 2);
    QVERIFY(asked.at(1).at(0).toLongLong() > first + 10);
    bar.setPlaying(false);
    QVERIFY(!bar.isPlaying());
}

QTEST_MAIN(tst_PictureView)
#include "tst_pictureview.moc"
