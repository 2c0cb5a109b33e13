// SPDX-License-Identifier: MIT
#pragma once

// Needs NODE_EXECUTABLE and CRDTPEER_SCRIPT defined for the test (see
// tests/interop/CMakeLists.txt).

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// tests/interop/lib/crdtpeer.js: a real npm crdt 3.6.4 Doc serving on
// loopback, driven by JSON commands on its stdin.
class CrdtPeerProcess
{
public:
    ~CrdtPeerProcess()
    {
        m_process.closeWriteChannel(); // it exits at the end of its input
        if (!m_process.waitForFinished(3000))
            m_process.kill();
    }

    // Starts the Doc with id and waits until it listens.
    bool start(const QString &id)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(NODE_EXECUTABLE), {QStringLiteral(CRDTPEER_SCRIPT), id});
        return QTest::qWaitFor(
                [this] {
                    if (m_port == 0 && m_process.canReadLine()) {
                        const QByteArray line = m_process.readLine().trimmed();
                        if (line.startsWith("listening "))
                            m_port = line.mid(10).toUShort();
                    }
                    return m_port != 0;
                },
                10000);
    }
    quint16 port() const { return m_port; }

    // ["set", rowId, changes], ["rm", rowId], ["push", field, value, row], ...
    void command(const QJsonArray &command)
    {
        m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    }

    // crdt's {"json", "set", "seq", "history"} for the set and sequence of
    // field = value; empty if it does not answer within 5 s.
    QJsonObject state(const QString &field, const QString &value)
    {
        command({QStringLiteral("state"), field, value});
        QJsonObject state;
        const bool answered = QTest::qWaitFor(
                [&] {
                    if (!m_process.canReadLine())
                        return false;
                    state = QJsonDocument::fromJson(m_process.readLine()).object();
                    return true;
                },
                5000);
        return answered ? state : QJsonObject();
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};
