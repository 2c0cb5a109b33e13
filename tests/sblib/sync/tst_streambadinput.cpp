// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "expectok.h"
#include "model.h"
#include "socketpair.h"
#include "stream.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace sb;
using namespace TestSockets;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeout = 10000;
constexpr qsizetype kMaxLineLength = 4096;
constexpr int kMaxDepth = 16;

const QByteArray kDigest = ln(R"({"id":"P","clock":{}})");
// A valid update from the bad peer, sent before its bad line.
const QByteArray kGoodUpdate = ln(R"([["fromPeer",1],1700000000000,"P"])");

} // namespace

// A peer that sends bad input loses its own stream, with a message that says
// who and why; the replica keeps all it had, and its other peers notice nothing.
class tst_StreamBadInput : public QObject
{
    Q_OBJECT

private slots:
    void badInputFailsOnlyThatStream_data();
    void badInputFailsOnlyThatStream();
    void lineOverLimitFailsEvenWhenSplitAcrossWrites();
    void rejectsUpdatesStampedBeyondTheMaximumClockSkew();
    void keepsALoneSurrogateAsNodeDoes();
};

void tst_StreamBadInput::badInputFailsOnlyThatStream_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("goodUpdateFirst");

    const QByteArray before = kDigest + kGoodUpdate;
    const QByteArray longText(5000, 'x');
    const QByteArray deep = QByteArray(kMaxDepth + 4, '[') + QByteArray(kMaxDepth + 4, ']');

    QTest::newRow("unparsable line")
            << before + ln(R"([["k",1],2,"P")") << u"invalid JSON"_s << true;
    QTest::newRow("trailing garbage")
            << before + ln(R"([["k",1],2,"P"] x)") << u"unexpected data after"_s << true;
    QTest::newRow("empty line") << before + "\n" << u"invalid JSON"_s << true;
    QTest::newRow("blank line") << before + "  \t\n" << u"invalid JSON"_s << true;
    QTest::newRow("non-UTF-8 bytes") << before + "[[\"k\",\"\xff\xfe\"],2,\"P\"]\n"
                                     << u"invalid UTF-8"_s << true;
    QTest::newRow("complete line over maxLineLength")
            << before + ln(R"([["k",")" + longText + R"("],2,"P"])")
            << u"longer than %1 bytes"_s.arg(kMaxLineLength) << true;
    QTest::newRow("unfinished line over maxLineLength")
            << before + R"([["k",")" + longText << u"longer than %1 bytes"_s.arg(kMaxLineLength)
            << true;
    QTest::newRow("depth over maxDepth") << before + ln(R"([["k",)" + deep + R"(],2,"P"])")
                                         << u"nesting deeper than %1"_s.arg(kMaxDepth) << true;
    QTest::newRow("1e400 as value")
            << before + ln(R"([["k",1e400],2,"P"])") << u"number out of range"_s << true;
    QTest::newRow("1e400 as timestamp")
            << before + ln(R"([["k",1],1e400,"P"])") << u"number out of range"_s << true;
    QTest::newRow("__proto__ key")
            << before + ln(R"([["__proto__",1],2,"P"])") << u"__proto__"_s << true;
    QTest::newRow("__proto__ source")
            << before + ln(R"([["k",1],2,"__proto__"])") << u"__proto__"_s << true;
    QTest::newRow("__proto__ source in the digest clock")
            << ln(R"({"id":"P","clock":{"__proto__":1}})") << u"__proto__"_s << false;
    QTest::newRow("empty source") << before + ln(R"([["k",1],2,""])") << u"the source id is empty"_s
                                  << true;
    QTest::newRow("update before digest") << kGoodUpdate << u"before the digest"_s << false;
    QTest::newRow("SYNC twice") << before + "\"SYNC\"\n\"SYNC\"\n" << u"twice"_s << true;
    QTest::newRow("a second digest") << before + kDigest << u"second digest"_s << true;
    QTest::newRow("digest without clock") << ln(R"({"id":"P"})") << u"no clock"_s << false;
    QTest::newRow("digest clock not an object")
            << ln(R"({"id":"P","clock":[]})") << u"not an object"_s << false;
    QTest::newRow("digest clock entry not a number")
            << ln(R"({"id":"P","clock":{"X":"1"}})") << u"\"X\" is not a finite number"_s << false;
    QTest::newRow("digest id not a string")
            << ln(R"({"id":5,"clock":{}})") << u"id is not a string"_s << false;
    QTest::newRow("a number instead of a message") << before + "42\n"
                                                   << u"expected a digest, an update"_s << true;
    QTest::newRow("a string other than SYNC") << before + "\"HELLO\"\n"
                                              << u"expected a digest, an update"_s << true;
    QTest::newRow("null instead of a message") << before + "null\n"
                                               << u"expected a digest, an update"_s << true;
    QTest::newRow("empty array") << before + "[]\n" << u"not a 5.x or 4.x update"_s << true;
    QTest::newRow("update of two elements")
            << before + ln(R"([["k",1],2])") << u"3 or 4 elements"_s << true;
    QTest::newRow("update of five elements")
            << before + ln(R"([["k",1],2,"P","s","x"])") << u"3 or 4 elements"_s << true;
    QTest::newRow("transaction an object")
            << before + ln(R"([{},2,"P"])") << u"not a 5.x or 4.x update"_s << true;
    QTest::newRow("transaction of 3 elements")
            << before + ln(R"([["k",1,2],2,"P"])") << u"3 elements"_s << true;
    QTest::newRow("key a number") << before + ln(R"([[5,1],2,"P"])") << u"key is not a string"_s
                                  << true;
    QTest::newRow("timestamp a string")
            << before + ln(R"([["k",1],"2","P"])") << u"timestamp is not a number"_s << true;
    QTest::newRow("source a number")
            << before + ln(R"([["k",1],2,5])") << u"source is not a string"_s << true;
    QTest::newRow("signature a number")
            << before + ln(R"([["k",1],2,"P",5])") << u"signature is not a string"_s << true;
    QTest::newRow("4.x update with a string timestamp")
            << before + ln(R"(["k",1,"2","P"])") << u"timestamp is not a number"_s << true;
    QTest::newRow("duplicate object key")
            << before + ln(R"([["k",{"a":1,"a":2}],2,"P"])") << u"duplicate key"_s << true;
    QTest::newRow("duplicate key in the digest")
            << ln(R"({"id":"P","clock":{},"id":"Q"})") << u"duplicate key"_s << false;
    QTest::newRow("NaN as value") << before + ln(R"([["k",NaN],2,"P"])") << u"invalid JSON"_s
                                  << true;
    QTest::newRow("Infinity as timestamp")
            << before + ln(R"([["k",1],Infinity,"P"])") << u"invalid JSON"_s << true;
    QTest::newRow("-1e400 as timestamp")
            << before + ln(R"([["k",1],-1e400,"P"])") << u"out of range"_s << true;
    QTest::newRow("4.x value too deep to pass on in 5.x")
            << before
                    + ln(R"(["k",)" + QByteArray(kMaxDepth - 1, '[')
                         + QByteArray(kMaxDepth - 1, ']') + R"(,2,"P"])")
            << u"nests 15 levels deep, more than the 14 that fit a 5.x update"_s << true;
    QTest::newRow("update before digest, after SYNC")
            << "\"SYNC\"\n" + kGoodUpdate << u"before the digest"_s << false;
}

void tst_StreamBadInput::badInputFailsOnlyThatStream()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, reason);
    QFETCH(bool, goodUpdateFirst);

    Model a(u"A"_s), c(u"C"_s);
    expectOk(a.set(u"own"_s, JsonValue(1)));
    a.receive(Update(u"earlier"_s, R"("kept")", 1600000000000, u"Z"_s));
    expectOk(c.set(u"fromC"_s, JsonValue(3)));

    // A healthy peer, C, already in sync with A.
    QObject owner;
    const SocketPair healthy = connectedPair(&owner);
    QVERIFY(healthy.left);
    Stream toC(&a, healthy.left), fromA(&c, healthy.right);
    toC.start();
    fromA.start();
    QTRY_VERIFY_WITH_TIMEOUT(toC.isSynced() && fromA.isSynced(), kTimeout);
    const QList<Update> held = a.history();

    // The bad peer.
    const SocketPair bad = connectedPair(&owner);
    QVERIFY(bad.left);
    StreamOptions options;
    options.maxLineLength = kMaxLineLength;
    options.maxDepth = kMaxDepth;
    Stream stream(&a, bad.left, options);
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    QSignalSpy closed(&stream, &Stream::closed);
    stream.start();
    const QString peer = u"peer 127.0.0.1:%1: "_s.arg(bad.right->localPort());
    bad.right->write(input);
    bad.right->flush();

    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.startsWith(peer), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    QCOMPARE(stream.errorString(), message);
    QCOMPARE(stream.state(), Stream::State::Failed);
    QCOMPARE(closed.count(), 1);
    // The bad peer is cut off.
    QTRY_COMPARE_WITH_TIMEOUT(bad.right->state(), QAbstractSocket::UnconnectedState, kTimeout);

    // Everything A held is still there, and so is what the peer sent before.
    const QList<Update> now = a.history();
    for (const Update &update : held)
        QVERIFY2(now.contains(update), qPrintable(update.key()));
    QCOMPARE(a.contains(u"fromPeer"_s), goodUpdateFirst);
    QVERIFY(!a.contains(u"k"_s));

    // The healthy stream carries on both ways.
    QCOMPARE(toC.state(), Stream::State::Synced);
    expectOk(c.set(u"afterC"_s, JsonValue(4)));
    expectOk(a.set(u"afterA"_s, JsonValue(5)));
    QTRY_COMPARE(a.get(u"afterC"_s), JsonValue(4));
    QTRY_COMPARE(c.get(u"afterA"_s), JsonValue(5));
    QCOMPARE(c.get(u"fromPeer"_s).isUndefined(), !goodUpdateFirst);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(closed.count(), 1);
}

void tst_StreamBadInput::lineOverLimitFailsEvenWhenSplitAcrossWrites()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair bad = connectedPair(&owner);
    QVERIFY(bad.left);
    StreamOptions options;
    options.maxLineLength = kMaxLineLength;
    Stream stream(&a, bad.left, options);
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    bad.right->write(kDigest);
    bad.right->write(R"([["k",")");
    // A slow trickle that never ends its line: the stream must not wait for ever.
    for (int i = 0; i < 10 && errors.isEmpty(); ++i) {
        bad.right->write(QByteArray(kMaxLineLength / 4, 'x'));
        bad.right->flush();
        QTest::qWait(10);
    }
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    QVERIFY2(errors.at(0).at(0).toString().contains(u"line 2 is longer than 4096 bytes"_s),
             qPrintable(errors.at(0).at(0).toString()));
    QCOMPARE(stream.state(), Stream::State::Failed);
}

// A peer that forges our own source at the end of time, and one whose clock
// runs an hour ahead: both updates are rejected without moving any clock, each
// reported naming the peer; the stream and the rest of its input go on.
void tst_StreamBadInput::rejectsUpdatesStampedBeyondTheMaximumClockSkew()
{
    Model a(u"A"_s);
    const Update before = a.set(u"own"_s, JsonValue(1)).value();
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream stream(&a, pair.left);
    QSignalSpy rejected(&stream, &Stream::updateRejected);
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    const QByteArray anHourAhead
            = QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 3600000);
    pair.right->write(kDigest + ln(R"([["x","forged"],1.7976931348623157e+308,"A"])")
                      + ln(R"([["ahead",1],)" + anHourAhead + R"(,"FAR"])") + kGoodUpdate
                      + "\"SYNC\"\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream.isSynced() && a.contains(u"fromPeer"_s), kTimeout);
    QCOMPARE(rejected.count(), 2);
    const QString peer = u"peer 127.0.0.1:%1: "_s.arg(pair.right->localPort());
    const QString first = rejected.at(0).at(1).toString();
    QVERIFY2(first.startsWith(peer + u"line 2: rejected update \"x\" from A: it is stamped"_s)
                     && first.endsWith(u"more than the maximum clock skew of 600 s"_s),
             qPrintable(first));
    QVERIFY2(rejected.at(1).at(1).toString().startsWith(
                     peer + u"line 3: rejected update \"ahead\" from FAR"_s),
             qPrintable(rejected.at(1).at(1).toString()));
    QCOMPARE(stream.stats().rejectedIn, 2);
    QCOMPARE(errors.count(), 0);
    QVERIFY(stream.isOpen());

    QCOMPARE(a.clock().latest(u"A"_s), before.timestamp());
    QVERIFY(!a.clock().contains(u"FAR"_s));
    QVERIFY(!a.contains(u"x"_s) && !a.contains(u"ahead"_s));
    const auto set = a.set(u"after"_s, JsonValue(2));
    QVERIFY2(set.ok(), qPrintable(set.errorMessage()));
    const Update &after = set.value();
    QVERIFY(after.timestamp() < QDateTime::currentMSecsSinceEpoch() + 60000);

    // With the limit off, as for a replica that trusts its peers' clocks.
    a.setMaxClockSkew(0);
    pair.right->write(ln(R"([["ahead",2],)" + anHourAhead + R"(,"FAR"])"));
    QTRY_VERIFY_WITH_TIMEOUT(a.contains(u"ahead"_s), kTimeout);
    QCOMPARE(rejected.count(), 2);
}

// A lone surrogate is valid JSON, and node keeps it: so do we, as node writes it.
void tst_StreamBadInput::keepsALoneSurrogateAsNodeDoes()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream stream(&a, pair.left);
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    pair.right->write(kDigest + ln(R"([["k\ud800","\udc00 lone"],2,"P"])") + "\"SYNC\"\n");
    QTRY_VERIFY_WITH_TIMEOUT(stream.isSynced() && a.keys().size() == 1, kTimeout);
    QCOMPARE(errors.count(), 0);
    const QString key = u"k"_s + QChar(0xD800);
    QCOMPARE(a.get(key), JsonValue(QChar(0xDC00) + u" lone"_s));
    QCOMPARE(a.entry(key).value(), QByteArray(R"("\udc00 lone")"));
}

QTEST_GUILESS_MAIN(tst_StreamBadInput)
#include "tst_streambadinput.moc"
