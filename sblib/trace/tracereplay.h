// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "tracerecord.h"

#include <memory>

namespace sb {

class Scuttlebutt;

// Rebuilds from a trace the replica that recorded it: what it held when
// recording began, every update it sent, and every update it received and
// applied, in the order they were recorded. Updates it refused stay out, as
// they did. A replica made for replay has the recorder's id and type (a
// Model when the header names a type no one registered).
namespace TraceReplay {

std::unique_ptr<Scuttlebutt> makeReplica(const TraceHeader &header);
// Takes record into replica where it counts; fails with why a line that
// should hold an update does not.
Result<void> apply(Scuttlebutt &replica, const TraceRecord &record);

} // namespace TraceReplay
} // namespace sb
