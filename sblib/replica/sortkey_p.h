// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace sb {

// The strings npm `between` (0.1.3) makes for crdt's sequences: a key that
// sorts between two others, so that an item moves by rewriting only its own
// _sort field. Keys use 64 characters, '!' (lowest) to '~' (highest), and
// never end in '!', so that there is always room for another between two.
class SortKey
{
public:
    static constexpr QChar kLowest = u'!';
    static constexpr QChar kHighest = u'~';

    // between(a, b) of npm between: the shortest key found by halving that
    // sorts after a and before b, or nothing when a does not sort before b.
    static std::optional<QString> between(const QString &a, const QString &b);
    // length random key characters, the tail crdt adds so that two peers
    // inserting at one place at once make different keys.
    static QString randomTail(int length);
};

} // namespace sb
