// SPDX-License-Identifier: MIT
#include "tlsserver.h"

#include <QSslSocket>
#include <QTimer>

namespace sb {

TlsServer::TlsServer(const QSslConfiguration &configuration, PinCheck isPinned, QObject *parent)
    : QTcpServer(parent), m_configuration(configuration), m_isPinned(std::move(isPinned))
{ }

std::vector<TlsServer::Handshake> TlsServer::handshakes() const
{
    std::vector<Handshake> list;
    list.reserve(m_pending.size());
    for (const Pending &pending : m_pending)
        list.push_back({pending.socket, pending.age.elapsed()});
    return list;
}

std::vector<TlsServer::Pending>::iterator TlsServer::findPending(QSslSocket *socket)
{
    return std::find_if(m_pending.begin(), m_pending.end(),
                        [socket](const Pending &pending) { return pending.socket == socket; });
}

void TlsServer::abortHandshake(QSslSocket *socket, const QString &reason)
{
    fail(socket, reason);
}

void TlsServer::fail(QSslSocket *socket, const QString &reason)
{
    const auto pending = findPending(socket);
    if (pending == m_pending.end())
        return; // already over
    const QString peer = pending->peer;
    m_pending.erase(pending);
    socket->disconnect(this);
    emit handshakeFailed(QStringLiteral("%1 refused: TLS handshake failed: %2").arg(peer, reason));
    socket->abort();
    socket->deleteLater();
}

void TlsServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_admission && !m_admission(socket)) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setSslConfiguration(m_configuration);
    Pending pending{socket,
                    QStringLiteral("peer %1:%2")
                            .arg(socket->peerAddress().toString())
                            .arg(socket->peerPort()),
                    {}};
    pending.age.start();
    m_pending.push_back(std::move(pending));
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        if (const auto pending = findPending(socket); pending != m_pending.end())
            m_pending.erase(pending);
        socket->disconnect(this);
        emit socketEncrypted(socket);
    });
    connect(socket, &QSslSocket::errorOccurred, this,
            [this, socket] { fail(socket, socket->errorString()); });
    // Peers present self-signed certificates: a pinned one is the only trust
    // we need, so certificate errors are forgiven for it and for no one else.
    connect(socket, &QSslSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        const QSslCertificate certificate = socket->peerCertificate();
        if (!certificate.isNull() && m_isPinned && m_isPinned(certificate))
            socket->ignoreSslErrors();
        else if (!certificate.isNull())
            fail(socket,
                 QStringLiteral("its certificate %1 is not pinned in the trust list")
                         .arg(QString::fromLatin1(
                                      certificate.digest(QCryptographicHash::Sha256).toHex(':'))
                                      .toUpper()));
        else
            fail(socket,
                 errors.isEmpty() ? QStringLiteral("certificate error")
                                  : errors.first().errorString());
    });
    if (m_handshakeTimeoutMs > 0) {
        // One timer per connection: its socket's child, and it calls us only
        // while we are there (the socket outlives us once a stream has it).
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this, socket] {
            fail(socket,
                 QStringLiteral("no handshake within the handshake deadline (%1 s)")
                         .arg(double(m_handshakeTimeoutMs) / 1000.0));
        });
        connect(socket, &QSslSocket::encrypted, deadline, &QObject::deleteLater);
        deadline->start(m_handshakeTimeoutMs);
    }
    socket->startServerEncryption();
}

} // namespace sb
