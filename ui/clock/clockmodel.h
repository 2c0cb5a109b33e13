// SPDX-License-Identifier: MIT
#pragma once

#include "signaturechecker.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <vector>

class PeerConnection;
namespace sb {
class Update;
}
class ReplicaSession;

// The vector clock of the replica, one row per source (named after the key
// the trust list binds to it, when there is one): the latest timestamp
// held, how many updates are held from it, how many were rejected as
// unverified (unknown signer, bad signature), and for each connected peer
// whether that peer is ahead of us, behind us or level for that source (from
// what the stream knows of the peer's clock). Clocks move with every update,
// so the model compares and signals changed rows on a timer instead.
class ClockModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SourceColumn, LatestColumn, HeldColumn, RejectedColumn, FirstPeerColumn };
    enum class Relation { Equal, Ahead, Behind };
    Q_ENUM(Relation)
    enum Role { SortRole = Qt::UserRole + 1, RelationRole };

    static constexpr int kRefreshIntervalMs = 250;

    explicit ClockModel(ReplicaSession *session, QObject *parent = nullptr);
    ~ClockModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    int rowOfSource(const QString &source) const;
    int peerCount() const { return int(m_peers.size()); }
    PeerConnection *peerAt(int column) const;
    Relation relation(int row, int column) const;

    void setHeldCounts(const QHash<QString, qsizetype> &counts);
    // Re-reads the replica and peer clocks now.
    void refresh();

private:
    struct Row
    {
        QString source;
        double latest;
        qsizetype held = 0;
        qsizetype rejected = 0;
        QString lastRejection;      // why the latest rejected update was refused
        std::vector<double> remote; // per peer column
    };

    void onTrustChanged();
    void onUnverified(const sb::Update &update, const QString &reason);
    void refreshPeers();
    void refreshRows();
    QVariant peerCell(const Row &row, int peer, int role) const;

    ReplicaSession *m_session;
    std::vector<Row> m_rows;
    QHash<QString, int> m_rowOfSource;
    std::vector<QPointer<PeerConnection>> m_peers;
    QHash<QString, qsizetype> m_held;
    SignatureChecker m_checker;
    QTimer m_timer;
};
