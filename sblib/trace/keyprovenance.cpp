// SPDX-License-Identifier: MIT
#include "keyprovenance.h"

#include "provenancering_p.h"

#include "jsoncodec.h"
#include "replicadiff.h"
#include "wiretap.h"

#include <algorithm>

namespace sb {

namespace {
using Origin = ProvenanceEntry::Origin;
using Outcome = ProvenanceEntry::Outcome;

QString stamp(const Update &update)
{
    return QString::fromLatin1(JsonCodec::numberToString(update.timestamp()));
}

// "SOURCE's update of STAMP (peer NAME)"
QString describe(const ProvenanceEntry &entry)
{
    const QString from = entry.origin == Origin::Peer ? QStringLiteral("from %1").arg(entry.peer)
                                                      : ProvenanceEntry::originName(entry.origin);
    return QStringLiteral("%1's update of %2 (%3)")
            .arg(entry.update.source(), stamp(entry.update), from);
}

// The update held lost to or beat by the rule: applied once, or refused for it.
bool competed(const ProvenanceEntry &entry)
{
    return entry.outcome == Outcome::Applied || entry.outcome == Outcome::NotApplied;
}
} // namespace

KeyProvenance::KeyProvenance(qsizetype recentCapacity, qsizetype perKeyCapacity)
    : m_perKeyCapacity(std::max<qsizetype>(1, perKeyCapacity)),
      m_recent(std::make_unique<ProvenanceRing>(recentCapacity)), m_startNs(WireLine::now())
{ }

KeyProvenance::~KeyProvenance() = default;

qsizetype KeyProvenance::recentCount() const
{
    return qsizetype(m_recent->size());
}

qsizetype KeyProvenance::recentCapacity() const
{
    return m_recent->capacity();
}

void KeyProvenance::clear(Origin heldOrigin)
{
    m_recent->clear();
    m_watched.clear();
    m_recorded = 0;
    m_dropped = 0;
    m_heldOrigin = heldOrigin;
    m_startNs = WireLine::now();
}

void KeyProvenance::record(ProvenanceEntry entry)
{
    entry.sequence = ++m_recorded;
    if (!m_watched.empty()) {
        if (Watched *watched = findWatched(entry.update.keyToken()))
            keep(*watched, entry);
    }
    if (m_recent->push(entry))
        ++m_dropped;
}

void KeyProvenance::keep(Watched &watched, const ProvenanceEntry &entry) const
{
    watched.entries.push_back(entry);
    watched.revision = entry.sequence;
    if (qsizetype(watched.entries.size()) > m_perKeyCapacity) {
        watched.entries.pop_front();
        watched.complete = false;
    }
}

KeyProvenance::Watched *KeyProvenance::findWatched(QByteArrayView keyToken)
{
    // A handful of keys: a scan is cheaper than hashing every update's key.
    for (Watched &watched : m_watched) {
        if (watched.keyToken == keyToken)
            return &watched;
    }
    return nullptr;
}

const KeyProvenance::Watched *KeyProvenance::findWatched(QByteArrayView keyToken) const
{
    return const_cast<KeyProvenance *>(this)->findWatched(keyToken);
}

bool KeyProvenance::isWatched(QByteArrayView keyToken) const
{
    return findWatched(keyToken) != nullptr;
}

void KeyProvenance::watch(QByteArrayView keyToken, const Update &held)
{
    if (Watched *watched = findWatched(keyToken)) {
        watched->lastWatched = ++m_watches;
        return;
    }
    if (qsizetype(m_watched.size()) >= kMaxWatchedKeys) {
        m_watched.erase(std::min_element(
                m_watched.begin(), m_watched.end(),
                [](const Watched &a, const Watched &b) { return a.lastWatched < b.lastWatched; }));
    }
    Watched watched;
    watched.keyToken = keyToken.toByteArray();
    watched.lastWatched = ++m_watches;
    watched.complete = m_dropped == 0;
    for (size_t i = 0; i < m_recent->size(); ++i) {
        if (m_recent->keyTokenAt(i) == keyToken)
            keep(watched, m_recent->at(i));
    }
    const bool heldIsKept = std::any_of(
            watched.entries.cbegin(), watched.entries.cend(), [&](const ProvenanceEntry &entry) {
                return entry.outcome == Outcome::Applied && entry.isHeld(held);
            });
    if (held.isValid() && !heldIsKept)
        watched.entries.push_front(heldEntry(held, watched.complete));
    m_watched.push_back(std::move(watched));
}

qint64 KeyProvenance::revision(QByteArrayView keyToken) const
{
    const Watched *watched = findWatched(keyToken);
    return watched ? watched->revision : 0;
}

QList<ProvenanceEntry> KeyProvenance::history(QByteArrayView keyToken, const Update &held) const
{
    QList<ProvenanceEntry> result;
    bool complete = m_dropped == 0;
    if (const Watched *watched = findWatched(keyToken)) {
        complete = watched->complete;
        result.reserve(qsizetype(watched->entries.size()) + 1);
        for (auto it = watched->entries.rbegin(); it != watched->entries.rend(); ++it)
            result.append(*it);
    } else {
        for (size_t i = m_recent->size(); i-- > 0;) {
            if (m_recent->keyTokenAt(i) == keyToken)
                result.append(m_recent->at(i));
        }
    }
    const bool heldIsKept
            = std::any_of(result.cbegin(), result.cend(), [&](const ProvenanceEntry &e) {
                  return e.outcome == Outcome::Applied && e.isHeld(held);
              });
    if (held.isValid() && !heldIsKept)
        result.append(heldEntry(held, complete));
    return result;
}

ProvenanceEntry KeyProvenance::heldEntry(const Update &held, bool complete) const
{
    ProvenanceEntry entry;
    entry.update = held;
    entry.origin = complete ? m_heldOrigin : Origin::Unrecorded;
    entry.outcome = Outcome::Applied;
    return entry;
}

QString KeyProvenance::whyHeld(const QList<ProvenanceEntry> &history, const Update &held)
{
    if (!held.isValid())
        return QStringLiteral("No update for this key is held.");
    const ProvenanceEntry *current = nullptr;
    const ProvenanceEntry *strongest = nullptr;
    qsizetype dropped = 0;
    for (const ProvenanceEntry &entry : history) {
        if (entry.outcome == Outcome::Applied && entry.isHeld(held)) {
            current = &entry;
        } else if (!competed(entry)) {
            ++dropped;
        } else if (!strongest
                   || ReplicaDiff::decide(entry.update, strongest->update).first
                           == ReplicaDiff::Winner::A) {
            strongest = &entry;
        }
    }
    const QString holder = current
            ? describe(*current)
            : QStringLiteral("%1's update of %2").arg(held.source(), stamp(held));
    if (!strongest) {
        if (current && current->origin == Origin::FileLoad)
            return QStringLiteral("%1: held since the file was opened; no other update for "
                                  "this key was applied this session.")
                    .arg(holder);
        if (current && current->origin == Origin::Unrecorded)
            return QStringLiteral("%1: held from before the updates still recorded.").arg(holder);
        return dropped == 0
                ? QStringLiteral("%1: the only update for this key seen this session.").arg(holder)
                : QStringLiteral("%1: the only update for this key applied this session (%2 "
                                 "more dropped).")
                          .arg(holder)
                          .arg(dropped);
    }
    const auto [winner, rule] = ReplicaDiff::decide(held, strongest->update);
    if (winner != ReplicaDiff::Winner::A)
        return QStringLiteral("%1 is held; by the rules %2 would win (%3).")
                .arg(holder, describe(*strongest), rule);
    return QStringLiteral("%1 wins over %2: %3.").arg(holder, describe(*strongest), rule);
}

QString KeyProvenance::explain(const ProvenanceEntry &entry, const Update &held)
{
    switch (entry.fate(held)) {
    case ProvenanceEntry::Fate::Current:
        return QStringLiteral("the value the key holds");
    case ProvenanceEntry::Fate::Superseded:
    case ProvenanceEntry::Fate::OldData:
        if (entry.outcome == Outcome::OldData)
            return QStringLiteral("old data: the replica had seen %1 up to this stamp or later")
                    .arg(entry.update.source());
        if (held.isValid())
            return QStringLiteral("%1 %2's update of %3: %4")
                    .arg(entry.outcome == Outcome::Applied ? QStringLiteral("superseded by")
                                                           : QStringLiteral("lost to"),
                         held.source(), stamp(held),
                         ReplicaDiff::decide(held, entry.update).second);
        return QStringLiteral("superseded");
    case ProvenanceEntry::Fate::Rejected:
        break;
    }
    return entry.reason.isEmpty() ? QStringLiteral("rejected") : entry.reason;
}

} // namespace sb
