// SPDX-License-Identifier: MIT
#include "connectdialog.h"
#include "expectok.h"
#include "keyring.h"
#include "listendialog.h"
#include "model.h"
#include "peerconnection.h"
#include "peersmodel.h"
#include "peerspanel.h"
#include "replicasession.h"
#include "testsupport.h"
#include "tlschoice.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;

// The app over TLS with pinned certificates, from its dialogs, against the
// real sbpeer serve --tls and sbpeer sync --tls: each side accepts the other
// only once its certificate's fingerprint is pinned, and a peer refused as
// unpinned is pinned with one click and a confirmation.
class TestTlsPeers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void connectDialogOffersPlainTcpAndOurIdentities();
    void dialsSbpeerOverTlsOnceEachSidePinsTheOther();
    void refusedPeerIsPinnedWithOneClickAfterConfirmation();
    void listensOverTlsForAPinnedSbpeer();

private:
    // Runs sbpeer with arguments to its end; its standard output.
    static QByteArray sbpeer(const QStringList &arguments, int *exitCode = nullptr);
    // Makes the sbpeer TLS identity "server" in m_sbpeerKeys; its fingerprint.
    QString makeSbpeerIdentity();
    // Makes our identity "desk" in keyRing and sbpeer's "server", which pins
    // desk; server's fingerprint, empty on failure (keyRing pins nothing).
    QString makeIdentities(KeyRing &keyRing);
    // Dials the panel's session to port through the Connect dialog, over TLS as "desk".
    PeerConnection *dialOverTls(PeersPanel &panel, quint16 port);
    static void clickOk(QDialog *dialog);

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_appKeys;
    std::unique_ptr<QTemporaryDir> m_sbpeerKeys;
};

void TestTlsPeers::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestTlsPeers::init()
{
    m_appKeys = std::make_unique<QTemporaryDir>();
    m_sbpeerKeys = std::make_unique<QTemporaryDir>();
}

void TestTlsPeers::cleanup()
{
    m_appKeys.reset();
    m_sbpeerKeys.reset();
}

QByteArray TestTlsPeers::sbpeer(const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.start(QStringLiteral(SBPEER_PATH), arguments);
    if (!process.waitForFinished(20000))
        process.kill();
    if (exitCode)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAllStandardOutput() + process.readAllStandardError();
}

QString TestTlsPeers::makeSbpeerIdentity()
{
    const QByteArray out = sbpeer({QStringLiteral("tls-cert"), QStringLiteral("server"),
                                   QStringLiteral("--key-dir"), m_sbpeerKeys->path()});
    const auto match = QRegularExpression(QStringLiteral("fingerprint ([0-9A-F:]+)"))
                               .match(QString::fromUtf8(out));
    return match.hasMatch() ? match.captured(1) : QString();
}

QString TestTlsPeers::makeIdentities(KeyRing &keyRing)
{
    const auto desk = keyRing.makeTlsIdentity(QStringLiteral("desk"));
    if (!desk) {
        qWarning("%s", qPrintable(desk.errorMessage()));
        return {};
    }
    int exitCode = -1;
    sbpeer({QStringLiteral("trust"), QStringLiteral("pin-cert"), desk->fingerprint(),
            QStringLiteral("--key-dir"), m_sbpeerKeys->path()},
           &exitCode);
    return exitCode == 0 ? makeSbpeerIdentity() : QString();
}

void TestTlsPeers::clickOk(QDialog *dialog)
{
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton);
}

PeerConnection *TestTlsPeers::dialOverTls(PeersPanel &panel, quint16 port)
{
    panel.connectAction()->trigger();
    auto *dialog = panel.findChild<ConnectDialog *>();
    if (!dialog)
        return nullptr;
    dialog->hostEdit()->setText(QStringLiteral("127.0.0.1"));
    dialog->portEdit()->setText(QString::number(port));
    dialog->tlsChoice()->setIdentityName(QStringLiteral("desk"));
    if (dialog->tlsChoice()->identityName() != u"desk")
        return nullptr;
    clickOk(dialog);
    if (dialog->isVisible()) {
        qWarning("the Connect dialog stayed open: %s", qPrintable(dialog->errorText()));
        return nullptr;
    }
    const int rows = panel.model()->rowCount();
    return rows > 0 ? panel.model()->peerAt(rows - 1) : nullptr;
}

void TestTlsPeers::connectDialogOffersPlainTcpAndOurIdentities()
{
    KeyRing keyRing(m_appKeys->path());
    {
        ConnectDialog dialog({}, &keyRing);
        QComboBox *choice = dialog.tlsChoice()->comboBox();
        QCOMPARE(choice->count(), 2); // plain TCP, and a new identity to make
        QCOMPARE(dialog.tlsChoice()->identityName(), QString());
        QVERIFY(choice->itemText(0).contains(u"Plain TCP"));
        choice->setCurrentIndex(1);
        QCOMPARE(dialog.tlsChoice()->identityName(), TlsChoice::kNewIdentityName);
        dialog.hostEdit()->setText(QStringLiteral("127.0.0.1"));
        dialog.portEdit()->setText(QStringLiteral("7443"));
        dialog.open();
        clickOk(&dialog);
        QVERIFY2(!dialog.isVisible(), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.spec().tlsIdentity, TlsChoice::kNewIdentityName);
        QVERIFY(!dialog.tlsIdentity().isNull());
    }
    // Made on first use, it is one of ours from then on, with its fingerprint shown.
    QCOMPARE(keyRing.tlsIdentities(), QStringList{TlsChoice::kNewIdentityName});
    const QString fingerprint = keyRing.tlsIdentity(TlsChoice::kNewIdentityName)->fingerprint();
    ConnectDialog again({}, &keyRing);
    QCOMPARE(again.tlsChoice()->comboBox()->count(), 2);
    again.tlsChoice()->setIdentityName(TlsChoice::kNewIdentityName);
    QVERIFY2(again.tlsChoice()->detailText().contains(fingerprint),
             qPrintable(again.tlsChoice()->detailText()));
    // And without a key ring, plain TCP alone.
    ConnectDialog plain({});
    QCOMPARE(plain.tlsChoice()->comboBox()->count(), 1);
}

void TestTlsPeers::dialsSbpeerOverTlsOnceEachSidePinsTheOther()
{
    KeyRing keyRing(m_appKeys->path());
    const QString server = makeIdentities(keyRing);
    QVERIFY(!server.isEmpty());
    QVERIFY(!keyRing.pinCertificate(server, QStringLiteral("server")));

    SbPeerProcess remote;
    QVERIFY(remote.serve({QStringLiteral("--tls"), QStringLiteral("server"),
                          QStringLiteral("--key-dir"), m_sbpeerKeys->path(),
                          QStringLiteral("--set"), QStringLiteral("secret=\"over TLS\"")}));
    ReplicaSession session;
    session.setTrustList(keyRing.trustList());
    session.newReplica(sb::Model::kTypeName, QStringLiteral("DESK"));
    PeersPanel panel(&session, &keyRing);
    panel.show();
    PeerConnection *peer = dialOverTls(panel, remote.port());
    QVERIFY(peer);
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    QCOMPARE(session.model()->get(QStringLiteral("secret")).toString(), QStringLiteral("over TLS"));
    QVERIFY(peer->usesTls());
    QCOMPARE(peer->peerFingerprint(), server);
    const QModelIndex security = panel.model()->index(0, PeersModel::SecurityColumn);
    QCOMPARE(security.data().toString(), QStringLiteral("TLS, certificate pinned"));
    QVERIFY(security.data(Qt::ToolTipRole).toString().contains(server));
}

void TestTlsPeers::refusedPeerIsPinnedWithOneClickAfterConfirmation()
{
    KeyRing keyRing(m_appKeys->path());
    const QString server = makeIdentities(keyRing);
    QVERIFY(!server.isEmpty());
    SbPeerProcess remote;
    QVERIFY(remote.serve({QStringLiteral("--tls"), QStringLiteral("server"),
                          QStringLiteral("--key-dir"), m_sbpeerKeys->path(),
                          QStringLiteral("--set"), QStringLiteral("k=1")}));

    ReplicaSession session;
    session.setTrustList(keyRing.trustList());
    session.newReplica(sb::Model::kTypeName, QStringLiteral("DESK"));
    PeersPanel panel(&session, &keyRing);
    panel.show();
    PeerConnection *peer = dialOverTls(panel, remote.port());
    QVERIFY(peer);
    // sbpeer's certificate is not pinned here yet: refused, its fingerprint shown.
    QTRY_VERIFY_WITH_TIMEOUT(peer->isRefusedUnpinned(), 10000);
    QCOMPARE(peer->peerFingerprint(), server);
    QVERIFY(peer->lastError().contains(server));
    QVERIFY(!session.model()->contains(QStringLiteral("k")));
    QCOMPARE(panel.model()->index(0, PeersModel::SecurityColumn).data().toString(),
             QStringLiteral("TLS: certificate not pinned"));

    panel.table()->selectRow(0);
    QVERIFY(panel.pinAction()->isEnabled());
    panel.pinAction()->trigger();
    QMessageBox *question = panel.pinQuestion();
    QVERIFY(question);
    QVERIFY(question->text().contains(server));
    QVERIFY(keyRing.pins().isEmpty()); // nothing pinned before the user says so
    QAbstractButton *pin = nullptr;
    for (QAbstractButton *button : question->buttons()) {
        if (question->buttonRole(button) == QMessageBox::AcceptRole)
            pin = button;
    }
    QVERIFY(pin);
    QTest::mouseClick(pin, Qt::LeftButton);

    QCOMPARE(keyRing.pins().size(), 1);
    QCOMPARE(keyRing.pins().constFirst().fingerprint, server);
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    QCOMPARE(session.model()->get(QStringLiteral("k")), JsonValue(1));
    QVERIFY(!peer->isRefusedUnpinned());
    QVERIFY(!panel.pinAction()->isEnabled());
}

void TestTlsPeers::listensOverTlsForAPinnedSbpeer()
{
    KeyRing keyRing(m_appKeys->path());
    const QString server = makeIdentities(keyRing);
    QVERIFY(!server.isEmpty());
    QVERIFY(!keyRing.pinCertificate(server, QStringLiteral("server")));

    ReplicaSession session;
    session.setTrustList(keyRing.trustList());
    session.newReplica(sb::Model::kTypeName, QStringLiteral("DESK"));
    expectOk(session.model()->set(QStringLiteral("from"), JsonValue(QStringLiteral("the desk"))));
    ListenDialog dialog(&session, &keyRing);
    dialog.open();
    dialog.portEdit()->setText(QStringLiteral("0"));
    dialog.tlsChoice()->setIdentityName(QStringLiteral("desk"));
    clickOk(&dialog);
    QVERIFY2(!dialog.isVisible(), qPrintable(dialog.errorText()));
    QVERIFY(session.isListeningWithTls());

    const QString address = QStringLiteral("127.0.0.1:%1").arg(session.listenPort());
    // A plain TCP peer gets nothing.
    QProcess plain;
    plain.start(
            QStringLiteral(SBPEER_PATH),
            {QStringLiteral("sync"), address, QStringLiteral("--timeout"), QStringLiteral("3")});
    QTRY_COMPARE_WITH_TIMEOUT(plain.state(), QProcess::NotRunning, 10000);
    QVERIFY(plain.exitCode() != 0);
    QVERIFY(!plain.readAllStandardOutput().contains("the desk"));

    QProcess pinned;
    pinned.start(QStringLiteral(SBPEER_PATH),
                 {QStringLiteral("sync"), address, QStringLiteral("--tls"),
                  QStringLiteral("server"), QStringLiteral("--key-dir"), m_sbpeerKeys->path(),
                  QStringLiteral("--set"), QStringLiteral("reply=2")});
    QTRY_COMPARE_WITH_TIMEOUT(pinned.state(), QProcess::NotRunning, 10000);
    const QByteArray err = pinned.readAllStandardError();
    QVERIFY2(pinned.exitCode() == 0, err.constData());
    QCOMPARE(pinned.readAllStandardOutput().trimmed(),
             QByteArray(R"({"reply":2,"from":"the desk"})"));
    QTRY_COMPARE(session.model()->get(QStringLiteral("reply")), JsonValue(2));
    QVERIFY(session.peers().constLast()->usesTls());
    QCOMPARE(session.peers().constLast()->peerFingerprint(), server);
}

QTEST_MAIN(TestTlsPeers)
#include "tst_tlspeers.moc"
