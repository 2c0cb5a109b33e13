// SPDX-License-Identifier: MIT
#include "linereader.h"

#include <QIODevice>

namespace sb {

void LineReader::compact()
{
    if (m_position > 0 && (m_position >= m_buffer.size() / 2 || m_buffer.size() > (1 << 20))) {
        m_buffer.remove(0, m_position);
        m_position = 0;
    }
}

void LineReader::append(const QByteArray &bytes)
{
    compact();
    m_buffer.append(bytes);
}

qint64 LineReader::readFrom(QIODevice *device, qint64 maxBytes)
{
    compact();
    const qsizetype before = m_buffer.size();
    m_buffer.resize(before + maxBytes); // keeps its capacity when cut back below
    const qint64 got = device->read(m_buffer.data() + before, maxBytes);
    m_buffer.resize(before + qMax<qint64>(got, 0));
    return got;
}

std::optional<QByteArrayView> LineReader::peekLine()
{
    // The newline found is remembered in m_scanned, so nextLine() does not look again.
    const qsizetype newline = m_buffer.indexOf('\n', m_position + m_scanned);
    if (newline < 0) {
        m_scanned = m_buffer.size() - m_position;
        return std::nullopt;
    }
    m_scanned = newline - m_position;
    return QByteArrayView(m_buffer.constData() + m_position, newline - m_position);
}

std::optional<QByteArrayView> LineReader::nextLine()
{
    const auto line = peekLine();
    if (line) {
        m_position += line->size() + 1;
        m_scanned = 0;
    }
    return line;
}

QByteArrayView LineReader::remainder() const
{
    return QByteArrayView(m_buffer.constData() + m_position, m_buffer.size() - m_position);
}

void LineReader::clear()
{
    m_buffer.clear();
    m_position = 0;
    m_scanned = 0;
}

} // namespace sb
