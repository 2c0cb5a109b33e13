// SPDX-License-Identifier: MIT
#pragma once

#include "stream.h"
#include "streamoptions.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QTcpSocket;
class QTimer;

namespace sb {

class Scuttlebutt;

// Dials one TCP peer and replicates with it; when reconnecting is on, dials
// again after a lost connection with exponential backoff (reset once synced).
// Connecting, and the TLS handshake when TLS is on, must be done within the
// options' handshakeTimeoutMs; the stream's own deadlines follow.
class Dialer : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Connecting, Connected, WaitingToRetry };
    Q_ENUM(State)

    Dialer(Scuttlebutt *replica, const QString &host, quint16 port, const StreamOptions &options,
           QObject *parent = nullptr);
    ~Dialer() override;

    // Speak TLS and accept the peer only when its certificate is pinned in trust.
    void enableTls(const TlsIdentity &identity, std::shared_ptr<const TrustList> trust);
    void setReconnect(bool enabled) { m_reconnect = enabled; }
    void setBackoff(int initialMs, int maxMs);
    void open();
    // Closes the stream and stops retrying.
    void close();

    State state() const { return m_state; }
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QString address() const;
    Stream *stream() const { return m_stream; }
    int nextRetryMs() const { return m_delayMs; }
    QString lastError() const { return m_lastError; }
    bool usesTls() const { return bool(m_trust); }
    // The SHA-256 fingerprint of the certificate the peer presented in the
    // last TLS handshake, pinned or not; empty before one.
    QString peerFingerprint() const { return m_peerFingerprint; }

signals:
    void stateChanged(sb::Dialer::State state);
    // Created and about to start: connect to it here.
    void streamCreated(sb::Stream *stream);
    void streamEnded(sb::Stream *stream);
    void errorOccurred(const QString &message);
    // The peer's certificate is not pinned in the trust list: the connection
    // was refused (errorOccurred says so too), and is tried again as usual.
    void certificateRefused(const QString &fingerprint);
    void retryScheduled(int delayMs);

private:
    void dial();
    void onConnected();
    void onEncrypted();
    void refuseUnpinned();
    void onLost();
    void onHandshakeDeadline();
    void setState(State state);

    Scuttlebutt *m_replica;
    QString m_host;
    quint16 m_port;
    StreamOptions m_options;
    QTcpSocket *m_socket = nullptr;
    QPointer<Stream> m_stream;
    QTimer *m_retryTimer;
    QTimer *m_handshakeTimer;
    bool m_reconnect = false;
    bool m_wanted = false;
    int m_initialDelayMs = 250;
    int m_maxDelayMs = 30000;
    int m_delayMs = 250;
    State m_state = State::Idle;
    QString m_lastError;
    TlsIdentity m_tlsIdentity;
    QString m_peerFingerprint;
    std::shared_ptr<const TrustList> m_trust;
};

} // namespace sb
