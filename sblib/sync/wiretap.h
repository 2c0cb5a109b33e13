// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

namespace sb {

class Stream;
class Update;

// One line as it crossed the wire, in or out: what a WireTap sees. The bytes
// are exactly those sent or received, without the newline, and valid only
// during the call.
struct WireLine
{
    enum class Direction { In, Out };
    // History: an update sent or received before "SYNC"; Live: after it.
    enum class Kind { Digest, History, Sync, Live, Unreadable };
    // For updates read: what the replica did with it. Refused: the line was
    // bad input and ended the stream (reason says why).
    enum class Outcome { None, Applied, OldData, NotApplied, Unverified, Rejected, Refused };

    Direction direction;
    Kind kind;
    Outcome outcome = Outcome::None;
    QByteArrayView bytes;
    QString reason;         // why an update was rejected, unverified or refused
    qint64 nanoseconds = 0; // monotonic, from WireLine::now()
    // For an update read and handed to the replica: the update, which a tap
    // may copy (cheaply: it is shared) rather than parse the bytes again.
    const Update *update = nullptr;

    // A monotonic clock shared by every stream of the process.
    static qint64 now();
    static QString kindName(Kind kind);
    static QString outcomeName(Outcome outcome);
    static QString directionName(Direction direction);
};

// Sees every line a stream reads or writes, by a direct call: recording a
// million-line sync must not cost a signal per line. A tap does its own
// buffering; it is called on the stream's thread and must neither close the
// stream nor add or remove taps during the call.
class WireTap
{
public:
    virtual void onWireLine(const Stream &stream, const WireLine &line) = 0;

protected:
    ~WireTap() = default;
};

} // namespace sb
