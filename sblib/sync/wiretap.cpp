// SPDX-License-Identifier: MIT
#include "wiretap.h"

#include <QElapsedTimer>

namespace sb {

qint64 WireLine::now()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer started;
        started.start();
        return started;
    }();
    return clock.nsecsElapsed();
}

QString WireLine::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Digest:
        return QStringLiteral("digest");
    case Kind::History:
        return QStringLiteral("history");
    case Kind::Sync:
        return QStringLiteral("sync");
    case Kind::Live:
        return QStringLiteral("live");
    case Kind::Unreadable:
        return QStringLiteral("unreadable");
    }
    return {};
}

QString WireLine::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::None:
        return {};
    case Outcome::Applied:
        return QStringLiteral("applied");
    case Outcome::OldData:
        return QStringLiteral("old data");
    case Outcome::NotApplied:
        return QStringLiteral("not applied");
    case Outcome::Unverified:
        return QStringLiteral("unverified");
    case Outcome::Rejected:
        return QStringLiteral("rejected");
    case Outcome::Refused:
        return QStringLiteral("refused");
    }
    return {};
}

QString WireLine::directionName(Direction direction)
{
    return direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out");
}

} // namespace sb
