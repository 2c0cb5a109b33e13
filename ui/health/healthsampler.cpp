// SPDX-License-Identifier: MIT
#include "healthsampler.h"

#include "peerconnection.h"
#include "peerhealth.h"
#include "replicasession.h"

#include "model.h"
#include "scuttlebutt.h"

#include <algorithm>

HealthSampler::HealthSampler(ReplicaSession *session, int intervalMs, int historySeconds,
                             QObject *parent)
    : QObject(parent), m_session(session), m_intervalMs(std::max(intervalMs, 1)),
      m_historySeconds(std::max(historySeconds, 1)),
      m_capacity(qsizetype(m_historySeconds) * 1000 / m_intervalMs + 1), m_applied(m_capacity),
      m_keys(m_capacity)
{
    m_timer.setInterval(m_intervalMs);
    connect(&m_timer, &QTimer::timeout, this,
            [this] { sampleAt(double(m_elapsed.elapsed()) / 1000.0); });
    connect(session, &ReplicaSession::replicaAboutToChange, this,
            [this] { disconnect(m_appliedConnection); });
    connect(session, &ReplicaSession::replicaChanged, this, &HealthSampler::watchReplica);
    connect(session, &ReplicaSession::peerAdded, this, &HealthSampler::onPeerAdded);
    connect(session, &ReplicaSession::peerRemoved, this, &HealthSampler::onPeerRemoved);
    watchReplica(session->replica());
    for (PeerConnection *peer : session->peers())
        onPeerAdded(peer);
    m_elapsed.start();
    start();
}

HealthSampler::~HealthSampler() = default;

void HealthSampler::start()
{
    m_timer.start();
}

void HealthSampler::stop()
{
    m_timer.stop();
}

void HealthSampler::watchReplica(sb::Scuttlebutt *replica)
{
    disconnect(m_appliedConnection);
    if (!replica)
        return;
    // The one thing done per update: a count, read by the next sample.
    m_appliedConnection
            = connect(replica, &sb::Scuttlebutt::updateApplied, this, [this] { ++m_appliedCount; });
}

void HealthSampler::sampleAt(double seconds)
{
    const double elapsed = m_lastSeconds < 0 ? 0.0 : seconds - m_lastSeconds;
    if (m_lastSeconds >= 0 && elapsed <= 0)
        return;
    const sb::Scuttlebutt *replica = m_session->replica();
    if (m_lastSeconds >= 0)
        m_applied.append(seconds, double(m_appliedCount - m_appliedAtLastSample) / elapsed);
    m_appliedAtLastSample = m_appliedCount;
    if (replica) {
        const sb::Model *model = m_session->model();
        m_keys.append(seconds, double(model ? model->liveKeyCount() : replica->updateCount()));
    }
    for (const auto &peer : m_peers)
        peer->sample(seconds, elapsed, replica);
    m_lastSeconds = seconds;
    emit sampled();
}

QList<PeerHealth *> HealthSampler::peers() const
{
    QList<PeerHealth *> result;
    result.reserve(qsizetype(m_peers.size()));
    for (const auto &peer : m_peers)
        result.append(peer.get());
    return result;
}

PeerHealth *HealthSampler::healthOf(const PeerConnection *peer) const
{
    for (const auto &health : m_peers) {
        if (health->peer() == peer)
            return health.get();
    }
    return nullptr;
}

void HealthSampler::onPeerAdded(PeerConnection *peer)
{
    if (healthOf(peer))
        return;
    m_peers.push_back(std::make_unique<PeerHealth>(peer, m_capacity));
    emit peerAdded(m_peers.back().get());
}

void HealthSampler::onPeerRemoved(PeerConnection *peer)
{
    const auto it = std::find_if(m_peers.begin(), m_peers.end(),
                                 [peer](const auto &health) { return health->peer() == peer; });
    if (it == m_peers.end())
        return;
    emit peerRemoved(it->get());
    m_peers.erase(it);
}
