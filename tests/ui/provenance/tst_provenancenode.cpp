// SPDX-License-Identifier: MIT
#include "keysview.h"
#include "mainwindow.h"
#include "model.h"
#include "nodepeerprocess.h"
#include "peerconnection.h"
#include "provenancemodel.h"
#include "provenanceview.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QLabel>
#include <QTest>

#include <memory>

using namespace sb;

// The Provenance dock against a node program using the real npm scuttlebutt,
// 5.6.15 and 4.1.1 (nodepeer.js): a local value that node's newer update
// superseded, both shown, and why node's value holds.
class TestProvenanceNode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aLocalValueSupersededByANodePeer_data();
    void aLocalValueSupersededByANodePeer();
    void aLocalValueSupersededByAnSbpeer();

private:
    QTemporaryDir m_settings;
};

void TestProvenanceNode::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestProvenanceNode::aLocalValueSupersededByANodePeer_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("scuttlebutt 5.6.15") << QStringLiteral("5");
    QTest::newRow("scuttlebutt 4.1.1") << QStringLiteral("4");
}

void TestProvenanceNode::aLocalValueSupersededByANodePeer()
{
    QFETCH(QString, version);
    NodePeer node;
    QVERIFY(node.serve(version, QStringLiteral("NODE")));
    AppUnderTest app;
    app.session->newReplica(Scuttlebutt::Kind::Model, QStringLiteral("SCOPE"));
    MainWindow *window = app.createWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(app.session->model()->set(QStringLiteral("colour"), JsonValue(QStringLiteral("red"))));
    window->keysView()->selectKey(QStringLiteral("colour"));
    ProvenanceModel *model = window->provenanceView()->model();
    QTRY_COMPARE(model->key(), QStringLiteral("colour"));

    const QString address = QStringLiteral("127.0.0.1:%1").arg(node.port());
    PeerSpec spec = PeerSpec::fromAddress(address).value();
    // A 4.x peer that holds nothing sends no update to be recognised by:
    // its dialect is named, as the README says to.
    spec.dialect = version == u"4" ? Dialect::Choice::V4 : Dialect::Choice::Auto;
    PeerConnection *peer = app.session->connectToPeer(spec);
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    // Node took ours, then writes its own, later.
    QTRY_COMPARE(node.changeOf(QStringLiteral("colour")).value(QStringLiteral("source")).toString(),
                 QStringLiteral("SCOPE"));
    node.set(QStringLiteral("colour"), "\"blue\"");
    QTRY_COMPARE(model->rowCount(), 2);

    const auto cell
            = [&](int row, int column) { return model->index(row, column).data().toString(); };
    QCOMPARE(cell(0, ProvenanceModel::ValueColumn), QStringLiteral("\"blue\""));
    QCOMPARE(cell(0, ProvenanceModel::SourceColumn), QStringLiteral("NODE"));
    QCOMPARE(cell(0, ProvenanceModel::OutcomeColumn), QStringLiteral("current"));
    QVERIFY2(cell(0, ProvenanceModel::FromColumn).contains(address),
             qPrintable(cell(0, ProvenanceModel::FromColumn)));
    QCOMPARE(cell(0, ProvenanceModel::SignatureColumn), QStringLiteral("unsigned"));
    QCOMPARE(cell(1, ProvenanceModel::ValueColumn), QStringLiteral("\"red\""));
    QCOMPARE(cell(1, ProvenanceModel::SourceColumn), QStringLiteral("SCOPE"));
    QCOMPARE(cell(1, ProvenanceModel::OutcomeColumn), QStringLiteral("superseded"));
    QCOMPARE(cell(1, ProvenanceModel::FromColumn), QStringLiteral("local edit"));
    const QString why = window->provenanceView()->whyLabel()->text();
    QVERIFY2(why.startsWith(QStringLiteral("NODE's update of")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("wins over SCOPE's update")), qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": later timestamp.")), qPrintable(why));
    QCOMPARE(app.session->model()->get(QStringLiteral("colour")),
             JsonValue(QStringLiteral("blue")));
}

// The same with the sbpeer binary as the peer.
void TestProvenanceNode::aLocalValueSupersededByAnSbpeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER")}));
    AppUnderTest app;
    app.session->newReplica(Scuttlebutt::Kind::Model, QStringLiteral("SCOPE"));
    MainWindow *window = app.createWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(app.session->model()->set(QStringLiteral("colour"), JsonValue(QStringLiteral("red"))));
    window->keysView()->selectKey(QStringLiteral("colour"));
    ProvenanceModel *model = window->provenanceView()->model();
    QTRY_COMPARE(model->key(), QStringLiteral("colour"));

    const QString address = QStringLiteral("127.0.0.1:%1").arg(sbpeer.port());
    PeerConnection *peer = app.session->connectToPeer(PeerSpec::fromAddress(address).value());
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    QTRY_COMPARE(sbpeer.dump(), QByteArray("{\"colour\":\"red\"}"));
    sbpeer.send("set colour=\"blue\"");
    QTRY_COMPARE(model->rowCount(), 2);

    const auto cell
            = [&](int row, int column) { return model->index(row, column).data().toString(); };
    QCOMPARE(cell(0, ProvenanceModel::ValueColumn), QStringLiteral("\"blue\""));
    QCOMPARE(cell(0, ProvenanceModel::SourceColumn), QStringLiteral("SBPEER"));
    QCOMPARE(cell(0, ProvenanceModel::OutcomeColumn), QStringLiteral("current"));
    QVERIFY2(cell(0, ProvenanceModel::FromColumn).contains(address),
             qPrintable(cell(0, ProvenanceModel::FromColumn)));
    QCOMPARE(cell(1, ProvenanceModel::SourceColumn), QStringLiteral("SCOPE"));
    QCOMPARE(cell(1, ProvenanceModel::OutcomeColumn), QStringLiteral("superseded"));
    const QString why = window->provenanceView()->whyLabel()->text();
    QVERIFY2(why.startsWith(QStringLiteral("SBPEER's update of")), qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": later timestamp.")), qPrintable(why));
}

QTEST_MAIN(TestProvenanceNode)
#include "tst_provenancenode.moc"
