// SPDX-License-Identifier: MIT
#include "keystore.h"
#include "publickey.h"
#include "sbpeercli.h"
#include "tlsidentity.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace sb;
using namespace SbpeerCli;

namespace {
QString sha1Base64(const QByteArray &bytes)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toBase64());
}
} // namespace

// What sbpeer's key, trust and TLS commands print and write, run as a user
// would, checked against what sblib reads back.
class SbpeerKeysTest : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void helpListsTheSecurityCommands();
    void keygenPrintsTheIdAndFingerprintSblibDerives_data();
    void keygenPrintsTheIdAndFingerprintSblibDerives();
    void keyListShowsEveryKey();
    void exportPrintsThePublicKeyPeersTrust();
    void privateKeyRoundTripsThroughExportAndImport();
    void importsTheOriginalReadmeKeysAndTrustsTheirPublicHalfUnderNodesId();
    void defaultKeyStoreIsUnderTheUsersDataDirectory();
    void trustAddListAndRemove();
    void trustAddingAKnownKeyAgainKeepsItsName();
    void pinCertAcceptsFingerprintsAndCertificateFiles();
    void tlsCertWritesAnIdentityToPin();
    void keyRemoveDeletesTheKey();

private:
    Outcome run(const QStringList &arguments, const QByteArray &input = {}) const
    {
        return SbpeerCli::run(m_dir->path(), arguments, input);
    }
    // Runs words(text, values) with this test's --key-dir and returns its
    // stdout lines; a run that does not exit 0 fails the test.
    QStringList ok(const QString &text, const QStringList &values = {},
                   const QByteArray &input = {}) const;
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir; // a fresh one per test
};

QStringList SbpeerKeysTest::ok(const QString &text, const QStringList &values,
                               const QByteArray &input) const
{
    const QStringList arguments = words(text, values)
            + QStringList{QStringLiteral("--key-dir"), path(QStringLiteral("keys"))};
    const Outcome outcome = run(arguments, input);
    if (outcome.exitCode != 0) {
        const QString message = QStringLiteral("sbpeer %1 exited with %2: %3")
                                        .arg(arguments.join(u' '))
                                        .arg(outcome.exitCode)
                                        .arg(outcome.errLines.join(u' '));
        QTest::qFail(qPrintable(message), __FILE__, __LINE__);
    }
    return outcome.outLines;
}

void SbpeerKeysTest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void SbpeerKeysTest::helpListsTheSecurityCommands()
{
    const Outcome outcome = run({QStringLiteral("--help")});
    QCOMPARE(outcome.exitCode, 0);
    const QString help = QString::fromUtf8(outcome.out);
    for (const char *text :
         {"sbpeer keygen NAME [--type ed25519|rsa] [--bits N] [--passphrase-file F]",
          "sbpeer key import NAME PRIVATE.pem [--passphrase-file F]",
          "sbpeer key export NAME [--public|--private] [--passphrase-file F]", "sbpeer key list",
          "sbpeer trust add PUBLIC.pem [--name N]", "sbpeer trust remove ID|NAME|FINGERPRINT",
          "sbpeer trust list", "sbpeer trust pin-cert FINGERPRINT", "sbpeer tls-cert NAME",
          "--key NAME|PATH", "--trust FILE", "--tls NAME", "--key-dir DIR", "--verify"})
        QVERIFY2(help.contains(QLatin1String(text)), text);
}

void SbpeerKeysTest::keygenPrintsTheIdAndFingerprintSblibDerives_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("ed25519") << QStringLiteral("ed25519") << QStringLiteral("Ed25519");
    QTest::newRow("rsa") << QStringLiteral("rsa") << QStringLiteral("RSA-2048");
}

void SbpeerKeysTest::keygenPrintsTheIdAndFingerprintSblibDerives()
{
    QFETCH(QString, type);
    QFETCH(QString, algorithm);
    const auto printed = fields(ok(QStringLiteral("keygen mine --type %1"), {type}));
    QCOMPARE(printed.value(QStringLiteral("name")), QStringLiteral("mine"));
    QCOMPARE(printed.value(QStringLiteral("algorithm")), algorithm);
    const KeyStore store(path(QStringLiteral("keys")));
    const auto key = store.loadPublic(QStringLiteral("mine"));
    QVERIFY2(key.ok(), qPrintable(key.errorMessage()));
    QCOMPARE(printed.value(QStringLiteral("id")), key->sourceId());
    QCOMPARE(printed.value(QStringLiteral("fingerprint")), key->fingerprint());
    // RSA: security.js's createId, base64 SHA-1 of the PEM text peers are given.
    if (type == u"rsa")
        QCOMPARE(printed.value(QStringLiteral("id")), sha1Base64(key->pem()));
    QVERIFY(store.load(QStringLiteral("mine")).ok());
}

void SbpeerKeysTest::keyListShowsEveryKey()
{
    const auto first = fields(ok(QStringLiteral("keygen first")));
    const auto second = fields(ok(QStringLiteral("keygen second --type rsa --bits 3072")));
    QCOMPARE(second.value(QStringLiteral("algorithm")), QStringLiteral("RSA-3072"));
    QCOMPARE(ok(QStringLiteral("key list")),
             QStringList({QStringLiteral("first Ed25519 %1 %2")
                                  .arg(first.value(QStringLiteral("id")),
                                       first.value(QStringLiteral("fingerprint"))),
                          QStringLiteral("second RSA-3072 %1 %2")
                                  .arg(second.value(QStringLiteral("id")),
                                       second.value(QStringLiteral("fingerprint")))}));

    const Outcome empty = run(
            words(QStringLiteral("key list --key-dir %1"), {path(QStringLiteral("nothing"))}));
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.outLines.isEmpty());
    QCOMPARE(empty.errLines,
             QStringList{
                     QStringLiteral("sbpeer: no keys in %1").arg(path(QStringLiteral("nothing")))});
}

void SbpeerKeysTest::exportPrintsThePublicKeyPeersTrust()
{
    const auto made = fields(ok(QStringLiteral("keygen k")));
    const QStringList keyDir{QStringLiteral("--key-dir"), path(QStringLiteral("keys"))};
    const Outcome exported = run(words(QStringLiteral("key export k")) + keyDir);
    QCOMPARE(exported.exitCode, 0);
    QCOMPARE(exported.out, readAll(path(QStringLiteral("keys/k.pub"))));
    QCOMPARE(PublicKey::fromPem(exported.out)->sourceId(), made.value(QStringLiteral("id")));
    QCOMPARE(run(words(QStringLiteral("key export k --public")) + keyDir).out, exported.out);
}

void SbpeerKeysTest::privateKeyRoundTripsThroughExportAndImport()
{
    QVERIFY(writeFile(path(QStringLiteral("pass")), "first passphrase\n"));
    const auto made = fields(ok(QStringLiteral("keygen k --type rsa --passphrase-file %1"),
                                {path(QStringLiteral("pass"))}));
    QVERIFY(readAll(path(QStringLiteral("keys/k.key")))
                    .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));

    const Outcome exported
            = run(words(QStringLiteral("key export k --private --passphrase-file - --key-dir %1"),
                        {path(QStringLiteral("keys"))}),
                  "first passphrase\n");
    QCOMPARE(exported.exitCode, 0);
    QVERIFY(exported.out.startsWith("-----BEGIN PRIVATE KEY-----"));
    QVERIFY(writeFile(path(QStringLiteral("k.pem")), exported.out));

    // Into another store, locked there with another passphrase read from stdin.
    const Outcome imported
            = run(words(QStringLiteral("key import copy %1 --passphrase-file - --key-dir %2"),
                        {path(QStringLiteral("k.pem")), path(QStringLiteral("other"))}),
                  "second passphrase\n");
    QCOMPARE(imported.exitCode, 0);
    QCOMPARE(fields(imported.outLines).value(QStringLiteral("id")),
             made.value(QStringLiteral("id")));
    QCOMPARE(fields(imported.outLines).value(QStringLiteral("fingerprint")),
             made.value(QStringLiteral("fingerprint")));
    QVERIFY(readAll(path(QStringLiteral("other/copy.key")))
                    .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    const KeyStore other(path(QStringLiteral("other")));
    QCOMPARE(other.load(QStringLiteral("copy"), "second passphrase")->sourceId(),
             made.value(QStringLiteral("id")));
}

void SbpeerKeysTest::importsTheOriginalReadmeKeysAndTrustsTheirPublicHalfUnderNodesId()
{
    const QString error = sshKeygen(path(QStringLiteral("key")), 2048);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto imported
            = fields(ok(QStringLiteral("key import readme %1"), {path(QStringLiteral("key"))}));
    QCOMPARE(imported.value(QStringLiteral("algorithm")), QStringLiteral("RSA-2048"));
    // The `ssh-keygen -e -m PEM` text, as node's security.js would be given it.
    const QByteArray publicPem = readAll(path(QStringLiteral("key.pem")));
    QVERIFY(publicPem.startsWith("-----BEGIN RSA PUBLIC KEY-----"));
    const auto trusted = fields(
            ok(QStringLiteral("trust add %1 --name node"), {path(QStringLiteral("key.pem"))}));
    QCOMPARE(trusted.value(QStringLiteral("id")), sha1Base64(publicPem));
    QCOMPARE(trusted.value(QStringLiteral("fingerprint")),
             imported.value(QStringLiteral("fingerprint")));
}

void SbpeerKeysTest::defaultKeyStoreIsUnderTheUsersDataDirectory()
{
    QCOMPARE(run(words(QStringLiteral("keygen k"))).exitCode, 0);
    const QString store = path(QStringLiteral("data/scuttlescope/keys"));
    QVERIFY(QFileInfo::exists(store + QStringLiteral("/k.key")));
    QCOMPARE(QFileInfo(store).permissions() & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
    QCOMPARE(
            run(words(QStringLiteral("trust add %1"), {store + QStringLiteral("/k.pub")})).exitCode,
            0);
    QVERIFY(QFileInfo::exists(store + QStringLiteral("/trust.json")));
    QCOMPARE(run(words(QStringLiteral("trust list"))).outLines.size(), 1);
}

void SbpeerKeysTest::trustAddListAndRemove()
{
    const auto a = fields(ok(QStringLiteral("keygen a")));
    const auto b = fields(ok(QStringLiteral("keygen b --type rsa")));
    QVERIFY(writeFile(path(QStringLiteral("a.pem")), readAll(path(QStringLiteral("keys/a.pub")))));
    const QString list = path(QStringLiteral("t/trust.json"));

    // A PEM file, or a key of the store by name; a name may hold spaces.
    const auto addedA
            = fields(ok(QStringLiteral("trust add %1 --name %2 --trust %3"),
                        {path(QStringLiteral("a.pem")), QStringLiteral("Alice Smith"), list}));
    QCOMPARE(addedA.value(QStringLiteral("id")), a.value(QStringLiteral("id")));
    QCOMPARE(addedA.value(QStringLiteral("fingerprint")), a.value(QStringLiteral("fingerprint")));
    ok(QStringLiteral("trust add b --name bob --trust %1"), {list});
    ok(QStringLiteral("trust pin-cert %1 --name laptop --trust %2"), {QString(64, u'a'), list});

    QStringList expected{
            QStringLiteral("key %1 Ed25519 %2 Alice Smith")
                    .arg(a.value(QStringLiteral("id")), a.value(QStringLiteral("fingerprint"))),
            QStringLiteral("key %1 RSA-2048 %2 bob")
                    .arg(b.value(QStringLiteral("id")), b.value(QStringLiteral("fingerprint")))};
    std::sort(expected.begin(), expected.end()); // by id
    expected.append(
            QStringLiteral("cert %1 laptop").arg(QStringLiteral("AA:").repeated(32).chopped(1)));
    QCOMPARE(ok(QStringLiteral("trust list --trust %1"), {list}), expected);

    // By name, by key fingerprint (any case), by pin name, by id.
    QCOMPARE(ok(QStringLiteral("trust remove bob --trust %1"), {list}),
             QStringList{QStringLiteral("removed bob")});
    ok(QStringLiteral("trust remove %1 --trust %2"),
       {a.value(QStringLiteral("fingerprint")).toLower(), list});
    ok(QStringLiteral("trust remove laptop --trust %1"), {list});
    const Outcome empty = run(words(QStringLiteral("trust list --trust %1"), {list}));
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.outLines.isEmpty());
    QCOMPARE(empty.errLines,
             QStringList{QStringLiteral("sbpeer: %1 trusts no keys and pins no certificates")
                                 .arg(list)});
    ok(QStringLiteral("trust add b --trust %1"), {list});
    ok(QStringLiteral("trust remove %1 --trust %2"), {b.value(QStringLiteral("id")), list});
    QCOMPARE(ok(QStringLiteral("trust list --trust %1"), {list}), QStringList());
}

void SbpeerKeysTest::trustAddingAKnownKeyAgainKeepsItsName()
{
    ok(QStringLiteral("keygen a"));
    ok(QStringLiteral("trust add a --name alice"));
    ok(QStringLiteral("trust add a"));
    const QStringList listed = ok(QStringLiteral("trust list"));
    QCOMPARE(listed.size(), 1);
    QVERIFY2(listed.first().endsWith(u" alice"), qPrintable(listed.first()));
}

void SbpeerKeysTest::pinCertAcceptsFingerprintsAndCertificateFiles()
{
    const auto made = fields(ok(QStringLiteral("tls-cert peer")));
    const QString fingerprint = made.value(QStringLiteral("fingerprint"));
    for (const QString &form :
         {fingerprint, fingerprint.toLower(), QString(fingerprint).remove(u':'),
          made.value(QStringLiteral("certificate"))}) {
        QCOMPARE(ok(QStringLiteral("trust pin-cert %1"), {form}),
                 QStringList{QStringLiteral("pinned %1").arg(fingerprint)});
    }
    QCOMPARE(ok(QStringLiteral("trust list")),
             QStringList{QStringLiteral("cert %1").arg(fingerprint)});
    ok(QStringLiteral("trust pin-cert %1 --name desk"), {fingerprint});
    QCOMPARE(ok(QStringLiteral("trust list")),
             QStringList{QStringLiteral("cert %1 desk").arg(fingerprint)});
    ok(QStringLiteral("trust remove %1"), {fingerprint});
    QCOMPARE(ok(QStringLiteral("trust list")), QStringList());
}

void SbpeerKeysTest::tlsCertWritesAnIdentityToPin()
{
    const auto made = fields(ok(QStringLiteral("tls-cert server")));
    const QString certificate = path(QStringLiteral("keys/server.crt"));
    const QString key = path(QStringLiteral("keys/server.tlskey"));
    QCOMPARE(made.value(QStringLiteral("certificate")), certificate);
    QCOMPARE(QFileInfo(key).permissions() & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
    const auto loaded = TlsIdentity::load(certificate, key);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
    QCOMPARE(made.value(QStringLiteral("fingerprint")), loaded->fingerprint());
    QCOMPARE(ok(QStringLiteral("key list")), QStringList()); // not a signing key

    const Outcome again = run(
            words(QStringLiteral("tls-cert server --key-dir %1"), {path(QStringLiteral("keys"))}));
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.errLines.size(), 1);
    QVERIFY2(again.errLines.first().contains(u"already exists"),
             qPrintable(again.errLines.first()));
    QCOMPARE(TlsIdentity::load(certificate, key)->fingerprint(), loaded->fingerprint());
}

void SbpeerKeysTest::keyRemoveDeletesTheKey()
{
    ok(QStringLiteral("keygen gone"));
    QCOMPARE(ok(QStringLiteral("key remove gone")), QStringList{QStringLiteral("removed gone")});
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("keys/gone.key"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("keys/gone.pub"))));
}

QTEST_GUILESS_MAIN(SbpeerKeysTest)
#include "tst_sbpeerkeys.moc"
