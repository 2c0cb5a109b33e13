// SPDX-License-Identifier: MIT
#include "textring.h"

#include <cstring>

namespace sb {

TextRing::Place TextRing::append(std::initializer_list<QByteArrayView> parts)
{
    qsizetype size = 0;
    for (QByteArrayView part : parts)
        size += part.size();
    if (m_chunks.empty() || m_used + size > m_capacity) {
        // A text longer than a chunk gets one of its own size.
        m_capacity = qMax(kChunkBytes, size);
        m_chunks.emplace_back(new char[size_t(m_capacity)]);
        m_used = 0;
    }
    const Place place{m_firstChunk + quint32(m_chunks.size() - 1), quint32(m_used)};
    char *out = m_chunks.back().get() + m_used;
    for (QByteArrayView part : parts) {
        if (!part.isEmpty())
            std::memcpy(out, part.data(), size_t(part.size()));
        out += part.size();
    }
    m_used += size;
    return place;
}

const char *TextRing::at(Place place) const
{
    return m_chunks[size_t(place.chunk - m_firstChunk)].get() + place.offset;
}

void TextRing::releaseBefore(Place place)
{
    while (m_firstChunk != place.chunk && m_chunks.size() > 1) {
        m_chunks.pop_front();
        ++m_firstChunk;
    }
}

void TextRing::clear()
{
    m_firstChunk += quint32(m_chunks.size());
    m_chunks.clear();
    m_used = 0;
    m_capacity = 0;
}

} // namespace sb
