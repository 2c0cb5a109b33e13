// SPDX-License-Identifier: MIT
#include "events.h"
#include "eventsmodel.h"
#include "eventsview.h"
#include "messagebar.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "server.h"
#include "testsupport.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace sb;

class TestEventsView : public QObject
{
    Q_OBJECT

private slots:
    void emittedEventIsLoggedAndReachesTheRemotePeer();
    void refusesDataThatIsNotJson();
    void refusesDataNestedDeeperThanPeersTake();
    void remoteEventsAppearInTheLog();
};

void TestEventsView::emittedEventIsLoggedAndReachesTheRemotePeer()
{
    Events remote(QStringLiteral("REMOTE"));
    Server server(&remote, {});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    ReplicaSession session;
    session.newReplica(sb::Events::kTypeName, QStringLiteral("LOCAL"));
    PeerConnection *peer = session.connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(server.serverPort())).value());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);

    EventsModel model(session.events());
    EventsView view;
    view.setModel(&model);
    TestSupport::watchModels(&view);
    view.show();
    QTest::keyClicks(view.eventEdit(), QStringLiteral("deploy"));
    QTest::keyClicks(view.dataEdit(), QStringLiteral("{\"version\": \"1.2\"}"));
    QTest::mouseClick(view.emitButton(), Qt::LeftButton);

    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, EventsModel::EventColumn).data().toString(), QStringLiteral("deploy"));
    QCOMPARE(model.index(0, EventsModel::DataColumn).data().toString(),
             QStringLiteral("{\"version\":\"1.2\"}"));
    QVERIFY(view.dataEdit()->text().isEmpty());
    QTRY_COMPARE(remote.events(QStringLiteral("deploy")).size(), 1);
    QCOMPARE(remote.events(QStringLiteral("deploy")).constFirst().value(),
             QByteArray("{\"version\":\"1.2\"}"));
}

void TestEventsView::refusesDataThatIsNotJson()
{
    Events events(QStringLiteral("LOCAL"));
    EventsModel model(&events);
    EventsView view;
    view.setModel(&model);
    TestSupport::watchModels(&view);
    view.show();
    QTest::keyClicks(view.eventEdit(), QStringLiteral("deploy"));
    QTest::keyClicks(view.dataEdit(), QStringLiteral("version 1.2"));
    QTest::keyClick(view.dataEdit(), Qt::Key_Return);
    QCOMPARE(events.updateCount(), 0);
    QVERIFY(view.messageBar()->isVisible());
    QVERIFY2(view.messageBar()->text().contains(QStringLiteral("\"deploy\"")),
             qPrintable(view.messageBar()->text()));
    QVERIFY(view.messageBar()->text().contains(QStringLiteral("not valid JSON")));
    QVERIFY2(view.messageBar()->text().startsWith(
                     QStringLiteral("Event \"deploy\" not emitted: the value is not valid JSON: ")),
             qPrintable(view.messageBar()->text()));
    QVERIFY(view.messageBar()->text().endsWith(
            QStringLiteral(". Strings need double quotes, e.g. \"text\".")));
    QCOMPARE(view.dataEdit()->text(), QStringLiteral("version 1.2")); // kept for fixing
}

void TestEventsView::refusesDataNestedDeeperThanPeersTake()
{
    Events events(QStringLiteral("LOCAL"));
    EventsModel model(&events);
    EventsView view;
    view.setModel(&model);
    TestSupport::watchModels(&view);
    view.show();
    const QString tooDeep = QString(63, u'[') + QString(63, u']');
    QTest::keyClicks(view.eventEdit(), QStringLiteral("deploy"));
    view.dataEdit()->setText(tooDeep);
    QTest::keyClick(view.dataEdit(), Qt::Key_Return);

    QCOMPARE(events.updateCount(), 0);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(view.messageBar()->severity(), Severity::Error);
    QCOMPARE(view.messageBar()->text(),
             QStringLiteral("Event \"deploy\" not emitted: the value nests 63 levels deep, more "
                            "than the 62 that every peer takes."));
    QCOMPARE(view.dataEdit()->text(), tooDeep); // kept for fixing
}

void TestEventsView::remoteEventsAppearInTheLog()
{
    Events events(QStringLiteral("LOCAL"));
    EventsModel model(&events);
    EventsView view;
    view.setModel(&model);
    TestSupport::watchModels(&view);
    for (int i = 0; i < 50; ++i)
        events.receive(Update(QStringLiteral("tick"), QByteArray::number(i), 9e12 + i,
                              QStringLiteral("PEER")));
    QTRY_COMPARE(model.rowCount(), 50);
    QCOMPARE(model.index(49, EventsModel::SourceColumn).data().toString(), QStringLiteral("PEER"));
    QCOMPARE(model.heldCounts().value(QStringLiteral("PEER")), 50);
}

QTEST_MAIN(TestEventsView)
#include "tst_eventsview.moc"
