// core/pagedstore: a member's bytes filled on first touch by a reader, a bounded number of blocks
// resident, several threads touching at once, and a failing reader turning into zeros + isLost().
#include "pagedstore.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace npy;

namespace {

/** The byte every offset holds in these tests: a mix that catches misplaced blocks. */
uchar patternAt(qint64 offset)
{
    return uchar((offset * 2654435761u) >> 13);
}

PagedStore::Reader patternReader(std::atomic<qint64> *calls, qint64 failBlock = -1)
{
    return [calls, failBlock](qint64 offset, qint64 size, uchar *out) {
        ++*calls;
        if (failBlock >= 0 && offset / PagedStore::kBlockSize == failBlock)
            return Status::failure(QStringLiteral("span 7 at byte 123: corrupt compressed data"));
        for (qint64 i = 0; i < size; ++i)
            out[i] = patternAt(offset + i);
        return Status();
    };
}

} // namespace

class TestPagedStore : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        if (!PagedStore::available())
            QSKIP("userfaultfd is not allowed on this system");
    }
    void readsEverywhere_data();
    void readsEverywhere();
    void threadsTogether();
    void failingBlockIsLost();
};

void TestPagedStore::readsEverywhere_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("budget");
    QTest::newRow("one byte") << qint64(1) << qint64(4) * PagedStore::kBlockSize;
    QTest::newRow("odd size, budget of 2 blocks") << qint64(9) * PagedStore::kBlockSize + 12345
                                                  << qint64(2) * PagedStore::kBlockSize;
    QTest::newRow("everything fits") << qint64(3) * PagedStore::kBlockSize << qint64(64) * PagedStore::kBlockSize;
}

void TestPagedStore::readsEverywhere()
{
    QFETCH(qint64, size);
    QFETCH(qint64, budget);
    std::atomic<qint64> calls{0};
    auto store = PagedStore::create(size, patternReader(&calls), budget);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const uchar *p = store.value()->data();
    QCOMPARE(store.value()->size(), size);
    QCOMPARE(calls.load(), 0); // nothing is read before it is touched
    // Forwards, then backwards, then strided: every byte right, resident blocks within the budget.
    for (int pass = 0; pass < 3; ++pass) {
        const qint64 step = pass == 2 ? 4099 : 1;
        for (qint64 k = 0; k < size; k += step) {
            const qint64 i = pass == 1 ? size - 1 - k : k;
            if (p[i] != patternAt(i))
                QFAIL(qPrintable(QStringLiteral("byte %1 differs on pass %2").arg(i).arg(pass)));
        }
        QVERIFY(store.value()->residentBytes() <= std::max<qint64>(budget, 2 * PagedStore::kBlockSize));
    }
    const qint64 blocks = (size + PagedStore::kBlockSize - 1) / PagedStore::kBlockSize;
    QVERIFY(store.value()->blocksFilled() >= blocks);
    QVERIFY(!store.value()->isLost());
}

void TestPagedStore::threadsTogether()
{
    const qint64 size = 24 * PagedStore::kBlockSize;
    std::atomic<qint64> calls{0};
    auto store = PagedStore::create(size, patternReader(&calls), 4 * PagedStore::kBlockSize);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const uchar *p = store.value()->data();
    std::atomic<qint64> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (qint64 i = t * 977; i < size; i += 3001)
                if (p[i] != patternAt(i))
                    ++wrong;
        });
    for (std::thread &th : threads)
        th.join();
    QCOMPARE(wrong.load(), 0);
}

void TestPagedStore::failingBlockIsLost()
{
    const qint64 size = 6 * PagedStore::kBlockSize;
    std::atomic<qint64> calls{0};
    auto store = PagedStore::create(size, patternReader(&calls, 3), size);
    QVERIFY2(store.ok(), qPrintable(store.error()));
    const uchar *p = store.value()->data();
    QCOMPARE(p[10], patternAt(10));
    QVERIFY(!store.value()->isLost());
    QCOMPARE(p[3 * PagedStore::kBlockSize + 5], uchar(0));
    QVERIFY(store.value()->isLost());
    QVERIFY(store.value()->lostReason().contains(QStringLiteral("span 7")));
    QVERIFY(store.value()->writableCopy(0, size) == nullptr);
}

QTEST_GUILESS_MAIN(TestPagedStore)
#include "tst_pagedstore.moc"
