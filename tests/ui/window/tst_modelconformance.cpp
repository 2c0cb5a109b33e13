// SPDX-License-Identifier: MIT
#include "events.h"
#include "eventsview.h"
#include "filterlineedit.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "keysview.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "provenanceview.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "testsupport.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "wirefiltermodel.h"
#include "wiremodel.h"
#include "wireview.h"

#include <QComboBox>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace sb;

// Every item model of the window keeps Qt's model contract (as
// QAbstractItemModelTester checks it on each signal: rows and columns that
// exist, parents, signals that announce what changes) while a user and a peer
// do what they do: edits, deletes, a sync, live updates, filters, sorting,
// the Wire ring wrapping, the timeline trimmed, and the replica replaced.
class TestModelConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyModelKeepsTheContractThroughASyncAndLiveEdits();
    void everyModelKeepsTheContractWhenRingsWrapAndFiltersChange();
    void everyModelKeepsTheContractWhenTheReplicaIsReplaced();

private:
    // Puts a tester on each item model the window's views show and the window
    // or the session owns that has none yet; returns the class names of all
    // the models watched, one per model.
    QStringList watchModels();
    // Types the box's minimum and presses Return, as a user sets a capacity.
    static void setToMinimum(QSpinBox *box);

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    ReplicaSession *m_session = nullptr;
    MainWindow *m_window = nullptr;
};

void TestModelConformance::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestModelConformance::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_session = m_app->session.get();
    m_window = m_app->showWindowOnNewModel(QStringLiteral("SCOPE"));
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestModelConformance::cleanup()
{
    m_app.reset();
}

QStringList TestModelConformance::watchModels()
{
    QList<QAbstractItemModel *> models = TestSupport::watchModels(m_window);
    for (QAbstractItemModel *model : TestSupport::watchModels(m_session)) {
        if (!models.contains(model))
            models.append(model);
    }
    QStringList classNames;
    for (const QAbstractItemModel *model : std::as_const(models))
        classNames.append(QString::fromLatin1(model->metaObject()->className()));
    return classNames;
}

void TestModelConformance::setToMinimum(QSpinBox *box)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(box->minimum()));
    QTest::keyClick(box, Qt::Key_Return);
}

void TestModelConformance::everyModelKeepsTheContractThroughASyncAndLiveEdits()
{
    // Keys, its proxy, clocks, timeline, snapshot, peers, log, wire, its
    // filter, provenance: at least ten models on a Model replica. The models
    // of Compare, the Key Manager and a Doc's rows are not in the window
    // until asked for: their own tests watch them.
    const QStringList watched = watchModels();
    QVERIFY2(watched.size() >= 10, qPrintable(watched.join(u' ')));
    for (const char *className :
         {"KeysModel", "KeysProxyModel", "ClockModel", "TimelineModel", "SnapshotModel",
          "PeersModel", "LogModel", "WireModel", "WireFilterModel", "ProvenanceModel"})
        QVERIFY2(watched.contains(QLatin1String(className)), className);
    Model *model = m_session->model();
    QVERIFY(model);
    for (int i = 0; i < 20; ++i)
        QVERIFY(model->set(QStringLiteral("local:%1").arg(i), JsonValue(i)).ok());

    SbPeerProcess sbpeer;
    QStringList held;
    for (int i = 0; i < 40; ++i)
        held << QStringLiteral("--set")
             << QStringLiteral("remote:%1={\"n\":%1,\"text\":\"value %1\"}").arg(i);
    QVERIFY(sbpeer.serve(held + QStringList{QStringLiteral("--id"), QStringLiteral("PEER")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    KeysModel *keys = m_window->models()->keys();
    QTRY_COMPARE(keys->rowCount(), 60);
    watchModels();

    // Live: the peer changes and deletes keys while we edit and delete ours.
    for (int i = 0; i < 10; ++i) {
        sbpeer.send(QStringLiteral("set remote:%1=%2").arg(i).arg(i * 10).toUtf8());
        sbpeer.send(QStringLiteral("set fresh:%1=true").arg(i).toUtf8());
        QVERIFY(model->remove(QStringLiteral("local:%1").arg(i)).ok());
    }
    sbpeer.send("set remote:39=null");
    QTRY_COMPARE(sbpeer.dump().count("fresh:"), 10);
    QTRY_COMPARE(keys->rowCount(), 70); // deleted keys stay as rows until hidden

    // The user looks at a key's provenance, sorts and filters the table.
    m_window->keysView()->selectKey(QStringLiteral("remote:3"));
    KeysProxyModel *proxy = m_window->keysView()->proxy();
    for (int column = 0; column < proxy->columnCount(); ++column) {
        proxy->sort(column, Qt::AscendingOrder);
        proxy->sort(column, Qt::DescendingOrder);
    }
    proxy->setFilterText(QStringLiteral("remote"));
    QTRY_COMPARE(proxy->rowCount(), 39); // remote:39 is deleted, so hidden
    proxy->setShowDeleted(true);
    QTRY_COMPARE(proxy->rowCount(), 40);
    proxy->setFilterText(QString());
    QTRY_COMPARE(proxy->rowCount(), 70);
    proxy->setShowDeleted(false);
    QTRY_COMPARE(proxy->rowCount(), 59);
    watchModels();
}

void TestModelConformance::everyModelKeepsTheContractWhenRingsWrapAndFiltersChange()
{
    watchModels();
    WireView *wire = m_window->wireView();
    setToMinimum(wire->capacityBox());
    TimelinePanel *timeline = m_window->timelinePanel();
    setToMinimum(timeline->capacityBox());

    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("PEER")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    watchModels();

    // More lines and updates than either ring holds, so both drop their oldest.
    const int updates
            = qMax(wire->capacityBox()->minimum(), timeline->capacityBox()->minimum()) + 50;
    for (int i = 0; i < updates; ++i)
        sbpeer.send(QStringLiteral("set k%1=%2").arg(i % 7).arg(i).toUtf8());
    QTRY_COMPARE_WITH_TIMEOUT(
            m_session->model()->entry(QStringLiteral("k%1").arg((updates - 1) % 7)).value(),
            QByteArray::number(updates - 1), 20000);
    QTRY_COMPARE(m_window->wireModel()->rowCount(), wire->capacityBox()->minimum());
    QTRY_COMPARE(m_window->models()->timeline()->rowCount(), timeline->capacityBox()->minimum());

    // Filters of the Wire dock, each kind in turn, and a search.
    for (int kind = 0; kind < wire->kindBox()->count(); ++kind)
        wire->kindBox()->setCurrentIndex(kind);
    wire->kindBox()->setCurrentIndex(0);
    wire->searchEdit()->setText(QStringLiteral("key:k3"));
    QTRY_VERIFY(wire->filter()->rowCount() > 0);
    wire->searchEdit()->clear();
    timeline->travelTo(0);
    timeline->goLive();
    m_window->wireModel()->clear();
    QTRY_COMPARE(m_window->wireModel()->rowCount(), 0);
}

void TestModelConformance::everyModelKeepsTheContractWhenTheReplicaIsReplaced()
{
    watchModels();
    Model *model = m_session->model();
    for (int i = 0; i < 10; ++i)
        QVERIFY(model->set(QStringLiteral("key:%1").arg(i), JsonValue(i)).ok());
    QTRY_COMPARE(m_window->models()->keys()->rowCount(), 10);

    m_session->newReplica(sb::Events::kTypeName, QStringLiteral("LOG"));
    QVERIFY(m_session->events());
    QVERIFY(watchModels().contains(QStringLiteral("EventsModel")));
    for (int i = 0; i < 10; ++i)
        QVERIFY(m_session->events()->emitEvent(QStringLiteral("joined"), JsonValue(i)).ok());
    QTRY_COMPARE(m_window->eventsView()->table()->model()->rowCount(), 10);

    m_session->newReplica(sb::Model::kTypeName, QStringLiteral("AGAIN"));
    watchModels();
    QVERIFY(m_session->model()->set(QStringLiteral("back"), JsonValue(true)).ok());
    QTRY_COMPARE(m_window->models()->keys()->rowCount(), 1);
}

QTEST_MAIN(TestModelConformance)
#include "tst_modelconformance.moc"
