#include "linereader.h"

namespace sb {

void LineReader::append(const QByteArray &bytes)
{
    if (m_position > 0 && (m_position >= m_buffer.size() / 2 || m_buffer.size() > (1 << 20))) {
        m_buffer.remove(0, m_position);
        m_position = 0;
    }
    m_buffer.append(bytes);
}

std::optional<QByteArrayView> LineReader::nextLine()
{
    const qsizetype newline = m_buffer.indexOf('\n', m_position + m_scanned);
    if (newline < 0) {
        m_scanned = m_buffer.size() - m_position;
        return std::nullopt;
    }
    const QByteArrayView line(m_buffer.constData() + m_position, newline - m_position);
    m_position = newline + 1;
    m_scanned = 0;
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
