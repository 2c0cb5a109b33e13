// SPDX-License-Identifier: MIT
#include "counter.h"

#include <algorithm>

namespace {
qint64 totalOf(const sb::Update &update)
{
    bool ok = false;
    const qint64 total = update.value().toLongLong(&ok);
    return ok ? total : 0;
}
} // namespace

Counter::Counter(const QString &id, QObject *parent) : Scuttlebutt(id, parent) { }

sb::Result<sb::Update> Counter::add(qint64 amount)
{
    if (amount <= 0)
        return sb::Error{QStringLiteral("a grow-only counter adds amounts above 0")};
    const qint64 total = totalOf(m_latest.value(id())) + amount;
    return localUpdate(QStringLiteral("count"), QByteArray::number(total));
}

qint64 Counter::value() const
{
    qint64 sum = 0;
    for (const sb::Update &update : m_latest)
        sum += totalOf(update);
    return sum;
}

QList<sb::Update> Counter::history(const sb::Clock &remote) const
{
    QList<sb::Update> updates;
    for (const sb::Update &update : m_latest) {
        if (remote.lacks(update))
            updates.append(update);
    }
    std::sort(updates.begin(), updates.end(), sb::Update::lessThan);
    return updates;
}

bool Counter::applyUpdate(const sb::Update &update)
{
    // Anything but a count is not ours to keep (the clock has moved past it).
    if (!update.hasKey(QLatin1StringView("count")) || totalOf(update) <= 0)
        return false;
    const auto held = m_latest.constFind(update.source());
    if (held != m_latest.cend() && held->timestamp() >= update.timestamp())
        return false;
    m_latest.insert(update.source(), update);
    return true;
}
