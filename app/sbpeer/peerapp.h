#pragma once

#include "peercommand.h"
#include "streamoptions.h"

#include <QObject>

namespace sb {
class Dialer;
class Scuttlebutt;
class Server;
class Stream;
}

// Runs one sbpeer command on the event loop and says when it is done.
class PeerApp : public QObject
{
    Q_OBJECT

public:
    explicit PeerApp(const PeerCommand &command, QObject *parent = nullptr);

    // Begins the command; finished() carries the exit status.
    void start();

signals:
    void finished(int exitStatus);

private:
    sb::StreamOptions streamOptions() const;
    void startServing();
    void startDialing();
    void watchStream(sb::Stream *stream);
    void handleCommandLine(const QByteArray &line);
    bool apply(const QString &key, const sb::JsonValue &value);
    void printReplica();
    void printUpdate(const sb::Update &update);
    void fail(const QString &message);
    void finish(int exitStatus);

    PeerCommand m_command;
    sb::Scuttlebutt *m_replica = nullptr;
    sb::Server *m_server = nullptr;
    sb::Dialer *m_dialer = nullptr;
    bool m_done = false;
};
