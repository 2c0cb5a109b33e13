// SPDX-License-Identifier: MIT
#include "sessionprovenance.h"

#include "replicadocument.h"
#include "replicasession.h"

using Origin = sb::ProvenanceEntry::Origin;

SessionProvenance::SessionProvenance(ReplicaSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    connect(session, &ReplicaSession::streamStarted, this,
            [this](sb::Stream *stream) { m_recorder.watch(stream); });
    connect(session, &ReplicaSession::replicaChanged, this, &SessionProvenance::onReplicaChanged);
    connect(session, &ReplicaSession::replicaAboutToChange, this, [this] {
        m_recorder.setReplica(nullptr, Origin::Unrecorded);
        emit restarted();
    });
    if (session->replica())
        onReplicaChanged();
}

void SessionProvenance::onReplicaChanged()
{
    const ReplicaDocument *document = m_session->document();
    // A read-only replica without a file is a trace being replayed into it.
    const bool replaying = document && !document->isFile() && document->isReadOnly();
    m_recorder.setReplica(m_session->replica(),
                          document && document->isFile() ? Origin::FileLoad : Origin::Unrecorded,
                          replaying);
    emit restarted();
}
