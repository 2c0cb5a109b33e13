// SPDX-License-Identifier: MIT
#pragma once

#include "provenancerecorder.h"

#include <QObject>

class ReplicaSession;

// The key provenance of a session: an sb::ProvenanceRecorder kept on the
// session's replica and every stream it starts, dialed or accepted, from
// before its first line. A new replica starts a new record, whose held
// updates came from its file (or a trace being replayed).
class SessionProvenance : public QObject
{
    Q_OBJECT

public:
    explicit SessionProvenance(ReplicaSession *session, QObject *parent = nullptr);

    ReplicaSession *session() const { return m_session; }
    sb::ProvenanceRecorder *recorder() { return &m_recorder; }
    const sb::KeyProvenance &provenance() const { return m_recorder.provenance(); }
    sb::KeyProvenance &provenance() { return m_recorder.provenance(); }

signals:
    // The record was started again for another replica.
    void restarted();

private:
    void onReplicaChanged();

    ReplicaSession *m_session;
    sb::ProvenanceRecorder m_recorder;
};
