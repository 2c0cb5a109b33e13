// SPDX-License-Identifier: MIT
#include "clockmodel.h"
#include "clockview.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "keysview.h"
#include "mainwindow.h"
#include "model.h"
#include "nodepeerprocess.h"
#include "peerconnection.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "testsupport.h"
#include "timelinemodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace sb;

// The window against a node program using npm scuttlebutt, in both dialects:
// what node sets shows live in the keys, the clock and the timeline, and an
// edit made in the table arrives at node.
class TestNodePeer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void changesFlowBothWaysWithANodePeer_data();
    void changesFlowBothWaysWithANodePeer();

private:
    QModelIndex keyIndex(const QString &key, int column) const;

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    MainWindow *m_window = nullptr;
};

void TestNodePeer::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestNodePeer::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    m_window = m_app->createWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestNodePeer::cleanup()
{
    m_app.reset();
}

QModelIndex TestNodePeer::keyIndex(const QString &key, int column) const
{
    KeysModel *keys = m_window->models()->keys();
    const int row = keys->rowOfKey(key);
    if (row < 0)
        return {};
    return m_window->keysView()->proxy()->mapFromSource(keys->index(row, column));
}

void TestNodePeer::changesFlowBothWaysWithANodePeer_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("npm scuttlebutt 5.6.15") << QStringLiteral("5");
    QTest::newRow("npm scuttlebutt 4.1.1") << QStringLiteral("4");
}

void TestNodePeer::changesFlowBothWaysWithANodePeer()
{
    QFETCH(QString, version);
    NodePeer node;
    QVERIFY2(node.serve(version, QStringLiteral("NODE")), "nodepeer.js did not start listening");
    node.set(QStringLiteral("before"), "{\"held\":\"already\"}");

    PeerConnection *peer = m_app->dial(node.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    QTRY_COMPARE(keyIndex(QStringLiteral("before"), KeysModel::ValueColumn).data().toString(),
                 QStringLiteral("{\"held\":\"already\"}"));

    // Live, after the sync: table, clock and timeline.
    node.set(QStringLiteral("colour"), "[\"blue\",7]");
    QTRY_COMPARE(keyIndex(QStringLiteral("colour"), KeysModel::ValueColumn).data().toString(),
                 QStringLiteral("[\"blue\",7]"));
    QCOMPARE(keyIndex(QStringLiteral("colour"), KeysModel::SourceColumn).data().toString(),
             QStringLiteral("NODE"));
    ClockModel *clock = m_window->clockView()->model();
    QTRY_VERIFY(clock->rowOfSource(QStringLiteral("NODE")) >= 0);
    const int row = clock->rowOfSource(QStringLiteral("NODE"));
    QTRY_COMPARE(clock->index(row, ClockModel::HeldColumn).data().toString(), QStringLiteral("2"));
    TimelineModel *timeline = m_window->models()->timeline();
    // 4.1.1 sends an update made before the stream began twice, in its
    // history and live: the timeline shows the second as old data.
    const int sentTwice = version == u"4" ? 1 : 0;
    QTRY_COMPARE(timeline->rowCount(), 2 + sentTwice);
    QCOMPARE(timeline->entryAt(0).update.key(), QStringLiteral("before"));
    QCOMPARE(timeline->entryAt(0).kind, TimelineEntry::Kind::Applied);
    if (sentTwice)
        QCOMPARE(timeline->entryAt(1).kind, TimelineEntry::Kind::OldData);
    QCOMPARE(timeline->entryAt(1 + sentTwice).update.key(), QStringLiteral("colour"));
    QCOMPARE(timeline->entryAt(1 + sentTwice).kind, TimelineEntry::Kind::Applied);
    QCOMPARE(timeline->lanes(), std::vector<QString>{QStringLiteral("NODE")});

    // An edit typed into the table reaches node, from our source.
    QVERIFY(TestSupport::editCell(m_window->keysView()->table(),
                                  keyIndex(QStringLiteral("colour"), KeysModel::ValueColumn),
                                  QStringLiteral("{\"edited\": true}")));
    QTRY_COMPARE(node.changeOf(QStringLiteral("colour")).value(QStringLiteral("value")).toObject(),
                 QJsonObject({{QStringLiteral("edited"), true}}));
    QCOMPARE(node.changeOf(QStringLiteral("colour")).value(QStringLiteral("source")).toString(),
             QStringLiteral("SCOPE"));
    QTRY_VERIFY(clock->rowOfSource(QStringLiteral("SCOPE")) >= 0);
    QTRY_COMPARE(clock->relation(clock->rowOfSource(QStringLiteral("SCOPE")),
                                 ClockModel::FirstPeerColumn),
                 ClockModel::Relation::Equal);
}

QTEST_MAIN(TestNodePeer)
#include "tst_nodepeer.moc"
