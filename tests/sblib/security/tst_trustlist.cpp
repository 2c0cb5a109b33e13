// SPDX-License-Identifier: MIT
#include "keypair.h"
#include "trustlist.h"

#include <QTemporaryDir>
#include <QTest>

using namespace sb;

class TrustListTest : public QObject
{
    Q_OBJECT

private slots:
    void bindsEachKeyToTheIdDerivedFromIt();
    void removesByIdNameOrFingerprint();
    void roundTripsThroughItsFile();
    void refusesAFileWhoseIdDoesNotMatchItsKey();
    void refusesAFileThatIsNotJsonNamingTheFile();
    void pinsCertificatesCaseInsensitively();
    void missingFileIsAnEmptyList();
};

void TrustListTest::bindsEachKeyToTheIdDerivedFromIt()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    TrustList trust;
    const QString id = trust.add(key->publicKey(), QStringLiteral("alice"));
    QCOMPARE(id, key->sourceId());
    QVERIFY(trust.find(id));
    QCOMPARE(trust.find(id)->name, QStringLiteral("alice"));
    QVERIFY(!trust.find(QStringLiteral("someone else")));
}

void TrustListTest::removesByIdNameOrFingerprint()
{
    TrustList trust;
    const auto a = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto b = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto c = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    trust.add(a->publicKey(), QStringLiteral("a"));
    trust.add(b->publicKey(), QStringLiteral("b"));
    trust.add(c->publicKey(), QStringLiteral("c"));
    QVERIFY(trust.remove(a->sourceId()));
    QVERIFY(trust.remove(QStringLiteral("b")));
    QVERIFY(trust.remove(c->publicKey().fingerprint().toLower()));
    QCOMPARE(trust.size(), 0);
    QVERIFY(!trust.remove(QStringLiteral("nobody")));
}

void TrustListTest::roundTripsThroughItsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trust.json"));
    TrustList trust;
    const auto rsa = KeyPair::generate(PublicKey::Algorithm::Rsa);
    const auto ed = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    trust.add(rsa->publicKey(), QStringLiteral("node"));
    trust.add(ed->publicKey(), QStringLiteral("desk"));
    trust.pinCertificate(QStringLiteral("AA:BB"), QStringLiteral("server"));
    QVERIFY(trust.save(path).ok());

    const auto loaded = TrustList::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    QCOMPARE(loaded->size(), 2);
    QCOMPARE(loaded->find(rsa->sourceId())->name, QStringLiteral("node"));
    QCOMPARE(loaded->find(ed->sourceId())->key.fingerprint(), ed->publicKey().fingerprint());
    QVERIFY(loaded->isPinned(QStringLiteral("aa:bb")));
}

void TrustListTest::refusesAFileWhoseIdDoesNotMatchItsKey()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    TrustList trust;
    trust.add(key->publicKey());
    QByteArray json = trust.toJson();
    json.replace(key->sourceId().toLatin1(), "ed25519:forged");
    const auto loaded = TrustList::fromJson(json, QStringLiteral("trust.json"));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.errorMessage().contains(u"claims id ed25519:forged"),
             qPrintable(loaded.errorMessage()));
}

void TrustListTest::refusesAFileThatIsNotJsonNamingTheFile()
{
    const auto loaded = TrustList::fromJson("{oops", QStringLiteral("/tmp/trust.json"));
    QVERIFY(!loaded.ok());
    QVERIFY(loaded.errorMessage().startsWith(u"/tmp/trust.json: not JSON"));
}

void TrustListTest::pinsCertificatesCaseInsensitively()
{
    TrustList trust;
    trust.pinCertificate(QStringLiteral("ab:cd"));
    trust.pinCertificate(QStringLiteral("AB:CD"));
    QCOMPARE(trust.pins().size(), 1);
    QVERIFY(trust.isPinned(QStringLiteral("AB:cd")));
    QVERIFY(!trust.isPinned(QStringLiteral("AB:CE")));
}

void TrustListTest::missingFileIsAnEmptyList()
{
    QTemporaryDir dir;
    const auto loaded = TrustList::load(dir.filePath(QStringLiteral("absent.json")));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->size(), 0);
}

QTEST_GUILESS_MAIN(TrustListTest)
#include "tst_trustlist.moc"
