// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

// Fixtures for tests that drive streams over real loopback sockets.
namespace TestSockets {

// One wire line: text and its newline.
inline QByteArray ln(const QByteArray &text)
{
    return text + '\n';
}

// Two connected loopback sockets, owned by owner; both null when they could
// not be connected within timeoutMs.
struct SocketPair
{
    QTcpSocket *left = nullptr;
    QTcpSocket *right = nullptr;
};

inline SocketPair connectedPair(QObject *owner, int timeoutMs = 10000)
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {};
    auto *client = new QTcpSocket(owner);
    client->connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (!QTest::qWaitFor(
                [&] {
                    return server.hasPendingConnections()
                            && client->state() == QAbstractSocket::ConnectedState;
                },
                timeoutMs))
        return {};
    QTcpSocket *accepted = server.nextPendingConnection();
    accepted->setParent(owner);
    return {client, accepted};
}

} // namespace TestSockets
