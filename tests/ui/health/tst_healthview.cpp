// SPDX-License-Identifier: MIT
#include "healthchart.h"
#include "healthsampler.h"
#include "healthview.h"
#include "peerconnection.h"
#include "peerhealth.h"
#include "replicasession.h"

#include "model.h"
#include "stream.h"

#include <QHostAddress>
#include <QLineSeries>
#include <QTcpSocket>
#include <QValueAxis>
#include <QtTest>

#include <memory>

using namespace sb;

// The Sync Health dock's charts show the sampler's points, shown offscreen.
class TestHealthView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void replicaLinesAreTheSamplersPointsWithNoPeers();
    void eachPeerGetsItsLinesAndLosesThemWhenRemoved();
    void aHiddenViewCatchesUpWhenShown();

private:
    std::unique_ptr<ReplicaSession> m_session;
    std::unique_ptr<HealthSampler> m_sampler;
    std::unique_ptr<HealthView> m_view;
};

void TestHealthView::init()
{
    m_session = std::make_unique<ReplicaSession>();
    m_session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    m_sampler = std::make_unique<HealthSampler>(m_session.get(), 1000, 60);
    m_sampler->stop();
    m_view = std::make_unique<HealthView>(m_sampler.get());
    m_view->resize(600, 700);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestHealthView::cleanup()
{
    m_view.reset();
    m_sampler.reset();
    m_session.reset();
}

void TestHealthView::replicaLinesAreTheSamplersPointsWithNoPeers()
{
    m_sampler->sampleAt(0);
    for (int i = 0; i < 6; ++i)
        QVERIFY(m_session->model()->set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    m_sampler->sampleAt(2);

    QLineSeries *applied = m_view->replicaChart()->line(QStringLiteral("applied/s"));
    QLineSeries *keys = m_view->replicaChart()->line(QStringLiteral("keys"));
    QVERIFY(applied && keys);
    QCOMPARE(applied->points(), m_sampler->appliedPerSecond().points());
    QCOMPARE(keys->points(), m_sampler->keys().points());
    QCOMPARE(keys->points().constLast(), QPointF(2, 6));
    QCOMPARE(applied->points().constLast(), QPointF(2, 3));
    QVERIFY(m_view->trafficChart()->lines().isEmpty());
    QVERIFY(m_view->lagChart()->lines().isEmpty());
}

void TestHealthView::eachPeerGetsItsLinesAndLosesThemWhenRemoved()
{
    QVERIFY(!m_session->listen(QHostAddress::LocalHost, 0));
    Model remote(QStringLiteral("REMOTE"));
    for (int i = 0; i < 8; ++i)
        QVERIFY(remote.set(QStringLiteral("r%1").arg(i), JsonValue(i)));
    QTcpSocket socket;
    auto *stream = new Stream(&remote, &socket, {}, &socket);
    connect(&socket, &QTcpSocket::connected, stream, &Stream::start);
    m_sampler->sampleAt(0);
    socket.connectToHost(QHostAddress::LocalHost, m_session->listenPort());
    QTRY_COMPARE(m_session->peers().size(), 1);
    PeerConnection *peer = m_session->peers().constFirst();
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    m_sampler->sampleAt(1);
    QTRY_COMPARE(m_session->model()->liveKeyCount(), 8);
    m_sampler->sampleAt(2);

    const PeerHealth *health = m_sampler->healthOf(peer);
    QVERIFY(health);
    QLineSeries *in = m_view->trafficChart()->line(HealthView::inName(peer->label()));
    QLineSeries *behind = m_view->lagChart()->line(HealthView::behindName(peer->label()));
    QVERIFY(in && behind);
    QCOMPARE(in->points(), health->updatesInPerSecond().points());
    QCOMPARE(behind->points(), health->behind().points());
    QCOMPARE(behind->points().constLast().y(), 0.0);
    QCOMPARE(m_view->trafficChart()->lines().size(), 2);
    QCOMPARE(m_view->lagChart()->lines().size(), 2);

    m_session->removePeer(peer);
    QVERIFY(m_view->trafficChart()->lines().isEmpty());
    QVERIFY(m_view->lagChart()->lines().isEmpty());
}

void TestHealthView::aHiddenViewCatchesUpWhenShown()
{
    m_view->hide();
    m_sampler->sampleAt(0);
    QVERIFY(m_session->model()->set(QStringLiteral("k"), JsonValue(1)));
    m_sampler->sampleAt(1);
    QLineSeries *keys = m_view->replicaChart()->line(QStringLiteral("keys"));
    QVERIFY(keys->points().isEmpty()); // nothing drawn while hidden
    m_view->show();
    QCOMPARE(keys->points(), m_sampler->keys().points());
    QCOMPARE(keys->points().size(), 2);
}

QTEST_MAIN(TestHealthView)
#include "tst_healthview.moc"
