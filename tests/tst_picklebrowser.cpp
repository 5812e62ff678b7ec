// Pickled members in the window: the browser expands them into the values read as data, the
// inspector says so (or why a pickle is refused), selecting a value shows it in the window's main
// table, heatmap and plot (read-only), inner arrays export byte-identical to np.save (button, drag),
// and saving keeps pickled members byte for byte.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "inspectorpanel.h"
#include "membermodel.h"
#include "opensource.h"
#include "pickleview.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace npyw;

class tst_PickleBrowser : public QObject
{
    Q_OBJECT

private slots:
    void dictMemberExpandsIntoKeys();
    void archiveWithPlainAndPickled();
    void refusedPickleSaysWhy();
    void valueViewShowsTablesAndHeatmaps();
    void exportOfAnInnerArrayIsNpSave();
    void savingKeepsPickledMembers();
    void windowShowsPickledValues();
    void windowShowsValuesInTheMainPanes();
    void numpyPython2FilesInTheWindow();

private:
    static std::shared_ptr<const npy::Source> open(const QString &name);
    static QModelIndex child(MemberModel &model, const QModelIndex &parent, const QString &name);
    static QJsonObject expectedMember(const QString &file);
};

std::shared_ptr<const npy::Source> tst_PickleBrowser::open(const QString &name)
{
    auto r = npy::openSource(npytest::dataPath(QStringLiteral("pickle/") + name));
    if (!r)
        qFatal("cannot open %s", qPrintable(name));
    return r.value();
}

QModelIndex tst_PickleBrowser::child(MemberModel &model, const QModelIndex &parent, const QString &name)
{
    if (model.canFetchMore(parent))
        model.fetchMore(parent);
    if (!QTest::qWaitFor([&]() { return !model.isReadingPickle(); }, 10000))
        return QModelIndex();
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex idx = model.index(r, MemberModel::NameColumn, parent);
        if (idx.data().toString() == name)
            return idx;
    }
    return QModelIndex();
}

QJsonObject tst_PickleBrowser::expectedMember(const QString &file)
{
    QFile f(npytest::dataPath(QStringLiteral("pickle/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no pickle/expected.json");
    for (const QJsonValue &g : QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("good")].toArray())
        if (g[QStringLiteral("file")].toString() == file)
            return g[QStringLiteral("members")].toArray().first().toObject();
    return QJsonObject();
}

void tst_PickleBrowser::dictMemberExpandsIntoKeys()
{
    Document doc(open(QStringLiteral("dict_arrays_scalars.npy")));
    {
        // Values are fetched when the member is expanded, not before, and read on a worker.
        MemberModel lazy(&doc);
        const QModelIndex member = lazy.index(0, 0);
        QVERIFY(lazy.hasChildren(member));
        QVERIFY(!(lazy.flags(member) & Qt::ItemNeverHasChildren));
        QVERIFY(lazy.canFetchMore(member));
        QCOMPARE(lazy.rowCount(member), 0);
        QVERIFY(member.data(Qt::ToolTipRole).toString().contains(QLatin1String("when expanded")));
        lazy.fetchMore(member);
        QVERIFY(!lazy.canFetchMore(member));
        QVERIFY(lazy.isReadingPickle());
        QTRY_COMPARE(lazy.rowCount(member), 12);
        QVERIFY(!lazy.isReadingPickle());
    }
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex member = model.index(0, 0);
    if (model.canFetchMore(member))
        model.fetchMore(member);
    QTRY_VERIFY(!model.isReadingPickle());
    QStringList keys;
    for (int r = 0; r < model.rowCount(member); ++r)
        keys << model.index(r, 0, member).data().toString();
    QCOMPARE(keys, QStringLiteral("weights count name nested c big neg small raw pair zero tiny").split(QLatin1Char(' ')));
    const QModelIndex weights = child(model, member, QStringLiteral("weights"));
    QCOMPARE(model.memberId(weights), -1);
    QCOMPARE(weights.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("(2, 3)"));
    QVERIFY(weights.siblingAtColumn(MemberModel::DTypeColumn).data().toString().contains(QLatin1String("<f8")));
    QVERIFY(!model.hasChildren(weights));
    const QModelIndex big = child(model, member, QStringLiteral("big"));
    QCOMPARE(big.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("1180591620717411303424"));
    const QModelIndex flags = child(model, child(model, member, QStringLiteral("nested")), QStringLiteral("flags"));
    QVERIFY(flags.isValid());
    const QModelIndex third = child(model, flags, QStringLiteral("[2]"));
    QCOMPARE(third.siblingAtColumn(MemberModel::ShapeColumn).data().toString(), QStringLiteral("None"));
    const MemberModel::PickleItem item = model.pickleItem(third);
    QCOMPARE(item.path, QStringLiteral("nested flags [2]").split(QLatin1Char(' ')));
    QVERIFY(item.tree);
    QVERIFY(third.data(Qt::ToolTipRole).toString().contains(QLatin1String("not executed")));

    InspectorPanel inspector(&doc);
    inspector.showMember(doc.memberAt(0).id);
    QTRY_VERIFY2(inspector.metadataText().contains(QLatin1String("pickle read as data (not executed)")),
                 qPrintable(inspector.metadataText()));
}

void tst_PickleBrowser::archiveWithPlainAndPickled()
{
    Document doc(open(QStringLiteral("mixed.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTreeView view;
    view.setModel(&model);
    view.expandAll();
    const QModelIndex plain = child(model, QModelIndex(), QStringLiteral("plain"));
    QVERIFY(!model.hasChildren(plain));
    QVERIFY(model.flags(plain) & Qt::ItemNeverHasChildren);
    const QModelIndex strs = child(model, QModelIndex(), QStringLiteral("strs"));
    QCOMPARE(child(model, strs, QStringLiteral("[1]")).siblingAtColumn(MemberModel::ShapeColumn).data().toString(),
             QStringLiteral("'y'"));
    const QModelIndex obj = child(model, QModelIndex(), QStringLiteral("obj"));
    QCOMPARE(model.rowCount(obj), 2);
    QCOMPARE(child(model, child(model, obj, QStringLiteral("[0]")), QStringLiteral("a"))
                 .siblingAtColumn(MemberModel::ShapeColumn).data().toString(),
             QStringLiteral("1"));
}

void tst_PickleBrowser::refusedPickleSaysWhy()
{
    Document doc(open(QStringLiteral("hostile_member.npz")));
    MemberModel model(&doc);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex evil = child(model, QModelIndex(), QStringLiteral("evil"));
    QVERIFY(evil.isValid());
    if (model.canFetchMore(evil))
        model.fetchMore(evil);
    QTRY_VERIFY(!model.isReadingPickle());
    QCOMPARE(model.rowCount(evil), 0);
    QVERIFY(evil.data(Qt::ToolTipRole).toString().contains(QLatin1String("posix.system")));
    const MemberModel::PickleItem item = model.pickleItem(evil);
    QVERIFY(!item.tree);
    QVERIFY(item.error.contains(QLatin1String("posix.system")));
    InspectorPanel inspector(&doc);
    inspector.showMember(model.memberId(evil));
    QTRY_VERIFY(inspector.metadataText().contains(QLatin1String("posix.system")));

    QWidget window;
    QTreeView view(&window);
    view.setModel(&model);
    PickleView *shown = showPickleItem(&window, &view, evil);
    QVERIFY(shown);
    QVERIFY(shown->headerText().contains(QLatin1String("refused")));
    QVERIFY(!shown->canExport());
    // Nothing but the reason: no empty table saying "Select a member in the browser."
    QVERIFY(!shown->splitter()->isVisibleTo(shown));
    QCOMPARE(showPickleItem(&window, &view, child(model, QModelIndex(), QStringLiteral("plain"))), nullptr);
}

void tst_PickleBrowser::valueViewShowsTablesAndHeatmaps()
{
    Document doc(open(QStringLiteral("mixed_2d.npy")));
    MemberModel model(&doc);
    QWidget window;
    QTreeView view(&window);
    view.setModel(&model);
    // The member itself: a 2-D object array as a grid of reprs.
    view.setCurrentIndex(model.index(0, 0));
    PickleView *shown = showPickleItem(&window, &view, model.index(0, 0));
    QVERIFY(shown);
    // Read on a worker: first a note, then the value.
    QTRY_VERIFY(shown->headerText().contains(QLatin1String("pickle read as data (not executed)")));
    QVERIFY(shown->pane()->isShowingTable());
    QVERIFY(shown->splitter()->isVisibleTo(shown));
    ArrayTableModel *table = shown->pane()->model();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->columnCount(), 3);
    QVERIFY(table->index(0, 1).data().toString().contains(QLatin1Char('a')));
    QVERIFY(table->index(1, 2).data().toString().contains(QLatin1String("'k'")));

    Document dict(open(QStringLiteral("dict_arrays_scalars.npy")));
    MemberModel dictModel(&dict);
    view.setModel(&dictModel);
    const QModelIndex weights = child(dictModel, dictModel.index(0, 0), QStringLiteral("weights"));
    shown = showPickleItem(&window, &view, weights);
    QVERIFY(shown->canExport());
    QCOMPARE(shown->pane()->model()->rowCount(), 2);
    QCOMPARE(shown->pane()->model()->columnCount(), 3);
    QCOMPARE(shown->heatmap()->sliceRows(), qint64(2));
    QCOMPARE(shown->heatmap()->sliceCols(), qint64(3));
    QVERIFY(shown->heatmap()->errorText().isEmpty());
    // Read-only: edits are refused and the value keeps its bytes.
    QVERIFY(!shown->pane()->model()->isEditable());
    QVERIFY(!(shown->pane()->model()->flags(shown->pane()->model()->index(0, 0)) & Qt::ItemIsEditable));
    const QString before = shown->pane()->model()->index(0, 1).data().toString();
    QString why;
    shown->pane()->table()->view()->setCurrentIndex(shown->pane()->model()->index(0, 1));
    QVERIFY(!shown->pane()->pasteText(QStringLiteral("42"), &why));
    QVERIFY(!why.isEmpty());
    QCOMPARE(shown->pane()->model()->index(0, 1).data().toString(), before);
    // A str shows as one cell of text.
    shown = showPickleItem(&window, &view, child(dictModel, dictModel.index(0, 0), QStringLiteral("name")));
    QVERIFY(shown->pane()->isShowingTable());
    QVERIFY(!shown->canExport());
    // Laid out as the window lays out a member: the table beside the heatmap and plot.
    QCOMPARE(shown->splitter()->count(), 2);
    QCOMPARE(shown->splitter()->widget(0), static_cast<QWidget *>(shown->pane()));
    QCOMPARE(shown->splitter()->widget(1), static_cast<QWidget *>(shown->views()));
    QCOMPARE(shown->heatmap(), shown->views()->heatmap());
}

void tst_PickleBrowser::exportOfAnInnerArrayIsNpSave()
{
    Document doc(open(QStringLiteral("ragged.npy")));
    MemberModel model(&doc);
    QWidget window;
    QTreeView view(&window);
    view.setModel(&model);
    const QJsonArray arrays = expectedMember(QStringLiteral("ragged.npy"))[QStringLiteral("arrays")].toArray();
    QCOMPARE(arrays.size(), 3);
    QTemporaryDir tmp;
    for (int i = 0; i < 3; ++i) {
        PickleView *shown = showPickleItem(&window, &view, child(model, model.index(0, 0), QStringLiteral("[%1]").arg(i)));
        QVERIFY(shown && shown->canExport());
        const QString path = tmp.filePath(QStringLiteral("%1.npy").arg(i));
        QString error;
        QVERIFY2(shown->exportArray(path, &error), qPrintable(error));
        QCOMPARE(npytest::fileDigest(path).toHex(), arrays[i][QStringLiteral("sha256")].toString().toLatin1());
    }
    // Dragged out of the browser: .npy files, the same bytes.
    const QModelIndex second = child(model, model.index(0, 0), QStringLiteral("[1]"));
    QVERIFY(model.flags(second) & Qt::ItemIsDragEnabled);
    std::unique_ptr<QMimeData> mime(model.mimeData({second}));
    QVERIFY(mime && mime->hasUrls());
    QCOMPARE(mime->urls().size(), 1);
    QCOMPARE(npytest::fileDigest(mime->urls().first().toLocalFile()).toHex(),
             arrays[1][QStringLiteral("sha256")].toString().toLatin1());
    QVERIFY(mime->urls().first().toLocalFile().endsWith(QLatin1String(".npy")));
}

void tst_PickleBrowser::savingKeepsPickledMembers()
{
    auto source = open(QStringLiteral("mixed_compressed.npz"));
    Document doc(source);
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("saved.npz"));
    const npy::Status written = doc.saveNow(out, doc.nativeSaveFormat());
    QVERIFY2(written, qPrintable(written.error()));
    auto saved = npy::openSource(out);
    QVERIFY(saved.ok());
    for (const QString &name : {QStringLiteral("obj"), QStringLiteral("strs")}) {
        const int a = source->indexOf(name);
        const int b = saved.value()->indexOf(name);
        QVERIFY(a >= 0 && b >= 0);
        QCOMPARE(saved.value()->readRaw(b).value(), source->readRaw(a).value());
    }
}

void tst_PickleBrowser::windowShowsPickledValues()
{
    QList<QPointer<MainWindow>> windows;
    MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("pickle/mixed.npz")), &windows);
    QVERIFY(w);
    QTreeView *tree = w->memberTree();
    auto *model = qobject_cast<MemberModel *>(tree->model());
    QVERIFY(model);
    const QModelIndex obj = child(*model, QModelIndex(), QStringLiteral("obj"));
    const QModelIndex array = child(*model, obj, QStringLiteral("[1]"));
    QVERIFY(array.isValid());
    tree->setCurrentIndex(array);
    auto *view = w->findChild<PickleView *>(QStringLiteral("pickleView"));
    QVERIFY(view);
    QCOMPARE(view, w->valueView());
    QVERIFY(!view->isWindow()); // in the window's central area, not a window of its own
    QVERIFY(w->isShowingValue());
    QVERIFY(view->canExport());
    QVERIFY(view->headerText().contains(QLatin1String("pickle read as data (not executed)")));
    QCOMPARE(view->pane()->model()->rowCount(), 2);
    // Selecting a plain member again shows it in the window's own table.
    w->selectMember(w->document()->memberAt(0).id);
    QCOMPARE(w->document()->memberAt(0).key, QStringLiteral("plain"));
    QVERIFY(!w->isShowingValue());
    QVERIFY(w->pane()->isVisible());
    QCOMPARE(w->pane()->memberId(), w->document()->memberAt(0).id);
    npytest::closeWindows(&windows);
}

void tst_PickleBrowser::windowShowsValuesInTheMainPanes()
{
    QList<QPointer<MainWindow>> windows;
    MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("pickle/dict_arrays_scalars.npy")), &windows);
    QVERIFY(w);
    QTreeView *tree = w->memberTree();
    auto *model = qobject_cast<MemberModel *>(tree->model());
    QVERIFY(model);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PickleView *view = w->valueView();
    QVERIFY(view);

    // The member itself (np.save of a dict): its keys and values as a two-column table.
    const QModelIndex member = model->index(0, 0);
    tree->setCurrentIndex(member);
    QVERIFY(w->isShowingValue());
    QTRY_VERIFY(view->headerText().contains(QLatin1String("pickle read as data (not executed)")));
    QCOMPARE(view->pane()->model()->rowCount(), 12);
    QCOMPARE(view->pane()->model()->columnCount(), 2);
    QCOMPARE(view->pane()->model()->index(0, 0).data().toString(), QStringLiteral("weights"));

    // An inner 2-D float array: the main table and heatmap, as a member shows.
    const QModelIndex weights = child(*model, member, QStringLiteral("weights"));
    QVERIFY(weights.isValid());
    QSignalSpy shown(tree->selectionModel(), &QItemSelectionModel::currentChanged);
    tree->setCurrentIndex(weights);
    QCOMPARE(shown.count(), 1);
    QVERIFY(w->isShowingValue());
    QVERIFY(view->isVisible());
    QVERIFY(!w->pane()->isVisible());
    QVERIFY(view->pane()->isShowingTable());
    QCOMPARE(view->pane()->model()->rowCount(), 2);
    QCOMPARE(view->pane()->model()->columnCount(), 3);
    QCOMPARE(view->pane()->model()->index(1, 2).data(Qt::DisplayRole).toString(), QStringLiteral("5.0"));
    HeatmapView *heatmap = view->views()->heatmap();
    QTRY_COMPARE(heatmap->sliceRows(), qint64(2));
    QCOMPARE(heatmap->sliceCols(), qint64(3));
    QVERIFY(heatmap->errorText().isEmpty());
    QVERIFY(!view->views()->isPlotOnly());
    QVERIFY(view->canExport());
    // The window's Edit actions act on the value shown: Copy copies its cell, a paste is refused.
    view->pane()->table()->view()->setCurrentIndex(view->pane()->model()->index(1, 2));
    QAction *copy = nullptr;
    for (QAction *a : w->findChildren<QAction *>())
        if (a->text() == QLatin1String("&Copy"))
            copy = a;
    QVERIFY(copy);
    QGuiApplication::clipboard()->clear();
    copy->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text().trimmed(), QStringLiteral("5.0"));
    view->pane()->table()->view()->setCurrentIndex(view->pane()->model()->index(0, 0));
    QString why;
    QVERIFY(!view->pane()->pasteText(QStringLiteral("7"), &why));
    QVERIFY(!w->document()->isModified());
    QCOMPARE(view->pane()->model()->index(0, 0).data(Qt::DisplayRole).toString(), QStringLiteral("0.0"));

    // A 1-D inner list is a column of reprs, plotted rather than drawn as a heatmap.
    const QModelIndex flags = child(*model, child(*model, member, QStringLiteral("nested")), QStringLiteral("flags"));
    tree->setCurrentIndex(flags);
    QVERIFY(w->isShowingValue());
    QCOMPARE(view->pane()->model()->rowCount(), 5);
    QCOMPARE(view->pane()->model()->index(2, 0).data().toString(), QStringLiteral("None"));
    npytest::closeWindows(&windows);

    // An object array of str: a column of text; a 2-D mixed object array: a grid of reprs.
    w = npytest::openWindow(npytest::dataPath(QStringLiteral("pickle/object_str.npy")), &windows);
    QVERIFY(w);
    QTRY_VERIFY(w->isShowingValue() && w->valueView()->headerText().contains(QLatin1String("not executed")));
    ArrayTableModel *table = w->valueView()->pane()->model();
    QCOMPARE(table->rowCount(), 5);
    QCOMPARE(table->columnCount(), 1);
    QCOMPARE(table->index(1, 0).data().toString(), QStringLiteral("béta"));
    QCOMPARE(table->index(4, 0).data().toString(), QStringLiteral("日本"));
    npytest::closeWindows(&windows);
    w = npytest::openWindow(npytest::dataPath(QStringLiteral("pickle/mixed_2d.npy")), &windows);
    QVERIFY(w);
    QTRY_VERIFY(w->isShowingValue() && w->valueView()->headerText().contains(QLatin1String("not executed")));
    table = w->valueView()->pane()->model();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->columnCount(), 3);
    QCOMPARE(table->index(0, 1).data().toString(), QStringLiteral("a"));
    QCOMPARE(table->index(1, 1).data().toString(), QStringLiteral("(1, 2)"));
    QCOMPARE(table->index(1, 2).data().toString(), QStringLiteral("{'k': [1]}"));
    npytest::closeWindows(&windows);
}

void tst_PickleBrowser::numpyPython2FilesInTheWindow()
{
    // NumPy's own Python 2 test file: [None, xrange, u'優良', '不良' as UTF-8 bytes], xrange never called.
    for (const QString &file : {QStringLiteral("numpy_py2-objarr.npy"), QStringLiteral("numpy_py3-objarr.npz")}) {
        QList<QPointer<MainWindow>> windows;
        MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("pickle/") + file), &windows);
        QVERIFY(w);
        auto *model = qobject_cast<MemberModel *>(w->memberTree()->model());
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex member = model->index(0, 0);
        QVERIFY(!member.data(Qt::ForegroundRole).isValid()); // not greyed as a member with nothing to show
        QStringList values;
        for (int i = 0; i < 4; ++i)
            values << child(*model, member, QStringLiteral("[%1]").arg(i)).siblingAtColumn(MemberModel::ShapeColumn).data().toString();
        QCOMPARE(values, (QStringList{QStringLiteral("None"), QStringLiteral("<class 'range'>"), QStringLiteral("'優良'"),
                                      QStringLiteral("b'\\xe4\\xb8\\x8d\\xe8\\x89\\xaf'")}));
        QVERIFY(child(*model, member, QStringLiteral("[1]")).siblingAtColumn(MemberModel::DTypeColumn).data().toString()
                    .contains(QLatin1String("builtins.range")));
        w->memberTree()->setCurrentIndex(member);
        QTRY_VERIFY(w->isShowingValue() && w->valueView()->headerText().contains(QLatin1String("not executed")));
        ArrayTableModel *table = w->valueView()->pane()->model();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->index(1, 0).data().toString(), QStringLiteral("<class 'range'>"));
        QCOMPARE(table->index(2, 0).data().toString(), QStringLiteral("優良"));
        npytest::closeWindows(&windows);
    }
}

QTEST_MAIN(tst_PickleBrowser)
#include "tst_picklebrowser.moc"
