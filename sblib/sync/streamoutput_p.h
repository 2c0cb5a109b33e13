// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "scuttlebutt.h"
#include "update.h"

#include <QByteArray>

#include <deque>
#include <vector>

namespace sb {

class Dialect;

// What a Stream sends after its digest, one line at a time: the history the
// remote lacks, "SYNC", then the replica's live updates, with what we know the
// remote holds (its clock, advanced by every line written and every update
// received from it). A peer that reads slower than the replica changes gets
// no unbounded queue: past the limits the queue goes, and once the peer
// drains, the history it lacks is read again from its clock (a catch-up,
// with no second "SYNC").
class StreamOutput
{
public:
    enum class Phase { Nothing, History, Live };
    enum class Line { None, History, Sync, Live };
    enum class Queued { Ignored, Queued, Overflowed };

    StreamOutput(Scuttlebutt *replica, const Dialect *dialect, qsizetype maxQueuedUpdates,
                 qint64 maxQueuedBytes);

    Phase phase() const { return m_phase; }
    const Dialect &dialect() const { return *m_dialect; }
    void setDialect(const Dialect *dialect) { m_dialect = dialect; }
    // What we know the remote holds.
    const Clock &remoteClock() const { return m_remoteClock; }
    void setRemoteClock(const Clock &clock) { m_remoteClock = clock; }
    // The remote sent us update: it holds it, so it is never sent back.
    void remoteHas(const Update &update)
    {
        m_remoteClock.advance(update.source(), update.timestamp());
    }

    // Sends the history remote lacks, then "SYNC" (none after a catch-up,
    // which follows a "SYNC" already written). Drops the live queue.
    void beginHistory(const Clock &remote, bool catchUp = false);
    // The replica applied update: queued for the remote when it lacks it.
    Queued queueLive(const Update &update);
    // Appends the next line to out (its newline included) and says what it was;
    // None, appending nothing, when nothing is left to send for now.
    Line appendNextLine(QByteArray &out);
    // Nothing more is sent: the history and the queue go.
    void stop();
    // The live updates queued go, and the catch-up an overflow made due (a
    // stream that finishes writes the history it owes, nothing after it).
    void dropLiveQueue();

private:
    Scuttlebutt *m_replica;
    const Dialect *m_dialect;
    qsizetype m_maxQueuedUpdates;
    qint64 m_maxQueuedBytes;
    Phase m_phase = Phase::Nothing;
    Clock m_remoteClock;
    std::vector<Scuttlebutt::HistoryRef> m_history; // not Updates: a million of those is costly
    size_t m_historyPosition = 0;
    bool m_historyIsCatchUp = false;
    std::deque<Update> m_live;
    qint64 m_liveBytes = 0;
    bool m_liveOverflowed = false;
};

} // namespace sb
