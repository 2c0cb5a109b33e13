// SPDX-License-Identifier: MIT
#include "modelstore.h"

#include "jsoncodec.h"

#include <QHashFunctions>

#include <cstring>

namespace sb {

namespace {
constexpr size_t kInitialSlots = 16;

// Copies bytes to out and returns the end; an empty view may have no data at all.
char *put(char *out, QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        std::memcpy(out, bytes.data(), size_t(bytes.size()));
    return out + bytes.size();
}

// Linear probing stays short below this load; above it the index doubles.
constexpr size_t kMaxLoadPercent = 60;
// Compaction waits for this much garbage, so small models never bother.
constexpr qsizetype kMinGarbage = 64 * 1024;
} // namespace

// Keys come from remote peers: a per-process seed keeps them from choosing
// keys that collide.
ModelStore::ModelStore() : m_slots(kInitialSlots, Slot{0, 0}), m_seed(QHashSeed::globalSeed()) { }

QByteArrayView ModelStore::keyToken(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.constData() + e.offset, e.keyLength);
}

QByteArrayView ModelStore::value(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.constData() + e.offset + e.keyLength, e.valueLength);
}

QByteArrayView ModelStore::signatureToken(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.constData() + e.offset + e.keyLength + e.valueLength,
                          e.signatureLength);
}

bool ModelStore::isDelete(qsizetype index) const
{
    const QByteArrayView text = value(index);
    return text.isEmpty() || text == "null";
}

size_t ModelStore::hash(QByteArrayView keyToken) const
{
    if (keyToken == QByteArrayView(m_prefetchedKey) && !m_prefetchedKey.isNull())
        return m_prefetchedHash;
    return qHash(keyToken, m_seed);
}

void ModelStore::prefetch(QByteArrayView keyToken) const
{
    m_prefetchedHash = qHash(keyToken, m_seed);
    // Copied into the same buffer each time: no allocation per line.
    m_prefetchedKey.resize(keyToken.size());
    std::memcpy(m_prefetchedKey.data(), keyToken.data(), size_t(keyToken.size()));
    __builtin_prefetch(&m_slots[slotHash(m_prefetchedHash) & (m_slots.size() - 1)]);
}

qsizetype ModelStore::find(QByteArrayView keyToken, size_t hash) const
{
    const quint32 wanted = slotHash(hash);
    const size_t mask = m_slots.size() - 1;
    for (size_t position = wanted & mask;; position = (position + 1) & mask) {
        const Slot &slot = m_slots[position];
        if (slot.entry == 0)
            return -1;
        if (slot.hash == wanted && this->keyToken(slot.entry - 1) == keyToken)
            return slot.entry - 1;
    }
}

char *ModelStore::grow(qsizetype bytes)
{
    const qsizetype offset = m_arena.size();
    if (offset + bytes > m_arena.capacity())
        m_arena.reserve(qMax(offset + bytes, 2 * m_arena.capacity()));
    m_arena.resize(offset + bytes);
    return m_arena.data() + offset;
}

qsizetype ModelStore::insert(QByteArrayView keyToken, size_t hash, QByteArrayView value,
                             double timestamp, quint32 source, QByteArrayView signatureToken)
{
    if ((m_entries.size() + 1) * 100 > qsizetype(m_slots.size() * kMaxLoadPercent))
        growIndex();
    const Entry entry{
            m_arena.size(), quint32(keyToken.size()),      quint32(value.size()), timestamp,
            source,         quint32(signatureToken.size())};
    char *out = grow(keyToken.size() + value.size() + signatureToken.size());
    put(put(put(out, keyToken), value), signatureToken);
    const qsizetype index = m_entries.size();
    m_entries.append(entry);

    const quint32 stored = slotHash(hash);
    const size_t mask = m_slots.size() - 1;
    size_t position = stored & mask;
    while (m_slots[position].entry != 0)
        position = (position + 1) & mask;
    m_slots[position] = Slot{quint32(index + 1), stored};
    return index;
}

void ModelStore::replace(qsizetype index, QByteArrayView value, double timestamp, quint32 source,
                         QByteArrayView signatureToken)
{
    Entry &entry = m_entries[index];
    const qsizetype oldTail = qsizetype(entry.valueLength) + entry.signatureLength;
    const qsizetype newTail = value.size() + signatureToken.size();
    if (newTail <= oldTail) {
        // Fits where the old value was: the bytes it leaves unused are garbage.
        put(put(m_arena.data() + entry.offset + entry.keyLength, value), signatureToken);
        m_garbage += oldTail - newTail;
    } else {
        const qsizetype keyLength = entry.keyLength;
        const qsizetype oldOffset = entry.offset;
        char *out = grow(keyLength + newTail); // may move the arena: offsets stay valid
        std::memcpy(out, m_arena.constData() + oldOffset, size_t(keyLength));
        put(put(out + keyLength, value), signatureToken);
        m_garbage += keyLength + oldTail;
        entry.offset = m_arena.size() - keyLength - newTail;
    }
    entry.valueLength = quint32(value.size());
    entry.signatureLength = quint32(signatureToken.size());
    entry.timestamp = timestamp;
    entry.source = source;
    compactIfWasteful();
}

void ModelStore::growIndex()
{
    std::vector<Slot> table(m_slots.size() * 2, Slot{0, 0});
    const size_t mask = table.size() - 1;
    for (const Slot &slot : m_slots) {
        if (slot.entry == 0)
            continue;
        size_t position = slot.hash & mask;
        while (table[position].entry != 0)
            position = (position + 1) & mask;
        table[position] = slot;
    }
    m_slots = std::move(table);
}

void ModelStore::compactIfWasteful()
{
    if (m_garbage < kMinGarbage || m_garbage * 2 < m_arena.size())
        return;
    QByteArray arena;
    arena.reserve(m_arena.size() - m_garbage);
    for (Entry &entry : m_entries) {
        const qsizetype length
                = qsizetype(entry.keyLength) + entry.valueLength + entry.signatureLength;
        const qsizetype offset = arena.size();
        arena.append(m_arena.constData() + entry.offset, length);
        entry.offset = offset;
    }
    m_arena = std::move(arena);
    m_garbage = 0;
}

} // namespace sb
