// SPDX-License-Identifier: MIT
#pragma once

#include "provenanceentry.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <deque>
#include <memory>
#include <vector>

namespace sb {

class ProvenanceRing;

// Where each key's value came from, within bounds: every update seen goes
// into a ring of the most recent ones (recentCapacity), and the keys someone
// watches (the selected key of a view, up to kMaxWatchedKeys) keep every
// update of their own, up to perKeyCapacity, the newest. A full sync of a
// million keys thus costs a ring slot per update and holds at most
// recentCapacity updates; a watched key keeps its history however busy the
// session. The rule that decides between two updates is ReplicaDiff's.
class KeyProvenance
{
public:
    static constexpr qsizetype kDefaultRecentCapacity = 50'000;
    static constexpr qsizetype kDefaultPerKeyCapacity = 1'000;
    static constexpr qsizetype kMaxWatchedKeys = 32;

    explicit KeyProvenance(qsizetype recentCapacity = kDefaultRecentCapacity,
                           qsizetype perKeyCapacity = kDefaultPerKeyCapacity);
    ~KeyProvenance();
    KeyProvenance(const KeyProvenance &) = delete;
    KeyProvenance &operator=(const KeyProvenance &) = delete;

    // Forgets everything, for a new replica, whose held updates came from heldOrigin.
    void clear(ProvenanceEntry::Origin heldOrigin);
    ProvenanceEntry::Origin heldOrigin() const { return m_heldOrigin; }
    // When the record began, on WireLine::now()'s clock.
    qint64 startNanoseconds() const { return m_startNs; }

    // Keeps entry, numbering it.
    void record(ProvenanceEntry entry);

    // From now on keeps every update for the key (the JSON token, quotes
    // included), starting from those the ring still holds, and held (what the
    // replica holds for it) when the ring no longer does. Watching more than
    // kMaxWatchedKeys lets the one watched longest ago go.
    void watch(QByteArrayView keyToken, const Update &held = {});
    bool isWatched(QByteArrayView keyToken) const;

    // The updates kept for the key, newest first. When held (what the replica
    // holds for it) is not among them, it is added last, as held since the
    // file was opened or from before what is still kept.
    QList<ProvenanceEntry> history(QByteArrayView keyToken, const Update &held) const;
    // Grows when an update for the watched key is recorded; 0 for another key.
    qint64 revision(QByteArrayView keyToken) const;

    // "Why this value": the rule (ReplicaDiff::decide) that made held win
    // over the strongest update it met, in one line.
    static QString whyHeld(const QList<ProvenanceEntry> &history, const Update &held);
    // Why an entry is not, or is no longer, the value, in one line.
    static QString explain(const ProvenanceEntry &entry, const Update &held);

    qint64 recordedCount() const { return m_recorded; }
    // Recorded, then pushed out of the ring by newer updates.
    qint64 droppedCount() const { return m_dropped; }
    qsizetype recentCount() const;
    qsizetype recentCapacity() const;
    qsizetype perKeyCapacity() const { return m_perKeyCapacity; }

private:
    struct Watched
    {
        QByteArray keyToken;
        std::deque<ProvenanceEntry> entries; // oldest first
        qint64 revision = 0;
        qint64 lastWatched = 0;
        bool complete = true; // nothing seen for the key was let go
    };
    Watched *findWatched(QByteArrayView keyToken);
    const Watched *findWatched(QByteArrayView keyToken) const;
    void keep(Watched &watched, const ProvenanceEntry &entry) const;
    // An entry for held, which came from where the replica's first updates
    // did when nothing seen for the key was let go.
    ProvenanceEntry heldEntry(const Update &held, bool complete) const;

    qsizetype m_perKeyCapacity;
    std::unique_ptr<ProvenanceRing> m_recent;
    std::vector<Watched> m_watched;
    qint64 m_recorded = 0;
    qint64 m_dropped = 0;
    qint64 m_watches = 0;
    qint64 m_startNs;
    ProvenanceEntry::Origin m_heldOrigin = ProvenanceEntry::Origin::Unrecorded;
};

} // namespace sb
