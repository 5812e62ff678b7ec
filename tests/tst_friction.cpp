// Issue 16, items 7-16: the friction a new user met in the inspector window (heatmap settings per
// member, Save As's encoding, Help menu, copy as NumPy code, ...).
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "colorbar.h"
#include "deflate.h"
#include "document.h"
#include "exportdialog.h"
#include "findbar.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "mainwindow.h"
#include "mainwindow_help.h"
#include "memberfilter.h"
#include "membermenu.h"
#include "membermodel.h"
#include "plotview.h"
#include "slicebar.h"
#include "testdata.h"
#include "valuetext.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QHeaderView>
#include <QImageReader>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QPainter>
#include <QPointer>
#include <QProxyStyle>
#include <QStyleOptionViewItem>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSettings>
#include <QTest>

using namespace npy;
using namespace npyw;

namespace {

QString demoPath()
{
    return QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo.npz");
}

} // namespace

class tst_Friction : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void heatmapRangeIsPerMember();
    void phaseIsDrawnWithTwilight();
    void exportPngNameSuffixAndResolution_data();
    void exportPngNameSuffixAndResolution();
    void copySelectionAsNumpyCode();
    void copySmallMemberAsNumpyCodeEvaluatesBack();
    void tableContextMenu();
    void memberFilterAndLongNames();
    void memberListSortsAndHasAMenu();
    void zeroDimensionalValuePreview();
    void helpMenu();
    void plotOfRecordsAndText();
    void sliceBarCombosAndReverseBox();
    void exportDialogRemembersFolderAndNamesCsv();

private:
    MainWindow *open(const QString &path);
    void select(MainWindow *w, const QString &key);
    int idOf(MainWindow *w, const QString &key);

    QTemporaryDir mDir;
    QList<QPointer<MainWindow>> mWindows;
};

void tst_Friction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mDir.isValid());
}

void tst_Friction::cleanup()
{
    for (const QPointer<MainWindow> &w : std::as_const(mWindows)) {
        if (w)
            w->close();
    }
    mWindows.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

MainWindow *tst_Friction::open(const QString &path)
{
    auto *w = new MainWindow;
    mWindows.append(w);
    w->resize(1280, 800);
    w->show();
    QSignalSpy opened(w, &MainWindow::documentOpened);
    QSignalSpy failed(w, &MainWindow::openFailed);
    w->openFile(path);
    const bool answered = QTest::qWaitFor([&]() { return !opened.isEmpty() || !failed.isEmpty(); }, 10000);
    if (!answered || opened.isEmpty())
        return nullptr;
    return w;
}

int tst_Friction::idOf(MainWindow *w, const QString &key)
{
    for (int i = 0; i < w->document()->memberCount(); ++i) {
        if (w->document()->memberAt(i).key == key)
            return w->document()->memberAt(i).id;
    }
    return -1;
}

void tst_Friction::select(MainWindow *w, const QString &key)
{
    const int id = idOf(w, key);
    QVERIFY2(id >= 0, qPrintable(key));
    w->selectMember(id);
    QTRY_VERIFY(w->pane()->isShowingTable());
    QTRY_COMPARE(w->pane()->model()->memberId(), id);
}

void tst_Friction::heatmapRangeIsPerMember()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("image"));
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    heatmap->setColormap(Colormap::Magma);
    heatmap->setManualRange(0.5, 1.0);
    heatmap->setScale(ColorScale::Log);

    // Another member starts automatic and linear; the colormap carries over.
    select(w, QStringLiteral("mask"));
    QCOMPARE(heatmap->rangeMode(), RangeMode::MinMax);
    QCOMPARE(heatmap->scale(), ColorScale::Linear);
    QCOMPARE(heatmap->colormap(), Colormap::Magma);
    heatmap->setRangeMode(RangeMode::Percentile1);

    // Back on the first, its own range and scale return; the second keeps its own.
    select(w, QStringLiteral("image"));
    QCOMPARE(heatmap->rangeMode(), RangeMode::Manual);
    QCOMPARE(heatmap->rangeOptions().manualLow, 0.5);
    QCOMPARE(heatmap->rangeOptions().manualHigh, 1.0);
    QCOMPARE(heatmap->scale(), ColorScale::Log);
    select(w, QStringLiteral("mask"));
    QCOMPARE(heatmap->rangeMode(), RangeMode::Percentile1);
    select(w, QStringLiteral("stack"));
    QCOMPARE(heatmap->rangeMode(), RangeMode::MinMax);
}

void tst_Friction::phaseIsDrawnWithTwilight()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("field"));
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    heatmap->setColormap(Colormap::Magma);
    heatmap->setComplexPart(ComplexPart::Phase);
    QCOMPARE(heatmap->colormap(), Colormap::Twilight);
    heatmap->setComplexPart(ComplexPart::Real);
    QCOMPARE(heatmap->colormap(), Colormap::Magma);
    // A map chosen while on the phase stays.
    heatmap->setComplexPart(ComplexPart::Phase);
    heatmap->setColormap(Colormap::Gray);
    heatmap->setComplexPart(ComplexPart::Magnitude);
    QCOMPARE(heatmap->colormap(), Colormap::Gray);
    QVERIFY(npy::colormapNames().contains(QStringLiteral("twilight")));
}

void tst_Friction::exportPngNameSuffixAndResolution_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("data");
    QTest::addColumn<QString>("written");
    QTest::addColumn<QSize>("size");
    QTest::newRow("data, suffix added") << "a" << true << "a.png" << QSize(256 + ColorBar::kWidth, 256);
    QTest::newRow("data, suffix kept") << "b.png" << true << "b.png" << QSize(256 + ColorBar::kWidth, 256);
    QTest::newRow("screen") << "c" << false << "c.png" << QSize();
}

void tst_Friction::exportPngNameSuffixAndResolution()
{
    QFETCH(QString, name);
    QFETCH(bool, data);
    QFETCH(QString, written);
    QFETCH(QSize, size);
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("image"));
    HeatmapView *heatmap = w->arrayViews()->heatmap();
    QCOMPARE(heatmap->exportName(), QStringLiteral(NPY_SOURCE_DIR "/resources/samples/demo_image"));
    heatmap->flushRender();
    QTRY_VERIFY(!heatmap->renderedImage().isNull());
    QString error;
    const QString path = heatmap->exportPngTo(mDir.filePath(name), data, &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    QCOMPARE(path, mDir.filePath(written));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    if (size.isValid())
        QCOMPARE(reader.size(), size);
    QVERIFY(w->statusBar()->currentMessage().contains(QStringLiteral("Saved the heatmap")));
}

void tst_Friction::copySelectionAsNumpyCode()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("image"));
    QTableView *table = w->pane()->table()->view();
    table->selectionModel()->select(QItemSelection(table->model()->index(2, 3), table->model()->index(3, 5)),
                                    QItemSelectionModel::ClearAndSelect);
    const Member *m = w->document()->memberById(idOf(w, QStringLiteral("image")));
    QStringList rows;
    for (int r = 2; r <= 3; ++r) {
        QStringList values;
        for (int c = 3; c <= 5; ++c)
            values << npy::formatValue(m->array.dtype(), m->array.element(r * 256 + c));
        rows << QLatin1Char('[') + values.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    const QString expected = QStringLiteral("np.array([%1], dtype='<f4')").arg(rows.join(QStringLiteral(", ")));
    QString why;
    QCOMPARE(w->pane()->numpyCode(&why), expected);
    auto *action = w->findChild<QAction *>(QStringLiteral("copyNumpyCode"));
    QVERIFY(action);
    action->trigger();
    QCOMPARE(QApplication::clipboard()->text(), expected);

    // A large member without a selection is refused, in words.
    table->clearSelection();
    QVERIFY(w->pane()->numpyCode(&why).isEmpty());
    QVERIFY(why.contains(QStringLiteral("Select")));
}

void tst_Friction::copySmallMemberAsNumpyCodeEvaluatesBack()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    QFile codes(mDir.filePath(QStringLiteral("codes.txt")));
    QVERIFY(codes.open(QIODevice::WriteOnly));
    for (const QString &key : {QStringLiteral("records"), QStringLiteral("names"), QStringLiteral("dates")}) {
        select(w, key);
        w->pane()->table()->view()->clearSelection();
        QString why;
        const QString code = w->pane()->numpyCode(&why);
        QVERIFY2(!code.isEmpty(), qPrintable(why));
        codes.write((key + QLatin1Char('\t') + code + QLatin1Char('\n')).toUtf8());
    }
    codes.close();
    const QString script = QStringLiteral(
        "import sys, numpy as np\n"
        "d = np.load(sys.argv[1])\n"
        "for line in open(sys.argv[2], encoding='utf-8').read().splitlines():\n"
        "    key, code = line.split('\\t', 1)\n"
        "    a, b = eval(code), d[key]\n"
        "    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), key\n");
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(npytest::pythonWithNumpy(), {QStringLiteral("-c"), script, demoPath(), codes.fileName()});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAll().constData());
}

void tst_Friction::tableContextMenu()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("image"));
    QMenu *menu = w->pane()->contextMenu(3, 4);
    QStringList texts;
    for (QAction *a : menu->actions())
        texts << a->text().remove(QLatin1Char('&'));
    for (const QString &want : {QStringLiteral("Copy"), QStringLiteral("Copy as NumPy Code"),
                                QStringLiteral("Find Values…"), QStringLiteral("Go to Index…"),
                                QStringLiteral("Plot Row 3"), QStringLiteral("Plot Column 4")})
        QVERIFY2(texts.contains(want), qPrintable(texts.join(QLatin1Char('|'))));
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')) == QStringLiteral("Plot Column 4"))
            a->trigger();
    }
    QCOMPARE(w->arrayViews()->currentWidget(), w->arrayViews()->plot());
    QCOMPARE(w->arrayViews()->plot()->count(), 256);
    delete menu;

    // Find opens the find bar.
    menu = w->pane()->contextMenu(0, 0);
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')) == QStringLiteral("Find Values…"))
            a->trigger();
    }
    QTRY_VERIFY(w->pane()->findBar()->isVisible());
    delete menu;

    // The table and its headers ask for a menu.
    QTableView *table = w->pane()->table()->view();
    QCOMPARE(table->contextMenuPolicy(), Qt::CustomContextMenu);
    QCOMPARE(table->horizontalHeader()->contextMenuPolicy(), Qt::CustomContextMenu);
    QCOMPARE(table->verticalHeader()->contextMenuPolicy(), Qt::CustomContextMenu);
}

void tst_Friction::memberFilterAndLongNames()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    QTreeView *tree = w->memberTree();
    MemberFilter *filter = MemberFilter::of(tree);
    QVERIFY(filter);
    QCOMPARE(tree->textElideMode(), Qt::ElideMiddle);
    QCOMPARE(tree->header()->maximumSectionSize(), std::max(MemberFilter::kMinNameWidth, tree->width() / 2));
    QCOMPARE(filter->visibleMembers(), w->document()->memberCount());
    filter->setText(QStringLiteral("MA"));
    QCOMPARE(filter->visibleMembers(), 2); // image, mask
    const QModelIndex stack = w->memberModel()->indexOfMember(idOf(w, QStringLiteral("stack")));
    const QModelIndex mask = w->memberModel()->indexOfMember(idOf(w, QStringLiteral("mask")));
    QVERIFY(tree->isRowHidden(stack.row(), stack.parent()));
    QVERIFY(!tree->isRowHidden(mask.row(), mask.parent()));
    filter->clear();
    QVERIFY(!tree->isRowHidden(stack.row(), stack.parent()));
    // The tooltip carries the full name.
    QVERIFY(w->memberModel()->data(stack, Qt::ToolTipRole).toString().startsWith(QStringLiteral("stack")));
}

void tst_Friction::memberListSortsAndHasAMenu()
{
    // Issue 24, part 3: sorted by a header click (names in natural order), a menu on members.
    MainWindow *w = open(npytest::dataPath(QStringLiteral("npz/layers.npz")));
    QVERIFY(w);
    QTreeView *tree = w->memberTree();
    MemberModel *model = w->memberModel();
    QCOMPARE(model->sortColumn(), -1); // the archive's order until a header is clicked
    QTest::mouseClick(tree->header()->viewport(), Qt::LeftButton, {},
                      QPoint(tree->header()->sectionViewportPosition(MemberModel::NameColumn) + 10,
                             tree->header()->height() / 2));
    QCOMPARE(model->sortColumn(), int(MemberModel::NameColumn));
    QStringList top;
    for (int r = 0; r < 3; ++r)
        top.append(model->index(r, 0).data().toString());
    QCOMPARE(top, (QStringList{QStringLiteral("layer1/"), QStringLiteral("layer2/"), QStringLiteral("layer10/")}));

    // The menu on a member makes it current and holds the window's actions.
    const int x9 = idOf(w, QStringLiteral("x9"));
    const QModelIndex at = model->indexOfMember(x9);
    tree->scrollTo(at);
    std::unique_ptr<QMenu> menu(memberMenu(tree, tree->visualRect(at).center()));
    QVERIFY(menu);
    QCOMPARE(w->currentMemberId(), x9);
    QStringList keys;
    for (QAction *a : menu->actions()) {
        if (!a->isSeparator())
            keys.append(a->objectName());
    }
    QCOMPARE(keys, (QStringList{QStringLiteral("showMember"), QStringLiteral("sideBySide"), QStringLiteral("export"),
                                QStringLiteral("compareMember"), QStringLiteral("copyName"), QStringLiteral("rename"),
                                QStringLiteral("duplicate"),
                                QStringLiteral("delete")}));
    auto action = [&menu](const QString &key) {
        for (QAction *a : menu->actions()) {
            if (a->objectName() == key)
                return a;
        }
        return static_cast<QAction *>(nullptr);
    };
    action(QStringLiteral("showMember"))->trigger();
    QCOMPARE(w->pane()->memberId(), x9);
    action(QStringLiteral("copyName"))->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("x9"));
    action(QStringLiteral("delete"))->trigger();
    QCOMPARE(w->document()->memberById(x9), nullptr);
    w->document()->undoStack()->undo();
    QVERIFY(w->document()->memberById(x9));
    // A folder has no member menu.
    QCOMPARE(memberMenu(tree, tree->visualRect(model->index(0, 0)).center()), nullptr);
    QCOMPARE(tree->contextMenuPolicy(), Qt::CustomContextMenu);
}

void tst_Friction::zeroDimensionalValuePreview()
{
    MainWindow *w = open(npytest::dataPath(QStringLiteral("npz/dtypes.npz")));
    QVERIFY(w);
    MemberModel *model = w->memberModel();
    const QModelIndex zero = model->indexOfMember(idOf(w, QStringLiteral("zero_d")));
    QCOMPARE(model->data(zero.siblingAtColumn(MemberModel::ShapeColumn)).toString(), QStringLiteral("() = 3.25"));
    const QModelIndex other = model->indexOfMember(idOf(w, QStringLiteral("f4")));
    QCOMPARE(model->data(other.siblingAtColumn(MemberModel::ShapeColumn)).toString(), QStringLiteral("(5,)"));
    // A value too wide for the column keeps its leading digits (jacksboro_fault_dem.npz's dx showed
    // "() = 0.000…3333333334"), and the tooltip has it whole.
    QVERIFY(model->data(zero, Qt::ToolTipRole).toString().contains(QStringLiteral("() = 3.25")));
    struct Recorder : QProxyStyle
    {
        Qt::TextElideMode mode = Qt::ElideNone;
        void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter,
                         const QWidget *widget) const override
        {
            if (const auto *item = qstyleoption_cast<const QStyleOptionViewItem *>(option))
                const_cast<Recorder *>(this)->mode = item->textElideMode;
            QProxyStyle::drawControl(element, option, painter, widget);
        }
    };
    QTreeView *tree = w->memberTree();
    auto *recorder = new Recorder;
    tree->setStyle(recorder);
    QImage image(200, 20, QImage::Format_ARGB32);
    QPainter painter(&image);
    QStyleOptionViewItem option;
    option.initFrom(tree);
    option.widget = tree;
    option.rect = QRect(0, 0, 60, 20);
    option.textElideMode = tree->textElideMode();
    tree->itemDelegateForIndex(zero.siblingAtColumn(MemberModel::ShapeColumn))
        ->paint(&painter, option, zero.siblingAtColumn(MemberModel::ShapeColumn));
    QCOMPARE(recorder->mode, Qt::ElideRight);
    tree->itemDelegateForIndex(zero)->paint(&painter, option, zero); // names: the middle goes
    QCOMPARE(recorder->mode, Qt::ElideMiddle);
    painter.end();
    tree->setStyle(nullptr);
    delete recorder;
}

void tst_Friction::helpMenu()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    auto *about = w->findChild<QAction *>(QStringLiteral("about"));
    QVERIFY(about);
    about->trigger();
    auto *box = w->findChild<QMessageBox *>(QStringLiteral("aboutBox"));
    QVERIFY(box);
    // Every library the programs link, with its version and licence.
    QStringList wants{QString::fromLatin1(qVersion()),
                      QStringLiteral("zlib ") + npy::codec::zlibVersion(),
                      QStringLiteral("libdeflate ") + npy::codec::libdeflateVersion(),
                      QStringLiteral("libbz2 ") + npy::codec::bzip2Version(),
                      QStringLiteral("liblzma ") + npy::codec::lzmaVersion(),
                      QStringLiteral("LGPL"),
                      QStringLiteral("MIT")};
    if (!npy::codec::isalVersion().isEmpty())
        wants << QStringLiteral("ISA-L ") + npy::codec::isalVersion();
    for (const QString &want : std::as_const(wants))
        QVERIFY2(box->text().contains(want), qPrintable(want));
    box->close();

    auto *shortcuts = w->findChild<QAction *>(QStringLiteral("shortcuts"));
    QVERIFY(shortcuts);
    QVERIFY(!shortcuts->shortcut().isEmpty());
    shortcuts->trigger();
    auto *dialog = w->findChild<QDialog *>(QStringLiteral("shortcutsDialog"));
    QVERIFY(dialog);
    auto *table = dialog->findChild<QTableWidget *>();
    QVERIFY(table);
    QStringList commands;
    for (int r = 0; r < table->rowCount(); ++r)
        commands << table->item(r, 0)->text() + QLatin1Char('=') + table->item(r, 1)->text();
    QVERIFY2(commands.contains(QStringLiteral("Edit > Copy as NumPy Code=")
                               + QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C).toString(QKeySequence::NativeText)),
             qPrintable(commands.join(QLatin1Char('|'))));
    QVERIFY(commands.size() > 15);
    dialog->close();
}

void tst_Friction::plotOfRecordsAndText()
{
    // goog.npz-like records: a date field and prices.
    const QString path = mDir.filePath(QStringLiteral("prices.npy"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(npytest::pythonWithNumpy(),
            {QStringLiteral("-c"),
             QStringLiteral("import sys, numpy as np\n"
                            "a = np.zeros(5, dtype=[('name', 'U8'), ('date', 'M8[D]'), ('close', 'f8')])\n"
                            "a['date'] = np.arange('2004-08-19', '2004-08-24', dtype='M8[D]')\n"
                            "a['close'] = [100.3, 108.3, 109.4, 104.9, 106.0]\n"
                            "np.save(sys.argv[1], a)\n"),
             path});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    MainWindow *w = open(path);
    QVERIFY(w);
    PlotView *plot = w->arrayViews()->plot();
    QTRY_COMPARE(plot->count(), 5);
    QCOMPARE(plot->fieldName(), QStringLiteral("close"));
    QCOMPARE(plot->xFieldName(), QStringLiteral("date"));
    QCOMPARE(plot->valueAt(1), 108.3);
    QCOMPARE(plot->indexLabel(2), QStringLiteral("2004-08-21"));
    // The Plot tab's menu picks the field and the x axis (after Find, Find Next, Go to Max / Min).
    QMenu *menu = w->arrayViews()->plotMenu();
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 7);
    QVERIFY(menu->actions().at(5)->menu());
    QVERIFY(menu->actions().at(6)->menu());
    delete menu;
    w->arrayViews()->setPlotFields(2, -1);
    QCOMPARE(plot->fieldName(), QStringLiteral("close"));
    QCOMPARE(plot->xFieldName(), QString());
    QCOMPARE(plot->indexLabel(2), QStringLiteral("2"));
    w->arrayViews()->setPlotFields(2, 1);
    QCOMPARE(plot->xFieldName(), QStringLiteral("date"));

    // Text: said in words.
    MainWindow *demo = open(demoPath());
    QVERIFY(demo);
    // A 2-D member: the plot says how to get one, from the table too (its context menu plots rows and columns).
    select(demo, QStringLiteral("image"));
    QTRY_VERIFY(demo->arrayViews()->plot()->message().contains(QLatin1String("table")));
    select(demo, QStringLiteral("names"));
    QCOMPARE(demo->arrayViews()->plot()->count(), 0);
    // A datetime series is labelled with dates.
    select(demo, QStringLiteral("dates"));
    PlotView *dates = demo->arrayViews()->plot();
    QTRY_COMPARE(dates->count(), 60);
    QVERIFY(dates->valueLabel(dates->valueAt(0), 1.0).contains(QLatin1Char('-')));
}

void tst_Friction::sliceBarCombosAndReverseBox()
{
    MainWindow *w = open(demoPath());
    QVERIFY(w);
    select(w, QStringLiteral("stack"));
    for (const QString &name : {QStringLiteral("rowAxis"), QStringLiteral("columnAxis")}) {
        auto *box = w->pane()->sliceBar()->findChild<QComboBox *>(name);
        QVERIFY(box);
        QCOMPARE(box->sizeAdjustPolicy(), QComboBox::AdjustToContents);
        int widest = 0;
        for (int i = 0; i < box->count(); ++i)
            widest = std::max(widest, box->fontMetrics().horizontalAdvance(box->itemText(i)));
        QVERIFY(box->minimumSizeHint().width() > widest);
        QTRY_VERIFY(box->width() >= box->sizeHint().width());
    }
    auto *reverse = w->arrayViews()->heatmap()->findChild<QCheckBox *>(QStringLiteral("reverseColormap"));
    QVERIFY(reverse);
    QVERIFY(!reverse->isChecked());
    reverse->click();
    QVERIFY(w->arrayViews()->heatmap()->isReversed());
}

void tst_Friction::exportDialogRemembersFolderAndNamesCsv()
{
    QSettings().remove(QLatin1String(ExportDialog::kFolderKey));
    const QString base = mDir.filePath(QStringLiteral("weights"));
    {
        // A CSV of the table is named after the file and its member ("a/b" as "a_b").
        ExportDialog d({QStringLiteral("layer1/w")}, QStringLiteral("“layer1/w”, 3 × 4"), 0, base,
                       QStringLiteral("layer1/w"));
        d.setKind(npyw::ExportWorkflow::Kind::SliceCsv);
        QCOMPARE(QDir::fromNativeSeparators(d.path()), mDir.path() + QStringLiteral("/weights_layer1_w.csv"));
        // Exporting to another folder makes it the one the next export starts in.
        QDir(mDir.path()).mkpath(QStringLiteral("out"));
        d.setPath(mDir.filePath(QStringLiteral("out/mine.csv")));
        d.accept();
    }
    ExportDialog next({QStringLiteral("x")}, QStringLiteral("“x”, 2 × 2"), 0, base, QStringLiteral("x"));
    next.setKind(npyw::ExportWorkflow::Kind::SliceCsv);
    QCOMPARE(QDir::fromNativeSeparators(next.path()), mDir.filePath(QStringLiteral("out/weights_x.csv")));
    next.setKind(npyw::ExportWorkflow::Kind::Npz);
    QCOMPARE(QFileInfo(QDir::fromNativeSeparators(next.path())).absolutePath(), mDir.filePath(QStringLiteral("out")));
    QSettings().remove(QLatin1String(ExportDialog::kFolderKey));
}

QTEST_MAIN(tst_Friction)
#include "tst_friction.moc"
