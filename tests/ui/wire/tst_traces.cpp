// SPDX-License-Identifier: MIT
#include "documentstatus.h"
#include "events.h"
#include "eventsview.h"
#include "expectok.h"
#include "jsoncodec.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "replicadocument.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "testsupport.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "tracecommands.h"
#include "traceplayer.h"
#include "tracerecording.h"
#include "tracewriter.h"
#include "wiremodel.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#ifdef NODE_EXECUTABLE
#    include "nodepeerprocess.h"
#endif

#include <memory>

using namespace sb;

// A session recorded with Peers ▸ Record Trace and opened elsewhere with
// Replica ▸ Open Trace shows the same replica, the same lines on the wire and
// a timeline to step through; a trace that is not one changes nothing.
class TestTraces : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void aRecordedSessionWithSbpeerReplaysAsItWas();
    void aRecordedSessionWithNodeReplaysAsItWas_data();
    void aRecordedSessionWithNodeReplaysAsItWas();
    void aBadTraceIsRefusedWithItsLineAndChangesNothing_data();
    void aBadTraceIsRefusedWithItsLineAndChangesNothing();
    void recordingStopsWhenTheReplicaIsReplaced();
    void aTraceThatCannotBeWrittenIsExplained();
    void anEventsTraceReplaysIntoAReadOnlyLog();

private:
    PeerConnection *connectTo(quint16 port);
    // Opens trace in a second, fresh window and waits for the replay.
    MainWindow *replayInANewWindow(const QString &trace);
    QString recordedReplica() const;

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
    std::unique_ptr<AppUnderTest> m_app;
    std::unique_ptr<AppUnderTest> m_other;
    MainWindow *m_window = nullptr;
};

void TestTraces::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
    QVERIFY(m_files.isValid());
}

void TestTraces::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("RECORDER"));
    m_window = m_app->createWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestTraces::cleanup()
{
    m_other.reset();
    m_app.reset();
}

PeerConnection *TestTraces::connectTo(quint16 port)
{
    return m_app->session->connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(port)).value());
}

QString TestTraces::recordedReplica() const
{
    return QString::fromUtf8(m_app->session->model()->toJsonText());
}

MainWindow *TestTraces::replayInANewWindow(const QString &trace)
{
    m_other = std::make_unique<AppUnderTest>();
    m_other->session->newReplica(sb::Model::kTypeName, QStringLiteral("INSPECTOR"));
    MainWindow *window = m_other->createWindow();
    window->show();
    if (!QTest::qWaitForWindowExposed(window))
        return nullptr;
    QSignalSpy replayed(window->traceCommands()->player(), &TracePlayer::replayed);
    window->traceCommands()->openTrace(trace);
    if (!replayed.wait(20000))
        return nullptr;
    window->models()->flush();
    window->wireModel()->flush();
    return window;
}

void TestTraces::aRecordedSessionWithSbpeerReplaysAsItWas()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("REMOTE"), QStringLiteral("--set"),
                          QStringLiteral("colour=\"red\""), QStringLiteral("--set"),
                          QStringLiteral("doc={\"n\":1,\"text\":\"value number 1\"}")}));
    expectOk(m_app->session->model()->set(QStringLiteral("held"),
                                          JsonValue(QStringLiteral("before"))));

    const QString trace = m_files.filePath(QStringLiteral("sbpeer.sbtrace"));
    TraceCommands *commands = m_window->traceCommands();
    QCOMPARE(commands->recordAction()->text(), QStringLiteral("&Record Trace…"));
    commands->recordTo(trace);
    QVERIFY(commands->recording()->isRecording());
    QCOMPARE(commands->recordAction()->text(), QStringLiteral("Stop &Recording Trace"));

    PeerConnection *peer = connectTo(sbpeer.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    sbpeer.send("set colour=\"blue\"");
    expectOk(m_app->session->model()->set(QStringLiteral("mine"), JsonValue(2)));
    QTRY_COMPARE(sbpeer.dump(),
                 QByteArray("{\"colour\":\"blue\",\"doc\":{\"n\":1,\"text\":\"value number 1\"},"
                            "\"held\":\"before\",\"mine\":2}"));
    QTRY_VERIFY(recordedReplica().contains(QStringLiteral("\"colour\":\"blue\"")));
    m_window->wireModel()->flush();
    const int wireLines = m_window->wireModel()->rowCount();
    commands->recordAction()->trigger(); // Stop Recording Trace
    QVERIFY(!commands->recording()->isRecording());
    QCOMPARE(commands->recordAction()->text(), QStringLiteral("&Record Trace…"));

    MainWindow *replay = replayInANewWindow(trace);
    QVERIFY(replay);
    ReplicaSession *session = m_other->session.get();
    QCOMPARE(session->replica()->id(), QStringLiteral("RECORDER"));
    QCOMPARE(QString::fromUtf8(session->model()->toJsonText()), recordedReplica());
    QVERIFY(session->document()->isReadOnly());
    QCOMPARE(session->document()->title(), QStringLiteral("sbpeer.sbtrace (trace)"));
    QVERIFY(replay->windowTitle().contains(QStringLiteral("sbpeer.sbtrace (trace) (read-only)")));

    // The same lines, in the same order, from the same peer.
    WireModel *wire = replay->wireModel();
    QCOMPARE(wire->rowCount(), wireLines);
    for (int row = 0; row < wireLines; ++row) {
        const WireEntry &recorded = m_window->wireModel()->entryAt(row);
        const WireEntry &replayed = wire->entryAt(row);
        QCOMPARE(replayed.bytes(), recorded.bytes());
        QCOMPARE(replayed.kind, recorded.kind);
        QCOMPARE(replayed.direction, recorded.direction);
        QCOMPARE(replayed.outcome, recorded.outcome);
        QCOMPARE(wire->peerName(replayed.peer), m_window->wireModel()->peerName(recorded.peer));
    }

    // The timeline holds every update from the start: it can step back to
    // the state before the peer's change.
    TimelineModel *timeline = replay->models()->timeline();
    QVERIFY(timeline->isComplete());
    QCOMPARE(timeline->rowCount(), 5); // held, colour, doc, colour, mine
    replay->timelinePanel()->travelTo(2);
    QVERIFY(!replay->timelinePanel()->isLive());
}

void TestTraces::aRecordedSessionWithNodeReplaysAsItWas_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("npm scuttlebutt 5.6.15") << QStringLiteral("5");
    QTest::newRow("npm scuttlebutt 4.1.1") << QStringLiteral("4");
}

void TestTraces::aRecordedSessionWithNodeReplaysAsItWas()
{
#ifndef NODE_EXECUTABLE
    QSKIP("needs node and `npm ci` in tests/interop (SCUTTLESCOPE_INTEROP_TESTS)");
#else
    QFETCH(QString, version);
    NodePeer node;
    QVERIFY(node.serve(version, QStringLiteral("NODE")));
    node.set(QStringLiteral("before"), "{\"n\":1,\"text\":\"value number 1\"}");
    QTRY_VERIFY(!node.changeOf(QStringLiteral("before")).isEmpty());
    const QString trace = m_files.filePath(QStringLiteral("node%1.sbtrace").arg(version));
    m_window->traceCommands()->recordTo(trace);

    PeerConnection *peer = connectTo(node.port());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    node.set(QStringLiteral("colour"), "\"red\"");
    expectOk(m_app->session->model()->set(QStringLiteral("mine"),
                                          JsonValue(QStringLiteral("scope"))));
    QTRY_VERIFY(recordedReplica().contains(QStringLiteral("\"colour\":\"red\"")));
    QTRY_COMPARE(node.changeOf(QStringLiteral("mine")).value(QStringLiteral("source")).toString(),
                 QStringLiteral("RECORDER"));
    m_window->traceCommands()->recording()->stop();

    MainWindow *replay = replayInANewWindow(trace);
    QVERIFY(replay);
    QCOMPARE(QString::fromUtf8(m_other->session->model()->toJsonText()), recordedReplica());
    QVERIFY(replay->wireModel()->rowCount() >= 7);
    QCOMPARE(replay->models()->timeline()->rowCount(), 3);
#endif
}

void TestTraces::aBadTraceIsRefusedWithItsLineAndChangesNothing_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("reason");
    const QByteArray header = "{\"sbtrace\":1,\"tool\":\"sbpeer 0.1.0\",\"id\":\"A\",\"type\":"
                              "\"model\",\"dialect\":\"5\",\"started\":1764000000000}\n";
    const QByteArray good = "{\"t\":1.5,\"peer\":\"peer 127.0.0.1:7000\",\"dir\":\"in\",\"kind\":"
                            "\"history\",\"outcome\":\"applied\",\"line\":\"[[\\\"k\\\",1],"
                            "1764000000000.001,\\\"B\\\"]\"}\n";
    QTest::newRow("not a trace") << QByteArray("{\"a\":1}\n") << QStringLiteral("its first line");
    QTest::newRow("a line that is not JSON")
            << header + good + "{\"t\":2,\"peer\n" + good << QStringLiteral("line 3");
    QTest::newRow("cut short inside a line")
            << header + good + good.left(40) << QStringLiteral("line 3");
    QTest::newRow("an applied update that is none") << header + good
                    + "{\"t\":2,\"peer\":\"p\",\"dir\":\"in\",\"kind\":\"live\",\"outcome\":"
                      "\"applied\",\"line\":\"[1,2]\"}\n"
                                                    << QStringLiteral("line 3");
}

void TestTraces::aBadTraceIsRefusedWithItsLineAndChangesNothing()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, reason);
    const QString trace = m_files.filePath(QStringLiteral("bad.sbtrace"));
    QVERIFY(TestSupport::writeFile(trace, contents));
    expectOk(m_app->session->model()->set(QStringLiteral("kept"), JsonValue(1)));
    ReplicaDocument *before = m_app->session->document();
    m_window->wireModel()->flush();
    const int wireLines = m_window->wireModel()->rowCount();

    QSignalSpy failed(m_window->traceCommands()->player(), &TracePlayer::failed);
    m_window->traceCommands()->openTrace(trace);
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(trace) && message.contains(reason), qPrintable(message));

    // Said in a dialog, and nothing moved.
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(reason), qPrintable(box->text()));
    QVERIFY(box->text().contains(QStringLiteral("The current replica is unchanged.")));
    QCOMPARE(m_app->session->document(), before);
    QCOMPARE(QString::fromUtf8(m_app->session->model()->toJsonText()),
             QStringLiteral("{\"kept\":1}"));
    QCOMPARE(m_window->wireModel()->rowCount(), wireLines);
    box->close();
}

void TestTraces::recordingStopsWhenTheReplicaIsReplaced()
{
    const QString trace = m_files.filePath(QStringLiteral("replaced.sbtrace"));
    TraceCommands *commands = m_window->traceCommands();
    commands->recordTo(trace);
    QVERIFY(commands->recording()->isRecording());
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("OTHER"));
    QVERIFY(!commands->recording()->isRecording());
    QCOMPARE(commands->recordAction()->text(), QStringLiteral("&Record Trace…"));
    QVERIFY(TestSupport::readFile(trace).startsWith("{\"sbtrace\":1,"));
}

void TestTraces::aTraceThatCannotBeWrittenIsExplained()
{
    const QString trace = m_files.filePath(QStringLiteral("no/such/dir/x.sbtrace"));
    m_window->traceCommands()->recordTo(trace);
    QVERIFY(!m_window->traceCommands()->recording()->isRecording());
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(trace), qPrintable(box->text()));
    box->close();
}

void TestTraces::anEventsTraceReplaysIntoAReadOnlyLog()
{
    Events log(QStringLiteral("LOG"));
    QVERIFY(log.emitEvent(QStringLiteral("joined"), JsonValue(QStringLiteral("alice"))).ok());
    QVERIFY(log.emitEvent(QStringLiteral("left"), JsonValue(QStringLiteral("alice"))).ok());
    const QString trace = m_files.filePath(QStringLiteral("events.sbtrace"));
    {
        TraceWriter writer;
        QVERIFY(writer.start(trace, log, QStringLiteral("test"), QStringLiteral("5")).ok());
        writer.stop();
    }
    MainWindow *replay = replayInANewWindow(trace);
    QVERIFY(replay);
    ReplicaSession *session = m_other->session.get();
    QVERIFY(session->events());
    QCOMPARE(session->replica()->id(), QStringLiteral("LOG"));
    QCOMPARE(session->events()->updateCount(), 2);
    QVERIFY(replay->eventsView()->isReadOnly());
    QVERIFY(!replay->eventsView()->emitButton()->isEnabled());
    replay->eventsView()->eventEdit()->setText(QStringLiteral("sneaky"));
    QTest::keyClick(replay->eventsView()->eventEdit(), Qt::Key_Return);
    QCOMPARE(session->events()->updateCount(), 2);
}

QTEST_MAIN(TestTraces)
#include "tst_traces.moc"
