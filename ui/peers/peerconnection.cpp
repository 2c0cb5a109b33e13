// SPDX-License-Identifier: MIT
#include "peerconnection.h"

#include "dialer.h"
#include "format.h"
#include "stream.h"

#include "trustlist.h"

#include <QDateTime>
#include <QSslSocket>

using namespace sb;

namespace {
void add(StreamStats &total, const StreamStats &more)
{
    total.bytesIn += more.bytesIn;
    total.bytesOut += more.bytesOut;
    total.linesIn += more.linesIn;
    total.updatesIn += more.updatesIn;
    total.updatesOut += more.updatesOut;
    total.oldDataIn += more.oldDataIn;
    total.unverifiedIn += more.unverifiedIn;
}
} // namespace

PeerConnection::PeerConnection(Scuttlebutt *replica, const PeerSpec &spec,
                               const TlsIdentity &tlsIdentity,
                               std::shared_ptr<const TrustList> trust, QObject *parent)
    : QObject(parent), m_direction(Direction::Dialed), m_spec(spec),
      m_dialer(new Dialer(replica, spec.host, spec.port, spec.streamOptions(), this)),
      m_peerName(spec.label()), m_tlsIdentity(tlsIdentity), m_usesTls(spec.usesTls())
{
    if (m_usesTls) {
        // No trust list yet: none pinned, so every peer is refused, fingerprint shown.
        m_dialer->enableTls(tlsIdentity, trust ? trust : std::make_shared<const TrustList>());
        connect(m_dialer, &Dialer::certificateRefused, this, [this](const QString &fingerprint) {
            m_peerFingerprint = fingerprint;
            m_refusedUnpinned = true;
            emit changed();
        });
    }
    m_dialer->setReconnect(true);
    m_dialer->setBackoff(500, 30000);
    connect(m_dialer, &Dialer::streamCreated, this, &PeerConnection::watch);
    connect(m_dialer, &Dialer::streamEnded, this, &PeerConnection::onStreamEnded);
    connect(m_dialer, &Dialer::stateChanged, this, &PeerConnection::updateState);
    connect(m_dialer, &Dialer::retryScheduled, this, [this](int delayMs) {
        m_retryAt = QDateTime::currentMSecsSinceEpoch() + delayMs;
        updateState();
    });
    connect(m_dialer, &Dialer::errorOccurred, this, [this](const QString &text) {
        m_lastError = text;
        emit message(Severity::Error, text);
        emit changed();
    });
    m_dialer->open();
}

PeerConnection::PeerConnection(Stream *stream, QObject *parent)
    : QObject(parent), m_direction(Direction::Accepted), m_peerName(stream->peerName())
{
    connect(stream, &Stream::errorOccurred, this, [this](const QString &text) {
        m_lastError = text;
        emit message(Severity::Error, text);
        emit changed();
    });
    connect(stream, &Stream::closed, this, [this, stream] { onStreamEnded(stream); });
    watch(stream);
}

PeerConnection::~PeerConnection() = default;

QString PeerConnection::label() const
{
    return m_direction == Direction::Dialed ? m_spec.label() : m_peerName;
}

QString PeerConnection::address() const
{
    if (m_direction == Direction::Dialed)
        return m_spec.address();
    return m_peerName.startsWith(u"peer ") ? m_peerName.mid(5) : m_peerName;
}

Stream *PeerConnection::stream() const
{
    return m_stream && m_stream->isOpen() ? m_stream.data() : nullptr;
}

StreamStats PeerConnection::stats() const
{
    StreamStats total = m_endedTotals;
    add(total, m_stream ? m_stream->stats() : m_current);
    return total;
}

bool PeerConnection::isActive() const
{
    return m_state != State::Disconnected && m_state != State::Closed && m_state != State::Failed;
}

QString PeerConnection::stateName(State state)
{
    switch (state) {
    case State::Connecting:
        return tr("connecting");
    case State::Handshaking:
        return tr("awaiting digest");
    case State::Syncing:
        return tr("syncing");
    case State::Synced:
        return tr("synced");
    case State::Retrying:
        return tr("retrying");
    case State::Disconnected:
        return tr("disconnected");
    case State::Closed:
        return tr("closed");
    case State::Failed:
        return tr("error");
    }
    return {};
}

QString PeerConnection::stateText() const
{
    if (m_state == State::Retrying)
        return tr("retrying in %1")
                .arg(Format::duration(
                        qMax<qint64>(0, m_retryAt - QDateTime::currentMSecsSinceEpoch())));
    return stateName(m_state);
}

void PeerConnection::disconnectPeer()
{
    if (m_dialer) {
        m_dialer->close();
        setState(State::Disconnected);
    } else if (m_stream) {
        m_stream->close();
    }
}

void PeerConnection::reconnect()
{
    if (!m_dialer)
        return;
    m_lastError.clear();
    m_dialer->open();
    updateState();
}

void PeerConnection::watch(Stream *stream)
{
    m_stream = stream;
    m_peerName = stream->peerName();
    m_current = {};
    // Over TLS, a stream starts only once the peer's certificate was pinned.
    if (m_dialer && m_usesTls) {
        m_peerFingerprint = m_dialer->peerFingerprint();
        m_refusedUnpinned = false;
    } else if (const auto *ssl = qobject_cast<const QSslSocket *>(stream->device())) {
        m_usesTls = true;
        m_peerFingerprint = TlsIdentity::fingerprintOf(ssl->peerCertificate());
    }
    connect(stream, &Stream::stateChanged, this, &PeerConnection::updateState);
    // Updates refused by policy (clock skew) and limits hit: the stream goes on.
    connect(stream, &Stream::updateRejected, this,
            [this](const Update &, const QString &text) { emit message(Severity::Warning, text); });
    connect(stream, &Stream::limitReached, this,
            [this](const QString &text) { emit message(Severity::Warning, text); });
    connect(stream, &Stream::headerReceived, this, [this](const Digest &digest) {
        m_remoteId = digest.id;
        emit changed();
    });
    connect(stream, &Stream::synced, this, [this, stream] {
        m_dialectVersion = stream->dialectVersion();
        m_lastError.clear();
        emit message(Severity::Info,
                     tr("%1: synced (sent %2, received %3 updates)")
                             .arg(stream->peerName())
                             .arg(stream->stats().updatesOut)
                             .arg(stream->stats().updatesIn));
        updateState();
    });
    m_dialectVersion = stream->dialectVersion();
    emit message(Severity::Info, tr("%1: connected").arg(stream->peerName()));
    emit streamStarted(stream);
    updateState();
}

void PeerConnection::onStreamEnded(Stream *stream)
{
    if (stream != m_stream)
        return;
    m_current = stream->stats();
    add(m_endedTotals, m_current);
    m_current = {};
    if (stream->state() == Stream::State::Closed)
        emit message(Severity::Info, tr("%1: connection closed").arg(stream->peerName()));
    m_stream = nullptr;
    emit streamEnded(stream);
    if (m_direction == Direction::Accepted)
        setState(stream->state() == Stream::State::Failed ? State::Failed : State::Closed);
    else
        updateState();
}

void PeerConnection::updateState()
{
    if (m_stream) {
        switch (m_stream->state()) {
        case Stream::State::Idle:
        case Stream::State::AwaitingHeader:
            return setState(State::Handshaking);
        case Stream::State::Syncing:
            return setState(State::Syncing);
        case Stream::State::Synced:
            return setState(State::Synced);
        case Stream::State::Closed:
        case Stream::State::Failed:
            break;
        }
    }
    if (!m_dialer)
        return;
    switch (m_dialer->state()) {
    case Dialer::State::Connecting:
    case Dialer::State::Connected:
        return setState(State::Connecting);
    case Dialer::State::WaitingToRetry:
        return setState(State::Retrying);
    case Dialer::State::Idle:
        return setState(m_state == State::Disconnected || m_lastError.isEmpty()
                                ? State::Disconnected
                                : State::Failed);
    }
}

void PeerConnection::setState(State state)
{
    if (m_state == state && state != State::Retrying)
        return;
    m_state = state;
    emit changed();
}
