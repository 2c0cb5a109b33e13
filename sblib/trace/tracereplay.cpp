// SPDX-License-Identifier: MIT
#include "tracereplay.h"

#include "dialect.h"
#include "events.h"
#include "jsoncodec.h"
#include "model.h"

namespace sb::TraceReplay {

std::unique_ptr<Scuttlebutt> makeReplica(const TraceHeader &header)
{
    if (header.type == u"events")
        return std::make_unique<Events>(header.id);
    return std::make_unique<Model>(header.id);
}

std::optional<QString> apply(Scuttlebutt &replica, const TraceRecord &record)
{
    const bool counts = record.type == TraceRecord::Type::Held
            || (record.direction == WireLine::Direction::Out
                && (record.kind == WireLine::Kind::History || record.kind == WireLine::Kind::Live))
            || (record.direction == WireLine::Direction::In
                && record.outcome == WireLine::Outcome::Applied);
    if (!counts)
        return std::nullopt;
    const auto message = JsonCodec::parse(record.line);
    if (!message || !message->isArray())
        return QStringLiteral("the update line is not a JSON array");
    const Dialect *dialect = Dialect::detect(message->toArray());
    if (!dialect)
        return QStringLiteral("not a 5.x or 4.x update");
    const auto update = dialect->decode(message->toArray());
    if (!update)
        return update.errorMessage();
    if (const auto reason = replica.validate(update.value()))
        return *reason;
    // What we sent we held already (history, our edits as sent, what we
    // relayed); taking it again would only be old data, which the original
    // replica never saw as such.
    if (record.direction == WireLine::Direction::Out && !replica.clock().lacks(update.value()))
        return std::nullopt;
    replica.receive(update.value());
    return std::nullopt;
}

} // namespace sb::TraceReplay
