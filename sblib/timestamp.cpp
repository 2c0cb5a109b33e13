#include "timestamp.h"

#include <QDateTime>
#include <QMutex>

#include <cmath>

namespace sb::Timestamp {

namespace {
QMutex mutex;
double lastMillis = 0;
double lastValue = 0;
double count = 1;
} // namespace

double now()
{
    const double millis = double(QDateTime::currentMSecsSinceEpoch());
    QMutexLocker locker(&mutex);
    double value = millis;
    if (millis == lastMillis) {
        do {
            value = millis + count / (count + 1000);
            ++count;
        } while (value <= lastValue && count < 1e9);
    } else {
        count = 1;
    }
    if (value <= lastValue)
        value = std::nextafter(lastValue, INFINITY);
    lastMillis = millis;
    lastValue = value;
    return value;
}

double after(double floor)
{
    double value = now();
    if (value > floor)
        return value;
    // Step just past floor; keep it a short decimal so the wire stays readable.
    value = std::floor(floor) + 0.5;
    if (value <= floor)
        value = std::nextafter(floor, INFINITY);
    QMutexLocker locker(&mutex);
    lastValue = value;
    lastMillis = std::floor(value);
    count = 1;
    return value;
}

} // namespace sb::Timestamp
