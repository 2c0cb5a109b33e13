// SPDX-License-Identifier: MIT
#include "model.h"
#include "socketpair.h"
#include "stream.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace sb;
using namespace Qt::StringLiterals;
using TestSockets::ln;

namespace {
constexpr int kTimeout = 10000;
const QByteArray kDigest = R"({"id":"R","clock":{}})";

// Only the deadline a test is about is on.
StreamOptions deadlines(int handshakeMs, int lineMs, int idleMs)
{
    StreamOptions options;
    options.handshakeTimeoutMs = handshakeMs;
    options.lineTimeoutMs = lineMs;
    options.idleTimeoutMs = idleMs;
    return options;
}

QByteArray updateLine(int i)
{
    return ln(QByteArrayLiteral("[[\"k") + QByteArray::number(i) + "\"," + QByteArray::number(i)
              + "]," + QByteArray::number(1700000000000 + i) + ",\"R\"]");
}
} // namespace

// The deadlines of StreamOptions: a peer that holds its connection without
// replicating is closed, naming the peer and the deadline; a live peer that is
// quiet once it has sent "SYNC" is never closed.
class tst_StreamDeadlines : public QObject
{
    Q_OBJECT

private slots:
    void closesAPeerThatSendsNoDigestWithinTheHandshakeDeadline();
    void keepsAPeerWhoseDigestArrivesInTime();
    void closesAPeerThatLeavesALineUnfinished_data();
    void closesAPeerThatLeavesALineUnfinished();
    void closesAPeerSilentBeforeItsSync();
    void keepsAPeerThatSendsSteadilyBeforeItsSync();
    void keepsAPeerThatIsQuietAfterItsSyncAndSendsItNothing();
};

void tst_StreamDeadlines::closesAPeerThatSendsNoDigestWithinTheHandshakeDeadline()
{
    const auto [remote, local] = TestSockets::connectedPair(this);
    QVERIFY(remote && local);
    const quint16 port = remote->localPort(); // before the close resets it
    Model replica(u"L"_s);
    Stream stream(&replica, local, deadlines(300, 0, 0));
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    QElapsedTimer clock;
    clock.start();
    stream.start();

    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(errors.at(0).at(0).toString(),
             u"peer 127.0.0.1:%1: sent no digest within the handshake deadline (0.3 s); closed"_s
                     .arg(port));
    QCOMPARE(stream.state(), Stream::State::Failed);
    QTRY_COMPARE_WITH_TIMEOUT(remote->state(), QAbstractSocket::UnconnectedState, kTimeout);
}

void tst_StreamDeadlines::keepsAPeerWhoseDigestArrivesInTime()
{
    const auto [remote, local] = TestSockets::connectedPair(this);
    QVERIFY(remote && local);
    Model replica(u"L"_s);
    Stream stream(&replica, local, deadlines(600, 0, 0));
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    QTest::qWait(100);
    remote->write(ln(kDigest));
    QTRY_VERIFY_WITH_TIMEOUT(stream.remoteDigest().has_value(), kTimeout);
    QTest::qWait(1000); // past the deadline
    QCOMPARE(errors.count(), 0);
    QVERIFY(stream.isOpen());
}

void tst_StreamDeadlines::closesAPeerThatLeavesALineUnfinished_data()
{
    QTest::addColumn<bool>("trickle");
    QTest::newRow("stalled") << false;
    // Bytes that keep coming do not extend a line's deadline.
    QTest::newRow("trickled a byte at a time") << true;
}

void tst_StreamDeadlines::closesAPeerThatLeavesALineUnfinished()
{
    QFETCH(bool, trickle);
    const auto [remote, local] = TestSockets::connectedPair(this);
    QVERIFY(remote && local);
    const quint16 port = remote->localPort(); // before the close resets it
    Model replica(u"L"_s);
    Stream stream(&replica, local, deadlines(0, 400, 0));
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    remote->write(ln(kDigest) + "[[\"half");
    QTimer trickler;
    connect(&trickler, &QTimer::timeout, remote, [remote] { remote->write("x"); });
    if (trickle)
        trickler.start(50);

    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    QCOMPARE(errors.at(0).at(0).toString(),
             u"peer 127.0.0.1:%1: line 2 was begun and not ended within the line deadline (0.4 s); "
             "closed"_s.arg(port));
    QVERIFY(stream.remoteDigest().has_value());
}

void tst_StreamDeadlines::closesAPeerSilentBeforeItsSync()
{
    const auto [remote, local] = TestSockets::connectedPair(this);
    QVERIFY(remote && local);
    const quint16 port = remote->localPort(); // before the close resets it
    Model replica(u"L"_s);
    Stream stream(&replica, local, deadlines(0, 0, 400));
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    remote->write(ln(kDigest) + updateLine(1)); // then nothing: its "SYNC" never comes

    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kTimeout);
    QCOMPARE(errors.at(0).at(0).toString(),
             u"peer 127.0.0.1:%1: sent nothing within the idle deadline (0.4 s) before its "
             u"\"SYNC\", "
             "while it still owed us its history; closed"_s.arg(port));
    QCOMPARE(replica.get(u"k1"_s), JsonValue(1)); // what it sent is kept
}

void tst_StreamDeadlines::keepsAPeerThatSendsSteadilyBeforeItsSync()
{
    const auto [remote, local] = TestSockets::connectedPair(this);
    QVERIFY(remote && local);
    Model replica(u"L"_s);
    Stream stream(&replica, local, deadlines(400, 400, 400));
    QSignalSpy errors(&stream, &Stream::errorOccurred);
    stream.start();
    remote->write(ln(kDigest));
    // Slow history: a line each 100 ms for 1.5 s, longer than every deadline.
    for (int i = 0; i < 15; ++i) {
        QTest::qWait(100);
        remote->write(updateLine(i));
    }
    remote->write(ln("\"SYNC\""));
    QTRY_VERIFY_WITH_TIMEOUT(stream.hasReceivedSync(), kTimeout);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(replica.get(u"k14"_s), JsonValue(14));
}

void tst_StreamDeadlines::keepsAPeerThatIsQuietAfterItsSyncAndSendsItNothing()
{
    const auto [a, b] = TestSockets::connectedPair(this);
    QVERIFY(a && b);
    Model left(u"A"_s), right(u"B"_s);
    left.set(u"x"_s, JsonValue(1));
    const StreamOptions options = deadlines(200, 200, 200);
    Stream toRight(&left, a, options), toLeft(&right, b, options);
    QSignalSpy errors(&toRight, &Stream::errorOccurred),
            otherErrors(&toLeft, &Stream::errorOccurred);
    toRight.start();
    toLeft.start();
    QTRY_VERIFY_WITH_TIMEOUT(toRight.isSynced() && toLeft.isSynced(), kTimeout);
    const qint64 bytesOut = toRight.stats().bytesOut + toLeft.stats().bytesOut;

    QTest::qWait(1500); // quiet, seven times every deadline
    QCOMPARE(errors.count() + otherErrors.count(), 0);
    QCOMPARE(toRight.state(), Stream::State::Synced);
    QCOMPARE(toLeft.state(), Stream::State::Synced);
    // Nothing was sent to probe the quiet peer: a node peer would take it as input.
    QCOMPARE(toRight.stats().bytesOut + toLeft.stats().bytesOut, bytesOut);

    // And it is live: a change still reaches it.
    left.set(u"y"_s, JsonValue(2));
    QTRY_COMPARE_WITH_TIMEOUT(right.get(u"y"_s), JsonValue(2), kTimeout);
}

QTEST_GUILESS_MAIN(tst_StreamDeadlines)
#include "tst_streamdeadlines.moc"
