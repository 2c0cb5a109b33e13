// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"

#include <QByteArray>
#include <QStringView>

#include <algorithm>
#include <cstring>

namespace sb {

// JsonCodec's writing half: JSON text exactly as node's JSON.stringify writes
// it, appended to a QByteArray through a raw pointer: QByteArray::append is
// out of line and checks capacity per call, which dominated writing small
// values. The array is grown geometrically ahead of the writes and trimmed to
// the written size when the writer goes away.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out) : m_out(out), m_size(out.size()) { }
    ~JsonWriter() { m_out.resize(m_size); }
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    // A string with JSON.stringify's escapes.
    void writeString(QStringView text);
    // Number::toString as JavaScript defines it; null when not finite.
    void writeNumber(double number);
    // JSON.stringify(value); nothing for undefined.
    void writeValue(const JsonValue &value);

    // Number::toString of an integer up to 2^53 or a number of at most four
    // decimals, the numbers most often written, into text (kPlainNumberSize
    // bytes at least): its length, or 0 for any other number.
    static constexpr qsizetype kPlainNumberSize = 32;
    static qsizetype plainNumberText(double number, char *text);

private:
    // Room for at least n more bytes; commit() the end of what was written.
    char *reserve(qsizetype n)
    {
        if (m_capacity - m_size < n)
            grow(n);
        return m_data + m_size;
    }
    void commit(const char *end) { m_size = end - m_data; }

    void put(char c) { *reserve(1) = c, ++m_size; }
    void put(const char *text, qsizetype length)
    {
        std::memcpy(reserve(length), text, size_t(length));
        m_size += length;
    }
    template<qsizetype N> void put(const char (&literal)[N]) { put(literal, N - 1); }

    void grow(qsizetype n)
    {
        m_out.resize(std::max({m_size + n, 2 * m_capacity, qsizetype(64)}));
        m_data = m_out.data();
        m_capacity = m_out.size();
    }

    QByteArray &m_out;
    char *m_data = nullptr;
    qsizetype m_size;
    qsizetype m_capacity = 0;
};

} // namespace sb
