// SPDX-License-Identifier: MIT
#include "timelinerecords.h"

using namespace sb;

void TimelineRecords::append(const TimelineEntry &entry)
{
    const Update &update = entry.update;
    const QByteArrayView key = update.isTombstone() ? QByteArrayView() : update.keyToken();
    const QByteArrayView value = update.valueText();
    const QByteArray signature = update.signature().toUtf8();
    const QByteArray reason = entry.reason.toUtf8();
    Record record;
    record.receivedAt = entry.receivedAt;
    record.timestamp = update.timestamp();
    record.text = m_text.append({key, value, signature, reason});
    record.source = sourceNumber(update.source());
    record.keyLength = quint32(key.size());
    record.valueLength = quint32(value.size());
    record.signatureLength = quint32(signature.size());
    record.reasonLength = quint32(reason.size());
    record.kind = entry.kind;
    record.local = entry.local;
    record.tombstone = update.isTombstone();
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
        const qsizetype size = qsizetype(record.keyLength) + record.valueLength
                + record.signatureLength + record.reasonLength;
        record.text = other.m_text.append({QByteArrayView(m_text.at(record.text), size)});
        record.source = other.sourceNumber(m_sources.at(qsizetype(record.source)));
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
        m_text.releaseBefore(m_records.front().text);
}

TimelineEntry TimelineRecords::at(size_t row) const
{
    const Record &record = m_records[row];
    const char *text = m_text.at(record.text);
    const QByteArrayView key(text, qsizetype(record.keyLength));
    text += record.keyLength;
    const QByteArrayView value(text, qsizetype(record.valueLength));
    text += record.valueLength;
    const QString signature = QString::fromUtf8(text, qsizetype(record.signatureLength));
    text += record.signatureLength;
    const QString &source = m_sources.at(qsizetype(record.source));

    TimelineEntry entry;
    entry.update = record.tombstone ? Update::tombstone(record.timestamp, source, signature)
                                    : Update::fromCanonical(key, value, record.timestamp, source,
                                                            signature);
    entry.sequence = sequenceAt(row);
    entry.receivedAt = record.receivedAt;
    entry.kind = record.kind;
    entry.local = record.local;
    entry.reason = QString::fromUtf8(text, qsizetype(record.reasonLength));
    return entry;
}

quint32 TimelineRecords::sourceNumber(const QString &source)
{
    const auto it = m_sourceIndex.constFind(source);
    if (it != m_sourceIndex.cend())
        return *it;
    const auto number = quint32(m_sources.size());
    m_sources.append(source);
    m_sourceIndex.insert(source, number);
    return number;
}
