// SPDX-License-Identifier: MIT
#pragma once

// Needs NODE_EXECUTABLE and NODEPEER_SCRIPT defined for the test (see
// tests/ui/peers/CMakeLists.txt).

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

// nodepeer.js: a Model of the real npm scuttlebutt (5.6.15 or 4.1.1) serving
// on loopback, driven through stdin; it prints every change it applies.
class NodePeer
{
public:
    ~NodePeer()
    {
        m_process.closeWriteChannel(); // it exits at the end of its input
        if (!m_process.waitForFinished(3000))
            m_process.kill();
    }

    bool serve(const QString &version, const QString &id)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(NODE_EXECUTABLE),
                        {QStringLiteral(NODEPEER_SCRIPT), version, id});
        if (!QTest::qWaitFor([this] { return readLines(), m_port != 0; }, 10000))
            return false;
        return true;
    }
    quint16 port() const { return m_port; }
    void set(const QString &key, const QByteArray &json)
    {
        m_process.write("set " + key.toUtf8() + ' ' + json + '\n');
    }
    // The last change node applied to key, as {"key","value","source"}.
    QJsonObject changeOf(const QString &key)
    {
        readLines();
        return m_changes.value(key);
    }

private:
    void readLines()
    {
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line.startsWith("listening ")) {
                m_port = line.mid(10).toUShort();
                continue;
            }
            const QJsonObject change = QJsonDocument::fromJson(line).object();
            m_changes.insert(change.value(QStringLiteral("key")).toString(), change);
        }
    }

    QProcess m_process;
    quint16 m_port = 0;
    QHash<QString, QJsonObject> m_changes;
};
