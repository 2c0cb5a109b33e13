// SPDX-License-Identifier: MIT
#include "cluster.h"
#include "peerprocess.h"
#include "tcpproxy.h"
#include "waituntil.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

// Real sbpeer processes with --file, a hub and three spokes, each spoke
// linked through its own TcpProxy. Faults are injected while every peer keeps
// making updates; after every fault all replicas must become identical and
// hold every update any peer acknowledged as durable.
class TestConvergence : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void convergesAfterPartitionsHeal();
    void convergesAfterLinksAreCut();
    void convergesThroughThrottledLinks();
    void keepsAcknowledgedUpdatesThroughSigkill();
    void convergesAfterRandomFaults();

private:
    void duringTraffic(QRandomGenerator &random, const std::function<void()> &fault);
    bool settle(QString *error);
    void report(const char *test) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Cluster> m_cluster;
    int m_faults = 0;
    int m_awaitingAck = 0; // sets not yet acknowledged when a fault struck
    QElapsedTimer m_clock;
};

namespace {
constexpr int kSpokes = 3;
constexpr int kAckTimeoutMs = 15000;
constexpr int kConvergeTimeoutMs = 20000;
constexpr int kExitTimeoutMs = 10000;
constexpr int kTrafficChunks = 12;

bool waitForExit(PeerProcess *peer)
{
    return waitUntil([peer] { return !peer->isRunning(); }, kExitTimeoutMs);
}

} // namespace

void TestConvergence::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cluster = std::make_unique<Cluster>(QStringLiteral(SBPEER_PATH), m_dir->path(), kSpokes);
    m_faults = 0;
    m_awaitingAck = 0;
    m_clock.start();
    QString error;
    QVERIFY2(m_cluster->start(&error), qPrintable(error));
}

void TestConvergence::cleanup()
{
    m_cluster.reset(); // kills every child
    m_dir.reset();
}

void TestConvergence::duringTraffic(QRandomGenerator &random, const std::function<void()> &fault)
{
    // Every running peer makes a few updates every few milliseconds; the
    // fault strikes somewhere in the middle, and the traffic goes on after it.
    const int strikeAt = int(random.bounded(kTrafficChunks / 4, 3 * kTrafficChunks / 4));
    for (int chunk = 0; chunk < kTrafficChunks; ++chunk) {
        for (PeerProcess *peer : m_cluster->peers()) {
            if (peer->isRunning())
                m_cluster->makeUpdates(peer, 4);
        }
        runFor(int(random.bounded(1, 6)));
        if (chunk == strikeAt) {
            for (PeerProcess *peer : m_cluster->peers())
                m_awaitingAck += int(peer->pendingCount());
            fault();
        }
    }
}

bool TestConvergence::settle(QString *error)
{
    return m_cluster->restartSpokes(error) && m_cluster->waitForAcks(kAckTimeoutMs, error)
            && m_cluster->waitForConvergence(kConvergeTimeoutMs, error);
}

void TestConvergence::report(const char *test) const
{
    qInfo("%s: %d faults injected (as they struck, %d sets awaited their ack); %d updates of "
          "new keys made, %d acknowledged, each checked on all %d replicas after every fault "
          "(%d key checks; %d keys at the end); %d updates of \"shared\" made, %d refused as "
          "older than the value held; %lld ms",
          test, m_faults, m_awaitingAck, m_cluster->setsMade(), m_cluster->setsAcknowledged(),
          kSpokes + 1, m_cluster->checks(), m_cluster->keysChecked(), m_cluster->sharedSetsMade(),
          m_cluster->refusedSets(), m_clock.elapsed());
}

// A stalled link is a partition: nothing passes, but both sides live on and
// make updates. Once it flows again, everything meets.
void TestConvergence::convergesAfterPartitionsHeal()
{
    const QList<QList<int>> partitions = {{0}, {1, 2}, {0, 1, 2}, {2}, {0, 2}, {1}};
    QRandomGenerator random(1);
    QString error;
    for (const QList<int> &cutOff : partitions) {
        duringTraffic(random, [&] {
            for (int index : cutOff) {
                m_cluster->proxy(index)->stall();
                ++m_faults;
            }
        });
        const QString hubKey = m_cluster->makeUpdates(m_cluster->hub(), 3);
        for (int index : cutOff)
            m_cluster->makeUpdates(m_cluster->spoke(index), 3);
        QVERIFY2(m_cluster->waitForAcks(kAckTimeoutMs, &error), qPrintable(error));
        // The partition is real: a spoke cut off has not seen the hub's news.
        QJsonObject isolated;
        QVERIFY2(m_cluster->replicaOf(m_cluster->spoke(cutOff.first()), &isolated, &error),
                 qPrintable(error));
        QVERIFY2(!isolated.contains(hubKey), qPrintable(hubKey));
        for (int index : cutOff)
            m_cluster->proxy(index)->resume();
        QVERIFY2(settle(&error), qPrintable(error));
    }
    report("partitions");
}

// A link reset in the middle of the traffic ends the spoke (sbpeer connect
// does not redial); restarted from its file, it catches up and loses nothing
// it acknowledged. Once, the proxy also refuses the first attempt to come back.
void TestConvergence::convergesAfterLinksAreCut()
{
    QRandomGenerator random(2);
    QString error;
    for (int round = 0; round < 7; ++round) {
        const QList<int> cut = round == 6 ? QList<int>{0, 1, 2} : QList<int>{round % kSpokes};
        duringTraffic(random, [&] {
            for (int index : cut) {
                m_cluster->proxy(index)->cut();
                ++m_faults;
            }
        });
        for (int index : cut)
            QVERIFY2(waitForExit(m_cluster->spoke(index)),
                     qPrintable(m_cluster->spoke(index)->name()
                                + QStringLiteral(" lives on after its link was cut")));
        if (round == 3) {
            // The way back is refused once: the spoke ends again, and comes back later.
            PeerProcess *spoke = m_cluster->spoke(cut.first());
            m_cluster->proxy(cut.first())->setRefusing(true);
            ++m_faults;
            spoke->start();
            QVERIFY2(waitForExit(spoke), "a spoke lives on though its peer refuses it");
            m_cluster->proxy(cut.first())->setRefusing(false);
        }
        QVERIFY2(settle(&error), qPrintable(error));
    }
    report("cuts");
}

// Slow links (about 1500 bytes per second each way) still get everything
// there, also when a partition comes on top.
void TestConvergence::convergesThroughThrottledLinks()
{
    QRandomGenerator random(3);
    QString error;
    for (int round = 0; round < 4; ++round) {
        duringTraffic(random, [&] {
            for (int index = 0; index < kSpokes; ++index) {
                m_cluster->proxy(index)->setThrottle(round == 0 ? 1500 : 1500 * round);
                ++m_faults;
            }
            if (round == 2) {
                m_cluster->proxy(1)->stall();
                ++m_faults;
            }
        });
        QVERIFY2(m_cluster->waitForAcks(kAckTimeoutMs, &error), qPrintable(error));
        if (round == 2)
            m_cluster->proxy(1)->resume();
        QVERIFY2(settle(&error), qPrintable(error));
    }
    for (int index = 0; index < kSpokes; ++index)
        m_cluster->proxy(index)->setThrottle(0);
    report("throttles");
}

// SIGKILL in the middle of the traffic, of a spoke or of the hub (whose
// spokes then end too); each restarts from its file, and every update
// acknowledged before the kill is there in the end, on every peer.
void TestConvergence::keepsAcknowledgedUpdatesThroughSigkill()
{
    QRandomGenerator random(4);
    QString error;
    for (int round = 0; round < 8; ++round) {
        const bool hub = round % 4 == 3;
        PeerProcess *victim = hub ? m_cluster->hub() : m_cluster->spoke(round % kSpokes);
        duringTraffic(random, [&] {
            victim->kill();
            ++m_faults;
        });
        if (hub) {
            for (int index = 0; index < kSpokes; ++index)
                QVERIFY2(waitForExit(m_cluster->spoke(index)), "a spoke outlives its hub");
            QVERIFY2(m_cluster->restartHub(&error), qPrintable(error));
        }
        QVERIFY2(settle(&error), qPrintable(error));
    }
    report("kills");
}

// A seeded random mix of every fault (SB_FAULTS_SEED=N repeats a run).
void TestConvergence::convergesAfterRandomFaults()
{
    const quint32 seed = qEnvironmentVariableIsSet("SB_FAULTS_SEED")
            ? quint32(qEnvironmentVariableIntValue("SB_FAULTS_SEED"))
            : QRandomGenerator::global()->generate();
    qInfo("seed %u (SB_FAULTS_SEED)", seed);
    QRandomGenerator random(seed);
    QString error;
    for (int fault = 0; fault < 14; ++fault) {
        const int index = int(random.bounded(kSpokes));
        TcpProxy *proxy = m_cluster->proxy(index);
        const int kind = int(random.bounded(5));
        duringTraffic(random, [&] {
            switch (kind) {
            case 0:
                proxy->stall();
                break;
            case 1:
                proxy->cut();
                break;
            case 2:
                proxy->setThrottle(2000);
                break;
            case 3:
                m_cluster->spoke(index)->kill();
                break;
            default:
                m_cluster->hub()->kill();
                break;
            }
            ++m_faults;
        });
        if (kind == 0 || kind == 2) {
            QVERIFY2(m_cluster->waitForAcks(kAckTimeoutMs, &error), qPrintable(error));
            proxy->resume();
            proxy->setThrottle(0);
        } else if (kind == 1) {
            QVERIFY2(waitForExit(m_cluster->spoke(index)), "a spoke lives on after a cut");
        } else if (kind == 4) {
            for (int spoke = 0; spoke < kSpokes; ++spoke)
                QVERIFY2(waitForExit(m_cluster->spoke(spoke)), "a spoke outlives its hub");
            QVERIFY2(m_cluster->restartHub(&error), qPrintable(error));
        }
        QVERIFY2(settle(&error),
                 qPrintable(
                         QStringLiteral("seed %1, fault %2: %3").arg(seed).arg(fault).arg(error)));
    }
    report("random");
}

QTEST_GUILESS_MAIN(TestConvergence)
#include "tst_convergence.moc"
