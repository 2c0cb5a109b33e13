// SPDX-License-Identifier: MIT
#pragma once

#include "keyprovenance.h"
#include "scuttlebutt.h"
#include "stream.h"
#include "wiretap.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace sb {

// Feeds a KeyProvenance: every update each watched stream reads, with the
// peer and what the replica did with it (a WireTap, so a full sync costs a
// ring slot per update and no signal), and the replica's own changes.
class ProvenanceRecorder : public QObject, private WireTap
{
    Q_OBJECT

public:
    explicit ProvenanceRecorder(qsizetype recentCapacity = KeyProvenance::kDefaultRecentCapacity,
                                qsizetype perKeyCapacity = KeyProvenance::kDefaultPerKeyCapacity,
                                QObject *parent = nullptr);
    ~ProvenanceRecorder() override;

    KeyProvenance &provenance() { return m_provenance; }
    const KeyProvenance &provenance() const { return m_provenance; }

    // Records for replica from now on, forgetting what was recorded: what it
    // holds came from heldOrigin (a file, or nothing yet). While replaying,
    // what it takes in outside a stream is a trace's.
    void setReplica(Scuttlebutt *replica, ProvenanceEntry::Origin heldOrigin,
                    bool replaying = false);
    Scuttlebutt *replica() const { return m_replica; }

    // Records what stream reads until it or this recorder goes.
    void watch(Stream *stream);

private:
    void onWireLine(const Stream &stream, const WireLine &line) override;
    void recordOwn(const Update &update, ProvenanceEntry::Origin origin,
                   ProvenanceEntry::Outcome outcome, const QString &reason = {});

    KeyProvenance m_provenance;
    QPointer<Scuttlebutt> m_replica;
    QList<QPointer<Stream>> m_streams;
    QHash<const Stream *, QString> m_peerOf; // looked up once per stream
};

} // namespace sb
