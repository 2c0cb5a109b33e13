// SPDX-License-Identifier: MIT
#pragma once

#include "comparesource.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class PeerConnection;
class QComboBox;
class QLabel;

// Asks what to compare the replica with: one of the peers we dial (read
// again over a connection of its own, with its dialect and TLS identity), any
// HOST:PORT, or a replica file. It stays open on input that names neither a
// file nor an address and says why.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CompareDialog(const QList<PeerConnection *> &peers, QWidget *parent = nullptr);

    // Valid once accepted.
    const CompareSource::Target &target() const { return m_target; }
    // The connected peer chosen, if one was.
    PeerConnection *peer() const { return m_peer; }
    QComboBox *targetBox() const { return m_targetBox; }
    QString errorText() const;

    void accept() override;

private:
    void browse();

    QList<QPointer<PeerConnection>> m_peers;
    QComboBox *m_targetBox;
    QLabel *m_error;
    CompareSource::Target m_target;
    QPointer<PeerConnection> m_peer;
};
