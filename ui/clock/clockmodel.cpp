// SPDX-License-Identifier: MIT
#include "clockmodel.h"

#include "format.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "scuttlebutt.h"
#include "sourcepalette.h"
#include "stream.h"
#include "update.h"

#include <QColor>
#include <QFont>

#include <cmath>
#include <limits>

using namespace sb;

namespace {
constexpr double kNone = -std::numeric_limits<double>::infinity();

const Clock *remoteClockOf(PeerConnection *peer)
{
    if (!peer)
        return nullptr;
    Stream *stream = peer->stream();
    return stream && stream->remoteDigest() ? &stream->remoteClock() : nullptr;
}
} // namespace

ClockModel::ClockModel(ReplicaSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session), m_checker(session->signatureChecker())
{
    connect(session, &ReplicaSession::trustChanged, this, &ClockModel::onTrustChanged);
    if (Scuttlebutt *replica = session->replica())
        connect(replica, &Scuttlebutt::unverifiedDataReceived, this, &ClockModel::onUnverified);
    m_timer.setInterval(kRefreshIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ClockModel::refresh);
    m_timer.start();
    refresh();
}

ClockModel::~ClockModel() = default;

int ClockModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClockModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstPeerColumn + int(m_peers.size());
}

int ClockModel::rowOfSource(const QString &source) const
{
    return m_rowOfSource.value(source, -1);
}

PeerConnection *ClockModel::peerAt(int column) const
{
    const int peer = column - FirstPeerColumn;
    return peer >= 0 && peer < int(m_peers.size()) ? m_peers[size_t(peer)].data() : nullptr;
}

ClockModel::Relation ClockModel::relation(int row, int column) const
{
    const Row &r = m_rows[size_t(row)];
    const double remote = r.remote[size_t(column - FirstPeerColumn)];
    if (remote == r.latest)
        return Relation::Equal;
    return remote > r.latest ? Relation::Ahead : Relation::Behind;
}

QVariant ClockModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const bool own = m_session->replica() && row.source == m_session->replica()->id();
    if (index.column() >= FirstPeerColumn)
        return peerCell(row, index.column() - FirstPeerColumn, role);
    const QString keyName
            = index.column() == SourceColumn ? m_checker.nameOf(row.source) : QString();
    const QString label = keyName.isEmpty() ? row.source : keyName;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SourceColumn:
            return own ? tr("%1 (this replica)").arg(label) : label;
        case LatestColumn:
            return Format::compactDateTime(row.latest);
        case HeldColumn:
            return Format::count(row.held);
        case RejectedColumn:
            return Format::count(row.rejected);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case SourceColumn:
            return label;
        case LatestColumn:
            return row.latest;
        case HeldColumn:
            return row.held;
        case RejectedColumn:
            return row.rejected;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == LatestColumn)
            return std::isfinite(row.latest) ? QStringLiteral("%1\n%2").arg(
                           Format::dateTime(row.latest), Format::rawTimestamp(row.latest))
                                             : tr("No update from this source yet");
        if (index.column() == RejectedColumn)
            return row.rejected == 0
                    ? tr("Every update from this source that arrived was verified or unsigned")
                    : tr("%1 updates refused, not applied; the latest: %2")
                              .arg(Format::count(row.rejected), row.lastRejection);
        if (!keyName.isEmpty())
            return tr("%1\nthe id of key \"%2\"").arg(row.source, keyName);
        return row.source;
    case Qt::DecorationRole:
        if (index.column() == SourceColumn)
            return SourcePalette::decoration(row.source);
        break;
    case Qt::FontRole:
        if (own && index.column() == SourceColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == RejectedColumn && row.rejected > 0)
            return QColor(0xc6, 0x28, 0x28);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == HeldColumn || index.column() == RejectedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ClockModel::peerCell(const Row &row, int peer, int role) const
{
    const double remote = row.remote[size_t(peer)];
    const Relation relation = remote == row.latest ? Relation::Equal
            : remote > row.latest                  ? Relation::Ahead
                                                   : Relation::Behind;
    switch (role) {
    case Qt::DisplayRole:
        if (relation == Relation::Equal)
            return tr("= equal");
        if (!std::isfinite(remote))
            return tr("▼ behind (none)");
        if (!std::isfinite(row.latest))
            return tr("▲ ahead (we have none)");
        return relation == Relation::Ahead
                ? tr("▲ ahead %1").arg(Format::delta(remote - row.latest))
                : tr("▼ behind %1").arg(Format::delta(remote - row.latest));
    case SortRole:
    case RelationRole:
        return int(relation);
    case Qt::ForegroundRole:
        if (relation == Relation::Equal)
            return QColor(0x2e, 0x7d, 0x32);
        return relation == Relation::Ahead ? QColor(0x15, 0x65, 0xc0) : QColor(0xc2, 0x5e, 0x00);
    case Qt::ToolTipRole: {
        PeerConnection *connection = m_peers[size_t(peer)];
        const QString name = connection ? connection->label() : tr("peer");
        return tr("%1 holds %2 from %3\nthis replica holds %4")
                .arg(name, Format::dateTime(remote), row.source, Format::dateTime(row.latest));
    }
    }
    return {};
}

QVariant ClockModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section >= FirstPeerColumn) {
        PeerConnection *peer = peerAt(section);
        if (!peer)
            return {};
        if (role == Qt::DisplayRole)
            return peer->label();
        if (role == Qt::ToolTipRole)
            return tr("%1\nremote id %2").arg(peer->address(), peer->remoteId());
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case LatestColumn:
        return tr("Latest");
    case HeldColumn:
        return tr("Held");
    case RejectedColumn:
        return tr("Rejected");
    }
    return {};
}

void ClockModel::setHeldCounts(const QHash<QString, qsizetype> &counts)
{
    m_held = counts;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const qsizetype held = m_held.value(m_rows[i].source);
        if (held != m_rows[i].held) {
            m_rows[i].held = held;
            emit dataChanged(index(int(i), HeldColumn), index(int(i), HeldColumn));
        }
    }
}

void ClockModel::onTrustChanged()
{
    m_checker = m_session->signatureChecker();
    if (!m_rows.empty())
        emit dataChanged(index(0, SourceColumn), index(rowCount() - 1, SourceColumn));
}

void ClockModel::onUnverified(const Update &update, const QString &reason)
{
    // A source whose every update is refused has no clock entry: give it a
    // row, so that who is being refused shows.
    int row = rowOfSource(update.source());
    if (row < 0) {
        row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rowOfSource.insert(update.source(), row);
        m_rows.push_back(Row{update.source(),
                             kNone,
                             m_held.value(update.source()),
                             0,
                             {},
                             std::vector<double>(m_peers.size(), kNone)});
        endInsertRows();
    }
    Row &r = m_rows[size_t(row)];
    ++r.rejected;
    r.lastRejection = reason;
    emit dataChanged(index(row, RejectedColumn), index(row, RejectedColumn));
}

void ClockModel::refresh()
{
    refreshPeers();
    refreshRows();
}

void ClockModel::refreshPeers()
{
    std::vector<QPointer<PeerConnection>> current;
    for (PeerConnection *peer : m_session->peers()) {
        if (remoteClockOf(peer))
            current.emplace_back(peer);
    }
    // Drop columns of peers that went away, last first so columns stay valid.
    for (int i = int(m_peers.size()) - 1; i >= 0; --i) {
        if (std::find(current.begin(), current.end(), m_peers[size_t(i)]) != current.end())
            continue;
        beginRemoveColumns({}, FirstPeerColumn + i, FirstPeerColumn + i);
        m_peers.erase(m_peers.begin() + i);
        for (Row &row : m_rows)
            row.remote.erase(row.remote.begin() + i);
        endRemoveColumns();
    }
    for (const QPointer<PeerConnection> &peer : current) {
        if (std::find(m_peers.begin(), m_peers.end(), peer) != m_peers.end())
            continue;
        const int column = columnCount();
        beginInsertColumns({}, column, column);
        m_peers.push_back(peer);
        for (Row &row : m_rows)
            row.remote.push_back(kNone);
        endInsertColumns();
    }
}

void ClockModel::refreshRows()
{
    Scuttlebutt *replica = m_session->replica();
    if (!replica)
        return;
    QStringList sources = replica->clock().sources();
    std::vector<const Clock *> remotes;
    for (const QPointer<PeerConnection> &peer : m_peers) {
        remotes.push_back(remoteClockOf(peer));
        if (remotes.back())
            sources += remotes.back()->sources();
    }
    QStringList added;
    for (const QString &source : std::as_const(sources)) {
        if (!m_rowOfSource.contains(source) && !added.contains(source))
            added.append(source);
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const QString &source : std::as_const(added)) {
            m_rowOfSource.insert(source, int(m_rows.size()));
            m_rows.push_back(Row{source,
                                 kNone,
                                 m_held.value(source),
                                 0,
                                 {},
                                 std::vector<double>(m_peers.size(), kNone)});
        }
        endInsertRows();
    }
    for (size_t i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        bool changed = false;
        const double latest = replica->clock().latest(row.source);
        if (latest != row.latest) {
            row.latest = latest;
            changed = true;
        }
        for (size_t p = 0; p < remotes.size(); ++p) {
            const double remote = remotes[p] ? remotes[p]->latest(row.source) : kNone;
            if (remote != row.remote[p]) {
                row.remote[p] = remote;
                changed = true;
            }
        }
        if (changed)
            emit dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
    }
}
