// SPDX-License-Identifier: MIT
#include "streamoutput_p.h"

#include "dialect.h"

namespace sb {

namespace {
const QByteArray kSyncLine = QByteArrayLiteral("\"SYNC\"\n");

// What a queued update costs us, roughly: its text and the Update around it.
qint64 queuedBytes(const Update &update)
{
    return update.keyToken().size() + update.valueText().size()
            + 2 * (update.source().size() + update.signature().size()) + 64;
}
} // namespace

StreamOutput::StreamOutput(Scuttlebutt *replica, const Dialect *dialect, qsizetype maxQueuedUpdates,
                           qint64 maxQueuedBytes)
    : m_replica(replica), m_dialect(dialect), m_maxQueuedUpdates(maxQueuedUpdates),
      m_maxQueuedBytes(maxQueuedBytes)
{ }

void StreamOutput::beginHistory(const Clock &remote, bool catchUp)
{
    m_remoteClock = remote;
    m_history = m_replica->historyRefs(remote);
    m_historyPosition = 0;
    m_historyIsCatchUp = catchUp;
    dropLiveQueue();
    m_phase = Phase::History;
}

StreamOutput::Queued StreamOutput::queueLive(const Update &update)
{
    if (m_liveOverflowed || !m_remoteClock.lacks(update))
        return Queued::Ignored;
    const qint64 bytes = queuedBytes(update);
    if (qsizetype(m_live.size()) >= m_maxQueuedUpdates || m_liveBytes + bytes > m_maxQueuedBytes) {
        // The peer reads slower than we change: forget the queue and re-read
        // history from its clock once it has drained.
        dropLiveQueue();
        m_liveOverflowed = true; // after dropLiveQueue(), which clears it
        return Queued::Overflowed;
    }
    m_liveBytes += bytes;
    m_live.push_back(update);
    return Queued::Queued;
}

StreamOutput::Line StreamOutput::appendNextLine(QByteArray &out)
{
    if (m_phase == Phase::History) {
        while (m_historyPosition < m_history.size()) {
            const Scuttlebutt::HistoryRef &ref = m_history[m_historyPosition++];
            const QString &source = m_replica->historySource(ref.source);
            if (ref.timestamp <= m_remoteClock.latest(source))
                continue;
            // A key changed since history was listed: its new update is queued live.
            if (!m_replica->appendHistoryLine(ref, *m_dialect, out))
                continue;
            // Advanced only with what is written: the copy says what the remote holds.
            m_remoteClock.set(source, ref.timestamp);
            return Line::History;
        }
        m_history = {};
        m_historyPosition = 0;
        m_phase = Phase::Live;
        if (!m_historyIsCatchUp) {
            out += kSyncLine;
            return Line::Sync;
        }
        m_historyIsCatchUp = false;
    }
    if (m_phase != Phase::Live)
        return Line::None;
    if (m_liveOverflowed) {
        beginHistory(m_remoteClock, true);
        return appendNextLine(out);
    }
    while (!m_live.empty()) {
        const Update update = std::move(m_live.front());
        m_live.pop_front();
        m_liveBytes -= queuedBytes(update);
        if (!m_remoteClock.lacks(update))
            continue;
        m_dialect->appendUpdate(out, update);
        m_remoteClock.set(update.source(), update.timestamp());
        return Line::Live;
    }
    return Line::None;
}

void StreamOutput::stop()
{
    m_phase = Phase::Nothing;
    m_history = {};
    m_historyPosition = 0;
    dropLiveQueue();
}

void StreamOutput::dropLiveQueue()
{
    m_live.clear();
    m_liveBytes = 0;
    m_liveOverflowed = false;
}

} // namespace sb
