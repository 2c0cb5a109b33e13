// SPDX-License-Identifier: MIT
#include "tcpproxy.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <limits>

#include <sys/socket.h>

namespace {
// Bytes the proxy holds per socket and direction: small, so that a stalled or
// throttled link pushes back on the sender soon, as a real one does.
constexpr qint64 kBufferBytes = 16 * 1024;
constexpr int kTickMs = 20;

// Closes socket with a reset (RST) rather than an orderly end (FIN).
void reset(QTcpSocket *socket)
{
    if (socket->socketDescriptor() >= 0) {
        const linger hard{1, 0};
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }
    socket->abort();
}
} // namespace

struct TcpProxy::Connection
{
    QTcpSocket *client = nullptr; // accepted from the peer that dialled
    QTcpSocket *server = nullptr; // to the target
    qint64 upBudget = 0;          // bytes client -> server allowed until the next tick
    qint64 downBudget = 0;
};

TcpProxy::TcpProxy(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_ticker(new QTimer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &TcpProxy::accept);
    m_ticker->setInterval(kTickMs);
    connect(m_ticker, &QTimer::timeout, this, &TcpProxy::onTick);
}

TcpProxy::~TcpProxy()
{
    for (Connection *connection : std::as_const(m_connections)) {
        connection->client->disconnect(this);
        connection->server->disconnect(this);
        reset(connection->client);
        reset(connection->server);
        delete connection;
    }
}

bool TcpProxy::listen()
{
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), 0))
        return false;
    m_port = m_server->serverPort();
    return true;
}

void TcpProxy::setTarget(const QHostAddress &address, quint16 port)
{
    m_targetAddress = address;
    m_targetPort = port;
}

void TcpProxy::cut()
{
    const QList<Connection *> connections = m_connections;
    for (Connection *connection : connections)
        close(connection, true);
}

void TcpProxy::setRefusing(bool refusing)
{
    if (refusing == m_refusing)
        return;
    m_refusing = refusing;
    // Refused as a closed port refuses: the dialler's connect fails at once.
    // (A reset right after accepting would be worse than unkind: Qt 6.4's
    // QTcpSocket, reset before it saw its connection complete, dials again
    // and again, for ever.)
    if (refusing) {
        m_port = m_server->serverPort();
        m_server->close();
    } else {
        m_server->listen(QHostAddress(QHostAddress::LocalHost), m_port);
    }
}

void TcpProxy::stall()
{
    m_stalled = true;
}

void TcpProxy::resume()
{
    m_stalled = false;
    const QList<Connection *> connections = m_connections;
    for (Connection *connection : connections)
        forward(connection);
}

void TcpProxy::setThrottle(qint64 bytesPerSecond)
{
    m_bytesPerSecond = bytesPerSecond;
    if (bytesPerSecond > 0) {
        m_ticker->start();
    } else {
        m_ticker->stop();
        resume();
    }
}

void TcpProxy::accept()
{
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        ++m_accepted;
        auto *connection = new Connection;
        connection->client = client;
        connection->server = new QTcpSocket(this);
        for (QTcpSocket *socket : {connection->client, connection->server}) {
            socket->setReadBufferSize(kBufferBytes);
            connect(socket, &QTcpSocket::readyRead, this,
                    [this, connection] { forward(connection); });
            connect(socket, &QTcpSocket::bytesWritten, this,
                    [this, connection] { forward(connection); });
            connect(socket, &QTcpSocket::disconnected, this,
                    [this, connection] { forward(connection); });
        }
        connect(connection->server, &QTcpSocket::connected, this,
                [this, connection] { forward(connection); });
        connect(connection->server, &QTcpSocket::errorOccurred, this,
                [this, connection](QAbstractSocket::SocketError error) {
                    // The target is gone or refuses: the proxy hangs up
                    // (an orderly close, see setRefusing()).
                    if (error == QAbstractSocket::ConnectionRefusedError
                        || error == QAbstractSocket::HostNotFoundError)
                        close(connection, false);
                });
        m_connections.append(connection);
        connection->server->connectToHost(m_targetAddress, m_targetPort);
        emit connectionAccepted();
    }
}

void TcpProxy::forward(Connection *connection)
{
    if (m_stalled || !m_connections.contains(connection)
        || connection->server->state() == QAbstractSocket::ConnectingState
        || connection->server->state() == QAbstractSocket::HostLookupState)
        return;
    const bool throttled = m_bytesPerSecond > 0;
    qint64 unlimited = std::numeric_limits<qint64>::max();
    forwardOneWay(connection->client, connection->server,
                  throttled ? &connection->upBudget : &unlimited);
    forwardOneWay(connection->server, connection->client,
                  throttled ? &connection->downBudget : &unlimited);
    // An end that hung up, once all it sent is passed on: hang up the other.
    for (QTcpSocket *socket : {connection->client, connection->server}) {
        if (socket->state() == QAbstractSocket::UnconnectedState && socket->bytesAvailable() == 0)
            return close(connection, false);
    }
}

bool TcpProxy::forwardOneWay(QTcpSocket *from, QTcpSocket *to, qint64 *budget)
{
    bool moved = false;
    while (to->state() == QAbstractSocket::ConnectedState) {
        const qint64 count
                = qMin(qMin(from->bytesAvailable(), kBufferBytes - to->bytesToWrite()), *budget);
        if (count <= 0)
            break;
        const QByteArray bytes = from->read(count);
        if (bytes.isEmpty())
            break;
        to->write(bytes);
        *budget -= bytes.size();
        m_bytesForwarded += bytes.size();
        moved = true;
    }
    return moved;
}

void TcpProxy::onTick()
{
    const qint64 perTick = qMax<qint64>(1, m_bytesPerSecond * kTickMs / 1000);
    const QList<Connection *> connections = m_connections;
    for (Connection *connection : connections) {
        connection->upBudget = perTick;
        connection->downBudget = perTick;
        forward(connection);
    }
}

void TcpProxy::close(Connection *connection, bool hard)
{
    if (!m_connections.removeOne(connection))
        return;
    for (QTcpSocket *socket : {connection->client, connection->server}) {
        socket->disconnect(this);
        if (!hard && socket->state() != QAbstractSocket::UnconnectedState) {
            // Gone once what it still has to write is written.
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        if (hard)
            reset(socket);
        socket->deleteLater();
    }
    delete connection;
    emit connectionClosed();
}
