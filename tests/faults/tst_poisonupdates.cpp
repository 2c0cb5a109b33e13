// SPDX-License-Identifier: MIT
#include "peerprocess.h"
#include "waituntil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

// Updates that one peer takes in and the next refuses: the next peer's link
// would fail on that line, and since the update stays in the history that
// every reconnection sends first, fail again each time, a partition for good.
// So what `sbpeer serve` takes in, from a user or a peer of either dialect,
// must be what it can pass on: a value nested as deep as it takes reaches a
// `sbpeer connect` linked to it, and a deeper one is refused where it enters,
// with an error, while the link to the client stays up.
class TestPoisonUpdates : public QObject
{
    Q_OBJECT

private slots:
    void passesOnEveryValueItTakes_data();
    void passesOnEveryValueItTakes();
};

namespace {
constexpr int kTimeoutMs = 15000;
constexpr int kDeepestValue = 62; // [[key, value], ts, source] adds two: 64, every peer's limit

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

bool started(PeerProcess &peer)
{
    return waitUntil(
                   [&] {
                       return peer.listenPort() != 0 || peer.syncedCount() > 0 || !peer.isRunning();
                   },
                   kTimeoutMs)
            && peer.isRunning();
}

QJsonObject replicaOf(PeerProcess &peer)
{
    const int before = peer.dumpCount();
    peer.requestDump();
    waitUntil([&] { return peer.dumpCount() > before || !peer.isRunning(); }, kTimeoutMs);
    return QJsonDocument::fromJson(peer.lastDump()).object();
}
} // namespace

void TestPoisonUpdates::passesOnEveryValueItTakes_data()
{
    QTest::addColumn<bool>("from4x");
    QTest::addColumn<QString>("refusal"); // what the server says of the value too deep
    QTest::newRow("set on stdin") << false << QStringLiteral("nesting deeper than 62");
    // A 4.x line nests its value one level less than the 5.x line it is
    // relayed in: a 4.x line of 64 levels is refused, though within the limit.
    QTest::newRow("relayed from a 4.x peer")
            << true
            << QStringLiteral("nests 63 levels deep, more than the 62 that fit a 5.x update");
}

void TestPoisonUpdates::passesOnEveryValueItTakes()
{
    QFETCH(bool, from4x);
    QFETCH(QString, refusal);
    PeerProcess server(QStringLiteral("server"), QStringLiteral(SBPEER_PATH),
                       {QStringLiteral("serve"), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--dialect"),
                        QStringLiteral("auto"), QStringLiteral("--stdin")});
    server.start();
    QVERIFY2(started(server), qPrintable(server.errorText()));
    PeerProcess client(QStringLiteral("client"), QStringLiteral(SBPEER_PATH),
                       {QStringLiteral("connect"),
                        QStringLiteral("127.0.0.1:%1").arg(server.listenPort()),
                        QStringLiteral("--stdin")});
    client.start();
    QVERIFY2(started(client), qPrintable(client.errorText()));

    QTcpSocket old; // a 4.x peer, speaking the wire protocol itself
    if (from4x) {
        old.connectToHost(QHostAddress(QHostAddress::LocalHost), server.listenPort());
        QVERIFY(waitUntil([&] { return old.state() == QAbstractSocket::ConnectedState; },
                          kTimeoutMs));
        old.write("{\"id\":\"OLD\",\"clock\":{}}\n");
    }
    const auto send = [&](const QString &key, int valueDepth) {
        if (from4x)
            old.write("[\"" + key.toUtf8() + "\"," + nested(valueDepth) + ','
                      + QByteArray::number(qint64(1700000000000) + valueDepth) + ",\"OLD\"]\n");
        else
            server.command("set " + key.toUtf8() + '=' + nested(valueDepth));
    };
    const auto received = [&](const QString &key) {
        waitUntil([&] { return replicaOf(client).contains(key) || !client.isRunning(); },
                  kTimeoutMs);
        return client.isRunning() && replicaOf(client).contains(key);
    };

    // The deepest value taken in is passed on.
    send(QStringLiteral("deepest"), kDeepestValue);
    QVERIFY2(received(QStringLiteral("deepest")), qPrintable(client.errorText()));
    QVERIFY(replicaOf(server).contains(u"deepest"));

    // One level deeper is refused where it comes in, saying why.
    send(QStringLiteral("deeper"), kDeepestValue + 1);
    QVERIFY2(waitUntil([&] { return server.errorText().contains(refusal); }, kTimeoutMs),
             qPrintable(server.errorText()));
    if (from4x)
        QVERIFY2(server.errorText().contains(u"peer 127.0.0.1:"), qPrintable(server.errorText()));
    QVERIFY(!replicaOf(server).contains(u"deeper"));

    // The client's link stayed up: what comes next reaches it.
    server.command("set after=1");
    QVERIFY2(received(QStringLiteral("after")), qPrintable(client.errorText()));
    QVERIFY2(!client.errorText().contains(u"nesting deeper"), qPrintable(client.errorText()));
    QVERIFY(!replicaOf(client).contains(u"deeper"));
}

QTEST_GUILESS_MAIN(TestPoisonUpdates)
#include "tst_poisonupdates.moc"
