// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

class PeerConnection;
class ReplicaSession;

// The peers of a session, one row each: who, which way, the stream's state
// and dialect, and its traffic. Counters move constantly, so they are
// re-read every kRefreshIntervalMs with one dataChanged over their columns.
class PeersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PeerColumn,
        StateColumn,
        UpdatesInColumn,
        UpdatesOutColumn,
        BytesInColumn,
        BytesOutColumn,
        DialectColumn,
        SecurityColumn,
        DirectionColumn,
        RemoteIdColumn,
        ErrorColumn,
        ColumnCount
    };

    static constexpr int kRefreshIntervalMs = 500;

    explicit PeersModel(ReplicaSession *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    PeerConnection *peerAt(int row) const { return m_peers.value(row); }
    int rowOf(PeerConnection *peer) const { return int(m_peers.indexOf(peer)); }

private:
    void onPeerAdded(PeerConnection *peer);
    void onPeerRemoved(PeerConnection *peer);
    void onPeerChanged(PeerConnection *peer);
    void refreshCounters();
    QString securityText(const PeerConnection *peer) const;

    ReplicaSession *m_session;
    QList<PeerConnection *> m_peers;
    QTimer m_timer;
};
