// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "result.h"
#include "scuttlebutt.h"
#include "update.h"

#include <QList>
#include <QString>

namespace sb {

// What two replicas of one type hold that the other does not: sbpeer diff's
// answer, made without I/O so that a test can hand it any two replicas. For a
// Model an entry is a key's held update (a deleted key is held as its null
// update, which replicates like any other); for a Doc it is a row's field,
// held by the update that set it (an update setting several fields that
// differ is listed once); for Events and every other type it is one held
// update, known by its source and stamp (an event log never replaces an
// event). Each
// clock is the replica's own unless one is given: a peer's digest may name
// sources whose every update was since superseded.
class ReplicaDiff
{
public:
    // Which side scuttlebutt's rule (Model::applyUpdate) keeps when the two
    // updates meet: the later timestamp, then the greater source id; the
    // same stamp and source (or an event) is kept by each side as it is.
    enum class Winner { A, B, Neither };

    struct Difference
    {
        Update a;
        Update b;
        Winner winner = Winner::Neither;
        QString rule; // "later timestamp", in words a person reads
    };

    // One source of either clock; a side without it has -infinity.
    struct ClockRow
    {
        QString source;
        double a;
        double b;
        bool inA() const;
        bool inB() const;
        bool differs() const { return a != b; }
    };

    // Refuses replicas of different types (a Model and an Events log).
    static Result<ReplicaDiff> compare(const Scuttlebutt &a, const Scuttlebutt &b);
    static Result<ReplicaDiff> compare(const Scuttlebutt &a, const Clock &clockA,
                                       const Scuttlebutt &b, const Clock &clockB);

    // What a comparison needs of one replica, copied so that it can be
    // compared on another thread while the replica goes on changing.
    struct Snapshot
    {
        QString type; // Scuttlebutt::typeName()
        QList<Update> history;
        Clock clock; // the given clock with the replica's own
        static Snapshot of(const Scuttlebutt &replica, const Clock &clock);
    };
    // Two snapshots of one type; touches no replica.
    static ReplicaDiff compare(const Snapshot &a, const Snapshot &b);

    // The winner of two updates for one key, and the rule that says so.
    static std::pair<Winner, QString> decide(const Update &a, const Update &b);

    // Model: by key; other types: by stamp, then source.
    const QList<Update> &onlyInA() const { return m_onlyInA; }
    const QList<Update> &onlyInB() const { return m_onlyInB; }
    const QList<Difference> &different() const { return m_different; }
    // Every source of either clock, by source id.
    const QList<ClockRow> &clocks() const { return m_clocks; }
    bool clocksDiffer() const;
    // Nothing held differs and the clocks agree.
    bool isEqual() const;

private:
    QList<Update> m_onlyInA;
    QList<Update> m_onlyInB;
    QList<Difference> m_different;
    QList<ClockRow> m_clocks;
};

} // namespace sb
