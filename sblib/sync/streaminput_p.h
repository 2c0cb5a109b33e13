// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "linedecoder.h"
#include "linereader.h"
#include "stringinterner.h"

#include <QElapsedTimer>
#include <QIODevice>

namespace sb {

// What a Stream reads: the peer's bytes cut into lines, read in slices short
// enough for the event loop to breathe between them, each line decoded into
// a digest, an update or "SYNC" (or why it is none), and the peer's rate of
// updates against its limit.
class StreamInput
{
public:
    // A slice of reading ends after this many lines or this much time, whichever
    // comes first: a headless peer reads 4,000 lines in about 2 ms, a window
    // whose views follow each update takes longer.
    static constexpr int kLinesPerSlice = 4000;
    static constexpr qint64 kSliceBudgetNs = 4'000'000;
    // The most read from the device at once, and what a socket may hold unread.
    static constexpr qint64 kReadChunk = 256 * 1024;

    enum class SliceEnd {
        Drained,   // every whole line there was is read; more input is awaited
        SliceOver, // the slice's lines or time are spent: the rest waits for the next
        Stopped,   // takeLine said so
        TooLong,   // a line is longer than maxLineLength
    };

    StreamInput(qsizetype maxLineLength, int maxDepth, int maxUpdatesPerSecond);

    // Reads what device holds and hands every whole line to takeLine(line),
    // which returns false to stop there, and the key token of the line after
    // it, when that seems an update, to prepareFor(keyToken) first. A slice
    // that reads to the end (the peer's input has ended) has no budget.
    template<typename TakeLine, typename PrepareFor>
    SliceEnd readSlice(QIODevice *device, bool toTheEnd, TakeLine &&takeLine,
                       PrepareFor &&prepareFor);

    DecodedLine decode(QByteArrayView line) const
    {
        return LineDecoder(m_maxDepth, &m_sourceIds).decode(line);
    }
    // The ids of the peer's clock: the updates read from now on share them.
    void learnSources(const Clock &clock);

    // One more update taken from the peer in this second of its rate.
    void countUpdate()
    {
        if (m_maxUpdatesPerSecond > 0)
            countRatedUpdate();
    }
    // Milliseconds to pause reading for the peer's rate; 0 when it is within it.
    qint64 pauseForRate() const
    {
        if (m_maxUpdatesPerSecond <= 0 || m_rateWindowUpdates < m_maxUpdatesPerSecond)
            return 0;
        return restOfRateWindow();
    }

    qint64 bytesRead() const { return m_bytesRead; }
    qsizetype buffered() const { return m_reader.buffered(); }
    qsizetype maxLineLength() const { return m_reader.maxLineLength(); }
    // What is left after the last newline, taken out of the reader: at the
    // end of input the JS parses it too.
    QByteArray takeRemainder();

private:
    qint64 readSome(QIODevice *device);
    void countRatedUpdate();
    qint64 restOfRateWindow() const;

    LineReader m_reader;
    mutable StringInterner m_sourceIds; // of incoming updates
    int m_maxDepth;
    qint64 m_bytesRead = 0;
    int m_maxUpdatesPerSecond;
    QElapsedTimer m_rateClock;
    qint64 m_rateWindowStart = 0; // ms on m_rateClock
    int m_rateWindowUpdates = 0;
};

template<typename TakeLine, typename PrepareFor>
StreamInput::SliceEnd StreamInput::readSlice(QIODevice *device, bool toTheEnd, TakeLine &&takeLine,
                                             PrepareFor &&prepareFor)
{
    constexpr int kLinesPerClockCheck = 128;
    int budget = kLinesPerSlice;
    QElapsedTimer slice;
    slice.start();
    for (;;) {
        while (const auto line = m_reader.nextLine()) {
            // The limit holds for a line that arrived whole in one chunk too.
            if (line->size() > m_reader.maxLineLength())
                return SliceEnd::TooLong;
            // While this line is taken in, the memory the next one's key needs
            // is on its way: a full sync would otherwise wait for it each line.
            if (const auto next = m_reader.peekLine()) {
                if (const QByteArrayView key = LineDecoder::keyTokenHint(*next); !key.isEmpty())
                    prepareFor(key);
            }
            if (!takeLine(*line))
                return SliceEnd::Stopped;
            --budget;
            const bool sliceOver = budget == 0
                    || (budget % kLinesPerClockCheck == 0 && slice.nsecsElapsed() > kSliceBudgetNs);
            if (sliceOver && !toTheEnd)
                return SliceEnd::SliceOver;
        }
        if (m_reader.overLong())
            return SliceEnd::TooLong;
        if (!device || !device->isOpen() || readSome(device) <= 0)
            return SliceEnd::Drained;
    }
}

} // namespace sb
