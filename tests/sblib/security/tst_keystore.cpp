// SPDX-License-Identifier: MIT
#include "keystore.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;

class KeyStoreTest : public QObject
{
    Q_OBJECT

private slots:
    void savesAndLoadsKeysByName();
    void privateKeyWithoutPassphraseIsReadableByTheOwnerOnly();
    void privateKeyWithPassphraseIsEncryptedOnDisk();
    void refusesNamesThatWouldEscapeTheDirectory();
    void loadsKeysByPathToo();
    void missingKeyErrorNamesTheFile();
};

void KeyStoreTest::savesAndLoadsKeysByName()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    QVERIFY(store.save(QStringLiteral("desk"), key.value()).ok());
    QCOMPARE(store.names(), QStringList{QStringLiteral("desk")});
    QCOMPARE(store.load(QStringLiteral("desk"))->sourceId(), key->sourceId());
    QCOMPARE(store.loadPublic(QStringLiteral("desk"))->sourceId(), key->sourceId());
    QVERIFY(store.remove(QStringLiteral("desk")));
    QVERIFY(store.names().isEmpty());
}

void KeyStoreTest::privateKeyWithoutPassphraseIsReadableByTheOwnerOnly()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    QVERIFY(store.save(QStringLiteral("k"),
                       KeyPair::generate(PublicKey::Algorithm::Ed25519).value())
                    .ok());
    const QFileInfo info(dir.filePath(QStringLiteral("k.key")));
    QCOMPARE(
            info.permissions()
                    & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
            QFile::Permissions());
    QVERIFY(info.permissions() & QFile::ReadOwner);
}

void KeyStoreTest::privateKeyWithPassphraseIsEncryptedOnDisk()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    const auto key = KeyPair::generate(PublicKey::Algorithm::Rsa);
    QVERIFY(store.save(QStringLiteral("k"), key.value(), "secret").ok());
    QFile file(dir.filePath(QStringLiteral("k.key")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QVERIFY(!store.load(QStringLiteral("k")).ok());
    QCOMPARE(store.load(QStringLiteral("k"), "secret")->sourceId(), key->sourceId());
}

void KeyStoreTest::refusesNamesThatWouldEscapeTheDirectory()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    QVERIFY(!store.save(QStringLiteral("../evil"), key).ok());
    QVERIFY(!store.save(QStringLiteral(".hidden"), key).ok());
    QVERIFY(!store.save(QString(), key).ok());
}

void KeyStoreTest::loadsKeysByPathToo()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    const auto key = KeyPair::generate(PublicKey::Algorithm::Ed25519);
    QVERIFY(store.save(QStringLiteral("k"), key.value()).ok());
    KeyStore elsewhere(dir.filePath(QStringLiteral("other")));
    QCOMPARE(elsewhere.load(dir.filePath(QStringLiteral("k.key")))->sourceId(), key->sourceId());
}

void KeyStoreTest::missingKeyErrorNamesTheFile()
{
    QTemporaryDir dir;
    KeyStore store(dir.path());
    const auto missing = store.load(QStringLiteral("/nonexistent/key.pem"));
    QVERIFY(!missing.ok());
    QVERIFY(missing.errorMessage().startsWith(u"/nonexistent/key.pem: cannot read"));
}

QTEST_GUILESS_MAIN(KeyStoreTest)
#include "tst_keystore.moc"
