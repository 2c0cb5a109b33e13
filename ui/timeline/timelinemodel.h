// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "rowpacer.h"
#include "signaturechecker.h"
#include "timelineentry.h"
#include "timelinerecords.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace sb {
class Scuttlebutt;
}

// Every update the replica saw, in the order it saw them, including the ones
// it dropped as old or unverified. A ring buffer: past capacity() the oldest
// rows are removed (droppedCount() says how many), so memory stays bounded
// however long the session runs. Arrivals are batched (ChangeBatch): a few
// beginRemoveRows and beginInsertRows per batch, spread over turns of the
// event loop when a sync brings many.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SequenceColumn,
        ReceivedColumn,
        SourceColumn,
        KeyColumn,
        ValueColumn,
        TimestampColumn,
        OutcomeColumn,
        ColumnCount
    };
    enum Role { KindRole = Qt::UserRole + 1, SequenceRole, LaneRole };

    static constexpr int kFlushIntervalMs = 60;

    TimelineModel(sb::Scuttlebutt *replica, int capacity, QObject *parent = nullptr);
    ~TimelineModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    sb::Scuttlebutt *replica() const { return m_replica; }
    // The row made again from its packed record: a copy, not a reference.
    TimelineEntry entryAt(int row) const { return m_rows.at(size_t(row)); }
    TimelineEntry::Kind kindAt(int row) const { return m_rows.kindAt(size_t(row)); }
    // The row holding sequence, or -1 when it was dropped or not yet recorded.
    int rowOfSequence(qint64 sequence) const;

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    qint64 droppedCount() const { return m_dropped; }
    // True while every update since the replica was created is still held, so
    // an earlier state can be rebuilt exactly.
    bool isComplete() const { return m_dropped == 0 && m_startedEmpty; }

    // Sources in the order they first appeared: one lane each.
    const std::vector<QString> &lanes() const { return m_rows.sources(); }
    int laneOf(const QString &source) const { return m_rows.indexOfSource(source); }
    int laneAt(int row) const { return m_rows.sourceIndexAt(size_t(row)); }
    // What a lane is called: the name of the key the trust list binds to its
    // source, else the source id.
    QString laneLabel(int lane) const;
    void setSignatureChecker(const SignatureChecker &checker);

    // Records what is pending now rather than at the next tick.
    void flush();

    static QString kindName(TimelineEntry::Kind kind);

signals:
    void droppedCountChanged(qint64 dropped);
    void lanesChanged();
    // Rows came or went, in one or more inserts and removals: once per batch,
    // for what follows the whole table rather than each change.
    void batchApplied();

private:
    void record(const sb::Update &update, TimelineEntry::Kind kind, const QString &reason = {});
    bool applySlice(QDeadlineTimer deadline);
    // Shows the count oldest pending entries, dropping as many old rows as
    // the capacity asks.
    void applyPending(size_t count);
    void dropOldest(size_t count);

    sb::Scuttlebutt *m_replica;
    int m_capacity;
    bool m_startedEmpty;
    TimelineRecords m_rows;
    TimelineRecords m_pending; // recorded, not yet shown

    qint64 m_skipped = 0; // pending entries pushed out before they were shown
    qint64 m_nextSequence = 1;
    qint64 m_dropped = 0;
    SignatureChecker m_checker;
    RowPacer m_pacer;
    ChangeBatch m_batch;
};
