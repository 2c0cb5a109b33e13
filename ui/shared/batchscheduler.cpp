// SPDX-License-Identifier: MIT
#include "batchscheduler.h"

#include "changebatch.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

#include <algorithm>

BatchScheduler *BatchScheduler::instance()
{
    thread_local QPointer<BatchScheduler> scheduler;
    if (!scheduler) {
        QCoreApplication *app = QCoreApplication::instance();
        scheduler = new BatchScheduler(app && app->thread() == QThread::currentThread() ? app
                                                                                        : nullptr);
    }
    return scheduler;
}

BatchScheduler::BatchScheduler(QObject *parent) : QObject(parent)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &BatchScheduler::runTurn);
}

void BatchScheduler::schedule(ChangeBatch *batch, std::chrono::milliseconds delay)
{
    const qint64 due = m_clock.elapsed() + delay.count();
    const auto it
            = std::find_if(m_waiting.begin(), m_waiting.end(),
                           [batch](const Waiting &waiting) { return waiting.batch == batch; });
    if (it == m_waiting.end())
        m_waiting.push_back({batch, due});
    else if (due < it->dueMs)
        it->dueMs = due;
    else
        return;
    armTimer();
}

void BatchScheduler::cancel(ChangeBatch *batch)
{
    std::erase_if(m_waiting, [batch](const Waiting &waiting) { return waiting.batch == batch; });
    if (m_waiting.empty())
        m_timer.stop();
}

bool BatchScheduler::isScheduled(const ChangeBatch *batch) const
{
    return std::any_of(m_waiting.cbegin(), m_waiting.cend(),
                       [batch](const Waiting &waiting) { return waiting.batch == batch; });
}

void BatchScheduler::runTurn()
{
    const QDeadlineTimer deadline(kTurnBudget, Qt::PreciseTimer);
    const qint64 now = m_clock.elapsed();
    std::vector<ChangeBatch *> due;
    for (const Waiting &waiting : m_waiting) {
        if (waiting.dueMs <= now)
            due.push_back(waiting.batch);
    }
    bool first = true;
    for (ChangeBatch *batch : due) {
        // The first batch always runs, so that every turn gets something done.
        if (!first && deadline.hasExpired())
            break;
        first = false;
        // A slice may cancel or reschedule other batches: only those still due run.
        const auto it = std::find_if(m_waiting.begin(), m_waiting.end(),
                                     [batch](const Waiting &w) { return w.batch == batch; });
        if (it == m_waiting.end() || it->dueMs > now)
            continue;
        m_waiting.erase(it);
        // The rest a frame later, after the others: the views repaint after
        // each turn that changed them, and more often than a screen shows is
        // time lost.
        if (batch->applySlice(deadline) && !isScheduled(batch))
            m_waiting.push_back({batch, now + kFrame.count()});
    }
    if (m_waiting.empty())
        m_trimmer.afterBurst();
    armTimer();
}

void BatchScheduler::armTimer()
{
    if (m_waiting.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 due
            = std::min_element(m_waiting.cbegin(), m_waiting.cend(),
                               [](const Waiting &a, const Waiting &b) { return a.dueMs < b.dueMs; })
                      ->dueMs;
    const qint64 wait = std::max<qint64>(0, due - m_clock.elapsed());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}
