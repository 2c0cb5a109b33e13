// SPDX-License-Identifier: MIT
#include "clock.h"

#include "update.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sb {

namespace {
size_t recentSlot(const QChar *text)
{
    return size_t((quintptr(text) * Q_UINT64_C(0x9E3779B97F4A7C15)) >> 58);
}
} // namespace

Clock::Clock()
{
    m_recent.fill(-1);
}

qsizetype Clock::indexOf(const QString &source) const
{
    // The same text at the same address is the same id: the QString we hold
    // keeps that memory from being reused for another.
    const auto isHeld = [&](qsizetype index) {
        const QString &held = m_sources[size_t(index)];
        return held.constData() == source.constData() && held.size() == source.size();
    };
    // The recent table first, whatever the size: an update is looked up in two
    // or three clocks, and a scan of ten sources costs more than one probe.
    if (const qsizetype recent = m_recent[recentSlot(source.constData())];
        recent >= 0 && isHeld(recent))
        return recent;
    if (m_sources.size() <= kScanned) {
        for (size_t i = 0; i < m_sources.size(); ++i) {
            if (isHeld(qsizetype(i)))
                return qsizetype(i);
        }
    }
    const auto it = m_index.constFind(source);
    return it == m_index.cend() ? -1 : *it;
}

qsizetype Clock::lookUp(const QString &source)
{
    const qsizetype index = indexOf(source);
    if (index < 0)
        return index;
    // Hold the very QString asked with, and remember where it sits: the next
    // lookup with it is an address compare. Only here, not in const lookups,
    // so that a clock only read is never written to.
    QString &held = m_sources[size_t(index)];
    if (held.constData() != source.constData())
        held = source;
    m_recent[recentSlot(source.constData())] = index;
    return index;
}

qsizetype Clock::add(const QString &source, double timestamp)
{
    const qsizetype index = qsizetype(m_sources.size());
    m_index.insert(source, index);
    m_sources.push_back(source);
    m_latest.push_back(timestamp);
    m_recent[recentSlot(source.constData())] = index;
    return index;
}

double Clock::latest(const QString &source) const
{
    const qsizetype index = indexOf(source);
    return index < 0 ? -std::numeric_limits<double>::infinity() : m_latest[size_t(index)];
}

void Clock::set(const QString &source, double timestamp)
{
    const qsizetype index = lookUp(source);
    if (index < 0)
        add(source, timestamp);
    else
        m_latest[size_t(index)] = timestamp;
}

bool Clock::advance(const QString &source, double timestamp)
{
    const qsizetype index = lookUp(source);
    if (index < 0) {
        add(source, timestamp);
        return true;
    }
    if (timestamp <= m_latest[size_t(index)])
        return false;
    m_latest[size_t(index)] = timestamp;
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
    for (const QString &source : m_sources)
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
    for (size_t i = 0; i < m_sources.size(); ++i)
        object.insert(m_sources[i], JsonValue(m_latest[i]));
    return object;
}

Result<Clock> Clock::fromJson(const JsonValue &value)
{
    if (!value.isObject())
        return Error{QStringLiteral("clock is not an object")};
    Clock clock;
    for (const JsonObject::Member &member : value.toObject().members()) {
        if (!member.value.isNumber() || !std::isfinite(member.value.toNumber()))
            return Error{
                    QStringLiteral("clock entry \"%1\" is not a finite number").arg(member.key)};
        if (const auto sourceCheck = Update::checkSource(member.key); !sourceCheck)
            return Error{QStringLiteral("clock entry \"%1\": %2")
                                 .arg(member.key, sourceCheck.errorMessage())};
        clock.set(member.key, member.value.toNumber());
    }
    return clock;
}

bool Clock::operator==(const Clock &other) const
{
    // Equal when they hold the same timestamps, whatever the insertion order.
    if (size() != other.size())
        return false;
    for (size_t i = 0; i < m_sources.size(); ++i) {
        const qsizetype index = other.indexOf(m_sources[i]);
        if (index < 0 || other.m_latest[size_t(index)] != m_latest[i])
            return false;
    }
    return true;
}

} // namespace sb
