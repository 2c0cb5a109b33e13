// SPDX-License-Identifier: MIT
#pragma once

#include "heaptrimmer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <vector>

class ChangeBatch;

// Runs the change batches of every model on this thread's event loop. A batch
// is due some time after its first change (so that a burst costs its views a
// few signals); the batches due share one turn of the loop, at most
// kTurnBudget of it (the first always runs), and what they leave goes on a
// kFrame later, after the others. However many models follow a busy replica,
// the window answers within a frame: when each model had a timer of its own,
// their work added up in the turns where several fired. A turn that leaves
// nothing waiting ends a burst: the heap is trimmed then (HeapTrimmer).
class BatchScheduler : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kTurnBudget{6};
    static constexpr std::chrono::milliseconds kFrame{16};

    // The scheduler of the calling thread, made on first use (a child of the
    // application when the application lives on this thread).
    static BatchScheduler *instance();

    // Makes batch due after delay, unless it is due sooner already.
    void schedule(ChangeBatch *batch, std::chrono::milliseconds delay);
    void cancel(ChangeBatch *batch);
    bool isScheduled(const ChangeBatch *batch) const;

private:
    explicit BatchScheduler(QObject *parent);
    void runTurn();
    void armTimer();

    struct Waiting
    {
        ChangeBatch *batch;
        qint64 dueMs; // on m_clock
    };
    std::vector<Waiting> m_waiting; // round robin: a batch that ran goes last
    QElapsedTimer m_clock;
    QTimer m_timer;
    HeapTrimmer m_trimmer;
};
