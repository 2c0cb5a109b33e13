// SPDX-License-Identifier: MIT
#include "dialer.h"
#include "expectok.h"
#include "jsoncodec.h"
#include "model.h"
#include "server.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace sb;
using namespace Qt::StringLiterals;

// Model is the replicated key/value map: what a user sees in the keys view and
// what node's JSON.stringify(model) prints must match, and replicas must end
// in the same state whatever order updates reach them in.
class tst_Model : public QObject
{
    Q_OBJECT

private slots:
    void listenersOfChangedComeAndGoWithoutDeadlock();
    void entryChangedNamesTheEntryEachChangeWentTo();
    void getReturnsWhatWasSet_data();
    void getReturnsWhatWasSet();
    void getOfUnknownKeyIsUndefined();
    void setStoresCanonicalJsonText();
    void setJsonRefusesInvalidText();
    void setJsonRefusesValuesNestedDeeperThanPeersTake();
    void refusesProtoKeyAndUndefinedValue();
    void keysEnumerateInJavaScriptPropertyOrder();
    void entriesKeepTheirNumbersAndCountsFollowTheWinningSource();
    void writeJsonTextInPiecesIsToJsonText();
    void toJsonTextIsWhatNodePrints_data();
    void toJsonTextIsWhatNodePrints();
    void deletesKeyWithNull();
    void removeIsSetToNull();
    void setAfterDeleteRevivesKey();
    void equalTimestampTieGoesToGreaterSource_data();
    void equalTimestampTieGoesToGreaterSource();
    void olderUpdateForKeyIsNotApplied();
    void newerUpdateForKeyReplacesHeldOne();
    void setRefusesAKeyHeldWithAnUpdateFarAhead();
    void historyFilteredByRemoteClock_data();
    void historyFilteredByRemoteClock();
    void historyOrderedByTimestampThenSource();
    void changedSignalledOncePerAppliedUpdate();
    void modelHoldingKeysReadOffTheWireIsDestroyedCleanly();
};

static Update update(const QString &key, const QByteArray &value, double timestamp,
                     const QString &source)
{
    return Update(key, value, timestamp, source);
}

void tst_Model::entryChangedNamesTheEntryEachChangeWentTo()
{
    Model model(u"A"_s);
    QSignalSpy changed(&model, &Model::entryChanged);
    expectOk(model.setJson(u"a"_s, "1"));
    expectOk(model.setJson(u"b"_s, "2"));
    QCOMPARE(model.receive(update(u"a"_s, "3", 4e12, u"B"_s)), Scuttlebutt::Outcome::Applied);
    // Old data changes nothing, so it is not signalled.
    QCOMPARE(model.receive(update(u"b"_s, "9", 1, u"B"_s)), Scuttlebutt::Outcome::OldData);

    QCOMPARE(changed.count(), 3);
    const QList<qsizetype> entries{changed[0][0].value<qsizetype>(),
                                   changed[1][0].value<qsizetype>(),
                                   changed[2][0].value<qsizetype>()};
    QCOMPARE(entries, (QList<qsizetype>{0, 1, 0}));
    QCOMPARE(changed[2][1].value<Update>().value(), QByteArray("3"));
    QCOMPARE(model.keyAt(entries[2]), u"a"_s);
}

static JsonValue parsed(const QByteArray &json)
{
    auto value = JsonCodec::parse(json);
    return value ? value.value() : JsonValue();
}

void tst_Model::getReturnsWhatWasSet_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("integer") << QByteArray("42");
    QTest::newRow("fraction") << QByteArray("0.1");
    QTest::newRow("string") << QByteArray(R"("hello")");
    QTest::newRow("true") << QByteArray("true");
    QTest::newRow("false") << QByteArray("false");
    QTest::newRow("empty string") << QByteArray(R"("")");
    QTest::newRow("array") << QByteArray(R"([1,"two",null,[3]])");
    QTest::newRow("object in insertion order") << QByteArray(R"({"z":1,"a":{"b":[]}})");
}

void tst_Model::getReturnsWhatWasSet()
{
    QFETCH(QByteArray, json);

    Model model(u"A"_s);
    const JsonValue value = parsed(json);
    QVERIFY(!value.isUndefined());
    const auto result = model.set(u"k"_s, value);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    const Update &applied = result.value();
    QCOMPARE(applied.key(), u"k"_s);
    QCOMPARE(applied.source(), u"A"_s);
    QCOMPARE(model.get(u"k"_s), value);
    QCOMPARE(model.entry(u"k"_s), applied);
    QVERIFY(model.contains(u"k"_s));
    QCOMPARE(model.updateCount(), qsizetype(1));
    QCOMPARE(model.liveKeyCount(), qsizetype(1));
}

void tst_Model::getOfUnknownKeyIsUndefined()
{
    Model model(u"A"_s);
    QVERIFY(model.get(u"missing"_s).isUndefined());
    QVERIFY(!model.entry(u"missing"_s).isValid());
    QVERIFY(!model.contains(u"missing"_s));
}

void tst_Model::setStoresCanonicalJsonText()
{
    Model model(u"A"_s);
    const auto result = model.setJson(u"k"_s, " { \"b\" : 1.0, \"a\" : [ 1e2 , -0 ] } ");
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(model.entry(u"k"_s).value(), QByteArray(R"({"b":1,"a":[100,0]})"));
}

void tst_Model::setJsonRefusesInvalidText()
{
    Model model(u"A"_s);
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);
    const auto result = model.setJson(u"k"_s, "{\"a\":");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Error::Kind::InvalidJson);
    QVERIFY2(result.errorMessage().startsWith(u"the value is not valid JSON: "_s),
             qPrintable(result.errorMessage()));
    QVERIFY(!model.contains(u"k"_s));
    QCOMPARE(applied.count(), 0);
}

void tst_Model::setJsonRefusesValuesNestedDeeperThanPeersTake()
{
    Model model(u"A"_s);
    const auto nested = [](int depth) { return QByteArray(depth, '[') + QByteArray(depth, ']'); };
    QVERIFY(model.setJson(u"deepest"_s, nested(Scuttlebutt::kMaxValueDepth)).ok());
    const auto result = model.setJson(u"k"_s, nested(Scuttlebutt::kMaxValueDepth + 1));
    QVERIFY(!result.ok());
    QCOMPARE(result.errorMessage(),
             u"the value nests 63 levels deep, more than the 62 that every peer takes"_s);
    QVERIFY(!model.contains(u"k"_s));
}

void tst_Model::refusesProtoKeyAndUndefinedValue()
{
    Model model(u"A"_s);
    QSignalSpy changed(&model, &Model::changed);

    // One message wherever the key is refused.
    QCOMPARE(model.set(u"__proto__"_s, JsonValue(1)).errorMessage(),
             u"the key \"__proto__\" is not allowed"_s);
    QCOMPARE(model.setJson(u"__proto__"_s, "1").errorMessage(),
             u"the key \"__proto__\" is not allowed"_s);
    QCOMPARE(model.set(u"k"_s, JsonValue()).errorMessage(),
             u"the value is undefined, which JSON cannot hold"_s);

    QCOMPARE(changed.count(), 0);
    QVERIFY(model.keys().isEmpty());
    QVERIFY(model.clock().isEmpty());
}

void tst_Model::keysEnumerateInJavaScriptPropertyOrder()
{
    // node: m.set('b',1); m.set('10',1); m.set('a',1); m.set('2',1); m.set('01',1);
    //       m.keys() -> ['2','10','b','a','01']
    Model model(u"A"_s);
    for (const char *key : {"b", "10", "a", "2", "01"})
        expectOk(model.set(QString::fromUtf8(key), JsonValue(1)));
    QCOMPARE(model.keys(), (QStringList{u"2"_s, u"10"_s, u"b"_s, u"a"_s, u"01"_s}));
}

void tst_Model::toJsonTextIsWhatNodePrints_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QList<QByteArray>>("values"); // JSON text given to set()
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QStringList>("expectedKeys");

    // Each row was run in node 20 with scuttlebutt 5.6.15:
    //   var m = new Model('A'); ops.forEach(([k, v]) => m.set(k, v));
    //   JSON.stringify(m); m.keys()
    // and the printed text is pasted here.
    QTest::newRow("index keys first, re-set key keeps its place, null left out")
            << QStringList{u"b"_s, u"a"_s, u"2"_s, u"1"_s, u"10"_s, u"a"_s}
            << QList<QByteArray>{"1", R"("x")", "true", "null", R"({"z":1,"a":[1,2]})", "2"}
            << QByteArray(R"({"2":true,"10":{"z":1,"a":[1,2]},"b":1,"a":2})")
            << QStringList{u"1"_s, u"2"_s, u"10"_s, u"b"_s, u"a"_s};
    QTest::newRow("strings and numbers as JSON.stringify writes them")
            << QStringList{u"\u00e9"_s, u"k"_s,   u"big"_s,   u"small"_s, u"tenth"_s,
                           u"neg"_s,    u"ctl"_s, u"emoji"_s, u"lone"_s}
            << QList<QByteArray>{R"("\u2028")",
                                 R"("line\nbreak\t\"q\"\\")",
                                 "1e21",
                                 "5e-7",
                                 "0.1",
                                 "-0",
                                 R"("\u0001\u001f")",
                                 R"("\ud83d\ude00")",
                                 R"("\ud800")"}
            // {"é":"<U+2028>","k":"line\nbreak\t\"q\"\\","big":1e+21,"small":5e-7,
            //  "tenth":0.1,"neg":0,"ctl":"\u0001\u001f","emoji":"<U+1F600>","lone":"\ud800"}
            << QByteArray("{\"\xc3\xa9\":\"\xe2\x80\xa8\",\"k\":\"line\\nbreak\\t\\\"q\\\"\\\\\","
                          "\"big\":1e+21,\"small\":5e-7,\"tenth\":0.1,\"neg\":0,"
                          "\"ctl\":\"\\u0001\\u001f\",\"emoji\":\"\xf0\x9f\x98\x80\","
                          "\"lone\":\"\\ud800\"}")
            << QStringList{u"\u00e9"_s, u"k"_s,   u"big"_s,   u"small"_s, u"tenth"_s,
                           u"neg"_s,    u"ctl"_s, u"emoji"_s, u"lone"_s};
    QTest::newRow("deleted keys stay in keys, revived key keeps its place")
            << QStringList{u"x"_s, u"y"_s, u"x"_s, u"z"_s, u"y"_s, u"x"_s}
            << QList<QByteArray>{"1", "2", "null", "[null,{}]", "null", "3"}
            << QByteArray(R"({"x":3,"z":[null,{}]})") << QStringList{u"x"_s, u"y"_s, u"z"_s};
    QTest::newRow("only canonical array indexes sort first")
            << QStringList{u"4294967295"_s, u"4294967294"_s, u"01"_s, u"0"_s, u"-1"_s}
            << QList<QByteArray>{"1", "2", "3", "4", "5"}
            << QByteArray(R"({"0":4,"4294967294":2,"4294967295":1,"01":3,"-1":5})")
            << QStringList{u"0"_s, u"4294967294"_s, u"4294967295"_s, u"01"_s, u"-1"_s};
    QTest::newRow("nested objects in property order, empty containers")
            << QStringList{u"obj"_s, u"arr"_s, u"f"_s, u"s"_s}
            << QList<QByteArray>{R"({"b":1,"a":2,"1":3,"0":{}})", "[]", "false", R"("")"}
            << QByteArray(R"({"obj":{"0":{},"1":3,"b":1,"a":2},"arr":[],"f":false,"s":""})")
            << QStringList{u"obj"_s, u"arr"_s, u"f"_s, u"s"_s};
    QTest::newRow("empty model") << QStringList{} << QList<QByteArray>{} << QByteArray("{}")
                                 << QStringList{};
}

void tst_Model::toJsonTextIsWhatNodePrints()
{
    QFETCH(QStringList, keys);
    QFETCH(QList<QByteArray>, values);
    QFETCH(QByteArray, expected);
    QFETCH(QStringList, expectedKeys);
    QCOMPARE(keys.size(), values.size());

    Model model(u"A"_s);
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const auto result = model.setJson(keys[i], values[i]);
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    }
    QCOMPARE(model.toJsonText(), expected);
    QCOMPARE(JsonCodec::stringify(model.toJson()), expected);
    QCOMPARE(model.keys(), expectedKeys);
}

void tst_Model::deletesKeyWithNull()
{
    Model model(u"A"_s);
    expectOk(model.set(u"keep"_s, JsonValue(1)));
    expectOk(model.set(u"gone"_s, JsonValue(2)));
    const Update deletion = model.set(u"gone"_s, JsonValue(nullptr)).value();

    QVERIFY(deletion.isValid());
    QVERIFY(deletion.isDelete());
    QCOMPARE(model.toJsonText(), QByteArray(R"({"keep":1})"));
    QVERIFY(!model.toJson().toObject().contains(u"gone"));
    QCOMPARE(model.keys(), (QStringList{u"keep"_s, u"gone"_s}));
    QVERIFY(model.get(u"gone"_s).isNull());
    QCOMPARE(model.liveKeyCount(), qsizetype(1));
    QCOMPARE(model.updateCount(), qsizetype(2));

    // The deletion itself replicates: a peer that lacks it gets it in history.
    const QList<Update> history = model.history();
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.last(), deletion);
}

void tst_Model::removeIsSetToNull()
{
    Model model(u"A"_s);
    expectOk(model.set(u"k"_s, JsonValue(1)));
    const Update removal = model.remove(u"k"_s).value();
    QVERIFY(removal.isDelete());
    QCOMPARE(removal.value(), QByteArray("null"));
    QCOMPARE(model.toJsonText(), QByteArray("{}"));
    QCOMPARE(model.liveKeyCount(), qsizetype(0));
}

void tst_Model::setAfterDeleteRevivesKey()
{
    Model model(u"A"_s);
    expectOk(model.set(u"k"_s, JsonValue(1)));
    expectOk(model.remove(u"k"_s));
    expectOk(model.set(u"k"_s, JsonValue(u"back"_s)));
    QCOMPARE(model.toJsonText(), QByteArray(R"({"k":"back"})"));
    QCOMPARE(model.liveKeyCount(), qsizetype(1));
}

void tst_Model::equalTimestampTieGoesToGreaterSource_data()
{
    QTest::addColumn<bool>("greaterArrivesFirst");
    QTest::newRow("greater source arrives first") << true;
    QTest::newRow("greater source arrives last") << false;
}

void tst_Model::equalTimestampTieGoesToGreaterSource()
{
    QFETCH(bool, greaterArrivesFirst);

    // Two writers stamped the same key with the same timestamp. Every replica
    // must keep the same one (the greater source id) whatever the arrival order;
    // the JS would keep the last to arrive and diverge.
    const Update fromA = update(u"k"_s, R"("from A")", 1700000000000, u"A"_s);
    const Update fromB = update(u"k"_s, R"("from B")", 1700000000000, u"B"_s);

    Model model(u"me"_s);
    QSignalSpy changed(&model, &Model::changed);
    const Update first = greaterArrivesFirst ? fromB : fromA;
    const Update second = greaterArrivesFirst ? fromA : fromB;
    QCOMPARE(model.receive(first), Scuttlebutt::Outcome::Applied);
    QCOMPARE(model.receive(second),
             greaterArrivesFirst ? Scuttlebutt::Outcome::NotApplied
                                 : Scuttlebutt::Outcome::Applied);

    QCOMPARE(model.get(u"k"_s), JsonValue(u"from B"_s));
    QCOMPARE(model.entry(u"k"_s), fromB);
    QCOMPARE(changed.count(), greaterArrivesFirst ? 1 : 2);
    // Both sources are known to the clock: neither update is asked for again.
    QCOMPARE(model.clock().latest(u"A"_s), 1700000000000.0);
    QCOMPARE(model.clock().latest(u"B"_s), 1700000000000.0);
}

void tst_Model::olderUpdateForKeyIsNotApplied()
{
    Model model(u"me"_s);
    QCOMPARE(model.receive(update(u"k"_s, "2", 2000, u"A"_s)), Scuttlebutt::Outcome::Applied);
    QSignalSpy changed(&model, &Model::changed);
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);

    // B's write is new for B, but older than what the key holds.
    QCOMPARE(model.receive(update(u"k"_s, "1", 1000, u"B"_s)), Scuttlebutt::Outcome::NotApplied);
    QCOMPARE(model.get(u"k"_s), JsonValue(2));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(applied.count(), 0);
    QCOMPARE(model.clock().latest(u"B"_s), 1000.0);
    QCOMPARE(model.history().size(), 1);
}

void tst_Model::newerUpdateForKeyReplacesHeldOne()
{
    Model model(u"me"_s);
    model.receive(update(u"k"_s, "1", 1000, u"A"_s));
    QCOMPARE(model.receive(update(u"k"_s, "2", 2000, u"B"_s)), Scuttlebutt::Outcome::Applied);
    QCOMPARE(model.get(u"k"_s), JsonValue(2));
    QCOMPARE(model.entry(u"k"_s).source(), u"B"_s);
    QCOMPARE(model.updateCount(), qsizetype(1));
}

void tst_Model::setRefusesAKeyHeldWithAnUpdateFarAhead()
{
    Model model(u"me"_s);
    // Further ahead than the clock skew allowed, so our writes do not follow it.
    const double ahead = double(QDateTime::currentMSecsSinceEpoch()) + 60 * 60 * 1000;
    QCOMPARE(model.receive(update(u"k"_s, "1", ahead, u"B"_s)), Scuttlebutt::Outcome::Applied);
    QSignalSpy changed(&model, &Model::changed);

    const auto result = model.set(u"k"_s, JsonValue(2));
    QVERIFY(!result.ok());
    QCOMPARE(result.errorMessage(), u"the replica holds a newer update for it"_s);
    // The same words whichever way the value was given.
    QCOMPARE(model.setJson(u"k"_s, "2").errorMessage(),
             u"the replica holds a newer update for it"_s);
    QCOMPARE(model.get(u"k"_s), JsonValue(1));
    QCOMPARE(changed.count(), 0);
}

void tst_Model::historyFilteredByRemoteClock_data()
{
    QTest::addColumn<QByteArray>("remoteClock");
    QTest::addColumn<QStringList>("expectedKeys");

    // The model holds a@A:100, b@B:150, c@A:200, d@C:300 (in that time order).
    QTest::newRow("empty clock gets everything")
            << QByteArray("{}") << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
    QTest::newRow("knows A up to 100")
            << QByteArray(R"({"A":100})") << QStringList{u"b"_s, u"c"_s, u"d"_s};
    QTest::newRow("knows A up to 150 (between updates)")
            << QByteArray(R"({"A":150})") << QStringList{u"b"_s, u"c"_s, u"d"_s};
    QTest::newRow("knows all of A and B")
            << QByteArray(R"({"A":200,"B":150})") << QStringList{u"d"_s};
    QTest::newRow("knows everything")
            << QByteArray(R"({"A":200,"B":150,"C":300})") << QStringList{};
    QTest::newRow("ahead of us everywhere")
            << QByteArray(R"({"A":1e9,"B":1e9,"C":1e9})") << QStringList{};
    QTest::newRow("unrelated sources only")
            << QByteArray(R"({"Z":1})") << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
}

void tst_Model::historyFilteredByRemoteClock()
{
    QFETCH(QByteArray, remoteClock);
    QFETCH(QStringList, expectedKeys);

    Model model(u"me"_s);
    model.receive(update(u"d"_s, "4", 300, u"C"_s));
    model.receive(update(u"a"_s, "1", 100, u"A"_s));
    model.receive(update(u"c"_s, "3", 200, u"A"_s));
    model.receive(update(u"b"_s, "2", 150, u"B"_s));

    const auto clock = Clock::fromJson(parsed(remoteClock));
    QVERIFY(clock.ok());
    QStringList keys;
    for (const Update &held : model.history(clock.value()))
        keys.append(held.key());
    QCOMPARE(keys, expectedKeys);
    // Counted without listing them, as the sync health charts ask.
    QCOMPARE(model.updatesLackedBy(clock.value()), expectedKeys.size());
}

void tst_Model::historyOrderedByTimestampThenSource()
{
    Model model(u"me"_s);
    // Each source in its own order, the sources interleaved out of time order.
    model.receive(update(u"tieA"_s, "1", 200, u"A"_s));
    model.receive(update(u"late"_s, "1", 300, u"A"_s));
    model.receive(update(u"tieB"_s, "1", 200, u"B"_s));
    model.receive(update(u"early"_s, "1", 100, u"C"_s));

    QStringList keys;
    for (const Update &held : model.history())
        keys.append(held.key());
    QCOMPARE(keys, (QStringList{u"early"_s, u"tieA"_s, u"tieB"_s, u"late"_s}));
}

void tst_Model::changedSignalledOncePerAppliedUpdate()
{
    Model model(u"A"_s);
    QSignalSpy changed(&model, &Model::changed);

    expectOk(model.set(u"x"_s, JsonValue(1)));
    expectOk(model.set(u"y"_s, JsonValue(2)));
    expectOk(model.set(u"x"_s, JsonValue(nullptr)));
    QVERIFY(!model.set(u"__proto__"_s, JsonValue(3)).ok()); // refused: no signal

    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.at(0).at(0).toString(), u"x"_s);
    QCOMPARE(changed.at(1).at(0).toString(), u"y"_s);
    QCOMPARE(changed.at(2).at(0).toString(), u"x"_s);
    QVERIFY(changed.at(2).at(1).value<Update>().isDelete());
    QCOMPARE(changed.at(1).at(1).value<Update>().value(), QByteArray("2"));
}

// A Model fed by a stream holds keys, sources and values made from wire text
// rather than from set(): destroying it, the stream gone and the remote still
// serving, must free exactly what was allocated (run under ASan to see it).
void tst_Model::modelHoldingKeysReadOffTheWireIsDestroyedCleanly()
{
    Model remote(u"REMOTE"_s);
    expectOk(remote.set(u"hello"_s, JsonValue(u"world"_s)));
    for (int i = 0; i < 2000; ++i)
        expectOk(remote.set(u"key%1"_s.arg(i), JsonValue(u"value %1"_s.arg(i))));
    expectOk(remote.set(u"hello"_s, JsonValue(u"again"_s))); // a key whose held update was replaced
    Server server(&remote, {});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    auto local = std::make_unique<Model>(u"LOCAL"_s);
    auto dialer = std::make_unique<Dialer>(local.get(), u"127.0.0.1"_s, server.serverPort(),
                                           StreamOptions{});
    dialer->open();
    QTRY_COMPARE_WITH_TIMEOUT(local->updateCount(), remote.updateCount(), 10000);
    QCOMPARE(local->get(u"hello"_s), JsonValue(u"again"_s));
    QCOMPARE(local->history(), remote.history()); // key order follows arrival, so not toJson

    // A live update read after the sync, then the same order as the report:
    // the dialer (and its stream) first, then the model.
    expectOk(remote.set(u"hello"_s, JsonValue(u"live"_s)));
    QTRY_COMPARE_WITH_TIMEOUT(local->get(u"hello"_s), JsonValue(u"live"_s), 10000);
    dialer.reset();
    local.reset();
    QVERIFY(remote.contains(u"hello"_s));
}

// Receivers of changed() destroyed while the Model lives: Qt calls the
// sender's disconnectNotify() holding its own lock, which a Model once
// re-entered (isSignalConnected) and deadlocked whenever both objects' locks
// fell in the same slot of Qt's lock pool. A thousand receivers hit that.
void tst_Model::listenersOfChangedComeAndGoWithoutDeadlock()
{
    Model model(QStringLiteral("A"));
    int seen = 0;
    {
        // All alive at once, so that each lies at its own address.
        std::vector<std::unique_ptr<QObject>> receivers;
        for (int i = 0; i < 1000; ++i) {
            receivers.push_back(std::make_unique<QObject>());
            connect(&model, &Model::changed, receivers.back().get(), [&seen] { ++seen; });
        }
        expectOk(model.set(QStringLiteral("k"), JsonValue(1)));
        QCOMPARE(seen, 1000);
    }
    expectOk(model.set(QStringLiteral("k"), JsonValue(-1))); // no receiver left
    QCOMPARE(seen, 1000);
    QCOMPARE(model.get(QStringLiteral("k")).toNumber(), -1.0);
}

void tst_Model::entriesKeepTheirNumbersAndCountsFollowTheWinningSource()
{
    Model model(QStringLiteral("LOCAL"));
    model.receive(update(QStringLiteral("b"), "1", 10, QStringLiteral("A")));
    model.receive(update(QStringLiteral("1"), "{\"x\":2}", 11, QStringLiteral("A")));
    model.receive(update(QStringLiteral("q\"uote"), "3", 12, QStringLiteral("B")));
    // Numbered by arrival, whatever order JavaScript enumerates them in.
    QCOMPARE(model.indexOf(QStringLiteral("b")), 0);
    QCOMPARE(model.indexOf(QStringLiteral("1")), 1);
    QCOMPARE(model.indexOf(QStringLiteral("q\"uote")), 2);
    QCOMPARE(model.indexOf(QStringLiteral("never")), -1);
    QCOMPARE(model.keyAt(2), QStringLiteral("q\"uote"));
    QCOMPARE(model.keyTokenAt(2), QByteArrayView("\"q\\\"uote\""));
    QCOMPARE(model.valueAt(1), QByteArrayView("{\"x\":2}"));
    QCOMPARE(model.sourceAt(2), QStringLiteral("B"));
    QCOMPARE(model.timestampAt(1), 11.0);
    QCOMPARE(model.updateAt(0), model.entry(QStringLiteral("b")));
    QCOMPARE(model.heldCounts(),
             (QHash<QString, qsizetype>{{QStringLiteral("A"), 2}, {QStringLiteral("B"), 1}}));

    // A delete keeps the entry; a newer update from another source moves the count.
    model.receive(update(QStringLiteral("b"), "null", 20, QStringLiteral("B")));
    QCOMPARE(model.indexOf(QStringLiteral("b")), 0);
    QVERIFY(model.isDeleteAt(0));
    QCOMPARE(model.heldCounts(),
             (QHash<QString, qsizetype>{{QStringLiteral("A"), 1}, {QStringLiteral("B"), 2}}));
    // One that loses changes nothing.
    model.receive(update(QStringLiteral("1"), "5", 5, QStringLiteral("C")));
    QCOMPARE(model.heldCounts(),
             (QHash<QString, qsizetype>{{QStringLiteral("A"), 1}, {QStringLiteral("B"), 2}}));
    QVERIFY(!model.isDeleteAt(1));
}

void tst_Model::writeJsonTextInPiecesIsToJsonText()
{
    Model model(QStringLiteral("LOCAL"));
    for (int i = 0; i < 500; ++i)
        QVERIFY(model.set(QStringLiteral("key:%1").arg(i),
                          JsonValue(QStringLiteral("value %1").arg(i)))
                        .ok());
    QVERIFY(model.set(QStringLiteral("7"), JsonValue(7)).ok()); // an array index: first
    QVERIFY(model.remove(QStringLiteral("key:3")).ok());
    for (const qsizetype pieceBytes : {qsizetype(1), qsizetype(100), qsizetype(1 << 20)}) {
        QByteArray written;
        int pieces = 0;
        model.writeJsonText(
                [&](QByteArrayView piece) {
                    written += piece;
                    ++pieces;
                },
                pieceBytes);
        QCOMPARE(written, model.toJsonText());
        QVERIFY(pieceBytes > 1000 ? pieces == 1 : pieces > 1);
    }
    QVERIFY(model.toJsonText().startsWith("{\"7\":7,\"key:0\":\"value 0\","));
    QVERIFY(!model.toJsonText().contains("key:3\""));
}

QTEST_GUILESS_MAIN(tst_Model)
#include "tst_model.moc"
