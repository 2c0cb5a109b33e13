// SPDX-License-Identifier: MIT
#include "clock.h"
#include "jsoncodec.h"
#include "update.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace sb;
using namespace Qt::StringLiterals;

// The vector clock decides what is old data and what a peer lacks, and its JSON
// form is the clock of every digest we send, which node reads back.
class tst_Clock : public QObject
{
    Q_OBJECT

private slots:
    void latestOfUnknownSourceIsMinusInfinity();
    void advance_data();
    void advance();
    void setOverwritesEvenWithAnOlderTimestamp();
    void lacks_data();
    void lacks();
    void sourcesEnumerateInJavaScriptPropertyOrder_data();
    void sourcesEnumerateInJavaScriptPropertyOrder();
    void toJsonWritesWhatNodeWrites();
    void roundTripsThroughJson_data();
    void roundTripsThroughJson();
    void fromJsonRefuses_data();
    void fromJsonRefuses();
    void equalityIgnoresInsertionOrder();
};

static Clock clockOf(std::initializer_list<std::pair<const char *, double>> entries)
{
    Clock clock;
    for (const auto &[source, timestamp] : entries)
        clock.set(QString::fromUtf8(source), timestamp);
    return clock;
}

void tst_Clock::latestOfUnknownSourceIsMinusInfinity()
{
    const Clock clock = clockOf({{"A", 5}});
    QCOMPARE(clock.latest(QStringLiteral("A")), 5.0);
    QCOMPARE(clock.latest(QStringLiteral("B")), -std::numeric_limits<double>::infinity());
    QVERIFY(!clock.contains(QStringLiteral("B")));
    QVERIFY(Clock().isEmpty());
}

void tst_Clock::advance_data()
{
    QTest::addColumn<double>("held"); // NaN: source unknown
    QTest::addColumn<double>("offered");
    QTest::addColumn<bool>("advanced");
    QTest::addColumn<double>("latest");

    const double unknown = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("unknown source takes any timestamp") << unknown << 1000.0 << true << 1000.0;
    QTest::newRow("unknown source takes a negative timestamp") << unknown << -5.0 << true << -5.0;
    QTest::newRow("newer timestamp advances") << 1000.0 << 1000.5 << true << 1000.5;
    QTest::newRow("equal timestamp does not") << 1000.0 << 1000.0 << false << 1000.0;
    QTest::newRow("older timestamp does not") << 1000.0 << 999.0 << false << 1000.0;
    QTest::newRow("smallest step advances")
            << 1000.0 << std::nextafter(1000.0, 2000.0) << true << std::nextafter(1000.0, 2000.0);
}

void tst_Clock::advance()
{
    QFETCH(double, held);
    QFETCH(double, offered);
    QFETCH(bool, advanced);
    QFETCH(double, latest);

    Clock clock;
    clock.set(QStringLiteral("other"), 1);
    if (!std::isnan(held))
        clock.set(QStringLiteral("S"), held);
    QCOMPARE(clock.advance(QStringLiteral("S"), offered), advanced);
    QCOMPARE(clock.latest(QStringLiteral("S")), latest);
    QCOMPARE(clock.latest(QStringLiteral("other")), 1.0);
    QCOMPARE(clock.size(), qsizetype(2));
}

void tst_Clock::setOverwritesEvenWithAnOlderTimestamp()
{
    Clock clock = clockOf({{"S", 10}});
    clock.set(QStringLiteral("S"), 3);
    QCOMPARE(clock.latest(QStringLiteral("S")), 3.0);
    QCOMPARE(clock.size(), qsizetype(1));
}

void tst_Clock::lacks_data()
{
    QTest::addColumn<double>("timestamp");
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("lacks");

    // The clock below holds A at 100.
    QTest::newRow("newer update from a known source") << 100.5 << QStringLiteral("A") << true;
    QTest::newRow("update at the held timestamp") << 100.0 << QStringLiteral("A") << false;
    QTest::newRow("older update") << 50.0 << QStringLiteral("A") << false;
    QTest::newRow("update from an unknown source") << 1.0 << QStringLiteral("B") << true;
}

void tst_Clock::lacks()
{
    QFETCH(double, timestamp);
    QFETCH(QString, source);
    QFETCH(bool, lacks);

    const Clock clock = clockOf({{"A", 100}});
    QCOMPARE(clock.lacks(Update(QStringLiteral("k"), "1", timestamp, source)), lacks);
    QVERIFY(Clock().lacks(Update(QStringLiteral("k"), "1", timestamp, source)));
}

void tst_Clock::sourcesEnumerateInJavaScriptPropertyOrder_data()
{
    QTest::addColumn<QStringList>("inserted");
    QTest::addColumn<QStringList>("enumerated");

    QTest::newRow("plain ids keep insertion order")
            << QStringList{u"B"_s, u"A"_s, u"C"_s} << QStringList{u"B"_s, u"A"_s, u"C"_s};
    QTest::newRow("index-like ids first, ascending")
            << QStringList{u"b"_s, u"10"_s, u"a"_s, u"2"_s, u"0"_s}
            << QStringList{u"0"_s, u"2"_s, u"10"_s, u"b"_s, u"a"_s};
    QTest::newRow("leading zero, sign and 2^32-1 are not indexes")
            << QStringList{u"4294967295"_s, u"4294967294"_s, u"01"_s, u"0"_s, u"-1"_s}
            << QStringList{u"0"_s, u"4294967294"_s, u"4294967295"_s, u"01"_s, u"-1"_s};
    QTest::newRow("re-setting a source keeps its place")
            << QStringList{u"X"_s, u"Y"_s, u"X"_s} << QStringList{u"X"_s, u"Y"_s};
}

void tst_Clock::sourcesEnumerateInJavaScriptPropertyOrder()
{
    QFETCH(QStringList, inserted);
    QFETCH(QStringList, enumerated);

    Clock clock;
    double timestamp = 1;
    for (const QString &source : inserted)
        clock.set(source, timestamp++);
    QCOMPARE(clock.sources(), enumerated);

    QStringList jsonKeys;
    const JsonObject json = clock.toJson();
    for (const auto &member : json.members())
        jsonKeys.append(member.key);
    QCOMPARE(jsonKeys, enumerated);
}

void tst_Clock::toJsonWritesWhatNodeWrites()
{
    // node: var c = {}; c.B = 1700000000000.5; c['10'] = 2; c.A = 1e21; c['3'] = 0.1;
    //       JSON.stringify(c)
    const Clock clock = clockOf({{"B", 1700000000000.5}, {"10", 2}, {"A", 1e21}, {"3", 0.1}});
    QCOMPARE(JsonCodec::stringify(JsonValue(clock.toJson())),
             QByteArray(R"({"3":0.1,"10":2,"B":1700000000000.5,"A":1e+21})"));
}

void tst_Clock::roundTripsThroughJson_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty") << QByteArray("{}");
    QTest::newRow("one source") << QByteArray(R"({"A":1700000000000.001})");
    QTest::newRow("mixed ids in node order")
            << QByteArray(R"({"0":1,"7":-3,"ZZZ":5e-7,"aaa":1e+21,"é":42})");
}

void tst_Clock::roundTripsThroughJson()
{
    QFETCH(QByteArray, json);

    const auto parsed = JsonCodec::parse(json);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    const auto clock = Clock::fromJson(parsed.value());
    QVERIFY2(clock.ok(), qPrintable(clock.errorMessage()));
    QCOMPARE(JsonCodec::stringify(JsonValue(clock->toJson())), json);

    const auto again = Clock::fromJson(JsonValue(clock->toJson()));
    QVERIFY(again.ok());
    QCOMPARE(again.value(), clock.value());
    QCOMPARE(again->sources(), clock->sources());
}

void tst_Clock::fromJsonRefuses_data()
{
    QTest::addColumn<JsonValue>("value");
    QTest::addColumn<QString>("reason");

    auto object = [](const char *key, JsonValue value) {
        JsonObject o;
        o.insert(QStringLiteral("ok"), JsonValue(1));
        o.insert(QString::fromUtf8(key), std::move(value));
        return JsonValue(std::move(o));
    };
    QTest::newRow("array") << JsonValue(JsonArray{JsonValue(1)}) << u"not an object"_s;
    QTest::newRow("string") << JsonValue("{}") << u"not an object"_s;
    QTest::newRow("null") << JsonValue(nullptr) << u"not an object"_s;
    QTest::newRow("number") << JsonValue(5) << u"not an object"_s;
    QTest::newRow("undefined") << JsonValue() << u"not an object"_s;
    QTest::newRow("timestamp as a string") << object("S", JsonValue("5")) << u"\"S\""_s;
    QTest::newRow("timestamp null") << object("S", JsonValue(nullptr)) << u"\"S\""_s;
    QTest::newRow("timestamp an object") << object("S", JsonValue(JsonObject())) << u"\"S\""_s;
    QTest::newRow("timestamp NaN")
            << object("S", JsonValue(std::numeric_limits<double>::quiet_NaN())) << u"\"S\""_s;
    QTest::newRow("timestamp infinite")
            << object("S", JsonValue(std::numeric_limits<double>::infinity())) << u"\"S\""_s;
    QTest::newRow("source __proto__") << object("__proto__", JsonValue(1)) << u"__proto__"_s;
}

void tst_Clock::fromJsonRefuses()
{
    QFETCH(JsonValue, value);
    QFETCH(QString, reason);

    const auto clock = Clock::fromJson(value);
    QVERIFY(!clock.ok());
    QVERIFY2(clock.errorMessage().contains(reason), qPrintable(clock.errorMessage()));
}

void tst_Clock::equalityIgnoresInsertionOrder()
{
    QCOMPARE(clockOf({{"A", 1}, {"B", 2}}), clockOf({{"B", 2}, {"A", 1}}));
    QVERIFY(clockOf({{"A", 1}}) != clockOf({{"A", 2}}));
    QVERIFY(clockOf({{"A", 1}}) != clockOf({{"A", 1}, {"B", 1}}));
}

QTEST_GUILESS_MAIN(tst_Clock)
#include "tst_clock.moc"
