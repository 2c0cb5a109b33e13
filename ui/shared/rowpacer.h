// SPDX-License-Identifier: MIT
#pragma once

#include <QDeadlineTimer>
#include <QtGlobal>

#include <functional>

// How many rows a model can insert in the time left to a slice, from what the
// rows it inserted last cost (the proxies sorting them in, the views laying
// them out). The first slice of a burst stays small, and a slice grows at most
// twofold from the last (or from kFirstRows, after a slice cut short), which
// may have been too quick to time well.
class RowPacer
{
public:
    static constexpr qsizetype kFirstRows = 2048;
    static constexpr qsizetype kMinRows = 256;
    static constexpr qsizetype kMaxRows = 65536;

    // Rows to insert now, of pending, in about budgetNs.
    qsizetype rowsFor(qint64 budgetNs, qsizetype pending) const;
    // rows were inserted in ns.
    void measured(qsizetype rows, qint64 ns);
    // One insert of as many of pending rows as the time to deadline allows:
    // calls insert(rows), times it and learns from it. Each insert costs the
    // proxies and the views a pass of their own, so a slice makes one.
    void insertChunk(QDeadlineTimer deadline, qsizetype pending,
                     const std::function<void(qsizetype rows)> &insert);

private:
    double m_nsPerRow = 0; // 0: nothing measured yet
    qsizetype m_lastRows = kFirstRows / 2;
};
