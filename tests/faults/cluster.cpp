// SPDX-License-Identifier: MIT
#include "cluster.h"

#include "peerprocess.h"
#include "tcpproxy.h"
#include "waituntil.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
constexpr int kStartTimeoutMs = 15000;
constexpr int kRetryMs = 150;

QStringList fileOptions(const QString &fileName)
{
    // Every set durable before its ack; compactions often, under the faults.
    return {QStringLiteral("--file"),          fileName,
            QStringLiteral("--durability"),    QStringLiteral("every"),
            QStringLiteral("--compact-bytes"), QStringLiteral("4096"),
            QStringLiteral("--stdin")};
}

QJsonValue jsonValue(const QByteArray &json)
{
    return QJsonDocument::fromJson('[' + json + ']').array().at(0);
}
} // namespace

Cluster::Cluster(const QString &program, const QString &directory, int spokes, QObject *parent)
    : QObject(parent), m_program(program), m_directory(directory)
{
    m_hub = new PeerProcess(QStringLiteral("hub"), program, hubArguments(), this);
    for (int i = 0; i < spokes; ++i) {
        m_proxies.append(new TcpProxy(this));
        m_spokes.append(new PeerProcess(QStringLiteral("spoke%1").arg(i + 1), program, {}, this));
    }
}

Cluster::~Cluster()
{
    // Children first, then the proxies between them.
    qDeleteAll(m_spokes);
    delete m_hub;
    qDeleteAll(m_proxies);
}

QList<PeerProcess *> Cluster::peers() const
{
    return QList<PeerProcess *>{m_hub} + m_spokes;
}

QStringList Cluster::hubArguments() const
{
    return QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0")}
    + fileOptions(QDir(m_directory).filePath(QStringLiteral("hub.sb")));
}

QStringList Cluster::spokeArguments(int index) const
{
    return QStringList{QStringLiteral("connect"),
                       QStringLiteral("127.0.0.1:%1").arg(m_proxies.at(index)->port())}
    + fileOptions(QDir(m_directory).filePath(QStringLiteral("spoke%1.sb").arg(index + 1)));
}

bool Cluster::start(QString *error)
{
    for (TcpProxy *proxy : std::as_const(m_proxies)) {
        if (!proxy->listen()) {
            *error = QStringLiteral("the proxy cannot listen");
            return false;
        }
    }
    for (int i = 0; i < spokeCount(); ++i)
        m_spokes.at(i)->setArguments(spokeArguments(i));
    return restartHub(error) && restartSpokes(error);
}

bool Cluster::waitForListening(QString *error)
{
    if (!waitUntil([this] { return m_hub->listenPort() != 0 || !m_hub->isRunning(); },
                   kStartTimeoutMs)
        || m_hub->listenPort() == 0) {
        *error = QStringLiteral("the hub did not listen\n") + m_hub->errorText();
        return false;
    }
    return true;
}

bool Cluster::restartHub(QString *error)
{
    if (!m_hub->isRunning()) {
        m_hub->start();
        if (!waitForListening(error))
            return false;
    }
    for (TcpProxy *proxy : std::as_const(m_proxies))
        proxy->setTarget(QHostAddress(QHostAddress::LocalHost), m_hub->listenPort());
    return true;
}

bool Cluster::restartSpokes(QString *error)
{
    QList<PeerProcess *> started;
    for (PeerProcess *spoke : std::as_const(m_spokes)) {
        if (!spoke->isRunning()) {
            spoke->start();
            started.append(spoke);
        }
    }
    for (PeerProcess *spoke : std::as_const(started)) {
        if (!waitUntil([spoke] { return spoke->syncedCount() > 0 || !spoke->isRunning(); },
                       kStartTimeoutMs)
            || spoke->syncedCount() == 0) {
            *error = QStringLiteral("%1 did not sync after its start\n%2")
                             .arg(spoke->name(), spoke->errorText());
            return false;
        }
    }
    return true;
}

QString Cluster::makeUpdates(PeerProcess *peer, int count)
{
    int &next = m_nextKey[peer];
    QString key;
    for (int i = 0; i < count; ++i) {
        ++next;
        key = QStringLiteral("%1-%2").arg(peer->name()).arg(next);
        peer->set(key, QByteArray::number(next));
    }
    // Every peer writes this one: last writer wins, and a write older than
    // the value already held is refused (see Cluster::refusedSets).
    peer->setUntracked(QStringLiteral("shared"),
                       QStringLiteral("\"%1-%2\"").arg(peer->name()).arg(next).toUtf8());
    return key;
}

bool Cluster::waitForAcks(int timeoutMs, QString *error)
{
    const auto done = [this] {
        for (PeerProcess *peer : peers()) {
            if (peer->isRunning() && peer->pendingCount() > 0)
                return false;
        }
        return true;
    };
    if (waitUntil(done, timeoutMs))
        return true;
    *error = QStringLiteral("sets not acknowledged:");
    for (PeerProcess *peer : peers())
        *error += QStringLiteral(" %1 %2;").arg(peer->name()).arg(peer->pendingCount());
    *error += u'\n' + describe();
    return false;
}

bool Cluster::dumpAll(const QList<PeerProcess *> &peers, int timeoutMs, QString *error)
{
    QHash<PeerProcess *, int> before;
    for (PeerProcess *peer : peers) {
        before.insert(peer, peer->dumpCount());
        peer->requestDump();
    }
    const auto printed = [&] {
        for (PeerProcess *peer : peers) {
            if (peer->dumpCount() == before.value(peer))
                return false;
        }
        return true;
    };
    if (waitUntil(printed, timeoutMs))
        return true;
    *error = QStringLiteral("a peer did not print its replica\n") + describe();
    return false;
}

bool Cluster::replicaOf(PeerProcess *peer, QJsonObject *replica, QString *error)
{
    if (!dumpAll({peer}, kStartTimeoutMs, error))
        return false;
    *replica = QJsonDocument::fromJson(peer->lastDump()).object();
    return true;
}

bool Cluster::waitForConvergence(int timeoutMs, QString *error)
{
    QDeadlineTimer deadline(timeoutMs);
    QString problem;
    for (;;) {
        problem.clear();
        for (PeerProcess *peer : peers()) {
            if (!peer->sanitizerReport().isEmpty()) {
                *error = QStringLiteral("%1: %2\n%3")
                                 .arg(peer->name(), peer->sanitizerReport(), describe());
                return false;
            }
            if (!peer->isRunning())
                problem = QStringLiteral("%1 is not running").arg(peer->name());
        }
        if (problem.isEmpty()
            && dumpAll(peers(), int(qMax<qint64>(1, deadline.remainingTime())), &problem)) {
            const QJsonObject reference = QJsonDocument::fromJson(m_hub->lastDump()).object();
            for (PeerProcess *peer : m_spokes) {
                if (QJsonDocument::fromJson(peer->lastDump()).object() != reference) {
                    problem = QStringLiteral("%1 holds %2 keys, the hub %3")
                                      .arg(peer->name())
                                      .arg(QJsonDocument::fromJson(peer->lastDump())
                                                   .object()
                                                   .size())
                                      .arg(reference.size());
                    break;
                }
            }
            int keys = 0;
            for (PeerProcess *peer : peers()) {
                for (auto it = peer->acknowledged().cbegin();
                     problem.isEmpty() && it != peer->acknowledged().cend(); ++it) {
                    if (it.key() == u"shared")
                        continue; // others may have written it since
                    ++keys;
                    if (reference.value(it.key()) != jsonValue(it.value()))
                        problem = QStringLiteral("%1 acknowledged %2=%3, the replicas hold %4")
                                          .arg(peer->name(), it.key(),
                                               QString::fromUtf8(it.value()),
                                               QString::fromUtf8(
                                                       QJsonDocument(QJsonArray{reference.value(
                                                                             it.key())})
                                                               .toJson(QJsonDocument::Compact)));
                }
            }
            if (problem.isEmpty()) {
                m_keysChecked = keys;
                m_checks += keys * int(peers().size());
                return true;
            }
        }
        if (deadline.hasExpired())
            break;
        runFor(kRetryMs);
    }
    *error = QStringLiteral("no convergence: %1\n%2").arg(problem, describe());
    return false;
}

int Cluster::setsMade() const
{
    int sets = 0;
    for (PeerProcess *peer : peers())
        sets += peer->setsSent();
    return sets;
}

int Cluster::sharedSetsMade() const
{
    int sets = 0;
    for (PeerProcess *peer : peers())
        sets += peer->untrackedSent();
    return sets;
}

int Cluster::refusedSets() const
{
    int sets = 0;
    for (PeerProcess *peer : peers())
        sets += peer->refusedCount();
    return sets;
}

int Cluster::setsAcknowledged() const
{
    int sets = 0;
    for (PeerProcess *peer : peers())
        sets += peer->acknowledgedCount();
    return sets;
}

QString Cluster::describe() const
{
    QString text;
    for (PeerProcess *peer : peers()) {
        text += QStringLiteral("%1: %2, dump %3\n")
                        .arg(peer->name(),
                             peer->isRunning() ? QStringLiteral("running")
                                               : QStringLiteral("exited"),
                             QString::fromUtf8(peer->lastDump().left(300)));
        text += peer->errorText().right(2000) + u'\n';
    }
    return text;
}
