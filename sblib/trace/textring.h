// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>

#include <deque>
#include <initializer_list>
#include <memory>

namespace sb {

// The text of a ring of rows (rows appended at the back, dropped from the
// front), packed into chunks so that keeping a row's text costs a copy, not an
// allocation of its own. A row's text is contiguous and never moves; a chunk
// is freed once every row whose text it holds is gone.
class TextRing
{
public:
    static constexpr qsizetype kChunkBytes = 256 * 1024;

    // Where a row's text starts: a chunk number (counting every chunk ever
    // made) and an offset into it.
    struct Place
    {
        quint32 chunk = 0;
        quint32 offset = 0;
    };

    // Copies the parts one after another and says where they start.
    Place append(std::initializer_list<QByteArrayView> parts);
    const char *at(Place place) const;
    // Frees every chunk before the one that place is in: call with the place
    // of the oldest row still held.
    void releaseBefore(Place place);
    void clear();

    qsizetype chunkCount() const { return qsizetype(m_chunks.size()); }

private:
    std::deque<std::unique_ptr<char[]>> m_chunks;
    quint32 m_firstChunk = 0; // the number of m_chunks.front()
    qsizetype m_used = 0;     // bytes taken in m_chunks.back()
    qsizetype m_capacity = 0; // its size
};

} // namespace sb
