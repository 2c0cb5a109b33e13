// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "tlsidentity.h"

#include <QWidget>

class KeyRing;
class QComboBox;
class QLabel;

// How the Connect and Listen dialogs secure a connection: plain TCP (what npm
// peers speak), or TLS as one of our TLS identities, whose certificate the
// peer must pin as we must pin the peer's. When we have no identity yet, one
// is offered under a default name and made on first use. Our certificate's
// fingerprint is shown, so that it can be given to the peer.
class TlsChoice : public QWidget
{
    Q_OBJECT

public:
    // Without a key ring, only plain TCP is offered.
    explicit TlsChoice(KeyRing *keyRing, QWidget *parent = nullptr);

    static inline const QString kNewIdentityName = QStringLiteral("scuttlescope");

    // The identity chosen; empty for plain TCP.
    QString identityName() const;
    // Chooses identityName if it is one of ours (plain TCP for an empty name).
    void setIdentityName(const QString &identityName);
    // The chosen identity, made now when it is the new one; a null identity
    // for plain TCP; or why it could not be read or made.
    sb::Result<sb::TlsIdentity> takeIdentity();

    QComboBox *comboBox() const { return m_choice; }
    QString detailText() const;

private:
    void showDetail();

    KeyRing *m_keyRing;
    QComboBox *m_choice;
    QLabel *m_detail;
};
