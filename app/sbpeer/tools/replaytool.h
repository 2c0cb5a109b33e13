// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// sbpeer replay FILE.sbtrace: prints, as sync does, the replica the trace
// leads to (sb::TraceReplay), reading the trace a record at a time. A trace
// that is not one, or a bad line in it, is an error naming file and line
// (exit 1); bad usage exits 2.
namespace ReplayTool {

bool handles(const QStringList &arguments);
int run(const QStringList &arguments);

} // namespace ReplayTool
