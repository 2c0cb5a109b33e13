// SPDX-License-Identifier: MIT
#pragma once

#include "wiretap.h"

#include <QByteArray>
#include <QString>

namespace sb {

// What a trace file (.sbtrace) begins with: who recorded it and as what.
struct TraceHeader
{
    static constexpr int kVersion = 1;

    QString tool;         // "sbpeer 0.1.0", "scuttlescope 0.1.0"
    QString id;           // the recording replica's id
    QString type;         // "model" or "events"
    QString dialect;      // the dialect choice: "5", "4" or "auto"
    double startedMs = 0; // wall clock, ms since the epoch
};

// One line of a trace after its header: an update the replica held when
// recording began (Held), or a line that crossed the wire (Wire).
struct TraceRecord
{
    enum class Type { Held, Wire };

    Type type = Type::Wire;
    double ms = 0; // since recording began (Wire)
    QString peer;  // the stream's peer name (Wire)
    WireLine::Direction direction = WireLine::Direction::In;
    WireLine::Kind kind = WireLine::Kind::Unreadable;
    WireLine::Outcome outcome = WireLine::Outcome::None;
    QString reason;
    QByteArray line; // exactly as sent or received, without the newline
};

} // namespace sb
