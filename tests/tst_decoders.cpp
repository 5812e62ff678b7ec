// The streaming decoders of ZIP methods (core/codec/inflater.h: StreamDecoder) asked to decode before any
// input has come (as a reader does when a member's first read comes back empty). Whole streams that Python's
// zipfile wrote are decoded by tst_npzreader.
#include "inflater.h"

#include <QTest>

class TestDecoders : public QObject
{
    Q_OBJECT

private slots:
    void decodeBeforeInput_data();
    void decodeBeforeInput();
};

void TestDecoders::decodeBeforeInput_data()
{
    QTest::addColumn<int>("method");
    QTest::newRow("deflate") << 8;
    QTest::newRow("bzip2") << 12;
    QTest::newRow("lzma") << 14;
}

void TestDecoders::decodeBeforeInput()
{
    // No setInput() at all, then an empty one: nothing is read (the LZMA header collector once copied from a
    // null pointer here, which UBSan reports), nothing is produced, and the stream has not ended.
    QFETCH(int, method);
    auto decoder = npy::codec::StreamDecoder::create(method, 100);
    QVERIFY(decoder);
    uchar out[64];
    qint64 produced = -1;
    QVERIFY(decoder->decode(out, sizeof out, &produced).ok());
    QCOMPARE(produced, 0);
    QVERIFY(!decoder->finished());
    decoder->setInput(nullptr, 0);
    QVERIFY(decoder->decode(out, sizeof out, &produced).ok());
    QCOMPARE(produced, 0);
    QCOMPARE(decoder->inputLeft(), 0);
    QVERIFY(!decoder->finished());
}

QTEST_GUILESS_MAIN(TestDecoders)
#include "tst_decoders.moc"
