// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <vector>

namespace sb {

// Numbers the sources of a replica's updates 0, 1, 2, ... in the order they
// are first seen, so that what a replica stores per update (and the history
// refs it hands to streams) carries four bytes rather than a source id.
// Model's store and Events number their sources here.
class SourceNumbers
{
public:
    // The number standing for source, allotted on first sight.
    quint32 number(const QString &source);
    // The number of a source already numbered.
    quint32 numberOf(const QString &source) const;
    // The number of source, or -1 when it has none.
    qsizetype find(const QString &source) const;

    const QString &id(quint32 number) const { return m_ids[number]; }
    // The source id as a JSON string token, as history lines carry it.
    QByteArrayView token(quint32 number) const { return m_tokens[number]; }
    qsizetype size() const { return qsizetype(m_ids.size()); }
    const std::vector<QString> &ids() const { return m_ids; }

private:
    // Streams hand over one shared QString per source, and a replica has few
    // sources: the same text at the same address is the same id, found
    // without hashing. (The QString held keeps that memory from being reused.)
    qsizetype findShared(const QString &source) const;

    std::vector<QString> m_ids;
    std::vector<QByteArray> m_tokens;
    QHash<QString, quint32> m_numbers;
};

} // namespace sb
