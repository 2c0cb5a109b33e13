// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "model.h"
#include "socketpair.h"
#include "stream.h"
#include "streamdeadlines_p.h"

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

    // The rule alone (StreamDeadlines), at the times each case names.
    void ruleClosesAPeerOwingItsDigestAtTheHandshakeDeadline();
    void ruleTimesALineFromWhenItWasFirstSeenUnfinished();
    void ruleTimesSilenceOnlyWhileHistoryIsOwed();
    void ruleDoesNotCountAPauseOfOursAgainstThePeer();
    void ruleWithNoDeadlinesNeverCloses();
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
    expectOk(left.set(u"x"_s, JsonValue(1)));
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
    expectOk(left.set(u"y"_s, JsonValue(2)));
    QTRY_COMPARE_WITH_TIMEOUT(right.get(u"y"_s), JsonValue(2), kTimeout);
}

void tst_StreamDeadlines::ruleClosesAPeerOwingItsDigestAtTheHandshakeDeadline()
{
    const StreamDeadlines rule(1000, 0, 0);
    StreamDeadlines::Owed owed;
    owed.digest = true;
    StreamDeadlines::Verdict verdict = rule.check(999, owed, 0);
    QVERIFY(verdict.missed.isEmpty());
    QCOMPARE(verdict.nextDueMs, 1000);
    verdict = rule.check(1000, owed, 0);
    QCOMPARE(verdict.missed, u"sent no digest within the handshake deadline (1 s); closed"_s);
    // Once the digest is in, the handshake deadline is gone.
    verdict = rule.check(5000, {}, 0);
    QVERIFY(verdict.missed.isEmpty());
    QCOMPARE(verdict.nextDueMs, -1);
}

void tst_StreamDeadlines::ruleTimesALineFromWhenItWasFirstSeenUnfinished()
{
    StreamDeadlines rule(0, 500, 0);
    // Bytes 100.. are a line begun at 40 ms; more of it arrives at 300 ms.
    QCOMPARE(rule.unreadAt(40, 100, 7), 540);
    QCOMPARE(rule.unreadAt(300, 100, 20), -1); // the same line: its deadline stands
    QVERIFY(rule.check(539, {}, 3).missed.isEmpty());
    QCOMPARE(rule.check(540, {}, 3).missed,
             u"line 4 was begun and not ended within the line deadline (0.5 s); closed"_s);

    // It ended and the next one began: that one has its own time.
    QCOMPARE(rule.unreadAt(520, 127, 3), 1020);
    QVERIFY(rule.check(900, {}, 4).missed.isEmpty());
    QCOMPARE(rule.check(900, {}, 4).nextDueMs, 1020);
    // Everything read: no line is pending.
    QCOMPARE(rule.unreadAt(950, 130, 0), -1);
    QVERIFY(rule.check(5000, {}, 5).missed.isEmpty());
}

void tst_StreamDeadlines::ruleTimesSilenceOnlyWhileHistoryIsOwed()
{
    StreamDeadlines rule(0, 0, 2000);
    StreamDeadlines::Owed owed;
    owed.history = true;
    rule.inputAt(100);
    QCOMPARE(rule.idleDueMs(), 2100);
    QCOMPARE(rule.check(2000, owed, 10).nextDueMs, 2100);
    rule.inputAt(2050); // a little more history
    QVERIFY(rule.check(2100, owed, 11).missed.isEmpty());
    QCOMPARE(rule.check(4050, owed, 11).missed,
             u"sent nothing within the idle deadline (2 s) before its \"SYNC\", while it "
             "still owed us its history; closed"_s);
    // After its "SYNC" a quiet peer is a live peer: silence is allowed.
    const StreamDeadlines::Verdict live = rule.check(100000, {}, 12);
    QVERIFY(live.missed.isEmpty());
    QCOMPARE(live.nextDueMs, -1);
}

void tst_StreamDeadlines::ruleDoesNotCountAPauseOfOursAgainstThePeer()
{
    StreamDeadlines rule(0, 500, 1000);
    StreamDeadlines::Owed owed;
    owed.history = true;
    rule.inputAt(0);
    QCOMPARE(rule.unreadAt(0, 0, 10), 500);
    // We stopped reading for its rate until 900 ms: both times start again.
    rule.pausedUntil(900);
    const StreamDeadlines::Verdict verdict = rule.check(1200, owed, 0);
    QVERIFY2(verdict.missed.isEmpty(), qPrintable(verdict.missed));
    QCOMPARE(verdict.nextDueMs, 1400);
}

void tst_StreamDeadlines::ruleWithNoDeadlinesNeverCloses()
{
    StreamDeadlines rule(0, 0, 0);
    QVERIFY(!rule.any());
    QCOMPARE(rule.unreadAt(0, 0, 10), -1);
    QCOMPARE(rule.idleDueMs(), -1);
    StreamDeadlines::Owed owed;
    owed.digest = true;
    owed.history = true;
    const StreamDeadlines::Verdict verdict = rule.check(1'000'000'000, owed, 0);
    QVERIFY(verdict.missed.isEmpty());
    QCOMPARE(verdict.nextDueMs, -1);
    QVERIFY(StreamDeadlines(0, 1, 0).any());
}

QTEST_GUILESS_MAIN(tst_StreamDeadlines)
#include "tst_streamdeadlines.moc"
