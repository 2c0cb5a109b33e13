// SPDX-License-Identifier: MIT
#include "events.h"
#include "model.h"
#include "timestamp.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace sb;
using namespace Qt::StringLiterals;

// The rules every replica applies to an incoming update, seen through Model
// and Events: old data is dropped and reported, the clock moves before the
// signature is checked, unverified updates are never applied, and our own
// updates are signed and always newer than anything we hold for our id.
class tst_Scuttlebutt : public QObject
{
    Q_OBJECT

private slots:
    void dropsUpdateNotNewerThanClock_data();
    void dropsUpdateNotNewerThanClock();
    void dropsOldEventToo();
    void refusedUpdateMovesNoClock();
    void refusedUpdateUnderOurIdLeavesOurStampsOnTheWallClock();
    void refusedEventMovesNoClock();
    void verifierRejectionReportsUnverifiedAndDoesNotApply();
    void verifiedUpdateIsApplied();
    void verifierChecksReceivedUpdatesClaimingOurIdButNotLocalOnes();
    void signerSignsLocalUpdates();
    void localUpdatesAreAppliedAndSignalled();
    void validateRefuses_data();
    void validateRefuses();
    void validateAcceptsWellFormedUpdate();
    void createIdIsLongUppercaseHex();
    void defaultIdIsCreated();
    void constructorFallsBackToCreatedIdForInvalidId();
    void setIdRefuses_data();
    void setIdRefuses();
    void setIdSignalsChange();
    void localUpdatesAfterClockFarAheadStillAdvance_data();
    void localUpdatesAfterClockFarAheadStillAdvance();
    void disposeSignalsDisposed();
    void kindNames();
};

void tst_Scuttlebutt::dropsUpdateNotNewerThanClock_data()
{
    QTest::addColumn<double>("timestamp");
    QTest::newRow("same timestamp") << 2000.0;
    QTest::newRow("older timestamp") << 1000.0;
}

void tst_Scuttlebutt::dropsUpdateNotNewerThanClock()
{
    QFETCH(double, timestamp);

    Model model(u"me"_s);
    QCOMPARE(model.receive(Update(u"k"_s, "1", 2000, u"A"_s)), Scuttlebutt::Outcome::Applied);
    QSignalSpy old(&model, &Scuttlebutt::oldDataReceived);
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);

    // Another key, so only the clock can refuse it.
    const Update stale(u"other"_s, "2", timestamp, u"A"_s);
    QCOMPARE(model.receive(stale), Scuttlebutt::Outcome::OldData);
    QCOMPARE(old.count(), 1);
    QCOMPARE(old.at(0).at(0).value<Update>(), stale);
    QCOMPARE(applied.count(), 0);
    QVERIFY(!model.contains(u"other"_s));
    QCOMPARE(model.clock().latest(u"A"_s), 2000.0);
}

void tst_Scuttlebutt::dropsOldEventToo()
{
    Events events(u"me"_s);
    events.receive(Update(u"e"_s, "1", 2000, u"A"_s));
    QSignalSpy old(&events, &Scuttlebutt::oldDataReceived);
    QCOMPARE(events.receive(Update(u"e"_s, "2", 1500, u"A"_s)), Scuttlebutt::Outcome::OldData);
    QCOMPARE(old.count(), 1);
    QCOMPARE(events.updateCount(), qsizetype(1));
}

// Unlike npm scuttlebutt, which advances the clock first: a forgery stamped
// ahead must not silence the source it names until its clock catches up.
static Result<void> refuseForged(const Update &update)
{
    if (update.signature() == u"forged")
        return Error{u"bad signature"_s};
    return {};
}

void tst_Scuttlebutt::refusedUpdateMovesNoClock()
{
    Model model(u"me"_s);
    model.setVerifier(refuseForged);
    QCOMPARE(model.receive(Update(u"k"_s, "1", 1000, u"A"_s, u"good"_s)),
             Scuttlebutt::Outcome::Applied);
    const Update forged(u"k"_s, "\"evil\"", 121000, u"A"_s, u"forged"_s);
    QSignalSpy unverified(&model, &Scuttlebutt::unverifiedDataReceived);

    QCOMPARE(model.receive(forged), Scuttlebutt::Outcome::Unverified);
    QCOMPARE(unverified.count(), 1);
    QCOMPARE(model.clock().latest(u"A"_s), 1000.0);
    QCOMPARE(model.get(u"k"_s), JsonValue(1));

    // The source's honest update, stamped before the forgery, is taken.
    QCOMPARE(model.receive(Update(u"k"_s, "2", 2000, u"A"_s, u"good"_s)),
             Scuttlebutt::Outcome::Applied);
    QCOMPARE(model.get(u"k"_s), JsonValue(2));
    // Offered again (as every peer holding it does at each sync), it is
    // refused again and still moves nothing.
    QCOMPARE(model.receive(forged), Scuttlebutt::Outcome::Unverified);
    QCOMPARE(model.clock().latest(u"A"_s), 2000.0);
    QCOMPARE(model.get(u"k"_s), JsonValue(2));
}

void tst_Scuttlebutt::refusedUpdateUnderOurIdLeavesOurStampsOnTheWallClock()
{
    Model model(u"me"_s);
    model.setVerifier(refuseForged);
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    QCOMPARE(model.receive(Update(u"y"_s, "1", now + 300000, u"me"_s, u"forged"_s)),
             Scuttlebutt::Outcome::Unverified);
    QVERIFY(!model.clock().contains(u"me"_s));

    const auto written = model.set(u"mine"_s, JsonValue(1));
    QVERIFY(written.ok());
    QVERIFY2(std::abs(written->timestamp() - double(QDateTime::currentMSecsSinceEpoch())) < 1000,
             qPrintable(QString::number(written->timestamp() - now)));
}

void tst_Scuttlebutt::refusedEventMovesNoClock()
{
    Events events(u"me"_s);
    events.setVerifier(refuseForged);
    QCOMPARE(events.receive(Update(u"e"_s, "1", 50000, u"A"_s, u"forged"_s)),
             Scuttlebutt::Outcome::Unverified);
    QVERIFY(!events.clock().contains(u"A"_s));
    QCOMPARE(events.receive(Update(u"e"_s, "2", 2000, u"A"_s, u"good"_s)),
             Scuttlebutt::Outcome::Applied);
    QCOMPARE(events.updateCount(), qsizetype(1));
}

void tst_Scuttlebutt::verifierRejectionReportsUnverifiedAndDoesNotApply()
{
    Model model(u"me"_s);
    model.setVerifier([](const Update &update) -> Result<void> {
        return Error{u"no key known for %1"_s.arg(update.source())};
    });
    QSignalSpy unverified(&model, &Scuttlebutt::unverifiedDataReceived);
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);
    QSignalSpy changed(&model, &Model::changed);

    const Update update(u"k"_s, "1", 5000, u"A"_s, u"sig"_s);
    QCOMPARE(model.receive(update), Scuttlebutt::Outcome::Unverified);

    QCOMPARE(unverified.count(), 1);
    QCOMPARE(unverified.at(0).at(0).value<Update>(), update);
    QCOMPARE(unverified.at(0).at(1).toString(), u"no key known for A"_s);
    QCOMPARE(applied.count(), 0);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!model.contains(u"k"_s));
    QVERIFY(model.history().isEmpty());
}

void tst_Scuttlebutt::verifiedUpdateIsApplied()
{
    Model model(u"me"_s);
    QList<Update> asked;
    model.setVerifier([&](const Update &update) -> Result<void> {
        asked.append(update);
        return {};
    });
    const Update update(u"k"_s, "1", 5000, u"A"_s, u"good"_s);
    QCOMPARE(model.receive(update), Scuttlebutt::Outcome::Applied);
    QCOMPARE(asked, QList<Update>{update});
    QCOMPARE(model.entry(u"k"_s).signature(), u"good"_s);
}

void tst_Scuttlebutt::verifierChecksReceivedUpdatesClaimingOurIdButNotLocalOnes()
{
    Model model(u"me"_s);
    int verifications = 0;
    model.setVerifier([&](const Update &) -> Result<void> {
        ++verifications;
        return Error{u"refused"_s};
    });
    QVERIFY(model.set(u"mine"_s, JsonValue(1)).ok());
    QCOMPARE(verifications, 0);
    // Anyone can send an update claiming our id: it must prove it, as the JS does not ask.
    QCOMPARE(model.receive(Update(u"forged"_s, "1", Timestamp::now(), u"me"_s)),
             Scuttlebutt::Outcome::Unverified);
    QCOMPARE(verifications, 1);
    QVERIFY(!model.contains(u"forged"_s));
}

void tst_Scuttlebutt::signerSignsLocalUpdates()
{
    Model model(u"me"_s);
    QList<Update> signedUpdates;
    model.setSigner([&](const Update &update) {
        signedUpdates.append(update);
        return u"sig(%1)"_s.arg(update.key());
    });
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);

    const Update update = model.set(u"k"_s, JsonValue(1)).value();
    QCOMPARE(update.signature(), u"sig(k)"_s);
    QCOMPARE(model.entry(u"k"_s).signature(), u"sig(k)"_s);
    QCOMPARE(applied.at(0).at(0).value<Update>().signature(), u"sig(k)"_s);

    // The signer saw the finished update, not yet signed.
    QCOMPARE(signedUpdates.size(), 1);
    QVERIFY(!signedUpdates[0].isSigned());
    QCOMPARE(signedUpdates[0].source(), u"me"_s);
    QCOMPARE(signedUpdates[0].timestamp(), update.timestamp());
    QCOMPARE(signedUpdates[0].value(), QByteArray("1"));

    // Remote updates are not ours to sign.
    model.receive(Update(u"r"_s, "1", 10, u"A"_s));
    QCOMPARE(signedUpdates.size(), 1);

    Events events(u"me"_s);
    events.setSigner([](const Update &) { return u"event-sig"_s; });
    QCOMPARE(events.emitEvent(u"e"_s)->signature(), u"event-sig"_s);
}

void tst_Scuttlebutt::localUpdatesAreAppliedAndSignalled()
{
    Model model(u"me"_s);
    QSignalSpy applied(&model, &Scuttlebutt::updateApplied);
    const double before = Timestamp::now();
    const Update first = model.set(u"a"_s, JsonValue(1)).value();
    const Update second = model.set(u"b"_s, JsonValue(2)).value();
    QVERIFY(first.timestamp() > before);
    QVERIFY(second.timestamp() > first.timestamp());
    QCOMPARE(applied.count(), 2);
    QCOMPARE(model.clock().latest(u"me"_s), second.timestamp());
    QCOMPARE(model.clock().sources(), QStringList{u"me"_s});
}

void tst_Scuttlebutt::validateRefuses_data()
{
    QTest::addColumn<Update>("update");
    QTest::addColumn<QString>("reason");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("empty update") << Update() << u"empty"_s;
    QTest::newRow("key __proto__") << Update(u"__proto__"_s, "1", 1, u"A"_s) << u"__proto__"_s;
    QTest::newRow("source __proto__") << Update(u"k"_s, "1", 1, u"__proto__"_s) << u"__proto__"_s;
    QTest::newRow("empty source") << Update(u"k"_s, "1", 1, QString()) << u"source"_s;
    QTest::newRow("NaN timestamp") << Update(u"k"_s, "1", nan, u"A"_s) << u"timestamp"_s;
    QTest::newRow("infinite timestamp") << Update(u"k"_s, "1", inf, u"A"_s) << u"timestamp"_s;
    QTest::newRow("minus infinite timestamp")
            << Update(u"k"_s, "1", -inf, u"A"_s) << u"timestamp"_s;
}

void tst_Scuttlebutt::validateRefuses()
{
    QFETCH(Update, update);
    QFETCH(QString, reason);

    const Model model(u"me"_s);
    const auto refusal = model.validate(update);
    QVERIFY(!refusal.ok());
    QVERIFY2(refusal.errorMessage().contains(reason), qPrintable(refusal.errorMessage()));
    const Events events(u"me"_s);
    QVERIFY(!events.validate(update).ok());
}

void tst_Scuttlebutt::validateAcceptsWellFormedUpdate()
{
    const Model model(u"me"_s);
    QVERIFY(model.validate(Update(u"k"_s, "1", 1700000000000.5, u"A"_s)).ok());
    QVERIFY(model.validate(Update(QString(), QByteArray(), -5, u"A"_s)).ok());
    QVERIFY(model.validate(Update(u"k"_s, "1", 1, u"A"_s, u"sig"_s)).ok());
}

void tst_Scuttlebutt::createIdIsLongUppercaseHex()
{
    // Three Math.random().toString(16) fractions, upper-cased and joined.
    static const QRegularExpression shape(u"^[0-9A-F]{30,}$"_s);
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString id = Scuttlebutt::createId();
        QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 200);
}

void tst_Scuttlebutt::defaultIdIsCreated()
{
    Model a;
    Model b;
    QVERIFY(QRegularExpression(u"^[0-9A-F]{30,}$"_s).match(a.id()).hasMatch());
    QVERIFY(a.id() != b.id());
}

void tst_Scuttlebutt::constructorFallsBackToCreatedIdForInvalidId()
{
    Model model(u"__proto__"_s);
    QVERIFY(model.id() != u"__proto__"_s);
    QVERIFY(!model.id().isEmpty());
}

void tst_Scuttlebutt::setIdRefuses_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("empty") << QString();
    QTest::newRow("__proto__") << u"__proto__"_s;
}

void tst_Scuttlebutt::setIdRefuses()
{
    QFETCH(QString, id);

    Model model(u"me"_s);
    QSignalSpy changed(&model, &Scuttlebutt::idChanged);
    QVERIFY(!model.setId(id));
    QCOMPARE(model.id(), u"me"_s);
    QCOMPARE(changed.count(), 0);
}

void tst_Scuttlebutt::setIdSignalsChange()
{
    Model model(u"me"_s);
    QSignalSpy changed(&model, &Scuttlebutt::idChanged);
    QVERIFY(model.setId(u"you"_s));
    QCOMPARE(model.id(), u"you"_s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), u"you"_s);
    QVERIFY(model.setId(u"you"_s));
    QCOMPARE(changed.count(), 1);
    // Local updates carry the new id.
    QCOMPARE(model.set(u"k"_s, JsonValue(1))->source(), u"you"_s);
}

void tst_Scuttlebutt::localUpdatesAfterClockFarAheadStillAdvance_data()
{
    QTest::addColumn<double>("aheadBy"); // ms past the wall clock
    QTest::newRow("a minute") << 60000.0;
    QTest::newRow("a year, with a fraction") << 31536000000.75;
    QTest::newRow("past 2^53") << 1e16;
}

void tst_Scuttlebutt::localUpdatesAfterClockFarAheadStillAdvance()
{
    QFETCH(double, aheadBy);

    // Our own updates, reloaded from a file a machine with a fast clock wrote.
    const double far = double(QDateTime::currentMSecsSinceEpoch()) + aheadBy;
    Model model(u"me"_s);
    QCOMPARE(model.receive(Update(u"k"_s, "0", far, u"me"_s)), Scuttlebutt::Outcome::Applied);

    double previous = far;
    for (int i = 1; i <= 3; ++i) {
        const auto result = model.set(u"k"_s, JsonValue(i));
        QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
        const Update &update = result.value();
        QVERIFY(update.timestamp() > previous);
        QCOMPARE(model.get(u"k"_s), JsonValue(i));
        QCOMPARE(model.clock().latest(u"me"_s), update.timestamp());
        previous = update.timestamp();
    }
    Events events(u"me"_s);
    QCOMPARE(events.receive(Update(u"e"_s, "0", far, u"me"_s)), Scuttlebutt::Outcome::Applied);
    QVERIFY(events.emitEvent(u"e"_s)->timestamp() > far);
}

void tst_Scuttlebutt::disposeSignalsDisposed()
{
    Model model(u"me"_s);
    QSignalSpy disposed(&model, &Scuttlebutt::disposed);
    model.dispose();
    QCOMPARE(disposed.count(), 1);
}

void tst_Scuttlebutt::kindNames()
{
    QCOMPARE(Model().typeName(), u"model"_s);
    QCOMPARE(Events().typeName(), u"events"_s);
}

QTEST_GUILESS_MAIN(tst_Scuttlebutt)
#include "tst_scuttlebutt.moc"
