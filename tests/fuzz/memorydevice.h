// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QIODevice>

// One end of an in-memory connection, standing in for a socket so that a
// Stream can be driven deterministically: the harness feeds what the remote
// sends (feed, endInput) and takes what the Stream wrote (drain), a little at
// a time if it likes, so that the Stream's high-water mark comes into play.
class MemoryDevice : public QIODevice
{
    Q_OBJECT

public:
    explicit MemoryDevice(QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;

    // Bytes from the remote; readyRead follows at once, as a socket emits it.
    void feed(QByteArrayView bytes);
    // The remote ended its side: readChannelFinished.
    void endInput();
    bool inputEnded() const { return m_inputEnded; }
    // Up to maxBytes of what was written (all when negative); bytesWritten follows.
    QByteArray drain(qint64 maxBytes = -1);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    QByteArray m_input;
    qsizetype m_inputPosition = 0;
    QByteArray m_output;
    bool m_inputEnded = false;
};
