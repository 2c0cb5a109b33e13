// SPDX-License-Identifier: MIT
#pragma once

#include "severity.h"

#include <QObject>

#include <optional>

class ReplicaSession;

namespace sb {
class TraceWriter;
}

// Peers ▸ Record Trace: writes what the replica holds and then every line of
// every stream of the session, dialed and accepted, to a trace file
// (sb::TraceWriter's .sbtrace), until stopped, until the replica changes (a
// trace is of one replica) or until a write fails.
class TraceRecording : public QObject
{
    Q_OBJECT

public:
    explicit TraceRecording(ReplicaSession *session, QObject *parent = nullptr);
    ~TraceRecording() override;

    // Starts recording to fileName (replacing it); returns why it could not.
    std::optional<QString> start(const QString &fileName);
    void stop();
    bool isRecording() const;
    QString fileName() const;
    qint64 linesWritten() const;

signals:
    void recordingChanged(bool recording);
    void message(Severity severity, const QString &text);

private:
    void finish(Severity severity, const QString &why);

    ReplicaSession *m_session;
    sb::TraceWriter *m_writer = nullptr;
};
