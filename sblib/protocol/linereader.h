// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

class QIODevice;

namespace sb {

// Splits a byte stream into newline-terminated lines without copying each
// line, and refuses a line that grows past a limit before its newline comes.
class LineReader
{
public:
    explicit LineReader(qsizetype maxLineLength) : m_maxLineLength(maxLineLength) { }

    void append(const QByteArray &bytes);
    // Reads up to maxBytes from device straight into the buffer, without a
    // QByteArray of its own per read; returns what QIODevice::read() does.
    qint64 readFrom(QIODevice *device, qint64 maxBytes);
    // The next complete line (without its newline), valid until the next call.
    std::optional<QByteArrayView> nextLine();
    // The line nextLine() would give next, without taking it; nothing when it
    // has not arrived whole.
    std::optional<QByteArrayView> peekLine();
    // What is left after the last newline: at end of input the JS parses it too.
    QByteArrayView remainder() const;
    void clear();

    // True when the unfinished line is already longer than the limit.
    bool overLong() const { return remainder().size() > m_maxLineLength; }
    qsizetype maxLineLength() const { return m_maxLineLength; }
    qsizetype buffered() const { return m_buffer.size() - m_position; }

private:
    // Drops the lines already read when they are most of the buffer.
    void compact();

    QByteArray m_buffer;
    qsizetype m_position = 0; // start of the first unread line
    qsizetype m_scanned = 0;  // bytes from m_position already known to hold no newline
    qsizetype m_maxLineLength;
};

} // namespace sb
