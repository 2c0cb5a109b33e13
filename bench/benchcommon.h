// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace sb {
class Model;
}

// Small shared pieces of the sbbench workloads.
namespace Bench {

double nowMs();     // wall clock with sub-millisecond resolution, comparable across processes
qint64 peakRssKb(); // VmHWM of this process
qint64 rssKb();     // VmRSS of this process
double cpuMs();     // user and system time of this process so far
void printResult(const QByteArray &json); // one JSON line on stdout
// Fills model with keys k0..k{count-1} as if received from `sources` remote sources.
void fillFromSources(sb::Model &model, qint64 count, int sources);

} // namespace Bench
