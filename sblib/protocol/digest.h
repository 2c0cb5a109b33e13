// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "jsonvalue.h"
#include "result.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace sb {

// The first message of a stream: who the sender is, the latest timestamp it
// holds per source, and the optional meta the stream was given.
struct Digest
{
    QString id;
    Clock clock;
    JsonValue meta; // undefined when the sender gave none

    // {"id":...,"clock":{...},"meta":...} and a newline, as node writes it:
    // like node, it leaves out a meta that JavaScript deems false (undefined,
    // null, false, 0, NaN, "").
    QByteArray toLine() const;
    // Refuses a digest without a clock object, with a non-string id or with a
    // clock entry that is not a finite number.
    static Result<Digest> fromJson(const JsonObject &object);
};

} // namespace sb

Q_DECLARE_METATYPE(sb::Digest)
