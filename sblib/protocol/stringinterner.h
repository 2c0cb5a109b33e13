// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>

namespace sb {

// Hands out one shared QString for each UTF-8 text among those seen lately. A
// stream reads a million updates from a handful of sources: each source id is
// converted and allocated once, and the replica gets the same QString every
// time, which it compares and hashes cheaply.
class StringInterner
{
public:
    QString intern(QByteArrayView utf8);
    // Makes intern() hand out string for its text, so that ids read later
    // share their text with string.
    void add(const QString &string);

    // Two ways per set, so that two ids falling in one set do not evict each
    // other on every update; a miss just converts again.
    static constexpr size_t kSets = 128;

private:
    struct Slot
    {
        QByteArray utf8;
        QString string;
    };
    Slot *find(QByteArrayView utf8, size_t set);
    Slot &replace(size_t set);

    std::array<Slot, 2 * kSets> m_slots;
    std::array<quint8, kSets> m_lastHit{}; // the way to keep when replacing
};

} // namespace sb
