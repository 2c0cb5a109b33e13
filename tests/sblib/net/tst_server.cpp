// SPDX-License-Identifier: MIT
#include "model.h"
#include "server.h"
#include "stream.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

#include <memory>
#include <vector>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
constexpr int kTimeout = 10000;
} // namespace

// Server: one stream per TCP peer, up to maxPeers.
class tst_Server : public QObject
{
    Q_OBJECT

private slots:
    void refusesPeersBeyondMaxPeersSayingWho();
};

void tst_Server::refusesPeersBeyondMaxPeersSayingWho()
{
    Model replica(u"S"_s);
    replica.set(u"k"_s, JsonValue(1));
    Server server(&replica, StreamOptions {});
    server.setMaxPeers(2);
    QSignalSpy refused(&server, &Server::peerRefused);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    std::vector<std::unique_ptr<QTcpSocket>> peers;
    const auto connectPeer = [&] {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, server.serverPort());
        peers.push_back(std::move(socket));
        return peers.back().get();
    };
    connectPeer();
    connectPeer();
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 2, kTimeout);
    QTcpSocket *third = connectPeer();
    quint16 thirdPort = 0; // read once connected: the refusal resets it
    connect(third, &QTcpSocket::connected, this, [&] { thirdPort = third->localPort(); });
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, kTimeout);
    QVERIFY(thirdPort != 0);
    const QString message = refused.at(0).at(0).toString();
    QCOMPARE(message, u"peer 127.0.0.1:%1 refused: already serving 2 peers"_s.arg(thirdPort));
    QTRY_COMPARE_WITH_TIMEOUT(third->state(), QAbstractSocket::UnconnectedState, kTimeout);
    QCOMPARE(server.streams().size(), 2);

    // The peers served are served: each gets our digest.
    for (int i = 0; i < 2; ++i)
        QTRY_VERIFY_WITH_TIMEOUT(peers[size_t(i)]->bytesAvailable() > 0, kTimeout);

    // Once one leaves, a new peer is taken.
    peers[0]->abort();
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 1, kTimeout);
    connectPeer();
    QTRY_COMPARE_WITH_TIMEOUT(server.streams().size(), 2, kTimeout);
    QCOMPARE(refused.count(), 1);
}

QTEST_GUILESS_MAIN(tst_Server)
#include "tst_server.moc"
