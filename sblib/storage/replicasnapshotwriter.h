// SPDX-License-Identifier: MIT
#pragma once

#include "digest.h"
#include "scuttlebutt.h"
#include "update.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QSaveFile;

namespace sb {

class Dialect;
class FileSyncer;

// Writes a whole replica as a fresh file: the digest, the history, "SYNC",
// then the updates applied while it was writing. The history is listed as
// small refs when it starts and each line is written from the replica's own
// store, as streams do: an update replaced meanwhile is skipped, and its
// successor, applied meanwhile, follows "SYNC". It goes through QSaveFile
// and in slices, so the event loop keeps running and the target changes only
// once everything is written and on disk: a crash or an error at any moment
// leaves the old file as it was. The bulk is flushed on a worker thread first,
// so the final commit (fsync and rename) is short.
class ReplicaSnapshotWriter : public QObject
{
    Q_OBJECT

public:
    ReplicaSnapshotWriter(const QString &fileName, const Digest &digest, const Scuttlebutt *replica,
                          const Dialect &dialect, QObject *parent = nullptr);
    // Unfinished, it discards what it wrote: the target stays as it was.
    ~ReplicaSnapshotWriter() override;

    void start();

    QString fileName() const { return m_fileName; }
    // What follows "SYNC" in the new file: the start of its journal.
    qint64 tailBytes() const { return m_tailBytes; }
    qint64 tailLines() const { return m_tailLines; }

signals:
    void progress(qint64 updatesWritten, qint64 updatesTotal);
    // The new file is in place when error is empty; otherwise nothing changed.
    void finished(const QString &error);

private:
    enum class Phase { Idle, Writing, Flushing, Done };

    // An update applied after the history was taken: it follows "SYNC".
    void append(const Update &update);
    void writeSlice();
    bool writeBuffer();
    bool writeAppended();
    void onFlushed(quint64 ticket, const QString &error);
    void commit();
    void fail(const QString &reason);

    QString m_fileName;
    Digest m_digest;
    QPointer<const Scuttlebutt> m_replica;
    std::vector<Scuttlebutt::HistoryRef> m_history;
    size_t m_position = 0;
    const Dialect *m_dialect;
    std::unique_ptr<QSaveFile> m_file;
    FileSyncer *m_syncer;
    Phase m_phase = Phase::Idle;
    QByteArray m_buffer;
    QList<Update> m_appended; // not yet written
    qint64 m_tailBytes = 0;
    qint64 m_tailLines = 0;
    QElapsedTimer m_sliceTimer;
};

} // namespace sb
