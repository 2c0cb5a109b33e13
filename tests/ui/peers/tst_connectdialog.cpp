// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "connectdialog.h"
#include "expectok.h"
#include "listendialog.h"
#include "model.h"
#include "peerconnection.h"
#include "peerspanel.h"
#include "replicasession.h"
#include "server.h"
#include "testsupport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace sb;

class TestConnectDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rejectsABadPortWithAMessage_data();
    void rejectsABadPortWithAMessage();
    void rejectsMetaThatIsNotJson();
    void acceptsAValidPeer();
    void recentPeerFillsTheFields();
    void connectingFromThePeersPanelDialsAndRemembersThePeer();
    void listenDialogRefusesAPortInUse();

private:
    static void clickOk(QDialog *dialog);
    QTemporaryDir m_settings;
};

void TestConnectDialog::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestConnectDialog::clickOk(QDialog *dialog)
{
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton);
}

void TestConnectDialog::rejectsABadPortWithAMessage_data()
{
    QTest::addColumn<QString>("port");
    QTest::newRow("empty") << "";
    QTest::newRow("zero") << "0";
    QTest::newRow("just too large") << "65536";
    QTest::newRow("far too large") << "70000";
    QTest::newRow("negative") << "-1";
    QTest::newRow("a word") << "http";
    QTest::newRow("fraction") << "80.5";
}

void TestConnectDialog::rejectsABadPortWithAMessage()
{
    QFETCH(QString, port);
    ConnectDialog dialog({});
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.open();
    QTest::keyClicks(dialog.portEdit(), port);
    clickOk(&dialog);
    QVERIFY(dialog.isVisible());
    QCOMPARE(accepted.size(), 0);
    QVERIFY2(dialog.errorText().contains(QStringLiteral("port")), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.errorText().contains(QStringLiteral("65535")), qPrintable(dialog.errorText()));
}

void TestConnectDialog::rejectsMetaThatIsNotJson()
{
    ConnectDialog dialog({});
    dialog.open();
    dialog.portEdit()->setText(QStringLiteral("9000"));
    QTest::keyClicks(dialog.metaEdit(), QStringLiteral("{role: client}"));
    clickOk(&dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(QStringLiteral("meta is not valid JSON")),
             qPrintable(dialog.errorText()));
}

void TestConnectDialog::acceptsAValidPeer()
{
    ConnectDialog dialog({});
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.open();
    dialog.hostEdit()->setText(QStringLiteral("example.org"));
    dialog.portEdit()->setText(QStringLiteral("9000"));
    dialog.dialectBox()->setCurrentIndex(2);
    dialog.metaEdit()->setText(QStringLiteral("{\"role\":\"client\"}"));
    dialog.nameEdit()->setText(QStringLiteral("staging"));
    clickOk(&dialog);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.spec().address(), QStringLiteral("example.org:9000"));
    QCOMPARE(dialog.spec().dialect, Dialect::Choice::V4);
    QCOMPARE(dialog.spec().meta.toObject().value(u"role").toString(), QStringLiteral("client"));
    QCOMPARE(dialog.spec().label(), QStringLiteral("staging"));
}

void TestConnectDialog::recentPeerFillsTheFields()
{
    PeerSpec spec = PeerSpec::fromAddress(QStringLiteral("10.1.2.3:4567")).value();
    spec.name = QStringLiteral("lab");
    ConnectDialog dialog({spec});
    auto *recent = dialog.findChild<QComboBox *>();
    QCOMPARE(recent->count(), 2);
    recent->setCurrentIndex(1);
    emit recent->activated(1);
    QCOMPARE(dialog.hostEdit()->text(), QStringLiteral("10.1.2.3"));
    QCOMPARE(dialog.portEdit()->text(), QStringLiteral("4567"));
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("lab"));
}

void TestConnectDialog::connectingFromThePeersPanelDialsAndRemembersThePeer()
{
    Model remote(QStringLiteral("REMOTE"));
    expectOk(remote.set(QStringLiteral("hello"), JsonValue(QStringLiteral("world"))));
    Server server(&remote, {});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    PeersPanel panel(&session);
    panel.show();
    panel.connectAction()->trigger();
    auto *dialog = panel.findChild<ConnectDialog *>();
    QVERIFY(dialog);
    dialog->hostEdit()->setText(QStringLiteral("127.0.0.1"));
    dialog->portEdit()->setText(QString::number(server.serverPort()));
    clickOk(dialog);

    QCOMPARE(session.peers().size(), 1);
    QTRY_COMPARE(session.peers().constFirst()->state(), PeerConnection::State::Synced);
    QCOMPARE(session.model()->get(QStringLiteral("hello")).toString(), QStringLiteral("world"));
    QCOMPARE(AppSettings::recentPeers().constFirst().port, server.serverPort());
}

void TestConnectDialog::listenDialogRefusesAPortInUse()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::Any, 0));
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName);
    ListenDialog dialog(&session);
    dialog.open();
    dialog.portEdit()->setText(QString::number(squatter.serverPort()));
    clickOk(&dialog);
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().contains(QString::number(squatter.serverPort())),
             qPrintable(dialog.errorText()));
    QVERIFY(!session.isListening());

    dialog.portEdit()->setText(QStringLiteral("0"));
    clickOk(&dialog);
    QVERIFY(!dialog.isVisible());
    QVERIFY(session.isListening());
}

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
