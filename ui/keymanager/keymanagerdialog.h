// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class KeyRing;
class OwnKeysPage;
class QLabel;
class QPushButton;
class QTabWidget;
class ReplicaSession;
class TrustedKeysPage;

// The Key Manager: our key pairs, the keys and certificates we trust, and
// whether the current replica is signed. Not modal: the replica stays in
// view and editable while it is open.
class KeyManagerDialog : public QDialog
{
    Q_OBJECT

public:
    KeyManagerDialog(KeyRing *keyRing, ReplicaSession *session, QWidget *parent = nullptr);

    OwnKeysPage *ownKeysPage() const { return m_ownKeys; }
    TrustedKeysPage *trustedKeysPage() const { return m_trusted; }
    QTabWidget *tabs() const { return m_tabs; }
    QString signingText() const;

signals:
    void signRequested(const QString &keyName);
    void stopSigningRequested();

private:
    void updateSigning();

    ReplicaSession *m_session;
    QTabWidget *m_tabs;
    OwnKeysPage *m_ownKeys;
    TrustedKeysPage *m_trusted;
    QLabel *m_lock;
    QLabel *m_signing;
    QPushButton *m_stopSigning;
};
