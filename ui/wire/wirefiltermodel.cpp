// SPDX-License-Identifier: MIT
#include "wirefiltermodel.h"

#include "wiremodel.h"

using sb::WireLine;

namespace {

bool kindMatches(WireFilterModel::Kinds kinds, const WireEntry &entry)
{
    using Kinds = WireFilterModel::Kinds;
    switch (kinds) {
    case Kinds::All:
        return true;
    case Kinds::Digests:
        return entry.kind == WireLine::Kind::Digest;
    case Kinds::Updates:
        return entry.kind == WireLine::Kind::History || entry.kind == WireLine::Kind::Live;
    case Kinds::History:
        return entry.kind == WireLine::Kind::History;
    case Kinds::Live:
        return entry.kind == WireLine::Kind::Live;
    case Kinds::Sync:
        return entry.kind == WireLine::Kind::Sync;
    case Kinds::Problems:
        return entry.kind == WireLine::Kind::Unreadable
                || entry.outcome == WireLine::Outcome::Rejected
                || entry.outcome == WireLine::Outcome::Refused
                || entry.outcome == WireLine::Outcome::Unverified;
    }
    return true;
}

bool containsAll(const QString &text, const QStringList &words)
{
    for (const QString &word : words) {
        if (!text.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace

WireFilterModel::WireFilterModel(QObject *parent) : QSortFilterProxyModel(parent) { }

void WireFilterModel::setPeer(const QString &peer)
{
    if (peer == m_peer)
        return;
    m_peer = peer;
    invalidateRowsFilter();
}

void WireFilterModel::setKinds(Kinds kinds)
{
    if (kinds == m_kinds)
        return;
    m_kinds = kinds;
    invalidateRowsFilter();
}

void WireFilterModel::setSearch(const QString &search)
{
    if (search == m_search)
        return;
    m_search = search;
    m_keys.clear();
    m_sources.clear();
    m_words.clear();
    for (const QString &word : search.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.startsWith(QLatin1String("key:")) && word.size() > 4)
            m_keys.append(word.mid(4));
        else if (word.startsWith(QLatin1String("source:")) && word.size() > 7)
            m_sources.append(word.mid(7));
        else
            m_words.append(word);
    }
    invalidateRowsFilter();
}

bool WireFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto *wire = static_cast<const WireModel *>(sourceModel());
    const WireEntry &entry = wire->entryAt(sourceRow);
    if (!m_peer.isEmpty() && wire->peerName(entry.peer) != m_peer)
        return false;
    if (!kindMatches(m_kinds, entry))
        return false;
    // The cheap tests first: parsing a line for its key or source comes last.
    if (!m_words.isEmpty()) {
        QString text = QString::fromUtf8(entry.bytes());
        if (!entry.reason.isEmpty())
            text += QLatin1Char('\n') + entry.reason;
        if (!containsAll(text, m_words))
            return false;
    }
    if (!m_keys.isEmpty() && !containsAll(WireModel::keyOf(entry), m_keys))
        return false;
    if (!m_sources.isEmpty() && !containsAll(WireModel::sourceOf(entry), m_sources))
        return false;
    return true;
}
