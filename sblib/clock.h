#pragma once

#include "jsonvalue.h"
#include "result.h"

#include <QHash>
#include <QString>

#include <vector>

namespace sb {

class Update;

// A vector clock: for each source, the latest timestamp held. It enumerates
// sources in JavaScript property order so that a digest we write is the one
// node would write for the same clock.
class Clock
{
public:
    bool contains(const QString &source) const { return m_latest.contains(source); }
    // The latest timestamp held for source, or -infinity when none.
    double latest(const QString &source) const;
    void set(const QString &source, double timestamp);
    // Raises source to timestamp if that is newer; returns whether it did.
    bool advance(const QString &source, double timestamp);
    // True when this clock lacks update: the "filter" of npm scuttlebutt.
    bool lacks(const Update &update) const;

    qsizetype size() const { return m_latest.size(); }
    bool isEmpty() const { return m_latest.isEmpty(); }
    // Sources in JavaScript property order.
    QStringList sources() const;

    JsonObject toJson() const;
    // Accepts an object of finite numbers; anything else is refused with a reason.
    static Result<Clock> fromJson(const JsonValue &value);

    bool operator==(const Clock &other) const { return m_latest == other.m_latest; }
    bool operator!=(const Clock &other) const { return !(*this == other); }

private:
    QHash<QString, double> m_latest;
    std::vector<QString> m_insertionOrder;
};

} // namespace sb
