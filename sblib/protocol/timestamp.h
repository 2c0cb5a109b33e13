// SPDX-License-Identifier: MIT
#pragma once

namespace sb {

// Timestamps as npm monotonic-timestamp makes them: milliseconds since the
// epoch as a double, strictly increasing within the process. Calls within the
// same millisecond add count/(count+1000), as the JS does. Unlike the JS, a
// wall clock that steps back never yields a smaller value, and a burst of more
// calls than doubles can tell apart within one millisecond (a few thousand)
// runs on into the next millisecond instead of spinning.
namespace Timestamp {

double now();

// A timestamp greater than both now() and floor: a replica reloaded from a file
// written by a machine whose clock ran ahead must still move its own clock on.
double after(double floor);

} // namespace Timestamp
} // namespace sb
