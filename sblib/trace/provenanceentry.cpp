// SPDX-License-Identifier: MIT
#include "provenanceentry.h"

namespace sb {

ProvenanceEntry::Fate ProvenanceEntry::fate(const Update &held) const
{
    switch (outcome) {
    case Outcome::Applied:
        return isHeld(held) ? Fate::Current : Fate::Superseded;
    case Outcome::OldData:
    case Outcome::NotApplied:
        return Fate::OldData;
    case Outcome::Unverified:
    case Outcome::Rejected:
        break;
    }
    return Fate::Rejected;
}

QString ProvenanceEntry::originName(Origin origin)
{
    switch (origin) {
    case Origin::Peer:
        return QStringLiteral("peer");
    case Origin::LocalEdit:
        return QStringLiteral("local edit");
    case Origin::FileLoad:
        return QStringLiteral("file load");
    case Origin::TraceReplay:
        return QStringLiteral("trace replay");
    case Origin::Unrecorded:
        break;
    }
    return QStringLiteral("no longer recorded");
}

QString ProvenanceEntry::fateName(Fate fate)
{
    switch (fate) {
    case Fate::Current:
        return QStringLiteral("current");
    case Fate::Superseded:
        return QStringLiteral("superseded");
    case Fate::OldData:
        return QStringLiteral("old data");
    case Fate::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

} // namespace sb
