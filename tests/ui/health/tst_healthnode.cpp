// SPDX-License-Identifier: MIT
#include "healthsampler.h"
#include "healthseries.h"
#include "model.h"
#include "nodepeerprocess.h"
#include "peerconnection.h"
#include "peerhealth.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QTest>

using namespace sb;

// The sync health sampler against a node program using the real npm
// scuttlebutt, 5.6.15 and 4.1.1 (nodepeer.js): updates in per second from
// it, and how far behind it is, falling to zero once it holds ours.
class TestHealthNode : public QObject
{
    Q_OBJECT

private slots:
    void ratesAndLagOfANodePeer_data();
    void ratesAndLagOfANodePeer();
    void ratesAndLagOfAnSbpeer();
};

void TestHealthNode::ratesAndLagOfANodePeer_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("scuttlebutt 5.6.15") << QStringLiteral("5");
    QTest::newRow("scuttlebutt 4.1.1") << QStringLiteral("4");
}

void TestHealthNode::ratesAndLagOfANodePeer()
{
    QFETCH(QString, version);
    NodePeer node;
    QVERIFY(node.serve(version, QStringLiteral("NODE")));
    ReplicaSession session;
    session.newReplica(Scuttlebutt::Kind::Model, QStringLiteral("SCOPE"));
    HealthSampler sampler(&session, 1000, 10);
    sampler.stop(); // samples are taken by hand, at chosen times
    PeerConnection *peer = session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(node.port())).value());
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    sampler.sampleAt(1);
    const PeerHealth *health = sampler.healthOf(peer);
    QVERIFY(health);
    QCOMPARE(health->behind().last(), 0.0);

    // 20 keys from node over the next two seconds: 10 updates in a second.
    for (int i = 0; i < 20; ++i)
        node.set(QStringLiteral("n%1").arg(i), QByteArray::number(i));
    QTRY_COMPARE(session.model()->liveKeyCount(), 20);
    sampler.sampleAt(3);
    QCOMPARE(health->updatesInPerSecond().last(), 10.0);
    QCOMPARE(health->updatesOutPerSecond().last(), 0.0);
    QCOMPARE(sampler.keys().last(), 20.0);
    QCOMPARE(health->behind().last(), 0.0);
    QCOMPARE(health->ahead().last(), 0.0);

    // Ours, written but not sent yet: node lacks all 30 until the stream runs.
    for (int i = 0; i < 30; ++i)
        QVERIFY(session.model()->set(QStringLiteral("l%1").arg(i), JsonValue(i)));
    sampler.sampleAt(4);
    QCOMPARE(health->behind().last(), 30.0);
    QTRY_VERIFY(!node.changeOf(QStringLiteral("l29")).isEmpty());
    sampler.sampleAt(5);
    QCOMPARE(health->behind().last(), 0.0);
    QCOMPARE(health->updatesOutPerSecond().last(), 30.0);
}

// The same with the sbpeer binary as the peer.
void TestHealthNode::ratesAndLagOfAnSbpeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER")}));
    ReplicaSession session;
    session.newReplica(Scuttlebutt::Kind::Model, QStringLiteral("SCOPE"));
    HealthSampler sampler(&session, 1000, 10);
    sampler.stop();
    PeerConnection *peer = session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(sbpeer.port())).value());
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    sampler.sampleAt(1);
    const PeerHealth *health = sampler.healthOf(peer);
    QVERIFY(health);

    for (int i = 0; i < 20; ++i)
        sbpeer.send(QStringLiteral("set s%1=%1").arg(i).toUtf8());
    QTRY_COMPARE(session.model()->liveKeyCount(), 20);
    sampler.sampleAt(3);
    QCOMPARE(health->updatesInPerSecond().last(), 10.0);
    QCOMPARE(health->behind().last(), 0.0);

    for (int i = 0; i < 30; ++i)
        QVERIFY(session.model()->set(QStringLiteral("l%1").arg(i), JsonValue(i)));
    sampler.sampleAt(4);
    QCOMPARE(health->behind().last(), 30.0);
    QTRY_VERIFY(sbpeer.dump().contains("\"l29\":29"));
    sampler.sampleAt(5);
    QCOMPARE(health->behind().last(), 0.0);
    QCOMPARE(health->updatesOutPerSecond().last(), 30.0);
}

QTEST_MAIN(TestHealthNode)
#include "tst_healthnode.moc"
