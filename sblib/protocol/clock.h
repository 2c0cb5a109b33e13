// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"
#include "result.h"

#include <QHash>
#include <QString>

#include <array>
#include <vector>

namespace sb {

class Update;

// A vector clock: for each source, the latest timestamp held. It enumerates
// sources in JavaScript property order so that a digest we write is the one
// node would write for the same clock.
class Clock
{
public:
    Clock();

    bool contains(const QString &source) const { return indexOf(source) >= 0; }
    // The latest timestamp held for source, or -infinity when none.
    double latest(const QString &source) const;
    void set(const QString &source, double timestamp);
    // Raises source to timestamp if that is newer; returns whether it did.
    bool advance(const QString &source, double timestamp);
    // True when this clock lacks update: the "filter" of npm scuttlebutt.
    bool lacks(const Update &update) const;

    qsizetype size() const { return qsizetype(m_sources.size()); }
    bool isEmpty() const { return m_sources.empty(); }
    // Sources in JavaScript property order.
    QStringList sources() const;

    JsonObject toJson() const;
    // Accepts an object of finite numbers; anything else is refused with a reason.
    static Result<Clock> fromJson(const JsonValue &value);

    bool operator==(const Clock &other) const;
    bool operator!=(const Clock &other) const { return !(*this == other); }

private:
    qsizetype indexOf(const QString &source) const;
    qsizetype lookUp(const QString &source); // indexOf(), remembering where the source sits
    qsizetype add(const QString &source, double timestamp);

    QHash<QString, qsizetype> m_index; // into the two vectors below
    std::vector<QString> m_sources;    // in insertion order
    std::vector<double> m_latest;
    // Where sources recently set sit, found by the address of their text: a
    // stream hands over the same shared QString for every update of a source,
    // and every update is looked up several times, so comparing an address
    // saves hashing the id each time. A source missing from the table is looked
    // for among the first kScanned by address, and then hashed.
    static constexpr size_t kScanned = 16;
    std::array<qsizetype, 64> m_recent;
};

} // namespace sb
