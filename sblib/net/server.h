// SPDX-License-Identifier: MIT
#pragma once

#include "streamoptions.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace sb {

class Scuttlebutt;
class Stream;

// Accepts TCP peers and gives each its own Stream of one replica. One peer's
// bad input closes that peer's stream only.
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

    // Peers beyond this many are refused with a message (default 256).
    void setMaxPeers(int maxPeers) { m_maxPeers = maxPeers; }
    int maxPeers() const { return m_maxPeers; }
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
    bool admit(QTcpSocket *socket);
    void startStream(QTcpSocket *socket);

    Scuttlebutt *m_replica;
    StreamOptions m_options;
    QTcpServer *m_server = nullptr;
    std::shared_ptr<const TrustList> m_trust;
    QList<Stream *> m_streams;
    int m_maxPeers = 256;
};

} // namespace sb
