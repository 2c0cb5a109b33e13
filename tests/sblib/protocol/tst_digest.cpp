// SPDX-License-Identifier: MIT
#include "digest.h"
#include "jsoncodec.h"
#include "socketpair.h"

#include <QtTest>

#include <limits>

using namespace sb;
using TestSockets::ln;
using namespace Qt::StringLiterals;

// The digest opens every stream: node must read ours, we must read node's,
// and a malformed one must be refused with a reason.
class tst_Digest : public QObject
{
    Q_OBJECT

private slots:
    void toLineIsWhatNodeWrites_data();
    void toLineIsWhatNodeWrites();
    void fromJsonReadsWhatToLineWrites();
    void fromJsonAcceptsDigestWithoutId();
    void fromJsonRefuses_data();
    void fromJsonRefuses();
};

void tst_Digest::toLineIsWhatNodeWrites_data()
{
    QTest::addColumn<JsonValue>("meta");
    QTest::addColumn<QByteArray>("line");

    // node: new Model('A') with sources {B: 1700000000000.5, '7': 2};
    //       m.createStream({meta}) writes its first line, printed here.
    const QByteArray head = R"({"id":"A","clock":{"7":2,"B":1700000000000.5})";
    QTest::newRow("no meta") << JsonValue() << head + "}\n";
    QTest::newRow("object meta") << JsonCodec::parse(R"({"name":"x","list":[1,null]})").value()
                                 << head + ln(R"(,"meta":{"name":"x","list":[1,null]}})");
    QTest::newRow("empty object meta is written")
            << JsonValue(JsonObject()) << head + ln(R"(,"meta":{}})");
    QTest::newRow("string meta") << JsonValue(u"x"_s) << head + ln(R"(,"meta":"x"})");
    QTest::newRow("number meta") << JsonValue(1) << head + ln(R"(,"meta":1})");
    // if (opts.meta): node leaves out every meta JavaScript deems false.
    QTest::newRow("null meta is left out") << JsonValue(nullptr) << head + "}\n";
    QTest::newRow("false meta is left out") << JsonValue(false) << head + "}\n";
    QTest::newRow("zero meta is left out") << JsonValue(0) << head + "}\n";
    QTest::newRow("NaN meta is left out")
            << JsonValue(std::numeric_limits<double>::quiet_NaN()) << head + "}\n";
    QTest::newRow("empty string meta is left out") << JsonValue(u""_s) << head + "}\n";
}

void tst_Digest::toLineIsWhatNodeWrites()
{
    QFETCH(JsonValue, meta);
    QFETCH(QByteArray, line);

    Digest digest;
    digest.id = u"A"_s;
    digest.clock.set(u"B"_s, 1700000000000.5);
    digest.clock.set(u"7"_s, 2);
    digest.meta = meta;
    QCOMPARE(digest.toLine(), line);
}

void tst_Digest::fromJsonReadsWhatToLineWrites()
{
    Digest digest;
    digest.id = u"\u00e9t\u00e9"_s;
    digest.clock.set(u"X"_s, 5e-7);
    digest.clock.set(u"Y"_s, 1e21);
    digest.meta = JsonCodec::parse(R"({"a":[true]})").value();

    const auto parsed = JsonCodec::parse(digest.toLine());
    QVERIFY(parsed.ok() && parsed->isObject());
    const auto read = Digest::fromJson(parsed->toObject());
    QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
    QCOMPARE(read->id, digest.id);
    QCOMPARE(read->clock, digest.clock);
    QCOMPARE(read->meta, digest.meta);
    QCOMPARE(read->toLine(), digest.toLine());
}

void tst_Digest::fromJsonAcceptsDigestWithoutId()
{
    // node only needs the clock.
    const auto read = Digest::fromJson(JsonCodec::parse(R"({"clock":{"A":1}})")->toObject());
    QVERIFY(read.ok());
    QVERIFY(read->id.isEmpty());
    QCOMPARE(read->clock.latest(u"A"_s), 1.0);
    QVERIFY(read->meta.isUndefined());
}

void tst_Digest::fromJsonRefuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no clock") << QByteArray(R"({"id":"A"})") << u"no clock"_s;
    QTest::newRow("clock null") << QByteArray(R"({"id":"A","clock":null})") << u"not an object"_s;
    QTest::newRow("clock an array")
            << QByteArray(R"({"id":"A","clock":[1]})") << u"not an object"_s;
    QTest::newRow("clock entry a string")
            << QByteArray(R"({"id":"A","clock":{"B":"1"}})") << u"\"B\""_s;
    QTest::newRow("clock source __proto__")
            << QByteArray(R"({"id":"A","clock":{"__proto__":1}})") << u"__proto__"_s;
    QTest::newRow("id a number") << QByteArray(R"({"id":1,"clock":{}})") << u"id"_s;
}

void tst_Digest::fromJsonRefuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);

    const auto parsed = JsonCodec::parse(json);
    QVERIFY(parsed.ok());
    const auto read = Digest::fromJson(parsed->toObject());
    QVERIFY(!read.ok());
    QVERIFY2(read.errorMessage().contains(reason), qPrintable(read.errorMessage()));
    QVERIFY2(read.errorMessage().contains(u"digest"_s), qPrintable(read.errorMessage()));
}

QTEST_GUILESS_MAIN(tst_Digest)
#include "tst_digest.moc"
