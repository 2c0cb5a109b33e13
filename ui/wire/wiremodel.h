// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "wireentry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <deque>
#include <memory>

// The lines of the Wire dock, oldest first: a ring buffer that keeps the
// newest capacity() lines and counts the ones it let go (droppedCount()), so
// that a capture of any length holds bounded memory. Lines arrive by
// append(), which only queues them: the view changes once per tick, with one
// beginRemoveRows and one beginInsertRows, however fast lines come. While
// paused the view does not change at all; lines go on queueing (still
// bounded by capacity) and show on resume.
class WireModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NumberColumn,
        TimeColumn,
        PeerColumn,
        DirectionColumn,
        KindColumn,
        OutcomeColumn,
        BytesColumn,
        LineColumn,
        ColumnCount
    };
    enum Role {
        PeerRole = Qt::UserRole + 1, // the peer's name
        KindRole,                    // WireLine::Kind as int
        KeyRole,                     // the update's key (Model updates), else empty
        SourceRole,                  // the update's source id, else empty
        SearchTextRole,              // the line and the reason, for a text filter
    };
    static constexpr int kFlushIntervalMs = 100;
    static constexpr int kDefaultCapacity = 100000;
    // Lines are copied into chunks of this size (longer ones get their own).
    static constexpr qsizetype kChunkBytes = 256 * 1024;

    explicit WireModel(int capacity = kDefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The index of a peer's name in peers(), added on first use.
    int peerIndex(const QString &name);
    const QStringList &peers() const { return m_peers; }
    QString peerName(int index) const { return m_peers.value(index); }

    // Queues entry with a copy of bytes as its line (its number is set
    // here); cheap enough to call per line.
    void append(WireEntry &&entry, QByteArrayView bytes);
    const WireEntry &entryAt(int row) const { return m_entries[size_t(row)]; }

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    qint64 droppedCount() const { return m_dropped; }
    qint64 queuedCount() const { return qint64(m_pending.size()); }
    qint64 totalCount() const { return m_nextNumber - 1; }

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Forgets every line and peer; numbering starts again at 1.
    void clear();
    // Shows what is queued now rather than at the next tick (unless paused).
    void flush();

    // The key and source of an update line, parsed from the line itself.
    static QString keyOf(const WireEntry &entry);
    static QString sourceOf(const WireEntry &entry);

signals:
    void peersChanged();
    // Something the status line shows changed: counts, pause, capacity.
    void countsChanged();

private:
    void dropOldest(size_t count);
    void store(WireEntry &entry, QByteArrayView bytes);

    std::deque<WireEntry> m_entries;
    std::deque<WireEntry> m_pending;
    QStringList m_peers;
    QHash<QString, int> m_peerIndex;
    int m_capacity;
    qint64 m_nextNumber = 1;
    qint64 m_dropped = 0;
    bool m_paused = false;
    ChangeBatch m_batch;
    std::shared_ptr<char[]> m_chunk; // where the next lines are copied
    qsizetype m_chunkUsed = 0;
};
