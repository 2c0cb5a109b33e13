// SPDX-License-Identifier: MIT
#include "model.h"
#include "peerprocess.h"
#include "stream.h"
#include "waituntil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace sb;

// A peer that connects to `sbpeer serve`, sends its digest and "SYNC", and
// then never reads a byte, while the server's replica changes fast. What the
// server keeps for it must stay bounded (its VmRSS, from /proc), and its
// other peers must keep syncing meanwhile.
class TestSlowReader : public QObject
{
    Q_OBJECT

private slots:
    void memoryStaysBoundedForAPeerThatNeverReads_data();
    void memoryStaysBoundedForAPeerThatNeverReads();
};

namespace {
// Under AddressSanitizer (SCUTTLESCOPE_SANITIZE, SCUTTLESCOPE_FUZZ builds) freed
// memory waits in a quarantine, so resident memory says nothing about what the
// server keeps: the test then checks only that the healthy peer keeps up.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#    if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#    else
constexpr bool kUnderAsan = false;
#    endif
#else
constexpr bool kUnderAsan = false;
#endif

constexpr int kTimeoutMs = 30000;
constexpr int kKeys = 64;
// What the server may grow by in all, and once the first round has filled
// every buffer: a bounded server stops growing however much it owes.
constexpr int kGrowthLimitMib = 96;
constexpr int kPlateauLimitMib = 16;

// Resident memory of a process in KiB, from /proc/PID/status; -1 if unknown.
qint64 residentKib(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// A plain socket with a tiny receive buffer that says hello and then never
// reads: the kernel soon stops taking bytes for it.
class NeverReadingPeer
{
public:
    ~NeverReadingPeer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool connectTo(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0)
            return false;
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0)
            return false;
        const QByteArray hello = "{\"id\":\"NEVERREADS\",\"clock\":{}}\n\"SYNC\"\n";
        return ::write(m_fd, hello.constData(), size_t(hello.size())) == hello.size();
    }

private:
    int m_fd = -1;
};
} // namespace

void TestSlowReader::memoryStaysBoundedForAPeerThatNeverReads_data()
{
    QTest::addColumn<int>("valueBytes");
    QTest::addColumn<int>("updatesPerRound");
    QTest::addColumn<int>("rounds");
    QTest::addColumn<bool>("silentPeer");
    // Owed to the silent peer: 50 MB of small updates, 300 MB of large ones.
    QTest::newRow("small updates") << 200 << 40000 << 5 << true;
    QTest::newRow("large updates") << 32 * 1024 << 1600 << 6 << true;
    // The same load with no silent peer: what the server needs anyway.
    QTest::newRow("large updates, no silent peer") << 32 * 1024 << 1600 << 6 << false;
}

void TestSlowReader::memoryStaysBoundedForAPeerThatNeverReads()
{
    QFETCH(int, valueBytes);
    QFETCH(int, updatesPerRound);
    QFETCH(int, rounds);
    QFETCH(bool, silentPeer);
    if (kUnderAsan)
        rounds = 2;
    QElapsedTimer clock;
    clock.start();

    PeerProcess server(QStringLiteral("server"), QStringLiteral(SBPEER_PATH),
                       {QStringLiteral("serve"), QStringLiteral("--listen"),
                        QStringLiteral("127.0.0.1:0"), QStringLiteral("--stdin")});
    server.start();
    QVERIFY2(waitUntil([&] { return server.listenPort() != 0 || !server.isRunning(); }, kTimeoutMs)
                     && server.listenPort() != 0,
             qPrintable(server.errorText()));

    NeverReadingPeer silent;
    if (silentPeer)
        QVERIFY(silent.connectTo(server.listenPort()));

    // A healthy peer, in this process, directly connected.
    Model healthy(QStringLiteral("HEALTHY"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), server.listenPort());
    QVERIFY(waitUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                      kTimeoutMs));
    Stream stream(&healthy, &socket, StreamOptions{});
    stream.start();
    QVERIFY(waitUntil([&] { return stream.isSynced(); }, kTimeoutMs));

    const qint64 baselineKib = residentKib(server.processId());
    QVERIFY(baselineKib > 0);
    qint64 peakKib = baselineKib;
    qint64 firstRoundKib = 0;
    const QByteArray filler(valueBytes, 'v');
    qint64 owedBytes = 0;
    for (int round = 1; round <= rounds; ++round) {
        QByteArray commands;
        for (int i = 0; i < updatesPerRound; ++i) {
            const QByteArray value = '"' + QByteArray::number(round) + '-' + QByteArray::number(i)
                    + '-' + filler + '"';
            commands += "set k" + QByteArray::number(i % kKeys) + '=' + value + '\n';
            owedBytes += value.size() + 40;
            if (commands.size() > 1024 * 1024) {
                server.command(commands.chopped(1));
                commands.clear();
            }
        }
        if (!commands.isEmpty())
            server.command(commands.chopped(1));
        // The healthy peer keeps up: it gets the round's last value of every key.
        const auto caughtUp = [&] {
            for (int i = updatesPerRound - kKeys; i < updatesPerRound; ++i) {
                const Update held = healthy.entry(QStringLiteral("k%1").arg(i % kKeys));
                if (!held.value().startsWith('"' + QByteArray::number(round) + '-'
                                             + QByteArray::number(i) + '-'))
                    return false;
            }
            return true;
        };
        QVERIFY2(waitUntil(caughtUp, kTimeoutMs),
                 qPrintable(QStringLiteral("the healthy peer fell behind in round %1 (%2)\n%3")
                                    .arg(round)
                                    .arg(stream.errorString(), server.errorText())));
        QVERIFY2(stream.isOpen(), qPrintable(stream.errorString()));
        const qint64 rssKib = residentKib(server.processId());
        peakKib = qMax(peakKib, rssKib);
        if (round == 1)
            firstRoundKib = rssKib;
        qInfo("round %d: server VmRSS %lld KiB (%+lld KiB), %lld MB owed to the silent peer", round,
              rssKib, rssKib - baselineKib, silentPeer ? owedBytes / 1000000 : 0);
    }
    const qint64 growthMib = (peakKib - baselineKib) / 1024;
    const qint64 afterFirstRoundMib = (peakKib - firstRoundKib) / 1024;
    qInfo("%d updates of %d bytes in %d rounds: VmRSS grew by %lld MiB at most (limit %d), "
          "%lld MiB after the first round (limit %d); %lld MB owed to the silent peer; %lld ms",
          updatesPerRound * rounds, valueBytes, rounds, growthMib, kGrowthLimitMib,
          afterFirstRoundMib, kPlateauLimitMib, silentPeer ? owedBytes / 1000000 : 0,
          clock.elapsed());
    QVERIFY(server.isRunning());
    if (kUnderAsan)
        QSKIP("the healthy peer kept up; memory is not measured under AddressSanitizer");
    QVERIFY2(growthMib <= kGrowthLimitMib && afterFirstRoundMib <= kPlateauLimitMib,
             qPrintable(QStringLiteral("the server grew by %1 MiB (%2 MiB after the first round) "
                                       "for a peer that never reads")
                                .arg(growthMib)
                                .arg(afterFirstRoundMib)));
}

QTEST_GUILESS_MAIN(TestSlowReader)
#include "tst_slowreader.moc"
