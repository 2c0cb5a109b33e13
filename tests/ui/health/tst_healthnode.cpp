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

#include <functional>

using namespace sb;

// The sync health sampler against a node program using the real npm
// scuttlebutt, 5.6.15 and 4.1.1 (nodepeer.js), and against the sbpeer binary: updates in per second
// from it, and how far behind it is, falling to zero once it holds ours.
class TestHealthNode : public QObject
{
    Q_OBJECT

private slots:
    void ratesAndLagOfANodePeer_data();
    void ratesAndLagOfANodePeer();
    void ratesAndLagOfAnSbpeer();

private:
    // The peer at port sets 20 keys (remoteSets(0..19)), then we write 30
    // (l0..l29) until it holds the last.
    void ratesAndLag(quint16 port, const std::function<void(int)> &remoteSets,
                     const std::function<bool()> &remoteHoldsOurLast);
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
    ratesAndLag(
            node.port(),
            [&node](int i) { node.set(QStringLiteral("n%1").arg(i), QByteArray::number(i)); },
            [&node] { return !node.changeOf(QStringLiteral("l29")).isEmpty(); });
}

void TestHealthNode::ratesAndLagOfAnSbpeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER")}));
    ratesAndLag(
            sbpeer.port(),
            [&sbpeer](int i) { sbpeer.send(QStringLiteral("set s%1=%1").arg(i).toUtf8()); },
            [&sbpeer] { return sbpeer.dump().contains("\"l29\":29"); });
}

void TestHealthNode::ratesAndLag(quint16 port, const std::function<void(int)> &remoteSets,
                                 const std::function<bool()> &remoteHoldsOurLast)
{
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    HealthSampler sampler(&session, 1000, 10);
    sampler.stop(); // samples are taken by hand, at chosen times
    PeerConnection *peer = session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(port)).value());
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    sampler.sampleAt(1);
    const PeerHealth *health = sampler.healthOf(peer);
    QVERIFY(health);
    QCOMPARE(health->behind().last(), 0.0);

    // 20 keys from the peer over the next two seconds: 10 updates in a second.
    for (int i = 0; i < 20; ++i)
        remoteSets(i);
    QTRY_COMPARE(session.model()->liveKeyCount(), 20);
    sampler.sampleAt(3);
    QCOMPARE(health->updatesInPerSecond().last(), 10.0);
    QCOMPARE(health->updatesOutPerSecond().last(), 0.0);
    QCOMPARE(sampler.keys().last(), 20.0);
    QCOMPARE(health->behind().last(), 0.0);
    QCOMPARE(health->ahead().last(), 0.0);

    // Ours, written but not sent yet: the peer lacks all 30 until the stream runs.
    for (int i = 0; i < 30; ++i)
        QVERIFY(session.model()->set(QStringLiteral("l%1").arg(i), JsonValue(i)));
    sampler.sampleAt(4);
    QCOMPARE(health->behind().last(), 30.0);
    QTRY_VERIFY(remoteHoldsOurLast());
    sampler.sampleAt(5);
    QCOMPARE(health->behind().last(), 0.0);
    QCOMPARE(health->updatesOutPerSecond().last(), 30.0);
}

QTEST_MAIN(TestHealthNode)
#include "tst_healthnode.moc"
