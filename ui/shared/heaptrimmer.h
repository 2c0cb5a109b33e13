// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>

#include <chrono>
#include <functional>

// Gives the heap's free pages back to the system after the window has worked
// through a burst. glibc returns freed memory only from the top of its heap;
// what a sync frees in the middle (updates in passing, grown buffers) stays
// in the process: after a sync of 10^6 keys the window held about 20 MB it no
// longer used, which malloc_trim() returned in 7 to 8 ms. BatchScheduler calls
// afterBurst() when a turn leaves no batch waiting, so an idle window never
// pays, and a busy one trims at most once an interval.
class HeapTrimmer
{
public:
    using Trim = std::function<void()>;

    static constexpr std::chrono::milliseconds kInterval{5000};

    explicit HeapTrimmer(std::chrono::milliseconds interval = kInterval, Trim trim = systemTrim);

    // Trims if an interval has passed since the last trim (or since this was
    // made); says whether it did.
    bool afterBurst();

    // malloc_trim(0) where the C library is glibc; nothing elsewhere.
    static void systemTrim();

private:
    std::chrono::milliseconds m_interval;
    Trim m_trim;
    QElapsedTimer m_sinceTrim;
};
