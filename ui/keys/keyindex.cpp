// SPDX-License-Identifier: MIT
#include "keyindex.h"

#include <QHash>

namespace {
constexpr size_t kFirstCapacity = 64;
// Old cells moved per insertion. Growing starts when the new table is a
// quarter full, and it is half full (time to grow again) a capacity/4
// insertions later; moving capacity/2 old cells by then takes 2 a step.
constexpr size_t kMovedPerInsert = 8;
} // namespace

KeyIndex::KeyIndex() = default;

KeyIndex::~KeyIndex() = default;

quint32 KeyIndex::hashOf(QStringView key)
{
    // Seeded, so that a peer cannot choose keys that all collide.
    const size_t hash = qHash(key, QHashSeed::globalSeed());
    return quint32(hash ^ (quint64(hash) >> 32));
}

KeyIndex::Table KeyIndex::allocate(size_t capacity)
{
    // calloc: a large table is mapped as zero pages, touched as it fills,
    // rather than written through at once.
    Table table;
    table.cells.reset(static_cast<Cell *>(std::calloc(capacity, sizeof(Cell))));
    Q_CHECK_PTR(table.cells.get());
    table.mask = capacity - 1;
    return table;
}

void KeyIndex::place(Table &table, Cell cell)
{
    size_t i = cell.hash & table.mask;
    while (table.cells[i].rowPlusOne != 0)
        i = (i + 1) & table.mask;
    table.cells[i] = cell;
}

void KeyIndex::reserve(qsizetype count)
{
    size_t capacity = kFirstCapacity;
    while (capacity / 2 < size_t(count))
        capacity *= 2;
    if (capacity > m_table.capacity())
        grow(capacity);
    migrate(m_old.capacity()); // a table made for count keys is filled at once
}

void KeyIndex::insert(QStringView key, int row)
{
    if (size_t(m_size) + 1 > m_table.capacity() / 2)
        grow(qMax(kFirstCapacity, 2 * m_table.capacity()));
    place(m_table, Cell {hashOf(key), quint32(row) + 1});
    ++m_size;
    migrate(kMovedPerInsert);
}

void KeyIndex::grow(size_t capacity)
{
    migrate(m_old.capacity()); // only if insertions outran the moving
    m_old = std::move(m_table);
    m_moved = 0;
    m_table = allocate(capacity);
}

void KeyIndex::migrate(size_t count)
{
    if (!m_old.cells)
        return;
    const size_t end = qMin(m_old.capacity(), m_moved + count);
    for (; m_moved < end; ++m_moved) {
        if (m_old.cells[m_moved].rowPlusOne != 0)
            place(m_table, m_old.cells[m_moved]);
    }
    if (m_moved == m_old.capacity())
        m_old = {};
}
