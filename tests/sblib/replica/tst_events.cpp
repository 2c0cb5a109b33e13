// SPDX-License-Identifier: MIT
#include "events.h"
#include "expectok.h"
#include "jsoncodec.h"

#include <QSignalSpy>
#include <QtTest>

using namespace sb;
using namespace Qt::StringLiterals;

// Events is the replicated, reliable event log: every event of every source is
// kept, and a peer gets them all in timestamp order.
class tst_Events : public QObject
{
    Q_OBJECT

private slots:
    void emitEventWithDataRecordsIt();
    void emitEventWithoutDataHasNoValue();
    void refusesProtoEventName();
    void refusesDataNestedDeeperThanPeersTake();
    void emitEventJsonReadsDataTextWithTheReplicasWords();
    void keepsEveryEventOfTheSameName();
    void eventsByNameInReceivedOrder();
    void eventNamesListsEveryName();
    void historyOrderedByTimestampThenSource();
    void everyEventHeldIsReadInArrivalOrderWithCountsPerSource();
    void historyFilteredByRemoteClock();
    void oldEventIsDroppedNotLoggedTwice();
    void toJsonIsArrayOfEventAndData();
};

void tst_Events::emitEventWithDataRecordsIt()
{
    Events events(u"A"_s);
    QSignalSpy received(&events, &Events::eventReceived);
    QSignalSpy applied(&events, &Scuttlebutt::updateApplied);

    JsonObject data;
    data.insert(u"who"_s, JsonValue(u"me"_s));
    data.insert(u"n"_s, JsonValue(1));
    const auto result = events.emitEvent(u"joined"_s, JsonValue(data));

    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    const Update &emitted = result.value();
    QCOMPARE(emitted.key(), u"joined"_s);
    QCOMPARE(emitted.value(), QByteArray(R"({"who":"me","n":1})"));
    QCOMPARE(emitted.source(), u"A"_s);
    QCOMPARE(received.count(), 1);
    QCOMPARE(received.at(0).at(0).toString(), u"joined"_s);
    QCOMPARE(received.at(0).at(1).value<Update>(), emitted);
    QCOMPARE(applied.count(), 1);
    QCOMPARE(events.events(u"joined"_s), QList<Update>{emitted});
    QCOMPARE(events.clock().latest(u"A"_s), emitted.timestamp());
}

void tst_Events::emitEventWithoutDataHasNoValue()
{
    Events events(u"A"_s);
    const auto result = events.emitEvent(u"ping"_s);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    const Update &emitted = result.value();
    QVERIFY(!emitted.hasValue());
    QCOMPARE(JsonCodec::stringify(events.toJson()), QByteArray(R"([["ping"]])"));

    // null is data, unlike no data at all.
    const Update withNull = events.emitEvent(u"ping"_s, JsonValue(nullptr)).value();
    QCOMPARE(withNull.value(), QByteArray("null"));
    QCOMPARE(JsonCodec::stringify(events.toJson()), QByteArray(R"([["ping"],["ping",null]])"));
}

void tst_Events::refusesProtoEventName()
{
    Events events(u"A"_s);
    QSignalSpy received(&events, &Events::eventReceived);
    QVERIFY(!events.emitEvent(u"__proto__"_s, JsonValue(1)).ok());
    QCOMPARE(received.count(), 0);
    QCOMPARE(events.updateCount(), qsizetype(0));
}

void tst_Events::refusesDataNestedDeeperThanPeersTake()
{
    Events events(u"A"_s);
    QSignalSpy received(&events, &Events::eventReceived);
    const auto nested = [](int depth) {
        return JsonCodec::parse(QByteArray(depth, '[') + QByteArray(depth, ']')).value();
    };
    QVERIFY(events.emitEvent(u"deepest"_s, nested(Scuttlebutt::kMaxValueDepth)).ok());

    const auto result = events.emitEvent(u"deeper"_s, nested(Scuttlebutt::kMaxValueDepth + 1));
    QVERIFY(!result.ok());
    QCOMPARE(result.errorMessage(),
             u"the value nests 63 levels deep, more than the 62 that every peer takes"_s);
    QCOMPARE(received.count(), 1);
    QVERIFY(events.events(u"deeper"_s).isEmpty());
    QCOMPARE(events.updateCount(), qsizetype(1));
}

void tst_Events::emitEventJsonReadsDataTextWithTheReplicasWords()
{
    Events events(u"A"_s);
    QSignalSpy received(&events, &Events::eventReceived);

    QCOMPARE(events.emitEventJson(u"with"_s, R"( {"n" : 1} )")->value(), QByteArray(R"({"n":1})"));
    // Blank text is an event without data, as emitEvent(event) sends it.
    QVERIFY(!events.emitEventJson(u"without"_s, "  ")->hasValue());

    const auto notJson = events.emitEventJson(u"bad"_s, "{n:1}");
    QCOMPARE(notJson.error().kind, Error::Kind::InvalidJson);
    QVERIFY2(notJson.errorMessage().startsWith(u"the value is not valid JSON: "_s),
             qPrintable(notJson.errorMessage()));
    QCOMPARE(events.emitEventJson(u"__proto__"_s, "1").errorMessage(),
             events.emitEvent(u"__proto__"_s, JsonValue(1)).errorMessage());
    QCOMPARE(events.emitEventJson(u"__proto__"_s, "1").error().kind, Error::Kind::Refused);
    QCOMPARE(received.count(), 2);
}

void tst_Events::keepsEveryEventOfTheSameName()
{
    Events events(u"A"_s);
    for (int i = 0; i < 5; ++i)
        expectOk(events.emitEvent(u"tick"_s, JsonValue(i)));
    QCOMPARE(events.updateCount(), qsizetype(5));
    const QList<Update> ticks = events.events(u"tick"_s);
    QCOMPARE(ticks.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(ticks[i].value(), QByteArray::number(i));
}

void tst_Events::eventsByNameInReceivedOrder()
{
    Events events(u"me"_s);
    // B's event is older but arrives later: per-name lists keep arrival order.
    events.receive(Update(u"e"_s, "1", 200, u"A"_s));
    events.receive(Update(u"other"_s, "x", 150, u"C"_s));
    events.receive(Update(u"e"_s, "2", 100, u"B"_s));

    const QList<Update> list = events.events(u"e"_s);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].source(), u"A"_s);
    QCOMPARE(list[1].source(), u"B"_s);
    QVERIFY(events.events(u"none"_s).isEmpty());
}

void tst_Events::eventNamesListsEveryName()
{
    Events events(u"A"_s);
    expectOk(events.emitEvent(u"a"_s));
    expectOk(events.emitEvent(u"b"_s));
    expectOk(events.emitEvent(u"a"_s));
    QStringList names = events.eventNames();
    names.sort();
    QCOMPARE(names, (QStringList{u"a"_s, u"b"_s}));
}

void tst_Events::historyOrderedByTimestampThenSource()
{
    Events events(u"me"_s);
    // Each source in its own order, the sources interleaved out of time order.
    events.receive(Update(u"tieA"_s, "2", 200, u"A"_s));
    events.receive(Update(u"third"_s, "3", 300, u"A"_s));
    events.receive(Update(u"tieB"_s, "2", 200, u"B"_s));
    events.receive(Update(u"first"_s, "1", 100, u"C"_s));

    QStringList order;
    for (const Update &event : events.history())
        order.append(event.key());
    QCOMPARE(order, (QStringList{u"first"_s, u"tieA"_s, u"tieB"_s, u"third"_s}));
}

void tst_Events::everyEventHeldIsReadInArrivalOrderWithCountsPerSource()
{
    Events events(u"me"_s);
    events.receive(Update(u"late"_s, "2", 200, u"A"_s));
    events.receive(Update(u"early"_s, "1", 100, u"B"_s));
    events.receive(Update(u"late"_s, "2", 200, u"A"_s)); // old data: not held twice
    QVERIFY(events.emitEvent(u"mine"_s).ok());

    QCOMPARE(events.updateCount(), 3);
    QStringList order;
    for (qsizetype i = 0; i < events.updateCount(); ++i)
        order.append(events.eventAt(i).key());
    QCOMPARE(order, (QStringList{u"late"_s, u"early"_s, u"mine"_s}));
    QCOMPARE(events.heldCounts(),
             (QHash<QString, qsizetype>{{u"A"_s, 1}, {u"B"_s, 1}, {u"me"_s, 1}}));
}

void tst_Events::historyFilteredByRemoteClock()
{
    Events events(u"me"_s);
    events.receive(Update(u"e"_s, "1", 100, u"A"_s));
    events.receive(Update(u"e"_s, "2", 200, u"A"_s));
    events.receive(Update(u"e"_s, "3", 150, u"B"_s));

    Clock remote;
    remote.set(u"A"_s, 100);
    QStringList values;
    for (const Update &event : events.history(remote))
        values.append(QString::fromUtf8(event.value()));
    QCOMPARE(values, (QStringList{u"3"_s, u"2"_s}));

    remote.set(u"B"_s, 150);
    remote.set(u"A"_s, 200);
    QVERIFY(events.history(remote).isEmpty());
}

void tst_Events::oldEventIsDroppedNotLoggedTwice()
{
    Events events(u"me"_s);
    const Update event(u"e"_s, "1", 100, u"A"_s);
    QCOMPARE(events.receive(event), Scuttlebutt::Outcome::Applied);
    QCOMPARE(events.receive(event), Scuttlebutt::Outcome::OldData);
    QCOMPARE(events.updateCount(), qsizetype(1));
}

void tst_Events::toJsonIsArrayOfEventAndData()
{
    Events events(u"me"_s);
    events.receive(Update(u"b"_s, QByteArray(), 200, u"A"_s));
    events.receive(Update(u"a"_s, "1", 100, u"C"_s));
    events.receive(Update(u"c"_s, R"({"x":[1,"y"]})", 300, u"B"_s));

    // In history order, data parsed back into JSON, no data: a one-element array.
    QCOMPARE(JsonCodec::stringify(events.toJson()),
             QByteArray(R"([["a",1],["b"],["c",{"x":[1,"y"]}]])"));
    QVERIFY(events.toJson().isArray());
    QCOMPARE(JsonCodec::stringify(Events(u"empty"_s).toJson()), QByteArray("[]"));
}

QTEST_GUILESS_MAIN(tst_Events)
#include "tst_events.moc"
