// SPDX-License-Identifier: MIT
#pragma once

#include "textring.h"
#include "timelineentry.h"

#include <QHash>
#include <QStringList>

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
    const QStringList &sources() const { return m_sources; }
    int indexOfSource(const QString &source) const { return m_sourceIndex.value(source, -1); }

private:
    struct Record
    {
        qint64 receivedAt;
        double timestamp;
        TextRing::Place text; // key token, value, signature, reason
        quint32 source;
        quint32 keyLength;
        quint32 valueLength;
        quint32 signatureLength;
        quint32 reasonLength;
        TimelineEntry::Kind kind;
        bool local;
        bool tombstone;
    };

    quint32 sourceNumber(const QString &source);
    void push(const Record &record, qint64 sequence);

    std::deque<Record> m_records;
    TextRing m_text;
    qint64 m_frontSequence = 0;
    QStringList m_sources;
    QHash<QString, quint32> m_sourceIndex;
};
