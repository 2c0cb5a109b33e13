#include "server.h"

#include "stream.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace sb {

Server::Server(Scuttlebutt *replica, const StreamOptions &options, QObject *parent)
    : QObject(parent), m_replica(replica), m_options(options), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &Server::acceptPeers);
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
        if (m_streams.size() >= m_maxPeers) {
            emit peerRefused(QStringLiteral("peer %1:%2 refused: already serving %3 peers")
                                     .arg(socket->peerAddress().toString())
                                     .arg(socket->peerPort())
                                     .arg(m_maxPeers));
            socket->abort();
            socket->deleteLater();
            continue;
        }
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
}

} // namespace sb
