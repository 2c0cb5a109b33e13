// SPDX-License-Identifier: MIT
#include "peersmodel.h"

#include "format.h"
#include "peerconnection.h"
#include "replicasession.h"

#include <QColor>

namespace {
QColor stateColor(PeerConnection::State state)
{
    switch (state) {
    case PeerConnection::State::Synced:
        return {0x2e, 0x7d, 0x32};
    case PeerConnection::State::Syncing:
        return {0x15, 0x65, 0xc0};
    case PeerConnection::State::Retrying:
        return {0xc2, 0x5e, 0x00};
    case PeerConnection::State::Failed:
        return {0xc6, 0x28, 0x28};
    default:
        return {0x75, 0x75, 0x75};
    }
}
} // namespace

PeersModel::PeersModel(ReplicaSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_peers = session->peers();
    connect(session, &ReplicaSession::peerAdded, this, &PeersModel::onPeerAdded);
    connect(session, &ReplicaSession::peerRemoved, this, &PeersModel::onPeerRemoved);
    connect(session, &ReplicaSession::peerChanged, this, &PeersModel::onPeerChanged);
    connect(session, &ReplicaSession::signingChanged, this, [this] {
        if (!m_peers.isEmpty())
            emit dataChanged(index(0, SecurityColumn), index(rowCount() - 1, SecurityColumn));
    });
    m_timer.setInterval(kRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &PeersModel::refreshCounters);
    m_timer.start();
}

int PeersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_peers.size());
}

int PeersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const PeerConnection *peer = m_peers.at(index.row());
    const bool dialed = peer->direction() == PeerConnection::Direction::Dialed;
    if (role == Qt::DisplayRole) {
        const sb::StreamStats stats = peer->stats();
        switch (index.column()) {
        case PeerColumn:
            return peer->label();
        case DirectionColumn:
            return dialed ? tr("→ dialed") : tr("← accepted");
        case StateColumn:
            return peer->stateText();
        case DialectColumn:
            return peer->dialectVersion() ? QStringLiteral("%1.x").arg(peer->dialectVersion())
                                          : QString();
        case UpdatesInColumn:
            return Format::count(stats.updatesIn);
        case UpdatesOutColumn:
            return Format::count(stats.updatesOut);
        case BytesInColumn:
            return Format::bytes(stats.bytesIn);
        case BytesOutColumn:
            return Format::bytes(stats.bytesOut);
        case RemoteIdColumn:
            return peer->remoteId();
        case ErrorColumn:
            return peer->lastError();
        case SecurityColumn:
            return securityText(peer);
        }
    } else if (role == Qt::ToolTipRole) {
        const sb::StreamStats stats = peer->stats();
        switch (index.column()) {
        case PeerColumn:
            return peer->address();
        case UpdatesInColumn:
            return tr("%1 applied, %2 old data, %3 unverified")
                    .arg(stats.updatesIn)
                    .arg(stats.oldDataIn)
                    .arg(stats.unverifiedIn);
        case ErrorColumn:
        case StateColumn:
            return peer->lastError().isEmpty() ? QVariant() : QVariant(peer->lastError());
        case SecurityColumn:
            if (peer->peerFingerprint().isEmpty())
                return {};
            return tr("The peer's certificate: %1").arg(peer->peerFingerprint());
        }
    } else if (role == Qt::ForegroundRole) {
        if (index.column() == StateColumn)
            return stateColor(peer->state());
        if (index.column() == ErrorColumn)
            return QColor(0xc6, 0x28, 0x28);
        if (index.column() == SecurityColumn && peer->isRefusedUnpinned())
            return QColor(0xc6, 0x28, 0x28);
        if (index.column() == SecurityColumn && peer->usesTls() && peer->stream())
            return QColor(0x2e, 0x7d, 0x32);
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() >= UpdatesInColumn && index.column() <= BytesOutColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant PeersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case UpdatesInColumn:
            return tr("Updates received from the peer and applied");
        case UpdatesOutColumn:
            return tr("Updates sent to the peer");
        case DialectColumn:
            return tr("The scuttlebutt version our updates are written in");
        case SecurityColumn:
            return tr("Plain TCP, or TLS with the peer's certificate pinned in the "
                      "trust list; and whether signed updates are verified");
        }
        return {};
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PeerColumn:
        return tr("Peer");
    case DirectionColumn:
        return tr("Direction");
    case StateColumn:
        return tr("State");
    case DialectColumn:
        return tr("Dialect");
    case SecurityColumn:
        return tr("Security");
    case UpdatesInColumn:
        return tr("In");
    case UpdatesOutColumn:
        return tr("Out");
    case BytesInColumn:
        return tr("Bytes in");
    case BytesOutColumn:
        return tr("Bytes out");
    case RemoteIdColumn:
        return tr("Remote id");
    case ErrorColumn:
        return tr("Last error");
    }
    return {};
}

QString PeersModel::securityText(const PeerConnection *peer) const
{
    QString text;
    if (!peer->usesTls())
        text = tr("plain TCP");
    else if (peer->isRefusedUnpinned())
        text = tr("TLS: certificate not pinned");
    else if (peer->stream())
        text = tr("TLS, certificate pinned");
    else
        text = tr("TLS");
    if (m_session->isSigning())
        text += tr(", updates verified");
    return text;
}

void PeersModel::onPeerAdded(PeerConnection *peer)
{
    const int row = int(m_peers.size());
    beginInsertRows({}, row, row);
    m_peers.append(peer);
    endInsertRows();
}

void PeersModel::onPeerRemoved(PeerConnection *peer)
{
    const int row = rowOf(peer);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_peers.removeAt(row);
    endRemoveRows();
}

void PeersModel::onPeerChanged(PeerConnection *peer)
{
    const int row = rowOf(peer);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PeersModel::refreshCounters()
{
    if (m_peers.isEmpty())
        return;
    // Only the counters and the retry countdown move between peer signals.
    emit dataChanged(index(0, StateColumn), index(rowCount() - 1, DialectColumn));
}
