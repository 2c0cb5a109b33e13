// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "peerspec.h"
#include "replicadocument.h"
#include "scuttlebutt.h"
#include "severity.h"
#include "signaturechecker.h"
#include "tlsidentity.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class PeerConnection;

namespace sb {
class Doc;
class Events;
class Model;
class Server;
class Stream;
class TrustList;
} // namespace sb

// Owns the replica being inspected (through the ReplicaDocument that keeps
// it, in memory or in a file) and everything that replicates it: the
// listening Server, the peers we dial and the streams of both, and the key
// that signs its updates. Views never hold a replica longer than this session
// does: replicaAboutToChange() tells them to let go.
class ReplicaSession : public QObject
{
    Q_OBJECT

public:
    // What happens to dialed peers when the replica changes.
    enum class Peers { Drop, Redial };

    explicit ReplicaSession(QObject *parent = nullptr);
    ~ReplicaSession() override;

    ReplicaDocument *document() const { return m_document; }
    sb::Scuttlebutt *replica() const;
    sb::Model *model() const;   // nullptr unless the replica is a Model
    sb::Events *events() const; // nullptr unless the replica is an Events log
    sb::Doc *doc() const;       // nullptr unless the replica is a crdt Doc
    // A replica type's name as a title: "Model", "Events", "Doc".
    static QString typeTitle(const QString &type);

    // Replaces the replica with an empty one in memory (a fresh id when id is
    // empty). Dialed peers are dropped; a listening port stays open.
    // type: a name ReplicaTypes knows.
    void newReplica(const QString &type, const QString &id = {});
    // Takes over a Ready document and its replica. The previous document is
    // closed (its file compacted) and deleted once closed. Dialed peers are
    // dropped, or dialed again for the new replica.
    void setDocument(ReplicaDocument *document, Peers peers = Peers::Drop);
    // Drops every peer, stops listening and closes every document;
    // shutDownFinished() follows once every file is on disk.
    void shutDown();
    bool isShuttingDown() const { return m_shuttingDown; }

    // The trust list remote updates are verified against while signing; the
    // key ring edits it in place and calls notifyTrustChanged().
    void setTrustList(std::shared_ptr<const sb::TrustList> trust);
    std::shared_ptr<const sb::TrustList> trustList() const { return m_trust; }
    void notifyTrustChanged();
    // Signs our updates with key and applies a remote update only when it
    // verifies against the trust list. The replica takes the key's id, which
    // a replica file (whose id is fixed) refuses unless it already has it:
    // returns why not.
    std::optional<QString> setSigningKey(const QString &name, const sb::KeyPair &key);
    void clearSigningKey();
    bool isSigning() const { return !m_signingKey.isNull(); }
    QString signingKeyName() const { return m_signingKeyName; }
    const sb::KeyPair &signingKey() const { return m_signingKey; }
    SignatureChecker signatureChecker() const;

    // Starts accepting peers; returns why it could not.
    // With a TLS identity, accepted peers must speak TLS and present a
    // certificate pinned in the trust list.
    std::optional<QString> listen(const QHostAddress &address, quint16 port,
                                  const sb::TlsIdentity &tlsIdentity = {});
    bool isListeningWithTls() const { return isListening() && !m_listenTls.isNull(); }
    void stopListening();
    bool isListening() const;
    // "0.0.0.0:8000" while listening, else empty.
    QString listenAddress() const;
    quint16 listenPort() const;

    // A spec that uses TLS presents tlsIdentity (KeyRing::tlsIdentity loads it).
    PeerConnection *connectToPeer(const PeerSpec &spec, const sb::TlsIdentity &tlsIdentity = {});
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
    void signingChanged();
    // The trust list or the signing key changed: signatures read differently.
    void trustChanged();
    void shutDownFinished();

private:
    void addPeer(PeerConnection *peer);
    void startServer();
    void dropAllPeers();
    void retire(ReplicaDocument *document);
    void installSigning();

    QPointer<ReplicaDocument> m_document;
    QList<QPointer<ReplicaDocument>> m_closing;
    std::shared_ptr<const sb::TrustList> m_trust;
    sb::KeyPair m_signingKey;
    QString m_signingKeyName;
    bool m_shuttingDown = false;
    sb::Server *m_server = nullptr;
    QHostAddress m_listenAddress;
    quint16 m_listenPort = 0;
    sb::TlsIdentity m_listenTls;
    QList<PeerConnection *> m_peers;
};
