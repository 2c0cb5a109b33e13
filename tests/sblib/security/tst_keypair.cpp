// SPDX-License-Identifier: MIT
#include "keypair.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace sb;

class KeyPairTest : public QObject
{
    Q_OBJECT

private slots:
    void signaturesVerifyWithThePublicKey_data();
    void signaturesVerifyWithThePublicKey();
    void signatureOverOtherBytesDoesNotVerify();
    void anotherKeyDoesNotVerify();
    void rsaSourceIdIsBase64Sha1OfThePemAsSecurityJsComputesIt();
    void ed25519SourceIdIsPrefixedAndStable();
    void ed25519PemAndFingerprintAreWhatOpenSslWrites();
    void ed25519KeysInOtherLayoutsReadAsTheSameKey_data();
    void ed25519KeysInOtherLayoutsReadAsTheSameKey();
    void privateKeyRoundTripsThroughPemWithAndWithoutPassphrase();
    void encryptedKeyRefusesTheWrongPassphrase();
    void refusesRsaKeysUnder2048Bits();
    void refusesTextThatIsNotAKey();
    void importsTheSshKeygenPemPairOfTheOriginalReadme();
};

void KeyPairTest::signaturesVerifyWithThePublicKey_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::newRow("ed25519") << int(PublicKey::Algorithm::Ed25519);
    QTest::newRow("rsa-sha1") << int(PublicKey::Algorithm::Rsa);
}

void KeyPairTest::signaturesVerifyWithThePublicKey()
{
    QFETCH(int, algorithm);
    const auto key = KeyPair::generate(PublicKey::Algorithm(algorithm));
    QVERIFY2(key.ok(), qPrintable(key.errorMessage()));
    const QByteArray text = R"([["k","v"],1764058000123.5,"SOURCE"])";
    const auto signature = key->sign(text);
    QVERIFY(signature.ok());
    QVERIFY(key->publicKey().verify(text, QByteArray::fromBase64(signature->toLatin1())));
}

void KeyPairTest::signatureOverOtherBytesDoesNotVerify()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto signature = key->sign("[[\"k\",\"v\"],1,\"A\"]");
    QVERIFY(!key->publicKey().verify("[[\"k\",\"w\"],1,\"A\"]",
                                     QByteArray::fromBase64(signature->toLatin1())));
}

void KeyPairTest::anotherKeyDoesNotVerify()
{
    const auto mine = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto theirs = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto signature = mine->sign("text");
    QVERIFY(!theirs->publicKey().verify("text", QByteArray::fromBase64(signature->toLatin1())));
}

void KeyPairTest::rsaSourceIdIsBase64Sha1OfThePemAsSecurityJsComputesIt()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Rsa);
    const QByteArray pem = key->publicKey().pem();
    QVERIFY(pem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QCOMPARE(key->sourceId(),
             QString::fromLatin1(
                     QCryptographicHash::hash(pem, QCryptographicHash::Sha1).toBase64()));
}

void KeyPairTest::ed25519SourceIdIsPrefixedAndStable()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    QVERIFY(key->sourceId().startsWith(u"ed25519:"));
    QCOMPARE(key->sourceId().size(), 8 + 43);
    const auto reread = PublicKey::fromPem(key->publicKey().pem());
    QCOMPARE(reread->sourceId(), key->sourceId());
    QCOMPARE(reread->fingerprint(), key->publicKey().fingerprint());
}

// Scuttlescope writes and reads Ed25519 keys without OpenSSL's encoders and
// decoders (they cost 40 and 290 us a key); what it writes is OpenSSL's text.
void KeyPairTest::ed25519PemAndFingerprintAreWhatOpenSslWrites()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    BIO *bio = BIO_new(BIO_s_mem());
    QVERIFY(PEM_write_bio_PUBKEY(bio, key->publicKey().handle()) == 1);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    const QByteArray openSslPem(data, qsizetype(length));
    BIO_free(bio);
    QCOMPARE(key->publicKey().pem(), openSslPem);

    unsigned char *der = nullptr;
    const int derLength = i2d_PUBKEY(key->publicKey().handle(), &der);
    QCOMPARE(derLength, 44);
    const QByteArray hash = QCryptographicHash::hash(
            QByteArrayView(reinterpret_cast<const char *>(der), derLength),
            QCryptographicHash::Sha256);
    OPENSSL_free(der);
    QCOMPARE(key->publicKey().fingerprint(), QString::fromLatin1(hash.toHex(':')).toUpper());
}

void KeyPairTest::ed25519KeysInOtherLayoutsReadAsTheSameKey_data()
{
    QTest::addColumn<bool>("isPrivate");
    QTest::addColumn<QString>("layout");
    // The public key's last base64 group has two spare bits, which readers drop.
    QTest::addRow("public key, spare base64 bits set") << false << QStringLiteral("spare bits");
    for (const bool isPrivate : {false, true}) {
        const char *half = isPrivate ? "private" : "public";
        for (const char *layout :
             {"as written", "CRLF line ends", "text before the block", "base64 wrapped at 20",
              "no final newline", "non-canonical base64"}) {
            QTest::addRow("%s key, %s", half, layout) << isPrivate << QString::fromLatin1(layout);
        }
    }
}

// Ed25519 keys are taken from the PEM block without OpenSSL's decoders, in
// every layout OpenSSL's PEM reader accepts, and read as the same key.
void KeyPairTest::ed25519KeysInOtherLayoutsReadAsTheSameKey()
{
    QFETCH(bool, isPrivate);
    QFETCH(QString, layout);
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    QByteArray pem = isPrivate ? key->privateKeyPem() : key->publicKey().pem();
    QList<QByteArray> lines = pem.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    if (layout == u"CRLF line ends") {
        pem.replace("\n", "\r\n");
    } else if (layout == u"text before the block") {
        pem.prepend("Key made for the tests\n");
    } else if (layout == u"base64 wrapped at 20") {
        QByteArray wrapped;
        for (qsizetype at = 0; at < lines[1].size(); at += 20)
            wrapped += lines[1].mid(at, 20) + '\n';
        pem = lines[0] + '\n' + wrapped + lines[2] + '\n';
    } else if (layout == u"no final newline") {
        pem.chop(1);
    } else if (layout == u"spare bits") {
        const QByteArrayView alphabet(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        char &last = lines[1][lines[1].size() - 2];
        const qsizetype index = alphabet.indexOf(last);
        QVERIFY(index >= 0 && (index & 3) == 0);
        last = alphabet[index | 1];
        pem = lines.join('\n') + '\n';
    }
    if (isPrivate) {
        const auto read = KeyPair::fromPem(pem);
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(read->sourceId(), key->sourceId());
        const auto signature = read->sign("text");
        QVERIFY(key->publicKey().verify("text", QByteArray::fromBase64(signature->toLatin1())));
    } else {
        const auto read = PublicKey::fromPem(pem);
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(read->sourceId(), key->sourceId());
        QCOMPARE(read->fingerprint(), key->publicKey().fingerprint());
        QCOMPARE(read->pem(), pem);
    }
}

void KeyPairTest::privateKeyRoundTripsThroughPemWithAndWithoutPassphrase()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const QByteArray plain = key->privateKeyPem();
    QVERIFY(plain.startsWith("-----BEGIN PRIVATE KEY-----"));
    QCOMPARE(KeyPair::fromPem(plain)->sourceId(), key->sourceId());

    const QByteArray encrypted = key->privateKeyPem("correct horse");
    QVERIFY(encrypted.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QCOMPARE(KeyPair::fromPem(encrypted, "correct horse")->sourceId(), key->sourceId());
}

void KeyPairTest::encryptedKeyRefusesTheWrongPassphrase()
{
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    const auto wrong = KeyPair::fromPem(key->privateKeyPem("right"), "wrong");
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.errorMessage().contains(u"passphrase"), qPrintable(wrong.errorMessage()));
}

void KeyPairTest::refusesRsaKeysUnder2048Bits()
{
    QVERIFY(!KeyPair::generate(PublicKey::Algorithm::Rsa, 1024).ok());
    // The 768-bit key of npm scuttlebutt's own tests.
    const QByteArray weak = "-----BEGIN RSA PUBLIC KEY-----\n"
                            "MGgCYQDOi1R7UJQUGreidr9NxHn1kvQ21Y/fwik3kaxTYLliIv734kpRQCPgmpIW\n"
                            "oHbCA8uQuAh1iMnBoFT8jLg7DjJlUxsmO0qlI5e/T0DcYxtzhmrfLiOCAZs8DKKA\n"
                            "Z9GSiNkCAwEAAQ==\n"
                            "-----END RSA PUBLIC KEY-----\n";
    const auto key = PublicKey::fromPem(weak);
    QVERIFY(!key.ok());
    QVERIFY2(key.errorMessage().contains(u"2048"), qPrintable(key.errorMessage()));
}

void KeyPairTest::refusesTextThatIsNotAKey()
{
    QVERIFY(!PublicKey::fromPem("hello").ok());
    QVERIFY(!KeyPair::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                     .ok());
}

void KeyPairTest::importsTheSshKeygenPemPairOfTheOriginalReadme()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("node"));
    QProcess keygen;
    keygen.start(QStringLiteral(SSH_KEYGEN),
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("rsa"),
                  QStringLiteral("-b"), QStringLiteral("2048"), QStringLiteral("-m"),
                  QStringLiteral("PEM"), QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                  path});
    QVERIFY(keygen.waitForFinished(60000));
    QCOMPARE(keygen.exitCode(), 0);
    QProcess exporter;
    exporter.start(QStringLiteral(SSH_KEYGEN),
                   {QStringLiteral("-e"), QStringLiteral("-m"), QStringLiteral("PEM"),
                    QStringLiteral("-f"), path + QStringLiteral(".pub")});
    QVERIFY(exporter.waitForFinished(60000));
    const QByteArray publicPem = exporter.readAllStandardOutput();
    QVERIFY(publicPem.startsWith("-----BEGIN RSA PUBLIC KEY-----"));

    QFile privateFile(path);
    QVERIFY(privateFile.open(QIODevice::ReadOnly));
    const auto pair = KeyPair::fromPem(privateFile.readAll());
    QVERIFY2(pair.ok(), qPrintable(pair.errorMessage()));
    const auto publicKey = PublicKey::fromPem(publicPem);
    QVERIFY2(publicKey.ok(), qPrintable(publicKey.errorMessage()));
    QCOMPARE(publicKey->algorithm(), PublicKey::Algorithm::Rsa);
    // The id hashes the PEM text the JS was given: the ssh-keygen export.
    QCOMPARE(publicKey->sourceId(),
             QString::fromLatin1(
                     QCryptographicHash::hash(publicPem, QCryptographicHash::Sha1).toBase64()));
    const auto signature = pair->sign("payload");
    QVERIFY(publicKey->verify("payload", QByteArray::fromBase64(signature->toLatin1())));
}

QTEST_GUILESS_MAIN(KeyPairTest)
#include "tst_keypair.moc"
