#include "pyliteral.h"

#include <QTest>

using namespace npy;

class TestPyLiteral : public QObject
{
    Q_OBJECT

private Q_SLOTS: // test functions
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void depthLimit();
    void dictEntries();
};

void TestPyLiteral::accepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("summary");
    QTest::newRow("int") << QStringLiteral("42") << QStringLiteral("int:42");
    QTest::newRow("negative int") << QStringLiteral("-7") << QStringLiteral("int:-7");
    QTest::newRow("plus int") << QStringLiteral("+7") << QStringLiteral("int:7");
    QTest::newRow("int64 min") << QStringLiteral("-9223372036854775808") << QStringLiteral("int:-9223372036854775808");
    QTest::newRow("True") << QStringLiteral("True") << QStringLiteral("bool:1");
    QTest::newRow("None") << QStringLiteral(" None ") << QStringLiteral("None");
    QTest::newRow("single quotes") << QStringLiteral("'<f8'") << QStringLiteral("str:<f8");
    QTest::newRow("double quotes") << QStringLiteral("\"it's\"") << QStringLiteral("str:it's");
    QTest::newRow("escapes") << QStringLiteral("'a\\tb\\x41\\u00e9\\U0001F600\\\\'")
                             << QStringLiteral("str:a\tbA\u00e9\U0001F600\\");
    QTest::newRow("empty tuple") << QStringLiteral("()") << QStringLiteral("tuple:0");
    QTest::newRow("one tuple") << QStringLiteral("(3,)") << QStringLiteral("tuple:1");
    QTest::newRow("parenthesised int") << QStringLiteral("(3)") << QStringLiteral("int:3");
    QTest::newRow("trailing comma list") << QStringLiteral("[1, 2, ]") << QStringLiteral("list:2");
    QTest::newRow("dict") << QStringLiteral("{'a': 1, 'b': (2, 3), }") << QStringLiteral("dict:2");
    QTest::newRow("whitespace") << QStringLiteral("\t{ 'a' :\n 1 }\n  ") << QStringLiteral("dict:1");
}

static QString summarize(const PyValue &v)
{
    switch (v.type) {
    case PyValue::Type::Int:
        return QStringLiteral("int:%1").arg(v.integer);
    case PyValue::Type::Bool:
        return QStringLiteral("bool:%1").arg(int(v.boolean));
    case PyValue::Type::None:
        return QStringLiteral("None");
    case PyValue::Type::Str:
        return QStringLiteral("str:") + v.string;
    case PyValue::Type::Tuple:
        return QStringLiteral("tuple:%1").arg(v.items.size());
    case PyValue::Type::List:
        return QStringLiteral("list:%1").arg(v.items.size());
    case PyValue::Type::Dict:
        return QStringLiteral("dict:%1").arg(v.entries.size());
    }
    return QString();
}

void TestPyLiteral::accepted()
{
    QFETCH(QString, text);
    QFETCH(QString, summary);
    PyValue v;
    QString error;
    QVERIFY2(parsePyLiteral(text, &v, &error), qPrintable(error));
    QCOMPARE(summarize(v), summary);
}

void TestPyLiteral::refused_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QString() << QStringLiteral("end");
    QTest::newRow("call") << QStringLiteral("__import__('os')") << QStringLiteral("not a literal");
    QTest::newRow("name") << QStringLiteral("float") << QStringLiteral("not a literal");
    QTest::newRow("hex") << QStringLiteral("0x2") << QStringLiteral("decimal");
    QTest::newRow("underscore") << QStringLiteral("1_000") << QStringLiteral("decimal");
    QTest::newRow("float") << QStringLiteral("1.5") << QStringLiteral("decimal");
    QTest::newRow("leading zero") << QStringLiteral("007") << QStringLiteral("leading zero");
    QTest::newRow("expression") << QStringLiteral("2**63") << QStringLiteral("after the literal");
    QTest::newRow("overflow") << QStringLiteral("9223372036854775808") << QStringLiteral("64-bit");
    QTest::newRow("long suffix") << QStringLiteral("2L") << QStringLiteral("suffix");
    QTest::newRow("bytes literal") << QStringLiteral("b'x'") << QStringLiteral("not a literal");
    QTest::newRow("concatenation") << QStringLiteral("'<' 'f8'") << QStringLiteral("concatenation");
    QTest::newRow("unterminated") << QStringLiteral("'abc") << QStringLiteral("unterminated");
    QTest::newRow("comment") << QStringLiteral("{'a': 1} # x") << QStringLiteral("unexpected");
    QTest::newRow("nul") << QStringLiteral("{'a': 1}") + QChar(0) << QStringLiteral("unexpected");
    QTest::newRow("missing colon") << QStringLiteral("{'a' 1}") << QStringLiteral("':'");
    QTest::newRow("unclosed") << QStringLiteral("{'a': (1, 2}") << QStringLiteral("expected");
    QTest::newRow("set") << QStringLiteral("{1, 2}") << QStringLiteral("':'");
    QTest::newRow("surrogate escape") << QStringLiteral("'\\ud800'") << QStringLiteral("surrogate");
}

void TestPyLiteral::refused()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    PyValue v;
    QString error;
    QVERIFY(!parsePyLiteral(text, &v, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("at character")), qPrintable(error));
}

void TestPyLiteral::depthLimit()
{
    PyValue v;
    QString error;
    const QString ok = QString(64, QLatin1Char('[')) + QString(64, QLatin1Char(']'));
    QVERIFY2(parsePyLiteral(ok, &v, &error), qPrintable(error));
    const QString deep = QString(65, QLatin1Char('[')) + QString(65, QLatin1Char(']'));
    QVERIFY(!parsePyLiteral(deep, &v, &error));
    QVERIFY(error.contains(QLatin1String("nesting")));
    const QString huge = QString(100000, QLatin1Char('(')) + QString(100000, QLatin1Char(')'));
    QVERIFY(!parsePyLiteral(huge, &v, &error));
    PyParseOptions withLong;
    withLong.allowLongSuffix = true;
    QVERIFY(parsePyLiteral(QStringLiteral("(2L, 3)"), &v, &error, withLong));
    QCOMPARE(v.items.size(), size_t(2));
}

void TestPyLiteral::dictEntries()
{
    PyValue v;
    QString error;
    QVERIFY(parsePyLiteral(QStringLiteral("{'descr': [('x', '<f4', (2, 3))], 'shape': (), 'x': False}"), &v, &error));
    QCOMPARE(v.entries.size(), size_t(3));
    QCOMPARE(v.entries[0].first.string, QStringLiteral("descr"));
    const PyValue &field = v.entries[0].second.items.at(0);
    QCOMPARE(field.type, PyValue::Type::Tuple);
    QCOMPARE(field.items.at(2).items.at(1).integer, qint64(3));
    QCOMPARE(v.entries[1].second.type, PyValue::Type::Tuple);
    QCOMPARE(v.entries[2].second.boolean, false);
}

QTEST_GUILESS_MAIN(TestPyLiteral)
#include "tst_pyliteral.moc"
