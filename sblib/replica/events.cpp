// SPDX-License-Identifier: MIT
#include "events.h"

#include "dialect.h"
#include "jsoncodec.h"

#include <algorithm>

namespace sb {

Events::Events(const QString &id, QObject *parent) : Scuttlebutt(id, parent) { }

Result<Update> Events::emitEvent(const QString &event, const JsonValue &data)
{
    return localUpdate(event, data.isUndefined() ? QByteArray() : JsonCodec::stringify(data));
}

Result<Update> Events::emitEventJson(const QString &event, QByteArrayView dataJson)
{
    if (dataJson.trimmed().isEmpty())
        return emitEvent(event);
    const auto data = parseValueJson(dataJson);
    if (!data)
        return data.error();
    return emitEvent(event, data.value());
}

bool Events::applyUpdate(const Update &update)
{
    m_sources.number(update.source());
    m_log.append(update);
    m_byName[update.key()].append(update);
    ++m_heldBySource[update.source()];
    emit eventReceived(update.key(), update);
    return true;
}

QList<Update> Events::history(const Clock &remote) const
{
    const std::vector<HistoryRef> refs = historyRefs(remote);
    QList<Update> result;
    result.reserve(qsizetype(refs.size()));
    for (const HistoryRef &ref : refs)
        result.append(m_log.at(ref.item));
    return result;
}

std::vector<Scuttlebutt::HistoryRef> Events::historyRefs(const Clock &remote) const
{
    std::vector<HistoryRef> refs;
    for (qsizetype i = 0; i < m_log.size(); ++i) {
        const Update &update = m_log.at(i);
        if (remote.lacks(update))
            refs.push_back(HistoryRef{update.timestamp(), m_sources.numberOf(update.source()),
                                      quint32(i)});
    }
    sortHistory(refs, m_sources.ids());
    return refs;
}

bool Events::appendHistoryLine(const HistoryRef &ref, const Dialect &dialect, QByteArray &out) const
{
    // The log only grows: what a ref names stays held.
    if (qsizetype(ref.item) >= m_log.size())
        return false;
    dialect.appendUpdate(out, m_log.at(ref.item));
    return true;
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
