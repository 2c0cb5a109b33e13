// SPDX-License-Identifier: MIT
#include "memorydevice.h"

#include <cstring>

MemoryDevice::MemoryDevice(QObject *parent) : QIODevice(parent)
{
    // Unbuffered: QIODevice keeps no copy of its own, so bytesAvailable() and
    // bytesToWrite() are exactly what this class holds.
    open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

qint64 MemoryDevice::bytesAvailable() const
{
    return m_input.size() - m_inputPosition + QIODevice::bytesAvailable();
}

qint64 MemoryDevice::bytesToWrite() const
{
    return m_output.size();
}

void MemoryDevice::feed(QByteArrayView bytes)
{
    if (bytes.isEmpty() || m_inputEnded || !isOpen())
        return;
    m_input.append(bytes);
    emit readyRead();
}

void MemoryDevice::endInput()
{
    if (m_inputEnded)
        return;
    m_inputEnded = true;
    if (isOpen())
        emit readChannelFinished();
}

QByteArray MemoryDevice::drain(qint64 maxBytes)
{
    const qsizetype count
            = maxBytes < 0 ? m_output.size() : qsizetype(qMin<qint64>(maxBytes, m_output.size()));
    if (count == 0)
        return {};
    QByteArray taken = m_output.left(count);
    m_output.remove(0, count);
    emit bytesWritten(count);
    return taken;
}

qint64 MemoryDevice::readData(char *data, qint64 maxSize)
{
    const qint64 count = qMin<qint64>(maxSize, m_input.size() - m_inputPosition);
    if (count == 0)
        return m_inputEnded ? -1 : 0;
    std::memcpy(data, m_input.constData() + m_inputPosition, size_t(count));
    m_inputPosition += qsizetype(count);
    if (m_inputPosition == m_input.size()) {
        m_input.clear();
        m_inputPosition = 0;
    }
    return count;
}

qint64 MemoryDevice::writeData(const char *data, qint64 size)
{
    m_output.append(data, qsizetype(size));
    return size;
}
