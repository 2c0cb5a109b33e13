// SPDX-License-Identifier: MIT
#pragma once

#include "severity.h"
#include "tracerecord.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class ReplicaDocument;
class ReplicaSession;
class WireModel;

namespace sb {
class Scuttlebutt;
class TraceReader;
} // namespace sb

// File ▸ Open Trace: shows a trace file (.sbtrace) as the session it
// recorded. A trace is read twice, a slice per turn of the event loop, never
// whole: first checked to the end (replayed into a scratch replica), so that
// a bad header, a malformed line or a file cut short is refused, naming the
// line, while the current replica stays; then replayed into a fresh
// read-only replica the session shows, each wire line into the Wire dock and
// each update into the replica, so that the timeline can step through it.
class TracePlayer : public QObject
{
    Q_OBJECT

public:
    enum class Phase { Idle, Checking, Replaying };
    Q_ENUM(Phase)

    TracePlayer(ReplicaSession *session, WireModel *wire, QObject *parent = nullptr);
    ~TracePlayer() override;

    void open(const QString &fileName);
    // Stops a check or replay under way (a replay keeps what it replayed).
    void cancel();
    Phase phase() const { return m_phase; }
    QString fileName() const { return m_fileName; }

    // How long a slice may hold the event loop.
    static constexpr int kSliceMs = 12;

signals:
    void progress(qint64 bytesRead, qint64 bytesTotal);
    void phaseChanged(TracePlayer::Phase phase);
    // The trace could not be shown; nothing changed.
    void failed(const QString &fileName, const QString &reason);
    // Every line of the trace is in the Wire dock and the replica.
    void replayed(const QString &fileName);
    void message(Severity severity, const QString &text);

private:
    bool startReading();
    void checkSlice();
    void replaySlice();
    void startReplay();
    void setPhase(Phase phase);
    void fail(const QString &reason);

    ReplicaSession *m_session;
    WireModel *m_wire;
    QString m_fileName;
    Phase m_phase = Phase::Idle;
    std::unique_ptr<sb::TraceReader> m_reader;
    sb::TraceHeader m_header;
    std::unique_ptr<sb::Scuttlebutt> m_scratch;
    QPointer<ReplicaDocument> m_document;
    qint64 m_wireLines = 0;
    QTimer m_slices;
};
