// SPDX-License-Identifier: MIT
#pragma once

#include "peercommand.h"
#include "peersecurity.h"
#include "result.h"
#include "streamoptions.h"
#include "update.h"

#include <QObject>

#include <deque>
#include <utility>

namespace sb {
class TraceWriter;
class Dialer;
class ReplicaFile;
struct ReplicaFileError;
class Scuttlebutt;
class Server;
class Stream;
class Update;
} // namespace sb

// Runs one sbpeer command on the event loop and says when it is done. With
// --file the replica is loaded before any networking and the file is closed
// (compacted) before finished() is emitted.
class PeerApp : public QObject
{
    Q_OBJECT

public:
    explicit PeerApp(const PeerCommand &command, QObject *parent = nullptr);

    // Begins the command; finished() carries the exit status.
    void start();
    // SIGINT/SIGTERM: stop, save the file, then finished(0). Asked again
    // while saving, it gives up at once (the file's journal is whole anyway).
    void shutdown();

signals:
    // serve: the replica is loaded and peers can connect to address (HOST:PORT).
    void listening(const QString &address);
    void finished(int exitStatus);

private:
    sb::StreamOptions streamOptions() const;
    void openFile();
    void onFileLoaded();
    void startReplica();
    void startServing();
    void startDialing();
    void watchStream(sb::Stream *stream);
    void reportRejected(const sb::Update &update, const QString &reason);
    void reportTooFarAhead(const QString &message);
    void handleCommandLine(const QByteArray &line);
    // Sets key (a Model) or emits it (Events); returns the update or why not.
    sb::Result<sb::Update> apply(const QString &key, const sb::JsonValue &value);
    void acknowledge(quint64 durableSequence);
    void printReplica();
    void printUpdate(const sb::Update &update);
    void fail(const QString &message);
    void finish(int exitStatus);
    void onFileClosed();

    PeerCommand m_command;
    PeerSecurity m_security;
    sb::Scuttlebutt *m_replica = nullptr;
    sb::ReplicaFile *m_file = nullptr;
    sb::Server *m_server = nullptr;
    sb::Dialer *m_dialer = nullptr;
    sb::TraceWriter *m_trace = nullptr;
    std::deque<std::pair<quint64, QString>> m_pendingAcks; // sequence, key
    QString m_fileOpenError;
    qint64 m_rejectedCount = 0;
    qint64 m_tooFarAheadCount = 0;
    int m_exitStatus = 0;
    bool m_done = false;
};
