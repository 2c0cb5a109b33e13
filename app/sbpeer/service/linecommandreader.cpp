// SPDX-License-Identifier: MIT
#include "linecommandreader.h"

#include <QSocketNotifier>

#include <unistd.h>

LineCommandReader::LineCommandReader(QObject *parent)
    : QObject(parent), m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &LineCommandReader::readAvailable);
}

void LineCommandReader::readAvailable()
{
    char buffer[4096];
    const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (count <= 0) {
        m_notifier->setEnabled(false);
        if (!m_pending.isEmpty())
            emit lineReceived(std::exchange(m_pending, {}));
        emit inputEnded();
        return;
    }
    m_pending.append(buffer, count);
    qsizetype newline;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline);
        m_pending.remove(0, newline + 1);
        emit lineReceived(line);
    }
}
