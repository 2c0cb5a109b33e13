// SPDX-License-Identifier: MIT
#pragma once

#include "wiretap.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

class ReplicaSession;
class WireModel;

namespace sb {
class Stream;
}

// Feeds the Wire dock: taps every stream of the session, dialed and
// accepted, from before its first line, and queues each line in the model.
// Per line it copies the bytes and nothing more (the peer's name is looked up
// once per stream), so that capturing costs a sync little.
class WireRecorder : public QObject, private sb::WireTap
{
    Q_OBJECT

public:
    WireRecorder(ReplicaSession *session, WireModel *model, QObject *parent = nullptr);
    ~WireRecorder() override;

    // Taps stream until it or this recorder goes.
    void watch(sb::Stream *stream);

    // While not capturing, lines are let go at once (the taps stay, so that
    // capturing again sees every stream).
    bool isCapturing() const { return m_capturing; }
    void setCapturing(bool capturing);

signals:
    void capturingChanged(bool capturing);

private:
    void onWireLine(const sb::Stream &stream, const sb::WireLine &line) override;

    WireModel *m_model;
    QList<QPointer<sb::Stream>> m_streams;
    struct Peer
    {
        QString name;
        int index; // in the model's peers(), looked up again when it is cleared
    };
    QHash<const sb::Stream *, Peer> m_peerOf;
    qint64 m_startNs;
    bool m_capturing = true;
};
