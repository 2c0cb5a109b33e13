// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace sb {

// Counters of one stream, for views and benchmarks.
struct StreamStats
{
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;
    qint64 linesIn = 0;
    qint64 updatesIn = 0;  // updates received and applied
    qint64 updatesOut = 0; // updates sent
    qint64 oldDataIn = 0;  // updates received that we already had
    qint64 unverifiedIn = 0;
    qint64 rejectedIn = 0;      // updates stamped too far ahead (Scuttlebutt::maxClockSkew)
    qint64 queueOverflows = 0;  // live queue dropped for history (maxQueuedUpdates/Bytes)
    qint64 throttledPauses = 0; // reading paused for maxUpdatesPerSecond
};

} // namespace sb
