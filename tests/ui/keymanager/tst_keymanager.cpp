// SPDX-License-Identifier: MIT
#include "generatekeydialog.h"
#include "keymanagerdialog.h"
#include "keyring.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "model.h"
#include "ownkeysmodel.h"
#include "ownkeyspage.h"
#include "replicamenu.h"
#include "replicasession.h"
#include "testsupport.h"
#include "trustedkeysmodel.h"
#include "trustedkeyspage.h"
#include "trustkeydialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace sb;

// The Key Manager: our keys, trusted keys and pinned certificates.
class TestKeyManager : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void generatingAKeyInTheDialogListsIt();
    void passphraseProtectedRsaKeyIsStoredEncrypted();
    void differentPassphrasesAreRefused();
    void importingAnEncryptedKeyAsksForItsPassphrase();
    void importButtonsReadTheFilePickedInTheirDialog();
    void aFileThatCannotBeReadIsNamedWithTheReason();
    void trustingAKeyShowsItsFingerprintFirst();
    void cancellingTheFingerprintTrustsNothing();
    void removingATrustedKeyForgetsIt();
    void pinnedCertificatesAreListed();

private:
    GenerateKeyDialog *openGenerateDialog();
    // Picks path in the file dialog that parent opened, as a user does.
    static bool pickFile(QWidget *parent, const QString &path);
    void clickOk(QDialog *dialog);
    QString writePublicKey(const KeyPair &key, const QString &name);

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    KeyManagerDialog *m_manager = nullptr;
};

void TestKeyManager::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

void TestKeyManager::init()
{
    m_app = std::make_unique<AppUnderTest>();
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("LOCAL"));
    MainWindow *window = m_app->createWindow();
    window->show();
    window->replicaMenu()->openKeyManager();
    m_manager = window->replicaMenu()->keyManager();
    QVERIFY(m_manager);
    QVERIFY(QTest::qWaitForWindowExposed(m_manager));
    QVERIFY(!m_manager->isModal());
    // Our keys, trusted keys and pins: checked as keys come and go.
    TestSupport::watchModels(m_manager);
}

void TestKeyManager::cleanup()
{
    m_app.reset();
}

GenerateKeyDialog *TestKeyManager::openGenerateDialog()
{
    OwnKeysPage *page = m_manager->ownKeysPage();
    QTest::mouseClick(page->generateButton(), Qt::LeftButton);
    GenerateKeyDialog *dialog = page->findChild<GenerateKeyDialog *>();
    return dialog && QTest::qWaitForWindowExposed(dialog) ? dialog : nullptr;
}

bool TestKeyManager::pickFile(QWidget *parent, const QString &path)
{
    QFileDialog *dialog = nullptr;
    if (!QTest::qWaitFor([&] {
            dialog = parent->findChild<QFileDialog *>();
            return dialog && dialog->isVisible();
        }))
        return false;
    // Typed, as selectFile() leaves alone a file name box that has the focus.
    auto *fileName = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    if (!fileName)
        return false;
    fileName->setText(path);
    QMetaObject::invokeMethod(dialog, "accept");
    return true;
}

void TestKeyManager::clickOk(QDialog *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

QString TestKeyManager::writePublicKey(const KeyPair &key, const QString &name)
{
    const QString path = m_app->temporaryKeys.filePath(name + QStringLiteral(".pem"));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(key.publicKey().pem());
    return path;
}

void TestKeyManager::generatingAKeyInTheDialogListsIt()
{
    GenerateKeyDialog *dialog = openGenerateDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->algorithm(), PublicKey::Algorithm::Ed25519); // the default
    dialog->nameEdit()->setText(QStringLiteral("alice"));
    clickOk(dialog);

    OwnKeysModel *keys = m_manager->ownKeysPage()->model();
    QTRY_VERIFY(keys->rowOfName(QStringLiteral("alice")) >= 0);
    const int row = keys->rowOfName(QStringLiteral("alice"));
    QCOMPARE(keys->index(row, OwnKeysModel::NameColumn).data().toString(), QStringLiteral("alice"));
    QCOMPARE(keys->index(row, OwnKeysModel::AlgorithmColumn).data().toString(),
             QStringLiteral("Ed25519"));
    QVERIFY(keys->index(row, OwnKeysModel::SourceIdColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("ed25519:")));
    QCOMPARE(keys->index(row, OwnKeysModel::FingerprintColumn).data().toString().count(u':'), 31);
    QCOMPARE(m_manager->ownKeysPage()->currentName(), QStringLiteral("alice"));
    QVERIFY(m_app->keyRing->loadKey(QStringLiteral("alice")));
}

void TestKeyManager::passphraseProtectedRsaKeyIsStoredEncrypted()
{
    GenerateKeyDialog *dialog = openGenerateDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->passphraseEdit()->echoMode(), QLineEdit::Password);
    QCOMPARE(dialog->confirmEdit()->echoMode(), QLineEdit::Password);
    dialog->nameEdit()->setText(QStringLiteral("legacy"));
    dialog->algorithmBox()->setCurrentIndex(dialog->algorithmBox()->findData(2048));
    QTest::keyClicks(dialog->passphraseEdit(), QStringLiteral("s3cret"));
    QTest::keyClicks(dialog->confirmEdit(), QStringLiteral("s3cret"));
    clickOk(dialog);

    OwnKeysModel *keys = m_manager->ownKeysPage()->model();
    QTRY_VERIFY_WITH_TIMEOUT(keys->rowOfName(QStringLiteral("legacy")) >= 0, 20000);
    const int row = keys->rowOfName(QStringLiteral("legacy"));
    QCOMPARE(keys->index(row, OwnKeysModel::NameColumn).data().toString(),
             QStringLiteral("legacy (passphrase)"));
    QCOMPARE(keys->index(row, OwnKeysModel::AlgorithmColumn).data().toString(),
             QStringLiteral("RSA 2048"));
    const QByteArray stored
            = TestSupport::readFile(m_app->keyRing->directory() + QStringLiteral("/legacy.key"));
    QVERIFY(stored.contains("BEGIN ENCRYPTED PRIVATE KEY"));
    QVERIFY(!stored.contains("s3cret"));
    QVERIFY(!m_app->keyRing->loadKey(QStringLiteral("legacy")));
    QVERIFY(m_app->keyRing->loadKey(QStringLiteral("legacy"), "s3cret"));
}

void TestKeyManager::differentPassphrasesAreRefused()
{
    GenerateKeyDialog *dialog = openGenerateDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->passphraseEdit(), QStringLiteral("one"));
    QTest::keyClicks(dialog->confirmEdit(), QStringLiteral("two"));
    clickOk(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->errorText(), QStringLiteral("The two passphrases differ."));
    dialog->nameEdit()->setText(QStringLiteral("bad name!"));
    clickOk(dialog);
    QVERIFY(dialog->errorText().contains(QStringLiteral("for the name")));
    dialog->reject();
    QCOMPARE(m_manager->ownKeysPage()->model()->rowCount(), 0);
}

void TestKeyManager::importingAnEncryptedKeyAsksForItsPassphrase()
{
    const KeyPair key = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    const QString path = m_app->temporaryKeys.filePath(QStringLiteral("imported.pem"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(key.privateKeyPem("pw"));
    file.close();
    OwnKeysPage *page = m_manager->ownKeysPage();

    const auto prompt = [page](const QString &name) {
        QInputDialog *dialog = nullptr;
        [[maybe_unused]] const bool shown = QTest::qWaitFor([&] {
            dialog = page->findChild<QInputDialog *>(name);
            return dialog && dialog->isVisible();
        });
        return dialog;
    };
    page->importFile(path);
    QInputDialog *passphrase = prompt(QStringLiteral("passphrasePrompt"));
    QVERIFY(passphrase);
    QCOMPARE(passphrase->textEchoMode(), QLineEdit::Password);
    passphrase->setTextValue(QStringLiteral("wrong"));
    passphrase->accept();
    QTRY_VERIFY(page->messageBar()->text().contains(QStringLiteral("is the passphrase right?")));

    page->importFile(path);
    passphrase = prompt(QStringLiteral("passphrasePrompt"));
    QVERIFY(passphrase);
    passphrase->setTextValue(QStringLiteral("pw"));
    passphrase->accept();
    QInputDialog *name = prompt(QStringLiteral("keyNamePrompt"));
    QVERIFY(name);
    QCOMPARE(name->textValue(), QStringLiteral("imported"));
    QVERIFY(name->labelText().contains(key.publicKey().fingerprint()));
    name->accept();

    OwnKeysModel *keys = page->model();
    QTRY_VERIFY(keys->rowOfName(QStringLiteral("imported")) >= 0);
    QCOMPARE(keys->index(keys->rowOfName(QStringLiteral("imported")), OwnKeysModel::NameColumn)
                     .data()
                     .toString(),
             QStringLiteral("imported (passphrase)"));
    QCOMPARE(m_app->keyRing->loadKey(QStringLiteral("imported"), "pw")->sourceId(), key.sourceId());
}

void TestKeyManager::importButtonsReadTheFilePickedInTheirDialog()
{
    // Each page opens its file dialog and returns at once: the file is read
    // when the user picks it, in no event loop of the page's own.
    const KeyPair erin = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    // Not erin.key: the key ring keeps its keys in the same directory.
    const QString privatePath = m_app->temporaryKeys.filePath(QStringLiteral("erin.pem"));
    QVERIFY(TestSupport::writeFile(privatePath, erin.privateKeyPem()));
    OwnKeysPage *own = m_manager->ownKeysPage();
    own->importKey();
    QVERIFY(pickFile(own, privatePath));
    QInputDialog *name = nullptr;
    QVERIFY(QTest::qWaitFor([&] {
        name = own->findChild<QInputDialog *>(QStringLiteral("keyNamePrompt"));
        return name && name->isVisible();
    }));
    QCOMPARE(name->textValue(), QStringLiteral("erin"));
    name->accept();
    QTRY_VERIFY2(own->model()->rowOfName(QStringLiteral("erin")) >= 0,
                 qPrintable(own->messageBar()->text()));
    QCOMPARE(m_app->keyRing->loadKey(QStringLiteral("erin"))->sourceId(), erin.sourceId());

    const KeyPair frank = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    TrustedKeysPage *trusted = m_manager->trustedKeysPage();
    trusted->addFromFile();
    QVERIFY(pickFile(trusted, writePublicKey(frank, QStringLiteral("frank"))));
    TrustKeyDialog *confirm = nullptr;
    QVERIFY(QTest::qWaitFor([&] {
        confirm = trusted->findChild<TrustKeyDialog *>();
        return confirm && confirm->isVisible();
    }));
    QCOMPARE(confirm->findChild<QLabel *>(QStringLiteral("fingerprint"))->text(),
             frank.publicKey().fingerprint());
    clickOk(confirm);
    QCOMPARE(trusted->model()->rowCount(), 1);
    QCOMPARE(trusted->model()->index(0, TrustedKeysModel::SourceIdColumn).data().toString(),
             frank.sourceId());
}

void TestKeyManager::aFileThatCannotBeReadIsNamedWithTheReason()
{
    const QString missing = m_app->temporaryKeys.filePath(QStringLiteral("missing.pem"));
    const QString message
            = QStringLiteral("%1: cannot read: No such file or directory").arg(missing);

    OwnKeysPage *own = m_manager->ownKeysPage();
    own->importFile(missing);
    QCOMPARE(own->messageBar()->severity(), Severity::Error);
    QCOMPARE(own->messageBar()->text(), message);
    QVERIFY(!own->findChild<QInputDialog *>());
    QCOMPARE(own->model()->rowCount(), 0);

    TrustedKeysPage *trusted = m_manager->trustedKeysPage();
    trusted->confirmKeyFile(missing);
    QCOMPARE(trusted->messageBar()->severity(), Severity::Error);
    QCOMPARE(trusted->messageBar()->text(), message);
    QVERIFY(!trusted->findChild<TrustKeyDialog *>());
    QCOMPARE(trusted->model()->rowCount(), 0);
}

void TestKeyManager::trustingAKeyShowsItsFingerprintFirst()
{
    const KeyPair bob = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    const QString path = writePublicKey(bob, QStringLiteral("bob"));
    TrustedKeysPage *page = m_manager->trustedKeysPage();
    page->confirmKeyFile(path);
    auto *dialog = page->findChild<TrustKeyDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("fingerprint"))->text(),
             bob.publicKey().fingerprint());
    QCOMPARE(page->model()->rowCount(), 0); // nothing trusted before the user confirms
    QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("bob"));
    clickOk(dialog);

    TrustedKeysModel *trusted = page->model();
    QCOMPARE(trusted->rowCount(), 1);
    QCOMPARE(trusted->index(0, TrustedKeysModel::NameColumn).data().toString(),
             QStringLiteral("bob"));
    QCOMPARE(trusted->index(0, TrustedKeysModel::SourceIdColumn).data().toString(), bob.sourceId());
    QCOMPARE(trusted->index(0, TrustedKeysModel::FingerprintColumn).data().toString(),
             bob.publicKey().fingerprint());
    // Saved, and shared with the session's verifier.
    QVERIFY(TestSupport::readFile(m_app->keyRing->trustListPath())
                    .contains(bob.sourceId().toUtf8()));
    QVERIFY(m_app->session->trustList()->find(bob.sourceId()));
}

void TestKeyManager::cancellingTheFingerprintTrustsNothing()
{
    const KeyPair carol = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    TrustedKeysPage *page = m_manager->trustedKeysPage();
    page->confirmKeyFile(writePublicKey(carol, QStringLiteral("carol")));
    auto *dialog = page->findChild<TrustKeyDialog *>();
    QVERIFY(dialog);
    dialog->reject();
    QCOMPARE(page->model()->rowCount(), 0);
    QVERIFY(!QFile::exists(m_app->keyRing->trustListPath()));
}

void TestKeyManager::removingATrustedKeyForgetsIt()
{
    const KeyPair dave = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    QVERIFY(!m_app->keyRing->trust(dave.publicKey(), QStringLiteral("dave")));
    TrustedKeysPage *page = m_manager->trustedKeysPage();
    QCOMPARE(page->model()->rowCount(), 1);
    auto *table = page->findChild<QTableView *>(QStringLiteral("trustedKeysTable"));
    table->selectRow(0);
    page->removeSelected();
    QCOMPARE(page->model()->rowCount(), 0);
    QVERIFY(!m_app->session->trustList()->find(dave.sourceId()));
}

void TestKeyManager::pinnedCertificatesAreListed()
{
    TrustList list;
    const QString fingerprint
            = QStringLiteral("AB:CD:%1").arg(QStringLiteral("00:").repeated(30)).chopped(1);
    QVERIFY(list.pinCertificate(fingerprint, QStringLiteral("hub")));
    QVERIFY(list.save(m_app->keyRing->trustListPath()).ok());
    m_app->keyRing->reload();
    TrustedKeysModel *pins = m_manager->trustedKeysPage()->pinsModel();
    QCOMPARE(pins->rowCount(), 1);
    QCOMPARE(pins->index(0, TrustedKeysModel::NameColumn).data().toString(), QStringLiteral("hub"));
    QCOMPARE(pins->index(0, TrustedKeysModel::FingerprintColumn).data().toString(), fingerprint);
}

QTEST_MAIN(TestKeyManager)
#include "tst_keymanager.moc"
