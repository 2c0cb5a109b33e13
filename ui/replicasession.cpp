#include "replicasession.h"

#include "events.h"
#include "jsoncodec.h"
#include "model.h"
#include "peerconnection.h"
#include "server.h"
#include "stream.h"

#include <QSaveFile>

using namespace sb;

namespace {
StreamOptions acceptedStreamOptions()
{
    StreamOptions options;
    options.dialect = Dialect::Choice::Auto; // answer 4.x peers in kind
    return options;
}
} // namespace

ReplicaSession::ReplicaSession(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Severity>();
}

ReplicaSession::~ReplicaSession()
{
    // Streams and dialers refer to the replica: end them before it goes.
    for (PeerConnection *peer : std::as_const(m_peers)) {
        peer->disconnect(this);
        delete peer;
    }
    m_peers.clear();
    delete m_server;
    delete m_replica;
}

Model *ReplicaSession::model() const
{
    return qobject_cast<Model *>(m_replica);
}

Events *ReplicaSession::events() const
{
    return qobject_cast<Events *>(m_replica);
}

void ReplicaSession::newReplica(Scuttlebutt::Kind kind, const QString &id)
{
    if (m_replica)
        emit replicaAboutToChange();
    dropAllPeers();
    const bool wasListening = isListening();
    delete m_server;
    m_server = nullptr;
    if (m_replica) {
        m_replica->dispose();
        m_replica->deleteLater();
    }
    if (kind == Scuttlebutt::Kind::Model)
        m_replica = new Model(id, this);
    else
        m_replica = new Events(id, this);
    connect(m_replica, &Scuttlebutt::unverifiedDataReceived, this,
            [this](const Update &update, const QString &reason) {
                emit message(Severity::Warning,
                             QStringLiteral("Rejected update for \"%1\" from source %2: %3")
                                     .arg(update.key(), update.source(), reason));
            });
    emit replicaChanged(m_replica);
    if (wasListening)
        startServer();
}

std::optional<QString> ReplicaSession::listen(const QHostAddress &address, quint16 port)
{
    stopListening();
    m_listenAddress = address;
    m_listenPort = port;
    startServer();
    if (!isListening()) {
        const QString error = m_server ? m_server->errorString() : QStringLiteral("no replica");
        delete m_server;
        m_server = nullptr;
        emit listeningChanged();
        return QStringLiteral("Cannot listen on %1 port %2: %3")
                .arg(address.toString())
                .arg(port)
                .arg(error);
    }
    return std::nullopt;
}

void ReplicaSession::startServer()
{
    if (!m_replica)
        return;
    m_server = new Server(m_replica, acceptedStreamOptions(), this);
    connect(m_server, &Server::streamCreated, this,
            [this](Stream *stream) { addPeer(new PeerConnection(stream, this)); });
    connect(m_server, &Server::peerRefused, this,
            [this](const QString &text) { emit message(Severity::Warning, text); });
    if (m_server->listen(m_listenAddress, m_listenPort)) {
        m_listenPort = m_server->serverPort(); // keep a port picked by the system across New
        emit message(Severity::Info, QStringLiteral("Listening on %1").arg(listenAddress()));
        emit listeningChanged();
    }
}

void ReplicaSession::stopListening()
{
    if (!m_server)
        return;
    const QString address = listenAddress();
    m_server->close();
    m_server->deleteLater();
    m_server = nullptr;
    emit message(Severity::Info, QStringLiteral("Stopped listening on %1").arg(address));
    emit listeningChanged();
}

bool ReplicaSession::isListening() const
{
    return m_server && m_server->isListening();
}

QString ReplicaSession::listenAddress() const
{
    if (!isListening())
        return {};
    const QHostAddress address = m_server->serverAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(address.toString())
            : address.toString();
    return QStringLiteral("%1:%2").arg(host).arg(m_server->serverPort());
}

quint16 ReplicaSession::listenPort() const
{
    return isListening() ? m_server->serverPort() : 0;
}

PeerConnection *ReplicaSession::connectToPeer(const PeerSpec &spec)
{
    auto *peer = new PeerConnection(m_replica, spec, this);
    addPeer(peer);
    return peer;
}

void ReplicaSession::addPeer(PeerConnection *peer)
{
    m_peers.append(peer);
    connect(peer, &PeerConnection::changed, this, [this, peer] { emit peerChanged(peer); });
    connect(peer, &PeerConnection::message, this, &ReplicaSession::message);
    connect(peer, &PeerConnection::streamStarted, this, &ReplicaSession::streamStarted);
    connect(peer, &PeerConnection::streamEnded, this, &ReplicaSession::streamEnded);
    emit peerAdded(peer);
}

void ReplicaSession::removePeer(PeerConnection *peer)
{
    if (!m_peers.contains(peer))
        return;
    peer->disconnectPeer();
    peer->disconnect(this);
    m_peers.removeOne(peer);
    emit peerRemoved(peer);
    peer->deleteLater();
}

void ReplicaSession::removeInactivePeers()
{
    const QList<PeerConnection *> peers = m_peers;
    for (PeerConnection *peer : peers) {
        if (!peer->isActive())
            removePeer(peer);
    }
}

void ReplicaSession::dropAllPeers()
{
    const QList<PeerConnection *> peers = m_peers;
    for (PeerConnection *peer : peers)
        removePeer(peer);
}

std::optional<QString> ReplicaSession::exportJson(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    const Model *model = this->model();
    QByteArray text = model ? model->toJsonText() : JsonCodec::stringify(m_replica->toJson());
    text += '\n';
    file.write(text);
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}
