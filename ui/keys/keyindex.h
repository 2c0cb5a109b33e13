// SPDX-License-Identifier: MIT
#pragma once

#include <QHashFunctions>
#include <QStringView>

#include <cstdlib>
#include <memory>

// Finds the row of a key among millions, for a table model that only ever
// adds rows. A cell holds the key's hash and its row, not the key: the rows
// hold the keys already, and a table of hashes can be moved without hashing or
// comparing a key. Nor does it grow the way QHash does, rehashing every key in
// one go, which at a million keys holds up the GUI thread for a long moment: a
// table twice the size is filled from the old one a few cells per insertion,
// and both are searched until it is full.
class KeyIndex
{
public:
    KeyIndex();
    ~KeyIndex();
    KeyIndex(const KeyIndex &) = delete;
    KeyIndex &operator=(const KeyIndex &) = delete;

    // Room for count keys without growing.
    void reserve(qsizetype count);
    qsizetype size() const { return m_size; }

    // The row of key, or -1; keyAt(row) gives the key held at row.
    template<typename KeyAt> int find(QStringView key, const KeyAt &keyAt) const
    {
        const quint32 hash = hashOf(key);
        for (const Table *table : {&m_table, &m_old}) {
            if (!table->cells)
                continue;
            for (size_t i = hash & table->mask;; i = (i + 1) & table->mask) {
                const Cell &cell = table->cells[i];
                if (cell.rowPlusOne == 0)
                    break;
                const int row = int(cell.rowPlusOne - 1);
                if (cell.hash == hash && keyAt(row) == key)
                    return row;
            }
        }
        return -1;
    }

    // Adds key, which find() does not know, at row.
    void insert(QStringView key, int row);

private:
    struct Cell
    {
        quint32 hash;
        quint32 rowPlusOne; // 0 marks an empty cell, as calloc() leaves it
    };
    struct Free
    {
        void operator()(Cell *cells) const { std::free(cells); }
    };
    struct Table
    {
        std::unique_ptr<Cell[], Free> cells;
        size_t mask = 0; // capacity - 1, a power of two

        size_t capacity() const { return cells ? mask + 1 : 0; }
    };

    static quint32 hashOf(QStringView key);
    static Table allocate(size_t capacity);
    static void place(Table &table, Cell cell);
    void grow(size_t capacity);
    void migrate(size_t count);

    Table m_table;
    Table m_old; // being moved into m_table, from cell m_moved on
    size_t m_moved = 0;
    qsizetype m_size = 0;
};
