// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "result.h"
#include "scuttlebutt.h"
#include "streamoptions.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class PeerSecurity;
class QTimer;

namespace sb {
class Dialer;
class ReadOnlyGuard;
class ReplicaFileReader;
class Stream;
} // namespace sb

// One side of sbpeer diff, A or B: a replica file read without writing or
// locking it (ReplicaFileReader, ReadOnly), or a peer read without changing
// it. For a peer we replicate into a new, empty replica of our own: our
// digest then carries an empty clock, so the peer sends its whole history;
// our history is empty, so after the digest we send only "SYNC"; and we never
// write to that replica, so there is no update of ours to send (the updates
// the peer sends are passed on only to other streams, and there are none).
// This is npm scuttlebutt's createReadStream seen from the other end. A wire
// tap checks it: anything else we wrote fails the side.
class DiffSide : public QObject
{
    Q_OBJECT

public:
    struct Target
    {
        QString file; // or
        QString host;
        quint16 port = 0;
        bool isFile() const { return !file.isEmpty(); }
    };
    // A file that exists, else HOST:PORT; errors say which was meant and why.
    static sb::Result<Target> parseTarget(const QString &text);

    DiffSide(const QString &label, const QString &text, const Target &target,
             QObject *parent = nullptr);
    ~DiffSide() override;

    QString label() const { return m_label; } // "A" or "B"
    QString text() const { return m_text; }   // as given on the command line
    const Target &target() const { return m_target; }

    // kind: of the replica a peer is read into.
    void loadFile();
    void loadPeer(const QString &type, const sb::StreamOptions &options,
                  const PeerSecurity &security, int timeoutSeconds);

    // Once loaded: what the side holds, and its clock (a peer's digest clock,
    // a file's header clock, each with the replica's own).
    const sb::Scuttlebutt *replica() const { return m_replica.get(); }
    const sb::Clock &clock() const { return m_clock; }
    // The replica's id (a peer's from its digest).
    QString id() const { return m_id; }

signals:
    void loaded();
    // message names the side and what it is: "A (127.0.0.1:1): ...".
    void failed(const QString &message);

private:
    void onFileRead();
    void onStreamEnded(sb::Stream *stream);
    void fail(const QString &reason);

    QString m_label;
    QString m_text;
    Target m_target;
    std::unique_ptr<sb::Scuttlebutt> m_replica;
    sb::Clock m_clock;
    QString m_id;
    sb::ReplicaFileReader *m_reader = nullptr;
    sb::Dialer *m_dialer = nullptr;
    QTimer *m_timeout = nullptr;
    bool m_usesTls = false;
    QString m_tlsFingerprint;
    std::unique_ptr<sb::ReadOnlyGuard> m_guard; // what we wrote that we must not
    bool m_done = false;
};
