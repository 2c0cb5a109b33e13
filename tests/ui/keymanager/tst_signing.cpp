// SPDX-License-Identifier: MIT
#include "clockmodel.h"
#include "clockview.h"
#include "dialer.h"
#include "documentmanager.h"
#include "expectok.h"
#include "jsonpane.h"
#include "keyring.h"
#include "keysmodel.h"
#include "mainwindow.h"
#include "model.h"
#include "replicadocument.h"
#include "replicamenu.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "signingcontroller.h"
#include "testsupport.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "updatesigning.h"

#include <QAbstractButton>
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTest>

using namespace sb;

// Signed updates in the app: signing the replica with one of our keys,
// verifying remote updates against the trust list, and showing who signed.
class TestSigning : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void signedReplicasLocalEditCarriesASignatureThatVerifies();
    void untrustedUpdateFromALoopbackPeerIsRejectedNotApplied();
    void clockAndKeysShowTheTrustedKeysName();
    void encryptedKeyAsksForItsPassphraseFirst();
    void replicaFileWithAnotherIdOffersANewSignedReplica();
    void reopeningASignedReplicaSignsWithItsKeyAgain();

private:
    void signWith(const QString &keyName);
    QMessageBox *waitForBox();
    void click(QMessageBox *box, const QString &text);

    QTemporaryDir m_settings;
    std::unique_ptr<AppUnderTest> m_app;
    MainWindow *m_window = nullptr;
    KeyPair m_alice;
};

void TestSigning::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    TestSupport::isolateSettings(m_settings);
    m_alice = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
}

void TestSigning::init()
{
    QDir(QFileInfo(DocumentManager::defaultFileName()).absolutePath()).removeRecursively();
    m_app = std::make_unique<AppUnderTest>();
    QVERIFY(!m_app->keyRing->addKey(QStringLiteral("alice"), m_alice));
    m_app->session->newReplica(sb::Model::kTypeName, QStringLiteral("UNSIGNED"));
    m_window = m_app->createWindow();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestSigning::cleanup()
{
    m_app.reset();
}

QMessageBox *TestSigning::waitForBox()
{
    QMessageBox *box = nullptr;
    [[maybe_unused]] const bool shown = QTest::qWaitFor(
            [&] {
                for (QMessageBox *candidate : m_window->findChildren<QMessageBox *>()) {
                    if (candidate->isVisible())
                        box = candidate;
                }
                return box != nullptr;
            },
            5000);
    return box;
}

void TestSigning::click(QMessageBox *box, const QString &text)
{
    for (QAbstractButton *button : box->buttons()) {
        if (button->text() == text) {
            QTest::mouseClick(button, Qt::LeftButton);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no button \"%1\" in \"%2\"").arg(text, box->text())));
}

void TestSigning::signWith(const QString &keyName)
{
    m_window->replicaMenu()->signing()->sign(keyName);
    QMessageBox *box = waitForBox();
    QVERIFY(box);
    // The id change is explained before it happens.
    QVERIFY(box->informativeText().contains(m_alice.sourceId()));
    QVERIFY(box->informativeText().contains(QStringLiteral("source id changes")));
    QCOMPARE(m_app->session->replica()->id(), QStringLiteral("UNSIGNED"));
    click(box, QStringLiteral("Sign and Change Id"));
    QTRY_VERIFY(m_app->session->isSigning());
}

void TestSigning::signedReplicasLocalEditCarriesASignatureThatVerifies()
{
    signWith(QStringLiteral("alice"));
    QCOMPARE(m_app->session->replica()->id(), m_alice.sourceId());
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("signed")));

    KeysModel *keys = m_window->models()->keys();
    QVERIFY(!keys->setValueJson(QStringLiteral("greeting"), QStringLiteral("\"hi\"")));
    const Update update = m_app->session->model()->entry(QStringLiteral("greeting"));
    QVERIFY(update.isSigned());
    QCOMPARE(update.source(), m_alice.sourceId());
    TrustList trust;
    trust.add(m_alice.publicKey(), QStringLiteral("alice"));
    const auto verified = UpdateSigning::check(update, trust);
    QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));

    const int row = keys->rowOfKey(QStringLiteral("greeting"));
    QCOMPARE(keys->index(row, KeysModel::SignatureColumn).data().toString(),
             QStringLiteral("alice"));
    QCOMPARE(SignatureChecker::State(keys->index(row, KeysModel::SignatureColumn)
                                             .data(KeysModel::SignatureRole)
                                             .toInt()),
             SignatureChecker::State::Verified);
    QVERIFY(!keys->index(row, KeysModel::SignatureColumn).data(Qt::DecorationRole).isNull());
}

void TestSigning::untrustedUpdateFromALoopbackPeerIsRejectedNotApplied()
{
    signWith(QStringLiteral("alice"));
    QVERIFY(!m_app->session->listen(QHostAddress::LocalHost, 0));
    Model mallory(QStringLiteral("MALLORY"));
    expectOk(mallory.set(QStringLiteral("evil"), JsonValue(666)));
    Dialer dialer(&mallory, QStringLiteral("127.0.0.1"), m_app->session->listenPort(), {});
    dialer.open();

    TimelineModel *timeline = m_window->models()->timeline();
    QTRY_COMPARE(timeline->rowCount(), 1);
    const TimelineEntry entry = timeline->entryAt(0);
    QCOMPARE(entry.kind, TimelineEntry::Kind::Unverified);
    QCOMPARE(entry.update.key(), QStringLiteral("evil"));
    QCOMPARE(timeline->index(0, TimelineModel::OutcomeColumn).data().toString(),
             QStringLiteral("rejected"));
    QVERIFY(entry.reason.contains(QStringLiteral("no trusted key for source MALLORY")));
    QCOMPARE(m_window->models()->keys()->rowOfKey(QStringLiteral("evil")), -1);
    QVERIFY(!m_app->session->model()->contains(QStringLiteral("evil")));

    // The vector clock counts it against its source, and says why.
    ClockModel *clock = m_window->models()->clock();
    const int source = clock->rowOfSource(QStringLiteral("MALLORY"));
    QVERIFY(source >= 0);
    QCOMPARE(clock->index(source, ClockModel::RejectedColumn).data().toString(),
             QStringLiteral("1"));
    QVERIFY(clock->index(source, ClockModel::RejectedColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("no trusted key for source MALLORY")));

    // Selecting it says why.
    m_window->timelinePanel()->travelTo(0);
    QVERIFY(m_window->timelinePanel()->updatePane()->caption().contains(
            QStringLiteral("rejected, not applied: no trusted key for source MALLORY")));
    dialer.close();
}

void TestSigning::clockAndKeysShowTheTrustedKeysName()
{
    signWith(QStringLiteral("alice"));
    const KeyPair bob = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    QVERIFY(!m_app->keyRing->trust(bob.publicKey(), QStringLiteral("bob")));

    // Bob's replica signs with his key and trusts ours.
    Model remote;
    auto remoteTrust = std::make_shared<TrustList>();
    remoteTrust->add(m_alice.publicKey(), QStringLiteral("alice"));
    UpdateSigning::install(&remote, bob, remoteTrust);
    QVERIFY(!m_app->session->listen(QHostAddress::LocalHost, 0));
    Dialer dialer(&remote, QStringLiteral("127.0.0.1"), m_app->session->listenPort(), {});
    dialer.open();
    expectOk(remote.set(QStringLiteral("from-bob"), JsonValue(true)));

    KeysModel *keys = m_window->models()->keys();
    QTRY_VERIFY(keys->rowOfKey(QStringLiteral("from-bob")) >= 0);
    const int row = keys->rowOfKey(QStringLiteral("from-bob"));
    QCOMPARE(keys->index(row, KeysModel::SignatureColumn).data().toString(), QStringLiteral("bob"));

    ClockModel *clock = m_window->clockView()->model();
    clock->refresh();
    const int source = clock->rowOfSource(bob.sourceId());
    QVERIFY(source >= 0);
    QCOMPARE(clock->index(source, ClockModel::SourceColumn).data().toString(),
             QStringLiteral("bob"));
    QVERIFY(clock->index(source, ClockModel::SourceColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(bob.sourceId()));
    expectOk(m_app->session->model()->set(QStringLiteral("mine"), JsonValue(1)));
    clock->refresh();
    const int own = clock->rowOfSource(m_alice.sourceId());
    QCOMPARE(clock->index(own, ClockModel::SourceColumn).data().toString(),
             QStringLiteral("alice (this replica)"));
    dialer.close();
}

void TestSigning::encryptedKeyAsksForItsPassphraseFirst()
{
    const KeyPair locked = KeyPair::generate(PublicKey::Algorithm::Ed25519).value();
    QVERIFY(!m_app->keyRing->addKey(QStringLiteral("locked"), locked, "pw"));
    const auto prompt = [this] {
        QInputDialog *dialog = nullptr;
        [[maybe_unused]] const bool shown = QTest::qWaitFor([&] {
            dialog = m_window->findChild<QInputDialog *>(QStringLiteral("passphrasePrompt"));
            return dialog && dialog->isVisible();
        });
        return dialog;
    };
    m_window->replicaMenu()->signing()->sign(QStringLiteral("locked"));
    QInputDialog *passphrase = prompt();
    QVERIFY(passphrase);
    QVERIFY(passphrase->labelText().contains(QStringLiteral("\"locked\"")));
    passphrase->setTextValue(QStringLiteral("Xyzzy-42"));
    passphrase->accept();
    QMessageBox *box = waitForBox();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("Key \"locked\" is not unlocked")));
    QVERIFY(box->text().contains(QStringLiteral("wrong passphrase")));
    QVERIFY(!box->text().contains(QStringLiteral("Xyzzy"))); // never shown back
    box->close();
    QVERIFY(!m_app->session->isSigning());

    m_window->replicaMenu()->signing()->sign(QStringLiteral("locked"));
    passphrase = prompt();
    QVERIFY(passphrase);
    passphrase->setTextValue(QStringLiteral("pw"));
    passphrase->accept();
    QTRY_VERIFY((box = waitForBox()) && box->text().contains(QStringLiteral("\"locked\"")));
    click(box, QStringLiteral("Sign and Change Id"));
    QTRY_VERIFY(m_app->session->isSigning());
    QCOMPARE(m_app->session->replica()->id(), locked.sourceId());
}

void TestSigning::replicaFileWithAnotherIdOffersANewSignedReplica()
{
    m_app->documents->openDefault();
    QTRY_VERIFY(m_app->session->document()->isFile());
    const QString defaultId = m_app->session->replica()->id();
    m_window->replicaMenu()->signing()->sign(QStringLiteral("alice"));
    QMessageBox *box = waitForBox();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("cannot take the id of key \"alice\"")));
    QVERIFY(box->informativeText().contains(defaultId));
    click(box, QStringLiteral("New Signed Replica…"));

    QFileDialog *dialog = nullptr;
    QVERIFY(QTest::qWaitFor([&] {
        dialog = m_window->findChild<QFileDialog *>();
        return dialog && dialog->isVisible();
    }));
    const QString path = QFileInfo(DocumentManager::defaultFileName()).absolutePath()
            + QStringLiteral("/alice.sbreplica");
    dialog->selectFile(path);
    QMetaObject::invokeMethod(dialog, "accept");

    QTRY_VERIFY(m_app->session->document()->isFile()
                && QFileInfo(m_app->session->document()->fileName()) == QFileInfo(path));
    QTRY_VERIFY(m_app->session->isSigning());
    QCOMPARE(m_app->session->replica()->id(), m_alice.sourceId());
    QCOMPARE(m_app->session->signingKeyName(), QStringLiteral("alice"));
    // The default replica kept its id.
    QVERIFY(TestSupport::readFile(DocumentManager::defaultFileName()).contains(defaultId.toUtf8()));
}

void TestSigning::reopeningASignedReplicaSignsWithItsKeyAgain()
{
    const QString path = QFileInfo(DocumentManager::defaultFileName()).absolutePath()
            + QStringLiteral("/alice.sbreplica");
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_app->documents->openWithId(path, m_alice.sourceId(), sb::Model::kTypeName);
    // A key without a passphrase signs again unasked.
    QTRY_VERIFY(m_app->session->isSigning());
    QCOMPARE(m_app->session->signingKeyName(), QStringLiteral("alice"));
    expectOk(m_app->session->model()->set(QStringLiteral("signed"), JsonValue(true)));
    QVERIFY(m_app->session->model()->entry(QStringLiteral("signed")).isSigned());

    // Another replica with another id: signing stops.
    m_app->documents->newInMemory(sb::Model::kTypeName);
    QVERIFY(!m_app->session->isSigning());
}

QTEST_MAIN(TestSigning)
#include "tst_signing.moc"
