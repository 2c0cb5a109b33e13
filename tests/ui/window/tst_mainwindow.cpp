// SPDX-License-Identifier: MIT
#include "clockmodel.h"
#include "clockview.h"
#include "events.h"
#include "eventsview.h"
#include "expectok.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "keysview.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "peersmodel.h"
#include "peerspanel.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "statuspanel.h"
#include "testsupport.h"
#include "timelinemodel.h"

#include <QAbstractButton>
#include <QMessageBox>
#include <QPointer>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace sb;

// End to end: the whole window against the real sbpeer binary.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void editInTheKeysTableArrivesAtAnSbpeer();
    void remoteChangeAppearsInTheTableTheClockAndTheTimeline();
    void statusBarAndPeersPanelShowTheSyncedPeer();
    void peersThatDialUsAreAcceptedWhenListening();
    void newEventsReplicaShowsTheEventsLog();
    void replacingAReplicaThatHoldsDataAsksFirst();

private:
    QModelIndex keyIndex(const QString &key, int column) const;

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    ReplicaSession *m_session = nullptr;
    MainWindow *m_window = nullptr;
};

void TestMainWindow::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestMainWindow::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_session = m_app->session.get();
    m_window = m_app->showWindowOnNewModel(QStringLiteral("SCOPE"));
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMainWindow::cleanup()
{
    m_app.reset();
}

QModelIndex TestMainWindow::keyIndex(const QString &key, int column) const
{
    KeysModel *keys = m_window->models()->keys();
    const int row = keys->rowOfKey(key);
    if (row < 0)
        return {};
    return m_window->keysView()->proxy()->mapFromSource(keys->index(row, column));
}

void TestMainWindow::editInTheKeysTableArrivesAtAnSbpeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--set"), QStringLiteral("greeting=\"hello\"")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    QTRY_VERIFY(keyIndex(QStringLiteral("greeting"), KeysModel::ValueColumn).isValid());

    QVERIFY(TestSupport::editCell(m_window->keysView()->table(),
                                  keyIndex(QStringLiteral("greeting"), KeysModel::ValueColumn),
                                  QStringLiteral("{\"text\": \"bye\", \"n\": 2}")));
    QTRY_COMPARE(sbpeer.dump(), QByteArray("{\"greeting\":{\"text\":\"bye\",\"n\":2}}"));
}

void TestMainWindow::remoteChangeAppearsInTheTableTheClockAndTheTimeline()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("NODEPEER")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);

    sbpeer.send("set colour=\"blue\"");
    QTRY_COMPARE(keyIndex(QStringLiteral("colour"), KeysModel::ValueColumn).data().toString(),
                 QStringLiteral("\"blue\""));
    QCOMPARE(keyIndex(QStringLiteral("colour"), KeysModel::SourceColumn).data().toString(),
             QStringLiteral("NODEPEER"));
    QVERIFY(keyIndex(QStringLiteral("colour"), KeysModel::KeyColumn)
                    .data(Qt::BackgroundRole)
                    .isValid());

    ClockModel *clock = m_window->clockView()->model();
    QTRY_VERIFY(clock->rowOfSource(QStringLiteral("NODEPEER")) >= 0);
    const int row = clock->rowOfSource(QStringLiteral("NODEPEER"));
    QTRY_COMPARE(clock->index(row, ClockModel::HeldColumn).data().toString(), QStringLiteral("1"));
    QTRY_COMPARE(clock->columnCount(), ClockModel::FirstPeerColumn + 1);
    QTRY_COMPARE(clock->relation(row, ClockModel::FirstPeerColumn), ClockModel::Relation::Equal);

    TimelineModel *timeline = m_window->models()->timeline();
    QTRY_COMPARE(timeline->rowCount(), 1);
    QCOMPARE(timeline->entryAt(0).update.key(), QStringLiteral("colour"));
    QCOMPARE(timeline->lanes(), std::vector<QString>{QStringLiteral("NODEPEER")});

    // And our edit makes the peer level with us on our own source.
    m_window->models()->keys()->setValueJson(QStringLiteral("mine"), QStringLiteral("1"));
    clock->refresh();
    const int own = clock->rowOfSource(QStringLiteral("SCOPE"));
    QVERIFY(own >= 0);
    QTRY_COMPARE(clock->relation(own, ClockModel::FirstPeerColumn), ClockModel::Relation::Equal);
}

void TestMainWindow::statusBarAndPeersPanelShowTheSyncedPeer()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--set"), QStringLiteral("a=1"), QStringLiteral("--set"),
                          QStringLiteral("b=2")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    StatusPanel *status = m_window->statusPanel();
    status->refresh();
    QCOMPARE(status->peersText(), QStringLiteral("1 peer connected"));
    QVERIFY(status->syncText().contains(QStringLiteral("In sync")));

    PeersModel *peers = m_window->peersPanel()->model();
    QCOMPARE(peers->rowCount(), 1);
    QCOMPARE(peers->index(0, PeersModel::StateColumn).data().toString(), QStringLiteral("synced"));
    QTRY_COMPARE(peers->index(0, PeersModel::UpdatesInColumn).data().toString(),
                 QStringLiteral("2"));
    QVERIFY(peers->index(0, PeersModel::BytesInColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("bytes")));
}

void TestMainWindow::peersThatDialUsAreAcceptedWhenListening()
{
    QVERIFY(!m_session->listen(QHostAddress::LocalHost, 0));
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.connectTo(QStringLiteral("127.0.0.1:%1").arg(m_session->listenPort()),
                             {QStringLiteral("--set"), QStringLiteral("from-dialer=true")}));
    QTRY_VERIFY(keyIndex(QStringLiteral("from-dialer"), KeysModel::ValueColumn).isValid());
    PeersModel *peers = m_window->peersPanel()->model();
    QCOMPARE(peers->rowCount(), 1);
    QCOMPARE(peers->index(0, PeersModel::DirectionColumn).data().toString(),
             QStringLiteral("← accepted"));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("listening on 127.0.0.1:")));
}

void TestMainWindow::newEventsReplicaShowsTheEventsLog()
{
    m_window->newReplica(sb::Events::kTypeName);
    QCOMPARE(m_session->replica()->typeName(), QString(sb::Events::kTypeName));
    auto *central = qobject_cast<QStackedWidget *>(m_window->centralWidget());
    QCOMPARE(central->currentWidget(), m_window->eventsView());
    QVERIFY(m_window->models()->events());
    QVERIFY(!m_window->models()->keys());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Events")));
}

void TestMainWindow::replacingAReplicaThatHoldsDataAsksFirst()
{
    expectOk(m_session->model()->set(QStringLiteral("precious"), JsonValue(true)));
    m_window->newReplica(sb::Events::kTypeName);
    QPointer<QMessageBox> box = m_window->findChild<QMessageBox *>();
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("holding 1 update")));
    QCOMPARE(m_session->replica()->typeName(), QString(sb::Model::kTypeName)); // nothing yet

    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QCOMPARE(m_session->replica()->typeName(), QString(sb::Model::kTypeName));
    QTRY_VERIFY(!box); // closed and deleted

    m_window->newReplica(sb::Events::kTypeName);
    box = m_window->findChild<QMessageBox *>();
    QTRY_VERIFY(box && box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QCOMPARE(m_session->replica()->typeName(), QString(sb::Events::kTypeName));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
