// SPDX-License-Identifier: MIT
#include "timelinerecords.h"

using namespace sb;

void TimelineRecords::append(const TimelineEntry &entry)
{
    Record record;
    record.update = PackedUpdate::pack(m_text, entry.update, entry.reason);
    record.receivedAt = entry.receivedAt;
    record.source = m_sources.number(entry.update.source());
    record.kind = entry.kind;
    record.local = entry.local;
    push(record, entry.sequence);
}

void TimelineRecords::push(const Record &record, qint64 sequence)
{
    if (m_records.empty())
        m_frontSequence = sequence;
    Q_ASSERT(sequence == m_frontSequence + qint64(m_records.size()));
    m_records.push_back(record);
}

void TimelineRecords::moveFrontTo(TimelineRecords &other, size_t count)
{
    count = qMin(count, m_records.size());
    for (size_t row = 0; row < count; ++row) {
        Record record = m_records[row];
        record.update = record.update.copiedTo(m_text, other.m_text);
        record.source = other.m_sources.number(m_sources.id(record.source));
        other.push(record, sequenceAt(row));
    }
    dropFront(count);
}

void TimelineRecords::dropFront(size_t count)
{
    count = qMin(count, m_records.size());
    m_records.erase(m_records.begin(), m_records.begin() + qsizetype(count));
    m_frontSequence += qint64(count);
    if (m_records.empty())
        m_text.clear();
    else
        m_text.releaseBefore(m_records.front().update.text);
}

TimelineEntry TimelineRecords::at(size_t row) const
{
    const Record &record = m_records[row];
    TimelineEntry entry;
    entry.update = record.update.unpack(m_text, m_sources.id(record.source));
    entry.sequence = sequenceAt(row);
    entry.receivedAt = record.receivedAt;
    entry.kind = record.kind;
    entry.local = record.local;
    entry.reason = record.update.extra(m_text);
    return entry;
}
