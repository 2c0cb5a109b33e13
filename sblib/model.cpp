#include "model.h"

#include "jsoncodec.h"

#include <algorithm>

namespace sb {

Model::Model(const QString &id, QObject *parent)
    : Scuttlebutt(id, parent)
{
}

Update Model::set(const QString &key, const JsonValue &value)
{
    if (value.isUndefined())
        return {};
    return localUpdate(key, JsonCodec::stringify(value));
}

Result<Update> Model::setJson(const QString &key, QByteArrayView json)
{
    auto value = JsonCodec::parse(json);
    if (!value)
        return Error{QStringLiteral("value for key \"%1\" is not valid JSON: %2")
                             .arg(key, value.errorMessage())};
    if (key == u"__proto__")
        return Error{QStringLiteral("the key \"__proto__\" is not allowed")};
    Update update = set(key, value.value());
    if (!update.isValid())
        return Error{QStringLiteral("key \"%1\" was not set").arg(key)};
    return update;
}

JsonValue Model::get(const QString &key) const
{
    const Update update = entry(key);
    if (!update.isValid())
        return {};
    if (!update.hasValue())
        return JsonValue(nullptr);
    auto value = JsonCodec::parse(update.value(), {1 << 30});
    return value ? value.value() : JsonValue();
}

Update Model::entry(const QString &key) const
{
    const auto it = m_index.constFind(key);
    return it == m_index.cend() ? Update() : m_entries[size_t(*it)];
}

bool Model::applyUpdate(const Update &update)
{
    const auto it = m_index.constFind(update.key());
    if (it == m_index.cend()) {
        m_index.insert(update.key(), qsizetype(m_entries.size()));
        m_entries.push_back(update);
        if (!update.isDelete())
            ++m_liveKeys;
    } else {
        Update &held = m_entries[size_t(*it)];
        if (update.timestamp() < held.timestamp()
            || (update.timestamp() == held.timestamp() && update.source() <= held.source()))
            return false;
        m_liveKeys += int(!update.isDelete()) - int(!held.isDelete());
        held = update;
    }
    emit changed(update.key(), update);
    return true;
}

std::vector<qsizetype> Model::orderedIndexes() const
{
    // JavaScript enumerates array-index keys first, ascending, then the rest
    // in insertion order.
    std::vector<std::pair<quint32, qsizetype>> indexKeys;
    std::vector<qsizetype> order;
    order.reserve(m_entries.size());
    for (size_t i = 0; i < m_entries.size(); ++i) {
        quint32 number = 0;
        if (JsonObject::isArrayIndex(m_entries[i].key(), &number))
            indexKeys.emplace_back(number, qsizetype(i));
        else
            order.push_back(qsizetype(i));
    }
    if (indexKeys.empty())
        return order;
    std::sort(indexKeys.begin(), indexKeys.end());
    std::vector<qsizetype> result;
    result.reserve(m_entries.size());
    for (const auto &[number, index] : indexKeys)
        result.push_back(index);
    result.insert(result.end(), order.begin(), order.end());
    return result;
}

QStringList Model::keys() const
{
    QStringList result;
    result.reserve(qsizetype(m_entries.size()));
    for (qsizetype index : orderedIndexes())
        result.append(m_entries[size_t(index)].key());
    return result;
}

QList<Update> Model::history(const Clock &remote) const
{
    QList<Update> result;
    for (const Update &update : m_entries) {
        if (remote.lacks(update))
            result.append(update);
    }
    std::sort(result.begin(), result.end(), Update::lessThan);
    return result;
}

JsonValue Model::toJson() const
{
    JsonObject object;
    for (qsizetype index : orderedIndexes()) {
        const Update &update = m_entries[size_t(index)];
        if (!update.isDelete())
            object.insert(update.key(), get(update.key()));
    }
    return object;
}

QByteArray Model::toJsonText() const
{
    QByteArray out = "{";
    bool first = true;
    for (qsizetype index : orderedIndexes()) {
        const Update &update = m_entries[size_t(index)];
        if (update.isDelete())
            continue;
        if (!first)
            out += ',';
        first = false;
        JsonCodec::appendString(out, update.key());
        out += ':';
        out += update.value();
    }
    out += '}';
    return out;
}

} // namespace sb
