// SPDX-License-Identifier: MIT
#pragma once

#include "update.h"

#include <QString>

// One update as the timeline recorded it: what arrived, when, and what the
// replica did with it.
struct TimelineEntry
{
    enum class Kind : quint8 {
        Applied,    // taken in (or made here)
        OldData,    // dropped: the clock already held that source at that time
        Unverified, // dropped: its signature did not verify
    };

    sb::Update update;
    qint64 sequence = 0;   // 1 for the first update recorded for this replica
    qint64 receivedAt = 0; // ms since the epoch
    Kind kind = Kind::Applied;
    bool local = false; // made by this replica
    QString reason;     // why it was unverified
};
