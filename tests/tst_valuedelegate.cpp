// ValueDelegate: editing through real key events, refusal shown in place, Escape cancels.
#include "arraytablemodel.h"
#include "document.h"
#include "hugetableview.h"
#include "opensource.h"
#include "testdata.h"
#include "valuedelegate.h"

#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace npyw;

class tst_ValueDelegate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void typingOverACellCommits();
    void invalidTextIsRefusedInPlace();
    void escapeCancels();
    void structLeafUsesItsOwnType();

private:
    void openFixture(const QString &name);
    ValueEditor *editor() const { return mView->view()->findChild<ValueEditor *>(); }
    QModelIndex cell(int r, int c) const { return mModel->index(r, c); }

    std::unique_ptr<Document> mDoc;
    std::unique_ptr<ArrayTableModel> mModel;
    std::unique_ptr<HugeTableView> mView;
    int mId = -1;
};

void tst_ValueDelegate::openFixture(const QString &name)
{
    auto r = npy::openSource(npytest::dataPath(QStringLiteral("npy/") + name));
    QVERIFY2(r, qPrintable(r.error()));
    mDoc = std::make_unique<Document>(r.value());
    mId = mDoc->memberAt(0).id;
    QVERIFY(mDoc->loadMemberNow(mId));
    mModel = std::make_unique<ArrayTableModel>(mDoc.get());
    mView = std::make_unique<HugeTableView>();
    mView->setModel(mModel.get());
    mView->view()->setItemDelegate(new ValueDelegate(mView->view()));
    mView->resize(640, 400);
    mView->show();
    QVERIFY(QTest::qWaitForWindowExposed(mView.get()));
    mModel->setMember(mId);
}

void tst_ValueDelegate::init()
{
}

void tst_ValueDelegate::cleanup()
{
    mView.reset();
    mModel.reset();
    mDoc.reset();
}

void tst_ValueDelegate::typingOverACellCommits()
{
    openFixture(QStringLiteral("i2_le.npy"));
    QTableView *table = mView->view();
    table->setFocus();
    table->setCurrentIndex(cell(1, 0));
    QTest::keyClick(table, Qt::Key_4); // typing starts an editor with that key
    QTRY_VERIFY(editor());
    QTest::keyClicks(editor(), QStringLiteral("21"));
    QCOMPARE(editor()->text(), QStringLiteral("421"));
    QVERIFY(editor()->isValueValid());
    QTest::keyClick(editor(), Qt::Key_Return);
    QTRY_VERIFY(!editor());
    QCOMPARE(mModel->data(cell(1, 0)).toString(), QStringLiteral("421"));
    QCOMPARE(mDoc->undoStack()->count(), 1);
    QVERIFY(mDoc->isModified());
    // F2 edits with the old text selected; the same text again is no new step.
    QTest::keyClick(table, Qt::Key_F2);
    QTRY_VERIFY(editor());
    QCOMPARE(editor()->text(), QStringLiteral("421"));
    QCOMPARE(editor()->selectedText(), QStringLiteral("421"));
    QTest::keyClick(editor(), Qt::Key_Return);
    QTRY_VERIFY(!editor());
    QCOMPARE(mDoc->undoStack()->count(), 1);
}

void tst_ValueDelegate::invalidTextIsRefusedInPlace()
{
    openFixture(QStringLiteral("u1.npy"));
    QTableView *table = mView->view();
    table->setFocus();
    table->setCurrentIndex(cell(0, 0));
    const QString before = mModel->data(cell(0, 0)).toString();
    QTest::keyClick(table, Qt::Key_F2);
    QTRY_VERIFY(editor());
    QTest::keyClicks(editor(), QStringLiteral("300"));
    QVERIFY(!editor()->isValueValid());
    QLabel *label = editor()->refusalLabel();
    QVERIFY(label);
    QTRY_VERIFY(label->isVisible());
    QVERIFY2(label->text().contains(QStringLiteral("300")), qPrintable(label->text()));
    // The label sits in the table, right by the editor.
    QCOMPARE(label->parentWidget(), editor()->parentWidget());
    QVERIFY(qAbs(label->geometry().top() - editor()->geometry().bottom()) < 4
            || qAbs(label->geometry().bottom() - editor()->geometry().top()) < 4);
    // Enter does not commit: the editor stays open with its text.
    QTest::keyClick(editor(), Qt::Key_Return);
    QVERIFY(editor());
    QCOMPARE(editor()->text(), QStringLiteral("300"));
    QCOMPARE(mModel->data(cell(0, 0)).toString(), before);
    // Fixing the text clears the refusal and commits.
    editor()->selectAll();
    QTest::keyClicks(editor(), QStringLiteral("255"));
    QVERIFY(editor()->isValueValid());
    QVERIFY(!label->isVisible());
    QTest::keyClick(editor(), Qt::Key_Return);
    QTRY_VERIFY(!editor());
    QCOMPARE(mModel->data(cell(0, 0)).toString(), QStringLiteral("255"));
}

void tst_ValueDelegate::escapeCancels()
{
    openFixture(QStringLiteral("f8_le.npy"));
    QTableView *table = mView->view();
    table->setFocus();
    table->setCurrentIndex(cell(2, 0));
    const QString before = mModel->data(cell(2, 0)).toString();
    QTest::keyClick(table, Qt::Key_F2);
    QTRY_VERIFY(editor());
    QTest::keyClicks(editor(), QStringLiteral("nonsense"));
    QVERIFY(!editor()->isValueValid());
    QTest::keyClick(editor(), Qt::Key_Escape);
    QTRY_VERIFY(!editor());
    QCOMPARE(mModel->data(cell(2, 0)).toString(), before);
    QCOMPARE(mDoc->undoStack()->count(), 0);
}

void tst_ValueDelegate::structLeafUsesItsOwnType()
{
    openFixture(QStringLiteral("struct_simple.npy"));
    QTableView *table = mView->view();
    table->setFocus();
    for (int c = 0; c < mModel->columnCount(); ++c) {
        const npy::DType t = mModel->cellType(c);
        if (t.kind != npy::Kind::Int && t.kind != npy::Kind::Float)
            continue;
        table->setCurrentIndex(cell(0, c));
        QTest::keyClick(table, Qt::Key_F2);
        QTRY_VERIFY(editor());
        editor()->selectAll();
        QTest::keyClicks(editor(), QStringLiteral("7"));
        QVERIFY(editor()->isValueValid());
        QTest::keyClick(editor(), Qt::Key_Return);
        QTRY_VERIFY(!editor());
        QCOMPARE(mModel->data(cell(0, c)).toDouble(), 7.0);
        return;
    }
    QSKIP("no numeric field");
}

QTEST_MAIN(tst_ValueDelegate)
#include "tst_valuedelegate.moc"
