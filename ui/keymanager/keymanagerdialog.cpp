// SPDX-License-Identifier: MIT
#include "keymanagerdialog.h"

#include "keyring.h"
#include "lockicon.h"
#include "ownkeyspage.h"
#include "replicasession.h"
#include "trustedkeyspage.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

KeyManagerDialog::KeyManagerDialog(KeyRing *keyRing, ReplicaSession *session, QWidget *parent)
    : QDialog(parent), m_session(session), m_tabs(new QTabWidget(this)),
      m_ownKeys(new OwnKeysPage(keyRing, this)), m_trusted(new TrustedKeysPage(keyRing, this)),
      m_lock(new QLabel(this)), m_signing(new QLabel(this)),
      m_stopSigning(new QPushButton(tr("Stop Signing"), this))
{
    setWindowTitle(tr("Key Manager"));
    setModal(false);
    m_tabs->addTab(m_ownKeys, tr("My Keys"));
    m_tabs->addTab(m_trusted, tr("Trusted Keys"));
    m_signing->setWordWrap(true);
    m_signing->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *signingRow = new QHBoxLayout;
    m_lock->setPixmap(LockIcon::pixmap(SignatureChecker::State::Verified, 20));
    signingRow->addWidget(m_lock);
    signingRow->addWidget(m_signing, 1);
    signingRow->addWidget(m_stopSigning);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(signingRow);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    connect(m_ownKeys, &OwnKeysPage::signRequested, this, &KeyManagerDialog::signRequested);
    connect(m_stopSigning, &QPushButton::clicked, this, &KeyManagerDialog::stopSigningRequested);
    connect(session, &ReplicaSession::signingChanged, this, &KeyManagerDialog::updateSigning);
    connect(session, &ReplicaSession::replicaChanged, this, &KeyManagerDialog::updateSigning);
    updateSigning();
    resize(900, 520);
}

QString KeyManagerDialog::signingText() const
{
    return m_signing->text();
}

void KeyManagerDialog::updateSigning()
{
    sb::Scuttlebutt *replica = m_session->replica();
    if (m_session->isSigning()) {
        m_signing->setText(tr("<b>This replica signs its updates with key "
                              "\"%1\"</b> and applies only remote updates that "
                              "verify against your trusted keys.")
                                   .arg(m_session->signingKeyName().toHtmlEscaped()));
    } else {
        m_signing->setText(tr("This replica (%1) does not sign its updates nor verify remote "
                              "ones. Select one of your keys and <i>Sign This Replica</i>.")
                                   .arg(replica ? replica->id().toHtmlEscaped() : tr("none")));
    }
    m_stopSigning->setVisible(m_session->isSigning());
    m_lock->setVisible(m_session->isSigning());
}
