// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "model.h"
#include "updatesigning.h"

#include <QSignalSpy>
#include <QTest>

using namespace sb;

// A signed replica ("alice") and a verifying one ("bob") that trusts alice.
class UpdateSigningTest : public QObject
{
    Q_OBJECT

private slots:
    void replicaTakesTheIdDerivedFromItsKey();
    void localUpdatesAreSignedOverTheirJsonText_data();
    void localUpdatesAreSignedOverTheirJsonText();
    void trustedSignedUpdateIsApplied();
    void tamperedUpdateIsRejected_data();
    void tamperedUpdateIsRejected();
    void updateFromUnknownSourceIsRejected();
    void unsignedUpdateIsRejected();
    void replayedUpdateIsOldDataNotReapplied();
    void signatureOverThe4xTextIsAccepted();
    void forgeryStampedAheadLeavesItsSourceFreeToWrite();
    void refusedSignatureIsRememberedAndNotCheckedAgain();
    void rememberedRefusalsAreBounded();

private:
    struct Pair
    {
        KeyPair key;
        std::shared_ptr<TrustList> trust = std::make_shared<TrustList>();
    };
    static Pair makeSigned(Model &model,
                           PublicKey::Algorithm algorithm = PublicKey::Algorithm::Ed25519);
};

UpdateSigningTest::Pair UpdateSigningTest::makeSigned(Model &model, PublicKey::Algorithm algorithm)
{
    Pair pair;
    pair.key = KeyPair::generate(algorithm).value();
    UpdateSigning::install(&model, pair.key, pair.trust);
    return pair;
}

void UpdateSigningTest::replicaTakesTheIdDerivedFromItsKey()
{
    Model alice;
    const Pair pair = makeSigned(alice);
    QCOMPARE(alice.id(), pair.key.sourceId());
}

void UpdateSigningTest::localUpdatesAreSignedOverTheirJsonText_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::newRow("ed25519") << int(PublicKey::Algorithm::Ed25519);
    QTest::newRow("rsa-sha1") << int(PublicKey::Algorithm::Rsa);
}

void UpdateSigningTest::localUpdatesAreSignedOverTheirJsonText()
{
    QFETCH(int, algorithm);
    Model alice;
    const Pair pair = makeSigned(alice, PublicKey::Algorithm(algorithm));
    const Update update
            = alice.set(QStringLiteral("colour"), JsonValue(QStringLiteral("blue"))).value();
    QVERIFY(update.isSigned());
    const QByteArray text = Dialect::v5().signedText(update);
    QVERIFY(text.startsWith(R"([["colour","blue"],)"));
    QVERIFY(pair.key.publicKey().verify(text,
                                        QByteArray::fromBase64(update.signature().toLatin1())));
}

void UpdateSigningTest::trustedSignedUpdateIsApplied()
{
    Model alice;
    const Pair alicePair = makeSigned(alice);
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(alicePair.key.publicKey(), QStringLiteral("alice"));

    const Update update = alice.set(QStringLiteral("k"), JsonValue(1)).value();
    QCOMPARE(bob.receive(update), Scuttlebutt::Outcome::Applied);
    QCOMPARE(bob.get(QStringLiteral("k")), JsonValue(1));
}

void UpdateSigningTest::tamperedUpdateIsRejected_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("value") << QStringLiteral("value");
    QTest::newRow("key") << QStringLiteral("key");
    QTest::newRow("timestamp") << QStringLiteral("timestamp");
    QTest::newRow("signature") << QStringLiteral("signature");
    QTest::newRow("source") << QStringLiteral("source");
}

void UpdateSigningTest::tamperedUpdateIsRejected()
{
    QFETCH(QString, field);
    Model alice;
    const Pair alicePair = makeSigned(alice);
    Model mallory;
    const Pair malloryPair = makeSigned(mallory);
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(alicePair.key.publicKey());
    bobPair.trust->add(malloryPair.key.publicKey());

    const Update u = alice.set(QStringLiteral("k"), JsonValue(1)).value();
    Update forged;
    if (field == u"value")
        forged = Update(u.key(), "2", u.timestamp(), u.source(), u.signature());
    else if (field == u"key")
        forged = Update(QStringLiteral("other"), u.value(), u.timestamp(), u.source(),
                        u.signature());
    else if (field == u"timestamp")
        forged = Update(u.key(), u.value(), u.timestamp() + 1, u.source(), u.signature());
    else if (field == u"signature")
        forged = u.withSignature(mallory.set(QStringLiteral("k"), JsonValue(1))->signature());
    else
        forged = Update(u.key(), u.value(), u.timestamp(), mallory.id(), u.signature());

    QSignalSpy rejected(&bob, &Scuttlebutt::unverifiedDataReceived);
    QCOMPARE(bob.receive(forged), Scuttlebutt::Outcome::Unverified);
    QCOMPARE(rejected.size(), 1);
    QVERIFY(rejected.first().at(1).toString().contains(u"bad signature"));
    QVERIFY(!bob.contains(forged.key()));
}

void UpdateSigningTest::updateFromUnknownSourceIsRejected()
{
    Model stranger;
    makeSigned(stranger);
    Model bob;
    makeSigned(bob);
    QSignalSpy rejected(&bob, &Scuttlebutt::unverifiedDataReceived);
    QCOMPARE(bob.receive(stranger.set(QStringLiteral("k"), JsonValue(1)).value()),
             Scuttlebutt::Outcome::Unverified);
    QVERIFY(rejected.first().at(1).toString().contains(u"no trusted key"));
    QCOMPARE(bob.updateCount(), 0);
}

void UpdateSigningTest::unsignedUpdateIsRejected()
{
    Model alice;
    const Pair alicePair = makeSigned(alice);
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(alicePair.key.publicKey());
    const Update u = alice.set(QStringLiteral("k"), JsonValue(1)).value();
    QSignalSpy rejected(&bob, &Scuttlebutt::unverifiedDataReceived);
    QCOMPARE(bob.receive(u.withSignature({})), Scuttlebutt::Outcome::Unverified);
    QVERIFY(rejected.first().at(1).toString().contains(u"unsigned"));
}

void UpdateSigningTest::replayedUpdateIsOldDataNotReapplied()
{
    Model alice;
    const Pair alicePair = makeSigned(alice);
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(alicePair.key.publicKey());
    const Update first = alice.set(QStringLiteral("k"), JsonValue(1)).value();
    const Update second = alice.set(QStringLiteral("k"), JsonValue(2)).value();
    QCOMPARE(bob.receive(first), Scuttlebutt::Outcome::Applied);
    QCOMPARE(bob.receive(second), Scuttlebutt::Outcome::Applied);
    QCOMPARE(bob.receive(first), Scuttlebutt::Outcome::OldData);
    QCOMPARE(bob.get(QStringLiteral("k")), JsonValue(2));
}

void UpdateSigningTest::signatureOverThe4xTextIsAccepted()
{
    const KeyPair key = KeyPair::generate(PublicKey::Algorithm::Rsa).value();
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(key.publicKey());
    const Update unsignedUpdate(QStringLiteral("k"), "\"v\"", 1764058000123.0, key.sourceId());
    const Update signed4 = unsignedUpdate.withSignature(
            key.sign(Dialect::v4().signedText(unsignedUpdate)).value());
    QCOMPARE(bob.receive(signed4), Scuttlebutt::Outcome::Applied);
}

// npm scuttlebutt moves the source's clock before it verifies, so a forgery
// stamped two minutes ahead would drop the source's honest updates of those
// two minutes as old data, and our digest would claim them: lost for good.
void UpdateSigningTest::forgeryStampedAheadLeavesItsSourceFreeToWrite()
{
    Model alice;
    const Pair alicePair = makeSigned(alice);
    Model bob;
    const Pair bobPair = makeSigned(bob);
    bobPair.trust->add(alicePair.key.publicKey());
    const Update first = alice.set(QStringLiteral("k0"), JsonValue(QStringLiteral("v0"))).value();
    QCOMPARE(bob.receive(first), Scuttlebutt::Outcome::Applied);

    const Update forged(QStringLiteral("evil"), "1", first.timestamp() + 120000, alice.id(),
                        first.signature());
    QCOMPARE(bob.receive(forged), Scuttlebutt::Outcome::Unverified);
    QCOMPARE(bob.clock().latest(alice.id()), first.timestamp());

    const Update honest = alice.set(QStringLiteral("k1"), JsonValue(QStringLiteral("v1"))).value();
    QVERIFY(honest.timestamp() < forged.timestamp());
    QCOMPARE(bob.receive(honest), Scuttlebutt::Outcome::Applied);
    QCOMPARE(bob.get(QStringLiteral("k1")), JsonValue(QStringLiteral("v1")));
    QVERIFY(!bob.contains(QStringLiteral("evil")));
    QCOMPARE(bob.clock().latest(alice.id()), honest.timestamp());
}

// A refused update moves no clock, so peers offer it again at every sync:
// the second time it is refused from memory, without a signature check.
void UpdateSigningTest::refusedSignatureIsRememberedAndNotCheckedAgain()
{
    const KeyPair key = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    TrustList trust;
    trust.add(key.publicKey());
    const Update honest(QStringLiteral("k"), "1", 1764058000123.0, key.sourceId());
    const Update signedUpdate = honest.withSignature(UpdateSigning::sign(honest, key));
    const Update forged(QStringLiteral("k"), "2", honest.timestamp(), key.sourceId(),
                        signedUpdate.signature());
    RefusedSignatures refused;

    QVERIFY(UpdateSigning::check(forged, trust, &refused)
                    .errorMessage()
                    .contains(u"bad signature"));
    QCOMPARE(refused.size(), 1);
    QVERIFY(UpdateSigning::check(forged, trust, &refused)
                    .errorMessage()
                    .contains(u"bad signature"));
    QCOMPARE(refused.size(), 1);
    // What was remembered is that one update: the honest one, with the same
    // source, stamp and signature, still verifies.
    QVERIFY(UpdateSigning::check(signedUpdate, trust, &refused).ok());
    // And a remembered digest is refused unchecked: the proof that memory,
    // not the signature, answered.
    refused.insert(
            refused.digest(Dialect::v5().signedText(signedUpdate), signedUpdate.signature()));
    QVERIFY(!UpdateSigning::check(signedUpdate, trust, &refused).ok());
}

void UpdateSigningTest::rememberedRefusalsAreBounded()
{
    RefusedSignatures refused(4);
    for (int i = 0; i < 10; ++i)
        refused.insert(refused.digest(QByteArray::number(i), u"sig"));
    QCOMPARE(refused.size(), 4);
    QVERIFY(!refused.contains(refused.digest("0", u"sig")));
    QVERIFY(!refused.contains(refused.digest("5", u"sig")));
    QVERIFY(refused.contains(refused.digest("6", u"sig")));
    QVERIFY(refused.contains(refused.digest("9", u"sig")));
}

QTEST_GUILESS_MAIN(UpdateSigningTest)
#include "tst_updatesigning.moc"
