// SPDX-License-Identifier: MIT
#include "timelinemodel.h"

#include "format.h"
#include "scuttlebutt.h"
#include "sourcepalette.h"

#include <QColor>
#include <QDateTime>

using namespace sb;

TimelineModel::TimelineModel(Scuttlebutt *replica, int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_replica(replica), m_capacity(qMax(1, capacity)),
      m_startedEmpty(replica->updateCount() == 0),
      m_batch(std::chrono::milliseconds(kFlushIntervalMs),
              [this](QDeadlineTimer deadline) { return applySlice(deadline); })
{
    connect(replica, &Scuttlebutt::updateApplied, this,
            [this](const Update &update) { record(update, TimelineEntry::Kind::Applied); });
    connect(replica, &Scuttlebutt::oldDataReceived, this,
            [this](const Update &update) { record(update, TimelineEntry::Kind::OldData); });
    connect(replica, &Scuttlebutt::unverifiedDataReceived, this,
            [this](const Update &update, const QString &reason) {
                record(update, TimelineEntry::Kind::Unverified, reason);
            });
}

TimelineModel::~TimelineModel() = default;

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int TimelineModel::rowOfSequence(qint64 sequence) const
{
    if (m_rows.empty())
        return -1;
    const qint64 row = sequence - m_rows.sequenceAt(0);
    return row >= 0 && row < qint64(m_rows.size()) ? int(row) : -1;
}

QString TimelineModel::kindName(TimelineEntry::Kind kind)
{
    switch (kind) {
    case TimelineEntry::Kind::Applied:
        return tr("applied");
    case TimelineEntry::Kind::OldData:
        return tr("old data");
    case TimelineEntry::Kind::Unverified:
        return tr("rejected");
    }
    return {};
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    // Roles that need no more than the record's fixed part.
    switch (role) {
    case KindRole:
        return int(kindAt(index.row()));
    case SequenceRole:
        return m_rows.sequenceAt(size_t(index.row()));
    case LaneRole:
        return laneAt(index.row());
    }
    const TimelineEntry entry = entryAt(index.row());
    const Update &update = entry.update;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SequenceColumn:
            return entry.sequence;
        case ReceivedColumn:
            return Format::time(double(entry.receivedAt));
        case SourceColumn:
            return update.source();
        case KeyColumn:
            return update.key();
        case ValueColumn:
            return Format::jsonCell(update.value(), 120);
        case TimestampColumn:
            return Format::dateTime(update.timestamp());
        case OutcomeColumn:
            return entry.local ? tr("local") : kindName(entry.kind);
        }
        break;
    case Qt::ToolTipRole: {
        QString text
                = tr("#%1  %2 = %3\nfrom %4%5\nstamped %6\nreceived %7")
                          .arg(entry.sequence)
                          .arg(update.key(), Format::jsonCell(update.value(), 200), update.source(),
                               entry.local ? tr(" (this replica)") : QString(),
                               Format::dateTime(update.timestamp()),
                               Format::dateTime(double(entry.receivedAt)));
        if (entry.kind == TimelineEntry::Kind::OldData)
            text += tr("\nold data: dropped, the clock already held this source");
        else if (entry.kind == TimelineEntry::Kind::Unverified)
            text += tr("\nrejected, not applied: %1").arg(entry.reason);
        return text;
    }
    case Qt::DecorationRole:
        if (index.column() == SourceColumn)
            return SourcePalette::decoration(update.source());
        break;
    case Qt::ForegroundRole:
        if (entry.kind == TimelineEntry::Kind::Unverified)
            return QColor(0xc6, 0x28, 0x28);
        if (entry.kind == TimelineEntry::Kind::OldData)
            return QColor(Qt::gray);
        break;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SequenceColumn:
        return QStringLiteral("#");
    case ReceivedColumn:
        return tr("Received");
    case SourceColumn:
        return tr("Source");
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TimestampColumn:
        return tr("Timestamp");
    case OutcomeColumn:
        return tr("Outcome");
    }
    return {};
}

QString TimelineModel::laneLabel(int lane) const
{
    const QString &source = lanes().at(size_t(lane));
    const QString name = m_checker.nameOf(source);
    return name.isEmpty() ? source : name;
}

void TimelineModel::setSignatureChecker(const SignatureChecker &checker)
{
    m_checker = checker;
    emit lanesChanged();
}

void TimelineModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    const bool shrinks = m_rows.size() > size_t(m_capacity);
    if (shrinks)
        dropOldest(m_rows.size() - size_t(m_capacity));
    if (m_pending.size() > size_t(m_capacity)) {
        m_skipped += qint64(m_pending.size() - size_t(m_capacity));
        m_pending.dropFront(m_pending.size() - size_t(m_capacity));
    }
    if (m_pending.empty() && shrinks)
        emit batchApplied();
    flush();
}

void TimelineModel::record(const Update &update, TimelineEntry::Kind kind, const QString &reason)
{
    TimelineEntry entry;
    entry.update = update;
    entry.sequence = m_nextSequence++;
    entry.receivedAt = QDateTime::currentMSecsSinceEpoch();
    entry.kind = kind;
    // A forged update claiming our id is not ours.
    entry.local = kind == TimelineEntry::Kind::Applied && update.source() == m_replica->id();
    entry.reason = reason;
    m_pending.append(entry);
    // A burst larger than the whole buffer: its oldest part never shows.
    if (m_pending.size() > size_t(m_capacity)) {
        m_pending.dropFront(1);
        ++m_skipped;
    }
    m_batch.schedule();
}

void TimelineModel::flush()
{
    m_batch.cancel();
    if (m_pending.empty())
        return;
    applyPending(m_pending.size());
    emit batchApplied();
}

bool TimelineModel::applySlice(QDeadlineTimer deadline)
{
    if (!m_pending.empty()) {
        m_pacer.insertChunk(deadline, qsizetype(m_pending.size()),
                            [this](qsizetype rows) { applyPending(size_t(rows)); });
        emit batchApplied();
    }
    return !m_pending.empty();
}

void TimelineModel::applyPending(size_t count)
{
    count = qMin(count, m_pending.size());
    if (count == 0)
        return;
    if (m_skipped > 0) {
        // Recorded updates were pushed out unseen: what is shown no longer
        // joins up with what is pending, so it goes.
        dropOldest(m_rows.size());
        m_dropped += m_skipped;
        m_skipped = 0;
        emit droppedCountChanged(m_dropped);
    }
    const size_t capacity = size_t(m_capacity);
    const size_t room = m_rows.size() < capacity ? capacity - m_rows.size() : 0;
    if (count > room)
        dropOldest(count - room);

    const size_t lanesBefore = lanes().size();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(count) - 1);
    m_pending.moveFrontTo(m_rows, count);
    endInsertRows();
    if (lanes().size() != lanesBefore)
        emit lanesChanged();
}

void TimelineModel::dropOldest(size_t count)
{
    if (count == 0 || m_rows.empty())
        return;
    count = qMin(count, m_rows.size());
    beginRemoveRows({}, 0, int(count) - 1);
    m_rows.dropFront(count);
    endRemoveRows();
    m_dropped += qint64(count);
    emit droppedCountChanged(m_dropped);
}
