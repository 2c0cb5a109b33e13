// SPDX-License-Identifier: MIT
#include "replicadiff.h"

#include "jsoncodec.h"
#include "model.h"
#include "scuttlebutt.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sb {

namespace {
constexpr double kAbsent = -std::numeric_limits<double>::infinity();

// What an entry is known by: a Model's key, or an update's source and stamp.
QString identity(bool byKey, const Update &update)
{
    if (byKey)
        return update.key();
    return update.source() + u'\n'
            + QString::fromLatin1(JsonCodec::numberToString(update.timestamp()));
}

bool sameUpdate(const Update &a, const Update &b)
{
    return a.timestamp() == b.timestamp() && a.source() == b.source() && a.key() == b.key()
            && a.valueText() == b.valueText();
}

Clock merged(const Clock &first, const Clock &second)
{
    Clock clock = first;
    for (const QString &source : second.sources())
        clock.advance(source, second.latest(source));
    return clock;
}
} // namespace

bool ReplicaDiff::ClockRow::inA() const
{
    return a != kAbsent;
}

bool ReplicaDiff::ClockRow::inB() const
{
    return b != kAbsent;
}

std::pair<ReplicaDiff::Winner, QString> ReplicaDiff::decide(const Update &a, const Update &b)
{
    if (a.timestamp() != b.timestamp())
        return {a.timestamp() > b.timestamp() ? Winner::A : Winner::B,
                QStringLiteral("later timestamp")};
    if (a.source() != b.source())
        return {a.source() > b.source() ? Winner::A : Winner::B,
                QStringLiteral("same timestamp, greater source id")};
    return {Winner::Neither,
            QStringLiteral("same timestamp and source: each side keeps the update it holds")};
}

Result<ReplicaDiff> ReplicaDiff::compare(const Scuttlebutt &a, const Scuttlebutt &b)
{
    return compare(a, a.clock(), b, b.clock());
}

Result<ReplicaDiff> ReplicaDiff::compare(const Scuttlebutt &a, const Clock &clockA,
                                         const Scuttlebutt &b, const Clock &clockB)
{
    if (a.typeName() != b.typeName())
        return Error{QStringLiteral("A is %1 and B %2: only replicas of one type compare")
                             .arg(a.typeName(), b.typeName())};
    return compare(Snapshot::of(a, clockA), Snapshot::of(b, clockB));
}

ReplicaDiff::Snapshot ReplicaDiff::Snapshot::of(const Scuttlebutt &replica, const Clock &clock)
{
    return {replica.typeName(), replica.history(), merged(clock, replica.clock())};
}

ReplicaDiff ReplicaDiff::compare(const Snapshot &a, const Snapshot &b)
{
    const bool byKey = a.type == Model::kTypeName;
    ReplicaDiff diff;

    const QList<Update> &historyA = a.history;
    const QList<Update> &historyB = b.history;
    QHash<QString, qsizetype> inB;
    inB.reserve(historyB.size());
    for (qsizetype i = 0; i < historyB.size(); ++i)
        inB.insert(identity(byKey, historyB.at(i)), i);
    std::vector<bool> matched(size_t(historyB.size()), false);
    for (const Update &update : historyA) {
        const auto found = inB.constFind(identity(byKey, update));
        if (found == inB.cend()) {
            diff.m_onlyInA.append(update);
            continue;
        }
        matched[size_t(*found)] = true;
        const Update &other = historyB.at(*found);
        if (sameUpdate(update, other))
            continue;
        const auto [winner, rule] = byKey
                ? decide(update, other)
                : std::pair(
                        Winner::Neither,
                        QStringLiteral("an event log keeps every event: each side keeps its own"));
        diff.m_different.append(Difference{update, other, winner, rule});
    }
    for (qsizetype i = 0; i < historyB.size(); ++i) {
        if (!matched[size_t(i)])
            diff.m_onlyInB.append(historyB.at(i));
    }

    if (byKey) {
        const auto byKey = [](const Update &x, const Update &y) { return x.key() < y.key(); };
        std::sort(diff.m_onlyInA.begin(), diff.m_onlyInA.end(), byKey);
        std::sort(diff.m_onlyInB.begin(), diff.m_onlyInB.end(), byKey);
        std::sort(diff.m_different.begin(), diff.m_different.end(),
                  [](const Difference &x, const Difference &y) { return x.a.key() < y.a.key(); });
    } // history() is in stamp order already, which is how an event log reads

    const Clock &fullA = a.clock;
    const Clock &fullB = b.clock;
    QStringList sources = fullA.sources() + fullB.sources();
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (const QString &source : std::as_const(sources))
        diff.m_clocks.append(ClockRow{source, fullA.latest(source), fullB.latest(source)});
    return diff;
}

bool ReplicaDiff::clocksDiffer() const
{
    return std::any_of(m_clocks.cbegin(), m_clocks.cend(),
                       [](const ClockRow &row) { return row.differs(); });
}

bool ReplicaDiff::isEqual() const
{
    return m_onlyInA.isEmpty() && m_onlyInB.isEmpty() && m_different.isEmpty() && !clocksDiffer();
}

} // namespace sb
