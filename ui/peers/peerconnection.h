// SPDX-License-Identifier: MIT
#pragma once

#include "peerspec.h"
#include "severity.h"
#include "streamstats.h"

#include "tlsidentity.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace sb {
class Dialer;
class Scuttlebutt;
class Stream;
class TrustList;
} // namespace sb

// One row of the peers panel: a peer we dial (reconnecting with backoff until
// the user disconnects it) or a peer that dialed us (over when its stream
// ends). It outlives its streams so that the last state, error and counters
// stay visible.
class PeerConnection : public QObject
{
    Q_OBJECT

public:
    enum class Direction { Dialed, Accepted };
    enum class State {
        Connecting,
        Handshaking,
        Syncing,
        Synced,
        Retrying,
        Disconnected,
        Closed,
        Failed
    };
    Q_ENUM(State)

    // A spec that uses TLS presents tlsIdentity and accepts the peer only
    // when its certificate is pinned in trust.
    PeerConnection(sb::Scuttlebutt *replica, const PeerSpec &spec,
                   const sb::TlsIdentity &tlsIdentity = {},
                   std::shared_ptr<const sb::TrustList> trust = {}, QObject *parent = nullptr);
    // Takes over a stream a Server created; call before the stream starts.
    PeerConnection(sb::Stream *stream, QObject *parent = nullptr);
    ~PeerConnection() override;

    Direction direction() const { return m_direction; }
    const PeerSpec &spec() const { return m_spec; }
    QString label() const;
    QString address() const;
    State state() const { return m_state; }
    static QString stateName(State state);
    // The state with what explains it: the error, the retry delay.
    QString stateText() const;
    QString lastError() const { return m_lastError; }
    // The name its streams give in messages, traces and the Wire dock
    // ("peer 10.0.0.7:8000"); its label until a dialed peer first connects.
    QString peerName() const { return m_peerName; }
    QString remoteId() const { return m_remoteId; }
    int dialectVersion() const { return m_dialectVersion; }
    // The open stream, or nullptr between connections.
    sb::Stream *stream() const;
    // Totals over every stream this peer has had.
    sb::StreamStats stats() const;
    bool isActive() const;
    bool canReconnect() const { return m_direction == Direction::Dialed; }
    const sb::TlsIdentity &tlsIdentity() const { return m_tlsIdentity; }
    bool usesTls() const { return m_usesTls; }
    // The SHA-256 fingerprint of the certificate the peer presented over TLS,
    // pinned or not; empty for plain TCP or before a handshake.
    QString peerFingerprint() const { return m_peerFingerprint; }
    // Set while the peer is refused because that certificate is not pinned:
    // pinning it (and reconnecting) lets it in.
    bool isRefusedUnpinned() const { return m_refusedUnpinned; }

    // Closes the stream; a dialed peer stops retrying.
    void disconnectPeer();
    // Dials again at once (dialed peers only).
    void reconnect();

signals:
    void changed();
    void streamStarted(sb::Stream *stream);
    void streamEnded(sb::Stream *stream);
    void message(Severity severity, const QString &text);

private:
    void watch(sb::Stream *stream);
    void onStreamEnded(sb::Stream *stream);
    void updateState();
    void setState(State state);

    Direction m_direction;
    PeerSpec m_spec;
    sb::Dialer *m_dialer = nullptr;
    QPointer<sb::Stream> m_stream;
    QString m_peerName;
    State m_state = State::Connecting;
    QString m_lastError;
    QString m_remoteId;
    int m_dialectVersion = 0;
    qint64 m_retryAt = 0; // ms since the epoch
    sb::TlsIdentity m_tlsIdentity;
    bool m_usesTls = false;
    QString m_peerFingerprint;
    bool m_refusedUnpinned = false;
    sb::StreamStats m_endedTotals;
    sb::StreamStats m_current;
};
