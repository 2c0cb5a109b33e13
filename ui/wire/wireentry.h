// SPDX-License-Identifier: MIT
#pragma once

#include "wiretap.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

// One row of the Wire dock: a line that crossed the wire of one of the
// session's streams, captured live or replayed from a trace file.
struct WireEntry
{
    qint64 number = 0; // 1, 2, ... in arrival order; WireModel sets it
    double ms = 0;     // since the capture (or the trace's recording) began
    int peer = 0;      // index into WireModel::peers()
    sb::WireLine::Direction direction = sb::WireLine::Direction::In;
    sb::WireLine::Kind kind = sb::WireLine::Kind::Unreadable;
    sb::WireLine::Outcome outcome = sb::WireLine::Outcome::None;
    QString reason;

    // The line exactly as sent or received, without the newline.
    QByteArrayView bytes() const { return {chunk.get() + offset, qsizetype(size)}; }

    // Where the bytes are: lines are packed into shared chunks (WireModel's)
    // so that capturing a line costs a copy, not an allocation.
    std::shared_ptr<const char[]> chunk;
    quint32 offset = 0;
    quint32 size = 0;
};
