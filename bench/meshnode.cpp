// SPDX-License-Identifier: MIT
#include "meshnode.h"

#include "benchcommon.h"
#include "dialer.h"
#include "model.h"
#include "server.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QSocketNotifier>

#include <unistd.h>

using namespace sb;

MeshNode::MeshNode(qint64 totalKeys, QObject *parent)
    : QObject(parent), m_model(new Model({}, this)), m_server(new Server(m_model, {}, this)),
      m_totalKeys(totalKeys)
{
    connect(m_model, &Scuttlebutt::oldDataReceived, this, [this] { ++m_oldData; });
    connect(m_model, &Scuttlebutt::updateApplied, this, &MeshNode::onApplied);
}

bool MeshNode::start()
{
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return false;
    auto *notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this, notifier] {
        char buffer[4096];
        const ssize_t count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count <= 0) {
            notifier->setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        m_pending.append(buffer, count);
        qsizetype newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(newline);
            m_pending.remove(0, newline + 1);
            handleCommand(line);
        }
    });
    Bench::printResult(QByteArrayLiteral("{\"port\":") + QByteArray::number(m_server->serverPort())
                       + '}');
    return true;
}

void MeshNode::handleCommand(const QByteArray &line)
{
    const QList<QByteArray> words = line.trimmed().split(' ');
    if (words.first() == "connect" && words.size() == 2) {
        auto *dialer = new Dialer(m_model, QStringLiteral("127.0.0.1"), quint16(words[1].toUInt()),
                                  {}, this);
        dialer->open();
    } else if (words.first() == "go" && words.size() == 3) {
        const QByteArray prefix = words[1];
        const qint64 count = words[2].toLongLong();
        for (qint64 i = 0; i < count; ++i) {
            const auto set = m_model->set(QString::fromLatin1(prefix + '-' + QByteArray::number(i)),
                                          JsonValue(double(i)));
            if (!set)
                qFatal("meshnode go: %s", qPrintable(set.errorMessage()));
        }
        onApplied({});
    } else if (words.first() == "stats") {
        Bench::printResult(QByteArrayLiteral("{\"old\":") + QByteArray::number(m_oldData)
                           + ",\"useful\":" + QByteArray::number(m_useful)
                           + ",\"keys\":" + QByteArray::number(m_model->updateCount()) + '}');
    } else if (words.first() == "quit") {
        QCoreApplication::quit();
    }
}

void MeshNode::onApplied(const Update &update)
{
    if (update.isValid() && update.source() != m_model->id())
        ++m_useful;
    if (m_reported || m_model->updateCount() < m_totalKeys)
        return;
    m_reported = true;
    Bench::printResult(QByteArrayLiteral("{\"converged\":")
                       + QByteArray::number(Bench::nowMs(), 'f', 3)
                       + ",\"old\":" + QByteArray::number(m_oldData)
                       + ",\"useful\":" + QByteArray::number(m_useful) + '}');
}
