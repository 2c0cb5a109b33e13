// SPDX-License-Identifier: MIT
#include "testfiles.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace TestFiles;

namespace {
// The end of $NOTIFY_SOCKET that systemd holds for a Type=notify service: a
// datagram socket that sbpeer's sd_notify() messages arrive on.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = QFile::encodeName(path);
        if (m_fd < 0 || size_t(bytes.size()) >= sizeof(address.sun_path))
            return;
        memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isValid() const { return m_fd >= 0; }
    QString path() const { return m_path; }

    // Waits for the next message; empty after 20 s.
    QByteArray next()
    {
        QByteArray message;
        (void)QTest::qWaitFor(
                [&] {
                    char buffer[4096];
                    const ssize_t size = ::recv(m_fd, buffer, sizeof(buffer), 0);
                    if (size > 0)
                        message = QByteArray(buffer, qsizetype(size));
                    return size > 0;
                },
                20000);
        return message;
    }

private:
    QString m_path;
    int m_fd = -1;
};
} // namespace

// sbpeer as sbpeer@.service runs it: its options from a config file, readiness
// told to systemd, a clean stop on SIGTERM that compacts the file, and a bad
// config that keeps it from starting.
class tst_SbpeerService : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void servesFromAConfigFileAndCompactsOnSigterm();
    void aBadConfigLineKeepsItFromStarting();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void tst_SbpeerService::servesFromAConfigFileAndCompactsOnSigterm()
{
    const QString config = path(QStringLiteral("mesh.conf"));
    writeBytes(config,
               "# the mesh's always-on peer\n"
               "listen = 127.0.0.1:0\n"
               "name = mesh\n"
               "set = greeting=\"hello\"\n"
               "compact-bytes = 0\n");
    const QString replica = path(QStringLiteral("mesh.sbreplica"));
    NotifySocket notify(path(QStringLiteral("notify")));
    QVERIFY(notify.isValid());

    QProcess peer;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NOTIFY_SOCKET"), notify.path());
    peer.setProcessEnvironment(environment);
    // As the unit starts it: the file first, then the config.
    peer.start(QStringLiteral(SBPEER_PATH),
               {QStringLiteral("serve"), QStringLiteral("--file"), replica,
                QStringLiteral("--config"), config});
    QVERIFY(peer.waitForStarted());

    const QByteArray ready = notify.next();
    QVERIFY2(ready.startsWith("READY=1\nSTATUS=listening on 127.0.0.1:"), ready.constData());
    const QString address = QString::fromUtf8(ready.mid(ready.lastIndexOf(' ') + 1));
    QVERIFY(QTest::qWaitFor([&] { return peer.canReadLine(); }, 5000));
    QCOMPARE(peer.readLine(), "listening " + address.toUtf8() + '\n');

    // A peer syncs with it and gets what the config file set.
    QProcess client;
    client.start(QStringLiteral(SBPEER_PATH), {QStringLiteral("sync"), address});
    QVERIFY(client.waitForFinished(30000));
    QCOMPARE(client.exitCode(), 0);
    QVERIFY2(client.readAllStandardOutput().contains("\"greeting\":\"hello\""),
             client.readAllStandardError().constData());

    ::kill(pid_t(peer.processId()), SIGTERM);
    QVERIFY2(notify.next().startsWith("STOPPING=1\n"), "no STOPPING=1 on SIGTERM");
    // Waiting for STOPPING=1 runs the event loop, so the exit may be seen already.
    QTRY_COMPARE_WITH_TIMEOUT(peer.state(), QProcess::NotRunning, 20000);
    QCOMPARE(peer.exitStatus(), QProcess::NormalExit);
    QCOMPARE(peer.exitCode(), 0);
    // Compacted on the way out: the snapshot with the key, no journal after "SYNC".
    const QByteArray bytes = readBytes(replica);
    QVERIFY2(bytes.startsWith("{\"id\":") && bytes.contains("[\"greeting\",\"hello\"]")
                     && bytes.endsWith("\"SYNC\"\n"),
             bytes.constData());
}

void tst_SbpeerService::aBadConfigLineKeepsItFromStarting()
{
    const QString config = path(QStringLiteral("bad.conf"));
    writeBytes(config,
               "listen = 127.0.0.1:0\n"
               "\n"
               "max-peers = lots\n");
    const QString replica = path(QStringLiteral("bad.sbreplica"));
    QProcess peer;
    peer.start(QStringLiteral(SBPEER_PATH),
               {QStringLiteral("serve"), QStringLiteral("--file"), replica,
                QStringLiteral("--config"), config});
    QVERIFY(peer.waitForFinished(20000));
    QCOMPARE(peer.exitCode(), 2);
    QCOMPARE(peer.readAllStandardOutput(), QByteArray());
    // One line for the journal, naming the file and the line, without the usage text.
    QCOMPARE(peer.readAllStandardError(),
             "sbpeer: " + QFile::encodeName(config)
                     + ":3: --max-peers must be a positive number\n");
    QVERIFY(!QFile::exists(replica));
}

QTEST_GUILESS_MAIN(tst_SbpeerService)
#include "tst_sbpeerservice.moc"
