// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace sb {

// The deadlines a peer keeps (StreamOptions' handshakeTimeoutMs,
// lineTimeoutMs and idleTimeoutMs; 0: none), as a rule over times in
// milliseconds on the stream's clock: the Stream reports what arrives and
// what it waits for, arms one timer for the next due time and fails the
// stream with the reason given. Nothing here reads a clock, so every case
// can be tried at the times it names.
class StreamDeadlines
{
public:
    // What the peer still owes us, from the handshake.
    struct Owed
    {
        bool digest = false;  // it takes our updates and has not sent its digest
        bool history = false; // it has sent its digest and not yet its "SYNC"
    };
    struct Verdict
    {
        QString missed;        // why the peer is closed; empty: no deadline missed
        qint64 nextDueMs = -1; // when to check again; -1: no deadline pending
    };

    StreamDeadlines(int handshakeMs, int lineMs, int idleMs);

    bool any() const { return m_handshakeMs > 0 || m_lineMs > 0 || m_idleMs > 0; }

    // Bytes arrived.
    void inputAt(qint64 nowMs) { m_lastInputMs = nowMs; }
    qint64 lastInputMs() const { return m_lastInputMs; }
    // After a read: pending bytes wait unread from offset on in the input (a
    // line begun and not ended, or lines the next slice reads). Returns when
    // the line deadline falls due, or -1.
    qint64 unreadAt(qint64 nowMs, qint64 offset, qint64 pending);
    // Reading was paused until now (the peer's rate): what the peer sent
    // meanwhile waited unseen, so the time does not count against it.
    void pausedUntil(qint64 nowMs) { m_lastInputMs = m_lineStartMs = nowMs; }
    // The digest arrived: when the idle deadline falls due, or -1.
    qint64 idleDueMs() const { return m_idleMs > 0 ? m_lastInputMs + m_idleMs : -1; }

    // Whether, at nowMs, the peer missed a deadline; linesIn names the line.
    Verdict check(qint64 nowMs, Owed owed, qint64 linesIn) const;

private:
    int m_handshakeMs;
    int m_lineMs;
    int m_idleMs;
    qint64 m_lastInputMs = 0;
    qint64 m_lineStart = -1;  // offset in the input of the first unread line; -1: none
    qint64 m_lineStartMs = 0; // when that line was first seen unfinished
};

} // namespace sb
