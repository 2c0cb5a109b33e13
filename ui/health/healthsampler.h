// SPDX-License-Identifier: MIT
#pragma once

#include "healthseries.h"

#include <QElapsedTimer>
#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class PeerConnection;
class PeerHealth;
class ReplicaSession;

namespace sb {
class Scuttlebutt;
}

// Samples the sync health of a session on a timer: for the replica, updates
// applied per second and its key count; for each peer, a PeerHealth. Nothing
// is done per update beyond one counter, so its cost does not grow with the
// update rate; every series keeps the last historySeconds() only.
class HealthSampler : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 1000;
    static constexpr int kDefaultHistorySeconds = 5 * 60;

    explicit HealthSampler(ReplicaSession *session, int intervalMs = kDefaultIntervalMs,
                           int historySeconds = kDefaultHistorySeconds, QObject *parent = nullptr);
    ~HealthSampler() override;

    int intervalMs() const { return m_intervalMs; }
    int historySeconds() const { return m_historySeconds; }
    qsizetype capacity() const { return m_capacity; }

    // Samples on the timer while running (the default).
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    // Takes a sample at seconds since sampling began; the timer passes the
    // time elapsed. Rates are over the time since the previous sample.
    void sampleAt(double seconds);
    double lastSampleSeconds() const { return m_lastSeconds; }

    const HealthSeries &appliedPerSecond() const { return m_applied; }
    const HealthSeries &keys() const { return m_keys; }
    // The peers of the session, in the order they came.
    QList<PeerHealth *> peers() const;
    PeerHealth *healthOf(const PeerConnection *peer) const;

signals:
    void sampled();
    void peerAdded(PeerHealth *health);
    // Emitted before health is deleted.
    void peerRemoved(PeerHealth *health);

private:
    void watchReplica(sb::Scuttlebutt *replica);
    void onPeerAdded(PeerConnection *peer);
    void onPeerRemoved(PeerConnection *peer);

    ReplicaSession *m_session;
    int m_intervalMs;
    int m_historySeconds;
    qsizetype m_capacity;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    double m_lastSeconds = -1;
    qint64 m_appliedCount = 0; // every update the replica applied, mine or not
    qint64 m_appliedAtLastSample = 0;
    QMetaObject::Connection m_appliedConnection;
    HealthSeries m_applied;
    HealthSeries m_keys;
    std::vector<std::unique_ptr<PeerHealth>> m_peers;
};
