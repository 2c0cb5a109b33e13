// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "digest.h"
#include "scuttlebutt.h"
#include "streamoptions.h"
#include "streamstats.h"
#include "update.h"
#include "updatelistener.h"
#include "wiretap.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QIODevice>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>
#include <vector>

namespace sb {

class Dialect;
class Scuttlebutt;
class StreamDeadlines;
class StreamInput;
class StreamOutput;

// One replication session of a replica over any QIODevice: npm scuttlebutt's
// createStream. It sends our digest, then on the remote digest every update the
// remote lacks, then "SYNC", then live updates; it takes in the remote's updates
// likewise. Output waits while the device holds more than highWaterMark bytes,
// so a slow peer costs bounded memory. Bad input closes the stream with a
// reason naming the peer; what the replica already holds is kept.
// A peer that ends its side once synced (npm tail:false) gets our answer only
// as far as the system's socket buffers take it at once: QTcpSocket cannot
// write after the peer's end. When history is cut off so, the stream fails
// with a reason rather than closing quietly.
class Stream : public QObject, private UpdateListener
{
    Q_OBJECT

public:
    enum class State { Idle, AwaitingHeader, Syncing, Synced, Closed, Failed };
    Q_ENUM(State)

    // The device must be open; the stream does not take ownership of it.
    Stream(Scuttlebutt *replica, QIODevice *device, const StreamOptions &options = {},
           QObject *parent = nullptr);
    ~Stream() override;

    // Sends our digest and begins reading. Connect to the signals first.
    void start();
    // Ends the stream gracefully: what is queued is written, then the device closes.
    void close();
    // Ends the stream at once because of reason.
    void abort(const QString &reason);

    State state() const { return m_state; }
    static QString stateName(State state);
    bool isSynced() const { return m_syncSent && m_syncReceived; }
    bool hasSentSync() const { return m_syncSent; }
    bool hasReceivedSync() const { return m_syncReceived; }
    bool isOpen() const { return m_state != State::Closed && m_state != State::Failed; }
    // True once the peer has sent all it owed us at the start: its digest and
    // its history up to "SYNC" (always, when we take no input). Until then a
    // Server may close it to make room for a new peer.
    bool hasFinishedHandshake() const;
    // Milliseconds since the peer last sent us a byte, or since start().
    qint64 msecsSinceInput() const;

    // The label used in every message: options.name, else host:port of a socket.
    QString peerName() const;
    const StreamOptions &options() const { return m_options; }
    Scuttlebutt *replica() const { return m_replica; }
    QIODevice *device() const { return m_device; }
    // The remote digest, once received.
    const std::optional<Digest> &remoteDigest() const { return m_remoteDigest; }
    // What we know the remote holds: its digest clock, advanced by every update
    // sent to it or received from it.
    const Clock &remoteClock() const;
    // The dialect our updates are written in (5 or 4).
    int dialectVersion() const;
    QString errorString() const { return m_errorString; }
    const StreamStats &stats() const { return m_stats; }

    // Taps see every line from now on, in and out (see WireTap); the stream
    // does not own them. Remove a tap before it goes away.
    void addWireTap(WireTap *tap);
    void removeWireTap(WireTap *tap);

signals:
    void headerReceived(const sb::Digest &digest);
    void syncSent();
    void syncReceived();
    void synced();
    void stateChanged(sb::Stream::State state);
    // Bad input or a device error; the stream is closed right after.
    void errorOccurred(const QString &message);
    // An update from the peer not taken in (stamped beyond the replica's
    // maximum clock skew); the stream goes on. message names the peer.
    void updateRejected(const sb::Update &update, const QString &message);
    // A limit that does not end the stream was reached: the live queue for a
    // slow peer overflowed, or reading pauses for maxUpdatesPerSecond.
    void limitReached(const QString &message);
    void closed();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void readInput();
    bool takeLine(QByteArrayView line); // false: no more lines this slice
    void scheduleRead();
    bool handleLine(QByteArrayView line);
    bool takeUpdate(const Update &update, const Dialect &dialect);
    bool handleDigest(const JsonObject &object);
    void handleSyncMessage();
    void handleEndOfInput();
    bool inputFinished() const;
    bool throttle();
    // Deadlines (StreamOptions::*TimeoutMs): what input arrived, and the check.
    bool deadlinesOn() const { return m_deadlinesOn; }
    void noteInput();
    void checkDeadlines();
    void armDeadline(qint64 dueMs);

    void beginHistory(const Clock &remote, bool catchUp = false);
    void answerNow();
    void onReplicaUpdate(const Update &update) override; // the replica applied it
    void schedulePump();
    void pump();
    bool writeNextLine(QByteArray &out);
    bool isSendingHistory() const;
    void writeOut(QByteArray &out);
    void markSyncSent();
    void checkSynced();
    void finish();
    // Stops hearing of the replica's changes and of its disposal.
    void leaveReplica();
    void closeDevice();
    void onDeviceClosed();
    void fail(const QString &reason);
    void setState(State state);
    // What handleLine made of the line just read, for the taps.
    void tapIn(QByteArrayView line, bool handled);
    // The line written into out from offset from (newline included), for the taps.
    void tapOut(WireLine::Kind kind, const QByteArray &out, qsizetype from)
    {
        if (!m_taps.empty())
            tellTapsOut(kind, QByteArrayView(out).sliced(from).chopped(1));
    }
    void tellTapsOut(WireLine::Kind kind, QByteArrayView bytes);

    std::vector<WireTap *> m_taps;
    // What the line being read is and what became of it, set by handleLine.
    WireLine::Kind m_inKind = WireLine::Kind::Unreadable;
    WireLine::Outcome m_inOutcome = WireLine::Outcome::None;
    QString m_inReason;
    Update m_inUpdate; // the update of the line being read, kept only for taps
    QPointer<Scuttlebutt> m_replica;
    QPointer<QIODevice> m_device;
    StreamOptions m_options;
    std::unique_ptr<StreamOutput> m_output;
    bool m_dialectSettled; // auto: fixed once the remote's first update is seen

    State m_state = State::Idle;
    std::unique_ptr<StreamInput> m_input;
    bool m_readScheduled = false;
    bool m_throttled = false; // reading paused until the rate window ends
    bool m_remoteEnded = false;
    bool m_deadlinesOn = false;
    QElapsedTimer m_clock; // since start(): the deadlines' times are ms on it
    std::unique_ptr<StreamDeadlines> m_deadlines; // the rule; the timer below applies it
    QBasicTimer m_deadlineTimer;
    qint64 m_deadlineDueMs = -1; // when it fires
    std::optional<Digest> m_remoteDigest;
    bool m_syncSent = false;
    qint64 m_syncEndsAt = 0; // bytesOut once our "SYNC" was written
    bool m_historyLost = false;
    bool m_syncReceived = false;
    bool m_syncedEmitted = false;

    bool m_pumpScheduled = false;
    bool m_pumping = false;
    bool m_finishing = false;

    QString m_errorString;
    StreamStats m_stats;
};

} // namespace sb
