// SPDX-License-Identifier: MIT
#pragma once

#include "largememory_p.h"

#include <QtGlobal>

#include <cstring>
#include <type_traits>
#include <utility>

namespace sb {

// A growable array of plain values in LargeMemory's blocks: grown past a
// megabyte, it moves by mremap rather than by copy (see largememory_p.h).
// Elements past size() are uninitialised; nothing is constructed or destroyed.
template<typename T> class LargeArray
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    LargeArray() = default;
    LargeArray(const LargeArray &) = delete;
    LargeArray &operator=(const LargeArray &) = delete;
    LargeArray(LargeArray &&other) noexcept
        : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
          m_capacity(std::exchange(other.m_capacity, 0))
    { }
    LargeArray &operator=(LargeArray &&other) noexcept
    {
        LargeArray moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~LargeArray() { LargeMemory::release(m_data, bytes(m_capacity)); }

    void swap(LargeArray &other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
    }

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }
    T *data() { return m_data; }
    const T *data() const { return m_data; }
    T &operator[](qsizetype index)
    {
        Q_ASSERT(index >= 0 && index < m_size);
        return m_data[index];
    }
    const T &operator[](qsizetype index) const
    {
        Q_ASSERT(index >= 0 && index < m_size);
        return m_data[index];
    }
    T *begin() { return m_data; }
    T *end() { return m_data + m_size; }
    const T *begin() const { return m_data; }
    const T *end() const { return m_data + m_size; }

    void reserve(qsizetype count)
    {
        if (count > m_capacity) {
            m_data = static_cast<T *>(LargeMemory::resize(m_data, bytes(m_capacity), bytes(count)));
            m_capacity = count;
        }
    }
    // Makes room for count more elements at the end, doubling the capacity
    // when it runs out; returns where they go, uninitialised.
    T *extend(qsizetype count)
    {
        if (m_size + count > m_capacity)
            reserve(qMax(m_size + count, qMax<qsizetype>(2 * m_capacity, 16)));
        T *out = m_data + m_size;
        m_size += count;
        return out;
    }
    void append(const T &value) { *extend(1) = value; }
    void append(const T *values, qsizetype count)
    {
        if (count > 0)
            std::memcpy(static_cast<void *>(extend(count)), values, size_t(count) * sizeof(T));
    }

private:
    static size_t bytes(qsizetype count) { return size_t(count) * sizeof(T); }

    T *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

} // namespace sb
