// SPDX-License-Identifier: MIT
#include "dialer.h"
#include "expectok.h"
#include "model.h"
#include "server.h"
#include "stream.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

#include <sys/resource.h>

#include <memory>
#include <vector>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
constexpr int kTimeout = 10000;
const QByteArray kDigestAndSync = "{\"id\":\"P\",\"clock\":{}}\n\"SYNC\"\n";

// Plain TCP peers of a server, each a socket held by the test.
struct Peers
{
    explicit Peers(quint16 port) : port(port) { }

    QTcpSocket *connect(const QByteArray &firstWords = {})
    {
        auto socket = std::make_unique<QTcpSocket>();
        if (!firstWords.isEmpty()) {
            QTcpSocket *raw = socket.get();
            QObject::connect(raw, &QTcpSocket::connected, raw,
                             [raw, firstWords] { raw->write(firstWords); });
        }
        socket->connectToHost(QHostAddress::LocalHost, port);
        sockets.push_back(std::move(socket));
        return sockets.back().get();
    }

    quint16 port;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
};

// The stream the server made for the peer on the other end of socket.
Stream *streamOf(const Server &server, const QTcpSocket *socket)
{
    for (Stream *stream : server.streams()) {
        const auto *device = qobject_cast<const QTcpSocket *>(stream->device());
        if (device && device->peerPort() == socket->localPort())
            return stream;
    }
    return nullptr;
}
} // namespace

// Server: one stream per TCP peer, up to maxPeers and maxPeersPerAddress,
// shared fairly: peers still in their handshake make room for new ones.
class tst_Server : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void refusesPeersBeyondMaxPeersOnceEachIsPastItsHandshake();
    void refusesPeersBeyondThePerAddressLimitOnceEachIsPastItsHandshake();
    void makesRoomByClosingTheLongestIdlePeerStillInItsHandshake();
    void anHonestPeerSyncsWhileHalfLineConnectionsAreHeld_data();
    void anHonestPeerSyncsWhileHalfLineConnectionsAreHeld();
};

void tst_Server::initTestCase()
{
    // A thousand peers and their accepted ends: two thousand descriptors and more.
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_cur < 4096 && limit.rlim_max > limit.rlim_cur) {
        limit.rlim_cur = qMin<rlim_t>(limit.rlim_max, 4096);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    }
}

void tst_Server::refusesPeersBeyondMaxPeersOnceEachIsPastItsHandshake()
{
    Model replica(u"S"_s);
    expectOk(replica.set(u"k"_s, JsonValue(1)));
    Server server(&replica, StreamOptions{});
    server.setMaxPeers(2);
    QSignalSpy refused(&server, &Server::peerRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Peers peers(server.serverPort());
    peers.connect(kDigestAndSync);
    peers.connect(kDigestAndSync);
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 2, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(server.streams().at(0)->hasFinishedHandshake()
                                     && server.streams().at(1)->hasFinishedHandshake(),
                             kTimeout);
    QTcpSocket *third = peers.connect();
    quint16 thirdPort = 0; // read once connected: the refusal resets it
    connect(third, &QTcpSocket::connected, this, [&] { thirdPort = third->localPort(); });
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, kTimeout);
    QVERIFY(thirdPort != 0);
    const QString message = refused.at(0).at(0).toString();
    QCOMPARE(message,
             u"peer 127.0.0.1:%1 refused: already serving 2 peers, each past its handshake"_s.arg(
                     thirdPort));
    QTRY_COMPARE_WITH_TIMEOUT(third->state(), QAbstractSocket::UnconnectedState, kTimeout);
    QCOMPARE(server.streams().size(), 2);

    // The peers served are served: each gets our digest.
    for (int i = 0; i < 2; ++i)
        QTRY_VERIFY_WITH_TIMEOUT(peers.sockets[size_t(i)]->bytesAvailable() > 0, kTimeout);

    // Once one leaves, a new peer is taken.
    peers.sockets[0]->abort();
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 1, kTimeout);
    peers.connect();
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 2, kTimeout);
    QCOMPARE(refused.count(), 1);
}

void tst_Server::refusesPeersBeyondThePerAddressLimitOnceEachIsPastItsHandshake()
{
    Model replica(u"S"_s);
    Server server(&replica, StreamOptions{});
    QCOMPARE(server.maxPeersPerAddress(), 32);
    server.setMaxPeersPerAddress(3);
    QSignalSpy refused(&server, &Server::peerRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Peers peers(server.serverPort());
    for (int i = 0; i < 3; ++i)
        peers.connect(kDigestAndSync);
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 3, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(server.streams().cbegin(), server.streams().cend(),
                                         [](Stream *s) { return s->hasFinishedHandshake(); }),
                             kTimeout);
    QTcpSocket *fourth = peers.connect(kDigestAndSync);
    quint16 port = 0;
    connect(fourth, &QTcpSocket::connected, this, [&] { port = fourth->localPort(); });
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, kTimeout);
    QCOMPARE(refused.at(0).at(0).toString(),
             u"peer 127.0.0.1:%1 refused: already serving 3 peers from 127.0.0.1, each past its "
             "handshake"_s.arg(port));
    QCOMPARE(server.streams().size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(fourth->state(), QAbstractSocket::UnconnectedState, kTimeout);
}

void tst_Server::makesRoomByClosingTheLongestIdlePeerStillInItsHandshake()
{
    Model replica(u"S"_s);
    Server server(&replica, StreamOptions{});
    server.setMaxPeersPerAddress(3);
    QSignalSpy refused(&server, &Server::peerRefused);
    QStringList errors;
    connect(&server, &Server::streamCreated, this, [&errors](Stream *stream) {
        connect(stream, &Stream::errorOccurred, stream,
                [&errors](const QString &message) { errors.append(message); });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Peers peers(server.serverPort());
    QTcpSocket *synced = peers.connect(kDigestAndSync); // past its handshake
    QTcpSocket *silent = peers.connect();               // idle since it came
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 2, kTimeout);
    QTest::qWait(300);
    QTcpSocket *talking = peers.connect("{\"id\":\"P\",\"clock\":{}}\n"); // digest, no SYNC yet
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 3, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(streamOf(server, talking) && streamOf(server, talking)->remoteDigest(),
                             kTimeout);
    const quint16 silentPort = silent->localPort();

    QTcpSocket *newcomer = peers.connect();
    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(streamOf(server, newcomer), kTimeout);
    const QString expected = u"peer 127.0.0.1:%1: closed to make room for peer 127.0.0.1:%2: at "
                             "most 3 peers from 127.0.0.1 are served, and this one was the longest "
                             "idle ("_s.arg(silentPort)
                                     .arg(newcomer->localPort());
    QVERIFY2(errors.at(0).startsWith(expected), qPrintable(errors.at(0)));
    QVERIFY2(errors.at(0).endsWith(u" s) of those not past their handshake"_s),
             qPrintable(errors.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(silent->state(), QAbstractSocket::UnconnectedState, kTimeout);
    QVERIFY(streamOf(server, synced));
    QVERIFY(streamOf(server, talking));
    QCOMPARE(server.streams().size(), 3);
    QCOMPARE(refused.count(), 0);
}

void tst_Server::anHonestPeerSyncsWhileHalfLineConnectionsAreHeld_data()
{
    QTest::addColumn<int>("hostile");
    QTest::newRow("300, more than the 256 slots") << 300;
    QTest::newRow("1000") << 1000;
}

// The slowloris: connections that send a digest and the start of an update
// line that never ends, from the honest peer's own address.
void tst_Server::anHonestPeerSyncsWhileHalfLineConnectionsAreHeld()
{
    QFETCH(int, hostile);
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(2 * hostile + 256))
        QSKIP(qPrintable(u"needs %1 file descriptors, the limit is %2"_s.arg(2 * hostile + 256)
                                 .arg(limit.rlim_cur)));
    Model replica(u"S"_s);
    for (int i = 0; i < 100; ++i)
        expectOk(replica.set(u"k%1"_s.arg(i), JsonValue(i)));
    Server server(&replica, StreamOptions{}); // the defaults: 256 peers, 32 an address
    QSignalSpy created(&server, &Server::streamCreated);
    QSignalSpy refused(&server, &Server::peerRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Peers peers(server.serverPort());
    // In batches the listen queue holds, so that no SYN waits to be sent again.
    for (int i = 0; i < hostile; ++i) {
        peers.connect("{\"id\":\"H\",\"clock\":{}}\n[[\"half");
        if ((i + 1) % 100 == 0 || i + 1 == hostile)
            QTRY_COMPARE_WITH_TIMEOUT(created.count() + refused.count(), i + 1, 30000);
    }
    // Every one was taken in, each making room by closing an older one.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(server.streams().cbegin(), server.streams().cend(),
                                         [](Stream *s) { return s->remoteDigest().has_value(); }),
                             kTimeout);
    const qsizetype held
            = std::count_if(peers.sockets.cbegin(), peers.sockets.cend(), [](const auto &s) {
                  return s->state() == QAbstractSocket::ConnectedState;
              });
    qInfo("%lld of %d half-line connections held open when the honest peer dials", qint64(held),
          hostile);

    Model honest(u"HONEST"_s);
    expectOk(honest.set(u"from honest"_s, JsonValue(true)));
    StreamOptions options;
    options.tail = false;
    Dialer dialer(&honest, u"127.0.0.1"_s, server.serverPort(), options);
    QElapsedTimer clock;
    clock.start();
    bool synced = false;
    connect(&dialer, &Dialer::streamCreated, this, [&synced](Stream *stream) {
        connect(stream, &Stream::synced, [&synced] { synced = true; });
    });
    dialer.open();
    QTRY_VERIFY_WITH_TIMEOUT(synced || dialer.state() == Dialer::State::Idle, kTimeout);
    QVERIFY2(synced, qPrintable(dialer.lastError()));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(u"synced after %1 ms"_s.arg(clock.elapsed())));
    QCOMPARE(honest.get(u"k99"_s), JsonValue(99));
    QTRY_COMPARE_WITH_TIMEOUT(replica.get(u"from honest"_s), JsonValue(true), kTimeout);
    QCOMPARE(held, 32); // what one address may hold, the rest closed to make room
}

QTEST_GUILESS_MAIN(tst_Server)
#include "tst_server.moc"
