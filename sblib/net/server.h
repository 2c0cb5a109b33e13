// SPDX-License-Identifier: MIT
#pragma once

#include "streamoptions.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

class QSslSocket;
class QTcpServer;
class QTcpSocket;

namespace sb {

class Scuttlebutt;
class Stream;
class TlsServer;

// Accepts TCP peers and gives each its own Stream of one replica. One peer's
// bad input closes that peer's stream only.
// Slots are shared fairly: at most maxPeers peers, and at most
// maxPeersPerAddress from one address (for IPv6, one /64 network), TLS
// handshakes in progress included. When a new peer would pass either limit,
// the peer that has been silent longest among those (of that address, for the
// second) that have not finished their handshake - sent their digest and their
// history up to "SYNC" - is closed to make room; only when every one has
// finished it is the new peer refused. So idle, half-open or stalled
// connections cannot keep an honest peer out, and peers that replicate are
// never closed for a newcomer.
class Server : public QObject
{
    Q_OBJECT

public:
    Server(Scuttlebutt *replica, const StreamOptions &options, QObject *parent = nullptr);
    ~Server() override;

    // Peers must then speak TLS and present a certificate pinned in trust;
    // others are refused. Call before listen().
    void enableTls(const TlsIdentity &identity, std::shared_ptr<const TrustList> trust);
    bool isTlsEnabled() const { return bool(m_trust); }

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString errorString() const;

    // Peers beyond this many make room or are refused, as above (default 256).
    void setMaxPeers(int maxPeers) { m_maxPeers = maxPeers; }
    int maxPeers() const { return m_maxPeers; }
    // The same, for the peers from one address (default 32).
    void setMaxPeersPerAddress(int maxPeers) { m_maxPeersPerAddress = maxPeers; }
    int maxPeersPerAddress() const { return m_maxPeersPerAddress; }
    QList<Stream *> streams() const { return m_streams; }

signals:
    // A new peer's stream, created but not yet started: connect to it here.
    void streamCreated(sb::Stream *stream);
    // A stream ended (cleanly or with an error); it is deleted later.
    void streamEnded(sb::Stream *stream);
    void peerRefused(const QString &message);

private:
    void acceptPeers();
    void createServer();
    // Finds a slot for a new peer, closing an unfinished one if need be.
    bool makeRoom(QTcpSocket *socket);
    // Closes the longest-idle peer still in its handshake (of address, when
    // given); false when there is none.
    bool closeLongestIdle(const QHostAddress *address, const QString &newcomer,
                          const QString &limit);
    bool admitTls(QTcpSocket *socket);
    void startStream(QTcpSocket *socket);

    Scuttlebutt *m_replica;
    StreamOptions m_options;
    QTcpServer *m_server = nullptr;
    TlsServer *m_tls = nullptr; // m_server, when TLS is on
    std::shared_ptr<const TrustList> m_trust;
    QList<Stream *> m_streams;
    int m_maxPeers = 256;
    int m_maxPeersPerAddress = 32;
};

} // namespace sb
