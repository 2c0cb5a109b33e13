#include "clock.h"

#include "update.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sb {

double Clock::latest(const QString &source) const
{
    return m_latest.value(source, -std::numeric_limits<double>::infinity());
}

void Clock::set(const QString &source, double timestamp)
{
    auto it = m_latest.find(source);
    if (it == m_latest.end()) {
        m_latest.insert(source, timestamp);
        m_insertionOrder.push_back(source);
    } else {
        *it = timestamp;
    }
}

bool Clock::advance(const QString &source, double timestamp)
{
    if (timestamp <= latest(source))
        return false;
    set(source, timestamp);
    return true;
}

bool Clock::lacks(const Update &update) const
{
    return update.timestamp() > latest(update.source());
}

QStringList Clock::sources() const
{
    QStringList indexKeys;
    QStringList otherKeys;
    for (const QString &source : m_insertionOrder)
        (JsonObject::isArrayIndex(source) ? indexKeys : otherKeys).append(source);
    std::sort(indexKeys.begin(), indexKeys.end(), [](const QString &a, const QString &b) {
        quint32 x = 0, y = 0;
        JsonObject::isArrayIndex(a, &x);
        JsonObject::isArrayIndex(b, &y);
        return x < y;
    });
    return indexKeys + otherKeys;
}

JsonObject Clock::toJson() const
{
    JsonObject object;
    for (const QString &source : m_insertionOrder)
        object.insert(source, JsonValue(m_latest.value(source)));
    return object;
}

Result<Clock> Clock::fromJson(const JsonValue &value)
{
    if (!value.isObject())
        return Error{QStringLiteral("clock is not an object")};
    Clock clock;
    for (const JsonObject::Member &member : value.toObject().members()) {
        if (!member.value.isNumber() || !std::isfinite(member.value.toNumber()))
            return Error{QStringLiteral("clock entry \"%1\" is not a finite number").arg(member.key)};
        if (member.key == u"__proto__")
            return Error{QStringLiteral("clock names the source \"__proto__\"")};
        clock.set(member.key, member.value.toNumber());
    }
    return clock;
}

} // namespace sb
