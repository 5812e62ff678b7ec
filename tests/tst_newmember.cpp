// New members end to end: a NumPy-written compressed archive opened in a window; members made by every kind of
// Edit > New Member, from a selection (a rectangle and scattered cells), from pasted text (a block and NumPy
// code), duplicated and moved; each undone and redone under its name; shown in the browser, the table and the
// heatmap; saved and read back by NumPy equal to the same operations done in NumPy, the untouched members (and
// the duplicate) copied raw, in the new order. Also the dialog's checks and the menus.
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "heatmapview.h"
#include "hugetableview.h"
#include "membermaker.h"
#include "membermodel.h"
#include "newmemberdialog.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

class TestNewMember : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mState;
    QList<QPointer<MainWindow>> mWindows;

    /** Waits for the maker's started member; its id, or -1 with the reason in \a why. */
    static int waitMade(QSignalSpy &spy, QString *why)
    {
        if (spy.isEmpty() && !spy.wait(15000)) {
            *why = QStringLiteral("no answer within 15 s");
            return -1;
        }
        const QList<QVariant> args = spy.takeFirst();
        *why = args.at(1).toString();
        return args.at(0).toBool() ? args.at(2).toInt() : -1;
    }

    /** The top undo step's name; then undone (the member gone) and redone (back, under the same id). */
    static QString undoRedo(npyw::Document *doc, const QString &key)
    {
        QUndoStack *stack = doc->undoStack();
        const QString text = stack->text(stack->index() - 1);
        const int id = doc->memberByKey(key) ? doc->memberByKey(key)->id : -1;
        stack->undo();
        if (doc->memberByKey(key))
            return QStringLiteral("still there after undo");
        stack->redo();
        if (!doc->memberByKey(key) || doc->memberByKey(key)->id != id)
            return QStringLiteral("not back after redo");
        return text;
    }

    static npy::MakeSpec spec(npy::MakeKind kind, const QString &dtype, const QString &a, const QString &b = QString(),
                              const QString &c = QString())
    {
        npy::MakeSpec s;
        s.kind = kind;
        s.dtype = dtype;
        switch (kind) {
        case npy::MakeKind::Zeros:
        case npy::MakeKind::Ones:
            s.shape = a;
            break;
        case npy::MakeKind::Full:
            s.shape = a;
            s.value = b;
            break;
        case npy::MakeKind::Arange:
            s.start = a;
            s.stop = b;
            s.step = c;
            break;
        case npy::MakeKind::Linspace:
            s.start = a;
            s.stop = b;
            s.num = c;
            break;
        case npy::MakeKind::Identity:
            s.n = a;
            break;
        }
        return s;
    }

    /** Selects cells (absolute row, column) of the pane's table. */
    static void select(npyw::ArrayPane *pane, const QList<QPair<int, int>> &cells, bool rectangle)
    {
        QItemSelectionModel *sel = pane->table()->view()->selectionModel();
        sel->clearSelection();
        QAbstractItemModel *model = pane->table()->view()->model();
        if (rectangle) {
            sel->select(QItemSelection(model->index(cells[0].first, cells[0].second),
                                       model->index(cells[1].first, cells[1].second)),
                        QItemSelectionModel::Select);
            return;
        }
        for (const auto &c : cells)
            sel->select(model->index(c.first, c.second), QItemSelectionModel::Select);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mState.isValid());
        qputenv("XDG_STATE_HOME", mState.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", mState.path().toUtf8());
        // A test that fails leaves its window edited: closing it discards the edits.
        MainWindow::setSavePrompt([](MainWindow *, const QString &) { return QMessageBox::Discard; });
    }

    void cleanup() { npytest::closeWindows(&mWindows); }

    void menus()
    {
        MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("transform/convert/srcz.npz")), &mWindows);
        QVERIFY(w);
        w->selectMemberNamed(QStringLiteral("f8"));
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        for (const char *key : {"newMember", "newMemberFromSelection", "newMemberFromClipboard", "duplicate"}) {
            auto *a = w->findChild<QAction *>(QLatin1String(key));
            QVERIFY2(a, key);
            bool inMenuBar = false;
            for (QAction *top : w->menuBar()->actions())
                inMenuBar = inMenuBar || (top->menu() && top->menu()->actions().contains(a));
            QVERIFY2(inMenuBar, key);
        }
        w->memberMaker()->updateActions();
        QVERIFY(w->memberMaker()->action(QStringLiteral("newMemberFromSelection"))->isEnabled());
        std::unique_ptr<QMenu> context(w->pane()->contextMenu(0, 0));
        QVERIFY(context->actions().contains(w->memberMaker()->action(QStringLiteral("newMemberFromSelection"))));
    }

    void dialogChecks()
    {
        MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("transform/convert/srcz.npz")), &mWindows);
        QVERIFY(w);
        NewMemberDialog dialog(w->document(), qint64(1) << 20, w);
        QVERIFY(dialog.isAcceptable()); // the defaults: zeros((3, 4)) float64 named "new"
        QCOMPARE(dialog.key(), QStringLiteral("new"));
        dialog.setSpec(QStringLiteral("a"), spec(npy::MakeKind::Arange, QStringLiteral("int32"), QString(),
                                                 QStringLiteral("10"), QStringLiteral("3")));
        QVERIFY(dialog.isAcceptable());
        QVERIFY2(dialog.previewText().contains(QLatin1String("[0, 3, 6, 9]")), qPrintable(dialog.previewText()));
        QVERIFY2(dialog.previewText().contains(QLatin1String("16 B")), qPrintable(dialog.previewText()));
        dialog.setSpec(QStringLiteral("a"), spec(npy::MakeKind::Arange, QStringLiteral("'S3'"), QString(),
                                                 QStringLiteral("10")));
        QVERIFY(!dialog.isAcceptable());
        QVERIFY2(dialog.errorText().contains(QLatin1String("arange")), qPrintable(dialog.errorText()));
        dialog.setSpec(QStringLiteral("f8"), spec(npy::MakeKind::Zeros, QStringLiteral("float64"), QStringLiteral("3")));
        QVERIFY2(dialog.errorText().contains(QLatin1String("exists already")), qPrintable(dialog.errorText()));
        dialog.setSpec(QStringLiteral("big"), spec(npy::MakeKind::Zeros, QStringLiteral("float64"),
                                                   QStringLiteral("(1000, 1000)")));
        QVERIFY2(dialog.errorText().contains(QLatin1String("more than")), qPrintable(dialog.errorText()));
        dialog.setSpec(QStringLiteral("a/../b"), spec(npy::MakeKind::Zeros, QStringLiteral("float64"), QStringLiteral("3")));
        QVERIFY2(dialog.errorText().contains(QLatin1String("folder part")), qPrintable(dialog.errorText()));
    }

    void endToEnd()
    {
        QTemporaryDir dir;
        const QString source = npytest::dataPath(QStringLiteral("transform/convert/srcz.npz"));
        MainWindow *w = npytest::openWindow(source, &mWindows);
        QVERIFY(w);
        npyw::Document *doc = w->document();
        MemberMaker *maker = w->memberMaker();
        QSignalSpy finished(maker, &MemberMaker::finished);
        QString why;
        using K = npy::MakeKind;

        // Edit > New Member, each kind.
        const QList<QPair<QString, npy::MakeSpec>> made = {
            {QStringLiteral("ar"), spec(K::Arange, QStringLiteral("int32"), QStringLiteral("0"), QStringLiteral("10"),
                                        QStringLiteral("3"))},
            {QStringLiteral("lin"), spec(K::Linspace, QStringLiteral("float32"), QStringLiteral("0"),
                                         QStringLiteral("1"), QStringLiteral("7"))},
            {QStringLiteral("eye"), spec(K::Identity, QStringLiteral("bool"), QStringLiteral("3"))},
            {QStringLiteral("fu"), spec(K::Full, QStringLiteral("float16"), QStringLiteral("(2, 3)"),
                                        QStringLiteral("1.5"))},
            {QStringLiteral("z"), spec(K::Zeros, QStringLiteral("'U3'"), QStringLiteral("(2, 2)"))},
            {QStringLiteral("o"), spec(K::Ones, QStringLiteral("datetime64[s]"), QStringLiteral("3"))},
            {QStringLiteral("days"), spec(K::Arange, QStringLiteral("datetime64[D]"), QStringLiteral("2024-02-27"),
                                          QStringLiteral("2024-03-02"))},
        };
        for (const auto &m : made) {
            QVERIFY2(maker->create(m.first, m.second, &why), qPrintable(why));
            const int id = waitMade(finished, &why);
            QVERIFY2(id >= 0, qPrintable(why));
            QCOMPARE(undoRedo(doc, m.first), QStringLiteral("New Member “%1”").arg(m.first));
            QVERIFY(w->memberModel()->indexOfMember(id).isValid());
        }
        // The new member shows in the browser, the table and the heatmap.
        w->selectMember(doc->memberByKey(QStringLiteral("fu"))->id);
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        QCOMPARE(w->pane()->memberId(), doc->memberByKey(QStringLiteral("fu"))->id);
        QCOMPARE(w->pane()->model()->totalRows(), qint64(2));
        QCOMPARE(w->arrayViews()->heatmap()->sliceRows(), qint64(2));
        QCOMPARE(w->arrayViews()->heatmap()->sliceCols(), qint64(3));

        // From the selection of f8 (4, 5): a rectangle, then scattered cells.
        w->selectMember(doc->memberByKey(QStringLiteral("f8"))->id);
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable() && w->pane()->memberId() >= 0; }, 10000));
        select(w->pane(), {{1, 1}, {2, 3}}, true);
        QVERIFY2(maker->fromSelection(QStringLiteral("crop"), &why), qPrintable(why));
        QVERIFY2(waitMade(finished, &why) >= 0, qPrintable(why));
        QCOMPARE(undoRedo(doc, QStringLiteral("crop")), QStringLiteral("New Member “crop” from Selection"));
        QCOMPARE(doc->memberByKey(QStringLiteral("crop"))->header().shape, (QList<qint64>{2, 3}));
        w->selectMember(doc->memberByKey(QStringLiteral("f8"))->id);
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        select(w->pane(), {{3, 4}, {0, 0}, {2, 2}}, false);
        QVERIFY2(maker->fromSelection(QString(), &why), qPrintable(why));
        QVERIFY2(waitMade(finished, &why) >= 0, qPrintable(why));
        QCOMPARE(undoRedo(doc, QStringLiteral("selection")), QStringLiteral("New Member “selection” from Selection"));

        // From pasted text: a spreadsheet's block, and Copy as NumPy Code of i4.
        QVERIFY2(maker->fromText(QStringLiteral("1\t2.5\n3\t4\n"), QString(), &why), qPrintable(why));
        QVERIFY2(waitMade(finished, &why) >= 0, qPrintable(why));
        QCOMPARE(undoRedo(doc, QStringLiteral("pasted")), QStringLiteral("New Member “pasted” from Clipboard"));
        w->selectMember(doc->memberByKey(QStringLiteral("i4"))->id);
        QVERIFY2(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000),
                 qPrintable(w->pane()->messageText() + QStringLiteral(" / shown %1, i4 %2")
                                                            .arg(w->pane()->memberId())
                                                            .arg(doc->memberByKey(QStringLiteral("i4"))->id)));
        w->pane()->table()->view()->selectionModel()->clearSelection();
        const QString code = w->pane()->numpyCode(&why);
        QVERIFY2(!code.isEmpty(), qPrintable(why));
        QVERIFY2(maker->fromText(code, QStringLiteral("code"), &why), qPrintable(why));
        QVERIFY2(waitMade(finished, &why) >= 0, qPrintable(why));
        QCOMPARE(undoRedo(doc, QStringLiteral("code")), QStringLiteral("New Member “code” from Clipboard"));
        QVERIFY(!maker->fromText(QStringLiteral("1\t2\n3"), QString(), &why) || waitMade(finished, &why) < 0);
        QVERIFY2(why.contains(QLatin1String("row 2 has 1 values")), qPrintable(why));

        // Duplicate, and member order: "u" dragged to the top of the browser, "ar" before "f8".
        const int copy = doc->duplicateMember(doc->memberByKey(QStringLiteral("i8"))->id);
        QVERIFY(copy >= 0);
        QCOMPARE(undoRedo(doc, QStringLiteral("i8_copy")), QStringLiteral("Duplicate Member “i8”"));
        npyw::MemberModel *model = w->memberModel();
        auto dragTo = [&](const QString &key, int row) {
            std::unique_ptr<QMimeData> mime(model->mimeData({model->indexOfMember(doc->memberByKey(key)->id)}));
            return model->dropMimeData(mime.get(), Qt::CopyAction, row, 0, QModelIndex());
        };
        QVERIFY(dragTo(QStringLiteral("u"), 0));
        QCOMPARE(doc->undoStack()->text(doc->undoStack()->index() - 1), QStringLiteral("Move Member “u”"));
        doc->undoStack()->undo();
        QCOMPARE(doc->memberAt(0).key, QStringLiteral("f8"));
        doc->undoStack()->redo();
        QCOMPARE(doc->memberAt(0).key, QStringLiteral("u"));
        QVERIFY(dragTo(QStringLiteral("ar"), model->indexOfMember(doc->memberByKey(QStringLiteral("f8"))->id).row()));
        QCOMPARE(doc->memberAt(1).key, QStringLiteral("ar"));
        QStringList order;
        for (int i = 0; i < doc->memberCount(); ++i)
            order.append(doc->memberAt(i).key);

        const QString out = dir.filePath(QStringLiteral("out.npz"));
        QVERIFY(doc->saveNow(out, doc->nativeSaveFormat()).ok());
        const QString script = QStringLiteral(R"(
import sys, struct, zipfile, numpy as np
src, out, order = sys.argv[1], sys.argv[2], sys.argv[3].split(',')
s = np.load(src); o = np.load(out)
assert o.files == order, (o.files, order)
f8 = s['f8']
want = {
    'ar': np.arange(0, 10, 3, dtype='int32'), 'lin': np.linspace(0, 1, 7, dtype='float32'),
    'eye': np.identity(3, dtype=bool), 'fu': np.full((2, 3), 1.5, dtype='float16'), 'z': np.zeros((2, 2), 'U3'),
    'o': np.ones(3, 'datetime64[s]'), 'days': np.arange('2024-02-27', '2024-03-02', dtype='datetime64[D]'),
    'crop': f8[1:3, 1:4], 'selection': np.array([f8[0, 0], f8[2, 2], f8[3, 4]]),
    'pasted': np.array([[1, 2.5], [3, 4]]), 'code': s['i4'], 'i8_copy': s['i8'],
}
for k, a in list(want.items()) + [(k, s[k]) for k in s.files]:
    b = o[k]
    assert b.dtype == a.dtype and b.shape == a.shape and b.tobytes() == a.tobytes(), (k, a, b)
def raw(path, name):
    info = zipfile.ZipFile(path).getinfo(name)
    with open(path, 'rb') as f:
        f.seek(info.header_offset)
        n, m = struct.unpack('<HH', f.read(30)[26:30])
        f.seek(info.header_offset + 30 + n + m)
        return info.compress_type, info.CRC, f.read(info.compress_size)
for k in s.files:
    assert raw(src, k + '.npy') == raw(out, k + '.npy'), k
assert raw(src, 'i8.npy') == raw(out, 'i8_copy.npy')
print('ok', len(o.files))
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {source, out, order.join(QLatin1Char(','))}, &output), qPrintable(output));
        QVERIFY2(output.startsWith(QLatin1String("ok")), qPrintable(output));
    }
};

QTEST_MAIN(TestNewMember)
#include "tst_newmember.moc"
