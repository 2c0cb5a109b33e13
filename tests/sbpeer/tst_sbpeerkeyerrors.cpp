// SPDX-License-Identifier: MIT
#include "sbpeercli.h"

#include <QTemporaryDir>
#include <QTest>

using namespace SbpeerCli;

// sbpeer's key, trust and TLS commands (and the security options of serve,
// sync and connect) given bad input: one clear line naming the key or file and
// the reason, exit status 1, nothing written; bad usage: the usage, exit 2.
// Passphrases never show.
class SbpeerKeyErrorsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void badInputFailsWithOneLine_data();
    void badInputFailsWithOneLine();
    void badUsageShowsTheUsage_data();
    void badUsageShowsTheUsage();

private:
    QTemporaryDir m_home;
    QTemporaryDir m_fixtures;
};

void SbpeerKeyErrorsTest::initTestCase()
{
    QVERIFY(m_home.isValid() && m_fixtures.isValid());
    const QString fixtures = m_fixtures.path();
    const QList<std::pair<const char *, QByteArray>> files = {
            {"right.txt", "right passphrase\n"},
            {"wrong.txt", "hunter2-wrong\n"},
            {"other.sb", "{\"id\":\"OTHER\",\"clock\":{}}\n\"SYNC\"\n"},
            {"garbage.pem", "not a key\n"},
            {"bad-trust.json", "{not json\n"},
    };
    for (const auto &[name, bytes] : files)
        QVERIFY(writeFile(m_fixtures.filePath(QString::fromLatin1(name)), bytes));
    for (const char *command : {"keygen plain", "keygen locked --passphrase-file right.txt",
                                "trust add keys/plain.pub --name p"}) {
        const Outcome outcome
                = run(m_home.path(),
                      words(QString::fromLatin1(command) + QStringLiteral(" --key-dir keys")), {},
                      fixtures);
        QVERIFY2(outcome.exitCode == 0, qPrintable(outcome.errLines.join(u' ')));
    }
    QVERIFY(writeFile(m_fixtures.filePath(QStringLiteral("plain.pub.pem")),
                      readAll(m_fixtures.filePath(QStringLiteral("keys/plain.pub")))));
    const QString error = sshKeygen(m_fixtures.filePath(QStringLiteral("small")), 1024);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void SbpeerKeyErrorsTest::badInputFailsWithOneLine_data()
{
    // Run in the fixtures folder with --key-dir keys: keys/plain, keys/locked
    // ("right passphrase"), keys/trust.json (plain as "p"), small (1024-bit
    // RSA) and small.pem, other.sb (a replica of id OTHER).
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const char *arguments, const char *message,
                  const QByteArray &input = {}) {
        QTest::newRow(name) << QString::fromUtf8(arguments) << input << QString::fromUtf8(message);
    };
    row("import: missing file", "key import x missing.pem", "missing.pem: no such file");
    row("import: not a key", "key import x garbage.pem", "garbage.pem: not a PEM private key");
    row("import: a public key", "key import x plain.pub.pem",
        "plain.pub.pem: holds a public key; a private key is needed here");
    row("import: 1024-bit RSA", "key import x small",
        "small: RSA key of 1024 bits refused: 2048 bits or more are required");
    row("import: name taken", "key import plain small", "key \"plain\" already exists in keys");
    row("keygen: 1024-bit RSA", "keygen x --type rsa --bits 1024",
        "keygen x: RSA keys need 2048 bits or more, not 1024");
    row("keygen: name taken", "keygen plain", "key \"plain\" already exists");
    row("keygen: unusable name", "keygen ../escape", "\"../escape\" is not a usable key name");
    row("keygen: empty passphrase", "keygen x --passphrase-file -",
        "standard input: no passphrase on its first line", "\n");
    row("keygen: missing passphrase file", "keygen x --passphrase-file nope.txt",
        "nope.txt: cannot read the passphrase");
    row("export: unknown key", "key export ghost", "no key named \"ghost\" in keys");
    row("export: wrong passphrase", "key export locked --private --passphrase-file wrong.txt",
        "keys/locked.key: cannot decrypt the private key: wrong passphrase?");
    row("export: wrong passphrase on stdin", "key export locked --private --passphrase-file -",
        "keys/locked.key: cannot decrypt the private key", "hunter2-wrong\n");
    row("export: encrypted, no passphrase", "key export locked --private",
        "keys/locked.key: the private key is encrypted; give its passphrase with "
        "--passphrase-file");
    row("remove: unknown key", "key remove ghost", "no key named \"ghost\"");
    row("trust add: missing file", "trust add missing.pem",
        "missing.pem: no such file, nor a key of that name in keys");
    row("trust add: 1024-bit RSA", "trust add small.pem",
        "small.pem: RSA key of 1024 bits refused");
    row("trust add: a private key", "trust add keys/plain.key",
        "keys/plain.key: holds a private key; trust takes the public one");
    row("trust add: name taken", "trust add keys/locked.pub --name p",
        "keys/trust.json: the name \"p\" is already given to ed25519:");
    row("trust add: trust list not JSON", "trust add plain.pub.pem --trust bad-trust.json",
        "bad-trust.json: not JSON");
    row("trust remove: no match", "trust remove nobody",
        "keys/trust.json: no trusted key or pinned certificate matches \"nobody\"");
    row("trust remove: missing trust list", "trust remove p --trust none.json",
        "none.json: no such trust list");
    row("trust pin-cert: not a fingerprint", "trust pin-cert 12:34",
        "\"12:34\" is neither a SHA-256 certificate fingerprint");
    row("serve: unknown key", "serve --listen 127.0.0.1:0 --key ghost",
        "--key ghost: no key of that name in keys, nor a file");
    row("sync: missing key file", "sync 127.0.0.1:1 --key ./ghost.pem",
        "--key ./ghost.pem: no such file");
    row("sync: wrong passphrase", "sync 127.0.0.1:1 --key locked --passphrase-file wrong.txt",
        "--key locked: keys/locked.key: cannot decrypt the private key: wrong passphrase?");
    row("connect: encrypted, no passphrase", "connect 127.0.0.1:1 --key locked",
        "--key locked: keys/locked.key: the private key is encrypted");
    row("sync: 1024-bit RSA key", "sync 127.0.0.1:1 --key small",
        "--key small: small: RSA key of 1024 bits refused");
    row("sync: missing trust list", "sync 127.0.0.1:1 --key plain --trust none.json",
        "trust list: none.json: no such trust list");
    row("serve: file of another id", "serve --listen 127.0.0.1:0 --key plain --file other.sb",
        "other.sb:1: the file holds replica OTHER, not ed25519:");
    row("sync: unknown TLS identity", "sync 127.0.0.1:1 --tls ghost",
        "--tls ghost: no TLS identity of that name in keys");
}

void SbpeerKeyErrorsTest::badInputFailsWithOneLine()
{
    QFETCH(QString, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    auto fixtureFiles = [this] {
        return readAll(m_fixtures.filePath(QStringLiteral("other.sb")))
                + readAll(m_fixtures.filePath(QStringLiteral("keys/trust.json")));
    };
    const QByteArray before = fixtureFiles();
    const Outcome outcome = run(m_home.path(), words(arguments + QStringLiteral(" --key-dir keys")),
                                input, m_fixtures.path());
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY2(outcome.errLines.size() == 1, qPrintable(outcome.errLines.join(u'\n')));
    const QString line = outcome.errLines.first();
    QVERIFY2(line.startsWith(u"sbpeer: ") && line.contains(message), qPrintable(line));
    QVERIFY2(!line.contains(u"hunter2") && !line.contains(u"right passphrase"), qPrintable(line));
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(fixtureFiles(), before);
}

void SbpeerKeyErrorsTest::badUsageShowsTheUsage_data()
{
    QTest::addColumn<QString>("arguments");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const char *arguments, const char *message) {
        QTest::newRow(name) << QString::fromUtf8(arguments) << QString::fromUtf8(message);
    };
    row("keygen without a name", "keygen", "keygen needs NAME");
    row("key without a subcommand", "key", "key needs a subcommand");
    row("unknown key subcommand", "key frob", "unknown command \"key frob\"");
    row("import without a file", "key import x", "key import needs NAME PRIVATE.pem");
    row("trust add, two files", "trust add a.pem b.pem", "unexpected argument \"b.pem\"");
    row("export both halves", "key export x --public --private", "--public or --private, not both");
    row("bits without rsa", "keygen x --bits 4096", "--bits is for --type rsa");
    row("bits not a number", "keygen x --type rsa --bits many", "--bits must be a number");
    row("unknown key type", "keygen x --type dsa", "--type must be ed25519 or rsa");
    row("option of another command", "key list --trust t.json",
        "--trust is not an option of key list");
    row("a passphrase argument", "keygen x --passphrase secret", "unknown option \"--passphrase\"");
    row("passphrase file without key", "serve --listen 127.0.0.1:0 --passphrase-file p",
        "--passphrase-file is for the key of --key");
    row("key and id", "sync 127.0.0.1:1 --key a --id X", "--id and --key together");
    row("trust alone", "sync 127.0.0.1:1 --trust t.json", "--trust needs --key, --verify or --tls");
    row("key without a value", "sync 127.0.0.1:1 --key", "--key needs a value");
}

void SbpeerKeyErrorsTest::badUsageShowsTheUsage()
{
    QFETCH(QString, arguments);
    QFETCH(QString, message);
    const Outcome outcome = run(m_home.path(), words(arguments));
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY(!outcome.errLines.isEmpty());
    QVERIFY2(outcome.errLines.first().startsWith(u"sbpeer: ")
                     && outcome.errLines.first().contains(message),
             qPrintable(outcome.errLines.first()));
    QVERIFY(outcome.errLines.contains(
            QStringLiteral("usage: sbpeer serve --listen HOST:PORT [options]")));
    QVERIFY(!outcome.errLines.join(u' ').contains(u"secret"));
    QVERIFY(outcome.out.isEmpty());
}

QTEST_GUILESS_MAIN(SbpeerKeyErrorsTest)
#include "tst_sbpeerkeyerrors.moc"
