// SPDX-License-Identifier: MIT
#include "server.h"

#include "stream.h"

#include "tlsserver.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace sb {

Server::Server(Scuttlebutt *replica, const StreamOptions &options, QObject *parent)
    : QObject(parent), m_replica(replica), m_options(options)
{
    createServer();
}

void Server::createServer()
{
    delete m_server;
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, &Server::acceptPeers);
}

void Server::enableTls(const TlsIdentity &identity, std::shared_ptr<const TrustList> trust)
{
    m_trust = std::move(trust);
    delete m_server;
    auto *server = new TlsServer(
            identity.sslConfiguration(),
            [trust = m_trust](const QSslCertificate &certificate) {
                return trust->isPinned(TlsIdentity::fingerprintOf(certificate));
            },
            this);
    connect(server, &TlsServer::socketEncrypted, this, [this](QSslSocket *socket) {
        if (!admit(socket)) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        startStream(socket);
    });
    connect(server, &TlsServer::handshakeFailed, this, &Server::peerRefused);
    m_server = server;
}

bool Server::admit(QTcpSocket *socket)
{
    const QString peer = QStringLiteral("peer %1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
    if (m_streams.size() >= m_maxPeers) {
        emit peerRefused(QStringLiteral("%1 refused: already serving %2 peers").arg(peer).arg(m_maxPeers));
        return false;
    }
    if (!m_trust)
        return true;
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    const QSslCertificate certificate = ssl ? ssl->peerCertificate() : QSslCertificate();
    if (certificate.isNull()) {
        emit peerRefused(QStringLiteral("%1 refused: it presented no TLS certificate").arg(peer));
        return false;
    }
    const QString fingerprint = TlsIdentity::fingerprintOf(certificate);
    if (!m_trust->isPinned(fingerprint)) {
        emit peerRefused(QStringLiteral("%1 refused: its certificate %2 is not pinned in the trust list")
                                 .arg(peer, fingerprint));
        return false;
    }
    return true;
}

Server::~Server() = default;

bool Server::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

void Server::close()
{
    m_server->close();
    for (Stream *stream : m_streams)
        stream->close();
}

bool Server::isListening() const
{
    return m_server->isListening();
}

QHostAddress Server::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 Server::serverPort() const
{
    return m_server->serverPort();
}

QString Server::errorString() const
{
    return m_server->errorString();
}

void Server::acceptPeers()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (!admit(socket)) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        startStream(socket);
    }
}

void Server::startStream(QTcpSocket *socket)
{
    auto *stream = new Stream(m_replica, socket, m_options, this);
    socket->setParent(stream);
    m_streams.append(stream);
    connect(stream, &Stream::closed, this, [this, stream] {
        m_streams.removeOne(stream);
        emit streamEnded(stream);
        stream->deleteLater();
    });
    emit streamCreated(stream);
    stream->start();
}

} // namespace sb
