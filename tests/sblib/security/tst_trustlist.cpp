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
    void refusesPinsThatAreNotSha256Fingerprints();
    void refusesAFileWithAMalformedPinNamingTheFileAndEntry();
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
    QVERIFY(trust.pinCertificate(QString(64, u'a'), QStringLiteral("server")));
    QVERIFY(trust.save(path).ok());

    const auto loaded = TrustList::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    QCOMPARE(loaded->size(), 2);
    QCOMPARE(loaded->find(rsa->sourceId())->name, QStringLiteral("node"));
    QCOMPARE(loaded->find(ed->sourceId())->key.fingerprint(), ed->publicKey().fingerprint());
    QVERIFY(loaded->isPinned(QStringLiteral("AA:").repeated(32).chopped(1)));
    QCOMPARE(loaded->pins().value(0).name, QStringLiteral("server"));
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

namespace {
const QString kFingerprint = QStringLiteral(
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:"
        "67:89");
} // namespace

void TrustListTest::pinsCertificatesCaseInsensitively()
{
    TrustList trust;
    QVERIFY(trust.pinCertificate(kFingerprint.toLower()));
    QVERIFY(trust.pinCertificate(QString(kFingerprint).remove(u':')));
    QCOMPARE(trust.pins().size(), 1);
    QCOMPARE(trust.pins().value(0).fingerprint, kFingerprint);
    QVERIFY(trust.isPinned(kFingerprint));
    QVERIFY(!trust.isPinned(QString(kFingerprint).replace(0, 1, u'C')));
    QVERIFY(trust.remove(kFingerprint.toLower()));
    QCOMPARE(trust.pins().size(), 0);
}

// Found by fuzz_trustkeys: pins of any text were kept, and two that differed
// only as Unicode case folding sees it ("ß" and "SS") became one when read back.
void TrustListTest::refusesPinsThatAreNotSha256Fingerprints()
{
    TrustList trust;
    for (const QString &text : {QStringLiteral("AB:CD"), QString(kFingerprint).replace(0, 1, u'ß'),
                                QString(kFingerprint).replace(2, 1, u'-'),
                                QString(kFingerprint).remove(u':').append(u'0'), QString()}) {
        QVERIFY2(!trust.pinCertificate(text), qPrintable(text));
        QVERIFY(!trust.isPinned(text));
    }
    QCOMPARE(trust.pins().size(), 0);
}

void TrustListTest::refusesAFileWithAMalformedPinNamingTheFileAndEntry()
{
    const QByteArray json = R"({"keys":[],"certificates":[{"fingerprint":")"
            + kFingerprint.toLatin1()
            + R"(","name":"hub"},{"fingerprint":"straße","name":"desk"}]})";
    const auto loaded = TrustList::fromJson(json, QStringLiteral("/tmp/trust.json"));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.errorMessage(),
             QStringLiteral("/tmp/trust.json: certificate 2: \"straße\" is not a SHA-256 "
                            "fingerprint (64 hex digits, colons between pairs optional)"));
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
