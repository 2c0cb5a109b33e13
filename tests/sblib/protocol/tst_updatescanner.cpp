// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "jsoncodec.h"
#include "updatescanner_p.h"

#include <QRandomGenerator>
#include <QTest>

#include <charconv>

using namespace sb;

// The fast path must agree with the general path on every line it accepts,
// and leave to it every line that is not in node's canonical form.
class UpdateScannerTest : public QObject
{
    Q_OBJECT

private slots:
    void readsCanonicalLinesAsTheGeneralPathDoes_data();
    void readsCanonicalLinesAsTheGeneralPathDoes();
    void leavesNonCanonicalLinesToTheGeneralPath_data();
    void leavesNonCanonicalLinesToTheGeneralPath();
    void acceptsEveryValueNodeCouldWrite();
    void readsShortFractionsExactlyAndOnlyInShortestForm();
    void findsWhatEndsOrBreaksAStringAtEveryOffset();

private:
    static Update generalPath(const QByteArray &line, int version);
};

Update UpdateScannerTest::generalPath(const QByteArray &line, int version)
{
    const auto parsed = JsonCodec::parse(line);
    if (!parsed || !parsed->isArray())
        return {};
    const auto update = (version == 5 ? Dialect::v5() : Dialect::v4()).decode(parsed->toArray());
    return update ? update.value() : Update();
}

void UpdateScannerTest::readsCanonicalLinesAsTheGeneralPathDoes_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("version");
    QTest::newRow("5.x number") << QByteArray(R"([["k",1],1764058000123,"A"])") << 5;
    QTest::newRow("5.x fractional ts") << QByteArray(R"([["k","v"],1764058000123.001,"A"])") << 5;
    QTest::newRow("5.x monotonic ts, negative")
            << QByteArray(R"([["k",-1.25],-1796349740339.002,"A"])") << 5;
    QTest::newRow("5.x 16 digits") << QByteArray(R"([["k",4503599627370495.5],1.5,"A"])") << 5;
    QTest::newRow("5.x 17 digits") << QByteArray(R"([["k",1.0000000000000002],1.5,"A"])") << 5;
    QTest::newRow("5.x no value") << QByteArray(R"([["event"],1.5,"A"])") << 5;
    QTest::newRow("5.x signed") << QByteArray(R"([["k",null],2,"A","c2lnbmF0dXJl+/=="])") << 5;
    QTest::newRow("5.x object") << QByteArray(
            R"([["k",{"a":[1,2,{"b":true}],"c":"\n\u0001"}],3,"S"])")
                                << 5;
    QTest::newRow("5.x unicode") << QByteArray(
            "[[\"cl\xc3\xa9\",\"\xf0\x9f\x98\x80\xe2\x80\xa8\"],4,\"\xe6\x97\xa5\"]")
                                 << 5;
    QTest::newRow("5.x exponent") << QByteArray(R"([["k",1e+21],5e-7,"A"])") << 5;
    QTest::newRow("4.x") << QByteArray(R"(["k",{"x":1},1764058000123.5,"A"])") << 4;
    QTest::newRow("4.x signed") << QByteArray(R"(["k",false,7,"A","sig"])") << 4;
}

void UpdateScannerTest::readsCanonicalLinesAsTheGeneralPathDoes()
{
    QFETCH(QByteArray, line);
    QFETCH(int, version);
    const auto fast = (version == 5 ? Dialect::v5() : Dialect::v4()).scan(line, 64);
    QVERIFY(fast.has_value());
    const Update expected = generalPath(line, version);
    QVERIFY(expected.isValid());
    QCOMPARE(fast->key(), expected.key());
    QCOMPARE(fast->value(), expected.value());
    QCOMPARE(fast->timestamp(), expected.timestamp());
    QCOMPARE(fast->source(), expected.source());
    QCOMPARE(fast->signature(), expected.signature());
}

void UpdateScannerTest::leavesNonCanonicalLinesToTheGeneralPath_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("whitespace") << QByteArray(R"([["k", 1],1,"A"])");
    QTest::newRow("escaped key") << QByteArray(R"([["\u006b",1],1,"A"])");
    QTest::newRow("escaped slash") << QByteArray(R"([["k","a\/b"],1,"A"])");
    QTest::newRow("uppercase escape") << QByteArray(R"([["k","\u001F"],1,"A"])");
    QTest::newRow("needless escape") << QByteArray(R"([["k","\u0041"],1,"A"])");
    QTest::newRow("long number form") << QByteArray(R"([["k",1.0],1,"A"])");
    QTest::newRow("a fraction's trailing zero")
            << QByteArray(R"([["k",1],1796349740339.0020,"A"])");
    QTest::newRow("a fraction then an exponent") << QByteArray(R"([["k",1.5e3],1,"A"])");
    QTest::newRow("a fraction longer than a double")
            << QByteArray(R"([["k",1.00000000000000002],1,"A"])");
    QTest::newRow("a fraction with no digits") << QByteArray(R"([["k",1.],1,"A"])");
    QTest::newRow("exponent spelling") << QByteArray(R"([["k",1E3],1,"A"])");
    QTest::newRow("negative zero") << QByteArray(R"([["k",-0],1,"A"])");
    QTest::newRow("leading zero") << QByteArray(R"([["k",01],1,"A"])");
    QTest::newRow("index key") << QByteArray(R"([["k",{"b":1,"1":2}],1,"A"])");
    QTest::newRow("duplicate key") << QByteArray(R"([["k",{"a":1,"a":2}],1,"A"])");
    QTest::newRow("overflow") << QByteArray(R"([["k",1e400],1,"A"])");
    QTest::newRow("invalid utf-8") << QByteArray("[[\"k\",\"\xc3\x28\"],1,\"A\"]");
    QTest::newRow("surrogate in utf-8") << QByteArray("[[\"k\",\"\xed\xa0\x80\"],1,\"A\"]");
    QTest::newRow("lone surrogate escape") << QByteArray(R"([["k","\ud800"],1,"A"])");
    QTest::newRow("trailing garbage") << QByteArray(R"([["k",1],1,"A"]x)");
    QTest::newRow("too deep") << QByteArray(R"([["k",[[[[[[[[1]]]]]]]]],1,"A"])");
    QTest::newRow("number source") << QByteArray(R"([["k",1],1,2])");
    QTest::newRow("4.x shape") << QByteArray(R"(["k",1,1,"A"])");
}

void UpdateScannerTest::leavesNonCanonicalLinesToTheGeneralPath()
{
    QFETCH(QByteArray, line);
    QVERIFY(!Dialect::v5().scan(line, 6).has_value());
}

void UpdateScannerTest::acceptsEveryValueNodeCouldWrite()
{
    // Whatever the general path writes is canonical by definition.
    QRandomGenerator random(42);
    std::function<JsonValue(int)> make = [&](int depth) -> JsonValue {
        switch (random.bounded(depth > 3 ? 4 : 6)) {
        case 0:
            return JsonValue(nullptr);
        case 1:
            return JsonValue(random.bounded(2) == 1);
        case 2:
            return JsonValue(
                    std::ldexp(random.generateDouble() - 0.5, random.bounded(-1074, 1000)));
        case 3: {
            QString text;
            for (int i = random.bounded(6); i > 0; --i)
                text += QChar(char16_t(random.bounded(2) ? random.bounded(0x20, 0x7f)
                                                         : random.bounded(0, 0xd000)));
            return JsonValue(text);
        }
        case 4: {
            JsonArray array;
            for (int i = random.bounded(4); i > 0; --i)
                array.push_back(make(depth + 1));
            return JsonValue(std::move(array));
        }
        default: {
            JsonObject object;
            for (int i = random.bounded(5); i > 0; --i)
                object.insert(QStringLiteral("key%1").arg(random.bounded(100)), make(depth + 1));
            return JsonValue(std::move(object));
        }
        }
    };
    for (int i = 0; i < 5000; ++i) {
        const QByteArray text = JsonCodec::stringify(make(0));
        QVERIFY2(UpdateScanner::isCanonical(text, 64), text.constData());
    }
}

void UpdateScannerTest::readsShortFractionsExactlyAndOnlyInShortestForm()
{
    // npm's monotonic stamps (milliseconds and thousandths) and numbers of a
    // few decimals at every magnitude: the scanner reads what from_chars
    // reads, and takes a text as canonical exactly when JavaScript would have
    // written it so (Number::toString, JsonCodec::numberToString).
    QRandomGenerator random(11);
    for (int i = 0; i < 100000; ++i) {
        const qint64 whole = i % 2 ? 946684800000 + random.bounded(Q_INT64_C(3155760000000))
                                   : random.bounded(Q_INT64_C(1), Q_INT64_C(1) << 53);
        const QByteArray text = QByteArray::number(whole) + '.'
                + QByteArray::number(random.bounded(1, 100000))
                          .rightJustified(1 + random.bounded(5), '0', true);
        double expected = 0;
        std::from_chars(text.constData(), text.constData() + text.size(), expected);
        const bool canonical = JsonCodec::numberToString(expected) == text;
        const QByteArray line = R"([["k",1],)" + text + R"(,"A"])";
        const auto scanned = Dialect::v5().scan(line, 64);
        QVERIFY2(scanned.has_value() == canonical, line.constData());
        if (scanned)
            QCOMPARE(scanned->timestamp(), expected);
    }
}

void UpdateScannerTest::findsWhatEndsOrBreaksAStringAtEveryOffset()
{
    // Strings are passed over eight bytes at a time: whatever byte needs a
    // look must be seen wherever it falls in or across such a word.
    struct Special
    {
        QByteArray text;
        bool canonical;
    };
    const Special specials[] = {
            {QByteArrayLiteral("\\n"), true},      // escape
            {QByteArrayLiteral("\xc3\xa9"), true}, // two-byte UTF-8
            {QByteArrayLiteral("\x7f"), true},     // DEL is not escaped by JSON.stringify
            {QByteArrayLiteral(" "), true},
            {QByteArrayLiteral("\x1f"), false},  // a raw control character
            {QByteArrayLiteral("\xc3("), false}, // broken UTF-8
            {QByteArrayLiteral("\\/"), false},   // an escape node never writes
    };
    for (const Special &special : specials) {
        for (int before = 0; before <= 17; ++before) {
            for (int after : {0, 1, 7, 8, 9}) {
                const QByteArray value = '"' + QByteArray(before, 'a') + special.text
                        + QByteArray(after, 'b') + '"';
                const QByteArray line = "[[\"k\"," + value + "],1,\"A\"]";
                const auto fast = Dialect::v5().scan(line, 64);
                QVERIFY2(fast.has_value() == special.canonical, line.toHex(' ').constData());
                if (fast)
                    QCOMPARE(fast->value(), value);
                // The same as key and source, ended by their own quote.
                const QByteArray asKey = "[[" + value + ",1],1," + value + "]";
                const auto key = Dialect::v5().scan(asKey, 64);
                const bool plain = special.canonical && !special.text.startsWith('\\');
                QVERIFY2(key.has_value() == plain, asKey.toHex(' ').constData());
                if (key)
                    QCOMPARE(key->keyToken(), QByteArrayView(value));
            }
        }
    }
}

QTEST_APPLESS_MAIN(UpdateScannerTest)
#include "tst_updatescanner.moc"
