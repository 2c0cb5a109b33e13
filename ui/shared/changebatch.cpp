// SPDX-License-Identifier: MIT
#include "changebatch.h"

#include "batchscheduler.h"

ChangeBatch::ChangeBatch(std::chrono::milliseconds coalesce, Slice slice)
    : m_coalesce(coalesce), m_slice(std::move(slice)), m_scheduler(BatchScheduler::instance())
{ }

ChangeBatch::~ChangeBatch()
{
    cancel();
}

void ChangeBatch::schedule()
{
    if (m_scheduler)
        m_scheduler->schedule(this, m_coalesce);
}

void ChangeBatch::scheduleNow()
{
    if (m_scheduler)
        m_scheduler->schedule(this, std::chrono::milliseconds(0));
}

void ChangeBatch::cancel()
{
    if (m_scheduler)
        m_scheduler->cancel(this);
}

bool ChangeBatch::isScheduled() const
{
    return m_scheduler && m_scheduler->isScheduled(this);
}
