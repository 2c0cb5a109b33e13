// SPDX-License-Identifier: MIT
#pragma once

#include "peerspec.h"
#include "tlsidentity.h"

#include <QDialog>

class KeyRing;
class QComboBox;
class QLabel;
class QLineEdit;
class TlsChoice;

// Asks where to dial: host, port, wire dialect, meta JSON, a name and whether
// to speak TLS (as which of our identities), with recently used peers one
// click away. It stays open on input that would not work (a port out of
// range, meta that is not JSON, an identity that cannot be read) and says why.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    // Without a key ring, only plain TCP is offered.
    explicit ConnectDialog(const QList<PeerSpec> &recent, KeyRing *keyRing = nullptr,
                           QWidget *parent = nullptr);

    // The peer to dial, valid once accepted.
    const PeerSpec &spec() const { return m_spec; }
    // The identity to present when spec() uses TLS, valid once accepted.
    const sb::TlsIdentity &tlsIdentity() const { return m_tlsIdentity; }
    void fill(const PeerSpec &spec);
    QString errorText() const;

    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *portEdit() const { return m_port; }
    QLineEdit *metaEdit() const { return m_meta; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *dialectBox() const { return m_dialect; }
    TlsChoice *tlsChoice() const { return m_tls; }

    void accept() override;

private:
    QList<PeerSpec> m_recentPeers;
    QComboBox *m_recent;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QComboBox *m_dialect;
    QLineEdit *m_meta;
    QLineEdit *m_name;
    TlsChoice *m_tls;
    QLabel *m_error;
    PeerSpec m_spec;
    sb::TlsIdentity m_tlsIdentity;
};
