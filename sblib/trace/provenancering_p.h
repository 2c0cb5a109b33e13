// SPDX-License-Identifier: MIT
#pragma once

#include "packedupdate.h"
#include "provenanceentry.h"
#include "sourcenumbers.h"

#include <deque>

namespace sb {

// KeyProvenance's ring of the most recent updates seen, packed: 50,000
// ProvenanceEntry values with their Updates held about 15 MB at the end of a
// sync; here an entry is a 64-byte record and its text (key token, value,
// signature, reason) in a TextRing, its source and peer numbers. Entries go in
// at the back with consecutive sequence numbers; past capacity the oldest go.
class ProvenanceRing
{
public:
    explicit ProvenanceRing(qsizetype capacity) : m_capacity(qMax<qsizetype>(1, capacity)) { }

    qsizetype capacity() const { return m_capacity; }
    size_t size() const { return m_records.size(); }

    // Keeps entry; says whether the oldest one went to make room.
    bool push(const ProvenanceEntry &entry);
    void clear();

    // Oldest first.
    ProvenanceEntry at(size_t index) const;
    QByteArrayView keyTokenAt(size_t index) const;

private:
    struct Record
    {
        PackedUpdate update; // the reason follows its text
        qint64 nanoseconds;
        quint32 source;
        quint32 peer;
        ProvenanceEntry::Origin origin;
        ProvenanceEntry::Outcome outcome;
    };

    qsizetype m_capacity;
    std::deque<Record> m_records;
    TextRing m_text;
    qint64 m_frontSequence = 0;
    SourceNumbers m_sources;
    SourceNumbers m_peers; // peer names, numbered the same way
};

} // namespace sb
