// SPDX-License-Identifier: MIT
#include "timestamp.h"

#include <QDateTime>
#include <QMutex>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sb::Timestamp {

namespace {
QMutex mutex;
double lastValue = -std::numeric_limits<double>::infinity();
double countMillis = -std::numeric_limits<double>::infinity(); // the millisecond count belongs to
double count = 1;

// The value after lastValue for a wall clock reading of millis; mutex held.
double nextLocked(double millis)
{
    if (millis > lastValue) {
        lastValue = millis;
        return millis;
    }
    // Still in the millisecond of the last value (or the wall clock is behind
    // it): step on within that millisecond by count/(count+1000) with a rising
    // count, as monotonic-timestamp does.
    const double base = std::floor(lastValue);
    if (base != countMillis) {
        countMillis = base;
        count = 1;
    }
    // Jump straight to the first step past the last value; counting there one
    // by one would spin for a long time after a floor set from a fast clock.
    const double fraction = lastValue - base;
    if (fraction > 0 && fraction < 1)
        count = std::max(count, std::floor(1000 * fraction / (1 - fraction)));
    double value = base + count / (count + 1000);
    // Doubles cannot hold every step: go on a little, then take the next double.
    for (int tries = 0; value <= lastValue && tries < 4; ++tries) {
        ++count;
        value = base + count / (count + 1000);
    }
    ++count;
    if (value <= lastValue)
        value = std::nextafter(lastValue, std::numeric_limits<double>::infinity());
    lastValue = value;
    return value;
}
} // namespace

double now()
{
    const double millis = double(QDateTime::currentMSecsSinceEpoch());
    QMutexLocker locker(&mutex);
    return nextLocked(millis);
}

double after(double floor)
{
    const double millis = double(QDateTime::currentMSecsSinceEpoch());
    QMutexLocker locker(&mutex);
    // Continue from floor as if it were our last value, so that the result is
    // just past it, in the same short form as any other step.
    if (std::isfinite(floor) && floor > lastValue)
        lastValue = floor;
    return nextLocked(millis);
}

} // namespace sb::Timestamp
