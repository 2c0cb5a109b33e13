// SPDX-License-Identifier: MIT
#pragma once

#include "healthseries.h"

#include <QPointer>
#include <QString>

class PeerConnection;

namespace sb {
class Clock;
class Scuttlebutt;
} // namespace sb

// The sync health of one peer over the last minutes, sampled by
// HealthSampler: updates in and out per second, and how far behind or ahead
// of our replica the peer is, in updates (see lag()).
class PeerHealth
{
public:
    PeerHealth(PeerConnection *peer, qsizetype capacity);

    PeerConnection *peer() const;
    QString label() const { return m_label; }

    // Records a sample at seconds, elapsed seconds after the previous one.
    void sample(double seconds, double elapsed, const sb::Scuttlebutt *replica);

    const HealthSeries &updatesInPerSecond() const { return m_in; }
    const HealthSeries &updatesOutPerSecond() const { return m_out; }
    const HealthSeries &behind() const { return m_behind; }
    const HealthSeries &ahead() const { return m_ahead; }

    // What the stream knows the peer holds (its digest's clock, advanced by
    // every update sent to it or read from it) against our replica:
    //   behind  the updates we hold that the peer's clock lacks: what we
    //           still have to send it (0 once it has everything we have);
    //   ahead   until the peer's "SYNC" (the end of its history) arrives, the
    //           sources whose latest timestamp in its clock is newer than
    //           ours: each is at least one update it has that we lack (clocks
    //           carry timestamps, not counts, so this is a lower bound). After
    //           it, 0: it has sent all it holds that we lacked, and a live
    //           update is applied as it is read. (A source can stay newer in
    //           its clock for good when the update that moved it was replaced
    //           by another source's: it holds nothing of that source to send.)
    struct Lag
    {
        qint64 behind = 0;
        qint64 ahead = 0;
    };
    static Lag lag(const sb::Scuttlebutt &replica, const sb::Clock &remote, bool historyReceived);

private:
    QPointer<PeerConnection> m_peer;
    QString m_label;
    qint64 m_lastIn = -1; // counters at the previous sample; -1 before the first
    qint64 m_lastOut = -1;
    HealthSeries m_in;
    HealthSeries m_out;
    HealthSeries m_behind;
    HealthSeries m_ahead;
};
