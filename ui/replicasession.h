#pragma once

#include "peerspec.h"
#include "scuttlebutt.h"
#include "severity.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <optional>

class PeerConnection;

namespace sb {
class Events;
class Model;
class Server;
class Stream;
} // namespace sb

// Owns the replica being inspected and everything that replicates it: the
// listening Server, the peers we dial and the streams of both. Views never
// hold a replica longer than this session does: replicaAboutToChange() tells
// them to let go. Replica files (open, save, autosave) plug in here.
class ReplicaSession : public QObject
{
    Q_OBJECT

public:
    explicit ReplicaSession(QObject *parent = nullptr);
    ~ReplicaSession() override;

    sb::Scuttlebutt *replica() const { return m_replica; }
    sb::Model *model() const; // nullptr unless the replica is a Model
    sb::Events *events() const; // nullptr unless the replica is an Events log

    // Replaces the replica with an empty one (a fresh id when id is empty).
    // Dialed peers are dropped; a listening port stays open for the new one.
    void newReplica(sb::Scuttlebutt::Kind kind, const QString &id = {});

    // Starts accepting peers; returns why it could not.
    std::optional<QString> listen(const QHostAddress &address, quint16 port);
    void stopListening();
    bool isListening() const;
    // "0.0.0.0:8000" while listening, else empty.
    QString listenAddress() const;
    quint16 listenPort() const;

    PeerConnection *connectToPeer(const PeerSpec &spec);
    const QList<PeerConnection *> &peers() const { return m_peers; }
    // Disconnects peer and drops it from the list.
    void removePeer(PeerConnection *peer);
    // Drops every peer that is no longer connected or retrying.
    void removeInactivePeers();

    // Writes the replica as node's JSON.stringify shows it; returns why it could not.
    std::optional<QString> exportJson(const QString &path) const;

signals:
    void replicaAboutToChange();
    void replicaChanged(sb::Scuttlebutt *replica);
    void listeningChanged();
    void peerAdded(PeerConnection *peer);
    void peerRemoved(PeerConnection *peer);
    void peerChanged(PeerConnection *peer);
    void streamStarted(sb::Stream *stream);
    void streamEnded(sb::Stream *stream);
    void message(Severity severity, const QString &text);

private:
    void addPeer(PeerConnection *peer);
    void startServer();
    void dropAllPeers();

    sb::Scuttlebutt *m_replica = nullptr;
    sb::Server *m_server = nullptr;
    QHostAddress m_listenAddress;
    quint16 m_listenPort = 0;
    QList<PeerConnection *> m_peers;
};
