// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>

class QTcpServer;
class QTcpSocket;
class QTimer;

// A TCP proxy for fault tests: listens on 127.0.0.1 (port 0) and forwards each
// connection it accepts to a target, so that a test can break the network
// between two peers on purpose. It can cut its connections (both ends see a
// reset) and refuse new ones, stall them (stop forwarding: the bytes wait in
// the proxy, then in the kernel, so senders feel back-pressure as in a real
// partition) and throttle them to a number of bytes per second.
class TcpProxy : public QObject
{
    Q_OBJECT

public:
    explicit TcpProxy(QObject *parent = nullptr);
    ~TcpProxy() override;

    bool listen();
    quint16 port() const { return m_port; }
    // Where new connections go; a restarted peer listens on another port.
    void setTarget(const QHostAddress &address, quint16 port);

    // Resets every connection now.
    void cut();
    // While refusing, the port is closed: new connections are refused.
    void setRefusing(bool refusing);
    bool isRefusing() const { return m_refusing; }
    // Stops forwarding in both directions, until resume().
    void stall();
    void resume();
    bool isStalled() const { return m_stalled; }
    // Forwards at most bytesPerSecond in each direction of each connection;
    // 0 forwards as fast as the sockets go.
    void setThrottle(qint64 bytesPerSecond);

    int connectionCount() const { return int(m_connections.size()); }
    qint64 bytesForwarded() const { return m_bytesForwarded; }
    int connectionsAccepted() const { return m_accepted; }

signals:
    void connectionAccepted();
    void connectionClosed();

private:
    struct Connection;

    void accept();
    void forward(Connection *connection);
    bool forwardOneWay(QTcpSocket *from, QTcpSocket *to, qint64 *budget);
    void onTick();
    void close(Connection *connection, bool reset);

    QTcpServer *m_server;
    QTimer *m_ticker;
    QHostAddress m_targetAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 m_targetPort = 0;
    quint16 m_port = 0;
    QList<Connection *> m_connections;
    bool m_refusing = false;
    bool m_stalled = false;
    qint64 m_bytesPerSecond = 0;
    qint64 m_bytesForwarded = 0;
    int m_accepted = 0;
};
