// SPDX-License-Identifier: MIT
#include "dialer.h"
#include "expectok.h"
#include "model.h"
#include "server.h"
#include "stream.h"
#include "tlsidentity.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;

// Streams over TLS, where each side accepts the other only by a pinned certificate.
class TlsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void identityRoundTripsThroughFiles();
    void pinnedPeersSyncOverTls();
    void serverRefusesAClientWhoseCertificateIsNotPinned();
    void clientRefusesAServerWhoseCertificateIsNotPinned();
    void serverRefusesAPlainTcpClient();
    void serverClosesAStalledHandshakeAtTheHandshakeDeadline();
    void stalledHandshakesMakeRoomForAPinnedPeer();
    void dialerGivesUpOnAServerThatStallsTheHandshake();

private:
    TlsIdentity m_serverIdentity;
    TlsIdentity m_clientIdentity;
};

void TlsTest::initTestCase()
{
    m_serverIdentity = TlsIdentity::generate(QStringLiteral("server")).value();
    m_clientIdentity = TlsIdentity::generate(QStringLiteral("client")).value();
}

void TlsTest::identityRoundTripsThroughFiles()
{
    QTemporaryDir dir;
    const QString certificate = dir.filePath(QStringLiteral("peer.crt"));
    const QString key = dir.filePath(QStringLiteral("peer.key"));
    QVERIFY(m_serverIdentity.save(certificate, key).ok());
    QCOMPARE(QFileInfo(key).permissions() & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
    const auto loaded = TlsIdentity::load(certificate, key);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    QCOMPARE(loaded->fingerprint(), m_serverIdentity.fingerprint());
    QCOMPARE(loaded->fingerprint().count(u':'), 31);
}

void TlsTest::pinnedPeersSyncOverTls()
{
    Model serverModel;
    expectOk(serverModel.set(QStringLiteral("held by server"), JsonValue(1)));
    auto serverTrust = std::make_shared<TrustList>();
    serverTrust->pinCertificate(m_clientIdentity.fingerprint(), QStringLiteral("client"));
    Server server(&serverModel, {});
    server.enableTls(m_serverIdentity, serverTrust);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Model clientModel;
    expectOk(clientModel.set(QStringLiteral("held by client"), JsonValue(2)));
    auto clientTrust = std::make_shared<TrustList>();
    clientTrust->pinCertificate(m_serverIdentity.fingerprint());
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), server.serverPort(), {});
    dialer.enableTls(m_clientIdentity, clientTrust);
    dialer.open();

    QTRY_VERIFY_WITH_TIMEOUT(dialer.stream() && dialer.stream()->isSynced(), 10000);
    QTRY_COMPARE(serverModel.get(QStringLiteral("held by client")), JsonValue(2));
    QCOMPARE(clientModel.get(QStringLiteral("held by server")), JsonValue(1));
}

void TlsTest::serverRefusesAClientWhoseCertificateIsNotPinned()
{
    Model serverModel;
    expectOk(serverModel.set(QStringLiteral("secret"), JsonValue(1)));
    Server server(&serverModel, {});
    server.enableTls(m_serverIdentity, std::make_shared<TrustList>());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy refused(&server, &Server::peerRefused);

    Model clientModel;
    auto clientTrust = std::make_shared<TrustList>();
    clientTrust->pinCertificate(m_serverIdentity.fingerprint());
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), server.serverPort(), {});
    dialer.enableTls(m_clientIdentity, clientTrust);
    dialer.open();

    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
    QVERIFY2(refused.first().first().toString().contains(m_clientIdentity.fingerprint()),
             qPrintable(refused.first().first().toString()));
    QTRY_COMPARE(dialer.state(), Dialer::State::Idle);
    QVERIFY(!clientModel.contains(QStringLiteral("secret")));
}

void TlsTest::clientRefusesAServerWhoseCertificateIsNotPinned()
{
    Model serverModel;
    auto serverTrust = std::make_shared<TrustList>();
    serverTrust->pinCertificate(m_clientIdentity.fingerprint());
    Server server(&serverModel, {});
    server.enableTls(m_serverIdentity, serverTrust);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Model clientModel;
    expectOk(clientModel.set(QStringLiteral("private"), JsonValue(1)));
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), server.serverPort(), {});
    dialer.enableTls(m_clientIdentity, std::make_shared<TrustList>());
    QSignalSpy errors(&dialer, &Dialer::errorOccurred);
    dialer.open();

    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
    QVERIFY2(errors.first().first().toString().contains(u"not pinned"),
             qPrintable(errors.first().first().toString()));
    QCOMPARE(dialer.stream(), nullptr);
    QVERIFY(!serverModel.contains(QStringLiteral("private")));
}

void TlsTest::serverRefusesAPlainTcpClient()
{
    Model serverModel;
    expectOk(serverModel.set(QStringLiteral("secret"), JsonValue(1)));
    Server server(&serverModel, {});
    server.enableTls(m_serverIdentity, std::make_shared<TrustList>());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy refused(&server, &Server::peerRefused);

    Model clientModel;
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), server.serverPort(), {});
    dialer.open();
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 10000);
    QVERIFY(!clientModel.contains(QStringLiteral("secret")));
}

void TlsTest::serverClosesAStalledHandshakeAtTheHandshakeDeadline()
{
    Model serverModel;
    StreamOptions options;
    options.handshakeTimeoutMs = 300;
    Server server(&serverModel, options);
    server.enableTls(m_serverIdentity, std::make_shared<TrustList>());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy refused(&server, &Server::peerRefused);

    // Connects, then says nothing: no ClientHello ever comes.
    QTcpSocket stalled;
    quint16 port = 0;
    connect(&stalled, &QTcpSocket::connected, this, [&] { port = stalled.localPort(); });
    stalled.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, 3000);
    QCOMPARE(refused.first().first().toString(),
             QStringLiteral("peer 127.0.0.1:%1 refused: TLS handshake failed: no handshake within "
                            "the handshake deadline (0.3 s)")
                     .arg(port));
    QTRY_COMPARE_WITH_TIMEOUT(stalled.state(), QAbstractSocket::UnconnectedState, 3000);
}

void TlsTest::stalledHandshakesMakeRoomForAPinnedPeer()
{
    Model serverModel;
    expectOk(serverModel.set(QStringLiteral("held by server"), JsonValue(1)));
    auto serverTrust = std::make_shared<TrustList>();
    serverTrust->pinCertificate(m_clientIdentity.fingerprint(), QStringLiteral("client"));
    Server server(&serverModel, {}); // a handshake may take the default 10 s
    server.setMaxPeersPerAddress(4);
    server.enableTls(m_serverIdentity, serverTrust);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QSignalSpy refused(&server, &Server::peerRefused);

    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    for (int i = 0; i < 20; ++i) {
        stalled.push_back(std::make_unique<QTcpSocket>());
        stalled.back()->connectToHost(QHostAddress::LocalHost, server.serverPort());
    }
    // Each beyond the fourth closes the oldest stalled handshake.
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 16, 10000);
    for (const QVariantList &message : refused)
        QVERIFY2(message.first().toString().contains(QStringLiteral("closed to make room for")),
                 qPrintable(message.first().toString()));

    Model clientModel;
    auto clientTrust = std::make_shared<TrustList>();
    clientTrust->pinCertificate(m_serverIdentity.fingerprint());
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), server.serverPort(), {});
    dialer.enableTls(m_clientIdentity, clientTrust);
    dialer.open();
    QTRY_VERIFY_WITH_TIMEOUT(dialer.stream() && dialer.stream()->isSynced(), 5000);
    QCOMPARE(clientModel.get(QStringLiteral("held by server")), JsonValue(1));
}

void TlsTest::dialerGivesUpOnAServerThatStallsTheHandshake()
{
    // Accepts the connection and never answers the ClientHello.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    Model clientModel;
    StreamOptions options;
    options.handshakeTimeoutMs = 300;
    Dialer dialer(&clientModel, QStringLiteral("127.0.0.1"), silent.serverPort(), options);
    dialer.enableTls(m_clientIdentity, std::make_shared<TrustList>());
    QSignalSpy errors(&dialer, &Dialer::errorOccurred);
    dialer.open();

    QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 3000);
    QCOMPARE(errors.first().first().toString(),
             QStringLiteral("127.0.0.1:%1: no TLS handshake within the handshake deadline (0.3 s)")
                     .arg(silent.serverPort()));
    QCOMPARE(dialer.stream(), nullptr);
    QCOMPARE(dialer.state(), Dialer::State::Idle);
}

QTEST_GUILESS_MAIN(TlsTest)
#include "tst_tls.moc"
