// SPDX-License-Identifier: MIT
#include "peerhealth.h"

#include "peerconnection.h"

#include "clock.h"
#include "scuttlebutt.h"
#include "stream.h"

PeerHealth::PeerHealth(PeerConnection *peer, qsizetype capacity)
    : m_peer(peer), m_label(peer->label()), m_in(capacity), m_out(capacity), m_behind(capacity),
      m_ahead(capacity)
{ }

PeerConnection *PeerHealth::peer() const
{
    return m_peer;
}

void PeerHealth::sample(double seconds, double elapsed, const sb::Scuttlebutt *replica)
{
    if (!m_peer)
        return;
    m_label = m_peer->label();
    const sb::StreamStats stats = m_peer->stats();
    if (m_lastIn >= 0 && elapsed > 0) {
        m_in.append(seconds, double(stats.updatesIn - m_lastIn) / elapsed);
        m_out.append(seconds, double(stats.updatesOut - m_lastOut) / elapsed);
    }
    m_lastIn = stats.updatesIn;
    m_lastOut = stats.updatesOut;

    // Between connections nothing is known of the peer's clock: no point.
    const sb::Stream *stream = m_peer->stream();
    if (!replica || !stream || !stream->remoteDigest())
        return;
    const Lag now = lag(*replica, stream->remoteClock(), stream->hasReceivedSync());
    m_behind.append(seconds, double(now.behind));
    m_ahead.append(seconds, double(now.ahead));
}

PeerHealth::Lag PeerHealth::lag(const sb::Scuttlebutt &replica, const sb::Clock &remote,
                                bool historyReceived)
{
    Lag result;
    const sb::Clock &ours = replica.clock();
    // Counting what the peer lacks walks our history, so it is done only when
    // some source of ours is newer than the peer's: once synced it costs a
    // look at each source.
    bool lacking = false;
    const QStringList ourSources = ours.sources();
    for (const QString &source : ourSources) {
        if (ours.latest(source) > remote.latest(source)) {
            lacking = true;
            break;
        }
    }
    if (lacking)
        result.behind = qint64(replica.updatesLackedBy(remote));
    if (historyReceived)
        return result;
    const QStringList theirSources = remote.sources();
    for (const QString &source : theirSources) {
        if (remote.latest(source) > ours.latest(source))
            ++result.ahead;
    }
    return result;
}
