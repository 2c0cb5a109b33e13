// SPDX-License-Identifier: MIT
#include "doc.h"
#include "events.h"
#include "model.h"
#include "replicadiff.h"

#include <QtTest>

using namespace sb;

// ReplicaDiff is what sbpeer diff prints: the entries only one replica holds,
// those both hold differently with the side scuttlebutt's rule keeps, and the
// two clocks side by side.
class tst_ReplicaDiff : public QObject
{
    Q_OBJECT

private slots:
    void equalReplicasAreEqual();
    void keysOnlyOneSideHolds();
    void differentValuesNameTheWinner_data();
    void differentValuesNameTheWinner();
    void sameValueFromAnotherSourceDiffers();
    void deletedKeyIsHeldAsItsNullUpdate();
    void clocksMarkWhatDiffers();
    void givenClockShowsSupersededSources();
    void eventsOnlyOneSideHolds();
    void refusesModelAgainstEvents();
    void docsCompareFieldByField();
};

namespace {
void put(Scuttlebutt &replica, const QString &key, const QByteArray &json, double ts,
         const QString &source)
{
    QCOMPARE(replica.receive(Update(key, json, ts, source)), Scuttlebutt::Outcome::Applied);
}
} // namespace

void tst_ReplicaDiff::equalReplicasAreEqual()
{
    Model a(QStringLiteral("A")), b(QStringLiteral("B"));
    for (Model *m : {&a, &b}) {
        put(*m, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
        put(*m, QStringLiteral("j"), "{\"x\":[1,2]}", 11, QStringLiteral("T"));
    }
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QVERIFY(diff->isEqual());
    QCOMPARE(diff->clocks().size(), 2);
    QVERIFY(!diff->clocksDiffer());
}

void tst_ReplicaDiff::keysOnlyOneSideHolds()
{
    Model a, b;
    put(a, QStringLiteral("shared"), "1", 10, QStringLiteral("S"));
    put(b, QStringLiteral("shared"), "1", 10, QStringLiteral("S"));
    put(a, QStringLiteral("zeta"), "2", 11, QStringLiteral("S"));
    put(a, QStringLiteral("alpha"), "3", 12, QStringLiteral("S"));
    put(b, QStringLiteral("beta"), "4", 13, QStringLiteral("T"));
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QVERIFY(!diff->isEqual());
    QCOMPARE(diff->onlyInA().size(), 2);
    QCOMPARE(diff->onlyInA().at(0).key(), QStringLiteral("alpha")); // by key
    QCOMPARE(diff->onlyInA().at(1).key(), QStringLiteral("zeta"));
    QCOMPARE(diff->onlyInB().size(), 1);
    QCOMPARE(diff->onlyInB().at(0).key(), QStringLiteral("beta"));
    QCOMPARE(diff->onlyInB().at(0).value(), QByteArray("4"));
    QVERIFY(diff->different().isEmpty());
}

void tst_ReplicaDiff::differentValuesNameTheWinner_data()
{
    QTest::addColumn<double>("tsA");
    QTest::addColumn<QString>("sourceA");
    QTest::addColumn<double>("tsB");
    QTest::addColumn<QString>("sourceB");
    QTest::addColumn<ReplicaDiff::Winner>("winner");
    QTest::addColumn<QString>("rule");
    QTest::newRow("B later") << 10.0 << "S" << 10.5 << "S" << ReplicaDiff::Winner::B
                             << "later timestamp";
    QTest::newRow("A later") << 20.0 << "A" << 10.0 << "Z" << ReplicaDiff::Winner::A
                             << "later timestamp";
    QTest::newRow("tie, B greater source")
            << 10.0 << "AAA" << 10.0 << "BBB" << ReplicaDiff::Winner::B
            << "same timestamp, greater source id";
    QTest::newRow("tie, A greater source") << 10.0 << "b" << 10.0 << "a" << ReplicaDiff::Winner::A
                                           << "same timestamp, greater source id";
    QTest::newRow("same stamp and source")
            << 10.0 << "S" << 10.0 << "S" << ReplicaDiff::Winner::Neither
            << "same timestamp and source: each side keeps the update it holds";
}

void tst_ReplicaDiff::differentValuesNameTheWinner()
{
    QFETCH(double, tsA);
    QFETCH(QString, sourceA);
    QFETCH(double, tsB);
    QFETCH(QString, sourceB);
    Model a, b;
    put(a, QStringLiteral("k"), "\"from A\"", tsA, sourceA);
    put(b, QStringLiteral("k"), "\"from B\"", tsB, sourceB);
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QCOMPARE(diff->different().size(), 1);
    const ReplicaDiff::Difference &difference = diff->different().first();
    QCOMPARE(difference.a.value(), QByteArray("\"from A\""));
    QCOMPARE(difference.b.value(), QByteArray("\"from B\""));
    QTEST(difference.winner, "winner");
    QTEST(difference.rule, "rule");

    // The rule is the one the Model applies: the winner is what a merge keeps.
    if (difference.winner != ReplicaDiff::Winner::Neither) {
        Model merged;
        merged.receive(difference.a);
        merged.receive(difference.b);
        const Update &expected
                = difference.winner == ReplicaDiff::Winner::A ? difference.a : difference.b;
        QCOMPARE(merged.entry(QStringLiteral("k")).value(), expected.value());
    }
}

void tst_ReplicaDiff::sameValueFromAnotherSourceDiffers()
{
    Model a, b;
    put(a, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
    put(b, QStringLiteral("k"), "1", 12, QStringLiteral("T"));
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QCOMPARE(diff->different().size(), 1);
    QCOMPARE(diff->different().first().winner, ReplicaDiff::Winner::B);
}

void tst_ReplicaDiff::deletedKeyIsHeldAsItsNullUpdate()
{
    Model a, b;
    put(a, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
    put(b, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
    put(b, QStringLiteral("k"), "null", 11, QStringLiteral("S"));
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QCOMPARE(diff->different().size(), 1);
    QVERIFY(diff->different().first().b.isDelete());
    QCOMPARE(diff->different().first().winner, ReplicaDiff::Winner::B);
}

void tst_ReplicaDiff::clocksMarkWhatDiffers()
{
    Model a, b;
    put(a, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
    put(b, QStringLiteral("k"), "1", 10, QStringLiteral("S"));
    put(a, QStringLiteral("m"), "1", 20, QStringLiteral("onlyA"));
    put(b, QStringLiteral("n"), "1", 30, QStringLiteral("onlyB"));
    put(a, QStringLiteral("o"), "1", 40, QStringLiteral("T"));
    put(b, QStringLiteral("o"), "2", 41, QStringLiteral("T"));
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    const QList<ReplicaDiff::ClockRow> &rows = diff->clocks();
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0).source, QStringLiteral("S")); // by source id
    QVERIFY(!rows.at(0).differs());
    QCOMPARE(rows.at(1).source, QStringLiteral("T"));
    QVERIFY(rows.at(1).differs());
    QCOMPARE(rows.at(1).a, 40.0);
    QCOMPARE(rows.at(1).b, 41.0);
    QCOMPARE(rows.at(2).source, QStringLiteral("onlyA"));
    QVERIFY(rows.at(2).inA() && !rows.at(2).inB());
    QCOMPARE(rows.at(3).source, QStringLiteral("onlyB"));
    QVERIFY(!rows.at(3).inA() && rows.at(3).inB());
    QVERIFY(diff->clocksDiffer());
}

void tst_ReplicaDiff::givenClockShowsSupersededSources()
{
    // A peer whose every update from S was superseded still lists S in its digest.
    Model a, b;
    put(a, QStringLiteral("k"), "2", 20, QStringLiteral("T"));
    put(b, QStringLiteral("k"), "2", 20, QStringLiteral("T"));
    Clock digestA = a.clock();
    digestA.set(QStringLiteral("S"), 10);
    const auto diff = ReplicaDiff::compare(a, digestA, b, b.clock());
    QVERIFY(diff);
    QVERIFY(diff->different().isEmpty());
    QCOMPARE(diff->clocks().size(), 2);
    QCOMPARE(diff->clocks().at(0).source, QStringLiteral("S"));
    QVERIFY(diff->clocks().at(0).inA() && !diff->clocks().at(0).inB());
    QVERIFY(!diff->isEqual());
}

void tst_ReplicaDiff::eventsOnlyOneSideHolds()
{
    Events a, b;
    put(a, QStringLiteral("joined"), "\"ann\"", 10, QStringLiteral("S"));
    put(b, QStringLiteral("joined"), "\"ann\"", 10, QStringLiteral("S"));
    put(a, QStringLiteral("left"), "\"ann\"", 12, QStringLiteral("S"));
    put(b, QStringLiteral("joined"), "\"bob\"", 11, QStringLiteral("T"));
    put(b, QStringLiteral("joined"), "\"cy\"", 9, QStringLiteral("U"));
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff);
    QCOMPARE(diff->onlyInA().size(), 1);
    QCOMPARE(diff->onlyInA().first().key(), QStringLiteral("left"));
    QCOMPARE(diff->onlyInB().size(), 2);
    QCOMPARE(diff->onlyInB().at(0).value(), QByteArray("\"cy\"")); // by stamp
    QCOMPARE(diff->onlyInB().at(1).value(), QByteArray("\"bob\""));
    QVERIFY(diff->different().isEmpty());
}

void tst_ReplicaDiff::refusesModelAgainstEvents()
{
    Model a;
    Events b;
    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(!diff);
    QVERIFY(diff.errorMessage().contains(QStringLiteral("only replicas of one type compare")));
}

void tst_ReplicaDiff::docsCompareFieldByField()
{
    Doc a(QStringLiteral("A")), b(QStringLiteral("B"));
    const Update shared(QStringLiteral("r"), R"({"name":"x","type":"t"})", 1, QStringLiteral("S"));
    for (Doc *doc : {&a, &b})
        QCOMPARE(doc->receive(shared), Scuttlebutt::Outcome::Applied);
    // A renames r later; B sets a colour; only A has row "mine".
    put(a, QStringLiteral("r"), R"({"name":"y"})", 2, QStringLiteral("P"));
    put(b, QStringLiteral("r"), R"({"colour":"red"})", 3, QStringLiteral("Q"));
    put(a, QStringLiteral("mine"), R"({"a":1,"b":2})", 4, QStringLiteral("P"));

    const auto diff = ReplicaDiff::compare(a, b);
    QVERIFY(diff.ok());
    // "type" is held alike; "name" differs, A's newer; "mine" is listed once.
    QCOMPARE(diff->different().size(), 1);
    QCOMPARE(diff->different().first().a.value(), QByteArray(R"({"name":"y"})"));
    QCOMPARE(diff->different().first().b, shared);
    QCOMPARE(diff->different().first().winner, ReplicaDiff::Winner::A);
    QCOMPARE(diff->onlyInA().size(), 1);
    QCOMPARE(diff->onlyInA().first().key(), QStringLiteral("mine"));
    QCOMPARE(diff->onlyInB().size(), 1);
    QCOMPARE(diff->onlyInB().first().value(), QByteArray(R"({"colour":"red"})"));
}

QTEST_GUILESS_MAIN(tst_ReplicaDiff)
#include "tst_replicadiff.moc"
