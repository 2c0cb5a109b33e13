// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

// Gives the heap's free pages back to the system after the window has worked
// through a burst. glibc returns freed memory only from the top of its heap;
// what a sync frees in the middle (updates in passing, grown buffers) stays
// in the process: after a sync of 10^6 keys the window held about 20 MB it no
// longer used, which malloc_trim() returned in 7 to 8 ms. BatchScheduler calls
// afterBurst() when a turn leaves no batch waiting. The heap is trimmed once
// the bursts stop for a quiet period, and during a long run of them at most
// once an interval; an idle window never pays.
class HeapTrimmer : public QObject
{
    Q_OBJECT

public:
    using Trim = std::function<void()>;

    static constexpr std::chrono::milliseconds kQuiet{1000};
    static constexpr std::chrono::milliseconds kInterval{5000};

    explicit HeapTrimmer(QObject *parent = nullptr, Trim trim = systemTrim,
                         std::chrono::milliseconds quiet = kQuiet,
                         std::chrono::milliseconds interval = kInterval);

    // A burst of work ended: trims now if an interval has passed since the
    // last trim (or since this was made), else once no burst follows for the
    // quiet period. Says whether it trimmed now.
    bool afterBurst();
    int trimCount() const { return m_trims; }

    // malloc_trim(0) where the C library is glibc; nothing elsewhere.
    static void systemTrim();

private:
    void trim();

    Trim m_trim;
    std::chrono::milliseconds m_interval;
    QElapsedTimer m_sinceTrim;
    QTimer m_quiet;
    int m_trims = 0;
};
