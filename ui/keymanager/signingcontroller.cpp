// SPDX-License-Identifier: MIT
#include "signingcontroller.h"

#include "documentmanager.h"
#include "keyring.h"
#include "passphraseprompt.h"
#include "replicadocument.h"
#include "replicasession.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

using namespace sb;

SigningController::SigningController(ReplicaSession *session, DocumentManager *documents,
                                     KeyRing *keyRing, QWidget *window)
    : QObject(window), m_session(session), m_documents(documents), m_keyRing(keyRing),
      m_window(window)
{
    connect(documents, &DocumentManager::opened, this, &SigningController::onOpened);
    connect(documents, &DocumentManager::openFailed, this, [this] {
        m_pendingKey = KeyPair();
        m_pendingName.clear();
    });
}

void SigningController::sign(const QString &keyName)
{
    withKey(keyName, tr("sign this replica's updates"),
            [this, keyName](const KeyPair &key) { useKey(keyName, key, Ask::Confirm); });
}

void SigningController::stopSigning()
{
    m_session->clearSigningKey();
    emit statusMessage(tr("Updates are no longer signed"));
}

void SigningController::withKey(const QString &keyName, const QString &why,
                                const std::function<void(const KeyPair &)> &use)
{
    const auto info = m_keyRing->ownKey(keyName);
    if (!info)
        return showError(
                tr("There is no key named \"%1\" in %2.").arg(keyName, m_keyRing->directory()));
    if (!info->encrypted) {
        auto key = m_keyRing->loadKey(keyName);
        if (!key)
            return showError(key.errorMessage());
        use(key.value());
        return;
    }
    PassphrasePrompt::ask(
            m_window, tr("Unlock Key"), tr("Passphrase of key \"%1\", to %2:").arg(keyName, why),
            [this, keyName, use](const QByteArray &passphrase) {
                auto key = m_keyRing->loadKey(keyName, passphrase);
                if (!key)
                    return showError(
                            tr("Key \"%1\" is not unlocked: %2").arg(keyName, key.errorMessage()));
                use(key.value());
            });
}

void SigningController::useKey(const QString &keyName, const KeyPair &key, Ask ask)
{
    const Scuttlebutt *replica = m_session->replica();
    if (!replica)
        return;
    if (replica->id() == key.sourceId() || ask == Ask::Quietly)
        return install(keyName, key);
    if (m_session->document()->isFile())
        return offerNewReplica(keyName, key);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Sign Updates"),
                                tr("Sign this replica's updates with key \"%1\"?").arg(keyName),
                                QMessageBox::Cancel, m_window);
    box->setInformativeText(
            tr("Its source id changes from %1 to %2: a signed update carries the "
               "id derived from its key, so that peers can check whose it is. "
               "Updates made before keep the old id.\n\nFrom now on, remote updates "
               "are applied only when signed with a key you trust (Key Manager, "
               "Trusted Keys); the others are rejected and shown in the timeline.")
                    .arg(replica->id(), key.sourceId()));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *sign = box->addButton(tr("Sign and Change Id"), QMessageBox::AcceptRole);
    connect(box, &QMessageBox::finished, this, [this, box, sign, keyName, key] {
        if (box->clickedButton() == sign)
            install(keyName, key);
    });
    box->open();
}

void SigningController::install(const QString &keyName, const KeyPair &key)
{
    if (auto error = m_session->setSigningKey(keyName, key))
        return showError(*error);
    emit statusMessage(tr("Signing updates with key \"%1\"").arg(keyName));
}

void SigningController::offerNewReplica(const QString &keyName, const KeyPair &key)
{
    const ReplicaDocument *document = m_session->document();
    auto *box = new QMessageBox(
            QMessageBox::Information, tr("Sign Updates"),
            tr("%1 cannot take the id of key \"%2\"").arg(document->title(), keyName),
            QMessageBox::Cancel, m_window);
    box->setInformativeText(
            tr("A replica file keeps its id (%1) across restarts, and a signed "
               "replica's id is its key's (%2).\n\nStart a new replica file signed "
               "with this key instead? %3 stays as it is.")
                    .arg(document->replica()->id(), key.sourceId(), document->fileName()));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *create = box->addButton(tr("New Signed Replica…"), QMessageBox::AcceptRole);
    const QString type = document->replica()->typeName();
    connect(box, &QMessageBox::finished, this, [this, box, create, keyName, key, type] {
        if (box->clickedButton() != create)
            return;
        auto *dialog = new QFileDialog(m_window, tr("New Replica Signed with \"%1\"").arg(keyName),
                                       QFileInfo(DocumentManager::defaultFileName()).absolutePath(),
                                       DocumentManager::fileFilter());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        // An existing file of this key's replica is opened, not replaced.
        dialog->setOption(QFileDialog::DontConfirmOverwrite);
        dialog->setDefaultSuffix(QStringLiteral("sbreplica"));
        dialog->selectFile(keyName + QStringLiteral(".sbreplica"));
        connect(dialog, &QFileDialog::fileSelected, this,
                [this, keyName, key, type](const QString &fileName) {
                    m_pendingName = keyName;
                    m_pendingKey = key;
                    m_documents->openWithId(fileName, key.sourceId(), type);
                });
        dialog->open();
    });
    box->open();
}

void SigningController::onOpened(ReplicaDocument *document)
{
    Scuttlebutt *replica = document->replica();
    if (!m_pendingKey.isNull()) {
        const KeyPair key = std::exchange(m_pendingKey, KeyPair());
        const QString name = std::exchange(m_pendingName, QString());
        if (replica->id() == key.sourceId())
            return install(name, key);
    }
    if (m_session->isSigning())
        return;
    // A replica whose id is one of our keys' was signed with it: sign again.
    const auto own = m_keyRing->ownKeyWithId(replica->id());
    if (!own)
        return;
    const QPointer<Scuttlebutt> opened = replica;
    withKey(own->name, tr("sign the updates of %1, whose id is this key's").arg(document->title()),
            [this, opened, name = own->name](const KeyPair &key) {
                if (opened && opened == m_session->replica())
                    useKey(name, key, Ask::Quietly);
            });
}

void SigningController::showError(const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Sign Updates"), text, QMessageBox::Ok,
                                m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit statusMessage(text);
}
