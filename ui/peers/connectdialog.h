#pragma once

#include "peerspec.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

// Asks where to dial: host, port, wire dialect, meta JSON and a name, with
// recently used peers one click away. It stays open on input that would not
// work (a port out of range, meta that is not JSON) and says why.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(const QList<PeerSpec> &recent, QWidget *parent = nullptr);

    // The peer to dial, valid once accepted.
    const PeerSpec &spec() const { return m_spec; }
    void fill(const PeerSpec &spec);
    QString errorText() const;

    QLineEdit *hostEdit() const { return m_host; }
    QLineEdit *portEdit() const { return m_port; }
    QLineEdit *metaEdit() const { return m_meta; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *dialectBox() const { return m_dialect; }

    void accept() override;

private:
    QList<PeerSpec> m_recentPeers;
    QComboBox *m_recent;
    QLineEdit *m_host;
    QLineEdit *m_port;
    QComboBox *m_dialect;
    QLineEdit *m_meta;
    QLineEdit *m_name;
    QLabel *m_error;
    PeerSpec m_spec;
};
