// SPDX-License-Identifier: MIT
#pragma once

#include "largearray_p.h"
#include "sourcenumbers.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace sb {

// The storage behind Model, sized for millions of keys: every key's latest
// update as canonical JSON text, without a heap object per key. The key token,
// value text and signature token of an entry lie end to end in one byte arena,
// so that history lines and toJSON text are copied out as they are; an entry
// is 32 bytes of offsets, timestamp and source number; an open-addressing index
// finds an entry from a hash of its key token, with the hash kept beside the
// entry number so that a miss never touches the arena. Values overwritten
// leave garbage, compacted away once it outweighs the live text. Entries keep
// insertion order and are never removed: a Model deletes with a null value.
class ModelStore
{
public:
    struct Entry
    {
        qint64 offset; // of the key token in the arena; value and signature follow it
        quint32 keyLength;
        quint32 valueLength;
        double timestamp;
        quint32 source;          // a number from sourceNumber()
        quint32 signatureLength; // 0 when unsigned
    };

    ModelStore();

    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    const Entry &entry(qsizetype index) const { return m_entries[index]; }
    QByteArrayView keyToken(qsizetype index) const;
    QByteArrayView value(qsizetype index) const;
    QByteArrayView signatureToken(qsizetype index) const;
    // Whether the entry's value deletes its key (null, or no value at all).
    bool isDelete(qsizetype index) const;

    // The hash find() and insert() take, so that a miss is followed by an
    // insert without hashing the key again. The last two keys prefetch() was
    // asked for are not hashed again either: a stream prefetches each line's
    // key one line before it takes the line in, so each key is hashed once.
    size_t hash(QByteArrayView keyToken) const;
    // The entry holding keyToken, or -1.
    qsizetype find(QByteArrayView keyToken) const { return find(keyToken, hash(keyToken)); }
    qsizetype find(QByteArrayView keyToken, size_t hash) const;
    // Starts loading the index slot where keyToken's search begins into the
    // cache: a search in an index of millions of keys waits for memory,
    // unless it was asked for while something else was done.
    void prefetch(QByteArrayView keyToken) const;
    // Adds a key not held yet (hash as hash() gives it); returns its entry number.
    qsizetype insert(QByteArrayView keyToken, size_t hash, QByteArrayView value, double timestamp,
                     quint32 source, QByteArrayView signatureToken = {});
    // Gives an entry a new value, timestamp, source and signature.
    void replace(qsizetype index, QByteArrayView value, double timestamp, quint32 source,
                 QByteArrayView signatureToken = {});

    // The number standing for a source id, allotted on first sight.
    quint32 sourceNumber(const QString &source) { return m_sources.number(source); }
    const QString &source(quint32 number) const { return m_sources.id(number); }
    // The source id as a JSON string token.
    QByteArrayView sourceToken(quint32 number) const { return m_sources.token(number); }
    qsizetype sourceCount() const { return m_sources.size(); }
    const std::vector<QString> &sources() const { return m_sources.ids(); }

    qsizetype arenaBytes() const { return m_arena.size(); }
    qsizetype garbageBytes() const { return m_garbage; }
    qsizetype indexSlots() const { return qsizetype(m_slotCount); }
    // Whether the index is moving into a table twice its size (see growIndex()).
    bool isGrowingIndex() const { return m_oldSlotCount > 0; }

private:
    struct Slot
    {
        quint32 entry; // entry number + 1; 0 marks a free slot
        quint32 hash;  // the low half of the key's hash, which also places the slot
    };

    // Slot tables come from calloc: a large one is zero pages from the
    // system, filled in only as its slots are used, so making one costs no pass.
    struct FreeSlots
    {
        void operator()(Slot *table) const;
    };
    using SlotTable = std::unique_ptr<Slot[], FreeSlots>;
    static SlotTable makeSlots(size_t count);
    static void place(Slot *table, size_t count, Slot slot);
    static qsizetype findIn(const Slot *table, size_t count, quint32 wanted,
                            QByteArrayView keyToken, const ModelStore &store);

    static quint32 slotHash(size_t hash) { return quint32(hash); }
    void growIndex();
    void migrateSlots();
    void compactIfWasteful();

    LargeArray<char> m_arena;
    qsizetype m_garbage = 0;
    LargeArray<Entry> m_entries;
    SlotTable m_slots;
    size_t m_slotCount = 0; // a power of two
    // The table the index grew out of, while its slots move over a few at each
    // insert: one move of a million slots at once stalls the event loop for
    // tens of milliseconds. A key is in m_slots or, until moved, here.
    SlotTable m_oldSlots;
    size_t m_oldSlotCount = 0; // 0: no table is being moved
    size_t m_slotsMoved = 0;
    size_t m_seed;
    struct Prefetched
    {
        QByteArray key;
        size_t hash = 0;
    };
    mutable std::array<Prefetched, 2> m_prefetched; // the last two keys prefetch() hashed

    SourceNumbers m_sources;
};

} // namespace sb
