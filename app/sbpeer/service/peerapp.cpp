// SPDX-License-Identifier: MIT
#include "peerapp.h"

#include "dialer.h"
#include "doc.h"
#include "events.h"
#include "jsoncodec.h"
#include "linecommandreader.h"
#include "model.h"
#include "replicafile.h"
#include "replicatypes.h"
#include "server.h"
#include "stream.h"
#include "tracewriter.h"

#include <QHostAddress>
#include <QTimer>

#include <cstdio>

using namespace sb;

namespace {
void writeLine(FILE *file, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), file);
    std::fputc('\n', file);
    std::fflush(file);
}

void say(const QString &message)
{
    writeLine(stderr, QByteArrayLiteral("sbpeer: ") + message.toUtf8());
}

QHostAddress listenAddress(const QString &host)
{
    if (host == u"localhost")
        return QHostAddress(QHostAddress::LocalHost);
    if (host == u"*" || host == u"0.0.0.0")
        return QHostAddress(QHostAddress::AnyIPv4);
    if (host == u"::")
        return QHostAddress(QHostAddress::AnyIPv6);
    return QHostAddress(host);
}
} // namespace

PeerApp::PeerApp(const PeerCommand &command, QObject *parent) : QObject(parent), m_command(command)
{ }

StreamOptions PeerApp::streamOptions() const
{
    StreamOptions options;
    options.dialect = m_command.dialect;
    options.meta = m_command.meta;
    options.name = m_command.name;
    options.maxLineLength = m_command.maxLineLength;
    options.maxQueuedBytes = m_command.maxQueuedBytes;
    options.maxUpdatesPerSecond = m_command.maxUpdatesPerSecond;
    options.handshakeTimeoutMs = m_command.handshakeTimeoutMs;
    options.lineTimeoutMs = m_command.lineTimeoutMs;
    options.idleTimeoutMs = m_command.idleTimeoutMs;
    options.tail = m_command.mode == PeerCommand::Mode::Sync ? false : m_command.tail;
    return options;
}

void PeerApp::start()
{
    auto security = PeerSecurity::load(m_command);
    if (!security)
        return fail(security.errorMessage());
    m_security = std::move(security).value();
    if (!m_command.file.isEmpty())
        return openFile();
    m_replica = ReplicaTypes::create(m_command.type, m_command.id).release();
    m_replica->setParent(this); // --type was checked against ReplicaTypes
    startReplica();
}

void PeerApp::openFile()
{
    ReplicaFileOptions options;
    options.durability = m_command.durability;
    options.groupCommitMs = m_command.groupCommitMs;
    options.dialect = m_command.fileDialect;
    options.compactTailBytes = m_command.compactBytes;
    options.id = m_security.signs() ? m_security.sourceId() : m_command.id;
    if (m_command.typeGiven)
        options.type = m_command.type;
    m_file = new ReplicaFile(m_command.file, options, this);
    connect(m_file, &ReplicaFile::failed, this, [this](const ReplicaFileError &error) {
        // The file's id is the replica's across restarts: it must be the key's.
        if (m_security.signs() && error.reason.contains(m_security.sourceId()))
            return fail(QStringLiteral("%1 (the id of --key %2); open it with the key it was "
                                       "made with, or use another --file")
                                .arg(error.message(), m_command.key));
        fail(error.message());
    });
    connect(m_file, &ReplicaFile::tornLineDropped, this,
            [](const ReplicaFileError &report) { say(report.message()); });
    connect(m_file, &ReplicaFile::errorOccurred, this, [this](const ReplicaFileError &error) {
        if (!m_replica)
            m_fileOpenError = error.message(); // said once loaded, as the reason to stop
        else
            say(error.message());
    });
    connect(m_file, &ReplicaFile::recovered, this, [this] {
        say(QStringLiteral("%1: writing works again; every update is saved").arg(m_command.file));
    });
    connect(m_file, &ReplicaFile::durable, this, &PeerApp::acknowledge);
    connect(m_file, &ReplicaFile::loaded, this, &PeerApp::onFileLoaded);
    m_file->open();
}

void PeerApp::onFileLoaded()
{
    if (!m_file->isWritable())
        return fail(m_fileOpenError.isEmpty()
                            ? QStringLiteral("%1: cannot write to the file").arg(m_command.file)
                            : m_fileOpenError);
    m_replica = m_file->replica();
    startReplica();
}

void PeerApp::startReplica()
{
    // Before --set, so that our first updates are signed too.
    m_security.install(m_replica);
    m_replica->setMaxClockSkew(m_command.maxClockSkewMs);
    for (const auto &[key, value] : std::as_const(m_command.sets)) {
        if (const auto applied = apply(key, value); !applied)
            return fail(QStringLiteral("cannot set \"%1\": %2").arg(key, applied.errorMessage()));
    }
    connect(m_replica, &Scuttlebutt::unverifiedDataReceived, this, &PeerApp::reportRejected);
    if (m_command.readCommands) {
        auto *reader = new LineCommandReader(this);
        connect(reader, &LineCommandReader::lineReceived, this, &PeerApp::handleCommandLine);
    }
    if (!m_command.traceFile.isEmpty()) {
        m_trace = new TraceWriter(this);
        connect(m_trace, &TraceWriter::failed, this, [](const QString &message) { say(message); });
        const QString dialect = Dialect::choiceName(m_command.dialect);
        const auto started
                = m_trace->start(m_command.traceFile, *m_replica,
                                 QStringLiteral("sbpeer " SCUTTLESCOPE_VERSION), dialect);
        if (!started)
            return fail(started.errorMessage());
    }
    if (m_command.mode == PeerCommand::Mode::Serve)
        startServing();
    else
        startDialing();
}

Result<Update> PeerApp::apply(const QString &key, const JsonValue &value)
{
    if (auto *model = qobject_cast<Model *>(m_replica))
        return model->set(key, value);
    if (auto *events = qobject_cast<Events *>(m_replica))
        return events->emitEvent(key, value);
    if (auto *doc = qobject_cast<Doc *>(m_replica)) {
        if (value.isNull())
            return doc->remove(key);
        if (!value.isObject())
            return Error{QStringLiteral("a doc row is set with an object of fields, or null to "
                                        "remove it")};
        return doc->set(key, value.toObject());
    }
    return Error{QStringLiteral("sbpeer cannot write to %1 replica")
                         .arg(ReplicaTypes::withArticle(m_replica->typeName()))};
}

void PeerApp::startServing()
{
    m_server = new Server(m_replica, streamOptions(), this);
    m_server->setMaxPeers(m_command.maxPeers);
    m_server->setMaxPeersPerAddress(m_command.maxPeersPerAddress);
    m_security.secure(m_server);
    const QHostAddress address = listenAddress(m_command.host);
    if (address.isNull())
        return fail(
                QStringLiteral("cannot listen on \"%1\": not an IP address").arg(m_command.host));
    if (!m_server->listen(address, m_command.port))
        return fail(QStringLiteral("cannot listen on %1:%2: %3")
                            .arg(m_command.host)
                            .arg(m_command.port)
                            .arg(m_server->errorString()));
    connect(m_server, &Server::streamCreated, this, [this](Stream *stream) {
        // A served peer's error ends that peer only: report it and go on.
        connect(stream, &Stream::errorOccurred, this, [](const QString &message) { say(message); });
        watchStream(stream);
    });
    connect(m_server, &Server::peerRefused, this, [](const QString &message) { say(message); });
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(m_server->serverAddress().toString())
            : m_server->serverAddress().toString();
    const QString listeningOn = QStringLiteral("%1:%2").arg(host).arg(m_server->serverPort());
    writeLine(stdout, QStringLiteral("listening %1").arg(listeningOn).toUtf8());
    emit listening(listeningOn);
}

void PeerApp::startDialing()
{
    m_dialer = new Dialer(m_replica, m_command.host, m_command.port, streamOptions(), this);
    m_security.secure(m_dialer);
    connect(m_dialer, &Dialer::streamCreated, this, &PeerApp::watchStream);
    // The dialer reports its stream's errors too: one line each, then exit 1.
    connect(m_dialer, &Dialer::errorOccurred, this,
            [this](const QString &message) { fail(message); });
    connect(m_dialer, &Dialer::streamEnded, this, [this](Stream *stream) {
        // A TLS server that has not pinned our certificate hangs up right after
        // the handshake, before a word of the protocol.
        if (m_security.usesTls() && !stream->remoteDigest())
            return fail(QStringLiteral("%1: closed the TLS connection before replicating: it "
                                       "refuses peers whose certificate it has not pinned (ours "
                                       "is %2)")
                                .arg(stream->peerName(), m_security.tlsFingerprint()));
        if (m_command.mode == PeerCommand::Mode::Sync && stream->isSynced()) {
            printReplica();
            finish(0);
        } else if (stream->state() == Stream::State::Failed) {
            finish(1);
        } else if (m_command.mode == PeerCommand::Mode::Sync) {
            fail(QStringLiteral("%1: closed before it synced").arg(stream->peerName()));
        } else {
            finish(0);
        }
    });
    if (m_command.mode == PeerCommand::Mode::Sync) {
        QTimer::singleShot(m_command.timeoutSeconds * 1000, this, [this] {
            fail(QStringLiteral("%1: not synced after %2 s")
                         .arg(m_dialer->address())
                         .arg(m_command.timeoutSeconds));
        });
    } else {
        connect(m_replica, &Scuttlebutt::updateApplied, this, &PeerApp::printUpdate);
    }
    m_dialer->open();
}

void PeerApp::watchStream(Stream *stream)
{
    if (m_trace)
        m_trace->watch(stream);
    connect(stream, &Stream::updateRejected, this,
            [this](const Update &, const QString &message) { reportTooFarAhead(message); });
    connect(stream, &Stream::limitReached, this, [](const QString &message) { say(message); });
    connect(stream, &Stream::synced, this,
            [stream] { say(QStringLiteral("%1: synced").arg(stream->peerName())); });
}

void PeerApp::reportRejected(const Update &update, const QString &reason)
{
    // A peer can send forgeries without end: past this many, they are only counted.
    constexpr qint64 kReportedAtMost = 100;
    ++m_rejectedCount;
    if (m_rejectedCount <= kReportedAtMost)
        say(QStringLiteral("rejected update \"%1\" from %2: %3")
                    .arg(update.key(), update.source(), reason));
    if (m_rejectedCount == kReportedAtMost)
        say(QStringLiteral("further rejected updates are only counted"));
}

void PeerApp::reportTooFarAhead(const QString &message)
{
    constexpr qint64 kReportedAtMost = 100;
    ++m_tooFarAheadCount;
    if (m_tooFarAheadCount <= kReportedAtMost)
        say(message);
    if (m_tooFarAheadCount == kReportedAtMost)
        say(QStringLiteral("further updates from the future are only counted"));
}

void PeerApp::handleCommandLine(const QByteArray &line)
{
    const QString text = QString::fromUtf8(line).trimmed();
    if (text.isEmpty() || m_done)
        return;
    if (text == u"dump")
        return printReplica();
    if (text == u"quit")
        return finish(0);
    const qsizetype space = text.indexOf(u' ');
    const QString verb = text.left(space);
    if (space > 0 && (verb == u"set" || verb == u"emit" || verb == u"rm")) {
        // rm KEY is set KEY=null: a Model deletes the key, a Doc removes the row.
        if (verb == u"rm" && qobject_cast<Events *>(m_replica))
            return say(QStringLiteral("stdin: an event log keeps every event; rm takes a model "
                                      "key or a doc row"));
        auto assignment = verb == u"rm" ? Result<QPair<QString, JsonValue>>(
                                  qMakePair(text.mid(space + 1).trimmed(), JsonValue(nullptr)))
                                        : PeerCommand::parseAssignment(text.mid(space + 1));
        if (!assignment)
            return say(QStringLiteral("stdin: %1").arg(assignment.errorMessage()));
        if (const auto applied = apply(assignment->first, assignment->second); !applied)
            return say(QStringLiteral("stdin: cannot set \"%1\": %2")
                               .arg(assignment->first, applied.errorMessage()));
        if (m_file)
            m_pendingAcks.emplace_back(m_file->sequence(), assignment->first);
        return;
    }
    say(QStringLiteral(
                "stdin: unknown command \"%1\" (set KEY=JSON, emit EVENT=JSON, rm KEY, dump, "
                "quit)")
                .arg(text));
}

void PeerApp::acknowledge(quint64 durableSequence)
{
    while (!m_pendingAcks.empty() && m_pendingAcks.front().first <= durableSequence) {
        writeLine(stdout, QByteArrayLiteral("ack ") + m_pendingAcks.front().second.toUtf8());
        m_pendingAcks.pop_front();
    }
}

void PeerApp::printReplica()
{
    if (auto *model = qobject_cast<Model *>(m_replica)) {
        model->writeJsonText([](QByteArrayView piece) {
            std::fwrite(piece.data(), 1, size_t(piece.size()), stdout);
        });
        writeLine(stdout, {});
    } else
        writeLine(stdout, JsonCodec::stringify(m_replica->toJson()));
}

void PeerApp::printUpdate(const Update &update)
{
    QByteArray line;
    Dialect::v5().appendUpdate(line, update);
    line.chop(1);
    writeLine(stdout, line);
}

void PeerApp::fail(const QString &message)
{
    if (m_done)
        return;
    say(message);
    finish(1);
}

void PeerApp::finish(int exitStatus)
{
    if (m_done)
        return;
    m_done = true;
    m_exitStatus = exitStatus;
    if (m_trace)
        m_trace->stop();
    if (m_rejectedCount > 0)
        say(QStringLiteral("%1 unverified update%2 rejected")
                    .arg(m_rejectedCount)
                    .arg(m_rejectedCount == 1 ? QString() : QStringLiteral("s")));
    if (m_tooFarAheadCount > 0)
        say(QStringLiteral("%1 update%2 stamped beyond the maximum clock skew rejected")
                    .arg(m_tooFarAheadCount)
                    .arg(m_tooFarAheadCount == 1 ? QString() : QStringLiteral("s")));
    const bool fileOpen = m_file
            && (m_file->state() == ReplicaFile::State::Open
                || m_file->state() == ReplicaFile::State::Loading);
    if (!fileOpen) {
        emit finished(exitStatus);
        return;
    }
    // Nothing new comes in while the file is compacted for the last time.
    if (m_server)
        m_server->close();
    if (m_dialer)
        m_dialer->close();
    connect(m_file, &ReplicaFile::closed, this, &PeerApp::onFileClosed);
    m_file->close();
}

void PeerApp::onFileClosed()
{
    const quint64 unsaved = m_file->sequence() - m_file->durableSequence();
    if (m_file->replica() && unsaved > 0) {
        say(QStringLiteral("%1: %2 updates could not be saved").arg(m_command.file).arg(unsaved));
        m_exitStatus = 1;
    }
    emit finished(m_exitStatus);
}

void PeerApp::shutdown()
{
    if (!m_done)
        return finish(0);
    if (m_file && m_file->state() == ReplicaFile::State::Closing) {
        say(QStringLiteral("%1: stopping before the file is compacted; its journal holds every "
                           "update written")
                    .arg(m_command.file));
        emit finished(1);
    }
}
