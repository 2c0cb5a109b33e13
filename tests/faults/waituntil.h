// SPDX-License-Identifier: MIT
#pragma once

#include <functional>

// Runs the event loop until predicate() holds or timeoutMs pass, without the
// sleeps of QTest::qWaitFor: sockets (the proxy's and the peers') are served
// as their events come. Returns whether predicate() held.
bool waitUntil(const std::function<bool()> &predicate, int timeoutMs);

// Runs the event loop for ms milliseconds.
void runFor(int ms);
