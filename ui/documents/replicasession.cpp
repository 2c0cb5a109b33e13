// SPDX-License-Identifier: MIT
#include "replicasession.h"

#include "doc.h"
#include "events.h"
#include "jsoncodec.h"
#include "model.h"
#include "peerconnection.h"
#include "replicadocument.h"
#include "server.h"
#include "stream.h"
#include "trustlist.h"
#include "updatesigning.h"

#include <QSaveFile>
#include <QTimer>

using namespace sb;

namespace {
StreamOptions acceptedStreamOptions()
{
    StreamOptions options;
    options.dialect = Dialect::Choice::Auto; // answer 4.x peers in kind
    return options;
}
} // namespace

ReplicaSession::ReplicaSession(QObject *parent)
    : QObject(parent), m_trust(std::make_shared<TrustList>())
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
    // A file still closing keeps what its journal holds; the rest goes with it.
    delete m_document.data();
    qDeleteAll(m_closing);
}

Scuttlebutt *ReplicaSession::replica() const
{
    return m_document ? m_document->replica() : nullptr;
}

Model *ReplicaSession::model() const
{
    return qobject_cast<Model *>(replica());
}

Events *ReplicaSession::events() const
{
    return qobject_cast<Events *>(replica());
}

Doc *ReplicaSession::doc() const
{
    return qobject_cast<Doc *>(replica());
}

QString ReplicaSession::typeTitle(const QString &type)
{
    return type.isEmpty() ? type : type.front().toUpper() + type.mid(1);
}

void ReplicaSession::newReplica(const QString &type, const QString &id)
{
    setDocument(ReplicaDocument::createInMemory(type, id));
}

void ReplicaSession::setDocument(ReplicaDocument *document, Peers peers)
{
    Q_ASSERT(document && document->replica());
    if (m_document)
        emit replicaAboutToChange();
    QList<std::pair<PeerSpec, TlsIdentity>> redial;
    if (peers == Peers::Redial) {
        for (PeerConnection *peer : std::as_const(m_peers)) {
            if (peer->direction() == PeerConnection::Direction::Dialed && peer->isActive())
                redial.append({peer->spec(), peer->tlsIdentity()});
        }
    }
    dropAllPeers();
    const bool wasListening = isListening();
    delete m_server;
    m_server = nullptr;
    if (m_document) {
        replica()->dispose();
        retire(m_document);
    }
    m_document = document;
    document->setParent(this);
    connect(document, &ReplicaDocument::message, this, &ReplicaSession::message);
    Scuttlebutt *replica = document->replica();
    connect(replica, &Scuttlebutt::unverifiedDataReceived, this,
            [this](const Update &update, const QString &reason) {
                emit message(Severity::Warning,
                             tr("Rejected update for \"%1\" from source %2: %3")
                                     .arg(update.key(), update.source(), reason));
            });
    // A key binds its replica's id: it signs only a replica that has that id.
    if (isSigning() && m_signingKey.sourceId() != replica->id()) {
        m_signingKey = KeyPair();
        m_signingKeyName.clear();
        emit signingChanged();
    }
    installSigning();
    emit replicaChanged(replica);
    if (wasListening)
        startServer();
    for (const auto &[spec, tlsIdentity] : std::as_const(redial))
        connectToPeer(spec, tlsIdentity);
}

void ReplicaSession::retire(ReplicaDocument *document)
{
    document->disconnect(this);
    m_closing.append(document);
    connect(document, &ReplicaDocument::closed, this, [this, document] {
        m_closing.removeAll(document);
        document->deleteLater();
        if (m_shuttingDown && m_closing.isEmpty())
            emit shutDownFinished();
    });
    document->close();
}

void ReplicaSession::shutDown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    dropAllPeers();
    stopListening();
    if (m_document) {
        emit replicaAboutToChange();
        replica()->dispose();
        retire(m_document);
        m_document = nullptr;
    }
    m_closing.removeAll(nullptr);
    if (m_closing.isEmpty())
        QTimer::singleShot(0, this, &ReplicaSession::shutDownFinished);
}

void ReplicaSession::setTrustList(std::shared_ptr<const TrustList> trust)
{
    m_trust = trust ? std::move(trust) : std::make_shared<TrustList>();
    installSigning();
    emit trustChanged();
}

void ReplicaSession::notifyTrustChanged()
{
    emit trustChanged();
}

std::optional<QString> ReplicaSession::setSigningKey(const QString &name, const KeyPair &key)
{
    if (!replica())
        return tr("There is no replica to sign.");
    if (m_document->isFile() && replica()->id() != key.sourceId())
        return tr("%1 keeps the id %2 across restarts, so it cannot take the id of "
                  "key \"%3\" (%4). Sign a new replica with this key instead.")
                .arg(m_document->fileName(), replica()->id(), name, key.sourceId());
    m_signingKey = key;
    m_signingKeyName = name;
    installSigning();
    emit message(Severity::Info,
                 tr("Signing updates with key \"%1\"; this replica's id is now %2")
                         .arg(name, key.sourceId()));
    emit signingChanged();
    emit trustChanged();
    return std::nullopt;
}

void ReplicaSession::clearSigningKey()
{
    if (!isSigning())
        return;
    m_signingKey = KeyPair();
    m_signingKeyName.clear();
    installSigning();
    emit message(Severity::Info, tr("Updates are no longer signed nor verified"));
    emit signingChanged();
    emit trustChanged();
}

void ReplicaSession::installSigning()
{
    Scuttlebutt *replica = this->replica();
    if (!replica)
        return;
    if (isSigning()) {
        UpdateSigning::install(replica, m_signingKey, m_trust);
    } else {
        replica->setSigner({});
        replica->setVerifier({});
    }
}

SignatureChecker ReplicaSession::signatureChecker() const
{
    return SignatureChecker(m_trust, m_signingKeyName, m_signingKey.publicKey());
}

std::optional<QString> ReplicaSession::listen(const QHostAddress &address, quint16 port,
                                              const TlsIdentity &tlsIdentity)
{
    stopListening();
    m_listenAddress = address;
    m_listenPort = port;
    m_listenTls = tlsIdentity;
    startServer();
    if (!isListening()) {
        const QString error = m_server ? m_server->errorString() : tr("no replica is open yet");
        delete m_server;
        m_server = nullptr;
        emit listeningChanged();
        return tr("Cannot listen on %1 port %2: %3").arg(address.toString()).arg(port).arg(error);
    }
    return std::nullopt;
}

void ReplicaSession::startServer()
{
    if (!replica())
        return;
    m_server = new Server(replica(), acceptedStreamOptions(), this);
    if (!m_listenTls.isNull())
        m_server->enableTls(m_listenTls, m_trust ? m_trust : std::make_shared<const TrustList>());
    connect(m_server, &Server::streamCreated, this,
            [this](Stream *stream) { addPeer(new PeerConnection(stream, this)); });
    connect(m_server, &Server::peerRefused, this,
            [this](const QString &text) { emit message(Severity::Warning, text); });
    if (m_server->listen(m_listenAddress, m_listenPort)) {
        m_listenPort = m_server->serverPort(); // keep a port picked by the system across New
        emit message(Severity::Info,
                     m_listenTls.isNull()
                             ? tr("Listening on %1").arg(listenAddress())
                             : tr("Listening on %1 over TLS as %2 (certificate %3): "
                                  "peers whose certificates are pinned get in")
                                       .arg(listenAddress(),
                                            m_listenTls.certificate().subjectDisplayName(),
                                            m_listenTls.fingerprint()));
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
    emit message(Severity::Info, tr("Stopped listening on %1").arg(address));
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

PeerConnection *ReplicaSession::connectToPeer(const PeerSpec &spec, const TlsIdentity &tlsIdentity)
{
    if (!replica())
        return nullptr;
    auto *peer = new PeerConnection(replica(), spec, tlsIdentity, m_trust, this);
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
    // An accepted peer took its stream in its constructor, before these
    // connections; the stream has not started yet, so taps still see it whole.
    if (peer->direction() == PeerConnection::Direction::Accepted && peer->stream())
        emit streamStarted(peer->stream());
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
    if (!replica())
        return tr("Cannot write %1: there is no replica yet").arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    const Model *model = this->model();
    QByteArray text = model ? model->toJsonText() : JsonCodec::stringify(replica()->toJson());
    text += '\n';
    file.write(text);
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}
