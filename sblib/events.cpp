#include "events.h"

#include "jsoncodec.h"

#include <algorithm>

namespace sb {

Events::Events(const QString &id, QObject *parent)
    : Scuttlebutt(id, parent)
{
}

Update Events::emitEvent(const QString &event, const JsonValue &data)
{
    return localUpdate(event, data.isUndefined() ? QByteArray() : JsonCodec::stringify(data));
}

bool Events::applyUpdate(const Update &update)
{
    m_log.append(update);
    m_byName[update.key()].append(update);
    emit eventReceived(update.key(), update);
    return true;
}

QList<Update> Events::history(const Clock &remote) const
{
    QList<Update> result;
    for (const Update &update : m_log) {
        if (remote.lacks(update))
            result.append(update);
    }
    std::sort(result.begin(), result.end(), Update::lessThan);
    return result;
}

JsonValue Events::toJson() const
{
    JsonArray events;
    for (const Update &update : history()) {
        JsonArray event{JsonValue(update.key())};
        if (update.hasValue()) {
            auto data = JsonCodec::parse(update.value(), {1 << 30});
            event.push_back(data ? data.value() : JsonValue(nullptr));
        }
        events.push_back(JsonValue(std::move(event)));
    }
    return JsonValue(std::move(events));
}

} // namespace sb
