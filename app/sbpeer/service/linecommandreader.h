// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

// Reads lines from standard input without blocking the event loop.
class LineCommandReader : public QObject
{
    Q_OBJECT

public:
    explicit LineCommandReader(QObject *parent = nullptr);

signals:
    void lineReceived(const QByteArray &line);
    void inputEnded();

private:
    void readAvailable();

    QSocketNotifier *m_notifier;
    QByteArray m_pending;
};
