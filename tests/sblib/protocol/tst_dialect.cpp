// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "jsoncodec.h"
#include "socketpair.h"

#include <QtTest>

using namespace sb;
using TestSockets::ln;
using namespace Qt::StringLiterals;

// The two wire encodings of an update: 5.x [[key, value], ts, source, sig?]
// and 4.x [key, value, ts, source, sig?]. What we write must read back the
// same, be what node writes, and cover exactly the text node signs.
class tst_Dialect : public QObject
{
    Q_OBJECT

private slots:
    void versions();
    void encodesAsNodeWrites_data();
    void encodesAsNodeWrites();
    void roundTrips_data();
    void roundTrips();
    void fourXWritesAbsentValueAsNull();
    void signedTextIsStringifyOfUpdateWithoutSignature_data();
    void signedTextIsStringifyOfUpdateWithoutSignature();
    void decodeRefuses_data();
    void decodeRefuses();
    void detect_data();
    void detect();
    void parseChoice_data();
    void parseChoice();
    void parseChoiceRefusesUnknownNames_data();
    void parseChoiceRefusesUnknownNames();
    void forChoiceStartsAutoAsFiveX();
    void fiveXReadsAndWritesTombstones();
    void fourXHasNoFormForTombstones();
};

static const Dialect &dialectFor(int version)
{
    return version == 4 ? Dialect::v4() : Dialect::v5();
}

static JsonArray parseArray(const QByteArray &json)
{
    auto value = JsonCodec::parse(json);
    return value && value->isArray() ? value->toArray() : JsonArray{};
}

void tst_Dialect::versions()
{
    QCOMPARE(Dialect::v5().version(), 5);
    QCOMPARE(Dialect::v4().version(), 4);
}

void tst_Dialect::encodesAsNodeWrites_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<Update>("update");
    QTest::addColumn<QByteArray>("line");

    const Update plain(u"k"_s, "1", 1700000000000.5, u"A"_s);
    const Update signedUpdate(u"k"_s, R"({"b":1,"a":[2]})", 1700000000000.001, u"A"_s,
                              u"c2ln/w=="_s);
    const Update noValue(u"ev"_s, QByteArray(), 1, u"S"_s);
    // node: JSON.stringify([['k', 1], 1700000000000.5, 'A']) and so on.
    QTest::newRow("5.x unsigned") << 5 << plain << ln(R"([["k",1],1700000000000.5,"A"])");
    QTest::newRow("5.x signed")
            << 5 << signedUpdate
            << ln(R"([["k",{"b":1,"a":[2]}],1700000000000.001,"A","c2ln/w=="])");
    QTest::newRow("5.x without value") << 5 << noValue << ln(R"([["ev"],1,"S"])");
    QTest::newRow("4.x unsigned") << 4 << plain << ln(R"(["k",1,1700000000000.5,"A"])");
    QTest::newRow("4.x signed") << 4 << signedUpdate
                                << ln(R"(["k",{"b":1,"a":[2]},1700000000000.001,"A","c2ln/w=="])");
    // node 4.x: JSON.stringify(['ev', undefined, 1, 'S'])
    QTest::newRow("4.x without value") << 4 << noValue << ln(R"(["ev",null,1,"S"])");
}

void tst_Dialect::encodesAsNodeWrites()
{
    QFETCH(int, version);
    QFETCH(Update, update);
    QFETCH(QByteArray, line);

    QByteArray out = "before\n";
    dialectFor(version).appendUpdate(out, update);
    QCOMPARE(out, "before\n" + line);
}

void tst_Dialect::roundTrips_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<Update>("update");

    const QList<std::pair<const char *, Update>> updates{
            {"number value", Update(u"k"_s, "42", 1700000000000.0, u"A"_s)},
            {"fractional timestamp",
             Update(u"k"_s, R"("v")", 1700000000000.0 + 1.0 / 1001, u"A"_s)},
            {"object value", Update(u"k"_s, R"({"z":[1,{"y":null}],"a":true})", 5, u"B"_s)},
            {"null value (delete)", Update(u"k"_s, "null", 6, u"B"_s)},
            {"unicode key, source and value",
             Update(u"cl\u00e9 \u2028"_s, "\"\xe2\x80\xa8\\n\"", 7, u"s\u00f6urce"_s)},
            {"huge timestamp", Update(u"k"_s, "1", 1e21, u"A"_s)},
            {"signed", Update(u"k"_s, "1", 8, u"A"_s, u"AbC+/==\""_s)},
            {"signed delete", Update(u"k"_s, "null", 9, u"A"_s, u"sig"_s)},
    };
    for (int version : {5, 4}) {
        for (const auto &[name, update] : updates)
            QTest::addRow("%d.x %s", version, name) << version << update;
    }
    QTest::newRow("5.x without value") << 5 << Update(u"ev"_s, QByteArray(), 10, u"A"_s);
    QTest::newRow("5.x signed without value")
            << 5 << Update(u"ev"_s, QByteArray(), 11, u"A"_s, u"sig"_s);
}

void tst_Dialect::roundTrips()
{
    QFETCH(int, version);
    QFETCH(Update, update);

    const Dialect &dialect = dialectFor(version);
    QByteArray line;
    dialect.appendUpdate(line, update);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);

    const auto parsed = JsonCodec::parse(line);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QVERIFY(dialect.recognizes(parsed->toArray()));
    const auto decoded = dialect.decode(parsed->toArray());
    QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage()));
    QCOMPARE(decoded.value(), update);
    QCOMPARE(Dialect::detect(parsed->toArray()), &dialect);
}

void tst_Dialect::fourXWritesAbsentValueAsNull()
{
    // 4.x has no way to leave the value out: node writes undefined as null, and
    // for a Model both mean delete.
    const Update noValue(u"k"_s, QByteArray(), 1, u"A"_s);
    QByteArray line;
    Dialect::v4().appendUpdate(line, noValue);
    const auto decoded = Dialect::v4().decode(parseArray(line.trimmed()));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->value(), QByteArray("null"));
    QVERIFY(decoded->isDelete());
    QCOMPARE(decoded->timestamp(), 1.0);
}

void tst_Dialect::signedTextIsStringifyOfUpdateWithoutSignature_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<Update>("update");
    QTest::addColumn<QByteArray>("expected");

    // What node's security.js signs: JSON.stringify(update) before the signature
    // is added. Expected texts printed by node 20 for the same arrays.
    const Update tricky(u"\u00e9"_s, "{\"b\":1,\"a\":[1e+21,5e-7,\"\xe2\x80\xa8\\n\"]}",
                        1700000000000.001, u"SRC"_s, u"signature"_s);
    QTest::newRow("5.x, unicode and exponents")
            << 5 << tricky
            << QByteArray("[[\"\xc3\xa9\",{\"b\":1,\"a\":[1e+21,5e-7,\"\xe2\x80\xa8\\n\"]}],"
                          "1700000000000.001,\"SRC\"]");
    QTest::newRow("4.x, unicode and exponents")
            << 4 << tricky
            << QByteArray("[\"\xc3\xa9\",{\"b\":1,\"a\":[1e+21,5e-7,\"\xe2\x80\xa8\\n\"]},"
                          "1700000000000.001,\"SRC\"]");
    QTest::newRow("5.x without value") << 5 << Update(u"ev"_s, QByteArray(), 1, u"S"_s, u"x"_s)
                                       << QByteArray(R"([["ev"],1,"S"])");
    QTest::newRow("4.x without value") << 4 << Update(u"ev"_s, QByteArray(), 1, u"S"_s, u"x"_s)
                                       << QByteArray(R"(["ev",null,1,"S"])");
    QTest::newRow("5.x unsigned update")
            << 5 << Update(u"k"_s, "1", 1700000000000.0 + 1.0 / 1001, u"S"_s)
            << QByteArray(R"([["k",1],1700000000000.001,"S"])");
}

void tst_Dialect::signedTextIsStringifyOfUpdateWithoutSignature()
{
    QFETCH(int, version);
    QFETCH(Update, update);
    QFETCH(QByteArray, expected);

    const Dialect &dialect = dialectFor(version);
    QCOMPARE(dialect.signedText(update), expected);

    // And it is exactly the written line minus the signature element.
    QByteArray line;
    dialect.appendUpdate(line, update);
    JsonArray elements = parseArray(line);
    if (update.isSigned())
        elements.pop_back();
    QCOMPARE(JsonCodec::stringify(JsonValue(elements)), expected);
}

void tst_Dialect::decodeRefuses_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("reason");

    QTest::newRow("5.x empty array") << 5 << QByteArray("[]") << u"3 or 4 elements"_s;
    QTest::newRow("5.x two elements") << 5 << QByteArray(R"([["k",1],1])") << u"3 or 4"_s;
    QTest::newRow("5.x five elements")
            << 5 << QByteArray(R"([["k",1],1,"A","sig","extra"])") << u"3 or 4"_s;
    QTest::newRow("5.x trx is a string") << 5 << QByteArray(R"(["k",1,"A"])") << u"[key, value]"_s;
    QTest::newRow("5.x trx is an object") << 5 << QByteArray(R"([{},1,"A"])") << u"[key, value]"_s;
    QTest::newRow("5.x trx empty") << 5 << QByteArray(R"([[],1,"A"])") << u"0 elements"_s;
    QTest::newRow("5.x trx of 3 elements")
            << 5 << QByteArray(R"([["k",1,2],1,"A"])") << u"3 elements"_s;
    QTest::newRow("5.x key a number") << 5 << QByteArray(R"([[1,1],1,"A"])") << u"key"_s;
    QTest::newRow("5.x key null") << 5 << QByteArray(R"([[null,1],1,"A"])") << u"key"_s;
    QTest::newRow("5.x timestamp a string")
            << 5 << QByteArray(R"([["k",1],"1","A"])") << u"timestamp"_s;
    QTest::newRow("5.x timestamp null")
            << 5 << QByteArray(R"([["k",1],null,"A"])") << u"timestamp"_s;
    QTest::newRow("5.x source a number") << 5 << QByteArray(R"([["k",1],1,2])") << u"source"_s;
    QTest::newRow("5.x source null") << 5 << QByteArray(R"([["k",1],1,null])") << u"source"_s;
    QTest::newRow("5.x signature a number")
            << 5 << QByteArray(R"([["k",1],1,"A",5])") << u"signature"_s;

    QTest::newRow("4.x empty array") << 4 << QByteArray("[]") << u"4 or 5 elements"_s;
    QTest::newRow("4.x three elements") << 4 << QByteArray(R"(["k",1,1])") << u"4 or 5"_s;
    QTest::newRow("4.x six elements")
            << 4 << QByteArray(R"(["k",1,1,"A","sig","extra"])") << u"4 or 5"_s;
    QTest::newRow("4.x key a number") << 4 << QByteArray(R"([1,1,1,"A"])") << u"key"_s;
    QTest::newRow("4.x key an array (5.x shape)")
            << 4 << QByteArray(R"([["k",1],1,"A","x"])") << u"key"_s;
    QTest::newRow("4.x timestamp a string")
            << 4 << QByteArray(R"(["k",1,"1","A"])") << u"timestamp"_s;
    QTest::newRow("4.x source a number") << 4 << QByteArray(R"(["k",1,1,2])") << u"source"_s;
    QTest::newRow("4.x signature null")
            << 4 << QByteArray(R"(["k",1,1,"A",null])") << u"signature"_s;
}

void tst_Dialect::decodeRefuses()
{
    QFETCH(int, version);
    QFETCH(QByteArray, message);
    QFETCH(QString, reason);

    const auto parsed = JsonCodec::parse(message);
    QVERIFY2(parsed.ok() && parsed->isArray(), message.constData());
    const auto decoded = dialectFor(version).decode(parsed->toArray());
    QVERIFY(!decoded.ok());
    QVERIFY2(decoded.errorMessage().contains(reason), qPrintable(decoded.errorMessage()));
}

void tst_Dialect::detect_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("version"); // 0: none

    QTest::newRow("5.x update") << QByteArray(R"([["k",1],1,"A"])") << 5;
    QTest::newRow("5.x signed update") << QByteArray(R"([["k",1],1,"A","s"])") << 5;
    QTest::newRow("4.x update") << QByteArray(R"(["k",1,1,"A"])") << 4;
    QTest::newRow("4.x signed update") << QByteArray(R"(["k",1,1,"A","s"])") << 4;
    QTest::newRow("empty array") << QByteArray("[]") << 0;
    QTest::newRow("numbers") << QByteArray("[1,2,3]") << 0;
    QTest::newRow("object first") << QByteArray(R"([{},1,"A"])") << 0;
    // crdt's tombstone, [null, ts, source]: a 5.x update without a transaction.
    QTest::newRow("null first") << QByteArray(R"([null,1,"A"])") << 5;
}

void tst_Dialect::detect()
{
    QFETCH(QByteArray, message);
    QFETCH(int, version);

    const JsonArray array = parseArray(message);
    const Dialect *found = Dialect::detect(array);
    QCOMPARE(found ? found->version() : 0, version);
    QCOMPARE(Dialect::v5().recognizes(array), version == 5);
    QCOMPARE(Dialect::v4().recognizes(array), version == 4);
}

void tst_Dialect::parseChoice_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Dialect::Choice>("choice");

    QTest::newRow("auto") << u"auto"_s << Dialect::Choice::Auto;
    QTest::newRow("AUTO") << u"AUTO"_s << Dialect::Choice::Auto;
    QTest::newRow("5") << u"5"_s << Dialect::Choice::V5;
    QTest::newRow(" 5 (spaces)") << u" 5 "_s << Dialect::Choice::V5;
    QTest::newRow("5.x") << u"5.x"_s << Dialect::Choice::V5;
    QTest::newRow("v5") << u"v5"_s << Dialect::Choice::V5;
    QTest::newRow("4") << u"4"_s << Dialect::Choice::V4;
    QTest::newRow("4.X") << u"4.X"_s << Dialect::Choice::V4;
    QTest::newRow("V4") << u"V4"_s << Dialect::Choice::V4;
}

void tst_Dialect::parseChoice()
{
    QFETCH(QString, text);
    QFETCH(Dialect::Choice, choice);

    const auto parsed = Dialect::parseChoice(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(parsed.value(), choice);
    // The canonical name reads back as the same choice.
    QCOMPARE(Dialect::parseChoice(Dialect::choiceName(choice)).value(), choice);
}

void tst_Dialect::parseChoiceRefusesUnknownNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("6") << u"6"_s;
    QTest::newRow("five") << u"five"_s;
    QTest::newRow("5.6.15") << u"5.6.15"_s;
}

void tst_Dialect::parseChoiceRefusesUnknownNames()
{
    QFETCH(QString, text);
    const auto parsed = Dialect::parseChoice(text);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.errorMessage().contains(u"\"%1\""_s.arg(text)),
             qPrintable(parsed.errorMessage()));
    QVERIFY2(parsed.errorMessage().contains(u"auto"_s), qPrintable(parsed.errorMessage()));
}

void tst_Dialect::forChoiceStartsAutoAsFiveX()
{
    QCOMPARE(&Dialect::forChoice(Dialect::Choice::Auto), &Dialect::v5());
    QCOMPARE(&Dialect::forChoice(Dialect::Choice::V5), &Dialect::v5());
    QCOMPARE(&Dialect::forChoice(Dialect::Choice::V4), &Dialect::v4());
    QCOMPARE(Dialect::choiceName(Dialect::Choice::Auto), u"auto"_s);
    QCOMPARE(Dialect::choiceName(Dialect::Choice::V5), u"5"_s);
    QCOMPARE(Dialect::choiceName(Dialect::Choice::V4), u"4"_s);
}

void tst_Dialect::fiveXReadsAndWritesTombstones()
{
    for (const QByteArray &line :
         {QByteArray(R"([null,1796422057645.001,"A"])"), QByteArray(R"([null,2,"A","sig"])")}) {
        const auto update = Dialect::v5().decode(parseArray(line));
        QVERIFY(update.ok());
        QVERIFY(update->isTombstone());
        QVERIFY(update->keyToken().isEmpty());
        QByteArray written;
        Dialect::v5().appendUpdate(written, *update);
        QCOMPARE(written, line + '\n');
    }
    QCOMPARE(Dialect::v5().signedText(Update::tombstone(3, u"A"_s)), QByteArray(R"([null,3,"A"])"));
    // Every other shape of the first element is still refused.
    QVERIFY(!Dialect::v5().decode(parseArray(R"([null,"1","A"])")).ok());
    QVERIFY(!Dialect::v5().decode(parseArray(R"([null,1])")).ok());
}

void tst_Dialect::fourXHasNoFormForTombstones()
{
    QByteArray written;
    Dialect::v4().appendUpdate(written, Update::tombstone(1, u"A"_s));
    QVERIFY(written.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Dialect)
#include "tst_dialect.moc"
