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

#include <functional>
#include <memory>

using namespace sb;

// The Provenance dock against a node program using the real npm scuttlebutt,
// 5.6.15 and 4.1.1 (nodepeer.js), and against the sbpeer binary: a local value
// that the peer's newer update superseded, both shown, and why the peer's holds.
class TestProvenanceNode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aLocalValueSupersededByANodePeer_data();
    void aLocalValueSupersededByANodePeer();
    void aLocalValueSupersededByAnSbpeer();

private:
    // Our "red" for colour reaches the peer (remoteTookOurs), which then sets
    // "blue", later: both rows, where each came from, and why blue holds.
    void supersededByAPeer(const QString &remoteId, quint16 port, sb::Dialect::Choice dialect,
                           const std::function<bool()> &remoteTookOurs,
                           const std::function<void()> &remoteSetsBlue);

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
    // A 4.x peer that holds nothing sends no update to be recognised by:
    // its dialect is named, as the README says to.
    supersededByAPeer(
            QStringLiteral("NODE"), node.port(),
            version == u"4" ? Dialect::Choice::V4 : Dialect::Choice::Auto,
            [&node] {
                return node.changeOf(QStringLiteral("colour"))
                               .value(QStringLiteral("source"))
                               .toString()
                        == u"SCOPE";
            },
            [&node] { node.set(QStringLiteral("colour"), "\"blue\""); });
}

void TestProvenanceNode::aLocalValueSupersededByAnSbpeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER")}));
    supersededByAPeer(
            QStringLiteral("SBPEER"), sbpeer.port(), Dialect::Choice::Auto,
            [&sbpeer] { return sbpeer.dump() == "{\"colour\":\"red\"}"; },
            [&sbpeer] { sbpeer.send("set colour=\"blue\""); });
}

void TestProvenanceNode::supersededByAPeer(const QString &remoteId, quint16 port,
                                           Dialect::Choice dialect,
                                           const std::function<bool()> &remoteTookOurs,
                                           const std::function<void()> &remoteSetsBlue)
{
    AppUnderTest app;
    app.session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    MainWindow *window = app.createWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(app.session->model()->set(QStringLiteral("colour"), JsonValue(QStringLiteral("red"))));
    window->keysView()->selectKey(QStringLiteral("colour"));
    ProvenanceModel *model = window->provenanceView()->model();
    QTRY_COMPARE(model->key(), QStringLiteral("colour"));

    const QString address = QStringLiteral("127.0.0.1:%1").arg(port);
    PeerSpec spec = PeerSpec::fromAddress(address).value();
    spec.dialect = dialect;
    PeerConnection *peer = app.session->connectToPeer(spec);
    QTRY_COMPARE_WITH_TIMEOUT(peer->state(), PeerConnection::State::Synced, 10000);
    // The peer took ours, then writes its own, later.
    QTRY_VERIFY(remoteTookOurs());
    remoteSetsBlue();
    QTRY_COMPARE(model->rowCount(), 2);

    const auto cell
            = [&](int row, int column) { return model->index(row, column).data().toString(); };
    QCOMPARE(cell(0, ProvenanceModel::ValueColumn), QStringLiteral("\"blue\""));
    QCOMPARE(cell(0, ProvenanceModel::SourceColumn), remoteId);
    QCOMPARE(cell(0, ProvenanceModel::OutcomeColumn), QStringLiteral("current"));
    QVERIFY2(cell(0, ProvenanceModel::FromColumn).contains(address),
             qPrintable(cell(0, ProvenanceModel::FromColumn)));
    QCOMPARE(cell(0, ProvenanceModel::SignatureColumn), QStringLiteral("unsigned"));
    QCOMPARE(cell(1, ProvenanceModel::ValueColumn), QStringLiteral("\"red\""));
    QCOMPARE(cell(1, ProvenanceModel::SourceColumn), QStringLiteral("SCOPE"));
    QCOMPARE(cell(1, ProvenanceModel::OutcomeColumn), QStringLiteral("superseded"));
    QCOMPARE(cell(1, ProvenanceModel::FromColumn), QStringLiteral("local edit"));
    const QString why = window->provenanceView()->whyLabel()->text();
    QVERIFY2(why.startsWith(remoteId + QStringLiteral("'s update of")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("wins over SCOPE's update")), qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": later timestamp.")), qPrintable(why));
    QCOMPARE(app.session->model()->get(QStringLiteral("colour")),
             JsonValue(QStringLiteral("blue")));
}

QTEST_MAIN(TestProvenanceNode)
#include "tst_provenancenode.moc"
