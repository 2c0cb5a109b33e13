// SPDX-License-Identifier: MIT
#include "replicadiff.h"

#include "doc.h"
#include "jsoncodec.h"
#include "model.h"
#include "scuttlebutt.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sb {

namespace {
constexpr double kAbsent = -std::numeric_limits<double>::infinity();

enum class Entries { ByKey, ByField, ByUpdate };

// What a side holds, entry by entry, each known by its identity: a Model's
// key; a Doc's row and field (the update that set the field, later ones
// winning as crdt orders them, which history's order is); otherwise an
// update's source and stamp.
QList<std::pair<QString, Update>> entriesOf(const QList<Update> &history, Entries entries)
{
    QList<std::pair<QString, Update>> list;
    if (entries != Entries::ByField) {
        list.reserve(history.size());
        for (const Update &update : history) {
            list.append({entries == Entries::ByKey ? update.key()
                                                   : update.source() + u'\n'
                                         + QString::fromLatin1(JsonCodec::numberToString(
                                                 update.timestamp())),
                         update});
        }
        return list;
    }
    QHash<QString, qsizetype> at;
    for (const Update &update : history) {
        if (update.isTombstone() || !update.hasValue())
            continue; // a removed field is held by neither side
        const auto changes = JsonCodec::parse(update.valueText());
        if (!changes || !changes->isObject())
            continue;
        for (const JsonObject::Member &field : changes->toObject().members()) {
            const QString identity = update.key() + u'\n' + field.key;
            const auto held = at.constFind(identity);
            if (held == at.cend()) {
                at.insert(identity, list.size());
                list.append({identity, update});
            } else {
                list[*held].second = update;
            }
        }
    }
    return list;
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
    const Entries entries = a.type == Model::kTypeName ? Entries::ByKey
            : a.type == Doc::kTypeName                 ? Entries::ByField
                                                       : Entries::ByUpdate;
    const bool byKey = entries != Entries::ByUpdate; // the newer update wins
    ReplicaDiff diff;

    const QList<std::pair<QString, Update>> entriesA = entriesOf(a.history, entries);
    const QList<std::pair<QString, Update>> entriesB = entriesOf(b.history, entries);
    QHash<QString, qsizetype> inB;
    inB.reserve(entriesB.size());
    for (qsizetype i = 0; i < entriesB.size(); ++i)
        inB.insert(entriesB.at(i).first, i);
    std::vector<bool> matched(size_t(entriesB.size()), false);
    for (const auto &[identity, update] : entriesA) {
        const auto found = inB.constFind(identity);
        if (found == inB.cend()) {
            diff.m_onlyInA.append(update);
            continue;
        }
        matched[size_t(*found)] = true;
        const Update &other = entriesB.at(*found).second;
        if (sameUpdate(update, other))
            continue;
        const auto [winner, rule] = byKey
                ? decide(update, other)
                : std::pair(
                        Winner::Neither,
                        QStringLiteral("an event log keeps every event: each side keeps its own"));
        diff.m_different.append(Difference{update, other, winner, rule});
    }
    for (qsizetype i = 0; i < entriesB.size(); ++i) {
        if (!matched[size_t(i)])
            diff.m_onlyInB.append(entriesB.at(i).second);
    }
    if (entries == Entries::ByField) {
        // An update that sets several fields is listed once.
        const auto once = [](QList<Update> &list) {
            QSet<std::pair<QString, double>> seen;
            list.removeIf([&seen](const Update &update) {
                const std::pair id(update.source(), update.timestamp());
                if (seen.contains(id))
                    return true;
                seen.insert(id);
                return false;
            });
        };
        once(diff.m_onlyInA);
        once(diff.m_onlyInB);
        QSet<std::pair<std::pair<QString, double>, std::pair<QString, double>>> seen;
        diff.m_different.removeIf([&seen](const Difference &d) {
            const auto id = std::pair(std::pair(d.a.source(), d.a.timestamp()),
                                      std::pair(d.b.source(), d.b.timestamp()));
            if (seen.contains(id))
                return true;
            seen.insert(id);
            return false;
        });
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
