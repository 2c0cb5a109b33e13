// SPDX-License-Identifier: MIT
#include "healthsampler.h"
#include "peerconnection.h"
#include "peerhealth.h"
#include "replicasession.h"

#include "clock.h"
#include "model.h"
#include "stream.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace sb;

// HealthSampler against a session and an in-process remote replica over
// loopback: samples are taken by hand at chosen times, so the figures are
// exact whatever the machine's speed.
class TestHealthSampler : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void ratesAreTheUpdatesBetweenTwoSamples();
    void behindCountsWhatThePeerStillLacksAndFallsToZeroOnceSynced();
    void aheadCountsSourcesThePeerHoldsNewerThanUs();
    void historyStaysBounded();
    void replicaSeriesWorkWithNoPeers();
    void aRemovedPeerLeavesTheSampler();

private:
    // Connects a remote replica holding keys "r0".."r<count-1>" to the session
    // and waits until both ends are synced.
    void connectRemote(int count);
    void setLocal(int from, int count);

    std::unique_ptr<ReplicaSession> m_session;
    std::unique_ptr<HealthSampler> m_sampler;
    std::unique_ptr<Model> m_remote;
    QTcpSocket *m_socket = nullptr;
    Stream *m_stream = nullptr;
};

void TestHealthSampler::init()
{
    m_session = std::make_unique<ReplicaSession>();
    m_session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    m_sampler = std::make_unique<HealthSampler>(m_session.get(), 1000, 10);
    m_sampler->stop();
}

void TestHealthSampler::cleanup()
{
    m_stream = nullptr;
    delete m_socket;
    m_socket = nullptr;
    m_remote.reset();
    m_sampler.reset();
    m_session.reset();
}

void TestHealthSampler::connectRemote(int count)
{
    QVERIFY(!m_session->listen(QHostAddress::LocalHost, 0));
    m_remote = std::make_unique<Model>(QStringLiteral("REMOTE"));
    for (int i = 0; i < count; ++i)
        QVERIFY(m_remote->set(QStringLiteral("r%1").arg(i), JsonValue(i)));
    m_socket = new QTcpSocket;
    m_stream = new Stream(m_remote.get(), m_socket, {}, m_socket);
    QSignalSpy remoteSynced(m_stream, &Stream::synced);
    m_socket->connectToHost(QHostAddress::LocalHost, m_session->listenPort());
    connect(m_socket, &QTcpSocket::connected, m_stream, &Stream::start);
    QTRY_COMPARE(m_session->peers().size(), 1);
    QTRY_COMPARE(m_session->peers().constFirst()->state(), PeerConnection::State::Synced);
    QTRY_COMPARE(remoteSynced.size(), 1);
}

void TestHealthSampler::setLocal(int from, int count)
{
    for (int i = from; i < from + count; ++i)
        QVERIFY(m_session->model()->set(QStringLiteral("l%1").arg(i), JsonValue(i)));
}

void TestHealthSampler::ratesAreTheUpdatesBetweenTwoSamples()
{
    m_sampler->sampleAt(0);
    connectRemote(40);
    m_sampler->sampleAt(2);

    // 40 updates came in over 2 seconds, all applied; none went out.
    QCOMPARE(m_sampler->appliedPerSecond().last(), 20.0);
    QCOMPARE(m_sampler->keys().last(), 40.0);
    QCOMPARE(m_sampler->peers().size(), 1);
    const PeerHealth *peer = m_sampler->peers().constFirst();
    // The peer came after the first sample: its first sample sets the counters.
    QVERIFY(peer->updatesInPerSecond().isEmpty());

    setLocal(0, 10);
    QTRY_COMPARE(m_remote->liveKeyCount(), 50);
    m_sampler->sampleAt(4);
    QCOMPARE(m_sampler->appliedPerSecond().last(), 5.0);
    QCOMPARE(peer->updatesOutPerSecond().last(), 5.0);
    QCOMPARE(peer->updatesInPerSecond().last(), 0.0);
    QCOMPARE(m_sampler->keys().last(), 50.0);
}

void TestHealthSampler::behindCountsWhatThePeerStillLacksAndFallsToZeroOnceSynced()
{
    connectRemote(5);
    m_sampler->sampleAt(1);
    const PeerHealth *peer = m_sampler->peers().constFirst();
    QCOMPARE(peer->behind().last(), 0.0);
    QCOMPARE(peer->ahead().last(), 0.0);

    // Written locally, not yet sent: the stream sends them on the next turn
    // of the event loop, so the peer's clock still lacks all 30.
    setLocal(0, 30);
    m_sampler->sampleAt(2);
    QCOMPARE(peer->behind().last(), 30.0);

    QTRY_COMPARE(m_remote->liveKeyCount(), 35);
    m_sampler->sampleAt(3);
    QCOMPARE(peer->behind().last(), 0.0);
    QCOMPARE(peer->ahead().last(), 0.0);
    QCOMPARE(peer->behind().points().size(), 3);
}

void TestHealthSampler::aheadCountsSourcesThePeerHoldsNewerThanUs()
{
    Model ours(QStringLiteral("OURS"));
    QVERIFY(ours.set(QStringLiteral("a"), JsonValue(1)));
    QVERIFY(ours.set(QStringLiteral("b"), JsonValue(2)));
    const double ourLatest = ours.clock().latest(QStringLiteral("OURS"));

    Clock remote;
    QCOMPARE(PeerHealth::lag(ours, remote, false).behind, 2); // it holds nothing
    QCOMPARE(PeerHealth::lag(ours, remote, false).ahead, 0);

    remote.set(QStringLiteral("OURS"), ourLatest);
    remote.set(QStringLiteral("THIRD"), 1700000000000.0);
    remote.set(QStringLiteral("FOURTH"), 1700000000000.0);
    QCOMPARE(PeerHealth::lag(ours, remote, false).behind, 0);
    QCOMPARE(PeerHealth::lag(ours, remote, false).ahead, 2);
    // Once its history is in, what it still shows newer it no longer holds.
    QCOMPARE(PeerHealth::lag(ours, remote, true).ahead, 0);

    // Level clocks: neither behind nor ahead.
    Clock same = ours.clock();
    QCOMPARE(PeerHealth::lag(ours, same, false).ahead, 0);
    QCOMPARE(PeerHealth::lag(ours, same, false).behind, 0);
}

void TestHealthSampler::historyStaysBounded()
{
    connectRemote(1);
    // 10 seconds at 1 per second: 11 points at most, whatever runs longer.
    QCOMPARE(m_sampler->capacity(), 11);
    for (int second = 0; second < 100; ++second) {
        setLocal(second, 1);
        m_sampler->sampleAt(second);
    }
    QCOMPARE(m_sampler->appliedPerSecond().size(), 11);
    QCOMPARE(m_sampler->keys().size(), 11);
    const PeerHealth *peer = m_sampler->peers().constFirst();
    QCOMPARE(peer->updatesOutPerSecond().size(), 11);
    QCOMPARE(peer->behind().size(), 11);
    // The newest are kept.
    QCOMPARE(m_sampler->keys().points().constFirst().x(), 89.0);
    QCOMPARE(m_sampler->keys().points().constLast().x(), 99.0);
    QCOMPARE(m_sampler->keys().last(), 101.0);
}

void TestHealthSampler::replicaSeriesWorkWithNoPeers()
{
    m_sampler->sampleAt(0);
    setLocal(0, 12);
    m_sampler->sampleAt(3);
    QVERIFY(m_sampler->peers().isEmpty());
    QCOMPARE(m_sampler->appliedPerSecond().last(), 4.0);
    QCOMPARE(m_sampler->keys().last(), 12.0);

    // A sample at the same moment again is no sample (no rate over 0 s).
    m_sampler->sampleAt(3);
    QCOMPARE(m_sampler->keys().size(), 2);
}

void TestHealthSampler::aRemovedPeerLeavesTheSampler()
{
    connectRemote(1);
    int removed = 0;
    connect(m_sampler.get(), &HealthSampler::peerRemoved, this, [&](PeerHealth *health) {
        QVERIFY(health);
        ++removed;
    });
    m_session->removePeer(m_session->peers().constFirst());
    QCOMPARE(removed, 1);
    QVERIFY(m_sampler->peers().isEmpty());
    m_sampler->sampleAt(1);
    QCOMPARE(m_sampler->keys().last(), 1.0);
}

QTEST_MAIN(TestHealthSampler)
#include "tst_healthsampler.moc"
