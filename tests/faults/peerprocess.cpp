// SPDX-License-Identifier: MIT
#include "peerprocess.h"

#include <csignal>
#include <sys/prctl.h>

PeerProcess::PeerProcess(const QString &name, const QString &program, const QStringList &arguments,
                         QObject *parent)
    : QObject(parent), m_name(name), m_program(program), m_arguments(arguments)
{
    // The child must not outlive the test, even one that crashes.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &PeerProcess::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this, &PeerProcess::readErrors);
    connect(&m_process, &QProcess::finished, this, [this] {
        readOutput();
        readErrors();
        emit exited();
    });
}

PeerProcess::~PeerProcess()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void PeerProcess::start()
{
    m_outBuffer.clear();
    m_errBuffer.clear();
    m_listenPort = 0;
    m_synced = 0;
    m_pending.clear();
    m_untracked.clear();
    ++m_starts;
    m_errorLines.append(
            QStringLiteral("--- start %1: %2").arg(m_starts).arg(m_arguments.join(u' ')));
    m_process.start(m_program, m_arguments);
}

void PeerProcess::set(const QString &key, const QByteArray &json)
{
    m_pending.emplace_back(key, json);
    ++m_setsSent;
    m_process.write("set " + key.toUtf8() + '=' + json + '\n');
}

void PeerProcess::setUntracked(const QString &key, const QByteArray &json)
{
    ++m_untracked[key];
    ++m_untrackedSent;
    m_process.write("set " + key.toUtf8() + '=' + json + '\n');
}

void PeerProcess::command(const QByteArray &line)
{
    m_process.write(line + '\n');
}

void PeerProcess::requestDump()
{
    m_process.write("dump\n");
}

void PeerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
    m_pending.clear();
}

void PeerProcess::quit()
{
    m_process.write("quit\n");
}

QString PeerProcess::errorText() const
{
    return m_name + QStringLiteral(" stderr:\n  ") + m_errorLines.join(QStringLiteral("\n  "));
}

void PeerProcess::readOutput()
{
    m_outBuffer += m_process.readAllStandardOutput();
    qsizetype start = 0;
    for (qsizetype newline; (newline = m_outBuffer.indexOf('\n', start)) >= 0; start = newline + 1)
        handleLine(m_outBuffer.mid(start, newline - start));
    m_outBuffer.remove(0, start);
}

void PeerProcess::readErrors()
{
    m_errBuffer += m_process.readAllStandardError();
    qsizetype start = 0;
    for (qsizetype newline; (newline = m_errBuffer.indexOf('\n', start)) >= 0;
         start = newline + 1) {
        const QString line = QString::fromUtf8(m_errBuffer.mid(start, newline - start));
        if (line.endsWith(QStringLiteral(": synced")))
            ++m_synced;
        if (m_sanitizerReport.isEmpty()
            && (line.contains(QStringLiteral("ERROR: AddressSanitizer"))
                || line.contains(QStringLiteral("ERROR: LeakSanitizer"))
                || line.contains(QStringLiteral("runtime error:"))))
            m_sanitizerReport = line;
        if (line.startsWith(QStringLiteral("sbpeer: stdin: cannot set \""))) {
            const QString key = line.section(u'"', 1, 1);
            if (m_untracked.value(key) > 0) {
                --m_untracked[key];
                ++m_refused;
            }
        }
        if (m_errorLines.size() < 400)
            m_errorLines.append(line);
    }
    m_errBuffer.remove(0, start);
}

void PeerProcess::handleLine(const QByteArray &line)
{
    if (line.startsWith("ack ")) {
        const QString key = QString::fromUtf8(line.mid(4));
        if ((m_pending.empty() || m_pending.front().first != key) && m_untracked.value(key) > 0) {
            --m_untracked[key];
            return;
        }
        if (m_pending.empty() || m_pending.front().first != key) {
            if (m_ackError.isEmpty())
                m_ackError = QStringLiteral("%1: 'ack %2' without a matching set").arg(m_name, key);
            return;
        }
        m_acknowledged.insert(key, m_pending.front().second);
        ++m_acknowledgedCount;
        m_pending.pop_front();
    } else if (line.startsWith('{')) {
        m_lastDump = line;
        ++m_dumps;
    } else if (line.startsWith("listening ")) {
        m_listenPort = quint16(line.mid(line.lastIndexOf(':') + 1).toUInt());
        emit listening(m_listenPort);
    }
}
