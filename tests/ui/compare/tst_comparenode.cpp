// SPDX-License-Identifier: MIT
#include "compareclockmodel.h"
#include "comparecommands.h"
#include "comparegroups.h"
#include "comparemodel.h"
#include "compareview.h"
#include "model.h"
#include "nodepeerprocess.h"
#include "replicadiff.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QTest>
#include <QWidget>

#include <functional>

using namespace sb;
using CompareGroups::cell;
using CompareGroups::keysIn;

namespace {
// The clock row of source as (here, there), 0 for a side without it.
std::pair<double, double> clockOf(const CompareClockModel *model, const QString &source)
{
    for (const ReplicaDiff::ClockRow &row : model->rows()) {
        if (row.source == source)
            return {row.inA() ? row.a : 0, row.inB() ? row.b : 0};
    }
    return {-1, -1};
}

// The peer on the other side: a node program or the sbpeer binary, told
// what to set through its stdin.
struct Remote
{
    QString id;
    quint16 port = 0;
    // Sets key to the JSON text json and returns once the peer holds it.
    std::function<bool(const QString &key, const QByteArray &json)> set;
    // Whether the peer holds an update of ours (source LOCAL) for key.
    std::function<bool(const QString &key)> holdsOurs;
};

Remote nodeRemote(NodePeer &node)
{
    const auto sourceOf = [&node](const QString &key) {
        return node.changeOf(key).value(QStringLiteral("source")).toString();
    };
    return {QStringLiteral("NODE"), node.port(),
            [&node](const QString &key, const QByteArray &json) {
                const QJsonValue before = node.changeOf(key).value(QStringLiteral("value"));
                node.set(key, json);
                return QTest::qWaitFor([&] {
                    return node.changeOf(key).value(QStringLiteral("value")) != before;
                });
            },
            [sourceOf](const QString &key) { return sourceOf(key) == u"LOCAL"; }};
}

Remote sbpeerRemote(SbPeerProcess &sbpeer)
{
    const auto holds = [&sbpeer](const QString &key, const QByteArray &json) {
        const QByteArray entry = '"' + key.toUtf8() + "\":" + json;
        return sbpeer.dump().contains(entry);
    };
    return {QStringLiteral("SBPEER"), sbpeer.port(),
            [&sbpeer, holds](const QString &key, const QByteArray &json) {
                sbpeer.send("set " + key.toUtf8() + '=' + json);
                return QTest::qWaitFor([&] { return holds(key, json); });
            },
            // sbpeer serve holds only what it was told to set and what it was sent.
            [&sbpeer](const QString &key) {
                return sbpeer.dump().contains('"' + key.toUtf8() + "\":");
            }};
}
} // namespace

// Peers ▸ Compare with… against node programs using the real npm scuttlebutt,
// 5.6.15 and 4.1.1 (nodepeer.js), and against the sbpeer binary: the three
// groups and the clocks, live as the peer changes, and the peer left exactly
// as it was.
class TestCompareNode : public QObject
{
    Q_OBJECT

private slots:
    void comparesWithANodePeerLiveAndLeavesItUnchanged_data();
    void comparesWithANodePeerLiveAndLeavesItUnchanged();
    void comparesWithAnSbpeerLiveAndLeavesItUnchanged();
    void aNodePeerIsComparedWhateverDialectTheTargetNames_data();
    void aNodePeerIsComparedWhateverDialectTheTargetNames();

private:
    void compareLiveAndReadOnly(const Remote &remote);
};

void TestCompareNode::compareLiveAndReadOnly(const Remote &remote)
{
    QVERIFY(remote.set(QStringLiteral("there"), "\"remote\""));
    QVERIFY(remote.set(QStringLiteral("both"), "{\"by\":\"remote\"}"));
    // Set after the remote's: our update of "both" is newer, so ours wins.
    ReplicaSession session;
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    Model *local = session.model();
    QVERIFY(local->set(QStringLiteral("here"), JsonValue(true)));
    QVERIFY(local->set(QStringLiteral("both"), JsonValue(2)));
    const Clock localClock = local->clock();

    QWidget window;
    CompareCommands commands(&session, &window);
    CompareView *view = commands.compareWith(
            CompareSource::parseTarget(QStringLiteral("127.0.0.1:%1").arg(remote.port)).value());
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
             QStringLiteral("\"remote\""));
    QCOMPARE(cell(model, CompareModel::Group::OnlyThere, QStringLiteral("there"),
                  CompareModel::ThereSourceColumn),
             remote.id);
    // The clocks side by side: ours only here, the remote's only there.
    QCOMPARE(clockOf(view->clockModel(), QStringLiteral("LOCAL")).first,
             localClock.latest(QStringLiteral("LOCAL")));
    QCOMPARE(clockOf(view->clockModel(), QStringLiteral("LOCAL")).second, 0.0);
    QVERIFY(clockOf(view->clockModel(), remote.id).second > 0);
    QCOMPARE(clockOf(view->clockModel(), remote.id).first, 0.0);

    // Live: a key the remote sets appears, and one it sets newer flips the winner.
    QVERIFY(remote.set(QStringLiteral("late"), "[1,2]"));
    QTRY_COMPARE(model->count(CompareModel::Group::OnlyThere), 2);
    QVERIFY(keysIn(model, CompareModel::Group::OnlyThere).contains(QStringLiteral("late")));
    QVERIFY(remote.set(QStringLiteral("both"), "\"remote again\""));
    QTRY_COMPARE(cell(model, CompareModel::Group::Different, QStringLiteral("both"),
                      CompareModel::WinnerColumn),
                 QStringLiteral("there"));

    // Read-only both ways: the remote applied no update of ours, we none of its.
    QVERIFY(!remote.holdsOurs(QStringLiteral("here")));
    QCOMPARE(local->clock(), localClock);
    QVERIFY(local->get(QStringLiteral("there")).isUndefined());
    QCOMPARE(local->get(QStringLiteral("both")), JsonValue(2));
}

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
    compareLiveAndReadOnly(nodeRemote(node));
}

void TestCompareNode::comparesWithAnSbpeerLiveAndLeavesItUnchanged()
{
    SbPeerProcess sbpeer;
    QVERIFY(sbpeer.serve({QStringLiteral("--id"), QStringLiteral("SBPEER")}));
    compareLiveAndReadOnly(sbpeerRemote(sbpeer));
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
    session.newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
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

QTEST_MAIN(TestCompareNode)
#include "tst_comparenode.moc"
