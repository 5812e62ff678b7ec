// The find bar under the table: conditions searched over the whole member on a worker, the match
// count, next / previous moving the table's cursor across slices, Go to Maximum / Minimum, and a
// search made stale by an edit (tests/data/findreduce, written by NumPy).
#include "arraypane.h"
#include "arraytablemodel.h"
#include "arrayviews.h"
#include "document.h"
#include "findbar.h"
#include "hugetableview.h"
#include "npyheader.h"
#include "npyfile.h"
#include "opensource.h"
#include "plotview.h"
#include "slicebar.h"
#include "source.h"
#include "testdata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <memory>
#include <vector>

using namespace npyw;

namespace {

/** NumPy's answer for \a args on \a member of \a file in findreduce/expected.json. */
QJsonObject numpyCase(const QString &file, const QString &member, const QStringList &args)
{
    QFile f(npytest::dataPath(QStringLiteral("findreduce/expected.json")));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no findreduce/expected.json");
    for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("find")].toArray()) {
        QStringList a;
        for (const QJsonValue &x : v[QStringLiteral("args")].toArray())
            a << x.toString();
        if (v[QStringLiteral("file")].toString() == file && v[QStringLiteral("member")].toString() == member && a == args)
            return v.toObject();
    }
    qFatal("no such case");
    return {};
}

QList<qint64> indexOf(const QJsonValue &v)
{
    QList<qint64> out;
    for (const QJsonValue &i : v.toArray())
        out << qint64(i.toInt());
    return out;
}

} // namespace

class tst_FindBar : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void walksMatchesAcrossSlices_data();
    void walksMatchesAcrossSlices();
    void maximumAndMinimum();
    void editMakesSearchStale();
    void badValueIsExplained();
    void plotOfOneDMemberMarksMatches();
    void datesInADateColumn();
    void countsPastTheKeptMatches();
    void conditionsFollowTheType_data();
    void conditionsFollowTheType();
    void textColumns();

private:
    /** A pane showing member \a key of \a path; null on failure. */
    ArrayPane *show(const QString &path, const QString &key = QString());
    /** The N-d index of the table's current cell. */
    QList<qint64> cursor() const;

    std::unique_ptr<Document> mDocument;
    std::unique_ptr<ArrayPane> mPane;
};

void tst_FindBar::cleanup()
{
    mPane.reset();
    mDocument.reset();
}

ArrayPane *tst_FindBar::show(const QString &path, const QString &key)
{
    auto src = npy::openSource(path);
    if (!src.ok())
        return nullptr;
    mDocument = std::make_unique<Document>(src.value());
    int id = -1;
    for (int i = 0; i < mDocument->memberCount() && id < 0; ++i)
        if (key.isEmpty() || mDocument->memberAt(i).key == key)
            id = mDocument->memberAt(i).id;
    if (id < 0 || !mDocument->loadMemberNow(id))
        return nullptr;
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    mPane->resize(900, 600);
    mPane->show();
    mPane->showMember(id);
    return mPane->isShowingTable() ? mPane.get() : nullptr;
}

QList<qint64> tst_FindBar::cursor() const
{
    const ArrayTableModel *model = mPane->model();
    const QModelIndex current = mPane->table()->view()->currentIndex();
    return model->elementIndex(model->absoluteRow(current.row()), model->absoluteColumn(current.column()));
}

void tst_FindBar::walksMatchesAcrossSlices_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<int>("op");
    QTest::addColumn<double>("value");
    QTest::addColumn<QStringList>("args");
    QTest::newRow("floats > 2.5") << QStringLiteral("values.npy") << QString() << int(npy::FindOp::Gt) << 2.5
                                  << QStringList{QStringLiteral("--gt"), QStringLiteral("2.5")};
    QTest::newRow("NaN") << QStringLiteral("values.npy") << QString() << int(npy::FindOp::NaN) << 0.0
                         << QStringList{QStringLiteral("--nan")};
    QTest::newRow("3-D big-endian ints < 0") << QStringLiteral("ints.npz") << QStringLiteral("cube")
                                             << int(npy::FindOp::Lt) << 0.0
                                             << QStringList{QStringLiteral("--lt"), QStringLiteral("0")};
    QTest::newRow("3-D Fortran ints = 3") << QStringLiteral("ints.npz") << QStringLiteral("fcube")
                                          << int(npy::FindOp::Eq) << 3.0
                                          << QStringList{QStringLiteral("--eq"), QStringLiteral("3")};
}

void tst_FindBar::walksMatchesAcrossSlices()
{
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(int, op);
    QFETCH(double, value);
    QFETCH(QStringList, args);
    QVERIFY(show(npytest::dataPath(QStringLiteral("findreduce/") + file), member));
    const QJsonObject want = numpyCase(file, member, args);
    const QJsonArray matches = want[QStringLiteral("matches")].toArray();
    QVERIFY(matches.size() >= 2);
    FindBar *bar = mPane->findBar();
    QSignalSpy searched(bar, &FindBar::searched);
    npy::FindCondition c;
    c.op = npy::FindOp(op);
    c.value = value;
    bar->setCondition(c);
    bar->next(); // searches first, then goes to the first match
    QVERIFY(searched.wait(10000));
    QCOMPARE(bar->matchCount(), qint64(want[QStringLiteral("count")].toInt()));
    QCOMPARE(cursor(), indexOf(matches[0]));
    bar->next();
    QCOMPARE(bar->currentMatch(), qint64(1));
    QCOMPARE(cursor(), indexOf(matches[1]));
    // The slice bar follows a match on another frame of a 3-D member (axis 0 is not shown).
    if (!member.isEmpty())
        QCOMPARE(mPane->model()->slice().index.value(0), indexOf(matches[1]).value(0));
    bar->previous();
    QCOMPARE(cursor(), indexOf(matches[0]));
    bar->previous(); // wraps to the last
    QCOMPARE(cursor(), indexOf(matches[matches.size() - 1]));
    QCOMPARE(searched.count(), 1); // walking needs no new search
}

void tst_FindBar::maximumAndMinimum()
{
    QVERIFY(show(npytest::dataPath(QStringLiteral("findreduce/ints.npz")), QStringLiteral("fcube")));
    FindBar *bar = mPane->findBar();
    QSignalSpy searched(bar, &FindBar::searched);
    bar->goToExtreme(true);
    QVERIFY(searched.wait(10000));
    QCOMPARE(cursor(), indexOf(numpyCase(QStringLiteral("ints.npz"), QStringLiteral("fcube"),
                                         {QStringLiteral("--max")})[QStringLiteral("matches")].toArray()[0]));
    bar->goToExtreme(false);
    QVERIFY(searched.wait(10000));
    QCOMPARE(cursor(), indexOf(numpyCase(QStringLiteral("ints.npz"), QStringLiteral("fcube"),
                                         {QStringLiteral("--min")})[QStringLiteral("matches")].toArray()[0]));
}

void tst_FindBar::editMakesSearchStale()
{
    QVERIFY(show(npytest::dataPath(QStringLiteral("findreduce/values.npy"))));
    FindBar *bar = mPane->findBar();
    QSignalSpy searched(bar, &FindBar::searched);
    npy::FindCondition c;
    c.op = npy::FindOp::Eq;
    c.value = 42;
    bar->setCondition(c);
    bar->find();
    QVERIFY(searched.wait(10000));
    QCOMPARE(bar->matchCount(), qint64(0));
    // Type 42 into cell (2, 3); the next F3 searches again and finds it.
    ArrayTableModel *model = mPane->model();
    QVERIFY(model->setData(model->index(2, 3), QStringLiteral("42")));
    bar->next();
    QVERIFY(searched.wait(10000));
    QCOMPARE(bar->matchCount(), qint64(1));
    QCOMPARE(cursor(), QList<qint64>({2, 3}));
}

void tst_FindBar::badValueIsExplained()
{
    QVERIFY(show(npytest::dataPath(QStringLiteral("findreduce/values.npy"))));
    FindBar *bar = mPane->findBar();
    bar->activate();
    QLineEdit *value = bar->findChild<QLineEdit *>(QStringLiteral("findValue"));
    QVERIFY(value);
    value->setText(QStringLiteral("abc"));
    bar->find();
    QVERIFY(!bar->isSearching());
    QVERIFY2(bar->statusText().contains(QLatin1String("not a number")), qPrintable(bar->statusText()));
}

void tst_FindBar::plotOfOneDMemberMarksMatches()
{
    // A 1-D float64 member: 200 values, NaN at 0, the maximum at 137, the minimum at 5, and values
    // > 90 at 11, 137 and 150.
    npy::NpyHeader h;
    QString error;
    QVERIFY(npy::dtypeFromDescrText(QStringLiteral("'<f8'"), &h.dtype, &error));
    h.shape = {200};
    QVERIFY(npy::arraySize(h.shape, 8, &h.elementCount, &h.dataBytes));
    QByteArray bytes(h.dataBytes, Qt::Uninitialized);
    double *d = reinterpret_cast<double *>(bytes.data());
    for (int i = 0; i < 200; ++i)
        d[i] = double(i % 50);
    d[0] = std::numeric_limits<double>::quiet_NaN();
    d[5] = -7;
    d[11] = 95;
    d[137] = 99;
    d[150] = 91;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("line.npy"));
    QVERIFY(npy::saveNpyFile(path, npy::NpyArray(h, bytes)).ok());

    auto src = npy::openSource(path);
    QVERIFY(src.ok());
    mDocument = std::make_unique<Document>(src.value());
    const int id = mDocument->memberAt(0).id;
    QVERIFY(mDocument->loadMemberNow(id));
    mPane = std::make_unique<ArrayPane>(mDocument.get());
    ArrayViews views(mDocument.get(), mPane.get());
    views.resize(600, 400);
    views.show();
    mPane->showMember(id);
    QTRY_VERIFY(views.isPlotOnly());
    QCOMPARE(views.plot()->marker(), qint64(-1));

    // The plot's menu: Go to Maximum marks the maximum on the plot and moves the table there.
    FindBar *bar = mPane->findBar();
    QSignalSpy searched(bar, &FindBar::searched);
    auto trigger = [&views](const QString &prefix) {
        QMenu *menu = views.plotMenu();
        if (!menu)
            return false;
        bool found = false;
        for (QAction *a : menu->actions()) {
            if (!found && a->text().remove(QLatin1Char('&')).startsWith(prefix)) {
                a->trigger();
                found = true;
            }
        }
        delete menu;
        return found;
    };
    QVERIFY(trigger(QStringLiteral("Go to Maximum")));
    QVERIFY(searched.wait(10000));
    QCOMPARE(views.plot()->marker(), qint64(137));
    QCOMPARE(cursor(), QList<qint64>{137});
    QVERIFY(trigger(QStringLiteral("Go to Minimum")));
    QVERIFY(searched.wait(10000));
    QCOMPARE(views.plot()->marker(), qint64(5));

    // Find > 90 and walk the matches with Find Next: each is marked in turn.
    npy::FindCondition c;
    c.op = npy::FindOp::Gt;
    c.value = 90;
    bar->setCondition(c);
    QVERIFY(trigger(QStringLiteral("Find Next")));
    QVERIFY(searched.wait(10000));
    QCOMPARE(bar->matchCount(), qint64(3));
    QCOMPARE(views.plot()->marker(), qint64(11));
    QVERIFY(trigger(QStringLiteral("Find Next")));
    QCOMPARE(views.plot()->marker(), qint64(137));
    QVERIFY(trigger(QStringLiteral("Find Next")));
    QCOMPARE(views.plot()->marker(), qint64(150));
    // Shown: the marked point is inside the plot's view.
    QVERIFY(views.plot()->viewRange().left() <= 150 && views.plot()->viewRange().right() >= 150);
}

void tst_FindBar::datesInADateColumn()
{
    // A record array like matplotlib's goog.npz: the date field takes dates as the table shows them.
    QVERIFY(show(npytest::dataPath(QStringLiteral("newuser/prices.npz"))));
    QComboBox *fields = mPane->sliceBar()->fieldBox();
    fields->setCurrentIndex(fields->findText(QStringLiteral("date")));
    QCOMPARE(mPane->currentLeaf(), 0);
    FindBar *bar = mPane->findBar();
    bar->activate();
    QLineEdit *value = bar->findChild<QLineEdit *>(QStringLiteral("findValue"));
    QVERIFY(value);
    value->setText(QStringLiteral("2004-09-01"));
    QSignalSpy searched(bar, &FindBar::searched);
    bar->next();
    QVERIFY2(searched.wait(10000), qPrintable(bar->statusText()));
    QCOMPARE(bar->matchCount(), qint64(1));
    QFile f(npytest::dataPath(QStringLiteral("newuser/expected.json")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray dates = QJsonDocument::fromJson(f.readAll()).object()[QStringLiteral("dates")].toArray();
    qint64 want = -1;
    for (qsizetype i = 0; i < dates.size(); ++i)
        if (dates[i].toString() == QLatin1String("2004-09-01"))
            want = i;
    QVERIFY(want >= 0);
    QCOMPARE(cursor().value(0), want);
    // Not a date nor a number: said in words that name the column's type.
    value->setText(QStringLiteral("first of September"));
    bar->find();
    QVERIFY(!bar->isSearching());
    QVERIFY2(bar->statusText().contains(QLatin1String("datetime64")), qPrintable(bar->statusText()));
}

void tst_FindBar::countsPastTheKeptMatches()
{
    // 1 200 000 uint8 elements, 255 but for every 13th (0): 1 107 692 match "= 255", more than the 1 000 000
    // the bar keeps to walk. The count is every match (it said 1 000 001, one past the kept ones, before).
    const qint64 n = 1200000;
    std::vector<uchar> bytes(size_t(n), 255);
    qint64 expected = n;
    for (qint64 i = 0; i < n; i += 13) {
        bytes[size_t(i)] = 0;
        --expected;
    }
    npy::DType u1;
    QString why;
    QVERIFY(npy::DType::fromTypeString(QStringLiteral("|u1"), &u1, &why));
    const auto header = npy::buildNpyHeader(u1, {1200, 1000}, false);
    QVERIFY(header.ok());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("many.npy"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header.value());
        f.write(reinterpret_cast<const char *>(bytes.data()), n);
    }
    QVERIFY(show(path));
    FindBar *bar = mPane->findBar();
    QSignalSpy searched(bar, &FindBar::searched);
    npy::FindCondition c;
    c.op = npy::FindOp::Eq;
    c.value = 255;
    bar->setCondition(c);
    bar->next();
    QVERIFY(searched.wait(20000));
    QCOMPARE(expected, qint64(1107692));
    QCOMPARE(bar->matchCount(), expected);
    QCOMPARE(bar->matches().size(), qsizetype(1000000));
    QCOMPARE(cursor(), QList<qint64>({0, 1}));
    QVERIFY2(bar->statusText().contains(QStringLiteral("of %1").arg(expected))
                 && bar->statusText().contains(QLatin1String("the first 1000000 can be walked")),
             qPrintable(bar->statusText()));
}

void tst_FindBar::conditionsFollowTheType_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("member");
    QTest::addColumn<bool>("nan");
    QTest::addColumn<bool>("inf");
    QTest::addColumn<bool>("text");
    QTest::newRow("float64") << QStringLiteral("findreduce/values.npy") << QString() << true << true << false;
    QTest::newRow("int32") << QStringLiteral("findreduce/ints.npz") << QStringLiteral("cube") << false << false << false;
    QTest::newRow("datetime64") << QStringLiteral("npy/datetime64_D.npy") << QString() << true << false << false;
    QTest::newRow("str") << QStringLiteral("npy/str_U6_be.npy") << QString() << false << false << true;
    QTest::newRow("bytes") << QStringLiteral("npy/bytes_S5.npy") << QString() << false << false << true;
}

void tst_FindBar::conditionsFollowTheType()
{
    // Integers are never NaN or infinite, and dates never ±Inf (NaT is their NaN): those conditions are
    // offered only where they can hold.
    QFETCH(QString, file);
    QFETCH(QString, member);
    QFETCH(bool, nan);
    QFETCH(bool, inf);
    QFETCH(bool, text);
    QVERIFY(show(npytest::dataPath(file), member));
    FindBar *bar = mPane->findBar();
    bar->activate();
    auto *op = bar->findChild<QComboBox *>(QStringLiteral("findOp"));
    QVERIFY(op);
    auto *model = qobject_cast<QStandardItemModel *>(op->model());
    QVERIFY(model);
    auto enabled = [&](npy::FindOp which) {
        for (int i = 0; i < op->count(); ++i)
            if (op->itemData(i).toInt() == int(which))
                return model->item(i)->isEnabled();
        return false;
    };
    QVERIFY(enabled(npy::FindOp::Eq));
    QCOMPARE(enabled(npy::FindOp::NaN), nan);
    QCOMPARE(enabled(npy::FindOp::NonFinite), nan);
    QCOMPARE(enabled(npy::FindOp::Inf), inf);
    // Text columns: =, ≠, starts with, contains; no ordering.
    QVERIFY(enabled(npy::FindOp::Ne));
    QCOMPARE(enabled(npy::FindOp::StartsWith), text);
    QCOMPARE(enabled(npy::FindOp::Contains), text);
    QCOMPARE(enabled(npy::FindOp::Lt), !text);
    QCOMPARE(enabled(npy::FindOp::Between), !text);
}

void tst_FindBar::textColumns()
{
    // str_U6_be.npy is ['', 'abc', 'héllo', '日本語', '😀x', 'a\x00b', 'tab\t', '\u200b\U0010ffff'] (big-endian):
    // "starts with a" finds 'abc' and 'a\x00b' (NumPy: np.char.startswith(a, 'a')), "contains 語" the fourth.
    QVERIFY(show(npytest::dataPath(QStringLiteral("npy/str_U6_be.npy"))));
    FindBar *bar = mPane->findBar();
    bar->activate();
    npy::FindCondition c;
    c.onText = true;
    c.op = npy::FindOp::StartsWith;
    c.needle = QStringLiteral("a");
    bar->setCondition(c);
    QSignalSpy searched(bar, &FindBar::searched);
    bar->next();
    QVERIFY2(searched.wait(10000), qPrintable(bar->statusText()));
    QCOMPARE(bar->matchCount(), qint64(2));
    QCOMPARE(cursor().value(0), qint64(1));
    bar->next();
    QCOMPARE(cursor().value(0), qint64(5));
    c.op = npy::FindOp::Contains;
    c.needle = QStringLiteral("語");
    bar->setCondition(c);
    bar->next();
    QVERIFY2(searched.wait(10000), qPrintable(bar->statusText()));
    QCOMPARE(bar->matchCount(), qint64(1));
    QCOMPARE(cursor().value(0), qint64(3));
    c.op = npy::FindOp::Eq;
    c.needle = QString();
    bar->setCondition(c);
    bar->next();
    QVERIFY2(searched.wait(10000), qPrintable(bar->statusText()));
    QCOMPARE(bar->matchCount(), qint64(1));
    QCOMPARE(cursor().value(0), qint64(0));
}

QTEST_MAIN(tst_FindBar)
#include "tst_findbar.moc"
