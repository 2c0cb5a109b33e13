// SPDX-License-Identifier: MIT
#include "sbpeerprocess.h"

#include <QProcess>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QtTest>

#include <sys/resource.h>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace SbpeerProcess;

// sbpeer serve against connections that hold slots without replicating: its
// deadlines and its fair slots, with their options and messages.
class tst_SbpeerSlots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void anHonestSyncSucceedsWhileHalfLineConnectionsAreHeld_data();
    void anHonestSyncSucceedsWhileHalfLineConnectionsAreHeld();
    void aMissedHandshakeDeadlineIsReportedNamingThePeer();
    void deadlineOptionsMustBeSeconds_data();
    void deadlineOptionsMustBeSeconds();
};

void tst_SbpeerSlots::initTestCase()
{
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_cur < 4096 && limit.rlim_max > limit.rlim_cur) {
        limit.rlim_cur = qMin<rlim_t>(limit.rlim_max, 4096);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    }
}

void tst_SbpeerSlots::anHonestSyncSucceedsWhileHalfLineConnectionsAreHeld_data()
{
    QTest::addColumn<int>("hostile");
    QTest::newRow("300, more than the 256 slots") << 300;
    QTest::newRow("1000") << 1000;
}

// The slowloris of issue 14, as a user meets it: each connection sends a
// digest and the start of an update line that never ends.
void tst_SbpeerSlots::anHonestSyncSucceedsWhileHalfLineConnectionsAreHeld()
{
    QFETCH(int, hostile);
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(hostile + 256))
        QSKIP("too few file descriptors allowed");
    QProcess server;
    const QString address = startServing(
            server, {u"--listen"_s, u"127.0.0.1:0"_s, u"--set"_s, u"held=\"by the server\""_s});
    const auto stop = qScopeGuard([&] {
        server.kill();
        server.waitForFinished();
    });
    QVERIFY(!address.isEmpty());
    const QStringList hostPort = address.split(u':');

    std::vector<std::unique_ptr<QTcpSocket>> held;
    // The server has seen a connection once it has sent it its digest or closed it.
    const auto seen = [&] {
        return std::count_if(held.cbegin(), held.cend(), [](const auto &socket) {
            return socket->state() == QAbstractSocket::UnconnectedState
                    || socket->bytesAvailable() > 0;
        });
    };
    for (int i = 0; i < hostile; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = socket.get();
        connect(raw, &QTcpSocket::connected, raw,
                [raw] { raw->write("{\"id\":\"H\",\"clock\":{}}\n[[\"half"); });
        socket->connectToHost(hostPort.at(0), hostPort.at(1).toUShort());
        held.push_back(std::move(socket));
        // In batches the listen queue holds, so that no SYN waits to be sent again.
        if ((i + 1) % 100 == 0 || i + 1 == hostile)
            QTRY_COMPARE_WITH_TIMEOUT(seen(), qsizetype(i + 1), 30000);
    }

    const Finished sync = run({u"sync"_s, address, u"--set"_s, u"from=\"honest\""_s});
    QCOMPARE(sync.exitCode, 0);
    QCOMPARE(sync.out, QByteArray("{\"from\":\"honest\",\"held\":\"by the server\"}\n"));
    QVERIFY2(sync.elapsedMs < 2000, qPrintable(u"synced after %1 ms"_s.arg(sync.elapsedMs)));

    server.kill();
    server.waitForFinished();
    const QByteArray err = server.readAllStandardError(); // all of it, now that it ended
    QVERIFY2(err.contains(": closed to make room for peer 127.0.0.1:"), err.left(2000).constData());
    QVERIFY(err.contains("at most 32 peers from 127.0.0.1 are served"));
}

void tst_SbpeerSlots::aMissedHandshakeDeadlineIsReportedNamingThePeer()
{
    QProcess server;
    const QString address = startServing(
            server, {u"--listen"_s, u"127.0.0.1:0"_s, u"--handshake-timeout"_s, u"0.3"_s});
    const auto stop = qScopeGuard([&] {
        server.kill();
        server.waitForFinished();
    });
    QVERIFY(!address.isEmpty());
    QTcpSocket silent;
    quint16 port = 0;
    connect(&silent, &QTcpSocket::connected, this, [&] { port = silent.localPort(); });
    silent.connectToHost(QHostAddress::LocalHost, address.section(u':', 1).toUShort());
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(port != 0);
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += server.readAllStandardError()).contains('\n'), 5000);
    QCOMPARE(err,
             u"sbpeer: peer 127.0.0.1:%1: sent no digest within the handshake deadline (0.3 s); "
             "closed\n"_s.arg(port)
                     .toUtf8());
}

void tst_SbpeerSlots::deadlineOptionsMustBeSeconds_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::newRow("handshake, not a number") << u"--handshake-timeout"_s << u"soon"_s;
    QTest::newRow("line, negative") << u"--line-timeout"_s << u"-1"_s;
    QTest::newRow("idle, over a day") << u"--idle-timeout"_s << u"90000"_s;
}

void tst_SbpeerSlots::deadlineOptionsMustBeSeconds()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const Finished result = run({u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, option, value});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(
                     (option + u" must be a number of seconds, at most 86400 (0: no deadline)"_s)
                             .toUtf8()),
             result.err.constData());
    const Finished perAddress = run(
            {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--max-peers-per-address"_s, u"0"_s});
    QCOMPARE(perAddress.exitCode, 2);
    QVERIFY(perAddress.err.contains("--max-peers-per-address must be a positive number"));
}

QTEST_GUILESS_MAIN(tst_SbpeerSlots)
#include "tst_sbpeerslots.moc"
