// SPDX-License-Identifier: MIT
#include "provenancering_p.h"

namespace sb {

bool ProvenanceRing::push(const ProvenanceEntry &entry)
{
    Record record;
    record.update = PackedUpdate::pack(m_text, entry.update, entry.reason);
    record.nanoseconds = entry.nanoseconds;
    record.source = m_sources.number(entry.update.source());
    record.peer = m_peers.number(entry.peer);
    record.origin = entry.origin;
    record.outcome = entry.outcome;
    if (m_records.empty())
        m_frontSequence = entry.sequence;
    Q_ASSERT(entry.sequence == m_frontSequence + qint64(m_records.size()));
    m_records.push_back(record);
    if (qsizetype(m_records.size()) <= m_capacity)
        return false;
    m_records.pop_front();
    ++m_frontSequence;
    m_text.releaseBefore(m_records.front().update.text);
    return true;
}

void ProvenanceRing::clear()
{
    m_records.clear();
    m_records.shrink_to_fit();
    m_text.clear();
    m_sources = {};
    m_peers = {};
}

QByteArrayView ProvenanceRing::keyTokenAt(size_t index) const
{
    return m_records[index].update.keyToken(m_text);
}

ProvenanceEntry ProvenanceRing::at(size_t index) const
{
    const Record &record = m_records[index];
    ProvenanceEntry entry;
    entry.update = record.update.unpack(m_text, m_sources.id(record.source));
    entry.peer = m_peers.id(record.peer);
    entry.reason = record.update.extra(m_text);
    entry.sequence = m_frontSequence + qint64(index);
    entry.nanoseconds = record.nanoseconds;
    entry.origin = record.origin;
    entry.outcome = record.outcome;
    return entry;
}

} // namespace sb
