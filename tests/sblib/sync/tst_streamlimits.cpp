// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "memorydevice.h"
#include "model.h"
#include "stream.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
constexpr int kTimeout = 10000;

// Two replicas linked by in-memory devices; the test moves the bytes, so it
// decides when each side reads.
struct Link
{
    Link(Scuttlebutt *a, Scuttlebutt *b, const StreamOptions &aOptions,
         const StreamOptions &bOptions = {})
        : toA(a, &aEnd, aOptions), toB(b, &bEnd, bOptions)
    { }

    // Moves what each side wrote to the other; maxToB bytes at most towards B.
    qint64 shuttle(qint64 maxToB = -1)
    {
        const QByteArray forB = aEnd.drain(maxToB);
        const QByteArray forA = bEnd.drain();
        bEnd.feed(forB);
        aEnd.feed(forA);
        return forA.size() + forB.size();
    }

    MemoryDevice aEnd;
    MemoryDevice bEnd;
    Stream toA; // A's stream, over aEnd
    Stream toB; // B's stream, over bEnd
};

void settle(Link &link, qint64 maxToB = -1)
{
    for (int idle = 0; idle < 3;) {
        QCoreApplication::processEvents();
        idle = link.shuttle(maxToB) == 0 ? idle + 1 : 0;
    }
}
} // namespace

// The limits of StreamOptions that do not end a stream: the live queue for a
// slow peer (by count and by bytes) and the rate of updates taken in.
class tst_StreamLimits : public QObject
{
    Q_OBJECT

private slots:
    void slowPeerIsSentHistoryOnceItsQueueExceedsItsBytes();
    void updatesBeyondTheRateWaitUnreadAndNoneIsLost();
    void endedInputIsReadInFullWhateverTheRate();
    void inputBeyondTheRateWaitsInThePeerNotInOurMemory();
    void inputArrivingDuringALongSyncLetsTheEventLoopTurn();
};

void tst_StreamLimits::slowPeerIsSentHistoryOnceItsQueueExceedsItsBytes()
{
    Model a(u"A"_s), b(u"B"_s);
    StreamOptions options;
    options.highWaterMark = 4096;
    options.maxQueuedBytes = 64 * 1024;
    Link link(&a, &b, options);
    QSignalSpy limits(&link.toA, &Stream::limitReached);
    link.toA.start();
    link.toB.start();
    settle(link);
    QVERIFY(link.toA.isSynced() && link.toB.isSynced());

    // B reads nothing while A changes by 200 updates of 4 KiB: 800 KiB owed,
    // far fewer updates than maxQueuedUpdates but more bytes than maxQueuedBytes.
    const QString filler(4096, u'v');
    for (int i = 0; i < 200; ++i)
        expectOk(a.set(u"k%1"_s.arg(i % 50), JsonValue(u"%1 "_s.arg(i) + filler)));
    QCoreApplication::processEvents();
    QCOMPARE(limits.count(), 1);
    QVERIFY2(limits.at(0).at(0).toString().startsWith(u"stream: reads slower than the replica "_s),
             qPrintable(limits.at(0).at(0).toString()));
    QVERIFY(limits.at(0).at(0).toString().contains(u"65536 bytes"_s));
    QVERIFY(link.toA.stats().queueOverflows >= 1);

    // Once B reads again it gets the latest of every key: nothing is lost.
    settle(link);
    QVERIFY(link.toA.isOpen() && link.toB.isOpen());
    QCOMPARE(b.history(), a.history());
    QVERIFY(link.toA.stats().updatesOut < 200 + 1); // history sends each key's latest only
}

void tst_StreamLimits::updatesBeyondTheRateWaitUnreadAndNoneIsLost()
{
    Model a(u"A"_s), b(u"B"_s);
    StreamOptions options;
    options.maxUpdatesPerSecond = 100;
    Link link(&a, &b, options);
    QSignalSpy limits(&link.toA, &Stream::limitReached);
    QSignalSpy errors(&link.toA, &Stream::errorOccurred);
    link.toA.start();
    link.toB.start();
    settle(link);
    QVERIFY(link.toA.isSynced());

    for (int i = 0; i < 250; ++i)
        expectOk(b.set(u"k%1"_s.arg(i), JsonValue(i)));
    QElapsedTimer clock;
    clock.start();
    settle(link);
    // The first second's worth is taken in, then reading pauses.
    QVERIFY2(a.keys().size() <= 100, qPrintable(QString::number(a.keys().size())));
    QCOMPARE(limits.count(), 1);
    QVERIFY2(limits.at(0).at(0).toString()
                     == u"stream: sends more than 100 updates per second; reading from it pauses "
                        "until each second is over"_s,
             qPrintable(limits.at(0).at(0).toString()));

    QTRY_VERIFY_WITH_TIMEOUT((link.shuttle(), a.keys().size() == 250), kTimeout);
    // 250 updates at 100 a second: the last ones wait for the third second.
    QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(a.history(), b.history());
    QCOMPARE(errors.count(), 0);
    QVERIFY(link.toA.stats().throttledPauses >= 2);
    QCOMPARE(limits.count(), 1); // said once per stream
}

void tst_StreamLimits::endedInputIsReadInFullWhateverTheRate()
{
    Model a(u"A"_s);
    MemoryDevice device;
    StreamOptions options;
    options.maxUpdatesPerSecond = 10;
    options.name = u"file"_s;
    Stream stream(&a, &device, options);
    stream.start();
    QByteArray input = R"({"id":"P","clock":{}})"
                       "\n";
    for (int i = 0; i < 50; ++i)
        input += R"([["k)" + QByteArray::number(i) + R"(",1],)"
                + QByteArray::number(1700000000000 + i)
                + R"(,"P"])"
                  "\n";
    device.feed(input + "\"SYNC\"\n");
    device.endInput();
    QTRY_VERIFY_WITH_TIMEOUT(!stream.isOpen(), kTimeout);
    QCOMPARE(a.keys().size(), 50);
    QCOMPARE(stream.state(), Stream::State::Closed);
}

void tst_StreamLimits::inputBeyondTheRateWaitsInThePeerNotInOurMemory()
{
    // A peer floods a rate-limited stream over TCP. What the stream does not
    // read yet must not pile up in our process (the socket's own buffer) but
    // wait in the kernel and then in the peer, whose writes TCP holds back.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket ours;
    ours.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), kTimeout);
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    QTRY_COMPARE_WITH_TIMEOUT(ours.state(), QAbstractSocket::ConnectedState, kTimeout);

    Model a(u"A"_s);
    StreamOptions options;
    options.maxUpdatesPerSecond = 50;
    Stream stream(&a, &ours, options);
    stream.start();
    QByteArray flood = R"({"id":"P","clock":{}})"
                       "\n";
    const QByteArray filler(200, 'x');
    for (int i = 0; i < 160000; ++i) // about 38 MB: more than the kernel's buffers hold
        flood += R"([["k)" + QByteArray::number(i) + R"(",")" + filler + R"("],)"
                + QByteArray::number(1700000000000 + i)
                + R"(,"P"])"
                  "\n";
    peer->write(flood);

    QTest::qWait(1500);
    QVERIFY(stream.isOpen());
    QVERIFY2(a.keys().size() <= 100, qPrintable(QString::number(a.keys().size())));
    QVERIFY2(ours.bytesAvailable() <= 256 * 1024,
             qPrintable(QString::number(ours.bytesAvailable())));
    QVERIFY2(peer->bytesToWrite() > 0, "the kernel took all of it: the test proves nothing");
}

void tst_StreamLimits::inputArrivingDuringALongSyncLetsTheEventLoopTurn()
{
    // A big sync is taken in a slice of lines at a time, the event loop turning
    // in between so that a window stays responsive. Input arriving while the
    // next slice waits for its turn must not start one of its own at once.
    Model a(u"A"_s);
    MemoryDevice device;
    Stream stream(&a, &device);
    stream.start();
    QCoreApplication::processEvents();
    const auto lines = [](int from, int to) {
        QByteArray text;
        for (int i = from; i < to; ++i)
            text += R"([["k)" + QByteArray::number(i) + R"(",1],)"
                    + QByteArray::number(1700000000000 + i)
                    + R"(,"P"])"
                      "\n";
        return text;
    };
    device.feed(R"({"id":"P","clock":{}})"
                "\n"
                + lines(0, 20000));
    const qsizetype firstSlice = a.keys().size();
    QVERIFY2(firstSlice > 0 && firstSlice < 20000, qPrintable(QString::number(firstSlice)));
    device.feed(lines(20000, 21000));
    QCOMPARE(a.keys().size(), firstSlice);
    QTRY_COMPARE_WITH_TIMEOUT(a.keys().size(), qsizetype(21000), kTimeout);
    QVERIFY(stream.isOpen());
}

QTEST_GUILESS_MAIN(tst_StreamLimits)
#include "tst_streamlimits.moc"
