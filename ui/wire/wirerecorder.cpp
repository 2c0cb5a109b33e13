// SPDX-License-Identifier: MIT
#include "wirerecorder.h"

#include "replicasession.h"
#include "stream.h"
#include "wiremodel.h"

WireRecorder::WireRecorder(ReplicaSession *session, WireModel *model, QObject *parent)
    : QObject(parent), m_model(model), m_startNs(sb::WireLine::now())
{
    connect(session, &ReplicaSession::streamStarted, this, &WireRecorder::watch);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        for (Peer &peer : m_peerOf)
            peer.index = m_model->peerIndex(peer.name);
    });
}

WireRecorder::~WireRecorder()
{
    for (const QPointer<sb::Stream> &stream : std::as_const(m_streams)) {
        if (stream)
            stream->removeWireTap(this);
    }
}

void WireRecorder::watch(sb::Stream *stream)
{
    if (m_peerOf.contains(stream))
        return;
    m_streams.append(stream);
    const QString name = stream->peerName();
    m_peerOf.insert(stream, Peer{name, m_model->peerIndex(name)});
    stream->addWireTap(this);
    // The pointer is only a key here: the stream is gone when this runs.
    connect(stream, &QObject::destroyed, this, [this, stream] {
        m_peerOf.remove(stream);
        m_streams.removeIf([](const QPointer<sb::Stream> &stream) { return stream.isNull(); });
    });
}

void WireRecorder::setCapturing(bool capturing)
{
    if (capturing == m_capturing)
        return;
    m_capturing = capturing;
    emit capturingChanged(capturing);
}

void WireRecorder::onWireLine(const sb::Stream &stream, const sb::WireLine &line)
{
    if (!m_capturing)
        return;
    WireEntry entry;
    entry.ms = double(line.nanoseconds - m_startNs) / 1e6;
    const auto peer = m_peerOf.constFind(&stream);
    entry.peer = peer == m_peerOf.cend() ? 0 : peer->index;
    entry.direction = line.direction;
    entry.kind = line.kind;
    entry.outcome = line.outcome;
    entry.reason = line.reason;
    m_model->append(std::move(entry), line.bytes);
}
