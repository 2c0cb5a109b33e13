// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"
#include "jsonvalue.h"

#include <QString>

namespace sb {

// The options of npm scuttlebutt's createStream, plus the limits that keep a
// hostile or slow peer from costing us unbounded memory.
struct StreamOptions
{
    bool readable = true;   // send our digest, history and updates
    bool writable = true;   // take in the remote's updates
    bool tail = true;       // keep streaming live updates once synced
    bool sendClock = false; // send the digest even when not readable
    JsonValue meta;         // put in our digest when not undefined
    QString name;           // a label for messages; defaults to the peer address
    Dialect::Choice dialect = Dialect::Choice::V5;

    // Each limit hit on input ends the stream with an error naming the peer and
    // the line, unless said otherwise; what the replica holds is kept.
    qsizetype maxLineLength = 4 * 1024 * 1024; // bytes in one incoming line
    // Nesting in one incoming message. Values may nest two levels less
    // (Scuttlebutt::kMaxValueDepth at the default), whatever the dialect, so
    // that every value taken in fits a 5.x line when passed on.
    static constexpr int kDefaultMaxDepth = 64;
    int maxDepth = kDefaultMaxDepth;
    qint64 highWaterMark = 512 * 1024; // bytes queued in the device before we wait
    // Live updates kept for a slow peer, by count and by bytes: past either,
    // the queue is dropped and history is re-read from the peer's clock once
    // it drains (nothing is lost; limitReached reports it).
    int maxQueuedUpdates = 20000;
    qint64 maxQueuedBytes = 8 * 1024 * 1024;
    // Updates taken in per second from the peer; 0: no limit (the default, as
    // a full sync or a flood of honest updates runs at 100,000s per second
    // and every other limit bounds memory already). Past it we stop reading
    // from that peer until the second is over: the peer's own writes then
    // wait (TCP backpressure), nothing is dropped; limitReached reports it.
    int maxUpdatesPerSecond = 0;

    // Deadlines in milliseconds (0: none), against a peer that holds a slot
    // without replicating. Each one missed ends the stream with an error that
    // names the peer and the deadline. They are checked by one timer per
    // stream, armed for the nearest one, never per line.
    // The remote digest must arrive within handshakeTimeoutMs of start()
    // (only when we take input: writable).
    int handshakeTimeoutMs = 10000;
    // A line, once begun, must end (its newline must arrive) within this.
    int lineTimeoutMs = 30000;
    // From the remote digest until its "SYNC" the peer owes us its history:
    // it may not fall silent (send no byte at all) for longer than this.
    // After its "SYNC" a quiet peer is a live peer with nothing to say, and
    // no deadline closes it (nor do we send anything to probe it).
    int idleTimeoutMs = 60000;
};

} // namespace sb
