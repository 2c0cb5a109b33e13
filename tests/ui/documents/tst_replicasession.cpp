// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "dialer.h"
#include "events.h"
#include "expectok.h"
#include "model.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "server.h"
#include "stream.h"
#include "testsupport.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sb;

class TestReplicaSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void replicaIdIsStableAcrossLaunches();
    void dialedPeerReconnectsAfterTheRemoteRestarts();
    void acceptedPeerIsListedUntilItsStreamEnds();
    void protocolErrorsAndRejectedUpdatesAreReported();
    void exportWritesTheReplicaAsNodePrintsIt();
    void newReplicaKeepsTheListeningPortAndDropsDialedPeers();

private:
    QTemporaryDir m_settings;
};

void TestReplicaSession::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestReplicaSession::replicaIdIsStableAcrossLaunches()
{
    const QString first = AppSettings::replicaId();
    QVERIFY(first.size() >= 16);
    QCOMPARE(AppSettings::replicaId(), first);
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, AppSettings::replicaId());
    QCOMPARE(session.replica()->id(), first);
}

void TestReplicaSession::dialedPeerReconnectsAfterTheRemoteRestarts()
{
    Model remote(QStringLiteral("REMOTE"));
    auto server = std::make_unique<Server>(&remote, StreamOptions{});
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    const quint16 port = server->serverPort();

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    PeerConnection *peer = session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(port)).value());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);

    server.reset(); // the remote goes away
    QTRY_COMPARE(peer->state(), PeerConnection::State::Retrying);
    QVERIFY(peer->stateText().startsWith(QStringLiteral("retrying in")));

    expectOk(remote.set(QStringLiteral("while-away"), JsonValue(true)));
    server = std::make_unique<Server>(&remote, StreamOptions{});
    QVERIFY(server->listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    QCOMPARE(session.model()->get(QStringLiteral("while-away")).toBool(), true);
    QVERIFY(peer->stats().updatesIn >= 1);
}

void TestReplicaSession::acceptedPeerIsListedUntilItsStreamEnds()
{
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    QVERIFY(!session.listen(QHostAddress::LocalHost, 0));
    QVERIFY(session.isListening());

    Model remote(QStringLiteral("REMOTE"));
    expectOk(remote.set(QStringLiteral("x"), JsonValue(1)));
    Dialer dialer(&remote, QStringLiteral("127.0.0.1"), session.listenPort(), {});
    dialer.open();
    QTRY_COMPARE(session.peers().size(), 1);
    PeerConnection *peer = session.peers().constFirst();
    QCOMPARE(peer->direction(), PeerConnection::Direction::Accepted);
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    QCOMPARE(peer->remoteId(), QStringLiteral("REMOTE"));
    QCOMPARE(session.model()->get(QStringLiteral("x")).toNumber(), 1.0);

    dialer.close();
    QTRY_COMPARE(peer->state(), PeerConnection::State::Closed);
    QVERIFY(!peer->isActive());
    session.removeInactivePeers();
    QVERIFY(session.peers().isEmpty());
}

void TestReplicaSession::protocolErrorsAndRejectedUpdatesAreReported()
{
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    QVERIFY(!session.listen(QHostAddress::LocalHost, 0));
    QSignalSpy messages(&session, &ReplicaSession::message);

    QTcpSocket garbage;
    garbage.connectToHost(QHostAddress::LocalHost, session.listenPort());
    QVERIFY(garbage.waitForConnected(5000));
    const quint16 garbagePort = garbage.localPort();
    garbage.write("this is not json\n");
    const auto has = [&](Severity severity, const QString &text) {
        return std::any_of(messages.cbegin(), messages.cend(), [&](const QList<QVariant> &args) {
            return args.at(0).value<Severity>() == severity && args.at(1).toString().contains(text);
        });
    };
    QTRY_VERIFY(has(Severity::Error,
                    QStringLiteral("peer 127.0.0.1:%1: line 1: invalid JSON").arg(garbagePort)));
    QTRY_COMPARE(session.peers().constFirst()->state(), PeerConnection::State::Failed);

    session.replica()->setVerifier(
            [](const Update &) -> Result<void> { return Error{QStringLiteral("bad signature")}; });
    session.replica()->receive(Update(QStringLiteral("k"), "1", 9e12, QStringLiteral("MALLORY")));
    QVERIFY(has(Severity::Warning, QStringLiteral("\"k\" from source MALLORY: bad signature")));

    // An update stamped a year ahead is refused by the clock skew policy;
    // the peer's stream goes on.
    QTcpSocket future;
    future.connectToHost(QHostAddress::LocalHost, session.listenPort());
    QVERIFY(future.waitForConnected(5000));
    const double aYearAhead = double(QDateTime::currentMSecsSinceEpoch()) + 365 * 86400e3;
    future.write("{\"id\":\"FUTURE\",\"clock\":{}}\n\"SYNC\"\n[[\"late\",1],"
                 + QByteArray::number(aYearAhead, 'f', 0) + ",\"FUTURE\"]\n");
    QTRY_VERIFY(has(Severity::Warning, QStringLiteral("rejected update \"late\" from FUTURE")));
    QVERIFY(!session.model()->contains(QStringLiteral("late")));
    QCOMPARE(session.peers().constLast()->state(), PeerConnection::State::Synced);
}

void TestReplicaSession::exportWritesTheReplicaAsNodePrintsIt()
{
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    expectOk(session.model()->set(QStringLiteral("b"), JsonValue(1)));
    expectOk(session.model()->set(QStringLiteral("a"), JsonValue(QStringLiteral("x"))));
    expectOk(session.model()->set(QStringLiteral("gone"), JsonValue(nullptr)));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("replica.json"));
    QVERIFY(!session.exportJson(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("{\"b\":1,\"a\":\"x\"}\n"));
    const auto error = session.exportJson(dir.filePath(QStringLiteral("missing/dir/x.json")));
    QVERIFY(error);
    QVERIFY(error->contains(QStringLiteral("missing/dir/x.json")));
}

void TestReplicaSession::newReplicaKeepsTheListeningPortAndDropsDialedPeers()
{
    Model remote(QStringLiteral("REMOTE"));
    Server server(&remote, {});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    QVERIFY(!session.listen(QHostAddress::LocalHost, 0));
    const quint16 port = session.listenPort();
    session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(server.serverPort())).value());
    QSignalSpy removed(&session, &ReplicaSession::peerRemoved);

    session.newReplica(sb::Events::kTypeName);
    QCOMPARE(session.replica()->typeName(), QString(sb::Events::kTypeName));
    QVERIFY(session.replica()->id() != QStringLiteral("LOCAL"));
    QCOMPARE(removed.size(), 1);
    QVERIFY(session.peers().isEmpty());
    QVERIFY(session.isListening());
    QCOMPARE(session.listenPort(), port);
}

QTEST_MAIN(TestReplicaSession)
#include "tst_replicasession.moc"
