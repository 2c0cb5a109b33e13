// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "jsoncodec.h"
#include "keysview.h"
#include "mainwindow.h"
#include "model.h"
#include "provenancemodel.h"
#include "provenanceview.h"
#include "replicasession.h"
#include "sessionprovenance.h"
#include "stream.h"
#include "testsupport.h"

#include <QDateTime>
#include <QLabel>
#include <QTableView>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sb;
using Fate = ProvenanceEntry::Fate;

// Selecting a key shows every update for it seen this session, newest first,
// what became of each, and why the key holds the value it holds.
class TestProvenanceView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void aLocalValueOverwrittenByAPeerShowsBothWithThePeersAsCurrent();
    void anOlderUpdateFromAPeerShowsAsOldData();
    void aTieIsBrokenByTheGreaterSourceId();
    void anUpdateStampedTooFarAheadShowsAsRejectedWithItsReason();
    void aKeyKeepsOnlyItsNewestUpdatesPastTheCap();
    void aFullSyncKeepsOnlyTheMostRecentUpdatesForKeysNobodySelected();

private:
    // Selects key in the keys table, as a click does, and waits for the dock.
    void select(const QString &key);
    // A peer that says it is source and sends lines as they are given.
    std::unique_ptr<QTcpSocket> rawPeer(const QByteArray &source);
    static QByteArray line(const QString &key, const QByteArray &value, double stamp,
                           const QByteArray &source);
    // Each row as "SOURCE value fate from", newest first.
    QStringList rows() const;

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    MainWindow *m_window = nullptr;
    ProvenanceView *m_view = nullptr;
    ProvenanceModel *m_model = nullptr;
};

void TestProvenanceView::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestProvenanceView::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    QVERIFY(!m_app->session->listen(QHostAddress::LocalHost, 0));
    m_window = m_app->createWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_view = m_window->provenanceView();
    m_model = m_view->model();
    // The dock's model alone: the window's other models hold the thousands of
    // keys of a full sync here, which a tester would walk on every signal.
    TestSupport::watchModel(m_model);
}

void TestProvenanceView::cleanup()
{
    m_app.reset();
}

void TestProvenanceView::select(const QString &key)
{
    m_window->keysView()->selectKey(key);
    QTRY_COMPARE(m_model->key(), key);
    QCOMPARE(m_view->keyLabel()->text(), QStringLiteral("Key %1").arg(key));
}

std::unique_ptr<QTcpSocket> TestProvenanceView::rawPeer(const QByteArray &source)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, m_app->session->listenPort());
    if (!socket->waitForConnected(5000))
        return nullptr;
    socket->write("{\"id\":\"" + source + "\",\"clock\":{}}\n\"SYNC\"\n");
    return socket;
}

QByteArray TestProvenanceView::line(const QString &key, const QByteArray &value, double stamp,
                                    const QByteArray &source)
{
    QByteArray text = "[[";
    JsonCodec::appendString(text, key);
    return text + ',' + value + "]," + JsonCodec::numberToString(stamp) + ",\"" + source + "\"]\n";
}

QStringList TestProvenanceView::rows() const
{
    QStringList result;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const auto cell = [&](int column) { return m_model->index(row, column).data().toString(); };
        result.append(QStringLiteral("%1 %2 %3 %4")
                              .arg(cell(ProvenanceModel::SourceColumn),
                                   cell(ProvenanceModel::ValueColumn),
                                   cell(ProvenanceModel::OutcomeColumn),
                                   cell(ProvenanceModel::FromColumn)));
    }
    return result;
}

void TestProvenanceView::aLocalValueOverwrittenByAPeerShowsBothWithThePeersAsCurrent()
{
    QVERIFY(m_app->session->model()->set(QStringLiteral("colour"),
                                         JsonValue(QStringLiteral("red"))));
    select(QStringLiteral("colour"));
    QCOMPARE(rows(), QStringList{QStringLiteral("SCOPE \"red\" current local edit")});
    QVERIFY2(m_view->whyLabel()->text().contains(QStringLiteral("the only update")),
             qPrintable(m_view->whyLabel()->text()));

    // A peer in this process, an sblib replica over loopback, writes later.
    Model remote(QStringLiteral("REMOTE"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_app->session->listenPort());
    QVERIFY(socket.waitForConnected(5000));
    Stream stream(&remote, &socket);
    stream.start();
    QTRY_VERIFY(stream.isSynced());
    QTRY_VERIFY(remote.contains(QStringLiteral("colour")));
    QVERIFY(remote.set(QStringLiteral("colour"), JsonValue(QStringLiteral("blue"))));

    QTRY_COMPARE(m_model->rowCount(), 2);
    const QStringList shown = rows();
    QVERIFY2(shown.at(0).startsWith(QStringLiteral("REMOTE \"blue\" current peer 127.0.0.1:")),
             qPrintable(shown.at(0)));
    QCOMPARE(shown.at(1), QStringLiteral("SCOPE \"red\" superseded local edit"));
    const QString why = m_view->whyLabel()->text();
    QVERIFY2(why.startsWith(QStringLiteral("REMOTE's update of")), qPrintable(why));
    QVERIFY2(why.contains(QStringLiteral("wins over SCOPE's update")), qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": later timestamp.")), qPrintable(why));
    QCOMPARE(m_model->index(0, ProvenanceModel::SignatureColumn).data().toString(),
             QStringLiteral("unsigned"));
    QCOMPARE(m_model->index(0, ProvenanceModel::OutcomeColumn)
                     .data(Qt::ForegroundRole)
                     .value<QColor>(),
             ProvenanceModel::fateColor(Fate::Current));
    QVERIFY(m_model->index(1, ProvenanceModel::ValueColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("later timestamp")));

    // The table's own view of it: the newest row on top.
    QCOMPARE(m_view->table()->model(), m_model);
}

void TestProvenanceView::anOlderUpdateFromAPeerShowsAsOldData()
{
    QVERIFY(m_app->session->model()->set(QStringLiteral("size"), JsonValue(3)));
    select(QStringLiteral("size"));

    // ALPHA's update is new to its source's clock but older than what the
    // key holds; sent again, its clock has it.
    const auto alpha = rawPeer("ALPHA");
    QVERIFY(alpha);
    alpha->write(line(QStringLiteral("size"), "1", 1'600'000'000'000, "ALPHA"));
    alpha->write(line(QStringLiteral("size"), "1", 1'600'000'000'000, "ALPHA"));
    QTRY_COMPARE(m_model->rowCount(), 3);
    const QStringList shown = rows();
    QVERIFY2(shown.at(0).startsWith(QStringLiteral("ALPHA 1 old data peer 127.0.0.1:")),
             qPrintable(shown.at(0)));
    QVERIFY2(shown.at(1).startsWith(QStringLiteral("ALPHA 1 old data peer 127.0.0.1:")),
             qPrintable(shown.at(1)));
    QCOMPARE(shown.at(2), QStringLiteral("SCOPE 3 current local edit"));
    QCOMPARE(m_model->index(1, 0).data(ProvenanceModel::ReasonRole).toString(),
             QStringLiteral("lost to SCOPE's update of %1: later timestamp")
                     .arg(QString::fromLatin1(JsonCodec::numberToString(
                             m_app->session->model()->entry(QStringLiteral("size")).timestamp()))));
    QVERIFY(m_model->index(0, 0)
                    .data(ProvenanceModel::ReasonRole)
                    .toString()
                    .startsWith(QStringLiteral("old data: the replica had seen ALPHA")));
    QCOMPARE(m_app->session->model()->get(QStringLiteral("size")), JsonValue(3));
    const QString why = m_view->whyLabel()->text();
    QVERIFY2(why.contains(QStringLiteral("wins over ALPHA's update of 1600000000000")),
             qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": later timestamp.")), qPrintable(why));
}

void TestProvenanceView::aTieIsBrokenByTheGreaterSourceId()
{
    QVERIFY(m_app->session->model()->set(QStringLiteral("shape"),
                                         JsonValue(QStringLiteral("round"))));
    const double stamp = m_app->session->model()->entry(QStringLiteral("shape")).timestamp();
    select(QStringLiteral("shape"));

    // Both stamped exactly as ours: ZED > SCOPE takes the key, then AAA,
    // below both, loses to ZED.
    const auto zed = rawPeer("ZED");
    QVERIFY(zed);
    zed->write(line(QStringLiteral("shape"), "\"square\"", stamp, "ZED"));
    QTRY_COMPARE(m_model->rowCount(), 2);
    const auto aaa = rawPeer("AAA");
    QVERIFY(aaa);
    aaa->write(line(QStringLiteral("shape"), "\"oval\"", stamp, "AAA"));
    QTRY_COMPARE(m_model->rowCount(), 3);

    const QStringList shown = rows();
    QVERIFY2(shown.at(0).startsWith(QStringLiteral("AAA \"oval\" old data peer")),
             qPrintable(shown.at(0)));
    QVERIFY2(shown.at(1).startsWith(QStringLiteral("ZED \"square\" current peer")),
             qPrintable(shown.at(1)));
    QCOMPARE(shown.at(2), QStringLiteral("SCOPE \"round\" superseded local edit"));
    QVERIFY(m_model->index(0, 0)
                    .data(ProvenanceModel::ReasonRole)
                    .toString()
                    .endsWith(QStringLiteral("same timestamp, greater source id")));
    const QString why = m_view->whyLabel()->text();
    QVERIFY2(why.startsWith(QStringLiteral("ZED's update of")), qPrintable(why));
    QVERIFY2(why.endsWith(QStringLiteral(": same timestamp, greater source id.")), qPrintable(why));
}

void TestProvenanceView::anUpdateStampedTooFarAheadShowsAsRejectedWithItsReason()
{
    QVERIFY(m_app->session->model()->set(QStringLiteral("mood"),
                                         JsonValue(QStringLiteral("calm"))));
    select(QStringLiteral("mood"));

    const auto future = rawPeer("FUTURE");
    QVERIFY(future);
    const double aYearAhead = double(QDateTime::currentMSecsSinceEpoch()) + 365 * 86400e3;
    future->write(line(QStringLiteral("mood"), "\"elated\"", aYearAhead, "FUTURE"));
    QTRY_COMPARE(m_model->rowCount(), 2);

    QVERIFY2(rows().at(0).startsWith(QStringLiteral("FUTURE \"elated\" rejected peer")),
             qPrintable(rows().at(0)));
    const QModelIndex rejected = m_model->index(0, ProvenanceModel::ValueColumn);
    QVERIFY2(rejected.data(ProvenanceModel::ReasonRole)
                     .toString()
                     .contains(QStringLiteral(
                             "ahead of our clock, more than the maximum clock skew")),
             qPrintable(rejected.data(ProvenanceModel::ReasonRole).toString()));
    QCOMPARE(rejected.data(Qt::ForegroundRole).value<QColor>(),
             ProvenanceModel::fateColor(Fate::Rejected));
    QCOMPARE(rows().at(1), QStringLiteral("SCOPE \"calm\" current local edit"));
    QVERIFY2(m_view->whyLabel()->text().contains(QStringLiteral(
                     "the only update for this key applied this session (1 more dropped)")),
             qPrintable(m_view->whyLabel()->text()));
}

void TestProvenanceView::aKeyKeepsOnlyItsNewestUpdatesPastTheCap()
{
    Model *model = m_app->session->model();
    QVERIFY(model->set(QStringLiteral("counter"), JsonValue(0)));
    select(QStringLiteral("counter"));
    const qsizetype cap = m_view->provenance()->provenance().perKeyCapacity();
    QCOMPARE(cap, KeyProvenance::kDefaultPerKeyCapacity);
    for (int i = 1; i < cap + 100; ++i)
        QVERIFY(model->set(QStringLiteral("counter"), JsonValue(i)));

    QTRY_COMPARE(m_model->rowCount(), int(cap));
    QCOMPARE(m_model->index(0, ProvenanceModel::ValueColumn).data().toString(),
             QString::number(cap + 99));
    QCOMPARE(m_model->index(int(cap) - 1, ProvenanceModel::ValueColumn).data().toString(),
             QString::number(100));
    QCOMPARE(m_model->index(0, 0).data(ProvenanceModel::FateRole).toInt(), int(Fate::Current));
    QCOMPARE(m_model->index(1, 0).data(ProvenanceModel::FateRole).toInt(), int(Fate::Superseded));
}

void TestProvenanceView::aFullSyncKeepsOnlyTheMostRecentUpdatesForKeysNobodySelected()
{
    // More updates than the ring holds, through a peer's full sync.
    const qsizetype ring = m_view->provenance()->provenance().recentCapacity();
    Model remote(QStringLiteral("REMOTE"));
    const int keys = int(ring) + 10'000;
    for (int i = 0; i < keys; ++i)
        expectOk(remote.set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_app->session->listenPort());
    QVERIFY(socket.waitForConnected(5000));
    Stream stream(&remote, &socket);
    stream.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_app->session->model()->updateCount(), qsizetype(keys), 30000);

    const KeyProvenance &record = m_view->provenance()->provenance();
    QCOMPARE(record.recordedCount(), qint64(keys));
    QCOMPARE(record.recentCount(), ring);
    QCOMPARE(record.droppedCount(), qint64(keys - ring));

    // A key whose update is still in the ring says where it came from; one
    // whose update was pushed out says only that what it holds is older
    // than the record.
    QString kept;
    QString dropped;
    for (int i = 0; i < keys && (kept.isEmpty() || dropped.isEmpty()); i += 97) {
        const QString key = QStringLiteral("k%1").arg(i);
        QByteArray token;
        JsonCodec::appendString(token, key);
        (record.history(token, Update()).isEmpty() ? dropped : kept) = key;
    }
    QVERIFY(!kept.isEmpty() && !dropped.isEmpty());
    select(kept);
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY2(rows().at(0).startsWith(QStringLiteral("REMOTE %1 current peer").arg(kept.mid(1))),
             qPrintable(rows().at(0)));
    select(dropped);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(rows().at(0),
             QStringLiteral("REMOTE %1 current no longer recorded").arg(dropped.mid(1)));
    QVERIFY2(m_view->whyLabel()->text().contains(
                     QStringLiteral("from before the updates still recorded")),
             qPrintable(m_view->whyLabel()->text()));

    // Selected, it is watched: its next update is kept whatever follows.
    expectOk(remote.set(dropped, JsonValue(QStringLiteral("again"))));
    for (int i = 0; i < int(ring); ++i)
        expectOk(remote.set(QStringLiteral("flood%1").arg(i), JsonValue(i)));
    QTRY_COMPARE_WITH_TIMEOUT(m_app->session->model()->updateCount(), qsizetype(keys + ring),
                              30000);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QVERIFY2(rows().at(0).startsWith(QStringLiteral("REMOTE \"again\" current peer")),
             qPrintable(rows().at(0)));
    QCOMPARE(rows().at(1),
             QStringLiteral("REMOTE %1 superseded no longer recorded").arg(dropped.mid(1)));
}

QTEST_MAIN(TestProvenanceView)
#include "tst_provenanceview.moc"
