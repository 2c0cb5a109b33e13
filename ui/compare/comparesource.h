// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "peerspec.h"
#include "readonlyguard.h"
#include "result.h"
#include "scuttlebutt.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QObject>
#include <QString>

#include <memory>

class QFileSystemWatcher;

namespace sb {
class Dialer;
class ReplicaFileReader;
class Stream;
} // namespace sb

// The other side of a comparison, read without changing it, as sbpeer diff
// reads it, but kept up to date. A replica file is read by ReplicaFileReader
// in ReadOnly access (never written, never locked) and read again when it
// changes on disk. A peer is replicated into a fresh, empty replica of our
// own over an ordinary Stream: our digest carries an empty clock so the peer
// sends its whole history, we never write to that replica so we have nothing
// to send, and the stream stays open (tail) so that what the peer takes in
// later reaches us too. A ReadOnlyGuard on the stream fails the side if we
// ever write more than our digest and "SYNC".
class CompareSource : public QObject
{
    Q_OBJECT

public:
    struct Target
    {
        QString file; // or
        PeerSpec peer;
        bool isFile() const { return !file.isEmpty(); }
        // The file, or the peer's address.
        QString name() const;
    };
    // An existing file, else HOST:PORT; the refusal says which was meant and why.
    static sb::Result<Target> parseTarget(const QString &text);

    // kind: of the replica a peer is read into (the local replica's).
    // type: the replica type a peer is read as (a file names its own).
    CompareSource(const Target &target, const QString &type, QObject *parent = nullptr);
    ~CompareSource() override;

    // For a peer that speaks TLS: our certificate, and the pins it must match.
    void setTls(const sb::TlsIdentity &identity, std::shared_ptr<const sb::TrustList> trust);
    void start();

    const Target &target() const { return m_target; }
    QString name() const { return m_target.name(); }
    bool isReady() const { return m_ready; }
    bool hasFailed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    // Null until ready.
    const sb::Scuttlebutt *replica() const { return m_replica.get(); }
    // The side's clock: the file's header clock or the peer's digest clock,
    // with what its replica holds since.
    sb::Clock clock() const;

signals:
    // First read or synced.
    void ready();
    // What the side holds changed after it was ready.
    void changed();
    // message names the side and the reason; what was read stays readable.
    void failed(const QString &message);

private:
    void readFile();
    void onFileRead();
    void onSynced(sb::Stream *stream);
    void onStreamEnded(sb::Stream *stream);
    void failWrote();
    void fail(const QString &reason);

    Target m_target;
    QString m_type;
    std::unique_ptr<sb::Scuttlebutt> m_replica;
    sb::Clock m_headerClock;
    sb::ReplicaFileReader *m_reader = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    sb::Dialer *m_dialer = nullptr;
    sb::ReadOnlyGuard m_guard;
    sb::TlsIdentity m_tlsIdentity;
    std::shared_ptr<const sb::TrustList> m_trust;
    bool m_ready = false;
    QString m_error;
};
