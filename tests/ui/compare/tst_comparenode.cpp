// SPDX-License-Identifier: MIT
#include "compareclockmodel.h"
#include "comparecommands.h"
#include "comparemodel.h"
#include "compareview.h"
#include "model.h"
#include "nodepeerprocess.h"
#include "replicadiff.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QTest>
#include <QWidget>

using namespace sb;

namespace {
QStringList keysIn(const CompareModel *model, CompareModel::Group group)
{
    QStringList keys;
    const QModelIndex parent = model->groupIndex(group);
    for (int row = 0; row < model->rowCount(parent); ++row)
        keys.append(model->index(row, CompareModel::KeyColumn, parent).data().toString());
    return keys;
}

QString cell(const CompareModel *model, CompareModel::Group group, const QString &key, int column)
{
    const QModelIndex parent = model->groupIndex(group);
    for (int row = 0; row < model->rowCount(parent); ++row) {
        if (model->index(row, CompareModel::KeyColumn, parent).data().toString() == key)
            return model->index(row, column, parent).data().toString();
    }
    return {};
}

// The clock row of source, as (here, there); NaN-free: 0 for absent.
std::pair<double, double> clockOf(const CompareClockModel *model, const QString &source)
{
    for (const ReplicaDiff::ClockRow &row : model->rows()) {
        if (row.source == source)
            return {row.inA() ? row.a : 0, row.inB() ? row.b : 0};
    }
    return {-1, -1};
}
} // namespace

// Peers ▸ Compare with… against node programs using the real npm scuttlebutt,
// 5.6.15 and 4.1.1 (nodepeer.js): the three groups and the clocks, live as the
// node peer changes, and the node peer left exactly as it was.
class TestCompareNode : public QObject
{
    Q_OBJECT

private slots:
    void comparesWithANodePeerLiveAndLeavesItUnchanged_data();
    void comparesWithANodePeerLiveAndLeavesItUnchanged();
    void aNodePeerIsComparedWhateverDialectTheTargetNames_data();
    void aNodePeerIsComparedWhateverDialectTheTargetNames();
    void comparesWithAnSbpeerLiveAndLeavesItUnchanged();
};

void TestCompareNode::comparesWithANodePeerLiveAndLeavesItUnchanged_data()
{
    QTest::addColumn<QString>("version");
    QTest::newRow("scuttlebutt 5.6.15") << QStringLiteral("5");
    QTest::newRow("scuttlebutt 4.1.1") << QStringLiteral("4");
}

void TestCompareNode::comparesWithANodePeerLiveAndLeavesItUnchanged()
{
    QFETCH(QString, version);
    NodePeer node;
    QVERIFY(node.serve(version, QStringLiteral("NODE")));
    node.set(QStringLiteral("there"), "\"node\"");
    node.set(QStringLiteral("both"), "{\"by\":\"node\"}");
    QTRY_VERIFY(!node.changeOf(QStringLiteral("both")).isEmpty());

    // Set after the node's: our update of "both" is newer, so ours wins.
    ReplicaSession session;
    session.newReplica(Scuttlebutt::Kind::Model, QStringLiteral("LOCAL"));
    Model *local = session.model();
    QVERIFY(local->set(QStringLiteral("here"), JsonValue(true)));
    QVERIFY(local->set(QStringLiteral("both"), JsonValue(2)));
    const Clock localClock = local->clock();

    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(
            CompareSource::parseTarget(QStringLiteral("127.0.0.1:%1").arg(node.port())).value());
    QTRY_VERIFY_WITH_TIMEOUT(view->comparisons() > 0, 10000);
    QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
    const CompareModel *model = view->model();
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyHere), QStringList{QStringLiteral("here")});
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyThere), QStringList{QStringLiteral("there")});
    QCOMPARE(keysIn(model, CompareModel::Group::Different), QStringList{QStringLiteral("both")});
    QCOMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("both"),
                  CompareModel::WinnerColumn),
             QStringLiteral("here"));
    QCOMPARE(cell(model, CompareModel::Group::OnlyThere, QStringLiteral("there"),
                  CompareModel::ThereValueColumn),
             QStringLiteral("\"node\""));
    QCOMPARE(cell(model, CompareModel::Group::OnlyThere, QStringLiteral("there"),
                  CompareModel::ThereSourceColumn),
             QStringLiteral("NODE"));
    // The clocks side by side: ours only here, the node's only there.
    QCOMPARE(clockOf(view->clockModel(), QStringLiteral("LOCAL")).first,
             localClock.latest(QStringLiteral("LOCAL")));
    QCOMPARE(clockOf(view->clockModel(), QStringLiteral("LOCAL")).second, 0.0);
    QVERIFY(clockOf(view->clockModel(), QStringLiteral("NODE")).second > 0);
    QCOMPARE(clockOf(view->clockModel(), QStringLiteral("NODE")).first, 0.0);

    // Live: a key the node sets appears, and one it sets newer flips the winner.
    node.set(QStringLiteral("late"), "[1,2]");
    QTRY_COMPARE(model->count(CompareModel::Group::OnlyThere), 2);
    QVERIFY(keysIn(model, CompareModel::Group::OnlyThere).contains(QStringLiteral("late")));
    node.set(QStringLiteral("both"), "\"node again\"");
    QTRY_COMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("both"),
                      CompareModel::WinnerColumn),
                 QStringLiteral("there"));

    // Read-only both ways: the node applied no update of ours, we none of its.
    QCOMPARE(node.changeOf(QStringLiteral("here")), QJsonObject());
    QCOMPARE(node.changeOf(QStringLiteral("both")).value(QStringLiteral("source")).toString(),
             QStringLiteral("NODE"));
    QCOMPARE(local->clock(), localClock);
    QVERIFY(local->get(QStringLiteral("there")).isUndefined());
    QCOMPARE(local->get(QStringLiteral("both")), JsonValue(2));
}

void TestCompareNode::aNodePeerIsComparedWhateverDialectTheTargetNames_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("spoken"); // a Dialect::Choice
    QTest::newRow("5.x asked of scuttlebutt 4.1.1")
            << QStringLiteral("4") << int(Dialect::Choice::V5);
    QTest::newRow("4.x asked of scuttlebutt 5.6.15")
            << QStringLiteral("5") << int(Dialect::Choice::V4);
}

// A comparison writes no update (our digest with an empty clock, then
// "SYNC"), and a stream reads updates of either dialect whatever it writes:
// so a target named with the other dialect than the node peer speaks is still
// read rightly, and nothing is sent that the node could misread.
void TestCompareNode::aNodePeerIsComparedWhateverDialectTheTargetNames()
{
    QFETCH(QString, version);
    QFETCH(int, spoken);
    NodePeer node;
    QVERIFY(node.serve(version, QStringLiteral("NODE")));
    node.set(QStringLiteral("there"), "1");
    QTRY_VERIFY(!node.changeOf(QStringLiteral("there")).isEmpty());
    ReplicaSession session;
    session.newReplica(Scuttlebutt::Kind::Model, QStringLiteral("LOCAL"));
    QVERIFY(session.model()->set(QStringLiteral("here"), JsonValue(1)));
    const Clock clockBefore = session.replica()->clock();

    QWidget window;
    CompareCommands commands(&session, &window);
    const QString address = QStringLiteral("127.0.0.1:%1").arg(node.port());
    CompareSource::Target target = CompareSource::parseTarget(address).value();
    target.peer.dialect = Dialect::Choice(spoken);
    CompareView *view = commands.compareWith(target);
    QTRY_VERIFY_WITH_TIMEOUT(view->comparisons() > 0, 10000);
    QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
    QCOMPARE(keysIn(view->model(), CompareModel::Group::OnlyThere),
             QStringList{QStringLiteral("there")});
    QCOMPARE(keysIn(view->model(), CompareModel::Group::OnlyHere),
             QStringList{QStringLiteral("here")});
    node.set(QStringLiteral("later"), "2");
    QTRY_COMPARE(view->model()->count(CompareModel::Group::OnlyThere), 2);
    QCOMPARE(session.replica()->clock(), clockBefore);
    QCOMPARE(node.changeOf(QStringLiteral("here")), QJsonObject());
}

// The same with the sbpeer binary as the other side.
void TestCompareNode::comparesWithAnSbpeerLiveAndLeavesItUnchanged()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER"), QStringLiteral("--set"),
                          QStringLiteral("there=\"sbpeer\""), QStringLiteral("--set"),
                          QStringLiteral("both=1")}));
    ReplicaSession session;
    session.newReplica(Scuttlebutt::Kind::Model, QStringLiteral("LOCAL"));
    Model *local = session.model();
    QVERIFY(local->set(QStringLiteral("here"), JsonValue(true)));
    QVERIFY(local->set(QStringLiteral("both"), JsonValue(2)));
    const Clock localClock = local->clock();

    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(
            CompareSource::parseTarget(QStringLiteral("127.0.0.1:%1").arg(sbpeer.port())).value());
    QTRY_VERIFY_WITH_TIMEOUT(view->comparisons() > 0, 10000);
    QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
    const CompareModel *model = view->model();
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyHere), QStringList{QStringLiteral("here")});
    QCOMPARE(keysIn(model, CompareModel::Group::OnlyThere), QStringList{QStringLiteral("there")});
    QCOMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("both"),
                  CompareModel::WinnerColumn),
             QStringLiteral("here"));
    QVERIFY(clockOf(view->clockModel(), QStringLiteral("SBPEER")).second > 0);

    sbpeer.send("set late=[1,2]");
    QTRY_COMPARE(model->count(CompareModel::Group::OnlyThere), 2);
    QCOMPARE(sbpeer.dump(), QByteArray("{\"there\":\"sbpeer\",\"both\":1,\"late\":[1,2]}"));
    QCOMPARE(local->clock(), localClock);
}

QTEST_MAIN(TestCompareNode)
#include "tst_comparenode.moc"
