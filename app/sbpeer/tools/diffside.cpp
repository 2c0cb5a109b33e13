// SPDX-License-Identifier: MIT
#include "diffside.h"

#include "dialer.h"
#include "hostport.h"
#include "peersecurity.h"
#include "readonlyguard.h"
#include "replicafilereader.h"
#include "replicatypes.h"
#include "stream.h"
#include "wiretap.h"

#include <QFileInfo>
#include <QTimer>

using namespace sb;

Result<DiffSide::Target> DiffSide::parseTarget(const QString &text)
{
    Target target;
    const QFileInfo info(text);
    if (info.exists()) {
        if (info.isDir())
            return Error{QStringLiteral("%1 is a directory, not a replica file").arg(text)};
        target.file = text;
        return target;
    }
    const auto address = HostPort::parse(text);
    if (address) {
        target.host = address->host;
        target.port = address->port;
        return target;
    }
    if (text.endsWith(QStringLiteral(".sbreplica")) || text.contains(u'/'))
        return Error{QStringLiteral("%1: no such file").arg(text)};
    return Error{QStringLiteral("\"%1\" is neither a replica file nor HOST:PORT (address %2)")
                         .arg(text, address.errorMessage())};
}

DiffSide::DiffSide(const QString &label, const QString &text, const Target &target, QObject *parent)
    : QObject(parent), m_label(label), m_text(text), m_target(target)
{ }

DiffSide::~DiffSide()
{
    // The dialer's stream and tap refer to the replica: they go first.
    delete m_dialer;
}

void DiffSide::loadFile()
{
    ReplicaFileOptions options;
    options.access = ReplicaFileOptions::Access::ReadOnly; // never written, never locked
    m_reader = new ReplicaFileReader(m_target.file, options, this);
    connect(m_reader, &ReplicaFileReader::finished, this, &DiffSide::onFileRead);
    m_reader->start();
}

void DiffSide::onFileRead()
{
    if (const auto &error = m_reader->error())
        return fail(error->message());
    if (m_reader->report().created)
        return fail(QStringLiteral("%1: the file is empty, not a replica file").arg(m_target.file));
    m_replica = m_reader->takeReplica();
    m_id = m_replica->id();
    m_clock = m_reader->digest().clock;
    m_done = true;
    emit loaded();
}

void DiffSide::loadPeer(const QString &type, const StreamOptions &streamOptions,
                        const PeerSecurity &security, int timeoutSeconds)
{
    m_replica = ReplicaTypes::create(type); // a type ReplicaTypes knows: checked by DiffTool
    // What the peer holds, however far ahead it was stamped.
    m_replica->setMaxClockSkew(0);

    StreamOptions options = streamOptions;
    options.readable = true; // our digest, with our empty clock, and "SYNC"
    options.writable = true; // take in the peer's history
    options.tail = false;    // end once synced
    m_dialer = new Dialer(m_replica.get(), m_target.host, m_target.port, options);
    security.secure(m_dialer);
    m_usesTls = security.usesTls();
    m_tlsFingerprint = m_usesTls ? security.tlsFingerprint() : QString();
    m_guard = std::make_unique<ReadOnlyGuard>();
    connect(m_dialer, &Dialer::streamCreated, this,
            [this](Stream *stream) { stream->addWireTap(m_guard.get()); });
    connect(m_dialer, &Dialer::errorOccurred, this, [this](const QString &message) {
        // Our message names the peer already.
        const QString prefix = m_dialer->address() + QStringLiteral(": ");
        fail(message.startsWith(prefix) ? message.mid(prefix.size()) : message);
    });
    connect(m_dialer, &Dialer::streamEnded, this, &DiffSide::onStreamEnded);
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this, timeoutSeconds] {
        fail(QStringLiteral("not synced after %1 s").arg(timeoutSeconds));
    });
    m_timeout->start(timeoutSeconds * 1000);
    m_dialer->open();
}

void DiffSide::onStreamEnded(Stream *stream)
{
    if (m_done)
        return;
    if (m_guard->isViolated())
        return fail(QStringLiteral("sbpeer wrote more than its digest and \"SYNC\" to the peer "
                                   "(a bug; please report it): %1")
                            .arg(m_guard->violation()));
    if (m_usesTls && !stream->remoteDigest())
        return fail(QStringLiteral("closed the TLS connection before replicating: it refuses "
                                   "peers whose certificate it has not pinned (ours is %1)")
                            .arg(m_tlsFingerprint));
    if (!stream->isSynced())
        return fail(stream->errorString().isEmpty() ? QStringLiteral("closed before it synced")
                                                    : stream->errorString());
    m_id = stream->remoteDigest()->id;
    m_clock = stream->remoteDigest()->clock;
    m_done = true;
    m_timeout->stop();
    emit loaded();
}

void DiffSide::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    if (m_timeout)
        m_timeout->stop();
    if (m_dialer)
        m_dialer->close();
    emit failed(QStringLiteral("%1 (%2): %3").arg(m_label, m_text, reason));
}
