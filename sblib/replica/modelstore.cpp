// SPDX-License-Identifier: MIT
#include "modelstore_p.h"

#include "jsoncodec.h"
#include "largememory_p.h"

#include <QHashFunctions>

#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

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
// Slots of the old table moved at each insert while the index grows: the move
// ends long before the new table is due to grow in its turn (after 0.6 times
// the old table's size in inserts), so at most two tables exist at once.
constexpr size_t kSlotsMovedPerInsert = 8;
// Compaction waits for this much garbage, so small models never bother.
constexpr qsizetype kMinGarbage = 64 * 1024;
} // namespace

// Keys come from remote peers: a per-process seed keeps them from choosing
// keys that collide.
ModelStore::ModelStore()
    : m_slots(makeSlots(kInitialSlots)), m_slotCount(kInitialSlots), m_seed(QHashSeed::globalSeed())
{ }

void ModelStore::FreeSlots::operator()(Slot *table) const
{
    std::free(table);
}

ModelStore::SlotTable ModelStore::makeSlots(size_t count)
{
    // Zero bytes are free table ({0, 0}); Slot is a plain struct.
    static_assert(std::is_trivial_v<Slot>);
    auto *table = static_cast<Slot *>(std::calloc(count, sizeof(Slot)));
    Q_CHECK_PTR(table);
    LargeMemory::adviseHugePages(table, count * sizeof(Slot));
    return SlotTable(table);
}

QByteArrayView ModelStore::keyToken(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.data() + e.offset, e.keyLength);
}

QByteArrayView ModelStore::value(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.data() + e.offset + e.keyLength, e.valueLength);
}

QByteArrayView ModelStore::signatureToken(qsizetype index) const
{
    const Entry &e = m_entries[index];
    return QByteArrayView(m_arena.data() + e.offset + e.keyLength + e.valueLength,
                          e.signatureLength);
}

bool ModelStore::isDelete(qsizetype index) const
{
    const QByteArrayView text = value(index);
    return text.isEmpty() || text == "null";
}

size_t ModelStore::hash(QByteArrayView keyToken) const
{
    // The one before last first: that is the line a stream takes in.
    for (const Prefetched *prefetched : {&m_prefetched[1], &m_prefetched[0]}) {
        if (prefetched->key.size() == keyToken.size() && !prefetched->key.isNull()
            && std::memcmp(prefetched->key.constData(), keyToken.data(), size_t(keyToken.size()))
                    == 0)
            return prefetched->hash;
    }
    return qHash(keyToken, m_seed);
}

void ModelStore::prefetch(QByteArrayView keyToken) const
{
    // The key asked for last moves to the second place: a stream prefetches
    // the next line's key just before it takes in the line whose key it
    // prefetched the time before.
    std::swap(m_prefetched[0], m_prefetched[1]);
    Prefetched &latest = m_prefetched[0];
    latest.hash = qHash(keyToken, m_seed);
    // Copied into the same buffers each time: no allocation per line.
    latest.key.resize(keyToken.size());
    std::memcpy(latest.key.data(), keyToken.data(), size_t(keyToken.size()));
    __builtin_prefetch(&m_slots[slotHash(latest.hash) & (m_slotCount - 1)]);
    if (m_oldSlotCount > 0)
        __builtin_prefetch(&m_oldSlots[slotHash(latest.hash) & (m_oldSlotCount - 1)]);
}

qsizetype ModelStore::findIn(const Slot *table, size_t count, quint32 wanted,
                             QByteArrayView keyToken, const ModelStore &store)
{
    const size_t mask = count - 1;
    for (size_t position = wanted & mask;; position = (position + 1) & mask) {
        const Slot &slot = table[position];
        if (slot.entry == 0)
            return -1;
        if (slot.hash == wanted && store.keyToken(slot.entry - 1) == keyToken)
            return slot.entry - 1;
    }
}

qsizetype ModelStore::find(QByteArrayView keyToken, size_t hash) const
{
    const quint32 wanted = slotHash(hash);
    const qsizetype found = findIn(m_slots.get(), m_slotCount, wanted, keyToken, *this);
    if (found >= 0 || m_oldSlotCount == 0)
        return found;
    return findIn(m_oldSlots.get(), m_oldSlotCount, wanted, keyToken, *this);
}

void ModelStore::place(Slot *table, size_t count, Slot slot)
{
    const size_t mask = count - 1;
    size_t position = slot.hash & mask;
    while (table[position].entry != 0)
        position = (position + 1) & mask;
    table[position] = slot;
}

qsizetype ModelStore::insert(QByteArrayView keyToken, size_t hash, QByteArrayView value,
                             double timestamp, quint32 source, QByteArrayView signatureToken)
{
    if (m_oldSlotCount > 0)
        migrateSlots();
    if ((m_entries.size() + 1) * 100 > qsizetype(m_slotCount * kMaxLoadPercent))
        growIndex();
    const Entry entry{
            m_arena.size(), quint32(keyToken.size()),      quint32(value.size()), timestamp,
            source,         quint32(signatureToken.size())};
    char *out = m_arena.extend(keyToken.size() + value.size() + signatureToken.size());
    put(put(put(out, keyToken), value), signatureToken);
    const qsizetype index = m_entries.size();
    m_entries.append(entry);

    place(m_slots.get(), m_slotCount, Slot{quint32(index + 1), slotHash(hash)});
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
        char *out = m_arena.extend(keyLength + newTail); // may move the arena: offsets stay valid
        std::memcpy(out, m_arena.data() + oldOffset, size_t(keyLength));
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
    while (m_oldSlotCount > 0) // never so far: a move ends long before the next growth
        migrateSlots();
    m_oldSlots = std::exchange(m_slots, makeSlots(m_slotCount * 2));
    m_oldSlotCount = std::exchange(m_slotCount, m_slotCount * 2);
    m_slotsMoved = 0;
}

void ModelStore::migrateSlots()
{
    const size_t end = qMin(m_slotsMoved + kSlotsMovedPerInsert, m_oldSlotCount);
    for (; m_slotsMoved < end; ++m_slotsMoved) {
        if (const Slot slot = m_oldSlots[m_slotsMoved]; slot.entry != 0)
            place(m_slots.get(), m_slotCount, slot);
    }
    if (m_slotsMoved == m_oldSlotCount) {
        m_oldSlots.reset();
        m_oldSlotCount = 0;
    }
}

void ModelStore::compactIfWasteful()
{
    if (m_garbage < kMinGarbage || m_garbage * 2 < m_arena.size())
        return;
    LargeArray<char> arena;
    arena.reserve(m_arena.size() - m_garbage);
    for (Entry &entry : m_entries) {
        const qsizetype length
                = qsizetype(entry.keyLength) + entry.valueLength + entry.signatureLength;
        const qsizetype offset = arena.size();
        arena.append(m_arena.data() + entry.offset, length);
        entry.offset = offset;
    }
    m_arena = std::move(arena);
    m_garbage = 0;
}

} // namespace sb
