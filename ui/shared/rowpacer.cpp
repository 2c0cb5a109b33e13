// SPDX-License-Identifier: MIT
#include "rowpacer.h"

#include <QElapsedTimer>

#include <algorithm>

qsizetype RowPacer::rowsFor(qint64 budgetNs, qsizetype pending) const
{
    qsizetype rows = kFirstRows;
    if (m_nsPerRow > 0) {
        const double affordable = double(qMax<qint64>(budgetNs, 0)) / m_nsPerRow;
        const double growth = double(2 * qMax(m_lastRows, kFirstRows));
        rows = std::clamp(qsizetype(qMin(affordable, growth)), kMinRows, kMaxRows);
    }
    return qMin(rows, pending);
}

void RowPacer::measured(qsizetype rows, qint64 ns)
{
    if (rows <= 0)
        return;
    m_nsPerRow = double(qMax<qint64>(ns, 1)) / double(rows);
    m_lastRows = rows;
}

void RowPacer::insertChunk(QDeadlineTimer deadline, qsizetype pending,
                           const std::function<void(qsizetype rows)> &insert)
{
    if (pending <= 0)
        return;
    const qsizetype rows = rowsFor(deadline.remainingTimeNSecs(), pending);
    QElapsedTimer clock;
    clock.start();
    insert(rows);
    measured(rows, clock.nsecsElapsed());
}
