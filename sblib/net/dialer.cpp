// SPDX-License-Identifier: MIT
#include "dialer.h"

#include "stream.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace sb {

Dialer::Dialer(Scuttlebutt *replica, const QString &host, quint16 port,
               const StreamOptions &options, QObject *parent)
    : QObject(parent), m_replica(replica), m_host(host), m_port(port), m_options(options),
      m_retryTimer(new QTimer(this)), m_handshakeTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &Dialer::dial);
    m_handshakeTimer->setSingleShot(true);
    connect(m_handshakeTimer, &QTimer::timeout, this, &Dialer::onHandshakeDeadline);
}

Dialer::~Dialer() = default;

QString Dialer::address() const
{
    return m_host.contains(u':') ? QStringLiteral("[%1]:%2").arg(m_host).arg(m_port)
                                 : QStringLiteral("%1:%2").arg(m_host).arg(m_port);
}

void Dialer::enableTls(const TlsIdentity &identity, std::shared_ptr<const TrustList> trust)
{
    m_tlsIdentity = identity;
    m_trust = std::move(trust);
}

void Dialer::setBackoff(int initialMs, int maxMs)
{
    m_initialDelayMs = initialMs;
    m_maxDelayMs = maxMs;
    m_delayMs = initialMs;
}

void Dialer::open()
{
    m_wanted = true;
    m_delayMs = m_initialDelayMs;
    if (m_state == State::Idle || m_state == State::WaitingToRetry) {
        m_retryTimer->stop();
        dial();
    }
}

void Dialer::close()
{
    m_wanted = false;
    m_retryTimer->stop();
    m_handshakeTimer->stop();
    if (m_stream)
        m_stream->close();
    else if (m_socket)
        m_socket->abort();
    if (!m_stream)
        setState(State::Idle);
}

void Dialer::dial()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
    }
    QSslSocket *ssl = m_trust ? new QSslSocket(this) : nullptr;
    m_socket = ssl ? ssl : new QTcpSocket(this);
    if (ssl) {
        ssl->setSslConfiguration(m_tlsIdentity.sslConfiguration());
        connect(ssl, &QSslSocket::encrypted, this, &Dialer::onEncrypted);
        // Self-signed certificates are the norm here: the pin decides, in onEncrypted.
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl] {
            if (m_trust->isPinned(TlsIdentity::fingerprintOf(ssl->peerCertificate())))
                ssl->ignoreSslErrors();
            else
                refuseUnpinned();
        });
    } else {
        connect(m_socket, &QTcpSocket::connected, this, &Dialer::onConnected);
    }
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_stream)
            return; // the stream reports its own errors
        m_lastError = QStringLiteral("%1: %2").arg(address(), m_socket->errorString());
        emit errorOccurred(m_lastError);
        onLost();
    });
    setState(State::Connecting);
    if (m_options.handshakeTimeoutMs > 0)
        m_handshakeTimer->start(m_options.handshakeTimeoutMs);
    if (ssl)
        ssl->connectToHostEncrypted(m_host, m_port);
    else
        m_socket->connectToHost(m_host, m_port);
}

void Dialer::onEncrypted()
{
    const auto *ssl = static_cast<QSslSocket *>(m_socket);
    m_peerFingerprint = TlsIdentity::fingerprintOf(ssl->peerCertificate());
    if (!m_trust->isPinned(m_peerFingerprint))
        return refuseUnpinned();
    onConnected();
}

void Dialer::refuseUnpinned()
{
    const auto *ssl = static_cast<QSslSocket *>(m_socket);
    m_peerFingerprint = TlsIdentity::fingerprintOf(ssl->peerCertificate());
    m_lastError = QStringLiteral("%1: refused: its certificate %2 is not pinned in the trust list")
                          .arg(address(), m_peerFingerprint);
    emit errorOccurred(m_lastError);
    emit certificateRefused(m_peerFingerprint);
    m_socket->disconnect(this);
    m_socket->abort();
    onLost();
}

void Dialer::onHandshakeDeadline()
{
    if (!m_socket || m_stream)
        return;
    const bool connected = m_socket->state() == QAbstractSocket::ConnectedState;
    m_lastError = QStringLiteral("%1: %2 within the handshake deadline (%3 s)")
                          .arg(address(),
                               connected ? QStringLiteral("no TLS handshake")
                                         : QStringLiteral("not connected"))
                          .arg(double(m_options.handshakeTimeoutMs) / 1000.0);
    m_socket->disconnect(this);
    m_socket->abort();
    emit errorOccurred(m_lastError);
    onLost();
}

void Dialer::onConnected()
{
    m_handshakeTimer->stop(); // the stream's deadline for the digest takes over
    StreamOptions options = m_options;
    if (options.name.isEmpty())
        options.name = QStringLiteral("peer %1").arg(address());
    m_stream = new Stream(m_replica, m_socket, options, this);
    m_socket->setParent(m_stream);
    m_socket = nullptr; // the stream owns it now
    connect(m_stream, &Stream::synced, this, [this] { m_delayMs = m_initialDelayMs; });
    connect(m_stream, &Stream::errorOccurred, this, [this](const QString &message) {
        m_lastError = message;
        emit errorOccurred(message);
    });
    Stream *stream = m_stream;
    connect(stream, &Stream::closed, this, [this, stream] {
        emit streamEnded(stream);
        stream->deleteLater();
        m_stream = nullptr;
        onLost();
    });
    setState(State::Connected);
    emit streamCreated(stream);
    stream->start();
}

void Dialer::onLost()
{
    m_handshakeTimer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (!m_wanted || !m_reconnect) {
        m_wanted = false;
        setState(State::Idle);
        return;
    }
    setState(State::WaitingToRetry);
    emit retryScheduled(m_delayMs);
    m_retryTimer->start(m_delayMs);
    m_delayMs = qMin(m_delayMs * 2, m_maxDelayMs);
}

void Dialer::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace sb
