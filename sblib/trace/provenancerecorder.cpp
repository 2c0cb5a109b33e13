// SPDX-License-Identifier: MIT
#include "provenancerecorder.h"

#include "scuttlebutt.h"
#include "stream.h"

namespace sb {

using Origin = ProvenanceEntry::Origin;
using Outcome = ProvenanceEntry::Outcome;

ProvenanceRecorder::ProvenanceRecorder(qsizetype recentCapacity, qsizetype perKeyCapacity,
                                       QObject *parent)
    : QObject(parent), m_provenance(recentCapacity, perKeyCapacity)
{ }

ProvenanceRecorder::~ProvenanceRecorder()
{
    for (const QPointer<Stream> &stream : std::as_const(m_streams)) {
        if (stream)
            stream->removeWireTap(this);
    }
}

void ProvenanceRecorder::setReplica(Scuttlebutt *replica, Origin heldOrigin, bool replaying)
{
    if (m_replica)
        disconnect(m_replica, nullptr, this, nullptr);
    m_replica = replica;
    m_provenance.clear(heldOrigin);
    if (!replica)
        return;
    connect(replica, &Scuttlebutt::localUpdateApplied, this, [this](const Update &update) {
        recordOwn(update, Origin::LocalEdit, Outcome::Applied);
    });
    if (!replaying)
        return;
    // A replay takes lines in through receive(), outside any stream.
    connect(replica, &Scuttlebutt::updateApplied, this, [this](const Update &update) {
        recordOwn(update, Origin::TraceReplay, Outcome::Applied);
    });
    connect(replica, &Scuttlebutt::oldDataReceived, this, [this](const Update &update) {
        recordOwn(update, Origin::TraceReplay, Outcome::OldData);
    });
    connect(replica, &Scuttlebutt::unverifiedDataReceived, this,
            [this](const Update &update, const QString &reason) {
                recordOwn(update, Origin::TraceReplay, Outcome::Unverified, reason);
            });
}

void ProvenanceRecorder::watch(Stream *stream)
{
    if (m_peerOf.contains(stream))
        return;
    m_streams.append(stream);
    m_peerOf.insert(stream, stream->peerName());
    stream->addWireTap(this);
    // The pointer is only a key here: the stream is gone when this runs.
    connect(stream, &QObject::destroyed, this, [this, stream] {
        m_peerOf.remove(stream);
        m_streams.removeIf([](const QPointer<Stream> &stream) { return stream.isNull(); });
    });
}

void ProvenanceRecorder::recordOwn(const Update &update, Origin origin, Outcome outcome,
                                   const QString &reason)
{
    ProvenanceEntry entry;
    entry.update = update;
    entry.origin = origin;
    entry.outcome = outcome;
    entry.reason = reason;
    entry.nanoseconds = WireLine::now();
    m_provenance.record(std::move(entry));
}

void ProvenanceRecorder::onWireLine(const Stream &stream, const WireLine &line)
{
    if (!line.update)
        return;
    ProvenanceEntry entry;
    switch (line.outcome) {
    case WireLine::Outcome::Applied:
        entry.outcome = Outcome::Applied;
        break;
    case WireLine::Outcome::OldData:
        entry.outcome = Outcome::OldData;
        break;
    case WireLine::Outcome::NotApplied:
        entry.outcome = Outcome::NotApplied;
        break;
    case WireLine::Outcome::Unverified:
        entry.outcome = Outcome::Unverified;
        break;
    case WireLine::Outcome::Rejected:
        entry.outcome = Outcome::Rejected;
        break;
    case WireLine::Outcome::None:
    case WireLine::Outcome::Refused:
        return; // not handed to the replica
    }
    entry.update = *line.update;
    entry.origin = Origin::Peer;
    entry.peer = m_peerOf.value(&stream);
    entry.reason = line.reason;
    entry.nanoseconds = line.nanoseconds;
    m_provenance.record(std::move(entry));
}

} // namespace sb
