// SPDX-License-Identifier: MIT
#include "streamdeadlines_p.h"

namespace sb {

namespace {
// "10 s", "0.25 s": a deadline as people read it.
QString seconds(qint64 milliseconds)
{
    return QStringLiteral("%1 s").arg(double(milliseconds) / 1000.0);
}
} // namespace

StreamDeadlines::StreamDeadlines(int handshakeMs, int lineMs, int idleMs)
    : m_handshakeMs(handshakeMs), m_lineMs(lineMs), m_idleMs(idleMs)
{ }

qint64 StreamDeadlines::unreadAt(qint64 nowMs, qint64 offset, qint64 pending)
{
    if (pending == 0) {
        m_lineStart = -1;
        return -1;
    }
    if (offset == m_lineStart)
        return -1; // the same line, still unfinished: its deadline stands
    m_lineStart = offset;
    m_lineStartMs = nowMs;
    return m_lineMs > 0 ? m_lineStartMs + m_lineMs : -1;
}

StreamDeadlines::Verdict StreamDeadlines::check(qint64 nowMs, Owed owed, qint64 linesIn) const
{
    Verdict verdict;
    const auto missed = [&](int timeoutMs, qint64 sinceMs) {
        if (timeoutMs <= 0)
            return false;
        const qint64 due = sinceMs + timeoutMs;
        if (due <= nowMs)
            return true;
        verdict.nextDueMs = verdict.nextDueMs < 0 ? due : qMin(verdict.nextDueMs, due);
        return false;
    };
    if (owed.digest && missed(m_handshakeMs, 0))
        verdict.missed = QStringLiteral("sent no digest within the handshake deadline (%1); closed")
                                 .arg(seconds(m_handshakeMs));
    else if (m_lineStart >= 0 && missed(m_lineMs, m_lineStartMs))
        verdict.missed = QStringLiteral("line %1 was begun and not ended within the line deadline "
                                        "(%2); closed")
                                 .arg(linesIn + 1)
                                 .arg(seconds(m_lineMs));
    // Until its "SYNC" the peer owes us its history, which it sends as soon
    // as it has our digest (or at once when it takes no input).
    else if (owed.history && missed(m_idleMs, m_lastInputMs))
        verdict.missed = QStringLiteral("sent nothing within the idle deadline (%1) before its "
                                        "\"SYNC\", while it still owed us its history; closed")
                                 .arg(seconds(m_idleMs));
    return verdict;
}

} // namespace sb
