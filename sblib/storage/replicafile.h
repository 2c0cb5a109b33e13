// SPDX-License-Identifier: MIT
#pragma once

#include "clock.h"
#include "jsonvalue.h"
#include "replicafileerror.h"
#include "replicafileoptions.h"
#include "replicafilereport.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTimer;

namespace sb {

class Dialect;
struct Digest;
class ReplicaFileLock;
class ReplicaFileReader;
class ReplicaJournal;
class ReplicaSnapshotWriter;
class Scuttlebutt;
class Update;

// One replica kept in one file, in the wire format npm scuttlebutt's
// createReadStream writes and createWriteStream reads: the digest (with the
// replica's type in its meta), the history, "SYNC", then every update appended
// as it is applied. The file's id is the replica's id across restarts.
//
// open() reads the file in slices and creates the replica; nothing reaches it
// from a damaged file (failed() names the file, line and reason, and the file
// stays untouched; ReadOnly with Recovery::Salvage and saveCopy() give a way
// out). A last line cut short by a crash is dropped and reported once. While
// open, updates are appended and made durable as options.durability says; the
// journal is compacted into a fresh snapshot through QSaveFile when it grows
// past a threshold, on compact() and on close(), so a crash at any moment
// leaves a whole file. A failed write or compaction is reported and retried;
// the replica goes on in memory meanwhile and loses nothing while it runs.
class ReplicaFile : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Loading, Open, Closing, Failed };
    Q_ENUM(State)

    explicit ReplicaFile(const QString &fileName, const ReplicaFileOptions &options = {},
                         QObject *parent = nullptr);
    ~ReplicaFile() override;

    // Locks the file (read-write), reads it and creates its replica; a file
    // that does not exist is created (read-write). loaded() or failed() follows.
    void open();
    // Rewrites the file now as a fresh snapshot; updates go on meanwhile.
    void compact();
    // Writes the replica to another file (say, a repaired copy of a damaged
    // one); copySaved() or errorOccurred() follows.
    void saveCopy(const QString &fileName);
    // Compacts, waits until everything is durable, then lets the file go;
    // closed() follows. Updates applied after that are not saved.
    void close();

    QString fileName() const { return m_fileName; }
    const ReplicaFileOptions &options() const { return m_options; }
    State state() const { return m_state; }
    bool isReadOnly() const { return m_options.access == ReplicaFileOptions::Access::ReadOnly; }
    // The replica, once loaded(); a child of this object (reparent it to keep
    // it beyond the file).
    Scuttlebutt *replica() const { return m_replica; }
    const ReplicaFileReport &report() const { return m_report; }
    // The dialect updates are written in.
    int dialectVersion() const;

    // Whether appends reach the file now: false in ReadOnly, and after a
    // failed write until a retried compaction succeeds.
    bool isWritable() const;
    bool isCompacting() const { return m_snapshot != nullptr; }
    // Applied updates are numbered from 1 since open(); every update up to
    // durableSequence() is on stable storage.
    quint64 sequence() const { return m_sequence; }
    quint64 durableSequence() const { return m_durableSequence; }
    qint64 tailBytes() const;
    qint64 tailLines() const;

signals:
    void stateChanged(sb::ReplicaFile::State state);
    void loadProgress(qint64 bytesRead, qint64 bytesTotal);
    void loaded();
    // Opening failed; no replica was created and the file is as it was.
    void failed(const sb::ReplicaFileError &error);
    // The last line was cut short by a crash and dropped (once, before loaded()).
    void tornLineDropped(const sb::ReplicaFileError &report);
    // Every update up to sequence is on stable storage.
    void durable(quint64 sequence);
    void compactionProgress(qint64 updatesWritten, qint64 updatesTotal);
    void compacted();
    void copySaved(const QString &fileName);
    // A write, flush or compaction failed; the replica goes on in memory.
    void errorOccurred(const sb::ReplicaFileError &error);
    // Appends reach the file again after a failure.
    void recovered();
    void closed();

private:
    void onLoaded();
    bool attachExistingFile();
    bool needsRewrite() const;
    bool tailOverThreshold() const;
    void onUpdateApplied(const Update &update);
    void onJournalFailed(const QString &reason);
    void onDurable(quint64 sequence);
    Digest snapshotDigest() const;
    void onSnapshotFinished(const QString &error);
    bool attachNewFile();
    void scheduleRetry();
    void onRetry();
    void finishClose();
    void release();
    void reportError(const QString &reason);
    void failOpen(const ReplicaFileError &error);
    void setState(State state);

    QString m_fileName;
    ReplicaFileOptions m_options;
    State m_state = State::Closed;
    std::unique_ptr<ReplicaFileLock> m_lock;
    ReplicaFileReader *m_reader = nullptr;
    ReplicaJournal *m_journal;
    ReplicaSnapshotWriter *m_snapshot = nullptr;
    ReplicaSnapshotWriter *m_copy = nullptr;
    QPointer<Scuttlebutt> m_replica;
    ReplicaFileReport m_report;
    const Dialect *m_dialect;
    Clock m_knownClock; // from the digest read
    JsonValue m_meta;
    QTimer *m_retryTimer;
    int m_retryDelayMs;
    quint64 m_sequence = 0;
    quint64 m_durableSequence = 0;
    bool m_creating = false;
    bool m_broken = false; // a write failed: appends wait for a compaction
    bool m_waitingToClose = false;
};

} // namespace sb
