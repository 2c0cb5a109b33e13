// SPDX-License-Identifier: MIT
#include "stringinterner.h"

#include <cstring>

namespace sb {

namespace {
// A cache, not a table: a cheap mix of the length and the last bytes does,
// since ids that collide cost a conversion, not a wrong answer.
size_t setOf(QByteArrayView utf8)
{
    quint64 tail = 0;
    const qsizetype n = qMin<qsizetype>(utf8.size(), 8);
    if (n > 0)
        std::memcpy(&tail, utf8.data() + utf8.size() - n, size_t(n));
    // The top bits of the product depend on every bit of tail.
    const quint64 mixed = (tail ^ quint64(utf8.size())) * Q_UINT64_C(0x9E3779B97F4A7C15);
    static_assert(StringInterner::kSets == 128);
    return size_t(mixed >> 57);
}
} // namespace

StringInterner::Slot *StringInterner::find(QByteArrayView utf8, size_t set)
{
    for (size_t way = 0; way < 2; ++way) {
        Slot &slot = m_slots[2 * set + way];
        if (!slot.utf8.isNull() && slot.utf8 == utf8) {
            m_lastHit[set] = quint8(way);
            return &slot;
        }
    }
    return nullptr;
}

StringInterner::Slot &StringInterner::replace(size_t set)
{
    const size_t way = 1 - m_lastHit[set];
    m_lastHit[set] = quint8(way);
    return m_slots[2 * set + way];
}

void StringInterner::add(const QString &string)
{
    const QByteArray utf8 = string.toUtf8();
    const size_t set = setOf(utf8);
    Slot *slot = find(utf8, set);
    if (!slot)
        slot = &replace(set);
    slot->utf8 = utf8;
    slot->string = string;
}

QString StringInterner::intern(QByteArrayView utf8)
{
    const size_t set = setOf(utf8);
    if (const Slot *slot = find(utf8, set))
        return slot->string;
    Slot &slot = replace(set);
    slot.utf8 = utf8.toByteArray();
    slot.string = QString::fromUtf8(utf8);
    return slot.string;
}

} // namespace sb
