// SPDX-License-Identifier: MIT
#pragma once

#include "packedupdate.h"
#include "sourcenumbers.h"
#include "timelineentry.h"

#include <deque>

// The timeline's rows, packed. An Update costs about 230 bytes of its own
// beside its text, and the timeline holds 100,000 of them by default; here a
// row is a 56-byte record, its text (key, value, signature, reason) copied
// into a TextRing and its source a number. Rows are appended at the back with
// consecutive sequence numbers and dropped from the front; at() makes the
// TimelineEntry of a row again.
class TimelineRecords
{
public:
    size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }

    void append(const TimelineEntry &entry);
    void dropFront(size_t count);
    // Moves the count oldest rows to the back of other, text copied as it is.
    void moveFrontTo(TimelineRecords &other, size_t count);

    TimelineEntry at(size_t row) const;
    qint64 sequenceAt(size_t row) const { return m_frontSequence + qint64(row); }
    TimelineEntry::Kind kindAt(size_t row) const { return m_records[row].kind; }
    // The row's source as an index into sources().
    int sourceIndexAt(size_t row) const { return int(m_records[row].source); }

    // Every source a row was appended from, in the order of their first rows;
    // kept when the rows go, so that the numbers stay put.
    const std::vector<QString> &sources() const { return m_sources.ids(); }
    int indexOfSource(const QString &source) const { return int(m_sources.find(source)); }

private:
    struct Record
    {
        sb::PackedUpdate update; // the reason follows its text
        qint64 receivedAt;
        quint32 source;
        TimelineEntry::Kind kind;
        bool local;
    };

    void push(const Record &record, qint64 sequence);

    std::deque<Record> m_records;
    sb::TextRing m_text;
    qint64 m_frontSequence = 0;
    sb::SourceNumbers m_sources;
};
