// SPDX-License-Identifier: MIT
#pragma once

#include "update.h"

#include <QString>

namespace sb {

// One update for a key as this session saw it: where it came from and what
// the replica did with it. KeyProvenance keeps these; the update is shared
// with the stream that read it, not copied.
struct ProvenanceEntry
{
    enum class Origin : quint8 {
        Peer,        // read from a peer's stream (peer names it)
        LocalEdit,   // made here (Model::set)
        FileLoad,    // held when a replica file was opened
        TraceReplay, // taken in while a trace is replayed
        Unrecorded,  // held, but seen before what the record still keeps
    };
    // What the replica did when it met the update.
    enum class Outcome : quint8 {
        Applied,
        OldData,    // the source's clock had it already
        NotApplied, // the key held a newer update
        Unverified, // the verifier refused it (reason)
        Rejected,   // stamped too far ahead (reason)
    };
    // What it is now, against the update the key holds.
    enum class Fate : quint8 { Current, Superseded, OldData, Rejected };

    Update update;
    QString peer;           // the peer's name, for Origin::Peer
    QString reason;         // why it was unverified or rejected
    qint64 sequence = 0;    // the order seen in the session, from 1
    qint64 nanoseconds = 0; // when, on WireLine::now()'s clock
    Origin origin = Origin::Peer;
    Outcome outcome = Outcome::Applied;

    // Whether this is the update held (same stamp and source).
    bool isHeld(const Update &held) const
    {
        return held.isValid() && held.timestamp() == update.timestamp()
                && held.source() == update.source();
    }
    Fate fate(const Update &held) const;

    static QString originName(Origin origin);
    static QString fateName(Fate fate);
};

} // namespace sb
