// SPDX-License-Identifier: MIT
#include "streaminput_p.h"

namespace sb {

namespace {
constexpr qint64 kProbeChunk = 4 * 1024;
} // namespace

StreamInput::StreamInput(qsizetype maxLineLength, int maxDepth, int maxUpdatesPerSecond)
    : m_reader(maxLineLength), m_maxDepth(maxDepth), m_maxUpdatesPerSecond(maxUpdatesPerSecond)
{ }

qint64 StreamInput::readSome(QIODevice *device)
{
    // No larger than what is there: the reader's buffer grows to what is
    // asked. When nothing is there (sockets and files say exactly what is), a
    // busy stream asks for a whole chunk, which sizes its buffer once for
    // every later read; one that has sent little asks for a little: a
    // thousand quiet peers would each hold 256 KiB otherwise.
    const qint64 available = device->bytesAvailable();
    const qint64 probe = m_bytesRead >= kReadChunk ? kReadChunk : kProbeChunk;
    const qint64 got
            = m_reader.readFrom(device, available > 0 ? qMin(available, kReadChunk) : probe);
    if (got > 0)
        m_bytesRead += got;
    return got;
}

void StreamInput::learnSources(const Clock &clock)
{
    for (const QString &source : clock.sources())
        m_sourceIds.add(source);
}

void StreamInput::countRatedUpdate()
{
    if (!m_rateClock.isValid() || m_rateClock.elapsed() - m_rateWindowStart >= 1000) {
        if (!m_rateClock.isValid())
            m_rateClock.start();
        m_rateWindowStart = m_rateClock.elapsed();
        m_rateWindowUpdates = 0;
    }
    ++m_rateWindowUpdates;
}

qint64 StreamInput::restOfRateWindow() const
{
    // Past its rate the peer waits for the second to be over; the next update
    // after that opens a new window.
    return qMax<qint64>(0, 1000 - (m_rateClock.elapsed() - m_rateWindowStart));
}

QByteArray StreamInput::takeRemainder()
{
    QByteArray rest = m_reader.remainder().toByteArray();
    m_reader.clear();
    return rest;
}

} // namespace sb
