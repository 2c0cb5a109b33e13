// SPDX-License-Identifier: MIT
#include "tcpproxy.h"
#include "waituntil.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {
constexpr int kTimeout = 10000;
} // namespace

// The fault tests' TcpProxy, between a plain client and server: it forwards
// both ways, and its faults do what they say.
class TestTcpProxy : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void forwardsBothWays();
    void cutResetsBothEnds();
    void stallHoldsBytesAndPushesBackUntilResumed();
    void throttleLimitsTheRate();
    void refusesNewConnectionsWhileRefusing();
    void closesTheClientWhenTheTargetIsGone();
    void followsANewTarget();

private:
    // Connects a client through the proxy; the server's end is m_accepted.
    bool connectClient();

    std::unique_ptr<QTcpServer> m_server;
    std::unique_ptr<TcpProxy> m_proxy;
    std::unique_ptr<QTcpSocket> m_client;
    QTcpSocket *m_accepted = nullptr;
};

void TestTcpProxy::init()
{
    m_server = std::make_unique<QTcpServer>();
    QVERIFY(m_server->listen(QHostAddress(QHostAddress::LocalHost), 0));
    m_proxy = std::make_unique<TcpProxy>();
    QVERIFY(m_proxy->listen());
    QVERIFY(m_proxy->port() != 0);
    m_proxy->setTarget(QHostAddress(QHostAddress::LocalHost), m_server->serverPort());
    m_client = std::make_unique<QTcpSocket>();
    m_accepted = nullptr;
}

void TestTcpProxy::cleanup()
{
    m_client.reset();
    m_proxy.reset();
    m_server.reset();
}

bool TestTcpProxy::connectClient()
{
    m_client->connectToHost(QHostAddress(QHostAddress::LocalHost), m_proxy->port());
    if (!waitUntil([this] { return m_server->hasPendingConnections(); }, kTimeout))
        return false;
    m_accepted = m_server->nextPendingConnection();
    return m_client->state() == QAbstractSocket::ConnectedState
            || waitUntil([this] { return m_client->state() == QAbstractSocket::ConnectedState; },
                         kTimeout);
}

void TestTcpProxy::forwardsBothWays()
{
    QVERIFY(connectClient());
    QByteArray large(3 * 1024 * 1024, 'x');
    for (qsizetype i = 0; i < large.size(); i += 4096)
        large[i] = char('a' + (i / 4096) % 26);
    m_client->write(large);
    QByteArray received;
    QVERIFY(waitUntil(
            [&] {
                received += m_accepted->readAll();
                return received.size() >= large.size();
            },
            kTimeout));
    QCOMPARE(received, large);
    m_accepted->write("back\n");
    QByteArray answer;
    QVERIFY(waitUntil([&] { return (answer += m_client->readAll()) == "back\n"; }, kTimeout));
    QCOMPARE(m_proxy->connectionCount(), 1);
    QVERIFY(m_proxy->bytesForwarded() >= large.size() + 5);
}

void TestTcpProxy::cutResetsBothEnds()
{
    QVERIFY(connectClient());
    m_proxy->cut();
    QVERIFY(waitUntil([&] { return m_client->state() == QAbstractSocket::UnconnectedState; },
                      kTimeout));
    QVERIFY(waitUntil([&] { return m_accepted->state() == QAbstractSocket::UnconnectedState; },
                      kTimeout));
    QCOMPARE(m_client->error(), QAbstractSocket::RemoteHostClosedError); // a reset, as Qt names it
    QCOMPARE(m_proxy->connectionCount(), 0);
}

void TestTcpProxy::stallHoldsBytesAndPushesBackUntilResumed()
{
    QVERIFY(connectClient());
    m_proxy->stall();
    // More than the proxy and the kernel's socket buffers hold together.
    const QByteArray bytes(48 * 1024 * 1024, 's');
    m_client->write(bytes);
    runFor(500);
    QCOMPARE(m_accepted->bytesAvailable(), 0);
    QVERIFY2(m_client->bytesToWrite() > 0, "the sender does not feel the stall");
    m_accepted->write("held\n");
    runFor(100);
    QCOMPARE(m_client->bytesAvailable(), 0);

    m_proxy->resume();
    qint64 received = 0;
    QVERIFY(waitUntil(
            [&] {
                received += m_accepted->readAll().size();
                return received == bytes.size();
            },
            kTimeout * 3));
    QByteArray held;
    QVERIFY(waitUntil([&] { return (held += m_client->readAll()) == "held\n"; }, kTimeout));
}

void TestTcpProxy::throttleLimitsTheRate()
{
    QVERIFY(connectClient());
    constexpr qint64 kRate = 20000;
    m_proxy->setThrottle(kRate);
    const QByteArray bytes(int(kRate), 't');
    m_client->write(bytes);
    QElapsedTimer clock;
    clock.start();
    qint64 received = 0;
    QVERIFY(waitUntil(
            [&] {
                received += m_accepted->readAll().size();
                return received == bytes.size();
            },
            kTimeout));
    // A second's worth takes about a second (less one tick), never much less.
    QVERIFY2(clock.elapsed() >= 800, qPrintable(QString::number(clock.elapsed())));
    m_proxy->setThrottle(0);
    m_client->write(bytes);
    clock.restart();
    received = 0;
    QVERIFY(waitUntil(
            [&] {
                received += m_accepted->readAll().size();
                return received == bytes.size();
            },
            kTimeout));
}

void TestTcpProxy::refusesNewConnectionsWhileRefusing()
{
    QVERIFY(connectClient());
    m_proxy->setRefusing(true);
    QTcpSocket refused;
    refused.connectToHost(QHostAddress(QHostAddress::LocalHost), m_proxy->port());
    QVERIFY(waitUntil([&] { return refused.state() == QAbstractSocket::UnconnectedState; },
                      kTimeout));
    QCOMPARE(refused.error(), QAbstractSocket::ConnectionRefusedError);
    QCOMPARE(m_proxy->connectionsAccepted(), 1);
    // What was connected stays connected.
    m_client->write("still\n");
    QByteArray still;
    QVERIFY(waitUntil([&] { return (still += m_accepted->readAll()) == "still\n"; }, kTimeout));

    m_proxy->setRefusing(false);
    m_client = std::make_unique<QTcpSocket>();
    QVERIFY(connectClient());
    QCOMPARE(m_proxy->connectionsAccepted(), 2);
}

void TestTcpProxy::closesTheClientWhenTheTargetIsGone()
{
    const quint16 port = m_server->serverPort();
    m_server->close();
    m_proxy->setTarget(QHostAddress(QHostAddress::LocalHost), port);
    m_client->connectToHost(QHostAddress(QHostAddress::LocalHost), m_proxy->port());
    QVERIFY(waitUntil([&] { return m_client->state() == QAbstractSocket::UnconnectedState; },
                      kTimeout));
    QCOMPARE(m_client->error(), QAbstractSocket::RemoteHostClosedError);
    QCOMPARE(m_proxy->connectionsAccepted(), 1);
    QCOMPARE(m_proxy->connectionCount(), 0);
}

void TestTcpProxy::followsANewTarget()
{
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress(QHostAddress::LocalHost), 0));
    m_proxy->setTarget(QHostAddress(QHostAddress::LocalHost), other.serverPort());
    m_client->connectToHost(QHostAddress(QHostAddress::LocalHost), m_proxy->port());
    QVERIFY(waitUntil([&] { return other.hasPendingConnections(); }, kTimeout));
    QVERIFY(!m_server->hasPendingConnections());
}

QTEST_GUILESS_MAIN(TestTcpProxy)
#include "tst_tcpproxy.moc"
