// SPDX-License-Identifier: MIT
#include "tracereplay.h"

#include "linedecoder.h"
#include "model.h"
#include "replicatypes.h"
#include "streamoptions.h"

namespace sb::TraceReplay {

std::unique_ptr<Scuttlebutt> makeReplica(const TraceHeader &header)
{
    // TraceReader refuses a header of a type that is not registered.
    auto replica = ReplicaTypes::create(header.type, header.id);
    return replica ? std::move(replica) : std::make_unique<Model>(header.id);
}

Result<void> apply(Scuttlebutt &replica, const TraceRecord &record)
{
    const bool counts = record.type == TraceRecord::Type::Held
            || (record.direction == WireLine::Direction::Out
                && (record.kind == WireLine::Kind::History || record.kind == WireLine::Kind::Live))
            // Taken in, whether or not its value won: a Model update older
            // than the key's, or a crdt tombstone, still moved the clock.
            || (record.direction == WireLine::Direction::In
                && (record.outcome == WireLine::Outcome::Applied
                    || record.outcome == WireLine::Outcome::NotApplied));
    if (!counts)
        return {};
    const DecodedLine decoded = LineDecoder(StreamOptions::kDefaultMaxDepth).decode(record.line);
    if (decoded.kind == DecodedLine::Kind::Invalid || decoded.kind == DecodedLine::Kind::BadUpdate)
        return Error{decoded.error};
    if (decoded.kind != DecodedLine::Kind::Update)
        return Error{QStringLiteral("the update line is not a JSON array")};
    const Update &update = decoded.update;
    if (auto validated = replica.validate(update); !validated)
        return validated;
    // What we sent we held already (history, our edits as sent, what we
    // relayed); taking it again would only be old data, which the original
    // replica never saw as such.
    if (record.direction == WireLine::Direction::Out && !replica.clock().lacks(update))
        return {};
    replica.receive(update);
    return {};
}

} // namespace sb::TraceReplay
