// SPDX-License-Identifier: MIT
#include "wiremodel.h"

#include "dialect.h"
#include "format.h"
#include "jsoncodec.h"

#include <QColor>

#include <cstring>
#include <optional>

using sb::WireLine;

namespace {

std::optional<sb::Update> updateOf(const WireEntry &entry)
{
    if (entry.kind != WireLine::Kind::History && entry.kind != WireLine::Kind::Live)
        return std::nullopt;
    const auto message = sb::JsonCodec::parse(entry.bytes());
    if (!message || !message->isArray())
        return std::nullopt;
    const sb::Dialect *dialect = sb::Dialect::detect(message->toArray());
    if (!dialect)
        return std::nullopt;
    auto update = dialect->decode(message->toArray());
    if (!update)
        return std::nullopt;
    return std::move(update.value());
}

// Light tints that tell kinds apart at a glance in both palettes' text colour.
QColor tintOf(WireLine::Kind kind)
{
    switch (kind) {
    case WireLine::Kind::Digest:
        return QColor(0xdc, 0xe8, 0xf8);
    case WireLine::Kind::History:
        return {};
    case WireLine::Kind::Sync:
        return QColor(0xe9, 0xdf, 0xf5);
    case WireLine::Kind::Live:
        return QColor(0xe0, 0xf2, 0xe3);
    case WireLine::Kind::Unreadable:
        return QColor(0xf8, 0xdc, 0xdc);
    }
    return {};
}

bool isRefusal(WireLine::Outcome outcome)
{
    return outcome == WireLine::Outcome::Rejected || outcome == WireLine::Outcome::Refused
            || outcome == WireLine::Outcome::Unverified;
}

} // namespace

WireModel::WireModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(qMax(1, capacity)),
      // All at once: a burst that replaces most rows is one reset (see flush()).
      m_batch(std::chrono::milliseconds(kFlushIntervalMs), [this](QDeadlineTimer) {
          flush();
          return false;
      })
{ }

int WireModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int WireModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WireModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const WireEntry &entry = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return entry.number;
        case TimeColumn:
            return QString::number(entry.ms / 1000.0, 'f', 6);
        case PeerColumn:
            return m_peers.value(entry.peer);
        case DirectionColumn:
            return entry.direction == WireLine::Direction::In ? tr("← in") : tr("→ out");
        case KindColumn:
            return WireLine::kindName(entry.kind);
        case OutcomeColumn:
            return entry.outcome == WireLine::Outcome::None ? QString()
                                                            : WireLine::outcomeName(entry.outcome);
        case BytesColumn:
            return entry.size;
        case LineColumn:
            return QString::fromUtf8(entry.bytes().first(qMin<qsizetype>(entry.size, 400)));
        }
        break;
    case Qt::ToolTipRole:
        if (!entry.reason.isEmpty())
            return Format::asSentence(entry.reason);
        break;
    case Qt::BackgroundRole:
        if (const QColor tint = tintOf(entry.kind); tint.isValid())
            return tint;
        break;
    case Qt::ForegroundRole:
        if (isRefusal(entry.outcome) || entry.kind == WireLine::Kind::Unreadable)
            return QColor(0xb7, 0x1c, 0x1c);
        if (index.column() == OutcomeColumn && entry.outcome == WireLine::Outcome::OldData)
            return QColor(0x75, 0x75, 0x75);
        // The tints are light: dark text stays readable in a dark palette too.
        if (tintOf(entry.kind).isValid())
            return QColor(0x20, 0x20, 0x20);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == TimeColumn
            || index.column() == BytesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case PeerRole:
        return m_peers.value(entry.peer);
    case KindRole:
        return int(entry.kind);
    case KeyRole:
        return keyOf(entry);
    case SourceRole:
        return sourceOf(entry);
    case SearchTextRole:
        return entry.reason.isEmpty()
                ? QString::fromUtf8(entry.bytes())
                : QString::fromUtf8(entry.bytes()) + QLatin1Char('\n') + entry.reason;
    }
    return {};
}

QVariant WireModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return tr("No.");
    case TimeColumn:
        return tr("Time (s)");
    case PeerColumn:
        return tr("Peer");
    case DirectionColumn:
        return tr("Dir");
    case KindColumn:
        return tr("Kind");
    case OutcomeColumn:
        return tr("Outcome");
    case BytesColumn:
        return tr("Bytes");
    case LineColumn:
        return tr("Line");
    }
    return {};
}

int WireModel::peerIndex(const QString &name)
{
    const auto found = m_peerIndex.constFind(name);
    if (found != m_peerIndex.cend())
        return *found;
    const int index = int(m_peers.size());
    m_peers.append(name);
    m_peerIndex.insert(name, index);
    emit peersChanged();
    return index;
}

void WireModel::store(WireEntry &entry, QByteArrayView bytes)
{
    if (bytes.size() > kChunkBytes) {
        std::shared_ptr<char[]> own(new char[size_t(bytes.size())]);
        std::memcpy(own.get(), bytes.data(), size_t(bytes.size()));
        entry.chunk = std::move(own);
        entry.offset = 0;
    } else {
        if (!m_chunk || m_chunkUsed + bytes.size() > kChunkBytes) {
            m_chunk.reset(new char[size_t(kChunkBytes)]);
            m_chunkUsed = 0;
        }
        if (!bytes.isEmpty())
            std::memcpy(m_chunk.get() + m_chunkUsed, bytes.data(), size_t(bytes.size()));
        entry.chunk = m_chunk;
        entry.offset = quint32(m_chunkUsed);
        m_chunkUsed += bytes.size();
    }
    entry.size = quint32(bytes.size());
}

void WireModel::append(WireEntry &&entry, QByteArrayView bytes)
{
    entry.number = m_nextNumber++;
    store(entry, bytes);
    m_pending.push_back(std::move(entry));
    // Lines queued beyond capacity could never be shown: let them go now.
    if (m_pending.size() > size_t(m_capacity)) {
        m_pending.pop_front();
        ++m_dropped;
    }
    // While paused the tick only updates the counts the dock shows.
    m_batch.schedule();
}

void WireModel::flush()
{
    m_batch.cancel();
    if (m_paused) {
        emit countsChanged();
        return;
    }
    if (m_pending.empty())
        return;
    const size_t total = m_entries.size() + m_pending.size();
    const size_t overflow = total > size_t(m_capacity) ? total - size_t(m_capacity) : 0;
    if (overflow > 0 && overflow * 2 >= m_entries.size()) {
        // A burst replaces most rows: one reset costs the views less than
        // removing and inserting tens of thousands of rows each.
        beginResetModel();
        m_dropped += qint64(qMin(overflow, m_entries.size()));
        m_entries.erase(m_entries.begin(),
                        m_entries.begin() + qsizetype(qMin(overflow, m_entries.size())));
        std::move(m_pending.begin(), m_pending.end(), std::back_inserter(m_entries));
        m_pending.clear();
        endResetModel();
        emit countsChanged();
        return;
    }
    dropOldest(overflow);
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    std::move(m_pending.begin(), m_pending.end(), std::back_inserter(m_entries));
    m_pending.clear();
    endInsertRows();
    emit countsChanged();
}

void WireModel::dropOldest(size_t count)
{
    if (count == 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_entries.erase(m_entries.begin(), m_entries.begin() + qsizetype(count));
    endRemoveRows();
    m_dropped += qint64(count);
}

void WireModel::setCapacity(int capacity)
{
    capacity = qMax(1, capacity);
    if (capacity == m_capacity)
        return;
    m_capacity = capacity;
    while (m_pending.size() > size_t(m_capacity)) {
        m_pending.pop_front();
        ++m_dropped;
    }
    if (m_entries.size() + m_pending.size() > size_t(m_capacity))
        dropOldest(
                qMin(m_entries.size(), m_entries.size() + m_pending.size() - size_t(m_capacity)));
    emit countsChanged();
}

void WireModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!m_paused)
        flush();
    emit countsChanged();
}

void WireModel::clear()
{
    m_batch.cancel();
    beginResetModel();
    m_entries.clear();
    m_pending.clear();
    m_peers.clear();
    m_peerIndex.clear();
    m_nextNumber = 1;
    m_dropped = 0;
    endResetModel();
    emit peersChanged();
    emit countsChanged();
}

QString WireModel::keyOf(const WireEntry &entry)
{
    const auto update = updateOf(entry);
    return update ? update->key() : QString();
}

QString WireModel::sourceOf(const WireEntry &entry)
{
    const auto update = updateOf(entry);
    return update ? update->source() : QString();
}
