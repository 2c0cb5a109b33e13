// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class KeyRing;
class QComboBox;
class QLabel;
class QLineEdit;
class ReplicaSession;
class TlsChoice;

// Asks for a port, whether to accept only local peers and whether peers must
// speak TLS (as which of our identities), and starts listening; if the port
// cannot be bound or the identity read, it says why and stays open.
class ListenDialog : public QDialog
{
    Q_OBJECT

public:
    // Without a key ring, only plain TCP is offered.
    explicit ListenDialog(ReplicaSession *session, KeyRing *keyRing = nullptr,
                          QWidget *parent = nullptr);

    QLineEdit *portEdit() const { return m_port; }
    TlsChoice *tlsChoice() const { return m_tls; }
    QString errorText() const;

    void accept() override;

private:
    ReplicaSession *m_session;
    QLineEdit *m_port;
    QComboBox *m_interface;
    TlsChoice *m_tls;
    QLabel *m_error;
};
