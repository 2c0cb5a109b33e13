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
// Fills model as npm scuttlebutt peers would (bench/js/common.js fillNpmShaped makes the
// same bytes): keys key:0.., values {"n":i,"text":"value number i"}, monotonic-timestamp
// stamps ms + k/1000 with ten updates to a millisecond, from `sources` remote sources.
void fillNpmShaped(sb::Model &model, qint64 count, int sources);
// fillNpmShaped for data "npm" (the default), fillFromSources for "synthetic".
void fill(sb::Model &model, qint64 count, int sources, const QString &data);

} // namespace Bench
