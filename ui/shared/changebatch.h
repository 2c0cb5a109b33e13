// SPDX-License-Identifier: MIT
#pragma once

#include <QDeadlineTimer>
#include <QPointer>

#include <chrono>
#include <functional>

class BatchScheduler;

// The changes a model has collected and not shown yet. schedule() after
// collecting one: kCoalesce later the BatchScheduler calls the model's slice,
// which applies what fits before the deadline it is given and says whether
// anything is left; what is left gets a slice at the next turns of the event
// loop, after the other models' batches. A model's flush() applies everything
// at once and cancels the batch.
class ChangeBatch
{
public:
    // Applies what fits before deadline (at least one change); true when some are left.
    using Slice = std::function<bool(QDeadlineTimer deadline)>;

    ChangeBatch(std::chrono::milliseconds coalesce, Slice slice);
    ~ChangeBatch();
    ChangeBatch(const ChangeBatch &) = delete;
    ChangeBatch &operator=(const ChangeBatch &) = delete;

    // Changes were collected: a slice runs within the coalescing interval.
    void schedule();
    // Changes are left after a slice the model ran itself: they go on at the next turn.
    void scheduleNow();
    // Everything was applied by other means.
    void cancel();
    bool isScheduled() const;

    bool applySlice(QDeadlineTimer deadline) { return m_slice(deadline); }

private:
    std::chrono::milliseconds m_coalesce;
    Slice m_slice;
    QPointer<BatchScheduler> m_scheduler; // gone with the application
};
