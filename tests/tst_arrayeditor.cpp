// Edit > Array end to end: a NumPy-written archive opened in a window, reshaped, cast unsafely (after the
// warning of what changes), rows inserted and deleted, each undone and redone, saved as .npz, and read
// back by NumPy equal to the same operations done in NumPy.
#include "arrayeditor.h"
#include "arraypane.h"
#include "document.h"
#include "inflatebudget.h"
#include "testdata.h"
#include "windowtesting.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

class TestArrayEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mState;
    QList<QPointer<MainWindow>> mWindows;

    /** Waits for the editor's started edit to finish; true when it was applied. */
    static bool waitDone(QSignalSpy &spy, QString *why)
    {
        if (spy.isEmpty() && !spy.wait(15000)) {
            *why = QStringLiteral("no answer within 15 s");
            return false;
        }
        const QList<QVariant> args = spy.takeFirst();
        *why = args.at(1).toString();
        return args.at(0).toBool();
    }

    static void undoRedo(npyw::Document *doc)
    {
        doc->undoStack()->undo();
        doc->undoStack()->redo();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mState.isValid());
        qputenv("XDG_STATE_HOME", mState.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", mState.path().toUtf8());
    }

    void cleanup() { npytest::closeWindows(&mWindows); }

    void parseIntTuple_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QList<qint64>>("values");
        QTest::newRow("tuple") << "(3, 4)" << true << QList<qint64>{3, 4};
        QTest::newRow("one") << "(5,)" << true << QList<qint64>{5};
        QTest::newRow("bare") << "2,-1" << true << QList<qint64>{2, -1};
        QTest::newRow("list") << "[1, 0, 2]" << true << QList<qint64>{1, 0, 2};
        QTest::newRow("0-d") << "()" << true << QList<qint64>{};
        QTest::newRow("empty") << "" << false << QList<qint64>{};
        QTest::newRow("word") << "(3, x)" << false << QList<qint64>{};
        QTest::newRow("double comma") << "(3,,4)" << false << QList<qint64>{};
    }

    void parseIntTuple()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QList<qint64>, values);
        QList<qint64> out;
        QCOMPARE(ArrayEditor::parseIntTuple(text, &out), ok);
        if (ok)
            QCOMPARE(out, values);
    }

    void menuAndRefusals()
    {
        MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("transform/convert/src.npz")), &mWindows);
        QVERIFY(w);
        ArrayEditor *editor = w->arrayEditor();
        QVERIFY(editor);
        w->selectMemberNamed(QStringLiteral("f8"));
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        editor->updateActions();
        for (const char *key : {"arrayTranspose", "arrayReshape", "arrayChangeType", "arrayInsertRows",
                                "arrayInsertColumns", "arrayDeleteRows", "arrayDeleteColumns"}) {
            QVERIFY2(editor->action(QLatin1String(key)), key);
            QVERIFY2(editor->action(QLatin1String(key))->isEnabled(), key);
        }
        // The table's context menu offers the same submenu.
        QMenu *context = w->pane()->contextMenu(0, 0);
        bool found = false;
        for (QAction *a : context->actions())
            found = found || a->menu() == editor->menu();
        delete context;
        QVERIFY(found);
        QString why;
        QVERIFY(!editor->reshape(QStringLiteral("(3, 3)"), npy::MemoryOrder::C, &why));
        QVERIFY2(why.contains(QLatin1String("cannot reshape array of size 20 into shape")), qPrintable(why));
        QVERIFY(!editor->reshape(QStringLiteral("(-1, -1)"), npy::MemoryOrder::C, &why));
        QVERIFY2(why.contains(QLatin1String("can only specify one unknown dimension")), qPrintable(why));
        QVERIFY(!editor->changeType(QStringLiteral("int8"), npy::Casting::Safe, &why));
        QVERIFY2(why.contains(QLatin1String("safe")), qPrintable(why));
        QVERIFY(!editor->changeType(QStringLiteral("nonsense"), npy::Casting::Unsafe, &why));
        // The member's own dtype is no change: refused, no undo step.
        QVERIFY(!editor->changeType(QStringLiteral("float64"), npy::Casting::Unsafe, &why));
        QVERIFY2(why.contains(QLatin1String("already")), qPrintable(why));
        // Steps that change nothing are refused too: the same shape (in either order), the axes in their own order.
        QVERIFY(!editor->reshape(QStringLiteral("(4, -1)"), npy::MemoryOrder::F, &why));
        QVERIFY2(why.contains(QLatin1String("has the shape (4, 5) already")), qPrintable(why));
        QVERIFY(!editor->transpose({0, 1}, &why));
        QVERIFY2(why.contains(QLatin1String("changes nothing")), qPrintable(why));
        QVERIFY(!editor->transpose({-2, -1}, &why));
        QVERIFY2(why.contains(QLatin1String("changes nothing")), qPrintable(why));
        QVERIFY(!editor->insertSlices(true, 0, 1, QStringLiteral("abc"), &why));
        QVERIFY(!editor->deleteSlices(true, 3, 2, &why));
        QCOMPARE(w->document()->undoStack()->count(), 0);
    }

    void endToEnd()
    {
        QTemporaryDir dir;
        const QString source = npytest::dataPath(QStringLiteral("transform/convert/src.npz"));
        MainWindow *w = npytest::openWindow(source, &mWindows);
        QVERIFY(w);
        ArrayEditor *editor = w->arrayEditor();
        npyw::Document *doc = w->document();
        w->selectMemberNamed(QStringLiteral("i4"));
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        QSignalSpy finished(editor, &ArrayEditor::finished);
        QString why;

        // np.reshape(a, (5, 2), order='F')
        QVERIFY2(editor->reshape(QStringLiteral("(5, 2)"), npy::MemoryOrder::F, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(doc->undoStack()->text(doc->undoStack()->index() - 1), QStringLiteral("Reshape “i4” to (5, 2)"));
        undoRedo(doc);

        // a.astype('int16', casting='unsafe'), after the warning of what it changes.
        QStringList warnings;
        ArrayEditor::setCastPrompt([&](QWidget *, const QString &, const QString &text) {
            warnings.append(text);
            return true;
        });
        QVERIFY2(editor->changeType(QStringLiteral("int16"), npy::Casting::Unsafe, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(doc->undoStack()->text(doc->undoStack()->index() - 1), QStringLiteral("Change Type of “i4” to int16"));
        undoRedo(doc);

        // np.insert(a, [1, 1], 7, axis=0), then np.delete(a, slice(0, 1), axis=0)
        QVERIFY2(editor->insertSlices(true, 1, 2, QStringLiteral("7"), &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        undoRedo(doc);
        QVERIFY2(editor->deleteSlices(true, 0, 1, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        undoRedo(doc);
        // np.transpose: a 2-D swap, undone (the saved file has it undone)
        QVERIFY2(editor->transpose({}, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(doc->memberByKey(QStringLiteral("i4"))->header().shape, (QList<qint64>{2, 6}));
        doc->undoStack()->undo();
        QCOMPARE(doc->undoStack()->index(), 4);

        const QString out = dir.filePath(QStringLiteral("edited.npz"));
        QVERIFY(doc->saveNow(out, npy::SaveFormat::NpzCompressed).ok());
        ArrayEditor::setCastPrompt({});

        const QString script = QStringLiteral(R"(
import sys, numpy as np
src = np.load(sys.argv[1]); out = np.load(sys.argv[2])
a = np.reshape(src['i4'], (5, 2), order='F')
changed = int(np.count_nonzero(a.astype(np.int16, casting='unsafe').astype(a.dtype) != a))
a = a.astype('int16', casting='unsafe')
a = np.insert(a, [1, 1], 7, axis=0)
a = np.delete(a, slice(0, 1), axis=0)
b = out['i4']
assert b.dtype == a.dtype and b.shape == a.shape and np.array_equal(a, b), (a, b)
assert sorted(src.files) == sorted(out.files)
for k in src.files:
    if k != 'i4':
        assert src[k].dtype == out[k].dtype and np.array_equal(src[k], out[k], equal_nan=src[k].dtype.kind in 'fc'), k
print('changed', changed, 'of', a.size)
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {source, out}, &output), qPrintable(output));
        const QStringList words = output.trimmed().split(QLatin1Char(' '));
        QCOMPARE(words.value(0), QStringLiteral("changed"));
        // The warning counted what NumPy changes.
        QVERIFY2(warnings.first().contains(QStringLiteral("changes %1 of its 10 values").arg(words.value(1))),
                 qPrintable(warnings.first() + QStringLiteral(" / ") + output));
    }

    void staleCastCheckDropped()
    {
        // An edit made while an unsafe cast is checked makes the check stale: the cast is not applied over it.
        MainWindow *w = npytest::openWindow(npytest::dataPath(QStringLiteral("transform/convert/src.npz")), &mWindows);
        QVERIFY(w);
        ArrayEditor *editor = w->arrayEditor();
        npyw::Document *doc = w->document();
        w->selectMemberNamed(QStringLiteral("i4"));
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        int prompts = 0;
        ArrayEditor::setCastPrompt([&](QWidget *, const QString &, const QString &) {
            ++prompts;
            return true;
        });
        auto restore = qScopeGuard([]() { ArrayEditor::setCastPrompt({}); });
        QSignalSpy finished(editor, &ArrayEditor::finished);
        QString why;
        QVERIFY2(editor->changeType(QStringLiteral("int8"), npy::Casting::Unsafe, &why), qPrintable(why));
        const int id = doc->memberByKey(QStringLiteral("i4"))->id;
        doc->renameMember(id, QStringLiteral("renamed"));
        QVERIFY(!waitDone(finished, &why));
        QVERIFY2(why.contains(QLatin1String("changed while it was checked")), qPrintable(why));
        QCOMPARE(prompts, 0);
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->memberById(id)->key, QStringLiteral("renamed"));
        QCOMPARE(doc->memberById(id)->header().dtype.typeString(), QStringLiteral("<i4"));
        QVERIFY(!editor->isWorking());
        doc->undoStack()->undo(); // unmodified again: the window closes without asking to save
    }

    void largeResultAnnounced()
    {
        // Over the memory budget (64 bytes here), an edit first says how large its result is and where its
        // temporary file goes; declined, nothing changes; accepted, the result is written there on a worker,
        // with the progress bar and Cancel in the status bar, and mapped back (the file keeps no name).
        QTemporaryDir tmp;
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", tmp.path().toUtf8());
        npy::setInflateBudget(64);
        auto restore = qScopeGuard([&]() {
            npy::setInflateBudget(0);
            qputenv("TMPDIR", oldTmp);
            ArrayEditor::setSizePrompt({});
            ArrayEditor::setCastPrompt({});
        });
        const QString source = npytest::dataPath(QStringLiteral("transform/convert/src.npz"));
        MainWindow *w = npytest::openWindow(source, &mWindows);
        QVERIFY(w);
        ArrayEditor *editor = w->arrayEditor();
        npyw::Document *doc = w->document();
        w->selectMemberNamed(QStringLiteral("i4")); // int32, shape (2, 5): 40 bytes
        QVERIFY(QTest::qWaitFor([&]() { return w->pane()->isShowingTable(); }, 10000));
        QSignalSpy finished(editor, &ArrayEditor::finished);
        QSignalSpy working(editor, &ArrayEditor::working);
        QStringList asked;
        bool agree = false;
        ArrayEditor::setSizePrompt([&](QWidget *, const QString &, const QString &text) {
            asked.append(text);
            return agree;
        });
        QPushButton *cancelButton = nullptr;
        for (QPushButton *b : w->statusBar()->findChildren<QPushButton *>())
            if (b->text() == QLatin1String("Cancel"))
                cancelButton = b;
        QVERIFY(cancelButton);
        bool barShown = false;
        connect(editor, &ArrayEditor::working, this, [&]() { barShown = !cancelButton->isHidden(); });
        QString why;

        // Declined: refused with the reason, no step.
        QVERIFY(!editor->insertSlices(true, 1, 2, QStringLiteral("7"), &why));
        QVERIFY2(why.contains(QLatin1String("cancelled")), qPrintable(why));
        QCOMPARE(asked.size(), 1);
        // np.insert gives 4 rows of 5 int32: 80 bytes, in the folder named.
        QVERIFY2(asked.first().contains(QLatin1String("(80 bytes)")), qPrintable(asked.first()));
        // The folder is $TMPDIR (the cache folder instead when it is a tmpfs).
        const QString spillDir = ArrayEditor::transformOptions().tempDir;
        QVERIFY(spillDir == tmp.path() || QStorageInfo(tmp.path()).fileSystemType() == "tmpfs");
        QVERIFY2(asked.first().contains(QDir::toNativeSeparators(spillDir)), qPrintable(asked.first()));
        QCOMPARE(doc->undoStack()->count(), 0);

        // A 2-D transpose of any size is a view: nothing to announce.
        QVERIFY2(editor->transpose({}, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(asked.size(), 1);
        doc->undoStack()->undo();

        // Accepted: written to the temporary file on a worker, mapped back, no file left with a name.
        agree = true;
        QVERIFY2(editor->insertSlices(true, 1, 2, QStringLiteral("7"), &why), qPrintable(why));
        QVERIFY(editor->isWorking());
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(asked.size(), 2);
        QCOMPARE(working.size(), 1);
        QVERIFY(barShown);
        QVERIFY(cancelButton->isHidden());
        QVERIFY(!editor->isWorking());
        QCOMPARE(doc->memberByKey(QStringLiteral("i4"))->header().shape, (QList<qint64>{4, 5}));
        QVERIFY(doc->memberByKey(QStringLiteral("i4"))->array.isMapped());
        QCOMPARE(QDir(spillDir).entryList({QStringLiteral("npy-inspector-*")}, QDir::Files | QDir::Hidden).size(), 0);
        undoRedo(doc);

        // Cancelled while it runs: nothing changes, and it says so.
        const int steps = doc->undoStack()->count();
        QVERIFY2(editor->deleteSlices(true, 0, 1, &why), qPrintable(why));
        editor->cancel();
        QVERIFY(!waitDone(finished, &why));
        QVERIFY2(why.contains(QLatin1String("cancelled")), qPrintable(why));
        QCOMPARE(doc->undoStack()->count(), steps);
        QCOMPARE(doc->memberByKey(QStringLiteral("i4"))->header().shape, (QList<qint64>{4, 5}));

        // A safe cast announces its size; an unsafe one before its check, once; the check can be cancelled too.
        int castPrompts = 0;
        ArrayEditor::setCastPrompt([&](QWidget *, const QString &, const QString &) {
            ++castPrompts;
            return true;
        });
        QVERIFY2(editor->changeType(QStringLiteral("int64"), npy::Casting::Unsafe, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(asked.size(), 3);
        QVERIFY2(asked.last().contains(QLatin1String("(160 bytes)")), qPrintable(asked.last()));
        QVERIFY2(editor->changeType(QStringLiteral("float32"), npy::Casting::Unsafe, &why), qPrintable(why));
        QVERIFY2(waitDone(finished, &why), qPrintable(why));
        QCOMPARE(asked.size(), 4);
        QVERIFY2(asked.last().contains(QLatin1String("(80 bytes)")), qPrintable(asked.last()));
        QCOMPARE(castPrompts, 1); // int32's extremes are not exact in float32: warned of, once
        QVERIFY2(editor->changeType(QStringLiteral("uint8"), npy::Casting::Unsafe, &why), qPrintable(why));
        editor->cancel();
        QVERIFY(!waitDone(finished, &why));
        QVERIFY2(why.contains(QLatin1String("cancelled")), qPrintable(why));
        QCOMPARE(asked.size(), 4);
        QCOMPARE(doc->memberByKey(QStringLiteral("i4"))->header().dtype.typeString(), QStringLiteral("<f4"));

        // Saved and read back by NumPy: np.insert(a, [1, 1], 7, axis=0).astype('int64').astype('float32').
        const QString out = tmp.filePath(QStringLiteral("large.npz"));
        QVERIFY(doc->saveNow(out, npy::SaveFormat::NpzStored).ok());
        const QString script = QStringLiteral(R"(
import sys, numpy as np
a = np.insert(np.load(sys.argv[1])['i4'], [1, 1], 7, axis=0).astype('int64').astype('float32', casting='unsafe')
b = np.load(sys.argv[2])['i4']
assert b.dtype == a.dtype and np.array_equal(a, b), (a, b)
)");
        QString output;
        QVERIFY2(npytest::runPython(script, {source, out}, &output), qPrintable(output));
    }
};

QTEST_MAIN(TestArrayEditor)
#include "tst_arrayeditor.moc"
