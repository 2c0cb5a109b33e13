// SPDX-License-Identifier: MIT
#include "compareclockmodel.h"
#include "comparecommands.h"
#include "comparedialog.h"
#include "comparegroups.h"
#include "comparemodel.h"
#include "compareview.h"
#include "events.h"
#include "expectok.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "server.h"
#include "testsupport.h"

#include <QAction>
#include <QComboBox>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace sb;

using CompareGroups::cell;
using CompareGroups::keysIn;

namespace {
CompareSource::Target targetFor(const QString &text)
{
    return CompareSource::parseTarget(text).value();
}
} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void peersMenuComparesWithAFileInThreeGroupsWithTheWinner();
    void comparisonWithAPeerFollowsBothSidesLive();
    void comparingWithAConnectedPeerReadsItWithItsSpec();
    void anUnreachableAddressIsExplainedAndChangesNothing();
    void aFileThatIsNoReplicaIsExplained();
    void anAddressThatIsNeitherIsRefusedByTheDialog();
    void replicasOfTwoTypesAreNotCompared();
    void aHundredThousandKeysCompareWithinTheBudget();

private:
    QTemporaryDir m_settings;
};

void TestCompareView::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestCompareView::peersMenuComparesWithAFileInThreeGroupsWithTheWinner()
{
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.session->newReplica(sb::Model::kTypeName, QStringLiteral("HERE"));
    Model *here = app.session->model();
    expectOk(here->set(QStringLiteral("mine"), JsonValue(1.0)));
    expectOk(here->set(QStringLiteral("older"), JsonValue(QStringLiteral("here"))));
    QTest::qWait(5); // the file's updates are stamped later than ours

    QTemporaryDir dir;
    const QString file = TestSupport::makeReplicaFile(
            dir, QStringLiteral("there.sbreplica"), QStringLiteral("THERE"),
            {QStringLiteral("older=\"there\""), QStringLiteral("newer=\"there\""),
             QStringLiteral("theirs=2"), QStringLiteral("same=true")});
    QVERIFY(!file.isEmpty());
    const QByteArray fileBytes = TestSupport::readFile(file);
    QTest::qWait(5);
    expectOk(here->set(QStringLiteral("newer"), JsonValue(QStringLiteral("here"))));
    expectOk(here->setJson(QStringLiteral("same"), "true"));

    QAction *compare = nullptr;
    for (QAction *menu : window->menuBar()->actions()) {
        if (menu->text() == QStringLiteral("&Peers")) {
            for (QAction *action : menu->menu()->actions())
                if (action->text() == QStringLiteral("Compare &With…"))
                    compare = action;
        }
    }
    QVERIFY2(compare, "Peers ▸ Compare With… is in the menu");
    compare->trigger();
    auto *dialog = window->findChild<CompareDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->targetBox()->setCurrentText(file);
    dialog->accept();

    QCOMPARE(window->compareCommands()->views().size(), 1);
    CompareView *view = window->compareCommands()->views().first();
    QVERIFY(view->isWindow());
    TestSupport::watchModels(view);
    QTRY_VERIFY(view->comparisons() > 0);
    const CompareModel *model = view->model();

    QCOMPARE(keysIn(model, CompareModel::Group::OnlyHere), QStringList{QStringLiteral("mine")});
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyThere), QStringList{QStringLiteral("theirs")});
    QCOMPARE(keysIn(model, CompareModel::Group::Different),
             (QStringList{QStringLiteral("newer"), QStringLiteral("older"),
                          QStringLiteral("same")}));
    const auto different = CompareModel::Group::Different;
    QCOMPARE(cell(model, different, QStringLiteral("newer"), CompareModel::WinnerColumn),
             QStringLiteral("here"));
    QCOMPARE(cell(model, different, QStringLiteral("newer"), CompareModel::RuleColumn),
             QStringLiteral("later timestamp"));
    QCOMPARE(cell(model, different, QStringLiteral("older"), CompareModel::WinnerColumn),
             QStringLiteral("there"));
    QCOMPARE(cell(model, different, QStringLiteral("older"), CompareModel::HereValueColumn),
             QStringLiteral("\"here\""));
    QCOMPARE(cell(model, different, QStringLiteral("older"), CompareModel::ThereValueColumn),
             QStringLiteral("\"there\""));
    QCOMPARE(cell(model, different, QStringLiteral("older"), CompareModel::HereSourceColumn),
             QStringLiteral("HERE"));
    QCOMPARE(cell(model, different, QStringLiteral("older"), CompareModel::ThereSourceColumn),
             QStringLiteral("THERE"));
    QVERIFY(!cell(model, different, QStringLiteral("older"), CompareModel::ThereStampColumn)
                     .isEmpty());
    // The same value, stamped twice: the same key held by both differently.
    QCOMPARE(cell(model, different, QStringLiteral("same"), CompareModel::WinnerColumn),
             QStringLiteral("here"));
    QVERIFY(model->index(0, 0).data().toString().startsWith(QStringLiteral("Only here (1)")));

    // The clocks side by side: our source only here, the file's only there.
    const auto &clocks = view->clockModel()->rows();
    QCOMPARE(clocks.size(), 2);
    QCOMPARE(clocks[0].source, QStringLiteral("HERE"));
    QVERIFY(clocks[0].inA() && !clocks[0].inB());
    QCOMPARE(clocks[1].source, QStringLiteral("THERE"));
    QVERIFY(!clocks[1].inA() && clocks[1].inB());
    QVERIFY(view->errorText().isEmpty());

    // Live: a local edit shows without reopening.
    expectOk(here->set(QStringLiteral("theirs"), JsonValue(3.0)));
    QTRY_COMPARE(keysIn(model, CompareModel::Group::OnlyThere), QStringList{});
    QCOMPARE(cell(model, different, QStringLiteral("theirs"), CompareModel::WinnerColumn),
             QStringLiteral("here"));

    // Read only: the file is byte for byte what it was.
    QCOMPARE(TestSupport::readFile(file), fileBytes);
}

void TestCompareView::comparisonWithAPeerFollowsBothSidesLive()
{
    Model remote(QStringLiteral("REMOTE"));
    expectOk(remote.set(QStringLiteral("remote-only"), JsonValue(true)));
    expectOk(remote.set(QStringLiteral("both"), JsonValue(QStringLiteral("remote"))));
    Server server(&remote, StreamOptions{});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    Model *local = session.model();
    expectOk(local->set(QStringLiteral("local-only"), JsonValue(1.0)));
    expectOk(local->set(QStringLiteral("both"), JsonValue(QStringLiteral("local"))));

    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(
            targetFor(QStringLiteral("127.0.0.1:%1").arg(server.serverPort())));
    TestSupport::watchModels(view);
    QTRY_VERIFY(view->comparisons() > 0);
    const CompareModel *model = view->model();
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyHere),
             QStringList{QStringLiteral("local-only")});
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyThere),
             QStringList{QStringLiteral("remote-only")});
    QCOMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("both"),
                  CompareModel::WinnerColumn),
             QStringLiteral("here"));

    // A key set on the peer appears without reopening, in one comparison
    // for many updates.
    const int before = view->comparisons();
    for (int i = 0; i < 50; ++i)
        expectOk(remote.set(QStringLiteral("late-%1").arg(i, 2, 10, QLatin1Char('0')),
                            JsonValue(double(i))));
    QTRY_COMPARE(model->count(CompareModel::Group::OnlyThere), 51);
    QVERIFY2(view->comparisons() - before <= 3,
             qPrintable(QStringLiteral("%1 comparisons for 50 updates")
                                .arg(view->comparisons() - before)));

    // So does a change of the local replica.
    expectOk(local->set(QStringLiteral("late-00"), JsonValue(QStringLiteral("ours"))));
    QTRY_COMPARE(model->count(CompareModel::Group::OnlyThere), 50);
    QCOMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("late-00"),
                  CompareModel::WinnerColumn),
             QStringLiteral("here"));

    // Nothing crossed: the peer holds none of ours, we hold none of its.
    QVERIFY(!remote.clock().contains(QStringLiteral("LOCAL")));
    QVERIFY(remote.get(QStringLiteral("local-only")).isUndefined());
    QCOMPARE(remote.get(QStringLiteral("both")).toString(), QStringLiteral("remote"));
    QVERIFY(!local->clock().contains(QStringLiteral("REMOTE")));
    QVERIFY(local->get(QStringLiteral("remote-only")).isUndefined());
    QVERIFY(view->errorText().isEmpty());
}

void TestCompareView::comparingWithAConnectedPeerReadsItWithItsSpec()
{
    Model remote(QStringLiteral("REMOTE"));
    expectOk(remote.set(QStringLiteral("a"), JsonValue(1.0)));
    Server server(&remote, StreamOptions{});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.session->newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    PeerConnection *peer = app.session->connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(server.serverPort())).value());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);

    // The dialog offers it first.
    window->compareCommands()->openDialog();
    auto *dialog = window->findChild<CompareDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->targetBox()->currentText(), peer->spec().address());
    dialog->accept();
    CompareView *view = window->compareCommands()->views().constLast();
    TestSupport::watchModels(view);
    QTRY_VERIFY(view->comparisons() > 0);
    QVERIFY2(view->summaryText().contains(QStringLiteral("The same")),
             qPrintable(view->summaryText()));

    // A change on the peer reaches both our replica (through the peer) and
    // the comparison (through its own read-only stream): still the same.
    expectOk(remote.set(QStringLiteral("b"), JsonValue(2.0)));
    QTRY_VERIFY(!app.session->model()->get(QStringLiteral("b")).isUndefined());
    const int after = view->comparisons();
    QTRY_VERIFY(view->comparisons() > after);
    QTRY_VERIFY(view->summaryText().contains(QStringLiteral("The same")));
}

void TestCompareView::anUnreachableAddressIsExplainedAndChangesNothing()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(closed.serverPort());
    closed.close();

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    expectOk(session.model()->set(QStringLiteral("k"), JsonValue(1.0)));
    const Clock clockBefore = session.replica()->clock();
    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(targetFor(address));
    TestSupport::watchModels(view);
    QTRY_VERIFY(!view->errorText().isEmpty());
    QVERIFY2(view->errorText().contains(address), qPrintable(view->errorText()));
    QVERIFY2(view->errorText().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(view->errorText()));
    QVERIFY(view->errorText().contains(QStringLiteral("Nothing held here or there was changed")));
    QCOMPARE(view->model()->count(CompareModel::Group::OnlyHere), 0);
    QCOMPARE(session.replica()->clock(), clockBefore);
}

void TestCompareView::aFileThatIsNoReplicaIsExplained()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("notes.sbreplica"));
    QVERIFY(TestSupport::writeFile(file, "these are my notes\nnot a replica\n"));

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(targetFor(file));
    TestSupport::watchModels(view);
    QTRY_VERIFY(!view->errorText().isEmpty());
    QVERIFY2(view->errorText().contains(file), qPrintable(view->errorText()));
    QCOMPARE(view->comparisons(), 0);
    QCOMPARE(TestSupport::readFile(file), QByteArray("these are my notes\nnot a replica\n"));
}

void TestCompareView::anAddressThatIsNeitherIsRefusedByTheDialog()
{
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    QWidget window;
    CompareCommands commands(&session, &window);
    commands.openDialog();
    auto *dialog = window.findChild<CompareDialog *>();
    QVERIFY(dialog);
    dialog->targetBox()->setCurrentText(QStringLiteral("no-such-place"));
    dialog->accept();
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("no-such-place")),
             qPrintable(dialog->errorText()));
    QVERIFY(commands.views().isEmpty());
}

void TestCompareView::replicasOfTwoTypesAreNotCompared()
{
    QTemporaryDir dir;
    const QString file
            = TestSupport::makeReplicaFile(dir, QStringLiteral("model.sbreplica"),
                                           QStringLiteral("THERE"), {QStringLiteral("k=1")});
    ReplicaSession session;
    session.newReplica(sb::Events::kTypeName, QStringLiteral("LOCAL"));
    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(targetFor(file));
    TestSupport::watchModels(view);
    QTRY_VERIFY(!view->errorText().isEmpty());
    QVERIFY2(view->errorText().contains(QStringLiteral("only replicas of one type compare")),
             qPrintable(view->errorText()));
    QCOMPARE(view->model()->count(CompareModel::Group::OnlyThere), 0);
}

void TestCompareView::aHundredThousandKeysCompareWithinTheBudget()
{
    constexpr int kKeys = 100000;
    QStringList keys;
    keys.reserve(kKeys);
    for (int i = 0; i < kKeys; ++i)
        keys.append(QStringLiteral("key-%1=%2").arg(i, 6, 10, QLatin1Char('0')).arg(i));
    QTemporaryDir dir;
    const QString file = TestSupport::makeReplicaFile(dir, QStringLiteral("big.sbreplica"),
                                                      QStringLiteral("THERE"), keys);
    QVERIFY(!file.isEmpty());

    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    // Half the keys held differently here, a tenth only here.
    for (int i = 0; i < kKeys; i += 2)
        expectOk(session.model()->set(QStringLiteral("key-%1").arg(i, 6, 10, QLatin1Char('0')),
                                      JsonValue(-1.0)));
    for (int i = 0; i < kKeys / 10; ++i)
        expectOk(session.model()->set(QStringLiteral("mine-%1").arg(i), JsonValue(1.0)));

    QWidget window;
    CompareCommands commands(&session, &window);
    // Not watched: a tester walks every row on every signal, and the GUI
    // thread's time is what this test measures.
    CompareView *view = commands.compareWith(targetFor(file));
    QTRY_VERIFY_WITH_TIMEOUT(view->comparisons() > 0, 60000);
    QCOMPARE(view->model()->count(CompareModel::Group::Different), kKeys / 2);
    QCOMPARE(view->model()->count(CompareModel::Group::OnlyThere), kKeys / 2);
    QCOMPARE(view->model()->count(CompareModel::Group::OnlyHere), kKeys / 10);
    qInfo("compared %d keys there with %d here in %lld ms, %lld ms of it on the GUI thread", kKeys,
          kKeys / 2 + kKeys / 10, view->lastCompareMs(), view->lastGuiThreadMs());
    // Again, as after a change: the rows stay, nothing is reset.
    QSignalSpy reset(view->model(), &QAbstractItemModel::modelReset);
    const int before = view->comparisons();
    view->compareNow();
    QTRY_VERIFY_WITH_TIMEOUT(view->comparisons() > before, 30000);
    qInfo("compared again in %lld ms, %lld ms of it on the GUI thread", view->lastCompareMs(),
          view->lastGuiThreadMs());
    QCOMPARE(reset.count(), 0);
    QVERIFY2(view->lastGuiThreadMs() < 1000, "the GUI thread's part of 10^5 keys is under 1 s");
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
