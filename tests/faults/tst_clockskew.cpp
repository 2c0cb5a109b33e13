// SPDX-License-Identifier: MIT
#include "peerprocess.h"
#include "waituntil.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

// Faults of time rather than of the network. A peer whose clock runs ahead
// (within the maximum clock skew): its update of a key reaches `sbpeer serve`,
// and a user of that sbpeer then sets the same key, having seen the peer's
// value; that later write must stand. A peer that forges our own clock far in
// the future: its update is rejected and reported, and we can still write.
class TestClockSkew : public QObject
{
    Q_OBJECT

private slots:
    void keepsALocalWriteMadeAfterSeeingAPeerWhoseClockRunsAhead_data();
    void keepsALocalWriteMadeAfterSeeingAPeerWhoseClockRunsAhead();
    void keepsWritingAfterAPeerForgesOurClock_data();
    void keepsWritingAfterAPeerForgesOurClock();
};

namespace {
constexpr int kTimeoutMs = 15000;

QJsonObject replicaOf(PeerProcess &peer)
{
    const int before = peer.dumpCount();
    peer.requestDump();
    waitUntil([&] { return peer.dumpCount() > before; }, kTimeoutMs);
    return QJsonDocument::fromJson(peer.lastDump()).object();
}
} // namespace

void TestClockSkew::keepsALocalWriteMadeAfterSeeingAPeerWhoseClockRunsAhead_data()
{
    QTest::addColumn<qint64>("aheadMs");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("a minute ahead") << qint64(60000) << QStringList();
    QTest::newRow("a second ahead") << qint64(1000) << QStringList();
    QTest::newRow("an hour ahead, --max-clock-skew 7200")
            << qint64(3600000)
            << QStringList{QStringLiteral("--max-clock-skew"), QStringLiteral("7200")};
}

void TestClockSkew::keepsALocalWriteMadeAfterSeeingAPeerWhoseClockRunsAhead()
{
    QFETCH(qint64, aheadMs);
    QFETCH(QStringList, options);
    PeerProcess server(QStringLiteral("server"), QStringLiteral(SBPEER_PATH),
                       QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--stdin")}
                               + options);
    server.start();
    QVERIFY2(waitUntil([&] { return server.listenPort() != 0 || !server.isRunning(); }, kTimeoutMs)
                     && server.listenPort() != 0,
             qPrintable(server.errorText()));

    server.command("set control=1"); // a write that stands, as it should
    QVERIFY(waitUntil([&] { return replicaOf(server).value(u"control").toInt() == 1; },
                      kTimeoutMs));

    // The peer ahead of time, speaking the wire protocol itself.
    QTcpSocket ahead;
    ahead.connectToHost(QHostAddress(QHostAddress::LocalHost), server.listenPort());
    QVERIFY(waitUntil([&] { return ahead.state() == QAbstractSocket::ConnectedState; },
                      kTimeoutMs));
    const qint64 timestamp = QDateTime::currentMSecsSinceEpoch() + aheadMs;
    ahead.write("{\"id\":\"AHEAD\",\"clock\":{}}\n[[\"k\",\"theirs\"],"
                + QByteArray::number(timestamp) + ",\"AHEAD\"]\n\"SYNC\"\n");
    QVERIFY(waitUntil([&] { return replicaOf(server).value(u"k").toString() == u"theirs"; },
                      kTimeoutMs));

    // Seen "theirs", the user writes "mine".
    server.command("set k=\"mine\"");
    QVERIFY(waitUntil(
            [&] {
                return replicaOf(server).value(u"k").toString() != u"theirs"
                        || server.errorText().contains(u"cannot set");
            },
            2000));
    const QJsonValue held = replicaOf(server).value(u"k");
    qInfo("k holds %s; %s", qPrintable(held.toString()),
          qPrintable(server.errorText().section(u'\n', -1)));
    // Our update is stamped after the newest one taken in, not only after our
    // own clock, so it is newer than the one the user saw.
    QCOMPARE(held.toString(), QStringLiteral("mine"));
    QVERIFY2(!server.errorText().contains(u"cannot set"), qPrintable(server.errorText()));
}

void TestClockSkew::keepsWritingAfterAPeerForgesOurClock_data()
{
    QTest::addColumn<bool>("signing");
    QTest::newRow("unsigned") << false;
    QTest::newRow("signing (the forgery is rejected)") << true;
}

// A peer sends an update in our own name with the largest timestamp there is:
// whether it is taken in or rejected as unverified, we must still be able to
// write, now and after a restart from our file.
void TestClockSkew::keepsWritingAfterAPeerForgesOurClock()
{
    QFETCH(bool, signing);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList identity{QStringLiteral("--id"), QStringLiteral("ME")};
    QString id = QStringLiteral("ME");
    if (signing) {
        QProcess keygen;
        keygen.start(QStringLiteral(SBPEER_PATH),
                     {QStringLiteral("keygen"), QStringLiteral("me"), QStringLiteral("--key-dir"),
                      dir.filePath(QStringLiteral("keys"))});
        QVERIFY(keygen.waitForFinished(kTimeoutMs) && keygen.exitCode() == 0);
        const QString out = QString::fromUtf8(keygen.readAllStandardOutput());
        id = out.section(QStringLiteral("\nid "), 1).section(u'\n', 0, 0);
        QVERIFY2(!id.isEmpty(), qPrintable(out));
        identity = {QStringLiteral("--key"), QStringLiteral("me"), QStringLiteral("--key-dir"),
                    dir.filePath(QStringLiteral("keys"))};
    }
    const QStringList arguments = QStringList{QStringLiteral("serve"),
                                              QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:0"),
                                              QStringLiteral("--file"),
                                              dir.filePath(QStringLiteral("me.sb")),
                                              QStringLiteral("--stdin")}
            + identity;
    PeerProcess server(QStringLiteral("server"), QStringLiteral(SBPEER_PATH), arguments);
    server.start();
    QVERIFY2(waitUntil([&] { return server.listenPort() != 0 || !server.isRunning(); }, kTimeoutMs)
                     && server.listenPort() != 0,
             qPrintable(server.errorText()));

    const auto written = [&](const QString &key) {
        const qsizetype refusals = server.errorText().count(QStringLiteral("cannot set"));
        server.set(key, "1");
        waitUntil(
                [&] {
                    return server.acknowledged().contains(key)
                            || server.errorText().count(QStringLiteral("cannot set")) > refusals;
                },
                kTimeoutMs);
        return server.acknowledged().contains(key);
    };
    QVERIFY(written(QStringLiteral("before"))); // as it should, before the forgery

    QTcpSocket forger;
    forger.connectToHost(QHostAddress(QHostAddress::LocalHost), server.listenPort());
    QVERIFY(waitUntil([&] { return forger.state() == QAbstractSocket::ConnectedState; },
                      kTimeoutMs));
    forger.write("{\"id\":\"FORGER\",\"clock\":{}}\n[[\"x\",1],1.7976931348623157e+308,\""
                 + id.toUtf8() + "\",\"forged\"]\n\"SYNC\"\n");
    QVERIFY(waitUntil([&] { return server.syncedCount() > 0; }, kTimeoutMs));

    // Rejected before it moves any clock, and reported naming the peer.
    QVERIFY2(waitUntil([&] { return server.errorText().contains(u"maximum clock skew"); },
                       kTimeoutMs),
             qPrintable(server.errorText()));
    QVERIFY2(server.errorText().contains(QStringLiteral("rejected update \"x\" from %1").arg(id))
                     && server.errorText().contains(u"peer 127.0.0.1:"),
             qPrintable(server.errorText()));
    QVERIFY(written(QStringLiteral("a")));
    server.quit();
    QVERIFY(waitUntil([&] { return !server.isRunning(); }, kTimeoutMs));
    server.start();
    QVERIFY(waitUntil([&] { return server.listenPort() != 0 || !server.isRunning(); }, kTimeoutMs));
    QVERIFY(written(QStringLiteral("b")));
    QVERIFY(server.errorText().contains(
            u"1 update stamped beyond the maximum clock skew rejected"));
}

QTEST_GUILESS_MAIN(TestClockSkew)
#include "tst_clockskew.moc"
