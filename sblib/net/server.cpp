// SPDX-License-Identifier: MIT
#include "server.h"

#include "stream.h"

#include "tlsserver.h"

#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

namespace sb {

namespace {
// What the per-address limit counts by: an IPv4 address (mapped into IPv6 or
// not), or an IPv6 /64 network, which one host is commonly given whole.
QHostAddress slotAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}

QString describe(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QStringLiteral("%1/64").arg(address.toString());
    return address.toString();
}

QString peerOf(const QTcpSocket *socket)
{
    return QStringLiteral("peer %1:%2")
            .arg(socket->peerAddress().toString())
            .arg(socket->peerPort());
}
} // namespace

Server::Server(Scuttlebutt *replica, const StreamOptions &options, QObject *parent)
    : QObject(parent), m_replica(replica), m_options(options)
{
    createServer();
}

void Server::createServer()
{
    delete m_server;
    m_tls = nullptr;
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
    server->setHandshakeTimeout(m_options.handshakeTimeoutMs);
    // A slot is taken from the first byte of the handshake, not its end.
    server->setAdmission([this](QSslSocket *socket) { return makeRoom(socket); });
    connect(server, &TlsServer::socketEncrypted, this, [this](QSslSocket *socket) {
        if (!admitTls(socket)) {
            socket->abort();
            socket->deleteLater();
            return;
        }
        startStream(socket);
    });
    connect(server, &TlsServer::handshakeFailed, this, &Server::peerRefused);
    m_server = server;
    m_tls = server;
}

bool Server::makeRoom(QTcpSocket *socket)
{
    const QHostAddress address = slotAddress(socket->peerAddress());
    qsizetype fromAddress = 0;
    for (const Stream *stream : std::as_const(m_streams)) {
        if (const auto *peer = qobject_cast<const QTcpSocket *>(stream->device()))
            fromAddress += slotAddress(peer->peerAddress()) == address ? 1 : 0;
    }
    if (m_tls) {
        for (const TlsServer::Handshake &handshake : m_tls->handshakes())
            fromAddress += slotAddress(handshake.socket->peerAddress()) == address ? 1 : 0;
    }
    const QString peer = peerOf(socket);
    if (fromAddress >= m_maxPeersPerAddress
        && !closeLongestIdle(&address, peer,
                             QStringLiteral("at most %1 peers from %2 are served")
                                     .arg(m_maxPeersPerAddress)
                                     .arg(describe(address)))) {
        emit peerRefused(QStringLiteral("%1 refused: already serving %2 peers from %3, each past "
                                        "its handshake")
                                 .arg(peer)
                                 .arg(m_maxPeersPerAddress)
                                 .arg(describe(address)));
        return false;
    }
    if (m_streams.size() + (m_tls ? qsizetype(m_tls->handshakes().size()) : 0) >= m_maxPeers
        && !closeLongestIdle(nullptr, peer,
                             QStringLiteral("at most %1 peers are served").arg(m_maxPeers))) {
        emit peerRefused(QStringLiteral("%1 refused: already serving %2 peers, each past its "
                                        "handshake")
                                 .arg(peer)
                                 .arg(m_maxPeers));
        return false;
    }
    return true;
}

bool Server::closeLongestIdle(const QHostAddress *address, const QString &newcomer,
                              const QString &limit)
{
    const auto matches = [address](const QTcpSocket *socket) {
        return !address || (socket && slotAddress(socket->peerAddress()) == *address);
    };
    Stream *idlest = nullptr;
    QSslSocket *idlestHandshake = nullptr;
    qint64 longest = -1;
    for (Stream *stream : std::as_const(m_streams)) {
        if (stream->hasFinishedHandshake() || !stream->isOpen()
            || !matches(qobject_cast<const QTcpSocket *>(stream->device())))
            continue;
        if (const qint64 idle = stream->msecsSinceInput(); idle > longest) {
            longest = idle;
            idlest = stream;
        }
    }
    if (m_tls) {
        // A TLS handshake shows us no progress until it ends: its age is its idle time.
        for (const TlsServer::Handshake &handshake : m_tls->handshakes()) {
            if (matches(handshake.socket) && handshake.ageMs > longest) {
                longest = handshake.ageMs;
                idlestHandshake = handshake.socket;
                idlest = nullptr;
            }
        }
    }
    const QString reason = QStringLiteral("closed to make room for %1: %2, and this one was the "
                                          "longest idle (%3 s) of those not past their handshake")
                                   .arg(newcomer, limit)
                                   .arg(double(longest) / 1000.0);
    if (idlestHandshake)
        m_tls->abortHandshake(idlestHandshake, reason);
    else if (idlest)
        idlest->abort(reason); // closed() takes it off m_streams at once
    else
        return false;
    return true;
}

bool Server::admitTls(QTcpSocket *socket)
{
    const QString peer = peerOf(socket);
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    const QSslCertificate certificate = ssl ? ssl->peerCertificate() : QSslCertificate();
    if (certificate.isNull()) {
        emit peerRefused(QStringLiteral("%1 refused: it presented no TLS certificate").arg(peer));
        return false;
    }
    const QString fingerprint = TlsIdentity::fingerprintOf(certificate);
    if (!m_trust->isPinned(fingerprint)) {
        emit peerRefused(
                QStringLiteral("%1 refused: its certificate %2 is not pinned in the trust list")
                        .arg(peer, fingerprint));
        return false;
    }
    return true;
}

Server::~Server() = default;

bool Server::listen(const QHostAddress &address, quint16 port)
{
    // Room for a burst of connections (the kernel caps it at somaxconn): a
    // SYN dropped from a full queue is sent again only a second later, and
    // honest peers would wait behind a flood that fair slots then clear.
    m_server->setListenBacklogSize(1024);
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
        if (!makeRoom(socket)) {
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
