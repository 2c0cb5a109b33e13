// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "events.h"
#include "expectok.h"
#include "jsoncodec.h"
#include "model.h"
#include "socketpair.h"
#include "stream.h"
#include "timestamp.h"

#include <QBuffer>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sb;
using namespace TestSockets;
using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeout = 10000;

// A peer we drive by hand: it writes raw lines and records what it is sent.
struct RawPeer
{
    explicit RawPeer(QTcpSocket *socket) : socket(socket)
    {
        QObject::connect(socket, &QIODevice::readyRead, socket,
                         [this] { received += this->socket->readAll(); });
    }
    void write(const QByteArray &bytes)
    {
        socket->write(bytes);
        socket->flush();
    }
    QList<QByteArray> lines() const
    {
        QList<QByteArray> result = received.split('\n');
        if (!result.isEmpty() && result.last().isEmpty())
            result.removeLast();
        return result;
    }
    QTcpSocket *socket;
    QByteArray received;
};

// The order in which a stream's session signals fire.
QStringList *recordSignals(Stream *stream, QStringList *order)
{
    QObject::connect(stream, &Stream::headerReceived, stream, [order] { *order << u"header"_s; });
    QObject::connect(stream, &Stream::syncSent, stream, [order] { *order << u"syncSent"_s; });
    QObject::connect(stream, &Stream::syncReceived, stream,
                     [order] { *order << u"syncReceived"_s; });
    QObject::connect(stream, &Stream::synced, stream, [order] { *order << u"synced"_s; });
    QObject::connect(stream, &Stream::closed, stream, [order] { *order << u"closed"_s; });
    return order;
}

QByteArray v5Line(const Update &update)
{
    QByteArray line;
    Dialect::v5().appendUpdate(line, update);
    return line;
}

QByteArray v4Line(const Update &update)
{
    QByteArray line;
    Dialect::v4().appendUpdate(line, update);
    return line;
}

} // namespace

// Stream is one replication session over a device: what two users of two
// replicas connected by it see is the same data on both sides, in time, with
// nothing lost, echoed or buffered without bound.
class tst_Stream : public QObject
{
    Q_OBJECT

private slots:
    void syncsBothWays_data();
    void syncsBothWays();
    void signalsHeaderSyncSentSyncReceivedSyncedInOrder();
    void headerCarriesRemoteIdAndClock();
    void metaArrivesInRemoteDigest_data();
    void metaArrivesInRemoteDigest();
    void digestHasNoMetaWithoutOption();
    void readableFalseSendsNoDigestNorHistory();
    void sendClockSendsDigestOfWriteOnlyStream();
    void writableFalseIgnoresIncomingUpdates();
    void tailFalseClosesAfterSync();
    void liveUpdatesFlowAfterSync();
    void doesNotEchoUpdateBackToItsSender();
    void streamDestroyedWhileAChangeIsPassedOnDropsOutQuietly();
    void nameLabelsErrorMessages();
    void peerAddressLabelsErrorMessagesWithoutName();
    void fourXDialectReplicatesBothWays();
    void fourXDialectWritesFourXOnTheWire();
    void autoSwitchesToFourXPeerAndResendsHistory();
    void autoAgainstFourXStreamConverges();
    void threeReplicasInALineConverge();
    void eventsReplicateEveryEvent();
    void slowReaderKeepsSenderOutputBounded();
    void overflowingLiveQueueStillDeliversEveryEventOnce();
    void loadsFileWrittenByReadOnlyStream_data();
    void loadsFileWrittenByReadOnlyStream();
    void readOnlyStreamToFileTailsNewUpdates();
    void disposeEndsEveryStream();
    void peerDisconnectClosesStream();
    void lastLineWithoutNewlineCountsWhenPeerDisconnects();
    void replicatesOverLocalSocket();
};

void tst_Stream::syncsBothWays_data()
{
    QTest::addColumn<bool>("events");
    QTest::newRow("model") << false;
    QTest::newRow("events") << true;
}

void tst_Stream::syncsBothWays()
{
    QFETCH(bool, events);

    std::unique_ptr<Scuttlebutt> a, b;
    if (events) {
        auto ea = std::make_unique<Events>(u"A"_s);
        auto eb = std::make_unique<Events>(u"B"_s);
        expectOk(ea->emitEvent(u"from-a"_s, JsonValue(1)));
        expectOk(eb->emitEvent(u"from-b"_s, JsonValue(2)));
        expectOk(eb->emitEvent(u"from-b"_s, JsonValue(3)));
        a = std::move(ea);
        b = std::move(eb);
    } else {
        auto ma = std::make_unique<Model>(u"A"_s);
        auto mb = std::make_unique<Model>(u"B"_s);
        expectOk(ma->set(u"a"_s, JsonValue(1)));
        expectOk(ma->set(u"shared"_s, JsonValue(u"old"_s)));
        expectOk(mb->set(u"b"_s, JsonValue(2)));
        expectOk(mb->set(u"shared"_s, JsonValue(u"new"_s)));
        a = std::move(ma);
        b = std::move(mb);
    }
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(a.get(), pair.left);
    Stream sb(b.get(), pair.right);
    QSignalSpy syncedA(&sa, &Stream::synced);
    QSignalSpy syncedB(&sb, &Stream::synced);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(syncedB.count(), 1, kTimeout);
    QCOMPARE(sa.state(), Stream::State::Synced);
    QCOMPARE(sb.state(), Stream::State::Synced);
    // The same updates on both sides (key order in toJson follows arrival).
    QCOMPARE(a->history(), b->history());
    QCOMPARE(a->clock(), b->clock());
    QCOMPARE(a->updateCount(), events ? qsizetype(3) : qsizetype(3));
    if (!events)
        QCOMPARE(static_cast<Model *>(a.get())->get(u"shared"_s), JsonValue(u"new"_s));
    QCOMPARE(errors.count(), 0);
}

void tst_Stream::signalsHeaderSyncSentSyncReceivedSyncedInOrder()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(2)));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QStringList orderA, orderB;
    recordSignals(&sa, &orderA);
    recordSignals(&sb, &orderB);
    QList<Stream::State> statesA;
    connect(&sa, &Stream::stateChanged, this, [&](Stream::State state) { statesA << state; });
    sa.start();
    sb.start();

    const QStringList expected{u"header"_s, u"syncSent"_s, u"syncReceived"_s, u"synced"_s};
    QTRY_COMPARE_WITH_TIMEOUT(orderA, expected, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(orderB, expected, kTimeout);
    QCOMPARE(statesA,
             (QList<Stream::State>{Stream::State::AwaitingHeader, Stream::State::Syncing,
                                   Stream::State::Synced}));
    QVERIFY(sa.isSynced() && sa.hasSentSync() && sa.hasReceivedSync());
}

void tst_Stream::headerCarriesRemoteIdAndClock()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(b.set(u"b"_s, JsonValue(2)));
    b.receive(Update(u"c"_s, "3", 1234.5, u"C"_s));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QSignalSpy header(&sa, &Stream::headerReceived);
    const Clock clockOfB = b.clock();
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(header.count(), 1, kTimeout);
    const Digest digest = header.at(0).at(0).value<Digest>();
    QCOMPARE(digest.id, u"B"_s);
    QCOMPARE(digest.clock, clockOfB);
    QVERIFY(digest.meta.isUndefined());
    QVERIFY(sa.remoteDigest().has_value());
    QCOMPARE(sa.remoteDigest()->id, u"B"_s);
}

void tst_Stream::metaArrivesInRemoteDigest_data()
{
    QTest::addColumn<QByteArray>("meta");
    QTest::newRow("object") << QByteArray(R"({"name":"scope","tags":["a",1.5,null],"n":{}})");
    QTest::newRow("string") << QByteArray(R"("just a string")");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("array") << QByteArray(R"([1,"\u00e9",true])");
}

void tst_Stream::metaArrivesInRemoteDigest()
{
    QFETCH(QByteArray, meta);

    Model a(u"A"_s), b(u"B"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions options;
    options.meta = JsonCodec::parse(meta).value();
    Stream sa(&a, pair.left, options);
    Stream sb(&b, pair.right);
    QSignalSpy header(&sb, &Stream::headerReceived);
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(header.count(), 1, kTimeout);
    QCOMPARE(header.at(0).at(0).value<Digest>().meta, options.meta);
    QCOMPARE(JsonCodec::stringify(sb.remoteDigest()->meta), JsonCodec::stringify(options.meta));
}

void tst_Stream::digestHasNoMetaWithoutOption()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    Stream sa(&a, pair.left);
    sa.start();

    QTRY_VERIFY_WITH_TIMEOUT(!peer.lines().isEmpty(), kTimeout);
    QCOMPARE(peer.lines().first(), QByteArray(R"({"id":"A","clock":{}})"));
}

void tst_Stream::readableFalseSendsNoDigestNorHistory()
{
    Model a(u"A"_s);
    expectOk(a.set(u"secret"_s, JsonValue(1)));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    StreamOptions options;
    options.readable = false;
    Stream sa(&a, pair.left, options);
    QSignalSpy header(&sa, &Stream::headerReceived);
    sa.start();

    // The peer's digest arrives; a readable stream would answer with history.
    peer.write(ln(R"({"id":"P","clock":{}})"));
    QTRY_COMPARE_WITH_TIMEOUT(header.count(), 1, kTimeout);
    // The sink still takes in what the peer sends.
    const Update fromPeer(u"p"_s, "2", 1000, u"P"_s);
    peer.write(v5Line(fromPeer) + "\"SYNC\"\n");
    QTRY_VERIFY_WITH_TIMEOUT(a.contains(u"p"_s), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(sa.state(), Stream::State::Synced, kTimeout);

    QCOMPARE(sa.stats().bytesOut, qint64(0));
    QCOMPARE(pair.left->bytesToWrite(), qint64(0));
    QVERIFY(peer.received.isEmpty());
}

void tst_Stream::sendClockSendsDigestOfWriteOnlyStream()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"only-a"_s, JsonValue(1)));
    expectOk(b.set(u"b1"_s, JsonValue(1)));
    expectOk(b.set(u"b2"_s, JsonValue(2)));
    // A already holds b1: B must send only b2.
    a.receive(b.entry(u"b1"_s));

    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions options;
    options.readable = false;
    options.sendClock = true;
    Stream sa(&a, pair.left, options);
    Stream sb(&b, pair.right);
    QSignalSpy headerAtB(&sb, &Stream::headerReceived);
    QSignalSpy syncedA(&sa, &Stream::synced);
    const Clock clockOfA = a.clock();
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(headerAtB.count(), 1, kTimeout);
    QCOMPARE(headerAtB.at(0).at(0).value<Digest>().clock, clockOfA);
    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count(), 1, kTimeout);
    QCOMPARE(a.get(u"b2"_s), JsonValue(2));
    QCOMPARE(sb.stats().updatesOut, qint64(1));
    // Nothing flows from the write-only side.
    QVERIFY(!b.contains(u"only-a"_s));
    QCOMPARE(sa.stats().updatesOut, qint64(0));
    QVERIFY(!sb.hasReceivedSync());
}

void tst_Stream::writableFalseIgnoresIncomingUpdates()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(2)));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions options;
    options.writable = false;
    Stream sa(&a, pair.left, options);
    Stream sb(&b, pair.right);
    QSignalSpy syncedA(&sa, &Stream::synced);
    QSignalSpy syncedB(&sb, &Stream::synced);
    // A does not wait for B's digest: it sends at once, as if B held nothing.
    sa.start();
    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count(), 1, kTimeout);
    QVERIFY(sa.hasReceivedSync());
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(syncedB.count(), 1, kTimeout);
    QCOMPARE(b.get(u"a"_s), JsonValue(1));
    // Everything B sent has been read by A, and ignored.
    QTRY_COMPARE_WITH_TIMEOUT(sa.stats().bytesIn, sb.stats().bytesOut, kTimeout);
    QVERIFY(!a.contains(u"b"_s));

    expectOk(b.set(u"b-live"_s, JsonValue(3)));
    expectOk(a.set(u"a-live"_s, JsonValue(4)));
    QTRY_VERIFY_WITH_TIMEOUT(b.contains(u"a-live"_s), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(sa.stats().bytesIn, sb.stats().bytesOut, kTimeout);
    QVERIFY(!a.contains(u"b-live"_s));
    QCOMPARE(sa.stats().updatesIn, qint64(0));
}

void tst_Stream::tailFalseClosesAfterSync()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(2)));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions options;
    options.tail = false;
    Stream sa(&a, pair.left, options);
    Stream sb(&b, pair.right);
    QStringList orderA;
    recordSignals(&sa, &orderA);
    QSignalSpy closedB(&sb, &Stream::closed);
    QSignalSpy errorsA(&sa, &Stream::errorOccurred);
    QSignalSpy errorsB(&sb, &Stream::errorOccurred);
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(orderA.size(), 5, kTimeout);
    QCOMPARE(orderA.last(), u"closed"_s);
    QCOMPARE(orderA.at(3), u"synced"_s);
    QCOMPARE(sa.state(), Stream::State::Closed);
    QTRY_COMPARE_WITH_TIMEOUT(closedB.count(), 1, kTimeout);
    QCOMPARE(sb.state(), Stream::State::Closed);
    QCOMPARE(errorsA.count(), 0);
    QCOMPARE(errorsB.count(), 0);
    QCOMPARE(a.toJsonText(), QByteArray(R"({"a":1,"b":2})"));
    QCOMPARE(b.toJsonText(), QByteArray(R"({"b":2,"a":1})"));

    // Closed: later changes stay local.
    expectOk(a.set(u"later"_s, JsonValue(3)));
    QTest::qWait(50);
    QVERIFY(!b.contains(u"later"_s));
}

void tst_Stream::liveUpdatesFlowAfterSync()
{
    Model a(u"A"_s), b(u"B"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QSignalSpy syncedA(&sa, &Stream::synced);
    QSignalSpy syncedB(&sb, &Stream::synced);
    sa.start();
    sb.start();
    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count() + syncedB.count(), 2, kTimeout);

    QSignalSpy changedB(&b, &Model::changed);
    expectOk(a.set(u"x"_s, JsonValue(1)));
    QTRY_COMPARE(b.get(u"x"_s), JsonValue(1));
    expectOk(b.set(u"y"_s, JsonValue(u"why"_s)));
    QTRY_COMPARE(a.get(u"y"_s), JsonValue(u"why"_s));
    expectOk(a.remove(u"x"_s));
    QTRY_VERIFY_WITH_TIMEOUT(b.entry(u"x"_s).isDelete(), kTimeout);
    QCOMPARE(b.toJsonText(), QByteArray(R"({"y":"why"})"));
    // Many changes in a burst arrive, the last value winning.
    for (int i = 0; i < 500; ++i)
        expectOk(a.set(u"counter"_s, JsonValue(i)));
    QTRY_COMPARE(b.get(u"counter"_s), JsonValue(499));
    QCOMPARE(a.clock(), b.clock());
    QVERIFY(changedB.count() >= 3);
}

void tst_Stream::doesNotEchoUpdateBackToItsSender()
{
    Model a(u"A"_s), b(u"B"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QSignalSpy syncedA(&sa, &Stream::synced);
    QSignalSpy syncedB(&sb, &Stream::synced);
    sa.start();
    sb.start();
    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count() + syncedB.count(), 2, kTimeout);

    QSignalSpy oldAtB(&b, &Scuttlebutt::oldDataReceived);
    expectOk(b.set(u"k"_s, JsonValue(1)));
    QTRY_VERIFY_WITH_TIMEOUT(a.contains(u"k"_s), kTimeout);
    // A marker sent after: an echo of k would have reached B before it.
    expectOk(a.set(u"marker"_s, JsonValue(true)));
    QTRY_VERIFY_WITH_TIMEOUT(b.contains(u"marker"_s), kTimeout);
    QCOMPARE(oldAtB.count(), 0);
    QCOMPARE(sa.stats().updatesOut, qint64(1));
    QCOMPARE(sb.stats().updatesOut, qint64(1));
    QCOMPARE(sb.stats().oldDataIn, qint64(0));
}

void tst_Stream::streamDestroyedWhileAChangeIsPassedOnDropsOutQuietly()
{
    // A replica passes each change to its streams one after another. A limit
    // hit on one of them may have a handler that destroys another, still to
    // be told: it drops out, and the rest go on as before.
    Model a(u"A"_s), b(u"B"_s), c(u"C"_s);
    QObject owner;
    const SocketPair ab = connectedPair(&owner);
    const SocketPair ac = connectedPair(&owner);
    QVERIFY(ab.left && ac.left);
    StreamOptions oneQueued;
    oneQueued.maxQueuedUpdates = 1;
    Stream toB(&a, ab.left, oneQueued), fromA(&b, ab.right);
    auto *toC = new Stream(&a, ac.left);
    Stream alsoFromA(&c, ac.right);
    QSignalSpy syncedB(&toB, &Stream::synced);
    toB.start();
    fromA.start();
    QTRY_COMPARE_WITH_TIMEOUT(syncedB.count(), 1, kTimeout);
    QSignalSpy syncedC(toC, &Stream::synced); // told after toB
    toC->start();
    alsoFromA.start();
    QTRY_COMPARE_WITH_TIMEOUT(syncedC.count(), 1, kTimeout);

    QPointer<Stream> watched(toC);
    connect(&toB, &Stream::limitReached, &owner, [&toC] {
        delete toC;
        toC = nullptr;
    });
    expectOk(a.set(u"one"_s, JsonValue(1)));
    expectOk(a.set(u"two"_s, JsonValue(2))); // toB's queue overflows while toC is yet to be told
    QVERIFY(watched.isNull());
    expectOk(a.set(u"three"_s, JsonValue(3)));
    QTRY_COMPARE_WITH_TIMEOUT(b.get(u"three"_s), JsonValue(3), kTimeout);
    QCOMPARE(b.toJsonText(), a.toJsonText());
}

void tst_Stream::nameLabelsErrorMessages()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    StreamOptions options;
    options.name = u"alice's laptop"_s;
    Stream sa(&a, pair.left, options);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    QCOMPARE(sa.peerName(), u"alice's laptop"_s);

    peer.write("garbage\n");
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.startsWith(u"alice's laptop: "_s), qPrintable(message));
    QCOMPARE(sa.errorString(), message);
}

void tst_Stream::peerAddressLabelsErrorMessagesWithoutName()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    Stream sa(&a, pair.left);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();

    const QString where = u"peer 127.0.0.1:%1: "_s.arg(pair.right->localPort());
    peer.write("garbage\n");
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    const QString message = errors.at(0).at(0).toString();
    QVERIFY2(message.startsWith(where), qPrintable(message));
}

void tst_Stream::fourXDialectReplicatesBothWays()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(u"two"_s)));
    expectOk(b.remove(u"gone"_s));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions options;
    options.dialect = Dialect::Choice::V4;
    Stream sa(&a, pair.left, options);
    Stream sb(&b, pair.right, options);
    QSignalSpy syncedA(&sa, &Stream::synced);
    QSignalSpy syncedB(&sb, &Stream::synced);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    sb.start();

    QTRY_COMPARE_WITH_TIMEOUT(syncedA.count() + syncedB.count(), 2, kTimeout);
    QCOMPARE(sa.dialectVersion(), 4);
    QCOMPARE(a.toJsonText(), QByteArray(R"({"a":1,"b":"two"})"));
    QCOMPARE(a.keys(), (QStringList{u"a"_s, u"b"_s, u"gone"_s}));
    QCOMPARE(a.clock(), b.clock());
    expectOk(b.set(u"live"_s, JsonValue(5)));
    QTRY_COMPARE(a.get(u"live"_s), JsonValue(5));
    QCOMPARE(errors.count(), 0);
}

void tst_Stream::fourXDialectWritesFourXOnTheWire()
{
    Model a(u"A"_s);
    const Update held = a.set(u"k"_s, JsonValue(1)).value();
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    StreamOptions options;
    options.dialect = Dialect::Choice::V4;
    Stream sa(&a, pair.left, options);
    sa.start();
    peer.write(ln(R"({"id":"P","clock":{}})"));

    QTRY_COMPARE_WITH_TIMEOUT(peer.lines().size(), 3, kTimeout);
    QCOMPARE(peer.lines().at(1) + '\n', v4Line(held));
    QCOMPARE(peer.lines().at(2), QByteArray(R"("SYNC")"));

    const Update fromPeer(u"p"_s, "2", 1000, u"P"_s);
    peer.write(v4Line(fromPeer));
    QTRY_COMPARE(a.get(u"p"_s), JsonValue(2));
}

void tst_Stream::autoSwitchesToFourXPeerAndResendsHistory()
{
    // The peer plays node scuttlebutt 4.x: it ignores 5.x updates it cannot
    // read, so the history we sent before we knew its dialect was lost on it.
    Model a(u"A"_s);
    const Update held = a.set(u"a"_s, JsonValue(1)).value();
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    StreamOptions options;
    options.dialect = Dialect::Choice::Auto;
    Stream sa(&a, pair.left, options);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    QCOMPARE(sa.dialectVersion(), 5);
    peer.write(ln(R"({"id":"P","clock":{}})"));
    QTRY_COMPARE_WITH_TIMEOUT(peer.lines().size(), 3, kTimeout); // digest, 5.x update, SYNC
    QCOMPARE(peer.lines().at(1) + '\n', v5Line(held));

    const Update fromPeer(u"p"_s, "2", 1000, u"P"_s);
    peer.write(v4Line(fromPeer) + "\"SYNC\"\n");
    QTRY_COMPARE(a.get(u"p"_s), JsonValue(2));
    QCOMPARE(sa.dialectVersion(), 4);
    // The history again, now in 4.x, without a second SYNC, and no echo of p.
    QTRY_COMPARE_WITH_TIMEOUT(peer.lines().size(), 4, kTimeout);
    QCOMPARE(peer.lines().at(3) + '\n', v4Line(held));
    QTRY_COMPARE_WITH_TIMEOUT(sa.state(), Stream::State::Synced, kTimeout);

    const Update live = a.set(u"live"_s, JsonValue(3)).value();
    QTRY_COMPARE_WITH_TIMEOUT(peer.lines().size(), 5, kTimeout);
    QCOMPARE(peer.lines().at(4) + '\n', v4Line(live));
    QCOMPARE(peer.received.count("\"SYNC\""), 1);
    QCOMPARE(errors.count(), 0);
}

void tst_Stream::autoAgainstFourXStreamConverges()
{
    // sbpeer --dialect auto meeting sbpeer --dialect 4, both holding data.
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(2)));
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    StreamOptions autoOptions;
    autoOptions.dialect = Dialect::Choice::Auto;
    StreamOptions fourOptions;
    fourOptions.dialect = Dialect::Choice::V4;
    Stream sa(&a, pair.left, autoOptions);
    Stream sb(&b, pair.right, fourOptions);
    QSignalSpy errorsA(&sa, &Stream::errorOccurred);
    QSignalSpy errorsB(&sb, &Stream::errorOccurred);
    sa.start();
    sb.start();

    QTRY_VERIFY_WITH_TIMEOUT(a.contains(u"b"_s) && b.contains(u"a"_s), kTimeout);
    QCOMPARE(sa.dialectVersion(), 4);
    QVERIFY2(errorsB.isEmpty(),
             errorsB.isEmpty() ? "" : qPrintable(errorsB.at(0).at(0).toString()));
    QVERIFY(errorsA.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(sa.isSynced() && sb.isSynced(), kTimeout);
    expectOk(a.set(u"live"_s, JsonValue(3)));
    QTRY_COMPARE(b.get(u"live"_s), JsonValue(3));
}

void tst_Stream::threeReplicasInALineConverge()
{
    Model a(u"A"_s), b(u"B"_s), c(u"C"_s);
    expectOk(a.set(u"from-a"_s, JsonValue(1)));
    expectOk(b.set(u"from-b"_s, JsonValue(2)));
    expectOk(c.set(u"from-c"_s, JsonValue(3)));
    expectOk(a.set(u"contested"_s, JsonValue(u"a"_s)));
    expectOk(c.set(u"contested"_s, JsonValue(u"c"_s))); // later: wins everywhere

    QObject owner;
    const SocketPair ab = connectedPair(&owner);
    const SocketPair bc = connectedPair(&owner);
    QVERIFY(ab.left && bc.left);
    Stream sab(&a, ab.left), sba(&b, ab.right), sbc(&b, bc.left), scb(&c, bc.right);
    for (Stream *stream : {&sab, &sba, &sbc, &scb})
        stream->start();

    const QByteArray expected = R"({"from-a":1,"contested":"c","from-b":2,"from-c":3})";
    QTRY_COMPARE_WITH_TIMEOUT(a.toJsonText(), expected, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(b.history() == a.history() && c.history() == a.history(), kTimeout);
    QCOMPARE(c.get(u"from-a"_s), JsonValue(1));
    QCOMPARE(c.get(u"contested"_s), JsonValue(u"c"_s));

    // Live changes cross the middle replica both ways.
    expectOk(a.set(u"late-a"_s, JsonValue(4)));
    expectOk(c.set(u"late-c"_s, JsonValue(5)));
    QTRY_COMPARE(c.get(u"late-a"_s), JsonValue(4));
    QTRY_COMPARE(a.get(u"late-c"_s), JsonValue(5));
    QCOMPARE(b.get(u"late-a"_s), JsonValue(4));
}

void tst_Stream::eventsReplicateEveryEvent()
{
    Events a(u"A"_s), b(u"B"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QSignalSpy received(&b, &Events::eventReceived);
    sa.start();
    sb.start();
    for (int i = 0; i < 100; ++i)
        expectOk(a.emitEvent(u"tick"_s, JsonValue(i)));
    expectOk(a.emitEvent(u"done"_s));

    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 101, kTimeout);
    QCOMPARE(b.events(u"tick"_s).size(), 100);
    QCOMPARE(JsonCodec::stringify(b.toJson()), JsonCodec::stringify(a.toJson()));
}

void tst_Stream::slowReaderKeepsSenderOutputBounded()
{
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    // The peer takes in a little and then stops reading; the kernel buffers
    // between us fill up and the rest stays with the sender.
    QTcpSocket *peer = pair.right;
    peer->setReadBufferSize(4096);
    pair.left->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, 32 * 1024);
    peer->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 32 * 1024);

    StreamOptions options;
    options.highWaterMark = 64 * 1024;
    Stream sa(&a, pair.left, options);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    peer->write(ln(R"({"id":"P","clock":{}})"));
    peer->flush();
    QTRY_VERIFY_WITH_TIMEOUT(sa.remoteDigest().has_value(), kTimeout);

    // Thousands of updates of 1 KiB each: far more than every buffer on the way.
    constexpr int kBatches = 120;
    constexpr int kPerBatch = 250;
    const JsonValue payload(QString(1000, u'x'));
    qint64 maxBuffered = 0;
    for (int batch = 0; batch < kBatches; ++batch) {
        for (int i = 0; i < kPerBatch; ++i)
            expectOk(a.set(u"key-%1-%2"_s.arg(batch).arg(i), payload));
        QTest::qWait(1);
        maxBuffered = std::max(maxBuffered, pair.left->bytesToWrite());
    }
    const Update done = a.set(u"done"_s, JsonValue(true)).value();
    for (int i = 0; i < 20; ++i) {
        QTest::qWait(5);
        maxBuffered = std::max(maxBuffered, pair.left->bytesToWrite());
    }
    const qint64 total = qint64(kBatches) * kPerBatch * 1000;
    QVERIFY2(sa.stats().bytesOut < total / 2,
             qPrintable(u"the peer was meant to hold back, yet %1 bytes were written"_s.arg(
                     sa.stats().bytesOut)));
    // Near the high-water mark: at most one write chunk and a line beyond it.
    QVERIFY2(maxBuffered <= options.highWaterMark + 64 * 1024 + 2048,
             qPrintable(u"the socket buffered %1 bytes"_s.arg(maxBuffered)));
    QVERIFY(maxBuffered > 0);

    // The peer starts reading again and gets everything, in order, up to the last.
    QByteArray received;
    connect(peer, &QIODevice::readyRead, this, [&] { received += peer->readAll(); });
    peer->setReadBufferSize(0);
    received += peer->readAll();
    const QByteArray lastLine = v5Line(done);
    QTRY_VERIFY_WITH_TIMEOUT(received.endsWith(lastLine), 60000);
    QCOMPARE(errors.count(), 0);

    // Loading what the peer received gives back the whole replica.
    Model copy(u"copy"_s);
    QBuffer buffer(&received);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    StreamOptions load;
    load.readable = false;
    Stream loader(&copy, &buffer, load);
    QSignalSpy loaded(&loader, &Stream::closed);
    loader.start();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QCOMPARE(copy.updateCount(), a.updateCount());
    QCOMPARE(copy.toJsonText(), a.toJsonText());
}

void tst_Stream::overflowingLiveQueueStillDeliversEveryEventOnce()
{
    // More live events than the stream queues for a slow peer: it must fall
    // back to history and still deliver every event, none twice.
    Events a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    QTcpSocket *peer = pair.right;
    peer->setReadBufferSize(4096);
    StreamOptions options;
    options.highWaterMark = 16 * 1024;
    options.maxQueuedUpdates = 50;
    Stream sa(&a, pair.left, options);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    peer->write(ln(R"({"id":"P","clock":{}})"));
    peer->flush();
    QTRY_VERIFY_WITH_TIMEOUT(sa.hasSentSync(), kTimeout);

    const JsonValue payload(QString(500, u'e'));
    for (int batch = 0; batch < 40; ++batch) {
        for (int i = 0; i < 200; ++i)
            expectOk(a.emitEvent(u"e%1"_s.arg(i % 7), payload));
        QTest::qWait(1);
    }
    const Update last = a.emitEvent(u"last"_s).value();

    QByteArray received;
    connect(peer, &QIODevice::readyRead, this, [&] { received += peer->readAll(); });
    peer->setReadBufferSize(0);
    received += peer->readAll();
    QTRY_VERIFY_WITH_TIMEOUT(received.endsWith(v5Line(last)), 60000);
    QCOMPARE(errors.count(), 0);

    Events copy(u"copy"_s);
    QBuffer buffer(&received);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    StreamOptions load;
    load.readable = false;
    Stream loader(&copy, &buffer, load);
    QSignalSpy loaded(&loader, &Stream::closed);
    loader.start();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QCOMPARE(copy.updateCount(), a.updateCount());
    QCOMPARE(loader.stats().oldDataIn, qint64(0));
    QCOMPARE(copy.history(), a.history());
}

void tst_Stream::loadsFileWrittenByReadOnlyStream_data()
{
    QTest::addColumn<bool>("useFile");
    QTest::newRow("QBuffer") << false;
    QTest::newRow("QFile") << true;
}

void tst_Stream::loadsFileWrittenByReadOnlyStream()
{
    QFETCH(bool, useFile);

    Model a(u"A"_s);
    expectOk(a.set(u"x"_s, JsonValue(1)));
    a.receive(Update(u"y"_s, R"({"deep":[1,2]})", 1000, u"B"_s));
    expectOk(a.remove(u"x"_s));
    expectOk(a.set(u"\u00e9t\u00e9"_s, JsonValue(u"\u2028"_s)));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"replica.jsonl"_s);
    QByteArray bytes;
    std::unique_ptr<QIODevice> out;
    if (useFile)
        out = std::make_unique<QFile>(path);
    else
        out = std::make_unique<QBuffer>(&bytes);
    QVERIFY(out->open(QIODevice::WriteOnly));

    // Save: a read-only stream (writable:false) that ends once it has written all.
    StreamOptions save;
    save.writable = false;
    save.tail = false;
    Stream saver(&a, out.get(), save);
    QSignalSpy saved(&saver, &Stream::closed);
    QSignalSpy saveErrors(&saver, &Stream::errorOccurred);
    saver.start();
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, kTimeout);
    QCOMPARE(saveErrors.count(), 0);
    QCOMPARE(saver.state(), Stream::State::Closed);
    QVERIFY(!out->isOpen());

    if (useFile) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes = file.readAll();
    }
    // The wire format: digest, history in time order, "SYNC".
    const QList<QByteArray> lines = bytes.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3 + 1);
    QVERIFY(lines.first().startsWith(R"({"id":"A","clock":{)"));
    QCOMPARE(lines.last(), QByteArray(R"("SYNC")"));

    // Load: a write-only stream (readable:false) reading the same bytes.
    Model b(u"B-loader"_s);
    std::unique_ptr<QIODevice> in;
    if (useFile)
        in = std::make_unique<QFile>(path);
    else
        in = std::make_unique<QBuffer>(&bytes);
    QVERIFY(in->open(QIODevice::ReadOnly));
    StreamOptions load;
    load.readable = false;
    Stream loader(&b, in.get(), load);
    QSignalSpy loaded(&loader, &Stream::closed);
    QSignalSpy loadErrors(&loader, &Stream::errorOccurred);
    QSignalSpy loadSynced(&loader, &Stream::synced);
    loader.start();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeout);
    QCOMPARE(loadErrors.count(), 0);
    QCOMPARE(loadSynced.count(), 1);
    QCOMPARE(loader.remoteDigest()->id, u"A"_s);
    QCOMPARE(b.toJsonText(), a.toJsonText());
    QCOMPARE(b.clock(), a.clock());
    QCOMPARE(b.history(), a.history());
}

void tst_Stream::readOnlyStreamToFileTailsNewUpdates()
{
    // createReadStream() piped to a file: digest, history, SYNC, then every
    // new update as it happens, for as long as the replica lives.
    Model a(u"A"_s);
    const Update first = a.set(u"first"_s, JsonValue(1)).value();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(u"journal.jsonl"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    StreamOptions save;
    save.writable = false;
    Stream saver(&a, &file, save);
    QSignalSpy synced(&saver, &Stream::synced);
    saver.start();
    QTRY_COMPARE_WITH_TIMEOUT(synced.count(), 1, kTimeout);

    const Update later = a.set(u"later"_s, JsonValue(2)).value();
    QTest::qWait(50);
    QCOMPARE(saver.state(), Stream::State::Synced);
    QVERIFY(file.isOpen());
    file.flush();

    QFile written(file.fileName());
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray bytes = written.readAll();
    QVERIFY2(bytes.endsWith("\"SYNC\"\n" + v5Line(later)), bytes.constData());
    QVERIFY(bytes.contains(v5Line(first)));
}

void tst_Stream::disposeEndsEveryStream()
{
    Model a(u"A"_s), b(u"B"_s), c(u"C"_s);
    QObject owner;
    const SocketPair ab = connectedPair(&owner);
    const SocketPair ac = connectedPair(&owner);
    QVERIFY(ab.left && ac.left);
    Stream sab(&a, ab.left), sba(&b, ab.right), sac(&a, ac.left), sca(&c, ac.right);
    for (Stream *stream : {&sab, &sba, &sac, &sca})
        stream->start();
    QTRY_VERIFY_WITH_TIMEOUT(sab.isSynced() && sac.isSynced(), kTimeout);
    QSignalSpy closedAB(&sab, &Stream::closed);
    QSignalSpy closedAC(&sac, &Stream::closed);
    QSignalSpy closedB(&sba, &Stream::closed);

    a.dispose();
    QTRY_COMPARE_WITH_TIMEOUT(closedAB.count(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(closedAC.count(), 1, kTimeout);
    QCOMPARE(sab.state(), Stream::State::Closed);
    QCOMPARE(sac.state(), Stream::State::Closed);
    QTRY_COMPARE_WITH_TIMEOUT(closedB.count(), 1, kTimeout);
    QCOMPARE(sba.state(), Stream::State::Closed);
}

void tst_Stream::peerDisconnectClosesStream()
{
    Model a(u"A"_s), b(u"B"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    Stream sa(&a, pair.left);
    Stream sb(&b, pair.right);
    QSignalSpy closedA(&sa, &Stream::closed);
    QSignalSpy errorsA(&sa, &Stream::errorOccurred);
    sa.start();
    sb.start();
    QTRY_VERIFY_WITH_TIMEOUT(sa.isSynced() && sb.isSynced(), kTimeout);

    sb.close();
    QTRY_COMPARE_WITH_TIMEOUT(closedA.count(), 1, kTimeout);
    QCOMPARE(sa.state(), Stream::State::Closed);
    QCOMPARE(errorsA.count(), 0);
    // Later changes do not go anywhere, and do not fail anything.
    expectOk(a.set(u"after"_s, JsonValue(1)));
    QTest::qWait(20);
    QCOMPARE(sa.state(), Stream::State::Closed);
}

void tst_Stream::lastLineWithoutNewlineCountsWhenPeerDisconnects()
{
    // As node's stream-serializer does at the end of input.
    Model a(u"A"_s);
    QObject owner;
    const SocketPair pair = connectedPair(&owner);
    QVERIFY(pair.left);
    RawPeer peer(pair.right);
    Stream sa(&a, pair.left);
    QSignalSpy closed(&sa, &Stream::closed);
    QSignalSpy errors(&sa, &Stream::errorOccurred);
    sa.start();
    QByteArray last = v5Line(Update(u"k"_s, "1", 1000, u"P"_s));
    last.chop(1);
    peer.write(ln(R"({"id":"P","clock":{}})") + last);
    // The stream has read the unfinished line before the peer goes.
    QTRY_COMPARE_WITH_TIMEOUT(sa.stats().bytesIn, qint64(22 + last.size()), kTimeout);
    QTest::qWait(20);
    pair.right->disconnectFromHost();

    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, kTimeout);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(a.get(u"k"_s), JsonValue(1));
}

void tst_Stream::replicatesOverLocalSocket()
{
    Model a(u"A"_s), b(u"B"_s);
    expectOk(a.set(u"a"_s, JsonValue(1)));
    expectOk(b.set(u"b"_s, JsonValue(2)));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QLocalServer server;
    QVERIFY2(server.listen(dir.filePath(u"sb.sock"_s)), qPrintable(server.errorString()));
    QLocalSocket client;
    client.connectToServer(server.fullServerName());
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), kTimeout);
    QLocalSocket *accepted = server.nextPendingConnection();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QLocalSocket::ConnectedState, kTimeout);

    StreamOptions named;
    named.name = u"local"_s;
    Stream sa(&a, &client, named);
    Stream sb(&b, accepted, named);
    QSignalSpy closedA(&sa, &Stream::closed);
    sa.start();
    sb.start();
    QTRY_VERIFY_WITH_TIMEOUT(sa.isSynced() && sb.isSynced(), kTimeout);
    QCOMPARE(a.toJsonText(), QByteArray(R"({"a":1,"b":2})"));
    QCOMPARE(b.toJsonText(), QByteArray(R"({"b":2,"a":1})"));
    expectOk(a.set(u"live"_s, JsonValue(3)));
    QTRY_COMPARE(b.get(u"live"_s), JsonValue(3));

    sb.close();
    QTRY_COMPARE_WITH_TIMEOUT(closedA.count(), 1, kTimeout);
    QCOMPARE(sa.state(), Stream::State::Closed);
}

QTEST_GUILESS_MAIN(tst_Stream)
#include "tst_stream.moc"
