#pragma once

#include "dialect.h"
#include "jsonvalue.h"

#include <QString>

namespace sb {

// The options of npm scuttlebutt's createStream, plus the limits that keep a
// hostile or slow peer from costing us unbounded memory.
struct StreamOptions
{
    bool readable = true;  // send our digest, history and updates
    bool writable = true;  // take in the remote's updates
    bool tail = true;      // keep streaming live updates once synced
    bool sendClock = false; // send the digest even when not readable
    JsonValue meta;        // put in our digest when not undefined
    QString name;          // a label for messages; defaults to the peer address
    Dialect::Choice dialect = Dialect::Choice::V5;

    qsizetype maxLineLength = 4 * 1024 * 1024; // bytes in one incoming line
    int maxDepth = 64;                          // nesting in one incoming message
    qint64 highWaterMark = 512 * 1024;          // bytes queued in the device before we wait
    int maxQueuedUpdates = 20000; // live updates kept for a slow peer before we re-read history
};

} // namespace sb
