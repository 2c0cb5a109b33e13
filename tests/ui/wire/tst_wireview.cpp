// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "filterlineedit.h"
#include "jsonpane.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "peersmodel.h"
#include "peerspanel.h"
#include "replicasession.h"
#include "stream.h"
#include "testsupport.h"
#include "wirefiltermodel.h"
#include "wiremodel.h"
#include "wirerecorder.h"
#include "wireview.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTcpSocket>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace sb;
using Kind = WireLine::Kind;
using Direction = WireLine::Direction;
using Outcome = WireLine::Outcome;

// The Wire dock shows every line each peer sent and was sent, as it was on
// the wire, and finds the ones that matter in a busy session.
class TestWireView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void aSyncShowsEveryLineInOrderWithItsKindAndOutcome();
    void aSelectedLineShowsIndentedWithWhereItCameFrom();
    void filtersByPeerKindKeySourceAndText();
    void followingAPeerShowsOnlyItsLines();
    void pausingHoldsTheTableStillWhileLinesAreStillCaptured();
    void theRingBufferKeepsTheNewestLinesAndSaysHowManyWentAway();
    void aRefusedLineShowsInRedWithItsReason();
    void withCaptureOffNoLinesAreKept();

private:
    // The rows the view shows, as "dir kind outcome" for easy comparison.
    QStringList shownRows() const;

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    MainWindow *m_window = nullptr;
    WireModel *m_wire = nullptr;
    WireView *m_view = nullptr;
};

void TestWireView::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestWireView::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("SCOPE"));
    m_window = m_app->createWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_wire = m_window->wireModel();
    m_view = m_window->wireView();
    // The lines and the dock's filter over them, through pauses and the ring.
    TestSupport::watchModels(m_view);
}

void TestWireView::cleanup()
{
    m_app.reset();
}

QStringList TestWireView::shownRows() const
{
    QStringList rows;
    const QAbstractItemModel *shown = m_view->table()->model();
    for (int row = 0; row < shown->rowCount(); ++row) {
        rows.append(QStringLiteral("%1 %2 %3")
                            .arg(shown->index(row, WireModel::DirectionColumn).data().toString(),
                                 shown->index(row, WireModel::KindColumn).data().toString(),
                                 shown->index(row, WireModel::OutcomeColumn).data().toString())
                            .trimmed());
    }
    return rows;
}

void TestWireView::aSyncShowsEveryLineInOrderWithItsKindAndOutcome()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("REMOTE"), QStringLiteral("--set"),
                          QStringLiteral("greeting=\"hello\"")}));
    expectOk(m_app->session->model()->set(QStringLiteral("mine"), JsonValue(1)));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    sbpeer.send("set colour=\"blue\"");
    QTRY_COMPARE(m_wire->rowCount(), 7);

    // Ours and theirs, in the order they crossed the wire; the order of our
    // writes against their reads depends on timing, so each side is checked
    // in its own order.
    QStringList in;
    QStringList out;
    for (const QString &row : shownRows())
        (row.startsWith(QStringLiteral("← in")) ? in : out).append(row);
    QCOMPARE(out,
             (QStringList{QStringLiteral("→ out digest"), QStringLiteral("→ out history"),
                          QStringLiteral("→ out sync")}));
    QCOMPARE(in,
             (QStringList{QStringLiteral("← in digest"), QStringLiteral("← in history applied"),
                          QStringLiteral("← in sync"), QStringLiteral("← in live applied")}));

    // Exactly the bytes: the live update is sbpeer's line, whole.
    const WireEntry &live = m_wire->entryAt(m_wire->rowCount() - 1);
    QCOMPARE(live.kind, Kind::Live);
    QVERIFY2(live.bytes().startsWith("[[\"colour\",\"blue\"],"),
             live.bytes().toByteArray().constData());
    QVERIFY(live.bytes().endsWith(",\"REMOTE\"]"));
    QCOMPARE(m_wire->index(m_wire->rowCount() - 1, WireModel::BytesColumn).data().toInt(),
             live.bytes().size());
    QCOMPARE(m_wire->peers().size(), 1);
    QVERIFY(m_wire->peers().first().startsWith(QStringLiteral("peer 127.0.0.1:")));

    // Kinds are told apart by colour; times only go forward.
    QColor previous;
    QSet<QRgb> tints;
    double lastMs = -1;
    for (int row = 0; row < m_wire->rowCount(); ++row) {
        const QVariant tint = m_wire->index(row, WireModel::KindColumn).data(Qt::BackgroundRole);
        tints.insert(tint.isValid() ? tint.value<QColor>().rgb() : 0);
        QVERIFY(m_wire->entryAt(row).ms >= lastMs);
        lastMs = m_wire->entryAt(row).ms;
    }
    QCOMPARE(tints.size(), 4); // digest, history (untinted), SYNC, live
    QVERIFY(m_view->summary()->text().startsWith(QStringLiteral("7 of 7 lines shown")));
}

void TestWireView::aSelectedLineShowsIndentedWithWhereItCameFrom()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("REMOTE"), QStringLiteral("--set"),
                          QStringLiteral("doc={\"title\":\"Notes\",\"tags\":[\"a\",\"b\"]}")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    m_wire->flush();
    int row = -1;
    for (int i = 0; i < m_wire->rowCount(); ++i) {
        if (m_wire->entryAt(i).kind == Kind::History
            && m_wire->entryAt(i).direction == Direction::In)
            row = i;
    }
    QVERIFY(row >= 0);
    QTableView *table = m_view->table();
    table->setCurrentIndex(table->model()->index(row, WireModel::LineColumn));

    const QString caption = m_view->linePane()->caption();
    QVERIFY2(caption.contains(QStringLiteral("in from peer 127.0.0.1:")), qPrintable(caption));
    QVERIFY2(caption.contains(QStringLiteral("history")), qPrintable(caption));
    QVERIFY2(caption.contains(QStringLiteral("applied")), qPrintable(caption));
    const QString text = m_view->linePane()->text();
    QVERIFY2(text.contains(QStringLiteral("\n      \"title\": \"Notes\"")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\"REMOTE\"")));
}

void TestWireView::filtersByPeerKindKeySourceAndText()
{
    SbPeerProcess first;
    SbPeerProcess second;
    QVERIFY(first.serve({QStringLiteral("--id"), QStringLiteral("ALPHA"), QStringLiteral("--set"),
                         QStringLiteral("colour=\"red\""), QStringLiteral("--set"),
                         QStringLiteral("size=3")}));
    QVERIFY(second.serve({QStringLiteral("--id"), QStringLiteral("BETA"), QStringLiteral("--set"),
                          QStringLiteral("shape=\"round\"")}));
    PeerConnection *a = m_app->dial(first.port());
    PeerConnection *b = m_app->dial(second.port());
    QTRY_COMPARE(a->state(), PeerConnection::State::Synced);
    QTRY_COMPARE(b->state(), PeerConnection::State::Synced);
    // We relay what each holds to the other: wait until both hold all three.
    // (Keys print in the order each peer learnt them.)
    QTRY_COMPARE(first.dump(), QByteArray("{\"colour\":\"red\",\"size\":3,\"shape\":\"round\"}"));
    QTRY_COMPARE(second.dump(), QByteArray("{\"shape\":\"round\",\"colour\":\"red\",\"size\":3}"));
    m_wire->flush();
    const QAbstractItemModel *shown = m_view->table()->model();
    const int all = shown->rowCount();
    QVERIFY(all >= 12);

    // One peer: the peer box lists each, and picking one shows its lines only.
    QComboBox *peers = m_view->peerBox();
    QCOMPARE(peers->count(), 3); // All peers + 2
    peers->setCurrentIndex(peers->findData(a->stream() ? a->stream()->peerName() : QString()));
    QVERIFY(peers->currentIndex() > 0);
    QVERIFY(shown->rowCount() > 0 && shown->rowCount() < all);
    for (int row = 0; row < shown->rowCount(); ++row)
        QCOMPARE(shown->index(row, WireModel::PeerColumn).data().toString(), peers->currentText());
    peers->setCurrentIndex(0);
    QCOMPARE(shown->rowCount(), all);

    // A kind.
    QComboBox *kinds = m_view->kindBox();
    kinds->setCurrentIndex(kinds->findData(int(WireFilterModel::Kinds::Digests)));
    QCOMPARE(shown->rowCount(), 4); // one each way per peer
    kinds->setCurrentIndex(kinds->findData(int(WireFilterModel::Kinds::Updates)));
    // colour, size and shape in; colour and size out to BETA, shape to ALPHA.
    QCOMPARE(shown->rowCount(), 6);

    // key: and source: look inside the updates; other words at the text.
    FilterLineEdit *search = m_view->searchEdit();
    search->setText(QStringLiteral("key:colour"));
    QTRY_COMPARE(m_view->filter()->search(), QStringLiteral("key:colour"));
    QCOMPARE(shown->rowCount(), 2); // in from ALPHA, out to BETA
    search->setText(QStringLiteral("source:BETA"));
    QTRY_COMPARE(m_view->filter()->search(), QStringLiteral("source:BETA"));
    QTRY_COMPARE(shown->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QVERIFY(shown->index(row, WireModel::LineColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("shape")));
    search->setText(QStringLiteral("ROUND"));
    QTRY_COMPARE(m_view->filter()->search(), QStringLiteral("ROUND"));
    QTRY_COMPARE(shown->rowCount(), 2);
    search->setText(QStringLiteral("source:ALPHA size"));
    QTRY_COMPARE(m_view->filter()->search(), QStringLiteral("source:ALPHA size"));
    QTRY_COMPARE(shown->rowCount(), 2);
    QVERIFY(shown->index(0, WireModel::LineColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("size")));
    search->setText(QStringLiteral("key:nothing"));
    QTRY_COMPARE(m_view->filter()->search(), QStringLiteral("key:nothing"));
    QTRY_COMPARE(shown->rowCount(), 0);
    QTRY_VERIFY(m_view->summary()->text().startsWith(QStringLiteral("0 of ")));
}

void TestWireView::followingAPeerShowsOnlyItsLines()
{
    SbPeerProcess first;
    SbPeerProcess second;
    QVERIFY(first.serve({QStringLiteral("--id"), QStringLiteral("ALPHA")}));
    QVERIFY(second.serve({QStringLiteral("--id"), QStringLiteral("BETA")}));
    PeerConnection *a = m_app->dial(first.port());
    PeerConnection *b = m_app->dial(second.port());
    QTRY_COMPARE(a->state(), PeerConnection::State::Synced);
    QTRY_COMPARE(b->state(), PeerConnection::State::Synced);
    m_wire->flush();

    // Pick one of BETA's lines and follow its peer from the context menu.
    QTableView *table = m_view->table();
    const QString beta = b->stream()->peerName();
    const int row = TestSupport::findRow(table->model(), WireModel::PeerColumn, beta);
    QVERIFY(row >= 0);
    table->setCurrentIndex(table->model()->index(row, 0));
    QVERIFY(table->actions().contains(m_view->followPeerAction()));
    m_view->followPeerAction()->trigger();
    QCOMPARE(m_view->peerBox()->currentText(), beta);

    // Lines that come later, from either peer: only BETA's show, its own
    // change coming in and ALPHA's going out to it.
    const int before = table->model()->rowCount();
    first.send("set alpha=1");
    QTRY_COMPARE(table->model()->rowCount(), before + 1);
    second.send("set beta=2");
    QTRY_COMPARE(table->model()->rowCount(), before + 2);
    for (int row = 0; row < table->model()->rowCount(); ++row)
        QCOMPARE(table->model()->index(row, WireModel::PeerColumn).data().toString(), beta);
    QCOMPARE(table->model()->index(before, WireModel::DirectionColumn).data().toString(),
             QStringLiteral("→ out"));
    QCOMPARE(table->model()->index(before + 1, WireModel::DirectionColumn).data().toString(),
             QStringLiteral("← in"));
    QVERIFY(m_wire->rowCount() > table->model()->rowCount());

    // The peers panel leads to the same view: Show on the Wire.
    m_view->followPeer({});
    QCOMPARE(table->model()->rowCount(), m_wire->rowCount());
    PeersPanel *peers = m_window->peersPanel();
    peers->table()->setCurrentIndex(peers->model()->index(peers->model()->rowOf(a), 0));
    QVERIFY(peers->table()->actions().contains(peers->showOnWireAction()));
    peers->showOnWireAction()->trigger();
    QCOMPARE(m_view->peerBox()->currentText(), a->stream()->peerName());
    QVERIFY(m_view->table()->hasFocus() || !m_window->isActiveWindow());
}

void TestWireView::pausingHoldsTheTableStillWhileLinesAreStillCaptured()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("REMOTE")}));
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    m_wire->flush();
    const int before = m_wire->rowCount();

    QTest::mouseClick(m_view->pauseButton(), Qt::LeftButton);
    QVERIFY(m_wire->isPaused());
    QCOMPARE(m_view->pauseButton()->text(), QStringLiteral("Resume"));
    sbpeer.send("set a=1");
    sbpeer.send("set b=2");
    QTRY_COMPARE(m_wire->queuedCount(), qint64(2));
    QTest::qWait(2 * WireModel::kFlushIntervalMs);
    QCOMPARE(m_wire->rowCount(), before);
    QVERIFY2(m_view->summary()->text().contains(QStringLiteral("paused, 2 new lines waiting")),
             qPrintable(m_view->summary()->text()));

    QTest::mouseClick(m_view->pauseButton(), Qt::LeftButton);
    QCOMPARE(m_wire->rowCount(), before + 2);
    QCOMPARE(m_wire->queuedCount(), qint64(0));
}

void TestWireView::theRingBufferKeepsTheNewestLinesAndSaysHowManyWentAway()
{
    m_view->capacityBox()->setValue(1000);
    QCOMPARE(m_view->capacityBox()->value(), 1000);
    emit m_view->capacityBox()->editingFinished();
    QCOMPARE(m_wire->capacity(), 1000);

    const int peer = m_wire->peerIndex(QStringLiteral("peer test"));
    for (int i = 0; i < 2500; ++i) {
        WireEntry entry;
        entry.peer = peer;
        entry.kind = Kind::Live;
        entry.outcome = Outcome::Applied;
        m_wire->append(std::move(entry), QStringLiteral("[[\"k%1\",%1],%1,\"S\"]").arg(i).toUtf8());
        if (i == 1200)
            m_wire->flush(); // some shown, some still queued, like a busy session
    }
    m_wire->flush();
    QCOMPARE(m_wire->rowCount(), 1000);
    QCOMPARE(m_wire->droppedCount(), qint64(1500));
    QCOMPARE(m_wire->entryAt(0).number, qint64(1501));
    QCOMPARE(m_wire->entryAt(999).number, qint64(2500));
    QCOMPARE(m_wire->totalCount(), qint64(2500));
    QVERIFY2(m_view->summary()->text().contains(
                     QStringLiteral("1,500 older lines dropped (keeping the last 1,000)")),
             qPrintable(m_view->summary()->text()));

    // A trickle beyond the cap drops as many of the oldest rows, one by one.
    QSignalSpy removed(m_wire, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 10; ++i) {
        WireEntry entry;
        entry.peer = peer;
        m_wire->append(std::move(entry), "\"SYNC\"");
    }
    m_wire->flush();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_wire->rowCount(), 1000);
    QCOMPARE(m_wire->entryAt(0).number, qint64(1511));
    QCOMPARE(m_wire->entryAt(999).bytes(), QByteArrayView("\"SYNC\""));

    // The cap is a setting for the next launch too.
    AppUnderTest again;
    QCOMPARE(again.createWindow()->wireModel()->capacity(), 1000);
}

void TestWireView::aRefusedLineShowsInRedWithItsReason()
{
    QVERIFY(!m_app->session->listen(QHostAddress::LocalHost, 0));
    QTcpSocket hostile;
    hostile.connectToHost(QHostAddress::LocalHost, m_app->session->listenPort());
    QVERIFY(hostile.waitForConnected(5000));
    hostile.write("{\"id\":\"EVIL\",\"clock\":{}}\n");
    hostile.write("[[\"__proto__\",1],1700000000000,\"EVIL\"]\n");
    QTRY_VERIFY(hostile.state() == QAbstractSocket::UnconnectedState
                || TestSupport::findRow(m_wire, WireModel::OutcomeColumn, QStringLiteral("refused"))
                        >= 0);
    QTRY_VERIFY(TestSupport::findRow(m_wire, WireModel::OutcomeColumn, QStringLiteral("refused"))
                >= 0);
    const int row
            = TestSupport::findRow(m_wire, WireModel::OutcomeColumn, QStringLiteral("refused"));
    const QModelIndex line = m_wire->index(row, WireModel::LineColumn);
    QCOMPARE(line.data(Qt::ForegroundRole).value<QColor>(), QColor(0xb7, 0x1c, 0x1c));
    QVERIFY2(line.data(Qt::ToolTipRole).toString().contains(QStringLiteral("__proto__")),
             qPrintable(line.data(Qt::ToolTipRole).toString()));

    // "Refused and rejected" finds it among the rest.
    QComboBox *kinds = m_view->kindBox();
    kinds->setCurrentIndex(kinds->findData(int(WireFilterModel::Kinds::Problems)));
    QCOMPARE(m_view->table()->model()->rowCount(), 1);
}

void TestWireView::withCaptureOffNoLinesAreKept()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("REMOTE")}));
    QTest::mouseClick(m_view->captureButton(), Qt::LeftButton);
    QVERIFY(!m_window->wireRecorder()->isCapturing());
    PeerConnection *peer = m_app->dial(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    sbpeer.send("set a=1");
    QTRY_COMPARE(m_app->session->model()->toJsonText(), QByteArray("{\"a\":1}"));
    m_wire->flush();
    QCOMPARE(m_wire->rowCount(), 0);

    // On again: the stream that was already open is seen from then on.
    QTest::mouseClick(m_view->captureButton(), Qt::LeftButton);
    sbpeer.send("set b=2");
    QTRY_COMPARE(m_wire->rowCount(), 1);
    QCOMPARE(m_wire->entryAt(0).kind, Kind::Live);
}

QTEST_MAIN(TestWireView)
#include "tst_wireview.moc"
