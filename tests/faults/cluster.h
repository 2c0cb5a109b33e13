// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

class PeerProcess;
class TcpProxy;

// The peers of a fault test: one `sbpeer serve` hub and some `sbpeer connect`
// spokes, each with its own --file (--durability every, small compaction
// threshold) and each spoke linked to the hub through its own TcpProxy. A
// spoke ends when its link does (sbpeer connect does not redial), so after a
// cut or a hub restart the test restarts it, from its file. Every wait is
// bounded; a failed one returns false with what was seen in *error.
class Cluster : public QObject
{
    Q_OBJECT

public:
    Cluster(const QString &program, const QString &directory, int spokes,
            QObject *parent = nullptr);
    ~Cluster() override;

    bool start(QString *error);

    PeerProcess *hub() const { return m_hub; }
    PeerProcess *spoke(int index) const { return m_spokes.at(index); }
    int spokeCount() const { return int(m_spokes.size()); }
    QList<PeerProcess *> peers() const;
    TcpProxy *proxy(int index) const { return m_proxies.at(index); }

    // Starts the spokes that are not running and waits until they synced.
    bool restartSpokes(QString *error);
    // Starts the hub again (after a kill) and points every proxy at its new port.
    bool restartHub(QString *error);

    // count sets of new keys NAME-N (N = 1, 2, ...) on peer, then one of
    // "shared" (not tracked: see refusedSets()); returns the last new key.
    QString makeUpdates(PeerProcess *peer, int count);
    // Waits until the running peers acknowledged every set sent to them.
    bool waitForAcks(int timeoutMs, QString *error);
    // Waits until every peer runs and prints the same replica, holding every
    // set any peer acknowledged (with its value). Counts what it checked.
    bool waitForConvergence(int timeoutMs, QString *error);

    // What peer's replica holds now (asks it for a dump).
    bool replicaOf(PeerProcess *peer, QJsonObject *replica, QString *error);

    // Sets of new keys (tracked: each must end up everywhere once acknowledged).
    int setsMade() const;
    int sharedSetsMade() const;
    int setsAcknowledged() const;
    // Sets of "shared" a peer refused: the replica already held a newer value,
    // from a peer whose clock was a little ahead (within the millisecond).
    int refusedSets() const;
    int checks() const { return m_checks; }
    int keysChecked() const { return m_keysChecked; }

private:
    QStringList spokeArguments(int index) const;
    QStringList hubArguments() const;
    bool waitForListening(QString *error);
    bool dumpAll(const QList<PeerProcess *> &peers, int timeoutMs, QString *error);
    QString describe() const;

    QString m_program;
    QString m_directory;
    PeerProcess *m_hub = nullptr;
    QList<PeerProcess *> m_spokes;
    QList<TcpProxy *> m_proxies;
    QHash<PeerProcess *, int> m_nextKey;
    int m_checks = 0;
    int m_keysChecked = 0;
};
