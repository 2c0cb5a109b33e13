// SPDX-License-Identifier: MIT
#include "tlschoice.h"

#include "keyring.h"

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>

using namespace sb;

namespace {
// The combo box's item data: the identity's name, with this mark in front
// for the one that does not exist yet.
const QString kNewMark = QStringLiteral("+");
} // namespace

TlsChoice::TlsChoice(KeyRing *keyRing, QWidget *parent)
    : QWidget(parent), m_keyRing(keyRing), m_choice(new QComboBox(this)), m_detail(new QLabel(this))
{
    m_choice->addItem(tr("Plain TCP (what npm scuttlebutt peers speak)"), QString());
    if (m_keyRing) {
        const QStringList identities = m_keyRing->tlsIdentities();
        for (const QString &name : identities)
            m_choice->addItem(tr("TLS as “%1”, pinned certificates").arg(name), name);
        if (!identities.contains(kNewIdentityName))
            m_choice->addItem(
                    tr("TLS as a new identity “%1”, pinned certificates").arg(kNewIdentityName),
                    kNewMark + kNewIdentityName);
    }
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_choice);
    layout->addWidget(m_detail);
    connect(m_choice, &QComboBox::currentIndexChanged, this, &TlsChoice::showDetail);
    showDetail();
}

QString TlsChoice::identityName() const
{
    QString name = m_choice->currentData().toString();
    if (name.startsWith(kNewMark))
        name.remove(0, kNewMark.size());
    return name;
}

void TlsChoice::setIdentityName(const QString &identityName)
{
    for (int i = 0; i < m_choice->count(); ++i) {
        QString name = m_choice->itemData(i).toString();
        if (name.startsWith(kNewMark))
            name.remove(0, kNewMark.size());
        if (name == identityName) {
            m_choice->setCurrentIndex(i);
            return;
        }
    }
}

Result<TlsIdentity> TlsChoice::takeIdentity()
{
    const QString data = m_choice->currentData().toString();
    if (data.isEmpty() || !m_keyRing)
        return TlsIdentity();
    if (!data.startsWith(kNewMark))
        return m_keyRing->tlsIdentity(data);
    auto made = m_keyRing->makeTlsIdentity(identityName());
    if (!made)
        return made;
    // It exists now: offer it as one of ours from here on.
    m_choice->setItemData(m_choice->currentIndex(), identityName());
    m_choice->setItemText(m_choice->currentIndex(),
                          tr("TLS as “%1”, pinned certificates").arg(identityName()));
    showDetail();
    return made;
}

QString TlsChoice::detailText() const
{
    return m_detail->text();
}

void TlsChoice::showDetail()
{
    const QString data = m_choice->currentData().toString();
    if (data.isEmpty()) {
        m_detail->setText(tr("Unencrypted, and the peer is not authenticated."));
        return;
    }
    if (data.startsWith(kNewMark)) {
        m_detail->setText(tr("A self-signed certificate is made for this identity "
                             "when you go on; its fingerprint is then shown here and "
                             "in the log, for the peer to pin."));
        return;
    }
    const auto identity = m_keyRing->tlsIdentity(data);
    if (!identity) {
        m_detail->setText(identity.errorMessage());
        return;
    }
    m_detail->setText(tr("Our certificate: %1. The peer must pin it (sbpeer trust "
                         "pin-cert FINGERPRINT), and we must pin the peer's: a peer "
                         "not pinned yet is refused, with its fingerprint to pin.")
                              .arg(identity->fingerprint()));
}
