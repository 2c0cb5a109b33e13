// SPDX-License-Identifier: MIT
#include "comparesource.h"

#include "dialer.h"
#include "model.h"
#include "replicafilereader.h"
#include "replicatypes.h"
#include "stream.h"

#include <QFileInfo>
#include <QFileSystemWatcher>

using namespace sb;

QString CompareSource::Target::name() const
{
    return isFile() ? file : peer.address();
}

Result<CompareSource::Target> CompareSource::parseTarget(const QString &text)
{
    const QString trimmed = text.trimmed();
    Target target;
    const QFileInfo info(trimmed);
    if (!trimmed.isEmpty() && info.exists()) {
        if (info.isDir())
            return Error{tr("%1 is a directory, not a replica file").arg(trimmed)};
        target.file = info.absoluteFilePath();
        return target;
    }
    auto peer = PeerSpec::fromAddress(trimmed);
    if (peer) {
        target.peer = *peer;
        return target;
    }
    if (trimmed.endsWith(QStringLiteral(".sbreplica")) || trimmed.contains(u'/'))
        return Error{tr("%1: no such file").arg(trimmed)};
    return Error{tr("\"%1\" is neither a replica file nor HOST:PORT (%2)")
                         .arg(trimmed, peer.errorMessage())};
}

CompareSource::CompareSource(const Target &target, const QString &type, QObject *parent)
    : QObject(parent), m_target(target), m_type(type)
{ }

CompareSource::~CompareSource()
{
    // The dialer's stream refers to the replica and the guard: it goes first.
    delete m_dialer;
}

void CompareSource::setTls(const TlsIdentity &identity, std::shared_ptr<const TrustList> trust)
{
    m_tlsIdentity = identity;
    m_trust = std::move(trust);
}

void CompareSource::start()
{
    if (m_target.isFile()) {
        m_watcher = new QFileSystemWatcher(this);
        m_watcher->addPath(m_target.file);
        // A replica file is replaced by a rename when compacted: watch again.
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
            if (!m_watcher->files().contains(m_target.file))
                m_watcher->addPath(m_target.file);
            if (!m_reader && !hasFailed())
                readFile();
        });
        readFile();
        return;
    }
    m_replica = ReplicaTypes::create(m_type);
    if (!m_replica)
        m_replica = std::make_unique<Model>();
    // What the peer holds, however far ahead it was stamped.
    m_replica->setMaxClockSkew(0);

    StreamOptions options = m_target.peer.streamOptions();
    options.readable = true; // our digest, with our empty clock, and "SYNC"
    options.writable = true; // take in the peer's history and what follows
    options.tail = true;     // stay open: the view is live
    m_dialer = new Dialer(m_replica.get(), m_target.peer.host, m_target.peer.port, options);
    if (m_trust)
        m_dialer->enableTls(m_tlsIdentity, m_trust);
    connect(m_dialer, &Dialer::streamCreated, this, [this](Stream *stream) {
        stream->addWireTap(&m_guard);
        connect(stream, &Stream::synced, this, [this, stream] { onSynced(stream); });
    });
    connect(m_dialer, &Dialer::errorOccurred, this, [this](const QString &message) {
        const QString prefix = m_dialer->address() + QStringLiteral(": ");
        fail(message.startsWith(prefix) ? message.mid(prefix.size()) : message);
    });
    connect(m_dialer, &Dialer::streamEnded, this, &CompareSource::onStreamEnded);
    connect(m_replica.get(), &Scuttlebutt::updateApplied, this, [this] {
        if (m_guard.isViolated())
            return failWrote();
        if (m_ready)
            emit changed();
    });
    m_dialer->open();
}

Clock CompareSource::clock() const
{
    Clock clock = m_headerClock;
    if (m_replica) {
        const Clock &own = m_replica->clock();
        for (const QString &source : own.sources())
            clock.advance(source, own.latest(source));
    }
    return clock;
}

void CompareSource::readFile()
{
    ReplicaFileOptions options;
    options.access = ReplicaFileOptions::Access::ReadOnly; // never written, never locked
    m_reader = new ReplicaFileReader(m_target.file, options, this);
    connect(m_reader, &ReplicaFileReader::finished, this, &CompareSource::onFileRead);
    m_reader->start();
}

void CompareSource::onFileRead()
{
    ReplicaFileReader *reader = m_reader;
    m_reader = nullptr;
    reader->deleteLater();
    if (const auto &error = reader->error())
        return fail(error->message());
    if (reader->report().created)
        return fail(tr("the file is empty, not a replica file"));
    m_replica = reader->takeReplica();
    m_headerClock = reader->digest().clock;
    if (!m_ready) {
        m_ready = true;
        emit ready();
    } else {
        emit changed();
    }
}

void CompareSource::onSynced(Stream *stream)
{
    if (m_guard.isViolated())
        return failWrote();
    m_headerClock = stream->remoteDigest() ? stream->remoteDigest()->clock : Clock();
    if (!m_ready) {
        m_ready = true;
        emit ready();
    }
}

void CompareSource::onStreamEnded(Stream *stream)
{
    if (hasFailed())
        return;
    if (m_guard.isViolated())
        return failWrote();
    if (m_trust && !stream->remoteDigest())
        return fail(tr("closed the TLS connection before replicating: it refuses "
                       "peers whose certificate it has not pinned"));
    if (!stream->errorString().isEmpty())
        return fail(stream->errorString());
    fail(m_ready ? tr("closed the connection; the comparison shows what it held then")
                 : tr("closed the connection before it synced"));
}

void CompareSource::failWrote()
{
    fail(tr("Scuttlescope wrote more than its digest and \"SYNC\" to the peer, "
            "which a comparison must not (a bug; please report it): %1")
                 .arg(m_guard.violation()));
}

void CompareSource::fail(const QString &reason)
{
    if (hasFailed())
        return;
    m_error = QStringLiteral("%1: %2").arg(name(), reason);
    if (m_dialer)
        m_dialer->close();
    emit failed(m_error);
}
