// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// sbpeer diff A B: compares two replicas, each a replica file or a peer at
// HOST:PORT read without changing it (see DiffSide), and prints what
// sb::ReplicaDiff finds, like diff(1) or with --json as one JSON object.
// Exit status 0 when equal, 1 when they differ, 2 on bad usage or when a side
// cannot be read (a message on stderr names the side and why).
namespace DiffTool {

bool handles(const QStringList &arguments);
int run(const QStringList &arguments);

} // namespace DiffTool
